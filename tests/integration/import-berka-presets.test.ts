import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { listPresets, matchPreset, presetFoldersFor } from '../../src/engine/import/import-presets';
import type { ImportPreset } from '../../src/shared/import-types';
import { importApi, query } from '../support/import-harness';
import { openTempEngine } from '../support/temp-workspace';

/**
 * Presets that describe a real extract: the Czech bank of PKDD'99 (Berka), whose accounts and
 * transactions carry only account numbers and whose transaction types are Czech codes. A small
 * hand-made copy (tests/fixtures/exports/berka) is loaded with the built-in presets alone: the
 * link table first, then accounts and transactions get their customer through it (lookup), and
 * PRIJEM / VYDAJ / VYBER become credit / debit (value map).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BERKA = path.join(ROOT, 'tests/fixtures/exports/berka');
const folders = presetFoldersFor(':memory:', path.join(ROOT, 'resources/presets'));

let engine: Engine;
let dispose: () => void;
let api: ReturnType<typeof importApi>;

beforeAll(async () => {
  ({ engine, dispose } = await openTempEngine());
  api = importApi(engine);
});
afterAll(() => dispose());

async function importWithPreset(file: string) {
  const detected = await api.detect({ path: path.join(BERKA, file) });
  const match = matchPreset(folders, detected.headers);
  expect(match, `a built-in preset for ${file}`).not.toBeNull();
  const preset: ImportPreset = match!.preset;
  return api.run({
    files: [path.join(BERKA, file)],
    table: preset.table,
    overrides: preset.settings ?? {},
    mapping: preset.mapping,
    types: preset.types ?? {},
    valueMaps: preset.valueMaps ?? {},
    lookups: preset.lookups ?? [],
    allowReimport: true,
  });
}

describe('Berka (PKDD\'99) extract through the built-in presets', () => {
  it('the built-in presets are valid', () => {
    const { presets, invalid } = listPresets(folders);
    expect(invalid).toEqual([]);
    expect(presets.filter((p) => p.name.includes('Berka')).map((p) => p.preset.table).sort()).toEqual(['accounts', 'customers', 'disp', 'transactions']);
  });

  it('accounts get their customer through the disposition table; transactions their direction through the value map', async () => {
    expect((await importWithPreset('disp.csv')).rowsLoaded).toBe(12);
    expect((await importWithPreset('client.csv')).rowsLoaded).toBe(12);

    const accounts = await importWithPreset('account.csv');
    expect([accounts.rowsRead, accounts.rowsLoaded, accounts.rowsRejected]).toEqual([11, 11, 0]);
    // 9999 has no disposition: left empty, and said so.
    expect(accounts.lookups).toEqual([{ file: path.join(BERKA, 'account.csv'), column: 'customer_id', table: 'disp', filled: 10, missing: 1 }]);
    expect(accounts.failedChecks).toContain('lookup_missing');
    const owners = await query<{ account_id: string; customer_id: string | null; open_date: string }>(
      engine,
      `SELECT account_id, customer_id, CAST(open_date AS VARCHAR) AS open_date FROM accounts WHERE account_id IN ('576', '1539', '9999') ORDER BY account_id`,
    );
    // The OWNER's client, not the DISPONENT's; two-digit years from the data (1993, not 2093; 1998).
    expect(owners).toEqual([
      { account_id: '1539', customer_id: '1860', open_date: '1993-01-03' },
      { account_id: '576', customer_id: '692', open_date: '1993-01-01' },
      { account_id: '9999', customer_id: null, open_date: '1998-12-31' },
    ]);

    const trans = await importWithPreset('trans.csv');
    expect([trans.rowsRead, trans.rowsLoaded, trans.rowsRejected]).toEqual([14, 14, 0]);
    const byDirection = await query<{ direction: string; n: bigint; total: string }>(
      engine,
      `SELECT direction, count(*) AS n, CAST(sum(amount) AS VARCHAR) AS total FROM transactions GROUP BY direction ORDER BY direction`,
    );
    expect(byDirection.map((r) => ({ ...r, n: Number(r.n) }))).toEqual([
      { direction: 'credit', n: 11, total: '7414.60' },
      { direction: 'debit', n: 3, total: '450.50' },
    ]);
    const [linked] = await query<{ without: bigint; first: string }>(
      engine,
      `SELECT count(*) FILTER (WHERE customer_id IS NULL) AS without, CAST(min(ts) AS VARCHAR) AS first FROM transactions`,
    );
    expect(Number(linked!.without)).toBe(0);
    expect(linked!.first).toBe('1993-01-01 00:00:00');
  });

  it('a value map turns any status code into the canonical one; an unmapped code is kept as it is', async () => {
    const file = path.join(ROOT, 'tests/fixtures/exports/files/accounts-no-status.csv');
    const result = await api.run({
      files: [file],
      table: 'accounts',
      valueMaps: { 产品类型: { 活期: 'current' } },
      allowReimport: true,
    });
    expect(result.rowsLoaded).toBe(5);
    const rows = await query<{ product_type: string }>(engine, `SELECT DISTINCT product_type FROM accounts`);
    expect(rows).toEqual([{ product_type: 'current' }]);
  });

  it('a lookup on a table that is not loaded says so', async () => {
    await expect(
      api.run({
        files: [path.join(BERKA, 'account.csv')],
        table: 'accounts',
        overrides: { delimiter: ';' },
        lookups: [{ column: 'customer_id', table: 'no_such_link', on: 'account_id', key: 'account_id', value: 'client_id' }],
        allowReimport: true,
      }),
    ).rejects.toMatchObject({ messageKey: 'error.IMPORT_LOOKUP_TABLE' });
  });
});
