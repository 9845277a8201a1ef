import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { generateDemoBank } from '../../src/engine/demo/generate-demo-bank';
import { encodeGbk } from '../../src/engine/encoding/gbk-encoder';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { messagesEn } from '../../src/shared/i18n/messages-en';
import { messagesZh } from '../../src/shared/i18n/messages-zh';
import type { EngineClient } from '../../src/shared/engine-client';
import { isAppError } from '../../src/shared/errors';
import { fixture } from '../support/import-harness';
import { openTempEngine } from '../support/temp-workspace';
import { zipStored } from '../support/zip-writer';

/**
 * Issue 12, import fuzz: malformed files — random bytes, truncation at any byte, mixed encodings
 * and line endings, unbalanced quotes, huge lines, NULs, BOMs in the middle, wrong delimiters,
 * workbooks with broken XML or missing parts, truncated or damaged Parquet — each imported into a
 * workspace that already holds data. Every import ends (no crash, no hang) either with
 * rows read = loaded + rejected and every rejected row stored, the loaded text made only of the
 * characters the file was written with (nothing garbled), or with a clear AppError (a code that is
 * not INTERNAL, a message key with zh and en text); the existing tables are unchanged (checksum).
 * fast-check draws new files on every run (its seed is printed when a property fails).
 */

const RUNS = {
  random: 128,
  truncated: 150,
  mixed: 110,
  quotes: 110,
  huge: 12,
  nuls: 100,
  boms: 100,
  delimiters: 110,
  xlsx: 120,
  parquet: 80,
};
const HANG_MS = 30_000;

let engine: Engine;
let client: EngineClient;
let dir: string;
let dispose: () => void;
let baseline: string;
let fileNo = 0;
const outcomes = new Map<string, { files: number; loaded: number; loadedWithRejects: number; failed: Map<string, number> }>();

const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', "O'Brien", 'Smith', '欧阳娜娜'];
const CITIES = ['北京', '上海', '深圳', '成都', 'Chengdu'];
const HEADER = ['customer_id', 'name', 'city', 'amount', 'opened'];
/** Every character a generated text file is written with (its delimiters and quotes among them). */
const ALPHABET = new Set([...NAMES.join(''), ...CITIES.join(''), ...HEADER.join(''), ...'0123456789,.;|\t"\' -:/_C\r\n']);

async function checksum(): Promise<string> {
  return engine.workspace.withSession(detachedContext(), async (s) => {
    const tables = await s.rows<{ t: string }>(
      `SELECT table_name AS t FROM duckdb_tables() WHERE database_name = $c AND schema_name = 'main' AND table_name NOT LIKE '\\_sw\\_%' ESCAPE '\\' AND table_name <> 'fuzz_target' ORDER BY 1`,
      { c: s.catalog },
    );
    const parts: string[] = [];
    for (const { t } of tables) {
      const [row] = await s.rows<{ n: bigint; h: bigint | null }>(`SELECT count(*) AS n, bit_xor(hash(x)) AS h FROM "${t}" x`);
      parts.push(`${t}:${row!.n}:${row!.h}`);
    }
    return parts.join(' ');
  });
}

beforeAll(async () => {
  const opened = await openTempEngine();
  ({ engine, dir, dispose } = opened);
  client = engine.connectClient();
  await engine.workspace.withSession(detachedContext(), (s) => generateDemoBank(s, { customers: 200, months: 3, seed: 9 }));
  await engine.workspace.withSession(detachedContext(), (s) => s.run(`CREATE TABLE my_notes AS SELECT 'N' || i AS id, '备注' || i AS note FROM range(50) r(i)`));
  baseline = await checksum();
}, 120_000);

afterAll(() => {
  const lines = [...outcomes.entries()].map(([category, o]) => {
    const failed = [...o.failed.entries()].map(([key, n]) => `${key}×${n}`).join(', ');
    return `  ${category.padEnd(10)} ${String(o.files).padStart(4)} files: ${o.loaded} loaded (${o.loadedWithRejects} with rejected rows), ${o.files - o.loaded} refused${failed ? ` [${failed}]` : ''}`;
  });
  const total = [...outcomes.values()].reduce((sum, o) => sum + o.files, 0);
  process.stderr.write(`import fuzz: ${total} files\n${lines.join('\n')}\n`);
  dispose();
});

function record(category: string, outcome: { loaded: boolean; rejects?: number; key?: string }): void {
  const o = outcomes.get(category) ?? { files: 0, loaded: 0, loadedWithRejects: 0, failed: new Map<string, number>() };
  o.files++;
  if (outcome.loaded) {
    o.loaded++;
    if ((outcome.rejects ?? 0) > 0) o.loadedWithRejects++;
  } else o.failed.set(outcome.key!, (o.failed.get(outcome.key!) ?? 0) + 1);
  outcomes.set(category, o);
}

/** Imports one generated file and checks every promise of the issue. */
async function importChecked(category: string, bytes: Uint8Array, ext: string, options: { alphabet: boolean }): Promise<void> {
  const file = path.join(dir, `fuzz-${fileNo++}.${ext}`);
  fs.writeFileSync(file, bytes);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), HANG_MS);
  let outcome: { result?: Awaited<ReturnType<typeof run>>; error?: unknown };
  const run = () => client.call('import.run', { files: [file], table: 'fuzz_target', mode: 'replace', allowReimport: true }, { signal: abort.signal });
  try {
    outcome = { result: await run() };
  } catch (error) {
    outcome = { error };
  } finally {
    clearTimeout(timer);
    fs.rmSync(file, { force: true });
  }
  expect(abort.signal.aborted, `${category}: the import of ${bytes.length} bytes hung`).toBe(false);
  if (outcome.error !== undefined) {
    const error = outcome.error;
    expect(isAppError(error), `${category}: not an AppError: ${String(error)}`).toBe(true);
    if (!isAppError(error)) return;
    expect(error.code, `${category}: ${error.message}`).not.toBe('INTERNAL');
    expect(error.code, `${category}: ${error.message}`).not.toBe('SQL_ERROR');
    expect(messagesEn[error.messageKey as keyof typeof messagesEn], `${error.messageKey} has no en text (${error.message})`).toBeTypeOf('string');
    expect(messagesZh[error.messageKey as keyof typeof messagesZh], `${error.messageKey} has no zh text`).toBeTypeOf('string');
    record(category, { loaded: false, key: error.messageKey });
  } else {
    const r = outcome.result!;
    expect(r.rowsRead, `${category}: read = loaded + rejected`).toBe(r.rowsLoaded + r.rowsRejected + r.rowsDuplicate);
    expect(r.rowsDuplicate).toBe(0);
    await engine.workspace.withSession(detachedContext(), async (s) => {
      const [loaded] = await s.rows<{ n: bigint }>('SELECT count(*) AS n FROM fuzz_target');
      expect(Number(loaded!.n), `${category}: rows in the table`).toBe(r.rowsLoaded);
      const [stored] = await s.rows<{ n: bigint; unexplained: bigint }>(
        `SELECT count(*) AS n, count(*) FILTER (WHERE reason IS NULL OR reason = '') AS unexplained FROM _sw_import_rejects WHERE import_id = $id`,
        { id: r.importId },
      );
      expect(Number(stored!.n), `${category}: every rejected row listed`).toBe(r.rowsRejected);
      expect(Number(stored!.unexplained)).toBe(0);
      if (options.alphabet) {
        const cells = await s.rows<{ v: string }>(`SELECT DISTINCT CAST(v AS VARCHAR) AS v FROM (UNPIVOT (SELECT COLUMNS(*)::VARCHAR FROM fuzz_target) ON COLUMNS(*) INTO NAME k VALUE v)`);
        const garbled = cells.map((c) => c.v).filter((v) => [...v].some((ch) => !ALPHABET.has(ch)));
        expect(garbled, `${category}: garbled text loaded`).toEqual([]);
      }
    });
    record(category, { loaded: true, rejects: r.rowsRejected });
  }
  if (fileNo % 25 === 0) expect(await checksum(), 'the existing tables changed').toBe(baseline);
}

// ---- generated content ---------------------------------------------------------------------------

const rowArb = fc.tuple(fc.nat(99_999), fc.constantFrom(...NAMES), fc.constantFrom(...CITIES), fc.nat(10_000_000), fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }));
const rowsArb = fc.array(rowArb, { minLength: 1, maxLength: 25 });

function csvLines(rows: Array<[number, string, string, number, Date]>, delimiter = ','): string[] {
  const quote = (v: string) => (v.includes(delimiter) || v.includes('"') || v.includes("'") ? `"${v.replaceAll('"', '""')}"` : v);
  return [
    HEADER.join(delimiter),
    ...rows.map(([id, name, city, cents, date]) =>
      [`C${String(id).padStart(5, '0')}`, name, city, (cents / 100).toFixed(2), date.toISOString().slice(0, 10)].map(quote).join(delimiter),
    ),
  ];
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');
/** A position in a file as a fraction of its length, uniform (fast-check's doubles favour 0 and 1: mostly empty files). */
const fractionArb = fc.noBias(fc.integer({ min: 0, max: 1_000_000 })).map((n) => n / 1_000_000);
const eolArb = fc.constantFrom('\n', '\r\n', '\r');

/** Bytes with `insert` put in at each of the given positions (fractions of the length). */
function insertAt(bytes: Buffer, positions: number[], insert: Buffer): Buffer {
  const cuts = [...new Set(positions.map((p) => Math.floor(p * bytes.length)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let last = 0;
  for (const cut of cuts) {
    parts.push(bytes.subarray(last, cut), insert);
    last = cut;
  }
  parts.push(bytes.subarray(last));
  return Buffer.concat(parts);
}
const positionsArb = fc.array(fractionArb, { minLength: 1, maxLength: 6 });

// ---- workbooks -----------------------------------------------------------------------------------

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`;
function workbookParts(rows: string[][]): Record<string, string> {
  const strings = [...new Set(rows.flat())];
  const cellRef = (r: number, c: number) => `${String.fromCharCode(65 + c)}${r + 1}`;
  const sheetRows = rows.map((row, r) => `<row r="${r + 1}">${row.map((v, c) => `<c r="${cellRef(r, c)}" t="s"><v>${strings.indexOf(v)}</v></c>`).join('')}</row>`).join('');
  const escape = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  return {
    '[Content_Types].xml': xml(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`),
    '_rels/.rels': xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': xml(`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`),
    'xl/sharedStrings.xml': xml(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t>${escape(s)}</t></si>`).join('')}</sst>`),
    'xl/worksheets/sheet1.xml': xml(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`),
  };
}

type XlsxDamage = { kind: 'drop'; part: number } | { kind: 'truncate'; part: number; at: number } | { kind: 'junk'; part: number; at: number; junk: string } | { kind: 'zip-truncate'; at: number } | { kind: 'bad-index'; index: number };
const xlsxDamageArb: fc.Arbitrary<XlsxDamage> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), part: fc.nat(5) }),
  fc.record({ kind: fc.constant('truncate' as const), part: fc.nat(5), at: fractionArb }),
  fc.record({ kind: fc.constant('junk' as const), part: fc.nat(5), at: fractionArb, junk: fc.constantFrom('<', '&', '</row>', '<c r="ZZZ99999999">', '\u0000', '<v>1e999</v>', ']]>', '<!DOCTYPE x [<!ENTITY a "aaaa">]>', '"') }),
  fc.record({ kind: fc.constant('zip-truncate' as const), at: fractionArb }),
  fc.record({ kind: fc.constant('bad-index' as const), index: fc.integer({ min: -5, max: 100_000 }) }),
);

function damagedWorkbook(rows: string[][], damage: XlsxDamage): Buffer {
  const parts = workbookParts(rows);
  const names = Object.keys(parts);
  if (damage.kind === 'bad-index') parts['xl/worksheets/sheet1.xml'] = parts['xl/worksheets/sheet1.xml']!.replace(/<v>\d+<\/v>/, `<v>${damage.index}</v>`);
  if (damage.kind === 'truncate' || damage.kind === 'junk') {
    const name = names[damage.part % names.length]!;
    const text = parts[name]!;
    const at = Math.floor(damage.at * text.length);
    parts[name] = damage.kind === 'truncate' ? text.slice(0, at) : text.slice(0, at) + damage.junk + text.slice(at);
  }
  const entries = Object.entries(parts)
    .filter(([name]) => !(damage.kind === 'drop' && name === names[damage.part % names.length]))
    .map(([name, text]) => ({ name, data: utf8(text) }));
  const zip = zipStored(entries);
  return damage.kind === 'zip-truncate' ? zip.subarray(0, Math.floor(damage.at * zip.length)) : zip;
}

// ---- the properties ------------------------------------------------------------------------------

/** FUZZ_SCALE=10 npx vitest run tests/integration/import-fuzz.test.ts soaks the import with ten times the files. */
const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE ?? 1) || 1);
const TIMEOUT_MS = 240_000 * SCALE;

/** `examples` are counterexamples earlier runs found: tried first on every run, so a fixed bug stays fixed. */
const property = <T>(category: string, arb: fc.Arbitrary<T>, toFile: (value: T) => { bytes: Uint8Array; ext: string; alphabet: boolean }, examples: T[] = []) =>
  fc.assert(
    fc.asyncProperty(arb, async (value) => {
      const { bytes, ext, alphabet } = toFile(value);
      await importChecked(category, bytes, ext, { alphabet });
    }),
    { numRuns: RUNS[category as keyof typeof RUNS] * SCALE, endOnFailure: true, examples: examples.map((e) => [e] as [T]) },
  );

describe('import fuzz: malformed files into a workspace that holds data', () => {
  it('random bytes', () => property('random', fc.uint8Array({ minLength: 0, maxLength: 3000 }), (bytes) => ({ bytes, ext: 'csv', alphabet: false })), TIMEOUT_MS);

  it('truncation at any byte (UTF-8 and GBK)', () =>
    property('truncated', fc.tuple(rowsArb, fc.boolean(), fractionArb), ([rows, gbk, at]) => {
      const text = `${csvLines(rows).join('\n')}\n`;
      const bytes = gbk ? encodeGbk(text) : utf8(text);
      return { bytes: bytes.subarray(0, Math.floor(at * bytes.length)), ext: 'csv', alphabet: !gbk };
    }), TIMEOUT_MS);

  it('mixed encodings and line endings', () =>
    property('mixed', fc.tuple(rowsArb, fc.array(fc.tuple(fc.constantFrom('utf8', 'gbk', 'utf16'), eolArb), { minLength: 26, maxLength: 26 })), ([rows, styles]) => {
      const lines = csvLines(rows);
      const bytes = Buffer.concat(lines.map((line, i) => {
        const [encoding, eol] = styles[i % styles.length]!;
        const text = line + eol;
        return encoding === 'gbk' ? encodeGbk(text) : encoding === 'utf16' ? Buffer.from(text, 'utf16le') : utf8(text);
      }));
      return { bytes, ext: 'csv', alphabet: false };
    }), TIMEOUT_MS);

  it('unbalanced quotes', () =>
    property('quotes', fc.tuple(rowsArb, positionsArb, fc.constantFrom('"', "'", '""', '"\n')), ([rows, positions, quote]) => ({
      bytes: insertAt(utf8(`${csvLines(rows).join('\n')}\n`), positions, utf8(quote)),
      ext: 'csv',
      alphabet: true,
    }), [
      // Quotes spliced into both bytes runs of 成都 leave no whole UTF-8 character: it was read as Latin-1.
      [[[13439, "O'Brien", '成都', 9999988, new Date('2030-12-30T23:59:59.983Z')]], [0.725711, 0.678886, 0.01555], "'"] as [Array<[number, string, string, number, Date]>, number[], string],
      // A quote run splitting 王 inside a record that runs over lines: DuckDB's byte position lay before the line's start (UINT64 overflow).
      [[[16655, '王芳', '北京', 1356336, new Date('2019-11-29T03:57:45.640Z')]], [0.559779, 0.935294, 0.547411, 0.401402, 0.038731, 0.656813], '""'] as [Array<[number, string, string, number, Date]>, number[], string],
    ]), TIMEOUT_MS);

  it('huge lines', () =>
    property('huge', fc.tuple(rowsArb, fc.integer({ min: 50_000, max: 250_000 }), fc.nat(30), fc.boolean()), ([rows, length, at, quoted]) => {
      const lines = csvLines(rows);
      const huge = quoted ? `C99999,"${'北'.repeat(length)}",上海,1.00,2020-01-01` : `C99999,${'张'.repeat(length)},上海,1.00,2020-01-01`;
      lines.splice(1 + (at % lines.length), 0, huge);
      return { bytes: utf8(`${lines.join('\n')}\n`), ext: 'csv', alphabet: true };
    }), TIMEOUT_MS);

  it('NUL bytes', () =>
    property('nuls', fc.tuple(rowsArb, positionsArb, fc.boolean()), ([rows, positions, gbk]) => {
      const text = `${csvLines(rows).join('\n')}\n`;
      return { bytes: insertAt(gbk ? encodeGbk(text) : utf8(text), positions, Buffer.from([0])), ext: 'csv', alphabet: false };
    }), TIMEOUT_MS);

  it('BOMs in the middle (files joined end to end, a BOM per field)', () =>
    property('boms', fc.tuple(rowsArb, fc.array(fc.tuple(fc.nat(30), fc.nat(5)), { minLength: 1, maxLength: 6 }), fc.boolean()), ([rows, places, leading]) => {
      const bom = '\uFEFF';
      const lines = csvLines(rows);
      for (const [line, field] of places) {
        const i = line % lines.length;
        const fields = lines[i]!.split(',');
        fields[field % fields.length] = bom + fields[field % fields.length]!;
        lines[i] = fields.join(',');
      }
      return { bytes: utf8(`${leading ? bom : ''}${lines.join('\n')}\n`), ext: 'csv', alphabet: true };
    }), TIMEOUT_MS);

  it('wrong delimiters, missing and extra fields', () =>
    property('delimiters', fc.tuple(rowsArb, fc.constantFrom(',', ';', '|', '\t'), fc.array(fc.tuple(fc.nat(30), fc.constantFrom(',', ';', '|', '\t', 'drop', 'extra')), { maxLength: 8 })), ([rows, delimiter, swaps]) => {
      const lines = csvLines(rows, delimiter);
      for (const [at, change] of swaps) {
        const i = at % lines.length;
        if (change === 'drop') lines[i] = lines[i]!.split(delimiter).slice(0, -1).join(delimiter);
        else if (change === 'extra') lines[i] = `${lines[i]}${delimiter}extra${delimiter}`;
        else lines[i] = lines[i]!.replaceAll(delimiter, change);
      }
      return { bytes: utf8(`${lines.join('\n')}\n`), ext: delimiter === '\t' ? 'tsv' : 'csv', alphabet: false };
    }), TIMEOUT_MS);

  it('workbooks with broken XML or missing parts', () =>
    property('xlsx', fc.tuple(rowsArb, xlsxDamageArb), ([rows, damage]) => ({
      bytes: damagedWorkbook(csvLines(rows).map((line) => line.split(',')), damage),
      ext: 'xlsx',
      alphabet: false,
    })), TIMEOUT_MS);

  it('truncated and damaged Parquet', () => {
    const parquet = fs.readFileSync(fixture('transactions.parquet'));
    return property('parquet', fc.tuple(fractionArb, fc.array(fc.tuple(fc.nat(parquet.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.boolean()), ([at, flips, truncate]) => {
      const bytes = Buffer.from(parquet);
      for (const [offset, value] of flips) bytes[offset] = value;
      return { bytes: truncate ? bytes.subarray(0, Math.floor(at * bytes.length)) : bytes, ext: 'parquet', alphabet: false };
    });
  }, TIMEOUT_MS);

  it('left the existing tables exactly as they were', async () => {
    expect(await checksum()).toBe(baseline);
    const total = [...outcomes.values()].reduce((sum, o) => sum + o.files, 0);
    expect(total).toBeGreaterThanOrEqual(1000);
  });
});
