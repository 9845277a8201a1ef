import { z } from 'zod';

/**
 * The rule language, v1: a typed JSON tree of AND / OR / NOT groups over conditions on
 * `customer_profile` fields. The engine compiles it to a WHERE clause with every value a bound
 * parameter (src/engine/conditions/compile-condition.ts); nothing in a tree is ever pasted into SQL
 * except a field name, which must be a column of the profile and goes through the quoting helper.
 *
 * Nodes are a union discriminated on `kind`, so later kinds (tag membership, segment membership,
 * behavioural conditions over transactions — the segment issue) are added as new members without
 * changing the existing ones.
 *
 * Example — "payroll customers aged 30–45 who are not VIP":
 * ```json
 * { "kind": "and", "children": [
 *   { "kind": "field", "field": "payroll_flag", "op": "=", "value": true },
 *   { "kind": "field", "field": "age", "op": "between", "from": 30, "to": 45 },
 *   { "kind": "not", "child": { "kind": "field", "field": "value_tier", "op": "=", "value": "vip" } } ] }
 * ```
 */
export const RULE_LANGUAGE_VERSION = 1;

/** Scalars a condition compares with. Dates are 'YYYY-MM-DD' strings (cast to the column's type). */
export const ruleValueSchema = z.union([z.string().max(10_000), z.number().finite(), z.boolean()]);
export type RuleValue = z.infer<typeof ruleValueSchema>;

export const COMPARISON_OPS = ['=', '!=', '<', '<=', '>', '>='] as const;
export const RULE_OPS = [...COMPARISON_OPS, 'in', 'not_in', 'between', 'is_empty', 'is_not_empty', 'contains', 'starts_with'] as const;
export type RuleOp = (typeof RULE_OPS)[number];

/** A profile field name as stored (checked against the profile's columns when compiled). */
export const fieldNameSchema = z.string().min(1).max(200);

/** field op value: = ≠ < ≤ > ≥, contains, starts with. */
export const scalarConditionSchema = z.object({
  kind: z.literal('field'),
  field: fieldNameSchema,
  op: z.enum([...COMPARISON_OPS, 'contains', 'starts_with']),
  value: ruleValueSchema,
});
/** field in / not in a list (an empty list: `in` matches nobody, `not in` everybody with a value). */
export const listConditionSchema = z.object({
  kind: z.literal('field'),
  field: fieldNameSchema,
  op: z.enum(['in', 'not_in']),
  values: z.array(ruleValueSchema).max(10_000),
});
/** from ≤ field ≤ to (both ends included). */
export const betweenConditionSchema = z.object({
  kind: z.literal('field'),
  field: fieldNameSchema,
  op: z.literal('between'),
  from: ruleValueSchema,
  to: ruleValueSchema,
});
/** is empty: NULL, or '' for text. */
export const emptyConditionSchema = z.object({
  kind: z.literal('field'),
  field: fieldNameSchema,
  op: z.enum(['is_empty', 'is_not_empty']),
});

export const fieldConditionSchema = z.union([scalarConditionSchema, listConditionSchema, betweenConditionSchema, emptyConditionSchema]);
export type FieldCondition = z.infer<typeof fieldConditionSchema>;

export type RuleNode =
  | FieldCondition
  | { kind: 'and'; children: RuleNode[] }
  | { kind: 'or'; children: RuleNode[] }
  | { kind: 'not'; child: RuleNode }
  /** Always true (an empty builder; "everybody"). */
  | { kind: 'all' };

export const MAX_RULE_DEPTH = 20;

export const ruleNodeSchema: z.ZodType<RuleNode> = z.lazy(() =>
  z.union([
    fieldConditionSchema,
    z.object({ kind: z.literal('and'), children: z.array(ruleNodeSchema).max(500) }),
    z.object({ kind: z.literal('or'), children: z.array(ruleNodeSchema).max(500) }),
    z.object({ kind: z.literal('not'), child: ruleNodeSchema }),
    z.object({ kind: z.literal('all') }),
  ]),
);

/** Shorthands used by built-in tags and tests. */
export const rule = {
  and: (...children: RuleNode[]): RuleNode => ({ kind: 'and', children }),
  or: (...children: RuleNode[]): RuleNode => ({ kind: 'or', children }),
  not: (child: RuleNode): RuleNode => ({ kind: 'not', child }),
  eq: (field: string, value: RuleValue): RuleNode => ({ kind: 'field', field, op: '=', value }),
  cmp: (field: string, op: (typeof COMPARISON_OPS)[number], value: RuleValue): RuleNode => ({ kind: 'field', field, op, value }),
  in: (field: string, values: RuleValue[]): RuleNode => ({ kind: 'field', field, op: 'in', values }),
  between: (field: string, from: RuleValue, to: RuleValue): RuleNode => ({ kind: 'field', field, op: 'between', from, to }),
};
