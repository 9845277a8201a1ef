import { quoteIdent, qualifiedName } from '../sql/identifiers';
import type { Session } from '../workspace';
import { customerColumns, sourceShape } from '../profile/build-profile';
import { engineDialect } from '../sql/engine-dialect';
import { assembleSql, PROFILE_TEMP_TABLES, profileSteps, type SourceShape } from '../profile/profile-sql';

/**
 * The customer profile as it stood at the end of `asOf`, into a temporary table of this session:
 * the same SQL the Customers page builds (profile-sql.ts), so a training row's features are
 * exactly what the profile showed on that day. Everything the profile reads is filtered to
 * `ts ≤ asOf` there, which is what keeps a model's training set free of leakage.
 *
 * `onlyCustomersIn` (a temporary table with customer_id) builds the profile of those customers
 * only: a response model's population is the few customers contacted that day, and building all
 * 5,000,000 profiles for each contact date took minutes and over 16 GB. Temporary views of the
 * source tables' names, each filtered to those customers, stand in front of the workspace's tables
 * while the profile SQL runs (DuckDB resolves a plain name to a temporary view first, as the
 * console's masked views rely on). Every profile column is a customer's own aggregate except the
 * cross-customer ranks (CROSS_CUSTOMER_COLUMNS), which the caller must not ask of a partial profile.
 */
export async function buildProfileSnapshot(session: Session, asOf: string, table: string, options: { onlyCustomersIn?: string } = {}): Promise<void> {
  const shape = await sourceShape(session);
  const own = await customerColumns(session);
  const d = engineDialect();
  const p = { as_of: asOf };
  const views = options.onlyCustomersIn ? await restrictSources(session, shape, options.onlyCustomersIn) : [];
  try {
    for (const step of profileSteps(d, shape)) await session.run(`CREATE OR REPLACE TEMP TABLE ${step.name} AS\n${step.sql}`, p);
    await session.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} AS ${assembleSql(d, shape, own)}`, p);
  } finally {
    for (const view of views) await session.runCleanup(`DROP VIEW IF EXISTS ${qualifiedName('temp', 'main', view)}`);
  }
  for (const t of PROFILE_TEMP_TABLES) await session.run(`DROP TABLE IF EXISTS temp.main.${quoteIdent(t)}`);
}

/** Shadows each source table that has customer_id with a temporary view of the given customers' rows. */
async function restrictSources(session: Session, shape: SourceShape, customersTable: string): Promise<string[]> {
  const views: string[] = [];
  for (const [name, columns] of Object.entries(shape)) {
    if (!columns?.has('customer_id')) continue;
    await session.run(
      `CREATE OR REPLACE TEMP VIEW ${quoteIdent(name)} AS SELECT * FROM ${qualifiedName(session.catalog, 'main', name)}
       WHERE customer_id IN (SELECT customer_id FROM ${qualifiedName('temp', 'main', customersTable)})`,
    );
    views.push(name);
  }
  return views;
}
