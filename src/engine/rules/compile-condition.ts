import { AppError } from '../../shared/errors';
import { MAX_RULE_DEPTH, type FieldCondition, type RuleNode, type RuleValue } from '../../shared/rule-language';
import type { ColumnInfo } from '../../shared/table-types';
import { quoteIdent } from '../sql/identifiers';

/** Bound parameters collected while compiling; names are generated (p0, p1, …), never taken from the tree. */
export class ParamBag {
  readonly values: Record<string, string | number | boolean> = {};
  private next = 0;
  constructor(private readonly prefix = 'p') {}

  /** Adds a value and returns its placeholder ($p3). */
  bind(value: RuleValue): string {
    const name = `${this.prefix}${this.next++}`;
    this.values[name] = value;
    return `$${name}`;
  }
}

/** The columns a rule may use, by name (the profile table's columns as DuckDB reports them). */
export type FieldCatalog = ReadonlyMap<string, ColumnInfo>;

export function fieldCatalog(columns: ColumnInfo[]): FieldCatalog {
  return new Map(columns.map((c) => [c.name, c]));
}

/** A type name from DuckDB's own catalog; checked anyway, since it goes into a CAST. */
const SAFE_TYPE = /^[A-Z][A-Z0-9_ ]*(\(\d+(,\s*\d+)?\))?$/;

const isText = (type: string) => type === 'VARCHAR' || type.startsWith('VARCHAR(');

/**
 * Compiles a rule tree to a boolean SQL expression over the table whose columns are `fields`.
 * Field names must be columns of the table (quoted by the one helper); every value is a bound
 * parameter cast to the column's type, so no value can change the statement's meaning.
 * Extension point: a new node kind (tag, segment, behavioural condition) adds a case to `node`.
 */
export function compileCondition(tree: RuleNode, fields: FieldCatalog, params: ParamBag, alias?: string): string {
  const node = (n: RuleNode, depth: number): string => {
    if (depth > MAX_RULE_DEPTH) {
      throw new AppError('INVALID_ARGUMENT', `a rule may nest at most ${MAX_RULE_DEPTH} groups`, { max: MAX_RULE_DEPTH }, 'error.RULE_TOO_DEEP');
    }
    switch (n.kind) {
      case 'all':
        return 'TRUE';
      case 'and':
        return n.children.length === 0 ? 'TRUE' : `(${n.children.map((c) => node(c, depth + 1)).join(' AND ')})`;
      case 'or':
        return n.children.length === 0 ? 'FALSE' : `(${n.children.map((c) => node(c, depth + 1)).join(' OR ')})`;
      case 'not':
        // A condition on a NULL field is unknown; NOT of it must hold (SQL would leave it unknown).
        return `(NOT coalesce(${node(n.child, depth + 1)}, FALSE))`;
      case 'field':
        return `coalesce(${field(n)}, FALSE)`;
    }
  };

  const field = (c: FieldCondition): string => {
    const column = fields.get(c.field);
    if (!column) {
      throw new AppError('INVALID_ARGUMENT', `no profile field named ${c.field}`, { field: c.field }, 'error.RULE_UNKNOWN_FIELD');
    }
    if (!SAFE_TYPE.test(column.type)) {
      throw new AppError('INVALID_ARGUMENT', `field ${c.field} has a type rules cannot compare (${column.type})`, { field: c.field, type: column.type }, 'error.RULE_FIELD_TYPE');
    }
    const ident = alias ? `${quoteIdent(alias)}.${quoteIdent(column.name)}` : quoteIdent(column.name);
    const typed = (value: RuleValue) => {
      // A boolean or number compared with a text column is compared as its text.
      const placeholder = params.bind(typeof value === 'boolean' && !isText(column.type) && column.type !== 'BOOLEAN' ? String(value) : value);
      return `CAST(${placeholder} AS ${column.type})`;
    };
    const text = isText(column.type) ? ident : `CAST(${ident} AS VARCHAR)`;
    switch (c.op) {
      case '=':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
        return `${ident} ${c.op === '!=' ? '<>' : c.op} ${typed(c.value)}`;
      case 'contains':
        return `contains(${text}, CAST(${params.bind(c.value)} AS VARCHAR))`;
      case 'starts_with':
        return `starts_with(${text}, CAST(${params.bind(c.value)} AS VARCHAR))`;
      case 'in':
      case 'not_in': {
        if (c.values.length === 0) return c.op === 'in' ? 'FALSE' : `${ident} IS NOT NULL`;
        const list = c.values.map(typed).join(', ');
        return `${ident} ${c.op === 'in' ? 'IN' : 'NOT IN'} (${list})`;
      }
      case 'between':
        return `${ident} BETWEEN ${typed(c.from)} AND ${typed(c.to)}`;
      case 'is_empty':
        return isText(column.type) ? `(${ident} IS NULL OR ${ident} = '')` : `${ident} IS NULL`;
      case 'is_not_empty':
        return isText(column.type) ? `(${ident} IS NOT NULL AND ${ident} <> '')` : `${ident} IS NOT NULL`;
    }
  };

  return node(tree, 0);
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
