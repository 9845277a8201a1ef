import { AppError } from '../../shared/errors';
import { PROFILE_TABLE } from '../../shared/customer-types';
import type { CampaignBuild, CampaignDefinition } from '../../shared/campaign-types';
import { columnExists, tableExists } from '../profile/profile-meta';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';
import { campaignScratchTable } from './campaign-scratch';

export interface RmAssignment {
  /** customer_id → assigned rm_id (NULL: unassigned, with the reason), for the treated customers. */
  table: string | null;
  rmLoad: CampaignBuild['rmLoad'];
  unassigned: CampaignBuild['unassigned'];
}

const num = (v: unknown) => Number(v ?? 0);

/** The RMs and their capacity: the capacity table's (missing → a clear error) and every RM of the profile (the default capacity). */
async function rmTable(session: Session, def: CampaignDefinition): Promise<string> {
  const { capacityTable, defaultCapacity } = def.rmAssignment;
  const rms = await campaignScratchTable(session, 'rms');
  const profileRms = `SELECT rm_id, mode(branch_id) AS branch_id FROM ${quoteIdent(PROFILE_TABLE)} WHERE rm_id IS NOT NULL AND trim(rm_id) <> '' GROUP BY rm_id`;
  let capacities = `SELECT CAST(NULL AS VARCHAR) AS rm_id, CAST(NULL AS VARCHAR) AS branch_id, CAST(NULL AS BIGINT) AS capacity WHERE FALSE`;
  if (capacityTable) {
    if (!(await tableExists(session, capacityTable.table))) {
      throw new AppError('NOT_FOUND', `the RM capacity table ${capacityTable.table} does not exist in this workspace (campaign ${def.name})`, { table: capacityTable.table, campaign: def.name }, 'error.CAMPAIGN_CAPACITY_TABLE_MISSING');
    }
    const columns = [capacityTable.rmColumn, capacityTable.capacityColumn, ...(capacityTable.branchColumn ? [capacityTable.branchColumn] : [])];
    for (const column of columns) {
      if (!(await columnExists(session, capacityTable.table, column))) {
        throw new AppError('INVALID_ARGUMENT', `the RM capacity table ${capacityTable.table} has no column ${column}`, { table: capacityTable.table, column }, 'error.CAMPAIGN_CAPACITY_COLUMN_MISSING');
      }
    }
    const branch = capacityTable.branchColumn ? `any_value(CAST(${quoteIdent(capacityTable.branchColumn)} AS VARCHAR))` : 'CAST(NULL AS VARCHAR)';
    capacities = `SELECT CAST(${quoteIdent(capacityTable.rmColumn)} AS VARCHAR) AS rm_id, ${branch} AS branch_id, max(CAST(${quoteIdent(capacityTable.capacityColumn)} AS BIGINT)) AS capacity FROM ${quoteIdent(capacityTable.table)} GROUP BY 1`;
  }
  await session.run(
    `CREATE TABLE ${rms.qualified} AS
     WITH own AS (${profileRms}), cap AS (${capacities})
     SELECT coalesce(cap.rm_id, own.rm_id) AS rm_id, coalesce(cap.branch_id, own.branch_id) AS branch_id,
       CASE WHEN cap.rm_id IS NOT NULL THEN cap.capacity ELSE CAST($default_capacity AS BIGINT) END AS capacity
     FROM own FULL JOIN cap ON cap.rm_id = own.rm_id
     WHERE coalesce(cap.rm_id, own.rm_id) IS NOT NULL`,
    { default_capacity: defaultCapacity },
  );
  return rms.qualified;
}

/**
 * RM assignment of the treated customers (the control group is not contacted). Each keeps their
 * own RM while that RM has capacity (in rank order); the rest go, within their branch, to the RM
 * with the most remaining capacity — count balancing, set-based: every RM's free places are
 * numbered by the capacity left before it is taken, and the branch's customers in rank order are
 * matched to its places in that order, which is the greedy "most remaining first" (ties by rm_id).
 * AUM balancing gives each customer (largest AUM first) to the RM of the branch with the least AUM
 * so far among those with capacity left: a bounded loop per branch over the reassigned customers.
 */
export async function assignRms(session: Session, candidates: string, def: CampaignDefinition): Promise<RmAssignment> {
  if (!def.rmAssignment.enabled) return { table: null, rmLoad: [], unassigned: [] };
  const rms = await rmTable(session, def);
  const out = await campaignScratchTable(session, 'rm');
  // Own RM first, in rank order, up to that RM's capacity.
  await session.run(`CREATE TABLE ${out.qualified} AS
    WITH treated AS (SELECT customer_id, rm_id AS own_rm_id, branch_id, aum, campaign_rank FROM ${candidates} WHERE drop_step IS NULL AND arm = 'treatment'),
    ranked AS (SELECT t.*, r.capacity AS own_capacity, row_number() OVER (PARTITION BY t.own_rm_id ORDER BY t.campaign_rank) AS own_position FROM treated t LEFT JOIN ${rms} r ON r.rm_id = t.own_rm_id)
    SELECT customer_id, own_rm_id, branch_id, aum, campaign_rank,
      CASE WHEN own_rm_id IS NOT NULL AND own_position <= coalesce(own_capacity, 0) THEN own_rm_id END AS rm_id,
      CAST(NULL AS VARCHAR) AS reason
    FROM ranked`);
  const left = `SELECT r.rm_id, r.branch_id, greatest(coalesce(r.capacity, 0) - count(o.customer_id), 0) AS free FROM ${rms} r LEFT JOIN ${out.qualified} o ON o.rm_id = r.rm_id GROUP BY r.rm_id, r.branch_id, r.capacity`;
  if (def.rmAssignment.balanceBy === 'count') {
    await session.run(`UPDATE ${out.qualified} o SET rm_id = m.rm_id FROM (
      WITH need AS (SELECT customer_id, branch_id, row_number() OVER (PARTITION BY branch_id ORDER BY campaign_rank) AS i FROM ${out.qualified} WHERE rm_id IS NULL AND branch_id IS NOT NULL),
      wanted AS (SELECT branch_id, count(*) AS n FROM need GROUP BY branch_id),
      free AS (${left}),
      places AS (SELECT f.rm_id, f.branch_id, f.free - k AS before FROM free f JOIN wanted w ON w.branch_id = f.branch_id, LATERAL (SELECT unnest(range(least(f.free, w.n))) AS k) WHERE f.free > 0),
      numbered AS (SELECT rm_id, branch_id, row_number() OVER (PARTITION BY branch_id ORDER BY before DESC, rm_id) AS i FROM places)
      SELECT need.customer_id, numbered.rm_id FROM need JOIN numbered ON numbered.branch_id = need.branch_id AND numbered.i = need.i
    ) m WHERE o.customer_id = m.customer_id`);
  } else {
    await balanceByAum(session, out.qualified, left);
  }
  await session.run(`UPDATE ${out.qualified} SET reason = CASE WHEN branch_id IS NULL THEN 'no_branch' ELSE 'no_capacity_in_branch' END WHERE rm_id IS NULL`);
  const load = await session.rows<{ rm_id: string; branch_id: string | null; assigned: bigint; aum: number; capacity: bigint | null; own: bigint }>(
    `WITH a AS (SELECT rm_id, count(*) AS assigned, sum(aum) AS aum FROM ${out.qualified} WHERE rm_id IS NOT NULL GROUP BY rm_id),
     o AS (SELECT own_rm_id AS rm_id, count(*) AS own FROM ${out.qualified} WHERE own_rm_id IS NOT NULL GROUP BY own_rm_id)
     SELECT r.rm_id, r.branch_id, coalesce(a.assigned, 0) AS assigned, CAST(coalesce(a.aum, 0) AS DOUBLE) AS aum, r.capacity, coalesce(o.own, 0) AS own
     FROM ${rms} r LEFT JOIN a ON a.rm_id = r.rm_id LEFT JOIN o ON o.rm_id = r.rm_id
     WHERE a.assigned IS NOT NULL OR o.own IS NOT NULL ORDER BY r.branch_id NULLS LAST, r.rm_id`,
  );
  const unassigned = await session.rows<{ reason: string; n: bigint }>(`SELECT reason, count(*) AS n FROM ${out.qualified} WHERE rm_id IS NULL GROUP BY reason ORDER BY reason`);
  return {
    table: out.qualified,
    rmLoad: load.map((r) => ({ rmId: r.rm_id, branchId: r.branch_id, assigned: num(r.assigned), aum: num(r.aum), capacity: r.capacity === null ? null : num(r.capacity), ownCustomers: num(r.own) })),
    unassigned: unassigned.map((r) => ({ reason: r.reason, customers: num(r.n) })),
  };
}

async function balanceByAum(session: Session, table: string, left: string): Promise<void> {
  const free = await session.rows<{ rm_id: string; branch_id: string; free: bigint; aum: number }>(
    `WITH f AS (${left}) SELECT f.rm_id, f.branch_id, f.free, CAST(coalesce((SELECT sum(o.aum) FROM ${table} o WHERE o.rm_id = f.rm_id), 0) AS DOUBLE) AS aum FROM f WHERE f.branch_id IS NOT NULL AND f.free > 0`,
  );
  const byBranch = new Map<string, Array<{ rmId: string; free: number; aum: number }>>();
  for (const r of free) byBranch.set(r.branch_id, [...(byBranch.get(r.branch_id) ?? []), { rmId: r.rm_id, free: num(r.free), aum: num(r.aum) }]);
  const need = await session.rows<{ customer_id: string; branch_id: string; aum: number }>(
    `SELECT customer_id, branch_id, CAST(aum AS DOUBLE) AS aum FROM ${table} WHERE rm_id IS NULL AND branch_id IS NOT NULL ORDER BY branch_id, aum DESC, campaign_rank`,
  );
  const ids: string[] = [];
  const chosen: string[] = [];
  for (const c of need) {
    const open = (byBranch.get(c.branch_id) ?? []).filter((r) => r.free > 0);
    if (!open.length) continue;
    const rm = open.reduce((best, r) => (r.aum < best.aum || (r.aum === best.aum && r.rmId < best.rmId) ? r : best));
    rm.free -= 1;
    rm.aum += num(c.aum);
    ids.push(c.customer_id);
    chosen.push(rm.rmId);
  }
  if (!ids.length) return;
  await session.run(
    `UPDATE ${table} o SET rm_id = m.rm_id FROM (SELECT unnest(from_json($ids, '["VARCHAR"]')) AS customer_id, unnest(from_json($rms, '["VARCHAR"]')) AS rm_id) m WHERE o.customer_id = m.customer_id`,
    { ids: JSON.stringify(ids), rms: JSON.stringify(chosen) },
  );
}
