import fs from 'node:fs';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';

/**
 * Where exactly an invalid UTF-8 byte is. DuckDB's reader rejects the record but points at the
 * start of the field that holds the byte (and, after a \r\n, counts the line from its \n): the
 * byte itself is found here, in the file's bytes around that position, and written back into the
 * reader's rejects, so the reason says "byte 9 of the line (file offset 1,234)". Only for the
 * rejected records (a few), reading a small window of the file for each.
 */
const WINDOW = 64 * 1024;
const MAX_LOCATED = 1000;

function firstInvalid(bytes: Buffer, from: number): number {
  for (let i = from; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0 || i + need >= bytes.length) return i;
    for (let k = 1; k <= need; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return -1;
}

export async function locateInvalidBytes(session: Session, rejectsTable: string, file: string): Promise<void> {
  const t = quoteIdent(rejectsTable);
  const rows = await session.rows<{ line: bigint; byte_position: bigint | null }>(
    `SELECT line, min(byte_position) AS byte_position FROM ${t} WHERE error_type = 'INVALID ENCODING' GROUP BY line ORDER BY line LIMIT ${MAX_LOCATED}`,
  );
  if (rows.length === 0) return;
  const handle = await fs.promises.open(file, 'r');
  try {
    for (const r of rows) {
      if (r.byte_position === null) continue;
      const fieldStart = Math.max(0, Number(r.byte_position) - 1);
      const start = Math.max(0, fieldStart - WINDOW);
      const buffer = Buffer.alloc(2 * WINDOW);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
      const bytes = buffer.subarray(0, bytesRead);
      // DuckDB points at the field's start, or (a quoted field running over lines) past the byte:
      // then the byte is searched from the start of that line.
      let from = fieldStart - start;
      while (from > 0 && bytes[from - 1] !== 0x0a && bytes[from - 1] !== 0x0d) from--;
      const forward = firstInvalid(bytes, fieldStart - start);
      const at = forward >= 0 ? forward : firstInvalid(bytes, from);
      if (at < 0) continue;
      let lineStart = at;
      while (lineStart > 0 && bytes[lineStart - 1] !== 0x0a && bytes[lineStart - 1] !== 0x0d) lineStart--;
      // Both 1-based, as DuckDB's columns are.
      await session.run(`UPDATE ${t} SET byte_position = $b, line_byte_position = $l WHERE line = $line AND error_type = 'INVALID ENCODING'`, {
        b: start + at + 1,
        l: start + lineStart + 1,
        line: Number(r.line),
      });
    }
  } finally {
    await handle.close();
  }
}
