import fs from 'node:fs';
import path from 'node:path';
import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { decodeArrowIPC } from '../../src/shared/arrow-values';
import type { EngineClient } from '../../src/shared/engine-client';
import { applyRules } from '../../src/engine/rules/apply-rules';
import { DEFAULT_RULES } from '../../src/engine/rules/rule-defaults';
import { latestDataDate, sourceShape } from '../../src/engine/profile/build-profile';
import { engineDialect } from '../../src/engine/sql/engine-dialect';
import { sqlStringLiteral as sqlString } from '../../src/engine/sql/literals';
import { assembleSql, profileSteps, PROFILE_TEMP_TABLES, RULE_COLUMNS } from '../../src/engine/profile/profile-sql';
import { MODEL_BENCH_CASES } from './model-bench-cases';
import { FUNNEL_BENCH_CASES } from './funnel-bench-cases';
// Campaigns (issue 14): campaign_build.
import { CAMPAIGN_BENCH_CASES } from './campaign-bench-cases';
// Exports (issue 14)
import { EXPORT_BENCH_CASES } from './export-bench-cases';
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
 * Generating the demo bank into an empty workspace (direct: the generator alone, not the
 * export-and-import path the app uses on first start): one run (minutes at 5 M customers), no SQL
 * floor (the generator is itself plain SQL). 5 M customers use 10 customer-initiated postings each,
 * the scale the profile issue names; smaller banks the default 30.
 */
export async function measureGeneration(engine: Engine, customers: number): Promise<BenchRow> {
  const sampler = rssSampler();
  const transactionsPerCustomer = customers >= 5_000_000 ? 10 : 30;
  const samples = await timeRuns(1, async () => {
    await engine.connectClient().call('demo.generate', { customers, transactionsPerCustomer, direct: true });
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

  /**
   * The demo bank as the app loads it on first start (issue 3 item 10): generated, written as
   * bank-style export files and imported with the bundled presets, into a fresh file workspace;
   * the floor is the direct generation into another fresh workspace in the same run. Capped at
   * 1,000,000 customers (the app loads 50,000; the export files of 5 M would be ~15 GB).
   */
  async demo_load(ctx) {
    const customers = Math.min(ctx.customers, 1_000_000);
    const transactionsPerCustomer = 30;
    const once = async (direct: boolean): Promise<number> => {
      const file = path.join(ctx.cacheDir, `demo-load-${direct ? 'direct' : 'import'}-${customers}-${process.pid}.duckdb`);
      const engine = await Engine.open({ path: file });
      try {
        const started = performance.now();
        await engine.connectClient().call('demo.generate', { customers, transactionsPerCustomer, direct });
        return performance.now() - started;
      } finally {
        engine.close();
        for (const f of [file, `${file}.wal`]) fs.rmSync(f, { force: true });
        fs.rmSync(`${file}.tmp`, { recursive: true, force: true });
      }
    };
    const sampler = rssSampler();
    const engineMs = await once(false);
    const peak = sampler.stop();
    const floorMs = await once(true);
    return { case: 'demo_load', customers, engine_ms_p50: engineMs, engine_ms_p95: engineMs, floor_ms_p50: floorMs, ratio: engineMs / floorMs, peak_rss_mb: peak };
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

  /** Segment builder (issue 5): live count, profile conditions only, beside the hand-written count. */
  async segment_count_profile(ctx) {
    await ensureProfile(ctx);
    const sampler = rssSampler();
    const samples = await timeInterleaved(
      ctx.iterations,
      async (i) => {
        await ctx.client.call('segment.count', { rule: { kind: 'and', children: [
          { kind: 'field', id: 'age', field: 'age', op: 'between', from: 25 + (i % 10), to: 55 },
          { kind: 'field', id: 'tier', field: 'value_tier', op: 'in', values: ['vip', 'potential'] },
          { kind: 'field', id: 'payroll', field: 'payroll_flag', op: '=', value: true },
        ] } });
      },
      (i) =>
        // The waterfall hand-written the fast way: each condition once per customer, grouped.
        plain(ctx, `SELECT age BETWEEN ${25 + (i % 10)} AND 55 AS a, value_tier IN ('vip', 'potential') AS b, coalesce(payroll_flag, false) AS c,
            count(*), sum(CAST(aum_latest AS DOUBLE)) FROM customer_profile GROUP BY ALL`),
    );
    return row('segment_count_profile', ctx, samples.engine, samples.floor, sampler.stop());
  },

  /** Live count with one behavioural condition (≥ k mobile transactions in the last 3 months). */
  async segment_count_behavioural(ctx) {
    const asOf = await ensureProfile(ctx);
    const since = new Date(Date.parse(`${asOf}T00:00:00Z`));
    since.setUTCMonth(since.getUTCMonth() - 3);
    const from = new Date(since.getTime() + 86_400_000).toISOString().slice(0, 10);
    const sampler = rssSampler();
    const samples = await timeInterleaved(
      Math.min(ctx.iterations, 15),
      async (i) => {
        await ctx.client.call('segment.count', { rule: { kind: 'and', children: [
          { kind: 'field', id: 'age', field: 'age', op: '>=', value: 25 },
          { kind: 'activity', id: 'mobile', source: 'transactions', filters: [{ kind: 'field', field: 'channel', op: '=', value: 'mobile' }],
            window: { lastMonths: 3 }, measure: { fn: 'count', op: '>=', value: 1 + (i % 3) }, scope: 'customer' },
        ] } });
      },
      (i) =>
        plain(ctx, `SELECT count(*) FILTER (WHERE age >= 25), count(*) FILTER (WHERE age >= 25 AND m), sum(aum_latest) FILTER (WHERE age >= 25 AND m)
          FROM (SELECT age, aum_latest, customer_id IN (SELECT customer_id FROM transactions WHERE channel = 'mobile'
                  AND ts >= TIMESTAMP '${from} 00:00:00' AND ts < DATE '${asOf}' + INTERVAL 1 DAY GROUP BY customer_id HAVING count(*) >= ${1 + (i % 3)}) AS m
                FROM customer_profile)`),
      1,
    );
    return row('segment_count_behavioural', ctx, samples.engine, samples.floor, sampler.stop());
  },

  /** Overlap of 5 saved profile segments (every exact intersection) beside the hand-written bitmask GROUP BY. */
  async segment_overlap(ctx) {
    await ensureProfile(ctx);
    const conditions = [`age < 40`, `value_tier = 'vip'`, `payroll_flag`, `gender = 'F'`, `product_count >= 3`];
    const rules = [
      { kind: 'field', field: 'age', op: '<', value: 40 },
      { kind: 'field', field: 'value_tier', op: '=', value: 'vip' },
      { kind: 'field', field: 'payroll_flag', op: '=', value: true },
      { kind: 'field', field: 'gender', op: '=', value: 'F' },
      { kind: 'field', field: 'product_count', op: '>=', value: 3 },
    ] as const;
    const ids: string[] = [];
    for (const [i, rule] of rules.entries()) ids.push((await ctx.client.call('segment.save', { name: `bench overlap ${i}`, rule })).id);
    const mask = conditions.map((c, i) => `CASE WHEN coalesce(${c}, false) THEN ${2 ** i} ELSE 0 END`).join(' + ');
    const sampler = rssSampler();
    try {
      const samples = await timeInterleaved(
        Math.min(ctx.iterations, 15),
        async () => {
          await ctx.client.call('segment.overlap', { ids });
        },
        () => plain(ctx, `SELECT ${mask} AS mask, count(*) FROM customer_profile GROUP BY mask`),
        1,
      );
      return row('segment_overlap', ctx, samples.engine, samples.floor, sampler.stop());
    } finally {
      for (const id of ids) await ctx.client.call('segment.delete', { id });
    }
  },
};

// Models and experiments (issue 17): model_fit, model_train, model_score.
Object.assign(BENCH_CASES, MODEL_BENCH_CASES);

// Funnels (issue 15): funnel_events, funnel_transactions.
Object.assign(BENCH_CASES, FUNNEL_BENCH_CASES);
Object.assign(BENCH_CASES, EXPORT_BENCH_CASES);

// Campaigns (issue 14): campaign_build.
Object.assign(BENCH_CASES, CAMPAIGN_BENCH_CASES);

/** Builds the profile when the cached bank has none; returns its as-of date. */
async function ensureProfile(ctx: BenchContext): Promise<string> {
  if ((await ctx.client.call('profile.summary', {})).asOf === null) await ctx.client.call('profile.build', {});
  return (await ctx.client.call('profile.summary', {})).asOf!;
}

/** The profile's statements (profile-sql.ts) run directly: the floor of profile_build. */
async function profileByHand(ctx: BenchContext): Promise<void> {
  await ctx.engine.workspace.withSession(detachedContext(), async (session) => {
    const shape = await sourceShape(session);
    const as_of = await latestDataDate(session, shape);
    const own = (await session.rows<{ column_name: string }>(
      `SELECT column_name FROM duckdb_columns() WHERE database_name = $c AND schema_name = 'main' AND table_name = 'customers' ORDER BY column_index`,
      { c: session.catalog },
    )).map((r) => r.column_name);
    const d = engineDialect();
    for (const step of profileSteps(d, shape)) await session.run(`CREATE OR REPLACE TEMP TABLE ${step.name} AS ${step.sql}`, { as_of });
    const placeholders = RULE_COLUMNS.map(([name, type]) => `CAST(NULL AS ${type}) AS ${name}`).join(', ');
    await session.run(`CREATE OR REPLACE TABLE customer_profile AS SELECT a.*, ${placeholders} FROM (${assembleSql(d, shape, own)}) a`, { as_of });
    await applyRules(session, DEFAULT_RULES, as_of);
    for (const t of PROFILE_TEMP_TABLES) await session.run(`DROP TABLE IF EXISTS temp.main."${t}"`);
  });
}

/* ------------------------------------------------------------------------------------------------
 * Import (issue 3): files generated once from the cached bank into ctx.cacheDir/import, imported
 * through the protocol (import.run) into a scratch workspace beside the cached bank (never into
 * the bank itself), interleaved with the plain floor on the same scratch workspace:
 * CREATE OR REPLACE TABLE … AS SELECT * FROM read_csv(the UTF-8 file).
 * ---------------------------------------------------------------------------------------------- */

const importDir = (ctx: BenchContext) => path.join(ctx.cacheDir, 'import');

/** Writes `file` once (to a temp name, renamed when complete), so an interrupted run never leaves half a file. */
async function cachedFile(file: string, write: (tmp: string) => Promise<void>): Promise<string> {
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.partial-${process.pid}`;
  const started = performance.now();
  process.stderr.write(`  writing ${path.basename(file)} (cached for later runs)…\n`);
  await write(tmp);
  fs.renameSync(tmp, file);
  process.stderr.write(`  ${path.basename(file)}: ${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return file;
}


/** The bank's table as a bank-style UTF-8 CSV export (header, comma). */
function exportCsv(ctx: BenchContext, table: 'customers' | 'transactions'): Promise<string> {
  // The locked engine writes only into its temp folder (workspace-lockdown.ts): COPY there, then move.
  return cachedFile(path.join(importDir(ctx), `${table}-${ctx.customers}.csv`), async (tmp) => {
    const staged = path.join(ctx.engine.workspace.files.scratchDirectory('bench'), path.basename(tmp));
    await plain(ctx, `COPY ${table} TO ${sqlString(staged)} (HEADER, DELIMITER ',')`);
    fs.copyFileSync(staged, tmp);
    fs.rmSync(path.dirname(staged), { recursive: true, force: true });
  });
}

async function exportGbk(ctx: BenchContext): Promise<string> {
  const utf8 = await exportCsv(ctx, 'customers');
  const { encodeUtf8FileTo } = await import('../../src/engine/encoding/gbk-encoder');
  return cachedFile(path.join(importDir(ctx), `customers-${ctx.customers}-gbk.csv`), async (tmp) => {
    await encodeUtf8FileTo(utf8, tmp, 'gbk');
  });
}

/** The first 1,000,000 customers (at most) as one .xlsx sheet, written by exceljs's streaming writer. */
async function exportXlsx(ctx: BenchContext): Promise<string> {
  const rows = Math.min(ctx.customers, 1_000_000);
  return cachedFile(path.join(importDir(ctx), `customers-${rows}.xlsx`), async (tmp) => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useSharedStrings: false, useStyles: true });
    const ws = wb.addWorksheet('客户信息');
    await ctx.engine.workspace.withSession(detachedContext(), async (session) => {
      const cols = (await session.rows<{ column_name: string }>(`SELECT column_name FROM duckdb_columns() WHERE table_name = 'customers' AND schema_name = 'main' AND database_name = current_database() ORDER BY column_index`)).map((c) => c.column_name);
      ws.addRow(cols).commit();
      const batch = 50_000;
      for (let offset = 0; offset < rows; offset += batch) {
        const reader = await session.read(`SELECT * FROM customers ORDER BY customer_id LIMIT ${Math.min(batch, rows - offset)} OFFSET ${offset}`);
        for (const r of reader.getRowsJS()) {
          const row = ws.addRow(r.map((v) => (typeof v === 'bigint' ? Number(v) : v === null ? null : v instanceof Date ? v : typeof v === 'object' ? String(v) : v)) as never[]);
          row.commit();
        }
      }
    });
    ws.commit();
    await wb.commit();
  });
}

/** A scratch workspace for the imports and their floor, removed afterwards. */
async function withScratch<T>(ctx: BenchContext, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const file = path.join(ctx.cacheDir, `import-scratch-${process.pid}.duckdb`);
  const engine = await Engine.open({ path: file });
  try {
    return await fn(engine);
  } finally {
    engine.close();
    for (const f of [file, `${file}.wal`]) fs.rmSync(f, { force: true });
    fs.rmSync(`${file}.tmp`, { recursive: true, force: true });
  }
}

async function importCase(
  name: string,
  ctx: BenchContext,
  file: string,
  table: string,
  floorFile: string | null,
  iterations: number,
): Promise<BenchRow> {
  return withScratch(ctx, async (engine) => {
    const client = engine.connectClient();
    const mb = fs.statSync(file).size / 2 ** 20;
    const runImport = async () => {
      // A cold import every time: touching the file changes its identity, so the engine cannot reuse
      // the digest it remembered from the previous iteration (as it would after the wizard's detect).
      const now = new Date();
      fs.utimesSync(file, now, now);
      const started = performance.now();
      const result = await client.call('import.run', { files: [file], table, mode: 'replace', allowReimport: true });
      process.stderr.write(`  ${name}: import.run ${result.rowsLoaded.toLocaleString('en')} rows (${mb.toFixed(0)} MB) in ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
    };
    const runFloor = async () => {
      const started = performance.now();
      await engine.workspace.withSession(detachedContext(), async (s) => s.run(`CREATE OR REPLACE TABLE _floor AS SELECT * FROM read_csv(${sqlString(await s.files.admit(floorFile!))})`));
      process.stderr.write(`  ${name}: floor read_csv in ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
    };
    const sampler = rssSampler();
    if (!floorFile) {
      const samples = await timeRuns(iterations, runImport);
      return row(name, ctx, samples, null, sampler.stop());
    }
    const samples = await timeInterleaved(iterations, runImport, runFloor, 0);
    return row(name, ctx, samples.engine, samples.floor, sampler.stop());
  });
}

/** Fewer iterations for big files: 3 at most, 1 above 1 GB. */
const importIterations = (ctx: BenchContext, file: string) => (fs.statSync(file).size > 2 ** 30 ? 1 : Math.min(ctx.iterations, 3));

Object.assign(BENCH_CASES, {
  /** UTF-8 customers CSV (about 50 bytes a row … 160 MB at 1 M) beside read_csv into a table. */
  async import_csv(ctx: BenchContext) {
    const file = await exportCsv(ctx, 'customers');
    return importCase('import_csv', ctx, file, 'customers', file, importIterations(ctx, file));
  },
  /** The same rows as GBK (transcoded by streaming) beside read_csv of the UTF-8 file. */
  async import_gbk(ctx: BenchContext) {
    const file = await exportGbk(ctx);
    return importCase('import_gbk', ctx, file, 'customers', await exportCsv(ctx, 'customers'), importIterations(ctx, file));
  },
  /** Every transaction of the bank (50 M at 5 M customers, about 3 GB): time and peak memory. */
  async import_transactions(ctx: BenchContext) {
    const file = await exportCsv(ctx, 'transactions');
    return importCase('import_transactions', ctx, file, 'transactions', file, 1);
  },
  /** A 1,000,000-row sheet (fewer with a smaller bank): time and peak memory, no floor. */
  async import_xlsx(ctx: BenchContext) {
    const file = await exportXlsx(ctx);
    return importCase('import_xlsx', ctx, file, 'customers', null, Math.min(ctx.iterations, 2));
  },
} satisfies Record<string, BenchCase>);

/* ------------------------------------------------------------------------------------------------
 * Churn and retention (issue 16): survival.run, retention.run and lifecycle.run through the
 * protocol, each beside the same counts hand-written in plain DuckDB SQL (the floor omits only the
 * Kaplan–Meier arithmetic over the few hundred aggregated rows, done in JS by the engine).
 * ---------------------------------------------------------------------------------------------- */

const monthOf = (d: string) => `(year(${d}) * 12 + month(${d}) - 1)`;

Object.assign(BENCH_CASES, {
  /** Kaplan–Meier by age band (4 groups), churn = all accounts closed, start = onboarding. */
  async survival_km(ctx: BenchContext) {
    const asOf = await ensureProfile(ctx);
    const sampler = rssSampler();
    const samples = await timeInterleaved(
      ctx.iterations,
      async () => {
        await ctx.client.call('survival.run', { churn: { id: 'accounts_closed' }, groupBy: { kind: 'age_band' } });
      },
      () =>
        plain(ctx, `WITH e AS (
  SELECT customer_id, max(close_date) AS d FROM accounts GROUP BY customer_id HAVING bool_and(close_date IS NOT NULL AND close_date <= DATE '${asOf}')
), first AS (SELECT min(month) AS m FROM balances),
s AS (
  SELECT p.customer_id, greatest(p.onboard_date_at, (SELECT m FROM first)) AS st,
    CASE WHEN age < 30 THEN '18-29' WHEN age < 45 THEN '30-44' WHEN age < 60 THEN '45-59' ELSE '60+' END AS g
  FROM customer_profile p
)
SELECT g, CASE WHEN e.d IS NOT NULL THEN ${monthOf('e.d')} - ${monthOf('st')} + 1 ELSE ${monthOf(`DATE '${asOf}'`)} - ${monthOf('st')} + 1 END AS t,
  e.d IS NOT NULL AS ev, count(*) AS n
FROM s LEFT JOIN e ON e.customer_id = s.customer_id WHERE st <= DATE '${asOf}' AND (e.d IS NULL OR e.d >= st) GROUP BY ALL`),
    );
    return row('survival_km', ctx, samples.engine, samples.floor, sampler.stop());
  },

  /** A 24 × 24 monthly retention matrix: onboarding cohorts, any customer-initiated transaction, "on". */
  async retention_matrix(ctx: BenchContext) {
    const asOf = await ensureProfile(ctx);
    const sampler = rssSampler();
    const last = monthOf(`DATE '${asOf}'`);
    const samples = await timeInterleaved(
      ctx.iterations,
      async () => {
        await ctx.client.call('retention.run', { cohorts: 24, periods: 24, mode: 'on' });
      },
      () =>
        plain(ctx, `WITH c AS (
  SELECT customer_id, ${monthOf('onboard_date_at')} AS c FROM customer_profile
  WHERE onboard_date_at <= DATE '${asOf}' AND ${monthOf('onboard_date_at')} > ${last} - 24
), a AS (
  SELECT DISTINCT customer_id, ${monthOf('ts')} AS k FROM transactions
  WHERE coalesce(txn_type, '') NOT IN ('fee', 'interest') AND ts < DATE '${asOf}' + INTERVAL 1 DAY
)
SELECT c.c, a.k - c.c AS k, count(*) FROM c JOIN a ON a.customer_id = c.customer_id WHERE a.k >= c.c AND a.k - c.c <= 24 GROUP BY ALL
UNION ALL SELECT c, NULL, count(*) FROM c GROUP BY c`),
    );
    return row('retention_matrix', ctx, samples.engine, samples.floor, sampler.stop());
  },

  /** 24 months of lifecycle (new / returning / resurrecting / dormant) over customer-initiated transactions. */
  async lifecycle(ctx: BenchContext) {
    const asOf = await ensureProfile(ctx);
    const sampler = rssSampler();
    const last = monthOf(`DATE '${asOf}'`);
    const samples = await timeInterleaved(
      ctx.iterations,
      async () => {
        await ctx.client.call('lifecycle.run', { periods: 24 });
      },
      () =>
        plain(ctx, `WITH a AS (
  SELECT DISTINCT customer_id, ${monthOf('ts')} AS k FROM transactions
  WHERE coalesce(txn_type, '') NOT IN ('fee', 'interest') AND ts < DATE '${asOf}' + INTERVAL 1 DAY
), s AS (
  SELECT a.customer_id, a.k, lag(a.k) OVER w AS prev, lead(a.k) OVER w AS next, ${monthOf('p.onboard_date_at')} AS o
  FROM a JOIN customer_profile p ON p.customer_id = a.customer_id WINDOW w AS (PARTITION BY a.customer_id ORDER BY a.k)
)
SELECT period, category, count(*) FROM (
  SELECT k AS period, CASE WHEN o = k THEN 'new' WHEN prev = k - 1 THEN 'returning' ELSE 'resurrecting' END AS category FROM s
  UNION ALL SELECT k + 1, 'dormant' FROM s WHERE next IS NULL OR next > k + 1
) WHERE period BETWEEN ${last} - 23 AND ${last} GROUP BY ALL`),
    );
    return row('lifecycle', ctx, samples.engine, samples.floor, sampler.stop());
  },
} satisfies Record<string, BenchCase>);
