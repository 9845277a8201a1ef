import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { captureCli } from '../support/cli-capture';
import { campaignCommand } from '../../src/cli/commands/campaign-command';
import { Engine } from '../../src/engine/engine';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-cli-campaign-'));
const workspace = path.join(dir, 'w.duckdb');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let wealthy = '';
let broad = '';

beforeAll(async () => {
  const engine = await Engine.open({ path: workspace, threads: 2, memoryLimit: '1GB' });
  const client = engine.connectClient();
  await client.call('demo.generate', { customers: 2000, months: 12, seed: 5, direct: true });
  await client.call('profile.build', {});
  wealthy = (await client.call('segment.save', { name: 'wealthy', description: '', owner: '', rule: { kind: 'field', id: 'a', field: 'aum_latest', op: '>=', value: 80_000 } })).id;
  broad = (await client.call('segment.save', { name: 'broad', description: '', owner: '', rule: { kind: 'field', id: 'b', field: 'aum_latest', op: '>=', value: 10_000 } })).id;
  engine.close();
}, 120_000);

const definition = (name: string, segmentId: string, priority: number) => ({
  name,
  channels: ['sms'],
  plannedDate: '2026-07-10',
  priority,
  selection: [{ segmentId }],
  suppressions: [{ kind: 'invalid' }],
  control: { holdout: { percent: 10 } },
});

it('campaign build FILE.json prints the waterfall and arms of each campaign of the file, built together; --json gives the builds', async () => {
  const file = path.join(dir, 'two.json');
  fs.writeFileSync(file, JSON.stringify([definition('low', broad, 2), definition('high', wealthy, 1)]));
  const printed = await captureCli(campaignCommand, ['build', file, '--workspace', workspace]);
  expect(printed.code).toBe(0);
  expect(printed.stdout).toMatch(/campaign low: [\d,]+ customers, contact date 2026-07-10/);
  expect(printed.stdout).toMatch(/priority · taken by a higher-priority campaign/);
  expect(printed.stdout).toMatch(/control\s+sms?\s*[\d,]+|control\s+[\d,]+/);
  const json = await captureCli(campaignCommand, ['build', file, '--json', '--workspace', workspace]);
  const { campaigns } = JSON.parse(json.stdout) as { campaigns: Array<{ name: string; members: number; waterfall: Array<{ kind: string; removed: number }> }> };
  expect(campaigns.map((c) => c.name)).toEqual(['low', 'high']);
  expect(campaigns[0]!.waterfall.find((s) => s.kind === 'priority')!.removed).toBe(campaigns[1]!.members);
}, 120_000);

it('campaign finalise FILE.json saves, finalises and says how many contacts it wrote; a second time it is refused', async () => {
  const file = path.join(dir, 'one.json');
  fs.writeFileSync(file, JSON.stringify({ ...definition('wave', wealthy, 1), id: 'wave-1' }));
  const done = await captureCli(campaignCommand, ['finalise', file, '--workspace', workspace]);
  expect(done.code).toBe(0);
  expect(done.stdout).toMatch(/campaign wave \(wave-1\) is final \(version 2\): [\d,]+ planned contacts written, members frozen in seg_/);
  const again = await captureCli(campaignCommand, ['finalise', file, '--workspace', workspace]);
  expect(again.code).toMatchObject({ messageKey: 'error.CAMPAIGN_FINAL' });
}, 120_000);

it('a file that is not a campaign is named with what is wrong', async () => {
  const file = path.join(dir, 'bad.json');
  fs.writeFileSync(file, JSON.stringify({ name: 'x', channels: [], plannedDate: '2026-07-10', selection: [] }));
  const bad = await captureCli(campaignCommand, ['build', file, '--workspace', workspace]);
  expect(bad.code).toMatchObject({ messageKey: 'error.CLI_BAD_FILE' });
});
