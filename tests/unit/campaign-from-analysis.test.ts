import { describe, expect, it } from 'vitest';
import { campaignDefinitionSchema } from '../../src/shared/campaign-types';
import { campaignFromCutoff, campaignFromWarning, dayAfter } from '../../src/renderer/components/campaigns/campaign-from-analysis';

describe('a campaign from an analysis', () => {
  const base = { model: 'response', segmentId: 'seg_1', customers: 900, name: 'top deciles', plannedDate: '2026-07-01' };
  it('takes a capacity cut-off as the ranking by score and the total cap', () => {
    const def = campaignDefinitionSchema.parse(campaignFromCutoff({ ...base, cutoff: { by: 'capacity', topN: 900 } }));
    expect(def.ranking).toEqual({ by: 'score_response', direction: 'desc' });
    expect(def.caps).toEqual({ total: 900, perGroup: [] });
    expect(def.selection).toEqual([{ segmentId: 'seg_1', priority: 1 }]);
  });
  it('takes top N per RM as a cap per RM, and a threshold or profit cut-off as a cap of its customers', () => {
    expect(campaignDefinitionSchema.parse(campaignFromCutoff({ ...base, cutoff: { by: 'capacity', topN: 20, perGroup: 'rm_id' } })).caps).toEqual({ total: null, perGroup: [{ field: 'rm_id', n: 20 }] });
    expect(campaignDefinitionSchema.parse(campaignFromCutoff({ ...base, cutoff: { by: 'threshold', score: 0.3 } })).caps.total).toBe(900);
  });
  it('makes the early-warning list an RM-visit retention campaign, most AUM first, planned the day after the data', () => {
    const def = campaignDefinitionSchema.parse(campaignFromWarning({ segmentId: 'w', name: 'Early warning', plannedDate: dayAfter('2026-06-30') }));
    expect(def.plannedDate).toBe('2026-07-01');
    expect(def.channels).toEqual(['rm_visit']);
    expect(def.ranking.by).toBe('aum_latest');
    expect(def.rmAssignment.enabled).toBe(true);
    expect(dayAfter('2024-02-28')).toBe('2024-02-29');
  });
});
