import { describe, expect, it } from 'vitest';
import { parseCellRef, parseRangeRef } from '../../src/engine/import/xlsx-reader';

describe('xlsx cell references', () => {
  it('reads column letters and row digits, absolute or not, in either case', () => {
    expect(parseCellRef('A1')).toEqual({ col: 0, row: 0 });
    expect(parseCellRef('Z9')).toEqual({ col: 25, row: 8 });
    expect(parseCellRef('AA10')).toEqual({ col: 26, row: 9 });
    expect(parseCellRef('$AB$12')).toEqual({ col: 27, row: 11 });
    expect(parseCellRef('xfd1048576')).toEqual({ col: 16383, row: 1048575 });
    expect(parseRangeRef('B2:$D$5')).toEqual({ r0: 1, c0: 1, r1: 4, c1: 3 });
  });

  it('refuses what is not a cell reference', () => {
    for (const bad of ['', 'A', '1', '1A', 'A1B', '$', 'A$', '$$A1', 'A-1', 'Ä1', '@1', '[1', 'A 1']) expect(parseCellRef(bad), bad).toBeNull();
  });
});
