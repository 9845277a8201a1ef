import { BEHAVIOUR_COLUMNS, BEHAVIOUR_SOURCES, POSTINGS, type BehaviourSource, type Postings } from '../../../shared/segment-types';
import { formatCount } from '../../format/number-format';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { AmountInput } from '../amount-input/amount-input';
import { useFieldValues } from './builder-context';
import { operatorsFor } from '../customers/condition-builder';
import type { ActivityDraft, AumChangeDraft, FilterDraft, HoldingDraft, SequenceDraft, WindowDraft, WindowType } from './condition-draft';
import { behaviourColumnKind } from './condition-draft';

/**
 * A behavioural filter's value box: the column's values as the data has them (most frequent first,
 * with their counts) for text, its range for numbers; any other value may be typed.
 */
function FilterValueInput({ source, filter, onChange, testId }: { source: BehaviourSource; filter: FilterDraft; onChange: (value: string) => void; testId: string }) {
  const { t } = useI18n();
  const values = useFieldValues(filter.column || null, source);
  const data = values.data;
  const listId = `${testId}-s`;
  const choices = data?.kind === 'categorical' ? data.values.filter((v) => v.value !== null) : [];
  const placeholder =
    data?.kind === 'numeric' && data.min !== null && data.max !== null
      ? `${formatCount(data.min)} – ${formatCount(data.max)}`
      : data?.kind === 'date' && data.min
        ? `${data.min} – ${data.max ?? ''}`
        : undefined;
  return (
    <>
      {behaviourColumnKind(filter.column) === 'number' && filter.op !== 'in' && filter.op !== 'not_in' ? (
        <AmountInput value={filter.value} placeholder={placeholder} onChange={onChange} testId={testId} aria-label={t('customers.tags.value')} />
      ) : (
        <input type="text" list={choices.length ? listId : undefined} value={filter.value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} data-testid={testId} aria-label={t('customers.tags.value')} />
      )}
      {values.error && (
        <span className="error-text" data-testid={`${testId}-error`}>
          {formatAppError(t, values.error)}
        </span>
      )}
      {choices.length > 0 && (
        <datalist id={listId} data-testid={listId}>
          {choices.map((v) => (
            <option key={String(v.value)} value={String(v.value)} label={`${String(v.value)} · ${formatCount(v.count)}`} />
          ))}
        </datalist>
      )}
    </>
  );
}

const PRODUCT_TYPES = ['current', 'savings', 'time_deposit', 'wealth', 'fund', 'insurance', 'loan', 'credit_card'];
const WINDOW_TYPES: readonly WindowType[] = ['lastDays', 'lastMonths', 'range', 'all'];

export function WindowEditor({ value, onChange, testId, allowAll = true }: { value: WindowDraft; onChange: (w: WindowDraft) => void; testId: string; allowAll?: boolean }) {
  const { t } = useI18n();
  return (
    <span className="value-inline window-editor">
      <select value={value.type} onChange={(e) => onChange({ ...value, type: e.target.value as WindowType })} data-testid={`${testId}-type`} aria-label={t('segments.window.label')}>
        {WINDOW_TYPES.filter((w) => allowAll || w !== 'all').map((w) => (
          <option key={w} value={w}>
            {t(`segments.window.${w}`)}
          </option>
        ))}
      </select>
      {(value.type === 'lastDays' || value.type === 'lastMonths') && (
        <input type="number" min={1} className="narrow" value={value.n} onChange={(e) => onChange({ ...value, n: e.target.value })} data-testid={`${testId}-n`} aria-label={t('segments.window.n')} />
      )}
      {value.type === 'range' && (
        <>
          <input type="date" value={value.from} onChange={(e) => onChange({ ...value, from: e.target.value })} data-testid={`${testId}-from`} aria-label={t('segments.window.from')} />
          <span className="muted">–</span>
          <input type="date" value={value.to} onChange={(e) => onChange({ ...value, to: e.target.value })} data-testid={`${testId}-to`} aria-label={t('segments.window.to')} />
        </>
      )}
    </span>
  );
}

/** Row filters on a behavioural source: column op value, all must hold. */
export function FilterList({ source, filters, onChange, testId }: { source: BehaviourSource; filters: FilterDraft[]; onChange: (filters: FilterDraft[]) => void; testId: string }) {
  const { t } = useI18n();
  const columns = BEHAVIOUR_COLUMNS[source].columns.filter((c) => c !== 'account_id');
  const update = (i: number, patch: Partial<FilterDraft>) => onChange(filters.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <div className="filter-list" data-testid={testId}>
      {filters.map((filter, i) => {
        const kind = behaviourColumnKind(filter.column);
        const ops = operatorsFor(kind).filter((op) => op !== 'between' && op !== 'is_empty' && op !== 'is_not_empty');
        return (
          <span key={i} className="value-inline filter-row">
            <select value={filter.column} onChange={(e) => update(i, { column: e.target.value, op: '=', value: '' })} data-testid={`${testId}-column-${i}`} aria-label={t('segments.behaviour.column')}>
              {columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
            <select value={filter.op} onChange={(e) => update(i, { op: e.target.value as FilterDraft['op'] })} data-testid={`${testId}-op-${i}`} aria-label={t('customers.tags.operator')}>
              {ops.map((op) => (
                <option key={op} value={op}>
                  {t(`customers.tags.op.${op}`)}
                </option>
              ))}
            </select>
            <FilterValueInput source={source} filter={filter} onChange={(value) => update(i, { value })} testId={`${testId}-value-${i}`} />
            <button type="button" className="link-button" onClick={() => onChange(filters.filter((_, j) => j !== i))} aria-label={t('segments.behaviour.removeFilter')}>
              ✕
            </button>
          </span>
        );
      })}
      <button type="button" className="link-button" onClick={() => onChange([...filters, { column: columns[0] ?? '', op: '=', value: '' }])} data-testid={`${testId}-add`}>
        {t('segments.behaviour.addFilter')}
      </button>
    </div>
  );
}

function SourceSelect({ value, onChange, testId }: { value: BehaviourSource; onChange: (s: BehaviourSource) => void; testId: string }) {
  const { t } = useI18n();
  return (
    <select value={value} onChange={(e) => onChange(e.target.value as BehaviourSource)} data-testid={testId} aria-label={t('segments.behaviour.source')}>
      {BEHAVIOUR_SOURCES.map((s) => (
        <option key={s} value={s}>
          {t(`segments.source.${s}`)}
        </option>
      ))}
    </select>
  );
}

function ScopeSelect({ value, onChange, testId, disabled }: { value: 'customer' | 'account'; onChange: (s: 'customer' | 'account') => void; testId: string; disabled: boolean }) {
  const { t } = useI18n();
  return (
    <select value={disabled ? 'customer' : value} disabled={disabled} onChange={(e) => onChange(e.target.value as 'customer' | 'account')} data-testid={testId} aria-label={t('segments.behaviour.scope')} title={disabled ? t('segments.behaviour.scopeOnlyAccounts') : undefined}>
      <option value="customer">{t('segments.scope.customer')}</option>
      <option value="account">{t('segments.scope.account')}</option>
    </select>
  );
}

/** At least / at most N matching rows, or sum / average of amount ≥ X, in a window; any or the same account. */
export function ActivityForm({ draft, index, onChange }: { draft: ActivityDraft; index: number; onChange: (patch: Partial<ActivityDraft>) => void }) {
  const { t } = useI18n();
  const hasAmount = BEHAVIOUR_COLUMNS[draft.source].amount !== null;
  const hasAccount = BEHAVIOUR_COLUMNS[draft.source].account !== null;
  const id = `condition-${index}`;
  return (
    <div className="behaviour-form" data-testid={`${id}-activity`}>
      <span className="value-inline">
        <select value={hasAmount ? draft.fn : 'count'} onChange={(e) => onChange({ fn: e.target.value as ActivityDraft['fn'] })} data-testid={`condition-op-${index}`} aria-label={t('segments.behaviour.measure')}>
          <option value="count">{t('segments.measure.count')}</option>
          {hasAmount && <option value="sum">{t('segments.measure.sum')}</option>}
          {hasAmount && <option value="avg">{t('segments.measure.avg')}</option>}
        </select>
        <SourceSelect value={draft.source} onChange={(source) => onChange({ source, filters: [] })} testId={`${id}-source`} />
        <select value={draft.op} onChange={(e) => onChange({ op: e.target.value as ActivityDraft['op'] })} data-testid={`${id}-measure-op`} aria-label={t('customers.tags.operator')}>
          {(['>=', '>', '<=', '<', '='] as const).map((op) => (
            <option key={op} value={op}>
              {t(`customers.tags.op.${op}`)}
            </option>
          ))}
        </select>
        <AmountInput className="narrow" value={draft.value} onChange={(value) => onChange({ value })} testId={`condition-value-${index}`} aria-label={t('customers.tags.value')} />
        <WindowEditor value={draft.window} onChange={(window) => onChange({ window })} testId={`${id}-window`} />
        <ScopeSelect value={draft.scope} onChange={(scope) => onChange({ scope })} testId={`${id}-scope`} disabled={!hasAccount} />
      </span>
      {draft.source === 'transactions' && <PostingsChoice value={draft.postings} onChange={(postings) => onChange({ postings })} testId={`${id}-postings`} />}
      <FilterList source={draft.source} filters={draft.filters} onChange={(filters) => onChange({ filters })} testId={`${id}-filters`} />
    </div>
  );
}

/**
 * Which transactions count: the customer's own (the default of a new condition, the dormant rule's
 * definition) or every posting; the line below says what the choice leaves out.
 */
function PostingsChoice({ value, onChange, testId }: { value: Postings; onChange: (p: Postings) => void; testId: string }) {
  const { t } = useI18n();
  return (
    <span className="value-inline postings-choice">
      <span>{t('segments.behaviour.postings')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as Postings)} data-testid={testId} aria-label={t('segments.behaviour.postings')}>
        {POSTINGS.map((p) => (
          <option key={p} value={p}>
            {t(`segments.postings.${p}`)}
          </option>
        ))}
      </select>
      <span className="muted" data-testid={`${testId}-hint`}>
        {t(`segments.postings.hint.${value}`)}
      </span>
    </span>
  );
}

/** Did X but not Y within D days after it. */
export function SequenceForm({ draft, index, onChange }: { draft: SequenceDraft; index: number; onChange: (patch: Partial<SequenceDraft>) => void }) {
  const { t } = useI18n();
  const id = `condition-${index}`;
  const accountScope = draft.didSource === 'transactions' && draft.notDidSource === 'transactions';
  return (
    <div className="behaviour-form" data-testid={`${id}-sequence`}>
      <span className="value-inline">
        <strong>{t('segments.sequence.did')}</strong>
        <SourceSelect value={draft.didSource} onChange={(didSource) => onChange({ didSource, did: [] })} testId={`${id}-did-source`} />
      </span>
      <FilterList source={draft.didSource} filters={draft.did} onChange={(did) => onChange({ did })} testId={`${id}-did`} />
      <span className="value-inline">
        <strong>{t('segments.sequence.butNot')}</strong>
        <SourceSelect value={draft.notDidSource} onChange={(notDidSource) => onChange({ notDidSource, notDid: [] })} testId={`${id}-notdid-source`} />
        <span>{t('segments.sequence.within')}</span>
        <input type="number" min={1} className="narrow" value={draft.withinDays} onChange={(e) => onChange({ withinDays: e.target.value })} data-testid={`condition-value-${index}`} aria-label={t('segments.value.days')} />
        <span>{t('segments.sequence.daysAfter')}</span>
      </span>
      <FilterList source={draft.notDidSource} filters={draft.notDid} onChange={(notDid) => onChange({ notDid })} testId={`${id}-notdid`} />
      <span className="value-inline">
        <span>{t('segments.sequence.window')}</span>
        <WindowEditor value={draft.window} onChange={(window) => onChange({ window })} testId={`${id}-window`} />
        <ScopeSelect value={draft.scope} onChange={(scope) => onChange({ scope })} testId={`${id}-scope`} disabled={!accountScope} />
      </span>
    </div>
  );
}

/** AUM changed by ≤ −30 % (or ≥ X %) between two months. */
export function AumChangeForm({ draft, index, onChange }: { draft: AumChangeDraft; index: number; onChange: (patch: Partial<AumChangeDraft>) => void }) {
  const { t } = useI18n();
  return (
    <span className="value-inline behaviour-form" data-testid={`condition-${index}-aum-change`}>
      <span>{t('segments.aum.from')}</span>
      <input type="number" min={0} className="narrow" value={draft.fromMonthsAgo} onChange={(e) => onChange({ fromMonthsAgo: e.target.value })} data-testid={`condition-${index}-from-months`} aria-label={t('segments.aum.fromMonths')} />
      <span>{t('segments.aum.to')}</span>
      <input type="number" min={0} className="narrow" value={draft.toMonthsAgo} onChange={(e) => onChange({ toMonthsAgo: e.target.value })} data-testid={`condition-${index}-to-months`} aria-label={t('segments.aum.toMonths')} />
      <span>{t('segments.aum.changed')}</span>
      <select value={draft.op} onChange={(e) => onChange({ op: e.target.value as AumChangeDraft['op'] })} data-testid={`condition-op-${index}`} aria-label={t('customers.tags.operator')}>
        <option value="<=">≤</option>
        <option value=">=">≥</option>
      </select>
      <AmountInput className="narrow" value={draft.percent} onChange={(percent) => onChange({ percent })} testId={`condition-value-${index}`} aria-label={t('segments.aum.percent')} />
      <span>%</span>
    </span>
  );
}

/** Holds / has never held / stopped holding a product (type and / or code). */
export function HoldingForm({ draft, index, onChange }: { draft: HoldingDraft; index: number; onChange: (patch: Partial<HoldingDraft>) => void }) {
  const { t } = useI18n();
  return (
    <span className="value-inline behaviour-form" data-testid={`condition-${index}-holding`}>
      <select value={draft.mode} onChange={(e) => onChange({ mode: e.target.value as HoldingDraft['mode'] })} data-testid={`condition-op-${index}`} aria-label={t('segments.holding.mode')}>
        {(['holds', 'never_held', 'stopped'] as const).map((m) => (
          <option key={m} value={m}>
            {t(`segments.holding.${m}`)}
          </option>
        ))}
      </select>
      <input type="text" list={`condition-${index}-product-types`} placeholder={t('segments.holding.productType')} value={draft.productType} onChange={(e) => onChange({ productType: e.target.value })} data-testid={`condition-value-${index}`} aria-label={t('segments.holding.productType')} />
      <datalist id={`condition-${index}-product-types`}>
        {PRODUCT_TYPES.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      <input type="text" placeholder={t('segments.holding.productCode')} value={draft.productCode} onChange={(e) => onChange({ productCode: e.target.value })} data-testid={`condition-${index}-product-code`} aria-label={t('segments.holding.productCode')} />
      {draft.mode === 'stopped' && <WindowEditor value={draft.window} onChange={(window) => onChange({ window })} testId={`condition-${index}-window`} />}
    </span>
  );
}
