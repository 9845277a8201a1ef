import { compareNaturalPaths, isDataFileName, MAX_FOLDER_FILES, type FileEntry } from '../../../shared/file-methods';

/**
 * The wizard's first step as data: what is selected (files, or folders whose data files are all
 * taken), path arithmetic for breadcrumbs, and what a typed path means. The renderer has no Node
 * `path`, and the engine may run on Windows, so both separators are handled here.
 */
export interface SelectedItem {
  path: string;
  name: string;
  kind: 'file' | 'dir';
  sizeBytes: number;
}

export function isSelected(selection: readonly SelectedItem[], path: string): boolean {
  return selection.some((item) => samePath(item.path, path));
}

/** Adds the entry if absent, removes it if present (a checkbox click). */
export function toggleSelection(selection: readonly SelectedItem[], entry: Pick<FileEntry, 'path' | 'name' | 'kind' | 'sizeBytes'>): SelectedItem[] {
  if (isSelected(selection, entry.path)) return selection.filter((item) => !samePath(item.path, entry.path));
  return [...selection, { path: entry.path, name: entry.name, kind: entry.kind, sizeBytes: entry.sizeBytes }];
}

export function addToSelection(selection: readonly SelectedItem[], entry: SelectedItem): SelectedItem[] {
  return isSelected(selection, entry.path) ? [...selection] : [...selection, entry];
}

export function removeFromSelection(selection: readonly SelectedItem[], path: string): SelectedItem[] {
  return selection.filter((item) => !samePath(item.path, path));
}

/** Total bytes of the selected files (folders count once expanded). */
export function selectionBytes(selection: readonly SelectedItem[]): number {
  return selection.reduce((sum, item) => sum + (item.kind === 'file' ? item.sizeBytes : 0), 0);
}

/**
 * The files an import reads: selected files as they are, and for each selected folder its data
 * files (listed by the engine's files.dataFiles, named by their path below the folder, e.g.
 * "2024/01.csv"), in natural order (2024/2 before 2024/10), without duplicates.
 */
export function expandSelection(selection: readonly SelectedItem[], folderFiles: ReadonlyMap<string, readonly FileEntry[]>): SelectedItem[] {
  const out: SelectedItem[] = [];
  for (const item of selection) {
    if (item.kind === 'file') {
      if (!isSelected(out, item.path)) out.push(item);
      continue;
    }
    const files = [...(folderFiles.get(item.path) ?? [])].filter((e) => e.kind === 'file').sort((a, b) => compareNaturalPaths(a.name, b.name));
    for (const file of files) if (!isSelected(out, file.path)) out.push({ path: file.path, name: file.name, kind: 'file', sizeBytes: file.sizeBytes });
  }
  return out;
}

/** The most files one import reads (import.run's limit, and a folder pick's). */
export const MAX_IMPORT_FILES = MAX_FOLDER_FILES;

/** The files without the given paths (dropped from the import on the preview step). */
export function withoutFiles(files: readonly SelectedItem[], paths: readonly string[]): SelectedItem[] {
  return files.filter((f) => !paths.some((p) => samePath(p, f.path)));
}

function separatorOf(path: string): '/' | '\\' {
  return path.includes('\\') && !path.includes('/') ? '\\' : '/';
}

function trimTrailingSeparators(path: string): string {
  let end = path.length;
  while (end > 1 && (path[end - 1] === '/' || path[end - 1] === '\\') && !/^[A-Za-z]:[\\/]$/.test(path.slice(0, end))) end--;
  return path.slice(0, end);
}

/** Paths compare without trailing separators (and case-insensitively on Windows drive paths). */
export function samePath(a: string, b: string): boolean {
  const x = trimTrailingSeparators(a);
  const y = trimTrailingSeparators(b);
  if (/^[A-Za-z]:/.test(x) || /^[A-Za-z]:/.test(y)) return x.replace(/\//g, '\\').toLowerCase() === y.replace(/\//g, '\\').toLowerCase();
  return x === y;
}

/** The directory above `path`, or null at a root ("/", "C:\\"). */
export function parentPath(path: string): string | null {
  const trimmed = trimTrailingSeparators(path.trim());
  if (trimmed === '/' || /^[A-Za-z]:[\\/]?$/.test(trimmed)) return null;
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (cut < 0) return null;
  const head = trimmed.slice(0, cut);
  if (head === '') return '/';
  if (/^[A-Za-z]:$/.test(head)) return head + separatorOf(trimmed);
  return head;
}

export function baseName(path: string): string {
  const trimmed = trimTrailingSeparators(path.trim());
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return cut < 0 ? trimmed : trimmed.slice(cut + 1);
}

export interface Crumb {
  label: string;
  path: string;
}

/** "/home/ana/exports" → / · home · ana · exports, each with the path it opens. */
export function breadcrumbs(dir: string): Crumb[] {
  const crumbs: Crumb[] = [];
  for (let current: string | null = trimTrailingSeparators(dir); current !== null; current = parentPath(current)) {
    const name = baseName(current);
    crumbs.unshift({ label: parentPath(current) === null ? current : name, path: current });
  }
  return crumbs;
}

/**
 * What a path typed into the box asks for: a data file (select it, browse its folder) or a
 * folder to browse. Anything without a data file extension is tried as a folder.
 */
export function interpretTypedPath(typed: string): { kind: 'file'; path: string; dir: string | null } | { kind: 'dir'; path: string } | null {
  const path = typed.trim().replace(/^"(.*)"$/, '$1'); // Windows "Copy as path" adds quotes
  if (path === '') return null;
  if (isDataFileName(path)) return { kind: 'file', path, dir: parentPath(path) };
  return { kind: 'dir', path };
}

/** Extensions the wizard can import today: delimited text and Excel workbooks. */
/** Selected files the wizard cannot import (listed by files.list but of no format the engine reads). */
export function unsupportedFiles(files: readonly SelectedItem[]): SelectedItem[] {
  return files.filter((f) => !isDataFileName(f.name));
}
