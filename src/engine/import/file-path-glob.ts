/**
 * DuckDB's file readers (read_csv, read_parquet) expand glob patterns in every path they are given,
 * a list of paths too: a file named `x*.csv` would load every file matching it. Each glob
 * character becomes a one-character class matching only itself (`*` → `[*]`, `?` → `[?]`, `[` →
 * `[[]`), which DuckDB's glob reads as that literal character, so a file name is a file name.
 */
export function literalFilePath(file: string): string {
  return file.replace(/[*?[]/g, (ch) => `[${ch}]`);
}
