import { CANONICAL_MODEL } from '../../shared/canonical-model';
import { PROFILE_TABLE } from '../../shared/customer-types';
import type { SqlDialect } from '../../shared/segment-types';
import { tierThresholds } from '../rules/apply-rules';
import { ruleColumnsSql } from '../rules/rule-sql';
import { currentRules } from '../rules/rule-store';
import { warehouseDialect } from '../sql/warehouse-dialect';
import type { Session } from '../workspace';
import { customerColumns, sourceShape } from './build-profile';
import { assembleSql, profileSteps } from './profile-sql';

export interface WarehouseProfile {
  /** `name AS (…)` entries for a WITH clause; the last one is customer_profile. */
  ctes: string[];
  /** The source tables the SQL reads. */
  tables: string[];
  warnings: string[];
}

const CANONICAL_CUSTOMER_COLUMNS = new Set(CANONICAL_MODEL.customers.columns.map((c) => c.name));

/**
 * customer_profile as of `asOf`, written for a warehouse over its canonical tables: the same steps
 * and the same rules (their current versions) the engine builds it with, so a segment's exported
 * SQL needs nothing the workbench derived. The source shape is the workspace's (the extract came
 * from the warehouse, so its columns are the warehouse's, under the canonical names); the
 * customers' own columns are the canonical ones plus any other that `keepColumn` asks for.
 */
export async function warehouseProfile(
  session: Session,
  input: { dialect: SqlDialect; asOf: string; schema?: string | undefined; keepColumn: (name: string) => boolean },
): Promise<WarehouseProfile> {
  const shape = await sourceShape(session);
  const d = warehouseDialect(input.dialect, { asOf: input.asOf, schema: input.schema });
  const warnings: string[] = [];
  const own = (await customerColumns(session)).filter((c) => CANONICAL_CUSTOMER_COLUMNS.has(c) || input.keepColumn(c));
  const extra = own.filter((c) => !CANONICAL_CUSTOMER_COLUMNS.has(c));
  if (extra.length > 0) warnings.push(`customers needs the columns ${extra.join(', ')}, which are not in the canonical model`);

  const rules = await currentRules(session);
  const tier = rules.value_tier.definition;
  const thresholds = await tierThresholds(session, tier);
  if (tier.method === 'quantiles') {
    warnings.push(`value tiers use the AUM thresholds this workspace's quantiles give (VIP ≥ ${thresholds.vipMin}, potential ≥ ${thresholds.potentialMin}), not the warehouse's quantiles`);
  }
  const rulesSql = ruleColumnsSql(
    { invalid: rules.invalid.definition, dormant: rules.dormant.definition, value_tier: tier, lifecycle: rules.lifecycle.definition },
    thresholds,
    d,
  );
  const ctes = [
    ...profileSteps(d, shape).map((step) => `${step.name} AS (\n${step.sql}\n)`),
    `_p_profile AS (\n${assembleSql(d, shape, own)}\n)`,
    `${PROFILE_TABLE} AS (\nSELECT q.*,\n  ${rulesSql.map(([column, expr]) => `${expr} AS ${column}`).join(',\n  ')}\nFROM _p_profile q\n)`,
  ];
  return { ctes, tables: Object.keys(shape).sort(), warnings };
}
