import path from 'node:path';
import { AppError } from '../../shared/errors';

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
 * In UTF-16 text nearly every NUL byte sits on one side of its code unit (the high byte of an ASCII
 * character); characters such as U+3000 (the ideographic space) put a few on the other. Binary data
 * spreads them over both: at least this share on the less common side.
 */
const BINARY_MINORITY_PARITY = 0.2;

/**
 * A text export has no NUL bytes unless it is UTF-16 (whose ASCII characters carry one each). An
 * executable, an image, a zip or an old .xls does: it is named as not a text export before any of
 * its bytes reach a column name (where DuckDB would refuse the NUL with a message nobody can act on).
 * `encoding` is the one chosen for the file (detected or the user's): UTF-16 is never binary.
 */
export function assertTextSample(file: string, sample: Uint8Array, encoding: string): void {
  if (encoding.startsWith('utf-16')) return;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) i % 2 === 0 ? even++ : odd++;
  const nul = even + odd;
  if (nul === 0 || Math.min(even, odd) < nul * BINARY_MINORITY_PARITY) return;
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
