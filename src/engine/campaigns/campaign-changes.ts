import type { CampaignDefinition } from '../../shared/campaign-types';

const stable = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

/** The parts of a definition, each named as the analyst thinks of it, for the "what changed" lines. */
const PARTS: Array<[keyof CampaignDefinition, string]> = [
  ['objective', 'objective'],
  ['product', 'product'],
  ['channels', 'channels'],
  ['plannedDate', 'planned date'],
  ['owner', 'owner'],
  ['priority', 'priority'],
  ['selection', 'selection'],
  ['suppressions', 'suppressions'],
  ['contactPolicy', 'contact policy'],
  ['ranking', 'ranking'],
  ['caps', 'caps'],
  ['control', 'control group and cells'],
  ['rmAssignment', 'RM assignment'],
  ['list', 'list columns'],
];

/** What changed between two versions of a campaign, in words (as segments' versions say it). */
export function describeCampaignChanges(before: CampaignDefinition | null, after: CampaignDefinition): string[] {
  if (!before) return ['created'];
  const out: string[] = [];
  if (before.name !== after.name) out.push(`renamed from "${before.name}" to "${after.name}"`);
  for (const [key, label] of PARTS) {
    if (stable(before[key]) === stable(after[key])) continue;
    if (key === 'plannedDate') out.push(`planned date changed from ${before.plannedDate} to ${after.plannedDate}`);
    else if (key === 'selection') {
      const was = new Set(before.selection.map((s) => s.segmentId));
      const now = new Set(after.selection.map((s) => s.segmentId));
      const added = [...now].filter((id) => !was.has(id));
      const removed = [...was].filter((id) => !now.has(id));
      if (added.length) out.push(`segments added: ${added.join(', ')}`);
      if (removed.length) out.push(`segments removed: ${removed.join(', ')}`);
      if (!added.length && !removed.length) out.push('segment priorities changed');
    } else if (key === 'suppressions') {
      const kinds = (d: CampaignDefinition) => d.suppressions.map((s) => `${s.kind}${s.enabled ? '' : ' (off)'}`);
      out.push(`suppressions changed: ${kinds(before).join(', ') || 'none'} → ${kinds(after).join(', ') || 'none'}`);
    } else out.push(`${label} changed`);
  }
  return out.length ? out : ['no change'];
}
