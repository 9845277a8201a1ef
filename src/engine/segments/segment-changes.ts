import { withExplicitPostings } from '../../shared/segment-postings';
import type { SegmentNode } from '../../shared/segment-types';
import { conditionsOf } from './rule-tree';

interface Described {
  name: string;
  description: string;
  owner: string;
  rule: SegmentNode;
}

const stable = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

/**
 * What changed between two versions, in words: renamed, description / owner changed, and per
 * condition (by its id) added, removed, changed, switched off or on; "rule changed" for changes
 * the ids do not explain (regrouping, conditions without ids).
 */
export function describeChanges(beforeVersion: Described | null, afterVersion: Described): string[] {
  if (!beforeVersion) return ['created'];
  // Compared by meaning: an activity condition saved without `postings` is one with 'all'.
  const before = { ...beforeVersion, rule: withExplicitPostings(beforeVersion.rule) };
  const after = { ...afterVersion, rule: withExplicitPostings(afterVersion.rule) };
  const out: string[] = [];
  if (before.name !== after.name) out.push(`renamed from "${before.name}" to "${after.name}"`);
  if (before.description !== after.description) out.push('description changed');
  if (before.owner !== after.owner) out.push(`owner changed from "${before.owner}" to "${after.owner}"`);
  if (stable(before.rule) === stable(after.rule)) return out.length ? out : ['no change'];
  const byId = (rule: SegmentNode) => new Map(conditionsOf(rule).flatMap(({ node }) => (node.id ? [[node.id, node] as const] : [])));
  const old = byId(before.rule);
  const now = byId(after.rule);
  const detail: string[] = [];
  for (const [id, node] of now) {
    const prev = old.get(id);
    if (!prev) detail.push(`condition ${id} added`);
    else if (stable({ ...prev, enabled: undefined }) !== stable({ ...node, enabled: undefined })) detail.push(`condition ${id} changed`);
    else if ((prev.enabled ?? true) !== (node.enabled ?? true)) detail.push(`condition ${id} switched ${node.enabled === false ? 'off' : 'on'}`);
  }
  for (const id of old.keys()) if (!now.has(id)) detail.push(`condition ${id} removed`);
  if (detail.length === 0) detail.push('rule changed');
  return [...out, ...detail];
}
