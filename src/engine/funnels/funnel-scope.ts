import { PROFILE_TABLE } from '../../shared/customer-types';
import { AppError } from '../../shared/errors';
import type { FunnelSource, FunnelSpec } from '../../shared/funnel-types';
import { compileField } from '../conditions/compile-condition';
import { latestDataDate, sourceShape } from '../profile/build-profile';
import { readProfileMeta } from '../profile/profile-meta';
import { compileForEngine, loadWorkbench, targetRule } from '../segments/segment-context';
import { engineDialect } from '../sql/engine-dialect';
import { quoteIdent } from '../sql/identifiers';
import type { ParamBag } from '../sql/param-bag';
import type { Session } from '../workspace';
import { fieldColumn } from './funnel-outcomes';
import { sourceCatalog, sourceRelation, type TableColumns } from './funnel-sources';

/** What every evaluation of a funnel starts from: the workspace's tables, the analysis date, the period and the population. */
export interface FunnelScope {
  tables: TableColumns;
  asOf: string;
  period: { from: string; to: string };
  /** SELECT customer_id (VARCHAR) of the customers counted; its parameters are in populationParams. */
  population: string;
  populationParams: Record<string, string | number | boolean>;
  /** Whether the population lists each customer once (it is read from the profile, one row per customer). */
  populationUnique: boolean;
}

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

/**
 * The customers a funnel counts: the profile's (or the customers table's), or a saved segment's
 * members — with the value of each profile-field breakdown (fieldColumn(i)), so the evaluation's
 * one join with the population brings them (a second join with the whole profile cost a third of a
 * 5 M-customer funnel).
 */
async function populationSql(session: Session, spec: FunnelSpec, tables: TableColumns, bag: ParamBag): Promise<string> {
  const fields = fieldBreakdowns(spec);
  const profile = tables.get(PROFILE_TABLE);
  for (const field of fields) {
    if (!profile?.has(field)) throw new AppError('INVALID_ARGUMENT', `no profile field named ${field}`, { field, table: PROFILE_TABLE }, 'error.RULE_UNKNOWN_FIELD');
  }
  const values = fields.map((f, i) => `, CAST(p.${quoteIdent(f)} AS VARCHAR) AS ${fieldColumn(i)}`).join('');
  if (!spec.segmentId) return `SELECT CAST(p.customer_id AS VARCHAR) AS customer_id${values} FROM ${quoteIdent(profile ? PROFILE_TABLE : 'customers')} p`;
  const { rule } = await targetRule(session, { id: spec.segmentId });
  if (!(await readProfileMeta(session))) throw new AppError('NOT_FOUND', 'the customer profile has not been built yet', {}, 'error.PROFILE_NOT_BUILT');
  const where = await compileForEngine(session, await loadWorkbench(session), rule, engineDialect(bag));
  return `SELECT CAST(p.customer_id AS VARCHAR) AS customer_id${values} FROM ${quoteIdent(PROFILE_TABLE)} p WHERE coalesce(${where}, FALSE)`;
}

/** The profile fields the funnel is broken down by, in order. */
export function fieldBreakdowns(spec: FunnelSpec): string[] {
  return spec.breakdowns.flatMap((b) => (b.kind === 'field' ? [b.field] : []));
}

export async function funnelScope(session: Session, spec: FunnelSpec, bag: ParamBag): Promise<FunnelScope> {
  const tables = await tableColumns(session);
  const asOf = await analysisDate(session);
  const population = await populationSql(session, spec, tables, bag);
  // DuckDB refuses a named parameter the statement does not use: as_of only where the rule reads it.
  const populationParams = population.includes('$as_of') ? { ...bag.values, as_of: asOf } : { ...bag.values };
  const populationUnique = Boolean(spec.segmentId) || tables.has(PROFILE_TABLE);
  return { tables, asOf, period: spec.period ?? defaultPeriod(asOf), population, populationParams, populationUnique };
}

export async function populationCount(session: Session, scope: FunnelScope): Promise<number> {
  const [count] = await session.rows<{ n: bigint }>(`SELECT count(*) AS n FROM (${scope.population})`, scope.populationParams);
  return Number(count?.n ?? 0);
}

type Filters = FunnelSpec['steps'][number]['filters'];

/**
 * One source's rows as SELECT customer_id, _ts, its catalog's columns, with a boolean expression per
 * filter set (aliased x): what both evaluations read.
 */
export function sourceRows(source: FunnelSource, scope: FunnelScope, names: readonly string[], bag: ParamBag) {
  const d = engineDialect(bag);
  const catalog = sourceCatalog(source, scope.tables, names);
  const match = (filters: Filters) =>
    filters.length === 0 ? 'TRUE' : filters.map((f) => d.isTrue(compileField(f, { dialect: d, asOf: scope.asOf, fields: catalog, alias: 'x', table: source }))).join(' AND ');
  return { catalog, match, relation: sourceRelation(source, catalog, (v) => bag.bind(v)) };
}

/** Timestamp bounds of every row a funnel reads: the period's start, the end of its last day, the end of the analysis date. */
export function timeBounds(scope: FunnelScope, bag: ParamBag) {
  return {
    periodFrom: `CAST(${bag.bind(`${scope.period.from} 00:00:00`)} AS TIMESTAMP)`,
    periodEnd: `CAST(${bag.bind(`${scope.period.to} 00:00:00`)} AS TIMESTAMP) + INTERVAL 1 DAY`,
    asOfEnd: `CAST(${bag.bind(`${scope.asOf} 00:00:00`)} AS TIMESTAMP) + INTERVAL 1 DAY`,
  };
}
