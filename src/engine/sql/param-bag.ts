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
