import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { listDirectory } from '../../src/engine/files/list-directory';
import { isAppError } from '../../src/shared/errors';
import { openTempEngine } from '../support/temp-workspace';

/** files.list: the import wizard's view of the engine machine's disk. */
let dir: string;
let engine: Engine;
let dispose: () => void;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-files-'));
  fs.mkdirSync(path.join(dir, '月度导出'));
  fs.mkdirSync(path.join(dir, '.hidden-dir'));
  for (const name of ['客户.csv', 'b.TXT', 'c.tsv', 'd.xlsx', 'e.parquet', 'notes.docx', '.secret.csv', 'script.sh']) fs.writeFileSync(path.join(dir, name), 'x,y\n1,2\n');
  fs.symlinkSync(path.join(dir, 'gone.csv'), path.join(dir, 'broken-link.csv'));
  ({ engine, dispose } = await openTempEngine());
});
afterAll(() => {
  dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('files.list', () => {
  it('lists folders first, then data files; hidden and other files are left out', async () => {
    const listing = await engine.connectClient().call('files.list', { dir });
    expect(listing.dir).toBe(dir);
    expect(listing.parent).toBe(path.dirname(dir));
    expect(listing.entries.map((e) => [e.name, e.kind])).toEqual([
      ['月度导出', 'dir'],
      ['b.TXT', 'file'],
      ['c.tsv', 'file'],
      ['d.xlsx', 'file'],
      ['e.parquet', 'file'],
      ['客户.csv', 'file'],
    ]);
    const csv = listing.entries.find((e) => e.name === '客户.csv')!;
    expect(csv).toMatchObject({ path: path.join(dir, '客户.csv'), sizeBytes: 8 });
    expect(csv.modifiedMs).toBeGreaterThan(0);
  });

  it('defaults to the home folder; a root has no parent', async () => {
    expect((await listDirectory(undefined)).dir).toBe(path.resolve(os.homedir()));
    expect((await listDirectory('/')).parent).toBeNull();
  });

  it('reports a missing folder and a file as AppErrors with message keys', async () => {
    const client = engine.connectClient();
    await expect(client.call('files.list', { dir: path.join(dir, 'nope') })).rejects.toMatchObject({ code: 'NOT_FOUND', messageKey: 'error.FILES_NOT_FOUND' });
    const error = await listDirectory(path.join(dir, 'b.TXT')).catch((e: unknown) => e);
    expect(isAppError(error) && error.messageKey).toBe('error.FILES_NOT_A_DIRECTORY');
  });
});
