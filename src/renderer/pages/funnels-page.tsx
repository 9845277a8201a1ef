import { useMemo, useState } from 'react';
import { isCancellation, toAppError } from '../../shared/errors';
import { FUNNEL_SOURCES, type FunnelSource, type FunnelSpecInput } from '../../shared/funnel-types';
import { EChart } from '../charts/echart';
import { emptyStep, newDraft, specOf, draftOf, type FunnelDraft, type StepDraft } from '../components/funnels/funnel-draft';
import { funnelOption, timeToConvertOption, trendOption } from '../components/funnels/funnel-charts';
import { formatCount } from '../format/number-format';
import { formatAppError } from '../../shared/i18n/i18n';
import { useI18n } from '../i18n/i18n-context';
import { useEngineQuery } from '../state/use-engine-query';
import type { PageProps } from './page-props';

type Translate = ReturnType<typeof useI18n>['t'];

/** A duration in the reader's words: 分钟/小时/天 or min/h/d. */
function durationText(t: Translate, seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 3_600) return t('funnels.unit.minutes', { n: Math.round(seconds / 60) });
  if (seconds < 86_400) return t('funnels.unit.hours', { n: (seconds / 3_600).toFixed(1) });
  return t('funnels.unit.days', { n: (seconds / 86_400).toFixed(1) });
}

function bucketText(t: Translate, from: number, to: number | null): string {
  const unit = (s: number) => (s >= 86_400 ? t('funnels.unit.days', { n: s / 86_400 }) : s >= 3_600 ? t('funnels.unit.hours', { n: s / 3_600 }) : t('funnels.unit.minutes', { n: s / 60 }));
  return to === null ? `≥ ${unit(from)}` : from === 0 ? `< ${unit(to)}` : `${unit(from)}–${unit(to)}`;
}

/**
 * Funnels (漏斗): steps over any bank activity, counted as the analyst edits (superseded runs are
 * cancelled), broken down by a profile field, a campaign arm or the first touch's channel; each
 * drop-off one click from a static segment; saved with versions.
 */
export function FunnelsPage({ client, active }: PageProps) {
  const { t, intlLocale } = useI18n();
  const [draft, setDraft] = useState<FunnelDraft>(newDraft);
  const [saveName, setSaveName] = useState('');
  const [savedId, setSavedId] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const spec = specOf(draft);
  const run = useEngineQuery(client, 'funnel.run', spec ? { spec } : null, { debounceMs: 400, supersede: 'funnel.run', active });
  const saved = useEngineQuery(client, 'funnel.list', {}, { active });
  const segments = useEngineQuery(client, 'segment.list', {}, { active });
  // Two segments side by side: the same funnel over the second segment's members.
  const compareSpec = spec && draft.compareSegmentId ? { ...spec, segmentId: draft.compareSegmentId } : null;
  const compare = useEngineQuery(client, 'funnel.run', compareSpec ? { spec: compareSpec } : null, { debounceMs: 400, supersede: 'funnel.run.compare', active });
  const segmentOptions = (segments.data ?? []).map((x) => (
    <option key={x.id} value={x.id}>
      {x.name}
    </option>
  ));
  const segmentName = (id: string) => (id ? (segments.data?.find((x) => x.id === id)?.name ?? id) : t('funnels.wholeBase'));
  const result = run.data;
  const count = (n: number) => formatCount(n, intlLocale);
  const patch = (p: Partial<FunnelDraft>) => setDraft((d) => ({ ...d, ...p }));
  const patchStep = (k: number, p: Partial<StepDraft>) => setDraft((d) => ({ ...d, steps: d.steps.map((s, i) => (i === k ? { ...s, ...p } : s)) }));

  const chart = useMemo(() => (result ? funnelOption({ result, formatCount: count, totalLabel: t('funnels.total') }) : null), [result, t, intlLocale]);
  const ttc = useMemo(() => (result ? timeToConvertOption({ result, bucketLabel: (from, to) => bucketText(t, from, to), customersLabel: t('funnels.customers') }) : null), [result, t]);
  const trend = useMemo(() => (result ? trendOption({ result, rateLabel: t('funnels.conversion') }) : null), [result, t]);
  const compareChart = useMemo(() => (compare.data ? funnelOption({ result: compare.data, formatCount: count, totalLabel: t('funnels.total') }) : null), [compare.data, t, intlLocale]);

  const act = async (what: () => Promise<string>) => {
    setMessage(null);
    try {
      setMessage({ ok: true, text: await what() });
    } catch (reason) {
      if (!isCancellation(reason)) setMessage({ ok: false, text: formatAppError(t, toAppError(reason)) });
    }
  };
  const saveDropOff = (reached: number) =>
    act(async () => {
      const name = t('funnels.dropOffName', { reached: result?.stepNames[reached] ?? String(reached + 1), next: result?.stepNames[reached + 1] ?? '' });
      const r = await client.call('funnel.segment', { spec: spec!, reached, notReached: reached + 1, name });
      return t('funnels.segmentSaved', { name, customers: count(r.customers) });
    });
  const saveFunnel = () =>
    act(async () => {
      const r = await client.call('funnel.save', { ...(savedId ? { id: savedId } : {}), name: saveName.trim() || t('funnels.untitled'), spec: spec! });
      setSavedId(r.id);
      return t('funnels.saved', { name: r.name, version: r.version });
    });

  return (
    <div className="page funnels-page" data-testid="funnels-page">
      <section className="funnels-editor">
        <h2>{t('nav.funnels')}</h2>
        <ol className="funnel-steps">
          {draft.steps.map((step, k) => (
            <li key={k} className="funnel-step" data-testid={`funnel-step-${k}`}>
              <select value={step.source} onChange={(e) => patchStep(k, { source: e.target.value as FunnelSource })} data-testid={`funnel-source-${k}`} aria-label={t('funnels.source')}>
                {FUNNEL_SOURCES.map((s) => (
                  <option key={s} value={s}>
                    {t(`funnels.source.${s}`)}
                  </option>
                ))}
              </select>
              <input type="text" value={step.value} placeholder={t(`funnels.value.${step.source}`)} onChange={(e) => patchStep(k, { value: e.target.value })} data-testid={`funnel-value-${k}`} aria-label={t(`funnels.value.${step.source}`)} />
              {k > 0 && (
                <>
                  <label className="inline">
                    <input type="checkbox" checked={step.optional} onChange={(e) => patchStep(k, { optional: e.target.checked })} /> {t('funnels.optional')}
                  </label>
                  <label className="inline">
                    {t('funnels.withinDays')}
                    <input type="number" min={1} className="short" value={step.withinDays} onChange={(e) => patchStep(k, { withinDays: e.target.value })} />
                  </label>
                </>
              )}
              {draft.steps.length > 2 && (
                <button type="button" className="link-button" onClick={() => setDraft((d) => ({ ...d, steps: d.steps.filter((_, i) => i !== k) }))} aria-label={t('funnels.removeStep')}>
                  ×
                </button>
              )}
            </li>
          ))}
        </ol>
        <div className="funnel-options">
          <button type="button" className="button" disabled={draft.steps.length >= 10} onClick={() => patch({ steps: [...draft.steps, emptyStep()] })} data-testid="funnel-add-step">
            {t('funnels.addStep')}
          </button>
          <label>
            {t('funnels.order')}
            <select value={draft.order} onChange={(e) => patch({ order: e.target.value as FunnelDraft['order'] })} data-testid="funnel-order">
              {(['ordered', 'strict', 'unordered'] as const).map((o) => (
                <option key={o} value={o}>
                  {t(`funnels.order.${o}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('funnels.windowDays')}
            <input type="number" min={1} className="short" value={draft.windowDays} onChange={(e) => patch({ windowDays: e.target.value })} data-testid="funnel-window" />
          </label>
          <label>
            {t('funnels.holdConstant')}
            <select value={draft.holdConstant} onChange={(e) => patch({ holdConstant: e.target.value as FunnelDraft['holdConstant'] })}>
              <option value="">{t('funnels.none')}</option>
              <option value="properties.campaign_id">{t('funnels.hold.eventCampaign')}</option>
              <option value="campaign_id">{t('funnels.hold.campaign')}</option>
              <option value="account_id">{t('funnels.hold.account')}</option>
              <option value="product_type">{t('funnels.hold.product')}</option>
            </select>
          </label>
          <label>
            {t('funnels.breakdown')}
            <select value={draft.breakdown} onChange={(e) => patch({ breakdown: e.target.value as FunnelDraft['breakdown'] })} data-testid="funnel-breakdown">
              <option value="">{t('funnels.none')}</option>
              {(['age_band', 'value_tier', 'gender', 'lifecycle_stage', 'arm', 'channel_first'] as const).map((b) => (
                <option key={b} value={b}>
                  {t(`funnels.breakdown.${b}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('funnels.breakdown2')}
            <select value={draft.breakdown2} onChange={(e) => patch({ breakdown2: e.target.value as FunnelDraft['breakdown'] })} data-testid="funnel-breakdown-2">
              <option value="">{t('funnels.none')}</option>
              {(['age_band', 'value_tier', 'gender', 'lifecycle_stage', 'arm', 'channel_first'] as const).map((b) => (
                <option key={b} value={b} disabled={b === draft.breakdown}>
                  {t(`funnels.breakdown.${b}`)}
                </option>
              ))}
            </select>
          </label>
          {(draft.breakdown === 'arm' || draft.breakdown2 === 'arm') && <input type="text" value={draft.armCampaign} placeholder={t('funnels.armCampaign')} onChange={(e) => patch({ armCampaign: e.target.value })} data-testid="funnel-arm-campaign" aria-label={t('funnels.armCampaign')} />}
          <label>
            {t('funnels.population')}
            <select value={draft.segmentId} onChange={(e) => patch({ segmentId: e.target.value })} data-testid="funnel-population">
              <option value="">{t('funnels.wholeBase')}</option>
              {segmentOptions}
            </select>
          </label>
          <label>
            {t('funnels.compareWith')}
            <select value={draft.compareSegmentId} onChange={(e) => patch({ compareSegmentId: e.target.value })} data-testid="funnel-compare">
              <option value="">{t('funnels.none')}</option>
              {segmentOptions}
            </select>
          </label>
          <label>
            {t('funnels.period')}
            <input type="date" value={draft.periodFrom} onChange={(e) => patch({ periodFrom: e.target.value })} data-testid="funnel-period-from" />
            <input type="date" value={draft.periodTo} onChange={(e) => patch({ periodTo: e.target.value })} data-testid="funnel-period-to" />
          </label>
        </div>
        <div className="funnel-options">
          <input type="text" value={saveName} placeholder={t('funnels.name')} onChange={(e) => setSaveName(e.target.value)} data-testid="funnel-name" aria-label={t('funnels.name')} />
          <button type="button" className="button" disabled={!spec} onClick={() => void saveFunnel()} data-testid="funnel-save">
            {t('funnels.save')}
          </button>
          <select
            value=""
            onChange={(e) => {
              const f = saved.data?.find((x) => x.id === e.target.value);
              if (f) {
                setDraft(draftOf(f.spec as FunnelSpecInput));
                setSaveName(f.name);
                setSavedId(f.id);
              }
            }}
            aria-label={t('funnels.open')}
          >
            <option value="">{t('funnels.open')}</option>
            {(saved.data ?? []).map((f) => (
              <option key={f.id} value={f.id}>
                {f.name} (v{f.version})
              </option>
            ))}
          </select>
        </div>
      </section>
      <section className="funnels-result" aria-live="polite" data-testid="funnel-result" data-pending={run.pending ? 'true' : 'false'} data-up-to-date={run.upToDate ? 'true' : 'false'}>
        {!spec && <p className="muted">{t('funnels.incomplete')}</p>}
        {run.error && (
          <p className="error-text" role="alert">
            {formatAppError(t, run.error)}
          </p>
        )}
        {result && chart && (
          <>
            <p className="muted">{t('funnels.summary', { from: result.period.from, to: result.period.to, asOf: result.asOf, population: count(result.population) })}</p>
            <EChart option={chart} title={t('funnels.chart')} testId="funnel-chart" height={300} />
            <table className="funnel-table" data-testid="funnel-table">
              <thead>
                <tr>
                  <th>{t('funnels.group')}</th>
                  {result.stepNames.map((n) => (
                    <th key={n}>{n}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {[result.total, ...result.groups].map((g) => (
                  <tr key={g.key.join('|') || 'total'} data-group={g.key.join(' × ') || 'total'}>
                    <td>{g.key.length ? g.key.join(' × ') : t('funnels.total')}</td>
                    {g.steps.map((s, k) => (
                      <td key={k} className="num" data-customers={s.customers}>
                        {count(s.customers)}
                        {k > 0 && <span className="muted"> · {(s.fromPrevious * 100).toFixed(1)}% · {durationText(t, s.medianSeconds)}</span>}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="funnel-options">
              {result.stepNames.slice(0, -1).map((n, k) => (
                <button key={n} type="button" className="button" onClick={() => void saveDropOff(k)} data-testid={`funnel-dropoff-${k}`}>
                  {t('funnels.saveDropOff', { reached: n, next: result.stepNames[k + 1]! })}
                </button>
              ))}
            </div>
            {compare.data && compareChart && (
              <section className="funnel-compare" data-testid="funnel-compare-result" aria-label={t('funnels.sideBySide')}>
                <h3>{t('funnels.sideBySide')}</h3>
                <table className="funnel-table" data-testid="funnel-compare-table">
                  <thead>
                    <tr>
                      <th>{t('funnels.step')}</th>
                      <th>{segmentName(draft.segmentId)}</th>
                      <th>{segmentName(draft.compareSegmentId)}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.stepNames.map((n, k) => {
                      const a = result.total.steps[k]!;
                      const b = compare.data!.total.steps[k];
                      return (
                        <tr key={n} data-step={k}>
                          <td>{n}</td>
                          <td className="num" data-customers={a.customers}>
                            {count(a.customers)} <span className="muted">· {(a.fromFirst * 100).toFixed(1)}%</span>
                          </td>
                          <td className="num" data-customers={b?.customers ?? 0}>
                            {count(b?.customers ?? 0)} <span className="muted">· {((b?.fromFirst ?? 0) * 100).toFixed(1)}%</span>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
                <div className="funnel-charts">
                  <EChart option={chart} title={`${t('funnels.chart')} · ${segmentName(draft.segmentId)}`} testId="funnel-chart-a" height={260} />
                  <EChart option={compareChart} title={`${t('funnels.chart')} · ${segmentName(draft.compareSegmentId)}`} testId="funnel-chart-b" height={260} />
                </div>
              </section>
            )}
            {compare.error && (
              <p className="error-text" role="alert">
                {formatAppError(t, compare.error)}
              </p>
            )}
            <div className="funnel-charts">
              {ttc && <EChart option={ttc} title={t('funnels.timeToConvert')} testId="funnel-time-to-convert" height={220} />}
              {trend && <EChart option={trend} title={t('funnels.trend')} testId="funnel-trend" height={220} />}
            </div>
          </>
        )}
        {message && (
          <p className={message.ok ? 'ok-text' : 'error-text'} role={message.ok ? 'status' : 'alert'} data-testid="funnel-message">
            {message.text}
          </p>
        )}
      </section>
    </div>
  );
}
