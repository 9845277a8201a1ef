import { useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { useI18n } from '../../i18n/i18n-context';
import { ColumnProfile } from './column-profile';
import { QualityResults } from './quality-results';

/**
 * The Data page's standing quality view: the data-quality checks across the canonical tables
 * (data.quality: count, severity, examples) with a button to run them again, and the column
 * profile of a chosen table (import.profile). Both follow the data by themselves (query-topics.ts).
 */
export function QualityView({
  client,
  tables,
  table,
  onTable,
  active,
  unmasked,
}: {
  client: EngineClient;
  /** The workspace's own tables (schema main), by name. */
  tables: readonly string[];
  /** The table profiled (null: none yet). */
  table: string | null;
  onTable: (table: string) => void;
  /** false while the view is hidden. */
  active: boolean;
  unmasked: boolean;
}) {
  const { t } = useI18n();
  const [runs, setRuns] = useState(0);
  return (
    <div className="quality-view" data-testid="quality-view">
      <div className="quality-view-head">
        <p className="muted">{t('quality.intro')}</p>
        <button type="button" className="button" data-testid="quality-rerun" onClick={() => setRuns((n) => n + 1)}>
          {t('quality.rerun')}
        </button>
      </div>
      <QualityResults client={client} rerun={runs} active={active} unmasked={unmasked} examples={3} testId="quality-checks" />
      <div className="quality-profile-head">
        <label>
          {t('quality.profileTable')}{' '}
          <select data-testid="quality-profile-table" value={table ?? ''} onChange={(event) => onTable(event.target.value)} disabled={tables.length === 0}>
            {table === null && <option value="">—</option>}
            {tables.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {table !== null ? (
        <ColumnProfile client={client} table={table} unmasked={unmasked} rerun={runs} active={active} testId="quality-profile" />
      ) : (
        <p className="muted">{t('quality.noTables')}</p>
      )}
    </div>
  );
}
