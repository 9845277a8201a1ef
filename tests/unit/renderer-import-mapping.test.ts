import { describe, expect, it } from 'vitest';
import type { DetectResult } from '../../src/shared/import-types';
import {
  buildMappingRows,
  confidenceLevel,
  duplicateTargets,
  missingKeyColumns,
  NO_EDITS,
  sampleValues,
  setTarget,
  setType,
  targetOptions,
  toRunMapping,
} from '../../src/renderer/components/import-wizard/mapping-draft';

const detected: Pick<DetectResult, 'columns' | 'preview'> = {
  columns: [
    { index: 0, source: '客户号', target: 'customer_id', confidence: 0.95, reason: 'synonym', kind: 'text' },
    { index: 1, source: '客户姓名', target: 'name', confidence: 0.95, reason: 'synonym', kind: 'text' },
    { index: 2, source: '备注', target: null, confidence: 0, reason: null, kind: 'text' },
  ],
  preview: [
    ['000101', '张伟', '代发客户'],
    ['000102', '王芳', ''],
    ['000103', '李娜', '代发客户'],
    ['000104', '刘洋', 'VIP'],
  ],
};

describe('import wizard: column mapping', () => {
  it('starts from the suggestion', () => {
    const rows = buildMappingRows(detected, NO_EDITS);
    expect(rows.map((r) => [r.source, r.target, r.edited])).toEqual([
      ['客户号', 'customer_id', false],
      ['客户姓名', 'name', false],
      ['备注', null, false],
    ]);
    expect(rows[2]!.samples).toEqual(['代发客户', 'VIP']);
  });

  it('applies edits by source header, and choosing the suggestion again removes the edit', () => {
    let edits = setTarget(NO_EDITS, { source: '备注', suggested: null }, 'occupation');
    edits = setType(edits, '客户号', 'integer');
    let rows = buildMappingRows(detected, edits);
    expect(rows[2]).toMatchObject({ target: 'occupation', edited: true });
    expect(rows[0]).toMatchObject({ typeOverride: 'integer' });
    expect(toRunMapping(rows)).toEqual({ mapping: { 客户号: 'customer_id', 客户姓名: 'name', 备注: 'occupation' }, types: { 客户号: 'integer' } });

    edits = setTarget(edits, { source: '备注', suggested: null }, null);
    edits = setType(edits, '客户号', null);
    rows = buildMappingRows(detected, edits);
    expect(rows[2]).toMatchObject({ target: null, edited: false });
    expect(edits).toEqual(NO_EDITS);
  });

  it('unmapping a suggested column keeps it under its own name (null), explicitly', () => {
    const rows = buildMappingRows(detected, setTarget(NO_EDITS, { source: '客户姓名', suggested: 'name' }, null));
    expect(rows[1]).toMatchObject({ target: null, edited: true });
    expect(toRunMapping(rows).mapping['客户姓名']).toBeNull();
  });

  it('finds targets chosen twice and key columns nobody fills', () => {
    const rows = buildMappingRows(detected, setTarget(NO_EDITS, { source: '客户姓名', suggested: 'name' }, 'customer_id'));
    expect(duplicateTargets(rows)).toEqual(['customer_id']);
    expect(missingKeyColumns('customers', buildMappingRows(detected, NO_EDITS))).toEqual([]);
    expect(missingKeyColumns('balances', buildMappingRows(detected, NO_EDITS))).toEqual(['month']);
    expect(missingKeyColumns('my_table', [])).toEqual([]);
  });

  it('offers the canonical columns of the chosen table', () => {
    expect(targetOptions('customers').map((c) => c.name)).toContain('risk_level');
    expect(targetOptions('balances').map((c) => c.name)).toEqual(['customer_id', 'month', 'aum']);
    expect(targetOptions('scratch_table')).toEqual([]);
  });

  it('grades confidence and samples distinct non-empty values', () => {
    expect([confidenceLevel(0.95), confidenceLevel(0.6), confidenceLevel(0.2)]).toEqual(['high', 'medium', 'low']);
    expect(sampleValues([['a'], [' '], ['a'], ['b'], ['c'], ['d']], 0)).toEqual(['a', 'b', 'c']);
    expect(sampleValues([['a']], 3)).toEqual([]);
  });
});
