import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { openTempEngine } from '../support/temp-workspace';

/** files.dataFiles: a folder pick in the import wizard — monthly exports in a folder per year. */
let dir: string;
let engine: Engine;
let dispose: () => void;

const touch = (rel: string, text = 'a,b\n1,2\n') => {
  const full = path.join(dir, rel);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-tree-'));
  for (const rel of ['2024/10.csv', '2024/2.csv', '2024/1.csv', '2023/12.csv', '2023/11.TXT', '2024/q4/11.xlsx', 'summary.tsv', '2024/2.parquet']) touch(rel);
  // Hidden files and folders, other files, Excel lock files, and an empty folder are not listed.
  for (const rel of ['.hidden/3.csv', '2024/.~tmp.csv', '2024/notes.docx', '2024/~$book.xlsx', 'readme.md']) touch(rel);
  fs.mkdirSync(path.join(dir, 'empty'));
  // A link back up the tree is not walked again (no loop, no duplicates).
  fs.symlinkSync(dir, path.join(dir, '2024', 'loop'));
  ({ engine, dispose } = await openTempEngine());
});
afterAll(() => {
  dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('files.dataFiles', () => {
  it('lists sub-folders too, in natural order (2024/2 before 2024/10), data files only', async () => {
    const result = await engine.connectClient().call('files.dataFiles', { dir });
    expect(result.dir).toBe(dir);
    expect(result.files.map((f) => f.name)).toEqual(
      ['2023/11.TXT', '2023/12.csv', '2024/1.csv', '2024/2.csv', '2024/2.parquet', '2024/10.csv', '2024/q4/11.xlsx', 'summary.tsv'].map((p) => p.split('/').join(path.sep)),
    );
    const first = result.files[2]!;
    expect(first).toMatchObject({ path: path.join(dir, '2024', '1.csv'), kind: 'file', sizeBytes: 8 });
    expect(result.skipped).toEqual([]);
  });

  it('takes only the folder’s own files without sub-folders', async () => {
    const result = await engine.connectClient().call('files.dataFiles', { dir: path.join(dir, '2024'), recursive: false });
    expect(result.files.map((f) => f.name)).toEqual(['1.csv', '2.csv', '2.parquet', '10.csv']);
  });

  it('refuses more files than the cap, naming the folder and the cap', async () => {
    const call = engine.connectClient().call('files.dataFiles', { dir, limit: 5 });
    await expect(call).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', messageKey: 'error.FILES_TOO_MANY', details: { path: dir, limit: 5 } });
    // Exactly at the cap is fine.
    expect((await engine.connectClient().call('files.dataFiles', { dir, limit: 8 })).files).toHaveLength(8);
  });

  // Permissions do not bind root: there the folder would be read, so the test cannot make one unreadable.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) console.log('skipped: "skips a sub-folder it cannot read" — running as root, for whom no folder is unreadable');
  it.skipIf(asRoot)('skips a sub-folder it cannot read, and says so', async () => {
    const locked = path.join(dir, '2022');
    touch('2022/1.csv');
    fs.chmodSync(locked, 0o000);
    try {
      const result = await engine.connectClient().call('files.dataFiles', { dir });
      expect(result.skipped).toEqual(['2022']);
      expect(result.files.map((f) => f.name)).not.toContain(path.join('2022', '1.csv'));
    } finally {
      fs.chmodSync(locked, 0o755);
      fs.rmSync(locked, { recursive: true });
    }
  });

  it('reports a missing folder like files.list', async () => {
    await expect(engine.connectClient().call('files.dataFiles', { dir: path.join(dir, 'nope') })).rejects.toMatchObject({ code: 'NOT_FOUND', messageKey: 'error.FILES_NOT_FOUND' });
  });
});
