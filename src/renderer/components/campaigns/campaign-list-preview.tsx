import { useMemo } from 'react';
import type { MethodParams } from '../../../shared/methods';
import type { EngineClient } from '../../../shared/engine-client';
import { formatCount } from '../../format/number-format';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { useEngineQuery } from '../../state/use-engine-query';
import { CanvasGrid, type GridSource } from '../canvas-grid/canvas-grid';

let listRuns = 0;

/**
 * The target list itself before it is exported: every row the export would write (arm, cell,
 * channel, contact date, RM, rank and the chosen columns), in the masked grid — personal columns
 * stay masked unless the app-wide switch says otherwise.
 */
export function CampaignListPreview({ client, target, active }: { client: EngineClient; target: MethodParams<'campaign.members'>['target']; active: boolean }) {
  const { t, intlLocale } = useI18n();
  const members = useEngineQuery(client, 'campaign.members', { target }, { debounceMs: 400, supersede: 'campaign.members', active });
  // Every answer is a fresh list table: the grid starts over.
  const run = useMemo(() => ++listRuns, [members.data]);
  const source: GridSource | null = useMemo(
    () => (members.data ? { key: `campaign-list:${members.data.table.name}:${members.data.rowCount}:${run}`, table: members.data.table, columns: members.data.columns, rowCount: members.data.rowCount, unmasked: false } : null),
    [members.data, run],
  );
  return (
    <div className="campaign-list-preview" data-testid="campaign-list-preview" data-rows={members.data?.rowCount ?? ''}>
      {members.error && (
        <p className="error" role="alert">
          {formatAppError(t, members.error)}
        </p>
      )}
      {members.pending && !members.data && <p className="muted">{t('campaigns.building')}</p>}
      {source && (
        <div className="profile-grid-pane">
          <CanvasGrid key={source.key} client={client} source={source} title={t('campaigns.listTitle', { rows: formatCount(source.rowCount ?? 0, intlLocale) })} testId="campaign-list-grid" />
        </div>
      )}
    </div>
  );
}
