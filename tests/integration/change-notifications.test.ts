import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../src/shared/engine-client';
import type { ChangeNotice } from '../../src/shared/protocol';
import { fixture } from '../support/import-harness';
import { openTempEngine } from '../support/temp-workspace';

let writer: EngineClient;
let watcher: EngineClient;
let dispose: () => void;
const heard: ChangeNotice[] = [];

beforeAll(async () => {
  const opened = await openTempEngine();
  dispose = opened.dispose;
  writer = opened.engine.connectClient();
  watcher = opened.engine.connectClient();
  watcher.onNotify((notice) => heard.push(notice));
});
afterAll(() => dispose());

/** The notices heard while fn ran (they arrive before the write's own answer). */
async function during(fn: () => Promise<unknown>): Promise<ChangeNotice[]> {
  const from = heard.length;
  await fn();
  return heard.slice(from);
}

describe('change notifications', () => {
  it('every client hears what another client’s committed write changed, with a rising data version', async () => {
    const imported = await during(() => writer.call('import.run', { files: [fixture('customers-utf8.csv')], table: 'customers' }));
    expect(imported.map((n) => n.topic).sort()).toEqual(['imports.changed', 'tables.changed']);
    // One write, one version: both topics carry it.
    expect(new Set(imported.map((n) => n.dataVersion)).size).toBe(1);

    const rule = await during(() => writer.call('rules.save', { rule: 'dormant', definition: { windowMonths: 5 } }));
    expect(rule.map((n) => n.topic)).toEqual(['rules.changed']);
    expect(rule[0]!.dataVersion).toBeGreaterThan(imported[0]!.dataVersion);

    const console = await during(() => writer.call('sql.run', { sql: 'CREATE TABLE notes AS SELECT 1 AS n' }));
    expect(console.map((n) => n.topic)).toEqual(['tables.changed']);
    let tagId = '';
    const tag = await during(async () => (tagId = (await writer.call('tags.save', { nameZh: '测试', nameEn: 'Test tag', definition: { kind: 'field', field: 'age', op: '>=', value: 50 } })).id));
    expect(tag.map((n) => n.topic)).toEqual(['tags.changed']);
    expect((await during(() => writer.call('tags.delete', { id: tagId }))).map((n) => n.topic)).toEqual(['tags.changed']);

    let segmentId = '';
    const segment = await during(async () => (segmentId = (await writer.call('segment.save', { name: 'older', rule: { kind: 'and', children: [{ kind: 'field', id: 'a', field: 'age', op: '>=', value: 50 }] } })).id));
    expect(segment.map((n) => n.topic)).toEqual(['segments.changed']);
    expect((await during(() => writer.call('segment.delete', { id: segmentId }))).map((n) => n.topic)).toEqual(['segments.changed']);
    // Deleting what is not there changes nothing.
    expect(await during(() => writer.call('segment.delete', { id: segmentId }))).toEqual([]);
  });

  it('reads, failed writes and cancelled writes announce nothing', async () => {
    expect(await during(() => writer.call('tables.list', {}))).toEqual([]);
    expect(await during(() => writer.call('sql.run', { sql: 'SELECT 42' }))).toEqual([]);
    const failed = await during(() => writer.call('sql.run', { sql: 'CREATE TABLE notes AS SELECT 2 AS n' }).catch(() => null));
    expect(failed).toEqual([]);
    const missing = await during(() => writer.call('import.run', { files: [fixture('no-such-file.csv')], table: 'x' }).catch(() => null));
    expect(missing).toEqual([]);
  });

  it('the writer hears its own writes too, and an unsubscribed listener hears nothing more', async () => {
    const own: ChangeNotice[] = [];
    const stop = writer.onNotify((n) => own.push(n));
    await writer.call('sql.run', { sql: 'DROP TABLE notes' });
    expect(own.map((n) => n.topic)).toEqual(['tables.changed']);
    stop();
    await writer.call('sql.run', { sql: 'CREATE TABLE notes2 AS SELECT 1 AS n' });
    expect(own).toHaveLength(1);
  });
});
