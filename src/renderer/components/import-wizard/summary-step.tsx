import type { EngineClient } from '../../../shared/engine-client';
import type { RunResult } from '../../../shared/import-types';
import { formatCount } from '../../format/number-format';
import { hasMessage } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../../shared/i18n/messages-en';
import { ColumnProfile } from '../data-quality/column-profile';
import { QualityResults } from '../data-quality/quality-results';
import { RowCountCells, RowCountHeaders } from '../row-counts';
import { ProfileRebuildPanel } from './profile-rebuild';
import { baseName } from './file-selection';
import { RejectsList } from './rejects-list';
import { ImportFindings } from './import-findings';

const COUNTS: ReadonlyArray<[keyof Pick<RunResult, 'rowsRead' | 'rowsLoaded' | 'rowsRejected' | 'rowsDuplicate'>, MessageKey, string]> = [
  ['rowsRead', 'import.rowsRead', 'import-rows-read'],
  ['rowsLoaded', 'import.rowsLoaded', 'import-rows-loaded'],
  ['rowsRejected', 'import.rowsRejected', 'import-rows-rejected'],
  ['rowsDuplicate', 'import.rowsDuplicate', 'import-rows-duplicate'],
];

/** Step 4: what happened — counts, failed checks, the customer-profile rebuild, files, rejected rows, the profile, data quality. */
export function SummaryStep({
  client,
  result,
}: {
  client: EngineClient;
  result: RunResult;
}) {
  const { t, intlLocale } = useI18n();
  return (
    <div className="import-summary" data-testid="import-summary" data-table={result.table}>
      <h3>
        {t('import.summaryTitle', { table: result.table })} <span className="muted">{t('import.elapsed', { seconds: (result.elapsedMs / 1000).toFixed(1) })}</span>
      </h3>
      <div className="import-counts">
        {COUNTS.map(([field, label, testId]) => (
          <div key={field} className={`import-count import-count-${field}`} data-testid={testId} data-value={result[field]}>
            <div className="import-count-value">{formatCount(result[field], intlLocale)}</div>
            <div className="import-count-label">{t(label)}</div>
          </div>
        ))}
      </div>

      <div className="import-checks" data-testid="import-failed-checks" data-checks={result.failedChecks.join(',')}>
        {result.failedChecks.length === 0 ? (
          <p className="ok-text">{t('import.allChecksPassed')}</p>
        ) : (
          <p className="import-warning-text">
            {t('import.failedChecks')}:{' '}
            {result.failedChecks
              .map((check) => {
                const key = `import.check.${check}`;
                return hasMessage(key) ? t(key) : check;
              })
              .join('; ')}
          </p>
        )}
        {result.duplicateKeys.length > 0 && <p className="muted">{t('import.duplicateKeys', { keys: result.duplicateKeys.join(', ') })}</p>}
      </div>

      <ImportFindings result={result} />

      {result.profile && <ProfileRebuildPanel rebuild={result.profile} />}

      {result.files.length > 1 || result.files.some((f) => f.skipped) ? (
        <section>
          <h4>{t('import.files')}</h4>
          <table className="import-table-plain" data-testid="import-files-summary">
            <thead>
              <tr>
                <th>{t('import.file.name')}</th>
                <th>{t('import.file.encoding')}</th>
                <RowCountHeaders />
                <th>{t('import.file.status')}</th>
              </tr>
            </thead>
            <tbody>
              {result.files.map((file) => (
                <tr key={file.file}>
                  <td title={file.file}>{baseName(file.file)}</td>
                  <td>{file.encoding.toUpperCase()}</td>
                  <RowCountCells counts={file} />
                  <td>{file.skipped ? t('import.fileSkipped') : t('import.fileLoaded')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      <RejectsList result={result} />
      <QualityResults client={client} />
      <ColumnProfile client={client} table={result.table} />
    </div>
  );
}
