import { useCallback, useEffect, useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { toAppError } from '../../../shared/errors';
import type { ImportHistoryEntry } from '../../../shared/import-types';
import { downloadBlob } from '../../files/download';
import { formatCount } from '../../format/number-format';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { RowCountCells, RowCountHeaders } from '../row-counts';
import { useEngineQuery } from '../../state/use-engine-query';
import { baseName } from '../import-wizard/file-selection';
import { formatBytes } from '../import-wizard/progress-estimate';
import { importTime, rejectsFileName, rejectsToCsv } from './rejects-csv';
import { RejectsTable } from './rejects-table';

/** Imports listed; rejected rows listed for the one opened; rejected rows a download holds at most. */
const LIST_LIMIT = 200;
const REJECTS_SHOWN = 200;
export const REJECTS_DOWNLOAD_MAX = 100_000;

/**
 * The workspace's past imports (import.history): file, table, mode, when, rows read / loaded /
 * rejected; opening one lists its files and rejected rows (file, line, column, reason, the row as
 * written), downloadable as CSV. Personal data is masked by the engine unless `unmasked`; the
 * download holds what the screen shows.
 */
export function ImportHistory({ client, active, unmasked }: { client: EngineClient; active: boolean; unmasked: boolean }) {
  const { t, intlLocale } = useI18n();
  // A new import (from this window, another or the CLI) shows up by itself while the view is open.
  const list = useEngineQuery(client, 'import.history', { limit: LIST_LIMIT, rejects: 0 }, { supersede: 'import-history', active });
  const [selected, setSelected] = useState<string | null>(null);
  const imports = list.data?.imports ?? [];
  // The newest import is open until the user picks another (or the one picked is gone).
  const open = imports.find((i) => i.importId === selected) ?? imports[0] ?? null;
  const count = (n: number) => formatCount(n, intlLocale);
  const state = list.error ? 'error' : list.data === null || list.pending ? 'loading' : 'ready';

  return (
    <section className="import-history" data-testid="import-history" data-state={state} data-count={imports.length}>
      <div className="import-section-head">
        <h4>{t('history.title')}</h4>
        {list.data && <span className="muted">{t('history.count', { count: count(list.data.total) })}</span>}
        <button type="button" className="button" data-testid="import-history-reload" onClick={list.reload} disabled={list.pending}>
          {t('history.reload')}
        </button>
      </div>
      {list.error && (
        <p className="error-text" role="alert">
          {formatAppError(t, list.error)}
        </p>
      )}
      {list.data === null && !list.error && <p className="muted">{t('history.loading')}</p>}
      {list.data !== null && imports.length === 0 && <p className="muted">{t('history.none')}</p>}
      {imports.length > 0 && (
        <div className="import-history-scroll">
          <table className="import-table-plain import-history-list">
            <thead>
              <tr>
                <th>{t('history.when')}</th>
                <th>{t('history.table')}</th>
                <th>{t('history.mode')}</th>
                <th>{t('history.files')}</th>
                <RowCountHeaders />
              </tr>
            </thead>
            <tbody>
              {imports.map((entry) => {
                const isOpen = entry.importId === open?.importId;
                return (
                  <tr
                    key={entry.importId}
                    className={isOpen ? 'selected' : undefined}
                    data-testid="import-history-row"
                    data-import-id={entry.importId}
                    data-table={entry.table}
                    data-files={entry.files.map((f) => baseName(f.file)).join('|')}
                    data-read={entry.rowsRead}
                    data-loaded={entry.rowsLoaded}
                    data-rejected={entry.rowsRejected}
                    aria-selected={isOpen}
                    tabIndex={0}
                    title={t('history.select')}
                    onClick={() => setSelected(entry.importId)}
                    onKeyDown={(event) => {
                      if (event.key === 'Enter' || event.key === ' ') {
                        event.preventDefault();
                        setSelected(entry.importId);
                      }
                    }}
                  >
                    <td className="nowrap">{entry.at}</td>
                    <td>{entry.table}</td>
                    <td>{entry.mode === 'append' ? t('history.mode.append') : entry.mode === 'replace' ? t('history.mode.replace') : entry.mode}</td>
                    <td title={entry.files.map((f) => f.file).join('\n')}>{filesLabel(entry, t)}</td>
                    <RowCountCells counts={entry} flagRejected />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {open && <ImportDetail key={open.importId} client={client} entry={open} unmasked={unmasked} active={active} />}
    </section>
  );
}

function filesLabel(entry: ImportHistoryEntry, t: ReturnType<typeof useI18n>['t']): string {
  const first = entry.files[0] ? baseName(entry.files[0].file) : '';
  return entry.files.length > 1 ? t('history.moreFiles', { name: first, count: entry.files.length - 1 }) : first;
}

/** One import: its files and its rejected rows, with the download. */
function ImportDetail({ client, entry, unmasked, active }: { client: EngineClient; entry: ImportHistoryEntry; unmasked: boolean; active: boolean }) {
  const { t, intlLocale } = useI18n();
  const count = (n: number) => formatCount(n, intlLocale);
  const rejects = useEngineQuery(client, 'import.history', entry.rowsRejected > 0 ? { importId: entry.importId, rejects: REJECTS_SHOWN, unmasked } : null, {
    supersede: 'import-history-rejects',
    active,
  });
  const [download, setDownload] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  useEffect(() => setDownload({ busy: false, error: null }), [unmasked]);

  const shown = rejects.data?.imports[0]?.rejects ?? [];
  // What is on screen may be masked or not: only a result that matches the switch is shown.
  const current = rejects.data !== null && rejects.data.masked === !unmasked;
  const state = entry.rowsRejected === 0 ? 'ready' : rejects.error ? 'error' : current && !rejects.pending ? 'ready' : 'loading';

  const downloadAll = useCallback(() => {
    setDownload({ busy: true, error: null });
    client
      .call('import.history', { importId: entry.importId, rejects: REJECTS_DOWNLOAD_MAX, unmasked })
      .then((result) => {
        const all = result.imports[0]?.rejects ?? [];
        const name = rejectsFileName(entry.table, importTime(entry.at) ?? new Date());
        downloadBlob(name, new Blob([rejectsToCsv(all)], { type: 'text/csv;charset=utf-8' }));
        setDownload({ busy: false, error: null });
      })
      .catch((reason: unknown) => setDownload({ busy: false, error: formatAppError(t, toAppError(reason)) }));
  }, [client, entry, unmasked, t]);

  return (
    <section className="import-history-detail" data-testid="import-history-detail" data-import-id={entry.importId} data-state={state} data-masked={current ? String(rejects.data?.masked) : undefined}>
      <h4>{t('history.detail', { when: entry.at, table: entry.table })}</h4>
      <table className="import-table-plain" data-testid="import-history-files">
        <thead>
          <tr>
            <th>{t('import.file.name')}</th>
            <th>{t('import.file.encoding')}</th>
            <th className="num">{t('history.size')}</th>
            <RowCountHeaders />
          </tr>
        </thead>
        <tbody>
          {entry.files.map((file, i) => (
            <tr key={i}>
              <td title={file.file}>{baseName(file.file)}</td>
              <td>{file.encoding.toUpperCase()}</td>
              <td className="num">{formatBytes(file.sizeBytes)}</td>
              <RowCountCells counts={file} />
            </tr>
          ))}
        </tbody>
      </table>
      <div className="import-section-head">
        <h4>{t('history.rejects', { count: count(entry.rowsRejected) })}</h4>
        {entry.rowsRejected > 0 && (
          <button type="button" className="button" data-testid="import-history-download" onClick={downloadAll} disabled={download.busy}>
            {download.busy ? t('history.downloading') : t('import.rejects.download')}
          </button>
        )}
      </div>
      {download.error && (
        <p className="error-text" role="alert">
          {download.error}
        </p>
      )}
      {entry.rowsRejected === 0 && <p className="muted">{t('history.rejects.none')}</p>}
      {rejects.error && (
        <p className="error-text" role="alert">
          {formatAppError(t, rejects.error)}
        </p>
      )}
      {entry.rowsRejected > 0 && current && (
        <>
          {!unmasked && <p className="muted">{t('history.masked')}</p>}
          {entry.rowsRejected > shown.length && (
            <p className="muted">
              {t('history.rejects.shown', { shown: count(shown.length), total: count(entry.rowsRejected) })}
              {entry.rowsRejected > REJECTS_DOWNLOAD_MAX && <> {t('history.rejects.downloadCapped', { max: count(REJECTS_DOWNLOAD_MAX) })}</>}
            </p>
          )}
          <RejectsTable rejects={shown} testId="import-history-reject-row" />
        </>
      )}
      {entry.rowsRejected > 0 && !current && !rejects.error && <p className="muted">{t('history.loading')}</p>}
    </section>
  );
}
