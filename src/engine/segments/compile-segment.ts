import { AppError } from '../../shared/errors';
import type { FieldCondition, RuleNode } from '../../shared/rule-language';
import {
  BEHAVIOUR_COLUMNS,
  type ActivityCondition,
  type AumChangeCondition,
  type BehaviourSource,
  type HoldingCondition,
  type Measure,
  type SegmentNode,
  type SequenceCondition,
} from '../../shared/segment-types';
import { compileField, compileTree, inRange, type ConditionScope, type OtherCondition } from '../conditions/compile-condition';
import type { FieldCatalog } from '../conditions/field-catalog';
import { BANK_POSTING_TYPES } from '../profile/profile-lists';
import type { Dialect } from '../sql/dialect';
import { monthStart, windowRange, type DayRange } from '../sql/window-bounds';
import { pruneDisabled } from './rule-tree';

export const PROFILE_ALIAS = 'p';
export const MEMBERS_TABLE = '_sw_segment_members';
/** Exported SQL inlines a static segment's members; beyond this it is refused. */
export const MAX_INLINE_MEMBERS = 10_000;

export interface ResolvedSegment {
  name: string;
  kind: 'dynamic' | 'static';
  rule: SegmentNode;
  /** Exported SQL only: a static segment's members, inlined as literals. */
  members?: readonly string[];
}

export interface ResolvedRefs {
  tags: ReadonlyMap<string, RuleNode>;
  segments: ReadonlyMap<string, ResolvedSegment>;
}

export interface CompileContext {
  dialect: Dialect;
  /** The as-of date windows are relative to (YYYY-MM-DD). */
  asOf: string;
  /** customer_profile's columns. */
  profile: FieldCatalog;
  /** Behavioural tables present (transactions, events, contacts, holdings, balances) with their columns. */
  sources: ReadonlyMap<string, FieldCatalog>;
  refs: ResolvedRefs;
}

const err = (message: string, details: Record<string, string | number>, key: string) => new AppError('INVALID_ARGUMENT', message, details, key);

export function cycleError(cycle: string[]): AppError {
  return err(`segment ${cycle[0]} refers to itself: ${cycle.join(' → ')}`, { cycle: cycle.join(' → '), segment: cycle[0] ?? '' }, 'error.SEGMENT_CYCLE');
}

/**
 * Compiles a segment rule tree to one boolean SQL expression over customer_profile (alias p): the
 * groups and field conditions by the one condition compiler (conditions/compile-condition.ts), the
 * leaves only segments have here. Behavioural conditions become semi-joins
 * (`p.customer_id IN (SELECT … GROUP BY … HAVING …)`), anti-joins (`NOT IN`, whose subqueries never
 * yield NULL ids) or `NOT EXISTS` for sequences. Identifiers come only from the profile's columns
 * and the whitelist of behavioural columns and pass through the dialect's quoting; every value goes
 * through the dialect (a bound parameter in the engine, an escaped literal in exported SQL).
 * Switched-off nodes must be pruned first.
 */
export function compileSegment(tree: SegmentNode, ctx: CompileContext): string {
  return new Compiler(ctx).tree(tree, 0, []);
}

class Compiler {
  private readonly profile: ConditionScope;

  constructor(private readonly ctx: CompileContext) {
    this.profile = { dialect: ctx.dialect, asOf: ctx.asOf, fields: ctx.profile, alias: PROFILE_ALIAS, table: 'customer_profile' };
  }

  private get t(): Dialect {
    return this.ctx.dialect;
  }

  /** `stack`: the saved segments being expanded, outermost first (a reference back to one is a cycle). */
  tree(n: SegmentNode, depth: number, stack: string[]): string {
    return compileTree(n, this.profile, (leaf, level, compile) => this.leaf(leaf, level, compile, stack), depth);
  }

  private leaf(n: OtherCondition, depth: number, compile: (tree: SegmentNode, depth: number) => string, stack: string[]): string {
    switch (n.kind) {
      case 'tag': {
        const tree = this.ctx.refs.tags.get(n.tag);
        if (!tree) throw new AppError('NOT_FOUND', `no tag ${n.tag}`, { tag: n.tag }, 'error.TAG_NOT_FOUND');
        const inner = compile(tree as SegmentNode, depth + 1);
        return n.member ? this.t.isTrue(inner) : `(NOT ${this.t.isTrue(inner)})`;
      }
      case 'segment': {
        if (stack.includes(n.segment)) throw cycleError([...stack.slice(stack.indexOf(n.segment)), n.segment]);
        const seg = this.ctx.refs.segments.get(n.segment);
        if (!seg) throw new AppError('NOT_FOUND', `no segment ${n.segment}`, { segment: n.segment }, 'error.SEGMENT_NOT_FOUND');
        const inner = seg.kind === 'static' ? this.staticMembers(n.segment, seg) : this.tree(pruneDisabled(seg.rule) ?? { kind: 'all' }, depth + 1, [...stack, n.segment]);
        return n.member ? this.t.isTrue(inner) : `(NOT ${this.t.isTrue(inner)})`;
      }
      case 'activity':
        return this.activity(n);
      case 'sequence':
        return this.sequence(n);
      case 'aum_change':
        return this.aumChange(n);
      case 'holding':
        return this.holding(n);
    }
  }

  private staticMembers(id: string, seg: ResolvedSegment): string {
    const cid = `${PROFILE_ALIAS}.${this.t.ident('customer_id')}`;
    if (seg.members) {
      if (seg.members.length > MAX_INLINE_MEMBERS) {
        throw err(`static segment ${seg.name} has ${seg.members.length} members, too many to write into SQL (at most ${MAX_INLINE_MEMBERS})`, { segment: id, members: seg.members.length }, 'error.SEGMENT_STATIC_TOO_BIG');
      }
      return seg.members.length === 0 ? 'FALSE' : `${cid} IN (${seg.members.map((m) => this.t.text(m)).join(', ')})`;
    }
    return `${cid} IN (SELECT m.${this.t.ident('customer_id')} FROM ${this.t.table(MEMBERS_TABLE)} m WHERE m.${this.t.ident('segment_id')} = ${this.t.text(id)})`;
  }

  // -------------------------------------------------------------------------------------------
  // Behavioural conditions
  // -------------------------------------------------------------------------------------------

  private source(table: string, required: string[]): FieldCatalog {
    const columns = this.ctx.sources.get(table);
    if (!columns) throw err(`the workspace has no ${table} table, which this condition reads`, { table }, 'error.SEGMENT_SOURCE_MISSING');
    for (const name of required) {
      if (!columns.has(name)) throw err(`${table} has no column ${name}, which this condition needs`, { table, column: name }, 'error.SEGMENT_SOURCE_MISSING');
    }
    return columns;
  }

  /** The rows of a behavioural source that pass its filters and the window: the WHERE clause. */
  private rows(source: BehaviourSource, filters: FieldCondition[], alias: string, range: DayRange, extra: string[] = []): { where: string; columns: FieldCatalog } {
    const spec = BEHAVIOUR_COLUMNS[source];
    const columns = this.source(source, ['customer_id', spec.ts, ...extra]);
    const allowed = new Map([...columns].filter(([name]) => spec.columns.includes(name)));
    const t = this.t;
    const ts = `${alias}.${t.ident(spec.ts)}`;
    const parts = [`${alias}.${t.ident('customer_id')} IS NOT NULL`, ...extra.map((c) => `${alias}.${t.ident(c)} IS NOT NULL`)];
    parts.push(inRange(ts, range, t.timestamp));
    for (const f of filters) {
      if (!spec.columns.includes(f.field)) {
        throw err(`a ${source} condition can test ${spec.columns.join(', ')}; not ${f.field}`, { field: f.field, table: source }, 'error.RULE_UNKNOWN_FIELD');
      }
      parts.push(t.isTrue(compileField(f, { dialect: t, asOf: this.ctx.asOf, fields: allowed, alias, table: source })));
    }
    return { where: parts.join(' AND '), columns };
  }

  private measureSql(m: Measure, source: BehaviourSource, alias: string): string {
    const amount = BEHAVIOUR_COLUMNS[source].amount;
    if (m.fn !== 'count' && !amount) throw err(`${source} has no amount to ${m.fn}`, { table: source, fn: m.fn }, 'error.SEGMENT_MEASURE');
    const col = amount ? `${alias}.${this.t.ident(amount)}` : '';
    const expr = m.fn === 'count' ? 'count(*)' : m.fn === 'sum' ? `coalesce(sum(${col}), 0)` : `avg(${col})`;
    return `${expr} ${m.op} ${this.t.number(m.value)}`;
  }

  private activity(c: ActivityCondition): string {
    const t = this.t;
    const accountCol = BEHAVIOUR_COLUMNS[c.source].account;
    if (c.scope === 'account' && !accountCol) throw err(`${c.source} rows have no account; scope "account" needs transactions`, { table: c.source }, 'error.SEGMENT_SCOPE');
    if (c.measure.fn !== 'count') this.source(c.source, [BEHAVIOUR_COLUMNS[c.source].amount ?? 'amount']);
    const rows = this.rows(c.source, c.filters, 'a', windowRange(this.ctx.asOf, c.window), c.scope === 'account' && accountCol ? [accountCol] : []);
    const where = c.source === 'transactions' && c.postings === 'customer_initiated' ? `${rows.where} AND ${this.customerInitiated('a')}` : rows.where;
    const cid = `a.${t.ident('customer_id')}`;
    const outer = `${PROFILE_ALIAS}.${t.ident('customer_id')}`;
    const from = `FROM ${t.table(c.source)} a WHERE ${where}`;
    if (c.scope === 'account' && accountCol) {
      return `coalesce(${outer} IN (SELECT ${cid} ${from} GROUP BY ${cid}, a.${t.ident(accountCol)} HAVING ${this.measureSql(c.measure, c.source, 'a')}), FALSE)`;
    }
    // A customer without a matching row has count 0 and sum 0: when 0 satisfies the measure, the
    // condition is "no group where it fails" (an anti-join), otherwise "a group where it holds".
    const zeroHolds = c.measure.fn !== 'avg' && compare(0, c.measure.op, c.measure.value);
    return zeroHolds
      ? `(${outer} NOT IN (SELECT ${cid} ${from} GROUP BY ${cid} HAVING NOT (${this.measureSql(c.measure, c.source, 'a')})))`
      : `coalesce(${outer} IN (SELECT ${cid} ${from} GROUP BY ${cid} HAVING ${this.measureSql(c.measure, c.source, 'a')}), FALSE)`;
  }

  /**
   * The customer's own transactions, as the dormant rule counts them: every posting but the bank's
   * own (interest, fees); a row without a type is the customer's.
   */
  private customerInitiated(alias: string): string {
    this.source('transactions', ['txn_type']);
    return `coalesce(${alias}.${this.t.ident('txn_type')}, '') NOT IN (${BANK_POSTING_TYPES.map((type) => this.t.text(type)).join(', ')})`;
  }

  private sequence(c: SequenceCondition): string {
    const t = this.t;
    if (c.scope === 'account' && (c.did.source !== 'transactions' || c.notDid.source !== 'transactions')) {
      throw err('scope "account" needs both steps to be transactions', { table: `${c.did.source}/${c.notDid.source}` }, 'error.SEGMENT_SCOPE');
    }
    const range = windowRange(this.ctx.asOf, c.window);
    const account = c.scope === 'account' ? ['account_id'] : [];
    const x = this.rows(c.did.source, c.did.filters, 'x', range, account);
    // Y rows count up to the as-of day, whatever X's window (X late in the window may be followed by Y after it).
    const y = this.rows(c.notDid.source, c.notDid.filters, 'y', windowRange(this.ctx.asOf, undefined), account);
    const xts = `x.${t.ident(BEHAVIOUR_COLUMNS[c.did.source].ts)}`;
    const yts = `y.${t.ident(BEHAVIOUR_COLUMNS[c.notDid.source].ts)}`;
    const same = [`y.${t.ident('customer_id')} = x.${t.ident('customer_id')}`];
    if (c.scope === 'account') same.push(`y.${t.ident('account_id')} = x.${t.ident('account_id')}`);
    const notExists = `NOT EXISTS (SELECT 1 FROM ${t.table(c.notDid.source)} y WHERE ${same.join(' AND ')} AND ${y.where} AND ${yts} > ${xts} AND ${yts} <= ${t.addDays(xts, c.withinDays)})`;
    return `coalesce(${PROFILE_ALIAS}.${t.ident('customer_id')} IN (SELECT x.${t.ident('customer_id')} FROM ${t.table(c.did.source)} x WHERE ${x.where} AND ${notExists}), FALSE)`;
  }

  private aumChange(c: AumChangeCondition): string {
    const t = this.t;
    this.source('balances', ['customer_id', 'month', 'aum']);
    const [month, aum, cid] = ['month', 'aum', 'customer_id'].map((n) => `b.${t.ident(n)}`) as [string, string, string];
    const fromMonth = t.date(monthStart(this.ctx.asOf, c.fromMonthsAgo));
    const toMonth = t.date(monthStart(this.ctx.asOf, c.toMonthsAgo));
    const at = (m: string) => `max(CASE WHEN ${month} = ${m} THEN ${aum} END)`;
    // (to − from) ÷ from op percent/100, written without division: from > 0.
    const having = `${at(fromMonth)} > 0 AND (${at(toMonth)} - ${at(fromMonth)}) * 100 ${c.op} ${t.number(c.percent)} * ${at(fromMonth)}`;
    return `coalesce(${PROFILE_ALIAS}.${t.ident('customer_id')} IN (SELECT ${cid} FROM ${t.table('balances')} b WHERE ${cid} IS NOT NULL GROUP BY ${cid} HAVING ${having}), FALSE)`;
  }

  private holding(c: HoldingCondition): string {
    const t = this.t;
    this.source('holdings', ['customer_id', 'start_date', 'end_date', ...(c.productCode ? ['product_code'] : []), ...(c.productType ? ['product_type'] : [])]);
    const col = (n: string) => `h.${t.ident(n)}`;
    const asOf = t.date(this.ctx.asOf);
    const product = [
      `${col('customer_id')} IS NOT NULL`,
      ...(c.productCode ? [`${col('product_code')} = ${t.text(c.productCode)}`] : []),
      ...(c.productType ? [`${col('product_type')} = ${t.text(c.productType)}`] : []),
    ];
    const started = `(${col('start_date')} IS NULL OR ${col('start_date')} <= ${asOf})`;
    const select = (where: string[]) => `SELECT ${col('customer_id')} FROM ${t.table('holdings')} h WHERE ${[...product, ...where].join(' AND ')}`;
    const outer = `${PROFILE_ALIAS}.${t.ident('customer_id')}`;
    const heldNow = select([started, `(${col('end_date')} IS NULL OR ${col('end_date')} > ${asOf})`]);
    switch (c.mode) {
      case 'holds':
        return `coalesce(${outer} IN (${heldNow}), FALSE)`;
      case 'never_held':
        return `(${outer} NOT IN (${select([started])}))`;
      case 'stopped': {
        const range = windowRange(this.ctx.asOf, c.window);
        const ended = [`${col('end_date')} < ${t.date(range.until)}`, ...(range.from ? [`${col('end_date')} >= ${t.date(range.from)}`] : [])];
        return `(coalesce(${outer} IN (${select(ended)}), FALSE) AND ${outer} NOT IN (${heldNow}))`;
      }
    }
  }
}

export function compare(a: number, op: Measure['op'], b: number): boolean {
  switch (op) {
    case '>=':
      return a >= b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '<':
      return a < b;
    case '=':
      return a === b;
  }
}
