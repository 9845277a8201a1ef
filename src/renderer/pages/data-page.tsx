import { useEffect, useMemo, useRef, useState } from 'react';
import { isCancellation, toAppError } from '../../shared/errors';
import { tableNameSchema } from '../../shared/import-types';
import type { TableInfo } from '../../shared/table-types';
import { CanvasGrid, type GridSource } from '../components/canvas-grid/canvas-grid';
import { ColumnList } from '../components/column-list';
import { ImportHistory } from '../components/data-quality/import-history';
import { QualityView } from '../components/data-quality/quality-view';
import { ImportWizard } from '../components/import-wizard/import-wizard';
import { SqlConsole, type SqlRowsResult } from '../components/sql-console';
import { TableList } from '../components/table-list';
import { formatAppError } from '../../shared/i18n/i18n';
import { useI18n } from '../i18n/i18n-context';
import { usePrivacy } from '../state/privacy-state';
import { formatCount } from '../format/number-format';
import type { MessageKey } from '../../shared/i18n/messages-en';
import { useEngineQuery } from '../state/use-engine-query';
import type { PageProps } from './page-props';

const DEMO_CUSTOMERS = 50_000;

type Shown = { kind: 'table'; table: TableInfo } | { kind: 'sql'; result: SqlRowsResult; run: number };

type Tab = 'browse' | 'quality' | 'imports';
const TABS: ReadonlyArray<{ id: Tab; label: MessageKey }> = [
  { id: 'browse', label: 'data.tab.browse' },
  { id: 'quality', label: 'data.tab.quality' },
  { id: 'imports', label: 'data.tab.imports' },
];

/**
 * Data: the workspace's tables, and three views beside them — a grid over the chosen one with the
 * SQL console; the data-quality checks and the column profile; the import history with the rejected
 * rows. Personal data is masked everywhere on the page until the user unmasks it (one switch).
 */
export function DataPage({ client, active }: PageProps) {
  const { t, intlLocale } = useI18n();
  const [shown, setShown] = useState<Shown | null>(null);
  const [tab, setTab] = useState<Tab>('browse');
  /** Views opened once stay mounted (hidden), so their results survive a look at another view. */
  const [visited, setVisited] = useState<ReadonlySet<Tab>>(() => new Set<Tab>(['browse']));
  const { unmasked } = usePrivacy();
  // Every write (an import here or from the CLI, the demo, a console statement) is announced by the
  // engine; the table list and the quality and import views follow by themselves.
  const tableList = useEngineQuery(client, 'tables.list', {});
  const tables: TableInfo[] = useMemo(() => tableList.data ?? [], [tableList.data]);
  const [profileChoice, setProfileChoice] = useState<string | null>(null);
  const runCounter = useRef(0);
  const [demo, setDemo] = useState<{ running: boolean; fraction: number | null; error: string | null }>({ running: false, fraction: null, error: null });
  const [importing, setImporting] = useState(false);
  /** A table to open once the refreshed table list has it (after "Open the table" in the wizard). */
  const [openWhenListed, setOpenWhenListed] = useState<string | null>(null);

  useEffect(() => {
    if (openWhenListed === null) return;
    const table = tables.find((x) => x.schema === 'main' && x.name === openWhenListed);
    if (!table) return;
    setShown({ kind: 'table', table });
    setOpenWhenListed(null);
  }, [tables, openWhenListed]);

  // The table may have changed (a console statement); use the latest listing of it.
  const currentTable = shown?.kind === 'table' ? (tables.find((x) => x.schema === shown.table.schema && x.name === shown.table.name) ?? shown.table) : null;

  let source: GridSource | null = null;
  let title = '';
  if (shown?.kind === 'table' && currentTable) {
    source = {
      key: `table:${currentTable.schema}.${currentTable.name}:${currentTable.rowCount}:${currentTable.columns.length}:${unmasked ? 'clear' : 'masked'}`,
      table: { schema: currentTable.schema, name: currentTable.name },
      columns: currentTable.columns,
      rowCount: currentTable.rowCount,
      unmasked,
    };
    title = t('data.sourceTable', { table: currentTable.name });
  } else if (shown?.kind === 'sql') {
    source = { key: `sql:${shown.run}:${unmasked ? 'clear' : 'masked'}`, table: shown.result.table, columns: shown.result.columns, rowCount: shown.result.rowCount, unmasked };
    title = t('data.sourceSql');
  }

  const generateDemo = () => {
    setDemo({ running: true, fraction: null, error: null });
    client
      .call('demo.generate', { customers: DEMO_CUSTOMERS }, { onProgress: (p) => setDemo({ running: true, fraction: p.fraction, error: null }) })
      .then(() => setDemo({ running: false, fraction: null, error: null }))
      .catch((reason: unknown) =>
        setDemo({ running: false, fraction: null, error: isCancellation(reason) ? null : formatAppError(t, toAppError(reason)) }),
      );
  };

  const hasMainTables = tables.some((table) => table.schema === 'main');

  // The tables a profile can be asked for (the workspace's own, not its _sw_ bookkeeping).
  const profilable = useMemo(() => tables.filter((x) => x.schema === 'main' && tableNameSchema.safeParse(x.name).success).map((x) => x.name), [tables]);
  const profileTable =
    (profileChoice !== null && profilable.includes(profileChoice) ? profileChoice : null) ??
    (currentTable?.schema === 'main' && profilable.includes(currentTable.name) ? currentTable.name : null) ??
    profilable[0] ??
    null;

  const openTab = (id: Tab) => {
    setTab(id);
    setVisited((current) => (current.has(id) ? current : new Set([...current, id])));
  };

  return (
    <div className="page data-page" data-testid="data-page" data-tab={tab} data-unmasked={unmasked ? 'true' : 'false'}>
      <aside className="side-pane">
        <div className="side-pane-actions">
          <button type="button" className="button primary" data-testid="import-open" onClick={() => setImporting(true)}>
            {t('import.open')}
          </button>
        </div>
        <TableList
          tables={tables}
          selected={currentTable ? { schema: currentTable.schema, name: currentTable.name } : null}
          onOpen={(table) => {
            setShown({ kind: 'table', table });
            if (table.schema === 'main') setProfileChoice(table.name);
          }}
        />
        {!hasMainTables && (
          <div className="empty-tables">
            <p>{t('data.noTables')}</p>
            <button type="button" className="button primary" data-testid="demo-generate" onClick={generateDemo} disabled={demo.running}>
              {demo.running
                ? t('data.generating', { percent: demo.fraction === null ? '' : `${Math.round(demo.fraction * 100)}%` })
                : t('data.generateDemo', { customers: formatCount(DEMO_CUSTOMERS, intlLocale) })}
            </button>
            {demo.error && (
              <p className="error-text" role="alert">
                {demo.error}
              </p>
            )}
          </div>
        )}
        {source && <ColumnList title={shown?.kind === 'sql' ? t('data.sourceSql') : t('data.columnsOf', { table: currentTable?.name ?? '' })} columns={source.columns} />}
      </aside>
      <div className="main-pane">
        <div className="data-toolbar">
          <div className="tabs" role="tablist">
            {TABS.map((x) => (
              <button key={x.id} type="button" role="tab" aria-selected={tab === x.id} className={tab === x.id ? 'tab active' : 'tab'} onClick={() => openTab(x.id)} data-testid={`data-tab-${x.id}`}>
                {t(x.label)}
              </button>
            ))}
          </div>
          <span className="grid-toolbar-spacer" />
        </div>
        <div className="data-browse" hidden={tab !== 'browse'}>
          <div className="grid-pane">
            {source ? (
              <CanvasGrid key={source.key} client={client} source={source} title={title} />
            ) : (
              <div className="grid-empty-state">{t('data.selectTable')}</div>
            )}
          </div>
          <SqlConsole
            client={client}
            unmasked={unmasked}
            onRows={(result) => {
              runCounter.current += 1;
              setShown({ kind: 'sql', result, run: runCounter.current });
            }}
          />
        </div>
        {visited.has('quality') && (
          <div className="data-view" hidden={tab !== 'quality'}>
            <QualityView client={client} tables={profilable} table={profileTable} onTable={setProfileChoice} active={active && tab === 'quality'} unmasked={unmasked} />
          </div>
        )}
        {visited.has('imports') && (
          <div className="data-view" hidden={tab !== 'imports'}>
            <ImportHistory client={client} active={active && tab === 'imports'} unmasked={unmasked} />
          </div>
        )}
      </div>
      {importing && (
        <ImportWizard
          client={client}
          onClose={() => setImporting(false)}
          onOpenTable={(table) => setOpenWhenListed(table)}
        />
      )}
    </div>
  );
}
