/**
 * A text key for JSON-like params that does not depend on the order properties were written in,
 * so `{a, b}` and `{b, a}` share one cached query. Undefined properties are left out, as JSON does.
 */
export function stableKey(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
    return sorted;
  }) ?? 'undefined';
}
