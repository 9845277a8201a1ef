import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { captureCli } from '../support/cli-capture';
import { experimentCommand, modelCommand } from '../../src/cli/commands/model-command';
import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-cli-model-'));
const workspace = path.join(dir, 'w.duckdb');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const engine = await Engine.open({ path: workspace, threads: 2, memoryLimit: '1GB' });
  const client = engine.connectClient();
  await client.call('demo.generate', { customers: 3000, months: 12, seed: 5, direct: true });
  await client.call('profile.build', {});
  engine.close();
}, 120_000);


it('model train FILE.json prints the metrics, deciles and coefficients; --json gives the model card', async () => {
  const spec = path.join(dir, 'resp.json');
  fs.writeFileSync(spec, JSON.stringify({ name: 'resp', label: { kind: 'response', withinDays: 14 }, split: { kind: 'random', testShare: 0.3, seed: 1 } }));
  const trained = await captureCli(modelCommand, ['train', spec, '--workspace', workspace]);
  expect(trained.code).toBe(0);
  expect(trained.stdout).toMatch(/resp v1 \(response\)/);
  expect(trained.stdout).toMatch(/test: AUC 0\.\d{4}/);
  expect(trained.stdout).toContain('log1p_aum_latest');
  const again = await captureCli(modelCommand, ['train', spec, '--json', '--workspace', workspace]);
  const card = JSON.parse(again.stdout) as { version: number; coefficients: unknown[] };
  expect(card.version).toBe(2);
  expect(card.coefficients.length).toBeGreaterThan(10);
}, 180_000);

it('model score NAME writes score_NAME for every customer; model cutoff saves a segment', async () => {
  const scored = await captureCli(modelCommand, ['score', 'resp', '--workspace', workspace]);
  expect(scored.code).toBe(0);
  expect(scored.stdout).toMatch(/^3,000 customers scored into customer_profile\.score_resp \(model v2/);
  const cutoff = path.join(dir, 'cut.json');
  fs.writeFileSync(cutoff, JSON.stringify({ by: 'capacity', topN: 300 }));
  const cut = await captureCli(modelCommand, ['cutoff', 'resp', cutoff, '--segment', 'top 300', '--workspace', workspace]);
  expect(cut.code).toBe(0);
  expect(cut.stdout).toMatch(/^300 of 3,000 customers/);
  expect(cut.stdout).toContain('saved as static segment "top 300"');
});

it('experiment report prints the arms, the uplift with its interval and the SRM check; a wrong name is a clear error', async () => {
  const engine = await Engine.open({ path: workspace, threads: 2, memoryLimit: '1GB' });
  const [row] = await engine.workspace.withSession(detachedContext(), (s) => s.rows<{ c: string }>('SELECT min(campaign_id) AS c FROM contacts'));
  engine.close();
  const report = await captureCli(experimentCommand, ['report', row!.c, '--planned', 'treatment=0.8,control=0.2', '--by', 'value_tier', '--workspace', workspace]);
  expect(report.code).toBe(0);
  expect(report.stdout).toMatch(/treatment\s+\d+ customers/);
  expect(report.stdout).toMatch(/uplift -?\d+\.\d\d pp \[/);
  expect(report.stdout).toMatch(/sample ratio: χ² /);
  expect(report.stdout).toContain('by value_tier:');
  const missing = await captureCli(experimentCommand, ['report', 'NO-SUCH', '--workspace', workspace]);
  expect(missing.code).toMatchObject({ code: 'NOT_FOUND', messageKey: 'error.EXPERIMENT_NO_CONTACTS' });
  const size = await captureCli(experimentCommand, ['size', '--baseline', '0.05', '--uplift', '0.01']);
  expect(size.stdout).toBe('treatment 8,158, control 8,158, total 16,316 customers\n');
});
