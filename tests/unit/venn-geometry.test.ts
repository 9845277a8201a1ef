import { describe, expect, it } from 'vitest';
import { distanceForOverlap, lensArea, pairKey, vennCircles } from '../../src/renderer/charts/venn-geometry';
import { vennPicture } from '../../src/renderer/components/segments/venn-layout';
import { textWidth } from '../../src/renderer/charts/text-width';
import { boxesOverlap } from '../../src/renderer/charts/venn-geometry';

const area = (r: number) => Math.PI * r * r;
const within1pc = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(0.01 * expected);

/** Circle areas and lens areas in the proportions of the sets (any common scale). */
function checkProportional(sizes: number[], pairs: Map<string, number>) {
  const circles = vennCircles({ sizes, pairs });
  const scale = area(circles[0]!.r) / sizes[0]!;
  sizes.forEach((s, i) => within1pc(area(circles[i]!.r) / scale, s));
  for (const [key, overlap] of pairs) {
    const [i, j] = key.split('-').map(Number) as [number, number];
    const a = circles[i]!;
    const b = circles[j]!;
    const lens = lensArea(a.r, b.r, Math.hypot(a.cx - b.cx, a.cy - b.cy)) / scale;
    if (overlap === 0) expect(lens).toBe(0);
    else within1pc(lens, overlap);
  }
  return circles;
}

describe('area-proportional Venn geometry', () => {
  it('computes the lens area: apart, contained and in between', () => {
    expect(lensArea(1, 1, 2)).toBe(0);
    expect(lensArea(1, 2, 0.5)).toBeCloseTo(Math.PI);
    // Two unit circles at distance 1: 2π/3 − √3/2.
    expect(lensArea(1, 1, 1)).toBeCloseTo((2 * Math.PI) / 3 - Math.sqrt(3) / 2, 10);
  });

  it('finds by bisection the distance whose lens has the asked area', () => {
    for (const [r1, r2, share] of [[1, 1, 0.5], [3, 1, 0.01], [2, 5, 0.99], [10, 0.3, 0.2]] as const) {
      const overlap = share * Math.PI * Math.min(r1, r2) ** 2;
      within1pc(lensArea(r1, r2, distanceForOverlap(r1, r2, overlap)), overlap);
    }
  });

  it('two sets: circle and lens areas proportional to the sizes within 1 %', () => {
    checkProportional([5000, 1200], new Map([[pairKey(0, 1), 800]]));
    checkProportional([3_500_000, 3_500], new Map([[pairKey(0, 1), 35]]));
    checkProportional([100, 100], new Map([[pairKey(0, 1), 99]]));
  });

  it('two disjoint sets: centres at least r1 + r2 apart, no lens', () => {
    const [a, b] = checkProportional([400, 900], new Map([[pairKey(0, 1), 0]]));
    expect(Math.hypot(a!.cx - b!.cx, a!.cy - b!.cy)).toBeGreaterThanOrEqual(a!.r + b!.r);
  });

  it('a subset sits inside its superset', () => {
    const [a, b] = vennCircles({ sizes: [1000, 100], pairs: new Map([[pairKey(0, 1), 100]]) });
    expect(Math.hypot(a!.cx - b!.cx, a!.cy - b!.cy) + b!.r).toBeLessThanOrEqual(a!.r + 1e-9);
  });

  it('three sets: circles and pairwise lenses proportional within 1 % where the triangle closes', () => {
    checkProportional([1000, 800, 600], new Map([[pairKey(0, 1), 200], [pairKey(0, 2), 150], [pairKey(1, 2), 100]]));
    const circles = checkProportional([500, 500, 500], new Map([[pairKey(0, 1), 0], [pairKey(0, 2), 0], [pairKey(1, 2), 0]]));
    for (let i = 0; i < 3; i++) for (let j = i + 1; j < 3; j++) expect(Math.hypot(circles[i]!.cx - circles[j]!.cx, circles[i]!.cy - circles[j]!.cy)).toBeGreaterThanOrEqual(circles[i]!.r + circles[j]!.r);
  });
});

describe('the Venn picture', () => {
  const fmt = (n: number) => n.toLocaleString('en-US');

  it('draws two disjoint segments apart, with no lens and no label for the empty intersection', () => {
    const picture = vennPicture({ names: ['VIP', '长尾客户'], regions: new Map([[1, 40], [2, 2500], [3, 0]]), formatCount: fmt });
    expect(picture.lens).toBe(false);
    const [a, b] = picture.circles;
    expect(Math.hypot(a!.cx - b!.cx, a!.cy - b!.cy)).toBeGreaterThanOrEqual(a!.r + b!.r);
    expect(picture.labels.some((l) => l.mask === 3)).toBe(false);
    // Areas in proportion on the page too.
    within1pc(area(b!.r) / area(a!.r), 2500 / 40);
  });

  it('keeps every label clear of every other, also with long names and a tiny lens', () => {
    const cases = [
      { names: ['Payroll customers aged 30+', 'Customers aged 50 and over'], regions: new Map([[1, 1200], [2, 900], [3, 3]]) },
      { names: ['代发工资客户三十岁以上', '五十岁以上客户', '高净值客户'], regions: new Map([[1, 500], [2, 400], [4, 300], [3, 120], [5, 2], [6, 80], [7, 1]]) },
      { names: ['A', 'B', 'C'], regions: new Map([[1, 10_000], [2, 10], [4, 10], [3, 0], [5, 0], [6, 10], [7, 0]]) },
    ];
    for (const c of cases) {
      const picture = vennPicture({ ...c, formatCount: fmt });
      const labels = picture.labels;
      expect(labels.length).toBeGreaterThanOrEqual(c.names.length);
      for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) expect(boxesOverlap(labels[i]!, labels[j]!), `${labels[i]!.text} / ${labels[j]!.text}`).toBe(false);
      for (const l of labels) {
        expect(l.x - l.width / 2).toBeGreaterThanOrEqual(0);
        expect(l.x + l.width / 2).toBeLessThanOrEqual(picture.width);
      }
    }
  });

  it('measures CJK text wider than Latin', () => {
    expect(textWidth('客群', 10)).toBeGreaterThan(textWidth('ab', 10));
  });
});
