import type { SegmentCondition, SegmentNode } from '../../shared/segment-types';

/**
 * Switched-off nodes are skipped: a node with `enabled: false` disappears, and so does a group
 * (or NOT) that is left with nothing because of it. A group that was empty to begin with keeps its
 * v1 meaning (AND of nothing: true; OR of nothing: false). null: nothing is left.
 */
export function pruneDisabled(node: SegmentNode): SegmentNode | null {
  if (node.enabled === false) return null;
  switch (node.kind) {
    case 'and':
    case 'or': {
      if (node.children.length === 0) return node;
      const children = node.children.map(pruneDisabled).filter((c): c is SegmentNode => c !== null);
      return children.length === 0 ? null : { ...node, children };
    }
    case 'not': {
      const child = pruneDisabled(node.child);
      return child === null ? null : { ...node, child };
    }
    default:
      return node;
  }
}

export function isGroup(node: SegmentNode): node is Extract<SegmentNode, { kind: 'and' | 'or' | 'not' | 'all' }> {
  return node.kind === 'and' || node.kind === 'or' || node.kind === 'not' || node.kind === 'all';
}

/** Every condition (leaf) of a tree, switched-off ones included, with its path. */
export function conditionsOf(node: SegmentNode, path = ''): Array<{ path: string; node: SegmentCondition }> {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.children.flatMap((c, i) => conditionsOf(c, `${path}children[${i}].`));
    case 'not':
      return conditionsOf(node.child, `${path}child.`);
    case 'all':
      return [];
    default:
      return [{ path: path.replace(/\.$/, '') || '(root)', node }];
  }
}

/** Saved segments a tree refers to (directly). */
export function segmentRefsOf(node: SegmentNode): string[] {
  return conditionsOf(node).flatMap(({ node: c }) => (c.kind === 'segment' ? [c.segment] : []));
}

export function tagRefsOf(node: SegmentNode): string[] {
  return conditionsOf(node).flatMap(({ node: c }) => (c.kind === 'tag' ? [c.tag] : []));
}
