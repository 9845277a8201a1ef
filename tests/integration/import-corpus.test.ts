import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import type { CorpusEntry } from '../fixtures/exports/make-corpus';
import { importApi, query } from '../support/import-harness';
import { openTempEngine } from '../support/temp-workspace';

/**
 * Every file of the import corpus (tests/fixtures/exports, written by make-corpus.ts) through the
 * real import, checked against its manifest entry: rows read, loaded, rejected (with lines and
 * reasons), duplicates, trailer, two-digit-year decisions and column types.
 */
const EXPORTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/exports');
const manifest = JSON.parse(fs.readFileSync(path.join(EXPORTS, 'manifest.json'), 'utf8')) as CorpusEntry[];

let engine: Engine;
let dispose: () => void;
let api: ReturnType<typeof importApi>;
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-corpus-'));

beforeAll(async () => {
  ({ engine, dispose } = await openTempEngine());
  api = importApi(engine);
});
afterAll(() => {
  dispose();
  fs.rmSync(temp, { recursive: true, force: true });
});

/** The file to import: the committed one, or its copy under a name a checkout cannot hold, beside decoys. */
function fileFor(entry: CorpusEntry, index: number): string {
  const source = path.join(EXPORTS, 'files', entry.file);
  if (!entry.copyAs) return source;
  const dir = path.join(temp, String(index));
  fs.mkdirSync(dir, { recursive: true });
  for (const decoy of entry.decoys ?? []) fs.copyFileSync(source, path.join(dir, decoy));
  const target = path.join(dir, entry.copyAs);
  fs.copyFileSync(source, target);
  return target;
}

describe('import corpus: real-export faults', () => {
  it.each(manifest.map((entry, index) => [`${entry.file}${entry.params ? ` ${JSON.stringify(entry.params)}` : ''}: ${entry.what}`, entry, index] as const))('%s', async (_name, entry, index) => {
    const file = fileFor(entry, index);
    const detected = await api.detect({ path: file, table: entry.table });
    if (entry.expect.encoding) expect(detected.settings.encoding).toBe(entry.expect.encoding);
    const result = await api.run({ files: [file], table: entry.table, allowReimport: true, ...(entry.params ?? {}) });
    const e = entry.expect;
    expect({ read: result.rowsRead, loaded: result.rowsLoaded, rejected: result.rowsRejected }).toEqual({ read: e.rowsRead, loaded: e.rowsLoaded, rejected: e.rowsRejected });
    expect(result.rowsDuplicate).toBe(e.rowsDuplicate ?? 0);
    expect(result.rejects.map((r) => r.line)).toEqual(e.rejects.map((r) => r.line));
    e.rejects.forEach((r, i) => expect(result.rejects[i]!.reason).toContain(r.reason));
    const types = Object.fromEntries(result.columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject(e.types);
    if (e.check) {
      const rows = await query<Record<string, unknown>>(engine, e.check.sql);
      expect(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])))).toEqual(e.check.rows);
    }
    if (e.trailer) expect(result.trailers).toEqual([expect.objectContaining({ ...e.trailer, rowsRead: e.rowsRead })]);
    else expect(result.trailers).toEqual([]);
    if (e.duplicates) expect(result.duplicates.map((d) => ({ key: d.key, lines: d.lines }))).toEqual(e.duplicates);
    if (e.centuries) expect(result.centuries.map((c) => ({ column: c.column, undecided: c.undecidedLines }))).toEqual(e.centuries);
    if (e.numberRejects) expect(result.valueRejects.map((v) => ({ column: v.column, lines: v.examples.map((x) => x.line) }))).toEqual(e.numberRejects);
  });
});
