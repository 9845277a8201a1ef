import { PROFILE_TABLE } from '../../shared/customer-types';
import type { SegmentCountResult, SegmentNode } from '../../shared/segment-types';
import { quoteIdent } from '../sql/identifiers';
import type { Session, SqlParams } from '../workspace';
import { compileSegment, PROFILE_ALIAS, type CompileContext } from './compile-segment';
import { pruneDisabled } from './rule-tree';
import { loadRefs, loadWorkbench, type Workbench } from './segment-context';
import { engineDialect } from '../sql/engine-dialect';

/**
 * Up to this many steps the waterfall comes from one GROUP BY over the steps' flags (at most 2^k
 * groups, each condition evaluated once per customer): 2–3× faster on 5 M customers than one
 * FILTER aggregate per step, which re-evaluates the running AND for every step.
 */
const MAX_GROUPED_STEPS = 12;

interface Totals {
  customers: number;
  aum: number;
  steps: Array<{ remaining: number; aum: number }>;
}

function flagsCte(flags: string[]): string {
  return `WITH f AS (SELECT CAST(${PROFILE_ALIAS}.aum_latest AS DOUBLE) AS aum${flags.map((f) => `, ${f}`).join('')} FROM ${quoteIdent(PROFILE_TABLE)} ${PROFILE_ALIAS})`;
}

async function groupedTotals(session: Session, flags: string[], params: SqlParams): Promise<Totals> {
  const keys = flags.map((_f, i) => `b${i}`);
  const groups = await session.rows<Record<string, boolean | bigint | number | null>>(
    `${flagsCte(flags)} SELECT ${[...keys, 'count(*) AS n', 'sum(aum) AS a'].join(', ')} FROM f${keys.length ? ` GROUP BY ${keys.join(', ')}` : ''}`,
    params,
  );
  const totals: Totals = { customers: 0, aum: 0, steps: keys.map(() => ({ remaining: 0, aum: 0 })) };
  for (const g of groups) {
    const n = Number(g.n ?? 0);
    const a = Number(g.a ?? 0);
    totals.customers += n;
    totals.aum += a;
    // A group counts towards step i while every flag up to i holds (the running AND).
    for (let i = 0; i < keys.length && g[keys[i]!] === true; i++) {
      totals.steps[i]!.remaining += n;
      totals.steps[i]!.aum += a;
    }
  }
  return totals;
}

async function filteredTotals(session: Session, flags: string[], params: SqlParams): Promise<Totals> {
  const running = flags.map((_, i) => Array.from({ length: i + 1 }, (_x, k) => `b${k}`).join(' AND '));
  const select = ['count(*) AS n', 'sum(aum) AS aum_all', ...running.flatMap((cond, i) => [`count(*) FILTER (WHERE ${cond}) AS r${i}`, `sum(aum) FILTER (WHERE ${cond}) AS a${i}`])];
  const [row] = await session.rows<Record<string, bigint | number | null>>(`${flagsCte(flags)} SELECT ${select.join(', ')} FROM f`, params);
  return {
    customers: Number(row?.n ?? 0),
    aum: Number(row?.aum_all ?? 0),
    steps: running.map((_c, i) => ({ remaining: Number(row?.[`r${i}`] ?? 0), aum: Number(row?.[`a${i}`] ?? 0) })),
  };
}

/**
 * The live count with its waterfall, in one query: each enabled top-level condition of a root AND
 * is evaluated once per customer (a column of a CTE), and the waterfall's steps are running ANDs
 * of those columns. Switched-off conditions are skipped (they keep their place in the ids).
 */
export async function countSegment(session: Session, rule: SegmentNode, workbench?: Workbench): Promise<SegmentCountResult> {
  const started = performance.now();
  const wb = workbench ?? (await loadWorkbench(session));
  const pruned = pruneDisabled(rule) ?? ({ kind: 'all' } as SegmentNode);
  const refs = await loadRefs(session, pruned);
  const target = engineDialect();
  const ctx: CompileContext = { dialect: target, asOf: wb.asOf, profile: wb.profile, sources: wb.sources, refs };

  // Steps: the root AND's enabled children with their ids (index among all children when unnamed).
  const steps: Array<{ id: string; node: SegmentNode }> = [];
  if (rule.kind === 'and' && pruned.kind === 'and') {
    rule.children.forEach((child, i) => {
      const kept = pruneDisabled(child);
      if (kept) steps.push({ id: child.id ?? String(i), node: kept });
    });
  } else if (pruned.kind !== 'all') {
    steps.push({ id: rule.id ?? '0', node: pruned });
  }
  const flags = steps.map((s, i) => `${target.isTrue(compileSegment(s.node, ctx))} AS b${i}`);
  const totals = steps.length <= MAX_GROUPED_STEPS ? await groupedTotals(session, flags, target.params) : await filteredTotals(session, flags, target.params);
  const n = totals.customers;
  const aumAll = totals.aum;
  const waterfall = steps.map((s, i) => {
    const { remaining, aum } = totals.steps[i] ?? { remaining: 0, aum: 0 };
    return { conditionId: s.id, remaining, share: n ? remaining / n : 0, aumShare: aumAll ? aum / aumAll : 0 };
  });
  const lastStep = totals.steps[steps.length - 1];
  const count = lastStep ? lastStep.remaining : n;
  const aum = lastStep ? lastStep.aum : aumAll;
  return { count, customers: n, share: n ? count / n : 0, aum, aumShare: aumAll ? aum / aumAll : 0, waterfall, asOf: wb.asOf, elapsedMs: performance.now() - started };
}
