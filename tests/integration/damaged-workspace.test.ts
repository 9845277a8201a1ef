import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { restoreBackupCommand } from '../../src/cli/commands/restore-backup-command';
import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { BACKUP_ROWS_THRESHOLD, backupFolder, listBackups } from '../../src/engine/workspace-backup';
import { isAppError, type AppError } from '../../src/shared/errors';
import { messagesEn } from '../../src/shared/i18n/messages-en';
import { messagesZh } from '../../src/shared/i18n/messages-zh';

/**
 * Issue 12 item 6: a truncated, overwritten or corrupted workspace file is named as damaged, in
 * the user's terms, with the last backup and how to restore it; a replace-mode import of a large
 * table keeps a backup first; the backup restores.
 */

let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-damaged-'));
  file = path.join(dir, 'workspace.duckdb');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function makeWorkspace(rows: number): Promise<void> {
  const engine = await Engine.open({ path: file, threads: 2, memoryLimit: '1GB' });
  await engine.workspace.withSession(detachedContext(), async (s) => {
    await s.run(`CREATE TABLE customers AS SELECT 'C' || i AS customer_id, md5(i::VARCHAR) AS note FROM range(${rows}) r(i)`);
    await s.run('CHECKPOINT');
  });
  engine.close();
}

async function openError(): Promise<AppError> {
  try {
    const engine = await Engine.open({ path: file, threads: 2, memoryLimit: '1GB' });
    try {
      await engine.workspace.withSession(detachedContext(), (s) => s.rows('SELECT count(*), max(note) FROM customers'));
    } finally {
      engine.close();
    }
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('the damaged workspace opened');
}

const damages: Record<string, (size: number) => void> = {
  'truncated in the middle': (size) => fs.truncateSync(file, Math.floor(size / 2)),
  'truncated after its header': () => fs.truncateSync(file, 5000),
  overwritten: (size) => fs.writeFileSync(file, Buffer.alloc(size, 7)),
  'a corrupt block': (size) => {
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096, 0xab), 0, 4096, Math.floor(size / 2));
    fs.closeSync(fd);
  },
};

describe('a damaged workspace', () => {
  for (const [what, damage] of Object.entries(damages)) {
    it(`${what}: a message in the user's terms, not DuckDB's`, async () => {
      await makeWorkspace(400_000);
      damage(fs.statSync(file).size);
      const error = await openError();
      expect(error.code).toBe('IO_ERROR');
      expect(error.messageKey).toBe('error.WORKSPACE_DAMAGED_NO_BACKUP');
      expect(error.message).toMatch(/^the workspace file is damaged: /);
      expect(error.details.file).toBe(file);
      expect(error.details.folder).toBe(backupFolder(file));
      expect(messagesEn['error.WORKSPACE_DAMAGED_NO_BACKUP']).toContain('{file}');
      expect(messagesZh['error.WORKSPACE_DAMAGED_NO_BACKUP']).toContain('{file}');
    }, 60_000);
  }

  it('a replace-mode import of a large table keeps a backup, which is offered and restores the damaged file', async () => {
    await makeWorkspace(BACKUP_ROWS_THRESHOLD + 10);
    const engine = await Engine.open({ path: file, threads: 2, memoryLimit: '1GB' });
    const client = engine.connectClient();
    const csv = path.join(dir, 'customers.csv');
    fs.writeFileSync(csv, 'customer_id,note\nC1,only one\n');
    // Append mode and small tables keep no backup; replacing the large table does.
    await client.call('import.run', { files: [csv], table: 'small', mode: 'replace' });
    expect(listBackups(file)).toEqual([]);
    await client.call('import.run', { files: [csv], table: 'customers', mode: 'replace' });
    engine.close();
    const backups = listBackups(file);
    expect(backups).toHaveLength(1);
    expect(path.basename(backups[0]!)).toMatch(/^workspace\.duckdb\.\d{8}T\d{6}Z\.import-customers\.duckdb$/);

    fs.truncateSync(file, 5000);
    const error = await openError();
    expect(error.messageKey).toBe('error.WORKSPACE_DAMAGED');
    expect(error.details.backup).toBe(backups[0]);
    expect(error.message).toContain(`your last backup is ${backups[0]}`);
    expect(error.message).toContain('segment-workbench restore-backup --workspace');

    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await restoreBackupCommand(['--workspace', file])).toBe(0);
    } finally {
      stderr.mockRestore();
    }
    const restored = await Engine.open({ path: file, threads: 2, memoryLimit: '1GB' });
    const [row] = await restored.workspace.withSession(detachedContext(), (s) => s.rows<{ n: bigint }>('SELECT count(*) AS n FROM customers'));
    restored.close();
    // The backup holds the table as it was before the replace.
    expect(Number(row!.n)).toBe(BACKUP_ROWS_THRESHOLD + 10);
    expect(fs.readdirSync(dir).some((n) => n.startsWith('workspace.duckdb.damaged-'))).toBe(true);
  }, 120_000);
});
