import { useMemo, useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { isCancellation, toAppError } from '../../../shared/errors';
import type { Cutoff, CutoffResult, ModelCard } from '../../../shared/model-types';
import { EChart } from '../../charts/echart';
import { formatCount } from '../../format/number-format';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { campaignFromCutoff, dayAfter } from '../campaigns/campaign-from-analysis';
import { cutoffOption } from './model-charts';
import { formatPercent } from './model-format';

type By = 'deciles' | 'capacity' | 'perRm' | 'threshold' | 'profit';

/**
 * Choosing whom to contact from a scored model: the top deciles, a capacity (top N, or top N per
 * RM), a score threshold, or the expected profit (value of a response, cost of a contact); the
 * curve shows what each choice is expected to bring, and the choice becomes a static segment.
 */
export function CutoffPanel({ client, card, population, onSaved }: { client: EngineClient; card: ModelCard; population: number; onSaved: (segmentId: string, customers: number) => void }) {
  const { t, intlLocale } = useI18n();
  const [by, setBy] = useState<By>('deciles');
  const [deciles, setDeciles] = useState(3);
  const [topN, setTopN] = useState(1000);
  const [threshold, setThreshold] = useState(0.2);
  const [value, setValue] = useState(500);
  const [cost, setCost] = useState(20);
  const [result, setResult] = useState<CutoffResult | null>(null);
  const [segmentName, setSegmentName] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const cutoff: Cutoff = useMemo(() => {
    if (by === 'deciles') return { by: 'capacity', topN: Math.max(1, Math.round((population * deciles) / 10)) };
    if (by === 'capacity') return { by: 'capacity', topN: Math.max(1, topN) };
    if (by === 'perRm') return { by: 'capacity', topN: Math.max(1, topN), perGroup: 'rm_id' };
    if (by === 'threshold') return { by: 'threshold', score: Math.min(1, Math.max(0, threshold)) };
    return { by: 'profit', valuePerResponse: value, costPerContact: cost };
  }, [by, deciles, topN, threshold, value, cost, population]);

  const call = async (save: boolean, asCampaign = false) => {
    setBusy(true);
    setMessage(null);
    try {
      if (save) {
        const name = segmentName.trim() || t('models.cutoff.defaultName', { name: card.name });
        const saved = await client.call('model.cutoffSegment', { name: card.name, cutoff, segmentName: name });
        setMessage({ ok: true, text: t('models.cutoff.saved', { name, customers: formatCount(saved.customers, intlLocale) }) });
        onSaved(saved.segmentId, saved.customers);
        if (asCampaign) {
          // The cut-off becomes the campaign's ranking (the score) and cap (its N, or N per RM).
          const asOf = (await client.call('profile.summary', {})).asOf;
          const definition = campaignFromCutoff({ model: card.name, cutoff, segmentId: saved.segmentId, customers: saved.customers, name, plannedDate: dayAfter(asOf ?? new Date().toISOString().slice(0, 10)) });
          const campaign = await client.call('campaign.save', { definition });
          setMessage({ ok: true, text: t('models.cutoff.campaignSaved', { name: campaign.name, customers: formatCount(saved.customers, intlLocale) }) });
        }
      } else {
        setResult(await client.call('model.cutoff', { name: card.name, cutoff }));
      }
    } catch (reason) {
      if (!isCancellation(reason)) setMessage({ ok: false, text: formatAppError(t, toAppError(reason)) });
    } finally {
      setBusy(false);
    }
  };

  const option = useMemo(
    () =>
      result
        ? cutoffOption({ result, labels: { customers: t('models.cutoff.customers'), responders: t('models.cutoff.responders'), profit: t('models.cutoff.profit'), chosen: t('models.cutoff.chosen') }, formatCount: (n) => formatCount(n, intlLocale) })
        : null,
    [result, t, intlLocale],
  );
  const num = (text: string, fallback: number) => (text !== '' && Number.isFinite(Number(text)) ? Number(text) : fallback);

  return (
    <section className="models-cutoff" data-testid="models-cutoff">
      <h3>{t('models.cutoff.title')}</h3>
      <div className="models-form">
        <label>
          <span>{t('models.cutoff.by')}</span>
          <select value={by} onChange={(e) => setBy(e.target.value as By)} data-testid="models-cutoff-by">
            {(['deciles', 'capacity', 'perRm', 'threshold', 'profit'] as const).map((b) => (
              <option key={b} value={b}>
                {t(`models.cutoff.by.${b}`)}
              </option>
            ))}
          </select>
        </label>
        {by === 'deciles' && (
          <label>
            <span>{t('models.cutoff.deciles')}</span>
            <input type="number" min={1} max={10} value={deciles} onChange={(e) => setDeciles(Math.min(10, Math.max(1, num(e.target.value, 3))))} data-testid="models-cutoff-deciles" />
          </label>
        )}
        {(by === 'capacity' || by === 'perRm') && (
          <label>
            <span>{t(by === 'perRm' ? 'models.cutoff.perRm' : 'models.cutoff.topN')}</span>
            <input type="number" min={1} value={topN} onChange={(e) => setTopN(num(e.target.value, 1000))} data-testid="models-cutoff-topn" />
          </label>
        )}
        {by === 'threshold' && (
          <label>
            <span>{t('models.cutoff.threshold')}</span>
            <input type="number" min={0} max={1} step={0.01} value={threshold} onChange={(e) => setThreshold(num(e.target.value, 0.2))} />
          </label>
        )}
        {by === 'profit' && (
          <>
            <label>
              <span>{t('models.cutoff.value')}</span>
              <input type="number" min={0} value={value} onChange={(e) => setValue(num(e.target.value, 500))} />
            </label>
            <label>
              <span>{t('models.cutoff.cost')}</span>
              <input type="number" min={0} value={cost} onChange={(e) => setCost(num(e.target.value, 20))} />
            </label>
          </>
        )}
        <button type="button" className="button" disabled={busy} onClick={() => void call(false)} data-testid="models-cutoff-run">
          {t('models.cutoff.run')}
        </button>
      </div>
      {result && option && (
        <>
          <p data-testid="models-cutoff-chosen" data-customers={result.chosen.customers}>
            {t('models.cutoff.summary', {
              customers: formatCount(result.chosen.customers, intlLocale),
              population: formatCount(result.population, intlLocale),
              share: formatPercent(result.chosen.customers / Math.max(1, result.population), intlLocale),
              threshold: result.chosen.threshold.toFixed(4),
              responders: formatCount(Math.round(result.chosen.expectedResponders), intlLocale),
            })}
            {result.chosen.expectedProfit !== null && ` ${t('models.cutoff.expectedProfit', { profit: formatCount(Math.round(result.chosen.expectedProfit), intlLocale) })}`}
          </p>
          <EChart option={option} title={t('models.cutoff.chart')} testId="models-cutoff-chart" height={240} />
          <div className="models-actions">
            <input type="text" value={segmentName} placeholder={t('models.cutoff.defaultName', { name: card.name })} onChange={(e) => setSegmentName(e.target.value)} data-testid="models-cutoff-segment-name" aria-label={t('models.cutoff.segmentName')} />
            <button type="button" className="button primary" disabled={busy} onClick={() => void call(true)} data-testid="models-cutoff-save">
              {t('models.cutoff.save')}
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => void call(true, true)} data-testid="models-cutoff-campaign">
              {t('models.cutoff.campaign')}
            </button>
          </div>
        </>
      )}
      {message && (
        <p className={message.ok ? 'ok-text' : 'error-text'} role={message.ok ? 'status' : 'alert'} data-testid="models-cutoff-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
