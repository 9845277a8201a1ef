import { useMemo, useState } from 'react';
import { EChart } from '../../charts/echart';
import { compactAmount, formatCount } from '../../format/number-format';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { formatShare } from '../customers/rule-editing';
import { waterfallOption, type WaterfallStep } from './segment-charts';
import type { LiveCountState } from './use-live-count';

/**
 * The live count beside the builder: the big number of customers, their share of the base and of
 * AUM, and the waterfall of how many remain after each top-level condition.
 */
export function LiveCount({ state, labels, invalid }: { state: LiveCountState; labels: ReadonlyMap<string, string>; invalid: boolean }) {
  const { t, locale, intlLocale } = useI18n();
  const result = state.result;
  const steps: WaterfallStep[] = useMemo(() => {
    if (!result) return [];
    return [{ label: t('segments.count.base'), remaining: result.customers }, ...result.waterfall.map((s) => ({ label: labels.get(s.conditionId) ?? s.conditionId, remaining: s.remaining }))];
  }, [result, labels, t]);
  const [logScale, setLogScale] = useState(false);
  const option = useMemo(
    () => waterfallOption({ steps, remainLabel: t('segments.count.remain'), removedLabel: t('segments.count.removed'), formatCount: (n) => formatCount(n, intlLocale), logScale }),
    [steps, t, intlLocale, logScale],
  );
  return (
    <section className="live-count" aria-live="polite">
      <div className="live-count-number" data-testid="segment-count" data-count={result?.count ?? undefined} data-pending={state.pending || invalid ? 'true' : 'false'} data-invalid={invalid ? 'true' : 'false'}>
        <span className="big-number">{result ? formatCount(result.count, intlLocale) : '—'}</span>
        <span className="muted">{t('segments.count.customers')}</span>
        {(state.pending || invalid) && <span className={invalid ? 'chip danger' : 'chip'}>{t(invalid ? 'segments.count.invalid' : 'segments.count.counting')}</span>}
      </div>
      {result && (
        <dl className="live-count-shares">
          <div>
            <dt>{t('segments.count.shareOfBase')}</dt>
            <dd data-testid="segment-count-share">{formatShare(result.share, intlLocale)}</dd>
          </div>
          <div>
            <dt>{t('segments.count.aum')}</dt>
            <dd data-testid="segment-count-aum">{compactAmount(result.aum, locale)}</dd>
          </div>
          <div>
            <dt>{t('segments.count.shareOfAum')}</dt>
            <dd data-testid="segment-count-aum-share">{formatShare(result.aumShare, intlLocale)}</dd>
          </div>
          <div>
            <dt>{t('segments.count.asOf')}</dt>
            <dd>{result.asOf}</dd>
          </div>
        </dl>
      )}
      {state.error && (
        <div className="error-text" role="alert" data-testid="segment-count-error">
          {formatAppError(t, state.error)}
        </div>
      )}
      {result && result.waterfall.length > 0 && (
        <div data-testid="segment-waterfall" data-steps={result.waterfall.length} data-remaining={result.waterfall.map((s) => s.remaining).join(',')} data-base={result.customers}>
          <label className="inline-check">
            <input type="checkbox" checked={logScale} onChange={(e) => setLogScale(e.target.checked)} data-testid="segment-waterfall-log" />
            {t('segments.count.logScale')}
          </label>
          {/* SVG: a handful of bars, and their labels are text a test can read. */}
          <EChart option={option} title={t('segments.count.waterfall')} height={320} testId="segment-waterfall-chart" renderer="svg" />
        </div>
      )}
    </section>
  );
}
