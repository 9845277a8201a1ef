import { useEffect, useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import type { ChurnDefinitionInfo, ChurnRule } from '../../../shared/survival-types';
import { formatCount } from '../../format/number-format';
import { toAppError } from '../../../shared/errors';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../../shared/i18n/messages-en';
import { useEngineQuery } from '../../state/use-engine-query';

/** The numeric parameters of each kind, in the order the editor shows them. */
const PARAMS: Record<ChurnRule['kind'], Array<{ key: string; label: MessageKey; nullable?: boolean }>> = {
  accounts_closed: [],
  aum_low: [
    { key: 'belowAmount', label: 'churn.param.belowAmount', nullable: true },
    { key: 'belowPeakPercent', label: 'churn.param.belowPeakPercent', nullable: true },
    { key: 'months', label: 'churn.param.months' },
  ],
  payroll_stopped: [
    { key: 'missingMonths', label: 'churn.param.missingMonths' },
    { key: 'minPayrollMonths', label: 'churn.param.minPayrollMonths' },
  ],
  no_activity: [{ key: 'months', label: 'churn.param.months' }],
};

/**
 * The churn definitions (流失口径): pick one, edit its numbers with a live count (churn.preview on
 * every edit, the newest answer wins), save a new version. `onRule` hands the rule being edited to
 * the analyses, so the curves follow the edit before it is saved.
 */
export function ChurnDefinitionEditor({ client, onRule }: { client: EngineClient; onRule: (rule: ChurnRule, id: string) => void }) {
  const { t, intlLocale, locale } = useI18n();
  const list = useEngineQuery(client, 'churn.definitions', {});
  const [selectedId, setSelectedId] = useState('accounts_closed');
  const [draft, setDraft] = useState<ChurnRule | null>(null);
  const [saved, setSaved] = useState<ChurnDefinitionInfo | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const selected = list.data?.find((d) => d.id === selectedId) ?? null;

  useEffect(() => {
    if (selected && draft === null) setDraft(selected.rule);
  }, [selected, draft]);
  useEffect(() => {
    if (draft) onRule(draft, selectedId);
  }, [draft, selectedId]);

  const preview = useEngineQuery(client, 'churn.preview', draft ? { churn: { rule: draft } } : null, { debounceMs: 250, supersede: 'churn.preview' });

  const setParam = (key: string, text: string, nullable: boolean) => {
    if (!draft) return;
    const value = text.trim() === '' && nullable ? null : Number(text);
    if (value !== null && !Number.isFinite(value)) return;
    setDraft({ ...draft, [key]: value } as ChurnRule);
  };
  const save = () => {
    if (!draft || !selected) return;
    setSaveError(null);
    client.call('churn.save', { id: selected.id, name: selected.name, rule: draft }).then(
      (info) => {
        setSaved(info);
      },
      (reason: unknown) => setSaveError(formatAppError(t, toAppError(reason))),
    );
  };

  return (
    <section className="churn-card churn-definitions" data-testid="churn-definitions">
      <h3>{t('churn.definitions.title')}</h3>
      <label className="churn-field">
        <span>{t('churn.definitions.pick')}</span>
        <select
          value={selectedId}
          onChange={(e) => {
            setSelectedId(e.target.value);
            setDraft(list.data?.find((d) => d.id === e.target.value)?.rule ?? null);
            setSaved(null);
          }}
          data-testid="churn-definition-select"
        >
          {(list.data ?? []).map((d) => (
            <option key={d.id} value={d.id}>
              {d.name} · v{d.version}
            </option>
          ))}
        </select>
      </label>
      {selected && <p className="churn-muted">{selected.description[locale]}</p>}
      {draft &&
        PARAMS[draft.kind].map((p) => {
          const value = (draft as unknown as Record<string, number | null>)[p.key];
          return (
            <label key={p.key} className="churn-field">
              <span>{t(p.label)}</span>
              <input
                type="number"
                min={0}
                value={value ?? ''}
                onChange={(e) => setParam(p.key, e.target.value, p.nullable === true)}
                data-testid={`churn-param-${p.key}`}
              />
            </label>
          );
        })}
      <div className="churn-live-count" data-testid="churn-live-count" data-pending={preview.pending ? 'true' : 'false'} {...(preview.data ? { 'data-count': preview.data.churned } : {})}>
        {preview.error
          ? formatAppError(t, preview.error)
          : preview.data
            ? t('churn.definitions.count', { count: formatCount(preview.data.churned, intlLocale), customers: formatCount(preview.data.customers, intlLocale), share: (preview.data.share * 100).toFixed(1) })
            : '…'}
      </div>
      <div className="churn-row">
        <button type="button" className="button" onClick={save} disabled={!draft} data-testid="churn-definition-save">
          {t('churn.definitions.save')}
        </button>
        {saved && <span className="churn-muted" data-testid="churn-definition-saved">{t('churn.definitions.saved', { version: saved.version })}</span>}
        {saveError && <span className="banner-error">{saveError}</span>}
      </div>
    </section>
  );
}
