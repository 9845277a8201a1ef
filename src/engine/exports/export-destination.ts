import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';

/**
 * Where an export's files go, and the promise that a failed, cancelled or disk-full export leaves
 * nothing behind: every file is written under a temporary name (`.name.sw-partial-XXXX`) in its
 * destination folder and renamed only when all of them are complete; on failure the temporary files
 * (and a split export's folder, if the export made it) are removed.
 */
export class ExportDestination {
  private readonly pending: Array<{ temp: string; final: string }> = [];
  private readonly createdFolder: string | null;
  private readonly usedNames = new Set<string>();

  private constructor(
    readonly folder: string,
    createdFolder: string | null,
  ) {
    this.createdFolder = createdFolder;
  }

  /** A single file at `outPath` (its folder must exist and be writable). */
  static forFile(outPath: string): ExportDestination {
    const file = path.resolve(outPath);
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new AppError('INVALID_ARGUMENT', `${file} is a folder`, { path: file }, 'error.EXPORT_PATH_IS_FOLDER');
    const folder = path.dirname(file);
    assertWritableFolder(folder);
    return new ExportDestination(folder, null);
  }

  /** One file per value in the folder `outPath` (made if missing). */
  static forFolder(outPath: string): ExportDestination {
    const folder = path.resolve(outPath);
    if (fs.existsSync(folder)) {
      if (!fs.statSync(folder).isDirectory()) throw new AppError('INVALID_ARGUMENT', `${folder} is a file, a split export needs a folder`, { path: folder }, 'error.EXPORT_PATH_NOT_FOLDER');
      assertWritableFolder(folder);
      return new ExportDestination(folder, null);
    }
    assertWritableFolder(nearestExisting(path.dirname(folder)));
    try {
      fs.mkdirSync(folder, { recursive: true });
    } catch (error) {
      throw notWritable(folder, error);
    }
    return new ExportDestination(folder, folder);
  }

  /** A temporary path for the final file `name` (unique within this export). */
  reserve(name: string): { temp: string; final: string } {
    let candidate = name;
    const ext = path.extname(name);
    for (let n = 2; this.usedNames.has(candidate.toLowerCase()); n++) candidate = `${name.slice(0, name.length - ext.length)}-${n}${ext}`;
    this.usedNames.add(candidate.toLowerCase());
    const final = path.join(this.folder, candidate);
    const temp = path.join(this.folder, `.${candidate}.sw-partial-${randomBytes(4).toString('hex')}`);
    const entry = { temp, final };
    this.pending.push(entry);
    return entry;
  }

  /** Every file complete: the temporary names become the real ones. */
  commit(): void {
    for (const { temp, final } of this.pending) fs.renameSync(temp, final);
    this.pending.length = 0;
  }

  /** Removes what a failed export wrote. */
  rollback(): void {
    for (const { temp } of this.pending) fs.rmSync(temp, { force: true });
    this.pending.length = 0;
    if (this.createdFolder !== null) fs.rmSync(this.createdFolder, { recursive: true, force: true });
  }
}

function nearestExisting(folder: string): string {
  let current = folder;
  while (!fs.existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

function assertWritableFolder(folder: string): void {
  try {
    if (!fs.statSync(folder).isDirectory()) throw new Error('not a folder');
    fs.accessSync(folder, fs.constants.W_OK);
  } catch (error) {
    throw notWritable(folder, error);
  }
}

function notWritable(folder: string, error: unknown): AppError {
  return new AppError('IO_ERROR', `cannot write in ${folder}: ${error instanceof Error ? error.message : String(error)}`, { path: folder }, 'error.EXPORT_NOT_WRITABLE');
}

/** A write that failed for lack of space is the user's to fix (free space, another disk), not a bug. */
export function exportWriteError(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new AppError('IO_ERROR', `the disk is full while writing ${file}`, { path: file }, 'error.EXPORT_DISK_FULL');
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return notWritable(path.dirname(file), error);
  return error;
}

// Characters no file system of the users' laptops accepts in a name, and control characters.
// eslint-disable-next-line no-control-regex
const UNSAFE_NAME = /[\\/:*?"<>|\u0000-\u001F]/g;

/** A file name for one value of a split export: rm_id_R001.xlsx; an empty value gets its own name. */
export function splitFileName(splitBy: string, value: string | null, extension: string): string {
  const cleaned = (value ?? '').replace(UNSAFE_NAME, '_').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 100);
  return `${splitBy}_${cleaned === '' ? '(none)' : cleaned}.${extension}`;
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
