import { detachedContext } from '../../src/engine/jobs/job-context';
import { learnEncoding, readDesignMatrix, readLabels, type FeatureSpec, type RowSource } from '../../src/engine/models/feature-encoding';
import { fitLogisticRegression } from '../../src/engine/models/logistic-regression';
import { readModelCard } from '../../src/engine/models/model-store';
import { scoreSql } from '../../src/engine/models/score-model';
import type { BenchContext } from './bench-cases';
import { percentile, rssSampler, timeRuns, type BenchRow } from './bench-stats';

function benchRow(name: string, customers: number, engine: number[], floor: number[] | null, peak: number): BenchRow {
  const p50 = percentile(engine, 50);
  const floorP50 = floor ? percentile(floor, 50) : null;
  return { case: name, customers, engine_ms_p50: p50, engine_ms_p95: percentile(engine, 95), floor_ms_p50: floorP50, ratio: floorP50 ? p50 / floorP50 : null, peak_rss_mb: peak };
}

const FIT_ROWS = 1_000_000;
const NUMERIC = 24;
const CATEGORICAL = 6;

/**
 * Issue 17's fitting figure: 1,000,000 rows × 30 features (24 numeric, 6 categories of 5 levels)
 * with a planted logit, generated in DuckDB, read column by column, encoded and fitted. The floor
 * is reading the same columns out of DuckDB (what any fit must at least do).
 */
async function modelFit(ctx: BenchContext): Promise<BenchRow> {
  const numeric = Array.from({ length: NUMERIC }, (_, j) => `x${j}`);
  const categorical = Array.from({ length: CATEGORICAL }, (_, j) => `c${j}`);
  const logit = ['-1.5', ...numeric.map((n, j) => `${((j % 5) - 2) / 10} * ${n}`), ...categorical.map((c) => `CASE ${c} WHEN 'a' THEN 0.4 WHEN 'b' THEN -0.3 ELSE 0 END`)].join(' + ');
  const rows: RowSource = { from: 'scratch.main._bench_fit', where: 'true', params: {}, orderBy: 'rn' };
  await ctx.engine.workspace.withSession(detachedContext(), async (s) => {
    await s.run(`SELECT setseed(0.42)`);
    await s.run(`CREATE OR REPLACE TABLE scratch.main._bench_fit_x AS SELECT range AS rn, ${numeric.map((n) => `random() * 2 - 1 AS ${n}`).join(', ')},
                 ${categorical.map((c) => `['a','b','c','d','e'][1 + CAST(floor(random() * 5) AS INTEGER)] AS ${c}`).join(', ')} FROM range(${FIT_ROWS})`);
    await s.run(`CREATE OR REPLACE TABLE scratch.main._bench_fit AS SELECT *, random() < 1 / (1 + exp(-(${logit}))) AS y FROM scratch.main._bench_fit_x`);
  });
  const specs: FeatureSpec[] = [...numeric.map((name) => ({ name, kind: 'numeric' as const })), ...categorical.map((name) => ({ name, kind: 'categorical' as const }))];
  const sampler = rssSampler();
  let split = '';
  const engine = await timeRuns(Math.min(ctx.iterations, 2), () =>
    ctx.engine.workspace.withSession(detachedContext(), async (s) => {
      const started = performance.now();
      const encoding = await learnEncoding(s, rows, specs);
      const design = await readDesignMatrix(s, rows, encoding);
      const labels = await readLabels(s, rows, 'y');
      const fitStarted = performance.now();
      const fit = fitLogisticRegression(design, labels, { C: 1 });
      split = `encode in DuckDB + read ${((fitStarted - started) / 1000).toFixed(1)} s, fit ${((performance.now() - fitStarted) / 1000).toFixed(1)} s (${fit.iterations} Newton steps, ${design.columns} columns)`;
    }),
  );
  const peak = sampler.stop();
  // The floor: the same columns read out of DuckDB, nothing else.
  const floor = await timeRuns(Math.min(ctx.iterations, 2), () =>
    ctx.engine.workspace.withSession(detachedContext(), async (s) => {
      (await s.read(`SELECT y, ${[...numeric, ...categorical].join(', ')} FROM scratch.main._bench_fit`)).getColumns();
    }),
  );
  process.stderr.write(`model_fit: ${split}\n`);
  return benchRow('model_fit', FIT_ROWS, engine, floor, peak);
}

/** A response model trained through the protocol on the bench bank's campaigns (training set + fit). */
async function modelTrain(ctx: BenchContext): Promise<BenchRow> {
  if ((await ctx.client.call('profile.summary', {})).asOf === null) await ctx.client.call('profile.build', {});
  const sampler = rssSampler();
  let timings = '';
  const engine = await timeRuns(1, async () => {
    const card = await ctx.client.call('model.train', { name: 'bench_response', label: { kind: 'response', withinDays: 14 } });
    timings = `${card.trainingSet.rows} rows over ${card.trainingSet.dates.length} as-of dates: training set ${(card.timings.trainingSetMs / 1000).toFixed(1)} s, fit ${(card.timings.fitMs / 1000).toFixed(1)} s, evaluation ${(card.timings.evaluateMs / 1000).toFixed(1)} s`;
  });
  process.stderr.write(`model_train: ${timings}\n`);
  return benchRow('model_train', ctx.customers, engine, null, sampler.stop());
}

/** Scoring every customer into the profile, beside the same expression as a plain UPDATE. */
async function modelScore(ctx: BenchContext): Promise<BenchRow> {
  const list = await ctx.client.call('model.list', {});
  if (!list.some((m) => m.name === 'bench_response')) await modelTrain(ctx);
  const card = await ctx.engine.workspace.withSession(detachedContext(), (s) => readModelCard(s, 'bench_response'));
  const params: Record<string, string> = {};
  const sql = scoreSql(card, params);
  const sampler = rssSampler();
  const engine = await timeRuns(Math.min(ctx.iterations, 3), async () => {
    await ctx.client.call('model.score', { name: 'bench_response' });
  });
  const peak = sampler.stop();
  const floor = await timeRuns(Math.min(ctx.iterations, 3), () =>
    ctx.engine.workspace.withSession(detachedContext(), (s) => s.run(`UPDATE customer_profile AS p SET score_bench_response = ${sql}`, params)),
  );
  return benchRow('model_score', ctx.customers, engine, floor, peak);
}

export const MODEL_BENCH_CASES: Record<string, (ctx: BenchContext) => Promise<BenchRow>> = {
  model_fit: modelFit,
  model_train: modelTrain,
  model_score: modelScore,
};
