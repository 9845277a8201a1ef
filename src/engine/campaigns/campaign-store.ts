import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { campaignDefinitionSchema, savedCampaignSchema, type CampaignDefinition, type CampaignSummary, type SavedCampaign } from '../../shared/campaign-types';
import type { MethodResult } from '../../shared/methods';
import { tableExists } from '../profile/profile-meta';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';
import { describeCampaignChanges } from './campaign-changes';

export const CAMPAIGNS_TABLE = '_sw_campaigns';
export const CAMPAIGN_VERSIONS_TABLE = '_sw_campaign_versions';
const C = quoteIdent(CAMPAIGNS_TABLE);
const V = quoteIdent(CAMPAIGN_VERSIONS_TABLE);

interface CampaignRow extends Record<string, unknown> {
  id: string;
  status: string;
  version: number;
  definition: string;
  created_at: string;
  updated_at: string;
  finalised_at: string | null;
  snapshot_segment_id: string | null;
}

const SELECT = `SELECT id, status, version, definition::VARCHAR AS definition, created_at, updated_at, finalised_at, snapshot_segment_id FROM ${C}`;

function toCampaign(r: CampaignRow): SavedCampaign {
  return savedCampaignSchema.parse({
    ...campaignDefinitionSchema.parse(JSON.parse(r.definition)),
    id: r.id,
    status: r.status,
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finalisedAt: r.finalised_at,
    snapshotSegmentId: r.snapshot_segment_id,
  });
}

export function campaignNotFound(id: string): AppError {
  return new AppError('NOT_FOUND', `no campaign ${id}`, { campaign: id }, 'error.CAMPAIGN_NOT_FOUND');
}

export async function findCampaign(session: Session, id: string): Promise<SavedCampaign | null> {
  if (!(await tableExists(session, CAMPAIGNS_TABLE))) return null;
  const [row] = await session.rows<CampaignRow>(`${SELECT} WHERE id = $id`, { id });
  return row ? toCampaign(row) : null;
}

export async function getCampaign(session: Session, id: string): Promise<SavedCampaign> {
  const found = await findCampaign(session, id);
  if (!found) throw campaignNotFound(id);
  return found;
}

export async function listCampaigns(session: Session, search?: string): Promise<CampaignSummary[]> {
  if (!(await tableExists(session, CAMPAIGNS_TABLE))) return [];
  const rows = await session.rows<CampaignRow>(`${SELECT} ORDER BY updated_at DESC, id`);
  const needle = search?.trim().toLowerCase() ?? '';
  return rows
    .map(toCampaign)
    .filter((c) => needle === '' || [c.id, c.name, c.objective, c.owner, c.product ?? ''].some((f) => f.toLowerCase().includes(needle)))
    .map((c) => ({ id: c.id, name: c.name, status: c.status, version: c.version, plannedDate: c.plannedDate, owner: c.owner, channels: c.channels, priority: c.priority, updatedAt: c.updatedAt }));
}

/** The definition part of a saved campaign (what a version records and a CLI file holds). */
export function definitionOf(saved: SavedCampaign): CampaignDefinition {
  const { status: _s, version: _v, createdAt: _c, updatedAt: _u, finalisedAt: _f, snapshotSegmentId: _x, ...definition } = saved;
  return campaignDefinitionSchema.parse(definition);
}

export function finalError(saved: SavedCampaign): AppError {
  return new AppError('INVALID_ARGUMENT', `${saved.name} is final (finalised ${saved.finalisedAt ?? ''}); a final campaign is not edited — save it as a new campaign`, { campaign: saved.id }, 'error.CAMPAIGN_FINAL');
}

async function write(session: Session, campaign: SavedCampaign, changes: string[]): Promise<void> {
  const definition = JSON.stringify(definitionOf(campaign));
  await session.run(`DELETE FROM ${C} WHERE id = $id`, { id: campaign.id });
  await session.run(`INSERT INTO ${C} VALUES ($id, $status, $version, $definition::JSON, $created_at, $updated_at, $finalised_at, $snapshot)`, {
    id: campaign.id,
    status: campaign.status,
    version: campaign.version,
    definition,
    created_at: campaign.createdAt,
    updated_at: campaign.updatedAt,
    finalised_at: campaign.finalisedAt,
    snapshot: campaign.snapshotSegmentId,
  });
  await session.run(`INSERT INTO ${V} VALUES ($id, $version, $saved_at, $status, $definition::JSON, $changes::JSON)`, {
    id: campaign.id,
    version: campaign.version,
    saved_at: campaign.updatedAt,
    status: campaign.status,
    definition,
    changes: JSON.stringify(changes),
  });
}

/** Creates (no id, or an id not saved yet) or updates a draft: every save is a new version. */
export async function saveCampaign(session: Session, input: CampaignDefinition, now: Date): Promise<SavedCampaign> {
  const definition = campaignDefinitionSchema.parse(input);
  return session.transaction(async () => {
    const before = definition.id ? await findCampaign(session, definition.id) : null;
    if (before?.status === 'final') throw finalError(before);
    const at = now.toISOString();
    const campaign: SavedCampaign = {
      ...definition,
      id: definition.id ?? `cmp_${randomUUID().replaceAll('-', '').slice(0, 12)}`,
      status: 'draft',
      version: (before?.version ?? 0) + 1,
      createdAt: before?.createdAt ?? at,
      updatedAt: at,
      finalisedAt: null,
      snapshotSegmentId: null,
    };
    await write(session, campaign, describeCampaignChanges(before ? definitionOf(before) : null, definition));
    return campaign;
  });
}

/** Marks a draft final with its member snapshot (a new version, "finalised"). */
export async function markFinal(session: Session, id: string, snapshotSegmentId: string, now: Date): Promise<SavedCampaign> {
  const before = await getCampaign(session, id);
  if (before.status === 'final') throw finalError(before);
  const at = now.toISOString();
  const campaign: SavedCampaign = { ...before, status: 'final', version: before.version + 1, updatedAt: at, finalisedAt: at, snapshotSegmentId };
  await write(session, campaign, [`finalised: members frozen in ${snapshotSegmentId}`]);
  return campaign;
}

/** A final campaign is the record of what was sent: it is not deleted either. */
export async function deleteCampaign(session: Session, id: string): Promise<boolean> {
  const found = await findCampaign(session, id);
  if (!found) return false;
  if (found.status === 'final') throw finalError(found);
  await session.transaction(async () => {
    await session.run(`DELETE FROM ${C} WHERE id = $id`, { id });
    await session.run(`DELETE FROM ${V} WHERE campaign_id = $id`, { id });
  });
  return true;
}

export async function campaignHistory(session: Session, id: string): Promise<MethodResult<'campaign.history'>> {
  await getCampaign(session, id);
  const rows = await session.rows<{ version: number; saved_at: string; status: string; definition: string; changes: string }>(
    `SELECT version, saved_at, status, definition::VARCHAR AS definition, changes::VARCHAR AS changes FROM ${V} WHERE campaign_id = $id ORDER BY version DESC`,
    { id },
  );
  return rows.map((r) => ({
    version: Number(r.version),
    savedAt: r.saved_at,
    status: r.status === 'final' ? ('final' as const) : ('draft' as const),
    definition: campaignDefinitionSchema.parse(JSON.parse(r.definition)),
    changes: JSON.parse(r.changes) as string[],
  }));
}
