import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateCustomer, type EvaluationSpec, type StreamRow } from '../../src/engine/funnels/evaluate-funnel';

/**
 * The funnel semantics of docs/funnels.md, written a second time the plain way: every path is
 * enumerated (each step a row after the previous one, an optional step taken or skipped) and the
 * rules are checked on the finished path. The engine's search (pruned, memoised) must find the same
 * steps reached on thousands of random streams: every order mode, overall and per-step windows,
 * exclusions, optional steps, hold-constant, repeated steps and identical timestamps.
 */

interface Path {
  rows: number[];
  steps: number[];
}

function validOrdered(rows: readonly StreamRow[], spec: EvaluationSpec, path: Path): boolean {
  const entry = rows[path.rows[0]!]!;
  if (!entry.inPeriod) return false;
  for (let i = 0; i < path.rows.length; i++) {
    const row = rows[path.rows[i]!]!;
    if (!(row.steps & (1 << path.steps[i]!))) return false;
    if (row.ts > spec.windowEnd(entry.ts)) return false;
    if (spec.everyStepInPeriod && !row.inPeriod) return false;
    if (spec.holdConstant && (row.hold === null || row.hold !== entry.hold)) return false;
    if (i > 0) {
      const previous = rows[path.rows[i - 1]!]!;
      if (path.rows[i]! <= path.rows[i - 1]!) return false;
      const stepEnd = spec.stepWindowEnd[path.steps[i]!];
      if (stepEnd && row.ts > stepEnd(previous.ts)) return false;
      if (spec.order === 'strict' && path.rows[i]! !== path.rows[i - 1]! + 1) return false;
    }
  }
  for (const [e, exclusion] of spec.exclusions.entries()) {
    const a = path.steps.indexOf(exclusion.from);
    const b = path.steps.indexOf(exclusion.to);
    if (a < 0 || b < 0) continue;
    for (let x = path.rows[a]! + 1; x < path.rows[b]!; x++) if (rows[x]!.exclusions & (1 << e)) return false;
  }
  return true;
}

function referenceOrdered(rows: readonly StreamRow[], spec: EvaluationSpec): boolean[] {
  const reached = new Array<boolean>(spec.steps).fill(false);
  const extend = (path: Path, nextStep: number) => {
    if (path.rows.length > 0) {
      if (!validOrdered(rows, spec, path)) return;
      for (const s of path.steps) reached[s] = true;
    }
    if (nextStep >= spec.steps) return;
    const after = path.rows.length ? path.rows.at(-1)! : -1;
    for (let r = after + 1; r < rows.length; r++) extend({ rows: [...path.rows, r], steps: [...path.steps, nextStep] }, nextStep + 1);
    if (nextStep > 0 && spec.optional[nextStep]) extend(path, nextStep + 1);
  };
  extend({ rows: [], steps: [] }, 0);
  return reached;
}

/** Unordered: for every anchor, the largest set of distinct steps done by distinct rows within its window. */
function referenceUnordered(rows: readonly StreamRow[], spec: EvaluationSpec): boolean[] {
  let best = 0;
  rows.forEach((anchor, a) => {
    if (anchor.steps === 0 || !anchor.inPeriod || (spec.holdConstant && anchor.hold === null)) return;
    const end = spec.windowEnd(anchor.ts);
    const inWindow = rows.map((row, r) => ({ row, r })).filter(({ row, r }) => r >= a && row.ts <= end);
    if (inWindow.some(({ row }) => row.exclusions !== 0)) return;
    const usable = inWindow.filter(({ row }) => row.steps !== 0 && (!spec.everyStepInPeriod || row.inPeriod) && (!spec.holdConstant || row.hold === anchor.hold));
    const assign = (step: number, used: Set<number>): number => {
      if (step >= spec.steps) return 0;
      let most = assign(step + 1, used);
      for (const { row, r } of usable) {
        if (used.has(r) || !(row.steps & (1 << step))) continue;
        used.add(r);
        most = Math.max(most, 1 + assign(step + 1, used));
        used.delete(r);
      }
      return most;
    };
    best = Math.max(best, assign(0, new Set()));
  });
  return Array.from({ length: spec.steps }, (_, k) => best >= k + 1);
}

const HOUR = 3_600_000;

const streamArb = (steps: number, exclusions: number) =>
  fc
    .array(
      fc.record({
        // Few distinct instants, so identical timestamps are common.
        t: fc.integer({ min: 0, max: 12 }),
        steps: fc.integer({ min: 0, max: (1 << steps) - 1 }),
        exclusions: exclusions ? fc.integer({ min: 0, max: (1 << exclusions) - 1 }) : fc.constant(0),
        hold: fc.constantFrom<string | null>('a', 'b', null),
        inPeriod: fc.boolean(),
      }),
      { maxLength: 9 },
    )
    .map((raw) =>
      raw
        .map((r) => ({ ts: r.t * HOUR, steps: r.steps, exclusions: r.exclusions, hold: r.hold, inPeriod: r.inPeriod }))
        // Stream order: timestamp, then the lowest step matched (evaluate-funnel.ts).
        .sort((x, y) => x.ts - y.ts || lowest(x.steps) - lowest(y.steps)),
    );

function lowest(mask: number): number {
  return mask === 0 ? 99 : Math.log2(mask & -mask);
}

const specArb = fc
  .record({
    steps: fc.integer({ min: 2, max: 4 }),
    order: fc.constantFrom<'ordered' | 'strict' | 'unordered'>('ordered', 'strict', 'unordered'),
    windowHours: fc.integer({ min: 1, max: 14 }),
    stepWindows: fc.array(fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }), { minLength: 4, maxLength: 4 }),
    optional: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    exclusion: fc.option(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 3 })), { nil: null }),
    holdConstant: fc.boolean(),
    everyStepInPeriod: fc.boolean(),
  })
  .map((r): EvaluationSpec => {
    const exclusions = r.exclusion && r.exclusion[0] < r.exclusion[1] && r.exclusion[1] < r.steps ? [{ from: r.exclusion[0], to: r.exclusion[1] }] : [];
    return {
      steps: r.steps,
      order: r.order,
      optional: r.optional.slice(0, r.steps).map((o, k) => k > 0 && o),
      windowEnd: (ts) => ts + r.windowHours * HOUR,
      stepWindowEnd: r.stepWindows.slice(0, r.steps).map((w, k) => (k > 0 && w !== null ? (ts: number) => ts + w * HOUR : null)),
      exclusions,
      holdConstant: r.holdConstant,
      everyStepInPeriod: r.everyStepInPeriod,
    };
  });

describe('funnel semantics against a brute-force enumeration of paths', () => {
  it('reaches the same steps on random streams (every mode, windows, exclusions, optional, hold-constant, ties)', () => {
    fc.assert(
      fc.property(
        specArb.chain((spec) => fc.tuple(fc.constant(spec), streamArb(spec.steps, spec.exclusions.length))),
        ([spec, rows]) => {
          const expected = spec.order === 'unordered' ? referenceUnordered(rows, spec) : referenceOrdered(rows, spec);
          expect(evaluateCustomer(rows, spec).reached).toEqual(expected);
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('the path shown takes rows that satisfy the rules and reaches the furthest step', () => {
    fc.assert(
      fc.property(
        specArb.filter((s) => s.order !== 'unordered').chain((spec) => fc.tuple(fc.constant(spec), streamArb(spec.steps, spec.exclusions.length))),
        ([spec, rows]) => {
          const { reached, path } = evaluateCustomer(rows, spec);
          const taken = path.map((r, k) => ({ r, k })).filter((x) => x.r >= 0);
          if (!reached[0]) {
            expect(taken).toEqual([]);
            return;
          }
          expect(validOrdered(rows, spec, { rows: taken.map((x) => x.r), steps: taken.map((x) => x.k) })).toBe(true);
          const furthest = reached.lastIndexOf(true);
          expect(taken.at(-1)!.k).toBe(furthest);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('the path shown is the rule of docs/funnels.md: earliest row of the furthest step, latest entry, then the latest rows', () => {
    fc.assert(
      fc.property(
        specArb
          .filter((s) => s.order !== 'unordered')
          .map((s): EvaluationSpec => ({ ...s, exclusions: [], optional: s.optional.map(() => false) }))
          .chain((spec) => fc.tuple(fc.constant(spec), streamArb(spec.steps, 0))),
        ([spec, rows]) => {
          const { reached, path } = evaluateCustomer(rows, spec);
          const furthest = reached.lastIndexOf(true);
          if (furthest < 0) return;
          // Every valid path to the furthest step, then the preferred one chosen the plain way.
          const paths: number[][] = [];
          const walk = (taken: number[]) => {
            const candidate = { rows: taken, steps: taken.map((_, k) => k) };
            if (taken.length > 0 && !validOrdered(rows, spec, candidate)) return;
            if (taken.length === furthest + 1) return void paths.push(taken);
            for (let r = (taken.at(-1) ?? -1) + 1; r < rows.length; r++) walk([...taken, r]);
          };
          walk([]);
          const preferred = paths.reduce((best, p) => {
            if (p.at(-1)! !== best.at(-1)!) return p.at(-1)! < best.at(-1)! ? p : best;
            const entry = rows[p[0]!]!.ts - rows[best[0]!]!.ts;
            if (entry !== 0) return entry > 0 ? p : best;
            for (let k = p.length - 2; k >= 0; k--) if (p[k] !== best[k]) return p[k]! > best[k]! ? p : best;
            return best;
          });
          expect(path.slice(0, furthest + 1)).toEqual(preferred);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('hand-made cases: ties count as in order, strict breaks on a row between, an exclusion ends the path', () => {
    const spec: EvaluationSpec = { steps: 2, order: 'ordered', optional: [false, false], windowEnd: (t) => t + 10 * HOUR, stepWindowEnd: [null, null], exclusions: [], holdConstant: false, everyStepInPeriod: false };
    const row = (t: number, steps: number, exclusions = 0): StreamRow => ({ ts: t * HOUR, steps, exclusions, hold: null, inPeriod: true });
    expect(evaluateCustomer([row(1, 1), row(1, 2)], spec).reached).toEqual([true, true]);
    expect(evaluateCustomer([row(1, 2), row(2, 1)], spec).reached).toEqual([true, false]);
    expect(evaluateCustomer([row(1, 1), row(2, 0), row(3, 2)], { ...spec, order: 'strict' }).reached).toEqual([true, false]);
    expect(evaluateCustomer([row(1, 1), row(2, 0), row(3, 2)], spec).reached).toEqual([true, true]);
    const excluded = { ...spec, exclusions: [{ from: 0, to: 1 }] };
    expect(evaluateCustomer([row(1, 1), row(2, 0, 1), row(3, 2)], excluded).reached).toEqual([true, false]);
    // A second entry after the exclusion still converts.
    expect(evaluateCustomer([row(1, 1), row(2, 0, 1), row(3, 1), row(4, 2)], excluded).reached).toEqual([true, true]);
    // Outside the window from the entry.
    expect(evaluateCustomer([row(1, 1), row(12, 2)], spec).reached).toEqual([true, false]);
  });
});
