import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import type { EngineClient } from '../../src/shared/engine-client';
import type { Progress } from '../../src/shared/protocol';
import { openTempEngine } from '../support/temp-workspace';

// A write that keeps two cores busy for many seconds unless cancelled (30 chained md5 per row over
// a real table, so DuckDB reports its progress): the tests cancel it once they have what they need.
const LONG_WRITE = `CREATE TABLE long_write AS SELECT count(*) AS n FROM big WHERE ${'md5('.repeat(30)}i::VARCHAR${')'.repeat(30)} LIKE '%abc%'`;

let engine: Engine;
let client: EngineClient;
let other: EngineClient;
let dispose: () => void;

beforeAll(async () => {
  const opened = await openTempEngine();
  ({ engine, dispose } = opened);
  client = engine.connectClient();
  other = engine.connectClient();
  await client.call('sql.run', { sql: 'CREATE TABLE big AS SELECT i FROM range(3000000) r(i)' });
});
afterAll(() => dispose());

const tableNames = async () => (await client.call('tables.list', {})).filter((t) => t.schema === 'main').map((t) => t.name);

/** Starts the long write and resolves once DuckDB is inside it (its progress has arrived). */
async function startLongWrite(): Promise<{ done: Promise<unknown>; cancel: () => void; settled: () => boolean }> {
  const abort = new AbortController();
  let settled = false;
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const done = client
    .call('sql.run', { sql: LONG_WRITE }, { signal: abort.signal, onProgress: (p) => p.fraction !== null && started() })
    .then(
      (r) => ((settled = true), r),
      (e: unknown) => ((settled = true), e),
    );
  await running;
  return { done, cancel: () => abort.abort(), settled: () => settled };
}

describe('one write queue', () => {
  it('runs writes one at a time in the order they were submitted, from any client', async () => {
    await client.call('sql.run', { sql: 'CREATE TABLE seq (seen BIGINT, k INTEGER)' });
    const long = await startLongWrite();
    // Each statement records how many rows it saw: in order, request k sees exactly k rows.
    const writes = Array.from({ length: 8 }, (_, k) => (k % 2 ? other : client).call('sql.run', { sql: `INSERT INTO seq SELECT count(*), ${k} FROM seq` }));
    long.cancel();
    await expect(long.done).resolves.toMatchObject({ code: 'CANCELLED' });
    await Promise.all(writes);
    const rows = await engine.workspace.withSession(detachedContext(), (s) => s.rows<{ seen: bigint; k: number }>('SELECT seen, k FROM seq ORDER BY k'));
    expect(rows.map((r) => [Number(r.seen), r.k])).toEqual(Array.from({ length: 8 }, (_, k) => [k, k]));
  });

  it('a queued write says it is waiting, and when cancelled before its turn it never starts', async () => {
    const long = await startLongWrite();
    const progress: Progress[] = [];
    const abort = new AbortController();
    const queued = other
      .call('sql.run', { sql: 'CREATE TABLE never_made AS SELECT 1 AS x' }, {
        signal: abort.signal,
        onProgress: (p) => {
          progress.push(p);
          if (p.message?.key === 'progress.write.waiting') abort.abort();
        },
      })
      .catch((e: unknown) => e);
    await expect(queued).resolves.toMatchObject({ code: 'CANCELLED' });
    expect(progress[0]?.message).toEqual({ key: 'progress.write.waiting', params: { ahead: 1 } });
    // The long write was still running all along: the cancelled one left the line without running.
    expect(long.settled()).toBe(false);
    long.cancel();
    await long.done;
    // The line moves on: a later write runs, and the cancelled one's table never appeared.
    await client.call('sql.run', { sql: 'CREATE TABLE after_cancel AS SELECT 1 AS x' });
    const names = await tableNames();
    expect(names).toContain('after_cancel');
    expect(names).not.toContain('never_made');
    expect(names).not.toContain('long_write');
  });

  it('reads run beside a long write instead of waiting for it', async () => {
    const long = await startLongWrite();
    // A console query, a table page and the table list all answer while the write still runs.
    const query = await other.call('sql.run', { sql: 'SELECT count(*) AS n FROM big' });
    expect(query.kind).toBe('rows');
    const page = await other.call('table.page', { table: { schema: 'main', name: 'big' }, offset: 10, limit: 5 });
    expect(page.totalRows).toBe(3_000_000);
    expect(await tableNames()).toContain('big');
    expect(long.settled()).toBe(false);
    long.cancel();
    await expect(long.done).resolves.toMatchObject({ code: 'CANCELLED' });
  });
});
