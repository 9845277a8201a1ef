import type { ChartOption } from './chart-options';
import { textWidth } from './text-width';

/**
 * The option an exported chart (PNG or SVG) is drawn with: the on-screen option plus its title
 * drawn into the image (on screen the title is the figure's caption, outside the canvas) and its
 * legend shown in full (a scrolling legend becomes a plain one; a chart with named series but no
 * legend gets one), everything else moved down to make room. An image that leaves the app must
 * say what it shows without the page around it.
 */
export const EXPORT_TITLE_HEIGHT = 30;
export const EXPORT_LEGEND_HEIGHT = 22;

type Position = number | string | undefined;

/** A top / height of `height` px moved down by `offset`: percentages are taken of the on-screen height. */
function shifted(value: Position, height: number, offset: number): Position {
  if (typeof value === 'number') return value + offset;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?%$/.test(value)) return (parseFloat(value) / 100) * height + offset;
  return value;
}

function sized(value: Position, height: number): Position {
  if (typeof value === 'string' && /^-?\d+(\.\d+)?%$/.test(value)) return (parseFloat(value) / 100) * height;
  return value;
}

const asList = (v: unknown): Array<Record<string, unknown>> => (Array.isArray(v) ? (v as Array<Record<string, unknown>>) : v && typeof v === 'object' ? [v as Record<string, unknown>] : []);

function namedSeries(option: ChartOption): string[] {
  return asList(option.series)
    .map((s) => s.name)
    .filter((n): n is string => typeof n === 'string' && n !== '');
}

/** The names a legend lists: its own data, else the series' names. */
function legendEntries(legend: Record<string, unknown> | undefined, option: ChartOption): string[] {
  const data = legend?.data;
  if (Array.isArray(data)) return data.map((d) => (typeof d === 'string' ? d : String((d as { name?: unknown }).name ?? '')));
  return namedSeries(option);
}

/** Rows a plain legend wraps onto at this width (icon 25 px and a 10 px gap per entry, 12 px text). */
export function legendRows(entries: readonly string[], width: number): number {
  const available = Math.max(100, width - 40);
  let rows = 1;
  let used = 0;
  for (const entry of entries) {
    const w = textWidth(entry, 12) + 35;
    if (used > 0 && used + w > available) {
      rows++;
      used = 0;
    }
    used += w;
  }
  return rows;
}

export function exportOption(title: string, option: ChartOption, height: number, width = 960): { option: ChartOption; height: number } {
  const legends = asList(option.legend);
  const addLegend = legends.length === 0 && namedSeries(option).length > 0;
  // A top legend shown in full may wrap onto more rows than the scrolling one had: room for them too.
  const topLegend = addLegend ? {} : legends.find((l) => l.top !== undefined || l.bottom === undefined);
  const extraRows = topLegend ? legendRows(legendEntries(topLegend, option), width) - 1 : 0;
  const offset = EXPORT_TITLE_HEIGHT + (addLegend ? EXPORT_LEGEND_HEIGHT : 0) + extraRows * EXPORT_LEGEND_HEIGHT;
  // Components anchored at the bottom keep their place (the image grows at the top); a grid with
  // neither top nor bottom sits at ECharts' default top of 60 px.
  const move = (list: Array<Record<string, unknown>>, defaultTop: number | null) =>
    list.map((c) => {
      const top = (c.top as Position) ?? (c.bottom === undefined && defaultTop !== null ? defaultTop : undefined);
      return { ...c, ...(top !== undefined ? { top: shifted(top, height, offset) } : {}), ...(c.height !== undefined ? { height: sized(c.height as Position, height) } : {}) };
    });
  const legend = addLegend
    ? [{ show: true, type: 'plain', top: EXPORT_TITLE_HEIGHT, textStyle: { fontSize: 10 } }]
    : legends.map((l) =>
        // A legend anchored at the bottom stays there; any other moves below the title.
        l.top === undefined && l.bottom !== undefined ? { ...l, show: true, type: 'plain' } : { ...l, show: true, type: 'plain', top: shifted((l.top as Position) ?? 0, height, EXPORT_TITLE_HEIGHT) },
      );
  const out: ChartOption = {
    ...option,
    animation: false,
    backgroundColor: '#ffffff',
    title: { text: title, left: 'center', top: 6, textStyle: { fontSize: 14, fontWeight: 600, color: '#111827' } },
    legend,
  };
  for (const key of ['grid', 'visualMap', 'dataZoom'] as const) {
    if (option[key] === undefined) continue;
    const moved = move(asList(option[key]), key === 'grid' ? 60 : null);
    out[key] = Array.isArray(option[key]) ? moved : moved[0];
  }
  return { option: out, height: height + offset };
}
