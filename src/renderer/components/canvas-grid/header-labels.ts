import { columnEntry, type DictionaryLang } from '../../../shared/data-dictionary';
import type { TableRef } from '../../../shared/table-types';
import type { ColumnLayout } from './column-layout';

/**
 * The header a column is shown under: the data dictionary's business name in the reader's
 * language (最新月末资产（AUM）), its technical name and definition one hover away. A scratch
 * result (SQL console, segment members) names its columns as the profile does; a source table by
 * its own entries. Columns the dictionary does not know keep their technical name alone.
 */
export function withBusinessNames(columns: readonly ColumnLayout[], table: TableRef, lang: DictionaryLang): ColumnLayout[] {
  const tableName = table.schema === 'scratch' ? null : table.name;
  return columns.map((column) => {
    const entry = columnEntry(tableName, column.name);
    return entry ? { ...column, label: entry.name[lang], definition: entry.definition[lang] } : column;
  });
}
