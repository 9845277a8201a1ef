import type { CampaignDefinitionInput } from '../../../shared/campaign-types';
import type { Cutoff } from '../../../shared/model-types';
import { scoreColumnName } from '../../../shared/model-types';
import { newCampaign } from './campaign-draft';

/**
 * A draft campaign made in one click from an analysis: its customers saved as a segment, ranked by
 * what the analysis ranked them by, capped as it chose — so "contact the top 3 deciles" or "call
 * this week's early-warning list" becomes a list the Campaigns page can finish and export.
 */
export function campaignFromCutoff(input: { model: string; cutoff: Cutoff; segmentId: string; customers: number; name: string; plannedDate: string }): CampaignDefinitionInput {
  const caps: CampaignDefinitionInput['caps'] =
    input.cutoff.by === 'capacity'
      ? input.cutoff.perGroup
        ? { total: null, perGroup: [{ field: input.cutoff.perGroup, n: input.cutoff.topN }] }
        : { total: input.cutoff.topN, perGroup: [] }
      : { total: input.customers, perGroup: [] };
  return {
    ...newCampaign(input.plannedDate),
    name: input.name,
    objective: `model ${input.model}`,
    channels: ['phone'],
    selection: [{ segmentId: input.segmentId, priority: 1 }],
    ranking: { by: scoreColumnName(input.model), direction: 'desc' },
    caps,
  };
}

/** The early-warning list as a retention campaign: RM visits to the customers with most AUM first. */
export function campaignFromWarning(input: { segmentId: string; name: string; plannedDate: string }): CampaignDefinitionInput {
  return {
    ...newCampaign(input.plannedDate),
    name: input.name,
    objective: 'retention (early warning)',
    channels: ['rm_visit'],
    selection: [{ segmentId: input.segmentId, priority: 1 }],
    ranking: { by: 'aum_latest', direction: 'desc' },
    rmAssignment: { enabled: true, capacityTable: null, defaultCapacity: 30, balanceBy: 'aum' },
  };
}

/** The day after the data's analysis date (a campaign is planned from the data, not the wall clock). */
export function dayAfter(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
