import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignDefinitionInput } from '../../src/shared/campaign-types';
import { openCampaignBank } from '../support/campaign-bank';

type Bank = Awaited<ReturnType<typeof openCampaignBank>>;

/** Saved campaigns with versions, priority waterfalls of campaigns built together, finalising into `contacts`. */
describe('campaign lifecycle on the demo bank', () => {
  let bank: Bank;
  let wealthy: string;
  let broad: string;

  beforeAll(async () => {
    bank = await openCampaignBank(3000);
    wealthy = (await bank.client.call('segment.save', { name: 'wealthy', description: '', owner: '', rule: { kind: 'field', id: 'a', field: 'aum_latest', op: '>=', value: 80_000 } })).id;
    broad = (await bank.client.call('segment.save', { name: 'broad', description: '', owner: '', rule: { kind: 'field', id: 'b', field: 'aum_latest', op: '>=', value: 20_000 } })).id;
  }, 240_000);
  afterAll(() => bank?.engine.close());

  const def = (name: string, segmentId: string, extra: Partial<CampaignDefinitionInput> = {}): CampaignDefinitionInput => ({
    name,
    channels: ['sms'],
    plannedDate: '2026-07-10',
    selection: [{ segmentId, priority: 1 }],
    control: { seed: 11, holdout: { percent: 20 } },
    ...extra,
  });

  it('saves versions with what changed, lists and deletes drafts', async () => {
    const v1 = await bank.client.call('campaign.save', { definition: def('draft one', wealthy) });
    expect(v1).toMatchObject({ version: 1, status: 'draft' });
    const v2 = await bank.client.call('campaign.save', { definition: { ...def('draft one', wealthy, { plannedDate: '2026-07-20', suppressions: [{ kind: 'invalid' }] }), id: v1.id } });
    expect(v2.version).toBe(2);
    const history = await bank.client.call('campaign.history', { id: v1.id });
    expect(history.map((h) => h.version)).toEqual([2, 1]);
    expect(history[0]!.changes).toEqual(expect.arrayContaining(['planned date changed from 2026-07-10 to 2026-07-20', expect.stringContaining('suppressions changed')]));
    expect(history[1]!.changes).toEqual(['created']);
    expect((await bank.client.call('campaign.list', { search: 'draft one' })).map((c) => c.id)).toEqual([v1.id]);
    expect(await bank.client.call('campaign.delete', { id: v1.id })).toEqual({ deleted: true });
    await expect(bank.client.call('campaign.get', { id: v1.id })).rejects.toMatchObject({ messageKey: 'error.CAMPAIGN_NOT_FOUND' });
  });

  it('built together, a customer in both goes only to the higher-priority campaign (its list: treatment and control)', async () => {
    const high = await bank.client.call('campaign.save', { definition: def('high', wealthy, { priority: 1 }) });
    const low = await bank.client.call('campaign.save', { definition: def('low', broad, { priority: 2 }) });
    const { campaigns } = await bank.client.call('campaign.build', { target: { id: low.id }, together: [high.id] });
    expect(campaigns.map((c) => c.campaignId)).toEqual([low.id, high.id]);
    const [lowBuild, highBuild] = campaigns as [(typeof campaigns)[number], (typeof campaigns)[number]];
    const priority = lowBuild.waterfall.find((s) => s.kind === 'priority')!;
    expect(priority.removed).toBe(highBuild.members);
    const [both] = await bank.rows<{ n: bigint }>(`SELECT count(*) AS n FROM customer_profile WHERE aum_latest >= 20000`);
    expect(lowBuild.members + highBuild.members).toBe(Number(both!.n));
    expect(highBuild.waterfall.some((s) => s.kind === 'priority')).toBe(false);
  });

  it('finalising writes the planned contacts; a second campaign’s contact fatigue removes exactly those customers; a final campaign refuses edits', async () => {
    const first = await bank.client.call('campaign.save', { definition: def('first wave', wealthy, { contactPolicy: { quietDates: ['2026-07-10', '2026-07-11'] } }) });
    const [before] = await bank.rows<{ n: bigint }>(`SELECT count(*) AS n FROM contacts`);
    const result = await bank.client.call('campaign.finalise', { id: first.id });
    expect(result.campaign).toMatchObject({ status: 'final', snapshotSegmentId: result.snapshotSegmentId });
    const written = await bank.rows<{ customer_id: string; arm: string; channel: string | null; day: string }>(
      `SELECT customer_id, arm, channel, strftime(contact_ts, '%Y-%m-%d') AS day FROM contacts WHERE campaign_id = $id`,
      { id: first.id },
    );
    const [after] = await bank.rows<{ n: bigint }>(`SELECT count(*) AS n FROM contacts`);
    expect(Number(after!.n) - Number(before!.n)).toBe(result.contactsWritten);
    expect(written.length).toBe(result.contactsWritten);
    expect(new Set(written.map((w) => w.day))).toEqual(new Set(['2026-07-12']));
    const treated = written.filter((w) => w.arm === 'treatment');
    expect(treated.length).toBeGreaterThan(0);
    expect(written.some((w) => w.arm === 'control')).toBe(true);
    // The frozen members are a static segment with exactly the list's customers.
    const snapshot = await bank.client.call('segment.get', { id: result.snapshotSegmentId });
    expect(snapshot.kind).toBe('static');
    expect(snapshot.static?.members).toBe(result.contactsWritten);

    // Same customers, a later date, fatigue over 30 days: exactly the treated of the first wave go.
    const second = def('second wave', wealthy, { plannedDate: '2026-07-20', suppressions: [{ kind: 'contact_fatigue', days: 30, channel: 'any' }] });
    const { campaigns } = await bank.client.call('campaign.build', { target: { definition: second } });
    const fatigue = campaigns[0]!.waterfall.find((s) => s.kind === 'contact_fatigue')!;
    const [earlier] = await bank.rows<{ n: bigint }>(
      `SELECT count(DISTINCT customer_id) AS n FROM contacts WHERE arm IS DISTINCT FROM 'control' AND contact_ts >= DATE '2026-06-20' AND contact_ts < DATE '2026-07-21' AND customer_id IN (SELECT customer_id FROM customer_profile WHERE aum_latest >= 80000)`,
    );
    expect(Number(earlier!.n)).toBe(treated.length);
    expect(fatigue.removed).toBe(treated.length);
    const list = await bank.client.call('campaign.members', { target: { definition: second } });
    const [overlap] = await bank.rows<{ n: bigint }>(`SELECT count(*) AS n FROM scratch.main."${list.table.name}" WHERE customer_id IN (SELECT customer_id FROM contacts WHERE campaign_id = '${first.id}' AND arm = 'treatment')`);
    expect(Number(overlap!.n)).toBe(0);

    await expect(bank.client.call('campaign.save', { definition: { ...def('first wave', wealthy), id: first.id } })).rejects.toMatchObject({ messageKey: 'error.CAMPAIGN_FINAL' });
    await expect(bank.client.call('campaign.finalise', { id: first.id })).rejects.toMatchObject({ messageKey: 'error.CAMPAIGN_FINAL' });
    await expect(bank.client.call('campaign.delete', { id: first.id })).rejects.toMatchObject({ messageKey: 'error.CAMPAIGN_FINAL' });
  });
});
