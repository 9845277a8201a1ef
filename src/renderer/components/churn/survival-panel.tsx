import { useMemo, useState } from 'react';
import { CODE_VALUES, codeLabel } from '../../../shared/data-dictionary';
import type { EngineClient } from '../../../shared/engine-client';
import type { ChurnRule, GroupBy, SurvivalStart } from '../../../shared/survival-types';
import { formatCount } from '../../format/number-format';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../../shared/i18n/messages-en';
import { useEngineQuery } from '../../state/use-engine-query';
import { survivalOption } from './churn-chart-options';
import { ChartWithExports } from './chart-with-exports';

const GROUPS: ReadonlyArray<{ kind: GroupBy['kind']; label: MessageKey }> = [
  { kind: 'none', label: 'churn.group.none' },
  { kind: 'tier', label: 'churn.group.tier' },
  { kind: 'tier_before_churn', label: 'churn.group.tier_before_churn' },
  { kind: 'tier_at_start', label: 'churn.group.tier_at_start' },
  { kind: 'age_band', label: 'churn.group.age_band' },
  { kind: 'segments', label: 'churn.group.segments' },
  { kind: 'field', label: 'churn.group.field' },
];
const STARTS: ReadonlyArray<{ kind: SurvivalStart['kind']; label: MessageKey }> = [
  { kind: 'onboarding', label: 'churn.start.onboarding' },
  { kind: 'first_payroll', label: 'churn.start.first_payroll' },
  { kind: 'contact', label: 'churn.start.contact' },
  { kind: 'segment_entry', label: 'churn.start.segment_entry' },
];
const MONTHS = [3, 6, 12, 24];

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);

/** Kaplan–Meier by group with 95 % bands and censoring marks, the at-risk table, log-rank and S at 3/6/12/24 months. */
export function SurvivalPanel({ client, rule, segmentId, segments, fields }: {
  client: EngineClient;
  rule: ChurnRule | null;
  segmentId: string | null;
  /** Saved segments, to group by (up to 8). */
  segments: ReadonlyArray<{ id: string; name: string }>;
  /** Profile columns, to group by one. */
  fields: readonly string[];
}) {
  const { t, intlLocale, locale } = useI18n();
  const [groupKind, setGroupKind] = useState<(typeof GROUPS)[number]['kind']>('tier');
  const [groupSegments, setGroupSegments] = useState<string[]>([]);
  const [groupField, setGroupField] = useState('occupation');
  const [startKind, setStartKind] = useState<(typeof STARTS)[number]['kind']>('onboarding');
  /** Cancel: the query's key goes null, which aborts the running call (the engine interrupts DuckDB). */
  const [stopped, setStopped] = useState<string | null>(null);
  const groupBy: GroupBy | null =
    groupKind === 'segments' ? (groupSegments.length ? { kind: 'segments', ids: groupSegments.slice(0, 8) } : null) : groupKind === 'field' ? { kind: 'field', field: groupField } : ({ kind: groupKind } as GroupBy);
  const params = rule && groupBy && (startKind !== 'segment_entry' || segmentId)
    ? {
        churn: { rule },
        // Entering a segment: the chosen population's (a static segment records when its members entered).
        start: (startKind === 'segment_entry' ? { kind: 'segment_entry', segmentId: segmentId ?? '' } : { kind: startKind }) as SurvivalStart,
        groupBy,
        months: MONTHS,
        population: segmentId ? { segmentId } : {},
      }
    : null;
  const key = params ? JSON.stringify(params) : null;
  const query = useEngineQuery(client, 'survival.run', key === stopped ? null : params, { supersede: 'churn.survival' });
  const progress = query.progress;
  const result = query.data;
  const groupLabel = (key: string) => {
    // Tiers by the data dictionary's names; the groups the engine adds (all, unknown, other) by the page's words.
    if (groupKind === 'tier' && CODE_VALUES.value_tier?.[key]) return codeLabel('value_tier', key, locale);
    const k = `churn.groupValue.${key}` as MessageKey;
    const text = t(k);
    return text === k ? key : text;
  };
  const option = useMemo(
    () => (result ? survivalOption(result, { months: t('churn.survival.months'), survival: t('churn.survival.axis'), censored: t('churn.survival.censored') }, groupLabel) : null),
    [result, t, locale, groupKind],
  );
  const events = result?.groups.reduce((s, g) => s + g.curve.events, 0) ?? 0;

  return (
    <section className="churn-card" data-testid="survival-panel" data-pending={query.pending && key !== stopped ? 'true' : 'false'} {...(result ? { 'data-events': events } : {})}>
      <h3>{t('churn.survival.title')}</h3>
      <div className="churn-row">
        <label className="churn-field">
          <span>{t('churn.survival.start')}</span>
          <select value={startKind} onChange={(e) => setStartKind(e.target.value as typeof startKind)} data-testid="survival-start">
            {STARTS.map((s) => (
              <option key={s.kind} value={s.kind}>{t(s.label)}</option>
            ))}
          </select>
        </label>
        <label className="churn-field">
          <span>{t('churn.survival.groupBy')}</span>
          <select value={groupKind} onChange={(e) => setGroupKind(e.target.value as typeof groupKind)} data-testid="survival-group-by">
            {GROUPS.map((g) => (
              <option key={g.kind} value={g.kind}>{t(g.label)}</option>
            ))}
          </select>
        </label>
        {groupKind === 'field' && (
          <label className="churn-field">
            <span>{t('churn.group.field')}</span>
            <select value={groupField} onChange={(e) => setGroupField(e.target.value)} data-testid="survival-group-field">
              {fields.map((f) => (
                <option key={f} value={f}>{f}</option>
              ))}
            </select>
          </label>
        )}
        {groupKind === 'segments' && (
          <label className="churn-field">
            <span>{t('churn.group.pickSegments')}</span>
            <select multiple value={groupSegments} onChange={(e) => setGroupSegments([...e.target.selectedOptions].map((o) => o.value).slice(0, 8))} data-testid="survival-group-segments">
              {segments.map((sg) => (
                <option key={sg.id} value={sg.id}>{sg.name}</option>
              ))}
            </select>
          </label>
        )}
        {query.pending && key !== stopped && (
          <span className="churn-muted" data-testid="survival-running">
            {t('churn.running', { percent: progress?.fraction == null ? '' : `${Math.round(progress.fraction * 100)}%` })}{' '}
            <button type="button" className="link-button" onClick={() => setStopped(key)} data-testid="survival-cancel">
              {t('churn.cancel')}
            </button>
          </span>
        )}
        {key !== null && key === stopped && (
          <button type="button" className="link-button" onClick={() => setStopped(null)} data-testid="survival-rerun">
            {t('churn.rerun')}
          </button>
        )}
      </div>
      {query.error && <div className="banner-error" role="alert">{formatAppError(t, query.error)}</div>}
      {result && option && (
        <>
          <ChartWithExports
            title={t('churn.survival.title')}
            option={option}
            height={320}
            testId="survival-chart"
            note={t('churn.survival.note')}
            data={{
              headers: ['group', 'month', 'at_risk', 'events', 'censored', 'survival', 'se', 'lower', 'upper'],
              rows: result.groups.flatMap((g) => g.curve.steps.map((s) => [g.key, s.time, s.atRisk, s.events, s.censored, s.survival, s.se, s.lower, s.upper])),
            }}
          />
          <table className="churn-table" data-testid="survival-at-risk">
            <caption>{t('churn.survival.atRisk')}</caption>
            <thead>
              <tr>
                <th>{t('churn.survival.month')}</th>
                {result.atRiskTimes.map((m) => <th key={m}>{m}</th>)}
              </tr>
            </thead>
            <tbody>
              {result.groups.map((g) => (
                <tr key={g.key} data-group={g.key}>
                  <th>{groupLabel(g.key)}</th>
                  {g.atRisk.map((n, i) => <td key={i}>{formatCount(n, intlLocale)}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="churn-logrank" data-testid="survival-logrank">
            {result.logRank && result.logRank.p !== null
              ? t('churn.survival.logRank', { chi: result.logRank.chiSquare.toFixed(2), df: result.logRank.df, p: result.logRank.p < 1e-4 ? result.logRank.p.toExponential(2) : result.logRank.p.toFixed(4) })
              : t('churn.survival.logRankNone')}
          </p>
          <table className="churn-table" data-testid="survival-at-months">
            <caption>{t('churn.survival.atMonths')}</caption>
            <thead>
              <tr>
                <th>{t('churn.survival.group')}</th>
                <th>{t('churn.survival.customers')}</th>
                <th>{t('churn.survival.churned')}</th>
                <th>{t('churn.survival.median')}</th>
                {MONTHS.map((m) => <th key={m}>{t('churn.survival.sAt', { month: m })}</th>)}
              </tr>
            </thead>
            <tbody>
              {result.groups.map((g) => (
                <tr key={g.key}>
                  <th>{groupLabel(g.key)}</th>
                  <td>{formatCount(g.curve.customers, intlLocale)}</td>
                  <td>{formatCount(g.curve.events, intlLocale)}</td>
                  <td>{g.curve.median.value === null ? t('churn.survival.notReached') : `${g.curve.median.value} (${g.curve.median.lower ?? '–'}–${g.curve.median.upper ?? '–'})`}</td>
                  {g.atMonths.map((m) => (
                    <td key={m.month}>{m.survival === null ? '–' : m.lower === null && m.upper === null ? pct(m.survival) : `${pct(m.survival)} (${pct(m.lower)}–${pct(m.upper)})`}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

