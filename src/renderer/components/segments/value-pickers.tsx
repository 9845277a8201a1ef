import { useMemo, useState } from 'react';
import type { FieldValuesResult } from '../../../shared/segment-types';
import { fieldLabel } from '../../../shared/data-dictionary';
import { amountOrNull } from '../../../shared/format/parse-amount';
import { histogramOption, type Bucket } from '../../charts/chart-options';
import { EChart } from '../../charts/echart';
import { compactAmount, formatCount, formatMoney, formatUnderstood } from '../../format/number-format';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { AmountInput } from '../amount-input/amount-input';
import { defaultScale, isMoneyField, type DistributionScale } from '../field-picker/field-scale';
import { useFieldValues } from './builder-context';
import type { FieldDraft } from './condition-draft';
import { categoryChoices, histogramBuckets } from './value-choices';

type Numeric = Extract<FieldValuesResult, { kind: 'numeric' }>;

/**
 * Value pickers that know the column: categories → distinct values with counts (multi-select with
 * search); numbers → a histogram with range inputs (a click on a bar takes its range); dates → a
 * calendar, or "within the last N days".
 */
export function FieldValueEditor({ draft, index, kind, onChange }: { draft: FieldDraft; index: number; kind: 'number' | 'text' | 'boolean' | 'date'; onChange: (patch: Partial<FieldDraft>) => void }) {
  const { t } = useI18n();
  // Heavy-tailed money fields open on a log axis; the toggle is per condition (null: the field's default).
  const [chosenScale, setChosenScale] = useState<DistributionScale | null>(null);
  const scale = kind === 'number' ? (chosenScale ?? defaultScale(draft.field)) : 'linear';
  const values = useFieldValues(draft.field || null, undefined, scale);
  const testId = `condition-value-${index}`;
  if (draft.op === 'is_empty' || draft.op === 'is_not_empty') return null;

  if (kind === 'boolean') {
    return (
      <select value={draft.value} onChange={(e) => onChange({ value: e.target.value })} data-testid={testId} aria-label={t('customers.tags.value')}>
        <option value="true">{t('customers.tags.true')}</option>
        <option value="false">{t('customers.tags.false')}</option>
      </select>
    );
  }

  if (draft.op === 'in' || draft.op === 'not_in') {
    if (values.data?.kind === 'categorical') return <CategoryPicker result={values.data} picked={draft.picked} onChange={(picked) => onChange({ picked })} testId={testId} />;
    return (
      <span className="value-inline">
        <input type="text" value={draft.value} placeholder={t('customers.tags.listPlaceholder')} onChange={(e) => onChange({ value: e.target.value, picked: [] })} data-testid={testId} aria-label={t('customers.tags.value')} />
        {values.error && <span className="error-text">{formatAppError(t, values.error)}</span>}
      </span>
    );
  }

  if (kind === 'date') {
    const range = values.data?.kind === 'date' ? values.data : null;
    if (draft.op === 'within_last_days') {
      return (
        <span className="value-inline">
          <input type="number" min={1} className="narrow" value={draft.value} onChange={(e) => onChange({ value: e.target.value })} data-testid={testId} aria-label={t('segments.value.days')} />
          <span className="muted">{t('segments.value.daysUnit')}</span>
        </span>
      );
    }
    return (
      <span className="value-inline">
        <input type="date" value={draft.value} min={range?.min ?? undefined} max={range?.max ?? undefined} onChange={(e) => onChange({ value: e.target.value })} data-testid={testId} aria-label={t('customers.tags.value')} />
        {draft.op === 'between' && (
          <input type="date" value={draft.value2} min={range?.min ?? undefined} max={range?.max ?? undefined} onChange={(e) => onChange({ value2: e.target.value })} data-testid={`condition-value2-${index}`} aria-label={t('customers.tags.valueTo')} />
        )}
        {range && <span className="muted">{t('segments.value.dateRange', { min: range.min ?? '—', max: range.max ?? '—' })}</span>}
      </span>
    );
  }

  if (kind === 'number') {
    return (
      <span className="value-block">
        <span className="value-inline">
          <AmountInput value={draft.value} onChange={(value) => onChange({ value })} testId={testId} aria-label={t('customers.tags.value')} />
          {draft.op === 'between' && (
            <>
              <span className="muted">–</span>
              <AmountInput value={draft.value2} onChange={(value2) => onChange({ value2 })} testId={`condition-value2-${index}`} aria-label={t('customers.tags.valueTo')} />
            </>
          )}
        </span>
        {values.data?.kind === 'numeric' && (
          <NumberHistogram result={values.data} draft={draft} onChange={onChange} testId={`${testId}-histogram`} scale={scale} onScale={setChosenScale} />
        )}
      </span>
    );
  }

  const listHint = values.data?.kind === 'categorical' ? values.data.values.slice(0, 50) : [];
  return (
    <span className="value-block">
      <span className="value-inline">
        <input type="text" list={listHint.length > 0 ? `${testId}-list` : undefined} value={draft.value} onChange={(e) => onChange({ value: e.target.value })} data-testid={testId} aria-label={t('customers.tags.value')} />
        {draft.op === 'between' && (
          <>
            <span className="muted">–</span>
            <input type="text" value={draft.value2} onChange={(e) => onChange({ value2: e.target.value })} data-testid={`condition-value2-${index}`} aria-label={t('customers.tags.valueTo')} />
          </>
        )}
        {listHint.length > 0 && (
          <datalist id={`${testId}-list`}>
            {listHint.map((v) => (
              <option key={String(v.value)} value={v.value === null ? '' : String(v.value)} />
            ))}
          </datalist>
        )}
      </span>
    </span>
  );
}

function CategoryPicker({ result, picked, onChange, testId }: { result: Extract<FieldValuesResult, { kind: 'categorical' }>; picked: string[]; onChange: (picked: string[]) => void; testId: string }) {
  const { t, intlLocale } = useI18n();
  const [search, setSearch] = useState('');
  const choices = useMemo(() => categoryChoices(result.values, search), [result, search]);
  const chosen = new Set(picked);
  const toggle = (value: string) => onChange(chosen.has(value) ? picked.filter((v) => v !== value) : [...picked, value]);
  return (
    <div className="category-picker" data-testid={testId} data-picked={picked.length}>
      <div className="category-picker-head">
        <input type="search" value={search} placeholder={t('segments.value.search')} onChange={(e) => setSearch(e.target.value)} data-testid={`${testId}-search`} aria-label={t('segments.value.search')} />
        <button type="button" className="link-button" onClick={() => onChange([...new Set([...picked, ...choices.filter((c) => c.value !== null).map((c) => c.value!)])])}>
          {t('segments.value.selectShown')}
        </button>
        <button type="button" className="link-button" onClick={() => onChange([])}>
          {t('segments.value.clear')}
        </button>
        <span className="muted">{t('segments.value.picked', { count: picked.length, distinct: formatCount(result.distinct, intlLocale) })}</span>
      </div>
      <div className="category-picker-list" role="listbox" aria-multiselectable="true">
        {choices.map((choice) => (
          <label key={choice.key} className={choice.value === null ? 'category-option disabled' : 'category-option'}>
            <input
              type="checkbox"
              disabled={choice.value === null}
              checked={choice.value !== null && chosen.has(choice.value)}
              onChange={() => choice.value !== null && toggle(choice.value)}
              data-testid={`${testId}-option-${choice.key}`}
            />
            <span className="category-label">{choice.value === null ? t('segments.value.empty') : choice.value}</span>
            <span className="category-count">{formatCount(choice.count, intlLocale)}</span>
            <span className="category-bar" style={{ width: `${Math.round(choice.share * 100)}%` }} />
          </label>
        ))}
        {result.truncated && <div className="muted">{t('segments.value.truncated', { shown: result.values.length, distinct: result.distinct })}</div>}
      </div>
    </div>
  );
}

function NumberHistogram({
  result,
  draft,
  onChange,
  testId,
  scale,
  onScale,
}: {
  result: Numeric;
  draft: FieldDraft;
  onChange: (patch: Partial<FieldDraft>) => void;
  testId: string;
  scale: DistributionScale;
  onScale: (scale: DistributionScale) => void;
}) {
  const { t, locale, intlLocale } = useI18n();
  const buckets: Bucket[] = useMemo(() => histogramBuckets(result.buckets, (x) => compactAmount(x, locale)), [result, locale]);
  const marks = [draft.value, draft.op === 'between' ? draft.value2 : '']
    .map((text) => amountOrNull(text))
    .filter((n): n is number => n !== null)
    .map((value) => ({ value, label: compactAmount(value, locale) }));
  // Money with two decimals and separators (15,487,552.35), other numbers as they are with separators.
  const money = isMoneyField(result.field);
  const exact = (x: number | null) => (x === null ? '—' : money ? formatMoney(x, intlLocale) : formatUnderstood(x, intlLocale));
  // The engine cuts log bins only where every value is ≥ 0: the axis follows what it answered.
  const logScale = result.scale === 'log';
  const option = useMemo(
    () => histogramOption({ buckets, logScale, thresholds: marks, countLabel: t('segments.count.customers'), formatCount: (v) => formatCount(v, intlLocale) }),
    [buckets, logScale, JSON.stringify(marks), t, intlLocale],
  );
  return (
    <div className="number-histogram" data-scale={result.scale}>
      <label className="log-toggle" title={t('segments.value.logScaleHint')}>
        <input type="checkbox" checked={scale === 'log'} onChange={(e) => onScale(e.target.checked ? 'log' : 'linear')} data-testid={`${testId}-log`} />
        <span>{t('segments.value.logScale')}</span>
      </label>
      <EChart
        option={option}
        title={t('segments.value.histogram', { field: fieldLabel(result.field, locale) })}
        height={140}
        testId={testId}
        onClick={({ dataIndex }) => {
          const bucket = buckets[dataIndex];
          if (bucket && bucket.from !== null && bucket.to !== null) onChange({ op: 'between', value: String(bucket.from), value2: String(bucket.to) });
        }}
      />
      <span className="muted">{t('segments.value.numberRange', { min: exact(result.min), max: exact(result.max), nulls: formatCount(result.nulls, intlLocale) })}</span>
    </div>
  );
}
