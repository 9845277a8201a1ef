import { AppError } from '../../shared/errors';
import type { LabelSpec } from '../../shared/model-types';
import type { SegmentNode } from '../../shared/segment-types';
import type { ColumnInfo } from '../../shared/table-types';
import { fieldCatalog, type FieldCatalog } from '../conditions/field-catalog';
import { RULE_COLUMNS } from '../profile/profile-sql';
import { tierThresholds } from '../rules/apply-rules';
import { currentRules } from '../rules/rule-store';
import { ruleColumnsSql } from '../rules/rule-sql';
import { compileSegment, PROFILE_ALIAS, type CompileContext } from '../segments/compile-segment';
import { BEHAVIOUR_TABLES, loadRefs } from '../segments/segment-context';
import { pruneDisabled } from '../segments/rule-tree';
import { findSegment } from '../segments/segment-store';
import { engineDialect } from '../sql/engine-dialect';
import { quoteIdent } from '../sql/identifiers';
import { ParamBag } from '../sql/param-bag';
import type { Session } from '../workspace';
import { buildProfileSnapshot } from './profile-snapshot';

/**
 * The label "becomes a member of segment S": membership at a date is the segment's rule, compiled
 * by the segment compiler with that date as its as-of date, over the profile snapshot of that date
 * with the current rules applied to it (is_invalid, is_dormant, value_tier, lifecycle_stage are
 * rule columns, not part of the assembled profile). So "becomes VIP" or "becomes dormant" is judged
 * at both dates exactly as the Segments page would have judged it on the profile of the day.
 */

type SegmentLabel = Extract<LabelSpec, { kind: 'segment' }>;

export const LATER_SNAPSHOT_TABLE = '_m_snapshot_later';
export const MEMBERS_NOW_TABLE = '_m_members_now';
export const MEMBERS_LATER_TABLE = '_m_members_later';

/** The saved segment's rule; a static segment (a fixed list) or a missing one is refused. */
export async function segmentLabelRule(session: Session, label: SegmentLabel): Promise<SegmentNode> {
  const saved = await findSegment(session, label.segmentId);
  if (!saved) throw new AppError('NOT_FOUND', `no segment ${label.segmentId}`, { segment: label.segmentId }, 'error.SEGMENT_NOT_FOUND');
  if (saved.kind === 'static') {
    throw new AppError(
      'INVALID_ARGUMENT',
      `segment ${saved.name} is a static list: its membership does not change with time, so "becomes a member" would be constant`,
      { segment: saved.name },
      'error.MODEL_SEGMENT_STATIC',
    );
  }
  return saved.rule;
}

/**
 * The as-of month ends: the latest `snapshots` whose month end `horizonMonths` later is complete in
 * the data (the data's last day when it is a month end, else the month end before it).
 */
export async function segmentLabelDates(session: Session, label: SegmentLabel, dataEnd: string): Promise<string[]> {
  const [row] = await session.rows<{ dates: string[] }>(
    `WITH e AS (SELECT CASE WHEN CAST($end AS DATE) = last_day(CAST($end AS DATE)) THEN CAST($end AS DATE)
                            ELSE CAST(date_trunc('month', CAST($end AS DATE)) - INTERVAL 1 DAY AS DATE) END AS l)
     SELECT list(strftime(last_day(CAST(e.l - to_months(CAST($h AS INTEGER) + i) AS DATE)), '%Y-%m-%d') ORDER BY i DESC) AS dates
     FROM e, range(0, CAST($n AS INTEGER)) r(i)`,
    { end: dataEnd, h: label.horizonMonths, n: label.snapshots },
  );
  return row?.dates ?? [];
}

/** The month end `horizonMonths` after an as-of month end. */
export async function laterDate(session: Session, asOf: string, horizonMonths: number): Promise<string> {
  const [row] = await session.rows<{ d: string }>(`SELECT strftime(last_day(CAST(CAST($as_of AS DATE) + to_months(CAST($h AS INTEGER)) AS DATE)), '%Y-%m-%d') AS d`, {
    as_of: asOf,
    h: horizonMonths,
  });
  return row!.d;
}

async function tempColumns(session: Session, table: string): Promise<ColumnInfo[]> {
  return session.rows<ColumnInfo>(
    `SELECT column_name AS name, data_type AS type FROM duckdb_columns() WHERE database_name = 'temp' AND table_name = $t ORDER BY column_index`,
    { t: table },
  );
}

/** Writes the current rules' columns into a profile snapshot, as a profile build does (quantile tiers on the snapshot's own AUM). */
export async function applyRulesToSnapshot(session: Session, table: string, asOf: string): Promise<void> {
  const stored = await currentRules(session);
  const rules = { invalid: stored.invalid.definition, dormant: stored.dormant.definition, value_tier: stored.value_tier.definition, lifecycle: stored.lifecycle.definition };
  const has = new Set((await tempColumns(session, table)).map((c) => c.name));
  for (const [name, type] of RULE_COLUMNS) if (!has.has(name)) await session.run(`ALTER TABLE temp.main.${quoteIdent(table)} ADD COLUMN ${quoteIdent(name)} ${type}`);
  const bag = new ParamBag('r');
  const thresholds = await tierThresholds(session, rules.value_tier, `temp.main.${quoteIdent(table)}`);
  const sets = ruleColumnsSql(rules, thresholds, engineDialect(bag)).map(([column, expr]) => `${quoteIdent(column)} = ${expr}`);
  await session.run(`UPDATE temp.main.${quoteIdent(table)} SET ${sets.join(', ')}`, { ...bag.values, as_of: asOf });
}

async function behaviourSources(session: Session): Promise<Map<string, FieldCatalog>> {
  const rows = await session.rows<{ table_name: string; name: string; type: string }>(
    `SELECT table_name, column_name AS name, data_type AS type FROM duckdb_columns()
     WHERE database_name = $catalog AND schema_name = 'main' AND list_contains(from_json($tables, '["VARCHAR"]'), table_name) ORDER BY table_name, column_index`,
    { catalog: session.catalog, tables: JSON.stringify(BEHAVIOUR_TABLES) },
  );
  const columns = new Map<string, ColumnInfo[]>();
  for (const r of rows) columns.set(r.table_name, [...(columns.get(r.table_name) ?? []), { name: r.name, type: r.type }]);
  return new Map([...columns].map(([table, cols]) => [table, fieldCatalog(cols)]));
}

/**
 * The members of a rule at `asOf` among the customers of a profile snapshot (with its rule
 * columns), into a temporary table (customer_id). A rule naming a column the snapshot lacks (a
 * model score, say) is refused by the compiler as an unknown field.
 */
export async function membersAt(session: Session, rule: SegmentNode, snapshot: string, asOf: string, into: string, segmentId: string): Promise<void> {
  const pruned = pruneDisabled(rule) ?? { kind: 'all' };
  const dialect = engineDialect();
  const ctx: CompileContext = {
    dialect,
    asOf,
    profile: fieldCatalog(await tempColumns(session, snapshot)),
    sources: await behaviourSources(session),
    refs: await loadRefs(session, pruned, { self: segmentId }),
  };
  const where = compileSegment(pruned, ctx);
  await session.run(
    `CREATE OR REPLACE TEMP TABLE ${quoteIdent(into)} AS
     SELECT ${PROFILE_ALIAS}.customer_id FROM temp.main.${quoteIdent(snapshot)} ${PROFILE_ALIAS} WHERE ${PROFILE_ALIAS}.customer_id IS NOT NULL AND coalesce(${where}, FALSE)`,
    // The compiled rule reads $as_of only when a condition is relative to the date; DuckDB refuses an unused parameter.
    where.includes('$as_of') ? { ...dialect.params, as_of: asOf } : dialect.params,
  );
}

/**
 * Prepares one as-of date: the rule columns on the as-of snapshot (already built), the members
 * then, the snapshot `horizonMonths` later with its rule columns, and the members then.
 */
export async function prepareSegmentLabel(session: Session, label: SegmentLabel, rule: SegmentNode, snapshot: string, asOf: string): Promise<void> {
  await applyRulesToSnapshot(session, snapshot, asOf);
  await membersAt(session, rule, snapshot, asOf, MEMBERS_NOW_TABLE, label.segmentId);
  const later = await laterDate(session, asOf, label.horizonMonths);
  await buildProfileSnapshot(session, later, LATER_SNAPSHOT_TABLE);
  await applyRulesToSnapshot(session, LATER_SNAPSHOT_TABLE, later);
  await membersAt(session, rule, LATER_SNAPSHOT_TABLE, later, MEMBERS_LATER_TABLE, label.segmentId);
  await session.run(`DROP TABLE IF EXISTS temp.main.${quoteIdent(LATER_SNAPSHOT_TABLE)}`);
}

/** The population of an as-of date over the as-of snapshot: the non-members then, labelled by membership later. */
export function segmentPopulationSql(snapshot: string): string {
  return `SELECT s.customer_id, s.customer_id IN (SELECT customer_id FROM ${quoteIdent(MEMBERS_LATER_TABLE)}) AS label
    FROM temp.main.${quoteIdent(snapshot)} s
    WHERE s.customer_id NOT IN (SELECT customer_id FROM ${quoteIdent(MEMBERS_NOW_TABLE)})`;
}
