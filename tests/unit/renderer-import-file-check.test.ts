import { describe, expect, it } from 'vitest';
import { compareNaturalPaths, type FileEntry } from '../../src/shared/file-methods';
import type { CheckFilesResult, FileCheck, FileIssue } from '../../src/shared/import-types';
import { createTranslate } from '../../src/shared/i18n/i18n';
import { issueText } from '../../src/renderer/components/import-wizard/file-check-text';
import { expandSelection, withoutFiles, type SelectedItem } from '../../src/renderer/components/import-wizard/file-selection';
import { blockReasons, checkRequestFor, INITIAL_PLAN } from '../../src/renderer/components/import-wizard/import-plan';
import { buildMappingRows } from '../../src/renderer/components/import-wizard/mapping-draft';
import { flaggedFiles, importedBefore } from '../../src/renderer/components/import-wizard/use-file-check';

const en = createTranslate('en');
const zh = createTranslate('zh');
const issue = (i: Partial<FileIssue> & Pick<FileIssue, 'code'>): FileIssue => ({ severity: 'info', details: {}, ...i });
const fileCheck = (path: string, status: FileCheck['status'], alreadyImported: FileCheck['alreadyImported'] = null): FileCheck => ({
  path,
  format: 'csv',
  sizeBytes: 1,
  settings: { encoding: 'utf-8', delimiter: ',', quote: '"', headerLine: 0, hasHeader: true },
  headers: ['a'],
  sha256: null,
  alreadyImported,
  status,
  issues: [],
});

describe('import wizard: several files', () => {
  it('orders folder files naturally, sub-folders included', () => {
    const names = ['2024/10.csv', '2024/2.csv', 'summary.csv', '2023/12.csv', '2024/1.csv', '2024/q4/11.csv'];
    expect([...names].sort(compareNaturalPaths)).toEqual(['2023/12.csv', '2024/1.csv', '2024/2.csv', '2024/10.csv', '2024/q4/11.csv', 'summary.csv']);
    expect(['1月.csv', '10月.csv', '2月.csv'].sort(compareNaturalPaths)).toEqual(['1月.csv', '2月.csv', '10月.csv']);
    const entry = (name: string): FileEntry => ({ name, path: `/m/${name}`, kind: 'file', sizeBytes: 1, modifiedMs: 0 });
    const selection: SelectedItem[] = [{ path: '/m', name: 'm', kind: 'dir', sizeBytes: 0 }];
    expect(expandSelection(selection, new Map([['/m', names.map(entry)]])).map((f) => f.name)).toEqual([...names].sort(compareNaturalPaths));
  });

  it('drops files by path', () => {
    const files: SelectedItem[] = ['/d/a.csv', '/d/b.csv', '/d/c.csv'].map((path) => ({ path, name: path.slice(3), kind: 'file', sizeBytes: 1 }));
    expect(withoutFiles(files, ['/d/b.csv']).map((f) => f.name)).toEqual(['a.csv', 'c.csv']);
  });

  it('blocks Start while checking and while flagged files remain; files imported before are skipped, not blocking', () => {
    const result: CheckFilesResult = {
      reference: '/d/a.csv',
      hashed: true,
      files: [fileCheck('/d/a.csv', 'ok'), fileCheck('/d/b.csv', 'error'), fileCheck('/d/c.csv', 'warning', { importId: 'i', table: 'transactions', at: '2024-07-01 09:30:12' })],
    };
    const paths = ['/d/a.csv', '/d/b.csv', '/d/c.csv'];
    expect(flaggedFiles(result, paths)).toEqual(['/d/b.csv']);
    expect(importedBefore(result, paths).map((c) => c.path)).toEqual(['/d/c.csv']);
    const detected = { alreadyImported: { importId: 'i', table: 't', at: 'x' } };
    expect(blockReasons(INITIAL_PLAN, detected, [], 3, { checking: true, flagged: 0 })).toEqual(['checking-files']);
    expect(blockReasons(INITIAL_PLAN, detected, [], 3, { checking: false, flagged: 1 })).toEqual(['files-flagged']);
    expect(blockReasons(INITIAL_PLAN, detected, [], 3, { checking: false, flagged: 0 })).toEqual([]);
    // One file imported before still waits for "import it again".
    expect(blockReasons(INITIAL_PLAN, detected, [], 1)).toEqual(['reimport-unconfirmed']);
  });

  it('asks the check for the plan import.run would get', () => {
    const detected = {
      suggestedTable: { table: 'transactions', confidence: 0.9 },
      format: 'csv' as const,
      columns: [
        { index: 0, source: '交易金额', target: 'amount', confidence: 1, reason: 'synonym', kind: 'decimal' as const },
        { index: 1, source: '网点', target: null, confidence: 0, reason: null, kind: 'text' as const },
      ],
      preview: [],
    };
    const plan = { ...INITIAL_PLAN, overrides: { delimiter: '|' as const } };
    expect(checkRequestFor(plan, detected, buildMappingRows(detected, plan.edits), ['/d/a.csv', '/d/b.csv'])).toEqual({
      files: ['/d/a.csv', '/d/b.csv'],
      overrides: { delimiter: '|' },
      table: 'transactions',
      mapping: { 交易金额: 'amount', 网点: null },
    });
  });

  it('says each finding in words, in English and Chinese', () => {
    const missing = issue({ code: 'missing-mapped', severity: 'error', columns: ['交易金额', '账号'], targets: ['amount', 'account_id'], details: { count: 2 } });
    expect(issueText(en, missing, 'en')).toBe('The header lacks mapped columns: 交易金额 → amount, 账号 → account_id. Drop the file, or fix its header.');
    expect(issueText(zh, missing, 'zh')).toBe('表头缺少已映射的列：交易金额 → amount, 账号 → account_id。请移出该文件，或修正其表头。');
    expect(issueText(en, issue({ code: 'delimiter', details: { value: '\t', expected: ',' } }), 'en')).toBe('Another delimiter: Tab (first file: ,); it is read with its own.');
    expect(issueText(en, issue({ code: 'encoding', details: { value: 'gb18030', expected: 'utf-8' } }), 'en')).toBe('Another encoding: GB18030 (first file: UTF-8); it is read as GB18030.');
    expect(issueText(en, issue({ code: 'column-order' }), 'en')).toBe('Columns in another order: fine, columns are matched by name.');
    expect(issueText(en, issue({ code: 'same-content', severity: 'warning', details: { file: '/d/2024-01.csv' } }), 'en')).toBe('Same content as 2024-01.csv: its rows would be loaded twice.');
    const empty = issue({ code: 'empty', severity: 'error', error: { code: 'INVALID_ARGUMENT', messageKey: 'error.IMPORT_EMPTY_FILE', message: 'x', details: { file: '/d/e.csv' } } });
    expect(issueText(en, empty, 'en')).toBe('The file /d/e.csv is empty.');
  });
});
