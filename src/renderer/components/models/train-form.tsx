import { useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { isCancellation, toAppError } from '../../../shared/errors';
import type { ModelCard, ModelSpecInput, TrainingSetSummary } from '../../../shared/model-types';
import type { Progress } from '../../../shared/protocol';
import { formatCount } from '../../format/number-format';
import { formatAppError, formatProgress } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { useEngineQuery } from '../../state/use-engine-query';
import { formatPercent } from './model-format';

type LabelKind = 'response' | 'payroll_churn' | 'segment';

interface Draft {
  name: string;
  label: LabelKind;
  withinDays: number;
  gapMonths: number;
  horizonMonths: number;
  /** The saved (dynamic) segment a `segment` label asks about. */
  segmentId: string;
  C: number;
  split: 'random' | 'time';
}

const INITIAL: Draft = { name: 'response', label: 'response', withinDays: 14, gapMonths: 3, horizonMonths: 3, segmentId: '', C: 1, split: 'random' };

const DEFAULT_NAMES: Record<LabelKind, string> = { response: 'response', payroll_churn: 'payroll_churn', segment: 'becomes_member' };

function labelOf(draft: Draft): ModelSpecInput['label'] {
  switch (draft.label) {
    case 'response':
      return { kind: 'response', withinDays: draft.withinDays };
    case 'payroll_churn':
      return { kind: 'payroll_churn', gapMonths: draft.gapMonths, horizonMonths: draft.horizonMonths };
    case 'segment':
      return { kind: 'segment', segmentId: draft.segmentId, horizonMonths: draft.horizonMonths };
  }
}

function toSpec(draft: Draft): ModelSpecInput {
  return {
    name: draft.name,
    label: labelOf(draft),
    C: draft.C,
    split: draft.split === 'random' ? { kind: 'random', testShare: 0.3, seed: 42 } : { kind: 'time', testDates: 1 },
  };
}

/**
 * A model's definition: what it predicts (response to a contact, payroll stopping, or becoming a
 * member of a saved dynamic segment), the label
 * window and the split. Preview shows the training set's as-of dates, rows and label rate before
 * anything is fitted; Train runs with progress and can be cancelled.
 */
export function TrainForm({ client, onTrained }: { client: EngineClient; onTrained: (card: ModelCard) => void }) {
  const { t, intlLocale } = useI18n();
  const [draft, setDraft] = useState<Draft>(INITIAL);
  const [preview, setPreview] = useState<TrainingSetSummary | null>(null);
  const [running, setRunning] = useState<{ what: 'preview' | 'train'; abort: AbortController; progress: Progress | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const patch = (p: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...p }));
    setPreview(null);
  };
  const segments = useEngineQuery(client, 'segment.list', draft.label === 'segment' ? {} : null);
  // Static segments are fixed lists: "becomes a member" of one would be constant, so only dynamic ones are offered.
  const dynamicSegments = (segments.data ?? []).filter((s) => s.kind === 'dynamic');
  const validName = /^[a-z][a-z0-9_]{0,39}$/.test(draft.name);
  const ready = validName && (draft.label !== 'segment' || draft.segmentId !== '');

  const run = async (what: 'preview' | 'train') => {
    const abort = new AbortController();
    setRunning({ what, abort, progress: null });
    setError(null);
    const onProgress = (progress: Progress) => setRunning((r) => (r ? { ...r, progress } : r));
    try {
      if (what === 'preview') setPreview(await client.call('model.preview', toSpec(draft), { signal: abort.signal, onProgress }));
      else onTrained(await client.call('model.train', toSpec(draft), { signal: abort.signal, onProgress }));
    } catch (reason) {
      if (!isCancellation(reason)) setError(formatAppError(t, toAppError(reason)));
    } finally {
      setRunning(null);
    }
  };

  const number = (value: string, fallback: number) => (Number.isFinite(Number(value)) && value !== '' ? Number(value) : fallback);
  const progressText = running?.progress?.message ? formatProgress(t, running.progress.message) : t('models.train.starting');

  return (
    <section className="models-train" data-testid="models-train">
      <h3>{t('models.train.title')}</h3>
      <div className="models-form">
        <label>
          <span>{t('models.train.name')}</span>
          <input type="text" value={draft.name} onChange={(e) => patch({ name: e.target.value.trim() })} data-testid="models-name" aria-invalid={!validName} />
        </label>
        <label>
          <span>{t('models.train.label')}</span>
          <select value={draft.label} onChange={(e) => patch({ label: e.target.value as LabelKind, name: DEFAULT_NAMES[e.target.value as LabelKind] })} data-testid="models-label">
            <option value="response">{t('models.label.response')}</option>
            <option value="payroll_churn">{t('models.label.payroll_churn')}</option>
            <option value="segment">{t('models.label.segment')}</option>
          </select>
        </label>
        {draft.label === 'response' ? (
          <label>
            <span>{t('models.train.withinDays')}</span>
            <input type="number" min={1} max={365} value={draft.withinDays} onChange={(e) => patch({ withinDays: number(e.target.value, 14) })} data-testid="models-within" />
          </label>
        ) : draft.label === 'segment' ? (
          <>
            <label>
              <span>{t('models.train.segment')}</span>
              <select value={draft.segmentId} onChange={(e) => patch({ segmentId: e.target.value })} data-testid="models-segment" data-loaded={segments.data !== null}>
                <option value="">{t(dynamicSegments.length ? 'models.train.segmentChoose' : 'models.train.segmentNone')}</option>
                {dynamicSegments.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t('models.train.memberWithin')}</span>
              <input type="number" min={1} max={24} value={draft.horizonMonths} onChange={(e) => patch({ horizonMonths: number(e.target.value, 3) })} data-testid="models-member-within" />
            </label>
          </>
        ) : (
          <>
            <label>
              <span>{t('models.train.gapMonths')}</span>
              <select value={draft.gapMonths} onChange={(e) => patch({ gapMonths: Number(e.target.value) })} data-testid="models-gap">
                {[3, 5].map((n) => (
                  <option key={n} value={n}>
                    {t('models.train.months', { n })}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t('models.train.horizonMonths')}</span>
              <input type="number" min={1} max={24} value={draft.horizonMonths} onChange={(e) => patch({ horizonMonths: number(e.target.value, 3) })} />
            </label>
          </>
        )}
        <label>
          <span title={t('models.train.cHint')}>{t('models.train.c')}</span>
          <input type="number" min={0.0001} step={0.1} value={draft.C} onChange={(e) => patch({ C: number(e.target.value, 1) })} />
        </label>
        <label>
          <span>{t('models.train.split')}</span>
          <select value={draft.split} onChange={(e) => patch({ split: e.target.value as Draft['split'] })}>
            <option value="random">{t('models.split.random')}</option>
            <option value="time">{t('models.split.time')}</option>
          </select>
        </label>
      </div>
      <p className="muted">{t(draft.label === 'response' ? 'models.train.responseHint' : draft.label === 'segment' ? 'models.train.segmentHint' : 'models.train.churnHint')}</p>
      <div className="models-actions">
        <button type="button" className="button" disabled={running !== null || !ready} onClick={() => void run('preview')} data-testid="models-preview">
          {t('models.train.preview')}
        </button>
        <button type="button" className="button primary" disabled={running !== null || !ready} onClick={() => void run('train')} data-testid="models-train-run">
          {t('models.train.run')}
        </button>
        {running && (
          <>
            <progress max={1} {...(running.progress?.fraction != null ? { value: running.progress.fraction } : {})} data-testid="models-progress" />
            <span className="muted">{progressText}</span>
            <button type="button" className="button" onClick={() => running.abort.abort()} data-testid="models-cancel">
              {t('models.train.cancel')}
            </button>
          </>
        )}
      </div>
      {error && (
        <p className="error-text" role="alert" data-testid="models-error">
          {error}
        </p>
      )}
      {preview && (
        <table className="models-table" data-testid="models-preview-table">
          <thead>
            <tr>
              <th>{t('models.preview.asOf')}</th>
              <th>{t('models.preview.rows')}</th>
              <th>{t('models.preview.positives')}</th>
              <th>{t('models.preview.rate')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.dates.map((d) => (
              <tr key={d.asOf}>
                <td>{d.asOf}</td>
                <td className="num">{formatCount(d.rows, intlLocale)}</td>
                <td className="num">{formatCount(d.positives, intlLocale)}</td>
                <td className="num">{formatPercent(d.rate, intlLocale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
