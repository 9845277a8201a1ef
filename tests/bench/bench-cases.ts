import fs from 'node:fs';
import path from 'node:path';
import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { decodeArrowIPC } from '../../src/shared/arrow-values';
import type { EngineClient } from '../../src/shared/engine-client';
import { applyRules } from '../../src/engine/rules/apply-rules';
import { DEFAULT_RULES } from '../../src/engine/rules/rule-defaults';
import { latestDataDate, sourceShape } from '../../src/engine/profile/build-profile';
import { accountsSql, balancesSql, baseSql, contactsSql, payrollSql, PROFILE_TEMP_TABLES, profileSelectSql, transactionsSql } from '../../src/engine/profile/profile-sql';
import { percentile, rssSampler, timeInterleaved, timeRuns, type BenchRow } from './bench-stats';

export interface BenchContext {
  engine: Engine;
  client: EngineClient;
  customers: number;
  iterations: number;
  cacheDir: string;
}

type BenchCase = (ctx: BenchContext) => Promise<BenchRow>;

function row(name: string, ctx: BenchContext, engineSamples: number[], floorSamples: number[] | null, peak: number): BenchRow {
  const engineP50 = percentile(engineSamples, 50);
  const floorP50 = floorSamples ? percentile(floorSamples, 50) : null;
  return {
    case: name,
    customers: ctx.customers,
    engine_ms_p50: engineP50,
    engine_ms_p95: percentile(engineSamples, 95),
    floor_ms_p50: floorP50,
    ratio: floorP50 ? engineP50 / floorP50 : null,
    peak_rss_mb: peak,
  };
}

/** The plain-DuckDB floor: the same SQL on a bare connection, values read into JS, no protocol. */
async function plain(ctx: BenchContext, sql: string): Promise<void> {
  await ctx.engine.workspace.withSession(detachedContext(), async (session) => {
    (await session.read(sql)).getColumns();
  });
}

/** Deterministic offsets so the engine and the floor read the same windows. */
function offsets(count: number, rows: number, size: number): number[] {
  let state = 12345;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % Math.max(1, rows - size);
  });
}

/**
 * Generating the demo bank into an empty workspace: one run (minutes at 5 M customers), no SQL
 * floor (the generator is itself plain SQL). 5 M customers use 10 customer-initiated postings each,
 * the scale the profile issue names; smaller banks the default 30.
 */
export async function measureGeneration(engine: Engine, customers: number): Promise<BenchRow> {
  const sampler = rssSampler();
  const transactionsPerCustomer = customers >= 5_000_000 ? 10 : 30;
  const samples = await timeRuns(1, async () => {
    await engine.connectClient().call('demo.generate', { customers, transactionsPerCustomer });
  });
  const engineMs = samples[0]!;
  return { case: 'demo_generate', customers, engine_ms_p50: engineMs, engine_ms_p95: engineMs, floor_ms_p50: null, ratio: null, peak_rss_mb: sampler.stop() };
}

export const BENCH_CASES: Record<string, BenchCase> = {
  /** Generation into a fresh workspace (used when the cached bank already exists). */
  async demo_generate(ctx) {
    const file = path.join(ctx.cacheDir, `generate-${ctx.customers}-${process.pid}.duckdb`);
    const engine = await Engine.open({ path: file });
    try {
      return await measureGeneration(engine, ctx.customers);
    } finally {
      engine.close();
      for (const f of [file, `${file}.wal`]) fs.rmSync(f, { force: true });
      fs.rmSync(`${file}.tmp`, { recursive: true, force: true });
    }
  },

  /** 200 rows at a random offset of the customers table, through the protocol and decoded. */
  async page_fetch(ctx) {
    const table = { schema: 'main' as const, name: 'customers' };
    const [info] = (await ctx.client.call('tables.list', {})).filter((t) => t.name === 'customers');
    const total = info?.rowCount ?? 0;
    const windows = offsets(ctx.iterations, total, 200);
    const sampler = rssSampler();
    const samples = await timeInterleaved(
      ctx.iterations,
      async (i) => {
        const page = await ctx.client.call('table.page', { table, offset: windows[i]!, limit: 200 });
        decodeArrowIPC(page.arrow);
      },
      (i) => plain(ctx, `SELECT * FROM customers LIMIT 200 OFFSET ${windows[i]}`),
    );
    return row('page_fetch', ctx, samples.engine, samples.floor, sampler.stop());
  },

  /** An analyst's first question: customers and balances by branch and product type. */
  async aggregate(ctx) {
    const sql = `SELECT c.branch_id, a.product_type, count(DISTINCT c.customer_id) AS customers, sum(a.balance) AS balance
                 FROM accounts a JOIN customers c USING (customer_id) GROUP BY ALL ORDER BY ALL`;
    const sampler = rssSampler();
    const samples = await timeInterleaved(
      Math.min(ctx.iterations, 10),
      async () => {
        const result = await ctx.client.call('sql.run', { sql });
        if (result.kind === 'rows') decodeArrowIPC((await ctx.client.call('table.page', { table: result.table, offset: 0, limit: 5000 })).arrow);
      },
      () => plain(ctx, sql),
      1,
    );
    return row('aggregate', ctx, samples.engine, samples.floor, sampler.stop());
  },

  /**
   * Customer 360 (issue 4): rebuilding customer_profile as a job through the protocol, beside the
   * same statements run by hand on one connection (no transaction, no progress polling).
   */
  async profile_build(ctx) {
    const sampler = rssSampler();
    const samples = await timeInterleaved(
      Math.min(ctx.iterations, 3),
      async () => {
        await ctx.client.call('profile.build', {});
      },
      () => profileByHand(ctx),
      0,
    );
    return row('profile_build', ctx, samples.engine, samples.floor, sampler.stop());
  },

  /** A rule edit's live count (rules.preview, dormant window 1–12 months) beside the hand-written count. */
  async rule_count(ctx) {
    const summary = await ctx.client.call('profile.summary', {});
    if (summary.asOf === null) await ctx.client.call('profile.build', {});
    const asOf = (await ctx.client.call('profile.summary', {})).asOf!;
    const sampler = rssSampler();
    const samples = await timeInterleaved(
      ctx.iterations,
      async (i) => {
        await ctx.client.call('rules.preview', { rule: 'dormant', definition: { windowMonths: 1 + (i % 12) } });
      },
      (i) =>
        plain(
          ctx,
          `SELECT count(*), count(*) FILTER (WHERE last_activity_ts IS NULL OR last_activity_ts <= DATE '${asOf}' - INTERVAL ${1 + (i % 12)} MONTH),
             sum(aum_latest), sum(aum_latest) FILTER (WHERE last_activity_ts IS NULL OR last_activity_ts <= DATE '${asOf}' - INTERVAL ${1 + (i % 12)} MONTH)
           FROM customer_profile`,
        ),
    );
    return row('rule_count', ctx, samples.engine, samples.floor, sampler.stop());
  },
};

/** The profile's statements (profile-sql.ts) run directly: the floor of profile_build. */
async function profileByHand(ctx: BenchContext): Promise<void> {
  await ctx.engine.workspace.withSession(detachedContext(), async (session) => {
    const shape = await sourceShape(session);
    const as_of = await latestDataDate(session, shape);
    const own = (await session.rows<{ column_name: string }>(
      `SELECT column_name FROM duckdb_columns() WHERE database_name = $c AND schema_name = 'main' AND table_name = 'customers' ORDER BY column_index`,
      { c: session.catalog },
    )).map((r) => r.column_name);
    for (const sql of [baseSql(shape), accountsSql(shape), balancesSql(shape), transactionsSql(shape), payrollSql(shape), contactsSql(shape), profileSelectSql(shape, own, 'customer_profile')]) {
      await session.run(sql.replace(/^CREATE TEMP TABLE/, 'CREATE OR REPLACE TEMP TABLE'), { as_of });
    }
    await applyRules(session, DEFAULT_RULES, as_of);
    for (const t of PROFILE_TEMP_TABLES) await session.run(`DROP TABLE IF EXISTS temp.main."${t}"`);
  });
}
