import type { SegmentNode } from './segment-types';

/**
 * A rule with every transactions `activity` condition's `postings` written out: a condition saved
 * before the choice existed means every posting ('all'), the same as one that says so. Comparing
 * versions compares meanings, so re-saving an old rule (the builder writes the choice) is no change.
 */
export function withExplicitPostings(node: SegmentNode): SegmentNode {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { ...node, children: node.children.map(withExplicitPostings) };
    case 'not':
      return { ...node, child: withExplicitPostings(node.child) };
    case 'activity':
      return node.source === 'transactions' && node.postings === undefined ? { ...node, postings: 'all' } : node;
    default:
      return node;
  }
}
