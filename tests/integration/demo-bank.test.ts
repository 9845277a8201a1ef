import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../src/engine/workspace';
import { detachedContext, type JobContext } from '../../src/engine/jobs/job-context';
import { CancellationToken } from '../../src/engine/jobs/cancellation';
import { DEMO_TABLES, generateDemoBank, type DemoBankOptions } from '../../src/engine/demo/generate-demo-bank';
import { readDemoTruth, type DemoTruth } from '../../src/engine/demo/demo-truth';
import { listTables } from '../../src/engine/tables/table-catalog';

const OPTIONS: DemoBankOptions = { customers: 5000, months: 24, seed: 7 };
const AS_OF = '2026-06-30';

async function generate(options: DemoBankOptions): Promise<Workspace> {
  const ws = await Workspace.open({ path: ':memory:' });
  await ws.withSession(detachedContext(), (s) => generateDemoBank(s, options));
  return ws;
}

function query<T extends Record<string, unknown>>(ws: Workspace, sql: string): Promise<T[]> {
  return ws.withSession(detachedContext(), (s) => s.rows<T>(sql));
}

/** Order-independent content checksum of every demo table. */
async function checksums(ws: Workspace): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of DEMO_TABLES) {
    const [row] = await query<{ n: bigint; h: bigint }>(ws, `SELECT count(*) AS n, sum(hash(t)) AS h FROM ${table} t`);
    out[table] = `${row?.n}:${row?.h}`;
  }
  return out;
}

/** GB 11643: ISO 7064 MOD 11-2 check character of a resident ID number. */
function idCheckCharacter(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, digit, k) => acc + Number(digit) * (weights[k] ?? 0), 0);
  return '10X98765432'[sum % 11] ?? '?';
}

describe('demo bank generator', () => {
  let ws: Workspace;
  let truth: DemoTruth;

  beforeAll(async () => {
    ws = await generate(OPTIONS);
    const read = await ws.withSession(detachedContext(), (s) => readDemoTruth(s));
    if (!read) throw new Error('no truth written');
    truth = read;
  });
  afterAll(() => ws?.close());

  it('is deterministic for a seed and differs between seeds', async () => {
    const again = await generate(OPTIONS);
    const other = await generate({ ...OPTIONS, seed: 8 });
    try {
      const first = await checksums(ws);
      expect(await checksums(again)).toEqual(first);
      const different = await checksums(other);
      for (const table of DEMO_TABLES) expect(different[table], table).not.toEqual(first[table]);
    } finally {
      again.close();
      other.close();
    }
  });

  it('ends on the fixed as-of date and keeps hidden work tables out of the catalogue', async () => {
    const [row] = await query<{ d: string }>(ws, `SELECT max(ts)::DATE::VARCHAR AS d FROM transactions`);
    expect(row?.d).toBe(AS_OF);
    expect(truth.calendar.asOf).toBe(AS_OF);
    const tables = await ws.withSession(detachedContext(), (s) => listTables(s));
    expect(tables.map((t) => t.name).sort()).toEqual([...DEMO_TABLES].sort());
  });

  it('holds about 70 % of accounts at ≤ 100 yuan', async () => {
    const [row] = await query<{ share: number }>(ws, `SELECT avg((balance <= 100)::INTEGER) AS share FROM accounts`);
    expect(row?.share).toBeGreaterThan(0.66);
    expect(row?.share).toBeLessThan(0.74);
    expect(truth.counts.smallAccountShare).toBeCloseTo(row?.share ?? 0, 10);
  });

  it('writes valid resident ID numbers, consistent with birth date and gender, some ending in X', async () => {
    const rows = await query<{ id_number: string; birth: string; gender: string; phone: string; name: string }>(
      ws,
      `SELECT id_number, strftime(birth_date, '%Y%m%d') AS birth, gender, phone, name FROM customers`,
    );
    let endsInX = 0;
    for (const row of rows) {
      expect(row.id_number).toMatch(/^\d{17}[\dX]$/);
      expect(row.id_number.slice(17)).toBe(idCheckCharacter(row.id_number.slice(0, 17)));
      expect(row.id_number.slice(6, 14)).toBe(row.birth);
      expect(Number(row.id_number[16]) % 2 === 1 ? '男' : '女').toBe(row.gender);
      expect(row.phone).toMatch(/^1(3\d|5[0-35-9]|77|8\d|99)\d{8}$/);
      expect(row.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
      if (row.id_number.endsWith('X')) endsInX++;
    }
    expect(endsInX).toBeGreaterThan(rows.length * 0.05);
  });

  it('counts dormant customers as the rule says (independent recomputation)', async () => {
    // Last customer-initiated transaction per customer; dormant when none is after as_of − 6 months.
    const [row] = await query<{ n: bigint }>(
      ws,
      `SELECT count(*) AS n FROM customers c
       LEFT JOIN (SELECT customer_id, max(ts) AS last_ts FROM transactions WHERE txn_type IN ('payroll', 'transfer', 'consumption', 'cash')
                  GROUP BY customer_id) l USING (customer_id)
       WHERE l.last_ts IS NULL OR l.last_ts <= TIMESTAMP '2025-12-30 00:00:00'`,
    );
    expect(Number(row?.n)).toBe(truth.counts.dormant);
    expect(truth.counts.dormant).toBeGreaterThan(0);
  });

  it('counts invalid customers as the rule says (independent recomputation)', async () => {
    const [row] = await query<{ n: bigint }>(
      ws,
      `WITH activity AS (
         SELECT DISTINCT customer_id FROM transactions
         WHERE ts > TIMESTAMP '2025-06-30 00:00:00'
           AND ((direction = 'credit' AND txn_type IN ('cash', 'transfer', 'payroll')) OR (direction = 'debit' AND txn_type = 'cash')))
       SELECT count(*) AS n FROM balances b
       WHERE b.month = DATE '2026-06-01' AND b.aum <= 100 AND b.customer_id NOT IN (SELECT customer_id FROM activity)`,
    );
    expect(Number(row?.n)).toBe(truth.counts.invalid);
    expect(truth.counts.invalid).toBeGreaterThan(0);
  });

  it('matches the latest AUM tiers and the accounts', async () => {
    const [row] = await query<{ vip: bigint; potential: bigint; mismatched: bigint }>(
      ws,
      `WITH acc AS (
         SELECT customer_id, sum(CASE WHEN currency = 'USD' THEN round(balance * 7.2, 2) ELSE balance END) AS aum
         FROM accounts WHERE product_type NOT IN ('loan', 'credit_card') GROUP BY customer_id)
       SELECT count(*) FILTER (WHERE b.aum >= 500000) AS vip, count(*) FILTER (WHERE b.aum >= 50000 AND b.aum < 500000) AS potential,
              count(*) FILTER (WHERE b.aum <> coalesce(acc.aum, 0)) AS mismatched
       FROM balances b LEFT JOIN acc USING (customer_id) WHERE b.month = DATE '2026-06-01'`,
    );
    expect(Number(row?.vip)).toBe(truth.counts.tiers.vip);
    expect(Number(row?.potential)).toBe(truth.counts.tiers.potential);
    expect(Number(row?.mismatched)).toBe(0);
  });

  it('plants the payroll outflow share per occupation group within 2 pp', async () => {
    // Independent recomputation: per payroll credit in the last 12 months, other-bank transfers out in the next 7 days.
    const rows = await query<{ occupation: string; payroll: bigint; outflow: bigint }>(
      ws,
      `WITH pay AS (
         SELECT customer_id, ts, amount FROM transactions
         WHERE txn_type = 'payroll' AND ts > TIMESTAMP '2025-06-30 00:00:00'),
       per_credit AS (
         SELECT p.customer_id, p.ts, p.amount,
           (SELECT coalesce(sum(d.amount), 0) FROM transactions d
            WHERE d.customer_id = p.customer_id AND d.direction = 'debit' AND d.txn_type = 'transfer' AND d.counterparty_bank <> '本行'
              AND d.ts > p.ts AND d.ts <= p.ts + INTERVAL 7 DAY) AS moved
         FROM pay p),
       per_customer AS (SELECT customer_id, sum(moved) / sum(amount) >= 0.8 AS outflow FROM per_credit GROUP BY customer_id)
       SELECT c.occupation, count(*) AS payroll, count(*) FILTER (WHERE outflow) AS outflow
       FROM per_customer JOIN customers c USING (customer_id) GROUP BY c.occupation`,
    );
    const planted = truth.params.payroll.outflowShare;
    expect(rows.length).toBe(Object.keys(planted).length);
    for (const row of rows) {
      const share = Number(row.outflow) / Number(row.payroll);
      expect(Math.abs(share - (planted[row.occupation] ?? -1)), row.occupation).toBeLessThanOrEqual(0.02);
      expect(truth.counts.payroll.byGroup[row.occupation]?.outflow).toBe(Number(row.outflow));
    }
  });

  it('records truth for churn, the funnel and the response arms that the tables reproduce', async () => {
    const [churned] = await query<{ n: bigint }>(
      ws,
      `SELECT count(*) AS n FROM (SELECT customer_id FROM accounts GROUP BY customer_id HAVING count(*) = count(*) FILTER (WHERE status = 'closed'))`,
    );
    expect(Number(churned?.n)).toBe(truth.counts.churned.total);
    const funnel = await query<{ event_name: string; n: bigint }>(ws, `SELECT event_name, count(DISTINCT customer_id) AS n FROM events GROUP BY event_name`);
    const steps = ['contacted', 'attended', 'inquired', 'applied', 'opened'];
    const totals = steps.map((step) => Object.values(truth.counts.funnel).reduce((sum, counts) => sum + (counts[steps.indexOf(step)] ?? 0), 0));
    expect(steps.map((step) => Number(funnel.find((f) => f.event_name === step)?.n ?? 0))).toEqual(totals);
    for (let k = 1; k < totals.length; k++) expect(totals[k]).toBeLessThanOrEqual(totals[k - 1] ?? 0);
    const { treatment, control, uplift } = truth.counts.response;
    expect(treatment.contacts).toBeGreaterThan(control.contacts);
    expect(uplift).toBeGreaterThan(0.03);
  });

  it('returns no truth for a workspace that was not generated', async () => {
    const empty = await Workspace.open({ path: ':memory:' });
    try {
      expect(await empty.withSession(detachedContext(), (s) => readDemoTruth(s))).toBeNull();
    } finally {
      empty.close();
    }
  });

  it('leaves the workspace as it was when the generation is cancelled', async () => {
    const fresh = await Workspace.open({ path: ':memory:' });
    try {
      await fresh.withSession(detachedContext(), (s) => s.run(`CREATE TABLE customers AS SELECT 'mine' AS who`));
      const before = await fresh.withSession(detachedContext(), (s) => listTables(s));
      const token = new CancellationToken();
      const ctx: JobContext = { token, progress: () => {} };
      const running = fresh.withSession(ctx, (s) => generateDemoBank(s, { customers: 1_000_000, months: 24, seed: 7 }));
      setTimeout(() => token.fire('CANCELLED', 'x'), 100);
      await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
      const after = await fresh.withSession(detachedContext(), (s) => listTables(s));
      expect(after).toEqual(before);
      const [row] = await fresh.withSession(detachedContext(), (s) => s.rows<{ who: string }>('SELECT who FROM customers'));
      expect(row?.who).toBe('mine');
      expect(await fresh.withSession(detachedContext(), (s) => readDemoTruth(s))).toBeNull();
    } finally {
      fresh.close();
    }
  });
});
