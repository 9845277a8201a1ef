/**
 * The Kaplan–Meier estimator over aggregated rows (one per distinct time: events and censorings),
 * with Greenwood's variance and the log-log 95 % interval — the conventions of R's survfit
 * (conf.type = "log-log"), which the reference files in tests/fixtures/reference/survival hold:
 * at a time with both events and censorings the events come first (the censored are still at risk).
 */
import type { KmCurve, KmStep } from '../../shared/survival-types';

export interface TimeCount {
  time: number;
  events: number;
  censored: number;
}

/** Φ⁻¹(0.975), the factor of a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

/** Merges rows of equal time and orders them; the SQL aggregate usually hands them over merged already. */
export function normaliseCounts(rows: readonly TimeCount[]): TimeCount[] {
  const byTime = new Map<number, TimeCount>();
  for (const r of rows) {
    const prior = byTime.get(r.time);
    if (prior) {
      prior.events += r.events;
      prior.censored += r.censored;
    } else byTime.set(r.time, { time: r.time, events: r.events, censored: r.censored });
  }
  return [...byTime.values()].filter((r) => r.events + r.censored > 0).sort((a, b) => a.time - b.time);
}

/** S^exp(±z·se/(S·ln S)): undefined where S is 0 or 1 (ln S = 0 or −∞). */
function logLogInterval(survival: number, se: number | null): { lower: number | null; upper: number | null } {
  if (se === null || !(survival > 0) || !(survival < 1)) return { lower: null, upper: null };
  const spread = (Z_95 * se) / (survival * Math.log(survival));
  return { lower: survival ** Math.exp(-spread), upper: survival ** Math.exp(spread) };
}

export function kaplanMeier(rows: readonly TimeCount[]): KmCurve {
  const counts = normaliseCounts(rows);
  let atRisk = counts.reduce((a, r) => a + r.events + r.censored, 0);
  const customers = atRisk;
  let survival = 1;
  let greenwood = 0;
  let events = 0;
  let censored = 0;
  const steps: KmStep[] = [];
  for (const r of counts) {
    if (r.events > 0) {
      survival *= 1 - r.events / atRisk;
      greenwood = atRisk > r.events ? greenwood + r.events / (atRisk * (atRisk - r.events)) : Infinity;
    }
    const se = survival > 0 && Number.isFinite(greenwood) ? survival * Math.sqrt(greenwood) : null;
    steps.push({ time: r.time, atRisk, events: r.events, censored: r.censored, survival, se, ...logLogInterval(survival, se) });
    atRisk -= r.events + r.censored;
    events += r.events;
    censored += r.censored;
  }
  return { customers, events, censored, steps, median: {
    value: crossing(steps, (s) => s.survival),
    lower: crossing(steps, (s) => s.lower),
    upper: crossing(steps, (s) => s.upper),
  } };
}

/** R's tolerance for "S equals 0.5 exactly" in quantile.survfit. */
const HALF_TOLERANCE = Math.sqrt(Number.EPSILON);

/**
 * The first time a curve (the estimate or a confidence limit) falls to 0.5 or below, as R's
 * quantile.survfit finds it: where the curve sits at 0.5 exactly, the midpoint between that time
 * and the time the curve next drops. Limits that are undefined (null) at a step are skipped.
 */
function crossing(steps: readonly KmStep[], value: (s: KmStep) => number | null): number | null {
  for (let i = 0; i < steps.length; i++) {
    const v = value(steps[i]!);
    if (v === null) continue;
    if (Math.abs(v - 0.5) < HALF_TOLERANCE) {
      const next = steps.slice(i + 1).find((s) => {
        const w = value(s);
        return w !== null && w < v - HALF_TOLERANCE;
      });
      return next ? (steps[i]!.time + next.time) / 2 : steps[i]!.time;
    }
    if (v < 0.5) return steps[i]!.time;
  }
  return null;
}

/** S(t): the estimate at the last step at or before t; null beyond the curve's last time (not observed). */
export function survivalAt(curve: KmCurve, t: number): KmStep | null {
  const last = curve.steps[curve.steps.length - 1];
  if (!last || t > last.time) return null;
  let found: KmStep | null = null;
  for (const s of curve.steps) {
    if (s.time > t) break;
    found = s;
  }
  return found ?? { time: t, atRisk: curve.customers, events: 0, censored: 0, survival: 1, se: 0, lower: null, upper: null };
}

/** Customers still at risk at time t (entered the risk set of the first step at or after t). */
export function atRiskAt(curve: KmCurve, t: number): number {
  for (const s of curve.steps) if (s.time >= t) return s.atRisk;
  return 0;
}
