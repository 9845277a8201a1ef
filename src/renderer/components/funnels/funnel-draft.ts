import type { Breakdown, FunnelSource, FunnelSpecInput } from '../../../shared/funnel-types';

type BreakdownInput = NonNullable<FunnelSpecInput['breakdowns']>[number];

/**
 * The funnel being edited, as the form holds it (strings as typed), and its translation into the
 * engine's spec. Each source is filtered on the column an analyst names a step by (the event's
 * name, the transaction type, the product type, the campaign).
 */
export const STEP_FIELD: Record<FunnelSource, string> = {
  events: 'event_name',
  transactions: 'txn_type',
  accounts_opened: 'product_type',
  accounts_closed: 'product_type',
  holdings_bought: 'product_type',
  holdings_matured: 'product_type',
  contacts: 'campaign_id',
  responses: 'campaign_id',
};

export interface StepDraft {
  name: string;
  source: FunnelSource;
  /** The value of STEP_FIELD[source] ('' = any row of the source). */
  value: string;
  optional: boolean;
  /** Days from the previous step ('' = only the overall window). */
  withinDays: string;
}

export type BreakdownChoice = '' | 'age_band' | 'value_tier' | 'gender' | 'lifecycle_stage' | 'arm' | 'channel_first';

export interface FunnelDraft {
  steps: StepDraft[];
  order: 'ordered' | 'strict' | 'unordered';
  windowDays: string;
  holdConstant: '' | 'properties.campaign_id' | 'campaign_id' | 'account_id' | 'product_type';
  breakdown: BreakdownChoice;
  /** A second breakdown, combined with the first (每组 × 每组). */
  breakdown2: BreakdownChoice;
  /** The campaign whose arms a breakdown by arm reads. */
  armCampaign: string;
  /** The population: '' the whole base, else a saved segment's id. */
  segmentId: string;
  /** A second segment counted beside the first, side by side ('' none). */
  compareSegmentId: string;
  periodFrom: string;
  periodTo: string;
}

export function emptyStep(): StepDraft {
  return { name: '', source: 'events', value: '', optional: false, withinDays: '' };
}

export function newDraft(): FunnelDraft {
  return { steps: [emptyStep(), emptyStep()], order: 'ordered', windowDays: '30', holdConstant: '', breakdown: '', breakdown2: '', armCampaign: '', segmentId: '', compareSegmentId: '', periodFrom: '', periodTo: '' };
}

const positive = (text: string) => {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : null;
};

function breakdownOf(choice: BreakdownChoice, armCampaign: string): Breakdown[] {
  switch (choice) {
    case '':
      return [];
    case 'arm':
      return armCampaign.trim() ? [{ kind: 'arm', campaignId: armCampaign.trim() }] : [];
    case 'channel_first':
      return [{ kind: 'property', property: 'properties.channel', attribution: 'first', step: 0 }];
    default:
      return [{ kind: 'field', field: choice }];
  }
}

function breakdownsOf(draft: FunnelDraft): Breakdown[] {
  const first = breakdownOf(draft.breakdown, draft.armCampaign);
  const second = draft.breakdown2 !== draft.breakdown ? breakdownOf(draft.breakdown2, draft.armCampaign) : [];
  return [...first, ...second];
}

/** The spec, or null while the form is not complete (a window that is not a whole number of days). */
export function specOf(draft: FunnelDraft): FunnelSpecInput | null {
  const window = positive(draft.windowDays);
  if (window === null || draft.steps.length < 2) return null;
  const period = /^\d{4}-\d{2}-\d{2}$/.test(draft.periodFrom) && /^\d{4}-\d{2}-\d{2}$/.test(draft.periodTo) ? { period: { from: draft.periodFrom, to: draft.periodTo } } : {};
  return {
    steps: draft.steps.map((s, k) => {
      const within = positive(s.withinDays);
      return {
        name: s.name || s.value || s.source,
        source: s.source,
        filters: s.value.trim() ? [{ kind: 'field' as const, field: STEP_FIELD[s.source], op: '=' as const, value: s.value.trim() }] : [],
        optional: k > 0 && s.optional,
        ...(k > 0 && within !== null ? { withinPrevious: { amount: within, unit: 'days' as const } } : {}),
      };
    }),
    order: draft.order,
    window: { amount: window, unit: 'days' },
    ...(draft.holdConstant ? { holdConstant: draft.holdConstant } : {}),
    breakdowns: breakdownsOf(draft),
    ...(draft.segmentId ? { segmentId: draft.segmentId } : {}),
    ...period,
  };
}

/** A saved spec back into the form (fields the form cannot show are kept as the engine has them). */
export function draftOf(spec: FunnelSpecInput): FunnelDraft {
  const field = (b: BreakdownInput | undefined): BreakdownChoice => {
    if (!b) return '';
    if (b.kind === 'arm') return 'arm';
    if (b.kind === 'property') return 'channel_first';
    if (b.kind === 'field' && ['age_band', 'value_tier', 'gender', 'lifecycle_stage'].includes(b.field)) return b.field as BreakdownChoice;
    return '';
  };
  const first = spec.breakdowns?.[0];
  const second = spec.breakdowns?.[1];
  return {
    steps: spec.steps.map((s) => ({
      name: s.name ?? '',
      source: s.source,
      value: String((s.filters?.[0] as { value?: unknown } | undefined)?.value ?? ''),
      optional: s.optional ?? false,
      withinDays: s.withinPrevious?.unit === 'days' ? String(s.withinPrevious.amount) : '',
    })),
    order: spec.order ?? 'ordered',
    windowDays: spec.window?.unit === 'days' ? String(spec.window.amount) : '30',
    holdConstant: (spec.holdConstant ?? '') as FunnelDraft['holdConstant'],
    breakdown: field(first),
    breakdown2: field(second),
    armCampaign: first?.kind === 'arm' ? first.campaignId : second?.kind === 'arm' ? second.campaignId : '',
    segmentId: spec.segmentId ?? '',
    compareSegmentId: '',
    periodFrom: spec.period?.from ?? '',
    periodTo: spec.period?.to ?? '',
  };
}
