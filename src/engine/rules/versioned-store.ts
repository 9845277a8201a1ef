/**
 * Versioned definitions in a workspace table (rule, version, definition JSON, saved_at): every save
 * appends a version, the highest is current, nothing is overwritten. The profile rules (_sw_rules)
 * and the churn definitions (_sw_churn_definitions) both keep their history this way; each caller
 * validates its own JSON. The tables are made by the workspace migrations (0001, 0005).
 */
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';

export interface RawVersion {
  rule: string;
  version: number;
  /** The definition as saved (JSON text). */
  definition: string;
  /** ISO 8601 with Z. */
  updatedAt: string;
}

const SELECT_VERSION = `SELECT rule, version, definition::VARCHAR AS definition, strftime(saved_at, '%Y-%m-%dT%H:%M:%S.%g') AS saved_at`;

type VersionRow = { rule: string; version: number; definition: string; saved_at: string };

function fromRow(row: VersionRow): RawVersion {
  return { rule: row.rule, version: Number(row.version), definition: row.definition, updatedAt: `${row.saved_at}Z` };
}

/** The current (highest) version of every rule saved in the table. */
export async function latestVersions(session: Session, table: string): Promise<RawVersion[]> {
  const rows = await session.rows<VersionRow>(`${SELECT_VERSION} FROM ${quoteIdent(table)} QUALIFY row_number() OVER (PARTITION BY rule ORDER BY version DESC) = 1`);
  return rows.map(fromRow);
}

/** Every saved version of one rule, newest first. */
export async function versionHistory(session: Session, table: string, rule: string): Promise<RawVersion[]> {
  const rows = await session.rows<VersionRow>(`${SELECT_VERSION} FROM ${quoteIdent(table)} WHERE rule = $rule ORDER BY version DESC`, { rule });
  return rows.map(fromRow);
}

/** Appends the next version (1 + the highest saved; version 0 is a caller's built-in default). */
export async function appendVersion(session: Session, table: string, rule: string, definition: unknown, now: Date): Promise<{ version: number; updatedAt: string }> {
  const [row] = await session.rows<{ v: number }>(`SELECT coalesce(max(version), 0) + 1 AS v FROM ${quoteIdent(table)} WHERE rule = $rule`, { rule });
  const version = Number(row?.v ?? 1);
  const savedAt = now.toISOString();
  await session.run(`INSERT INTO ${quoteIdent(table)} VALUES ($rule, $version, $definition::JSON, CAST($saved_at AS TIMESTAMP))`, {
    rule,
    version,
    definition: JSON.stringify(definition),
    saved_at: savedAt.replace('T', ' ').replace('Z', ''),
  });
  return { version, updatedAt: savedAt };
}
