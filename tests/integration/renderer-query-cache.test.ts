import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import type { EngineClient } from '../../src/shared/engine-client';
import { QueryCache, type QuerySnapshot } from '../../src/renderer/state/query-cache';
import { topicsFor } from '../../src/renderer/state/query-topics';
import { openTempEngine } from '../support/temp-workspace';

/**
 * The renderer's query cache against the real engine over the real protocol (in-process
 * transport): the engine's notify topics re-run what is shown, queries shown together share one
 * answer, cancelling is reported, and a listener that reads the cache (as React does) is safe.
 */
let engine: Engine;
let dispose: () => void;
let client: EngineClient;
let writer: EngineClient;

beforeAll(async () => {
  ({ engine, dispose } = await openTempEngine());
  client = engine.connectClient();
  writer = engine.connectClient();
});

afterAll(() => dispose?.());

const tablesQuery = { method: 'tables.list' as const, params: {}, topics: topicsFor('tables.list') };

/** Resolves with the first snapshot (after `from`) for which `done` holds. */
function until<T>(cache: QueryCache, spec: typeof tablesQuery, done: (s: QuerySnapshot<T>) => boolean): { promise: Promise<QuerySnapshot<T>>; stop: () => void } {
  let stop = () => {};
  const promise = new Promise<QuerySnapshot<T>>((resolve) => {
    const check = () => {
      const snapshot = cache.snapshot(spec) as QuerySnapshot<T>;
      if (done(snapshot)) resolve(snapshot);
    };
    stop = cache.subscribe(spec, check);
    check();
  });
  return { promise, stop };
}

const names = (s: QuerySnapshot<unknown>) => ((s.data as Array<{ name: string }> | undefined) ?? []).map((t) => t.name);

describe('renderer query cache', () => {
  it('re-runs a shown query when another client’s write notifies its topic', async () => {
    const cache = new QueryCache(client);
    const first = until(cache, tablesQuery, (s) => s.settled);
    expect(names(await first.promise)).not.toContain('live_t');
    const updated = until(cache, tablesQuery, (s) => s.settled && names(s).includes('live_t'));
    // The write comes from the other client: only the engine's notify can tell this cache.
    await writer.call('sql.run', { sql: 'CREATE TABLE live_t AS SELECT 1 AS x' });
    expect(names(await updated.promise)).toContain('live_t');
    first.stop();
    updated.stop();
    cache.dispose();
  });

  it('shares one answer between queries shown together, and marks a hidden one stale', async () => {
    const cache = new QueryCache(client);
    const a = until(cache, tablesQuery, (s) => s.settled);
    const answer = await a.promise;
    const b = until(cache, tablesQuery, (s) => s.settled);
    // The second view gets the same answer at once (no second call: not loading).
    const shared = await b.promise;
    expect(shared.data).toBe(answer.data);
    expect(shared.loading).toBe(false);
    a.stop();
    b.stop();
    // No view shows it: a write marks it stale without asking the engine again.
    await writer.call('sql.run', { sql: 'CREATE TABLE live_hidden AS SELECT 1 AS x' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const hidden = cache.snapshot(tablesQuery);
    expect(hidden.settled).toBe(false);
    expect(hidden.loading).toBe(false);
    expect(names(hidden)).not.toContain('live_hidden');
    // Shown again: the stale answer is there at once while the fresh one is asked.
    const again = until(cache, tablesQuery, (s) => s.settled);
    expect(names(await again.promise)).toContain('live_hidden');
    again.stop();
    cache.dispose();
  });

  it('reports a cancelled call as cancelled, not as an error', async () => {
    const cache = new QueryCache(client);
    const spec = { method: 'sql.run' as const, params: { sql: 'SELECT count(*) FROM range(3000000000) t(i) WHERE hash(i) % 7 = 1' }, topics: [] };
    const stop = cache.subscribe(spec, () => {});
    expect(cache.snapshot(spec).loading).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    cache.cancel(QueryCache.keyOf(spec.method, spec.params));
    for (let i = 0; i < 200 && cache.snapshot(spec).loading; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    const snapshot = cache.snapshot(spec);
    expect(snapshot.cancelled).toBe(true);
    expect(snapshot.error).toBeNull();
    stop();
    cache.dispose();
  });

  it('survives a listener that reads the cache during an invalidation (React’s getSnapshot)', async () => {
    const cache = new QueryCache(client);
    let reads = 0;
    const stop = cache.subscribe(tablesQuery, () => {
      reads++;
      cache.snapshot(tablesQuery);
    });
    const settled = until(cache, tablesQuery, (s) => s.settled);
    await settled.promise;
    const before = reads;
    cache.invalidate('tables.changed');
    // One re-run: loading, then the answer (not an endless loop of re-runs).
    const after = until(cache, tablesQuery, (s) => s.settled);
    await after.promise;
    expect(reads - before).toBeLessThanOrEqual(4);
    stop();
    settled.stop();
    after.stop();
    cache.dispose();
  });
});
