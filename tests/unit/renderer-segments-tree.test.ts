import { describe, expect, it } from 'vitest';
import {
  appendChild,
  compileTree,
  conditionNode,
  conditionsInOrder,
  duplicateNode,
  emptyTree,
  groupNode,
  moveInto,
  moveNode,
  removeNode,
  setGroupOp,
  toggleEnabled,
  toggleNegated,
  treeFromRule,
  updateDraft,
  wrapInGroup,
  type GroupNode,
} from '../../src/renderer/components/segments/rule-tree';
import { versionChanges } from '../../src/renderer/components/segments/version-changes';
import { segmentNodeSchema, type SegmentCondition } from '../../src/shared/segment-types';

/** Drafts here are simply field names: "age" compiles to age >= 1; "" does not compile. */
type D = string;
const compile = (draft: D) => (draft === '' ? ({ ok: false, problem: 'noField' } as const) : ({ ok: true, rule: { kind: 'field', field: draft, op: '>=', value: 1 } } as const));
const names = (tree: GroupNode<D>) => conditionsInOrder(tree).map((c) => c.node.draft);

function sample() {
  const a = conditionNode<D>('a');
  const b = conditionNode<D>('b');
  const c = conditionNode<D>('c');
  const or = groupNode<D>('or', [b, c]);
  const root: GroupNode<D> = { ...emptyTree<D>(), children: [a, or] };
  return { root, a, b, c, or };
}

describe('segment rule tree edits', () => {
  it('adds, nests, removes and numbers conditions depth first', () => {
    const { root, or } = sample();
    expect(names(root)).toEqual(['a', 'b', 'c']);
    const added = appendChild(root, or.id, conditionNode<D>('d'));
    expect(names(added)).toEqual(['a', 'b', 'c', 'd']);
    expect(conditionsInOrder(added).map((c) => c.depth)).toEqual([0, 1, 1, 1]);
    // An unknown group id appends to the root.
    expect(names(appendChild(root, 'nope', conditionNode<D>('z')))).toEqual(['a', 'b', 'c', 'z']);
    expect(names(removeNode(added, or.id))).toEqual(['a']);
    // The root cannot be removed.
    expect(removeNode(root, root.id)).toBe(root);
  });

  it('reorders among siblings and ignores moves out of range', () => {
    const { root, a, c } = sample();
    const down = moveNode(root, a.id, 1);
    expect(down.children[1]!.id).toBe(a.id);
    expect(moveNode(root, a.id, -1)).toBe(root);
    const up = moveNode(root, c.id, -1);
    expect(names(up)).toEqual(['a', 'c', 'b']);
  });

  it('moves a node into another group (drag and drop), never into itself', () => {
    const { root, a, or } = sample();
    const moved = moveInto(root, a.id, or.id, 0);
    expect(names(moved)).toEqual(['a', 'b', 'c']);
    expect(moved.children).toHaveLength(1);
    expect(moveInto(root, or.id, or.id)).toBe(root);
    const inner = groupNode<D>('and', []);
    const withInner = appendChild(root, or.id, inner);
    expect(moveInto(withInner, or.id, inner.id)).toBe(withInner);
  });

  it('duplicates with fresh ids right after the original', () => {
    const { root, or } = sample();
    const copy = duplicateNode(root, or.id);
    expect(names(copy)).toEqual(['a', 'b', 'c', 'b', 'c']);
    const ids = conditionsInOrder(copy).map((c) => c.node.id);
    expect(new Set(ids).size).toBe(5);
  });

  it('wraps a condition in a group of the other combinator', () => {
    const { root, a } = sample();
    const wrapped = wrapInGroup(root, a.id);
    const group = wrapped.children[0]!;
    expect(group.type).toBe('group');
    if (group.type === 'group') {
      expect(group.op).toBe('or');
      expect(group.children[0]!.id).toBe(a.id);
    }
  });

  it('switches nodes off without dropping them, and edits drafts', () => {
    const { root, b } = sample();
    const off = toggleEnabled(root, b.id);
    expect(conditionsInOrder(off).map((c) => c.active)).toEqual([true, false, true]);
    const edited = updateDraft(root, b.id, () => 'bb');
    expect(names(edited)).toEqual(['a', 'bb', 'c']);
  });
});

describe('segment rule tree compile', () => {
  it('compiles to a valid segment rule with node ids, switched-off nodes kept as enabled:false', () => {
    const { root, a, b, or } = sample();
    const tree = toggleNegated(toggleEnabled(root, b.id), or.id);
    const result = compileTree(tree, compile);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(segmentNodeSchema.safeParse(result.rule).success).toBe(true);
    expect(result.rule).toMatchObject({
      kind: 'and',
      children: [
        { kind: 'field', field: 'a', id: a.id },
        { kind: 'not', id: or.id, child: { kind: 'or', children: [{ field: 'b', enabled: false }, { field: 'c' }] } },
      ],
    });
  });

  it('reports every switched-on condition that does not compile; a switched-off one is dropped', () => {
    const { root, b, c } = sample();
    const broken = updateDraft(updateDraft(root, b.id, () => ''), c.id, () => '');
    const result = compileTree(broken, compile);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.id)).toEqual([b.id, c.id]);
    const offB = toggleEnabled(updateDraft(root, b.id, () => ''), b.id);
    const ok = compileTree(offB, compile);
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(JSON.stringify(ok.rule)).not.toContain(b.id);
  });

  it('round-trips through treeFromRule with the same ids, switches and NOT', () => {
    const { root, b, or } = sample();
    const tree = setGroupOp(toggleNegated(toggleEnabled(root, b.id), or.id), root.id, 'or');
    const first = compileTree(tree, compile);
    if (!first.ok) throw new Error('did not compile');
    const back = treeFromRule<D>(first.rule, (leaf: SegmentCondition) => (leaf.kind === 'field' ? leaf.field : '?'));
    expect(back.op).toBe('or');
    const again = compileTree(back, compile);
    expect(again).toEqual(first);
  });

  it('opens a bare condition or "all" as a root group', () => {
    const single = treeFromRule<D>({ kind: 'field', field: 'x', op: '=', value: 1 }, () => 'x');
    expect(single.type).toBe('group');
    expect(names(single)).toEqual(['x']);
    expect(treeFromRule<D>({ kind: 'all' }, () => '').children).toEqual([]);
    const empty = compileTree(emptyTree<D>(), compile);
    expect(empty.ok && empty.rule).toMatchObject({ kind: 'and', children: [] });
  });
});

describe('segment version changes', () => {
  it('names renames, owner changes and per-condition edits by id', () => {
    const age = (v: number, enabled = true) => ({ kind: 'field' as const, id: 'c1', field: 'age', op: '>=' as const, value: v, ...(enabled ? {} : { enabled: false }) });
    const tag = { kind: 'tag' as const, id: 'c2', tag: 'vip', member: true };
    const v1 = { name: 'A', description: '', owner: 'x', rule: { kind: 'and' as const, children: [age(30), tag] } };
    expect(versionChanges(null, v1)).toEqual([{ kind: 'created' }]);
    expect(versionChanges(v1, v1)).toEqual([{ kind: 'none' }]);
    const v2 = { name: 'B', description: 'd', owner: 'y', rule: { kind: 'and' as const, children: [age(45)] } };
    expect(versionChanges(v1, v2).map((c) => c.kind)).toEqual(['renamed', 'description', 'owner', 'changed', 'removed']);
    const v3 = { ...v1, rule: { kind: 'and' as const, children: [age(30, false), tag] } };
    expect(versionChanges(v1, v3)).toEqual([{ kind: 'off', condition: age(30, false) }]);
    const regrouped = { ...v1, rule: { kind: 'or' as const, children: [age(30), tag] } };
    expect(versionChanges(v1, regrouped)).toEqual([{ kind: 'rule' }]);
  });
});
