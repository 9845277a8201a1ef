import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';
import { customerColumns, sourceShape } from '../profile/build-profile';
import { engineDialect } from '../sql/engine-dialect';
import { assembleSql, PROFILE_TEMP_TABLES, profileSteps } from '../profile/profile-sql';

/**
 * The customer profile as it stood at the end of `asOf`, into a temporary table of this session:
 * the same SQL the Customers page builds (profile-sql.ts), so a training row's features are
 * exactly what the profile showed on that day. Everything the profile reads is filtered to
 * `ts ≤ asOf` there, which is what keeps a model's training set free of leakage.
 */
export async function buildProfileSnapshot(session: Session, asOf: string, table: string): Promise<void> {
  const shape = await sourceShape(session);
  const own = await customerColumns(session);
  const d = engineDialect();
  const p = { as_of: asOf };
  for (const step of profileSteps(d, shape)) await session.run(`CREATE OR REPLACE TEMP TABLE ${step.name} AS\n${step.sql}`, p);
  await session.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} AS ${assembleSql(d, shape, own)}`, p);
  for (const t of PROFILE_TEMP_TABLES) await session.run(`DROP TABLE IF EXISTS temp.main.${quoteIdent(t)}`);
}
