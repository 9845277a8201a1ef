import { literalFilePath } from './file-path-glob';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { ColumnKind } from '../../shared/import-types';
import { quoteIdent } from '../sql/identifiers';
import { sqlStringLiteral as lit } from '../sql/literals';
import type { Session } from '../workspace';
import type { StagedFile } from './csv-stage';
import { cleanHeaders, type FileLayout } from './import-detect';

/**
 * Parquet into the same mapping path as CSV: the file's columns are the headers, their Parquet
 * types the kind hints (a typed column keeps its type unless the mapping says otherwise; text
 * columns are inferred like CSV values), and the load reads read_parquet with every column as
 * text (c0…), so mapping, conversion, rejects and modes are the CSV loader's own. Line numbers of
 * rejects are 1-based row numbers.
 */
export const isParquet = (file: string) => /\.parquet$/i.test(file);

const SAMPLE_ROWS = 1000;

function kindOfParquetType(type: string): ColumnKind | null {
  const t = type.toUpperCase();
  if (/^(BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT)$/.test(t)) return 'integer';
  if (t.startsWith('DECIMAL')) return 'decimal';
  if (t === 'DOUBLE' || t === 'FLOAT') return 'double';
  if (t === 'DATE') return 'date';
  if (t.startsWith('TIMESTAMP')) return 'timestamp';
  if (t === 'BOOLEAN') return 'boolean';
  if (t === 'JSON') return 'json';
  // VARCHAR, BLOB, nested types: text values, inferred over the whole file.
  return null;
}

export async function parquetLayout(session: Session, picked: string, sizeBytes: number): Promise<FileLayout & { rawNames: string[] }> {
  let described: Array<{ column_name: string; column_type: string }>;
  const file = await session.files.admit(picked);
  try {
    described = await session.rows(`DESCRIBE SELECT * FROM read_parquet($file)`, { file: literalFilePath(file) });
  } catch (error) {
    throw new AppError('INVALID_ARGUMENT', `${path.basename(picked)} is not a readable Parquet file: ${(error as Error).message}`, { file: picked }, 'error.IMPORT_FILE_UNREADABLE');
  }
  const rawNames = described.map((d) => d.column_name);
  // A damaged file may describe but not read (found by the import fuzz: "Out of buffer").
  const sample = await session.rows<Record<string, string | null>>(
    `SELECT ${rawNames.map((n, i) => `CAST(${quoteIdent(n)} AS VARCHAR) AS c${i}`).join(', ')} FROM read_parquet($file) LIMIT ${SAMPLE_ROWS}`,
    { file: literalFilePath(file) },
  ).catch((error: unknown) => {
    throw new AppError('INVALID_ARGUMENT', `${path.basename(picked)} is not a readable Parquet file: ${(error as Error).message}`, { file: picked }, 'error.IMPORT_FILE_UNREADABLE');
  });
  return {
    settings: { encoding: 'utf-8', delimiter: ',', quote: '"', headerLine: 0, hasHeader: true },
    encodingConfidence: 1,
    titleLines: [],
    headers: cleanHeaders(rawNames),
    rows: sample.map((r) => rawNames.map((_, i) => r[`c${i}`] ?? '')),
    sizeBytes,
    kindHints: described.map((d) => kindOfParquetType(d.column_type)),
    rawNames,
  };
}

/** The file as text columns c0…, for the loader (no reader rejects: Parquet rows are well formed). */
export function parquetSource(file: string, rawNames: string[], names: { rejects: string }): StagedFile {
  const relation = `(SELECT ${rawNames.map((n, i) => `CAST(${quoteIdent(n)} AS VARCHAR) AS c${i}`).join(', ') || '1 AS one'} FROM read_parquet(${lit(literalFilePath(file))}))`;
  return {
    columns: rawNames.map((_, i) => `c${i}`),
    readerRejects: names.rejects,
    firstDataLine: 1,
    relation: () => relation,
    tokensNulled: false,
    params: {},
  };
}

/** An empty reader-rejects table, so the loader's reject queries read the same shape as for CSV. */

export function emptyReaderRejectsSql(table: string): string {
  return `CREATE TEMP TABLE ${quoteIdent(table)} (line BIGINT, line_byte_position BIGINT, byte_position BIGINT, column_name VARCHAR, column_idx BIGINT, error_type VARCHAR, error_message VARCHAR, csv_line VARCHAR)`;
}
