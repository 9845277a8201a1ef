import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { generateDemoBank } from '../../src/engine/demo/generate-demo-bank';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { decodeArrowIPC } from '../../src/shared/arrow-values';
import type { EngineClient } from '../../src/shared/engine-client';
import type { SegmentNode } from '../../src/shared/segment-types';

/** Saved segments, versions, cycles, id lists, overlap, SQL out and files on the demo bank. */
describe('segments on the demo bank', () => {
  let engine: Engine;
  let client: EngineClient;
  let ids: string[];
  const rows = <T extends Record<string, unknown>>(sql: string, params?: Record<string, string | number | boolean>) =>
    engine.workspace.withSession(detachedContext(), (s) => s.rows<T>(sql, params));
  const members = async (rule: SegmentNode) => {
    const m = await client.call('segment.members', { rule });
    const r = await rows<{ customer_id: string }>(`SELECT customer_id FROM scratch.main."${m.table.name}" ORDER BY 1`);
    return r.map((x) => x.customer_id);
  };

  const age: SegmentNode = { kind: 'field', id: 'age', field: 'age', op: 'between', from: 30, to: 50 };
  const mobile: SegmentNode = {
    kind: 'activity', id: 'mobile', source: 'transactions', filters: [{ kind: 'field', field: 'channel', op: '=', value: 'mobile' }],
    window: { lastMonths: 3 }, measure: { fn: 'count', op: '>=', value: 2 }, scope: 'customer',
  };
  const vip: SegmentNode = { kind: 'field', id: 'vip', field: 'value_tier', op: 'in', values: ['vip', 'potential'] };

  beforeAll(async () => {
    engine = await Engine.open({ path: ':memory:', threads: 2, memoryLimit: '2GB' });
    await engine.workspace.withSession(detachedContext(), (s) => generateDemoBank(s, { customers: 2000, months: 24, seed: 11 }));
    client = engine.connectClient();
    await client.call('profile.build', {});
    // Some checks read clear values: unmasked with a reason, as a user would (audited).
    await client.call('privacy.unmask', { reason: 'segment engine test' });
    ids = (await rows<{ customer_id: string }>('SELECT customer_id FROM customer_profile ORDER BY 1')).map((r) => r.customer_id);
  });
  afterAll(() => engine.close());

  it('counts with a waterfall; a switched-off condition is skipped but keeps its id out of the steps', async () => {
    const rule: SegmentNode = { kind: 'and', children: [age, { ...vip, enabled: false }, mobile] };
    const result = await client.call('segment.count', { rule });
    expect(result.waterfall.map((s) => s.conditionId)).toEqual(['age', 'mobile']);
    const [a] = await rows<{ n: bigint }>('SELECT count(*) AS n FROM customer_profile WHERE age BETWEEN 30 AND 50');
    expect(result.waterfall[0]!.remaining).toBe(Number(a!.n));
    expect(result.count).toBe(result.waterfall[1]!.remaining);
    expect(result.count).toBe((await members({ kind: 'and', children: [age, mobile] })).length);
    expect(result.customers).toBe(ids.length);
    expect(result.share).toBeCloseTo(result.count / ids.length, 10);
    expect(result.aumShare).toBeGreaterThan(0);
  });

  it('the waterfall is the same whether computed by grouping the flags (≤ 12 steps) or by one filter per step (more)', async () => {
    const steps: SegmentNode[] = Array.from({ length: 13 }, (_, k) => ({ kind: 'field', id: `a${k}`, field: 'age', op: '>=', value: 20 + k * 2 }));
    const wide = await client.call('segment.count', { rule: { kind: 'and', children: [...steps, mobile] } });
    const narrow = await client.call('segment.count', { rule: { kind: 'and', children: steps.slice(0, 12) } });
    expect(wide.waterfall).toHaveLength(14);
    expect(wide.waterfall.slice(0, 12).map((w) => [w.conditionId, w.remaining, w.share])).toEqual(narrow.waterfall.map((w) => [w.conditionId, w.remaining, w.share]));
    // AUM is summed in a different order by the two paths: equal up to floating-point rounding.
    wide.waterfall.slice(0, 12).forEach((w, i) => expect(w.aumShare).toBeCloseTo(narrow.waterfall[i]!.aumShare, 9));
    for (let k = 0; k < 13; k++) {
      const [row] = await rows<{ n: bigint }>('SELECT count(*) AS n FROM customer_profile WHERE age >= $a', { a: 20 + k * 2 });
      expect(wide.waterfall[k]!.remaining).toBe(Number(row!.n));
    }
    expect(wide.count).toBe((await members({ kind: 'and', children: [...steps, mobile] })).length);
  });

  it('the live count follows a rebuilt profile (a new analysis date) rather than a cached one', async () => {
    const before = await client.call('segment.count', { rule: { kind: 'and', children: [age] } });
    await client.call('profile.build', { asOf: '2025-12-31' });
    const earlier = await client.call('segment.count', { rule: { kind: 'and', children: [age] } });
    expect(earlier.asOf).toBe('2025-12-31');
    await client.call('profile.build', { asOf: before.asOf });
    expect((await client.call('segment.count', { rule: { kind: 'and', children: [age] } })).asOf).toBe(before.asOf);
  });

  it('every save is a version with what changed; revert adds a version equal to the old one', async () => {
    const v1 = await client.call('segment.save', { name: '中年', owner: 'ana', rule: { kind: 'and', children: [age] } });
    const v2 = await client.call('segment.save', { id: v1.id, name: '中年 mobile', owner: 'ana', rule: { kind: 'and', children: [age, mobile] } });
    const v3 = await client.call('segment.save', { id: v1.id, name: '中年 mobile', owner: 'ana', rule: { kind: 'and', children: [{ ...age, from: 35 }, { ...mobile, enabled: false }] } });
    expect([v1.version, v2.version, v3.version]).toEqual([1, 2, 3]);
    const history = await client.call('segment.history', { id: v1.id });
    expect(history.map((h) => h.version)).toEqual([3, 2, 1]);
    expect(history[2]!.changes).toEqual(['created']);
    expect(history[1]!.changes).toEqual(['renamed from "中年" to "中年 mobile"', 'condition mobile added']);
    expect(history[0]!.changes).toEqual(['condition age changed', 'condition mobile switched off']);
    const reverted = await client.call('segment.revert', { id: v1.id, version: 1 });
    expect(reverted.version).toBe(4);
    expect(reverted.name).toBe('中年');
    expect(reverted.rule).toEqual(v1.rule);
    expect((await client.call('segment.get', { id: v1.id })).version).toBe(4);
    expect((await client.call('segment.history', { id: v1.id })).length).toBe(4);
  });

  it('refuses a cycle, naming the segments in it', async () => {
    const a = await client.call('segment.save', { name: 'A', rule: age });
    const b = await client.call('segment.save', { name: 'B', rule: { kind: 'segment', segment: a.id, member: true } });
    const c = await client.call('segment.save', { name: 'C', rule: { kind: 'and', children: [{ kind: 'segment', segment: b.id, member: true }, vip] } });
    await expect(client.call('segment.save', { id: a.id, name: 'A', rule: { kind: 'segment', segment: c.id, member: true } })).rejects.toMatchObject({
      messageKey: 'error.SEGMENT_CYCLE',
      details: { cycle: `${a.id} → ${c.id} → ${b.id} → ${a.id}` },
    });
    await expect(client.call('segment.save', { id: a.id, name: 'A', rule: { kind: 'not', child: { kind: 'segment', segment: a.id, member: true } } })).rejects.toMatchObject({ messageKey: 'error.SEGMENT_CYCLE' });
    // The refused saves changed nothing; deleting a segment others use is refused too.
    expect((await client.call('segment.get', { id: a.id })).version).toBe(1);
    await expect(client.call('segment.delete', { id: a.id })).rejects.toMatchObject({ messageKey: 'error.SEGMENT_IN_USE' });
  });

  it('a static segment from a list of ids reports matched, unmatched (with examples) and duplicates', async () => {
    const list = [ids[0]!, ` ${ids[1]!} `, ids[0]!, '', 'NOPE-1', "x'; DROP TABLE customer_profile; --", ids[2]!, 'NOPE-1', '   '];
    const { segment, report } = await client.call('segment.fromIds', { name: '名单', ids: list });
    expect(report).toEqual({
      submitted: 7, blank: 2, distinct: 5, matched: 3, unmatched: 2,
      unmatchedExamples: ['NOPE-1', "x'; DROP TABLE customer_profile; --"],
      duplicates: 2, duplicateExamples: [{ id: ids[0]!, times: 2 }, { id: 'NOPE-1', times: 2 }],
    });
    expect(segment.kind).toBe('static');
    expect(segment.static?.members).toBe(3);
    expect((await client.call('segment.count', { rule: { kind: 'segment', segment: segment.id, member: true } })).count).toBe(3);
    expect(await members({ kind: 'segment', segment: segment.id, member: true })).toEqual([ids[0]!, ids[1]!, ids[2]!].sort());
  });

  it('a snapshot freezes the members with the time and the as-of date', async () => {
    const dyn = await client.call('segment.save', { name: 'mobile', rule: mobile });
    const snap = await client.call('segment.snapshot', { id: dyn.id });
    const count = await client.call('segment.count', { rule: mobile });
    expect(snap.static).toMatchObject({ from: 'snapshot', sourceSegmentId: dyn.id, sourceVersion: 1, members: count.count, asOf: count.asOf });
    // Changing the dynamic one leaves the snapshot as it was.
    await client.call('segment.save', { id: dyn.id, name: 'mobile', rule: { ...mobile, measure: { fn: 'count', op: '>=', value: 5 } } });
    expect((await client.call('segment.count', { rule: { kind: 'segment', segment: snap.id, member: true } })).count).toBe(count.count);
  });

  it('overlap of several segments equals brute force over their member sets', async () => {
    const rules: SegmentNode[] = [age, mobile, vip, { kind: 'holding', mode: 'holds', productType: 'wealth' }, { kind: 'not', child: age }];
    const saved = [];
    for (const [i, rule] of rules.entries()) saved.push(await client.call('segment.save', { name: `o${i}`, rule }));
    const sets: Array<Set<string>> = [];
    // One at a time: the engine keeps the last few member tables only.
    for (const r of rules) sets.push(new Set(await members(r)));
    const result = await client.call('segment.overlap', { ids: saved.map((s) => s.id) });
    const brute = new Map<number, number>();
    for (const id of ids) {
      const mask = sets.reduce((m, set, i) => m | (set.has(id) ? 1 << i : 0), 0);
      if (mask) brute.set(mask, (brute.get(mask) ?? 0) + 1);
    }
    expect(new Map(result.intersections.map((x) => [x.mask, x.count]))).toEqual(brute);
    expect(result.segments.map((s) => s.count)).toEqual(sets.map((s) => s.size));
    expect(result.customers).toBe(ids.length);
    expect(result.union).toBe(new Set(sets.flatMap((s) => [...s])).size);
  });

  it('hostile values never change a query: they are compared as values (engine and DuckDB export)', async () => {
    const hostile = ["O'Brien", "'; DROP TABLE customer_profile; --", 'a;b', '-- x', 'back\\slash', '北京', "\\'", '"', ids[3]!];
    const rule: SegmentNode = { kind: 'or', children: [
      { kind: 'field', field: 'customer_id', op: 'in', values: hostile },
      { kind: 'field', field: 'city', op: 'contains', value: "'; --" },
      { kind: 'activity', source: 'transactions', filters: [{ kind: 'field', field: 'txn_type', op: 'in', values: hostile }], measure: { fn: 'count', op: '>=', value: 1 }, scope: 'customer' },
    ] };
    expect(await members(rule)).toEqual([ids[3]!]);
    const saved = await client.call('segment.save', { name: "O'Brien; --", rule });
    const sql = await client.call('segment.sql', { id: saved.id, dialect: 'duckdb' });
    const run = await client.call('sql.run', { sql: sql.sql });
    expect(run.kind).toBe('rows');
    if (run.kind === 'rows') {
      const page = decodeArrowIPC((await client.call('table.page', { table: run.table, offset: 0, limit: 10, unmasked: true })).arrow);
      expect(page.columns.find((c) => c.name === 'customer_id')?.values).toEqual([ids[3]!]);
    }
    const [n] = await rows<{ n: bigint }>('SELECT count(*) AS n FROM customer_profile');
    expect(Number(n!.n)).toBe(ids.length);
    // Every dialect writes the values as literals and refuses NUL.
    for (const dialect of ['postgres', 'spark', 'trino'] as const) {
      const out = await client.call('segment.sql', { id: saved.id, dialect });
      expect(out.sql).toContain(dialect === 'spark' ? "'\\'; DROP TABLE customer_profile; --'" : "'''; DROP TABLE customer_profile; --'");
    }
    await expect(client.call('segment.sql', { rule: { kind: 'field', field: 'city', op: '=', value: 'a\u0000b' }, dialect: 'trino' })).rejects.toMatchObject({ messageKey: 'error.SQL_VALUE_NUL' });
    // In the engine a NUL is just a bound value that matches nobody (or is refused by DuckDB): never SQL.
    const nul = await client.call('segment.count', { rule: { kind: 'field', field: 'city', op: '=', value: 'a\u0000b' } }).then((r) => r.count, () => 0);
    expect(nul).toBe(0);
  });

  it('files: export, then import checks the fit and says what does not fit', async () => {
    const saved = await client.call('segment.save', { name: 'file', rule: { kind: 'and', children: [age, mobile] } });
    const file = await client.call('segment.export', { id: saved.id });
    expect(file.format).toBe('segment-workbench/segment');
    const again = await client.call('segment.import', { file: JSON.parse(JSON.stringify(file)) });
    expect(again.fit.fits).toBe(true);
    expect(again.segment?.rule).toEqual(saved.rule);
    const bad = { ...file, rule: { kind: 'and', children: [age, { kind: 'field', field: 'shoe_size', op: '=', value: 42 }, { kind: 'tag', tag: 'user:nope' }, { kind: 'segment', segment: 'seg_gone' }, { kind: 'field', field: 'age', op: 'within_last_days', days: 3 }] } };
    const check = await client.call('segment.import', { file: bad });
    expect(check.segment).toBeNull();
    expect(check.fit.fits).toBe(false);
    expect(check.fit.problems.map((p) => [p.path, p.problem, p.subject])).toEqual([
      ['children[1]', 'unknown_field', 'shoe_size'],
      ['children[2]', 'unknown_tag', 'user:nope'],
      ['children[3]', 'unknown_segment', 'seg_gone'],
      ['children[4]', 'wrong_type', 'age'],
    ]);
    await expect(client.call('segment.import', { file: { format: 'nope' } })).rejects.toMatchObject({ messageKey: 'error.SEGMENT_FILE_INVALID' });
  });

  it('field values, comparison and the member grid (masked by table.page)', async () => {
    const cat = await client.call('segment.fieldValues', { field: 'value_tier' });
    expect(cat.kind).toBe('categorical');
    const num = await client.call('segment.fieldValues', { field: 'age', bins: 10 });
    expect(num.kind === 'numeric' && num.buckets.reduce((a, b) => a + b.count, 0) + num.nulls).toBe(ids.length);
    // A behavioural filter's column: the values as the transactions have them, with their counts.
    const channels = await client.call('segment.fieldValues', { field: 'channel', source: 'transactions' });
    const [txns] = await rows<{ n: bigint; mobile: bigint }>(`SELECT count(*) AS n, count(*) FILTER (WHERE channel = 'mobile') AS mobile FROM transactions`);
    expect(channels.kind).toBe('categorical');
    if (channels.kind === 'categorical') {
      expect(channels.values.reduce((a, v) => a + v.count, 0)).toBe(Number(txns!.n));
      expect(channels.values.find((v) => v.value === 'mobile')?.count).toBe(Number(txns!.mobile));
    }
    const amounts = await client.call('segment.fieldValues', { field: 'amount', source: 'transactions', bins: 5 });
    expect(amounts.kind === 'numeric' && amounts.buckets.reduce((a, b) => a + b.count, 0) + amounts.nulls).toBe(Number(txns!.n));
    // Heavy tails (issue 13 item 4): AUM on log bins: zero balances in a bin of their own, then equal steps in log10 up to the maximum.
    const aum = await client.call('segment.fieldValues', { field: 'aum_latest', bins: 12, scale: 'log' });
    const [a] = await rows<{ n: bigint; pos: number; hi: number; below: bigint }>(
      `SELECT count(aum_latest) AS n, CAST(min(aum_latest) FILTER (WHERE aum_latest > 0) AS DOUBLE) AS pos, CAST(max(aum_latest) AS DOUBLE) AS hi,
         count(*) FILTER (WHERE aum_latest < (SELECT min(aum_latest) FILTER (WHERE aum_latest > 0) FROM customer_profile)) AS below FROM customer_profile`,
    );
    expect(aum.kind === 'numeric' && aum.scale).toBe('log');
    if (aum.kind === 'numeric') {
      expect(aum.buckets).toHaveLength(12);
      expect(aum.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(Number(a!.n));
      const logs = Number(a!.below) > 0 ? aum.buckets.slice(1) : aum.buckets;
      if (Number(a!.below) > 0) expect(aum.buckets[0]!.count).toBe(Number(a!.below));
      expect(logs[0]!.from).toBeCloseTo(a!.pos, 6);
      expect(logs.at(-1)!.to).toBe(a!.hi);
      const ratios = logs.map((b) => Math.log10(b.to) - Math.log10(b.from));
      for (const r of ratios) expect(r).toBeCloseTo(ratios[0]!, 6);
    }
    // Linear unless asked (the engine says which scale it cut the bins on).
    expect(((await client.call('segment.fieldValues', { field: 'aum_latest' })) as { scale?: string }).scale).toBe('linear');
    // Only the behavioural whitelist: a source's other columns (and the profile's) are refused.
    await expect(client.call('segment.fieldValues', { field: 'customer_id', source: 'transactions' })).rejects.toMatchObject({ messageKey: 'error.RULE_UNKNOWN_FIELD' });
    await expect(client.call('segment.fieldValues', { field: 'age', source: 'events' })).rejects.toMatchObject({ messageKey: 'error.RULE_UNKNOWN_FIELD' });
    const cmp = await client.call('segment.compare', { rule: vip });
    const tier = cmp.attributes.find((a) => a.field === 'value_tier')!;
    expect(tier.buckets.find((b) => b.label === 'long_tail')?.segmentCount ?? 0).toBe(0);
    expect(cmp.attributes[0]!.difference).toBeGreaterThanOrEqual(cmp.attributes.at(-1)!.difference);
    const m = await client.call('segment.members', { rule: vip });
    const page = decodeArrowIPC((await client.call('table.page', { table: m.table, offset: 0, limit: 5 })).arrow);
    const raw = await rows<{ phone: string }>(`SELECT phone FROM scratch.main."${m.table.name}" LIMIT 5`);
    const phones = page.columns.find((c) => c.name === 'phone')?.values ?? [];
    expect(raw.length).toBe(5);
    if (raw[0]?.phone) expect(phones[0]).not.toBe(raw[0].phone);
  });
});
