import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignDefinitionInput } from '../../src/shared/campaign-types';
import { openCampaignBank } from '../support/campaign-bank';

type Bank = Awaited<ReturnType<typeof openCampaignBank>>;

/** RM assignment with capacity (网格化管理): own RM first, then the branch's RM with most room; nobody over capacity. */
describe('campaign RM assignment', () => {
  let bank: Bank;
  let everyone: string;

  beforeAll(async () => {
    bank = await openCampaignBank(3000);
    everyone = (await bank.client.call('segment.save', { name: 'adults', description: '', owner: '', rule: { kind: 'field', id: 'a', field: 'age', op: '>=', value: 18 } })).id;
    // A tight sheet: every RM of the profile gets 4 to 9 places, a few RMs none at all.
    await bank.run(`CREATE TABLE rm_capacity AS SELECT rm_id AS rm, CAST(4 + hash(rm_id) % 6 AS INTEGER) AS places FROM (SELECT DISTINCT rm_id FROM customer_profile WHERE rm_id IS NOT NULL) WHERE hash(rm_id) % 11 <> 0`);
  }, 240_000);
  afterAll(() => bank?.engine.close());

  const campaign = (rm: CampaignDefinitionInput['rmAssignment']): CampaignDefinitionInput => ({
    name: 'rm visits',
    channels: ['rm_visit'],
    plannedDate: '2026-07-10',
    selection: [{ segmentId: everyone, priority: 1 }],
    control: { holdout: { percent: 10 } },
    rmAssignment: rm,
  });

  for (const balanceBy of ['count', 'aum'] as const) {
    it(`balancing by ${balanceBy}: no RM over capacity, own RM kept while it has room, others within the branch`, async () => {
      const def = campaign({ enabled: true, capacityTable: { table: 'rm_capacity', rmColumn: 'rm', capacityColumn: 'places' }, defaultCapacity: 2, balanceBy });
      const { campaigns } = await bank.client.call('campaign.build', { target: { definition: def } });
      const build = campaigns[0]!;
      const list = await bank.client.call('campaign.members', { target: { definition: def } });
      const L = `scratch.main."${list.table.name}"`;
      const over = await bank.rows<{ rm_id: string; n: bigint; cap: number }>(
        `SELECT l.rm_id, count(*) AS n, any_value(coalesce(c.places, 2)) AS cap FROM ${L} l LEFT JOIN rm_capacity c ON c.rm = l.rm_id WHERE l.rm_id IS NOT NULL GROUP BY l.rm_id HAVING count(*) > any_value(coalesce(c.places, 2))`,
      );
      expect(over).toEqual([]);
      // Reassigned customers stay in their branch (the RM's branch is where most of its customers are).
      const [outside] = await bank.rows<{ n: bigint }>(
        `WITH rm_branch AS (SELECT rm_id, mode(branch_id) AS branch_id FROM customer_profile GROUP BY rm_id)
         SELECT count(*) AS n FROM ${L} l JOIN customer_profile p USING (customer_id) JOIN rm_branch b ON b.rm_id = l.rm_id WHERE l.rm_id <> p.rm_id AND b.branch_id <> p.branch_id`,
      );
      expect(Number(outside!.n)).toBe(0);
      // Own RM kept for the best-ranked of each RM's own customers, up to its capacity.
      const [ownKept] = await bank.rows<{ expected: bigint; got: bigint }>(
        `WITH t AS (SELECT l.customer_id, p.rm_id AS own, l.rm_id, l.rank, row_number() OVER (PARTITION BY p.rm_id ORDER BY l.rank) AS k FROM ${L} l JOIN customer_profile p USING (customer_id) WHERE l.arm = 'treatment')
         SELECT count(*) FILTER (WHERE k <= coalesce(c.places, 2)) AS expected, count(*) FILTER (WHERE k <= coalesce(c.places, 2) AND t.rm_id = t.own) AS got FROM t LEFT JOIN rm_capacity c ON c.rm = t.own`,
      );
      expect(Number(ownKept!.got)).toBe(Number(ownKept!.expected));
      const treated = build.arms.filter((a) => a.arm === 'treatment').reduce((t, a) => t + a.customers, 0);
      const assigned = build.rmLoad.reduce((t, r) => t + r.assigned, 0);
      const unassigned = build.unassigned.reduce((t, u) => t + u.customers, 0);
      expect(assigned + unassigned).toBe(treated);
      expect(unassigned).toBeGreaterThan(0);
      for (const r of build.rmLoad) if (r.capacity !== null) expect(r.assigned).toBeLessThanOrEqual(r.capacity);
      if (balanceBy === 'count') {
        // Most room first: an RM given someone else's customer ends with at least the branch's most room left, less one.
        const uneven = await bank.rows<{ rm_id: string }>(
          `WITH rms AS (SELECT rm_id, mode(branch_id) AS branch_id FROM customer_profile WHERE rm_id IS NOT NULL GROUP BY rm_id),
           load AS (SELECT r.rm_id, r.branch_id, coalesce(c.places, 2) - count(l.customer_id) AS free, count(l.customer_id) FILTER (WHERE p.rm_id IS DISTINCT FROM l.rm_id) AS taken_over
                    FROM rms r LEFT JOIN rm_capacity c ON c.rm = r.rm_id LEFT JOIN ${L} l ON l.rm_id = r.rm_id LEFT JOIN customer_profile p ON p.customer_id = l.customer_id GROUP BY r.rm_id, r.branch_id, c.places)
           SELECT rm_id FROM load x WHERE taken_over > 0 AND free < (SELECT max(free) FROM load y WHERE y.branch_id = x.branch_id) - 1`,
        );
        expect(uneven).toEqual([]);
      }
      const [control] = await bank.rows<{ n: bigint }>(`SELECT count(*) AS n FROM ${L} WHERE arm = 'control' AND rm_id IS NOT NULL`);
      expect(Number(control!.n)).toBe(0);
    });
  }

  it('count balancing fills the RM with the most room first (the free places even out within a branch)', async () => {
    const def = campaign({ enabled: true, capacityTable: null, defaultCapacity: 1_000, balanceBy: 'count' });
    const { campaigns } = await bank.client.call('campaign.build', { target: { definition: def } });
    expect(campaigns[0]!.unassigned.filter((u) => u.reason !== 'no_branch')).toEqual([]);
  });

  it('a missing capacity table is named', async () => {
    await expect(bank.client.call('campaign.build', { target: { definition: campaign({ enabled: true, capacityTable: { table: 'no_such_sheet' } }) } })).rejects.toMatchObject({
      messageKey: 'error.CAMPAIGN_CAPACITY_TABLE_MISSING',
      details: { table: 'no_such_sheet' },
    });
  });
});
