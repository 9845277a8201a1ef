import { useMemo } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import type { OverlapResult } from '../../../shared/segment-types';
import { CHART_COLORS } from '../../charts/chart-options';
import { EChart } from '../../charts/echart';
import { formatCount } from '../../format/number-format';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { useEngineQuery } from '../../state/use-engine-query';
import { allMasks, upsetOption } from './segment-charts';
import { vennPicture } from './venn-layout';

/**
 * Overlap of the segments ticked in the list (2–8): every exact intersection's count as an UpSet
 * chart, and a Venn diagram for two or three. Counts come from one segment.overlap query.
 * Hooks: `overlap-count-<mask>` (bit i = the i-th selected segment) with data-count.
 */
export function OverlapPanel({ client, ids }: { client: EngineClient; ids: readonly string[] }) {
  const { t, intlLocale } = useI18n();
  const overlap = useEngineQuery(client, 'segment.overlap', ids.length >= 2 ? { ids: [...ids] } : null, { supersede: 'segment-overlap' });
  const data: OverlapResult | null = ids.length >= 2 && overlap.data && overlap.data.segments.map((s) => s.id).join(',') === ids.join(',') ? overlap.data : null;
  const option = useMemo(
    () =>
      data
        ? upsetOption({
            sets: data.segments.map((s) => ({ key: s.id, name: s.name, size: s.count })),
            intersections: data.intersections.map((x) => ({ sets: x.segments, count: x.count })),
            countLabel: t('segments.count.customers'),
            formatCount: (n) => formatCount(n, intlLocale),
          })
        : null,
    [data, t, intlLocale],
  );

  if (ids.length < 2) return <div className="grid-empty-state" data-testid="segment-overlap-hint">{t('segments.overlap.pick')}</div>;
  const byMask = new Map((data?.intersections ?? []).map((x) => [x.mask, x.count]));
  const n = data?.segments.length ?? 0;
  return (
    <div className="overlap-panel" data-testid="segment-overlap" data-loaded={data ? 'true' : 'false'} data-union={data?.union ?? undefined}>
      {overlap.error && <div className="error-text">{formatAppError(t, overlap.error)}</div>}
      {!data && <div className="muted">{t('segments.loading')}</div>}
      {data && (
        <>
          <p className="muted">
            {t('segments.overlap.summary', { union: formatCount(data.union, intlLocale), customers: formatCount(data.customers, intlLocale), count: data.segments.length })}
          </p>
          <div className="overlap-layout">
            {(n === 2 || n === 3) && <Venn data={data} />}
            <table className="overlap-table">
              <thead>
                <tr>
                  {data.segments.map((s) => (
                    <th key={s.id}>{s.name}</th>
                  ))}
                  <th>{t('segments.count.customers')}</th>
                </tr>
              </thead>
              <tbody>
                {allMasks(n).map((mask) => (
                  <tr key={mask} data-testid={`overlap-count-${mask}`} data-count={byMask.get(mask) ?? 0} data-names={data.segments.filter((_, i) => mask & (1 << i)).map((s) => s.name).join('&')}>
                    {data.segments.map((s, i) => (
                      <td key={s.id} className="overlap-dot">
                        {mask & (1 << i) ? '●' : '○'}
                      </td>
                    ))}
                    <td className="num">{formatCount(byMask.get(mask) ?? 0, intlLocale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {option && <EChart option={option} title={t('segments.overlap.upset')} height={260 + n * 26} testId="segment-upset" renderer="svg" />}
        </>
      )}
    </div>
  );
}

/**
 * Area-proportional: circle areas are the segments' sizes and each lens is their intersection; two
 * segments with nobody in common are drawn apart, with no lens. Hooks: `venn-circle-<i>` (cx, cy, r),
 * `venn-<mask>` per region label, data-lens on the figure.
 */
function Venn({ data }: { data: OverlapResult }) {
  const { t, intlLocale } = useI18n();
  const picture = useMemo(
    () =>
      vennPicture({
        names: data.segments.map((s) => s.name),
        regions: new Map(allMasks(data.segments.length).map((mask) => [mask, data.intersections.find((x) => x.mask === mask)?.count ?? 0])),
        formatCount: (n) => formatCount(n, intlLocale),
      }),
    [data, intlLocale],
  );
  return (
    <svg
      className="venn"
      viewBox={`0 0 ${picture.width} ${picture.height}`}
      width={picture.width}
      height={picture.height}
      role="img"
      aria-label={t('segments.overlap.venn')}
      data-testid="segment-venn"
      data-lens={picture.lens ? 'true' : 'false'}
    >
      {picture.circles.map((c, i) => (
        <circle key={i} cx={c.cx} cy={c.cy} r={c.r} fill={CHART_COLORS[i]} fillOpacity={0.18} stroke={CHART_COLORS[i]} strokeWidth={2} data-testid={`venn-circle-${i}`} />
      ))}
      {picture.labels.map((label) =>
        label.leader ? <line key={`${label.key}-leader`} x1={label.leader.x} y1={label.leader.y} x2={label.x} y2={label.y} stroke="#6b7280" strokeWidth={1} /> : null,
      )}
      {picture.labels.map((label) =>
        label.mask !== undefined ? (
          <text key={label.key} x={label.x} y={label.y} dominantBaseline="central" textAnchor="middle" fontSize={label.fontSize} fontWeight={label.mask & (label.mask - 1) ? 700 : 400} data-testid={`venn-${label.mask}`} className="venn-label">
            {label.text}
          </text>
        ) : (
          <text key={label.key} x={label.x} y={label.y} dominantBaseline="central" textAnchor="middle" fontSize={label.fontSize} fill={CHART_COLORS[label.set ?? 0]} data-testid={`venn-name-${label.set}`} className="venn-label">
            <title>{data.segments[label.set ?? 0]?.name}</title>
            {label.text}
          </text>
        ),
      )}
    </svg>
  );
}
