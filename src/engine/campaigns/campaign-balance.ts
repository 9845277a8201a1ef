import { PROFILE_TABLE } from '../../shared/customer-types';
import type { CampaignBuild } from '../../shared/campaign-types';
import type { Workbench } from '../segments/segment-context';
import { quoteIdent } from '../sql/identifiers';
import { typeFamily } from '../sql/type-family';
import type { Session } from '../workspace';

/** The fields the balance table compares, where the profile has them (numeric; booleans as 0/1). */
export const BALANCE_FIELDS = ['aum_latest', 'age', 'tenure_months', 'product_count', 'txn_count_12m', 'payroll_flag', 'is_dormant'] as const;

/**
 * Standardised mean differences of the key fields between treatment and control:
 * (mean_t − mean_c) / sqrt((var_t + var_c) / 2); |smd| < 0.1 is the usual "balanced".
 * Without a control group the control columns are null.
 */
export async function campaignBalance(session: Session, candidates: string, wb: Workbench): Promise<CampaignBuild['balance']> {
  const fields = BALANCE_FIELDS.filter((f) => {
    const column = wb.profile.get(f);
    return column && (typeFamily(column.type) === 'number' || typeFamily(column.type) === 'boolean');
  });
  if (!fields.length) return [];
  const value = (f: string) => `CAST(p.${quoteIdent(f)} AS DOUBLE)`;
  const aggregates = fields.flatMap((f, i) => [`avg(${value(f)}) AS m${i}`, `var_samp(${value(f)}) AS v${i}`]);
  const rows = await session.rows<Record<string, number | string | null>>(
    `SELECT c.arm, ${aggregates.join(', ')} FROM ${candidates} c JOIN ${quoteIdent(PROFILE_TABLE)} p ON p.customer_id = c.customer_id WHERE c.drop_step IS NULL GROUP BY c.arm`,
  );
  const of = (arm: string) => rows.find((r) => r.arm === arm) ?? null;
  const t = of('treatment');
  const c = of('control');
  const n = (r: Record<string, number | string | null> | null, key: string) => (r && r[key] !== null && r[key] !== undefined ? Number(r[key]) : null);
  return fields.map((field, i) => {
    const mt = n(t, `m${i}`);
    const mc = n(c, `m${i}`);
    const pooled = Math.sqrt(((n(t, `v${i}`) ?? 0) + (n(c, `v${i}`) ?? 0)) / 2);
    const smd = mt === null || mc === null ? null : pooled > 0 ? (mt - mc) / pooled : mt === mc ? 0 : null;
    return { field, treatmentMean: mt, controlMean: mc, smd };
  });
}
