import type { FileCheck } from '../../../shared/import-types';
import { formatAppError, type Translate } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { beforeText, delimiterLabel, issueText } from './file-check-text';
import type { SelectedItem } from './file-selection';
import { formatBytes } from './progress-estimate';
import { percent } from './settings-panel';
import { checkOf, flaggedFiles, type FileCheckState } from './use-file-check';

/**
 * The preview step's per-file check (several files): each file as the import will read it —
 * encoding, delimiter, header row, columns, size, imported before — and how it differs from the
 * first file, whose preview and mapping are the plan. A file that cannot be imported as planned
 * is flagged, with the reason, and can be dropped here before the import starts.
 */
export function FileCheckPanel({
  files,
  check,
  onDrop,
  onCancel,
  onRetry,
}: {
  files: readonly SelectedItem[];
  check: FileCheckState;
  onDrop: (paths: string[]) => void;
  onCancel: () => void;
  onRetry: () => void;
}) {
  const { t, intlLocale } = useI18n();
  const result = check.result;
  const flagged = flaggedFiles(result, files.map((f) => f.path));
  const warned = files.filter((f) => checkOf(result, f.path)?.status === 'warning').length;
  const checking = check.status === 'checking';

  return (
    <section className="import-check" data-testid="import-check" data-state={check.status} data-flagged={flagged.length} aria-busy={checking}>
      <div className="import-subtitle">{t('import.check.title', { count: files.length })}</div>
      {checking && (
        <div className="import-check-progress" data-testid="import-check-progress" data-phase={check.phase}>
          <progress max={1} {...(check.progress?.fraction != null ? { value: check.progress.fraction } : {})} />
          <span aria-live="polite">
            {t(check.phase === 'layout' ? 'import.check.checking' : 'import.check.hashing', { percent: percent(check.progress?.fraction ?? 0) })}
          </span>
          <button type="button" className="button" data-testid="import-check-cancel" onClick={onCancel}>
            {t('import.check.cancel')}
          </button>
        </div>
      )}
      {check.status === 'cancelled' && (
        <p className="import-notice" data-testid="import-check-cancelled">
          {t('import.check.cancelled')}{' '}
          <button type="button" className="link-button" data-testid="import-check-again" onClick={onRetry}>
            {t('import.check.again')}
          </button>
        </p>
      )}
      {check.status === 'error' && (
        <p className="error-text" role="alert" data-testid="import-check-error">
          {t('import.check.failed', { message: formatAppError(t, check.error) })}{' '}
          <button type="button" className="link-button" data-testid="import-check-again" onClick={onRetry}>
            {t('import.check.again')}
          </button>
        </p>
      )}
      {result && (
        <>
          <div className="import-check-scroll">
            <table className="import-table-plain import-check-table">
              <thead>
                <tr>
                  <th>{t('import.check.col.status')}</th>
                  <th>{t('import.check.col.file')}</th>
                  <th className="num">{t('import.check.col.size')}</th>
                  <th>{t('import.check.col.encoding')}</th>
                  <th>{t('import.check.col.delimiter')}</th>
                  <th className="num">{t('import.check.col.header')}</th>
                  <th className="num">{t('import.check.col.columns')}</th>
                  <th>{t('import.check.col.before')}</th>
                  <th>{t('import.check.col.notes')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {files.map((file) => {
                  const c = checkOf(result, file.path);
                  const status = c?.status ?? 'pending';
                  return (
                    <tr key={file.path} className={`import-check-${status}`} data-testid={`import-check-row-${file.name}`} data-status={status} title={file.path}>
                      <td>
                        <span className={`import-check-badge import-check-badge-${status}`}>{t(`import.check.status.${status}`)}</span>
                      </td>
                      <td className="import-check-name">{file.name}</td>
                      <td className="num">{formatBytes(c?.sizeBytes ?? file.sizeBytes)}</td>
                      <td data-testid={`import-check-encoding-${file.name}`}>{c?.format === 'csv' && c.settings ? c.settings.encoding.toUpperCase() : c?.format === 'xlsx' ? 'Excel' : c?.format === 'parquet' ? 'Parquet' : ''}</td>
                      <td>{c?.format === 'csv' && c.settings ? delimiterLabel(t, c.settings.delimiter) : ''}</td>
                      <td className="num">{c?.settings ? (c.settings.hasHeader ? c.settings.headerLine + 1 : t('import.check.noHeaderRow')) : ''}</td>
                      <td className="num" title={c?.headers.join(', ')}>
                        {c?.settings ? c.headers.length : ''}
                      </td>
                      <td data-testid={`import-check-before-${file.name}`}>{beforeText(t, c, result.hashed, intlLocale)}</td>
                      <td className="import-check-notes" data-testid={`import-check-notes-${file.name}`}>
                        {c && <Notes t={t} check={c} isReference={result.reference !== null && c.path === result.reference} />}
                      </td>
                      <td>
                        <button
                          type="button"
                          className="link-button"
                          data-testid={`import-check-drop-${file.name}`}
                          aria-label={t('import.check.drop', { name: file.name })}
                          title={t('import.check.drop', { name: file.name })}
                          onClick={() => onDrop([file.path])}
                        >
                          {t('import.check.dropShort')}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="import-check-summary" data-testid="import-check-summary">
            {flagged.length > 0 ? (
              <>
                <span className="error-text">{t('import.check.summary.errors', { count: flagged.length })}</span>{' '}
                <button type="button" className="button" data-testid="import-check-drop-flagged" onClick={() => onDrop(flagged)}>
                  {t('import.check.dropFlagged', { count: flagged.length })}
                </button>
              </>
            ) : warned > 0 ? (
              <span className="import-warning-text">{t('import.check.summary.warnings', { count: warned })}</span>
            ) : check.status === 'ready' ? (
              <span className="ok-text">{t('import.check.summary.ok')}</span>
            ) : null}
          </div>
        </>
      )}
    </section>
  );
}

function Notes({ t, check, isReference }: { t: Translate; check: FileCheck; isReference: boolean }) {
  const { intlLocale } = useI18n();
  if (check.issues.length === 0) return <span className="muted">{isReference ? t('import.check.reference') : t('import.check.same')}</span>;
  return (
    <ul>
      {check.issues.map((issue, i) => (
        <li key={i} className={`import-check-issue-${issue.severity}`} data-code={issue.code}>
          {issueText(t, issue, intlLocale)}
        </li>
      ))}
    </ul>
  );
}
