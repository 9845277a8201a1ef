import { withExplicitPostings } from '../../../shared/segment-postings';
import type { SegmentCondition, SegmentNode, SegmentVersion } from '../../../shared/segment-types';

/**
 * What changed from one saved version to the next, as data the UI words in the user's language
 * (the engine's `changes` are English): renamed, description / owner changed, and per condition
 * (matched by its id) added, removed, changed, switched off or on; "rule" for a regrouping that ids
 * do not explain.
 */
export type VersionChange =
  | { kind: 'created' }
  | { kind: 'renamed'; from: string; to: string }
  | { kind: 'description' }
  | { kind: 'owner'; from: string; to: string }
  | { kind: 'added' | 'removed' | 'off' | 'on'; condition: SegmentCondition }
  | { kind: 'changed'; before: SegmentCondition; condition: SegmentCondition }
  | { kind: 'rule' }
  | { kind: 'none' };

/** Leaves of a rule with an id, in reading order. */
export function conditionsWithIds(rule: SegmentNode): SegmentCondition[] {
  const out: SegmentCondition[] = [];
  const walk = (node: SegmentNode) => {
    if (node.kind === 'and' || node.kind === 'or') node.children.forEach(walk);
    else if (node.kind === 'not') walk(node.child);
    else if (node.kind !== 'all' && node.id) out.push(node);
  };
  walk(rule);
  return out;
}

const stable = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'label').sort(([a], [b]) => a.localeCompare(b))) : v));

const withoutSwitch = (node: SegmentCondition) => stable({ ...node, enabled: undefined });

type Described = Pick<SegmentVersion, 'name' | 'description' | 'owner' | 'rule'>;

export function versionChanges(beforeVersion: Described | null, afterVersion: Described): VersionChange[] {
  if (!beforeVersion) return [{ kind: 'created' }];
  // Compared by meaning: an activity condition saved without `postings` is one with 'all'.
  const before = { ...beforeVersion, rule: withExplicitPostings(beforeVersion.rule) };
  const after = { ...afterVersion, rule: withExplicitPostings(afterVersion.rule) };
  const out: VersionChange[] = [];
  if (before.name !== after.name) out.push({ kind: 'renamed', from: before.name, to: after.name });
  if (before.description !== after.description) out.push({ kind: 'description' });
  if (before.owner !== after.owner) out.push({ kind: 'owner', from: before.owner, to: after.owner });
  if (stable(before.rule) === stable(after.rule)) return out.length > 0 ? out : [{ kind: 'none' }];
  const old = new Map(conditionsWithIds(before.rule).map((c) => [c.id!, c]));
  const now = conditionsWithIds(after.rule);
  const detail: VersionChange[] = [];
  for (const node of now) {
    const prev = old.get(node.id!);
    if (!prev) detail.push({ kind: 'added', condition: node });
    else if (withoutSwitch(prev) !== withoutSwitch(node)) detail.push({ kind: 'changed', before: prev, condition: node });
    else if ((prev.enabled ?? true) !== (node.enabled ?? true)) detail.push({ kind: node.enabled === false ? 'off' : 'on', condition: node });
  }
  const nowIds = new Set(now.map((c) => c.id));
  for (const [id, node] of old) if (!nowIds.has(id)) detail.push({ kind: 'removed', condition: node });
  return [...out, ...(detail.length > 0 ? detail : [{ kind: 'rule' as const }])];
}
