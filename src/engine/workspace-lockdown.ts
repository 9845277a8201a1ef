import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { AppError } from '../shared/errors';

/**
 * The engine is locked to its job. Once the workspace is open and the bundled extensions the
 * imports and exports need are loaded, DuckDB's file system is closed to everything but the
 * workspace file (and its WAL) and the workspace's temp folder, extension installation and
 * community extensions are off, and the configuration is locked — so neither the SQL console nor a
 * compromised client can read /etc/passwd, write a file elsewhere, ATTACH another database, change
 * a setting or INSTALL code.
 *
 * DuckDB refuses to change `allowed_directories` / `allowed_paths` after `lock_configuration`
 * ("Cannot change configuration option … the configuration has been locked"), and it resolves
 * symbolic links before the check, so a file the user picks later (an import, an export folder)
 * is made reachable by the FileGate below: a hard link in the temp folder's `picked/` folder
 * (no bytes copied), or a copy where a link cannot be made (another file system, a file the user
 * does not own). Exports are written by DuckDB into the temp folder and moved into place by Node.
 */

/** Bundled extensions the imports and exports use: loaded before the lock (LOAD of anything else is refused). */
const BUNDLED_EXTENSIONS = ['parquet', 'json', 'icu'];
/** Admitted files kept in `picked/` (a copy, where a link could not be made, takes disk space). */
const PICKED_KEPT = 8;

export interface LockdownAccess {
  /** Files DuckDB may open: the workspace and its WAL. */
  paths: string[];
  /** Folders DuckDB may read and write below: the temp folder (spill files, picked files, exports). */
  directories: string[];
}

/** What a workspace file at `file` with temp folder `tempDirectory` needs to reach. */
export function workspaceAccess(file: string | null, tempDirectory: string, extraDirectories: readonly string[] = []): LockdownAccess {
  // DuckDB compares the real path of what it opens (symbolic links resolved): so are these.
  const real = (p: string) => path.join(fs.realpathSync(path.dirname(p)), path.basename(p));
  const paths = file === null ? [] : [file, `${file}.wal`].flatMap((p) => [...new Set([p, real(p)])]);
  const directories = [tempDirectory, ...extraDirectories].flatMap((dir) => {
    fs.mkdirSync(dir, { recursive: true });
    return [...new Set([dir, fs.realpathSync(dir)])];
  });
  return { paths, directories: directories.map(asDirectory) };
}

const asDirectory = (dir: string) => (dir.endsWith(path.sep) ? dir : `${dir}${path.sep}`);
const sqlList = (items: readonly string[]) => `[${items.map((s) => `'${s.replaceAll("'", "''")}'`).join(', ')}]`;

/** Locks the instance of `connection` (the workspace makes its pool of connections first: see workspace.ts). */
export async function lockDownInstance(connection: DuckDBConnection, access: LockdownAccess): Promise<void> {
  for (const extension of BUNDLED_EXTENSIONS) await connection.run(`LOAD ${extension}`);
  await connection.run(`SET allowed_directories = ${sqlList(access.directories)}`);
  await connection.run(`SET allowed_paths = ${sqlList(access.paths)}`);
  await connection.run(
    [
      'SET autoinstall_known_extensions = false',
      'SET allow_community_extensions = false',
      'SET allow_unsigned_extensions = false',
      'SET allow_persistent_secrets = false',
      'SET enable_external_access = false',
      'SET lock_configuration = true',
    ].join('; '),
  );
}

/**
 * Makes files outside the workspace reachable for DuckDB after the lock (see above). Each picked
 * file is admitted once per version (path, size, modification time) and stays until the workspace
 * closes; the engine passes DuckDB the admitted path, never the user's.
 */
export class FileGate {
  private readonly admitted = new Map<string, string>();

  constructor(
    /** The workspace temp folder (an allowed directory). */
    readonly tempDirectory: string,
  ) {}

  private get pickedDirectory(): string {
    return path.join(this.tempDirectory, 'picked');
  }

  /** True when DuckDB may open `file` as it is (it lies in the temp folder). */
  isInside(file: string): boolean {
    const relative = path.relative(this.tempDirectory, path.resolve(file));
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  }

  /**
   * A path to the same bytes that DuckDB may open: `file` itself inside the temp folder, else a
   * link or copy — in `into` (a job's scratch folder, removed with it), or in `picked/`, where the
   * last PICKED_KEPT stay for the detection and file checks that read the same file again.
   */
  async admit(file: string, into?: string): Promise<string> {
    const absolute = path.resolve(file);
    if (this.isInside(absolute)) return absolute;
    const stat = await fs.promises.stat(absolute).catch((error: NodeJS.ErrnoException) => {
      throw new AppError('IO_ERROR', `cannot open ${file}: ${error.code ?? error.message}`, { file }, 'error.IMPORT_FILE_UNREADABLE');
    });
    const key = `${absolute}\u0000${stat.size}\u0000${stat.mtimeMs}`;
    const known = into === undefined ? this.admitted.get(key) : undefined;
    if (known && fs.existsSync(known)) return known;
    const folder = into ?? this.pickedDirectory;
    fs.mkdirSync(folder, { recursive: true });
    const name = `${createHash('sha256').update(key).digest('hex').slice(0, 16)}-${path.basename(absolute)}`;
    const target = path.join(folder, name);
    fs.rmSync(target, { force: true });
    try {
      await fs.promises.link(absolute, target);
    } catch {
      // Another file system, or a link the OS refuses (protected_hardlinks): a copy, once.
      await fs.promises.copyFile(absolute, target);
    }
    if (into !== undefined) return target;
    this.admitted.set(key, target);
    for (const [oldKey, old] of this.admitted) {
      if (this.admitted.size <= PICKED_KEPT) break;
      this.admitted.delete(oldKey);
      fs.rmSync(old, { force: true });
    }
    return target;
  }

  /** A fresh folder inside the temp folder for a job's intermediate files (transcoded CSV, converted sheets, exports). */
  scratchDirectory(prefix: string): string {
    fs.mkdirSync(this.tempDirectory, { recursive: true });
    return fs.mkdtempSync(path.join(this.tempDirectory, `${prefix}-`));
  }

  /** Forgets every admitted file (the workspace is closing). */
  clear(): void {
    this.admitted.clear();
    fs.rmSync(this.pickedDirectory, { recursive: true, force: true });
  }
}
