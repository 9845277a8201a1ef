import type { RunResult } from '../../../shared/import-types';
import { formatCount } from '../../format/number-format';
import { useI18n } from '../../i18n/i18n-context';
import { downloadBlob } from '../../files/download';
import { baseName } from './file-selection';
import { rejectsFileName, rejectsToCsv } from './rejects-csv';

/** Every rejected row the result lists (file, line, column, reason, raw text), downloadable as CSV. */
export function RejectsList({ result }: { result: RunResult }) {
  const { t, intlLocale } = useI18n();
  const download = () => downloadBlob(rejectsFileName(result.table, new Date()), new Blob([rejectsToCsv(result.rejects)], { type: 'text/csv;charset=utf-8' }));
  return (
    <section className="import-rejects" data-testid="import-rejects" data-count={result.rejects.length}>
      <div className="import-section-head">
        <h4>{t('import.rejects')}</h4>
        {result.rejects.length > 0 && (
          <button type="button" className="button" data-testid="import-rejects-download" onClick={download}>
            {t('import.rejects.download')}
          </button>
        )}
      </div>
      {result.rejects.length === 0 ? (
        <p className="muted">{t('import.rejects.none')}</p>
      ) : (
        <>
          {result.rowsRejected > result.rejects.length && (
            <p className="muted">{t('import.rejects.shown', { shown: formatCount(result.rejects.length, intlLocale), total: formatCount(result.rowsRejected, intlLocale) })}</p>
          )}
          <div className="import-rejects-scroll">
            <table className="import-table-plain">
              <thead>
                <tr>
                  <th>{t('import.rejects.file')}</th>
                  <th className="num">{t('import.rejects.line')}</th>
                  <th>{t('import.rejects.column')}</th>
                  <th>{t('import.rejects.reason')}</th>
                  <th>{t('import.rejects.raw')}</th>
                </tr>
              </thead>
              <tbody>
                {result.rejects.map((reject, i) => (
                  <tr key={i} data-testid="import-reject-row">
                    <td title={reject.file}>{baseName(reject.file)}</td>
                    <td className="num">{reject.line ?? '—'}</td>
                    <td>{reject.column ?? '—'}</td>
                    <td>{reject.reason}</td>
                    <td className="import-raw" title={reject.raw ?? ''}>
                      {reject.raw ?? ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
