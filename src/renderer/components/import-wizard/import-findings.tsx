import type { ColumnKind, RunResult } from '../../../shared/import-types';
import { formatCount } from '../../format/number-format';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../../shared/i18n/messages-en';
import { baseName } from './file-selection';

/** How the summary names what a column's invalid values are not. */
function notKindKey(kind: ColumnKind): MessageKey {
  switch (kind) {
    case 'integer':
    case 'decimal':
    case 'double':
      return 'import.findings.notNumbers';
    case 'date':
    case 'timestamp':
    case 'month':
      return 'import.findings.notDates';
    default:
      return 'import.findings.notKind';
  }
}

/**
 * What the import found beyond the counts: trailer lines and whether their count matched, keys
 * that occurred more than once (with their lines), values that were not numbers or dates (per
 * column, with lines), two-digit-year decisions and the rows left undecided, lookups that found
 * no match. Shown only when there is something to say.
 */
export function ImportFindings({ result }: { result: RunResult }) {
  const { t, intlLocale } = useI18n();
  const n = (x: number) => formatCount(x, intlLocale);
  const lines = (xs: number[]) => xs.map(n).join(', ');
  const empty = result.trailers.length + result.duplicates.length + result.valueRejects.length + result.centuries.length + result.lookups.length === 0;
  if (empty) return null;
  return (
    <section className="import-findings" data-testid="import-findings">
      <h4>{t('import.findings.title')}</h4>
      <ul>
        {result.trailers.map((tr) => (
          <li key={`trailer-${tr.file}`} data-testid="import-finding-trailer" data-matches={String(tr.matches)}>
            {tr.matches === null
              ? t('import.findings.trailer', { file: baseName(tr.file), line: n(tr.line), text: tr.text })
              : t(tr.matches ? 'import.findings.trailerMatch' : 'import.findings.trailerMismatch', {
                  file: baseName(tr.file),
                  line: n(tr.line),
                  text: tr.text,
                  stated: n(tr.statedRows ?? 0),
                  read: n(tr.rowsRead),
                })}
          </li>
        ))}
        {result.valueRejects.map((v) => (
          <li key={`values-${v.file}-${v.column}`} data-testid="import-finding-values" data-column={v.column}>
            {t(notKindKey(v.kind), {
              column: v.column,
              count: n(v.count),
              kind: v.kind,
              examples: v.examples.map((e) => t('import.findings.lineValue', { line: e.line === null ? '?' : n(e.line), value: e.value })).join('; '),
            })}
          </li>
        ))}
        {result.duplicates.length > 0 && (
          <li data-testid="import-finding-duplicates">
            {t('import.findings.duplicates', { count: n(result.rowsDuplicate) })}
            <ul>
              {result.duplicates.map((d) => (
                <li key={`dup-${d.file}-${d.key}`}>
                  {d.kept === null
                    ? t('import.findings.duplicateRejected', { key: d.key, lines: lines(d.lines) })
                    : t('import.findings.duplicateKept', { key: d.key, lines: lines(d.lines), kept: n(d.kept) })}
                </li>
              ))}
            </ul>
          </li>
        )}
        {result.centuries.map((c) => (
          <li key={`century-${c.file}-${c.column}`} data-testid="import-finding-century" data-undecided={c.undecided}>
            {t(`import.findings.century.${c.source}`, { column: c.column, reference: c.reference })}
            {c.undecided > 0 && ` ${t('import.findings.centuryUndecided', { count: n(c.undecided), lines: lines(c.undecidedLines) })}`}
          </li>
        ))}
        {result.lookups.map((l) => (
          <li key={`lookup-${l.file}-${l.column}`} data-testid="import-finding-lookup" data-missing={l.missing}>
            {t('import.findings.lookup', { column: l.column, table: l.table, filled: n(l.filled), missing: n(l.missing) })}
          </li>
        ))}
      </ul>
    </section>
  );
}
