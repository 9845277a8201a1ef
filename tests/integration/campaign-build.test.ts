import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignDefinitionInput } from '../../src/shared/campaign-types';
import { openCampaignBank } from '../support/campaign-bank';

type Bank = Awaited<ReturnType<typeof openCampaignBank>>;

const PLANNED = '2026-07-10';
const CONTACT = '2026-07-11';
const SEED = 4242;

/**
 * The campaign engine on a small demo bank, each step against plain SQL written here: the
 * selection, every suppression, the contact policy, channel eligibility, caps and ranks, the
 * stratified holdout and the cells.
 */
describe('campaign build against plain SQL', () => {
  let bank: Bank;
  let wealthy: string;
  let young: string;
  let dnc: string;
  let dormant: string;

  beforeAll(async () => {
    bank = await openCampaignBank();
    const save = async (name: string, rule: unknown) => (await bank.client.call('segment.save', { name, description: '', owner: '', rule: rule as never })).id;
    wealthy = await save('wealthy', { kind: 'field', id: 'a', field: 'aum_latest', op: '>=', value: 50_000 });
    young = await save('young', { kind: 'field', id: 'b', field: 'age', op: 'between', from: 16, to: 35 });
    dormant = await save('dormant', { kind: 'field', id: 'c', field: 'is_dormant', op: '=', value: true });
    const ids = await bank.rows<{ customer_id: string }>(`SELECT customer_id FROM customer_profile ORDER BY md5(customer_id) LIMIT 150`);
    dnc = (await bank.client.call('segment.fromIds', { name: 'do not contact', ids: ids.map((r) => r.customer_id) })).segment.id;
    // A few numbers that are not mainland mobiles (a landline, a short one), for channel eligibility.
    await bank.run(`UPDATE customer_profile SET phone = CASE WHEN hash(customer_id) % 2 = 0 THEN '010-' || right(phone, 8) ELSE left(phone, 7) END WHERE hash(customer_id) % 40 = 0`);
    await bank.run(`CREATE TABLE staff_ids AS SELECT customer_id FROM customer_profile ORDER BY md5('staff' || customer_id) LIMIT 120`);
  }, 240_000);
  afterAll(() => bank?.engine.close());

  const full = (extra: Partial<CampaignDefinitionInput> = {}): CampaignDefinitionInput => ({
    name: 'summer wealth',
    channels: ['sms'],
    plannedDate: PLANNED,
    product: 'TD003',
    selection: [{ segmentId: wealthy, priority: 1 }, { segmentId: young, priority: 2 }],
    suppressions: [
      { kind: 'invalid' },
      { kind: 'churned' },
      { kind: 'minors', minAge: 25 },
      { kind: 'staff', source: { table: 'staff_ids', column: 'customer_id' } },
      { kind: 'id_list', source: { segmentId: dnc } },
      { kind: 'holds_product' },
      { kind: 'segment', segmentId: dormant },
      { kind: 'contact_fatigue', days: 200, channel: 'any' },
    ],
    contactPolicy: { maxContacts: { k: 1, days: 400 }, quietDates: [PLANNED] },
    ranking: { by: 'aum_latest', direction: 'desc' },
    caps: { total: 400, perGroup: [{ field: 'branch_id', n: 12 }] },
    control: { seed: SEED, holdout: { percent: 10 }, stratifyBy: ['value_tier'], cells: [{ name: 'A', channel: 'sms', percent: 60 }, { name: 'B', channel: 'phone', percent: 40 }] },
    ...extra,
  });

  /** Each step's condition, written out plainly (DuckDB's own date arithmetic, not the engine's). */
  const reference = `
    SELECT p.customer_id, CAST(coalesce(p.aum_latest, 0) AS DOUBLE) AS aum, p.branch_id, p.value_tier,
      CAST(p.aum_latest AS DOUBLE) AS v, CAST(('0x' || left(md5('${SEED}:' || p.customer_id), 8)) AS BIGINT) AS h,
      [
        p.is_invalid IS TRUE,
        coalesce(p.open_account_count, 0) = 0,
        p.birth_date IS NOT NULL AND p.birth_date + INTERVAL 25 YEAR > DATE '${PLANNED}',
        p.customer_id IN (SELECT customer_id FROM staff_ids),
        p.customer_id IN (SELECT customer_id FROM _sw_segment_members WHERE segment_id = '$DNC'),
        EXISTS (SELECT 1 FROM holdings h WHERE h.customer_id = p.customer_id AND (h.product_code = 'TD003' OR h.product_type = 'TD003') AND (h.end_date IS NULL OR h.end_date >= DATE '${PLANNED}'))
          OR EXISTS (SELECT 1 FROM accounts a WHERE a.customer_id = p.customer_id AND a.product_type = 'TD003' AND (a.close_date IS NULL OR a.close_date > DATE '${PLANNED}')),
        p.is_dormant IS TRUE,
        EXISTS (SELECT 1 FROM contacts c WHERE c.customer_id = p.customer_id AND c.arm IS DISTINCT FROM 'control' AND c.contact_ts >= DATE '${PLANNED}' - INTERVAL 200 DAY AND c.contact_ts < DATE '${PLANNED}' + INTERVAL 1 DAY),
        (SELECT count(*) FROM contacts c WHERE c.customer_id = p.customer_id AND c.arm IS DISTINCT FROM 'control' AND abs(date_diff('day', CAST(c.contact_ts AS DATE), DATE '${CONTACT}')) < 400) >= 1,
        NOT coalesce(regexp_full_match(trim(p.phone), '1[3-9][0-9]{9}'), FALSE)
      ] AS flags
    FROM customer_profile p WHERE p.aum_latest >= 50000 OR p.age BETWEEN 16 AND 35`;

  it('every suppression, the contact policy and channel eligibility remove exactly whom plain SQL says, each at its first step', async () => {
    const { campaigns } = await bank.client.call('campaign.build', { target: { definition: full() } });
    const build = campaigns[0]!;
    expect(build.contactDate).toBe(CONTACT);
    const rows = await bank.rows<{ customer_id: string; flags: boolean[] }>(reference.replace('$DNC', dnc));
    const kinds = ['invalid', 'churned', 'minors', 'staff', 'id_list', 'holds_product', 'segment', 'contact_fatigue', 'contact_policy', 'channel_eligibility'];
    const removed = new Map<string, number>(kinds.map((k) => [k, 0]));
    for (const r of rows) {
      const first = r.flags.findIndex((f) => f === true);
      if (first >= 0) removed.set(kinds[first]!, removed.get(kinds[first]!)! + 1);
    }
    expect(build.waterfall.map((s) => s.kind)).toEqual(['selection', ...kinds, 'cap_group', 'cap_total']);
    expect(build.waterfall[0]!.remaining).toBe(rows.length);
    for (const k of kinds) expect([k, build.waterfall.find((s) => s.kind === k)!.removed]).toEqual([k, removed.get(k)]);
    // The demo bank gives every step something to do, or the test would prove little.
    for (const k of ['invalid', 'minors', 'staff', 'id_list', 'segment', 'contact_fatigue', 'contact_policy', 'channel_eligibility']) expect(removed.get(k)).toBeGreaterThan(0);
    for (let i = 1; i < build.waterfall.length; i++) expect(build.waterfall[i]!.remaining).toBe(build.waterfall[i - 1]!.remaining - build.waterfall[i]!.removed);
  });

  it('caps per branch then in total keep the top customers by AUM (ties by the seeded hash), and ranks follow that order', async () => {
    const list = await bank.client.call('campaign.members', { target: { definition: full() } });
    const got = await bank.rows<{ customer_id: string; rank: bigint }>(`SELECT customer_id, rank FROM scratch.main."${list.table.name}" ORDER BY rank`);
    const expected = await bank.rows<{ customer_id: string }>(`
      WITH r AS (${reference.replace('$DNC', dnc)}),
      alive AS (SELECT * FROM r WHERE NOT list_bool_or(flags)),
      per_branch AS (SELECT *, row_number() OVER (PARTITION BY branch_id ORDER BY v DESC NULLS LAST, h, customer_id) AS bn FROM alive),
      capped AS (SELECT * FROM per_branch WHERE bn <= 12)
      SELECT customer_id FROM capped ORDER BY v DESC NULLS LAST, h, customer_id LIMIT 400`);
    expect(got.map((r) => r.customer_id)).toEqual(expected.map((r) => r.customer_id));
    expect(got.map((r) => Number(r.rank))).toEqual(got.map((_, i) => i + 1));
    expect(list.rowCount).toBe(expected.length);
  });

  it('the stratified holdout keeps 10 % within one customer in every value tier; cells split the treated 60/40', async () => {
    const list = await bank.client.call('campaign.members', { target: { definition: full() } });
    const strata = await bank.rows<{ tier: string | null; n: bigint; control: bigint }>(
      `SELECT p.value_tier AS tier, count(*) AS n, count(*) FILTER (WHERE l.arm = 'control') AS control FROM scratch.main."${list.table.name}" l JOIN customer_profile p USING (customer_id) GROUP BY ALL`,
    );
    expect(strata.length).toBeGreaterThan(1);
    for (const s of strata) expect(Math.abs(Number(s.control) - Number(s.n) * 0.1)).toBeLessThanOrEqual(1);
    const cells = await bank.rows<{ cell: string | null; channel: string | null; n: bigint }>(`SELECT cell, channel, count(*) AS n FROM scratch.main."${list.table.name}" WHERE arm = 'treatment' GROUP BY ALL ORDER BY cell`);
    const treated = cells.reduce((t, c) => t + Number(c.n), 0);
    expect(cells.map((c) => [c.cell, c.channel])).toEqual([['A', 'sms'], ['B', 'phone']]);
    expect(Math.abs(Number(cells[0]!.n) - treated * 0.6)).toBeLessThanOrEqual(1);
  });

  it('the same seed gives the same arms, another seed different ones; the arm is the portable md5 hash', async () => {
    const arms = async (seed: number) => {
      const list = await bank.client.call('campaign.members', { target: { definition: full({ control: { seed, holdout: { percent: 30 } } }) } });
      return new Map((await bank.rows<{ customer_id: string; arm: string }>(`SELECT customer_id, arm FROM scratch.main."${list.table.name}"`)).map((r) => [r.customer_id, r.arm]));
    };
    const a = await arms(7);
    const b = await arms(7);
    const c = await arms(8);
    expect([...a]).toEqual([...b]);
    const differ = [...a].filter(([id, arm]) => c.get(id) !== undefined && c.get(id) !== arm).length;
    expect(differ).toBeGreaterThan(10);
    // Unstratified: control = the 30 % lowest hashes of the list.
    const ids = [...a.keys()];
    const hashes = await bank.rows<{ customer_id: string; h: bigint }>(`SELECT unnest(from_json($ids, '["VARCHAR"]')) AS customer_id, CAST(('0x' || left(md5('7:' || customer_id), 8)) AS BIGINT) AS h`, { ids: JSON.stringify(ids) });
    const ordered = hashes.sort((x, y) => Number(x.h - y.h) || (x.customer_id < y.customer_id ? -1 : 1));
    const k = Math.floor(ids.length * 0.3 + 0.5);
    expect(new Set(ordered.slice(0, k).map((r) => r.customer_id))).toEqual(new Set(ids.filter((id) => a.get(id) === 'control')));
  });

  it('a holdout count keeps exactly that many; stratified, each stratum within one customer', async () => {
    const { campaigns } = await bank.client.call('campaign.build', { target: { definition: full({ control: { seed: 1, holdout: { count: 37 } } }) } });
    expect(campaigns[0]!.arms.filter((a) => a.arm === 'control').reduce((t, a) => t + a.customers, 0)).toBe(37);
  });

  it('channel eligibility: app push needs an app user, an RM visit an RM — as plain SQL says', async () => {
    const selectionOnly = { suppressions: [], caps: { total: null, perGroup: [] }, control: { seed: 1 }, contactPolicy: {} };
    const build = async (channels: CampaignDefinitionInput['channels']) => (await bank.client.call('campaign.build', { target: { definition: full({ ...selectionOnly, channels }) } })).campaigns[0]!;
    const app = await build(['app_push']);
    const [appRef] = await bank.rows<{ n: bigint }>(`SELECT count(*) AS n FROM customer_profile p WHERE (p.aum_latest >= 50000 OR p.age BETWEEN 16 AND 35) AND NOT (p.channel_pref = 'app' OR coalesce(p.txn_count_12m_mobile, 0) > 0)`);
    expect(app.waterfall.find((s) => s.kind === 'channel_eligibility')!.removed).toBe(Number(appRef!.n));
    const rm = await build(['rm_visit']);
    const [rmRef] = await bank.rows<{ n: bigint }>(`SELECT count(*) AS n FROM customer_profile p WHERE (p.aum_latest >= 50000 OR p.age BETWEEN 16 AND 35) AND (p.rm_id IS NULL OR trim(p.rm_id) = '')`);
    expect(rm.waterfall.find((s) => s.kind === 'channel_eligibility')!.removed).toBe(Number(rmRef!.n));
    // Several channels without cells: each customer gets the first they can be reached on.
    const list = await bank.client.call('campaign.members', { target: { definition: full({ ...selectionOnly, channels: ['app_push', 'sms'] }) } });
    const channels = await bank.rows<{ channel: string; n: bigint }>(`SELECT channel, count(*) AS n FROM scratch.main."${list.table.name}" GROUP BY ALL ORDER BY channel`);
    expect(channels.map((c) => c.channel)).toEqual(['app_push', 'sms']);
  });

  it('the staff suppression from a profile field, the id list from a table column', async () => {
    const build = (await bank.client.call('campaign.build', {
      target: { definition: full({ suppressions: [{ kind: 'staff', source: { field: 'is_cadre' } }, { kind: 'id_list', source: { table: 'staff_ids', column: 'customer_id' } }], caps: {}, control: {} }) },
    })).campaigns[0]!;
    const [ref] = await bank.rows<{ staff: bigint; list: bigint }>(`SELECT count(*) FILTER (WHERE is_cadre IS TRUE) AS staff, count(*) FILTER (WHERE is_cadre IS NOT TRUE AND customer_id IN (SELECT customer_id FROM staff_ids)) AS list FROM customer_profile WHERE aum_latest >= 50000 OR age BETWEEN 16 AND 35`);
    expect(build.waterfall.find((s) => s.kind === 'staff')!.removed).toBe(Number(ref!.staff));
    expect(build.waterfall.find((s) => s.kind === 'id_list')!.removed).toBe(Number(ref!.list));
  });

  it('each customer carries the segment of highest priority', async () => {
    const list = await bank.client.call('campaign.members', { target: { definition: full({ suppressions: [], caps: {}, control: {}, selection: [{ segmentId: wealthy, priority: 2 }, { segmentId: young, priority: 1 }] }) } });
    const wrong = await bank.rows<{ n: bigint }>(`SELECT count(*) AS n FROM scratch.main."${list.table.name}" l JOIN customer_profile p USING (customer_id) WHERE l.segment_id <> CASE WHEN p.age BETWEEN 16 AND 35 THEN '${young}' ELSE '${wealthy}' END`);
    expect(Number(wrong[0]!.n)).toBe(0);
  });

  it('bad input: cells not summing to 100, a deleted segment — each named', async () => {
    await expect(bank.client.call('campaign.build', { target: { definition: full({ control: { cells: [{ name: 'A', channel: 'sms', percent: 60 }, { name: 'B', channel: 'phone', percent: 30 }] } }) } })).rejects.toMatchObject({
      messageKey: 'error.CAMPAIGN_CELLS_NOT_100',
      details: { sum: 90 },
    });
    const gone = (await bank.client.call('segment.save', { name: 'soon gone', description: '', owner: '', rule: { kind: 'field', id: 'x', field: 'age', op: '>=', value: 70 } })).id;
    await bank.client.call('segment.delete', { id: gone });
    await expect(bank.client.call('campaign.build', { target: { definition: full({ selection: [{ segmentId: gone, priority: 1 }] }) } })).rejects.toMatchObject({
      messageKey: 'error.CAMPAIGN_SEGMENT_MISSING',
      details: { segment: gone },
    });
  });
});
