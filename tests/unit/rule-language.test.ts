import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../src/engine/workspace';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { compileCondition } from '../../src/engine/conditions/compile-condition';
import { fieldCatalog } from '../../src/engine/conditions/field-catalog';
import { ParamBag } from '../../src/engine/sql/param-bag';
import { ruleNodeSchema, type RuleNode, type RuleValue } from '../../src/shared/rule-language';

const HOSTILE = ["O'Brien", "'; DROP TABLE t; --", '-- comment', 'back\\slash\\', 'nul\u0000byte', '张三', '"quoted"', "x' OR '1'='1", '$p0', '%_*'];

type Row = { id: number; name: string | null; age: number | null; d: string | null; ok: boolean | null };
const ROWS: Row[] = [
  ...HOSTILE.map((name, i) => ({ id: i, name, age: 20 + i * 5, d: `2026-0${(i % 9) + 1}-15`, ok: i % 2 === 0 })),
  { id: 100, name: null, age: null, d: null, ok: null },
  { id: 101, name: '', age: 40, d: '2026-01-01', ok: true },
];

/** A plain evaluator written for the test: what each tree means, member by member. */
function evaluate(n: RuleNode, r: Row): boolean {
  switch (n.kind) {
    case 'all': return true;
    case 'and': return n.children.every((c) => evaluate(c, r));
    case 'or': return n.children.some((c) => evaluate(c, r));
    case 'not': return !evaluate(n.child, r);
    case 'field': {
      const v = r[n.field as keyof Row] as string | number | boolean | null;
      const cmp = (x: RuleValue) => (typeof v === 'number' ? v - Number(x) : String(v) < String(x) ? -1 : String(v) > String(x) ? 1 : 0);
      if (n.op === 'is_empty') return v === null || v === '';
      if (n.op === 'is_not_empty') return !(v === null || v === '');
      if (v === null) return false;
      switch (n.op) {
        case '=': return cmp(n.value) === 0;
        case '!=': return cmp(n.value) !== 0;
        case '<': return cmp(n.value) < 0;
        case '<=': return cmp(n.value) <= 0;
        case '>': return cmp(n.value) > 0;
        case '>=': return cmp(n.value) >= 0;
        case 'contains': return String(v).includes(String(n.value));
        case 'starts_with': return String(v).startsWith(String(n.value));
        case 'in': return n.values.some((x) => cmp(x) === 0);
        case 'not_in': return !n.values.some((x) => cmp(x) === 0);
        case 'between': return cmp(n.from) >= 0 && cmp(n.to) <= 0;
      }
    }
  }
}

describe('rule language v1 compiler', () => {
  let ws: Workspace;
  const fields = fieldCatalog([
    { name: 'id', type: 'INTEGER' }, { name: 'name', type: 'VARCHAR' }, { name: 'age', type: 'INTEGER' }, { name: 'd', type: 'DATE' }, { name: 'ok', type: 'BOOLEAN' },
  ]);
  const members = async (tree: RuleNode): Promise<number[]> => {
    const bag = new ParamBag();
    const where = compileCondition(ruleNodeSchema.parse(tree), fields, bag);
    const rows = await ws.withSession(detachedContext(), (s) => s.rows<{ id: number }>(`SELECT id FROM t WHERE ${where} ORDER BY id`, bag.values));
    return rows.map((r) => r.id);
  };
  const expected = (tree: RuleNode) => ROWS.filter((r) => evaluate(tree, r)).map((r) => r.id).sort((a, b) => a - b);

  beforeAll(async () => {
    ws = await Workspace.open({ path: ':memory:', threads: 1 });
    await ws.withSession(detachedContext(), async (s) => {
      await s.run('CREATE TABLE t (id INTEGER, name VARCHAR, age INTEGER, d DATE, ok BOOLEAN)');
      for (const r of ROWS) await s.run('INSERT INTO t VALUES ($id, $name, $age, CAST($d AS DATE), $ok)', r);
    });
  });
  afterAll(() => ws.close());

  it('hostile values are matched literally and never change the statement', async () => {
    for (const value of HOSTILE) {
      for (const op of ['=', '!=', 'contains', 'starts_with'] as const) {
        const tree: RuleNode = { kind: 'field', field: 'name', op, value };
        expect(await members(tree), `${op} ${JSON.stringify(value)}`).toEqual(expected(tree));
      }
      const inTree: RuleNode = { kind: 'field', field: 'name', op: 'in', values: [value, '张三'] };
      expect(await members(inTree)).toEqual(expected(inTree));
      const notTree: RuleNode = { kind: 'not', child: { kind: 'field', field: 'name', op: 'not_in', values: [value] } };
      expect(await members(notTree)).toEqual(expected(notTree));
    }
    const [row] = await ws.withSession(detachedContext(), (s) => s.rows<{ n: bigint }>('SELECT count(*) AS n FROM t'));
    expect(Number(row!.n)).toBe(ROWS.length);
  });

  it('nested AND / OR / NOT with numbers, dates, booleans, between and emptiness agree with the evaluator', async () => {
    const trees: RuleNode[] = [
      { kind: 'and', children: [{ kind: 'field', field: 'age', op: 'between', from: 25, to: 50 }, { kind: 'not', child: { kind: 'field', field: 'ok', op: '=', value: true } }] },
      { kind: 'or', children: [{ kind: 'field', field: 'd', op: '<', value: '2026-03-01' }, { kind: 'field', field: 'name', op: 'is_empty' }] },
      { kind: 'not', child: { kind: 'or', children: [{ kind: 'field', field: 'age', op: '>=', value: 60 }, { kind: 'field', field: 'name', op: 'contains', value: "'" }] } },
      { kind: 'and', children: [] },
      { kind: 'or', children: [] },
      { kind: 'field', field: 'age', op: 'in', values: [] },
      { kind: 'field', field: 'name', op: 'is_not_empty' },
      { kind: 'all' },
    ];
    for (const tree of trees) expect(await members(tree), JSON.stringify(tree)).toEqual(expected(tree));
  });

  it('refuses unknown fields and a field name that tries to be SQL', () => {
    expect(() => compileCondition({ kind: 'field', field: 'name" OR 1=1 --', op: '=', value: 1 }, fields, new ParamBag())).toThrow(/no profile field/);
  });

  it('puts no value into the SQL text', () => {
    const bag = new ParamBag();
    const sql = compileCondition({ kind: 'and', children: HOSTILE.map((v) => ({ kind: 'field', field: 'name', op: '=', value: v })) }, fields, bag);
    for (const v of HOSTILE) if (v !== '$p0') expect(sql).not.toContain(v);
    expect(Object.values(bag.values)).toEqual(HOSTILE);
  });

  it('schema rejects malformed trees', () => {
    expect(ruleNodeSchema.safeParse({ kind: 'field', field: 'age', op: 'between', from: 1 }).success).toBe(false);
    expect(ruleNodeSchema.safeParse({ kind: 'xor', children: [] }).success).toBe(false);
  });
});
