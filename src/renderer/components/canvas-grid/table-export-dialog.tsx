import { useState } from 'react';
import { EXPORT_FORMATS, type ExportFormat } from '../../../shared/campaign-types';
import type { EngineClient } from '../../../shared/engine-client';
import type { MethodResult } from '../../../shared/methods';
import type { ColumnFilter, ColumnSort, TableRef } from '../../../shared/table-types';
import { formatCount } from '../../format/number-format';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../../shared/i18n/messages-en';
import { useCancellableRun } from '../../state/use-cancellable-run';

const EXTENSION: Record<ExportFormat, string> = { csv: 'csv', 'csv-gbk': 'csv', xlsx: 'xlsx', parquet: 'parquet' };

/**
 * Exports a grid's table (a table, a SQL result, segment members) with export.table: the same
 * streamed, audited files as campaign lists, personal columns masked unless a reason is given.
 * The destination is typed, as in the campaign export dialog (browser mode has no native dialog).
 */
export function TableExportDialog({
  client,
  table,
  view,
  title,
  onClose,
}: {
  client: EngineClient;
  table: TableRef;
  /** The grid's sort and filters: the file holds the rows the grid shows, in its order. */
  view: { sort: ColumnSort | null; filters: ColumnFilter[] };
  title: string;
  onClose: () => void;
}) {
  const { t, intlLocale } = useI18n();
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [outPath, setOutPath] = useState('');
  const [unmask, setUnmask] = useState(false);
  const [reason, setReason] = useState('');
  const { running, progress, result, error, run: start, cancel } = useCancellableRun<MethodResult<'export.table'>>();
  const safeName = table.name.replace(/[\\/:*?"<>|]/g, '_') || 'export';
  const canRun = outPath.trim() !== '' && (!unmask || reason.trim().length >= 2) && !running;

  const run = () =>
    start((options) =>
      client.call(
        'export.table',
        { table, format, splitBy: null, outPath: outPath.trim(), unmask: unmask ? { reason: reason.trim() } : null, headers: {}, view: view.sort === null && view.filters.length === 0 ? null : view },
        options,
      ),
    );
  const errorText = error ? (error.cancelled ? t('campaigns.export.cancelled') : formatAppError(t, error.error)) : null;

  return (
    <div className="modal-backdrop" role="presentation">
      <div className="modal campaign-export" role="dialog" aria-modal="true" aria-labelledby="table-export-title" data-testid="table-export-dialog">
        <h3 id="table-export-title">{t('grid.export.title', { name: title })}</h3>
        <div className="campaign-grid">
          <label>
            {t('campaigns.export.format')}
            <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} data-testid="table-export-format">
              {EXPORT_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {t(`campaigns.export.format.${f}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label className="wide">
            {t('campaigns.export.file')}
            <input value={outPath} placeholder={`~/Documents/${safeName}.${EXTENSION[format]}`} onChange={(e) => setOutPath(e.target.value)} data-testid="table-export-path" />
          </label>
        </div>
        <label className="inline">
          <input type="checkbox" checked={unmask} onChange={(e) => setUnmask(e.target.checked)} data-testid="table-export-unmask" />
          {t('campaigns.export.unmask')}
        </label>
        {unmask && (
          <label className="unmask-reason">
            <span>{t('privacy.reason.label')}</span>
            <textarea rows={2} maxLength={500} value={reason} placeholder={t('privacy.reason.placeholder')} onChange={(e) => setReason(e.target.value)} data-testid="table-export-reason" />
          </label>
        )}
        <p className="muted">{t(unmask ? 'campaigns.export.unmaskedNote' : 'campaigns.export.maskedNote')}</p>
        {running && (
          <div className="campaign-progress" data-testid="table-export-progress">
            <progress max={1} value={progress?.fraction ?? 0} />
            <span>{progress?.rows ? t('campaigns.export.rows', { rows: formatCount(progress.rows, intlLocale) }) : t('campaigns.export.running')}</span>
          </div>
        )}
        {errorText && (
          <p className="error" role="alert" data-testid="table-export-error">
            {errorText}
          </p>
        )}
        {result && (
          <p data-testid="table-export-result" data-rows={result.rows} data-path={result.files[0]?.path ?? ''}>
            {t('grid.export.done', { rows: formatCount(result.rows, intlLocale), path: result.files[0]?.path ?? '' })}
          </p>
        )}
        <div className="modal-buttons">
          {running ? (
            <button type="button" className="button" onClick={cancel} data-testid="table-export-cancel">
              {t('campaigns.export.cancel')}
            </button>
          ) : (
            <button type="button" className="button" onClick={onClose} data-testid="table-export-close">
              {t('campaigns.close')}
            </button>
          )}
          <button type="button" className={unmask ? 'button danger' : 'button primary'} disabled={!canRun} onClick={() => void run()} data-testid="table-export-run">
            {t('campaigns.export.run')}
          </button>
        </div>
      </div>
    </div>
  );
}
