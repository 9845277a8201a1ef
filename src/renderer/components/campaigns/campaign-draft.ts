import { CAMPAIGN_CHANNELS, type CampaignDefinitionInput, type CampaignChannel, type SavedCampaign, type SuppressionKind } from '../../../shared/campaign-types';

/**
 * The campaign being edited is the definition itself (the JSON the engine, a saved version and a
 * CLI file share), so what the analyst sees built is exactly what is saved or exported.
 */
export type CampaignDraft = CampaignDefinitionInput;
export type SuppressionDraft = NonNullable<CampaignDraft['suppressions']>[number];

export function newCampaign(plannedDate: string): CampaignDraft {
  return {
    name: '',
    objective: '',
    product: null,
    channels: ['sms'],
    plannedDate,
    owner: '',
    priority: 1,
    selection: [],
    suppressions: [{ kind: 'invalid' }, { kind: 'minors', minAge: 18 }],
    contactPolicy: { maxContacts: null, channelEligibility: true, quietDates: [] },
    ranking: { by: 'aum_latest', direction: 'desc' },
    caps: { total: null, perGroup: [] },
    control: { seed: 20261203, holdout: { percent: 10 }, stratifyBy: [], cells: [] },
    rmAssignment: { enabled: false, capacityTable: null, defaultCapacity: null, balanceBy: 'count' },
    list: { columns: [], accountRule: 'none' },
  };
}

/** A saved campaign as a draft to edit (its bookkeeping fields dropped). */
export function draftOf(saved: SavedCampaign): CampaignDraft {
  const { status: _s, version: _v, createdAt: _c, updatedAt: _u, finalisedAt: _f, snapshotSegmentId: _snap, ...definition } = saved;
  return definition;
}

export const SUPPRESSION_KINDS: readonly SuppressionKind[] = ['invalid', 'churned', 'minors', 'staff', 'id_list', 'holds_product', 'segment', 'contact_fatigue'];

/** A new suppression of a kind with the parameters it needs (sources default to the first saved segment). */
export function newSuppression(kind: SuppressionKind, firstSegmentId: string | null): SuppressionDraft | null {
  switch (kind) {
    case 'invalid':
    case 'churned':
      return { kind };
    case 'minors':
      return { kind, minAge: 18 };
    case 'holds_product':
      return { kind };
    case 'contact_fatigue':
      return { kind, days: 30, channel: 'any' };
    case 'staff':
    case 'id_list':
      return firstSegmentId === null ? null : { kind, source: { segmentId: firstSegmentId } };
    case 'segment':
      return firstSegmentId === null ? null : { kind, segmentId: firstSegmentId };
  }
}

/** The cells' percentages add up to 100 (or there are none: one cell on the first channel). */
export function cellsTotal(draft: CampaignDraft): number {
  return (draft.control?.cells ?? []).reduce((sum, c) => sum + c.percent, 0);
}

export function cellsValid(draft: CampaignDraft): boolean {
  const cells = draft.control?.cells ?? [];
  return cells.length === 0 || Math.abs(cellsTotal(draft) - 100) < 1e-9;
}

/** Enough to ask the engine for a waterfall. */
export function buildable(draft: CampaignDraft): boolean {
  return draft.name.trim() !== '' && draft.selection.length > 0 && draft.channels.length > 0 && cellsValid(draft);
}

export const CHANNEL_LIST: readonly CampaignChannel[] = CAMPAIGN_CHANNELS;
