/**
 * One customer's pass through a funnel, from her rows in stream order (docs/funnels.md is the
 * contract; tests/unit/funnel-semantics.test.ts checks this against a brute-force enumeration of
 * every path on random streams).
 *
 * Stream order: timestamp, then the lowest step the row matches (so rows at the same instant are
 * taken in step order and a tie counts as in order), then source and a hash of the row. A row
 * serves at most one step of a path.
 *
 * Ordered / strict: a path is an entry row of step 1 (in the period) followed by rows of later
 * steps, each after the previous one in stream order; an optional step may be skipped. It is valid
 * when every taken row is within the overall window of the entry, each within its step's window
 * of the previous taken row, all hold the entry's value of the held property, no exclusion row
 * lies between the rows of its two steps, and (strict) each taken row is the very next row of the
 * stream after the previous taken row. A customer reaches step k when some valid path takes step
 * k and every required step before it.
 *
 * Unordered: an anchor is any row matching a step (in the period); the rows up to the window after
 * it (with the anchor's held value) complete as many distinct steps as a matching of rows to steps
 * allows; a customer reaches step k when some anchor completes at least k + 1 steps. An exclusion
 * row within an anchor's window voids that anchor.
 */

export interface StreamRow {
  /** Milliseconds since the epoch. */
  ts: number;
  /** Bit k: the row matches step k. */
  steps: number;
  /** Bit e: the row matches exclusion e. */
  exclusions: number;
  /** The held property's value (null: the row cannot be on a held path). */
  hold: string | null;
  /** Whether the row's timestamp lies in the analysis period (for entries, or every row with all_steps). */
  inPeriod: boolean;
}

export interface EvaluationSpec {
  steps: number;
  optional: readonly boolean[];
  order: 'ordered' | 'strict' | 'unordered';
  /** Latest allowed timestamp of a path's row, given its entry's timestamp. */
  windowEnd: (entryTs: number) => number;
  /** Per step (index 0 unused): latest allowed timestamp given the previous taken row's, or null. */
  stepWindowEnd: ReadonlyArray<((previousTs: number) => number) | null>;
  exclusions: ReadonlyArray<{ from: number; to: number }>;
  holdConstant: boolean;
  /** all_steps: every taken row must be in the period (not only the entry). */
  everyStepInPeriod: boolean;
}

export interface Evaluation {
  /** reached[k]: the customer reached step k. */
  reached: boolean[];
  /** The row taken for each step on the path shown (−1: not taken): the path that reaches the furthest step first. */
  path: number[];
}

interface State {
  step: number;
  row: number;
  entry: number;
  /** Row taken at each exclusion's `from` step on this path (−1: not taken). */
  starts: number[];
  parent: State | null;
}

const has = (mask: number, bit: number) => (mask & (1 << bit)) !== 0;

function pathOf(state: State, steps: number): number[] {
  const path = new Array<number>(steps).fill(-1);
  for (let s: State | null = state; s; s = s.parent) path[s.step] = s.row;
  return path;
}

/**
 * Ordered and strict funnels: a forward search over path prefixes, level by level (a level holds
 * the prefixes that end at one step), pruned by dominance. Of the prefixes ending at the same row
 * (and the same exclusion starts), only the one with the latest entry is kept — it leaves the most
 * of the overall window, and everything else about what may follow is the row's own. Between two
 * with the same entry, the later previous row wins. So the path shown is: the earliest row of the
 * furthest step; the latest entry that reaches it; at each earlier step, the latest row on such a
 * path (docs/funnels.md; the SQL evaluation in sql-funnel.ts applies the same rule).
 */
function evaluateOrdered(rows: readonly StreamRow[], spec: EvaluationSpec): Evaluation {
  const reached = new Array<boolean>(spec.steps).fill(false);
  const levels: Array<Map<string, State>> = Array.from({ length: spec.steps }, () => new Map());
  const offer = (state: State) => {
    const key = `${state.row}:${state.starts.join(',')}`;
    const level = levels[state.step]!;
    const kept = level.get(key);
    if (kept && !laterPrefix(rows, state, kept)) return;
    level.set(key, state);
  };
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (!has(row.steps, 0) || !row.inPeriod) continue;
    if (spec.holdConstant && row.hold === null) continue;
    offer({ step: 0, row: r, entry: r, starts: spec.exclusions.map((e) => (e.from === 0 ? r : -1)), parent: null });
  }
  for (let step = 0; step < spec.steps; step++) {
    for (const state of levels[step]!.values()) {
      reached[step] = true;
      extend(rows, spec, state, offer);
    }
  }
  const furthest = reached.lastIndexOf(true);
  if (furthest < 0) return { reached, path: new Array<number>(spec.steps).fill(-1) };
  let best: State | null = null;
  for (const state of levels[furthest]!.values()) {
    if (best === null || state.row < best.row || (state.row === best.row && laterPrefix(rows, state, best))) best = state;
  }
  return { reached, path: pathOf(best!, spec.steps) };
}

/** Whether prefix a is preferred to b (same step and row): a later entry, then a later previous row, and so on back. */
function laterPrefix(rows: readonly StreamRow[], a: State, b: State): boolean {
  const entryA = rows[a.entry]!.ts;
  const entryB = rows[b.entry]!.ts;
  if (entryA !== entryB) return entryA > entryB;
  for (let x = a.parent, y = b.parent; x && y; x = x.parent, y = y.parent) {
    if (x.row !== y.row) return x.row > y.row;
  }
  return false;
}

/** Offers every prefix one row longer than state: the next step, or a later one when the steps between are optional. */
function extend(rows: readonly StreamRow[], spec: EvaluationSpec, state: State, offer: (s: State) => void): void {
  const entry = rows[state.entry]!;
  const from = rows[state.row]!;
  const windowEnd = spec.windowEnd(entry.ts);
  for (let next = state.step + 1; next < spec.steps; next++) {
    const stepEnd = spec.stepWindowEnd[next]?.(from.ts) ?? Number.POSITIVE_INFINITY;
    const lastRow = spec.order === 'strict' ? Math.min(rows.length - 1, state.row + 1) : rows.length - 1;
    for (let r = state.row + 1; r <= lastRow; r++) {
      const row = rows[r]!;
      if (row.ts > windowEnd) break;
      if (!has(row.steps, next) || row.ts > stepEnd) continue;
      if (spec.everyStepInPeriod && !row.inPeriod) continue;
      if (spec.holdConstant && row.hold !== entry.hold) continue;
      if (blockedByExclusion(rows, spec, state.starts, next, r)) continue;
      const starts = spec.exclusions.map((e, i) => (e.from === next ? r : state.starts[i]!));
      offer({ step: next, row: r, entry: state.entry, starts, parent: state });
    }
    if (!spec.optional[next]) break;
  }
}

/** An exclusion ending at step `next`: a row of it strictly between its start step's row and row r. */
function blockedByExclusion(rows: readonly StreamRow[], spec: EvaluationSpec, starts: readonly number[], next: number, r: number): boolean {
  for (let i = 0; i < spec.exclusions.length; i++) {
    const e = spec.exclusions[i]!;
    if (e.to !== next) continue;
    const start = starts[i]!;
    if (start < 0) continue;
    for (let x = start + 1; x < r; x++) if (has(rows[x]!.exclusions, i)) return true;
  }
  return false;
}

/** The most distinct steps the rows can complete, one row per step (augmenting paths; tiny graphs). */
function maximumMatching(candidates: readonly number[], rows: readonly StreamRow[], steps: number): number[] {
  const stepOfRow = new Map<number, number>();
  const rowOfStep = new Array<number>(steps).fill(-1);
  const tryStep = (step: number, visited: Set<number>): boolean => {
    for (const r of candidates) {
      if (!has(rows[r]!.steps, step) || visited.has(r)) continue;
      visited.add(r);
      const taken = stepOfRow.get(r);
      if (taken === undefined || tryStep(taken, visited)) {
        stepOfRow.set(r, step);
        rowOfStep[step] = r;
        return true;
      }
    }
    return false;
  };
  for (let step = 0; step < steps; step++) tryStep(step, new Set());
  // Rows reassigned away from a step leave stale entries: rebuild from the row side.
  rowOfStep.fill(-1);
  for (const [r, step] of stepOfRow) rowOfStep[step] = r;
  return rowOfStep;
}

function evaluateUnordered(rows: readonly StreamRow[], spec: EvaluationSpec): Evaluation {
  let bestCount = 0;
  let bestPath = new Array<number>(spec.steps).fill(-1);
  for (let a = 0; a < rows.length; a++) {
    const anchor = rows[a]!;
    if (anchor.steps === 0 || !anchor.inPeriod) continue;
    if (spec.holdConstant && anchor.hold === null) continue;
    const end = spec.windowEnd(anchor.ts);
    const candidates: number[] = [];
    let voided = false;
    for (let r = a; r < rows.length && rows[r]!.ts <= end; r++) {
      const row = rows[r]!;
      if (row.exclusions !== 0) voided = true;
      if (row.steps === 0) continue;
      if (spec.everyStepInPeriod && !row.inPeriod) continue;
      if (spec.holdConstant && row.hold !== anchor.hold) continue;
      candidates.push(r);
    }
    if (voided) continue;
    const path = maximumMatching(candidates, rows, spec.steps);
    const count = path.filter((r) => r >= 0).length;
    if (count > bestCount) {
      bestCount = count;
      bestPath = path;
    }
  }
  return { reached: Array.from({ length: spec.steps }, (_, k) => bestCount >= k + 1), path: bestPath };
}

export function evaluateCustomer(rows: readonly StreamRow[], spec: EvaluationSpec): Evaluation {
  return spec.order === 'unordered' ? evaluateUnordered(rows, spec) : evaluateOrdered(rows, spec);
}
