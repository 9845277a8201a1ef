import { AppError } from '../../shared/errors';
import { PROFILE_TABLE } from '../../shared/customer-types';
import type { CampaignBuild, CampaignDefinition } from '../../shared/campaign-types';
import type { SegmentNode } from '../../shared/segment-types';
import type { JobContext } from '../jobs/job-context';
import { columnExists, tableExists } from '../profile/profile-meta';
import { PROFILE_ALIAS } from '../segments/compile-segment';
import { compileForEngine, loadWorkbench, type Workbench } from '../segments/segment-context';
import { findSegment } from '../segments/segment-store';
import { engineDialect } from '../sql/engine-dialect';
import { quoteIdent } from '../sql/identifiers';
import { ParamBag } from '../sql/param-bag';
import type { Session } from '../workspace';
import { campaignBalance } from './campaign-balance';
import { contactDateOf } from './campaign-contact-date';
import { campaignPipelineSql, type SelectionPart } from './campaign-pipeline';
import { assignRms } from './campaign-rm';
import { campaignScratchTable } from './campaign-scratch';
import type { CampaignSqlContext } from './campaign-steps';

/** One campaign of a build: its definition and saved id (null: an unsaved definition). */
export interface CampaignInput {
  definition: CampaignDefinition;
  id: string | null;
}

/** A built campaign: the result the protocol returns and the scratch tables the list is made from. */
export interface BuiltCampaign {
  input: CampaignInput;
  build: CampaignBuild;
  /** Every selected customer with drop_step (NULL: in the list), rank, arm, cell, channel. */
  candidates: string;
  /** Treated customers' assigned RM (NULL when RM assignment is off). */
  rmTable: string | null;
}

const num = (v: unknown) => Number(v ?? 0);

function segmentMissing(def: CampaignDefinition, segmentId: string, use: string): AppError {
  return new AppError('NOT_FOUND', `the campaign ${def.name} uses the segment ${segmentId} (${use}), which no longer exists`, { campaign: def.name, segment: segmentId, use }, 'error.CAMPAIGN_SEGMENT_MISSING');
}

/** Every saved segment a definition names directly, with the version used; a deleted one is refused by name. */
async function segmentsOf(session: Session, def: CampaignDefinition): Promise<{ versions: CampaignBuild['segmentVersions']; names: Map<string, string> }> {
  const named: Array<[string, string]> = def.selection.map((s) => [s.segmentId, 'selection']);
  for (const s of def.suppressions) {
    if (!s.enabled) continue;
    if (s.kind === 'segment') named.push([s.segmentId, 'suppression']);
    if ((s.kind === 'id_list' || s.kind === 'staff') && 'segmentId' in s.source) named.push([s.source.segmentId, 'suppression']);
  }
  const versions: CampaignBuild['segmentVersions'] = [];
  const names = new Map<string, string>();
  for (const [id, use] of named) {
    if (names.has(id)) continue;
    const saved = await findSegment(session, id);
    if (!saved) throw segmentMissing(def, id, use);
    names.set(id, saved.name);
    versions.push({ segmentId: id, version: saved.version });
  }
  return { versions, names };
}

/** The engine's context for a campaign's SQL: bound values, the workspace's tables, the segment compiler. */
async function engineContext(session: Session, wb: Workbench, d: ReturnType<typeof engineDialect>, takenTable: string | null, warnings: string[]): Promise<CampaignSqlContext> {
  const present = new Set<string>();
  for (const t of ['contacts', 'holdings', 'accounts']) if (await tableExists(session, t)) present.add(t);
  return {
    d,
    profileTable: quoteIdent(PROFILE_TABLE),
    profile: wb.profile,
    hasTable: (name) => present.has(name),
    memberOf: (segmentId) => compileForEngine(session, wb, { kind: 'segment', segment: segmentId, member: true } as SegmentNode, d),
    inTableColumn: async (table, column) => {
      if (!(await tableExists(session, table))) throw new AppError('NOT_FOUND', `the id list table ${table} does not exist in this workspace`, { table }, 'error.CAMPAIGN_ID_TABLE_MISSING');
      if (!(await columnExists(session, table, column))) throw new AppError('INVALID_ARGUMENT', `the table ${table} has no column ${column}`, { table, column }, 'error.CAMPAIGN_ID_COLUMN_MISSING');
      return `${PROFILE_ALIAS}.customer_id IN (SELECT CAST(t.${quoteIdent(column)} AS VARCHAR) FROM ${quoteIdent(table)} t WHERE t.${quoteIdent(column)} IS NOT NULL)`;
    },
    takenTable,
    warnings,
  };
}

async function buildOne(session: Session, wb: Workbench, input: CampaignInput, taken: string | null): Promise<BuiltCampaign> {
  const started = performance.now();
  const def = input.definition;
  const warnings: string[] = [];
  const { versions, names } = await segmentsOf(session, def);
  const d = engineDialect(new ParamBag('p'));
  const ctx = await engineContext(session, wb, d, taken, warnings);
  const selection: SelectionPart[] = [];
  for (const s of def.selection) selection.push({ segmentId: s.segmentId, name: names.get(s.segmentId) ?? s.segmentId, priority: s.priority, where: await ctx.memberOf(s.segmentId) });
  const contactDate = contactDateOf(def.plannedDate, def.contactPolicy.quietDates);
  if (contactDate !== def.plannedDate) warnings.push(`the planned date ${def.plannedDate} is a quiet date: contacts go out on ${contactDate}`);
  const pipeline = await campaignPipelineSql(ctx, def, selection, contactDate);
  const candidates = await campaignScratchTable(session, 'candidates');
  await session.run(`CREATE TABLE ${candidates.qualified} AS ${pipeline.sql}`, d.params);

  const drops = await session.rows<{ step: number | null; n: bigint; aum: number | null }>(
    `SELECT drop_step AS step, count(*) AS n, CAST(sum(aum) AS DOUBLE) AS aum FROM ${candidates.qualified} GROUP BY drop_step`,
  );
  const byStep = new Map(drops.map((r) => [r.step === null ? -1 : Number(r.step), { n: num(r.n), aum: num(r.aum) }]));
  let remaining = drops.reduce((t, r) => t + num(r.n), 0);
  let aumRemaining = drops.reduce((t, r) => t + num(r.aum), 0);
  const waterfall = pipeline.steps.map((step, i) => {
    const removed = i === 0 ? { n: 0, aum: 0 } : (byStep.get(i) ?? { n: 0, aum: 0 });
    remaining -= removed.n;
    aumRemaining -= removed.aum;
    return { kind: step.kind, name: step.name, removed: removed.n, remaining, aumRemaining: Math.max(0, aumRemaining) };
  });
  const arms = await session.rows<{ arm: 'treatment' | 'control'; cell: string | null; channel: string | null; n: bigint; aum: number | null }>(
    `SELECT arm, cell, channel, count(*) AS n, CAST(sum(aum) AS DOUBLE) AS aum FROM ${candidates.qualified} WHERE drop_step IS NULL GROUP BY ALL ORDER BY arm DESC, cell NULLS FIRST, channel`,
  );
  const rm = await assignRms(session, candidates.qualified, def);
  const build: CampaignBuild = {
    campaignId: input.id,
    name: def.name,
    segmentVersions: versions,
    waterfall,
    members: remaining,
    arms: arms.map((a) => ({ arm: a.arm, cell: a.cell, channel: a.channel as CampaignBuild['arms'][number]['channel'], customers: num(a.n), aum: num(a.aum) })),
    balance: await campaignBalance(session, candidates.qualified, wb),
    rmLoad: rm.rmLoad,
    unassigned: rm.unassigned,
    contactDate,
    asOf: wb.asOf,
    warnings,
    elapsedMs: 0,
  };
  build.elapsedMs = performance.now() - started;
  return { input, build, candidates: candidates.qualified, rmTable: rm.table };
}

/**
 * Builds campaigns together as a priority waterfall: in priority order (lower number first; ties
 * in the order given), each campaign is built without the customers already in a higher one's
 * list (treatment or control: both are spoken for), which its 'priority' step reports. The result
 * is in the order given (the target first).
 */
export async function buildCampaigns(session: Session, inputs: CampaignInput[], ctx: JobContext): Promise<BuiltCampaign[]> {
  const wb = await loadWorkbench(session);
  const order = inputs.map((input, i) => ({ input, i })).sort((a, b) => a.input.definition.priority - b.input.definition.priority || a.i - b.i);
  const built = new Array<BuiltCampaign>(inputs.length);
  const taken = inputs.length > 1 ? await campaignScratchTable(session, 'taken') : null;
  if (taken) await session.run(`CREATE TABLE ${taken.qualified} (customer_id VARCHAR)`);
  let done = 0;
  for (const { input, i } of order) {
    ctx.progress({ fraction: done / inputs.length, message: { key: 'progress.campaign.build', params: { name: input.definition.name } } });
    const one = await buildOne(session, wb, input, taken && done > 0 ? taken.qualified : null);
    if (taken) await session.run(`INSERT INTO ${taken.qualified} SELECT customer_id FROM ${one.candidates} WHERE drop_step IS NULL`);
    built[i] = one;
    done++;
  }
  return built;
}
