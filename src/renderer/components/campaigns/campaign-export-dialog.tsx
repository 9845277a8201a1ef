import { useState } from 'react';
import { EXPORT_FORMATS, EXPORT_HEADER_STYLES, SPLIT_BY, type ExportFormat, type ExportHeaderStyle } from '../../../shared/campaign-types';
import type { EngineClient } from '../../../shared/engine-client';
import type { MethodParams, MethodResult } from '../../../shared/methods';
import { formatCount } from '../../format/number-format';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../../shared/i18n/messages-en';
import { useCancellableRun } from '../../state/use-cancellable-run';

type ExportResult = MethodResult<'campaign.export'>;

const EXTENSION: Record<ExportFormat, string> = { csv: 'csv', 'csv-gbk': 'csv', xlsx: 'xlsx', parquet: 'parquet' };

/**
 * The list to files: the format banks use, one file or one per RM / branch / arm, personal data
 * masked unless the analyst gives a reason (recorded in the audit log with the files' SHA-256).
 * Progress is shown and Cancel leaves no file behind (the engine writes under temporary names).
 */
export function CampaignExportDialog({ client, target, campaignName, onClose }: { client: EngineClient; target: MethodParams<'campaign.export'>['target']; campaignName: string; onClose: () => void }) {
  const { t, intlLocale } = useI18n();
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [splitBy, setSplitBy] = useState<(typeof SPLIT_BY)[number] | ''>('');
  // Business headers (the data dictionary's) by default; technical names for a downstream program.
  const [headerStyle, setHeaderStyle] = useState<ExportHeaderStyle>('business');
  const [outPath, setOutPath] = useState('');
  const [unmask, setUnmask] = useState(false);
  const [reason, setReason] = useState('');
  const { running, progress, result, error, run: start, cancel } = useCancellableRun<ExportResult>();
  const safeName = campaignName.replace(/[\\/:*?"<>|]/g, '_') || 'campaign';
  const placeholder = splitBy === '' ? `~/Documents/${safeName}.${EXTENSION[format]}` : `~/Documents/${safeName}-${splitBy}`;
  const canRun = outPath.trim() !== '' && (!unmask || reason.trim().length >= 2) && !running;

  const run = () =>
    start((options) =>
      client.call(
        'campaign.export',
        { target, format, splitBy: splitBy === '' ? null : splitBy, outPath: outPath.trim(), unmask: unmask ? { reason: reason.trim() } : null, headerStyle },
        options,
      ),
    );
  const errorText = error ? (error.cancelled ? t('campaigns.export.cancelled') : formatAppError(t, error.error)) : null;

  return (
    <div className="modal-backdrop" role="presentation">
      <div className="modal campaign-export" role="dialog" aria-modal="true" aria-labelledby="campaign-export-title" data-testid="campaign-export-dialog">
        <h3 id="campaign-export-title">{t('campaigns.export.title', { name: campaignName })}</h3>
        <div className="campaign-grid">
          <label>
            {t('campaigns.export.format')}
            <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} data-testid="campaign-export-format">
              {EXPORT_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {t(`campaigns.export.format.${f}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('campaigns.export.split')}
            <select value={splitBy} onChange={(e) => setSplitBy(e.target.value as (typeof SPLIT_BY)[number] | '')} data-testid="campaign-export-split">
              <option value="">{t('campaigns.export.oneFile')}</option>
              {SPLIT_BY.map((s) => (
                <option key={s} value={s}>
                  {t(`campaigns.export.split.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('campaigns.export.headers')}
            <select value={headerStyle} onChange={(e) => setHeaderStyle(e.target.value as ExportHeaderStyle)} data-testid="campaign-export-headers">
              {EXPORT_HEADER_STYLES.map((style) => (
                <option key={style} value={style}>
                  {t(`campaigns.export.headers.${style}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label className="wide">
            {t(splitBy === '' ? 'campaigns.export.file' : 'campaigns.export.folder')}
            <input value={outPath} placeholder={placeholder} onChange={(e) => setOutPath(e.target.value)} data-testid="campaign-export-path" />
          </label>
        </div>
        <label className="inline">
          <input type="checkbox" checked={unmask} onChange={(e) => setUnmask(e.target.checked)} data-testid="campaign-export-unmask" />
          {t('campaigns.export.unmask')}
        </label>
        {unmask && (
          <label className="unmask-reason">
            <span>{t('privacy.reason.label')}</span>
            <textarea rows={2} maxLength={500} value={reason} placeholder={t('privacy.reason.placeholder')} onChange={(e) => setReason(e.target.value)} data-testid="campaign-export-reason" />
          </label>
        )}
        <p className="muted">{t(unmask ? 'campaigns.export.unmaskedNote' : 'campaigns.export.maskedNote')}</p>
        {running && (
          <div className="campaign-progress" data-testid="campaign-export-progress">
            <progress max={1} value={progress?.fraction ?? 0} />
            <span>{progress?.rows ? t('campaigns.export.rows', { rows: formatCount(progress.rows, intlLocale) }) : t('campaigns.export.running')}</span>
          </div>
        )}
        {errorText && (
          <p className="error" role="alert" data-testid="campaign-export-error">
            {errorText}
          </p>
        )}
        {result && (
          <div data-testid="campaign-export-result" data-files={result.files.length} data-rows={result.rows}>
            <p>{t('campaigns.export.done', { rows: formatCount(result.rows, intlLocale), files: result.files.length, audit: result.auditId })}</p>
            <div className="campaign-export-files">
            <table className="funnel-table">
              <thead>
                <tr>
                  <th>{t('campaigns.export.fileCol')}</th>
                  <th>{t('campaigns.customers')}</th>
                  <th>SHA-256</th>
                </tr>
              </thead>
              <tbody>
                {result.files.map((f) => (
                  <tr key={f.path}>
                    <td className="path-cell">{f.path}</td>
                    <td className="num">{formatCount(f.rows, intlLocale)}</td>
                    <td className="mono">{f.sha256.slice(0, 16)}…</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          </div>
        )}
        <div className="modal-buttons">
          {running ? (
            <button type="button" className="button" onClick={cancel} data-testid="campaign-export-cancel">
              {t('campaigns.export.cancel')}
            </button>
          ) : (
            <button type="button" className="button" onClick={onClose} data-testid="campaign-export-close">
              {t('campaigns.close')}
            </button>
          )}
          <button type="button" className={unmask ? 'button danger' : 'button primary'} disabled={!canRun} onClick={() => void run()} data-testid="campaign-export-run">
            {t('campaigns.export.run')}
          </button>
        </div>
      </div>
    </div>
  );
}
