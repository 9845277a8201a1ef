import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { generateDemoBank } from '../../src/engine/demo/generate-demo-bank';
import { readDemoTruth, type DemoTruth } from '../../src/engine/demo/demo-truth';
import { readDesignMatrix, type RowSource } from '../../src/engine/models/feature-encoding';
import { predictProbabilities } from '../../src/engine/models/logistic-regression';
import { buildProfileSnapshot } from '../../src/engine/models/profile-snapshot';
import { scoreSql } from '../../src/engine/models/score-model';
import { buildTrainingSet, TRAINING_TABLE } from '../../src/engine/models/training-set';
import type { Session } from '../../src/engine/workspace';
import type { EngineClient } from '../../src/shared/engine-client';
import { modelSpecSchema, type ModelCard } from '../../src/shared/model-types';

/**
 * Models on the demo bank, checked against plain SQL written here and against what the generator
 * planted: response logit −4.4 − 0.15·(age − 45)/10 + 0.35·log10(1 + AUM) + … + channel
 * (sms 0 … rm_visit 1.1), treatment +0.8 (DEMO-BANK.md §6).
 */
describe('models and experiments on the demo bank', () => {
  let engine: Engine;
  let client: EngineClient;
  let truth: DemoTruth;
  let response: ModelCard;
  const session = <T>(fn: (s: Session) => Promise<T>) => engine.workspace.withSession(detachedContext(), fn);

  beforeAll(async () => {
    engine = await Engine.open({ path: ':memory:', threads: 2, memoryLimit: '3GB' });
    await session((s) => generateDemoBank(s, { customers: 8_000, months: 24, seed: 11 }));
    truth = (await session((s) => readDemoTruth(s)))!;
    client = engine.connectClient();
    await client.call('profile.build', {});
    response = await client.call('model.train', { name: 'resp', label: { kind: 'response', withinDays: 14 } });
  }, 240_000);
  afterAll(() => engine.close());

  it('builds the response training set from the day before each contact, with the label counted by plain SQL', async () => {
    const expected = await session((s) =>
      s.rows<{ d: string; n: bigint; k: bigint }>(
        `SELECT strftime(CAST(contact_ts AS DATE) - 1, '%Y-%m-%d') AS d, count(DISTINCT customer_id) AS n,
                count(DISTINCT customer_id) FILTER (WHERE responded AND response_ts <= contact_ts + INTERVAL 14 DAY) AS k
         FROM contacts WHERE arm <> 'control' GROUP BY 1 ORDER BY 1`,
      ),
    );
    expect(response.trainingSet.dates.map((d) => [d.asOf, d.rows, d.positives])).toEqual(expected.map((r) => [r.d, Number(r.n), Number(r.k)]));
    expect(response.trainingSet.rows).toBeGreaterThan(3_000);
  });

  it('ranks by the planted drivers with the generator’s signs', () => {
    const coefficient = (name: string) => response.coefficients.find((c) => c.feature === name)!.coefficient;
    expect(coefficient('log1p_aum_latest')).toBeGreaterThan(0);
    expect(coefficient('age')).toBeLessThan(0);
    expect(coefficient('contact_channel=rm_visit')).toBeGreaterThan(coefficient('contact_channel=phone'));
    expect(coefficient('contact_channel=phone')).toBeGreaterThan(coefficient('contact_channel=sms'));
    expect(response.metrics.test!.auc).toBeGreaterThan(0.6);
    expect(response.metrics.train.deciles[0]!.lift).toBeGreaterThan(1.5);
    expect(response.converged).toBe(true);
  });

  it('keeps a training row as it was when data after its as-of date changes, and only then', async () => {
    const spec = modelSpecSchema.parse({ name: 'pit', label: { kind: 'response' } });
    const first = response.trainingSet.dates[0]!.asOf;
    const rowOf = (s: Session, id: string) => s.rows<Record<string, unknown>>(`SELECT * EXCLUDE (is_test) FROM ${TRAINING_TABLE} WHERE as_of = CAST($d AS DATE) AND customer_id = $id`, { d: first, id });
    await session(async (s) => {
      await buildTrainingSet(s, spec, { onlyDates: [first] });
      const [{ id } = { id: '' }] = await s.rows<{ id: string }>(`SELECT customer_id AS id FROM ${TRAINING_TABLE} WHERE as_of = CAST($d AS DATE) ORDER BY customer_id LIMIT 1`, { d: first });
      const before = await rowOf(s, id);
      const [account] = await s.rows<{ a: string }>(`SELECT account_id AS a FROM accounts WHERE customer_id = $id LIMIT 1`, { id });
      // A large customer-initiated transaction two days after the as-of date…
      await s.run(`INSERT INTO transactions (txn_id, account_id, customer_id, ts, amount, direction, txn_type, channel)
                   VALUES ('9999999999999991', $a, $id, CAST($d AS TIMESTAMP) + INTERVAL 2 DAY, 123456, 'debit', 'transfer', 'mobile')`, { a: account!.a, id, d: first });
      await buildTrainingSet(s, spec, { onlyDates: [first] });
      expect(await rowOf(s, id)).toEqual(before);
      // …while the same transaction on the as-of day changes the row (the test can fail).
      await s.run(`UPDATE transactions SET ts = CAST($d AS TIMESTAMP) + INTERVAL 10 HOUR WHERE txn_id = '9999999999999991'`, { d: first });
      await buildTrainingSet(s, spec, { onlyDates: [first] });
      expect(await rowOf(s, id)).not.toEqual(before);
      await s.run(`DELETE FROM transactions WHERE txn_id = '9999999999999991'`);
    });
  }, 120_000);

  it('builds the same training rows from the population\'s own profiles as from every customer\'s', async () => {
    const specs = [
      modelSpecSchema.parse({ name: 'partial_response', label: { kind: 'response' } }),
      modelSpecSchema.parse({ name: 'partial_churn', label: { kind: 'payroll_churn', gapMonths: 3, horizonMonths: 3, snapshots: 2 } }),
    ];
    for (const spec of specs) {
      await session(async (s) => {
        const onlyDates = spec.label.kind === 'response' ? response.trainingSet.dates.slice(0, 2).map((d) => d.asOf) : undefined;
        await buildTrainingSet(s, spec, { onlyDates, fullSnapshots: true });
        await s.run(`CREATE OR REPLACE TEMP TABLE full_rows AS SELECT * FROM ${TRAINING_TABLE}`);
        await buildTrainingSet(s, spec, { onlyDates });
        const [counts] = await s.rows<{ full: bigint; partial: bigint; only_full: bigint; only_partial: bigint }>(
          `SELECT (SELECT count(*) FROM full_rows) AS full, (SELECT count(*) FROM ${TRAINING_TABLE}) AS partial,
                  (SELECT count(*) FROM (SELECT * FROM full_rows EXCEPT ALL SELECT * FROM ${TRAINING_TABLE})) AS only_full,
                  (SELECT count(*) FROM (SELECT * FROM ${TRAINING_TABLE} EXCEPT ALL SELECT * FROM full_rows)) AS only_partial`,
        );
        expect(Number(counts!.full), spec.name).toBeGreaterThan(100);
        expect([Number(counts!.partial), Number(counts!.only_full), Number(counts!.only_partial)], spec.name).toEqual([Number(counts!.full), 0, 0]);
        // The source tables are the workspace's again: no filtered view is left in front of them.
        const [views] = await s.rows<{ n: bigint }>(`SELECT count(*) AS n FROM duckdb_views() WHERE database_name = 'temp' AND view_name IN ('customers', 'accounts', 'transactions', 'balances', 'contacts')`);
        expect(Number(views!.n)).toBe(0);
        await s.run('DROP TABLE full_rows');
      });
    }
  }, 240_000);

  it('splits reproducibly with its seed', async () => {
    const testIds = (seed: number) =>
      session(async (s) => {
        await buildTrainingSet(s, modelSpecSchema.parse({ name: 'split', label: { kind: 'response' }, split: { kind: 'random', testShare: 0.3, seed } }), {
          onlyDates: response.trainingSet.dates.slice(0, 1).map((d) => d.asOf),
        });
        const rows = await s.rows<{ id: string }>(`SELECT DISTINCT customer_id AS id FROM ${TRAINING_TABLE} WHERE is_test ORDER BY 1`);
        return rows.map((r) => r.id);
      });
    const a = await testIds(7);
    expect(await testIds(7)).toEqual(a);
    expect(await testIds(8)).not.toEqual(a);
    expect(a.length).toBeGreaterThan(0);
  }, 120_000);

  it('labels payroll churn as a gap of N months starting within the horizon (checked in plain code)', async () => {
    const spec = modelSpecSchema.parse({ name: 'churn', label: { kind: 'payroll_churn', gapMonths: 3, horizonMonths: 3, snapshots: 2 } });
    await session(async (s) => {
      const { summary } = await buildTrainingSet(s, spec);
      const asOf = summary.dates[0]!.asOf;
      const engineLabels = new Map((await s.rows<{ id: string; label: boolean }>(`SELECT customer_id AS id, label FROM ${TRAINING_TABLE} WHERE as_of = CAST($d AS DATE)`, { d: asOf })).map((r) => [r.id, r.label]));
      const months = await s.rows<{ id: string; rel: bigint }>(
        `SELECT DISTINCT customer_id AS id, datediff('month', date_trunc('month', CAST($d AS DATE)), date_trunc('month', ts)) AS rel
         FROM transactions WHERE txn_type = 'payroll' AND direction = 'credit'`,
        { d: asOf },
      );
      const byCustomer = new Map<string, Set<number>>();
      for (const m of months) (byCustomer.get(m.id) ?? byCustomer.set(m.id, new Set()).get(m.id)!).add(Number(m.rel));
      const expected = new Map<string, boolean>();
      for (const [id, rels] of byCustomer) {
        const recent = [-5, -4, -3, -2, -1, 0].filter((r) => rels.has(r)).length;
        if (!rels.has(0) || recent < 3) continue;
        const gapStarts = [1, 2, 3].some((k) => [k, k + 1, k + 2].every((m) => !rels.has(m)));
        expected.set(id, gapStarts);
      }
      expect(engineLabels).toEqual(expected);
      expect([...expected.values()].some(Boolean)).toBe(true);
    });
  }, 120_000);

  it('scores in SQL exactly what the fitted model computes in the engine', async () => {
    const churn = await client.call('model.train', { name: 'churn3', label: { kind: 'payroll_churn', snapshots: 3 } });
    const asOf = churn.trainingSet.dates.at(-1)!.asOf;
    await session(async (s) => {
      await buildTrainingSet(s, modelSpecSchema.parse({ ...churn.spec, split: { kind: 'time', testDates: 1 } }));
      const rows: RowSource = { from: `temp.main.${TRAINING_TABLE}`, where: 'as_of = CAST($d AS DATE)', params: { d: asOf }, orderBy: 'customer_id' };
      const ids = (await s.rows<{ id: string }>(`SELECT customer_id AS id FROM ${TRAINING_TABLE} WHERE as_of = CAST($d AS DATE) ORDER BY customer_id`, { d: asOf })).map((r) => r.id);
      const coefficients = Float64Array.from(churn.coefficients, (c) => c.coefficient);
      const expected = predictProbabilities(await readDesignMatrix(s, rows, churn.encoding), { intercept: churn.intercept, coefficients });
      await buildProfileSnapshot(s, asOf, '_t_snap');
      const params: Record<string, string> = {};
      const sql = scoreSql(churn, params);
      const scored = await s.rows<{ id: string; score: number }>(
        `SELECT p.customer_id AS id, ${sql} AS score FROM _t_snap p WHERE p.customer_id IN (SELECT customer_id FROM ${TRAINING_TABLE} WHERE as_of = CAST($d AS DATE)) ORDER BY 1`,
        { ...params, d: asOf },
      );
      expect(scored.map((r) => r.id)).toEqual(ids);
      const worst = Math.max(...scored.map((r, i) => Math.abs(r.score - expected[i]!)));
      expect(worst).toBeLessThan(1e-12);
    });
  }, 180_000);

  it('scores every customer into the profile, and the profit cut-off is the one a brute-force scan picks', async () => {
    const scored = await client.call('model.score', { name: 'resp' });
    const summary = await client.call('profile.summary', {});
    expect(scored.customers).toBe(summary.customers);
    const scores = (await session((s) => s.rows<{ s: number }>(`SELECT score_resp AS s FROM customer_profile ORDER BY score_resp DESC, customer_id`))).map((r) => r.s);
    for (const [value, cost] of [[200, 30], [100, 40], [50, 45]] as const) {
      let best = 0;
      let bestK = 0;
      let running = 0;
      scores.forEach((s, i) => {
        running += value * s - cost;
        if (running > best) [best, bestK] = [running, i + 1];
      });
      const cut = await client.call('model.cutoff', { name: 'resp', cutoff: { by: 'profit', valuePerResponse: value, costPerContact: cost } });
      expect(cut.chosen.customers).toBe(bestK);
      if (bestK > 0) expect(cut.chosen.expectedProfit!).toBeCloseTo(best, 6);
    }
    const top = await client.call('model.cutoff', { name: 'resp', cutoff: { by: 'capacity', topN: 1000 } });
    expect(top.chosen.customers).toBe(1000);
    expect(top.chosen.threshold).toBe(scores[999]);
    const segment = await client.call('model.cutoffSegment', { name: 'resp', cutoff: { by: 'capacity', topN: 30, perGroup: 'rm_id' }, segmentName: 'top 30 per RM' });
    const [perRm] = await session((s) =>
      s.rows<{ n: bigint }>(`SELECT count(*) AS n FROM (SELECT customer_id, row_number() OVER (PARTITION BY rm_id ORDER BY score_resp DESC, customer_id) AS r FROM customer_profile) WHERE r <= 30`),
    );
    expect(segment.customers).toBe(Number(perRm!.n));
    expect((await client.call('segment.get', { id: segment.segmentId })).static?.members).toBe(Number(perRm!.n));
  }, 120_000);

  it('keeps the score column through a profile rebuild', async () => {
    await client.call('profile.build', {});
    const [row] = await session((s) => s.rows<{ n: bigint }>(`SELECT count(score_resp) AS n FROM customer_profile`));
    expect(Number(row!.n)).toBe((await client.call('profile.summary', {})).customers);
  }, 120_000);

  it('reports each campaign’s uplift as plain counting gives it, near the planted response', async () => {
    const campaigns = await session((s) => s.rows<{ c: string }>(`SELECT DISTINCT campaign_id AS c FROM contacts ORDER BY 1`));
    let treated = 0;
    let treatedResponders = 0;
    for (const { c } of campaigns) {
      const report = await client.call('experiment.report', { campaignId: c, plannedShares: { treatment: 0.8, control: 0.2 }, breakdown: 'value_tier' });
      const plain = await session((s) =>
        s.rows<{ arm: string; n: bigint; k: bigint }>(
          `SELECT arm, count(DISTINCT customer_id) AS n, count(DISTINCT customer_id) FILTER (WHERE responded) AS k FROM contacts WHERE campaign_id = $c GROUP BY 1 ORDER BY 1`,
          { c },
        ),
      );
      expect(report.arms.map((a) => [a.arm, a.customers, a.responders])).toEqual(plain.map((p) => [p.arm, Number(p.n), Number(p.k)]));
      const t = plain.find((p) => p.arm === 'treatment')!;
      const k = plain.find((p) => p.arm === 'control')!;
      expect(report.uplift!.absolute).toBeCloseTo(Number(t.k) / Number(t.n) - Number(k.k) / Number(k.n), 12);
      expect(report.uplift!.absoluteInterval.lower).toBeLessThan(report.uplift!.absolute);
      expect(report.sampleRatio!.df).toBe(1);
      // The generator holds out 20 % at random: no mismatch expected.
      expect(report.sampleRatio!.mismatch).toBe(false);
      expect(report.breakdown!.groups.length).toBeGreaterThan(1);
      treated += Number(t.n);
      treatedResponders += Number(t.k);
    }
    expect(Math.abs(treatedResponders / treated - truth.counts.response.treatment.rate)).toBeLessThan(1e-12);
    expect(treatedResponders / treated).toBeGreaterThan(truth.counts.response.control.rate);
  });
});
