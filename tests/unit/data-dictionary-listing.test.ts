import { describe, expect, it } from 'vitest';
import { CODE_VALUES, dictionaryRows, groupRows, matchesSearch, PROFILE_FIELDS } from '../../src/shared/data-dictionary';
import { CANONICAL_MODEL } from '../../src/shared/canonical-model';
import { PRODUCT_TYPES, TXN_TYPES } from '../../src/engine/profile/profile-lists';
import { columnHeader, headerStyleFor } from '../../src/engine/exports/export-columns';
import { withBusinessNames } from '../../src/renderer/components/canvas-grid/header-labels';
import { layoutColumns } from '../../src/renderer/components/canvas-grid/column-layout';
import { codedText, columnHeading } from '../../src/renderer/format/dictionary-text';

describe('the dictionary as one list', () => {
  const rows = dictionaryRows();

  it('lists every profile field, source column, tag prefix and code with both names and a definition', () => {
    const technical = new Set(rows.map((r) => r.technical));
    for (const f of PROFILE_FIELDS) expect(technical.has(f.field)).toBe(true);
    for (const [table, def] of Object.entries(CANONICAL_MODEL)) if (table !== 'customers') for (const c of def.columns) expect(technical.has(`${table}.${c.name}`)).toBe(true);
    expect(technical.has('tier:')).toBe(true);
    expect(technical.has('last_response = no_response')).toBe(true);
    expect(rows.filter((r) => !r.name.zh || !r.name.en || !r.definition.zh || !r.definition.en || !r.unit.zh)).toEqual([]);
  });

  it('names every product type and transaction type the engine knows', () => {
    for (const p of PRODUCT_TYPES) expect(CODE_VALUES.product_type?.[p]?.zh).toBeTruthy();
    for (const t of TXN_TYPES) expect(CODE_VALUES.txn_type?.[t]?.zh).toBeTruthy();
  });

  it('finds 资产 and aum by name, technical name or definition, case-insensitively', () => {
    const zh = rows.filter((r) => matchesSearch(r, '资产')).map((r) => r.technical);
    const en = rows.filter((r) => matchesSearch(r, 'AUM')).map((r) => r.technical);
    expect(zh).toContain('aum_latest');
    expect(en).toContain('aum_latest');
    expect(zh).not.toContain('age');
    expect(rows.filter((r) => matchesSearch(r, '  '))).toHaveLength(rows.length);
    expect(rows.filter((r) => matchesSearch(r, 'zzz-no-such'))).toEqual([]);
  });

  it('groups in the dictionary order, leaving out empty groups', () => {
    const groups = groupRows(rows.filter((r) => matchesSearch(r, 'aum_')));
    expect(groups.map((g) => g.group)).toEqual(['assets']);
    expect(groupRows(rows).map((g) => g.group)[0]).toBe('assets');
  });
});

describe('business names where users see fields', () => {
  it('export headers: business for CSV and XLSX, technical for Parquet unless chosen', () => {
    expect(headerStyleFor('csv', undefined)).toBe('business');
    expect(headerStyleFor('xlsx', undefined)).toBe('business');
    expect(headerStyleFor('parquet', undefined)).toBe('technical');
    expect(headerStyleFor('xlsx', 'technical')).toBe('technical');
    expect(columnHeader('business', null, 'aum_latest')).toBe('最新月末资产（AUM） aum_latest');
    expect(columnHeader('business', 'accounts', 'balance')).toBe('账户余额 balance');
    expect(columnHeader('business', 'contacts', 'arm')).toBe('实验分组 arm');
    expect(columnHeader('business', null, 'my_column')).toBe('my_column');
    expect(columnHeader('technical', null, 'aum_latest')).toBe('aum_latest');
  });

  it('grid headers carry the business name and definition of known columns only', () => {
    const columns = layoutColumns([{ name: 'aum_latest', type: 'DOUBLE' }, { name: 'x1', type: 'INTEGER' }]);
    const [aum, other] = withBusinessNames(columns, { schema: 'main', name: 'customer_profile' }, 'en');
    expect(aum?.label).toBe('Latest month-end AUM');
    expect(aum?.definition).toContain('7.20');
    expect(other?.label).toBeUndefined();
    const [balance] = withBusinessNames(layoutColumns([{ name: 'balance', type: 'DOUBLE' }]), { schema: 'main', name: 'accounts' }, 'zh');
    expect(balance?.label).toBe('账户余额');
  });

  it('codes read as names, other values as they are', () => {
    expect(codedText('value_tier', 'long_tail', 'zh')).toBe('长尾客户');
    expect(codedText('holds_wealth', true, 'zh')).toBe('是');
    expect(codedText('holds_wealth', false, 'en')).toBe('No');
    expect(codedText('txn_type', 'payroll', 'zh')).toBe('代发工资');
    expect(codedText('city', '成都', 'zh')).toBe('成都');
    expect(codedText('age', 42, 'zh')).toBe('42');
    expect(codedText('age', null, 'zh')).toBe('—');
    expect(columnHeading('customers', 'aum_latest', 'zh')).toEqual({ label: '最新月末资产（AUM）', title: expect.stringContaining('aum_latest — 分析日期') });
    expect(columnHeading('accounts', 'nope', 'zh')).toEqual({ label: 'nope', title: 'nope' });
  });
});
