import type { DetectResult } from '../../../shared/import-types';
import { useI18n } from '../../i18n/i18n-context';

/**
 * The sample as the engine decoded it, in plain text cells: wrong encoding shows as mojibake here,
 * before anything is loaded. Title lines above the header are shown apart (they are not imported).
 */
export function PreviewTable({ detected }: { detected: DetectResult }) {
  const { t } = useI18n();
  const firstLine = detected.settings.headerLine + (detected.settings.hasHeader ? 2 : 1);
  return (
    <div className="import-preview-block">
      {detected.titleLines.length > 0 && (
        <div className="import-title-lines" data-testid="import-title-lines">
          <div className="import-subtitle">{t('import.titleLines')}</div>
          {detected.titleLines.map((line, i) => (
            <pre key={i}>{line}</pre>
          ))}
        </div>
      )}
      <div className="import-subtitle">{t('import.previewRows', { count: detected.preview.length })}</div>
      <div className="import-preview-scroll">
        <table className="import-table-plain import-preview" data-testid="import-preview">
          <thead>
            <tr>
              <th className="num muted">#</th>
              {detected.headers.map((header, i) => (
                <th key={i} title={header}>
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {detected.preview.map((row, r) => (
              <tr key={r}>
                <td className="num muted">{firstLine + r}</td>
                {detected.headers.map((_, c) => (
                  <td key={c} title={row[c] ?? ''}>
                    {row[c] ?? ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
