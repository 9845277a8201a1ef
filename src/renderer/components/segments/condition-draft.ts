import { amountOrNull } from '../../../shared/format/parse-amount';
import type { RuleOp, RuleValue } from '../../../shared/rule-language';
import {
  BEHAVIOUR_COLUMNS,
  type BehaviourFilter,
  type BehaviourSource,
  type Postings,
  type SegmentCondition,
  type Window,
} from '../../../shared/segment-types';
import { operatorsFor, rowToCondition, type FieldKind, type RowProblem } from '../customers/condition-builder';
import type { LeafRule } from './rule-tree';

/**
 * One condition as the analyst is typing it (text in inputs, picks in lists), and the step to a
 * leaf of the segment rule language (src/shared/segment-types.ts) and back. Field conditions reuse
 * the tag editor's row parsing (customers/condition-builder.ts) and add the date operators and a
 * picked list of values.
 */
export type DateOp = 'within_last_days' | 'before' | 'after';
export type SegmentFieldOp = RuleOp | DateOp;

export interface FieldDraft {
  kind: 'field';
  field: string;
  op: SegmentFieldOp;
  /** One value, or a comma list for in / not in when nothing was picked. */
  value: string;
  /** Upper end of between. */
  value2: string;
  /** Values picked in the category picker (in / not in); wins over `value`. */
  picked: string[];
}

export interface TagDraft {
  kind: 'tag';
  tag: string;
  member: boolean;
}

export interface SegmentRefDraft {
  kind: 'segment';
  segment: string;
  member: boolean;
}

export type WindowType = 'all' | 'lastDays' | 'lastMonths' | 'range';
export interface WindowDraft {
  type: WindowType;
  n: string;
  from: string;
  to: string;
}

/** A filter on a behavioural source's rows: column op value. */
export interface FilterDraft {
  column: string;
  op: RuleOp;
  value: string;
}

export interface ActivityDraft {
  kind: 'activity';
  source: BehaviourSource;
  filters: FilterDraft[];
  fn: 'count' | 'sum' | 'avg';
  op: '>=' | '>' | '<=' | '<' | '=';
  value: string;
  window: WindowDraft;
  scope: 'customer' | 'account';
  /** Transactions only: the customer's own, or every posting (see segment-types.ts POSTINGS). */
  postings: Postings;
}

export interface SequenceDraft {
  kind: 'sequence';
  didSource: BehaviourSource;
  did: FilterDraft[];
  notDidSource: BehaviourSource;
  notDid: FilterDraft[];
  withinDays: string;
  window: WindowDraft;
  scope: 'customer' | 'account';
}

export interface AumChangeDraft {
  kind: 'aum_change';
  fromMonthsAgo: string;
  toMonthsAgo: string;
  op: '<=' | '>=';
  percent: string;
}

export interface HoldingDraft {
  kind: 'holding';
  mode: 'holds' | 'never_held' | 'stopped';
  productType: string;
  productCode: string;
  window: WindowDraft;
}

export type ConditionDraft = FieldDraft | TagDraft | SegmentRefDraft | ActivityDraft | SequenceDraft | AumChangeDraft | HoldingDraft;
export type DraftKind = ConditionDraft['kind'];

/** Why a draft cannot become a condition; each names an i18n message `segments.problem.<key>`. */
export type DraftProblem = RowProblem | 'noTag' | 'noSegment' | 'noProduct' | 'badWindow' | 'notInteger';

export type DraftResult = { ok: true; rule: LeafRule } | { ok: false; problem: DraftProblem };

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** The operators a profile field offers: the tag editor's, and for dates within the last N days / before / after. */
export function fieldOperators(kind: FieldKind): readonly SegmentFieldOp[] {
  const base = operatorsFor(kind);
  if (kind !== 'date') return base;
  return ['within_last_days', 'before', 'after', ...base.filter((op) => op !== '<' && op !== '>')];
}

export const emptyWindow = (type: WindowType = 'lastMonths', n = '3'): WindowDraft => ({ type, n, from: '', to: '' });

/** A fresh draft of each kind, with sensible starting values (the field kind decides the operator). */
export function newDraft(kind: DraftKind, field?: { name: string; kind: FieldKind }): ConditionDraft {
  switch (kind) {
    case 'field': {
      const k = field?.kind ?? 'text';
      const op: SegmentFieldOp = k === 'text' ? 'in' : k === 'boolean' ? '=' : k === 'date' ? 'within_last_days' : '>=';
      return { kind: 'field', field: field?.name ?? '', op, value: k === 'boolean' ? 'true' : '', value2: '', picked: [] };
    }
    case 'tag':
      return { kind: 'tag', tag: '', member: true };
    case 'segment':
      return { kind: 'segment', segment: '', member: true };
    case 'activity':
      // A new condition counts the customer's own transactions, as the dormant rule does.
      return { kind: 'activity', source: 'transactions', filters: [], fn: 'count', op: '>=', value: '3', window: emptyWindow(), scope: 'customer', postings: 'customer_initiated' };
    case 'sequence':
      return {
        kind: 'sequence',
        didSource: 'transactions',
        did: [{ column: 'txn_type', op: '=', value: 'payroll' }],
        notDidSource: 'transactions',
        notDid: [{ column: 'txn_type', op: '=', value: 'consumption' }],
        withinDays: '30',
        window: emptyWindow(),
        scope: 'customer',
      };
    case 'aum_change':
      return { kind: 'aum_change', fromMonthsAgo: '3', toMonthsAgo: '0', op: '<=', percent: '-30' };
    case 'holding':
      return { kind: 'holding', mode: 'holds', productType: '', productCode: '', window: emptyWindow('all', '') };
  }
}

/** 50万, 500,000, 5e5, full-width digits (the one amount parser); null when empty or not a number. */
const parseNumber = amountOrNull;

function parsePositiveInt(text: string): number | null {
  const n = parseNumber(text);
  return n !== null && Number.isInteger(n) && n >= 1 ? n : null;
}

export function windowFromDraft(draft: WindowDraft): { ok: true; window: Window | undefined } | { ok: false } {
  switch (draft.type) {
    case 'all':
      return { ok: true, window: undefined };
    case 'lastDays':
    case 'lastMonths': {
      const n = parsePositiveInt(draft.n);
      if (n === null) return { ok: false };
      return { ok: true, window: draft.type === 'lastDays' ? { lastDays: n } : { lastMonths: n } };
    }
    case 'range':
      if (!DATE_PATTERN.test(draft.from) || !DATE_PATTERN.test(draft.to) || draft.from > draft.to) return { ok: false };
      return { ok: true, window: { from: draft.from, to: draft.to } };
  }
}

export function windowToDraft(window: Window | undefined): WindowDraft {
  if (!window) return emptyWindow('all', '');
  if ('lastDays' in window) return emptyWindow('lastDays', String(window.lastDays));
  if ('lastMonths' in window) return emptyWindow('lastMonths', String(window.lastMonths));
  return { type: 'range', n: '', from: window.from, to: window.to };
}

/** The kind of a behavioural source column (amount is a number, responded a boolean, the rest text). */
export function behaviourColumnKind(column: string): FieldKind {
  if (column === 'amount') return 'number';
  if (column === 'responded') return 'boolean';
  return 'text';
}

function filtersFromDraft(source: BehaviourSource, filters: readonly FilterDraft[]): { ok: true; filters: BehaviourFilter[] } | { ok: false; problem: DraftProblem } {
  const allowed = BEHAVIOUR_COLUMNS[source].columns;
  const out: BehaviourFilter[] = [];
  for (const filter of filters) {
    if (!allowed.includes(filter.column)) return { ok: false, problem: 'noField' };
    const result = rowToCondition({ field: filter.column, op: filter.op, value: filter.value, value2: '' }, behaviourColumnKind(filter.column));
    if (!result.ok) return { ok: false, problem: result.problem };
    out.push(result.condition);
  }
  return { ok: true, filters: out };
}

function valueText(value: RuleValue): string {
  return typeof value === 'string' ? value : String(value);
}

function filtersToDraft(filters: readonly BehaviourFilter[]): FilterDraft[] {
  return filters.map((f) => ({
    column: f.field,
    op: f.op,
    value: 'values' in f ? f.values.map(valueText).join(', ') : 'value' in f ? valueText(f.value) : 'from' in f ? valueText(f.from) : '',
  }));
}

function fieldFromDraft(draft: FieldDraft, kind: FieldKind | null): DraftResult {
  if (!draft.field || kind === null) return { ok: false, problem: 'noField' };
  if (!fieldOperators(kind).includes(draft.op)) return { ok: false, problem: 'badOperator' };
  if (draft.op === 'within_last_days') {
    const days = parsePositiveInt(draft.value);
    return days === null ? { ok: false, problem: 'notInteger' } : { ok: true, rule: { kind: 'field', field: draft.field, op: 'within_last_days', days } };
  }
  if (draft.op === 'before' || draft.op === 'after') {
    const value = draft.value.trim();
    return DATE_PATTERN.test(value) ? { ok: true, rule: { kind: 'field', field: draft.field, op: draft.op, value } } : { ok: false, problem: 'notDate' };
  }
  // Picked values are typed one by one (never split on commas: a category may contain one).
  if ((draft.op === 'in' || draft.op === 'not_in') && draft.picked.length > 0) {
    const values: RuleValue[] = [];
    for (const item of draft.picked) {
      const one = rowToCondition({ field: draft.field, op: '=', value: item, value2: '' }, kind);
      if (!one.ok) return { ok: false, problem: one.problem };
      if ('value' in one.condition) values.push(one.condition.value);
    }
    return { ok: true, rule: { kind: 'field', field: draft.field, op: draft.op, values } };
  }
  const result = rowToCondition({ field: draft.field, op: draft.op, value: draft.value, value2: draft.value2 }, kind);
  return result.ok ? { ok: true, rule: result.condition } : { ok: false, problem: result.problem };
}

/** A draft as a rule leaf; `kindOf` gives a profile field's kind (null: no such field). */
export function draftToRule(draft: ConditionDraft, kindOf: (field: string) => FieldKind | null): DraftResult {
  switch (draft.kind) {
    case 'field':
      return fieldFromDraft(draft, kindOf(draft.field));
    case 'tag':
      return draft.tag ? { ok: true, rule: { kind: 'tag', tag: draft.tag, member: draft.member } } : { ok: false, problem: 'noTag' };
    case 'segment':
      return draft.segment ? { ok: true, rule: { kind: 'segment', segment: draft.segment, member: draft.member } } : { ok: false, problem: 'noSegment' };
    case 'activity': {
      const filters = filtersFromDraft(draft.source, draft.filters);
      if (!filters.ok) return filters;
      const value = parseNumber(draft.value);
      if (value === null) return { ok: false, problem: draft.value.trim() === '' ? 'noValue' : 'notNumber' };
      const window = windowFromDraft(draft.window);
      if (!window.ok) return { ok: false, problem: 'badWindow' };
      const fn = BEHAVIOUR_COLUMNS[draft.source].amount === null ? 'count' : draft.fn;
      const scope = BEHAVIOUR_COLUMNS[draft.source].account === null ? 'customer' : draft.scope;
      return {
        ok: true,
        rule: {
          kind: 'activity',
          source: draft.source,
          filters: filters.filters,
          ...(window.window ? { window: window.window } : {}),
          measure: { fn, op: draft.op, value },
          scope,
          ...(draft.source === 'transactions' ? { postings: draft.postings } : {}),
        },
      };
    }
    case 'sequence': {
      const did = filtersFromDraft(draft.didSource, draft.did);
      if (!did.ok) return did;
      const notDid = filtersFromDraft(draft.notDidSource, draft.notDid);
      if (!notDid.ok) return notDid;
      const withinDays = parsePositiveInt(draft.withinDays);
      if (withinDays === null) return { ok: false, problem: 'notInteger' };
      const window = windowFromDraft(draft.window);
      if (!window.ok) return { ok: false, problem: 'badWindow' };
      const scope = draft.didSource === 'transactions' && draft.notDidSource === 'transactions' ? draft.scope : 'customer';
      return {
        ok: true,
        rule: {
          kind: 'sequence',
          did: { source: draft.didSource, filters: did.filters },
          notDid: { source: draft.notDidSource, filters: notDid.filters },
          withinDays,
          ...(window.window ? { window: window.window } : {}),
          scope,
        },
      };
    }
    case 'aum_change': {
      const from = parseNumber(draft.fromMonthsAgo);
      const to = parseNumber(draft.toMonthsAgo);
      const percent = parseNumber(draft.percent);
      if (from === null || to === null || !Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < 0) return { ok: false, problem: 'notInteger' };
      if (percent === null) return { ok: false, problem: 'notNumber' };
      return { ok: true, rule: { kind: 'aum_change', fromMonthsAgo: from, toMonthsAgo: to, op: draft.op, percent } };
    }
    case 'holding': {
      const productType = draft.productType.trim();
      const productCode = draft.productCode.trim();
      if (productType === '' && productCode === '') return { ok: false, problem: 'noProduct' };
      const window = windowFromDraft(draft.window);
      if (!window.ok) return { ok: false, problem: 'badWindow' };
      return {
        ok: true,
        rule: {
          kind: 'holding',
          mode: draft.mode,
          ...(productType ? { productType } : {}),
          ...(productCode ? { productCode } : {}),
          ...(window.window && draft.mode === 'stopped' ? { window: window.window } : {}),
        },
      };
    }
  }
}

/** A saved leaf back into a draft (opening a saved segment). */
export function ruleToDraft(node: SegmentCondition): ConditionDraft {
  switch (node.kind) {
    case 'field': {
      const draft: FieldDraft = { kind: 'field', field: node.field, op: node.op, value: '', value2: '', picked: [] };
      if ('days' in node) draft.value = String(node.days);
      else if ('values' in node) draft.picked = node.values.map(valueText);
      else if ('from' in node) {
        draft.value = valueText(node.from);
        draft.value2 = valueText(node.to);
      } else if ('value' in node) draft.value = valueText(node.value);
      return draft;
    }
    case 'tag':
      return { kind: 'tag', tag: node.tag, member: node.member };
    case 'segment':
      return { kind: 'segment', segment: node.segment, member: node.member };
    case 'activity':
      return {
        kind: 'activity',
        source: node.source,
        filters: filtersToDraft(node.filters),
        fn: node.measure.fn,
        op: node.measure.op,
        value: String(node.measure.value),
        window: windowToDraft(node.window),
        scope: node.scope,
        // Saved before the choice existed: every posting, as it always meant.
        postings: node.postings ?? 'all',
      };
    case 'sequence':
      return {
        kind: 'sequence',
        didSource: node.did.source,
        did: filtersToDraft(node.did.filters),
        notDidSource: node.notDid.source,
        notDid: filtersToDraft(node.notDid.filters),
        withinDays: String(node.withinDays),
        window: windowToDraft(node.window),
        scope: node.scope,
      };
    case 'aum_change':
      return { kind: 'aum_change', fromMonthsAgo: String(node.fromMonthsAgo), toMonthsAgo: String(node.toMonthsAgo), op: node.op, percent: String(node.percent) };
    case 'holding':
      return { kind: 'holding', mode: node.mode, productType: node.productType ?? '', productCode: node.productCode ?? '', window: windowToDraft(node.window) };
  }
}

