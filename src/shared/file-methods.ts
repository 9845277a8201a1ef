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

export const fileMethods = {
  /** One directory's subdirectories and data files (default: the user's home directory). */
  'files.list': {
    params: z.object({ dir: z.string().min(1).max(4096).optional() }).default({}),
    result: listDirectoryResultSchema,
  },
} as const;

/** Whether a file name has one of the extensions the importer reads (case-insensitive). */
export function isDataFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return DATA_FILE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}
