import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { decodeArrowIPC } from '../../src/shared/arrow-values';
import type { EngineClient } from '../../src/shared/engine-client';
import { isAppError } from '../../src/shared/errors';
import { fixture } from '../support/import-harness';
import { openTempEngine } from '../support/temp-workspace';

/**
 * Issue 12, items 2 and 3, from outside: the SQL console is locked to the workspace (no files, no
 * other databases, no settings, no extensions), the engine underneath is locked too (DuckDB's own
 * lockdown), personal data reaches the console only through masked views while masked, and the
 * app's own imports, exports and demo load still work.
 */

let engine: Engine;
let client: EngineClient;
let dir: string;
let dispose: () => void;
let clear: { names: string[]; phones: string[]; ids: string[] };

const outside = () => path.join(dir, 'outside');

beforeAll(async () => {
  const opened = await openTempEngine();
  ({ engine, dir, dispose } = opened);
  client = engine.connectClient();
  // The demo load: generated in a scratch engine, exported as bank files by DuckDB's COPY, imported —
  // all after both engines are locked.
  await client.call('demo.generate', { customers: 300, months: 6, seed: 3 });
  await client.call('profile.build', {});
  const rows = await engine.workspace.withSession(detachedContext(), (s) => s.rows<{ name: string; phone: string; id_number: string }>('SELECT name, phone, id_number FROM customers'));
  clear = { names: rows.map((r) => r.name).filter((n) => [...n].length >= 2), phones: rows.map((r) => r.phone), ids: rows.map((r) => r.id_number) };
  fs.mkdirSync(outside(), { recursive: true });
  fs.writeFileSync(path.join(outside(), 'secret.csv'), 'a,b\n1,2\n');
}, 180_000);
afterAll(() => dispose());

async function refusal(sql: string, unmasked = false): Promise<{ code: string; messageKey: string; message: string }> {
  try {
    await client.call('sql.run', { sql, unmasked });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { code: error.code, messageKey: error.messageKey, message: error.message };
  }
  throw new Error(`not refused: ${sql}`);
}

describe('the console is locked to its job', () => {
  const secret = () => path.join(outside(), 'secret.csv').replaceAll("'", "''");
  const corpus = () => [
    `SELECT * FROM read_csv('/etc/passwd')`,
    `SELECT * FROM read_csv_auto('${secret()}')`,
    `SELECT * FROM read_text('/etc/hostname')`,
    `SELECT * FROM read_blob('/etc/passwd')`,
    `SELECT * FROM read_json('/etc/passwd')`,
    `SELECT * FROM read_parquet('/etc/passwd')`,
    `SELECT * FROM glob('/root/*')`,
    `SELECT * FROM parquet_metadata('/etc/passwd')`,
    `SELECT * FROM sniff_csv('/etc/passwd')`,
    `SELECT * FROM '/etc/passwd'`,
    `select * from READ_CSV /* a comment */ ('/etc/passwd')`,
    `SELECT count(*) FROM "read_csv"('/etc/passwd')`.replace('"read_csv"', 'read_csv'),
    `COPY customers TO '${path.join(outside(), 'x.csv')}'`,
    `COPY (SELECT * FROM customers) TO '${path.join(outside(), 'y.parquet')}' (FORMAT parquet)`,
    `COPY customers FROM '/etc/passwd'`,
    `EXPORT DATABASE '${path.join(outside(), 'export')}'`,
    `ATTACH '${path.join(outside(), 'other.duckdb')}' AS other`,
    `DETACH scratch`,
    `INSTALL httpfs`,
    `LOAD httpfs`,
    `FORCE INSTALL spatial FROM community`,
    `SET enable_external_access = true`,
    `SET allowed_directories = ['/']`,
    `SET GLOBAL allow_community_extensions = true`,
    `SET lock_configuration = false`,
    `RESET enable_external_access`,
    `RESET lock_configuration`,
    `PRAGMA enable_profiling`,
    `PRAGMA memory_limit = '100GB'`,
    `SET VARIABLE x = 1`,
    `USE scratch`,
    `CREATE SECRET s (TYPE s3, KEY_ID 'k', SECRET 'v')`,
    `CREATE PERSISTENT SECRET s2 (TYPE s3, KEY_ID 'k', SECRET 'v')`,
    `SELECT * FROM query_table('customers')`,
    `SELECT * FROM query('SELECT name FROM customers')`,
    `BEGIN TRANSACTION`,
    `SELECT 1; COPY customers TO '${path.join(outside(), 'z.csv')}'`,
  ];

  for (const unmasked of [false, true]) {
    it(`refuses every file, database, setting and extension statement with a clear AppError (${unmasked ? 'unmasked' : 'masked'})`, async () => {
      if (unmasked) await client.call('privacy.unmask', { reason: 'lockdown test: the lock does not depend on masking' });
      for (const sql of corpus()) {
        const error = await refusal(sql, unmasked);
        expect({ sql, code: error.code }).toEqual({ sql, code: 'INVALID_ARGUMENT' });
        expect(error.messageKey, sql).toMatch(/^error\.CONSOLE_/);
      }
      expect(fs.readdirSync(outside())).toEqual(['secret.csv']);
      if (unmasked) await client.call('privacy.mask', {});
    });
  }

  it('strings and comments that only mention a function are not refused', async () => {
    const result = await client.call('sql.run', { sql: `SELECT 'read_csv(''/etc/passwd'')' AS s, 1 AS n -- glob('/root/*')` });
    expect(result.kind).toBe('rows');
  });

  it('DuckDB itself is locked underneath: external access off, the configuration locked', async () => {
    const raw = (sql: string) => engine.workspace.withSession(detachedContext(), (s) => s.rows(sql));
    const [settings] = await raw(`SELECT current_setting('enable_external_access') AS ext, current_setting('lock_configuration') AS locked, current_setting('allow_community_extensions') AS community, current_setting('autoinstall_known_extensions') AS autoinstall`);
    expect(settings).toEqual({ ext: false, locked: true, community: false, autoinstall: false });
    for (const sql of [`SELECT * FROM read_csv('${secret()}')`, `SELECT * FROM glob('/root/*')`, `COPY (SELECT 1) TO '${path.join(outside(), 'w.csv')}'`, `SET enable_external_access = true`, `SET allowed_directories = ['/']`, `INSTALL httpfs`, `LOAD httpfs`, `ATTACH '${path.join(outside(), 'o.duckdb')}' AS o`]) {
      await expect(raw(sql), sql).rejects.toThrow();
    }
    expect(fs.readdirSync(outside())).toEqual(['secret.csv']);
    // The bundled extensions the imports and exports need were loaded before the lock.
    await expect(raw(`SELECT json_extract('{"a": 1}', '$.a') AS a, strftime(TIMESTAMPTZ '2024-01-01 00:00:00+00', '%Y') AS y`)).resolves.toHaveLength(1);
  });

  it("the app's own imports (CSV, XLSX, Parquet) still read the files the user picked", async () => {
    const csv = await client.call('import.run', { files: [fixture('customers-gbk.csv')], table: 'lock_csv', mode: 'replace' });
    expect(csv.rowsLoaded).toBeGreaterThan(0);
    const utf8 = await client.call('import.run', { files: [fixture('customers-utf8.csv')], table: 'lock_utf8', mode: 'replace' });
    expect(utf8.rowsLoaded).toBeGreaterThan(0);
    const xlsx = await client.call('import.run', { files: [fixture('accounts-two-sheets.xlsx')], table: 'lock_xlsx', mode: 'replace' });
    expect(xlsx.rowsLoaded).toBeGreaterThan(0);
    const detected = await client.call('import.detect', { path: fixture('transactions.parquet') });
    expect(detected.headers.length).toBeGreaterThan(0);
    const parquet = await client.call('import.run', { files: [fixture('transactions.parquet')], table: 'lock_parquet', mode: 'replace' });
    expect(parquet.rowsLoaded).toBeGreaterThan(0);
    // The fixtures themselves are untouched (a hard link or a copy was read).
    expect(fs.existsSync(fixture('transactions.parquet'))).toBe(true);
  });
});

describe('masking is a control: the console reads personal columns through masked views', () => {
  const pageValues = async (table: { schema: 'main' | 'scratch'; name: string }, unmasked = false) => {
    const page = await client.call('table.page', { table, offset: 0, limit: 5000, unmasked });
    return JSON.stringify(decodeArrowIPC(page.arrow).columns.map((c) => c.values), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
  };
  const leaks = (text: string) => [
    ...clear.names.filter((n) => text.includes(n)),
    ...clear.phones.filter((p) => text.includes(p)),
    ...clear.ids.filter((id) => text.includes(id) || text.includes(id.toLowerCase())),
  ];

  const expressions = [
    'SELECT upper(name) AS a FROM customers',
    "SELECT ' ' || phone AS a, id_number || '' AS b FROM customers",
    'SELECT substr(name, 1, 10) AS a, substring(id_number, 1, 18) AS b, left(phone, 11) AS c FROM customers',
    "SELECT string_agg(name, ',') AS a, string_agg(phone, ';') AS b, string_agg(id_number, '') AS c FROM customers",
    'SELECT CAST(name AS VARCHAR(40)) AS a, TRY_CAST(phone AS BIGINT) AS b, CAST(id_number AS BLOB) AS c, phone::VARCHAR AS d FROM customers',
    'SELECT first_value(name) OVER (ORDER BY customer_id) AS a, lag(phone) OVER (ORDER BY customer_id) AS b, max(id_number) OVER () AS c FROM customers',
    "SELECT list(name) AS a, [phone, id_number] AS b, {'n': name, 'p': phone} AS c, to_json(c) AS d, c AS e FROM customers c GROUP BY ALL",
    'WITH x AS (SELECT name AS n, phone AS p FROM customers) SELECT reverse(reverse(n)) AS a, p || p AS b FROM x',
    'SELECT p.name AS a, c.phone AS b, c.id_number AS d FROM customer_profile p JOIN customers c USING (customer_id)',
    'SELECT * FROM (SELECT * FROM customers) t',
    "SELECT unnest([name, phone, id_number]) AS a, printf('%s-%s', phone, id_number) AS b, regexp_replace(name, '^', '') AS c FROM customers",
    'SELECT name AS a FROM customer_profile UNION ALL SELECT id_number FROM customers',
    'SELECT raw, reason FROM _sw_import_rejects',
  ];

  it('every expression over a personal column yields masked data while masked', async () => {
    for (const sql of expressions) {
      const result = await client.call('sql.run', { sql });
      expect(result.kind, sql).toBe('rows');
      if (result.kind !== 'rows') continue;
      expect(leaks(await pageValues(result.table)), sql).toEqual([]);
    }
    // The values themselves are masked, not only their display: even unmasked paging shows them masked.
    await client.call('privacy.unmask', { reason: 'lockdown test: reading a result computed while masked' });
    const result = await client.call('sql.run', { sql: expressions[0]! });
    if (result.kind !== 'rows') throw new Error('rows expected');
    expect(leaks(await pageValues(result.table, true))).toEqual([]);
    await client.call('privacy.mask', {});
  });

  it('no oracle: a comparison with a clear value finds nothing', async () => {
    const result = await client.call('sql.run', { sql: `SELECT count(*) AS n FROM customers WHERE name = '${clear.names[0]!.replaceAll("'", "''")}' OR phone = '${clear.phones[0]}'` });
    if (result.kind !== 'rows') throw new Error('rows expected');
    expect(await pageValues(result.table)).toBe('[["0"]]');
  });

  it('what would reach the base tables is refused while masked', async () => {
    const catalog = (await engine.workspace.withSession(detachedContext(), async (s) => s.catalog)) as string;
    for (const sql of [
      `SELECT name FROM ${catalog}.main.customers`,
      `SELECT name FROM "${catalog}"."main"."customers"`,
      'SELECT name FROM main.customers',
      'SELECT * FROM scratch.main._sw_console_1',
      "SELECT * FROM pragma_storage_info('customers')",
      "SELECT getvariable('x') AS v",
      'CREATE VIEW leak AS SELECT name FROM main.customers',
      "UPDATE customers SET name = 'x'",
      'DROP VIEW customers',
      'CREATE OR REPLACE TABLE customers AS SELECT 1 AS a',
      "INSERT INTO customers (customer_id) VALUES ('X')",
    ]) {
      const error = await refusal(sql);
      expect({ sql, code: error.code }).toEqual({ sql, code: 'INVALID_ARGUMENT' });
      expect(error.messageKey, sql).toMatch(/^error\.CONSOLE_/);
    }
  });

  it('a view defined while unmasked with a qualified name cannot be read while masked; a plain one reads the masked view', async () => {
    await client.call('privacy.unmask', { reason: 'lockdown test: define views' });
    await client.call('sql.run', { sql: 'CREATE VIEW qualified_names AS SELECT name FROM main.customers', unmasked: true });
    await client.call('sql.run', { sql: 'CREATE VIEW plain_names AS SELECT upper(name) AS n FROM customers', unmasked: true });
    await client.call('privacy.mask', {});
    expect((await refusal('SELECT * FROM qualified_names')).messageKey).toBe('error.CONSOLE_MASKED_QUALIFIED');
    const plain = await client.call('sql.run', { sql: 'SELECT * FROM plain_names' });
    if (plain.kind !== 'rows') throw new Error('rows expected');
    expect(leaks(await pageValues(plain.table))).toEqual([]);
    // Writes into the analyst's own tables work while masked, with masked values.
    await client.call('sql.run', { sql: 'CREATE TABLE my_list AS SELECT customer_id, upper(name) AS who FROM customers' });
    const copied = await engine.workspace.withSession(detachedContext(), (s) => s.rows<{ who: string }>('SELECT who FROM my_list'));
    expect(leaks(JSON.stringify(copied))).toEqual([]);
  });

  it('clear after an unmask with a reason, and the unmask is in the audit log', async () => {
    await expect(client.call('sql.run', { sql: 'SELECT upper(name) AS a FROM customers', unmasked: true })).rejects.toMatchObject({ messageKey: 'error.UNMASK_REQUIRED' });
    await expect(client.call('privacy.unmask', { reason: ' ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const unmasked = await client.call('privacy.unmask', { reason: '核对客户投诉 / checking a complaint' });
    expect(unmasked.unmasked).toBe(true);
    const result = await client.call('sql.run', { sql: "SELECT upper(name) AS a, ' ' || phone AS b FROM customers", unmasked: true });
    if (result.kind !== 'rows') throw new Error('rows expected');
    const text = await pageValues(result.table, true);
    expect(clear.phones.some((p) => text.includes(p))).toBe(true);
    // The same result shown masked: its text is free text derived from personal data, masked as such.
    expect(leaks(await pageValues(result.table, false))).toEqual([]);
    const audit = await client.call('audit.list', { limit: 50, action: 'unmask' });
    const row = audit.find((a) => a.id === unmasked.auditId)!;
    expect(row).toMatchObject({ action: 'unmask', reason: '核对客户投诉 / checking a complaint' });
    expect(row.osUser.length).toBeGreaterThan(0);
    expect(Date.parse(row.at)).not.toBeNaN();
    await client.call('privacy.mask', {});
    expect((await client.call('privacy.status', {})).unmasked).toBe(false);
    expect((await client.call('audit.list', { limit: 1 }))[0]!.action).toBe('mask');
  });

  it("masking follows what a column holds: a saved segment's own name is not a person's name", async () => {
    await client.call('segment.save', { name: '高价值客户', rule: { kind: 'field', field: 'customer_id', op: 'in', values: ['C1'] } });
    const result = await client.call('sql.run', { sql: 'SELECT name FROM _sw_segments' });
    if (result.kind !== 'rows') throw new Error('rows expected');
    expect(await pageValues(result.table)).toContain('高价值客户');
    // …and the grid of a workspace table masks by lineage too (the customers' name column).
    const grid = await pageValues({ schema: 'main', name: 'customers' });
    expect(leaks(grid)).toEqual([]);
  });
});
