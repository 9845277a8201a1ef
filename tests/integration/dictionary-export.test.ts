import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XlsxWorkbook } from '../../src/engine/import/xlsx-reader';
import { CancellationToken } from '../../src/engine/jobs/cancellation';
import { dictionaryRows } from '../../src/shared/data-dictionary';
import type { EngineClient } from '../../src/shared/engine-client';
import { AppError } from '../../src/shared/errors';
import type { Engine } from '../../src/engine/engine';
import { openTempEngine } from '../support/temp-workspace';

/** The data dictionary to Excel: the workbook read back with the import's own reader holds every entry, aum_latest as the bank reads it. */
async function readSheet(file: string): Promise<string[][]> {
  const book = await XlsxWorkbook.open(file);
  try {
    const rows: string[][] = [];
    await book.streamRows(book.sheets[0]!, {
      token: new CancellationToken(),
      onRow: (row) => {
        const cells: string[] = [];
        for (const cell of row.cells) cells[cell.col] = cell.value;
        rows.push(Array.from(cells, (c) => c ?? ''));
      },
    });
    return rows;
  } finally {
    book.close();
  }
}

describe('dictionary.export', () => {
  let engine: Engine;
  let client: EngineClient;
  let dir: string;
  let dispose: () => void;

  beforeAll(async () => {
    ({ engine, dir, dispose } = await openTempEngine());
    client = engine.connectClient();
  });
  afterAll(() => dispose());

  it('writes every entry with both names, group, unit and definition, and records the export', async () => {
    const file = path.join(dir, '数据字典.xlsx');
    const result = await client.call('dictionary.export', { outPath: file });
    expect(result.files.map((f) => f.path)).toEqual([file]);
    const rows = await readSheet(file);
    expect(rows[0]).toEqual(['类型 Kind', '技术名称 Technical name', '中文名称 Chinese name', '英文名称 English name', '分组 Group', '单位 Unit', '口径定义 Definition (zh)', '口径定义 Definition (en)']);
    expect(rows.length - 1).toBe(dictionaryRows().length);
    expect(result.rows).toBe(dictionaryRows().length);
    const aum = rows.find((r) => r[1] === 'aum_latest');
    expect(aum?.slice(2, 7)).toEqual(['最新月末资产（AUM）', 'Latest month-end AUM', '资产 Assets', '元 / CNY', '分析日期所在月的月末总资产：存款 + 理财，外币按 7.20 折算']);
    expect(rows.find((r) => r[1] === 'value_tier = long_tail')?.[2]).toBe('长尾客户');
    expect(rows.find((r) => r[1] === 'accounts.balance')?.[2]).toBe('账户余额');
    expect(rows.find((r) => r[1] === 'tier:')?.[2]).toBe('价值分层');
    const [audit] = await client.call('audit.list', { action: 'export', limit: 1 });
    const details = JSON.parse(audit!.details) as { subject: { kind: string }; files: Array<{ sha256: string }> };
    expect(details.subject.kind).toBe('dictionary');
    expect(details.files[0]!.sha256).toBe(result.files[0]!.sha256);
    const verified = await client.call('audit.verify', { auditId: audit!.id });
    expect(verified.ok).toBe(true);
  });

  it('refuses a folder that cannot be written and leaves nothing behind', async () => {
    const blocker = path.join(dir, 'plain-file');
    fs.writeFileSync(blocker, 'x');
    const error = await client.call('dictionary.export', { outPath: path.join(blocker, 'd.xlsx') }).catch((e: unknown) => e);
    expect((error as AppError).messageKey).toBe('error.EXPORT_NOT_WRITABLE');
    expect(fs.readFileSync(blocker, 'utf8')).toBe('x');
  });
});
