import { PROFILE_TABLE } from '../../shared/customer-types';
import { columnExists, tableExists } from '../profile/profile-meta';
import { AppError } from '../../shared/errors';
import type { ExperimentReport, Uplift } from '../../shared/model-types';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';
import { newcombeDifferenceInterval, relativeUplift, sampleRatioMismatch, twoProportionZTest, wilsonInterval } from './proportion-tests';

/**
 * A campaign's read-out against its control group, from `contacts`: every arm that is not
 * `control` was contacted (cells such as sms / phone are arms too); the uplift compares all of
 * them together with the control. A customer counts once per arm; a response counts when it
 * came within `withinDays` of the contact (any recorded response when not given).
 */

interface ArmCount {
  arm: string;
  customers: number;
  responders: number;
}

const CONTROL = 'control';

function armResult(a: ArmCount) {
  return { arm: a.arm, customers: a.customers, responders: a.responders, rate: a.customers ? a.responders / a.customers : 0, interval: wilsonInterval(a.responders, a.customers) };
}

export function upliftOf(treatment: ArmCount, control: ArmCount): Uplift | null {
  if (treatment.customers === 0 || control.customers === 0) return null;
  const test = twoProportionZTest(treatment.responders, treatment.customers, control.responders, control.customers);
  const relative = relativeUplift(treatment.responders, treatment.customers, control.responders, control.customers);
  return {
    treatment: armResult(treatment),
    control: armResult(control),
    absolute: test.difference,
    absoluteInterval: newcombeDifferenceInterval(treatment.responders, treatment.customers, control.responders, control.customers),
    relative: relative?.estimate ?? null,
    relativeInterval: relative?.interval ?? null,
    z: test.z,
    p: test.pTwoSided,
    incrementalResponders: test.difference * treatment.customers,
  };
}

function combineTreated(arms: ArmCount[]): ArmCount {
  const treated = arms.filter((a) => a.arm !== CONTROL);
  return { arm: 'treatment', customers: treated.reduce((s, a) => s + a.customers, 0), responders: treated.reduce((s, a) => s + a.responders, 0) };
}

const RESPONDED = `coalesce(responded, false) AND ($within IS NULL OR response_ts IS NULL OR response_ts <= contact_ts + to_days(CAST($within AS INTEGER)))`;

async function armCounts(session: Session, campaignId: string, within: number | null, groupSql: string | null): Promise<Array<ArmCount & { grp: string }>> {
  const perCustomer = `SELECT ct.customer_id, coalesce(CAST(ct.arm AS VARCHAR), 'treatment') AS arm, ${groupSql ?? `''`} AS grp, bool_or(${RESPONDED}) AS responded
      FROM contacts ct ${groupSql && !groupSql.startsWith('ct.') ? `LEFT JOIN ${quoteIdent(PROFILE_TABLE)} p ON p.customer_id = ct.customer_id` : ''}
      WHERE ct.campaign_id = $campaign GROUP BY 1, 2, 3`;
  const rows = await session.rows<{ arm: string; grp: string | null; customers: bigint; responders: bigint }>(
    `SELECT arm, grp, count(*) AS customers, count(*) FILTER (WHERE responded) AS responders FROM (${perCustomer}) GROUP BY 1, 2 ORDER BY 1, 2`,
    { campaign: campaignId, within },
  );
  return rows.map((r) => ({ arm: r.arm, grp: r.grp ?? '(missing)', customers: Number(r.customers), responders: Number(r.responders) }));
}

async function aumChange(session: Session, campaignId: string): Promise<ExperimentReport['aum']> {
  if (!(await tableExists(session, 'balances'))) return null;
  // Month-end AUM of the month before the contact against the month after it.
  const rows = await session.rows<{ treated: boolean; change: number | null }>(
    `WITH c AS (
        SELECT customer_id, coalesce(CAST(arm AS VARCHAR), 'treatment') <> 'control' AS treated, date_trunc('month', min(contact_ts)) AS m
        FROM contacts WHERE campaign_id = $campaign GROUP BY 1, 2)
     SELECT c.treated, avg(coalesce(after.aum, 0) - coalesce(before.aum, 0)) AS change
     FROM c
     LEFT JOIN balances before ON before.customer_id = c.customer_id AND date_trunc('month', CAST(before.month AS DATE)) = c.m - INTERVAL 1 MONTH
     LEFT JOIN balances after ON after.customer_id = c.customer_id AND date_trunc('month', CAST(after.month AS DATE)) = c.m + INTERVAL 1 MONTH
     GROUP BY 1`,
    { campaign: campaignId },
  );
  const treated = rows.find((r) => r.treated);
  const control = rows.find((r) => !r.treated);
  if (!treated || !control) return null;
  const [n] = await session.rows<{ n: bigint }>(
    `SELECT count(DISTINCT customer_id) AS n FROM contacts WHERE campaign_id = $campaign AND coalesce(CAST(arm AS VARCHAR), 'treatment') <> 'control'`,
    { campaign: campaignId },
  );
  const treatmentChange = Number(treated.change ?? 0);
  const controlChange = Number(control.change ?? 0);
  return { treatmentChange, controlChange, incremental: (treatmentChange - controlChange) * Number(n?.n ?? 0) };
}

async function breakdownSql(session: Session, field: string): Promise<string> {
  if (field === 'channel') return 'CAST(ct.channel AS VARCHAR)';
  if (!(await columnExists(session, PROFILE_TABLE, field))) throw new AppError('INVALID_ARGUMENT', `unknown field ${field}`, { field }, 'error.RULE_UNKNOWN_FIELD');
  return `CAST(p.${quoteIdent(field)} AS VARCHAR)`;
}

export async function experimentReport(
  session: Session,
  input: { campaignId: string; plannedShares?: Record<string, number>; breakdown?: string; withinDays?: number },
): Promise<ExperimentReport> {
  const within = input.withinDays ?? null;
  const arms = await armCounts(session, input.campaignId, within, null);
  if (arms.length === 0) throw new AppError('NOT_FOUND', `campaign ${input.campaignId} has no contacts`, { campaignId: input.campaignId }, 'error.EXPERIMENT_NO_CONTACTS');
  const control = arms.find((a) => a.arm === CONTROL);
  const uplift = control ? upliftOf(combineTreated(arms), control) : null;

  let sampleRatio: ExperimentReport['sampleRatio'] = null;
  if (input.plannedShares) {
    const planned = input.plannedShares;
    const names = Object.keys(planned);
    const observed = names.map((arm) => arms.find((a) => a.arm === arm)?.customers ?? 0);
    const check = sampleRatioMismatch(observed, names.map((arm) => planned[arm]!));
    sampleRatio = { planned, chiSquare: check.chiSquare, df: check.df, p: check.p, mismatch: check.mismatch };
  }

  let breakdown: ExperimentReport['breakdown'] = null;
  if (input.breakdown) {
    const rows = await armCounts(session, input.campaignId, within, await breakdownSql(session, input.breakdown));
    const groups = [...new Set(rows.map((r) => r.grp))].sort();
    breakdown = {
      field: input.breakdown,
      groups: groups.map((value) => {
        const inGroup = rows.filter((r) => r.grp === value);
        const c = inGroup.find((r) => r.arm === CONTROL);
        return { value, uplift: c ? upliftOf(combineTreated(inGroup), c) : null };
      }),
    };
  }

  return { campaignId: input.campaignId, arms: arms.map(armResult), uplift, sampleRatio, aum: await aumChange(session, input.campaignId), breakdown };
}

/** The campaigns recorded in `contacts` (none when the table is absent). */
export async function listCampaigns(session: Session): Promise<Array<{ campaignId: string; firstContact: string; customers: number; arms: Array<{ arm: string; customers: number }> }>> {
  if (!(await tableExists(session, 'contacts'))) return [];
  const rows = await session.rows<{ c: string; first: string; arm: string; n: bigint }>(
    `SELECT CAST(campaign_id AS VARCHAR) AS c, strftime(min(min(contact_ts)) OVER (PARTITION BY campaign_id), '%Y-%m-%d') AS first,
            coalesce(CAST(arm AS VARCHAR), 'treatment') AS arm, count(DISTINCT customer_id) AS n
     FROM contacts WHERE campaign_id IS NOT NULL GROUP BY campaign_id, arm ORDER BY first, c, arm`,
  );
  const byCampaign = new Map<string, { campaignId: string; firstContact: string; customers: number; arms: Array<{ arm: string; customers: number }> }>();
  for (const r of rows) {
    const entry = byCampaign.get(r.c) ?? { campaignId: r.c, firstContact: r.first, customers: 0, arms: [] };
    entry.arms.push({ arm: r.arm, customers: Number(r.n) });
    entry.customers += Number(r.n);
    byCampaign.set(r.c, entry);
  }
  return [...byCampaign.values()];
}
