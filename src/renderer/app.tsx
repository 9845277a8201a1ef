import { useCallback, useEffect, useState } from 'react';
import type { EngineClient } from '../shared/engine-client';
import { isCancellation, toAppError } from '../shared/errors';
import type { MethodResult } from '../shared/methods';
import type { TableInfo } from '../shared/table-types';
import { ConnectionScreen } from './components/connection-screen';
import { formatAppError, isLocale, LOCALES } from './i18n/i18n';
import { useI18n } from './i18n/i18n-context';
import type { MessageKey } from './i18n/messages-en';
import { ChurnPage } from './pages/churn-page';
import { CustomersPage } from './pages/customers-page';
import { DataPage } from './pages/data-page';
import { PlaceholderPage } from './pages/placeholder-page';
import { SegmentsPage } from './pages/segments-page';
import { connectEngine, type ConnectionState } from './state/engine-connection';

type PageId = 'data' | 'customers' | 'segments' | 'funnels' | 'churn' | 'targets';

const PAGES: ReadonlyArray<{ id: PageId; label: MessageKey; placeholder: MessageKey | null }> = [
  { id: 'data', label: 'nav.data', placeholder: null },
  { id: 'customers', label: 'nav.customers', placeholder: null },
  { id: 'segments', label: 'nav.segments', placeholder: null },
  { id: 'funnels', label: 'nav.funnels', placeholder: 'placeholder.funnels' },
  { id: 'churn', label: 'nav.churn', placeholder: null },
  { id: 'targets', label: 'nav.targets', placeholder: 'placeholder.targets' },
];

const LANGUAGE_NAMES: Record<(typeof LOCALES)[number], string> = { zh: '中文', en: 'English' };

/** Marks the document ready for tests and automation: connected and the table list loaded. */
function setReady(ready: boolean): void {
  const root = document.getElementById('root');
  if (!root) return;
  if (ready) root.dataset.ready = 'true';
  else delete root.dataset.ready;
}

export function App() {
  const [connection, setConnection] = useState<ConnectionState>({ status: 'connecting', slow: false });
  useEffect(() => connectEngine(setConnection), []);

  if (connection.status !== 'connected') return <ConnectionScreen state={connection} />;
  return <Workbench client={connection.client} />;
}

function Workbench({ client }: { client: EngineClient }) {
  const { t, locale, setLocale } = useI18n();
  const [page, setPage] = useState<PageId>('data');
  /** Pages visited once stay mounted (hidden), so a running job and their state survive a visit elsewhere. */
  const [visited, setVisited] = useState<ReadonlySet<PageId>>(() => new Set<PageId>(['data']));
  const [info, setInfo] = useState<MethodResult<'app.info'> | null>(null);
  const [tables, setTables] = useState<TableInfo[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const reloadTables = useCallback(async () => {
    try {
      setTables(await client.call('tables.list', {}));
      setLoadError(null);
    } catch (reason) {
      if (!isCancellation(reason)) setLoadError(formatAppError(t, toAppError(reason)));
    }
  }, [client, t]);

  useEffect(() => {
    client.call('app.info', {}).then(setInfo, (reason: unknown) => setLoadError(formatAppError(t, toAppError(reason))));
    void reloadTables();
    // Loaded once per connection (reloadTables changes with the language only).
  }, [client]);

  const ready = tables !== null;
  useEffect(() => {
    setReady(ready);
    return () => setReady(false);
  }, [ready]);

  const current = PAGES.find((p) => p.id === page)!;

  return (
    <div className="app">
      <header className="top-bar">
        <div className="brand">{t('app.title')}</div>
        <div className="workspace" title={info?.workspacePath ?? ''}>
          <span className="workspace-label">{t('app.workspace')}</span>
          <span className="workspace-path" data-testid="workspace-path">
            {info?.workspacePath ?? '…'}
          </span>
        </div>
        <div className="top-bar-spacer" />
        {info && <span className="engine-version">{t('app.engineVersion', { version: info.version, duckdb: info.duckdbVersion })}</span>}
        <label className="lang-switch">
          <span className="visually-hidden">{t('app.language')}</span>
          <select
            data-testid="lang-switch"
            value={locale}
            aria-label={t('app.language')}
            onChange={(event) => {
              if (isLocale(event.target.value)) setLocale(event.target.value);
            }}
          >
            {LOCALES.map((value) => (
              <option key={value} value={value}>
                {LANGUAGE_NAMES[value]}
              </option>
            ))}
          </select>
        </label>
      </header>
      <nav className="side-nav" aria-label="Main">
        {PAGES.map((p) => (
          <button
            key={p.id}
            type="button"
            className={p.id === page ? 'nav-item active' : 'nav-item'}
            data-testid={`nav-${p.id}`}
            aria-current={p.id === page ? 'page' : undefined}
            onClick={() => {
              setPage(p.id);
              setVisited((current) => (current.has(p.id) ? current : new Set([...current, p.id])));
            }}
          >
            <span className={`nav-icon nav-icon-${p.id}`} aria-hidden="true" />
            <span className="nav-label">{t(p.label)}</span>
          </button>
        ))}
      </nav>
      <main className="content">
        {loadError && (
          <div className="banner-error" role="alert">
            {loadError}
          </div>
        )}
        {/* The Data page stays mounted so its grid and a running query survive a visit elsewhere. */}
        <div className="page-host" hidden={page !== 'data'}>
          <DataPage client={client} tables={tables ?? []} reloadTables={reloadTables} />
        </div>
        {visited.has('customers') && (
          <div className="page-host" hidden={page !== 'customers'}>
            <CustomersPage client={client} tables={tables ?? []} reloadTables={reloadTables} />
          </div>
        )}
        {visited.has('segments') && (
          <div className="page-host" hidden={page !== 'segments'}>
            <SegmentsPage client={client} active={page === 'segments'} />
          </div>
        )}
        {visited.has('churn') && (
          <div className="page-host" hidden={page !== 'churn'}>
            <ChurnPage client={client} />
          </div>
        )}
        {current.placeholder !== null && <PlaceholderPage titleKey={current.label} bodyKey={current.placeholder} />}
      </main>
    </div>
  );
}
