import { formatCount } from '../format/number-format';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../../shared/i18n/messages-en';

/** The four counts an import reports, for a whole import or one of its files. */
export interface RowCounts {
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  rowsDuplicate: number;
}

const COLUMNS: ReadonlyArray<[keyof RowCounts, MessageKey]> = [
  ['rowsRead', 'import.rowsRead'],
  ['rowsLoaded', 'import.rowsLoaded'],
  ['rowsRejected', 'import.rowsRejected'],
  ['rowsDuplicate', 'import.rowsDuplicate'],
];

/** Header cells of the counts, in the order RowCountCells writes them. */
export function RowCountHeaders() {
  const { t } = useI18n();
  return (
    <>
      {COLUMNS.map(([key, label]) => (
        <th key={key} className="num">
          {t(label)}
        </th>
      ))}
    </>
  );
}

/** The counts as table cells; `flagRejected`: rejected rows, when there are any, in the error colour. */
export function RowCountCells({ counts, flagRejected = false }: { counts: RowCounts; flagRejected?: boolean }) {
  const { intlLocale } = useI18n();
  return (
    <>
      {COLUMNS.map(([key]) => (
        <td key={key} className={flagRejected && key === 'rowsRejected' && counts.rowsRejected > 0 ? 'num error-text' : 'num'}>
          {formatCount(counts[key], intlLocale)}
        </td>
      ))}
    </>
  );
}
