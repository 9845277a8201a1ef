import type { Breakdown, FunnelSource, FunnelSpec } from '../../shared/funnel-types';
import { quoteIdent } from '../sql/identifiers';
import { ParamBag, usedParams } from '../sql/param-bag';
import type { Session } from '../workspace';
import { evaluateCustomer, type Evaluation, type EvaluationSpec, type StreamRow } from './evaluate-funnel';
import { fieldColumn, OUTCOMES_TABLE, outcomeColumnsDdl } from './funnel-outcomes';
import { fieldBreakdowns, sourceRows, timeBounds, type FunnelScope } from './funnel-scope';
import { addDuration } from './funnel-time';

/**
 * Every funnel the SQL evaluation does not take (strict, unordered, exclusions, optional steps,
 * hold-constant, step-property breakdowns, steps one row can match twice): each entrant's rows
 * streamed in stream order and walked in JS (evaluate-funnel.ts), the outcomes written to the
 * outcomes table.
 */

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

export function propertyBreakdowns(spec: FunnelSpec): Array<Extract<Breakdown, { kind: 'property' }>> {
  return spec.breakdowns.filter((b): b is Extract<Breakdown, { kind: 'property' }> => b.kind === 'property');
}

/** The funnel's rows of the population, in stream order (evaluate-funnel.ts), one SELECT. */
function streamSql(spec: FunnelSpec, scope: FunnelScope, bag: ParamBag): string {
  const props = propertyBreakdowns(spec).map((b) => b.property);
  const named = [...(spec.holdConstant ? [spec.holdConstant] : []), ...props];
  const { periodFrom, periodEnd, asOfEnd } = timeBounds(scope, bag);
  const selects = partsOf(spec).map((part, src) => {
    const fieldNames = [...part.steps.flatMap((k) => spec.steps[k]!.filters), ...part.exclusions.flatMap((i) => spec.exclusions[i]!.filters)].map((f) => f.field);
    const { catalog, match, relation } = sourceRows(part.source, scope, [...named, ...fieldNames], bag);
    const stepBits = part.steps.map((k) => `CASE WHEN ${match(spec.steps[k]!.filters)} THEN ${1 << k} ELSE 0 END`);
    const exclBits = part.exclusions.map((i) => `CASE WHEN ${match(spec.exclusions[i]!.filters)} THEN ${1 << i} ELSE 0 END`);
    const minStep = part.steps.length ? `CASE ${part.steps.map((k) => `WHEN ${match(spec.steps[k]!.filters)} THEN ${k}`).join(' ')} ELSE 99 END` : '99';
    const column = (p: string) => (catalog.has(p) ? `CAST(x.${quoteIdent(p)} AS VARCHAR)` : 'CAST(NULL AS VARCHAR)');
    return `SELECT x.customer_id, x._ts, ${stepBits.length ? stepBits.join(' + ') : '0'} AS steps, ${exclBits.length ? exclBits.join(' + ') : '0'} AS excl,
        ${minStep} AS min_step, ${src} AS src, ${spec.holdConstant ? column(spec.holdConstant) : 'CAST(NULL AS VARCHAR)'} AS hold,
        ${props.map((p, i) => `${column(p)} AS prop${i}`).join(', ')}${props.length ? ',' : ''} hash(${['x._ts', ...[...catalog.keys()].map((c) => `x.${quoteIdent(c)}`)].join(', ')}) AS row_hash
      FROM (${relation}) x
      WHERE x._ts < ${asOfEnd} AND x._ts >= ${periodFrom}`;
  });
  // Strict mode needs every row of the funnel's sources (a row between two steps breaks the path).
  const keep = spec.order === 'strict' ? '' : 'WHERE steps <> 0 OR excl <> 0';
  // Only customers who can enter (a step-1 row in the period; any step's row when unordered) are
  // streamed: the others' rows cannot change a count (measured: most of a transactions funnel's rows).
  const entryRow = spec.order === 'unordered' ? 'steps <> 0' : '(steps & 1) <> 0';
  return `WITH pop AS (${scope.population}), rows AS (${selects.join('\nUNION ALL\n')}),
    entrants AS (SELECT DISTINCT customer_id FROM rows WHERE ${entryRow} AND _ts < ${periodEnd})
    SELECT r.customer_id, CAST(epoch_ms(r._ts) AS DOUBLE) AS ts, r.steps, r.excl, r.hold,
      r._ts < ${periodEnd} AS in_period
      ${props.map((_, i) => `, r.prop${i}`).join('')}
    FROM (SELECT * FROM rows ${keep}) r SEMI JOIN pop ON pop.customer_id = r.customer_id SEMI JOIN entrants e ON e.customer_id = r.customer_id
    ORDER BY r.customer_id, r._ts, r.min_step, r.src, r.row_hash`;
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

/** The step whose row gives a property breakdown's value: first touch, last touch (the last step on the path), or step N. */
function attributedStep(b: Extract<Breakdown, { kind: 'property' }>, path: readonly number[]): number {
  if (b.attribution === 'first') return 0;
  if (b.attribution === 'step') return b.step;
  return path.reduce((last, row, k) => (row >= 0 ? k : last), 0);
}

interface OutcomeRow {
  customer_id: string;
  reached: number;
  times: Array<number | null>;
  props: Array<string | null>;
}

function outcomeRow(customerId: string, evaluation: Evaluation, rows: readonly StreamRow[], spec: FunnelSpec, props: ReadonlyArray<ReadonlyArray<string | null>>): OutcomeRow {
  const breakdowns = propertyBreakdowns(spec);
  return {
    customer_id: customerId,
    reached: evaluation.reached.reduce((mask, r, k) => (r ? mask | (1 << k) : mask), 0),
    times: evaluation.path.map((r) => (r >= 0 ? rows[r]!.ts : null)),
    props: breakdowns.map((b, i) => {
      const row = evaluation.path[attributedStep(b, evaluation.path)] ?? -1;
      return row >= 0 ? (props[i]![row] ?? null) : null;
    }),
  };
}

const INSERT_BATCH = 20_000;

/** Writes outcomes in batches, each one bound JSON parameter (values never pasted into SQL). */
async function insertOutcomes(session: Session, spec: FunnelSpec, outcomes: readonly OutcomeRow[]): Promise<void> {
  const n = spec.steps.length;
  const m = propertyBreakdowns(spec).length;
  await session.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(OUTCOMES_TABLE)} (${outcomeColumnsDdl(spec, m)})`);
  const shape = JSON.stringify({ c: 'VARCHAR', r: 'INTEGER', t: ['DOUBLE'], p: ['VARCHAR'] });
  const columns = ['o.c', 'o.r', ...Array.from({ length: n }, (_, k) => `make_timestamp(CAST(o.t[${k + 1}] * 1000 AS BIGINT))`), ...Array.from({ length: m }, (_, i) => `o.p[${i + 1}]`)];
  for (let start = 0; start < outcomes.length; start += INSERT_BATCH) {
    const batch = outcomes.slice(start, start + INSERT_BATCH).map((o) => ({ c: o.customer_id, r: o.reached, t: o.times, p: o.props }));
    await session.run(
      `INSERT INTO ${quoteIdent(OUTCOMES_TABLE)} SELECT ${columns.join(', ')} FROM (SELECT unnest(from_json($batch, '[${shape.replaceAll("'", "''")}]')) AS o)`,
      { batch: JSON.stringify(batch) },
    );
  }
}

/** Streams the entrants' rows, evaluates each customer in JS and fills the outcomes table. */
export async function evaluateInStream(session: Session, spec: FunnelSpec, scope: FunnelScope): Promise<void> {
  const bag = new ParamBag('f');
  const sql = streamSql(spec, scope, bag);
  const reader = await session.read(sql, usedParams(sql, { ...scope.populationParams, ...bag.values }), { from: 0.05, to: 0.8 });
  // An empty result has no chunks, hence no columns: each column is [] then.
  const columns = reader.getColumnsJS();
  const column = <T>(i: number) => (columns[i] ?? []) as T[];
  const [ids, ts, steps, excl, hold, inPeriod] = [column<string>(0), column<number>(1), column<number>(2), column<number>(3), column<string | null>(4), column<boolean>(5)];
  const props = propertyBreakdowns(spec).map((_, i) => column<string | null>(6 + i));
  const evalSpec = evaluationSpec(spec);
  const outcomes: OutcomeRow[] = [];
  for (let start = 0; start < ids.length; ) {
    let end = start + 1;
    while (end < ids.length && ids[end] === ids[start]) end++;
    const rows: StreamRow[] = [];
    for (let i = start; i < end; i++) rows.push({ ts: ts[i]!, steps: Number(steps[i]), exclusions: Number(excl[i]), hold: hold[i] ?? null, inPeriod: inPeriod[i] === true });
    const evaluation = evaluateCustomer(rows, evalSpec);
    if (evaluation.reached[0]) outcomes.push(outcomeRow(ids[start]!, evaluation, rows, spec, props.map((column) => column.slice(start, end))));
    start = end;
  }
  await insertOutcomes(session, spec, outcomes);
  // The profile-field breakdowns' values, as the SQL evaluation brings them from the population.
  const fields = fieldBreakdowns(spec);
  if (fields.length > 0) {
    const table = quoteIdent(OUTCOMES_TABLE);
    const sql = `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT o.*${fields.map((_, i) => `, pop.${fieldColumn(i)}`).join('')}
      FROM ${table} o JOIN (${scope.population}) pop ON pop.customer_id = o.customer_id`;
    await session.run(sql, usedParams(sql, scope.populationParams));
  }
}
