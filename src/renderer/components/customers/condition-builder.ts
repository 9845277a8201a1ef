import { amountOrNull } from '../../../shared/format/parse-amount';
import type { FieldCondition, RuleNode, RuleOp, RuleValue } from '../../../shared/rule-language';

/**
 * The tag editor's simple condition builder: one AND / OR group of "field op value" rows over
 * profile fields, turned into the rule language (src/shared/rule-language.ts) and back. Deeper
 * trees (nested groups, NOT) are the segment builder's job; they are shown read-only here.
 */
export type Combinator = 'and' | 'or';

export interface ConditionRow {
  field: string;
  op: RuleOp;
  /** As typed: one value; a comma-separated list for in / not in; unused for is empty. */
  value: string;
  /** Upper end for between. */
  value2: string;
}

export interface BuilderState {
  combinator: Combinator;
  rows: ConditionRow[];
}

export type FieldKind = 'number' | 'text' | 'boolean' | 'date';

/** The kind of a DuckDB column type, which decides the operators offered and how values parse. */
export function fieldKind(duckdbType: string): FieldKind {
  const t = duckdbType.toUpperCase();
  if (t === 'BOOLEAN') return 'boolean';
  if (t.startsWith('DATE') || t.startsWith('TIMESTAMP')) return 'date';
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL)/.test(t)) return 'number';
  return 'text';
}

const OPS_BY_KIND: Record<FieldKind, readonly RuleOp[]> = {
  number: ['=', '!=', '<', '<=', '>', '>=', 'between', 'in', 'not_in', 'is_empty', 'is_not_empty'],
  date: ['=', '!=', '<', '<=', '>', '>=', 'between', 'is_empty', 'is_not_empty'],
  boolean: ['=', '!=', 'is_empty', 'is_not_empty'],
  text: ['=', '!=', 'in', 'not_in', 'contains', 'starts_with', 'is_empty', 'is_not_empty'],
};

export function operatorsFor(kind: FieldKind): readonly RuleOp[] {
  return OPS_BY_KIND[kind];
}

export function emptyRow(field: string, kind: FieldKind): ConditionRow {
  return { field, op: kind === 'text' ? '=' : kind === 'boolean' ? '=' : '>=', value: kind === 'boolean' ? 'true' : '', value2: '' };
}

/** Why a row cannot become a condition; the key names an i18n message. */
export type RowProblem = 'noField' | 'noValue' | 'notNumber' | 'notDate' | 'notBoolean' | 'badOperator';

export type RowResult = { ok: true; condition: FieldCondition } | { ok: false; problem: RowProblem };

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function parseValue(text: string, kind: FieldKind): { ok: true; value: RuleValue } | { ok: false; problem: RowProblem } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problem: 'noValue' };
  if (kind === 'number') {
    // 50万, 1.5亿, 500,000, 5e5, full-width digits: the one amount parser (src/shared/format).
    const n = amountOrNull(trimmed);
    return n !== null ? { ok: true, value: n } : { ok: false, problem: 'notNumber' };
  }
  if (kind === 'date') return DATE_PATTERN.test(trimmed) ? { ok: true, value: trimmed } : { ok: false, problem: 'notDate' };
  if (kind === 'boolean') {
    const lower = trimmed.toLowerCase();
    if (['true', '1', 'yes', '是'].includes(lower)) return { ok: true, value: true };
    if (['false', '0', 'no', '否'].includes(lower)) return { ok: true, value: false };
    return { ok: false, problem: 'notBoolean' };
  }
  // Text keeps its spaces inside; only the ends are trimmed.
  return { ok: true, value: trimmed };
}

/** Splits an in-list on commas (ASCII or full-width 、，), dropping empty items. */
export function splitList(text: string): string[] {
  return text
    .split(/[,，、]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function rowToCondition(row: ConditionRow, kind: FieldKind | null): RowResult {
  if (!row.field || kind === null) return { ok: false, problem: 'noField' };
  if (!operatorsFor(kind).includes(row.op)) return { ok: false, problem: 'badOperator' };
  const field = row.field;
  switch (row.op) {
    case 'is_empty':
    case 'is_not_empty':
      return { ok: true, condition: { kind: 'field', field, op: row.op } };
    case 'in':
    case 'not_in': {
      const items = splitList(row.value);
      if (items.length === 0) return { ok: false, problem: 'noValue' };
      const values: RuleValue[] = [];
      for (const item of items) {
        const parsed = parseValue(item, kind);
        if (!parsed.ok) return parsed;
        values.push(parsed.value);
      }
      return { ok: true, condition: { kind: 'field', field, op: row.op, values } };
    }
    case 'between': {
      const from = parseValue(row.value, kind);
      if (!from.ok) return from;
      const to = parseValue(row.value2, kind);
      if (!to.ok) return to;
      return { ok: true, condition: { kind: 'field', field, op: 'between', from: from.value, to: to.value } };
    }
    default: {
      const parsed = parseValue(row.value, kind);
      if (!parsed.ok) return parsed;
      return { ok: true, condition: { kind: 'field', field, op: row.op, value: parsed.value } };
    }
  }
}

export type BuildResult = { ok: true; rule: RuleNode } | { ok: false; problems: Array<{ index: number; problem: RowProblem }> };

/** The whole builder as a rule: no rows is "everybody"; one row is the bare condition. */
export function builderToRule(state: BuilderState, kindOf: (field: string) => FieldKind | null): BuildResult {
  const conditions: FieldCondition[] = [];
  const problems: Array<{ index: number; problem: RowProblem }> = [];
  state.rows.forEach((row, index) => {
    const result = rowToCondition(row, kindOf(row.field));
    if (result.ok) conditions.push(result.condition);
    else problems.push({ index, problem: result.problem });
  });
  if (problems.length > 0) return { ok: false, problems };
  if (conditions.length === 0) return { ok: true, rule: { kind: 'all' } };
  if (conditions.length === 1) return { ok: true, rule: conditions[0]! };
  return { ok: true, rule: { kind: state.combinator, children: conditions } };
}

function valueText(value: RuleValue): string {
  return typeof value === 'string' ? value : String(value);
}

function conditionToRow(condition: FieldCondition): ConditionRow {
  const row: ConditionRow = { field: condition.field, op: condition.op, value: '', value2: '' };
  if ('values' in condition) row.value = condition.values.map(valueText).join(', ');
  else if ('from' in condition) {
    row.value = valueText(condition.from);
    row.value2 = valueText(condition.to);
  } else if ('value' in condition) row.value = valueText(condition.value);
  return row;
}

/**
 * A rule back into the simple builder, or null when it is deeper than one AND / OR group of
 * field conditions (then the editor shows it read-only).
 */
export function ruleToBuilder(rule: RuleNode): BuilderState | null {
  if (rule.kind === 'all') return { combinator: 'and', rows: [] };
  if (rule.kind === 'field') return { combinator: 'and', rows: [conditionToRow(rule)] };
  if (rule.kind === 'and' || rule.kind === 'or') {
    const rows: ConditionRow[] = [];
    for (const child of rule.children) {
      if (child.kind !== 'field') return null;
      rows.push(conditionToRow(child));
    }
    return { combinator: rule.kind, rows };
  }
  return null;
}

/** A one-line, human-readable rendering of a rule (for lists and read-only display). */
export function describeRule(rule: RuleNode, words: { and: string; or: string; not: string; all: string; empty: string; notEmpty: string }): string {
  const show = (value: RuleValue) => (typeof value === 'string' ? `'${value}'` : String(value));
  const walk = (node: RuleNode, nested: boolean): string => {
    switch (node.kind) {
      case 'all':
        return words.all;
      case 'not':
        return `${words.not} ${walk(node.child, true)}`;
      case 'and':
      case 'or': {
        const text = node.children.map((child) => walk(child, true)).join(` ${node.kind === 'and' ? words.and : words.or} `);
        return nested && node.children.length > 1 ? `(${text})` : text;
      }
      case 'field':
        if ('values' in node) return `${node.field} ${node.op === 'in' ? '∈' : '∉'} {${node.values.map(show).join(', ')}}`;
        if ('from' in node) return `${node.field} ∈ [${show(node.from)}, ${show(node.to)}]`;
        if ('value' in node) return `${node.field} ${SYMBOLS[node.op] ?? node.op} ${show(node.value)}`;
        return `${node.field} ${node.op === 'is_empty' ? words.empty : words.notEmpty}`;
    }
  };
  return walk(rule, false);
}

const SYMBOLS: Partial<Record<RuleOp, string>> = { '=': '=', '!=': '≠', '<': '<', '<=': '≤', '>': '>', '>=': '≥', contains: '⊃', starts_with: '^=' };
