import { describe, expect, it } from 'vitest';
import type { FileEntry } from '../../src/shared/file-methods';
import {
  baseName,
  breadcrumbs,
  expandSelection,
  interpretTypedPath,
  isSelected,
  parentPath,
  samePath,
  selectionBytes,
  toggleSelection,
  unsupportedFiles,
  type SelectedItem,
} from '../../src/renderer/components/import-wizard/file-selection';

const file = (path: string, sizeBytes = 10): FileEntry => ({ name: baseName(path), path, kind: 'file', sizeBytes, modifiedMs: 0 });
const dir = (path: string): FileEntry => ({ name: baseName(path), path, kind: 'dir', sizeBytes: 0, modifiedMs: 0 });

describe('import wizard: file selection', () => {
  it('toggles entries and sums the selected files', () => {
    let selection: SelectedItem[] = [];
    selection = toggleSelection(selection, file('/d/a.csv', 100));
    selection = toggleSelection(selection, file('/d/b.csv', 50));
    selection = toggleSelection(selection, dir('/d/monthly'));
    expect(selection.map((s) => s.name)).toEqual(['a.csv', 'b.csv', 'monthly']);
    expect(selectionBytes(selection)).toBe(150);
    selection = toggleSelection(selection, file('/d/a.csv', 100));
    expect(isSelected(selection, '/d/a.csv')).toBe(false);
    expect(selectionBytes(selection)).toBe(50);
  });

  it('expands a folder into its data files in name order, without duplicates', () => {
    const selection: SelectedItem[] = [
      { path: '/d/2024-02.csv', name: '2024-02.csv', kind: 'file', sizeBytes: 5 },
      { path: '/d', name: 'd', kind: 'dir', sizeBytes: 0 },
    ];
    const listing = new Map([['/d', [file('/d/2024-03.csv'), dir('/d/old'), file('/d/2024-01.csv'), file('/d/2024-02.csv')]]]);
    expect(expandSelection(selection, listing).map((f) => f.name)).toEqual(['2024-02.csv', '2024-01.csv', '2024-03.csv']);
  });

  it('does path arithmetic for POSIX and Windows paths', () => {
    expect(parentPath('/home/ana/exports')).toBe('/home/ana');
    expect(parentPath('/home/')).toBe('/');
    expect(parentPath('/')).toBeNull();
    expect(parentPath('C:\\Users\\ana')).toBe('C:\\Users');
    expect(parentPath('C:\\Users')).toBe('C:\\');
    expect(parentPath('C:\\')).toBeNull();
    expect(samePath('/d/a/', '/d/a')).toBe(true);
    expect(samePath('C:\\Data', 'c:/data')).toBe(true);
    expect(samePath('/Data', '/data')).toBe(false);
  });

  it('builds breadcrumbs from the root down', () => {
    expect(breadcrumbs('/home/ana/导出')).toEqual([
      { label: '/', path: '/' },
      { label: 'home', path: '/home' },
      { label: 'ana', path: '/home/ana' },
      { label: '导出', path: '/home/ana/导出' },
    ]);
    expect(breadcrumbs('C:\\Users\\ana').map((c) => c.label)).toEqual(['C:\\', 'Users', 'ana']);
  });

  it('reads a typed path as a data file or a folder', () => {
    expect(interpretTypedPath('  /d/客户.CSV ')).toEqual({ kind: 'file', path: '/d/客户.CSV', dir: '/d' });
    expect(interpretTypedPath('"C:\\exports\\a.xlsx"')).toEqual({ kind: 'file', path: 'C:\\exports\\a.xlsx', dir: 'C:\\exports' });
    expect(interpretTypedPath('/d/monthly')).toEqual({ kind: 'dir', path: '/d/monthly' });
    expect(interpretTypedPath('   ')).toBeNull();
  });

  it('flags the formats the wizard cannot import (a typed path may name any file)', () => {
    const items = [file('/d/a.csv'), file('/d/b.TSV'), file('/d/c.xlsx'), file('/d/d.parquet'), file('/d/e.xls'), file('/d/f.json')].map((e) => ({ ...e, kind: 'file' as const }));
    expect(unsupportedFiles(items).map((f) => f.name)).toEqual(['e.xls', 'f.json']);
  });
});
