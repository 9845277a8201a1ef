import { useMemo, useState, type DragEvent } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../../shared/i18n/messages-en';
import { ActivityForm, AumChangeForm, HoldingForm, SequenceForm } from './behaviour-forms';
import { useBuilder, type ProfileField } from './builder-context';
import { fieldOperators, newDraft, type ConditionDraft, type DraftKind, type DraftProblem, type SegmentFieldOp } from './condition-draft';
import {
  appendChild,
  conditionNode,
  conditionsInOrder,
  duplicateNode,
  groupNode,
  moveInto,
  moveNode,
  removeNode,
  setGroupOp,
  toggleEnabled,
  toggleNegated,
  updateDraft,
  wrapInGroup,
  type ConditionNode,
  type GroupNode,
  type TreeNode,
} from './rule-tree';
import { FieldValueEditor } from './value-pickers';
import { FieldPicker } from '../field-picker/field-picker';
import { fieldOption, plainOption, type PickerOption } from '../field-picker/field-options';

type Tree = GroupNode<ConditionDraft>;

const BEHAVIOUR_KINDS: readonly DraftKind[] = ['activity', 'sequence', 'aum_change', 'holding'];
const DRAG_TYPE = 'application/x-segment-node';

/** The field picker's value for a draft: field:<name>, tag:<id>, segment:<id> or kind:<behaviour>. */
export function pickerValue(draft: ConditionDraft): string {
  switch (draft.kind) {
    case 'field':
      return `field:${draft.field}`;
    case 'tag':
      return `tag:${draft.tag}`;
    case 'segment':
      return `segment:${draft.segment}`;
    default:
      return `kind:${draft.kind}`;
  }
}

/** A new draft from a field picker value (keeps the current draft when it is the same choice). */
export function draftFromPicker(value: string, fields: readonly ProfileField[], current: ConditionDraft): ConditionDraft {
  if (value === pickerValue(current)) return current;
  const [kind, ...rest] = value.split(':');
  const name = rest.join(':');
  if (kind === 'field') {
    const field = fields.find((f) => f.name === name);
    return newDraft('field', field ? { name: field.name, kind: field.kind } : undefined);
  }
  if (kind === 'tag') return { kind: 'tag', tag: name, member: true };
  if (kind === 'segment') return { kind: 'segment', segment: name, member: true };
  return newDraft(name as DraftKind);
}

/**
 * The rule tree editor: AND / OR groups (NOT, switch off, reorder, duplicate, nest, drag a row onto
 * another group) of conditions, each with a field picker (profile fields by group, tags, other
 * segments, behavioural kinds) and a value picker that knows the column.
 */
export function RuleBuilder({ tree, onChange, problems, readOnly }: { tree: Tree; onChange: (tree: Tree) => void; problems: ReadonlyMap<string, DraftProblem>; readOnly: boolean }) {
  const { t } = useI18n();
  const { fields } = useBuilder();
  const order = useMemo(() => conditionsInOrder(tree), [tree]);
  const indexOf = useMemo(() => new Map(order.map((entry, i) => [entry.node.id, i])), [order]);
  const groupIndex = useMemo(() => {
    const map = new Map<string, number>();
    const walk = (g: Tree) => {
      map.set(g.id, map.size);
      for (const c of g.children) if (c.type === 'group') walk(c);
    };
    walk(tree);
    return map;
  }, [tree]);

  const firstField = fields.find((f) => f.group === 'demographics') ?? fields[0];
  // A condition just added has not been typed into: its problem (no value yet) is not an error to
  // show until the user edits it (issue 13 item 8). It still does not count until it is complete.
  const [untouched, setUntouched] = useState<ReadonlySet<string>>(() => new Set());
  const freshCondition = () => {
    const node = conditionNode<ConditionDraft>(newDraft('field', firstField ? { name: firstField.name, kind: firstField.kind } : undefined));
    setUntouched((ids) => new Set(ids).add(node.id));
    return node;
  };
  const touch = (id: string) =>
    setUntouched((ids) => {
      if (!ids.has(id)) return ids;
      const next = new Set(ids);
      next.delete(id);
      return next;
    });
  const ctx: TreeCtx = { tree, onChange, problems, readOnly, indexOf, groupIndex, freshCondition, untouched, touch };

  return (
    <div className="rule-builder" data-testid="segment-builder" data-conditions={order.length}>
      <GroupView group={tree} ctx={ctx} root />
      {!readOnly && (
        <div className="rule-builder-actions">
          <button type="button" className="button" onClick={() => onChange(appendChild(tree, tree.id, freshCondition()))} data-testid="segment-add-condition" disabled={fields.length === 0}>
            {t('segments.builder.addCondition')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => onChange(appendChild(tree, tree.id, groupNode(tree.op === 'and' ? 'or' : 'and', [freshCondition()])))}
            data-testid="segment-add-group"
            disabled={fields.length === 0}
          >
            {t('segments.builder.addGroup')}
          </button>
        </div>
      )}
    </div>
  );
}

interface TreeCtx {
  tree: Tree;
  onChange: (tree: Tree) => void;
  problems: ReadonlyMap<string, DraftProblem>;
  readOnly: boolean;
  indexOf: ReadonlyMap<string, number>;
  groupIndex: ReadonlyMap<string, number>;
  freshCondition: () => ConditionNode<ConditionDraft>;
  /** Conditions added and not edited since: their problems are not shown yet. */
  untouched: ReadonlySet<string>;
  touch: (id: string) => void;
}

function NodeTools({ node, ctx, testId }: { node: TreeNode<ConditionDraft>; ctx: TreeCtx; testId: string }) {
  const { t } = useI18n();
  const { tree, onChange } = ctx;
  if (ctx.readOnly) return null;
  return (
    <span className="node-tools">
      <button type="button" className="icon-button" title={t('segments.builder.moveUp')} aria-label={t('segments.builder.moveUp')} onClick={() => onChange(moveNode(tree, node.id, -1))} data-testid={`${testId}-up`}>
        ↑
      </button>
      <button type="button" className="icon-button" title={t('segments.builder.moveDown')} aria-label={t('segments.builder.moveDown')} onClick={() => onChange(moveNode(tree, node.id, 1))} data-testid={`${testId}-down`}>
        ↓
      </button>
      <button type="button" className="icon-button" title={t('segments.builder.duplicate')} aria-label={t('segments.builder.duplicate')} onClick={() => onChange(duplicateNode(tree, node.id))} data-testid={`${testId}-duplicate`}>
        ⧉
      </button>
      {node.type === 'condition' && (
        <button type="button" className="icon-button" title={t('segments.builder.nest')} aria-label={t('segments.builder.nest')} onClick={() => onChange(wrapInGroup(tree, node.id))} data-testid={`${testId}-nest`}>
          ⤷
        </button>
      )}
      <button type="button" className="icon-button danger" title={t('segments.builder.remove')} aria-label={t('segments.builder.remove')} onClick={() => onChange(removeNode(tree, node.id))} data-testid={`${testId}-remove`}>
        ✕
      </button>
    </span>
  );
}

function EnableSwitch({ node, ctx, testId }: { node: TreeNode<ConditionDraft>; ctx: TreeCtx; testId: string }) {
  const { t } = useI18n();
  return (
    <label className="enable-switch" title={t(node.enabled ? 'segments.builder.switchOff' : 'segments.builder.switchOn')}>
      <input type="checkbox" checked={node.enabled} disabled={ctx.readOnly} onChange={() => ctx.onChange(toggleEnabled(ctx.tree, node.id))} data-testid={`${testId}-toggle`} />
      <span className="visually-hidden">{t('segments.builder.enabled')}</span>
    </label>
  );
}

function GroupView({ group, ctx, root = false }: { group: Tree; ctx: TreeCtx; root?: boolean }) {
  const { t } = useI18n();
  const [dragOver, setDragOver] = useState(false);
  const k = ctx.groupIndex.get(group.id) ?? 0;
  const testId = `segment-group-${k}`;
  const onDrop = (event: DragEvent) => {
    const id = event.dataTransfer.getData(DRAG_TYPE);
    setDragOver(false);
    if (!id || ctx.readOnly) return;
    event.preventDefault();
    event.stopPropagation();
    ctx.onChange(moveInto(ctx.tree, id, group.id));
  };
  return (
    <div
      className={`rule-group${group.enabled ? '' : ' off'}${root ? ' root' : ''}${dragOver ? ' drag-over' : ''}`}
      data-testid={testId}
      data-op={group.op}
      data-negated={group.negated ? 'true' : 'false'}
      onDragOver={(e) => {
        if (ctx.readOnly || !e.dataTransfer.types.includes(DRAG_TYPE)) return;
        e.preventDefault();
        e.stopPropagation();
        setDragOver(true);
      }}
      onDragLeave={() => setDragOver(false)}
      onDrop={onDrop}
    >
      <div className="rule-group-head" draggable={!root && !ctx.readOnly} onDragStart={(e) => e.dataTransfer.setData(DRAG_TYPE, group.id)}>
        {!root && <EnableSwitch node={group} ctx={ctx} testId={testId} />}
        <label className="group-not">
          <input type="checkbox" checked={group.negated} disabled={ctx.readOnly} onChange={() => ctx.onChange(toggleNegated(ctx.tree, group.id))} data-testid={`${testId}-not`} />
          <span>{t('segments.builder.not')}</span>
        </label>
        <select value={group.op} disabled={ctx.readOnly} onChange={(e) => ctx.onChange(setGroupOp(ctx.tree, group.id, e.target.value as 'and' | 'or'))} data-testid={`group-op-${k}`} aria-label={t('segments.builder.combinator')}>
          <option value="and">{t('segments.builder.all')}</option>
          <option value="or">{t('segments.builder.any')}</option>
        </select>
        <span className="grid-toolbar-spacer" />
        {!root && <NodeTools node={group} ctx={ctx} testId={testId} />}
      </div>
      <div className="rule-group-children">
        {group.children.length === 0 && <div className="muted rule-empty">{t(root ? 'segments.builder.emptyRoot' : 'segments.builder.emptyGroup')}</div>}
        {group.children.map((child) => (child.type === 'group' ? <GroupView key={child.id} group={child} ctx={ctx} /> : <ConditionView key={child.id} node={child} ctx={ctx} />))}
      </div>
      {!root && !ctx.readOnly && (
        <div className="rule-group-actions">
          <button type="button" className="link-button" onClick={() => ctx.onChange(appendChild(ctx.tree, group.id, ctx.freshCondition()))} data-testid={`${testId}-add-condition`}>
            {t('segments.builder.addCondition')}
          </button>
          <button type="button" className="link-button" onClick={() => ctx.onChange(appendChild(ctx.tree, group.id, groupNode(group.op === 'and' ? 'or' : 'and', [ctx.freshCondition()])))} data-testid={`${testId}-add-group`}>
            {t('segments.builder.addGroup')}
          </button>
        </div>
      )}
    </div>
  );
}

function ConditionView({ node, ctx }: { node: ConditionNode<ConditionDraft>; ctx: TreeCtx }) {
  const { t } = useI18n();
  const i = ctx.indexOf.get(node.id) ?? 0;
  const problem = ctx.untouched.has(node.id) ? undefined : ctx.problems.get(node.id);
  const testId = `condition-${i}`;
  const onDraft = (patch: Partial<ConditionDraft>) => {
    ctx.touch(node.id);
    ctx.onChange(updateDraft(ctx.tree, node.id, (d) => ({ ...d, ...patch }) as ConditionDraft));
  };
  const setDraft = (draft: ConditionDraft) => {
    ctx.touch(node.id);
    ctx.onChange(updateDraft(ctx.tree, node.id, () => draft));
  };
  return (
    <div
      className={`condition-card${node.enabled ? '' : ' off'}${problem ? ' invalid' : ''}`}
      data-testid={testId}
      data-kind={node.draft.kind}
      data-enabled={node.enabled ? 'true' : 'false'}
      draggable={!ctx.readOnly}
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, node.id);
        e.stopPropagation();
      }}
    >
      <div className="condition-main">
        <span className="condition-number">{i + 1}</span>
        <EnableSwitch node={node} ctx={ctx} testId={testId} />
        <fieldset className="condition-body" disabled={ctx.readOnly}>
          <ConditionEditor draft={node.draft} index={i} onPatch={onDraft} onReplace={setDraft} />
        </fieldset>
        <NodeTools node={node} ctx={ctx} testId={testId} />
      </div>
      {problem && (
        <div className="error-text" data-testid={`${testId}-problem`}>
          {t(problemKey(problem))}
        </div>
      )}
    </div>
  );
}

export function problemKey(problem: DraftProblem): MessageKey {
  switch (problem) {
    case 'noTag':
    case 'noSegment':
    case 'noProduct':
    case 'badWindow':
    case 'notInteger':
      return `segments.problem.${problem}`;
    default:
      return `customers.tags.problem.${problem}`;
  }
}

/** The condition's field picker: profile fields by dictionary group, tags, other segments and behavioural kinds, searchable. */
function ConditionFieldPicker({ draft, index, onReplace }: { draft: ConditionDraft; index: number; onReplace: (draft: ConditionDraft) => void }) {
  const { t, locale } = useI18n();
  const { client, fields, tags, segments, currentId } = useBuilder();
  const options = useMemo<PickerOption[]>(
    () => [
      ...fields.map((f) => fieldOption(f.name, locale)),
      ...tags.map((tag) => {
        const name = tag.nameZh && tag.nameEn ? (locale === 'zh' ? `${tag.nameZh} · ${tag.nameEn}` : `${tag.nameEn} · ${tag.nameZh}`) : tag.nameEn || tag.nameZh || tag.id;
        return plainOption(`tag:${tag.id}`, 'tags', t('segments.builder.tagOption', { name }), { secondary: tag.id });
      }),
      ...segments.filter((s) => s.id !== currentId).map((s) => plainOption(`segment:${s.id}`, 'segments', t('segments.builder.segmentOption', { name: s.name }))),
      ...BEHAVIOUR_KINDS.map((kind) => plainOption(`kind:${kind}`, 'behaviour', t(`segments.kind.${kind}` as MessageKey), { secondary: kind })),
    ],
    [fields, tags, segments, currentId, locale, t],
  );
  return (
    <FieldPicker
      options={options}
      value={pickerValue(draft)}
      onPick={(value) => onReplace(draftFromPicker(value, fields, draft))}
      client={client}
      testId={`condition-field-${index}`}
      placeholderLabel={t('segments.builder.choose')}
    />
  );
}

function ConditionEditor({ draft, index, onPatch, onReplace }: { draft: ConditionDraft; index: number; onPatch: (patch: Partial<ConditionDraft>) => void; onReplace: (draft: ConditionDraft) => void }) {
  const { t } = useI18n();
  const { fields } = useBuilder();
  const picker = <ConditionFieldPicker draft={draft} index={index} onReplace={onReplace} />;
  switch (draft.kind) {
    case 'field': {
      const field = fields.find((f) => f.name === draft.field);
      const ops = field ? fieldOperators(field.kind) : [];
      return (
        <div className="condition-editor">
          {picker}
          <select value={draft.op} onChange={(e) => onPatch({ op: e.target.value as SegmentFieldOp })} data-testid={`condition-op-${index}`} aria-label={t('customers.tags.operator')}>
            {ops.map((op) => (
              <option key={op} value={op}>
                {opLabel(t, op)}
              </option>
            ))}
          </select>
          {field && <FieldValueEditor draft={draft} index={index} kind={field.kind} onChange={(patch) => onPatch(patch)} />}
        </div>
      );
    }
    case 'tag':
    case 'segment':
      return (
        <div className="condition-editor">
          {picker}
          <select value={draft.member ? 'yes' : 'no'} onChange={(e) => onPatch({ member: e.target.value === 'yes' })} data-testid={`condition-op-${index}`} aria-label={t('customers.tags.operator')}>
            <option value="yes">{t(draft.kind === 'tag' ? 'segments.builder.hasTag' : 'segments.builder.inSegment')}</option>
            <option value="no">{t(draft.kind === 'tag' ? 'segments.builder.notTag' : 'segments.builder.notInSegment')}</option>
          </select>
        </div>
      );
    case 'activity':
      return (
        <div className="condition-editor">
          {picker}
          <ActivityForm draft={draft} index={index} onChange={(patch) => onPatch(patch)} />
        </div>
      );
    case 'sequence':
      return (
        <div className="condition-editor">
          {picker}
          <SequenceForm draft={draft} index={index} onChange={(patch) => onPatch(patch)} />
        </div>
      );
    case 'aum_change':
      return (
        <div className="condition-editor">
          {picker}
          <AumChangeForm draft={draft} index={index} onChange={(patch) => onPatch(patch)} />
        </div>
      );
    case 'holding':
      return (
        <div className="condition-editor">
          {picker}
          <HoldingForm draft={draft} index={index} onChange={(patch) => onPatch(patch)} />
        </div>
      );
  }
}

function opLabel(t: ReturnType<typeof useI18n>['t'], op: SegmentFieldOp): string {
  if (op === 'within_last_days' || op === 'before' || op === 'after') return t(`segments.op.${op}`);
  return t(`customers.tags.op.${op}`);
}
