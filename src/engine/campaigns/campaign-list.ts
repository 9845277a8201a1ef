import { PROFILE_TABLE } from '../../shared/customer-types';
import type { CampaignBuild, CampaignDefinition, CampaignTarget } from '../../shared/campaign-types';
import type { JobContext } from '../jobs/job-context';
import { AppError } from '../../shared/errors';
import { loadWorkbench } from '../segments/segment-context';
import { SEGMENTS_TABLE } from '../segments/segment-store';
import { tableExists } from '../profile/profile-meta';
import { quoteIdent } from '../sql/identifiers';
import { exportKindOf, type ExportColumnKind } from '../exports/export-columns';
import type { Session } from '../workspace';
import { buildCampaigns, type BuiltCampaign } from './campaign-build';
import { resolveCampaignInputs } from './campaign-inputs';
import { campaignScratchTable } from './campaign-scratch';

export type ListColumnKind = ExportColumnKind;
export interface ListColumn {
  name: string;
  kind: ListColumnKind;
  personal: boolean;
}

export interface CampaignList {
  /** The quoted, qualified scratch table holding the list (one row per customer). */
  table: string;
  /** The same table as the grid names it (table.page masks its personal columns by name). */
  ref: { schema: 'scratch'; name: string };
  build: CampaignBuild;
  columns: ListColumn[];
  rowCount: number;
}

/** The columns every list has, in order (before the chosen ones). */
const FIXED: ListColumn[] = [
  { name: 'customer_id', kind: 'id', personal: false },
  { name: 'name', kind: 'text', personal: true },
  { name: 'id_number', kind: 'id', personal: true },
  { name: 'phone', kind: 'id', personal: true },
  { name: 'arm', kind: 'text', personal: false },
  { name: 'cell', kind: 'text', personal: false },
  { name: 'channel', kind: 'text', personal: false },
  { name: 'rm_id', kind: 'id', personal: false },
  { name: 'branch_id', kind: 'id', personal: false },
  { name: 'rank', kind: 'integer', personal: false },
  { name: 'rank_value', kind: 'number', personal: false },
  { name: 'segment_id', kind: 'id', personal: false },
  { name: 'segment_name', kind: 'text', personal: false },
  { name: 'contact_date', kind: 'date', personal: false },
];

/** The account that represents a customer in an account-scoped list (the list's accountRule). */
function accountJoin(def: CampaignDefinition, hasAccounts: boolean): { select: string; join: string } | null {
  if (def.list.accountRule === 'none' || !hasAccounts) return null;
  const key = def.list.accountRule === 'largest_balance' ? 'coalesce(balance, 0)' : 'open_date';
  return {
    select: ', acct.account_id AS account_id',
    join: ` LEFT JOIN (SELECT customer_id, arg_max(account_id, ${key}) AS account_id FROM accounts WHERE close_date IS NULL GROUP BY customer_id) acct ON acct.customer_id = c.customer_id`,
  };
}

/** The list of one built campaign as a scratch table (in clear: whoever shows or writes it masks the personal columns). */
export async function listTableOf(session: Session, built: BuiltCampaign): Promise<CampaignList> {
  const def = built.input.definition;
  const wb = await loadWorkbench(session);
  const profile = wb.profile;
  const fixed = FIXED.filter((c) => !['name', 'id_number', 'phone'].includes(c.name) || profile.has(c.name));
  const chosen: ListColumn[] = [];
  for (const field of def.list.columns) {
    const column = profile.get(field);
    if (!column) throw new AppError('INVALID_ARGUMENT', `the list of ${def.name} asks for ${field}, which is not a profile field or tag`, { field, campaign: def.name }, 'error.CAMPAIGN_UNKNOWN_FIELD');
    if (fixed.some((c) => c.name === field) || chosen.some((c) => c.name === field)) continue;
    chosen.push({ name: field, kind: exportKindOf(field, column.type), personal: false });
  }
  const rm = def.rmAssignment.enabled && built.rmTable ? `CASE WHEN c.arm = 'treatment' THEN r.rm_id END` : 'c.rm_id';
  const rmJoin = def.rmAssignment.enabled && built.rmTable ? ` LEFT JOIN ${built.rmTable} r ON r.customer_id = c.customer_id` : '';
  const segments = (await tableExists(session, SEGMENTS_TABLE)) ? ` LEFT JOIN ${quoteIdent(SEGMENTS_TABLE)} s ON s.id = c.segment_id` : '';
  const account = accountJoin(def, await tableExists(session, 'accounts'));
  const personal = fixed.filter((c) => c.personal).map((c) => `, p.${quoteIdent(c.name)}`).join('');
  const out = await campaignScratchTable(session, 'list');
  await session.run(
    `CREATE TABLE ${out.qualified} AS
     SELECT c.customer_id${personal}, c.arm, c.cell, c.channel, ${rm} AS rm_id, c.branch_id, c.campaign_rank AS rank, c.rank_value, c.segment_id,
       ${segments ? 's.name' : 'CAST(NULL AS VARCHAR)'} AS segment_name, CAST($contact_date AS DATE) AS contact_date${chosen.map((col) => `, p.${quoteIdent(col.name)}`).join('')}${account?.select ?? ''}
     FROM ${built.candidates} c JOIN ${quoteIdent(PROFILE_TABLE)} p ON p.customer_id = c.customer_id${rmJoin}${segments}${account?.join ?? ''}
     WHERE c.drop_step IS NULL
     ORDER BY c.arm DESC, c.campaign_rank`,
    { contact_date: built.build.contactDate },
  );
  const [count] = await session.rows<{ n: bigint }>(`SELECT count(*) AS n FROM ${out.qualified}`);
  const columns = [...fixed, ...chosen, ...(account ? [{ name: 'account_id', kind: 'id' as const, personal: false }] : [])];
  return { table: out.qualified, ref: { schema: 'scratch', name: out.name }, build: built.build, columns, rowCount: Number(count?.n ?? 0) };
}

/**
 * The target's list, built with `together` as one priority waterfall: one row per customer with
 * arm, cell, channel, RM, rank, ranking value, segment, the chosen columns and the personal
 * columns (flagged `personal`: the caller masks them unless the user unmasked with a reason).
 */
export async function materialiseCampaignList(session: Session, target: CampaignTarget, together: readonly string[], ctx: JobContext): Promise<CampaignList> {
  const inputs = await resolveCampaignInputs(session, target, together);
  const [built] = await buildCampaigns(session, inputs, ctx);
  return listTableOf(session, built!);
}
