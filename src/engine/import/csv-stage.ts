import type { CsvSettings } from '../../shared/import-types';
import { quoteIdent } from '../sql/identifiers';
import { sqlStringLiteral as lit } from '../sql/literals';
import { literalFilePath } from './file-path-glob';
import { NULL_TOKENS } from './value-patterns';

/**
 * A UTF-8 CSV as DuckDB's read_csv sees it, every column VARCHAR (types come later, over the whole
 * file) and named c0…cN-1. Nothing is staged: the load streams the file once, the inference reads
 * only its first records (a staging table cost a full copy and a window function for line numbers).
 * Records DuckDB cannot read (wrong field count, unterminated quote, over-long line) are stored by
 * the load's store_rejects in a temporary table, never dropped; the other passes skip exactly those
 * records.
 */
export interface StagedFile {
  /** Staging column names, c0…cN-1, one per source header. */
  columns: string[];
  readerRejects: string;
  /** 1-based physical line of the first data record. */
  firstDataLine: number;
  /**
   * The read_csv call; `store` records the reader's rejects (the load), `skip` ignores them (other
   * passes), `verbatim` skips them too but keeps the null tokens as text (rejects show the raw record).
   */
  relation(mode: 'store' | 'skip' | 'verbatim'): string;
  /** The relation already reads the null tokens (unpadded) as NULL, except in `verbatim` mode. */
  tokensNulled: boolean;
  /** Named parameters the relation uses. */
  params: Record<string, string | boolean | number>;
}

/** `nullTokens`: the missing-value tokens the file contains ('' always); the reader compares every value with each. */
export function csvSource(utf8File: string, settings: CsvSettings, width: number, names: { rejects: string; scan: string }, nullTokens: readonly string[] = NULL_TOKENS): StagedFile {
  const columns = Array.from({ length: width }, (_, i) => `c${i}`);
  const struct = `{${columns.map((c) => `'${c}': 'VARCHAR'`).join(', ')}}`;
  // Literals, not bound parameters: with a parameter for the path DuckDB cannot size the scan and
  // reports no progress while it reads.
  const common = `${lit(literalFilePath(utf8File))}, auto_detect = false, header = ${settings.hasHeader}, skip = ${Math.trunc(settings.headerLine)},
       delim = ${lit(settings.delimiter)}, quote = ${lit(settings.quote)}, escape = ${lit(settings.quote)},
       columns = ${struct}, all_varchar = true, strict_mode = true, null_padding = false, encoding = 'utf-8', max_line_size = 10000000`;
  // The reader turns the missing-value tokens into NULL while it parses (quoted ones too, as the
  // cleaning did): far cheaper than comparing every value in SQL.
  const nullstr = `nullstr = [${nullTokens.map(lit).join(', ')}], allow_quoted_nulls = true`;
  // The other passes store their rejects too (in tables of their own, dropped with the load's): with
  // ignore_errors alone DuckDB 1.5 stops reading at an unterminated quote, so a pass would see fewer
  // records than the load and miss a bad one after it (found by the import fuzz).
  const skipping = `store_rejects = true, rejects_table = ${lit(`${names.rejects}_skip`)}, rejects_scan = ${lit(`${names.scan}_skip`)}`;
  return {
    columns,
    readerRejects: names.rejects,
    firstDataLine: settings.headerLine + (settings.hasHeader ? 1 : 0) + 1,
    relation: (mode) =>
      mode === 'store'
        ? `read_csv(${common}, ${nullstr}, store_rejects = true, rejects_table = ${lit(names.rejects)}, rejects_scan = ${lit(names.scan)})`
        : mode === 'skip'
          ? `read_csv(${common}, ${nullstr}, ${skipping})`
          : `read_csv(${common}, ${skipping})`,
    tokensNulled: true,
    params: {},
  };
}


/**
 * The reader's reason, in the user's terms where DuckDB's is about itself. An invalid UTF-8 byte
 * says where it is: its byte in the line (from 1) and its offset in the file (from 0), from the
 * positions invalid-utf8-position.ts wrote into the reader's rejects.
 */
const reasonSql = `CASE WHEN error_type = 'INVALID ENCODING' AND CAST(byte_position AS BIGINT) >= CAST(line_byte_position AS BIGINT)
    THEN 'not valid UTF-8: invalid byte at byte ' || (CAST(byte_position AS BIGINT) - CAST(line_byte_position AS BIGINT) + 1) || ' of the line (file offset ' || (CAST(byte_position AS BIGINT) - 1) || ')'
    WHEN error_type = 'INVALID ENCODING'
    THEN 'not valid UTF-8: invalid byte in the record (file offset ' || (CAST(byte_position AS BIGINT) - 1) || ')'
    ELSE lower(error_type) || ': ' || error_message END`;

/**
 * The reader's rejected records, one per record: its first line, how many physical lines it
 * spans (an unterminated quote runs on to the next quote), the column and DuckDB's reason.
 * csv_line starts with the \n of the \r\n that ended the line before: it is trimmed on both sides,
 * or every reject of a CRLF file would span one line too many and shift the lines after it.
 */
export function readerRejectRecordsSql(staged: StagedFile): string {
  return `SELECT line, arg_min(column_name, column_idx) AS column_name,
      string_agg(DISTINCT ${reasonSql}, '; ') AS reason,
      any_value(csv_line) AS raw,
      max(length(trim(csv_line, chr(10) || chr(13))) - length(replace(trim(csv_line, chr(10) || chr(13)), chr(10), '')) + 1) AS span
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
