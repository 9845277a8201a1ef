import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { Workspace } from '../../src/engine/workspace';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { DEMO_TABLES, generateDemoBank, type DemoBankOptions } from '../../src/engine/demo/generate-demo-bank';
import { computeDemoTruth, readDemoTruth, type DemoTruth } from '../../src/engine/demo/demo-truth';
import { demoCalendar } from '../../src/engine/demo/demo-calendar';
import { DEMO_EXPORTS } from '../../src/engine/demo/demo-presets';
import { encodeGbk } from '../../src/engine/encoding/gbk-encoder';
import { importPresetSchema } from '../../src/shared/import-types';
import type { EngineClient } from '../../src/shared/engine-client';

/**
 * The demo bank through the import path (issue 3, item 10): the generator's tables written as
 * bank-style export files, imported back with the bundled presets. The imported tables must
 * equal the directly generated ones, so the planted truth still holds.
 */
const OPTIONS: DemoBankOptions = { customers: 4000, months: 24, seed: 11 };
const PRESETS_DIR = path.resolve(__dirname, '../../resources/presets');

type Row = Record<string, unknown>;

function query<T extends Row>(ws: Workspace, sql: string): Promise<T[]> {
  return ws.withSession(detachedContext(), (s) => s.rows<T>(sql));
}

async function columnsOf(ws: Workspace, table: string): Promise<Map<string, string>> {
  const rows = await query<{ column_name: string; data_type: string }>(
    ws,
    `SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = '${table}'`,
  );
  return new Map(rows.map((r) => [r.column_name, r.data_type]));
}

/**
 * Order- and type-independent checksum of a table over the given columns (as text; NULL kept
 * apart from ''), with its row count and the sum of every numeric column.
 */
async function checksum(ws: Workspace, table: string, columns: string[], numeric: string[]): Promise<Record<string, string>> {
  const cells = columns.map((c) => `coalesce(CAST("${c}" AS VARCHAR), '<null>')`).join(', ');
  const sums = numeric.map((c) => `CAST(sum("${c}") AS VARCHAR) AS "sum_${c}"`).join(', ');
  const [row] = await query<Row>(ws, `SELECT count(*)::VARCHAR AS n, CAST(sum(hash(list_value(${cells}))) AS VARCHAR) AS h${sums ? `, ${sums}` : ''} FROM "${table}"`);
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, String(v)]));
}

function splitLine(line: string, delimiter: string): string[] {
  // The export quotes only fields holding the delimiter or a quote (amounts with separators, JSON).
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

/** The first lines of a file, decoded. */
function headLines(file: string, encoding: 'utf-8' | 'gbk', count = 200): string[] {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(256 * 1024);
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    const text = new TextDecoder(encoding, { ignoreBOM: false }).decode(buffer.subarray(0, n), { stream: true });
    return text.split(/\r?\n/).slice(0, count);
  } finally {
    fs.closeSync(fd);
  }
}

describe('demo bank through the import path', () => {
  let direct: Workspace;
  let engine: Engine;
  let client: EngineClient;
  let exportDir: string;
  let directTruth: DemoTruth;
  const fileOf = (table: string) => path.join(exportDir, DEMO_EXPORTS.find((e) => e.table === table)!.fileName);

  beforeAll(async () => {
    direct = await Workspace.open({ path: ':memory:' });
    await direct.withSession(detachedContext(), (s) => generateDemoBank(s, OPTIONS));
    directTruth = (await direct.withSession(detachedContext(), (s) => readDemoTruth(s)))!;
    engine = await Engine.open({ path: ':memory:' });
    client = engine.connectClient();
    const fractions: number[] = [];
    const result = await client.call('demo.generate', { ...OPTIONS, keepExports: true }, { onProgress: (p) => p.fraction != null && fractions.push(p.fraction) });
    expect(result.via).toBe('import');
    expect(result.exportDir).toBeTruthy();
    exportDir = result.exportDir!;
    // One job, progress moving forward to the end.
    expect(fractions.length).toBeGreaterThan(10);
    expect(fractions.at(-1)).toBe(1);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]!).toBeGreaterThanOrEqual(fractions[i - 1]! - 1e-9);
  }, 180_000);

  afterAll(() => {
    direct?.close();
    engine?.close();
    if (exportDir) fs.rmSync(exportDir, { recursive: true, force: true });
  });

  it('bundles one valid preset per export file', () => {
    const files = fs.readdirSync(PRESETS_DIR).filter((f) => f.startsWith('demo-') && f.endsWith('.json')).sort();
    expect(files).toEqual(DEMO_EXPORTS.map((e) => e.presetFile).sort());
    for (const spec of DEMO_EXPORTS) {
      const preset = importPresetSchema.parse(JSON.parse(fs.readFileSync(path.join(PRESETS_DIR, spec.presetFile), 'utf8')));
      expect(preset.table).toBe(spec.table);
      expect(preset.headers!.every((h) => /[\u4e00-\u9fff]/.test(h))).toBe(true);
    }
  });

  it('writes customers in GBK, accounts with a BOM, transactions |-separated, all with Chinese headers', () => {
    expect(fs.readdirSync(exportDir).sort()).toEqual(DEMO_EXPORTS.map((e) => e.fileName).sort());
    const customers = fs.readFileSync(fileOf('customers'));
    expect(customers.subarray(0, 6)).toEqual(encodeGbk('客户号'));
    expect([...customers.subarray(0, 6)]).toEqual([0xbf, 0xcd, 0xbb, 0xa7, 0xba, 0xc5]);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(customers)).toThrow();
    const [customerHeader] = headLines(fileOf('customers'), 'gbk');
    expect(customerHeader!.startsWith('客户号,客户姓名,证件号码,手机号码,性别,出生日期')).toBe(true);

    const accounts = fs.readFileSync(fileOf('accounts'));
    expect([...accounts.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(headLines(fileOf('accounts'), 'utf-8')[0]).toBe('账号,客户号,产品类型,开户日期,销户日期,账户状态,币种,账户余额');

    const [txnHeader] = headLines(fileOf('transactions'), 'utf-8');
    expect(txnHeader).toBe('交易流水号|账号|客户号|交易时间|交易金额|借贷标志|交易类型|交易渠道|对方行名');
    expect(fs.readFileSync(fileOf('transactions')).subarray(0, 3)).not.toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    for (const spec of DEMO_EXPORTS.filter((e) => !['customers', 'accounts', 'transactions'].includes(e.table))) {
      const [header] = headLines(fileOf(spec.table), 'utf-8');
      expect(header).toBe(spec.preset.headers!.join(','));
    }
  });

  it('writes dates as YYYYMMDD, amounts with thousands separators and 借/贷 codes', () => {
    const [, ...customers] = headLines(fileOf('customers'), 'gbk').filter((l) => l.length > 0);
    for (const line of customers.slice(0, 100)) {
      const f = splitLine(line, ',');
      expect(f[0]).toMatch(/^C\d{9}$/);
      expect(f[2]).toMatch(/^\d{17}[\dX]$/);
      expect(f[5]).toMatch(/^(19|20)\d{6}$/);
      expect(f[15]).toMatch(/^(19|20)\d{6}$/);
      expect(['是', '否']).toContain(f[18]);
    }
    const [, ...accounts] = headLines(fileOf('accounts'), 'utf-8').filter((l) => l.length > 0);
    const balances = accounts.map((l) => splitLine(l, ',')[7]!);
    for (const b of balances) expect(b).toMatch(/^-?\d{1,3}(,\d{3})*\.\d{2}$/);
    expect(balances.some((b) => b.includes(','))).toBe(true);
    for (const l of accounts) expect(splitLine(l, ',')[3]).toMatch(/^\d{8}$/);

    const lines = fs.readFileSync(fileOf('transactions'), 'utf8').split('\n').slice(1).filter((l) => l.length > 0);
    const amounts = lines.map((l) => l.split('|')[4]!);
    const directions = new Set(lines.map((l) => l.split('|')[5]));
    expect([...directions].sort()).toEqual(['借', '贷']);
    for (const a of amounts.slice(0, 5000)) expect(a).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
    expect(amounts.some((a) => a.includes(','))).toBe(true);
  });

  it('imports every file with its bundled preset, nothing rejected, recorded in the import log', async () => {
    const ws = engine.workspace;
    const [rejects] = await query<{ n: bigint }>(ws, 'SELECT count(*) AS n FROM _sw_import_rejects');
    expect(Number(rejects?.n)).toBe(0);
    const log = await query<{ file: string; table_name: string; encoding: string; rows_rejected: bigint; rows_loaded: bigint }>(
      ws,
      'SELECT file, table_name, encoding, rows_rejected, rows_loaded FROM _sw_imports ORDER BY imported_at',
    );
    // customers is imported last (it is what marks a workspace as holding data).
    expect(log.map((r) => r.table_name)).toEqual([...DEMO_EXPORTS.map((e) => e.table).filter((t) => t !== 'customers'), 'customers']);
    expect(log.every((r) => Number(r.rows_rejected) === 0)).toBe(true);
    expect(log.find((r) => r.table_name === 'customers')?.encoding).toBe('gbk');
    expect(log.find((r) => r.table_name === 'accounts')?.encoding).toBe('utf-8-bom');
  });

  it('loads tables equal to the direct generation (counts, checksums, sums; ids stay text)', async () => {
    const numericTypes = /^(DECIMAL|BIGINT|INTEGER|DOUBLE)/;
    for (const table of DEMO_TABLES) {
      const directColumns = await columnsOf(direct, table);
      const importedColumns = await columnsOf(engine.workspace, table);
      expect([...importedColumns.keys()].sort(), table).toEqual([...directColumns.keys()].sort());
      const columns = [...directColumns.keys()].sort();
      const numeric = columns.filter((c) => numericTypes.test(directColumns.get(c)!));
      for (const c of columns) {
        const d = directColumns.get(c)!;
        const i = importedColumns.get(c)!;
        // Integers come back as BIGINT (the import's integer kind); every other type is kept.
        if (d === 'INTEGER') expect(i, `${table}.${c}`).toBe('BIGINT');
        else expect(i, `${table}.${c}`).toBe(d);
      }
      expect(await checksum(engine.workspace, table, columns, numeric), table).toEqual(await checksum(direct, table, columns, numeric));
    }
    const [ids] = await query<{ first: bigint; x: bigint; long: bigint }>(
      engine.workspace,
      `SELECT count(*) FILTER (WHERE customer_id = 'C000000001') AS first, count(*) FILTER (WHERE id_number LIKE '%X') AS x,
              (SELECT count(*) FROM accounts WHERE length(account_id) <> 16) AS long FROM customers`,
    );
    expect(Number(ids?.first)).toBe(1);
    expect(Number(ids?.x)).toBeGreaterThan(0);
    expect(Number(ids?.long)).toBe(0);
  });

  it('keeps the truth: stored as generated, and the rules reproduce it on the imported tables', async () => {
    const stored = await engine.workspace.withSession(detachedContext(), (s) => readDemoTruth(s));
    expect(stored?.counts).toEqual(directTruth.counts);
    expect(stored?.generator).toEqual(directTruth.generator);
    const recomputed = await engine.workspace.withSession(detachedContext(), (s) => computeDemoTruth(s, demoCalendar(OPTIONS.months), directTruth.generator));
    expect(recomputed.counts).toEqual(directTruth.counts);
    expect(stored?.counts.customers).toBe(OPTIONS.customers);
  });

  it('offers the bundled preset when the wizard detects an export file', async () => {
    const detected = await client.call('import.detect', { path: fileOf('customers') });
    expect(detected.settings.encoding).toMatch(/^(gbk|gb18030)$/);
    expect(detected.matchingPreset?.source).toBe('builtin');
    expect(detected.matchingPreset?.preset.table).toBe('customers');
    const list = await client.call('import.presets.list', {});
    expect(list.invalid).toEqual([]);
    // Every demo export's preset is bundled (beside the presets of public extracts, berka-*.json).
    const builtin = list.presets.filter((p) => p.source === 'builtin').map((p) => path.basename(p.file));
    expect(builtin.filter((f) => f.startsWith('demo-')).sort()).toEqual(DEMO_EXPORTS.map((e) => e.presetFile).sort());
  });

  it('leaves an empty workspace empty when the load is cancelled during the imports', async () => {
    const other = await Engine.open({ path: ':memory:' });
    try {
      const abort = new AbortController();
      let sawImport = false;
      const loading = new Set<string>();
      const running = other.connectClient().call('demo.generate', { customers: 2000, months: 12, seed: 5 }, {
        signal: abort.signal,
        onProgress: (p) => {
          // Cancel once a second file is being loaded: the first one's import has committed by then
          // (a cancel at a fixed fraction could land before any commit on a loaded machine).
          const table = p.message?.key === 'progress.import.load' ? p.message.params?.table : undefined;
          if (typeof table === 'string') loading.add(table);
          if (!sawImport && loading.size >= 2) {
            sawImport = true;
            abort.abort();
          }
        },
      });
      await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(sawImport).toBe(true);
      const tables = await query<{ t: string }>(other.workspace, `SELECT table_name AS t FROM duckdb_tables() WHERE schema_name = 'main' AND database_name = current_database()`);
      // At least one file had been imported (and committed) before the cancel: it was undone.
      expect(tables.map((r) => r.t).filter((t) => !t.startsWith('_sw_'))).toEqual([]);
      expect(tables.map((r) => r.t)).toContain('_sw_imports');
      const [log] = await query<{ n: bigint }>(other.workspace, 'SELECT count(*) AS n FROM _sw_imports');
      expect(Number(log?.n)).toBe(0);
    } finally {
      other.close();
    }
  }, 120_000);

  it('still generates directly on request (the benchmark path) and removes its export files by default', async () => {
    const other = await Engine.open({ path: ':memory:' });
    try {
      const r = await other.connectClient().call('demo.generate', { customers: 300, months: 12, seed: 5, direct: true });
      expect(r.via).toBe('direct');
      // The direct path writes the tables itself: the import log (created empty with the workspace) stays empty.
      const [log] = await query<{ n: bigint }>(other.workspace, 'SELECT count(*) AS n FROM _sw_imports');
      expect(Number(log?.n)).toBe(0);
      const viaImport = await other.connectClient().call('demo.generate', { customers: 300, months: 12, seed: 5 });
      expect(viaImport.via).toBe('import');
      expect(viaImport.exportDir).toBeUndefined();
      expect(viaImport.tables).toEqual(r.tables);
    } finally {
      other.close();
    }
  }, 120_000);
});
