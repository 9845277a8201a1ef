import type { ColumnInfo } from '../../shared/table-types';

/** Column names and DuckDB types of the table (or result) in the grid. */
export function ColumnList({ title, columns }: { title: string; columns: ColumnInfo[] }) {
  return (
    <div className="column-list">
      <div className="pane-title">{title}</div>
      <ul aria-label={title}>
        {columns.map((column) => (
          <li key={column.name} className="column-item">
            <span className="column-name" title={column.name}>
              {column.name}
            </span>
            <span className="column-type">{column.type}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
