import synonymsJson from '../../../resources/header-synonyms.json';
import { CANONICAL_TABLES, type CanonicalTable } from '../../shared/import-types';
import { CANONICAL_MODEL } from './canonical-model';

/**
 * The header-synonym dictionary (resources/header-synonyms.json): canonical column → headers
 * banks use. An entry keyed `table.column` applies to that table only and wins over the plain one.
 */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.()（）[\]【】:：/\\*#]/g, '');
}

type Index = Map<string, Map<CanonicalTable, string>>;

function buildIndex(): Index {
  const index: Index = new Map();
  const entries = Object.entries(synonymsJson as Record<string, unknown>).filter(([k, v]) => !k.startsWith('$') && Array.isArray(v)) as Array<[string, string[]]>;
  // Plain entries first, then table-specific ones so they overwrite.
  entries.sort(([a], [b]) => Number(a.includes('.')) - Number(b.includes('.')));
  for (const [key, headers] of entries) {
    const [tablePart, columnPart] = key.includes('.') ? (key.split('.') as [string, string]) : [null, key];
    for (const table of CANONICAL_TABLES) {
      if (tablePart !== null && tablePart !== table) continue;
      if (!CANONICAL_MODEL[table].columns.some((c) => c.name === columnPart)) continue;
      for (const header of [...headers, columnPart]) {
        const norm = normalizeHeader(header);
        let byTable = index.get(norm);
        if (!byTable) index.set(norm, (byTable = new Map()));
        byTable.set(table, columnPart);
      }
    }
  }
  return index;
}

let cached: Index | null = null;

/** The canonical column a header means in each table that has it. */
export function lookupHeader(header: string): Map<CanonicalTable, string> {
  cached ??= buildIndex();
  return cached.get(normalizeHeader(header)) ?? new Map();
}
