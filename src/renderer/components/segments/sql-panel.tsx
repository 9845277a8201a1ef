import { useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { toAppError, type AppError } from '../../../shared/errors';
import { SQL_DIALECTS, type FitReport, type SavedSegment, type SegmentTarget, type SqlDialect } from '../../../shared/segment-types';
import { uploadText } from '../../../shared/upload-client';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { useEngineQuery } from '../../state/use-engine-query';
import { downloadBlob } from '../../files/download';
import { fileNameFor } from './segment-files';

const DIALECT_NAMES: Record<SqlDialect, string> = { duckdb: 'DuckDB', postgres: 'PostgreSQL', spark: 'Spark SQL', trino: 'Trino' };

/**
 * SQL out: the SQL a segment compiles to, for the bank's warehouse in four dialects (values as
 * literals escaped for each), to copy or download; and the segment definition file (JSON) to share.
 */
export function SqlPanel({ client, target, name, savedId }: { client: EngineClient; target: SegmentTarget | null; name: string; savedId: string | null }) {
  const { t } = useI18n();
  const [dialect, setDialect] = useState<SqlDialect>('duckdb');
  const [schema, setSchema] = useState('');
  const [copied, setCopied] = useState(false);
  const [exportError, setExportError] = useState<AppError | null>(null);
  const trimmedSchema = schema.trim();
  const sql = useEngineQuery(client, 'segment.sql', target ? { ...target, dialect, ...(trimmedSchema ? { schema: trimmedSchema } : {}) } : null, { supersede: 'segment-sql' });
  const text = sql.data?.sql ?? '';

  const copy = () => {
    void navigator.clipboard?.writeText(text).then(
      () => {
        setCopied(true);
        window.setTimeout(() => setCopied(false), 1500);
      },
      () => setCopied(false),
    );
  };
  const exportFile = () => {
    if (!savedId) return;
    setExportError(null);
    client.call('segment.export', { id: savedId }).then(
      (file) => downloadBlob(fileNameFor(name, 'json'), new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' })),
      (reason: unknown) => setExportError(toAppError(reason)),
    );
  };

  if (!target) return <div className="grid-empty-state">{t('segments.understand.nothing')}</div>;
  return (
    <div className="sql-panel" data-testid="segment-sql-panel">
      <div className="sql-toolbar">
        <label>
          <span>{t('segments.sql.dialect')}</span>
          <select value={dialect} onChange={(e) => setDialect(e.target.value as SqlDialect)} data-testid="segment-sql-dialect">
            {SQL_DIALECTS.map((d) => (
              <option key={d} value={d}>
                {DIALECT_NAMES[d]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('segments.sql.schema')}</span>
          <input type="text" value={schema} placeholder="dw" onChange={(e) => setSchema(e.target.value)} data-testid="segment-sql-schema" />
        </label>
        <span className="grid-toolbar-spacer" />
        <button type="button" className="button" disabled={text === ''} onClick={copy} data-testid="segment-sql-copy">
          {t(copied ? 'segments.sql.copied' : 'segments.sql.copy')}
        </button>
        <button type="button" className="button" disabled={text === ''} onClick={() => downloadBlob(fileNameFor(`${name}-${dialect}`, 'sql'), new Blob([text], { type: 'text/plain' }))} data-testid="segment-sql-download">
          {t('segments.sql.download')}
        </button>
      </div>
      {sql.error && <div className="error-text">{formatAppError(t, sql.error)}</div>}
      {sql.data && sql.data.warnings.length > 0 && (
        <ul className="sql-warnings" data-testid="segment-sql-warnings">
          {sql.data.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
      <textarea className="code-box" readOnly value={text} rows={16} spellCheck={false} data-testid="segment-sql" data-dialect={sql.data?.dialect ?? undefined} aria-label={t('segments.sql.code')} />
      {sql.data && <div className="muted">{t('segments.sql.asOf', { date: sql.data.asOf })}</div>}
      <h4>{t('segments.file.title')}</h4>
      <div className="sql-toolbar">
        <button type="button" className="button" disabled={!savedId} onClick={exportFile} data-testid="segment-export" title={savedId ? undefined : t('segments.file.saveFirst')}>
          {t('segments.file.export')}
        </button>
        {exportError && <span className="error-text">{formatAppError(t, exportError)}</span>}
      </div>
    </div>
  );
}

/** Import a definition file: a dry run shows the fit report, then import saves it as a new segment. */
export function ImportPanel({ client, onClose }: { client: EngineClient; onClose: () => void }) {
  const { t } = useI18n();
  // The file's text: it travels to the engine as an upload (a static segment can list millions of ids).
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [fit, setFit] = useState<FitReport | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<SavedSegment | null>(null);
  const [notJson, setNotJson] = useState<string | null>(null);

  /** Each call uploads the text again: the engine takes an upload once. */
  const send = (text: string, dryRun: boolean) => uploadText(client, text).then((upload) => client.call('segment.import', { upload, dryRun }));
  const check = (name: string, text: string) => {
    setBusy(true);
    send(text, true)
      .then((result) => setFit(result.fit), (reason: unknown) => setError(toAppError(reason)))
      .finally(() => setBusy(false));
    setFile({ name, text });
  };
  const onFile = (chosen: File | undefined) => {
    setFit(null);
    setError(null);
    setDone(null);
    setNotJson(null);
    if (!chosen) return;
    chosen.text().then(
      (text) => {
        try {
          JSON.parse(text);
        } catch {
          setNotJson(chosen.name);
          return;
        }
        check(chosen.name, text);
      },
      (reason: unknown) => setError(toAppError(reason)),
    );
  };
  const importNow = () => {
    if (!file) return;
    setBusy(true);
    send(file.text, false)
      .then(
        (result) => {
          setFit(result.fit);
          // The segment list shows the imported segment by itself (segments.changed).
          if (result.segment) setDone(result.segment);
        },
        (reason: unknown) => setError(toAppError(reason)),
      )
      .finally(() => setBusy(false));
  };

  return (
    <div className="segment-dialog" data-testid="segment-import-panel">
      <h4>{t('segments.file.importTitle')}</h4>
      <input type="file" accept=".json,application/json" onChange={(e) => onFile(e.target.files?.[0])} data-testid="segment-import-file" />
      {error && <div className="error-text">{formatAppError(t, error)}</div>}
      {notJson && <div className="error-text">{t('segments.file.notJson', { file: notJson })}</div>}
      {fit && (
        <div className="fit-report" data-testid="segment-import-report" data-fits={fit.fits ? 'true' : 'false'}>
          <div>{t(fit.fits ? 'segments.file.fits' : 'segments.file.doesNotFit')}</div>
          {fit.problems.length > 0 && (
            <ul>
              {fit.problems.map((p, i) => (
                <li key={i} className={p.severity === 'error' ? 'error-text' : 'muted'}>
                  <code>{p.path || '—'}</code> {t(p.severity === 'error' ? 'segments.file.error' : 'segments.file.warning')}: {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {done && <div data-testid="segment-import-done">{t('segments.file.imported', { name: done.name })}</div>}
      <div className="rule-buttons">
        <button type="button" className="button primary" disabled={!file || !fit?.fits || busy || done !== null} onClick={importNow} data-testid="segment-import-confirm">
          {t('segments.file.import')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('segments.close')}
        </button>
      </div>
    </div>
  );
}
