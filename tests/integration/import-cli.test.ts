import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { importCommand } from '../../src/cli/commands/import-command';
import { fixture } from '../support/import-harness';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-cli-import-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function capture(argv: string[]): Promise<{ code: number | unknown; stdout: string }> {
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await importCommand(argv).catch((e: unknown) => e);
    return { code, stdout };
  } finally {
    spy.mockRestore();
    err.mockRestore();
  }
}

it('imports with --json and reports rejects with file and line; fails clearly when nothing loads', async () => {
  const workspace = path.join(dir, 'w.duckdb');
  const ok = await capture([fixture('broken.csv'), '--table', 'transactions', '--workspace', workspace, '--json']);
  expect(ok.code).toBe(0);
  const json = JSON.parse(ok.stdout);
  expect(json).toMatchObject({ table: 'transactions', rows_read: 9, rows_loaded: 5, rows_rejected: 4 });
  expect(json.rejects.map((r: { line: number }) => r.line)).toEqual([4, 6, 8, 10]);

  const again = await capture([fixture('broken.csv'), '--table', 'transactions', '--workspace', workspace, '--mode', 'append']);
  expect(again.code).toBe(1);

  const bad = path.join(dir, 'bad.csv');
  fs.writeFileSync(bad, 'txn_id,txn_date\nX1,2024-02-30\n');
  const failed = await capture([bad, '--table', 'transactions', '--workspace', workspace]);
  expect((failed.code as { messageKey: string }).messageKey).toBe('error.IMPORT_NOTHING_LOADED');

  const preset = path.join(dir, 'preset.json');
  fs.writeFileSync(preset, JSON.stringify({ version: 1, name: 'gbk customers', table: 'customers', settings: { encoding: 'gbk' }, mapping: { 客户号: 'customer_id', 客户姓名: 'name' } }));
  const withPreset = await capture([fixture('customers-gbk.csv'), '--mapping', preset, '--workspace', workspace, '--json']);
  expect(JSON.parse(withPreset.stdout)).toMatchObject({ table: 'customers', rows_loaded: 6, rows_rejected: 0 });
});

it('runs the data-quality checks after the import and reports the failed ones (JSON and text)', async () => {
  const workspace = path.join(dir, 'q.duckdb');
  // A customer without an id (a duplicated id no longer loads twice: the import keeps the first row).
  const file = path.join(dir, 'keyless-customers.csv');
  fs.writeFileSync(file, 'customer_id,name\nC1,张三\n,李四\nC2,王五\n');
  const json = await capture([file, '--table', 'customers', '--workspace', workspace, '--json']);
  expect(json.code).toBe(0);
  const out = JSON.parse(json.stdout);
  expect(out).toMatchObject({ rows_loaded: 3 });
  expect(out.quality_failed).toEqual([{ check: 'missing_key', table: 'customers', column: 'customer_id', count: 1 }]);

  const text = await capture([file, '--table', 'customers', '--workspace', workspace, '--force']);
  expect(text.code).toBe(0);
  expect(text.stdout).toMatch(/data quality: 1 of \d+ checks failed\n  missing_key customers\.customer_id: 1\n/);
});
