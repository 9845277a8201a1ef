/**
 * The log-rank test across k groups (R's survdiff with rho = 0): at each distinct event time, the
 * observed events of each group against the expected n_g·d/n, and the hypergeometric covariance
 * V_gh = d(n − d)/(n − 1) · (n_g/n)(δ_gh − n_h/n). χ² = (O − E)ᵀ V⁻ (O − E) over the groups with
 * someone at risk at an event time (one of them dropped, V having rank k − 1); df = that count − 1.
 */
import type { LogRank } from '../../shared/survival-types';
import { chiSquareSurvival } from '../stats/incomplete-gamma';
import { normaliseCounts, type TimeCount } from './kaplan-meier';

interface GroupState {
  rows: TimeCount[];
  cursor: number;
  atRisk: number;
}

export function logRank(groups: ReadonlyArray<readonly TimeCount[]>): LogRank {
  const k = groups.length;
  const states: GroupState[] = groups.map((g) => {
    const rows = normaliseCounts(g);
    return { rows, cursor: 0, atRisk: rows.reduce((a, r) => a + r.events + r.censored, 0) };
  });
  const times = [...new Set(states.flatMap((s) => s.rows.filter((r) => r.events > 0).map((r) => r.time)))].sort((a, b) => a - b);
  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const variance = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const t of times) {
    // Leave the risk sets of everyone whose time came before t.
    for (const s of states) {
      while (s.cursor < s.rows.length && s.rows[s.cursor]!.time < t) {
        s.atRisk -= s.rows[s.cursor]!.events + s.rows[s.cursor]!.censored;
        s.cursor++;
      }
    }
    const d = states.map((s) => (s.cursor < s.rows.length && s.rows[s.cursor]!.time === t ? s.rows[s.cursor]!.events : 0));
    const n = states.map((s) => s.atRisk);
    const dTotal = d.reduce((a, b) => a + b, 0);
    const nTotal = n.reduce((a, b) => a + b, 0);
    for (let g = 0; g < k; g++) {
      observed[g]! += d[g]!;
      expected[g]! += (n[g]! * dTotal) / nTotal;
    }
    if (nTotal < 2) continue;
    const factor = (dTotal * (nTotal - dTotal)) / (nTotal - 1);
    for (let g = 0; g < k; g++) {
      for (let h = 0; h < k; h++) {
        variance[g]![h]! += factor * (n[g]! / nTotal) * ((g === h ? 1 : 0) - n[h]! / nTotal);
      }
    }
  }
  // Groups nobody in which was at risk at an event time contribute nothing (R: expected > 0).
  const used = expected.map((e, g) => (e > 0 ? g : -1)).filter((g) => g >= 0);
  const df = Math.max(0, used.length - 1);
  if (df === 0) return { chiSquare: 0, df: 0, p: null, observed, expected };
  const kept = used.slice(0, -1);
  const diff = kept.map((g) => observed[g]! - expected[g]!);
  const matrix = kept.map((g) => kept.map((h) => variance[g]![h]!));
  const solved = solveSymmetric(matrix, diff);
  const chiSquare = solved ? diff.reduce((a, v, i) => a + v * solved[i]!, 0) : 0;
  return { chiSquare, df, p: chiSquareSurvival(chiSquare, df), observed, expected };
}

/** Gaussian elimination with partial pivoting; null when the matrix is singular. */
function solveSymmetric(matrix: number[][], rhs: number[]): number[] | null {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / a[col]![col]!;
      for (let c = col; c <= n; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}
