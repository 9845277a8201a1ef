import fs from 'node:fs';
import path from 'node:path';
import { dictionaryRows, GROUP_NAMES, KIND_NAMES, type DictionaryRow } from '../../shared/data-dictionary';
import type { Handlers } from '../rpc/handlers';
import type { Workspace } from '../workspace';
import { recordExport } from './export-audit';
import { ExportDestination, exportWriteError, sha256OfFile } from './export-destination';
import { XlsxWriter, type XlsxSheetColumn, type XlsxValue } from './xlsx-writer';

/** The sheet's columns, headed in both languages as the bank and the consultants read them. */
const COLUMNS: readonly XlsxSheetColumn[] = [
  { header: '类型 Kind', kind: 'text' },
  { header: '技术名称 Technical name', kind: 'text' },
  { header: '中文名称 Chinese name', kind: 'text' },
  { header: '英文名称 English name', kind: 'text' },
  { header: '分组 Group', kind: 'text' },
  { header: '单位 Unit', kind: 'text' },
  { header: '口径定义 Definition (zh)', kind: 'text' },
  { header: '口径定义 Definition (en)', kind: 'text' },
];

function sheetRow(row: DictionaryRow): XlsxValue[] {
  const group = GROUP_NAMES[row.group];
  return [`${KIND_NAMES[row.kind].zh} ${KIND_NAMES[row.kind].en}`, row.technical, row.name.zh, row.name.en, `${group.zh} ${group.en}`, `${row.unit.zh} / ${row.unit.en}`, row.definition.zh, row.definition.en];
}

/** Writes the dictionary to `outPath` (complete or not at all, as every export) and returns the file. */
async function writeDictionary(outPath: string) {
  const rows = dictionaryRows();
  const destination = ExportDestination.forFile(outPath);
  const { temp, final } = destination.reserve(path.basename(path.resolve(outPath)));
  const writer = new XlsxWriter(temp, COLUMNS, { sheetName: '数据字典 Dictionary' });
  try {
    await writer.writeRows(rows.map(sheetRow));
    await writer.close(null);
    const file = { path: final, rows: rows.length, bytes: fs.statSync(temp).size, sha256: await sha256OfFile(temp) };
    destination.commit();
    return file;
  } catch (error) {
    await writer.abandon();
    destination.rollback();
    throw exportWriteError(error, temp);
  }
}

export function createDictionaryHandlers(workspace: Workspace): Pick<Handlers, 'dictionary.export'> {
  return {
    // The export writes an audit row: a queued write like the other exports.
    'dictionary.export': (params, ctx) =>
      workspace.write(ctx, async (session) => {
        const started = performance.now();
        const file = await writeDictionary(params.outPath);
        const entry = await recordExport(
          session,
          { subject: { kind: 'dictionary' }, format: 'xlsx', splitBy: null, masked: true, columns: COLUMNS.map((c) => c.header), files: [file], rows: file.rows },
          null,
        );
        return { auditId: entry.id, rows: file.rows, files: [file], elapsedMs: performance.now() - started };
      }),
  };
}
