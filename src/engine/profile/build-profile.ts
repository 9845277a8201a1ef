import { AppError } from '../../shared/errors';
import { PROFILE_TABLE } from '../../shared/customer-types';
import { applyRules } from '../rules/apply-rules';
import { currentRules } from '../rules/rule-store';
import type { Dialect } from '../sql/dialect';
import { engineDialect } from '../sql/engine-dialect';
import { quoteIdent } from '../sql/identifiers';
import { sqlStringLiteral } from '../sql/literals';
import type { Session } from '../workspace';
import { customersWithOneRowEach, DEDUPLICATED_CUSTOMERS } from './customer-duplicates';
import { writeProfileMeta } from './profile-meta';
import { assembleSql, profileSteps, PROFILE_TEMP_TABLES, RULE_COLUMNS, type SourceShape } from './profile-sql';

const SOURCE_TABLES = ['customers', 'accounts', 'transactions', 'balances', 'contacts'] as const;

export async function sourceShape(session: Session): Promise<SourceShape> {
  const rows = await session.rows<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = $catalog AND schema_name = 'main' AND table_name IN (${SOURCE_TABLES.map(sqlStringLiteral).join(', ')})`,
    { catalog: session.catalog },
  );
  const shape: SourceShape = {};
  for (const row of rows) (shape[row.table_name] ??= new Set()).add(row.column_name);
  return shape;
}

/** The latest date in the data: the last transaction, the end of the last balance month, the last onboarding. */
export async function latestDataDate(session: Session, shape: SourceShape): Promise<string> {
  const parts: string[] = [];
  if (shape.transactions?.has('ts')) parts.push(`(SELECT CAST(max(ts) AS DATE) FROM transactions)`);
  if (shape.balances?.has('month')) parts.push(`(SELECT last_day(CAST(max(month) AS DATE)) FROM balances)`);
  if (shape.accounts?.has('open_date')) parts.push(`(SELECT CAST(max(open_date) AS DATE) FROM accounts)`);
  if (shape.customers?.has('onboard_date')) parts.push(`(SELECT CAST(max(onboard_date) AS DATE) FROM customers)`);
  if (parts.length === 0) throw new AppError('INVALID_ARGUMENT', 'the data has no dates to take an as-of date from; give one', {}, 'error.PROFILE_NO_AS_OF');
  const [row] = await session.rows<{ d: string | null }>(`SELECT strftime(greatest(${parts.join(', ')}), '%Y-%m-%d') AS d`);
  if (!row?.d) throw new AppError('INVALID_ARGUMENT', 'the data has no dates to take an as-of date from; give one', {}, 'error.PROFILE_NO_AS_OF');
  return row.d;
}

/** The customers table's columns in their own order (the profile keeps it). */
export async function customerColumns(session: Session): Promise<string[]> {
  const ordered = await session.rows<{ column_name: string }>(
    `SELECT column_name FROM duckdb_columns() WHERE database_name = $catalog AND schema_name = 'main' AND table_name = 'customers' ORDER BY column_index`,
    { catalog: session.catalog },
  );
  return ordered.map((r) => r.column_name);
}

export interface BuildResult {
  asOf: string;
  customers: number;
  columns: number;
}

/**
 * Rebuilds customer_profile as of `asOf` (default: the latest date in the data) in one transaction:
 * a cancelled or failed rebuild leaves the previous profile exactly as it was.
 * The statements are the profile's SQL (profile-sql.ts); progress spans follow their usual cost.
 */
export async function buildProfile(
  session: Session,
  /** extend: columns other capabilities keep in the profile (model scores), written in the same transaction. */
  options: { asOf?: string; now: Date; extend?: (session: Session) => Promise<void> },
): Promise<BuildResult> {
  const shape = await sourceShape(session);
  if (!shape.customers?.has('customer_id')) {
    throw new AppError('NOT_FOUND', 'a profile needs a customers table with customer_id', { table: 'customers' }, 'error.PROFILE_NO_CUSTOMERS');
  }
  const asOf = options.asOf ?? (await latestDataDate(session, shape));
  const [check] = await session.rows<{ ok: boolean }>(`SELECT TRY_CAST($d AS DATE) IS NOT NULL AS ok`, { d: asOf });
  if (!check?.ok) throw new AppError('INVALID_ARGUMENT', `${asOf} is not a date`, { asOf }, 'error.PROFILE_BAD_AS_OF');
  const rules = await currentRules(session);
  const p = { as_of: asOf };
  const own = await customerColumns(session);

  const engine = engineDialect();
  // Each step's share of the build, after its usual cost (the transaction pass dominates).
  const spans: Record<string, [number, number, string]> = {
    _p_base: [0, 0.03, 'progress.profile.customers'], _p_acc: [0.03, 0.13, 'progress.profile.accounts'], _p_bal: [0.13, 0.25, 'progress.profile.balances'],
    _p_txn: [0.25, 0.65, 'progress.profile.transactions'], _p_pay: [0.65, 0.78, 'progress.profile.payroll'], _p_ct: [0.78, 0.8, 'progress.profile.contacts'],
  };
  const placeholders = RULE_COLUMNS.map(([name, type]) => `CAST(NULL AS ${type}) AS ${name}`).join(', ');

  return session.transaction(async () => {
    const d = readingCustomersFrom(engine, await customersWithOneRowEach(session));
    for (const step of profileSteps(d, shape)) {
      const [from, to, key] = spans[step.name] ?? [0, 0.8, 'progress.profile.steps'];
      await session.run(`CREATE OR REPLACE TEMP TABLE ${step.name} AS\n${step.sql}`, p, { from, to, message: { key } });
    }
    await session.run(`CREATE OR REPLACE TABLE ${quoteIdent(PROFILE_TABLE)} AS\nSELECT assembled.*, ${placeholders} FROM (${assembleSql(d, shape, own)}) assembled`, p, {
      from: 0.8,
      to: 0.9,
      message: { key: 'progress.profile.assemble' },
    });
    await applyRules(session, { invalid: rules.invalid.definition, dormant: rules.dormant.definition, value_tier: rules.value_tier.definition, lifecycle: rules.lifecycle.definition }, asOf, {
      from: 0.9,
      to: 0.99,
      message: { key: 'progress.profile.rules' },
    });
    await options.extend?.(session);
    for (const t of [...PROFILE_TEMP_TABLES, DEDUPLICATED_CUSTOMERS]) await session.run(`DROP TABLE IF EXISTS temp.main.${quoteIdent(t)}`);
    const [count] = await session.rows<{ n: bigint }>(`SELECT count(*) AS n FROM ${quoteIdent(PROFILE_TABLE)}`);
    const [cols] = await session.rows<{ n: bigint }>(
      `SELECT count(*) AS n FROM duckdb_columns() WHERE database_name = $catalog AND schema_name = 'main' AND table_name = $t`,
      { catalog: session.catalog, t: PROFILE_TABLE },
    );
    const customers = Number(count?.n ?? 0);
    await writeProfileMeta(session, { asOf, asOfPinned: options.asOf !== undefined, builtAt: options.now.toISOString(), customers });
    return { asOf, customers, columns: Number(cols?.n ?? 0) };
  });
}

/** The engine's dialect, reading customers from the deduplicated copy when the build made one. */
function readingCustomersFrom(d: Dialect, customers: string): Dialect {
  if (customers === 'customers') return d;
  return { ...d, table: (name) => (name === 'customers' ? `temp.main.${quoteIdent(customers)}` : d.table(name)) };
}
