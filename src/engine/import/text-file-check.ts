import path from 'node:path';
import { AppError } from '../../shared/errors';
import { detectEncoding } from './encoding-detect';

/** A folder where a file is expected: said so, with what to do, instead of the system's EISDIR. */
export function folderGivenAsFile(file: string): AppError {
  return new AppError(
    'INVALID_ARGUMENT',
    `${file} is a folder, not a file: choose the files in it, or give the folder where a folder is accepted (the import wizard's folder pick, segment-workbench import FOLDER)`,
    { file },
    'error.IMPORT_FILE_IS_FOLDER',
  );
}

/** More NUL bytes than this share of the sample, in a file that is not UTF-16, is not text. */
const BINARY_NUL_SHARE = 0.001;

/**
 * A text export has no NUL bytes unless it is UTF-16 (whose ASCII characters carry one each). An
 * executable, an image, a zip or an old .xls does: it is named as not a text export before any of
 * its bytes reach a column name (where DuckDB would refuse the NUL with a message nobody can act on).
 */
export function assertTextSample(file: string, sample: Uint8Array): void {
  let nul = 0;
  for (const byte of sample) if (byte === 0) nul++;
  if (nul === 0) return;
  if (detectEncoding(sample).encoding.startsWith('utf-16')) return;
  const firstLineEnd = sample.indexOf(10);
  const nulInHeader = sample.subarray(0, firstLineEnd < 0 ? sample.length : firstLineEnd).includes(0);
  if (!nulInHeader && nul <= sample.length * BINARY_NUL_SHARE) return;
  const name = path.basename(file);
  throw new AppError(
    'INVALID_ARGUMENT',
    `${name} is not a text export: it holds binary data. Give a CSV or TSV text file, an Excel workbook (.xlsx) or a Parquet file${/\.xls$/i.test(name) ? ' (save an old .xls workbook as .xlsx first)' : ''}`,
    { file: name },
    'error.IMPORT_NOT_TEXT',
  );
}
