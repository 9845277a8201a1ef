import { describe, expect, it } from 'vitest';
import { maskLooseText, maskProfile, maskQualityResult, maskRawFields, maskRawLine, maskReject } from '../../src/engine/privacy/mask-reports';

describe('masking the import reports', () => {
  it('masks IDs, mobiles and Chinese names field by field in a raw line, whatever the delimiter', () => {
    expect(maskRawLine('000101,张伟,11010519491231002X,13800138000,1949-12-31')).toBe('000101,张*,110***********002X,138****8000,1949-12-31');
    expect(maskRawLine('000101|"王芳"|310101198001010011|tel 13912345678')).toBe('000101|"王*"|310***********0011|tel 139****5678');
    expect(maskRawLine('a;买买提·艾力;b\t欧阳娜娜')).toBe('a;买*;b\t欧*');
    // Account numbers, amounts, dates, codes and longer text are left alone.
    expect(maskRawLine('B05,6222000000000001,2024-02-30,50.00')).toBe('B05,6222000000000001,2024-02-30,50.00');
    expect(maskRawLine('000123459,000104,信用卡分期付款业务,-300')).toBe('000123459,000104,信用卡分期付款业务,-300');
    expect(maskRawLine('')).toBe('');
  });

  it('masks each field of a raw line by the column it went to, where the import recorded them', () => {
    const layout = { delimiter: ',', quote: '"', columns: ['customer_id', 'name', 'id_number', 'product', 'remark'] };
    // A Latin name by its column; a short Chinese word in another column left alone; an ID column masked whatever its value.
    expect(maskRawFields('C1,John Smith,X123,活期,call 13800138000', layout)).toBe('C1,J*,****,活期,call 138****8000');
    // Quoted fields (the delimiter and a doubled quote inside), spacing and empty fields kept.
    expect(maskRawFields('C2, "Smith, ""J""" ,,"活期, 定期",', layout)).toBe('C2, "S*" ,,"活期, 定期",');
    // A field past the header's width: by shape, a Chinese name included.
    expect(maskRawFields('C3,李娜,,,,张伟,13912345678', layout)).toBe('C3,李*,,,,张*,139****5678');
    // Another delimiter and a header name that says 'name' (户名), no quote character.
    expect(maskRawFields('Ann Lee\t110105194912310021\t活期', { delimiter: '\t', quote: '', columns: ['户名', '备注', '产品'] })).toBe('A*\t110***********0021\t活期');
    expect(maskReject({ file: 'f', line: 2, column: 'd', code: 'other', params: {}, reason: 'x', raw: 'C1,Bob,1' }, { delimiter: ',', quote: '"', columns: ['id', 'customer_name', 'n'] }).raw).toBe('C1,B*,1');
  });

  it('masks the value a reason quotes, and leaves the rest of the reason', () => {
    expect(maskLooseText('cannot read 13800138000 as date')).toBe('cannot read 138****8000 as date');
    const reject = maskReject({
      file: '/d/c.csv', line: 4, column: '出生日期', code: 'cannotConvert', params: { value: '李娜', expected: 'date' }, reason: 'cannot read "李娜" as date', raw: '000203,李娜,1980-02-30',
    });
    expect(reject).toEqual({
      file: '/d/c.csv', line: 4, column: '出生日期', code: 'cannotConvert', params: { value: '李*', expected: 'date' }, reason: 'cannot read "李*" as date', raw: '000203,李*,1980-02-30',
    });
    // The value's column decides: an ID number column masks any value.
    expect(maskReject({ file: 'f', line: 1, column: 'id_number', code: 'cannotConvert', params: { value: 'X123', expected: 'date' }, reason: 'x', raw: null }).params.value).toBe('****');
    expect(maskReject({ file: 'f', line: null, column: null, code: 'tooManyColumns', params: { expected: '4', found: '5' }, reason: 'Expected Number of Columns: 4 Found: 5', raw: null }))
      .toMatchObject({ params: { expected: '4', found: '5' }, reason: 'Expected Number of Columns: 4 Found: 5', raw: null });
  });

  it('masks a profile by column name and shape, and drops the histogram of a numeric phone column', () => {
    const column = (name: string, type: string, values: string[], histogram = [] as Array<{ from: string; to: string; count: number }>) => ({
      name, type, rows: 2, nulls: 0, distinct: 2, min: values[0]!, max: values[1]!, top: values.map((value) => ({ value, count: 1 })), histogram,
    });
    const masked = maskProfile({
      table: 'customers',
      rows: 2,
      columns: [
        column('name', 'VARCHAR', ['张伟', '王芳']),
        column('note', 'VARCHAR', ['13800138000', 'VIP']),
        column('phone', 'BIGINT', ['13800138000', '13912345678'], [{ from: '13800138000', to: '13912345678', count: 2 }]),
        column('amount', 'DECIMAL(18,2)', ['1.00', '2.00'], [{ from: '1', to: '2', count: 2 }]),
      ],
    });
    expect(masked.columns.map((c) => [c.min, c.max, c.top.map((t) => t.value)])).toEqual([
      ['张*', '王*', ['张*', '王*']],
      ['138****8000', 'VIP', ['138****8000', 'VIP']],
      ['138****8000', '139****5678', ['138****8000', '139****5678']],
      ['1.00', '2.00', ['1.00', '2.00']],
    ]);
    expect(masked.columns.map((c) => c.histogram.length)).toEqual([0, 0, 0, 1]);
  });

  it('masks example rows by column name, numbers in ID and phone columns included', () => {
    const result = maskQualityResult({
      asOf: null,
      checks: [
        {
          id: 'missing_key', severity: 'error', table: 'customers', column: 'customer_id', descriptionKey: 'quality.missing_key', count: 1,
          examples: [{ customer_id: null, name: '陈静', id_number: '320102197707070045', phone: 13700001111, remark: '13600002222', ok: true, balance: -5 }],
        },
      ],
    });
    expect(result.checks[0]!.examples).toEqual([{ customer_id: null, name: '陈*', id_number: '320***********0045', phone: '137****1111', remark: '136****2222', ok: true, balance: -5 }]);
  });
});
