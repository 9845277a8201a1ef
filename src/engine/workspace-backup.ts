import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { AppError } from '../shared/errors';
import { fromDuckDBError } from './duckdb-errors';
import type { Session } from './workspace';

/**
 * Backups of the workspace file, and what the user is told when the file cannot be opened.
 *
 * One folder and one naming for every backup, whoever takes it (a replace-mode import of a large
 * table here, a migration of the `_sw_*` tables in migrations/): `<file>.backups/` beside the
 * workspace, each backup `<file name>.<UTC time>.<why>.duckdb` (why: `import-<table>`,
 * `migration-<n>`…), so the newest is the last in name order. The newest BACKUPS_KEPT are kept.
 *
 * A backup is a copy of the file after a CHECKPOINT (the WAL is then empty, the file complete),
 * opened read-only once to prove it is a database before it counts.
 */

export const BACKUPS_KEPT = 3;
/** A replace-mode import of a table with at least this many rows keeps a backup first. */
export const BACKUP_ROWS_THRESHOLD = 100_000;

export function backupFolder(workspaceFile: string): string {
  return `${path.resolve(workspaceFile)}.backups`;
}

const safe = (why: string) => why.replace(/[^\p{L}\p{N}_-]+/gu, '_').slice(0, 60) || 'backup';
const stamp = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** Where a backup taken now for `why` goes. */
export function backupPath(workspaceFile: string, why: string, now = new Date()): string {
  return path.join(backupFolder(workspaceFile), `${path.basename(workspaceFile)}.${stamp(now)}.${safe(why)}.duckdb`);
}

/** Every backup of the workspace, newest first. */
export function listBackups(workspaceFile: string): string[] {
  const folder = backupFolder(workspaceFile);
  const prefix = `${path.basename(workspaceFile)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith(prefix) && n.endsWith('.duckdb'))
    .sort()
    .reverse()
    .map((n) => path.join(folder, n));
}

export function latestBackup(workspaceFile: string): string | null {
  return listBackups(workspaceFile)[0] ?? null;
}

/**
 * Copies the (checkpointed) workspace file into the backup folder. `checkpoint` runs DuckDB's
 * CHECKPOINT on the open workspace, so the file alone holds every committed change.
 */
export async function takeBackup(workspaceFile: string, why: string, checkpoint: () => Promise<void>): Promise<string> {
  await checkpoint();
  const target = backupPath(workspaceFile, why);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  try {
    // A copy-on-write clone where the file system has it (APFS, btrfs, XFS): instant.
    await fs.promises.copyFile(workspaceFile, partial, fs.constants.COPYFILE_FICLONE);
    await proveReadable(partial);
    fs.renameSync(partial, target);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw new AppError('IO_ERROR', `cannot back up the workspace to ${target}: ${(error as Error).message}`, { file: workspaceFile, backup: target }, 'error.WORKSPACE_BACKUP_FAILED');
  }
  for (const old of listBackups(workspaceFile).slice(BACKUPS_KEPT)) fs.rmSync(old, { force: true });
  return target;
}

async function proveReadable(file: string): Promise<void> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  try {
    const connection = await instance.connect();
    await connection.run('SELECT count(*) FROM duckdb_tables()');
    connection.closeSync();
  } finally {
    instance.closeSync();
  }
}

/**
 * Puts a backup in place of the workspace file: the damaged file (and its WAL) are kept beside it
 * as `<file>.damaged-<time>`, never deleted. Returns where the damaged file went.
 */
export function restoreBackup(workspaceFile: string, backup: string | null = latestBackup(workspaceFile)): { restored: string; damagedKeptAt: string | null } {
  if (backup === null || !fs.existsSync(backup)) {
    throw new AppError('NOT_FOUND', `no backup of ${workspaceFile} in ${backupFolder(workspaceFile)}`, { file: workspaceFile, folder: backupFolder(workspaceFile) }, 'error.WORKSPACE_NO_BACKUP');
  }
  const aside = `${workspaceFile}.damaged-${stamp(new Date())}`;
  let damagedKeptAt: string | null = null;
  if (fs.existsSync(workspaceFile)) {
    fs.renameSync(workspaceFile, aside);
    damagedKeptAt = aside;
  }
  if (fs.existsSync(`${workspaceFile}.wal`)) fs.renameSync(`${workspaceFile}.wal`, `${aside}.wal`);
  fs.copyFileSync(backup, workspaceFile);
  return { restored: backup, damagedKeptAt };
}

/** What DuckDB says of a file that is not (or no longer) a whole database (DuckDB 1.5's IO errors). */
const DAMAGE = [
  /Could not read enough bytes from file/i,
  /exists, but it is not a valid DuckDB database file/i,
  /Corrupt database file/i,
  /computed checksum \d+ does not match stored checksum/i,
  /Failed to load metadata|metadata block .* (invalid|out of range)/i,
];

export function isDamageMessage(message: string): boolean {
  return /^(IO|INTERNAL|Serialization) Error/i.test(message) && DAMAGE.some((pattern) => pattern.test(message));
}

/** An error of a query on an open workspace, named as damage where DuckDB found the file damaged. */
export function queryFailure(error: unknown, workspaceFile: string): unknown {
  const message = error instanceof Error ? error.message : String(error);
  return workspaceFile !== ':memory:' && isDamageMessage(message) ? damagedWorkspaceError(workspaceFile, message) : error;
}

/** The workspace file is damaged: said in the user's terms, with the last backup and how to restore it. */
export function damagedWorkspaceError(workspaceFile: string, duckdbMessage: string): AppError {
  const backup = latestBackup(workspaceFile);
  const what = firstLine(duckdbMessage);
  const message = backup
    ? `the workspace file is damaged: ${workspaceFile} (${what}); your last backup is ${backup} — restore it with: segment-workbench restore-backup --workspace ${workspaceFile}`
    : `the workspace file is damaged: ${workspaceFile} (${what}); there is no backup in ${backupFolder(workspaceFile)}`;
  const details = { file: workspaceFile, backup, folder: backupFolder(workspaceFile), duckdb: duckdbMessage };
  return new AppError('IO_ERROR', message, details, backup ? 'error.WORKSPACE_DAMAGED' : 'error.WORKSPACE_DAMAGED_NO_BACKUP');
}

const firstLine = (message: string) => message.replace(/^[A-Za-z ]+ Error:\s*/, '').split('\n')[0]!.slice(0, 200);

/** Why the workspace file could not be opened, as an AppError (a damaged file named as such). */
export function openFailure(error: unknown, workspaceFile: string | null): AppError {
  const appError = fromDuckDBError(error);
  const message = String(appError.details.duckdb ?? appError.message);
  if (workspaceFile === null || appError.code === 'WORKSPACE_LOCKED') return appError;
  if (isDamageMessage(message)) return damagedWorkspaceError(workspaceFile, message);
  return appError;
}

/**
 * Before a replace-mode import of a table with BACKUP_ROWS_THRESHOLD rows or more: a backup, so a
 * wrong file imported over months of data can be undone. Returns the backup's path, or null when
 * none was needed (append mode, a new or small table, an in-memory workspace).
 */
export async function backupBeforeReplace(
  workspaceFile: string,
  session: Pick<Session, 'rows' | 'run' | 'catalog'>,
  params: { table: string; mode: string },
  threshold = BACKUP_ROWS_THRESHOLD,
): Promise<string | null> {
  if (workspaceFile === ':memory:' || params.mode !== 'replace') return null;
  const [found] = await session.rows<{ n: bigint | number }>(
    `SELECT estimated_size AS n FROM duckdb_tables() WHERE database_name = $catalog AND schema_name = 'main' AND table_name = $table`,
    { catalog: session.catalog, table: params.table },
  );
  if (found === undefined || Number(found.n) < threshold) return null;
  return takeBackup(workspaceFile, `import-${params.table}`, () => session.run('CHECKPOINT'));
}
