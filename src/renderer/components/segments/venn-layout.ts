import { textWidth } from '../../charts/text-width';
import { fitCircles, pairKey, regionAnchors, separateLabels, vennCircles, type Circle, type LabelBox } from '../../charts/venn-geometry';

/**
 * The overlap panel's Venn diagram laid out for an SVG box: area-proportional circles, a count
 * label inside each region (where the region is big enough, else as near as a clear place allows)
 * and each segment's name outside its circle; no two labels overlap. Pure (unit-tested).
 */
export interface VennLabel extends LabelBox {
  text: string;
  /** Region labels: the bit mask of the region (bit i = set i). */
  mask?: number;
  /** Set names: the set's index. */
  set?: number;
  /** A label moved out of a region too small for it: the point in the region its leader line goes to. */
  leader?: { x: number; y: number };
  fontSize: number;
}

export interface VennPicture {
  width: number;
  height: number;
  circles: Circle[];
  labels: VennLabel[];
  /** Whether any two circles overlap (false: every intersection is empty and no lens is drawn). */
  lens: boolean;
}

/** A text's box height as the browser measures it (its line box, about 1.5 em), with a pixel to spare. */
export function lineHeight(fontSize: number): number {
  return Math.ceil(fontSize * 1.5) + 1;
}

const NAME_FONT = 11;
const COUNT_FONT = 13;
const NAME_MAX = 18;

/**
 * `regions`: customers in exactly the sets of each bit mask (as segment.overlap returns them).
 * The circles' sizes and pairwise lenses are derived from them.
 */
export function vennPicture(args: {
  names: readonly string[];
  regions: ReadonlyMap<number, number>;
  formatCount: (n: number) => string;
  width?: number;
  height?: number;
}): VennPicture {
  const { names, regions, formatCount, width = 360, height = 260 } = args;
  const n = names.length;
  const total = (test: (mask: number) => boolean) => [...regions].filter(([mask]) => test(mask)).reduce((sum, [, count]) => sum + count, 0);
  const sizes = names.map((_, i) => total((mask) => (mask & (1 << i)) !== 0));
  const pairs = new Map<string, number>();
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.set(pairKey(i, j), total((mask) => (mask & (1 << i)) !== 0 && (mask & (1 << j)) !== 0));
  // An empty set still gets a dot of a circle, so its name has something to sit by.
  const floor = Math.max(...sizes, 1) * 0.002;
  const raw = vennCircles({ sizes: sizes.map((s) => Math.max(s, floor)), pairs });
  const circles = fitCircles(raw, { width, height, margin: 34 });
  const lens = circles.some((a, i) => circles.some((b, j) => j > i && Math.hypot(a.cx - b.cx, a.cy - b.cy) < a.r + b.r));

  const anchors = regionAnchors(circles, { width, height });
  const centre = { x: circles.reduce((s, c) => s + c.cx, 0) / n, y: circles.reduce((s, c) => s + c.cy, 0) / n };
  const wanted: VennLabel[] = [];
  for (const [mask, count] of [...regions].sort(([a], [b]) => a - b)) {
    const anchor = anchors.get(mask);
    // A region with nobody in it and no room on the picture gets no label (the table lists it).
    if (!anchor && count === 0) continue;
    const members = circles.filter((_, i) => mask & (1 << i));
    const at = anchor ?? { x: members.reduce((s, c) => s + c.cx, 0) / members.length, y: members.reduce((s, c) => s + c.cy, 0) / members.length };
    const text = formatCount(count);
    const label: VennLabel = { key: `region-${mask}`, mask, text, fontSize: COUNT_FONT, x: at.x, y: at.y, width: textWidth(text, COUNT_FONT) + 4, height: lineHeight(COUNT_FONT) };
    // A region too small to hold its count gets the label outside the circles, with a leader line to it.
    const fits = anchor !== undefined && anchor.room * 2 >= Math.max(label.width * 0.8, label.height);
    wanted.push(fits ? label : { ...label, ...outside(circles, at, centre, label), leader: { x: at.x, y: at.y } });
  }
  names.forEach((name, i) => {
    const c = circles[i]!;
    const text = name.length > NAME_MAX ? `${name.slice(0, NAME_MAX - 1)}…` : name;
    // Outside the circle, on the side away from the others (above for the top ones, below for the bottom one).
    const below = n === 3 ? c.cy > centre.y + 1 : false;
    const y = below ? c.cy + c.r + NAME_FONT : c.cy - c.r - NAME_FONT / 2 - 2;
    wanted.push({ key: `set-${i}`, set: i, text, fontSize: NAME_FONT, x: c.cx, y, width: textWidth(text, NAME_FONT) + 4, height: lineHeight(NAME_FONT) });
  });
  const placed = separateLabels(wanted, { width, height }) as VennLabel[];
  return { width, height, circles, labels: placed, lens };
}

/**
 * Where a label for a point inside the circles goes when it does not fit there: along the ray from
 * the picture's centre through the point, just beyond the last circle it crosses.
 */
function outside(circles: readonly Circle[], at: { x: number; y: number }, centre: { x: number; y: number }, box: { width: number; height: number }): { x: number; y: number } {
  let dx = at.x - centre.x;
  let dy = at.y - centre.y;
  const length = Math.hypot(dx, dy);
  if (length < 1e-6) [dx, dy] = [0, -1];
  else [dx, dy] = [dx / length, dy / length];
  const clear = (x: number, y: number) =>
    circles.every((c) => Math.hypot(x - c.cx, y - c.cy) > c.r + Math.hypot(box.width / 2, box.height / 2) * 0.75);
  for (let k = 4; k < 400; k += 2) {
    const x = at.x + dx * k;
    const y = at.y + dy * k;
    if (clear(x, y)) return { x, y };
  }
  return at;
}
