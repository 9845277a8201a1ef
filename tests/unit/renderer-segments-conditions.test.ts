import { describe, expect, it } from 'vitest';
import type { FieldKind } from '../../src/renderer/components/customers/condition-builder';
import { draftToRule, fieldOperators, newDraft, ruleToDraft, type ConditionDraft } from '../../src/renderer/components/segments/condition-draft';
import { dedupeIds, parseIdList } from '../../src/shared/id-list';
import { fileNameFor } from '../../src/renderer/components/segments/segment-files';
import { categoryChoices, choiceKey, histogramBuckets } from '../../src/renderer/components/segments/value-choices';
import { segmentNodeSchema, type SegmentCondition } from '../../src/shared/segment-types';

const KINDS: Record<string, FieldKind> = { age: 'number', gender: 'text', payroll_flag: 'boolean', onboard_date_at: 'date', value_tier: 'text' };
const kindOf = (field: string) => KINDS[field] ?? null;

function compiled(draft: ConditionDraft): SegmentCondition {
  const result = draftToRule(draft, kindOf);
  if (!result.ok) throw new Error(`did not compile: ${result.problem}`);
  const parsed = segmentNodeSchema.safeParse(result.rule);
  expect(parsed.success, JSON.stringify(result.rule)).toBe(true);
  return result.rule as SegmentCondition;
}

describe('segment condition drafts', () => {
  it('offers the date operators on date fields only', () => {
    expect(fieldOperators('date')).toEqual(expect.arrayContaining(['within_last_days', 'before', 'after', 'between']));
    expect(fieldOperators('number')).not.toContain('within_last_days');
  });

  it('reads amounts as a bank types them: 50万, 1.5亿, 500,000, 5e5 and full-width digits give the same rule as the plain number', () => {
    const aum = (value: string, value2 = '') => compiled({ kind: 'field', field: 'age', op: value2 ? 'between' : '>=', value, value2, picked: [] });
    expect(aum('50万')).toEqual(aum('500000'));
    expect(aum('500,000')).toEqual({ kind: 'field', field: 'age', op: '>=', value: 500_000 });
    expect(aum('5e5')).toEqual(aum('500000'));
    expect(aum('５０万')).toEqual(aum('500000'));
    expect(aum('50万', '1.5亿')).toEqual({ kind: 'field', field: 'age', op: 'between', from: 500_000, to: 150_000_000 });
    expect(draftToRule({ kind: 'field', field: 'age', op: '>=', value: '50万万', value2: '', picked: [] }, kindOf)).toEqual({ ok: false, problem: 'notNumber' });
    const activity = draftToRule({ ...(newDraft('activity') as Extract<ConditionDraft, { kind: 'activity' }>), fn: 'sum', value: '2万' }, kindOf);
    expect(activity.ok && activity.rule.kind === 'activity' && activity.rule.measure.value).toBe(20_000);
  });

  it('compiles field conditions: picked categories, ranges, dates, within the last N days', () => {
    expect(compiled({ kind: 'field', field: 'value_tier', op: 'in', value: '', value2: '', picked: ['vip', 'a,b'] })).toEqual({ kind: 'field', field: 'value_tier', op: 'in', values: ['vip', 'a,b'] });
    expect(compiled({ kind: 'field', field: 'age', op: 'between', value: '30', value2: '45', picked: [] })).toEqual({ kind: 'field', field: 'age', op: 'between', from: 30, to: 45 });
    expect(compiled({ kind: 'field', field: 'onboard_date_at', op: 'within_last_days', value: '90', value2: '', picked: [] })).toEqual({ kind: 'field', field: 'onboard_date_at', op: 'within_last_days', days: 90 });
    expect(compiled({ kind: 'field', field: 'onboard_date_at', op: 'before', value: '2024-01-31', value2: '', picked: [] })).toMatchObject({ op: 'before', value: '2024-01-31' });
    expect(compiled({ kind: 'field', field: 'payroll_flag', op: '=', value: 'true', value2: '', picked: [] })).toMatchObject({ value: true });
    expect(draftToRule({ kind: 'field', field: 'onboard_date_at', op: 'within_last_days', value: '0', value2: '', picked: [] }, kindOf)).toEqual({ ok: false, problem: 'notInteger' });
    expect(draftToRule({ kind: 'field', field: 'age', op: '>=', value: 'abc', value2: '', picked: [] }, kindOf)).toEqual({ ok: false, problem: 'notNumber' });
    expect(draftToRule({ kind: 'field', field: 'nope', op: '=', value: '1', value2: '', picked: [] }, kindOf)).toEqual({ ok: false, problem: 'noField' });
  });

  it('compiles tags, segments and every behavioural kind to valid segment nodes', () => {
    expect(compiled({ kind: 'tag', tag: 'vip', member: false })).toEqual({ kind: 'tag', tag: 'vip', member: false });
    expect(compiled({ kind: 'segment', segment: 'seg_1', member: true })).toEqual({ kind: 'segment', segment: 'seg_1', member: true });
    expect(draftToRule({ kind: 'tag', tag: '', member: true }, kindOf)).toEqual({ ok: false, problem: 'noTag' });

    const activity = newDraft('activity');
    if (activity.kind !== 'activity') throw new Error('kind');
    activity.filters = [{ column: 'channel', op: '=', value: 'mobile' }];
    activity.scope = 'account';
    expect(compiled(activity)).toEqual({
      kind: 'activity',
      source: 'transactions',
      filters: [{ kind: 'field', field: 'channel', op: '=', value: 'mobile' }],
      window: { lastMonths: 3 },
      measure: { fn: 'count', op: '>=', value: 3 },
      scope: 'account',
      // A new condition counts the customer's own transactions.
      postings: 'customer_initiated',
    });
    // Events have no amount and no account: the measure falls back to count, the scope to customer; no postings choice.
    expect(compiled({ ...activity, source: 'events', fn: 'sum', filters: [] })).toMatchObject({ measure: { fn: 'count' }, scope: 'customer' });
    expect(compiled({ ...activity, source: 'events', filters: [] })).not.toHaveProperty('postings');
    // A condition saved before the choice existed opens as "all postings", what it always meant.
    const saved = ruleToDraft({ kind: 'activity', source: 'transactions', filters: [], measure: { fn: 'count', op: '=', value: 0 }, scope: 'customer' });
    expect(saved).toMatchObject({ postings: 'all' });
    expect(compiled(saved)).toMatchObject({ postings: 'all' });
    expect(draftToRule({ ...activity, window: { type: 'range', n: '', from: '2024-05-01', to: '2024-01-01' } }, kindOf)).toEqual({ ok: false, problem: 'badWindow' });

    expect(compiled(newDraft('sequence'))).toMatchObject({ kind: 'sequence', withinDays: 30, did: { source: 'transactions' }, notDid: { source: 'transactions' } });
    expect(compiled(newDraft('aum_change'))).toEqual({ kind: 'aum_change', fromMonthsAgo: 3, toMonthsAgo: 0, op: '<=', percent: -30 });
    expect(draftToRule(newDraft('holding'), kindOf)).toEqual({ ok: false, problem: 'noProduct' });
    expect(compiled({ kind: 'holding', mode: 'stopped', productType: 'wealth', productCode: '', window: { type: 'lastMonths', n: '6', from: '', to: '' } })).toEqual({ kind: 'holding', mode: 'stopped', productType: 'wealth', window: { lastMonths: 6 } });
  });

  it('round-trips every kind through ruleToDraft', () => {
    const drafts: ConditionDraft[] = [
      { kind: 'field', field: 'value_tier', op: 'not_in', value: '', value2: '', picked: ['vip'] },
      { kind: 'field', field: 'age', op: 'between', value: '30', value2: '45', picked: [] },
      { kind: 'field', field: 'onboard_date_at', op: 'within_last_days', value: '30', value2: '', picked: [] },
      { kind: 'tag', tag: 'payroll', member: true },
      newDraft('activity'),
      newDraft('sequence'),
      newDraft('aum_change'),
      { kind: 'holding', mode: 'holds', productType: 'fund', productCode: 'F01', window: { type: 'all', n: '', from: '', to: '' } },
    ];
    for (const draft of drafts) {
      const rule = compiled(draft);
      expect(compiled(ruleToDraft(rule))).toEqual(rule);
    }
  });
});

describe('customer id lists', () => {
  it('splits pasted text on lines, commas, spaces and full-width separators, skipping a header', () => {
    expect(parseIdList('customer_id\nC1\r\nC2, C3；C4 \n\n"C5"\nC1')).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C1']);
    expect(parseIdList('\uFEFFC1 C2\tC3')).toEqual(['C1', 'C2', 'C3']);
  });

  it('takes the first column of a CSV with a header', () => {
    expect(parseIdList('customer_id,name,city\nC1,张三,上海\n"C2",李四,北京\n')).toEqual(['C1', 'C2']);
    expect(parseIdList('客户号,姓名\nC9,王五')).toEqual(['C9']);
  });

  it('counts duplicates', () => {
    expect(dedupeIds(['a', 'b', 'a', 'a'])).toEqual({ unique: ['a', 'b'], duplicates: 2 });
  });
});

describe('value pickers', () => {
  it('lists categories most frequent first, filtered by search, with safe keys', () => {
    const choices = categoryChoices(
      [
        { value: 'b', count: 2 },
        { value: 'VIP 客户', count: 10 },
        { value: null, count: 1 },
        { value: true, count: 5 },
      ],
      '',
    );
    expect(choices.map((c) => c.value)).toEqual(['VIP 客户', 'true', 'b', null]);
    expect(choices[0]!.share).toBe(1);
    expect(choices.find((c) => c.value === null)!.key).toBe('__empty');
    expect(choiceKey('VIP 客户')).toBe('VIP_客户');
    expect(categoryChoices([{ value: 'Mobile', count: 1 }, { value: 'pos', count: 1 }], 'mob').map((c) => c.value)).toEqual(['Mobile']);
  });

  it('labels histogram bins', () => {
    expect(histogramBuckets([{ from: 0, to: 12.5, count: 3 }])).toEqual([{ label: '0–12.5', from: 0, to: 12.5, count: 3 }]);
  });

  it('makes download file names', () => {
    expect(fileNameFor('代发 客户: 30/45', 'sql')).toBe('代发_客户_30_45.sql');
    expect(fileNameFor('  ', 'json')).toBe('segment.json');
  });
});
