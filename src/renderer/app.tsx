import { useEffect, useState } from 'react';
import type { EngineClient } from '../shared/engine-client';
import { ConnectionScreen } from './components/connection-screen';
import { UnmaskedBanner, UnmaskSwitch } from './components/unmask-switch';
import { formatAppError, isLocale, LOCALES } from '../shared/i18n/i18n';
import { useI18n } from './i18n/i18n-context';
import { PAGES } from './pages/page-registry';
import { connectEngine, type ConnectionState } from './state/engine-connection';
import { PrivacyProvider } from './state/privacy-state';
import { useEngineQuery } from './state/use-engine-query';

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
  return (
    <PrivacyProvider client={connection.client}>
      <Workbench client={connection.client} />
    </PrivacyProvider>
  );
}

function Workbench({ client }: { client: EngineClient }) {
  const { t, locale, setLocale } = useI18n();
  const [page, setPage] = useState(PAGES[0]!.id);
  /** Pages visited once stay mounted (hidden) when they keep state, so a running job survives a visit elsewhere. */
  const [visited, setVisited] = useState<ReadonlySet<string>>(() => new Set([PAGES[0]!.id]));
  const info = useEngineQuery(client, 'app.info', {});
  // The pages ask for the table list too; the query cache answers them all from one call.
  const tables = useEngineQuery(client, 'tables.list', {});
  const loadError = info.error ?? tables.error;

  const ready = tables.data !== null;
  useEffect(() => {
    setReady(ready);
    return () => setReady(false);
  }, [ready]);

  return (
    <div className="app">
      <header className="top-bar">
        <div className="brand">{t('app.title')}</div>
        <div className="workspace" title={info.data?.workspacePath ?? ''}>
          <span className="workspace-label">{t('app.workspace')}</span>
          <span className="workspace-path" data-testid="workspace-path">
            {/* The box is right-to-left so a long path loses its start, not its file name; the marks keep the path itself left-to-right (else /tmp/x/w.duckdb reads tmp/x/w.duckdb/). */}
            {`\u200E${info.data?.workspacePath ?? '…'}\u200E`}
          </span>
        </div>
        <div className="top-bar-spacer" />
        <UnmaskSwitch />
        {info.data && <span className="engine-version">{t('app.engineVersion', { version: info.data.version, duckdb: info.data.duckdbVersion })}</span>}
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
            <span className="nav-label">{t(p.title)}</span>
          </button>
        ))}
      </nav>
      <main className="content">
        <UnmaskedBanner />
        {loadError && (
          <div className="banner-error" role="alert">
            {formatAppError(t, loadError)}
          </div>
        )}
        {PAGES.map(({ id, component: Page, keepMounted }) =>
          id === page || (keepMounted && visited.has(id)) ? (
            <div key={id} className="page-host" hidden={id !== page}>
              <Page client={client} active={id === page} />
            </div>
          ) : null,
        )}
      </main>
    </div>
  );
}
