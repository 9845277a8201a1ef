import type { Translate } from '../../../shared/i18n/i18n';
import type { ConditionDraft, FilterDraft, WindowDraft } from './condition-draft';
import type { GroupNode, TreeNode } from './rule-tree';

/**
 * Short words for a condition (waterfall step labels, version lists): "age ≥ 30",
 * "≥ 3 transactions (channel = mobile) · last 3 months". Names of tags and segments come from
 * `names` (id → display name).
 */
const SYMBOL: Record<string, string> = { '=': '=', '!=': '≠', '<': '<', '<=': '≤', '>': '>', '>=': '≥', in: '∈', not_in: '∉', between: '∈', contains: '⊃', starts_with: '^=' };

export function describeWindow(t: Translate, window: WindowDraft): string {
  switch (window.type) {
    case 'all':
      return t('segments.window.allShort');
    case 'lastDays':
      return t('segments.window.lastDaysShort', { n: window.n });
    case 'lastMonths':
      return t('segments.window.lastMonthsShort', { n: window.n });
    case 'range':
      return `${window.from} – ${window.to}`;
  }
}

function describeFilters(filters: readonly FilterDraft[]): string {
  return filters.length === 0 ? '' : ` (${filters.map((f) => `${f.column} ${SYMBOL[f.op] ?? f.op} ${f.value}`).join(', ')})`;
}

export function describeDraft(t: Translate, draft: ConditionDraft, names: (kind: 'tag' | 'segment', id: string) => string): string {
  switch (draft.kind) {
    case 'field': {
      const f = draft.field || '?';
      if (draft.op === 'within_last_days') return t('segments.describe.withinDays', { field: f, n: draft.value });
      if (draft.op === 'before' || draft.op === 'after') return `${f} ${t(`segments.op.${draft.op}`)} ${draft.value}`;
      if (draft.op === 'is_empty' || draft.op === 'is_not_empty') return `${f} ${t(`customers.tags.op.${draft.op}`)}`;
      if (draft.op === 'between') return `${f} ∈ [${draft.value}, ${draft.value2}]`;
      if (draft.op === 'in' || draft.op === 'not_in') {
        const values = draft.picked.length > 0 ? draft.picked.join(', ') : draft.value;
        return `${f} ${SYMBOL[draft.op]} {${values}}`;
      }
      return `${f} ${SYMBOL[draft.op] ?? draft.op} ${draft.value}`;
    }
    case 'tag':
      return t(draft.member ? 'segments.describe.tag' : 'segments.describe.notTag', { tag: draft.tag ? names('tag', draft.tag) : '?' });
    case 'segment':
      return t(draft.member ? 'segments.describe.segment' : 'segments.describe.notSegment', { segment: draft.segment ? names('segment', draft.segment) : '?' });
    case 'activity': {
      const what = draft.fn === 'count' ? t(`segments.source.${draft.source}`) : `${t(`segments.measure.${draft.fn}`)} ${t(`segments.source.${draft.source}`)}`;
      const postings = draft.source === 'transactions' ? ` · ${t(`segments.postings.${draft.postings}`)}` : '';
      return `${SYMBOL[draft.op] ?? draft.op} ${draft.value} ${what}${describeFilters(draft.filters)} · ${describeWindow(t, draft.window)}${postings}`;
    }
    case 'sequence':
      return t('segments.describe.sequence', { did: describeFilters(draft.did).trim() || t(`segments.source.${draft.didSource}`), notDid: describeFilters(draft.notDid).trim() || t(`segments.source.${draft.notDidSource}`), days: draft.withinDays });
    case 'aum_change':
      return t('segments.describe.aumChange', { op: SYMBOL[draft.op] ?? draft.op, percent: draft.percent, from: draft.fromMonthsAgo, to: draft.toMonthsAgo });
    case 'holding':
      return t(`segments.describe.holding.${draft.mode}`, { product: [draft.productType, draft.productCode].filter((x) => x.trim() !== '').join(' / ') || '?' });
  }
}

/** A group or condition in words, nested groups in brackets. */
export function describeNode(t: Translate, node: TreeNode<ConditionDraft>, names: (kind: 'tag' | 'segment', id: string) => string): string {
  if (node.type === 'condition') return describeDraft(t, node.draft, names);
  const joiner = ` ${t(node.op === 'and' ? 'customers.tags.and' : 'customers.tags.or')} `;
  const inner = node.children.filter((c) => c.enabled).map((c) => describeNode(t, c, names)).join(joiner);
  const bracketed = `(${inner || t('customers.tags.everybody')})`;
  return node.negated ? `${t('customers.tags.not')} ${bracketed}` : bracketed;
}

/** Waterfall step labels by condition id: the top-level children of the root, numbered. */
export function stepLabels(t: Translate, root: GroupNode<ConditionDraft>, names: (kind: 'tag' | 'segment', id: string) => string): Map<string, string> {
  const labels = new Map<string, string>();
  // A root that is not a plain AND is one step, named by the root.
  labels.set(root.id, describeNode(t, root, names));
  root.children.forEach((child, i) => labels.set(child.id, `${i + 1}. ${describeNode(t, child, names)}`));
  return labels;
}
