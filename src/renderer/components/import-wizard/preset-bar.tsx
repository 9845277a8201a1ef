import { useEffect, useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { isCancellation, toAppError } from '../../../shared/errors';
import type { DetectResult, PresetSummary } from '../../../shared/import-types';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { applyPreset, presetFromPlan, type ImportPlan } from './import-plan';
import type { MappingRow } from './mapping-draft';

type Status = { kind: 'idle' } | { kind: 'saved'; name: string } | { kind: 'error'; message: string };

/**
 * Named mapping presets: the one saved for exactly these headers is offered; any saved or
 * built-in preset can be applied; the current mapping can be saved under a name.
 */
export function PresetBar({
  client,
  detected,
  plan,
  onPlan,
  rows,
}: {
  client: EngineClient;
  detected: DetectResult;
  plan: ImportPlan;
  onPlan: (next: ImportPlan) => void;
  rows: MappingRow[];
}) {
  const { t } = useI18n();
  const [presets, setPresets] = useState<PresetSummary[]>([]);
  const [invalid, setInvalid] = useState(0);
  const [name, setName] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const load = () =>
    client.call('import.presets.list', {}).then(
      (list) => {
        setPresets(list.presets);
        setInvalid(list.invalid.length);
      },
      (reason: unknown) => !isCancellation(reason) && setStatus({ kind: 'error', message: formatAppError(t, toAppError(reason)) }),
    );
  useEffect(() => {
    void load();
  }, [client]);

  const save = () => {
    const trimmed = name.trim();
    if (trimmed === '') return;
    client.call('import.presets.save', { name: trimmed, preset: presetFromPlan(trimmed, plan, detected, rows), overwrite: true }).then(
      (saved) => {
        setStatus({ kind: 'saved', name: saved.name });
        onPlan({ ...plan, preset: saved.name });
        void load();
      },
      (reason: unknown) => setStatus({ kind: 'error', message: formatAppError(t, toAppError(reason)) }),
    );
  };

  const match = detected.matchingPreset ?? null;
  return (
    <div className="import-presets" data-testid="import-presets">
      {match && plan.preset !== match.name && (
        <div className="import-notice" data-testid="import-preset-match">
          {t('import.preset.match', { name: match.name })}{' '}
          <button type="button" className="button" data-testid="import-preset-apply" onClick={() => onPlan(applyPreset(plan, match.preset))}>
            {t('import.preset.apply')}
          </button>
        </div>
      )}
      {plan.preset !== null && (
        <p className="ok-text" data-testid="import-preset-applied">
          {t('import.preset.applied', { name: plan.preset })}
        </p>
      )}
      <div className="import-preset-row">
        {presets.length > 0 && (
          <select
            data-testid="import-preset"
            aria-label={t('import.preset.choose')}
            value=""
            onChange={(e) => {
              const chosen = presets.find((p) => `${p.source}:${p.name}` === e.target.value);
              if (chosen) onPlan(applyPreset(plan, chosen.preset));
            }}
          >
            <option value="">{t('import.preset.none')}</option>
            {presets.map((p) => (
              <option key={`${p.source}:${p.name}`} value={`${p.source}:${p.name}`}>
                {p.source === 'builtin' ? t('import.preset.builtin', { name: p.name }) : p.name}
              </option>
            ))}
          </select>
        )}
        <form
          className="import-preset-save"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <label>
            <span className="muted">{t('import.preset.name')} </span>
            <input data-testid="import-preset-name" value={name} placeholder={t('import.preset.namePlaceholder')} onChange={(e) => setName(e.target.value)} maxLength={200} />
          </label>
          <button type="submit" className="button" data-testid="import-preset-save" disabled={name.trim() === ''}>
            {t('import.preset.save')}
          </button>
        </form>
      </div>
      {status.kind === 'saved' && (
        <p className="ok-text" data-testid="import-preset-saved">
          {t('import.preset.saved', { name: status.name })}
        </p>
      )}
      {status.kind === 'error' && (
        <p className="error-text" role="alert">
          {status.message}
        </p>
      )}
      {invalid > 0 && <p className="muted">{t('import.preset.invalid', { count: invalid })}</p>}
    </div>
  );
}
