import { useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { toAppError } from '../../../shared/errors';
import type { WarningParams, WarningTag } from '../../../shared/survival-types';
import { exportCsv } from '../../charts/chart-export';
import { formatCount } from '../../format/number-format';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { useEngineQuery } from '../../state/use-engine-query';
import { campaignFromWarning, dayAfter } from '../campaigns/campaign-from-analysis';

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);

/** The early-warning list (预警): tags, customers ranked by AUM at risk, the back-test, and "save as segment". */
export function WarningPanel({ client, segmentId }: { client: EngineClient; segmentId: string | null }) {
  const { t, intlLocale } = useI18n();
  const [payrollMissingMonths, setMissing] = useState(1);
  const params: WarningParams = { limit: 100, population: segmentId ? { segmentId } : {}, signals: { payrollMissingMonths, aumDropShare: 0.3, outflowRatio: 0.8, activityDropShare: 0.5 } };
  const query = useEngineQuery(client, 'warning.run', params);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const result = query.data;
  const tag = (tg: WarningTag) => t(`churn.warning.tag.${tg}`);
  const save = (asCampaign = false) => {
    setBusy(true);
    const name = `${t('churn.warning.title')} ${result?.asOf ?? ''}`.trim();
    client
      .call('warning.segment', { ...params, name })
      .then(async (segment) => {
        if (!asCampaign) return t('churn.savedSegment', { name: segment.name, count: segment.static?.members ?? 0 });
        // One click from the list to a retention campaign: RM visits, most AUM first.
        const campaign = await client.call('campaign.save', { definition: campaignFromWarning({ segmentId: segment.id, name, plannedDate: dayAfter(result?.asOf ?? new Date().toISOString().slice(0, 10)) }) });
        return t('churn.warning.campaignSaved', { name: campaign.name, count: formatCount(segment.static?.members ?? 0, intlLocale) });
      })
      .then(setSaved, (reason: unknown) => setSaved(formatAppError(t, toAppError(reason))))
      .finally(() => setBusy(false));
  };
  return (
    <section className="churn-card" data-testid="warning-panel" {...(result ? { 'data-flagged': result.flagged } : {})}>
      <h3>{t('churn.warning.title')}</h3>
      <div className="churn-row">
        <label className="churn-field">
          <span>{t('churn.warning.payrollMissing')}</span>
          <select value={payrollMissingMonths} onChange={(e) => setMissing(Number(e.target.value))} data-testid="warning-missing-months">
            <option value={1}>1</option>
            <option value={2}>2</option>
          </select>
        </label>
      </div>
      {query.error && <div className="banner-error" role="alert">{formatAppError(t, query.error)}</div>}
      {result && (
        <>
          <p data-testid="warning-summary">
            {t('churn.warning.summary', { count: formatCount(result.flagged, intlLocale), aum: formatCount(Math.round(result.flaggedAum), intlLocale) })}{' '}
            {result.tags.map((x) => `${tag(x.tag)} ${formatCount(x.count, intlLocale)}`).join(' · ')}
          </p>
          <p className="churn-muted" data-testid="warning-backtest">
            {t('churn.warning.backtest', { asOf: result.backtest.asOf, flagged: formatCount(result.backtest.flagged, intlLocale) })}{' '}
            {result.backtest.horizons.map((h) => t('churn.warning.horizon', { months: h.months, precision: pct(h.precision), recall: pct(h.recall) })).join(' · ')}
          </p>
          <div className="churn-row">
            <button type="button" className="button primary" onClick={() => save()} disabled={busy || result.flagged === 0} data-testid="warning-save-segment">
              {t('churn.saveAsSegment')}
            </button>
            <button type="button" className="button" onClick={() => save(true)} disabled={busy || result.flagged === 0} data-testid="warning-save-campaign">
              {t('churn.warning.campaign')}
            </button>
            <button
              type="button"
              className="link-button"
              onClick={() => exportCsv(t('churn.warning.title'), ['customer_id', 'aum', 'tags'], result.customers.map((c) => [c.customerId, c.aum, c.tags.join(' ')]))}
              data-testid="warning-csv"
            >
              {t('churn.export.csv')}
            </button>
            {saved && <span data-testid="warning-saved">{saved}</span>}
          </div>
          <table className="churn-table" data-testid="warning-list">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('churn.warning.customer')}</th>
                <th>{t('churn.warning.aum')}</th>
                <th>{t('churn.warning.tags')}</th>
              </tr>
            </thead>
            <tbody>
              {result.customers.map((c, i) => (
                <tr key={c.customerId}>
                  <td>{i + 1}</td>
                  <td>{c.customerId}</td>
                  <td>{formatCount(Math.round(c.aum), intlLocale)}</td>
                  <td>{c.tags.map(tag).join('、')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
