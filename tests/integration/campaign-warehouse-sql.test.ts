import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignDefinitionInput } from '../../src/shared/campaign-types';
import type { EngineClient } from '../../src/shared/engine-client';
import { Engine } from '../../src/engine/engine';
import { DEMO_TABLES, generateDemoBank } from '../../src/engine/demo/generate-demo-bank';
import { detachedContext } from '../../src/engine/jobs/job-context';

/**
 * A campaign's warehouse SQL (selection, suppressions, contact policy, caps, ranks, stratified
 * holdout, cells) run in a warehouse holding only the canonical tables — a separate DuckDB and
 * PostgreSQL (PGlite) — gives the engine's members, arms, cells and ranks.
 */
describe('campaign SQL for the warehouse', () => {
  let engine: Engine;
  let client: EngineClient;
  let dir: string;
  let warehouse: DuckDBConnection;
  let pg: PGlite;
  let definition: CampaignDefinitionInput;
  const rows = <T extends Record<string, unknown>>(sql: string) => engine.workspace.withSession(detachedContext(), (s) => s.rows<T>(sql));

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sw-campaign-warehouse-'));
    engine = await Engine.open({ path: ':memory:', threads: 2, memoryLimit: '2GB' });
    await engine.workspace.withSession(detachedContext(), (s) => generateDemoBank(s, { customers: 1500, months: 24, seed: 29 }));
    client = engine.connectClient();
    await client.call('profile.build', {});
    const save = async (name: string, rule: unknown) => (await client.call('segment.save', { name, description: '', owner: '', rule: rule as never })).id;
    const wealthy = await save('wealthy', { kind: 'field', id: 'a', field: 'aum_latest', op: '>=', value: 30_000 });
    const active = await save('mobile users', {
      kind: 'activity', id: 'm', source: 'transactions', filters: [{ kind: 'field', field: 'channel', op: '=', value: 'mobile' }], window: { lastMonths: 6 }, measure: { fn: 'count', op: '>=', value: 2 }, scope: 'customer',
    });
    const dormant = await save('dormant', { kind: 'field', id: 'c', field: 'is_dormant', op: '=', value: true });
    const ids = await rows<{ customer_id: string }>(`SELECT customer_id FROM customer_profile ORDER BY md5(customer_id) LIMIT 60`);
    const dnc = (await client.call('segment.fromIds', { name: 'complaints', ids: ids.map((r) => r.customer_id) })).segment.id;
    definition = {
      name: "O'Brien's offer",
      channels: ['sms', 'app_push'],
      plannedDate: '2026-07-10',
      product: 'TD003',
      selection: [{ segmentId: wealthy, priority: 1 }, { segmentId: active, priority: 2 }],
      suppressions: [
        { kind: 'invalid' }, { kind: 'churned' }, { kind: 'minors', minAge: 25 }, { kind: 'id_list', source: { segmentId: dnc } }, { kind: 'holds_product' },
        { kind: 'segment', segmentId: dormant }, { kind: 'contact_fatigue', days: 90, channel: 'this' },
      ],
      contactPolicy: { maxContacts: { k: 2, days: 365 }, quietDates: ['2026-07-10'] },
      ranking: { by: 'aum_latest', direction: 'desc' },
      caps: { total: 250, perGroup: [{ field: 'branch_id', n: 9 }] },
      control: { seed: 99, holdout: { percent: 15 }, stratifyBy: ['value_tier'], cells: [{ name: 'sms', channel: 'sms', percent: 50 }, { name: 'push', channel: 'app_push', percent: 50 }] },
    };

    const instance = await DuckDBInstance.create(':memory:');
    warehouse = await instance.connect();
    pg = new PGlite();
    const pgType = (t: string) => (t === 'VARCHAR' || t === 'JSON' ? 'TEXT' : t === 'DOUBLE' ? 'DOUBLE PRECISION' : t.replace('DECIMAL', 'NUMERIC'));
    for (const table of DEMO_TABLES) {
      const columns = await rows<{ name: string; type: string }>(
        `SELECT column_name AS name, data_type AS type FROM duckdb_columns() WHERE table_name = '${table}' AND schema_name = 'main' ORDER BY column_index`,
      );
      const file = path.join(engine.workspace.files.scratchDirectory('warehouse'), `${table}.csv`);
      await engine.workspace.withSession(detachedContext(), (s) => s.run(`COPY "${table}" TO '${file}' (HEADER, DELIMITER ',')`));
      await warehouse.run(`CREATE TABLE "${table}" AS SELECT * FROM read_csv('${file}', header = true, columns = {${columns.map((c) => `'${c.name}': '${c.type}'`).join(', ')}})`);
      await pg.exec(`CREATE TABLE "${table}" (${columns.map((c) => `"${c.name}" ${pgType(c.type)}`).join(', ')})`);
      await pg.query(`COPY "${table}" FROM '/dev/blob' WITH (FORMAT csv, HEADER true)`, [], { blob: new Blob([readFileSync(file)]) });
    }
  }, 180_000);
  afterAll(async () => {
    engine?.close();
    await pg?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  type Row = { customer_id: string; arm: string; cell: string | null; channel: string | null; rank: number };
  const key = (r: Row) => `${r.customer_id}|${r.arm}|${r.cell ?? ''}|${r.channel ?? ''}|${r.rank}`;

  async function engineList(): Promise<string[]> {
    const list = await client.call('campaign.members', { target: { definition } });
    const got = await rows<{ customer_id: string; arm: string; cell: string | null; channel: string | null; rank: bigint }>(`SELECT customer_id, arm, cell, channel, rank FROM scratch.main."${list.table.name}"`);
    return got.map((r) => key({ ...r, rank: Number(r.rank) })).sort();
  }

  it('in DuckDB: the same members, arms, cells and ranks', async () => {
    const expected = await engineList();
    expect(expected.length).toBeGreaterThan(50);
    const { sql } = await client.call('campaign.sql', { target: { definition }, dialect: 'duckdb' });
    const reader = await warehouse.runAndReadAll(sql);
    const got = (reader.getRowObjectsJS() as Array<{ customer_id: string; arm: string; cell: string | null; channel: string | null; campaign_rank: bigint }>).map((r) => key({ ...r, rank: Number(r.campaign_rank) })).sort();
    expect(got).toEqual(expected);
  });

  it('in PostgreSQL (PGlite): the same members, arms, cells and ranks', async () => {
    const expected = await engineList();
    const { sql } = await client.call('campaign.sql', { target: { definition }, dialect: 'postgres' });
    const result = await pg.query<{ customer_id: string; arm: string; cell: string | null; channel: string | null; campaign_rank: string | number }>(sql);
    const got = result.rows.map((r) => key({ ...r, rank: Number(r.campaign_rank) })).sort();
    expect(got).toEqual(expected);
  });

  it('Spark SQL and Trino get their own hash and pattern functions', async () => {
    const spark = (await client.call('campaign.sql', { target: { definition }, dialect: 'spark' })).sql;
    expect(spark).toContain('conv(substr(md5(');
    expect(spark).toContain('RLIKE');
    const trino = (await client.call('campaign.sql', { target: { definition }, dialect: 'trino' })).sql;
    expect(trino).toContain('from_base(substr(to_hex(md5(to_utf8(');
    expect(trino).toContain('regexp_like(');
  });
});
