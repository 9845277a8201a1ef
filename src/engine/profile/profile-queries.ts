import { maskedSql } from '../privacy/masked-views';
import { personalRule } from '../privacy/personal-columns';
import { AppError } from '../../shared/errors';
import { LIFECYCLE_STAGES, PROFILE_TABLE, VALUE_TIERS, type ProfileDistribution, type ProfileSummary } from '../../shared/customer-types';
import type { RuleNode } from '../../shared/rule-language';
import { compileCondition } from '../conditions/compile-condition';
import { ParamBag } from '../sql/param-bag';
import { quoteIdent } from '../sql/identifiers';
import { describeColumns } from '../tables/table-catalog';
import type { Session } from '../workspace';
import { readProfileMeta, readProfileStale } from './profile-meta';

const T = quoteIdent(PROFILE_TABLE);

function ordered(rows: Array<{ v: string | null; n: bigint; aum: number | null }>, order: readonly string[]) {
  const out = order.map((value) => {
    const row = rows.find((r) => r.v === value);
    return { value, count: Number(row?.n ?? 0), aum: row?.aum ?? 0 };
  });
  for (const r of rows) if (r.v === null || !order.includes(r.v)) out.push({ value: r.v ?? 'unknown', count: Number(r.n), aum: r.aum ?? 0 });
  return out;
}

export async function profileSummary(session: Session): Promise<ProfileSummary> {
  const meta = await readProfileMeta(session);
  if (!meta) return { asOf: null, customers: 0, valid: 0, invalid: 0, dormant: 0, vipShare: 0, totalAum: 0, byTier: [], byLifecycle: [], builtAt: null, asOfPinned: false, stale: null };
  const [row] = await session.rows<{ n: bigint; invalid: bigint; dormant: bigint; vip: bigint; aum: number | null }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE is_invalid) AS invalid, count(*) FILTER (WHERE is_dormant) AS dormant,
       count(*) FILTER (WHERE value_tier = 'vip') AS vip, CAST(sum(aum_latest) AS DOUBLE) AS aum FROM ${T}`,
  );
  const by = (col: string) =>
    session.rows<{ v: string | null; n: bigint; aum: number | null }>(`SELECT ${col} AS v, count(*) AS n, CAST(sum(aum_latest) AS DOUBLE) AS aum FROM ${T} GROUP BY v`);
  const customers = Number(row?.n ?? 0);
  const invalid = Number(row?.invalid ?? 0);
  return {
    asOf: meta.asOf,
    customers,
    valid: customers - invalid,
    invalid,
    dormant: Number(row?.dormant ?? 0),
    vipShare: customers ? Number(row?.vip ?? 0) / customers : 0,
    totalAum: row?.aum ?? 0,
    byTier: ordered(await by('value_tier'), VALUE_TIERS),
    byLifecycle: ordered(await by('lifecycle_stage'), LIFECYCLE_STAGES),
    builtAt: meta.builtAt,
    asOfPinned: meta.asOfPinned,
    stale: await readProfileStale(session),
  };
}

const ALIASES: Record<string, string> = { aum: 'aum_latest', tenure: 'tenure_months' };
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;
const CATEGORY_ORDER: Record<string, readonly string[]> = { value_tier: VALUE_TIERS, lifecycle_stage: LIFECYCLE_STAGES };

/** Buckets for a chart: categories with counts, or numeric bins (equal width, or powers of ten). */
export async function profileDistribution(
  session: Session,
  params: { field: string; bins: number; logScale: boolean; where?: RuleNode | undefined },
): Promise<ProfileDistribution> {
  if (!(await readProfileMeta(session))) throw new AppError('NOT_FOUND', 'the customer profile has not been built yet', {}, 'error.PROFILE_NOT_BUILT');
  const columns = await describeColumns(session, { schema: 'main', name: PROFILE_TABLE });
  const name = ALIASES[params.field] ?? params.field;
  const column = columns.find((c) => c.name === name);
  if (!column) throw new AppError('INVALID_ARGUMENT', `no profile field named ${params.field}`, { field: params.field }, 'error.RULE_UNKNOWN_FIELD');
  const bag = new ParamBag();
  const where = params.where ? `WHERE ${compileCondition(params.where, new Map(columns.map((c) => [c.name, c])), bag)}` : '';
  const col = quoteIdent(column.name);
  type R = { k: number | string | null; n: bigint; aum: number | null };

  if (!NUMERIC.test(column.type)) {
    // Personal fields are counted by their masked form: a chart never shows a name or a number in clear.
    const personal = personalRule(PROFILE_TABLE, column);
    const rows = await session.rows<{ v: string | null; n: bigint; aum: number | null }>(
      `SELECT ${personal === null ? `CAST(${col} AS VARCHAR)` : maskedSql(personal, column.name)} AS v, count(*) AS n, CAST(sum(aum_latest) AS DOUBLE) AS aum FROM ${T} ${where} GROUP BY v ORDER BY n DESC, v LIMIT 200`,
      bag.values,
    );
    const order = CATEGORY_ORDER[column.name];
    const buckets = (order ? ordered(rows, order) : rows.map((r) => ({ value: r.v ?? 'unknown', count: Number(r.n), aum: r.aum ?? 0 }))).map((b) => ({
      label: b.value,
      from: null,
      to: null,
      count: b.count,
      aum: b.aum,
    }));
    return { field: params.field, kind: 'categorical', logScale: false, buckets, total: buckets.reduce((a, b) => a + b.count, 0) };
  }

  if (params.logScale) {
    // Bucket 0: ≤ 1 (zero, negative and sub-unit balances); bucket k: [10^(k-1), 10^k).
    const rows = await session.rows<R>(
      `SELECT CASE WHEN ${col} IS NULL THEN NULL WHEN ${col} < 1 THEN 0 ELSE CAST(floor(log10(CAST(${col} AS DOUBLE))) AS INTEGER) + 1 END AS k,
         count(*) AS n, CAST(sum(aum_latest) AS DOUBLE) AS aum FROM ${T} ${where} GROUP BY k ORDER BY k NULLS LAST`,
      bag.values,
    );
    const buckets = rows.map((r) => {
      if (r.k === null) return { label: 'unknown', from: null, to: null, count: Number(r.n), aum: r.aum ?? 0 };
      const k = Number(r.k);
      const from = k === 0 ? null : 10 ** (k - 1);
      return { label: k === 0 ? '< 1' : `${(10 ** (k - 1)).toLocaleString('en-US')}–${(10 ** k).toLocaleString('en-US')}`, from, to: 10 ** k, count: Number(r.n), aum: r.aum ?? 0 };
    });
    return { field: params.field, kind: 'numeric', logScale: true, buckets, total: buckets.reduce((a, b) => a + b.count, 0) };
  }

  const [range] = await session.rows<{ lo: number | null; hi: number | null }>(`SELECT CAST(min(${col}) AS DOUBLE) AS lo, CAST(max(${col}) AS DOUBLE) AS hi FROM ${T} ${where}`, bag.values);
  const lo = range?.lo ?? 0;
  const hi = range?.hi ?? 0;
  const integer = /INT/.test(column.type);
  let width = hi > lo ? (hi - lo) / params.bins : 1;
  if (integer) width = Math.max(1, Math.ceil(width));
  const rows = await session.rows<R>(
    `SELECT CASE WHEN ${col} IS NULL THEN NULL ELSE least(CAST($bins AS INTEGER) - 1, CAST(floor((CAST(${col} AS DOUBLE) - $lo) / $width) AS INTEGER)) END AS k,
       count(*) AS n, CAST(sum(aum_latest) AS DOUBLE) AS aum FROM ${T} ${where} GROUP BY k ORDER BY k NULLS LAST`,
    { ...bag.values, bins: params.bins, lo, width },
  );
  const buckets = rows.map((r) => {
    if (r.k === null) return { label: 'unknown', from: null, to: null, count: Number(r.n), aum: r.aum ?? 0 };
    const from = lo + Number(r.k) * width;
    const to = from + width;
    return { label: integer && width === 1 ? String(from) : `${+from.toFixed(2)}–${+to.toFixed(2)}`, from, to, count: Number(r.n), aum: r.aum ?? 0 };
  });
  return { field: params.field, kind: 'numeric', logScale: false, buckets, total: buckets.reduce((a, b) => a + b.count, 0) };
}

/** Column groups for the grid's column chooser, by name pattern. */
export async function profileColumns(session: Session): Promise<Array<{ name: string; type: string; group: string }>> {
  if (!(await readProfileMeta(session))) return [];
  const columns = await describeColumns(session, { schema: 'main', name: PROFILE_TABLE });
  const group = (n: string) =>
    /^(is_invalid|is_dormant|value_tier|lifecycle_stage)$/.test(n) ? 'rules'
    : /^(aum_|deposit_balance|wealth_balance|loan_balance|balance_)/.test(n) ? 'assets'
    : /^(holds_|product_count|account_count|open_account_count|currency_count|first_account_date)/.test(n) ? 'products'
    : /^(txn_|amount_|last_activity|days_since|first_activity|last_account_activity|active_months|activity_month_mask|transfers_out|quarter_end)/.test(n) ? 'activity'
    : /^payroll/.test(n) ? 'payroll'
    : /^rfm_/.test(n) ? 'rfm'
    : /^(contact_|response_count|last_contact|last_campaign|last_response)/.test(n) ? 'campaigns'
    : /^(age|tenure_|onboard_date_at)$/.test(n) || /^tenure_/.test(n) ? 'demographics'
    : 'source';
  return columns.map((c) => ({ ...c, group: group(c.name) }));
}
