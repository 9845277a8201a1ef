import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { writeProfileMeta } from '../../src/engine/profile/profile-meta';
import { compileForEngine, loadWorkbench } from '../../src/engine/segments/segment-context';
import { engineDialect } from '../../src/engine/sql/engine-dialect';
import { warehouseDialect } from '../../src/engine/sql/warehouse-dialect';
import { compileSegment } from '../../src/engine/segments/compile-segment';
import { loadRefs } from '../../src/engine/segments/segment-context';
import { pruneDisabled } from '../../src/engine/segments/rule-tree';
import type { EngineClient } from '../../src/shared/engine-client';
import type { FieldCondition } from '../../src/shared/rule-language';
import type { Measure, SegmentNode, Window } from '../../src/shared/segment-types';

/**
 * Random rule trees (profile fields, date operators, behavioural conditions of every kind, saved
 * segment references, switched-off nodes, NOT / AND / OR) over a small random bank, counted by the
 * compiled SQL in real DuckDB and by the plain evaluator below; they must agree on every member.
 * Text values include quotes, `;`, `--`, backslashes and Chinese, in the data and in the rules.
 */

const AS_OF = '2024-03-31';
const HOSTILE = ["O'Brien", 'a;b', '-- x', 'back\\slash', '北京', "'; DROP TABLE customer_profile; --", '上海"引号"', ''];
const CITIES = [...HOSTILE, 'Shenzhen'];
const TXN_TYPES = ['payroll', 'transfer', 'consumption', "o'dd"];
const CHANNELS = ['mobile', 'counter', '网银'];
const EVENTS = ['salon', 'inquiry', 'apply'];
const PRODUCTS = ['W1', 'W2', "F'3"];
const PTYPES = ['wealth', 'fund'];

// ---- a seeded bank ------------------------------------------------------------------------------

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const asOfMs = Date.parse(`${AS_OF}T00:00:00Z`);

interface Customer { customer_id: string; age: number | null; city: string | null; aum_latest: number; payroll_flag: boolean | null; last_activity_date: string | null; onboard_ts: string | null }
interface Txn { customer_id: string; account_id: string | null; ts: string; amount: number | null; txn_type: string; channel: string }
interface Ev { customer_id: string; ts: string; event_name: string }
interface Contact { customer_id: string; contact_ts: string; campaign_id: string; channel: string; arm: string; responded: boolean; outcome: string | null }
interface Holding { customer_id: string; product_code: string; product_type: string; start_date: string | null; end_date: string | null }
interface Balance { customer_id: string; month: string; aum: number }

function makeBank(seed: number) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const maybe = <T>(v: T, p = 0.15): T | null => (r() < p ? null : v);
  const tsAround = () => {
    // Mostly inside the last ~400 days, some after the as-of date (must never count).
    const offset = r() < 0.08 ? r() * 20 * DAY : -r() * 400 * DAY;
    return new Date(asOfMs + DAY + offset - 1000 * Math.floor(r() * 86_400)).toISOString().replace('T', ' ').slice(0, 19);
  };
  const customers: Customer[] = [];
  const txns: Txn[] = [];
  const events: Ev[] = [];
  const contacts: Contact[] = [];
  const holdings: Holding[] = [];
  const balances: Balance[] = [];
  const n = 60;
  for (let i = 0; i < n; i++) {
    const id = `C${String(i).padStart(3, '0')}`;
    customers.push({
      customer_id: id,
      age: maybe(18 + Math.floor(r() * 60)),
      city: maybe(pick(CITIES)),
      aum_latest: Math.floor(r() * 5) * 1000,
      payroll_flag: maybe(r() < 0.5),
      last_activity_date: maybe(iso(asOfMs - Math.floor(r() * 120) * DAY + (r() < 0.1 ? 5 * DAY : 0))),
      onboard_ts: maybe(tsAround()),
    });
    const accounts = [`${id}-A`, `${id}-B`];
    const k = Math.floor(r() * 14);
    for (let j = 0; j < k; j++) {
      txns.push({ customer_id: id, account_id: maybe(pick(accounts), 0.1), ts: tsAround(), amount: maybe(Math.floor(r() * 7) * 100 - 100, 0.1), txn_type: pick(TXN_TYPES), channel: pick(CHANNELS) });
    }
    for (let j = Math.floor(r() * 4); j > 0; j--) events.push({ customer_id: id, ts: tsAround(), event_name: pick(EVENTS) });
    for (let j = Math.floor(r() * 3); j > 0; j--) contacts.push({ customer_id: id, contact_ts: tsAround(), campaign_id: pick(['K1', "K'2"]), channel: pick(CHANNELS), arm: pick(['treatment', 'control']), responded: r() < 0.4, outcome: maybe(pick(['appointment', 'purchased'])) });
    for (let j = Math.floor(r() * 3); j > 0; j--) {
      const start = asOfMs - Math.floor(r() * 500) * DAY + (r() < 0.1 ? 30 * DAY : 0);
      const end = r() < 0.5 ? null : start + Math.floor(r() * 400) * DAY;
      holdings.push({ customer_id: id, product_code: pick(PRODUCTS), product_type: pick(PTYPES), start_date: maybe(iso(start), 0.05), end_date: end === null ? null : iso(end) });
    }
    for (let m = 0; m < 7; m++) {
      if (r() < 0.15) continue;
      const d = new Date(Date.UTC(2024, 2 - m, 1));
      balances.push({ customer_id: id, month: iso(d.getTime()), aum: Math.floor(r() * 6) * 100 });
    }
  }
  return { customers, txns, events, contacts, holdings, balances };
}

type Bank = ReturnType<typeof makeBank>;

// ---- the plain evaluator ---------------------------------------------------------------------

const dayOf = (v: string) => v.slice(0, 10);
const addDaysIso = (d: string, n: number) => iso(Date.parse(`${d}T00:00:00Z`) + n * DAY);
function minusMonths(d: string, n: number): string {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - n;
  const yy = Math.floor(total / 12);
  const mm = total - yy * 12;
  const last = new Date(Date.UTC(yy, mm + 1, 0)).getUTCDate();
  return iso(Date.UTC(yy, mm, Math.min(day, last)));
}
/** Is a day inside a window relative to the as-of date? */
function inWindow(day: string, w: Window | undefined): boolean {
  if (day > AS_OF) return false;
  if (!w) return true;
  if ('lastDays' in w) return day > addDaysIso(AS_OF, -w.lastDays);
  if ('lastMonths' in w) return day > minusMonths(AS_OF, w.lastMonths);
  return day >= w.from && day <= w.to;
}
const cmp = (a: number, op: Measure['op'], b: number) => (op === '>=' ? a >= b : op === '>' ? a > b : op === '<=' ? a <= b : op === '<' ? a < b : a === b);

type Row = Record<string, unknown>;
type Kind = 'text' | 'number' | 'bool' | 'date' | 'ts';

function fieldHolds(row: Row, c: FieldCondition | (SegmentNode & { kind: 'field' }), kinds: Record<string, Kind>): boolean {
  const v = row[c.field] as string | number | boolean | null;
  const kind = kinds[c.field]!;
  const conv = (x: unknown) => (kind === 'number' ? Number(x) : kind === 'bool' ? x === true || x === 'true' : kind === 'ts' ? `${x}` : x);
  switch (c.op) {
    case 'is_empty':
      return v === null || (kind === 'text' && v === '');
    case 'is_not_empty':
      return v !== null && !(kind === 'text' && v === '');
  }
  if (v === null) return c.op === 'not_in' && c.values.length === 0 ? false : false;
  switch (c.op) {
    case '=': return v === conv(c.value);
    case '!=': return v !== conv(c.value);
    case '<': return (v as never) < (conv(c.value) as never);
    case '<=': return (v as never) <= (conv(c.value) as never);
    case '>': return (v as never) > (conv(c.value) as never);
    case '>=': return (v as never) >= (conv(c.value) as never);
    case 'contains': return String(v).includes(String(c.value));
    case 'starts_with': return String(v).startsWith(String(c.value));
    case 'in': return c.values.map(conv).includes(v);
    case 'not_in': return c.values.length === 0 ? true : !c.values.map(conv).includes(v);
    case 'between': return (v as never) >= (conv(c.from) as never) && (v as never) <= (conv(c.to) as never);
    case 'within_last_days': { const d = dayOf(String(v)); return d <= AS_OF && d > addDaysIso(AS_OF, -c.days); }
    case 'before': return dayOf(String(v)) < c.value;
    case 'after': return dayOf(String(v)) > c.value;
  }
}

const PROFILE_KINDS: Record<string, Kind> = { customer_id: 'text', age: 'number', city: 'text', aum_latest: 'number', payroll_flag: 'bool', last_activity_date: 'date', onboard_ts: 'ts' };
const SOURCE_KINDS: Record<string, Kind> = { txn_type: 'text', channel: 'text', amount: 'number', account_id: 'text', event_name: 'text', campaign_id: 'text', arm: 'text', responded: 'bool', outcome: 'text' };

function sourceRows(bank: Bank, source: 'transactions' | 'events' | 'contacts'): Array<Row & { customer_id: string; _ts: string }> {
  if (source === 'transactions') return bank.txns.map((t) => ({ ...t, _ts: t.ts }));
  if (source === 'events') return bank.events.map((t) => ({ ...t, _ts: t.ts }));
  return bank.contacts.map((t) => ({ ...t, _ts: t.contact_ts }));
}

function evaluate(node: SegmentNode, c: Customer, bank: Bank, saved: Map<string, SegmentNode>): boolean {
  if (node.enabled === false) throw new Error('evaluate expects a pruned tree');
  switch (node.kind) {
    case 'all': return true;
    case 'and': return node.children.every((k) => evaluate(k, c, bank, saved));
    case 'or': return node.children.some((k) => evaluate(k, c, bank, saved));
    case 'not': return !evaluate(node.child, c, bank, saved);
    case 'field': return fieldHolds(c as unknown as Row, node, PROFILE_KINDS);
    case 'segment': {
      const inner = evaluate(pruneDisabled(saved.get(node.segment)!) ?? { kind: 'all' }, c, bank, saved);
      return node.member ? inner : !inner;
    }
    case 'tag': throw new Error('no tags here');
    case 'activity': {
      const rows = sourceRows(bank, node.source).filter((r) => r.customer_id === c.customer_id && inWindow(dayOf(r._ts), node.window) && node.filters.every((f) => fieldHolds(r, f, SOURCE_KINDS)));
      const measure = (group: Row[]) => {
        const amounts = group.map((g) => g.amount).filter((a): a is number => typeof a === 'number');
        if (node.measure.fn === 'count') return group.length;
        if (node.measure.fn === 'sum') return amounts.reduce((a, b) => a + b, 0);
        return amounts.length ? amounts.reduce((a, b) => a + b, 0) / amounts.length : null;
      };
      const holds = (group: Row[]) => { const m = measure(group); return m !== null && cmp(m, node.measure.op, node.measure.value); };
      if (node.scope === 'account') {
        const by = new Map<string, Row[]>();
        for (const r of rows) if (r.account_id != null) by.set(String(r.account_id), [...(by.get(String(r.account_id)) ?? []), r]);
        return [...by.values()].some(holds);
      }
      return holds(rows);
    }
    case 'sequence': {
      const xs = sourceRows(bank, node.did.source).filter((r) => r.customer_id === c.customer_id && inWindow(dayOf(r._ts), node.window) && node.did.filters.every((f) => fieldHolds(r, f, SOURCE_KINDS)) && (node.scope !== 'account' || r.account_id != null));
      const ys = sourceRows(bank, node.notDid.source).filter((r) => r.customer_id === c.customer_id && dayOf(r._ts) <= AS_OF && node.notDid.filters.every((f) => fieldHolds(r, f, SOURCE_KINDS)) && (node.scope !== 'account' || r.account_id != null));
      const ms = (s: string) => Date.parse(`${s.replace(' ', 'T')}Z`);
      return xs.some((x) => !ys.some((y) => (node.scope !== 'account' || y.account_id === x.account_id) && ms(y._ts) > ms(x._ts) && ms(y._ts) <= ms(x._ts) + node.withinDays * DAY));
    }
    case 'aum_change': {
      const month = (ago: number) => minusMonths(`${AS_OF.slice(0, 8)}01`, ago);
      const at = (m: string) => bank.balances.find((b) => b.customer_id === c.customer_id && b.month === m)?.aum;
      const from = at(month(node.fromMonthsAgo));
      const to = at(month(node.toMonthsAgo));
      if (from === undefined || to === undefined || from <= 0) return false;
      return node.op === '<=' ? (to - from) * 100 <= node.percent * from : (to - from) * 100 >= node.percent * from;
    }
    case 'holding': {
      const mine = bank.holdings.filter((h) => h.customer_id === c.customer_id && (!node.productCode || h.product_code === node.productCode) && (!node.productType || h.product_type === node.productType));
      const started = (h: Holding) => h.start_date === null || h.start_date <= AS_OF;
      const now = mine.some((h) => started(h) && (h.end_date === null || h.end_date > AS_OF));
      if (node.mode === 'holds') return now;
      if (node.mode === 'never_held') return !mine.some(started);
      return !now && mine.some((h) => h.end_date !== null && inWindow(h.end_date, node.window));
    }
  }
}

// ---- random rule trees ----------------------------------------------------------------------

const meta = { id: fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: undefined }), enabled: fc.option(fc.boolean().map((b) => (b ? true : false)), { nil: undefined, freq: 3 }) };
const textValue = fc.oneof(fc.constantFrom(...CITIES, 'x'), fc.string({ maxLength: 4 }).filter((s) => !s.includes('\u0000')));
const dateValue = fc.integer({ min: -200, max: 10 }).map((d) => addDaysIso(AS_OF, d));

const profileField: fc.Arbitrary<SegmentNode> = fc.oneof(
  fc.record({ kind: fc.constant('field' as const), field: fc.constant('city'), op: fc.constantFrom('=', '!=', '<', '>=', 'contains', 'starts_with' as const), value: textValue, ...meta }),
  fc.record({ kind: fc.constant('field' as const), field: fc.constant('city'), op: fc.constantFrom('in', 'not_in' as const), values: fc.array(textValue, { maxLength: 3 }), ...meta }),
  fc.record({ kind: fc.constant('field' as const), field: fc.constantFrom('city', 'age', 'payroll_flag', 'last_activity_date'), op: fc.constantFrom('is_empty', 'is_not_empty' as const), ...meta }),
  fc.record({ kind: fc.constant('field' as const), field: fc.constantFrom('age', 'aum_latest'), op: fc.constantFrom('=', '!=', '<', '<=', '>', '>=' as const), value: fc.integer({ min: 0, max: 4000 }), ...meta }),
  fc.record({ kind: fc.constant('field' as const), field: fc.constant('age'), op: fc.constant('between' as const), from: fc.integer({ min: 10, max: 60 }), to: fc.integer({ min: 30, max: 90 }), ...meta }),
  fc.record({ kind: fc.constant('field' as const), field: fc.constant('payroll_flag'), op: fc.constantFrom('=', '!=' as const), value: fc.boolean(), ...meta }),
  fc.record({ kind: fc.constant('field' as const), field: fc.constantFrom('last_activity_date', 'onboard_ts'), op: fc.constant('within_last_days' as const), days: fc.integer({ min: 1, max: 200 }), ...meta }),
  fc.record({ kind: fc.constant('field' as const), field: fc.constantFrom('last_activity_date', 'onboard_ts'), op: fc.constantFrom('before', 'after' as const), value: dateValue, ...meta }),
) as fc.Arbitrary<SegmentNode>;

const windowArb: fc.Arbitrary<Window | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: 1, max: 120 }).map((n) => ({ lastDays: n })),
  fc.integer({ min: 1, max: 14 }).map((n) => ({ lastMonths: n })),
  fc.tuple(dateValue, dateValue).map(([a, b]) => ({ from: a < b ? a : b, to: a < b ? b : a })),
);
const txnFilter = fc.oneof(
  fc.record({ kind: fc.constant('field' as const), field: fc.constant('txn_type'), op: fc.constantFrom('=', '!=' as const), value: fc.constantFrom(...TXN_TYPES) }),
  fc.record({ kind: fc.constant('field' as const), field: fc.constant('channel'), op: fc.constantFrom('in', 'not_in' as const), values: fc.subarray(CHANNELS) }),
  fc.record({ kind: fc.constant('field' as const), field: fc.constant('amount'), op: fc.constantFrom('>=', '<' as const), value: fc.integer({ min: -100, max: 500 }) }),
) as fc.Arbitrary<FieldCondition>;
const eventFilter = fc.record({ kind: fc.constant('field' as const), field: fc.constant('event_name'), op: fc.constantFrom('=', '!=' as const), value: fc.constantFrom(...EVENTS) }) as fc.Arbitrary<FieldCondition>;
const contactFilter = fc.oneof(
  fc.record({ kind: fc.constant('field' as const), field: fc.constant('responded'), op: fc.constant('=' as const), value: fc.boolean() }),
  fc.record({ kind: fc.constant('field' as const), field: fc.constant('campaign_id'), op: fc.constant('=' as const), value: fc.constantFrom('K1', "K'2") }),
) as fc.Arbitrary<FieldCondition>;
const step = fc.oneof(
  fc.record({ source: fc.constant('transactions' as const), filters: fc.array(txnFilter, { maxLength: 2 }) }),
  fc.record({ source: fc.constant('events' as const), filters: fc.array(eventFilter, { maxLength: 1 }) }),
  fc.record({ source: fc.constant('contacts' as const), filters: fc.array(contactFilter, { maxLength: 1 }) }),
);
const measure = fc.record({ fn: fc.constantFrom('count', 'sum', 'avg' as const), op: fc.constantFrom('>=', '>', '<=', '<', '=' as const), value: fc.integer({ min: -100, max: 800 }).map((v) => Math.round(v / 50) * 50) });

const behaviour: fc.Arbitrary<SegmentNode> = fc.oneof(
  fc.record({ kind: fc.constant('activity' as const), source: fc.constant('transactions' as const), filters: fc.array(txnFilter, { maxLength: 2 }), window: windowArb, measure, scope: fc.constantFrom('customer', 'account' as const), ...meta }),
  fc.record({ kind: fc.constant('activity' as const), source: fc.constantFrom('events', 'contacts' as const), filters: fc.constant([]), window: windowArb, measure: measure.map((m) => ({ ...m, fn: 'count' as const, value: Math.abs(m.value) % 4 })), scope: fc.constant('customer' as const), ...meta }),
  fc.record({ kind: fc.constant('sequence' as const), did: step, notDid: step, withinDays: fc.integer({ min: 1, max: 60 }), window: windowArb, scope: fc.constant('customer' as const), ...meta }),
  fc.record({ kind: fc.constant('sequence' as const), did: step.map((s) => ({ source: 'transactions' as const, filters: s.source === 'transactions' ? s.filters : [] })), notDid: fc.record({ source: fc.constant('transactions' as const), filters: fc.array(txnFilter, { maxLength: 1 }) }), withinDays: fc.integer({ min: 1, max: 90 }), window: windowArb, scope: fc.constant('account' as const), ...meta }),
  fc.record({ kind: fc.constant('aum_change' as const), fromMonthsAgo: fc.integer({ min: 0, max: 6 }), toMonthsAgo: fc.integer({ min: 0, max: 6 }), op: fc.constantFrom('<=', '>=' as const), percent: fc.constantFrom(-100, -50, -30, 0, 20, 100), ...meta }),
  fc.record({ kind: fc.constant('holding' as const), mode: fc.constantFrom('holds', 'never_held', 'stopped' as const), productCode: fc.option(fc.constantFrom(...PRODUCTS), { nil: undefined }), productType: fc.option(fc.constantFrom(...PTYPES), { nil: undefined }), window: windowArb, ...meta }),
  fc.record({ kind: fc.constant('segment' as const), segment: fc.constantFrom('seg_p1', 'seg_p2'), member: fc.boolean(), ...meta }),
) as fc.Arbitrary<SegmentNode>;

const { tree } = fc.letrec<{ tree: SegmentNode; leaf: SegmentNode }>((tie) => ({
  leaf: fc.oneof(profileField, behaviour),
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.record({ kind: fc.constantFrom('and', 'or' as const), children: fc.array(tie('tree'), { maxLength: 3 }), ...meta }) as fc.Arbitrary<SegmentNode>,
    fc.record({ kind: fc.constant('not' as const), child: tie('tree'), ...meta }) as fc.Arbitrary<SegmentNode>,
  ),
}));

// Undefined optional keys are dropped (as JSON would).
const clean = (node: SegmentNode): SegmentNode => JSON.parse(JSON.stringify(node)) as SegmentNode;

// ---- the test ---------------------------------------------------------------------------------

describe('segment rules: compiled SQL agrees with a plain evaluator', () => {
  let engine: Engine;
  let client: EngineClient;
  const bank = makeBank(20240331);
  const saved = new Map<string, SegmentNode>([
    ['seg_p1', { kind: 'and', children: [{ kind: 'field', field: 'age', op: '>=', value: 40 }, { kind: 'field', field: 'city', op: 'in', values: ["O'Brien", '北京'], enabled: false }] }],
    ['seg_p2', { kind: 'or', children: [{ kind: 'activity', source: 'transactions', filters: [], window: { lastMonths: 1 }, measure: { fn: 'count', op: '>=', value: 2 }, scope: 'customer' }, { kind: 'segment', segment: 'seg_p1', member: false }] }],
  ]);

  const run = (sql: string, params?: Record<string, string | number | boolean>) => engine.workspace.withSession(detachedContext(), (s) => s.rows<{ customer_id: string }>(sql, params));

  beforeAll(async () => {
    engine = await Engine.open({ path: ':memory:', threads: 1, memoryLimit: '1GB' });
    client = engine.connectClient();
    await engine.workspace.withSession(detachedContext(), async (s) => {
      const load = async (table: string, ddl: string, rows: object[]) => {
        await s.run(`CREATE TABLE ${table} (${ddl})`);
        // Test-constant shape; the rows travel as one bound JSON parameter.
        if (rows.length) await s.run(`INSERT INTO ${table} SELECT unnest(from_json($j, '${shapeOf(ddl)}'), recursive := true)`, { j: JSON.stringify(rows) });
      };
      await load('customer_profile', 'customer_id VARCHAR, age INTEGER, city VARCHAR, aum_latest DECIMAL(18,2), payroll_flag BOOLEAN, last_activity_date DATE, onboard_ts TIMESTAMP', bank.customers);
      await load('transactions', 'customer_id VARCHAR, account_id VARCHAR, ts TIMESTAMP, amount DECIMAL(18,2), txn_type VARCHAR, channel VARCHAR', bank.txns);
      await load('events', 'customer_id VARCHAR, ts TIMESTAMP, event_name VARCHAR', bank.events);
      await load('contacts', 'customer_id VARCHAR, contact_ts TIMESTAMP, campaign_id VARCHAR, channel VARCHAR, arm VARCHAR, responded BOOLEAN, outcome VARCHAR', bank.contacts);
      await load('holdings', 'customer_id VARCHAR, product_code VARCHAR, product_type VARCHAR, start_date DATE, end_date DATE', bank.holdings);
      await load('balances', 'customer_id VARCHAR, month DATE, aum DECIMAL(18,2)', bank.balances);
      await writeProfileMeta(s, { asOf: AS_OF, asOfPinned: true, builtAt: 'test', customers: bank.customers.length });
    });
    // Saved segments with fixed ids (the store makes random ones): written through the store's tables.
    const p1 = await client.call('segment.save', { name: 'p1', rule: saved.get('seg_p1')! });
    await run(`UPDATE _sw_segments SET id = 'seg_p1' WHERE id = $id`, { id: p1.id });
    const p2 = await client.call('segment.save', { name: 'p2', rule: saved.get('seg_p2')! });
    await run(`UPDATE _sw_segments SET id = 'seg_p2' WHERE id = $id`, { id: p2.id });
  });
  afterAll(() => engine.close());

  it('the data set loaded as generated', async () => {
    const [row] = await engine.workspace.withSession(detachedContext(), (s) => s.rows<{ n: bigint }>('SELECT count(*) AS n FROM transactions'));
    expect(Number(row!.n)).toBe(bank.txns.length);
  });

  it('agrees on every member for random trees (engine, and the DuckDB export run for real)', async () => {
    const sizes: number[] = [];
    await fc.assert(
      fc.asyncProperty(tree, async (raw) => {
        const rule = clean(raw);
        const pruned = pruneDisabled(rule) ?? ({ kind: 'all' } as SegmentNode);
        const expected = bank.customers.filter((c) => evaluate(pruned, c, bank, saved)).map((c) => c.customer_id).sort();
        const target = engineDialect();
        const where = await engine.workspace.withSession(detachedContext(), async (s) => compileForEngine(s, await loadWorkbench(s), rule, target));
        const got = (await run(`SELECT p.customer_id FROM customer_profile p WHERE coalesce(${where}, FALSE) ORDER BY 1`, target.params)).map((r) => r.customer_id);
        expect(got).toEqual(expected);
        // The same tree exported as DuckDB SQL with literals (against the same tables) selects the same members.
        const exported = await engine.workspace.withSession(detachedContext(), async (s) => {
          const wb = await loadWorkbench(s);
          const refs = await loadRefs(s, pruned, { withMembers: true });
          return compileSegment(pruned, { dialect: warehouseDialect('duckdb', { asOf: AS_OF }), asOf: AS_OF, profile: wb.profile, sources: wb.sources, refs });
        });
        const viaExport = (await run(`SELECT p.customer_id FROM customer_profile p WHERE coalesce(${exported}, FALSE) ORDER BY 1`)).map((r) => r.customer_id);
        expect(viaExport).toEqual(expected);
        // The live count agrees too.
        const count = await client.call('segment.count', { rule });
        expect(count.count).toBe(expected.length);
        sizes.push(expected.length);
      }),
      { numRuns: Number(process.env.SEGMENT_PROPERTY_RUNS ?? 150), seed: Number(process.env.SEGMENT_PROPERTY_SEED ?? 42) },
    );
    // The trees are not trivial: some select nobody, some everybody, most something in between.
    const between = sizes.filter((n) => n > 0 && n < bank.customers.length).length;
    expect(between).toBeGreaterThan(sizes.length / 4);
  });
});

/** The from_json shape of a column list (for loading JSON rows with their types). */
function shapeOf(ddl: string): string {
  const shape: Record<string, string> = {};
  for (const part of ddl.split(/,(?![^(]*\))/)) {
    const [name, ...type] = part.trim().split(/\s+/);
    shape[name!] = type.join(' ');
  }
  return JSON.stringify([shape]);
}
