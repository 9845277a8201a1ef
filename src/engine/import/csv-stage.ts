import type { CsvSettings } from '../../shared/import-types';
import { quoteIdent } from '../sql/identifiers';
import type { ProgressSpan, Session } from '../workspace';

/**
 * Reads a UTF-8 CSV into a temporary staging table, every column VARCHAR (types come later, over
 * the whole file), with a 0-based ordinal `_sw_row` in file order. Records DuckDB cannot read
 * (wrong field count, unterminated quote, over-long line) are stored by DuckDB's store_rejects in
 * a temporary table, never dropped.
 */
export interface StagedFile {
  stage: string;
  /** Staging column names, c0…cN-1, one per source header. */
  columns: string[];
  readerRejects: string;
  /** 1-based physical line of the first data record. */
  firstDataLine: number;
}

export async function stageCsv(
  session: Session,
  utf8File: string,
  settings: CsvSettings,
  width: number,
  names: { stage: string; rejects: string; scan: string },
  span: ProgressSpan,
): Promise<StagedFile> {
  const columns = Array.from({ length: width }, (_, i) => `c${i}`);
  const struct = `{${columns.map((c) => `'${c}': 'VARCHAR'`).join(', ')}}`;
  const quote = settings.quote;
  await session.run(
    `CREATE TEMP TABLE ${quoteIdent(names.stage)} AS
     SELECT row_number() OVER () - 1 AS _sw_row, * FROM read_csv($file,
       auto_detect = false, header = $header, skip = $skip, delim = $delim, quote = $quote, escape = $quote,
       columns = ${struct}, all_varchar = true, strict_mode = true, null_padding = false, encoding = 'utf-8',
       store_rejects = true, rejects_table = $rejects, rejects_scan = $scan, max_line_size = 10000000)`,
    {
      file: utf8File,
      header: settings.hasHeader,
      skip: settings.headerLine,
      delim: settings.delimiter,
      quote,
      rejects: names.rejects,
      scan: names.scan,
    },
    span,
  );
  return { stage: names.stage, columns, readerRejects: names.rejects, firstDataLine: settings.headerLine + (settings.hasHeader ? 1 : 0) + 1 };
}

/**
 * The reader's rejected records, one per record: its first line, how many physical lines it
 * spans (an unterminated quote runs on to the next quote), the column and DuckDB's reason.
 */
export function readerRejectRecordsSql(staged: StagedFile): string {
  return `SELECT line, arg_min(column_name, column_idx) AS column_name,
      string_agg(DISTINCT lower(error_type) || ': ' || error_message, '; ') AS reason,
      any_value(csv_line) AS raw,
      max(length(rtrim(csv_line, chr(10) || chr(13))) - length(replace(rtrim(csv_line, chr(10) || chr(13)), chr(10), '')) + 1) AS span
    FROM ${quoteIdent(staged.readerRejects)} GROUP BY line`;
}

/**
 * The physical line of staged row k: the reader's rejects are holes in the sequence of records,
 * each as many lines long as its span. (Assumes one line per accepted record: a quoted newline
 * or a blank line shifts the numbers that follow.)
 */
export function lineOfRowSql(staged: StagedFile, rowExpr: string): string {
  const L0 = staged.firstDataLine;
  return `(${L0} + ${rowExpr} + coalesce((SELECT max(cum) FROM (
      SELECT line - ${L0} - coalesce(sum(span) OVER (ORDER BY line ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before_rows,
             sum(span) OVER (ORDER BY line) AS cum
      FROM (${readerRejectRecordsSql(staged)})) bp WHERE bp.before_rows <= ${rowExpr}), 0))`;
}
