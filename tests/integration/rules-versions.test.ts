import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { generateDemoBank } from '../../src/engine/demo/generate-demo-bank';
import type { EngineClient } from '../../src/shared/engine-client';

describe('rules: preview, save, versions', () => {
  let engine: Engine;
  let client: EngineClient;
  const count = async (sql: string) =>
    Number((await engine.workspace.withSession(detachedContext(), (s) => s.rows<{ n: bigint }>(sql)))[0]!.n);

  beforeAll(async () => {
    engine = await Engine.open({ path: ':memory:', threads: 2, memoryLimit: '1GB' });
    await engine.workspace.withSession(detachedContext(), (s) => generateDemoBank(s, { customers: 2000, months: 24, seed: 3 }));
    client = engine.connectClient();
  });
  afterAll(() => engine.close());

  it('refuses a preview before the profile exists', async () => {
    await expect(client.call('rules.preview', { rule: 'dormant', definition: { windowMonths: 6 } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await client.call('profile.summary', {})).asOf).toBeNull();
  });

  it('lists the defaults as version 0 with a description in both languages', async () => {
    await client.call('profile.build', {});
    const rules = await client.call('rules.list', {});
    expect(rules.map((r) => [r.rule, r.version])).toEqual([['invalid', 0], ['dormant', 0], ['value_tier', 0], ['lifecycle', 0]]);
    expect(rules[0]!.description.zh).toContain('100');
    expect(rules[3]!.categories.map((c) => c.value)).toEqual(['prospect', 'churned', 'new', 'resurrected', 'dormant', 'loyal', 'active']);
  });

  it('preview counts agree with a hand-written count and move with the parameter', async () => {
    for (const months of [3, 6, 9, 12]) {
      const preview = await client.call('rules.preview', { rule: 'dormant', definition: { windowMonths: months } });
      const expected = await count(
        `SELECT count(*) AS n FROM customer_profile c WHERE NOT EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = c.customer_id
           AND t.txn_type NOT IN ('fee', 'interest') AND t.ts > DATE '2026-06-30' - INTERVAL ${months} MONTH)`,
      );
      expect(preview.count).toBe(expected);
    }
    const a = await client.call('rules.preview', { rule: 'invalid', definition: { maxAum: 100, windowMonths: 12 } });
    const b = await client.call('rules.preview', { rule: 'invalid', definition: { maxAum: 1000, windowMonths: 12 } });
    expect(b.count).toBeGreaterThanOrEqual(a.count);
    expect(a.share).toBeCloseTo(a.count / 2000, 10);
  });

  it('saving makes a new version, keeps the history and re-applies the rule to the profile', async () => {
    const saved = await client.call('rules.save', { rule: 'dormant', definition: { windowMonths: 3 } });
    expect(saved.version).toBe(1);
    const preview3 = await client.call('rules.preview', { rule: 'dormant', definition: { windowMonths: 3 } });
    expect((await client.call('profile.summary', {})).dormant).toBe(preview3.count);
    const second = await client.call('rules.save', { rule: 'dormant', definition: { windowMonths: 6 } });
    expect(second.version).toBe(2);
    const history = await client.call('rules.history', { rule: 'dormant' });
    expect(history.map((h) => [h.version, h.definition.windowMonths])).toEqual([[2, 6], [1, 3]]);
    const listed = await client.call('rules.list', {});
    expect(listed.find((r) => r.rule === 'dormant')).toMatchObject({ version: 2, definition: { windowMonths: 6 } });
    // A rebuild uses the saved rules.
    await client.call('rules.save', { rule: 'value_tier', definition: { method: 'thresholds', vipMin: 1_000_000, potentialMin: 100_000 } });
    await client.call('profile.build', {});
    expect(await count(`SELECT count(*) AS n FROM customer_profile WHERE value_tier = 'vip'`)).toBe(await count(`SELECT count(*) AS n FROM customer_profile WHERE aum_latest >= 1000000`));
  });

  it('refuses an invalid definition at the boundary', async () => {
    await expect(client.call('rules.save', { rule: 'dormant', definition: { windowMonths: -1 } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('user tags: save, count, list, delete; built-ins are read-only', async () => {
    const tag = await client.call('tags.save', {
      nameZh: '高龄代发', nameEn: 'Older payroll', owner: 'analyst',
      definition: { kind: 'and', children: [{ kind: 'field', field: 'payroll_flag', op: '=', value: true }, { kind: 'field', field: 'age', op: '>=', value: 50 }] },
    });
    expect(tag.id).toBe('user:older_payroll');
    expect(tag.memberCount).toBe(await count(`SELECT count(*) AS n FROM customer_profile WHERE payroll_flag AND age >= 50`));
    expect((await client.call('tags.list', { search: 'older payroll' })).map((t) => t.id)).toEqual(['user:older_payroll']);
    await expect(client.call('tags.delete', { id: 'payroll' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(client.call('tags.save', { nameZh: 'x', nameEn: 'x', definition: { kind: 'field', field: 'no_such', op: '=', value: 1 } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await client.call('tags.delete', { id: tag.id })).toEqual({ deleted: true });
  });
});
