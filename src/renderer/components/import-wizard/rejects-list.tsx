import type { RunResult } from '../../../shared/import-types';
import { formatCount } from '../../format/number-format';
import { useI18n } from '../../i18n/i18n-context';
import { downloadBlob } from '../../files/download';
import { rejectsFileName, rejectsToCsv } from '../data-quality/rejects-csv';
import { RejectsTable } from '../data-quality/rejects-table';

/**
 * The rejected rows the result lists (file, line, column, reason, raw text — personal data masked),
 * downloadable as CSV. All of them, in clear if the user unmasks, are in the Data page's import history.
 */
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
          <p className="muted">{t('import.rejects.masked')}</p>
          <RejectsTable rejects={result.rejects} />
        </>
      )}
    </section>
  );
}
