import { describe, expect, it } from 'vitest';
import { builderToRule, describeRule, fieldKind, operatorsFor, ruleToBuilder, rowToCondition, splitList, type FieldKind } from '../../src/renderer/components/customers/condition-builder';
import { balancePoints, groupByDay, formatAmount } from '../../src/renderer/components/customers/customer-format';
import { tableColumns } from '../../src/renderer/components/customers/table-columns';
import { ruleNodeSchema } from '../../src/shared/rule-language';

const KINDS: Record<string, FieldKind> = { age: 'number', aum_latest: 'number', gender: 'text', payroll_flag: 'boolean', onboard_date: 'date' };
const kindOf = (field: string) => KINDS[field] ?? null;
const row = (field: string, op: string, value = '', value2 = '') => ({ field, op: op as never, value, value2 });
const WORDS = { and: 'AND', or: 'OR', not: 'NOT', all: 'everybody', empty: 'is empty', notEmpty: 'is not empty' };

describe('condition builder', () => {
  it('knows a field kind from its DuckDB type', () => {
    expect(fieldKind('DECIMAL(18,2)')).toBe('number');
    expect(fieldKind('BIGINT')).toBe('number');
    expect(fieldKind('DOUBLE')).toBe('number');
    expect(fieldKind('BOOLEAN')).toBe('boolean');
    expect(fieldKind('DATE')).toBe('date');
    expect(fieldKind('TIMESTAMP')).toBe('date');
    expect(fieldKind('VARCHAR')).toBe('text');
    expect(operatorsFor('text')).toContain('contains');
    expect(operatorsFor('number')).not.toContain('contains');
  });

  it('builds valid rule-language trees', () => {
    const state = {
      combinator: 'and' as const,
      rows: [row('age', 'between', '30', '45'), row('payroll_flag', '=', 'true'), row('gender', 'in', '男, 女，未知'), row('aum_latest', '>=', '50,000'), row('onboard_date', 'is_empty')],
    };
    const result = builderToRule(state, kindOf);
    expect(result).toEqual({
      ok: true,
      rule: {
        kind: 'and',
        children: [
          { kind: 'field', field: 'age', op: 'between', from: 30, to: 45 },
          { kind: 'field', field: 'payroll_flag', op: '=', value: true },
          { kind: 'field', field: 'gender', op: 'in', values: ['男', '女', '未知'] },
          { kind: 'field', field: 'aum_latest', op: '>=', value: 50_000 },
          { kind: 'field', field: 'onboard_date', op: 'is_empty' },
        ],
      },
    });
    if (result.ok) expect(ruleNodeSchema.safeParse(result.rule).success).toBe(true);
  });

  it('gives everybody for no rows and the bare condition for one', () => {
    expect(builderToRule({ combinator: 'or', rows: [] }, kindOf)).toEqual({ ok: true, rule: { kind: 'all' } });
    expect(builderToRule({ combinator: 'or', rows: [row('gender', '=', '女')] }, kindOf)).toEqual({ ok: true, rule: { kind: 'field', field: 'gender', op: '=', value: '女' } });
  });

  it('reports the rows it cannot read, and keeps text values verbatim', () => {
    const result = builderToRule({ combinator: 'and', rows: [row('age', '>', 'old'), row('gender', '=', ''), row('nope', '='), row('onboard_date', '<', '2026/01/01'), row('age', 'contains', '1')] }, kindOf);
    expect(result).toEqual({
      ok: false,
      problems: [
        { index: 0, problem: 'notNumber' },
        { index: 1, problem: 'noValue' },
        { index: 2, problem: 'noField' },
        { index: 3, problem: 'notDate' },
        { index: 4, problem: 'badOperator' },
      ],
    });
    // Quotes, semicolons and SQL comments are plain values; the engine binds them.
    expect(rowToCondition(row('gender', '=', "x'; DROP TABLE t; --"), 'text')).toEqual({ ok: true, condition: { kind: 'field', field: 'gender', op: '=', value: "x'; DROP TABLE t; --" } });
    expect(splitList('a, b,，c、 d ,')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reads a flat rule back into rows, and refuses a nested one', () => {
    const state = { combinator: 'or' as const, rows: [row('age', 'between', '30', '45'), row('gender', 'not_in', 'a, b'), row('payroll_flag', '=', 'false')] };
    const built = builderToRule(state, kindOf);
    expect(built.ok).toBe(true);
    if (built.ok) expect(ruleToBuilder(built.rule)).toEqual(state);
    expect(ruleToBuilder({ kind: 'all' })).toEqual({ combinator: 'and', rows: [] });
    expect(ruleToBuilder({ kind: 'not', child: { kind: 'all' } })).toBeNull();
    expect(ruleToBuilder({ kind: 'and', children: [{ kind: 'or', children: [] }] })).toBeNull();
  });

  it('describes a rule in one line', () => {
    expect(
      describeRule(
        { kind: 'and', children: [{ kind: 'field', field: 'age', op: '>=', value: 30 }, { kind: 'not', child: { kind: 'or', children: [{ kind: 'field', field: 'gender', op: 'in', values: ['男'] }, { kind: 'field', field: 'phone', op: 'is_empty' }] } }] },
        WORDS,
      ),
    ).toBe("age ≥ 30 AND NOT (gender ∈ {'男'} OR phone is empty)");
  });
});

describe('customer drill-down helpers', () => {
  it('orders balance history oldest first and keeps missing months as gaps', () => {
    expect(
      balancePoints([
        { month: '2026-06-01', aum: 200 },
        { month: '2026-04-01', aum: null },
        { month: '2026-05-01', aum: 100.5 },
      ]),
    ).toEqual([
      { x: '2026-04', y: null },
      { x: '2026-05', y: 100.5 },
      { x: '2026-06', y: 200 },
    ]);
  });

  it('groups transactions by day, newest first', () => {
    const groups = groupByDay([
      { ts: '2026-06-01 09:00:00', amount: 1 },
      { ts: '2026-06-30 10:00:00', amount: 2 },
      { ts: '2026-06-01 11:00:00', amount: 3 },
    ]);
    expect(groups.map((g) => [g.day, g.rows.length])).toEqual([
      ['2026-06-30', 1],
      ['2026-06-01', 2],
    ]);
  });

  it('chooses the preferred columns present, else every column', () => {
    expect(tableColumns([{ account_id: 'a', balance: 1, extra: 2 }], ['account_id', 'product_type', 'balance'])).toEqual(['account_id', 'balance']);
    expect(tableColumns([{ x: 1, y: 2 }], ['account_id'])).toEqual(['x', 'y']);
    expect(tableColumns([], ['account_id'])).toEqual([]);
  });

  it('formats money compactly above a million', () => {
    expect(formatAmount(123_456, 'en')).toBe('¥123,456');
    expect(formatAmount(123_456_789, 'zh', 'zh-CN')).toBe('¥1.2亿');
    expect(formatAmount(123_456_789, 'en')).toBe('¥123.5M');
  });
});
