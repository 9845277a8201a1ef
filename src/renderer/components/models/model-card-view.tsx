import { useMemo, useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { toAppError } from '../../../shared/errors';
import type { ModelCard } from '../../../shared/model-types';
import { EChart } from '../../charts/echart';
import { formatCount } from '../../format/number-format';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { calibrationOption, liftOption, rocOption } from './model-charts';
import { formatPercent } from './model-format';

/**
 * A trained model's card: what it learned from (as-of dates, rows, label rate), how well it ranks
 * (ROC/AUC, KS, lift and gains by decile, calibration), its coefficients with odds ratios, and
 * the button that scores every customer into the profile (score_<name>).
 */
export function ModelCardView({ client, card, onScored }: { client: EngineClient; card: ModelCard; onScored: () => void }) {
  const { t, intlLocale } = useI18n();
  const metrics = card.metrics.test ?? card.metrics.train;
  const [scoring, setScoring] = useState(false);
  const [scoreText, setScoreText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const roc = useMemo(
    () => rocOption({ train: card.metrics.train, test: card.metrics.test, labels: { fpr: t('models.chart.fpr'), tpr: t('models.chart.tpr'), train: t('models.metrics.train'), test: t('models.metrics.test'), chance: t('models.chart.chance') } }),
    [card, t],
  );
  const lift = useMemo(() => liftOption({ metrics, labels: { decile: t('models.chart.decile'), lift: t('models.chart.lift'), gains: t('models.chart.gains') } }), [metrics, t]);
  const calibration = useMemo(() => calibrationOption({ metrics, labels: { predicted: t('models.chart.predicted'), observed: t('models.chart.observed'), ideal: t('models.chart.ideal') } }), [metrics, t]);

  const score = async () => {
    setScoring(true);
    setError(null);
    try {
      const r = await client.call('model.score', { name: card.name });
      setScoreText(t('models.score.done', { customers: formatCount(r.customers, intlLocale), column: r.column, asOf: r.asOf }));
      onScored();
    } catch (reason) {
      setError(formatAppError(t, toAppError(reason)));
    } finally {
      setScoring(false);
    }
  };

  const sorted = [...card.coefficients].sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient));
  return (
    <section className="models-card" data-testid="models-card" data-name={card.name} data-version={card.version}>
      <header className="models-card-head">
        <h3>
          {card.name} <span className="muted">v{card.version}</span>
        </h3>
        <span className="chip">{t(`models.label.${card.spec.label.kind}`)}</span>
        <button type="button" className="button primary" onClick={() => void score()} disabled={scoring} data-testid="models-score">
          {t('models.score.run')}
        </button>
        {scoreText && (
          <span className="ok-text" data-testid="models-score-done">
            {scoreText}
          </span>
        )}
      </header>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <dl className="models-metrics">
        {(['train', 'test'] as const).map((side) => {
          const m = card.metrics[side];
          if (!m) return null;
          return (
            <div key={side} data-testid={`models-metrics-${side}`} data-auc={m.auc}>
              <dt>{t(side === 'train' ? 'models.metrics.train' : 'models.metrics.test')}</dt>
              <dd>
                {t('models.metrics.line', {
                  rows: formatCount(m.rows, intlLocale),
                  rate: formatPercent(m.positives / Math.max(1, m.rows), intlLocale),
                  auc: m.auc.toFixed(3),
                  ks: m.ks.toFixed(3),
                  top10: formatPercent(m.captureTop10, intlLocale),
                  top20: formatPercent(m.captureTop20, intlLocale),
                })}
              </dd>
            </div>
          );
        })}
        <div>
          <dt>{t('models.metrics.trainingDates')}</dt>
          <dd>{card.trainingSet.dates.map((d) => d.asOf).join(', ')}</dd>
        </div>
      </dl>
      <div className="models-charts">
        <EChart option={roc} title={t('models.chart.roc')} testId="models-roc" height={260} />
        <EChart option={lift} title={t('models.chart.liftTitle')} testId="models-lift" height={260} />
        <EChart option={calibration} title={t('models.chart.calibration')} testId="models-calibration" height={260} />
      </div>
      <table className="models-table" data-testid="models-deciles">
        <thead>
          <tr>
            <th>{t('models.chart.decile')}</th>
            <th>{t('models.deciles.customers')}</th>
            <th>{t('models.deciles.rate')}</th>
            <th>{t('models.chart.lift')}</th>
            <th>{t('models.chart.gains')}</th>
            <th>{t('models.deciles.minScore')}</th>
          </tr>
        </thead>
        <tbody>
          {metrics.deciles.map((d) => (
            <tr key={d.decile}>
              <td>{d.decile}</td>
              <td className="num">{formatCount(d.customers, intlLocale)}</td>
              <td className="num">{formatPercent(d.rate, intlLocale)}</td>
              <td className="num">{d.lift.toFixed(2)}</td>
              <td className="num">{formatPercent(d.cumulativeGain, intlLocale)}</td>
              <td className="num">{d.minScore.toFixed(4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details className="models-coefficients" open>
        <summary>{t('models.coefficients.title', { n: sorted.length })}</summary>
        <table className="models-table" data-testid="models-coefficients">
          <thead>
            <tr>
              <th>{t('models.coefficients.feature')}</th>
              <th>{t('models.coefficients.coefficient')}</th>
              <th>{t('models.coefficients.oddsRatio')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((c) => (
              <tr key={c.feature} data-feature={c.feature}>
                <td>{c.feature}</td>
                <td className="num">{c.coefficient.toFixed(4)}</td>
                <td className="num">{c.oddsRatio.toFixed(3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">{t('models.coefficients.note', { intercept: card.intercept.toFixed(4), iterations: card.iterations, c: card.spec.C })}</p>
      </details>
    </section>
  );
}
