import { useCallback, useEffect, useRef, useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { AppError, isCancellation, toAppError } from '../../../shared/errors';
import type { ListDirectoryResult } from '../../../shared/file-methods';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { formatBytes } from './progress-estimate';
import {
  addToSelection,
  breadcrumbs,
  interpretTypedPath,
  isSelected,
  removeFromSelection,
  samePath,
  selectionBytes,
  toggleSelection,
  type SelectedItem,
} from './file-selection';
import { FileUploadBar, useFileUpload } from './file-upload';

type Listing = { status: 'loading'; listing: ListDirectoryResult | null } | { status: 'ready'; listing: ListDirectoryResult } | { status: 'error'; listing: ListDirectoryResult | null; error: AppError };

/**
 * Step 1: browse the engine machine's disk (folders and data files only), tick files or whole
 * folders, or type a path. A typed file path selects that file and shows its folder.
 */
export function FileStep({
  client,
  selection,
  onSelection,
  initialDir,
  onDir,
  includeSubfolders,
  onIncludeSubfolders,
}: {
  client: EngineClient;
  selection: SelectedItem[];
  onSelection: (next: SelectedItem[]) => void;
  initialDir: string | null;
  onDir: (dir: string) => void;
  /** Whether a ticked folder brings the data files of its sub-folders too. */
  includeSubfolders: boolean;
  onIncludeSubfolders: (include: boolean) => void;
}) {
  const { t, intlLocale } = useI18n();
  const [state, setState] = useState<Listing>({ status: 'loading', listing: null });
  const [typed, setTyped] = useState('');
  const upload = useFileUpload(client, (item) => onSelection(addToSelection(selectionRef.current, item)));
  const selectionRef = useRef(selection);
  selectionRef.current = selection;

  /** Lists `dir`; resolves to the listing, or null after showing the error. */
  const browse = useCallback(
    async (dir: string | undefined): Promise<ListDirectoryResult | null> => {
      setState((previous) => ({ status: 'loading', listing: previous.listing }));
      try {
        const listing = await client.call('files.list', dir === undefined ? {} : { dir }, { supersede: 'import-wizard.files' });
        setState({ status: 'ready', listing });
        setTyped(listing.dir);
        onDir(listing.dir);
        return listing;
      } catch (reason) {
        if (!isCancellation(reason)) setState((previous) => ({ status: 'error', listing: previous.listing, error: toAppError(reason) }));
        return null;
      }
    },
    [client, onDir],
  );

  useEffect(() => {
    void browse(initialDir ?? undefined);
    // Once, on mount: later moves go through browse().
  }, []);

  const submitTyped = async () => {
    const wanted = interpretTypedPath(typed);
    if (wanted === null) return;
    if (wanted.kind === 'dir') {
      await browse(wanted.path);
      return;
    }
    const listing = wanted.dir === null ? null : await browse(wanted.dir);
    if (listing === null) return;
    const entry = listing.entries.find((e) => e.kind === 'file' && samePath(e.path, wanted.path));
    if (entry) onSelection(addToSelection(selection, { path: entry.path, name: entry.name, kind: 'file', sizeBytes: entry.sizeBytes }));
    else setState({ status: 'error', listing, error: new AppError('NOT_FOUND', `no data file ${wanted.path}`, { path: wanted.path }, 'error.FILES_FILE_NOT_FOUND') });
  };

  const listing = state.listing;
  const dateFormat = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'short', timeStyle: 'short' });

  return (
    <div className="import-files" data-testid="import-files" data-state={state.status} {...upload.dropProps}>
      <FileUploadBar upload={upload} />
      <form
        className="import-path-bar"
        onSubmit={(event) => {
          event.preventDefault();
          void submitTyped();
        }}
      >
        <label className="import-path-label" htmlFor="import-path-input">
          {t('import.path')}
        </label>
        <input
          id="import-path-input"
          className="import-path-input"
          data-testid="import-path"
          value={typed}
          placeholder={t('import.pathPlaceholder')}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setTyped(event.target.value)}
        />
        <button type="submit" className="button" data-testid="import-path-go">
          {t('import.go')}
        </button>
        <button type="button" className="button" data-testid="import-up" disabled={!listing?.parent} onClick={() => listing?.parent && void browse(listing.parent)}>
          {t('import.up')}
        </button>
        <button type="button" className="button" data-testid="import-home" onClick={() => void browse(undefined)}>
          {t('import.home')}
        </button>
      </form>

      {listing && (
        <nav className="import-breadcrumbs" aria-label={t('import.path')}>
          {breadcrumbs(listing.dir).map((crumb, i, all) => (
            <span key={crumb.path} className="import-crumb">
              <button type="button" className="link-button" data-testid={`import-breadcrumb-${i}`} disabled={i === all.length - 1} onClick={() => void browse(crumb.path)}>
                {crumb.label}
              </button>
              {i < all.length - 1 && <span className="import-crumb-sep" aria-hidden="true">›</span>}
            </span>
          ))}
        </nav>
      )}

      {state.status === 'error' && (
        <p className="error-text" role="alert" data-testid="import-files-error">
          {formatAppError(t, state.error)}
        </p>
      )}

      <div className="import-browser">
        <div className="import-browse-list" role="group" aria-busy={state.status === 'loading'}>
          {state.status === 'loading' && !listing && <p className="muted">{t('import.browsing')}</p>}
          {listing && listing.entries.length === 0 && <p className="muted">{t('import.emptyDir')}</p>}
          {listing && listing.entries.length > 0 && (
            <table className="import-table-plain">
              <thead>
                <tr>
                  <th className="import-check-col" />
                  <th>{t('import.colName')}</th>
                  <th className="num">{t('import.colSize')}</th>
                  <th>{t('import.colModified')}</th>
                </tr>
              </thead>
              <tbody>
                {listing.entries.map((entry) => {
                  const checked = isSelected(selection, entry.path);
                  return (
                    <tr key={entry.path} data-testid={`import-browse-entry-${entry.name}`} className={checked ? 'selected' : undefined}>
                      <td className="import-check-col">
                        <input
                          type="checkbox"
                          data-testid={`import-browse-check-${entry.name}`}
                          aria-label={t('import.selectEntry', { name: entry.name })}
                          checked={checked}
                          onChange={() => onSelection(toggleSelection(selection, entry))}
                        />
                      </td>
                      <td>
                        {entry.kind === 'dir' ? (
                          <button type="button" className="import-dir-link" data-testid={`import-browse-open-${entry.name}`} aria-label={t('import.openDir', { name: entry.name })} onClick={() => void browse(entry.path)}>
                            <span className="import-icon-dir" aria-hidden="true" />
                            {entry.name}
                          </button>
                        ) : (
                          <label className="import-file-name">
                            <span className="import-icon-file" aria-hidden="true" />
                            {entry.name}
                          </label>
                        )}
                      </td>
                      <td className="num">{entry.kind === 'file' ? formatBytes(entry.sizeBytes) : ''}</td>
                      <td className="muted">{dateFormat.format(entry.modifiedMs)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>

        <aside className="import-selected" data-testid="import-selected" data-count={selection.length}>
          <div className="pane-title">{t('import.selected', { count: selection.length })}</div>
          {selection.length === 0 ? (
            <p className="muted import-selected-empty">{t('import.selectedNone')}</p>
          ) : (
            <>
              <ul>
                {selection.map((item) => (
                  <li key={item.path} title={item.path}>
                    <span className={item.kind === 'dir' ? 'import-icon-dir' : 'import-icon-file'} aria-hidden="true" />
                    <span className="import-selected-name">{item.name}</span>
                    <span className="muted">{item.kind === 'dir' ? t(includeSubfolders ? 'import.folderAllDeep' : 'import.folderAll') : formatBytes(item.sizeBytes)}</span>
                    <button type="button" className="link-button" aria-label={t('import.remove', { name: item.name })} onClick={() => onSelection(removeFromSelection(selection, item.path))}>
                      ×
                    </button>
                  </li>
                ))}
              </ul>
              <p className="muted">{t('import.selectedSize', { size: formatBytes(selectionBytes(selection)) })}</p>
            </>
          )}
          <label className="import-field-inline import-subfolders" title={t('import.subfoldersHint')}>
            <input type="checkbox" data-testid="import-include-subfolders" checked={includeSubfolders} onChange={(e) => onIncludeSubfolders(e.target.checked)} />
            <span>{t('import.subfolders')}</span>
          </label>
          <p className="muted import-subfolders-hint">{t('import.subfoldersHint')}</p>
        </aside>
      </div>
    </div>
  );
}

