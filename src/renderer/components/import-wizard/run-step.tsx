import { useEffect, useState } from 'react';
import type { Progress } from '../../../shared/protocol';
import { formatCount } from '../../format/number-format';
import { formatProgress } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { estimateProgress, formatBytes, formatDuration } from './progress-estimate';

export interface RunningImport {
  table: string;
  fileCount: number;
  totalBytes: number;
  /** performance.now() when the import was sent. */
  startedAt: number;
  progress: Progress | null;
  cancelling: boolean;
}

/** The import's rows have committed and import.run is rebuilding the profile they made stale. */
export function isRebuildingProfile(progress: Progress | null): boolean {
  const key = progress?.message?.key ?? '';
  return key === 'progress.import.profile' || key.startsWith('progress.profile.');
}

/**
 * Step 3: the import running — a progress bar with bytes and rows done, speed and time left, the
 * engine's step in the user's language, and Cancel, which asks the engine to stop: it rolls the
 * whole import back, or, once the rows have committed, stops the profile rebuild after it.
 */
export function RunStep({ run, onCancel }: { run: RunningImport; onCancel: () => void }) {
  const { t, intlLocale } = useI18n();
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(performance.now()), 500);
    return () => window.clearInterval(timer);
  }, []);

  const elapsedMs = Math.max(0, now - run.startedAt);
  const estimate = estimateProgress({ elapsedMs, fraction: run.progress?.fraction ?? null, rows: run.progress?.rows ?? null }, run.totalBytes);
  const parts: string[] = [];
  if (estimate.bytesDone !== null) parts.push(t('import.progressBytes', { done: formatBytes(estimate.bytesDone), total: formatBytes(estimate.totalBytes) }));
  if (estimate.rows !== null) parts.push(t('import.progressRows', { rows: formatCount(estimate.rows, intlLocale) }));
  if (estimate.bytesPerSecond !== null) parts.push(t('import.progressSpeed', { speed: formatBytes(estimate.bytesPerSecond) }));
  if (estimate.rowsPerSecond !== null) parts.push(t('import.progressSpeed', { speed: t('import.progressRows', { rows: formatCount(Math.round(estimate.rowsPerSecond), intlLocale) }) }));
  if (estimate.remainingMs !== null) parts.push(t('import.progressRemaining', { time: formatDuration(estimate.remainingMs) }));
  parts.push(t('import.progressElapsed', { time: formatDuration(elapsedMs) }));

  const rebuilding = isRebuildingProfile(run.progress);
  return (
    <div className="import-run-step" data-testid="import-running" data-state={run.cancelling ? 'cancelling' : 'running'} data-phase={rebuilding ? 'profile' : 'import'}>
      <h3>{t('import.running', { table: run.table })}</h3>
      <progress
        className="import-progress"
        data-testid="import-progress"
        data-fraction={estimate.fraction ?? ''}
        max={1}
        {...(estimate.fraction !== null ? { value: estimate.fraction } : {})}
      />
      <p className="import-progress-text" data-testid="import-progress-text" aria-live="polite">
        {run.progress === null ? t('import.progressStarting') : parts.join(' · ')}
      </p>
      {run.progress?.message && (
        <p className="muted" data-testid="import-progress-step" data-key={run.progress.message.key}>
          {formatProgress(t, run.progress.message)}
        </p>
      )}
      <button type="button" className="button" data-testid="import-cancel" onClick={onCancel} disabled={run.cancelling}>
        {run.cancelling ? t('import.cancelling') : t(rebuilding ? 'import.profileRebuild.cancel' : 'import.cancel')}
      </button>
    </div>
  );
}
