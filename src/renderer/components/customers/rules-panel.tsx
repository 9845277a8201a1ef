import { useMemo, useState } from 'react';
import { codeLabel } from '../../../shared/data-dictionary';
import type { ProfileDistribution, RuleId, RuleInfo, RuleWithDefinition } from '../../../shared/customer-types';
import type { EngineClient } from '../../../shared/engine-client';
import type { AppError } from '../../../shared/errors';
import type { Threshold } from '../../charts/chart-options';
import { formatCount } from '../../format/number-format';
import { formatAppError, hasMessage } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { useEngineQuery } from '../../state/use-engine-query';
import { AumChart } from './profile-charts';
import { draftFromDefinition, draftToDefinition, formatShare, ruleFields, type RuleDraft, type TierMethod } from './rule-editing';
import { tierThresholds } from './tier-thresholds';
import { useRulePreview } from './use-rule-preview';
import { AmountInput } from '../amount-input/amount-input';

type Version = { version: number; definition: Record<string, unknown>; updatedAt: string };

/**
 * The rules (invalid, dormant, value tier, lifecycle): each with its definition in words beside
 * it, editable fields, the live count as the analyst types, Save (a new version) and history.
 */
export function RulesPanel({
  client,
  rules,
  rulesError,
  aum,
  busy,
  onSave,
}: {
  client: EngineClient;
  rules: RuleInfo[] | null;
  rulesError: AppError | null;
  aum: ProfileDistribution | null;
  /** A save or rebuild is running: Save is disabled. */
  busy: boolean;
  onSave: (value: RuleWithDefinition) => void;
}) {
  const { t } = useI18n();
  if (rulesError) {
    return (
      <div className="error-text" role="alert">
        {formatAppError(t, rulesError)}
      </div>
    );
  }
  if (!rules) return <p className="muted">{t('customers.loading')}</p>;
  return (
    <div className="rules-panel" data-testid="rules-panel">
      {rules.map((rule) => (
        <RuleCard key={`${rule.rule}:${rule.version}`} client={client} info={rule} aum={aum} busy={busy} onSave={onSave} />
      ))}
    </div>
  );
}

function RuleCard({ client, info, aum, busy, onSave }: { client: EngineClient; info: RuleInfo; aum: ProfileDistribution | null; busy: boolean; onSave: (value: RuleWithDefinition) => void }) {
  const { t, locale, intlLocale } = useI18n();
  const rule = info.rule;
  const [draft, setDraft] = useState<RuleDraft>(() => draftFromDefinition(rule, info.definition));
  const [historyOpen, setHistoryOpen] = useState(false);
  const parsed = useMemo(() => draftToDefinition(rule, draft), [rule, draft]);
  const saved = useMemo(() => draftToDefinition(rule, draftFromDefinition(rule, info.definition)), [rule, info.definition]);
  const changed = parsed.ok && saved.ok ? JSON.stringify(parsed.value) !== JSON.stringify(saved.value) : parsed.ok;
  const preview = useRulePreview(client, parsed.ok ? parsed.value : null, true);

  // A new version (saved here or elsewhere) re-asks it by itself (rules.changed).
  const historyQuery = useEngineQuery(client, 'rules.history', historyOpen ? { rule } : null);
  const history: Version[] | null = historyQuery.data;
  const historyError = historyQuery.error;

  const name = hasMessage(info.nameKey) ? t(info.nameKey) : rule;
  const description = locale === 'zh' ? info.description.zh : info.description.en;
  const fields = ruleFields(rule, draft.method);
  const thresholds: Threshold[] = useMemo(() => (rule === 'value_tier' && parsed.ok ? tierThresholds(parsed.value, aum, locale) : []), [rule, parsed, aum, locale]);
  const result = preview.result;

  return (
    <section className="rule-card" data-testid={`rule-${rule}`}>
      <header className="rule-head">
        <h3>{name}</h3>
        <span className="muted" data-testid={`rule-${rule}-version`}>
          {t('customers.rules.version', { version: info.version })}
          {info.updatedAt ? ` · ${info.updatedAt.slice(0, 16).replace('T', ' ')}` : ` · ${t('customers.rules.builtIn')}`}
        </span>
      </header>
      <div className="rule-body">
        <div className="rule-definition">
          <p className="rule-description" data-testid={`rule-${rule}-description`}>
            {description}
          </p>
          {info.categories.length > 0 && (
            <dl className="rule-categories">
              {info.categories.map((c) => (
                <div key={c.value}>
                  <dt>{codeLabel(rule === 'value_tier' ? 'value_tier' : 'lifecycle_stage', c.value, locale)}</dt>
                  <dd>{locale === 'zh' ? c.description.zh : c.description.en}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
        <div className="rule-editor">
          {rule === 'value_tier' && (
            <label className="rule-field">
              <span>{t('customers.rules.method')}</span>
              <select
                data-testid="rule-value_tier-method"
                value={draft.method ?? 'thresholds'}
                onChange={(event) => {
                  const method = event.target.value as TierMethod;
                  const fromSaved = info.definition.method === method ? draftFromDefinition(rule, info.definition) : draftFromDefinition(rule, method === 'quantiles' ? { method, vipTopShare: 0.02, potentialTopShare: 0.15 } : { method, vipMin: 500_000, potentialMin: 50_000 });
                  setDraft(fromSaved);
                }}
              >
                <option value="thresholds">{t('customers.rules.method.thresholds')}</option>
                <option value="quantiles">{t('customers.rules.method.quantiles')}</option>
              </select>
            </label>
          )}
          {fields.map((field) => {
            const problem = parsed.ok ? undefined : parsed.problems[field.key];
            const labelKey = `customers.rules.field.${rule}.${field.key}`;
            return (
              <label key={field.key} className={problem ? 'rule-field invalid' : 'rule-field'}>
                <span>{hasMessage(labelKey) ? t(labelKey) : field.key}</span>
                <span className="rule-input">
                  <AmountInput
                    testId={`rule-${rule}-${field.key}`}
                    value={draft.values[field.key] ?? ''}
                    showInvalid={false}
                    aria-invalid={problem ? true : undefined}
                    onChange={(text) => setDraft((d) => ({ ...d, values: { ...d.values, [field.key]: text } }))}
                  />
                  <span className="muted">{t(`customers.rules.unit.${field.unit}`)}</span>
                </span>
                {problem && <span className="error-text">{t(`customers.rules.problem.${problem}`)}</span>}
              </label>
            );
          })}
          <div
            className={preview.pending ? 'rule-count pending' : 'rule-count'}
            data-testid={`rule-${rule}-count`}
            data-count={result?.count ?? undefined}
            data-pending={preview.pending ? 'true' : 'false'}
            aria-live="polite"
          >
            {result ? (
              rule === 'invalid' || rule === 'dormant' ? (
                <>
                  <strong>{t('customers.rules.count', { count: formatCount(result.count, intlLocale) })}</strong>
                  <span>{t('customers.rules.shareOfBase', { share: formatShare(result.share, intlLocale) })}</span>
                  <span>{t('customers.rules.shareOfAum', { share: formatShare(result.aumShare, intlLocale) })}</span>
                </>
              ) : (
                <table className="rule-groups">
                  <thead>
                    <tr>
                      <th>{t(rule === 'value_tier' ? 'customers.rules.tier' : 'customers.rules.stage')}</th>
                      <th>{t('customers.rules.customers')}</th>
                      <th>{t('customers.rules.base')}</th>
                      <th>{t('customers.rules.aum')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.groups.map((g) => (
                      <tr key={g.value} data-testid={`rule-${rule}-group-${g.value}`} data-count={g.count}>
                        <td>{codeLabel(rule === 'value_tier' ? 'value_tier' : 'lifecycle_stage', g.value, locale)}</td>
                        <td className="num">{formatCount(g.count, intlLocale)}</td>
                        <td className="num">{formatShare(g.share, intlLocale)}</td>
                        <td className="num">{formatShare(g.aumShare, intlLocale)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
            ) : preview.error ? null : (
              <span className="muted">{t('customers.rules.counting')}</span>
            )}
            {preview.pending && result && <span className="muted rule-counting">{t('customers.rules.counting')}</span>}
            {result && <span className="muted rule-elapsed">{t('customers.rules.elapsed', { ms: Math.round(result.elapsedMs), asOf: result.asOf })}</span>}
          </div>
          {preview.error && (
            <div className="error-text" role="alert">
              {formatAppError(t, preview.error)}
            </div>
          )}
          <div className="rule-buttons">
            <button type="button" className="button primary" data-testid={`rule-${rule}-save`} disabled={!parsed.ok || !changed || busy} onClick={() => parsed.ok && onSave(parsed.value)}>
              {t('customers.rules.save')}
            </button>
            <button type="button" className="button" disabled={!changed} onClick={() => setDraft(draftFromDefinition(rule, info.definition))} data-testid={`rule-${rule}-reset`}>
              {t('customers.rules.reset')}
            </button>
            <button type="button" className="link-button" onClick={() => setHistoryOpen((o) => !o)} data-testid={`rule-${rule}-history`} aria-expanded={historyOpen}>
              {t(historyOpen ? 'customers.rules.hideHistory' : 'customers.rules.showHistory')}
            </button>
          </div>
          {historyOpen && (
            <div className="rule-history" data-testid={`rule-${rule}-history-list`}>
              {historyError && <span className="error-text">{formatAppError(t, historyError)}</span>}
              {history === null && !historyError && <span className="muted">{t('customers.loading')}</span>}
              {history?.length === 0 && <span className="muted">{t('customers.rules.noHistory')}</span>}
              {history && history.length > 0 && (
                <ul>
                  {history.map((v) => (
                    <li key={v.version}>
                      <span className="rule-history-version">v{v.version}</span>
                      <span className="muted">{v.updatedAt.slice(0, 16).replace('T', ' ')}</span>
                      <code>{describeDefinition(v.definition)}</code>
                      <button type="button" className="link-button" onClick={() => setDraft(draftFromDefinition(rule, v.definition))}>
                        {t('customers.rules.restore')}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
      </div>
      {rule === 'value_tier' && (
        <div className="rule-chart">
          <AumChart distribution={aum} thresholds={thresholds} height={220} testId="rule-value_tier-chart" />
          <p className="muted" data-testid="rule-value_tier-thresholds">
            {thresholds.map((th) => th.label).join(' · ')}
          </p>
        </div>
      )}
    </section>
  );
}

/** A saved definition in one line: key=value, … */
function describeDefinition(definition: Record<string, unknown>): string {
  return Object.entries(definition)
    .map(([k, v]) => `${k}=${typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? String(v) : JSON.stringify(v)}`)
    .join(', ');
}
