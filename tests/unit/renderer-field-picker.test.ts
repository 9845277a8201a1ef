import { describe, expect, it } from 'vitest';
import { flatOptions, fieldOption, matchOptions, plainOption } from '../../src/renderer/components/field-picker/field-options';
import { defaultScale } from '../../src/renderer/components/field-picker/field-scale';
import { sparkBars } from '../../src/renderer/components/field-picker/spark-bars';

const FIELDS = ['age', 'gender', 'aum_latest', 'aum_avg_3m', 'deposit_balance', 'txn_count_12m', 'payroll_flag', 'no_such_column'];

function options(lang: 'zh' | 'en') {
  return [...FIELDS.map((f) => fieldOption(f, lang)), plainOption('tag:vip', 'tags', 'Tag: VIP', { secondary: 'vip' }), plainOption('kind:activity', 'behaviour', 'Activity', { secondary: 'activity' })];
}

describe('field picker search', () => {
  it('finds the asset fields by 资产 and by aum, in either language, with their business names and definitions', () => {
    for (const lang of ['zh', 'en'] as const) {
      const zh = flatOptions(matchOptions(options(lang), '资产')).map((o) => o.value);
      expect(zh).toEqual(expect.arrayContaining(['field:aum_latest', 'field:aum_avg_3m']));
      expect(zh).not.toContain('field:age');
      const aum = matchOptions(options(lang), 'AUM');
      expect(aum[0]?.group).toBe('assets');
      expect(flatOptions(aum)[0]?.value).toBe('field:aum_latest');
    }
    const latest = fieldOption('aum_latest', 'zh');
    expect(latest.label).toBe('最新月末资产（AUM）');
    expect(latest.definition).toContain('月末总资产');
    expect(fieldOption('aum_latest', 'en').label).toBe('Latest month-end AUM');
    expect(fieldOption('aum_latest', 'en').alternate).toBe('最新月末资产（AUM）');
    expect(fieldOption('no_such_column', 'zh')).toMatchObject({ label: 'no_such_column', alternate: '', group: 'other' });
  });

  it('groups in the dictionary order and puts fields the dictionary lacks last', () => {
    const groups = matchOptions(options('en'), '').map((g) => g.group);
    expect(groups.indexOf('assets')).toBeLessThan(groups.indexOf('demographics'));
    expect(groups.indexOf('demographics')).toBeLessThan(groups.indexOf('tags'));
    expect(groups.at(-1)).toBe('other');
    expect(flatOptions(matchOptions(options('en'), ''))).toHaveLength(FIELDS.length + 2);
  });

  it('needs every word to match and ranks name matches before definition matches', () => {
    expect(flatOptions(matchOptions(options('en'), 'aum 3'))).toHaveLength(1);
    expect(matchOptions(options('zh'), 'zzzz')).toEqual([]);
    expect(flatOptions(matchOptions(options('en'), 'vip')).map((o) => o.value)).toEqual(['tag:vip']);
  });

  it('opens money fields on a log scale and draws counts only', () => {
    expect(defaultScale('aum_latest')).toBe('log');
    expect(defaultScale('deposit_balance')).toBe('log');
    expect(defaultScale('age')).toBe('linear');
    expect(sparkBars({ kind: 'numeric', field: 'x', min: 0, max: 1, nulls: 0, buckets: [{ from: 0, to: 1, count: 5 }, { from: 1, to: 2, count: 10 }], scale: 'linear' })).toEqual([0.5, 1]);
    expect(sparkBars({ kind: 'categorical', field: 'x', values: [{ value: '周*', count: 4 }, { value: null, count: 2 }], distinct: 2, truncated: false })).toEqual([1, 0.5]);
    expect(sparkBars({ kind: 'date', field: 'x', min: null, max: null, nulls: 0 })).toEqual([]);
  });
});
