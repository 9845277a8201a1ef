import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { segmentCommand } from '../../src/cli/commands/segment-command';
import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-cli-segment-'));
const workspace = path.join(dir, 'w.duckdb');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const engine = await Engine.open({ path: workspace, threads: 2, memoryLimit: '1GB' });
  const client = engine.connectClient();
  await client.call('demo.generate', { customers: 500, months: 12, seed: 3 });
  await client.call('profile.build', {});
  engine.close();
});

async function capture(argv: string[]): Promise<{ code: number | unknown; stdout: string }> {
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await segmentCommand(argv).catch((e: unknown) => e), stdout };
  } finally {
    spy.mockRestore();
    err.mockRestore();
  }
}

it('count, sql --dialect spark and members --out (masked unless --unmasked) from a rule file', async () => {
  const file = path.join(dir, 'rule.json');
  fs.writeFileSync(file, JSON.stringify({ kind: 'and', children: [
    { kind: 'field', id: 'age', field: 'age', op: '>=', value: 30 },
    { kind: 'field', id: 'city', field: 'city', op: 'not_in', values: ["O'Brien\\"] },
  ] }));
  const count = await capture(['count', file, '--workspace', workspace]);
  expect(count.code).toBe(0);
  expect(count.stdout).toMatch(/^\d[\d,]* of 500 customers/);
  expect(count.stdout).toContain('after city:');

  const sql = await capture(['sql', file, '--dialect', 'spark', '--workspace', workspace]);
  expect(sql.code).toBe(0);
  expect(sql.stdout).toContain("NOT IN ('O\\'Brien\\\\')");
  // Self-contained: the profile is computed in the WITH clause from the canonical tables.
  expect(sql.stdout).toMatch(/WITH _p_base AS[\s\S]*customer_profile AS \(/);
  expect(sql.stdout).toContain('FROM `transactions`');

  const masked = path.join(dir, 'm.csv');
  expect((await capture(['members', file, '--out', masked, '--workspace', workspace])).code).toBe(0);
  const plain = path.join(dir, 'u.csv');
  expect((await capture(['members', file, '--out', plain, '--unmasked', '--reason', 'segment CLI test', '--workspace', workspace])).code).toBe(0);
  const [mh, m1] = fs.readFileSync(masked, 'utf8').split('\n');
  const [uh, u1] = fs.readFileSync(plain, 'utf8').split('\n');
  expect(mh).toBe(uh);
  const phone = mh!.split(',').indexOf('phone');
  expect(phone).toBeGreaterThanOrEqual(0);
  expect(m1!.split(',')[phone]).not.toBe(u1!.split(',')[phone]);
  const lines = fs.readFileSync(masked, 'utf8').trim().split('\n').length - 1;
  expect(count.stdout.startsWith(lines.toLocaleString('en'))).toBe(true);

  const bad = await capture(['sql', file, '--dialect', 'oracle', '--workspace', workspace]);
  expect((bad.code as { message: string }).message).toMatch(/--dialect/);
});

it('from-ids makes a static segment from a file of IDs, sent to the engine as an upload', async () => {
  const engine = await Engine.open({ path: workspace, threads: 2, memoryLimit: '1GB' });
  const rows = await engine.workspace.withSession(detachedContext(), (s) => s.rows<{ customer_id: string }>('SELECT customer_id FROM customers ORDER BY customer_id LIMIT 3'));
  engine.close();
  const ids = rows.map((row) => row.customer_id);
  expect(ids).toHaveLength(3);
  const file = path.join(dir, 'ids.txt');
  fs.writeFileSync(file, ['customer_id', ...ids, ids[0], 'NOPE-1'].join('\r\n'));
  const out = await capture(['from-ids', file, '--name', 'from file', '--workspace', workspace]);
  expect(out.code).toBe(0);
  expect(out.stdout).toMatch(/^from file \(\S+\): 3 of 4 distinct IDs matched; 1 not found, 1 given more than once/);
  expect(out.stdout).toContain('NOPE-1');
  expect(((await capture(['from-ids', file, '--workspace', workspace])).code as { message: string }).message).toMatch(/--name/);
});
