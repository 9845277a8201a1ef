import type { ColumnInfo, TableRef } from '../../shared/table-types';
import { AppError } from '../../shared/errors';
import { personalRule } from '../privacy/personal-columns';
import type { Handlers } from '../rpc/handlers';
import type { MaskedColumn } from '../privacy/masked-views';
import { describeColumns } from '../tables/table-catalog';
import { viewRowsSql } from '../tables/view-rows-sql';
import type { Workspace } from '../workspace';
import type { ExportHeaderStyle } from '../../shared/campaign-types';
import { columnHeader, exportKindOf, headerStyleFor, type ExportColumn } from './export-columns';
import { exportCampaign } from './campaign-export';
import { recordExport, verifyExports } from './export-audit';
import { runExport } from './export-run';

type ExportMethod = 'export.table' | 'campaign.export' | 'audit.verify';

/** The columns of a table as an export sees them: masked by what they hold (personal-columns.ts), else by shape. */
export function exportColumnsOf(ref: TableRef, columns: readonly ColumnInfo[], headers: Record<string, string>, style: ExportHeaderStyle = 'technical'): ExportColumn[] {
  // A scratch result's columns are named as the profile's are; a source table's by its own entries.
  const table = ref.schema === 'scratch' ? null : ref.name;
  return columns.map((column) => {
    const rule = personalRule(ref.schema === 'scratch' ? `scratch:${ref.name}` : ref.name, column);
    const kind = exportKindOf(column.name, column.type);
    return { name: column.name, header: headers[column.name] ?? columnHeader(style, table, column.name), kind, mask: rule ?? (kind === 'id' || kind === 'text' ? 'shape' : null) };
  });
}

export function createExportHandlers(workspace: Workspace): Pick<Handlers, ExportMethod> {
  return {
    // Exports write an audit row: queued writes like any other (reads go on meanwhile).
    'campaign.export': (params, ctx) => workspace.write(ctx, (session) => exportCampaign(session, ctx, params)),
    'audit.verify': (params, ctx) => workspace.withSession(ctx, (session) => verifyExports(session, params.auditId)),
    'export.table': (params, ctx) =>
      workspace.write(ctx, async (session) => {
        const started = performance.now();
        const columns = await describeColumns(session, params.table);
        if (params.splitBy !== null && !columns.some((c) => c.name === params.splitBy))
          throw new AppError('INVALID_ARGUMENT', `no column ${params.splitBy} to split by`, { column: params.splitBy }, 'error.EXPORT_SPLIT_COLUMN');
        const exportColumns = exportColumnsOf(params.table, columns, params.headers, headerStyleFor(params.format, params.headerStyle));
        const masked = params.unmask === null;
        // While masked, the personal columns are read in their masked form (privacy/masked-views.ts), as the grid reads
        // them: a view's filters and order and the split see masked values only, and the file's select masks them no more.
        const atSource = masked ? exportColumns.flatMap((c): MaskedColumn[] => (c.mask === null || c.mask === 'shape' ? [] : [{ name: c.name, rule: c.mask }])) : [];
        // A view exports what the grid shows: its filters (bound values) and its order.
        const rows = await viewRowsSql(session, params.table, columns, atSource, params.view ?? { sort: null, filters: [] }, { ordered: false });
        const outcome = await runExport(session, ctx, {
          sourceSql: rows.sql,
          params: rows.params,
          columns: exportColumns.map((c) => (atSource.some((m) => m.name === c.name) ? { ...c, mask: null } : c)),
          format: params.format,
          splitBy: params.splitBy,
          outPath: params.outPath,
          masked,
          sheetName: params.table.name,
        });
        const entry = await recordExport(
          session,
          { subject: { kind: 'table', name: params.table.name }, format: params.format, splitBy: params.splitBy, masked, columns: exportColumns.map((c) => c.header), files: outcome.files, rows: outcome.rows },
          params.unmask?.reason ?? null,
        );
        return { auditId: entry.id, rows: outcome.rows, files: outcome.files, masked, elapsedMs: performance.now() - started };
      }),
  };
}
