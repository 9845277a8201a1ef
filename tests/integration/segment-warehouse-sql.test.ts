import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../src/shared/engine-client';
import type { SegmentNode } from '../../src/shared/segment-types';
import { Engine } from '../../src/engine/engine';
import { DEMO_TABLES, generateDemoBank } from '../../src/engine/demo/generate-demo-bank';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { warehouseProfile } from '../../src/engine/profile/profile-export';
import { BUILT_IN_TAGS } from '../../src/engine/tags/built-in-tags';

/**
 * Exported segment SQL runs unchanged in a warehouse that holds only the canonical tables: its WITH
 * clause computes customer_profile as the engine does. Checked by running it — in a separate DuckDB
 * database with nothing but the canonical tables, and in PostgreSQL (PGlite: the real PostgreSQL
 * 18 server compiled to WebAssembly) — and comparing the members with the engine's.
 */
describe('segment SQL for the warehouse', () => {
  let engine: Engine;
  let client: EngineClient;
  let dir: string;
  let warehouse: DuckDBConnection;
  let pg: PGlite;
  const rows = <T extends Record<string, unknown>>(sql: string) => engine.workspace.withSession(detachedContext(), (s) => s.rows<T>(sql));

  const mobile: SegmentNode = {
    kind: 'activity', source: 'transactions', filters: [{ kind: 'field', field: 'channel', op: '=', value: 'mobile' }],
    window: { lastMonths: 3 }, measure: { fn: 'count', op: '>=', value: 2 }, scope: 'customer',
  };
  const segments: Record<string, SegmentNode> = {
    nested: { kind: 'and', children: [
      { kind: 'field', field: 'age', op: 'between', from: 25, to: 60 },
      { kind: 'or', children: [{ kind: 'field', field: 'value_tier', op: 'in', values: ['vip', 'potential'] }, mobile] },
      { kind: 'not', child: { kind: 'field', field: 'city', op: 'starts_with', value: "O'北" } },
    ] },
    lifecycle: { kind: 'field', field: 'lifecycle_stage', op: 'in', values: ['resurrected', 'loyal', 'new', 'churned'] },
    dormantRecently: { kind: 'and', children: [{ kind: 'field', field: 'is_dormant', op: '=', value: true }, { kind: 'field', field: 'last_contact_ts', op: 'within_last_days', days: 400 }] },
    activityShape: { kind: 'or', children: [
      { kind: 'field', field: 'active_months_12m', op: '>=', value: 9 },
      { kind: 'field', field: 'activity_month_mask', op: '>', value: 4095 },
      { kind: 'field', field: 'rfm_recency', op: '=', value: 5 },
    ] },
    tenure: { kind: 'and', children: [{ kind: 'field', field: 'tenure_years', op: '>=', value: 2 }, { kind: 'field', field: 'tenure_months', op: '<', value: 40 }] },
    payrollOutflow: { kind: 'field', field: 'payroll_outflow_ratio', op: '>=', value: 0.3 },
    sequence: {
      kind: 'sequence', did: { source: 'transactions', filters: [{ kind: 'field', field: 'txn_type', op: '=', value: 'payroll' }] },
      notDid: { source: 'transactions', filters: [{ kind: 'field', field: 'channel', op: '=', value: 'mobile' }] }, withinDays: 10, window: { lastMonths: 6 }, scope: 'customer',
    },
    aumDrop: { kind: 'aum_change', fromMonthsAgo: 3, toMonthsAgo: 0, op: '<=', percent: -30 },
    holdings: { kind: 'or', children: [{ kind: 'holding', mode: 'stopped', productType: 'fund' }, { kind: 'holding', mode: 'holds', productType: 'insurance' }] },
    sumWindow: { kind: 'activity', source: 'transactions', filters: [{ kind: 'field', field: 'direction', op: '=', value: 'debit' }], window: { lastDays: 90 }, measure: { fn: 'sum', op: '>=', value: 20000 }, scope: 'customer' },
    // "No transactions in 6 months": the customer's own (interest and fees left out), and every posting.
    quietOwn: { kind: 'activity', source: 'transactions', filters: [], window: { lastMonths: 6 }, measure: { fn: 'count', op: '=', value: 0 }, scope: 'customer', postings: 'customer_initiated' },
    quietAll: { kind: 'activity', source: 'transactions', filters: [], window: { lastMonths: 6 }, measure: { fn: 'count', op: '=', value: 0 }, scope: 'customer', postings: 'all' },
  };
  // Values that would change a query's meaning if they were not escaped for the dialect.
  const hostile = ["O'Brien", "'; DROP TABLE customers; --", 'a;b', '-- x', 'back\\slash', '北京', "\\'", '"', 'C000000007'];
  segments.hostile = { kind: 'or', children: [
    { kind: 'field', field: 'customer_id', op: 'in', values: hostile },
    { kind: 'field', field: 'city', op: 'contains', value: "'; --" },
    { kind: 'activity', source: 'transactions', filters: [{ kind: 'field', field: 'txn_type', op: 'in', values: hostile }], measure: { fn: 'count', op: '>=', value: 1 }, scope: 'customer' },
  ] };
  for (const tag of BUILT_IN_TAGS) segments[`tag ${tag.id}`] = { kind: 'tag', tag: tag.id, member: true };

  const engineMembers = async (rule: SegmentNode) => {
    const m = await client.call('segment.members', { rule });
    return (await rows<{ customer_id: string }>(`SELECT customer_id FROM scratch.main."${m.table.name}"`)).map((r) => r.customer_id).sort();
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sw-warehouse-'));
    engine = await Engine.open({ path: ':memory:', threads: 2, memoryLimit: '2GB' });
    await engine.workspace.withSession(detachedContext(), (s) => generateDemoBank(s, { customers: 600, months: 24, seed: 23 }));
    client = engine.connectClient();
    await client.call('profile.build', {});

    // The warehouse: the canonical tables only (with the columns the extract has), as CSV files
    // loaded into a fresh DuckDB and into PostgreSQL.
    const instance = await DuckDBInstance.create(':memory:');
    warehouse = await instance.connect();
    pg = new PGlite();
    const pgType = (t: string) => (t === 'VARCHAR' || t === 'JSON' ? 'TEXT' : t === 'DOUBLE' ? 'DOUBLE PRECISION' : t.replace('DECIMAL', 'NUMERIC'));
    for (const table of DEMO_TABLES) {
      const columns = await rows<{ name: string; type: string }>(
        `SELECT column_name AS name, data_type AS type FROM duckdb_columns() WHERE table_name = '${table}' AND schema_name = 'main' ORDER BY column_index`,
      );
      // The locked engine writes only into its temp folder (workspace-lockdown.ts).
      const file = path.join(engine.workspace.files.scratchDirectory('warehouse'), `${table}.csv`);
      await engine.workspace.withSession(detachedContext(), (s) => s.run(`COPY "${table}" TO '${file}' (HEADER, DELIMITER ',')`));
      await warehouse.run(`CREATE TABLE "${table}" AS SELECT * FROM read_csv('${file}', header = true, columns = {${columns.map((c) => `'${c.name}': '${c.type}'`).join(', ')}})`);
      await pg.exec(`CREATE TABLE "${table}" (${columns.map((c) => `"${c.name}" ${pgType(c.type)}`).join(', ')})`);
      await pg.query(`COPY "${table}" FROM '/dev/blob' WITH (FORMAT csv, HEADER true)`, [], { blob: new Blob([readFileSync(file)]) });
    }
  }, 120_000);
  afterAll(async () => {
    engine.close();
    await pg.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Rows of the engine's customer_profile and of the exported WITH clause that the other lacks. */
  async function profileDifference(asOf: string): Promise<{ onlyEngine: number; onlyExport: number; n: number }> {
    const ctes = await engine.workspace.withSession(detachedContext(), (s) => warehouseProfile(s, { dialect: 'duckdb', asOf, keepColumn: () => true }).then((p) => p.ctes));
    const columns = (await rows<{ column_name: string }>(`SELECT column_name FROM duckdb_columns() WHERE table_name = 'customer_profile' ORDER BY column_index`))
      .map((r) => `"${r.column_name}"`)
      .join(', ');
    const [diff] = await rows<{ only_engine: bigint; only_export: bigint; n: bigint }>(`
      WITH ${ctes.join(',\n')}, e AS (SELECT ${columns} FROM customer_profile), w AS (SELECT ${columns} FROM main.customer_profile)
      SELECT (SELECT count(*) FROM (SELECT * FROM w EXCEPT ALL SELECT * FROM e)) AS only_engine,
             (SELECT count(*) FROM (SELECT * FROM e EXCEPT ALL SELECT * FROM w)) AS only_export,
             (SELECT count(*) FROM e) AS n`);
    return { onlyEngine: Number(diff!.only_engine), onlyExport: Number(diff!.only_export), n: Number(diff!.n) };
  }

  it('the WITH clause computes the engine profile: every column of every customer, at month ends and mid-month', async () => {
    const latest = (await client.call('profile.summary', {})).asOf!;
    // A month's last day, a mid-month day, the 30th of a 31-day month and a leap day: the month
    // arithmetic (windows, tenure, the activity mask) differs between them.
    for (const asOf of [latest, `${latest.slice(0, 8)}15`, '2025-10-30', '2024-02-29']) {
      if (asOf > latest) continue;
      await client.call('profile.build', { asOf });
      const diff = await profileDifference(asOf);
      expect({ asOf, ...diff }).toEqual({ asOf, onlyEngine: 0, onlyExport: 0, n: diff.n });
      expect(diff.n).toBeGreaterThan(100);
    }
    await client.call('profile.build', { asOf: latest });
  });

  it('DuckDB: the exported SQL, run where only the canonical tables exist, selects the engine members', async () => {
    // The hostile values are compared as values: only the one real id among them matches.
    expect(await engineMembers(segments.hostile!)).toEqual(['C000000007']);
    for (const [name, rule] of Object.entries(segments)) {
      const { sql } = await client.call('segment.sql', { rule, dialect: 'duckdb' });
      const got = (await (await warehouse.runAndReadAll(sql)).getRowObjectsJson()).map((r) => String(r.customer_id)).sort();
      expect({ name, members: got }).toEqual({ name, members: await engineMembers(rule) });
    }
  });

  it('PostgreSQL: the exported SQL selects the engine members', async () => {
    let nonEmpty = 0;
    for (const [name, rule] of Object.entries(segments)) {
      const { sql } = await client.call('segment.sql', { rule, dialect: 'postgres' });
      const got = (await pg.query<{ customer_id: string }>(sql)).rows.map((r) => r.customer_id).sort();
      const want = await engineMembers(rule);
      if (want.length > 0) nonEmpty += 1;
      expect({ name, members: got }).toEqual({ name, members: want });
    }
    // The comparison means something only where segments have members.
    expect(nonEmpty).toBeGreaterThan(Object.keys(segments).length / 2);
  });

  it('a schema qualifies the canonical tables, never the profile computed in the WITH clause', async () => {
    await pg.exec(`CREATE SCHEMA dw; ${DEMO_TABLES.map((t) => `CREATE VIEW dw."${t}" AS SELECT * FROM public."${t}";`).join(' ')}`);
    const { sql } = await client.call('segment.sql', { rule: segments.nested!, dialect: 'postgres', schema: 'dw' });
    expect(sql).toContain('FROM "dw"."transactions"');
    expect(sql).not.toContain('"dw"."customer_profile"');
    const got = (await pg.query<{ customer_id: string }>(sql)).rows.map((r) => r.customer_id).sort();
    expect(got).toEqual(await engineMembers(segments.nested!));
  });
});
