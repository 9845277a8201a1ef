import type { SegmentCondition, SegmentNode } from '../../../shared/segment-types';

/**
 * The segment builder's editable tree: AND / OR groups (each may be negated) of conditions, every
 * node with a stable id (React keys, test hooks) and an on/off switch. A switched-off node stays in
 * the editor but not in the rule the engine counts. Pure functions, no React: each edit returns a
 * new tree, so undo and comparisons are cheap and the logic is unit-tested
 * (tests/unit/renderer-segments-tree.test.ts).
 *
 * The tree is generic in the condition draft D (what the analyst typed for one condition); turning
 * a draft into a rule-language node is the caller's `compile` (see condition-draft.ts).
 */
export type GroupOp = 'and' | 'or';

export interface GroupNode<D> {
  id: string;
  type: 'group';
  op: GroupOp;
  /** NOT ( … ): the group matches those the children do not. */
  negated: boolean;
  enabled: boolean;
  children: Array<TreeNode<D>>;
}

export interface ConditionNode<D> {
  id: string;
  type: 'condition';
  enabled: boolean;
  draft: D;
}

export type TreeNode<D> = GroupNode<D> | ConditionNode<D>;

let counter = 0;
/** A fresh node id, unique in this renderer session. */
export function newId(prefix = 'n'): string {
  counter += 1;
  return `${prefix}${counter.toString(36)}`;
}

export function emptyTree<D>(op: GroupOp = 'and'): GroupNode<D> {
  return { id: newId('g'), type: 'group', op, negated: false, enabled: true, children: [] };
}

export function conditionNode<D>(draft: D): ConditionNode<D> {
  return { id: newId('c'), type: 'condition', enabled: true, draft };
}

export function groupNode<D>(op: GroupOp, children: Array<TreeNode<D>> = [], negated = false): GroupNode<D> {
  return { id: newId('g'), type: 'group', op, negated, enabled: true, children };
}

/** Applies `fn` to the node with `id` (returning its replacement, or null to drop it). */
function mapNode<D>(tree: GroupNode<D>, id: string, fn: (node: TreeNode<D>) => TreeNode<D> | null): GroupNode<D> {
  if (tree.id === id) {
    const replaced = fn(tree);
    // The root cannot be removed or replaced by a condition.
    return replaced && replaced.type === 'group' ? replaced : tree;
  }
  const walk = (group: GroupNode<D>): GroupNode<D> => {
    let changed = false;
    const children: Array<TreeNode<D>> = [];
    for (const child of group.children) {
      if (child.id === id) {
        changed = true;
        const next = fn(child);
        if (next) children.push(next);
      } else if (child.type === 'group') {
        const next = walk(child);
        if (next !== child) changed = true;
        children.push(next);
      } else children.push(child);
    }
    return changed ? { ...group, children } : group;
  };
  return walk(tree);
}

export function findNode<D>(tree: GroupNode<D>, id: string): TreeNode<D> | null {
  if (tree.id === id) return tree;
  for (const child of tree.children) {
    if (child.id === id) return child;
    if (child.type === 'group') {
      const found = findNode(child, id);
      if (found) return found;
    }
  }
  return null;
}

/** The group that holds `id`, or null for the root / an unknown id. */
export function parentOf<D>(tree: GroupNode<D>, id: string): GroupNode<D> | null {
  for (const child of tree.children) {
    if (child.id === id) return tree;
    if (child.type === 'group') {
      const found = parentOf(child, id);
      if (found) return found;
    }
  }
  return null;
}

/** Appends `node` to the group `groupId` (the root when it is not a group). */
export function appendChild<D>(tree: GroupNode<D>, groupId: string, node: TreeNode<D>): GroupNode<D> {
  const target = findNode(tree, groupId);
  const id = target && target.type === 'group' ? groupId : tree.id;
  return mapNode(tree, id, (group) => (group.type === 'group' ? { ...group, children: [...group.children, node] } : group));
}

export function removeNode<D>(tree: GroupNode<D>, id: string): GroupNode<D> {
  return mapNode(tree, id, () => null);
}

export function updateDraft<D>(tree: GroupNode<D>, id: string, update: (draft: D) => D): GroupNode<D> {
  return mapNode(tree, id, (node) => (node.type === 'condition' ? { ...node, draft: update(node.draft) } : node));
}

export function toggleEnabled<D>(tree: GroupNode<D>, id: string): GroupNode<D> {
  return mapNode(tree, id, (node) => ({ ...node, enabled: !node.enabled }));
}

export function setGroupOp<D>(tree: GroupNode<D>, id: string, op: GroupOp): GroupNode<D> {
  return mapNode(tree, id, (node) => (node.type === 'group' ? { ...node, op } : node));
}

export function toggleNegated<D>(tree: GroupNode<D>, id: string): GroupNode<D> {
  return mapNode(tree, id, (node) => (node.type === 'group' ? { ...node, negated: !node.negated } : node));
}

/** A deep copy with fresh ids. */
export function cloneWithNewIds<D>(node: TreeNode<D>): TreeNode<D> {
  if (node.type === 'condition') return { ...node, id: newId('c'), draft: structuredCloneSafe(node.draft) };
  return { ...node, id: newId('g'), children: node.children.map(cloneWithNewIds) };
}

function structuredCloneSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Inserts a copy right after the node. */
export function duplicateNode<D>(tree: GroupNode<D>, id: string): GroupNode<D> {
  const parent = parentOf(tree, id);
  if (!parent) return tree;
  return mapNode(tree, parent.id, (group) => {
    if (group.type !== 'group') return group;
    const children: Array<TreeNode<D>> = [];
    for (const child of group.children) {
      children.push(child);
      if (child.id === id) children.push(cloneWithNewIds(child));
    }
    return { ...group, children };
  });
}

/** Moves a node up (-1) or down (+1) among its siblings; out of range is a no-op. */
export function moveNode<D>(tree: GroupNode<D>, id: string, delta: -1 | 1): GroupNode<D> {
  const parent = parentOf(tree, id);
  if (!parent) return tree;
  const index = parent.children.findIndex((c) => c.id === id);
  const target = index + delta;
  if (target < 0 || target >= parent.children.length) return tree;
  return mapNode(tree, parent.id, (group) => {
    if (group.type !== 'group') return group;
    const children = [...group.children];
    const [moved] = children.splice(index, 1);
    children.splice(target, 0, moved!);
    return { ...group, children };
  });
}

/** Moves a node into another group (drag and drop), at `index` (the end by default). No-op into itself. */
export function moveInto<D>(tree: GroupNode<D>, id: string, groupId: string, index?: number): GroupNode<D> {
  const node = findNode(tree, id);
  if (!node || node.id === tree.id) return tree;
  if (node.type === 'group' && findNode(node, groupId)) return tree;
  const target = findNode(tree, groupId);
  if (!target || target.type !== 'group') return tree;
  const without = removeNode(tree, id);
  return mapNode(without, groupId, (group) => {
    if (group.type !== 'group') return group;
    const children = [...group.children];
    const at = index === undefined ? children.length : Math.max(0, Math.min(index, children.length));
    children.splice(at, 0, node);
    return { ...group, children };
  });
}

/** Wraps a node in a new group of the other combinator ("nest"): a AND b → a AND (b OR …). */
export function wrapInGroup<D>(tree: GroupNode<D>, id: string): GroupNode<D> {
  const parent = parentOf(tree, id);
  if (!parent) return tree;
  const op: GroupOp = parent.op === 'and' ? 'or' : 'and';
  return mapNode(tree, id, (node) => groupNode(op, [node]));
}

/** Conditions in reading order (depth first), with their depth: the numbering the UI and tests use. */
export function conditionsInOrder<D>(tree: GroupNode<D>): Array<{ node: ConditionNode<D>; depth: number; active: boolean }> {
  const out: Array<{ node: ConditionNode<D>; depth: number; active: boolean }> = [];
  const walk = (group: GroupNode<D>, depth: number, active: boolean) => {
    for (const child of group.children) {
      const on = active && child.enabled;
      if (child.type === 'condition') out.push({ node: child, depth, active: on });
      else walk(child, depth + 1, on);
    }
  };
  walk(tree, 0, tree.enabled);
  return out;
}

/** A leaf of the segment rule language without its node meta (id, enabled), as a draft compiles to it. */
export type LeafRule = DistributiveOmit<SegmentCondition, 'id' | 'enabled' | 'label'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type CompileResult<P> = { ok: true; rule: SegmentNode } | { ok: false; problems: Array<{ id: string; problem: P }> };

/**
 * The tree as a segment rule: every node carries its editor id (the waterfall names its steps by
 * it) and switched-off nodes stay in the rule with `enabled: false` (the engine skips them, and a
 * saved segment keeps them). A negated group is NOT (group). The root is always an AND / OR group,
 * so the waterfall has one step per top-level condition. Every switched-on condition must compile,
 * else the problems (by node id) come back; a switched-off one that does not compile is left out.
 */
export function compileTree<D, P>(tree: GroupNode<D>, compile: (draft: D) => { ok: true; rule: LeafRule } | { ok: false; problem: P }): CompileResult<P> {
  const problems: Array<{ id: string; problem: P }> = [];
  const meta = (node: TreeNode<D>) => (node.enabled ? { id: node.id } : { id: node.id, enabled: false as const });
  const walk = (node: TreeNode<D>, active: boolean): SegmentNode | null => {
    const on = active && node.enabled;
    if (node.type === 'condition') {
      const result = compile(node.draft);
      if (result.ok) return { ...result.rule, ...meta(node) } as SegmentNode;
      if (on) problems.push({ id: node.id, problem: result.problem });
      return null;
    }
    const children = node.children.map((child) => walk(child, on)).filter((c): c is SegmentNode => c !== null);
    if (!node.negated) return { kind: node.op, children, ...meta(node) };
    // The NOT carries the id and switch; the group inside is plain.
    return { kind: 'not', child: { kind: node.op, children }, ...meta(node) };
  };
  const rule = walk(tree, true);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, rule: rule ?? { kind: 'all' } };
}

/** A saved rule back into an editable tree (opening a saved segment); `leaf` turns a condition into a draft. */
export function treeFromRule<D>(rule: SegmentNode, leaf: (node: SegmentCondition) => D): GroupNode<D> {
  const idOf = (node: { id?: string | undefined }, prefix: string) => node.id ?? newId(prefix);
  const enabledOf = (node: { enabled?: boolean | undefined }) => node.enabled !== false;
  const asNode = (node: SegmentNode): TreeNode<D> => {
    switch (node.kind) {
      case 'and':
      case 'or':
        return { id: idOf(node, 'g'), type: 'group', op: node.kind, negated: false, enabled: enabledOf(node), children: node.children.map(asNode) };
      case 'not': {
        const inner = asNode(node.child);
        if (inner.type === 'group' && !inner.negated && inner.enabled) return { ...inner, id: idOf(node, 'g'), negated: true, enabled: enabledOf(node) };
        return { id: idOf(node, 'g'), type: 'group', op: 'and', negated: true, enabled: enabledOf(node), children: [inner] };
      }
      case 'all':
        return { id: idOf(node, 'g'), type: 'group', op: 'and', negated: false, enabled: enabledOf(node), children: [] };
      default:
        return { id: idOf(node, 'c'), type: 'condition', enabled: enabledOf(node), draft: leaf(node) };
    }
  };
  const root = asNode(rule);
  return root.type === 'group' ? root : { id: newId('g'), type: 'group', op: 'and', negated: false, enabled: true, children: [root] };
}
