import { describe, expect, it } from 'vitest';
import type { DetectResult, ImportPreset } from '../../src/shared/import-types';
import { importPresetSchema, runParamsSchema } from '../../src/shared/import-types';
import {
  applyPreset,
  blockReasons,
  effectiveTable,
  INITIAL_PLAN,
  presetFromPlan,
  readsDirection,
  REJECT_SAMPLE,
  runParamsFor,
  toggleSheet,
  withTable,
} from '../../src/renderer/components/import-wizard/import-plan';
import { buildMappingRows, setTarget } from '../../src/renderer/components/import-wizard/mapping-draft';

const detected = {
  format: 'csv' as const,
  headers: ['客户号', '备注'],
  suggestedTable: { table: 'customers', confidence: 0.74 },
  alreadyImported: null,
  columns: [
    { index: 0, source: '客户号', target: 'customer_id', confidence: 0.95, reason: 'synonym', kind: 'text' as const },
    { index: 1, source: '备注', target: null, confidence: 0, reason: null, kind: 'text' as const },
  ],
  preview: [['000101', 'VIP']],
} satisfies Partial<DetectResult>;

describe('import wizard: the plan and the run parameters', () => {
  it('runs with the suggested table, the mapping of every column and the overrides', () => {
    const plan = { ...INITIAL_PLAN, overrides: { encoding: 'gbk' as const }, edits: setTarget(INITIAL_PLAN.edits, { source: '备注', suggested: null }, 'occupation') };
    const rows = buildMappingRows(detected, plan.edits);
    const params = runParamsFor(plan, detected, rows, ['/d/a.csv']);
    expect(params).toEqual({
      files: ['/d/a.csv'],
      table: 'customers',
      mode: 'replace',
      overrides: { encoding: 'gbk' },
      mapping: { 客户号: 'customer_id', 备注: 'occupation' },
      types: {},
      numericDirection: '1_debit',
      allowReimport: false,
      rejectSample: REJECT_SAMPLE,
      numericThreshold: 0.999,
      invalidValues: 'reject-row',
      nullTokens: [],
      duplicates: 'keep-first',
      valueMaps: {},
      lookups: [],
    });
    expect(runParamsSchema.safeParse(params).success).toBe(true);
  });

  it('carries the value checks the analyst chose in the preview', () => {
    const plan = { ...INITIAL_PLAN, numericThreshold: 0.99, invalidValues: 'set-null' as const, nullTokens: ['?', '--'], centuryPivot: 30, duplicates: 'reject-all' as const };
    const params = runParamsFor(plan, detected, buildMappingRows(detected, plan.edits), ['/d/a.csv']);
    expect(params).toMatchObject({ numericThreshold: 0.99, invalidValues: 'set-null', nullTokens: ['?', '--'], centuryPivot: 30, duplicates: 'reject-all' });
    expect(runParamsSchema.safeParse(params).success).toBe(true);
  });

  it('a new table drops the column choices', () => {
    const plan = withTable({ ...INITIAL_PLAN, edits: { targets: { 备注: 'occupation' }, types: {} } }, 'accounts');
    expect(effectiveTable(plan, detected)).toBe('accounts');
    expect(plan.edits).toEqual({ targets: {}, types: {} });
  });

  it('blocks a run on a duplicate target and on an unconfirmed re-import', () => {
    const rows = buildMappingRows(detected, setTarget(INITIAL_PLAN.edits, { source: '备注', suggested: null }, 'customer_id'));
    const again = { alreadyImported: { importId: 'x', table: 'customers', at: '2024-02-01T00:00:00Z' } };
    expect(blockReasons(INITIAL_PLAN, again, rows, 1)).toEqual(['duplicate-targets', 'reimport-unconfirmed']);
    expect(blockReasons({ ...INITIAL_PLAN, allowReimport: true }, again, buildMappingRows(detected, INITIAL_PLAN.edits), 1)).toEqual([]);
    expect(blockReasons(INITIAL_PLAN, detected, [], 0)).toEqual(['no-files']);
  });

  it('Excel: sends the chosen sheets; the last sheet cannot be unticked', () => {
    const xlsx = { ...detected, format: 'xlsx' as const, sheet: '客户' };
    let plan = toggleSheet(INITIAL_PLAN, xlsx, '账户');
    expect(plan.sheets).toEqual(['账户', '客户']); // the newly ticked sheet is previewed
    plan = toggleSheet(toggleSheet(plan, xlsx, '客户'), xlsx, '账户');
    expect(plan.sheets).toEqual(['账户']);
    expect(runParamsFor(plan, xlsx, [], ['/d/a.xlsx']).sheets).toEqual(['账户']);
    expect(runParamsFor(INITIAL_PLAN, xlsx, [], ['/d/a.xlsx']).sheets).toEqual(['客户']);
    expect(runParamsFor(INITIAL_PLAN, detected, [], ['/d/a.csv'])).not.toHaveProperty('sheets');
  });

  it('saves the plan as a valid preset and applies a preset back', () => {
    const plan = { ...INITIAL_PLAN, overrides: { encoding: 'gbk' as const, headerLine: 2 }, edits: { targets: { 备注: 'occupation' }, types: { 客户号: 'text' as const } } };
    const preset = presetFromPlan('核心系统客户', plan, detected, buildMappingRows(detected, plan.edits));
    expect(importPresetSchema.parse(preset)).toEqual<ImportPreset>({
      version: 1,
      name: '核心系统客户',
      table: 'customers',
      headers: ['客户号', '备注'],
      settings: { encoding: 'gbk', headerLine: 2 },
      mapping: { 客户号: 'customer_id', 备注: 'occupation' },
      types: { 客户号: 'text' },
    });
    const applied = applyPreset(INITIAL_PLAN, preset);
    expect(applied).toMatchObject({ table: 'customers', overrides: { encoding: 'gbk', headerLine: 2 }, preset: '核心系统客户' });
    expect(buildMappingRows(detected, applied.edits).map((r) => r.target)).toEqual(['customer_id', 'occupation']);
  });

  it('the 1/2 direction convention is asked only when a column reads as a direction, and travels with the run and the preset', () => {
    const txns = {
      ...detected,
      headers: ['流水号', '借贷标志'],
      suggestedTable: { table: 'transactions', confidence: 0.8 },
      columns: [
        { index: 0, source: '流水号', target: 'txn_id', confidence: 0.9, reason: 'synonym', kind: 'text' as const },
        { index: 1, source: '借贷标志', target: 'direction', confidence: 0.9, reason: 'synonym', kind: 'direction' as const },
      ],
    };
    expect(readsDirection('transactions', buildMappingRows(txns, INITIAL_PLAN.edits))).toBe(true);
    expect(readsDirection('transactions', buildMappingRows(txns, setTarget(INITIAL_PLAN.edits, { source: '借贷标志', suggested: 'direction' }, null)))).toBe(false);
    expect(readsDirection('customers', buildMappingRows(detected, { targets: {}, types: { 备注: 'direction' } }))).toBe(true);
    const plan = { ...INITIAL_PLAN, numericDirection: '1_credit' as const };
    expect(runParamsFor(plan, txns, buildMappingRows(txns, plan.edits), ['/d/t.csv']).numericDirection).toBe('1_credit');
    const preset = presetFromPlan('对公流水', plan, txns, buildMappingRows(txns, plan.edits));
    expect(importPresetSchema.parse(preset).numericDirection).toBe('1_credit');
    expect(applyPreset(INITIAL_PLAN, preset).numericDirection).toBe('1_credit');
    // The default convention is not written into presets (older files stay as they were).
    expect(presetFromPlan('x', INITIAL_PLAN, txns, buildMappingRows(txns, INITIAL_PLAN.edits))).not.toHaveProperty('numericDirection');
  });

  it('a preset\'s value maps and lookups travel into the run and back into a saved preset', () => {
    const lookup = { column: 'customer_id', table: 'disp', on: 'account_id', key: 'account_id', value: 'client_id', where: { type: 'OWNER' } };
    const preset = importPresetSchema.parse({ version: 1, name: 'berka', table: 'customers', mapping: { 客户号: 'customer_id' }, valueMaps: { 备注: { A: 'open' } }, lookups: [lookup] });
    const plan = applyPreset(INITIAL_PLAN, preset);
    const params = runParamsFor(plan, detected, buildMappingRows(detected, plan.edits), ['/d/a.csv']);
    expect(params).toMatchObject({ valueMaps: { 备注: { A: 'open' } }, lookups: [lookup] });
    expect(presetFromPlan('again', plan, detected, buildMappingRows(detected, plan.edits))).toMatchObject({ valueMaps: { 备注: { A: 'open' } }, lookups: [lookup] });
  });
});
