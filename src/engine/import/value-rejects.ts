import type { ColumnKind, ValueReject } from '../../shared/import-types';
import type { Session } from '../workspace';
import { REJECTS_TABLE } from './import-bookkeeping';

/**
 * The invalid values of a file, per column: how many, and the first few with their lines — what
 * the summary names ("账户余额: 2 values are not numbers (line 1,207: 待补录; line 2,410: #VALUE!)").
 * Read back from the import's reject records, whose reason quotes the value.
 */
const EXAMPLES = 5;
const REASON = /^cannot read "([\s\S]*)" as (\w+)/;

export async function valueRejectsOf(session: Session, importId: string, file: string): Promise<Array<Omit<ValueReject, 'file'>>> {
  const rows = await session.rows<{ column: string | null; line: bigint | null; reason: string; n: bigint }>(
    `SELECT "column", line, reason, count(*) OVER (PARTITION BY "column") AS n FROM ${REJECTS_TABLE}
     WHERE import_id = $id AND file = $file AND starts_with(reason, 'cannot read "')
     QUALIFY row_number() OVER (PARTITION BY "column" ORDER BY line) <= ${EXAMPLES} ORDER BY "column", line`,
    { id: importId, file },
  );
  const byColumn = new Map<string, Omit<ValueReject, 'file'>>();
  for (const r of rows) {
    const m = REASON.exec(r.reason);
    if (!m || r.column === null) continue;
    const entry = byColumn.get(r.column) ?? { column: r.column, kind: m[2] as ColumnKind, count: Number(r.n), examples: [] };
    entry.examples.push({ line: r.line === null ? null : Number(r.line), value: m[1]! });
    byColumn.set(r.column, entry);
  }
  return [...byColumn.values()].sort((a, b) => (a.examples[0]?.line ?? 0) - (b.examples[0]?.line ?? 0));
}
