import type { TableInfo } from '../../shared/table-types';
import { useI18n } from '../i18n/i18n-context';
import { formatCount } from '../format/number-format';

/** Tables of the workspace (then scratch tables): name, row count, column count; click opens. */
export function TableList({
  tables,
  selected,
  onOpen,
}: {
  tables: TableInfo[];
  selected: { schema: string; name: string } | null;
  onOpen: (table: TableInfo) => void;
}) {
  const { t, intlLocale } = useI18n();
  const groups: Array<[string, TableInfo[]]> = [
    [t('data.tables'), tables.filter((table) => table.schema === 'main')],
    [t('data.scratch'), tables.filter((table) => table.schema === 'scratch')],
  ];
  return (
    <div className="table-list">
      {groups.map(([label, items]) =>
        items.length === 0 ? null : (
          <div key={label} className="table-group">
            <div className="pane-title">{label}</div>
            <ul role="listbox" aria-label={label}>
              {items.map((table) => {
                const isSelected = selected?.schema === table.schema && selected.name === table.name;
                return (
                  <li key={`${table.schema}.${table.name}`}>
                    <button
                      type="button"
                      role="option"
                      aria-selected={isSelected}
                      className={isSelected ? 'table-item selected' : 'table-item'}
                      data-testid={`table-item-${table.name}`}
                      onClick={() => onOpen(table)}
                      title={t('data.tableMeta', { rows: formatCount(table.rowCount, intlLocale), columns: table.columns.length })}
                    >
                      <span className="table-name">{table.name}</span>
                      <span className="table-rows">{formatCount(table.rowCount, intlLocale)}</span>
                      <span className="table-cols">{t('data.columnsCount', { count: table.columns.length })}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </div>
        ),
      )}
    </div>
  );
}
