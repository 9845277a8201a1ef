import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { generateDemoBank } from '../../src/engine/demo/generate-demo-bank';
import { detachedContext } from '../../src/engine/jobs/job-context';
import type { EngineClient } from '../../src/shared/engine-client';
import type { ActivityCondition, SegmentNode } from '../../src/shared/segment-types';

/**
 * "No transactions in N months" on the demo bank (real DuckDB): counting the customer's own
 * transactions (the default of a new condition, the dormant rule's definition) or every posting.
 * The demo bank keeps posting interest and fees to customers who went quiet (DEMO-BANK.md §2),
 * so the two choices differ by exactly those customers; each count is checked against SQL written
 * here on the transactions table.
 */
describe('behaviour conditions: customer-initiated transactions or all postings', () => {
  let engine: Engine;
  let client: EngineClient;
  let asOf = '';
  const rows = <T extends Record<string, unknown>>(sql: string, params?: Record<string, string | number | boolean>) =>
    engine.workspace.withSession(detachedContext(), (s) => s.rows<T>(sql, params));
  const count = async (rule: SegmentNode) => (await client.call('segment.count', { rule })).count;
  const none = (months: number, postings?: ActivityCondition['postings']): SegmentNode => ({
    kind: 'activity',
    source: 'transactions',
    filters: [],
    window: { lastMonths: months },
    measure: { fn: 'count', op: '=', value: 0 },
    scope: 'customer',
    ...(postings ? { postings } : {}),
  });
  /** Profile customers with no transaction dated after as-of − N months (day precision, as windows are) up to the as-of day. */
  const reference = async (months: number, customerOnly: boolean) => {
    const [r] = await rows<{ n: bigint }>(
      `SELECT count(*) AS n FROM customer_profile p WHERE NOT EXISTS (
         SELECT 1 FROM transactions t WHERE t.customer_id = p.customer_id
           AND CAST(t.ts AS DATE) > CAST($asOf AS DATE) - to_months(CAST($months AS INTEGER)) AND CAST(t.ts AS DATE) <= CAST($asOf AS DATE)
           ${customerOnly ? "AND coalesce(t.txn_type, '') NOT IN ('fee', 'interest')" : ''})`,
      { asOf, months },
    );
    return Number(r!.n);
  };

  beforeAll(async () => {
    engine = await Engine.open({ path: ':memory:', threads: 2, memoryLimit: '2GB' });
    await engine.workspace.withSession(detachedContext(), (s) => generateDemoBank(s, { customers: 2000, months: 24, seed: 7 }));
    client = engine.connectClient();
    await client.call('profile.build', {});
    asOf = (await client.call('segment.count', { rule: { kind: 'all' } })).asOf;
  });
  afterAll(() => engine.close());

  it('counts the customer-initiated ones as the dormant rule does; all postings leave out the quiet customers the bank still posts to', async () => {
    for (const months of [3, 6]) {
      const customerInitiated = await count(none(months, 'customer_initiated'));
      const all = await count(none(months, 'all'));
      expect(customerInitiated).toBe(await reference(months, true));
      expect(all).toBe(await reference(months, false));
      // Interest and fees alone keep a quiet customer "active" when every posting counts.
      expect(customerInitiated).toBeGreaterThan(all);
      const [quiet] = await rows<{ n: bigint }>(
        `SELECT count(DISTINCT t.customer_id) AS n FROM transactions t WHERE t.txn_type IN ('fee', 'interest')
           AND CAST(t.ts AS DATE) > CAST($asOf AS DATE) - to_months(CAST($months AS INTEGER)) AND CAST(t.ts AS DATE) <= CAST($asOf AS DATE)
           AND t.customer_id NOT IN (SELECT customer_id FROM transactions WHERE txn_type NOT IN ('fee', 'interest') AND customer_id IS NOT NULL
             AND CAST(ts AS DATE) > CAST($asOf AS DATE) - to_months(CAST($months AS INTEGER)) AND CAST(ts AS DATE) <= CAST($asOf AS DATE))`,
        { asOf, months },
      );
      expect(customerInitiated - all).toBe(Number(quiet!.n));
    }
  });

  it('"no customer-initiated transaction in 6 months" finds the dormant customers', async () => {
    const [dormant] = await rows<{ n: bigint }>('SELECT count(*) AS n FROM customer_profile WHERE is_dormant');
    const both = await count({ kind: 'and', children: [none(6, 'customer_initiated'), { kind: 'field', field: 'is_dormant', op: '=', value: true }] });
    const condition = await count(none(6, 'customer_initiated'));
    // The same customers (the dormant rule compares timestamps, windows days: only a last own
    // transaction on the boundary day itself could tell them apart, and this bank has none).
    expect(condition).toBe(Number(dormant!.n));
    expect(both).toBe(condition);
    expect(await count(none(6, 'all'))).toBeLessThan(condition);
  });

  it('a condition saved without the option keeps its old meaning: every posting', async () => {
    expect(await count(none(6))).toBe(await count(none(6, 'all')));
    // "At least 2 in 3 months" differs too: the bank's postings do not make a customer active.
    const atLeast = (postings: ActivityCondition['postings']): SegmentNode => ({ ...(none(3, postings) as ActivityCondition), measure: { fn: 'count', op: '>=', value: 2 } });
    expect(await count(atLeast('customer_initiated'))).toBeLessThan(await count(atLeast('all')));
  });

  it('the exported SQL carries the choice', async () => {
    const sql = await client.call('segment.sql', { rule: none(6, 'customer_initiated') });
    expect(JSON.stringify(sql)).toMatch(/NOT IN \('fee', 'interest'\)/);
  });
});
