/**
 * Seeded pseudo-random numbers as SQL expressions. Every draw is a hash of (key columns, seed, salt),
 * never random(): the value of a cell depends only on the seed and the row's identity, so the
 * generated bank is identical for the same seed whatever the thread count or scan order.
 */

import { sqlStringLiteral } from '../sql/literals';

/** A SQL list literal of constant strings. */
export function sqlStringList(values: readonly string[]): string {
  return `[${values.map(sqlStringLiteral).join(', ')}]`;
}

/** A SQL numeric literal for a constant written in this code. */
export function sqlNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return String(value);
}

/**
 * Uniform in [0, 1): the top 53 bits of the hash, so the double never rounds up to 1.0.
 * `keys` are SQL expressions (row identity); `salt` names the draw so different draws are independent.
 */
export function uniform(salt: string, ...keys: string[]): string {
  return `((${mixedHash(salt, keys)} >> 11)::DOUBLE / 9007199254740992.0)`;
}

/**
 * DuckDB combines the hashes of several arguments as (h1 · K) XOR h2, so hash(i, seed, 'a') and
 * hash(i, seed, 'b') differ by a constant XOR mask: their top bits would be strongly correlated.
 * Hashing the combined value again runs it through the murmur finaliser and decorrelates the draws.
 */
function mixedHash(salt: string, keys: string[]): string {
  return `hash(hash(${[...keys, '$seed::BIGINT', sqlStringLiteral(salt)].join(', ')}))`;
}

/** Uniform in (0, 1): safe for ln(). */
export function uniformOpen(salt: string, ...keys: string[]): string {
  return `(((${mixedHash(salt, keys)} >> 11)::DOUBLE + 0.5) / 9007199254740992.0)`;
}

/** Standard normal (Box–Muller) from two independent hashed uniforms. */
export function normal(salt: string, ...keys: string[]): string {
  return `(sqrt(-2 * ln(${uniformOpen(`${salt}.r`, ...keys)})) * cos(2 * pi() * ${uniform(`${salt}.t`, ...keys)}))`;
}

/**
 * Picks a value by weight: CASE WHEN u < c1 THEN v1 … ELSE vn END. `u` is a uniform SQL expression
 * (usually a column computed once); values are SQL expressions (use sqlStringLiteral for text).
 */
export function pickWeighted(u: string, choices: ReadonlyArray<readonly [string, number]>): string {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let cumulative = 0;
  const whens: string[] = [];
  choices.forEach(([value, weight], index) => {
    cumulative += weight;
    if (index < choices.length - 1) whens.push(`WHEN ${u} < ${sqlNumber(cumulative / total)} THEN ${value}`);
  });
  const last = choices[choices.length - 1];
  if (!last) throw new Error('pickWeighted needs at least one choice');
  return whens.length === 0 ? last[0] : `(CASE ${whens.join(' ')} ELSE ${last[0]} END)`;
}

/** pickWeighted over constant strings. */
export function pickText(u: string, choices: ReadonlyArray<readonly [string, number]>): string {
  return pickWeighted(
    u,
    choices.map(([value, weight]) => [sqlStringLiteral(value), weight] as const),
  );
}

/** Uniform pick from a constant list: list[1 + floor(u * n)]. */
export function pickUniform(u: string, values: readonly string[]): string {
  return `${sqlStringList(values)}[1 + floor(${u} * ${values.length})::INTEGER]`;
}
