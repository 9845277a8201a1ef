import { z } from 'zod';

/**
 * Choosing files on the engine's machine. The engine reads import files by path from its local
 * disk (in browser mode too: the server runs on the same machine), so the UI browses that disk
 * through the engine rather than through a browser file picker, which never reveals a path.
 */
export const DATA_FILE_EXTENSIONS = ['.csv', '.txt', '.tsv', '.xlsx', '.parquet'] as const;

export const fileEntrySchema = z.object({
  name: z.string(),
  /** Absolute path on the engine's machine. */
  path: z.string(),
  kind: z.enum(['file', 'dir']),
  /** 0 for directories. */
  sizeBytes: z.number().nonnegative(),
  modifiedMs: z.number(),
});
export type FileEntry = z.infer<typeof fileEntrySchema>;

export const listDirectoryResultSchema = z.object({
  /** The directory listed, absolute and normalised. */
  dir: z.string(),
  /** Its parent, or null at a root. */
  parent: z.string().nullable(),
  /** Directories first, then data files; hidden entries and other files are left out. */
  entries: z.array(fileEntrySchema),
});
export type ListDirectoryResult = z.infer<typeof listDirectoryResultSchema>;

/** The most data files a folder pick takes (one import reads at most this many files). */
export const MAX_FOLDER_FILES = 1000;

export const dataFilesParamsSchema = z.object({
  dir: z.string().min(1).max(4096),
  /** Also the data files of its sub-folders, at any depth (monthly exports in a folder per year). */
  recursive: z.boolean().default(true),
  /** More data files than this is an error (FILES_TOO_MANY) rather than a silently cut list. */
  limit: z.number().int().min(1).max(MAX_FOLDER_FILES).default(MAX_FOLDER_FILES),
});

export const dataFilesResultSchema = z.object({
  /** The folder listed, absolute and normalised. */
  dir: z.string(),
  /**
   * Its data files in natural order of their path below `dir` (2024/2 before 2024/10); `name` is
   * that relative path (the engine machine's separators). Hidden files and folders are left out.
   */
  files: z.array(fileEntrySchema),
  /** Sub-folders that could not be read (no permission…), relative to `dir`: their files are not listed. */
  skipped: z.array(z.string()),
});
export type DataFilesResult = z.infer<typeof dataFilesResultSchema>;

export const fileMethods = {
  /** One directory's subdirectories and data files (default: the user's home directory). */
  'files.list': {
    params: z.object({ dir: z.string().min(1).max(4096).optional() }).default({}),
    result: listDirectoryResultSchema,
  },
  /** A folder's data files, sub-folders included unless `recursive: false`, in natural order (a folder pick). */
  'files.dataFiles': {
    params: dataFilesParamsSchema,
    result: dataFilesResultSchema,
  },
} as const;

/** Whether a file name has one of the extensions the importer reads (case-insensitive). */
export function isDataFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return DATA_FILE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

const NATURAL = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Natural order of names: "2" before "10", "1月" before "10月"; ties broken by code point, so the order is total. */
export function compareNatural(a: string, b: string): number {
  return NATURAL.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Natural order of relative paths, folder by folder ("2024/2.csv" before "2024/10.csv", "2023/…" before "2024/…"). */
export function compareNaturalPaths(a: string, b: string): number {
  const x = a.split(/[\\/]/);
  const y = b.split(/[\\/]/);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = compareNatural(x[i]!, y[i]!);
    if (c !== 0) return c;
  }
  return x.length - y.length;
}
