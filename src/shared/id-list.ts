/**
 * Customer IDs pasted or read from an uploaded file (one per line, or separated by commas, tabs,
 * semicolons or spaces; a CSV's first column). The engine matches them against the profile and
 * reports matched / unmatched / duplicates; this only splits the text, keeping order and
 * duplicates (the engine counts those), and drops a header cell that is obviously one.
 * Shared: the renderer previews a list with it, and the engine splits an uploaded list with it.
 */
const HEADER = /^(customer_?id|cust_?id|id|客户号|客户编号|客户id)$/i;
/** The most IDs one static segment is made from (segment.fromIds). */
export const MAX_IDS = 5_000_000;

export function parseIdList(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const firstCells = (lines[0] ?? '').split(/[,\t;]/).map(unquote);
  // A table with a header row whose first column is the id: take that column only.
  const tableMode = firstCells.length > 1 && HEADER.test(firstCells[0] ?? '');
  const ids: string[] = [];
  lines.forEach((line, index) => {
    if (tableMode) {
      if (index === 0) return;
      const id = unquote(line.split(/[,\t;]/)[0] ?? '');
      if (id !== '') ids.push(id);
      return;
    }
    for (const raw of line.split(/[\s,;，；、]+/)) {
      const id = unquote(raw);
      if (id === '') continue;
      if (index === 0 && ids.length === 0 && HEADER.test(id)) continue;
      ids.push(id);
    }
  });
  return ids;
}

function unquote(cell: string): string {
  return cell.trim().replace(/^"(.*)"$/, '$1').trim();
}

/** Distinct ids in first-seen order and how many repeats were dropped (a preview before the engine answers). */
export function dedupeIds(ids: readonly string[]): { unique: string[]; duplicates: number } {
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    unique.push(id);
  }
  return { unique, duplicates: ids.length - unique.length };
}
