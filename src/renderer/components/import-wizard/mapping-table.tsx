import { canonicalColumn } from '../../../shared/canonical-model';
import { COLUMN_KINDS, type ColumnKind } from '../../../shared/import-types';
import type { MessageKey } from '../../../shared/i18n/messages-en';
import { useI18n } from '../../i18n/i18n-context';
import { confidenceLevel, targetOptions, type MappingRow } from './mapping-draft';
import { percent } from './settings-panel';

export const KIND_LABELS: Record<ColumnKind, MessageKey> = {
  text: 'import.kind.text',
  integer: 'import.kind.integer',
  decimal: 'import.kind.decimal',
  double: 'import.kind.double',
  date: 'import.kind.date',
  timestamp: 'import.kind.timestamp',
  month: 'import.kind.month',
  boolean: 'import.kind.boolean',
  direction: 'import.kind.direction',
  json: 'import.kind.json',
};

/** Select value for "keep under its own name" (an option value cannot be null). */
const KEEP = '';

/**
 * Source column → canonical column, one row per source column: samples, the suggestion's
 * confidence and reason, and the type (auto: the canonical column's type, else the inferred one).
 */
export function MappingTable({
  table,
  rows,
  duplicates,
  onTarget,
  onType,
  disabled,
}: {
  table: string;
  rows: MappingRow[];
  duplicates: readonly string[];
  onTarget: (row: MappingRow, target: string | null) => void;
  onType: (row: MappingRow, kind: ColumnKind | null) => void;
  disabled: boolean;
}) {
  const { t } = useI18n();
  const options = targetOptions(table);
  return (
    <table className="import-table-plain import-mapping" data-testid="import-mapping">
      <thead>
        <tr>
          <th>{t('import.mapping.source')}</th>
          <th>{t('import.mapping.samples')}</th>
          <th>{t('import.mapping.target')}</th>
          <th>{t('import.mapping.confidence')}</th>
          <th>{t('import.mapping.type')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const autoKind = (row.target !== null ? canonicalColumn(table, row.target)?.kind : undefined) ?? row.detectedKind;
          const level = confidenceLevel(row.confidence);
          const duplicate = row.target !== null && duplicates.includes(row.target);
          return (
            <tr key={`${row.index}:${row.source}`} data-testid={`import-map-row-${row.source}`} className={row.edited ? 'edited' : undefined}>
              <td className="import-source">{row.source}</td>
              <td className="import-samples" title={row.samples.join(' · ')}>
                {row.samples.join(' · ')}
              </td>
              <td>
                <select
                  data-testid={`import-map-${row.source}`}
                  className={duplicate ? 'invalid' : undefined}
                  aria-invalid={duplicate}
                  aria-label={`${t('import.mapping.target')}: ${row.source}`}
                  disabled={disabled}
                  value={row.target ?? KEEP}
                  onChange={(e) => onTarget(row, e.target.value === KEEP ? null : e.target.value)}
                >
                  <option value={KEEP}>{t('import.mapping.keep')}</option>
                  {options.map((column) => (
                    <option key={column.name} value={column.name}>
                      {column.name}
                    </option>
                  ))}
                  {/* A target outside the table's model (kept from another table's suggestion) still shows. */}
                  {row.target !== null && !options.some((o) => o.name === row.target) && <option value={row.target}>{row.target}</option>}
                </select>
                {row.edited && <span className="import-edited">{t('import.mapping.edited')}</span>}
              </td>
              <td>
                {row.edited ? (
                  <span className="muted">—</span>
                ) : (
                  <span
                    className={`import-badge import-badge-${row.suggested === null ? 'none' : level}`}
                    data-testid={`import-confidence-${row.source}`}
                    data-level={row.suggested === null ? 'none' : level}
                    title={row.reason ? t('import.mapping.reason', { reason: row.reason }) : t('import.mapping.noReason')}
                  >
                    {row.suggested === null ? '—' : `${t(`import.confidence.${level}`)} ${percent(row.confidence)}`}
                  </span>
                )}
              </td>
              <td>
                <select
                  data-testid={`import-type-${row.source}`}
                  aria-label={`${t('import.mapping.type')}: ${row.source}`}
                  disabled={disabled}
                  value={row.typeOverride ?? KEEP}
                  onChange={(e) => onType(row, e.target.value === KEEP ? null : (e.target.value as ColumnKind))}
                >
                  <option value={KEEP}>{t('import.mapping.auto', { kind: t(KIND_LABELS[autoKind]) })}</option>
                  {COLUMN_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {t(KIND_LABELS[kind])}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
