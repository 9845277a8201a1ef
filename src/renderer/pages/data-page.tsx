import { useEffect, useRef, useState } from 'react';
import type { EngineClient } from '../../shared/engine-client';
import { isCancellation, toAppError } from '../../shared/errors';
import type { TableInfo } from '../../shared/table-types';
import { CanvasGrid, type GridSource } from '../components/canvas-grid/canvas-grid';
import { ColumnList } from '../components/column-list';
import { ImportWizard } from '../components/import-wizard/import-wizard';
import { SqlConsole, type SqlRowsResult } from '../components/sql-console';
import { TableList } from '../components/table-list';
import { formatAppError } from '../i18n/i18n';
import { useI18n } from '../i18n/i18n-context';
import { formatCount } from '../format/number-format';

const DEMO_CUSTOMERS = 50_000;

type Shown = { kind: 'table'; table: TableInfo } | { kind: 'sql'; result: SqlRowsResult; run: number };

/** Data: the workspace's tables, a grid over the chosen one, and the SQL console. */
export function DataPage({ client, tables, reloadTables }: { client: EngineClient; tables: TableInfo[]; reloadTables: () => Promise<void> }) {
  const { t, intlLocale } = useI18n();
  const [shown, setShown] = useState<Shown | null>(null);
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
      key: `table:${currentTable.schema}.${currentTable.name}:${currentTable.rowCount}:${currentTable.columns.length}`,
      table: { schema: currentTable.schema, name: currentTable.name },
      columns: currentTable.columns,
      rowCount: currentTable.rowCount,
    };
    title = t('data.sourceTable', { table: currentTable.name });
  } else if (shown?.kind === 'sql') {
    source = { key: `sql:${shown.run}`, table: shown.result.table, columns: shown.result.columns, rowCount: shown.result.rowCount };
    title = t('data.sourceSql');
  }

  const generateDemo = () => {
    setDemo({ running: true, fraction: null, error: null });
    client
      .call('demo.generate', { customers: DEMO_CUSTOMERS }, { onProgress: (p) => setDemo({ running: true, fraction: p.fraction, error: null }) })
      .then(() => reloadTables())
      .then(() => setDemo({ running: false, fraction: null, error: null }))
      .catch((reason: unknown) =>
        setDemo({ running: false, fraction: null, error: isCancellation(reason) ? null : formatAppError(t, toAppError(reason)) }),
      );
  };

  const hasMainTables = tables.some((table) => table.schema === 'main');

  return (
    <div className="page data-page">
      <aside className="side-pane">
        <div className="side-pane-actions">
          <button type="button" className="button primary" data-testid="import-open" onClick={() => setImporting(true)}>
            {t('import.open')}
          </button>
        </div>
        <TableList
          tables={tables}
          selected={currentTable ? { schema: currentTable.schema, name: currentTable.name } : null}
          onOpen={(table) => setShown({ kind: 'table', table })}
        />
        {!hasMainTables && (
          <div className="empty-tables">
            <p>{t('data.noTables')}</p>
            <button type="button" className="button primary" data-testid="demo-generate" onClick={generateDemo} disabled={demo.running}>
              {demo.running
                ? t('data.generating', { percent: demo.fraction === null ? '' : `${Math.round(demo.fraction * 100)} %` })
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
        <div className="grid-pane">
          {source ? (
            <CanvasGrid key={source.key} client={client} source={source} title={title} />
          ) : (
            <div className="grid-empty-state">{t('data.selectTable')}</div>
          )}
        </div>
        <SqlConsole
          client={client}
          onRows={(result) => {
            runCounter.current += 1;
            setShown({ kind: 'sql', result, run: runCounter.current });
          }}
          onStatement={() => void reloadTables()}
        />
      </div>
      {importing && (
        <ImportWizard
          client={client}
          onClose={() => setImporting(false)}
          onImported={() => void reloadTables()}
          onOpenTable={(table) => setOpenWhenListed(table)}
        />
      )}
    </div>
  );
}
