import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { captureCli } from '../support/cli-capture';
import { lifecycleCommand } from '../../src/cli/commands/lifecycle-command';
import { retentionCommand } from '../../src/cli/commands/retention-command';
import { survivalCommand } from '../../src/cli/commands/survival-command';
import { Engine } from '../../src/engine/engine';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-cli-churn-'));
const workspace = path.join(dir, 'w.duckdb');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const engine = await Engine.open({ path: workspace, threads: 2, memoryLimit: '1GB' });
  const client = engine.connectClient();
  await client.call('demo.generate', { customers: 800, months: 12, seed: 5, direct: true });
  await client.call('profile.build', {});
  engine.close();
}, 120_000);


function writeJson(name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
}

it('survival FILE.json prints curves by group, the at-risk table and the log-rank test; --json gives the result', async () => {
  const file = writeJson('survival.json', { churn: { id: 'accounts_closed' }, groupBy: { kind: 'age_band' }, months: [3, 6, 12] });
  const text = await captureCli(survivalCommand, [file, '--workspace', workspace]);
  expect(text.code).toBe(0);
  expect(text.stdout).toContain('Greenwood variance, log-log transform');
  expect(text.stdout).toMatch(/18-29\s+│\s+\d+/);
  expect(text.stdout).toContain('Number at risk');
  expect(text.stdout).toMatch(/Log-rank test: χ² = [\d.]+, df = 3, p = /);
  const json = await captureCli(survivalCommand, [file, '--json', '--workspace', workspace]);
  const result = JSON.parse(json.stdout) as { groups: Array<{ key: string; curve: { customers: number } }>; logRank: { df: number } };
  expect(result.groups.map((g) => g.key)).toEqual(['18-29', '30-44', '45-59', '60+']);
  expect(result.groups.reduce((s, g) => s + g.curve.customers, 0)).toBe(800);
  expect(result.logRank.df).toBe(3);
});

it('retention and lifecycle FILE.json print their tables; --json their results', async () => {
  const retention = writeJson('retention.json', { cohorts: 4, periods: 3, mode: 'on_or_after' });
  const r = await captureCli(retentionCommand, [retention, '--workspace', workspace]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('"on or after"');
  expect(r.stdout).toMatch(/2026-03-01\s+│/);
  const rj = JSON.parse((await captureCli(retentionCommand, [retention, '--json', '--workspace', workspace])).stdout) as { rows: Array<{ retained: Array<number | null> }> };
  expect(rj.rows).toHaveLength(4);
  expect(rj.rows[3]!.retained.slice(1)).toEqual([null, null, null]);

  const lifecycle = writeJson('lifecycle.json', { periods: 6 });
  const l = await captureCli(lifecycleCommand, [lifecycle, '--workspace', workspace]);
  expect(l.code).toBe(0);
  expect(l.stdout).toMatch(/period\s+│\s+new\s+│\s+returning\s+│\s+resurrecting\s+│\s+dormant/);
  const lj = JSON.parse((await captureCli(lifecycleCommand, [lifecycle, '--json', '--workspace', workspace])).stdout) as { rows: Array<{ dormant: number }> };
  expect(lj.rows).toHaveLength(6);
  expect(lj.rows.every((row) => row.dormant <= 0)).toBe(true);
});

it('a file with invalid parameters is refused with the field that is wrong', async () => {
  const bad = writeJson('bad.json', { groupBy: { kind: 'shoe_size' } });
  const out = await captureCli(survivalCommand, [bad, '--workspace', workspace]);
  expect(out.code).toBeInstanceOf(Error);
  expect(String((out.code as Error).message)).toContain('groupBy');
});
