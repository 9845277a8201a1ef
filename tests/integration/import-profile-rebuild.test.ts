import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { IMPORT_USAGE, importCommand } from '../../src/cli/commands/import-command';
import { withEngine } from '../../src/cli/engine-session';
import type { ProfileSummary } from '../../src/shared/customer-types';
import { fixture } from '../support/import-harness';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-cli-profile-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const workspace = path.join(dir, 'w.duckdb');

async function capture(argv: string[]): Promise<{ code: number | unknown; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    const code = await importCommand(argv).catch((e: unknown) => e);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const summary = () => withEngine(workspace, (client) => client.call('profile.summary', {}));

/** New customers in the same layout as customers-utf8.csv. */
function newCustomers(name: string, ids: string[]): string {
  const file = path.join(dir, name);
  const rows = ids.map((id, i) => `${id},新客户${i},,1380000${String(1000 + i)},男,19900101,R2,`);
  fs.writeFileSync(file, `客户号,客户姓名,证件号码,手机号码,性别,出生日期,风险等级,备注\n${rows.join('\n')}\n`);
  return file;
}

it('rebuilds a built customer profile after an import (same analysis date), unless --no-profile', async () => {
  expect(IMPORT_USAGE).toContain('--no-profile');

  // No profile yet: nothing to rebuild.
  const first = await capture([fixture('customers-utf8.csv'), '--table', 'customers', '--workspace', workspace, '--json']);
  expect(first.code).toBe(0);
  expect(JSON.parse(first.stdout)).toMatchObject({ rows_loaded: 6, profile_rebuilt: false });

  const built = await withEngine(workspace, (client) => client.call('profile.build', { asOf: '2024-06-30' }));
  expect(built.customers).toBe(6);
  const before: ProfileSummary = await summary();
  expect(before).toMatchObject({ asOf: built.asOf, asOfPinned: true, customers: 6, stale: null });

  // An import into a canonical table: the profile is rebuilt with the new rows, as of the same date.
  const more = await capture([newCustomers('more.csv', ['000201', '000202', '000203']), '--table', 'customers', '--mode', 'append', '--workspace', workspace, '--json']);
  expect(more.code).toBe(0);
  expect(JSON.parse(more.stdout)).toMatchObject({ rows_loaded: 3, profile_rebuilt: true, profile_as_of: built.asOf, profile_customers: 9 });
  expect(more.stderr).toContain('rebuild customer profile');
  const after = await summary();
  expect(after.stale).toBeNull();
  expect(after).toMatchObject({ asOf: built.asOf, customers: 9 });

  // Plain-text output says so too.
  const text = await capture([newCustomers('text.csv', ['000301']), '--table', 'customers', '--mode', 'append', '--workspace', workspace]);
  expect(text.code).toBe(0);
  expect(text.stdout).toContain(`customer profile rebuilt as of ${built.asOf}: 10 customers`);

  // An import into a non-canonical table does not make the profile stale, so nothing is rebuilt.
  const other = await capture([fixture('transactions-comma.csv'), '--table', 'scratch_notes', '--workspace', workspace, '--json']);
  expect(other.code).toBe(0);
  expect(JSON.parse(other.stdout)).toMatchObject({ profile_rebuilt: false });

  // --no-profile: the import only marks the profile stale.
  const skip = await capture([newCustomers('skip.csv', ['000401']), '--table', 'customers', '--mode', 'append', '--no-profile', '--workspace', workspace, '--json']);
  expect(skip.code).toBe(0);
  expect(JSON.parse(skip.stdout)).toMatchObject({ rows_loaded: 1, profile_rebuilt: false });
  const stale = await summary();
  expect(stale.stale?.tables).toEqual(['customers']);
  expect(stale.customers).toBe(10);

  // The next import (even into another table) catches up with the stale profile.
  const catchUp = await capture([fixture('transactions-comma.csv'), '--table', 'scratch_more', '--force', '--workspace', workspace, '--json']);
  expect(JSON.parse(catchUp.stdout)).toMatchObject({ profile_rebuilt: true, profile_customers: 11 });
  expect((await summary()).stale).toBeNull();
}, 60_000);

it('a profile built on the latest date in the data is not pinned, so a rebuild follows new data', async () => {
  const other = path.join(dir, 'latest.duckdb');
  await capture([fixture('customers-utf8.csv'), '--table', 'customers', '--workspace', other, '--json']);
  // Transactions carry the dates the latest-date default is taken from.
  await capture([fixture('transactions-comma.csv'), '--table', 'transactions', '--workspace', other, '--json']);
  await withEngine(other, (client) => client.call('profile.build', {}));
  const latest = await withEngine(other, (client) => client.call('profile.summary', {}));
  expect(latest.asOfPinned).toBe(false);
  await withEngine(other, (client) => client.call('profile.build', { asOf: '2023-12-31' }));
  const pinned = await withEngine(other, (client) => client.call('profile.summary', {}));
  expect(pinned).toMatchObject({ asOf: '2023-12-31', asOfPinned: true });
});

it('reads a profile built before the pinned flag existed (older workspace) as not pinned', async () => {
  const old = path.join(dir, 'old.duckdb');
  await capture([fixture('customers-utf8.csv'), '--table', 'customers', '--workspace', old, '--json']);
  await capture([fixture('transactions-comma.csv'), '--table', 'transactions', '--workspace', old, '--json']);
  await withEngine(old, (client) => client.call('profile.build', { asOf: '2024-06-30' }));
  await withEngine(old, (client) => client.call('sql.run', { sql: 'ALTER TABLE _sw_profile_meta DROP COLUMN as_of_pinned' }));
  const summaryOld = await withEngine(old, (client) => client.call('profile.summary', {}));
  expect(summaryOld).toMatchObject({ asOf: '2024-06-30', asOfPinned: false, customers: 6 });
});
