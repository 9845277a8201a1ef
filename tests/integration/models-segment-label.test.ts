import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { generateDemoBank } from '../../src/engine/demo/generate-demo-bank';
import { buildProfileSnapshot } from '../../src/engine/models/profile-snapshot';
import { buildTrainingSet, TRAINING_TABLE } from '../../src/engine/models/training-set';
import type { Session } from '../../src/engine/workspace';
import type { EngineClient } from '../../src/shared/engine-client';
import { modelSpecSchema, type ModelCard } from '../../src/shared/model-types';

/**
 * The label "becomes a member of segment S within h months" on the demo bank. The segment mixes a
 * profile field (AUM) with a rule column (is_dormant, not in the assembled snapshot), so the
 * engine must apply the rules to each snapshot; the check here evaluates the same rule by hand in
 * plain SQL over two snapshots built at the two dates.
 */
describe('the segment-membership label on the demo bank', () => {
  let engine: Engine;
  let client: EngineClient;
  let segmentId: string;
  let aumMin: number;
  let dormantMonths: number;
  let card: ModelCard;
  const session = <T>(fn: (s: Session) => Promise<T>) => engine.workspace.withSession(detachedContext(), fn);
  const labelOf = (id: string) => ({ kind: 'segment' as const, segmentId: id, horizonMonths: 3, snapshots: 3 });

  beforeAll(async () => {
    engine = await Engine.open({ path: ':memory:', threads: 2, memoryLimit: '3GB' });
    await session((s) => generateDemoBank(s, { customers: 5_000, months: 24, seed: 11 }));
    client = engine.connectClient();
    await client.call('profile.build', {});
    // A threshold near the top fifth of today's AUM: enough customers cross it within 3 months.
    const [q] = await session((s) => s.rows<{ x: number }>(`SELECT CAST(round(quantile_cont(aum_latest, 0.8), -3) AS DOUBLE) AS x FROM customer_profile`));
    aumMin = q!.x;
    const rules = await client.call('rules.list', {});
    const dormant = rules.find((r) => r.rule === 'dormant')!;
    dormantMonths = (dormant.definition as { windowMonths: number }).windowMonths;
    const saved = await client.call('segment.save', {
      name: 'rich and active',
      rule: {
        kind: 'and',
        children: [
          { kind: 'field', field: 'aum_latest', op: '>=', value: aumMin },
          { kind: 'field', field: 'is_dormant', op: '=', value: false },
        ],
      },
    });
    segmentId = saved.id;
    card = await client.call('model.train', { name: 'becomes_rich', label: labelOf(segmentId) });
  }, 300_000);
  afterAll(() => engine.close());

  it('counts the label of the latest as-of date as plain SQL over the two snapshots does', async () => {
    const asOf = card.trainingSet.dates.at(-1)!.asOf;
    const [y, m] = asOf.split('-').map(Number) as [number, number];
    const later = new Date(Date.UTC(y, m - 1 + 3 + 1, 0)).toISOString().slice(0, 10);
    const members = (s: Session, table: string, date: string) =>
      s.rows<{ customer_id: string }>(
        `SELECT customer_id FROM temp.main.${table}
         WHERE aum_latest >= $min AND NOT (last_activity_ts IS NULL OR last_activity_ts <= CAST($d AS DATE) - to_months(CAST($w AS INTEGER)))`,
        { min: aumMin, d: date, w: dormantMonths },
      );
    const expected = await session(async (s) => {
      await buildProfileSnapshot(s, asOf, 'hand_now');
      await buildProfileSnapshot(s, later, 'hand_later');
      const now = new Set((await members(s, 'hand_now', asOf)).map((r) => r.customer_id));
      const then = new Set((await members(s, 'hand_later', later)).map((r) => r.customer_id));
      const all = await s.rows<{ customer_id: string }>(`SELECT customer_id FROM temp.main.hand_now`);
      const population = all.map((r) => r.customer_id).filter((id) => !now.has(id));
      return new Map(population.map((id) => [id, then.has(id)]));
    });
    const positives = [...expected.values()].filter(Boolean).length;
    expect(expected.size).toBeGreaterThan(1_000);
    expect(positives).toBeGreaterThan(10);
    expect(card.trainingSet.dates.at(-1)).toMatchObject({ asOf, rows: expected.size, positives });

    // Row by row: the engine's training rows of that date carry exactly these labels.
    const spec = modelSpecSchema.parse({ name: 'check', label: labelOf(segmentId) });
    const rows = await session(async (s) => {
      await buildTrainingSet(s, spec, { onlyDates: [asOf] });
      return s.rows<{ customer_id: string; label: boolean }>(`SELECT customer_id, label FROM ${TRAINING_TABLE}`);
    });
    expect(new Map(rows.map((r) => [r.customer_id, r.label]))).toEqual(expected);
  });

  it('uses month ends whose later month end lies inside the data, and trains a model on them', async () => {
    const dates = card.trainingSet.dates.map((d) => d.asOf);
    expect(dates).toHaveLength(3);
    for (const d of dates) expect(d.slice(8)).toBe(new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)), 0)).toISOString().slice(8, 10));
    expect([...dates].sort()).toEqual(dates);
    expect(card.converged).toBe(true);
    expect(card.trainingSet.features.map((f) => f.name)).not.toContain('contact_channel');
    expect(card.trainingSet.features.map((f) => f.name)).toContain('aum_latest');
    // AUM near the threshold predicts crossing it: the model ranks far better than chance.
    expect(card.metrics.train.auc).toBeGreaterThan(0.7);
    expect(card.metrics.test?.auc ?? 0).toBeGreaterThan(0.65);
  });

  it('refuses a static segment, whose membership does not change with time', async () => {
    const fixed = await client.call('segment.fromIds', { name: 'a fixed list', ids: ['C000001', 'C000002'] });
    await expect(client.call('model.preview', { name: 'never', label: labelOf(fixed.segment.id) })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      messageKey: 'error.MODEL_SEGMENT_STATIC',
    });
  });
});
