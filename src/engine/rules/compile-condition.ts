import type { RuleNode } from '../../shared/rule-language';
import type { ColumnInfo } from '../../shared/table-types';
import type { ParamBag } from '../sql/param-bag';
import { compileSegment } from '../segments/compile-segment';
import { engineTarget } from '../segments/sql-target';

/** The columns a rule may use, by name (the profile table's columns as DuckDB reports them). */
export type FieldCatalog = ReadonlyMap<string, ColumnInfo>;

export function fieldCatalog(columns: ColumnInfo[]): FieldCatalog {
  return new Map(columns.map((c) => [c.name, c]));
}

const NO_REFS = { tags: new Map(), segments: new Map() } as const;

/**
 * Compiles a rule-language v1 tree (rules, tags, profile queries) to a boolean SQL expression over
 * the table whose columns are `fields`, with every value a bound parameter in `params`. v1 is a
 * subset of the segment language, so this is the segment compiler on the engine target, with the
 * table's columns unqualified (or qualified by `alias`) — one compiler for both.
 */
export function compileCondition(tree: RuleNode, fields: FieldCatalog, params: ParamBag, alias = ''): string {
  return compileSegment(tree, { target: engineTarget(params), asOf: '', profile: fields, profileAlias: alias, sources: new Map(), refs: NO_REFS });
}

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
