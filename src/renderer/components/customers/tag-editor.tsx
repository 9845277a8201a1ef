import { useMemo, useState } from 'react';
import type { Tag } from '../../../shared/customer-types';
import type { EngineClient } from '../../../shared/engine-client';
import { toAppError, type AppError } from '../../../shared/errors';
import type { RuleOp } from '../../../shared/rule-language';
import { formatCount } from '../../format/number-format';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { builderToRule, describeRule, emptyRow, fieldKind, operatorsFor, ruleToBuilder, type BuilderState, type Combinator, type FieldKind, type RowProblem } from './condition-builder';
import { AmountInput } from '../amount-input/amount-input';
import { FieldPicker } from '../field-picker/field-picker';
import { fieldOption } from '../field-picker/field-options';
import { formatShare } from './rule-editing';
import { useEngineQuery } from '../../state/use-engine-query';
import { PREVIEW_DEBOUNCE_MS } from './use-rule-preview';

export interface ProfileColumn {
  name: string;
  type: string;
  group: string;
}

type Preview = { count: number; share: number; aumShare: number } | null;

/**
 * Create or edit a user tag: names in Chinese and English, description, owner, and a simple
 * condition builder (one AND / OR group of field–operator–value rows) with its live count.
 */
export function TagEditor({
  client,
  columns,
  tag,
  onSaved,
  onCancel,
}: {
  client: EngineClient;
  columns: ProfileColumn[];
  /** null: a new tag. */
  tag: Tag | null;
  onSaved: (tag: Tag) => void;
  onCancel: () => void;
}) {
  const { t, locale, intlLocale } = useI18n();
  const [nameZh, setNameZh] = useState(tag?.nameZh ?? '');
  const [nameEn, setNameEn] = useState(tag?.nameEn ?? '');
  const [description, setDescription] = useState(tag?.description ?? '');
  const [owner, setOwner] = useState(tag?.owner ?? '');
  const initialBuilder = tag ? ruleToBuilder(tag.definition) : { combinator: 'and' as Combinator, rows: [] };
  const [builder, setBuilder] = useState<BuilderState>(initialBuilder ?? { combinator: 'and', rows: [] });
  const tooDeep = tag !== null && initialBuilder === null;
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<AppError | null>(null);

  const kinds = useMemo(() => new Map(columns.map((c) => [c.name, fieldKind(c.type)])), [columns]);
  const kindOf = (field: string): FieldKind | null => kinds.get(field) ?? null;
  const built = useMemo(() => (tooDeep && tag ? ({ ok: true, rule: tag.definition } as const) : builderToRule(builder, kindOf)), [builder, kinds, tooDeep, tag]);
  const fieldOptions = useMemo(() => columns.map((c) => fieldOption(c.name, locale)), [columns, locale]);

  // The live count of the tag as it is edited (debounced; the engine cancels the count of an older edit).
  const counted = useEngineQuery(client, 'tags.preview', built.ok ? { definition: built.rule } : null, { debounceMs: PREVIEW_DEBOUNCE_MS, supersede: 'tags-preview' });
  const preview: Preview = counted.data;
  const previewError = counted.error;

  const updateRow = (index: number, patch: Partial<BuilderState['rows'][number]>) =>
    setBuilder((b) => ({ ...b, rows: b.rows.map((row, i) => (i === index ? { ...row, ...patch } : row)) }));

  const canSave = built.ok && nameZh.trim() !== '' && nameEn.trim() !== '' && !saving;
  const save = () => {
    if (!built.ok) return;
    setSaving(true);
    setSaveError(null);
    client
      .call('tags.save', { ...(tag ? { id: tag.id } : {}), nameZh: nameZh.trim(), nameEn: nameEn.trim(), description, owner, definition: built.rule })
      .then(onSaved, (reason: unknown) => setSaveError(toAppError(reason)))
      .finally(() => setSaving(false));
  };

  const problems = new Map<number, RowProblem>(built.ok ? [] : built.problems.map((p) => [p.index, p.problem]));
  const words = { and: t('customers.tags.and'), or: t('customers.tags.or'), not: t('customers.tags.not'), all: t('customers.tags.everybody'), empty: t('op.is_null'), notEmpty: t('op.not_null') };

  return (
    <div className="tag-editor" data-testid="tag-editor">
      <h3>{tag ? t('customers.tags.editTitle', { name: tag.nameEn }) : t('customers.tags.newTitle')}</h3>
      <div className="tag-editor-names">
        <label>
          <span>{t('customers.tags.nameZh')}</span>
          <input type="text" value={nameZh} onChange={(e) => setNameZh(e.target.value)} data-testid="tag-name-zh" />
        </label>
        <label>
          <span>{t('customers.tags.nameEn')}</span>
          <input type="text" value={nameEn} onChange={(e) => setNameEn(e.target.value)} data-testid="tag-name-en" />
        </label>
        <label>
          <span>{t('customers.tags.owner')}</span>
          <input type="text" value={owner} onChange={(e) => setOwner(e.target.value)} data-testid="tag-owner" />
        </label>
        <label className="wide">
          <span>{t('customers.tags.description')}</span>
          <textarea value={description} rows={2} onChange={(e) => setDescription(e.target.value)} data-testid="tag-description" />
        </label>
      </div>
      {tooDeep && tag ? (
        <p className="rule-readonly">
          {t('customers.tags.tooDeep')} <code>{describeRule(tag.definition, words)}</code>
        </p>
      ) : (
        <div className="condition-builder" data-testid="condition-builder">
          <div className="condition-combinator">
            <span>{t('customers.tags.match')}</span>
            <select value={builder.combinator} onChange={(e) => setBuilder((b) => ({ ...b, combinator: e.target.value as Combinator }))} data-testid="condition-combinator">
              <option value="and">{t('customers.tags.matchAll')}</option>
              <option value="or">{t('customers.tags.matchAny')}</option>
            </select>
          </div>
          {builder.rows.map((row, index) => {
            const kind = kindOf(row.field);
            const ops = kind ? operatorsFor(kind) : [];
            const problem = problems.get(index);
            const needsValue = row.op !== 'is_empty' && row.op !== 'is_not_empty';
            return (
              <div key={index} className={problem ? 'condition-row invalid' : 'condition-row'} data-testid={`condition-row-${index}`}>
                <FieldPicker
                  options={fieldOptions}
                  value={`field:${row.field}`}
                  onPick={(value) => {
                    const name = value.slice('field:'.length);
                    const k = kindOf(name);
                    updateRow(index, k ? emptyRow(name, k) : { field: name });
                  }}
                  client={client}
                  testId={`condition-field-${index}`}
                  placeholderLabel={t('segments.builder.choose')}
                />
                <select value={row.op} aria-label={t('customers.tags.operator')} data-testid={`condition-op-${index}`} onChange={(e) => updateRow(index, { op: e.target.value as RuleOp })}>
                  {ops.map((op) => (
                    <option key={op} value={op}>
                      {t(`customers.tags.op.${op}`)}
                    </option>
                  ))}
                </select>
                {needsValue &&
                  (kind === 'boolean' ? (
                    <select value={row.value} onChange={(e) => updateRow(index, { value: e.target.value })} data-testid={`condition-value-${index}`} aria-label={t('customers.tags.value')}>
                      <option value="true">{t('customers.tags.true')}</option>
                      <option value="false">{t('customers.tags.false')}</option>
                    </select>
                  ) : kind === 'number' && row.op !== 'in' && row.op !== 'not_in' ? (
                    <AmountInput value={row.value} onChange={(value) => updateRow(index, { value })} testId={`condition-value-${index}`} aria-label={t('customers.tags.value')} />
                  ) : (
                    <input
                      type="text"
                      value={row.value}
                      placeholder={row.op === 'in' || row.op === 'not_in' ? t('customers.tags.listPlaceholder') : kind === 'date' ? 'YYYY-MM-DD' : ''}
                      onChange={(e) => updateRow(index, { value: e.target.value })}
                      data-testid={`condition-value-${index}`}
                      aria-label={t('customers.tags.value')}
                    />
                  ))}
                {row.op === 'between' &&
                  (kind === 'number' ? (
                    <AmountInput value={row.value2} onChange={(value2) => updateRow(index, { value2 })} testId={`condition-value2-${index}`} aria-label={t('customers.tags.valueTo')} />
                  ) : (
                    <input type="text" value={row.value2} onChange={(e) => updateRow(index, { value2: e.target.value })} data-testid={`condition-value2-${index}`} aria-label={t('customers.tags.valueTo')} />
                  ))}
                <button type="button" className="link-button" onClick={() => setBuilder((b) => ({ ...b, rows: b.rows.filter((_, i) => i !== index) }))} aria-label={t('customers.tags.removeRow')}>
                  ✕
                </button>
                {problem && <span className="error-text">{t(`customers.tags.problem.${problem}`)}</span>}
              </div>
            );
          })}
          <button
            type="button"
            className="button"
            data-testid="condition-add"
            disabled={columns.length === 0}
            onClick={() => {
              const first = columns[0];
              if (first) setBuilder((b) => ({ ...b, rows: [...b.rows, emptyRow(first.name, fieldKind(first.type))] }));
            }}
          >
            {t('customers.tags.addCondition')}
          </button>
        </div>
      )}
      <div className="tag-preview" data-testid="tag-preview" data-count={preview?.count ?? undefined}>
        {preview ? (
          <span>
            {t('customers.tags.previewCount', { count: formatCount(preview.count, intlLocale), share: formatShare(preview.share, intlLocale), aumShare: formatShare(preview.aumShare, intlLocale) })}
          </span>
        ) : (
          <span className="muted">{t('customers.rules.counting')}</span>
        )}
        {previewError && <span className="error-text">{formatAppError(t, previewError)}</span>}
      </div>
      {saveError && (
        <div className="error-text" role="alert">
          {formatAppError(t, saveError)}
        </div>
      )}
      <div className="rule-buttons">
        <button type="button" className="button primary" disabled={!canSave} onClick={save} data-testid="tag-save">
          {t('customers.tags.save')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('customers.tags.cancel')}
        </button>
      </div>
    </div>
  );
}
