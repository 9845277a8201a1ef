import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoBank } from '../../src/engine/demo/generate-demo-bank';
import type { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import type { EngineClient } from '../../src/shared/engine-client';
import { AppError } from '../../src/shared/errors';
import { openTempEngine } from '../support/temp-workspace';

/**
 * Exports read back: every format equals the table (as plain SQL reads it), personal columns
 * masked unless a reason was given, the audit's SHA-256 equals the file's, and a failed or
 * cancelled export leaves nothing behind.
 */
type Customer = {
  customer_id: string;
  name: string;
  id_number: string;
  phone: string;
  branch_id: string;
};

const maskName = (s: string) => `${[...s][0]}*`;
const keepEnds = (s: string, stars: string) => (s.length > 7 ? s.slice(0, 3) + stars + s.slice(-4) : '*'.repeat(s.length));
const masked = (c: Customer) => ({ ...c, name: maskName(c.name), id_number: keepEnds(c.id_number, '***********'), phone: keepEnds(c.phone, '****') });

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

describe('exports', () => {
  let engine: Engine;
  let client: EngineClient;
  let dir: string;
  let dispose: () => void;
  let customers: Customer[];
  const table = { schema: 'main' as const, name: 'export_sample' };

  beforeAll(async () => {
    ({ engine, dir, dispose } = await openTempEngine());
    await engine.workspace.write(detachedContext(), async (s) => {
      await generateDemoBank(s, { customers: 400, months: 6, seed: 11 });
      // An account number with leading zeros and an 18-digit one: text in every file.
      await s.run(`CREATE TABLE export_sample AS SELECT customer_id, name, id_number, phone, branch_id, birth_date, 1234.5 + row_number() OVER (ORDER BY customer_id) AS aum,
        CASE WHEN row_number() OVER (ORDER BY customer_id) % 2 = 0 THEN '000' || customer_id ELSE '6222' || lpad(CAST(row_number() OVER (ORDER BY customer_id) AS VARCHAR), 14, '0') END AS account_no
        FROM customers`);
    });
    client = engine.connectClient();
    customers = await engine.workspace.withSession(detachedContext(), (s) => s.rows<Customer>('SELECT customer_id, name, id_number, phone, branch_id FROM export_sample ORDER BY customer_id'));
  });
  afterAll(() => dispose());

  const out = (name: string) => path.join(dir, 'out', name);

  it('CSV UTF-8 has a BOM, CRLF rows and the masked table', async () => {
    fs.mkdirSync(path.join(dir, 'out'), { recursive: true });
    const result = await client.call('export.table', { table, format: 'csv', outPath: out('list.csv'), headers: { name: '客户姓名' } });
    const bytes = fs.readFileSync(out('list.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.subarray(3).toString('utf8'));
    // Business headers by default (the data dictionary's "客户号 customer_id"); a header given per column wins.
    expect(rows[0]).toEqual(['客户号 customer_id', '客户姓名', '证件号码 id_number', '手机号 phone', '归属网点 branch_id', '出生日期 birth_date', 'aum', 'account_no']);
    const body = rows.slice(1).sort((a, b) => a[0]!.localeCompare(b[0]!));
    expect(body.length).toBe(customers.length);
    expect(result.rows).toBe(customers.length);
    expect(result.masked).toBe(true);
    body.forEach((r, i) => {
      const want = masked(customers[i]!);
      expect([r[0], r[1], r[2], r[3], r[4]]).toEqual([want.customer_id, want.name, want.id_number, want.phone, want.branch_id]);
    });
  });

  it('technical headers on request: the column names as they are', async () => {
    await client.call('export.table', { table, format: 'csv', outPath: out('list-technical.csv'), headerStyle: 'technical' });
    const rows = parseCsv(fs.readFileSync(out('list-technical.csv')).subarray(3).toString('utf8'));
    expect(rows[0]).toEqual(['customer_id', 'name', 'id_number', 'phone', 'branch_id', 'birth_date', 'aum', 'account_no']);
  });

  it('a grid view exports its filtered rows in its order, masked (the values bound, not spliced)', async () => {
    const branch = customers[0]!.branch_id;
    const view = { sort: { column: 'customer_id', descending: true }, filters: [{ column: 'branch_id', op: '=' as const, value: branch }] };
    const result = await client.call('export.table', { table, format: 'csv', outPath: out('view.csv'), view });
    const rows = parseCsv(fs.readFileSync(out('view.csv')).subarray(3).toString('utf8')).slice(1);
    const want = customers.filter((c) => c.branch_id === branch).sort((a, b) => (a.customer_id < b.customer_id ? 1 : -1)).map(masked);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(customers.length);
    expect(result.rows).toBe(want.length);
    expect(rows.map((r) => [r[0], r[1], r[4]])).toEqual(want.map((c) => [c.customer_id, c.name, c.branch_id]));
  });

  it('CSV GBK decodes to the same rows', async () => {
    await client.call('export.table', { table, format: 'csv-gbk', outPath: out('list-gbk.csv') });
    const bytes = fs.readFileSync(out('list-gbk.csv'));
    expect(bytes[0]).not.toBe(0xef);
    const text = new TextDecoder('gbk').decode(bytes);
    const rows = parseCsv(text).slice(1).sort((a, b) => a[0]!.localeCompare(b[0]!));
    expect(rows.map((r) => r[1])).toEqual(customers.map((c) => maskName(c.name)));
    // Not UTF-8: the Chinese names are two bytes each.
    expect(bytes.includes(Buffer.from(maskName(customers[0]!.name), 'utf8'))).toBe(false);
  });

  it('XLSX keeps IDs as text, types numbers and dates, and masks unless a reason is given', async () => {
    const result = await client.call('export.table', { table, format: 'xlsx', outPath: out('list.xlsx'), unmask: { reason: '客户经理核对名单' } });
    expect(result.masked).toBe(false);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out('list.xlsx'));
    const sheet = book.worksheets[0]!;
    expect(sheet.views[0]?.state).toBe('frozen');
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    const rows: Array<Record<string, unknown>> = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const v = row.values as unknown[];
      rows.push({ customer_id: v[1], name: v[2], id_number: v[3], phone: v[4], birth_date: v[6], aum: v[7], account_no: v[8] });
    });
    expect(rows.length).toBe(customers.length);
    const byId = new Map(rows.map((r) => [r.customer_id, r]));
    for (const c of customers) {
      const r = byId.get(c.customer_id)!;
      expect(r.name).toBe(c.name);
      expect(r.id_number).toBe(c.id_number);
      expect(typeof r.id_number).toBe('string');
      expect(typeof r.aum).toBe('number');
      expect(r.birth_date).toBeInstanceOf(Date);
      expect(typeof r.account_no).toBe('string');
      expect(String(r.account_no).length).toBeGreaterThanOrEqual(8);
    }
    expect(rows.some((r) => String(r.account_no).startsWith('000'))).toBe(true);
    expect(rows.some((r) => String(r.account_no).length === 18)).toBe(true);
    const [audit] = await client.call('audit.list', { action: 'export', limit: 1 });
    expect(audit?.reason).toBe('客户经理核对名单');
    expect(JSON.parse(audit!.details).masked).toBe(false);
  });

  it('Parquet equals the masked table', async () => {
    await client.call('export.table', { table, format: 'parquet', outPath: out('list.parquet') });
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const rows = (await c.runAndReadAll(`SELECT customer_id, name, phone FROM read_parquet('${out('list.parquet')}') ORDER BY customer_id`)).getRowObjectsJS();
    expect(rows).toEqual(customers.map((x) => ({ customer_id: x.customer_id, name: maskName(x.name), phone: keepEnds(x.phone, '****') })));
  });

  it('split by branch: the files together equal the table, each file one branch; the audit hashes match', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const folder = out(`by-branch-${format}`);
      const result = await client.call('export.table', { table, format, splitBy: 'branch_id', outPath: folder });
      const branches = [...new Set(customers.map((c) => c.branch_id))].sort();
      expect(result.files.map((f) => path.basename(f.path)).sort()).toEqual(branches.map((b) => `branch_id_${b}.${format}`).sort());
      expect(fs.readdirSync(folder).sort()).toEqual(result.files.map((f) => path.basename(f.path)).sort());
      let total = 0;
      for (const file of result.files) {
        const branch = path.basename(file.path).replace(/^branch_id_/, '').replace(/\.\w+$/, '');
        const expected = customers.filter((c) => c.branch_id === branch).map((c) => c.customer_id).sort();
        let ids: string[];
        if (format === 'csv') ids = parseCsv(fs.readFileSync(file.path).subarray(3).toString('utf8')).slice(1).map((r) => r[0]!);
        else {
          const book = new ExcelJS.Workbook();
          await book.xlsx.readFile(file.path);
          ids = [];
          book.worksheets[0]!.eachRow((row, n) => n > 1 && ids.push(String((row.values as unknown[])[1])));
        }
        expect(ids.sort()).toEqual(expected);
        expect(file.rows).toBe(expected.length);
        total += file.rows;
      }
      expect(total).toBe(customers.length);
      const verified = await client.call('audit.verify', { auditId: result.auditId });
      expect(verified.ok).toBe(true);
    }
  });

  it('audit verify finds an edited and a deleted file', async () => {
    const result = await client.call('export.table', { table, format: 'csv', splitBy: 'branch_id', outPath: out('to-tamper') });
    const [first, second] = result.files;
    fs.appendFileSync(first!.path, 'x');
    fs.rmSync(second!.path);
    const verified = await client.call('audit.verify', { auditId: result.auditId });
    expect(verified.ok).toBe(false);
    const status = new Map(verified.entries[0]!.files.map((f) => [f.path, f.status]));
    expect(status.get(first!.path)).toBe('changed');
    expect(status.get(second!.path)).toBe('missing');
    expect([...status.values()].filter((s) => s === 'ok').length).toBe(result.files.length - 2);
  });

  it('an unwritable folder is named in the error and nothing is written', async () => {
    if (process.getuid?.() === 0) {
      // root writes anywhere: a path under a file is the unwritable case that holds for everyone.
      const blocker = out('a-file');
      fs.writeFileSync(blocker, '');
      const error = await client.call('export.table', { table, format: 'csv', outPath: path.join(blocker, 'x.csv') }).catch((e: unknown) => e);
      expect((error as AppError).messageKey).toBe('error.EXPORT_NOT_WRITABLE');
      expect(fs.readdirSync(out(''))).not.toContain('x.csv');
      return;
    }
    const locked = out('locked');
    fs.mkdirSync(locked);
    fs.chmodSync(locked, 0o500);
    const error = await client.call('export.table', { table, format: 'xlsx', outPath: path.join(locked, 'x.xlsx') }).catch((e: unknown) => e);
    expect((error as AppError).messageKey).toBe('error.EXPORT_NOT_WRITABLE');
    expect((error as AppError).details.path).toBe(locked);
    expect(fs.readdirSync(locked)).toEqual([]);
  });

  it('a cancelled export leaves no file and no partial file', async () => {
    await engine.workspace.write(detachedContext(), (s) => s.run(`CREATE TABLE big_list AS SELECT 'C' || lpad(CAST(i AS VARCHAR), 9, '0') AS customer_id, i * 1.5 AS aum, '张三' AS name FROM range(400000) t(i)`));
    const folder = out('cancelled');
    fs.mkdirSync(folder);
    const controller = new AbortController();
    const error = await client
      .call('export.table', { table: { schema: 'main', name: 'big_list' }, format: 'xlsx', outPath: path.join(folder, 'big.xlsx') }, { signal: controller.signal, onProgress: (p) => (p.rows ?? 0) > 0 && controller.abort() })
      .catch((e: unknown) => e);
    expect((error as AppError).code).toBe('CANCELLED');
    // The engine finishes its cleanup after answering: give it the next turn of the loop.
    await new Promise((r) => setTimeout(r, 200));
    expect(fs.readdirSync(folder)).toEqual([]);
  });
});
