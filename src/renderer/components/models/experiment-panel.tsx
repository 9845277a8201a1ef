import { useEffect, useMemo, useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { isCancellation, toAppError } from '../../../shared/errors';
import type { MethodResult } from '../../../shared/methods';
import type { ExperimentReport, Uplift } from '../../../shared/model-types';
import { EChart } from '../../charts/echart';
import { CHART_COLORS, type ChartOption } from '../../charts/chart-options';
import { formatCount } from '../../format/number-format';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { formatP, formatPercent, formatPoints } from './model-format';

type Campaigns = MethodResult<'experiment.campaigns'>;
const BREAKDOWNS = ['', 'value_tier', 'channel', 'gender', 'lifecycle_stage'] as const;

/** Response rate per arm with its 95 % Wilson interval, as bars with error marks. */
function armsOption(report: ExperimentReport, rateLabel: string): ChartOption {
  return {
    grid: { left: 56, right: 16, top: 24, bottom: 32 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: report.arms.map((a) => a.arm) },
    yAxis: { type: 'value', name: rateLabel, axisLabel: { formatter: (v: number) => `${(v * 100).toFixed(0)}%` } },
    series: [
      {
        type: 'bar',
        color: CHART_COLORS[0],
        data: report.arms.map((a) => Number(a.rate.toFixed(5))),
        label: { show: true, position: 'top', formatter: (p: { value: number }) => `${(p.value * 100).toFixed(1)}%` },
        markLine: { symbol: 'none', lineStyle: { color: '#111827' }, data: report.arms.flatMap((a, i) => [[{ coord: [i, a.interval.lower] }, { coord: [i, a.interval.upper] }]]) },
      },
    ],
  };
}

function UpliftLine({ uplift }: { uplift: Uplift }) {
  const { t, intlLocale } = useI18n();
  return (
    <span>
      {t('experiments.uplift.line', {
        absolute: formatPoints(uplift.absolute, intlLocale),
        lower: formatPoints(uplift.absoluteInterval.lower, intlLocale),
        upper: formatPoints(uplift.absoluteInterval.upper, intlLocale),
        relative: uplift.relative === null ? '—' : formatPercent(uplift.relative, intlLocale),
        z: uplift.z.toFixed(2),
        p: formatP(uplift.p),
        incremental: formatCount(Math.round(uplift.incrementalResponders), intlLocale),
      })}
    </span>
  );
}

/**
 * A campaign's result against its control group (效果评估): the rate of each arm, the uplift with
 * Newcombe's 95 % interval and the z-test, the sample-ratio check against the planned split, the
 * AUM change, the uplift per group; and the sample size the next campaign needs.
 */
export function ExperimentPanel({ client }: { client: EngineClient }) {
  const { t, intlLocale } = useI18n();
  const [campaigns, setCampaigns] = useState<Campaigns | null>(null);
  const [campaignId, setCampaignId] = useState('');
  const [controlShare, setControlShare] = useState(20);
  const [breakdown, setBreakdown] = useState<(typeof BREAKDOWNS)[number]>('value_tier');
  const [report, setReport] = useState<ExperimentReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [size, setSize] = useState({ baseline: 5, uplift: 1, power: 80, alpha: 5 });
  const [sizeResult, setSizeResult] = useState<MethodResult<'experiment.sampleSize'> | null>(null);

  useEffect(() => {
    client.call('experiment.campaigns', {}).then(
      (list) => {
        setCampaigns(list);
        setCampaignId((current) => current || (list[0]?.campaignId ?? ''));
      },
      (reason: unknown) => setError(formatAppError(t, toAppError(reason))),
    );
  }, [client, t]);

  const open = async () => {
    setError(null);
    try {
      setReport(
        await client.call('experiment.report', {
          campaignId,
          plannedShares: { treatment: (100 - controlShare) / 100, control: controlShare / 100 },
          ...(breakdown ? { breakdown } : {}),
        }),
      );
    } catch (reason) {
      if (!isCancellation(reason)) setError(formatAppError(t, toAppError(reason)));
    }
  };
  const computeSize = async () => {
    try {
      setSizeResult(await client.call('experiment.sampleSize', { baselineRate: size.baseline / 100, minimumDetectableUplift: size.uplift / 100, power: size.power / 100, alpha: size.alpha / 100 }));
    } catch (reason) {
      setError(formatAppError(t, toAppError(reason)));
    }
  };
  const arms = useMemo(() => (report ? armsOption(report, t('experiments.rate')) : null), [report, t]);

  return (
    <section className="models-experiments" data-testid="experiments">
      <h3>{t('experiments.title')}</h3>
      <div className="models-form">
        <label>
          <span>{t('experiments.campaign')}</span>
          <select value={campaignId} onChange={(e) => setCampaignId(e.target.value)} data-testid="experiments-campaign">
            {(campaigns ?? []).map((c) => (
              <option key={c.campaignId} value={c.campaignId}>
                {c.campaignId} · {c.firstContact} · {formatCount(c.customers, intlLocale)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('experiments.plannedControl')}</span>
          <input type="number" min={1} max={99} value={controlShare} onChange={(e) => setControlShare(Math.min(99, Math.max(1, Number(e.target.value) || 20)))} />
        </label>
        <label>
          <span>{t('experiments.breakdown')}</span>
          <select value={breakdown} onChange={(e) => setBreakdown(e.target.value as (typeof BREAKDOWNS)[number])}>
            {BREAKDOWNS.map((b) => (
              <option key={b} value={b}>
                {b === '' ? t('experiments.breakdown.none') : b}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button primary" disabled={!campaignId} onClick={() => void open()} data-testid="experiments-open">
          {t('experiments.open')}
        </button>
      </div>
      {campaigns && campaigns.length === 0 && <p className="muted">{t('experiments.none')}</p>}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {report && (
        <div className="experiment-report" data-testid="experiments-report" data-campaign={report.campaignId}>
          <table className="models-table">
            <thead>
              <tr>
                <th>{t('experiments.arm')}</th>
                <th>{t('experiments.customers')}</th>
                <th>{t('experiments.responders')}</th>
                <th>{t('experiments.rate')}</th>
                <th>{t('experiments.interval')}</th>
              </tr>
            </thead>
            <tbody>
              {report.arms.map((a) => (
                <tr key={a.arm} data-arm={a.arm}>
                  <td>{a.arm}</td>
                  <td className="num">{formatCount(a.customers, intlLocale)}</td>
                  <td className="num">{formatCount(a.responders, intlLocale)}</td>
                  <td className="num">{formatPercent(a.rate, intlLocale)}</td>
                  <td className="num">
                    {formatPercent(a.interval.lower, intlLocale)} – {formatPercent(a.interval.upper, intlLocale)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.uplift ? (
            <p className="experiment-uplift" data-testid="experiments-uplift" data-absolute={report.uplift.absolute} data-lower={report.uplift.absoluteInterval.lower} data-upper={report.uplift.absoluteInterval.upper}>
              <UpliftLine uplift={report.uplift} />
            </p>
          ) : (
            <p className="muted">{t('experiments.noControl')}</p>
          )}
          {report.sampleRatio && (
            <p className={report.sampleRatio.mismatch ? 'error-text' : 'muted'} data-testid="experiments-srm" data-mismatch={report.sampleRatio.mismatch ? 'true' : 'false'}>
              {t(report.sampleRatio.mismatch ? 'experiments.srm.mismatch' : 'experiments.srm.ok', { chi: report.sampleRatio.chiSquare.toFixed(2), p: formatP(report.sampleRatio.p) })}
            </p>
          )}
          {report.aum && (
            <p className="muted">
              {t('experiments.aum', { treatment: formatCount(Math.round(report.aum.treatmentChange), intlLocale), control: formatCount(Math.round(report.aum.controlChange), intlLocale), incremental: formatCount(Math.round(report.aum.incremental), intlLocale) })}
            </p>
          )}
          {arms && <EChart option={arms} title={t('experiments.chart', { campaign: report.campaignId })} testId="experiments-chart" height={220} />}
          {report.breakdown && (
            <table className="models-table" data-testid="experiments-breakdown">
              <thead>
                <tr>
                  <th>{report.breakdown.field}</th>
                  <th>{t('experiments.uplift')}</th>
                </tr>
              </thead>
              <tbody>
                {report.breakdown.groups.map((g) => (
                  <tr key={g.value}>
                    <td>{g.value}</td>
                    <td>{g.uplift ? <UpliftLine uplift={g.uplift} /> : t('experiments.noControl')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      <h4>{t('experiments.size.title')}</h4>
      <div className="models-form">
        {(['baseline', 'uplift', 'power', 'alpha'] as const).map((k) => (
          <label key={k}>
            <span>{t(`experiments.size.${k}`)}</span>
            <input type="number" step={0.1} value={size[k]} onChange={(e) => setSize((s) => ({ ...s, [k]: Number(e.target.value) }))} data-testid={`experiments-size-${k}`} />
          </label>
        ))}
        <button type="button" className="button" onClick={() => void computeSize()} data-testid="experiments-size-run">
          {t('experiments.size.run')}
        </button>
      </div>
      {sizeResult && (
        <p data-testid="experiments-size-result" data-control={sizeResult.control}>
          {t('experiments.size.result', { treatment: formatCount(sizeResult.treatment, intlLocale), control: formatCount(sizeResult.control, intlLocale), total: formatCount(sizeResult.total, intlLocale) })}
        </p>
      )}
    </section>
  );
}
