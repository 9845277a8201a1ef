import { useMemo, useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import type { SegmentTarget } from '../../../shared/segment-types';
import { EChart } from '../../charts/echart';
import { formatCount } from '../../format/number-format';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { CanvasGrid, type GridSource } from '../canvas-grid/canvas-grid';
import { useEngineQuery } from '../../state/use-engine-query';
import { profileCompareOption } from './segment-charts';

const FIRST_ATTRIBUTES = 8;
let membersRuns = 0;

/**
 * Understanding a segment: each attribute's distribution in the segment beside the base, with the
 * lift, most different first (segment.compare); and the members' profile rows in the masked grid.
 */
export function UnderstandPanel({ client, target, title }: { client: EngineClient; target: SegmentTarget | null; title: string }) {
  const { t, intlLocale } = useI18n();
  const [showAll, setShowAll] = useState(false);
  const compare = useEngineQuery(client, 'segment.compare', target ? { ...target, bins: 10 } : null, { supersede: 'segment-compare' });
  const members = useEngineQuery(client, 'segment.members', target, { supersede: 'segment-members' });
  // Every answer is a fresh member table (a rebuilt profile, a new version): the grid starts over.
  const membersRun = useMemo(() => ++membersRuns, [members.data]);

  const attributes = compare.data?.attributes ?? [];
  const shown = showAll ? attributes : attributes.slice(0, FIRST_ATTRIBUTES);
  const source: GridSource | null = useMemo(
    () =>
      members.data
        ? { key: `members:${members.data.table.name}:${members.data.rowCount}:${membersRun}`, table: members.data.table, columns: members.data.columns, rowCount: members.data.rowCount, unmasked: false }
        : null,
    [members.data, membersRun],
  );

  if (!target) return <div className="grid-empty-state">{t('segments.understand.nothing')}</div>;
  return (
    <div className="understand-panel" data-testid="segment-understand">
      <h3>{t('segments.understand.profileTitle', { name: title })}</h3>
      {compare.error && <div className="error-text">{formatAppError(t, compare.error)}</div>}
      {compare.pending && !compare.data && <div className="muted">{t('segments.loading')}</div>}
      {compare.data && (
        <p className="muted" data-testid="segment-compare-summary">
          {t('segments.understand.summary', { segment: formatCount(compare.data.segmentCount, intlLocale), base: formatCount(compare.data.baseCount, intlLocale) })}
        </p>
      )}
      <div className="compare-charts" data-testid="segment-compare" data-attributes={attributes.length}>
        {shown.map((attribute) => (
          <div key={attribute.field} className="compare-chart" data-testid={`segment-compare-${attribute.field}`} data-difference={attribute.difference}>
            <EChart
              option={profileCompareOption({ attribute, segmentLabel: t('segments.understand.segment'), baseLabel: t('segments.understand.base'), liftLabel: t('segments.understand.lift') })}
              title={t('segments.understand.attribute', { field: attribute.field, difference: `${(attribute.difference * 100).toFixed(1)}%` })}
              height={Math.max(140, 40 + attribute.buckets.length * 22)}
            />
          </div>
        ))}
      </div>
      {attributes.length > FIRST_ATTRIBUTES && (
        <button type="button" className="link-button" onClick={() => setShowAll((v) => !v)}>
          {t(showAll ? 'segments.understand.showFewer' : 'segments.understand.showAll', { count: attributes.length })}
        </button>
      )}
      <h3>{t('segments.understand.members')}</h3>
      {members.error && <div className="error-text">{formatAppError(t, members.error)}</div>}
      <div className="profile-grid-pane segment-members-pane">
        {source ? <CanvasGrid key={source.key} client={client} source={source} title={t('segments.understand.membersGrid', { count: formatCount(source.rowCount ?? 0, intlLocale) })} testId="segment-members-grid" /> : <div className="grid-empty-state">{t('segments.loading')}</div>}
      </div>
    </div>
  );
}
