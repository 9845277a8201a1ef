import { PROFILE_TABLE } from '../../shared/customer-types';
import type { SegmentCountResult, SegmentNode } from '../../shared/segment-types';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';
import { compileSegment, PROFILE_ALIAS, type CompileContext } from './compile-segment';
import { pruneDisabled } from './rule-tree';
import { loadRefs, loadWorkbench } from './segment-context';
import { engineTarget } from './sql-target';

/**
 * The live count with its waterfall, in one query: each enabled top-level condition of a root AND
 * is evaluated once per customer (a column of a CTE), and the waterfall's steps are running ANDs
 * of those columns. Switched-off conditions are skipped (they keep their place in the ids).
 */
export async function countSegment(session: Session, rule: SegmentNode): Promise<SegmentCountResult> {
  const started = performance.now();
  const wb = await loadWorkbench(session);
  const pruned = pruneDisabled(rule) ?? ({ kind: 'all' } as SegmentNode);
  const refs = await loadRefs(session, pruned);
  const target = engineTarget();
  const ctx: CompileContext = { target, asOf: wb.asOf, profile: wb.profile, sources: wb.sources, refs };

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
  const flags = steps.map((s, i) => `coalesce(${compileSegment(s.node, ctx)}, FALSE) AS b${i}`);
  const running = steps.map((_, i) => Array.from({ length: i + 1 }, (_x, k) => `b${k}`).join(' AND '));
  const select = [
    'count(*) AS n',
    'CAST(sum(aum) AS DOUBLE) AS aum_all',
    ...running.flatMap((cond, i) => [`count(*) FILTER (WHERE ${cond}) AS r${i}`, `CAST(sum(aum) FILTER (WHERE ${cond}) AS DOUBLE) AS a${i}`]),
  ];
  const sql = `WITH f AS (SELECT ${PROFILE_ALIAS}.aum_latest AS aum${flags.map((f) => `, ${f}`).join('')} FROM ${quoteIdent(PROFILE_TABLE)} ${PROFILE_ALIAS})
SELECT ${select.join(', ')} FROM f`;
  const [row] = await session.rows<Record<string, bigint | number | null>>(sql, target.params);
  const n = Number(row?.n ?? 0);
  const aumAll = Number(row?.aum_all ?? 0);
  const waterfall = steps.map((s, i) => {
    const remaining = Number(row?.[`r${i}`] ?? 0);
    const aum = Number(row?.[`a${i}`] ?? 0);
    return { conditionId: s.id, remaining, share: n ? remaining / n : 0, aumShare: aumAll ? aum / aumAll : 0 };
  });
  const last = steps.length - 1;
  const count = last >= 0 ? Number(row?.[`r${last}`] ?? 0) : n;
  const aum = last >= 0 ? Number(row?.[`a${last}`] ?? 0) : aumAll;
  return { count, customers: n, share: n ? count / n : 0, aum, aumShare: aumAll ? aum / aumAll : 0, waterfall, asOf: wb.asOf, elapsedMs: performance.now() - started };
}
