import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportColumnsOf } from '../../src/engine/exports/export-handlers';
import { exportSelect } from '../../src/engine/exports/export-columns';
import { detachedContext } from '../../src/engine/jobs/job-context';
import type { ExportFormat } from '../../src/shared/campaign-types';
import type { BenchContext } from './bench-cases';
import { percentile, rssSampler, timeInterleaved, type BenchRow } from './bench-stats';

/*
 * Exports (issue 14): a 1,000,000-row, 20-column list (18-digit ID numbers, Chinese names, mobile
 * numbers, money, dates, codes) exported through the protocol (export.table: count, COPY or the
 * XLSX writer, BOM / GBK, hashing, rename, audit row) beside DuckDB's own `COPY (the same masked
 * query) TO` a file — the floor: what DuckDB alone needs to write the same bytes. GBK is compared
 * with the engine's own UTF-8 export (the issue's "≤ 2× the UTF-8 one"). The list is synthetic and
 * independent of the bank's size, so run these with a small --customers.
 */
const LIST = 'bench_export_list';
const ROWS = 1_000_000;

async function ensureList(ctx: BenchContext): Promise<void> {
  await ctx.engine.workspace.write(detachedContext(), (s) =>
    s.run(`CREATE TABLE IF NOT EXISTS ${LIST} AS SELECT
      'C' || lpad(CAST(i AS VARCHAR), 9, '0') AS customer_id,
      (['张', '王', '李', '赵', '刘', '陈'])[i % 6 + 1] || (['伟', '芳', '娜', '敏', '静', '丽', '强'])[i % 7 + 1] AS name,
      '1101011980' || lpad(CAST(i % 100000000 AS VARCHAR), 8, '0') AS id_number,
      '138' || lpad(CAST(i % 100000000 AS VARCHAR), 8, '0') AS phone,
      'B' || lpad(CAST(i % 40 AS VARCHAR), 3, '0') AS branch_id,
      'RM' || lpad(CAST(i % 800 AS VARCHAR), 4, '0') AS rm_id,
      CASE WHEN i % 10 = 0 THEN 'control' ELSE 'treatment' END AS arm,
      (['sms', 'phone', 'rm_visit'])[i % 3 + 1] AS channel,
      CAST(i + 1 AS BIGINT) AS rank,
      round((hash(i) % 10000000) / 100.0, 2) AS aum_latest,
      round((hash(i + 1) % 1000000) / 100.0, 2) AS deposit_balance,
      round((hash(i + 2) % 1000000) / 100.0, 2) AS wealth_balance,
      CAST(hash(i + 3) % 200 AS INTEGER) AS txn_count_3m,
      DATE '2015-01-01' + CAST(i % 3650 AS INTEGER) AS onboard_date,
      DATE '1960-01-01' + CAST(i % 15000 AS INTEGER) AS birth_date,
      (['mass', 'affluent', 'long_tail', 'hnw'])[i % 4 + 1] AS value_tier,
      (['new', 'active', 'dormant', 'churned'])[i % 4 + 1] AS lifecycle_stage,
      i % 5 = 0 AS has_payroll,
      '6222' || lpad(CAST(i AS VARCHAR), 14, '0') AS account_no,
      (hash(i + 4) % 1000) / 1000.0 AS score
      FROM range(${ROWS}) t(i)`),
  );
}

function benchRow(name: string, engine: number[], floor: number[], peak: number): BenchRow {
  const p50 = percentile(engine, 50);
  const floorP50 = percentile(floor, 50);
  return { case: name, customers: ROWS, engine_ms_p50: p50, engine_ms_p95: percentile(engine, 95), floor_ms_p50: floorP50, ratio: p50 / floorP50, peak_rss_mb: peak };
}

async function engineExport(ctx: BenchContext, format: ExportFormat, dir: string): Promise<void> {
  const file = path.join(dir, `list-${format}.${format === 'csv-gbk' ? 'csv' : format}`);
  fs.rmSync(file, { force: true });
  await ctx.client.call('export.table', { table: { schema: 'main', name: LIST }, format, outPath: file });
}

/** DuckDB's own COPY of the same masked query into the temp folder (where the locked engine may write). */
async function floorCopy(ctx: BenchContext, format: 'csv' | 'parquet'): Promise<void> {
  await ctx.engine.workspace.withSession(detachedContext(), async (session) => {
    const columns = (await session.rows<{ column_name: string; data_type: string }>(`SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '${LIST}' ORDER BY column_index`)).map((c) => ({ name: c.column_name, type: c.data_type }));
    const select = exportSelect(`SELECT * FROM ${LIST}`, exportColumnsOf({ schema: 'main', name: LIST }, columns, {}), { masked: true, as: 'header' });
    const dir = session.files.scratchDirectory('bench-floor');
    try {
      const options = format === 'parquet' ? 'FORMAT parquet, COMPRESSION zstd' : "FORMAT csv, HEADER true, NEW_LINE '\\r\\n'";
      await session.run(`COPY (${select}) TO '${path.join(dir, `floor.${format}`)}' (${options})`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

async function withOutDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-bench-export-'));
  try {
    return await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const EXPORT_BENCH_CASES: Record<string, (ctx: BenchContext) => Promise<BenchRow>> = {
  async export_csv(ctx) {
    await ensureList(ctx);
    return withOutDir(async (dir) => {
      const sampler = rssSampler();
      const t = await timeInterleaved(ctx.iterations, () => engineExport(ctx, 'csv', dir), () => floorCopy(ctx, 'csv'), 1);
      return benchRow('export_csv', t.engine, t.floor, sampler.stop());
    });
  },
  async export_parquet(ctx) {
    await ensureList(ctx);
    return withOutDir(async (dir) => {
      const sampler = rssSampler();
      const t = await timeInterleaved(ctx.iterations, () => engineExport(ctx, 'parquet', dir), () => floorCopy(ctx, 'parquet'), 1);
      return benchRow('export_parquet', t.engine, t.floor, sampler.stop());
    });
  },
  /** GBK beside the engine's own UTF-8 CSV export (ratio = GBK / UTF-8). */
  async export_csv_gbk(ctx) {
    await ensureList(ctx);
    return withOutDir(async (dir) => {
      const sampler = rssSampler();
      const t = await timeInterleaved(ctx.iterations, () => engineExport(ctx, 'csv-gbk', dir), () => engineExport(ctx, 'csv', dir), 1);
      return benchRow('export_csv_gbk_vs_utf8', t.engine, t.floor, sampler.stop());
    });
  },
  /** XLSX beside DuckDB's CSV COPY of the same query (Excel files have no DuckDB writer to compare with); one run. */
  async export_xlsx(ctx) {
    await ensureList(ctx);
    return withOutDir(async (dir) => {
      const sampler = rssSampler();
      const t = await timeInterleaved(1, () => engineExport(ctx, 'xlsx', dir), () => floorCopy(ctx, 'csv'), 0);
      return benchRow('export_xlsx', t.engine, t.floor, sampler.stop());
    });
  },
};
