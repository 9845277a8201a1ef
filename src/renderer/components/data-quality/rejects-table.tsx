import type { ImportReject } from '../../../shared/import-types';
import { useI18n } from '../../i18n/i18n-context';
import { baseName } from '../import-wizard/file-selection';
import { rejectReasonText } from './reject-reason';

/**
 * Rejected rows: file, line, column, reason and the row as written (masked by the engine unless
 * the user unmasked). Used by the import wizard's summary and the Data page's import history.
 */
export function RejectsTable({ rejects, testId = 'import-reject-row' }: { rejects: readonly ImportReject[]; testId?: string }) {
  const { t } = useI18n();
  return (
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
          {rejects.map((reject, i) => (
            <tr key={i} data-testid={testId} data-line={reject.line ?? ''}>
              <td title={reject.file}>{baseName(reject.file)}</td>
              <td className="num">{reject.line ?? '—'}</td>
              <td>{reject.column ?? '—'}</td>
              <td title={t('reject.detail', { reason: reject.reason })} data-code={reject.code}>
                {rejectReasonText(t, reject)}
              </td>
              <td className="import-raw" title={reject.raw ?? ''}>
                {reject.raw ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
