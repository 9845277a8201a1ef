import type { RuleNode } from '../../shared/rule-language';

/** The fields a tree refers to (to tell whether a tag applies to a profile that lacks a column). */
export function fieldsOf(tree: RuleNode): string[] {
  switch (tree.kind) {
    case 'all':
      return [];
    case 'and':
    case 'or':
      return tree.children.flatMap(fieldsOf);
    case 'not':
      return fieldsOf(tree.child);
    case 'field':
      return [tree.field];
  }
}
