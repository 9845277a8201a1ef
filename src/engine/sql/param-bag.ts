import type { RuleValue } from '../../shared/rule-language';

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

/** The parameters a statement uses, of those bound (DuckDB refuses a named parameter a statement does not use). */
export function usedParams(sql: string, values: Record<string, string | number | boolean>): Record<string, string | number | boolean> {
  return Object.fromEntries(Object.entries(values).filter(([name]) => new RegExp(`\\$${name}(?![A-Za-z0-9_])`).test(sql)));
}
