import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { profileParamsSchema } from '../../src/shared/import-types';
import { fixture, importApi } from '../support/import-harness';
import { openTempEngine } from '../support/temp-workspace';

let engine: Engine;
let dispose: () => void;
beforeAll(async () => ({ engine, dispose } = await openTempEngine()));
afterAll(() => dispose());

it('profiles every column after an import: nulls, distinct, min/max, top values, histogram', async () => {
  const api = importApi(engine);
  await api.run({ files: [fixture('transactions-comma.csv')], table: 'transactions' });
  const profile = await api.handlers['import.profile'](profileParamsSchema.parse({ table: 'transactions', bins: 4 }), detachedContext());
  expect(profile.rows).toBe(4);
  const byName = Object.fromEntries(profile.columns.map((c) => [c.name, c]));
  expect(byName.amount).toMatchObject({ nulls: 0, distinct: 4, min: '50.00', max: '88000.00' });
  expect(byName.amount!.histogram.reduce((s, b) => s + b.count, 0)).toBe(4);
  expect(byName.direction!.top).toEqual([
    { value: 'credit', count: 2 },
    { value: 'debit', count: 2 },
  ]);
  expect(byName.account_id!.top[0]).toEqual({ value: '6222000000000001', count: 2 });
  expect(byName.channel).toMatchObject({ nulls: 4, distinct: 0, min: null });
  expect(byName.ts!.histogram.reduce((s, b) => s + b.count, 0)).toBe(4);
  expect(byName.ts!.histogram[0]!.from).toBe('2024-01-05');
});

it('an import marks the customer profile stale (profile.summary says so) until the next build', async () => {
  const { createCustomerHandlers } = await import('../../src/engine/customer-handlers');
  const customers = createCustomerHandlers(engine.workspace);
  const api = importApi(engine);
  await api.run({ files: [fixture('customers-utf8.csv')], table: 'customers', allowReimport: true });
  await customers['profile.build']({} as never, detachedContext());
  expect((await customers['profile.summary']({} as never, detachedContext())).stale).toBeNull();
  const kept = await api.run({ files: [fixture('transactions-comma.csv')], table: 'transactions', allowReimport: true, rebuildProfile: false });
  expect(kept.profile).toBeNull();
  const stale = (await customers['profile.summary']({} as never, detachedContext())).stale;
  expect(stale?.tables).toEqual(['transactions']);
  await customers['profile.build']({} as never, detachedContext());
  expect((await customers['profile.summary']({} as never, detachedContext())).stale).toBeNull();
});

it('import.run rebuilds a profile it made stale by default (the one policy), as of the pinned date', async () => {
  const { createCustomerHandlers } = await import('../../src/engine/customer-handlers');
  const customers = createCustomerHandlers(engine.workspace);
  const api = importApi(engine);
  await api.run({ files: [fixture('customers-utf8.csv')], table: 'customers', allowReimport: true });
  const built = await customers['profile.build']({ asOf: '2024-06-30' } as never, detachedContext());
  const progress: string[] = [];
  const result = await api.run({ files: [fixture('transactions-comma.csv')], table: 'transactions', allowReimport: true }, {
    ...detachedContext(),
    progress: (p) => p.message && progress.push(p.message.key),
  });
  expect(result.profile).toMatchObject({ rebuilt: true, asOf: '2024-06-30', customers: built.customers, error: null });
  expect(progress).toContain('progress.import.profile');
  expect((await customers['profile.summary']({} as never, detachedContext())).stale).toBeNull();
  // An import into a table the profile does not read leaves it alone.
  const other = await api.run({ files: [fixture('transactions-comma.csv')], table: 'notes_table', allowReimport: true });
  expect(other.profile).toBeNull();
});

it('counts distinct values exactly: never more than the non-null rows (HyperLogLog overcounted 50,000 unique ID numbers)', async () => {
  const api = importApi(engine);
  await engine.workspace.write(detachedContext(), (s) =>
    s.run(`CREATE TABLE id_sample AS SELECT '1101011980' || lpad(CAST(i AS VARCHAR), 8, '0') AS id_number, CASE WHEN i % 10 = 0 THEN NULL ELSE i % 7 END AS small FROM range(50000) t(i)`),
  );
  const profile = await api.handlers['import.profile'](profileParamsSchema.parse({ table: 'id_sample', bins: 4 }), detachedContext());
  const byName = Object.fromEntries(profile.columns.map((c) => [c.name, c]));
  const [plain] = await engine.workspace.withSession(detachedContext(), (s) => s.rows<{ ids: bigint; small: bigint }>('SELECT count(DISTINCT id_number) AS ids, count(DISTINCT small) AS small FROM id_sample'));
  expect(byName.id_number!.distinct).toBe(Number(plain!.ids));
  expect(byName.id_number!.distinct).toBe(50_000);
  expect(byName.small).toMatchObject({ distinct: Number(plain!.small), nulls: 5_000 });
});
