import { PROFILE_TABLE } from '../../shared/customer-types';
import { AppError } from '../../shared/errors';
import type { Breakdown, FunnelResult, FunnelSource, FunnelSpec } from '../../shared/funnel-types';
import { compileField } from '../conditions/compile-condition';
import { latestDataDate, sourceShape } from '../profile/build-profile';
import { columnExists, readProfileMeta } from '../profile/profile-meta';
import { compileForEngine, loadWorkbench, targetRule } from '../segments/segment-context';
import { engineDialect } from '../sql/engine-dialect';
import { quoteIdent } from '../sql/identifiers';
import { ParamBag } from '../sql/param-bag';
import type { Session } from '../workspace';
import { evaluateCustomer, type Evaluation, type EvaluationSpec, type StreamRow } from './evaluate-funnel';
import { sourceCatalog, sourceRelation, type TableColumns } from './funnel-sources';
import { addDuration, CONVERT_BUCKETS_SECONDS, periodStart } from './funnel-time';

const OTHER = 'Other';
const MISSING = '(missing)';

async function tableColumns(session: Session): Promise<TableColumns> {
  const rows = await session.rows<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE database_name = $catalog AND schema_name = 'main' ORDER BY table_name, column_index`,
    { catalog: session.catalog },
  );
  const tables = new Map<string, Map<string, string>>();
  for (const r of rows) (tables.get(r.table_name) ?? tables.set(r.table_name, new Map()).get(r.table_name)!).set(r.column_name, r.data_type);
  return tables;
}

/** The analysis date: the profile's when it is built, else the latest date in the data (never the wall clock). */
async function analysisDate(session: Session): Promise<string> {
  const meta = await readProfileMeta(session);
  return meta?.asOf ?? latestDataDate(session, await sourceShape(session));
}

function defaultPeriod(asOf: string): { from: string; to: string } {
  const to = new Date(`${asOf}T00:00:00Z`);
  const from = new Date(Date.UTC(to.getUTCFullYear() - 1, to.getUTCMonth(), to.getUTCDate() + 1));
  return { from: from.toISOString().slice(0, 10), to: asOf };
}

/** The customers a funnel counts: the profile's (or the customers table's), or a saved segment's members. */
async function populationSql(session: Session, spec: FunnelSpec, tables: TableColumns, bag: ParamBag): Promise<string> {
  if (!spec.segmentId) return `SELECT CAST(customer_id AS VARCHAR) AS customer_id FROM ${quoteIdent(tables.has(PROFILE_TABLE) ? PROFILE_TABLE : 'customers')}`;
  const { rule } = await targetRule(session, { id: spec.segmentId });
  if (!(await readProfileMeta(session))) throw new AppError('NOT_FOUND', 'the customer profile has not been built yet', {}, 'error.PROFILE_NOT_BUILT');
  const where = await compileForEngine(session, await loadWorkbench(session), rule, engineDialect(bag));
  return `SELECT CAST(p.customer_id AS VARCHAR) AS customer_id FROM ${quoteIdent(PROFILE_TABLE)} p WHERE coalesce(${where}, FALSE)`;
}

interface Part {
  source: FunnelSource;
  steps: number[];
  exclusions: number[];
}

/** Which steps and exclusions read each source: one scan of a source serves all of them. */
function partsOf(spec: FunnelSpec): Part[] {
  const parts = new Map<FunnelSource, Part>();
  const part = (source: FunnelSource) => parts.get(source) ?? parts.set(source, { source, steps: [], exclusions: [] }).get(source)!;
  spec.steps.forEach((s, k) => part(s.source).steps.push(k));
  spec.exclusions.forEach((e, i) => part(e.source).exclusions.push(i));
  return [...parts.values()];
}

function propertyBreakdowns(spec: FunnelSpec): Array<Extract<Breakdown, { kind: 'property' }>> {
  return spec.breakdowns.filter((b): b is Extract<Breakdown, { kind: 'property' }> => b.kind === 'property');
}

interface Stream {
  sql: string;
  params: Record<string, string | number | boolean>;
  properties: number;
}

/** The funnel's rows of the population, in stream order (evaluate-funnel.ts), one SELECT. */
function streamSql(spec: FunnelSpec, tables: TableColumns, population: string, bag: ParamBag, asOf: string, period: { from: string; to: string }): Stream {
  const d = engineDialect(bag);
  const props = propertyBreakdowns(spec).map((b) => b.property);
  const named = [...(spec.holdConstant ? [spec.holdConstant] : []), ...props];
  const bind = (v: string) => bag.bind(v);
  const periodFrom = bind(`${period.from} 00:00:00`);
  const periodEnd = bind(`${period.to} 00:00:00`);
  const asOfEnd = bind(`${asOf} 00:00:00`);
  const selects = partsOf(spec).map((part, src) => {
    const fieldNames = [...part.steps.flatMap((k) => spec.steps[k]!.filters), ...part.exclusions.flatMap((i) => spec.exclusions[i]!.filters)].map((f) => f.field);
    const catalog = sourceCatalog(part.source, tables, [...named, ...fieldNames]);
    const match = (filters: FunnelSpec['steps'][number]['filters']) =>
      filters.length === 0 ? 'TRUE' : filters.map((f) => d.isTrue(compileField(f, { dialect: d, asOf, fields: catalog, alias: 'x', table: part.source }))).join(' AND ');
    const stepBits = part.steps.map((k) => `CASE WHEN ${match(spec.steps[k]!.filters)} THEN ${1 << k} ELSE 0 END`);
    const exclBits = part.exclusions.map((i) => `CASE WHEN ${match(spec.exclusions[i]!.filters)} THEN ${1 << i} ELSE 0 END`);
    const minStep = part.steps.length ? `CASE ${part.steps.map((k) => `WHEN ${match(spec.steps[k]!.filters)} THEN ${k}`).join(' ')} ELSE 99 END` : '99';
    const column = (p: string) => (catalog.has(p) ? `CAST(x.${quoteIdent(p)} AS VARCHAR)` : 'CAST(NULL AS VARCHAR)');
    return `SELECT x.customer_id, x._ts, ${stepBits.length ? stepBits.join(' + ') : '0'} AS steps, ${exclBits.length ? exclBits.join(' + ') : '0'} AS excl,
        ${minStep} AS min_step, ${src} AS src, ${spec.holdConstant ? column(spec.holdConstant) : 'CAST(NULL AS VARCHAR)'} AS hold,
        ${props.map((p, i) => `${column(p)} AS prop${i}`).join(', ')}${props.length ? ',' : ''} hash(${['x._ts', ...[...catalog.keys()].map((c) => `x.${quoteIdent(c)}`)].join(', ')}) AS row_hash
      FROM (${sourceRelation(part.source, catalog, bind)}) x
      WHERE x._ts < CAST(${asOfEnd} AS TIMESTAMP) + INTERVAL 1 DAY AND x._ts >= CAST(${periodFrom} AS TIMESTAMP)`;
  });
  // Strict mode needs every row of the funnel's sources (a row between two steps breaks the path).
  const keep = spec.order === 'strict' ? '' : 'WHERE steps <> 0 OR excl <> 0';
  // Only customers who can enter (a step-1 row in the period; any step's row when unordered) are
  // streamed: the others' rows cannot change a count (measured: most of a transactions funnel's rows).
  const entryRow = spec.order === 'unordered' ? 'steps <> 0' : '(steps & 1) <> 0';
  const sql = `WITH pop AS (${population}), rows AS (${selects.join('\nUNION ALL\n')}),
    entrants AS (SELECT DISTINCT customer_id FROM rows WHERE ${entryRow} AND _ts < CAST(${periodEnd} AS TIMESTAMP) + INTERVAL 1 DAY)
    SELECT r.customer_id, CAST(epoch_ms(r._ts) AS DOUBLE) AS ts, r.steps, r.excl, r.hold,
      r._ts < CAST(${periodEnd} AS TIMESTAMP) + INTERVAL 1 DAY AS in_period
      ${props.map((_, i) => `, r.prop${i}`).join('')}
    FROM (SELECT * FROM rows ${keep}) r SEMI JOIN pop ON pop.customer_id = r.customer_id SEMI JOIN entrants e ON e.customer_id = r.customer_id
    ORDER BY r.customer_id, r._ts, r.min_step, r.src, r.row_hash`;
  return { sql, params: bag.values, properties: props.length };
}

export interface CustomerOutcome {
  customerId: string;
  evaluation: Evaluation;
  rows: StreamRow[];
  props: Array<Array<string | null>>;
}

function evaluationSpec(spec: FunnelSpec): EvaluationSpec {
  return {
    steps: spec.steps.length,
    optional: spec.steps.map((s) => s.optional),
    order: spec.order,
    windowEnd: (ts) => addDuration(ts, spec.window),
    stepWindowEnd: spec.steps.map((s, k) => (k > 0 && s.withinPrevious ? (ts: number) => addDuration(ts, s.withinPrevious!) : null)),
    exclusions: spec.exclusions.map((e) => ({ from: e.from, to: e.to })),
    holdConstant: spec.holdConstant !== undefined,
    everyStepInPeriod: spec.periodApplies === 'all_steps',
  };
}

/** Reads the stream and evaluates every customer who has a row (others never enter the funnel). */
export async function evaluateFunnel(session: Session, spec: FunnelSpec): Promise<{ asOf: string; period: { from: string; to: string }; population: number; outcomes: CustomerOutcome[] }> {
  const tables = await tableColumns(session);
  const asOf = await analysisDate(session);
  const period = spec.period ?? defaultPeriod(asOf);
  const popBag = new ParamBag('q');
  const population = await populationSql(session, spec, tables, popBag);
  const stream = streamSql(spec, tables, population, new ParamBag('f'), asOf, period);
  // DuckDB refuses a named parameter the statement does not use: each statement gets exactly its own.
  const withAsOf = (sql: string, params: Record<string, string | number | boolean>) => (sql.includes('$as_of') ? { ...params, as_of: asOf } : params);
  const [count] = await session.rows<{ n: bigint }>(`SELECT count(*) AS n FROM (${population})`, withAsOf(population, popBag.values));
  const reader = await session.read(stream.sql, withAsOf(stream.sql, { ...popBag.values, ...stream.params }), { from: 0.05, to: 0.8 });
  const [ids, ts, steps, excl, hold, inPeriod, ...props] = reader.getColumnsJS() as [string[], number[], number[], number[], Array<string | null>, boolean[], ...Array<Array<string | null>>];
  const evalSpec = evaluationSpec(spec);
  const outcomes: CustomerOutcome[] = [];
  for (let start = 0; start < ids.length; ) {
    let end = start + 1;
    while (end < ids.length && ids[end] === ids[start]) end++;
    const rows: StreamRow[] = [];
    for (let i = start; i < end; i++) rows.push({ ts: ts[i]!, steps: Number(steps[i]), exclusions: Number(excl[i]), hold: hold[i] ?? null, inPeriod: inPeriod[i] === true });
    const evaluation = evaluateCustomer(rows, evalSpec);
    if (evaluation.reached[0]) outcomes.push({ customerId: ids[start]!, evaluation, rows, props: props.map((column) => column.slice(start, end)) });
    start = end;
  }
  return { asOf, period, population: Number(count?.n ?? 0), outcomes };
}

/** Each breakdown's value per customer (profile field, segment membership, campaign arm, or a step row's property). */
async function breakdownValues(session: Session, spec: FunnelSpec, outcomes: readonly CustomerOutcome[]): Promise<Array<(o: CustomerOutcome) => string>> {
  const ids = JSON.stringify(outcomes.map((o) => o.customerId));
  const lookups: Array<(o: CustomerOutcome) => string> = [];
  let propertyIndex = 0;
  for (const b of spec.breakdowns) {
    if (b.kind === 'property') {
      const i = propertyIndex++;
      const stepOf = (o: CustomerOutcome) => {
        if (b.attribution === 'first') return 0;
        if (b.attribution === 'step') return b.step;
        return o.evaluation.path.reduce((last, row, k) => (row >= 0 ? k : last), 0);
      };
      lookups.push((o) => {
        const row = o.evaluation.path[stepOf(o)] ?? -1;
        return row >= 0 ? (o.props[i]![row] ?? MISSING) : MISSING;
      });
      continue;
    }
    let sql: string;
    let params: Record<string, string | number | boolean> = { ids };
    if (b.kind === 'field') {
      if (!(await columnExists(session, PROFILE_TABLE, b.field))) throw new AppError('INVALID_ARGUMENT', `no profile field named ${b.field}`, { field: b.field, table: PROFILE_TABLE }, 'error.RULE_UNKNOWN_FIELD');
      sql = `SELECT CAST(p.customer_id AS VARCHAR) AS id, CAST(p.${quoteIdent(b.field)} AS VARCHAR) AS v FROM ${quoteIdent(PROFILE_TABLE)} p
             SEMI JOIN (SELECT unnest(from_json($ids, '["VARCHAR"]')) AS id) u ON u.id = p.customer_id`;
    } else if (b.kind === 'arm') {
      sql = `SELECT CAST(customer_id AS VARCHAR) AS id, min(CAST(arm AS VARCHAR)) AS v FROM contacts WHERE campaign_id = $campaign GROUP BY 1`;
      params = { campaign: b.campaignId };
    } else {
      const bag = new ParamBag('s');
      const { rule, name } = await targetRule(session, { id: b.segmentId });
      const wb = await loadWorkbench(session);
      const where = await compileForEngine(session, wb, rule, engineDialect(bag));
      sql = `SELECT CAST(p.customer_id AS VARCHAR) AS id, ${bag.bind(name ?? b.segmentId)} AS v FROM ${quoteIdent(PROFILE_TABLE)} p WHERE coalesce(${where}, FALSE)`;
      params = sql.includes('$as_of') ? { ...bag.values, as_of: wb.asOf } : bag.values;
    }
    const rows = await session.rows<{ id: string; v: string | null }>(sql, params);
    const values = new Map(rows.map((r) => [r.id, r.v ?? MISSING]));
    const absent = b.kind === 'arm' ? 'not in campaign' : b.kind === 'segment' ? 'not in segment' : MISSING;
    lookups.push((o) => values.get(o.customerId) ?? absent);
  }
  return lookups;
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  const rank = (v: string) => (v === OTHER ? 2 : v === MISSING ? 1 : 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    const order = rank(x) - rank(y) || x.localeCompare(y, 'en', { numeric: true });
    if (order !== 0) return order;
  }
  return 0;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function groupResult(key: string[], outcomes: readonly CustomerOutcome[], steps: number) {
  const counts = new Array<number>(steps).fill(0);
  const times: number[][] = Array.from({ length: steps }, () => []);
  for (const o of outcomes) {
    let previousTs: number | null = null;
    for (let k = 0; k < steps; k++) {
      if (o.evaluation.reached[k]) counts[k]!++;
      const row = o.evaluation.path[k]!;
      if (row < 0) continue;
      const ts = o.rows[row]!.ts;
      if (previousTs !== null && k > 0) times[k]!.push((ts - previousTs) / 1000);
      previousTs = ts;
    }
  }
  return {
    key,
    steps: counts.map((customers, k) => {
      const previous = k === 0 ? customers : counts[k - 1]!;
      const first = counts[0]!;
      const t = times[k]!;
      return {
        customers,
        fromFirst: first ? customers / first : 0,
        fromPrevious: previous ? customers / previous : 0,
        droppedOff: Math.max(0, previous - customers),
        medianSeconds: k === 0 ? null : median(t),
        averageSeconds: k === 0 || t.length === 0 ? null : t.reduce((a, b) => a + b, 0) / t.length,
      };
    }),
  };
}

export async function runFunnel(session: Session, spec: FunnelSpec): Promise<FunnelResult> {
  const started = performance.now();
  const { asOf, period, population, outcomes } = await evaluateFunnel(session, spec);
  const steps = spec.steps.length;
  const lookups = await breakdownValues(session, spec, outcomes);
  // Top N values per breakdown, by customers at step 1; the rest are Other.
  const keep = lookups.map((lookup) => {
    const counts = new Map<string, number>();
    for (const o of outcomes) counts.set(lookup(o), (counts.get(lookup(o)) ?? 0) + 1);
    return new Set([...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, spec.topN).map(([v]) => v));
  });
  const groups = new Map<string, { key: string[]; members: CustomerOutcome[] }>();
  if (lookups.length > 0) {
    for (const o of outcomes) {
      const key = lookups.map((lookup, i) => {
        const v = lookup(o);
        return keep[i]!.has(v) ? v : OTHER;
      });
      const id = JSON.stringify(key);
      (groups.get(id) ?? groups.set(id, { key, members: [] }).get(id)!).members.push(o);
    }
  }
  const converters = outcomes.filter((o) => o.evaluation.reached[steps - 1]);
  const buckets = CONVERT_BUCKETS_SECONDS.slice(0, -1).map((fromSeconds, i) => ({ fromSeconds, toSeconds: CONVERT_BUCKETS_SECONDS[i + 1]!, customers: 0 }));
  for (const o of converters) {
    const first = o.rows[o.evaluation.path[0]!]!.ts;
    const lastRow = o.evaluation.path[steps - 1]!;
    if (lastRow < 0) continue;
    const seconds = (o.rows[lastRow]!.ts - first) / 1000;
    const bucket = buckets.find((b) => seconds >= b.fromSeconds && seconds < b.toSeconds);
    if (bucket) bucket.customers++;
  }
  const trend = new Map<string, { entered: number; converted: number }>();
  for (const o of outcomes) {
    const p = periodStart(o.rows[o.evaluation.path[0]!]!.ts, spec.trend);
    const t = trend.get(p) ?? trend.set(p, { entered: 0, converted: 0 }).get(p)!;
    t.entered++;
    if (o.evaluation.reached[steps - 1]) t.converted++;
  }
  return {
    asOf,
    period,
    population,
    stepNames: spec.steps.map((s, k) => s.name || `${k + 1}. ${s.source}`),
    total: groupResult([], outcomes, steps),
    // Values in their own order (age bands, tiers read 18-29, 30-44 …); Other and (missing) last.
    groups: [...groups.values()].sort((a, b) => compareKeys(a.key, b.key)).map((g) => groupResult(g.key, g.members, steps)),
    timeToConvert: buckets.map((b) => ({ ...b, toSeconds: Number.isFinite(b.toSeconds) ? b.toSeconds : null })),
    trend: [...trend].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([period, t]) => ({ period, ...t, rate: t.entered ? t.converted / t.entered : 0 })),
    elapsedMs: performance.now() - started,
  };
}
