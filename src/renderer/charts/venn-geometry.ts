/**
 * Area-proportional Venn diagrams for two and three sets: each circle's area is its set's size, and
 * each pair's lens area is the pair's intersection (exact for two sets; for three the pairwise
 * lenses are exact and the triple region only approximate, as in every circle-based 3-set Venn).
 * Pure geometry (no DOM), unit-tested; the overlap panel draws the result as SVG.
 */

export interface Circle {
  cx: number;
  cy: number;
  r: number;
}

/** Area of the lens where two circles at centre distance d overlap. */
export function lensArea(r1: number, r2: number, d: number): number {
  if (d >= r1 + r2) return 0;
  const small = Math.min(r1, r2);
  if (d <= Math.abs(r1 - r2)) return Math.PI * small * small;
  const a1 = Math.acos(clamp((d * d + r1 * r1 - r2 * r2) / (2 * d * r1), -1, 1));
  const a2 = Math.acos(clamp((d * d + r2 * r2 - r1 * r1) / (2 * d * r2), -1, 1));
  const k = (-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2);
  return r1 * r1 * a1 + r2 * r2 * a2 - 0.5 * Math.sqrt(Math.max(0, k));
}

/**
 * The centre distance at which two circles' lens has the given area, by bisection (the lens
 * shrinks monotonically as the circles move apart). An empty intersection puts the circles apart
 * with a gap, never touching: a tangent pair would read as "a few in common".
 */
export function distanceForOverlap(r1: number, r2: number, overlap: number, gap = 0): number {
  if (overlap <= 0) return r1 + r2 + gap;
  const full = Math.PI * Math.min(r1, r2) ** 2;
  if (overlap >= full) return Math.abs(r1 - r2);
  let lo = Math.abs(r1 - r2);
  let hi = r1 + r2;
  for (let i = 0; i < 100 && hi - lo > 1e-9 * (r1 + r2); i++) {
    const mid = (lo + hi) / 2;
    if (lensArea(r1, r2, mid) > overlap) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface VennInput {
  /** Set sizes. */
  sizes: readonly number[];
  /** |A ∩ B| for each pair, by `${i}-${j}` with i < j. */
  pairs: ReadonlyMap<string, number>;
}

export const pairKey = (i: number, j: number) => (i < j ? `${i}-${j}` : `${j}-${i}`);

/**
 * The circles, in units where area = set size (r = √(size / π)). Two sets: side by side. Three
 * sets: the first two on the x axis, the third placed by the triangle of the three pairwise
 * distances (a distance pair that cannot close a triangle is relaxed to the nearest one that can).
 */
export function vennCircles(input: VennInput): Circle[] {
  const r = input.sizes.map((s) => Math.sqrt(Math.max(0, s) / Math.PI));
  const gapOf = (i: number, j: number) => 0.08 * Math.max(r[i]!, r[j]!, 1e-9);
  const dist = (i: number, j: number) => distanceForOverlap(r[i]!, r[j]!, input.pairs.get(pairKey(i, j)) ?? 0, gapOf(i, j));
  const d01 = dist(0, 1);
  const circles: Circle[] = [
    { cx: 0, cy: 0, r: r[0]! },
    { cx: d01, cy: 0, r: r[1]! },
  ];
  if (r.length === 3) {
    const d02 = dist(0, 2);
    const d12 = dist(1, 2);
    // Triangle inequality: clamp d02 into [|d01 − d12|, d01 + d12].
    const a = clamp(d02, Math.abs(d01 - d12), d01 + d12);
    const x = d01 > 0 ? (a * a - d12 * d12 + d01 * d01) / (2 * d01) : 0;
    const y = Math.sqrt(Math.max(0, a * a - x * x));
    circles.push({ cx: x, cy: y, r: r[2]! });
  }
  return circles;
}

/** Scales and moves circles so they fill a box (with a margin), keeping their proportions. */
export function fitCircles(circles: readonly Circle[], box: { width: number; height: number; margin: number }): Circle[] {
  const minX = Math.min(...circles.map((c) => c.cx - c.r));
  const maxX = Math.max(...circles.map((c) => c.cx + c.r));
  const minY = Math.min(...circles.map((c) => c.cy - c.r));
  const maxY = Math.max(...circles.map((c) => c.cy + c.r));
  const w = Math.max(maxX - minX, 1e-9);
  const h = Math.max(maxY - minY, 1e-9);
  const scale = Math.min((box.width - 2 * box.margin) / w, (box.height - 2 * box.margin) / h);
  const offX = (box.width - w * scale) / 2 - minX * scale;
  const offY = (box.height - h * scale) / 2 - minY * scale;
  return circles.map((c) => ({ cx: c.cx * scale + offX, cy: c.cy * scale + offY, r: c.r * scale }));
}

const inside = (c: Circle, x: number, y: number) => (x - c.cx) ** 2 + (y - c.cy) ** 2 < c.r * c.r;

/** The bit mask of the circles a point lies in. */
export function regionAt(circles: readonly Circle[], x: number, y: number): number {
  return circles.reduce((mask, c, i) => (inside(c, x, y) ? mask | (1 << i) : mask), 0);
}

/**
 * A point well inside each region (bit mask of circles), found on a grid: the point of the region
 * farthest from every circle's edge, so a label there sits clear of the lines. Regions too small to
 * sample have no point.
 */
export function regionAnchors(circles: readonly Circle[], box: { width: number; height: number }, step = 3): Map<number, { x: number; y: number; room: number }> {
  const best = new Map<number, { x: number; y: number; room: number }>();
  for (let y = step / 2; y < box.height; y += step) {
    for (let x = step / 2; x < box.width; x += step) {
      const mask = regionAt(circles, x, y);
      if (mask === 0) continue;
      const room = Math.min(...circles.map((c) => Math.abs(Math.hypot(x - c.cx, y - c.cy) - c.r)));
      const current = best.get(mask);
      if (!current || room > current.room) best.set(mask, { x, y, room });
    }
  }
  return best;
}

export interface LabelBox {
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export function boxesOverlap(a: LabelBox, b: LabelBox): boolean {
  return Math.abs(a.x - b.x) * 2 < a.width + b.width && Math.abs(a.y - b.y) * 2 < a.height + b.height;
}

/**
 * Moves labels (centred boxes) apart until no two overlap: each label in turn keeps its place if it
 * is clear of those already placed, else takes the nearest clear place on rings of growing radius
 * around it (inside the bounds). The first labels (the caller puts the most important first) move least.
 */
export function separateLabels(labels: readonly LabelBox[], bounds: { width: number; height: number }): LabelBox[] {
  const placed: LabelBox[] = [];
  const within = (b: LabelBox) => b.x - b.width / 2 >= 0 && b.x + b.width / 2 <= bounds.width && b.y - b.height / 2 >= 0 && b.y + b.height / 2 <= bounds.height;
  const clear = (b: LabelBox) => !placed.some((p) => boxesOverlap(p, b));
  for (const label of labels) {
    const start = { ...label, x: clamp(label.x, label.width / 2, bounds.width - label.width / 2), y: clamp(label.y, label.height / 2, bounds.height - label.height / 2) };
    let chosen: LabelBox | null = clear(start) ? start : null;
    for (let ring = 1; !chosen && ring <= 60; ring++) {
      const radius = ring * 4;
      const steps = 8 + ring * 2;
      for (let s = 0; s < steps && !chosen; s++) {
        const angle = (Math.PI * 2 * s) / steps + Math.PI / 2;
        const candidate = { ...label, x: label.x + radius * Math.cos(angle), y: label.y + radius * Math.sin(angle) };
        if (within(candidate) && clear(candidate)) chosen = candidate;
      }
    }
    placed.push(chosen ?? start);
  }
  return placed;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
