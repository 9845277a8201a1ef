import { maskedSql } from '../privacy/masked-views';
import { personalRule } from '../privacy/personal-columns';
import { AppError } from '../../shared/errors';
import { PROFILE_TABLE } from '../../shared/customer-types';
import { BEHAVIOUR_COLUMNS, type BehaviourSource, type CompareResult, type FieldValuesResult, type OverlapResult, type SegmentNode } from '../../shared/segment-types';
import type { MethodResult } from '../../shared/methods';
import { qualifiedName, quoteIdent } from '../sql/identifiers';
import { describeColumns, exactRowCount } from '../tables/table-catalog';
import type { Session } from '../workspace';
import { PROFILE_ALIAS } from './compile-segment';
import { compileForEngine, loadWorkbench } from './segment-context';
import { getSegment } from './segment-store';
import { engineDialect } from '../sql/engine-dialect';
import { typeFamily } from '../sql/type-family';

const PROFILE = quoteIdent(PROFILE_TABLE);
const num = (v: unknown) => Number(v ?? 0);

/**
 * A value picker's data for one profile field, or for a column of a behavioural source (the
 * filters of a behavioural condition: channel, txn_type, event_name… as the data has them).
 */
export async function fieldValues(
  session: Session,
  input: { field: string; source?: BehaviourSource | undefined; limit: number; bins: number; scale?: 'linear' | 'log' | undefined },
): Promise<FieldValuesResult> {
  const { field, limit, bins } = input;
  const wb = await loadWorkbench(session);
  const catalog = input.source ? wb.sources.get(input.source) : wb.profile;
  if (!catalog) throw new AppError('INVALID_ARGUMENT', `the workspace has no ${input.source} table`, { table: input.source ?? '' }, 'error.SEGMENT_SOURCE_MISSING');
  const column = catalog.get(field);
  if (!column || (input.source && !(BEHAVIOUR_COLUMNS[input.source].columns as readonly string[]).includes(field))) {
    throw new AppError('INVALID_ARGUMENT', `no ${input.source ? `column of ${input.source}` : 'profile field'} named ${field}`, { field, table: input.source ?? PROFILE_TABLE }, 'error.RULE_UNKNOWN_FIELD');
  }
  const P = input.source ? quoteIdent(input.source) : PROFILE;
  const c = quoteIdent(column.name);
  const family = typeFamily(column.type);
  if (family === 'number') {
    const [r] = await session.rows<{ lo: number | null; hi: number | null; pos: number | null; nulls: bigint }>(
      `SELECT CAST(min(${c}) AS DOUBLE) AS lo, CAST(max(${c}) AS DOUBLE) AS hi, CAST(min(${c}) FILTER (WHERE ${c} > 0) AS DOUBLE) AS pos, count(*) FILTER (WHERE ${c} IS NULL) AS nulls FROM ${P}`,
    );
    const lo = r?.lo ?? null;
    const hi = r?.hi ?? null;
    if (lo === null || hi === null) return { kind: 'numeric', field, min: null, max: null, nulls: num(r?.nulls), buckets: [], scale: 'linear' };
    const pos = r?.pos ?? null;
    if (input.scale === 'log' && lo >= 0 && pos !== null && hi > pos) return logBins(session, P, c, field, { lo, hi, pos, nulls: num(r?.nulls), bins });
    const width = hi > lo ? (hi - lo) / bins : 1;
    const rows = await session.rows<{ b: number; n: bigint }>(
      `SELECT CAST(least(floor((CAST(${c} AS DOUBLE) - $lo) / $w), $last) AS INTEGER) AS b, count(*) AS n FROM ${P} WHERE ${c} IS NOT NULL GROUP BY b`,
      { lo, w: width, last: hi > lo ? bins - 1 : 0 },
    );
    const counts = new Map(rows.map((x) => [x.b, num(x.n)]));
    const count = hi > lo ? bins : 1;
    return {
      kind: 'numeric',
      field,
      min: lo,
      max: hi,
      nulls: num(r?.nulls),
      buckets: Array.from({ length: count }, (_, i) => ({ from: lo + i * width, to: i === count - 1 ? hi : lo + (i + 1) * width, count: counts.get(i) ?? 0 })),
      scale: 'linear',
    };
  }
  if (family === 'date' || family === 'timestamp') {
    const [r] = await session.rows<{ lo: string | null; hi: string | null; nulls: bigint }>(
      `SELECT strftime(CAST(min(${c}) AS DATE), '%Y-%m-%d') AS lo, strftime(CAST(max(${c}) AS DATE), '%Y-%m-%d') AS hi, count(*) FILTER (WHERE ${c} IS NULL) AS nulls FROM ${P}`,
    );
    return { kind: 'date', field, min: r?.lo ?? null, max: r?.hi ?? null, nulls: num(r?.nulls) };
  }
  // A personal field's values are grouped by their masked form (周*, 138****1234): a picker never lists names or numbers in clear.
  const personal = personalRule(input.source ?? PROFILE_TABLE, column);
  const value = personal !== null ? maskedSql(personal, column.name) : family === 'boolean' ? c : `CAST(${c} AS VARCHAR)`;
  const rows = await session.rows<{ v: string | boolean | null; n: bigint; d: bigint }>(
    `SELECT ${value} AS v, count(*) AS n, count(*) OVER () AS d FROM ${P} GROUP BY ALL ORDER BY n DESC, v NULLS LAST LIMIT $limit`,
    { limit },
  );
  const distinct = num(rows[0]?.d);
  return { kind: 'categorical', field, values: rows.map((r) => ({ value: r.v, count: num(r.n) })), distinct, truncated: distinct > rows.length };
}

/**
 * Bins of equal width in log10 from the smallest positive value to the maximum, with the values
 * below it (zero balances: a bank's many empty accounts) in a first bin of their own. Equal-width
 * bins of AUM put nearly every customer in the first bar and hide the tail.
 */
async function logBins(
  session: Session,
  table: string,
  c: string,
  field: string,
  range: { lo: number; hi: number; pos: number; nulls: number; bins: number },
): Promise<FieldValuesResult> {
  const { lo, hi, pos, nulls } = range;
  const zeroBin = lo < pos ? 1 : 0;
  const logBinsCount = Math.max(1, range.bins - zeroBin);
  const start = Math.log10(pos);
  const step = (Math.log10(hi) - start) / logBinsCount;
  const rows = await session.rows<{ b: number; n: bigint }>(
    `SELECT CASE WHEN CAST(${c} AS DOUBLE) < $pos THEN 0 ELSE $zero + CAST(least(floor((log10(CAST(${c} AS DOUBLE)) - $start) / $step), $last) AS INTEGER) END AS b, count(*) AS n
       FROM ${table} WHERE ${c} IS NOT NULL GROUP BY b`,
    { pos, zero: zeroBin, start, step, last: logBinsCount - 1 },
  );
  const counts = new Map(rows.map((x) => [Number(x.b), num(x.n)]));
  const edge = (k: number) => (k === logBinsCount ? hi : 10 ** (start + k * step));
  const buckets = [
    ...(zeroBin ? [{ from: lo, to: pos, count: counts.get(0) ?? 0 }] : []),
    ...Array.from({ length: logBinsCount }, (_, k) => ({ from: k === 0 ? pos : edge(k), to: edge(k + 1), count: counts.get(k + zeroBin) ?? 0 })),
  ];
  return { kind: 'numeric', field, min: lo, max: hi, nulls, buckets, scale: 'log' };
}

/** Default attributes compared: whichever of these the profile has. */
const COMPARE_FIELDS = [
  'value_tier', 'lifecycle_stage', 'gender', 'marital_status', 'occupation', 'industry', 'education', 'city', 'risk_level', 'channel_pref',
  'payroll_flag', 'is_dormant', 'age', 'aum_latest', 'tenure_months', 'product_count', 'txn_count_12m', 'rfm_recency', 'rfm_frequency', 'rfm_monetary',
];
const TOP_CATEGORIES = 15;

export async function compareSegment(session: Session, rule: SegmentNode, fields: string[] | undefined, bins: number): Promise<CompareResult> {
  const wb = await loadWorkbench(session);
  const target = engineDialect();
  const where = await compileForEngine(session, wb, rule, target);
  const chosen = (fields ?? COMPARE_FIELDS).filter((f) => wb.profile.has(f));
  for (const f of fields ?? []) if (!wb.profile.has(f)) throw new AppError('INVALID_ARGUMENT', `no profile field named ${f}`, { field: f }, 'error.RULE_UNKNOWN_FIELD');
  const tmp = '_sw_segment_compare';
  await session.run(
    `CREATE OR REPLACE TEMP TABLE ${quoteIdent(tmp)} AS SELECT coalesce(${where}, FALSE) AS _in${chosen.map((f) => `, ${PROFILE_ALIAS}.${quoteIdent(f)}`).join('')} FROM ${PROFILE} ${PROFILE_ALIAS}`,
    target.params,
  );
  try {
    const T = quoteIdent(tmp);
    const [tot] = await session.rows<{ n: bigint; k: bigint }>(`SELECT count(*) AS n, count(*) FILTER (WHERE _in) AS k FROM ${T}`);
    const baseCount = num(tot?.n);
    const segmentCount = num(tot?.k);
    const attributes: CompareResult['attributes'] = [];
    for (const f of chosen) {
      const c = quoteIdent(f);
      const family = typeFamily(wb.profile.get(f)!.type);
      let bucketSql: string;
      let kind: 'numeric' | 'categorical' = 'categorical';
      if (family === 'number') {
        kind = 'numeric';
        // Quantile edges of the base (AUM is heavy-tailed: equal-width bins would put everybody in one).
        const [q] = await session.rows<{ e: number[] | null }>(`SELECT quantile_disc(CAST(${c} AS DOUBLE), [${Array.from({ length: bins - 1 }, (_, i) => (i + 1) / bins).join(', ')}]) AS e FROM ${T}`);
        const edges = [...new Set((q?.e ?? []).map(Number))].sort((a, b) => a - b);
        const list = `[${edges.map((e) => (Number.isFinite(e) ? String(e) : '0')).join(', ')}]::DOUBLE[]`;
        bucketSql = edges.length === 0 ? `CASE WHEN ${c} IS NULL THEN NULL ELSE 0 END` : `CASE WHEN ${c} IS NULL THEN NULL ELSE len(list_filter(${list}, e -> e < CAST(${c} AS DOUBLE))) END`;
        const rows = await session.rows<{ b: number | null; base: bigint; seg: bigint; lo: number | null; hi: number | null }>(
          `SELECT ${bucketSql} AS b, count(*) AS base, count(*) FILTER (WHERE _in) AS seg, CAST(min(${c}) AS DOUBLE) AS lo, CAST(max(${c}) AS DOUBLE) AS hi FROM ${T} GROUP BY b ORDER BY b NULLS LAST`,
        );
        attributes.push(attribute(f, kind, rows.map((r) => ({ label: r.b === null ? '(empty)' : `${fmt(r.lo)}–${fmt(r.hi)}`, base: num(r.base), seg: num(r.seg) })), baseCount, segmentCount));
        continue;
      }
      bucketSql = family === 'text' ? c : `CAST(${c} AS VARCHAR)`;
      const rows = await session.rows<{ v: string | null; base: bigint; seg: bigint }>(`SELECT ${bucketSql} AS v, count(*) AS base, count(*) FILTER (WHERE _in) AS seg FROM ${T} GROUP BY v ORDER BY base DESC, v`);
      const top = rows.slice(0, TOP_CATEGORIES).map((r) => ({ label: r.v ?? '(empty)', base: num(r.base), seg: num(r.seg) }));
      const rest = rows.slice(TOP_CATEGORIES);
      if (rest.length) top.push({ label: '(other)', base: rest.reduce((a, r) => a + num(r.base), 0), seg: rest.reduce((a, r) => a + num(r.seg), 0) });
      attributes.push(attribute(f, kind, top, baseCount, segmentCount));
    }
    attributes.sort((a, b) => b.difference - a.difference);
    return { segmentCount, baseCount, attributes };
  } finally {
    await session.run(`DROP TABLE IF EXISTS temp.main.${quoteIdent(tmp)}`);
  }
}

const fmt = (v: number | null) => (v === null ? '' : Number.isInteger(v) ? String(v) : v.toFixed(2));

function attribute(field: string, kind: 'numeric' | 'categorical', rows: Array<{ label: string; base: number; seg: number }>, baseCount: number, segmentCount: number) {
  const buckets = rows.map((r) => {
    const segmentShare = segmentCount ? r.seg / segmentCount : 0;
    const baseShare = baseCount ? r.base / baseCount : 0;
    return { label: r.label, segmentCount: r.seg, baseCount: r.base, segmentShare, baseShare, lift: baseShare ? segmentShare / baseShare : null };
  });
  const difference = buckets.reduce((a, b) => a + Math.abs(b.segmentShare - b.baseShare), 0) / 2;
  return { field, kind, difference, buckets };
}

/** Every exact intersection of 2–8 segments in one pass: a bitmask per customer, GROUP BY it. */
export async function overlapSegments(session: Session, ids: string[]): Promise<OverlapResult> {
  const unique = [...new Set(ids)];
  if (unique.length !== ids.length) throw new AppError('INVALID_ARGUMENT', 'a segment is listed twice', {}, 'error.SEGMENT_OVERLAP_DUPLICATE');
  const wb = await loadWorkbench(session);
  const target = engineDialect();
  const segments = [];
  const bits: string[] = [];
  for (const [i, id] of ids.entries()) {
    const saved = await getSegment(session, id);
    segments.push(saved);
    bits.push(`CASE WHEN coalesce(${await compileForEngine(session, wb, { kind: 'segment', segment: id, member: true }, target)}, FALSE) THEN ${2 ** i} ELSE 0 END`);
  }
  const rows = await session.rows<{ mask: number; n: bigint }>(
    `SELECT CAST(${bits.join(' + ')} AS INTEGER) AS mask, count(*) AS n FROM ${PROFILE} ${PROFILE_ALIAS} GROUP BY mask ORDER BY mask`,
    target.params,
  );
  const customers = rows.reduce((a, r) => a + num(r.n), 0);
  const intersections = rows
    .filter((r) => r.mask !== 0)
    .map((r) => ({ mask: r.mask, segments: ids.filter((_, i) => (r.mask & (1 << i)) !== 0), count: num(r.n) }))
    .sort((a, b) => b.count - a.count || a.mask - b.mask);
  return {
    segments: segments.map((s, i) => ({ id: s.id, name: s.name, count: intersections.filter((x) => (x.mask & (1 << i)) !== 0).reduce((a, x) => a + x.count, 0) })),
    intersections,
    union: intersections.reduce((a, x) => a + x.count, 0),
    customers,
  };
}

const MEMBER_PREFIX = '_sw_segment_members_';
const KEPT = 3;
let nextMembers = 1;
const kept: string[] = [];

/** The members' profile rows as a scratch table that the grid pages (table.page masks them). */
export async function segmentMembers(session: Session, rule: SegmentNode): Promise<MethodResult<'segment.members'>> {
  const wb = await loadWorkbench(session);
  const target = engineDialect();
  const where = await compileForEngine(session, wb, rule, target);
  const name = `${MEMBER_PREFIX}${nextMembers++}`;
  await session.run(`CREATE TABLE ${qualifiedName('scratch', 'main', name)} AS SELECT ${PROFILE_ALIAS}.* FROM ${PROFILE} ${PROFILE_ALIAS} WHERE coalesce(${where}, FALSE) ORDER BY ${PROFILE_ALIAS}.customer_id`, target.params);
  kept.push(name);
  while (kept.length > KEPT) await session.run(`DROP TABLE IF EXISTS ${qualifiedName('scratch', 'main', kept.shift() as string)}`);
  const table = { schema: 'scratch' as const, name };
  return { table, rowCount: await exactRowCount(session, table), columns: await describeColumns(session, table) };
}
