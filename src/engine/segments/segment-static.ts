import { PROFILE_TABLE } from '../../shared/customer-types';
import type { MatchReport, SavedSegment, SegmentNode } from '../../shared/segment-types';
import { readProfileMeta, tableExists } from '../profile/profile-meta';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';
import { PROFILE_ALIAS } from './compile-segment';
import { compileForEngine, loadWorkbench } from './segment-context';
import { createStaticSegment } from './segment-store';
import { engineDialect } from '../sql/engine-dialect';

/** Freezes the current members of a rule (a segment's) into a new static segment. */
export async function snapshotSegment(
  session: Session,
  input: { rule: SegmentNode; sourceId: string | null; sourceVersion: number | null; name: string; description: string; owner: string },
  now: Date,
): Promise<SavedSegment> {
  const wb = await loadWorkbench(session);
  const target = engineDialect();
  const where = await compileForEngine(session, wb, input.rule, target);
  const members = `SELECT ${PROFILE_ALIAS}.customer_id FROM ${quoteIdent(PROFILE_TABLE)} ${PROFILE_ALIAS} WHERE coalesce(${where}, FALSE)`;
  return createStaticSegment(
    session,
    { name: input.name, description: input.description, owner: input.owner, rule: input.rule },
    { from: 'snapshot', takenAt: now.toISOString(), asOf: wb.asOf, sourceSegmentId: input.sourceId, sourceVersion: input.sourceVersion },
    members,
    target.params,
    now,
  );
}

const EXAMPLES = 20;

/**
 * A static segment from a list of customer ids (trimmed; blank lines ignored), with the match
 * report: ids found among the customers (the profile's, else the customers table's), the ones not
 * found (with examples in the order given) and the ones given more than once.
 */
export async function segmentFromIds(
  session: Session,
  input: { name: string; description: string; owner: string; ids: string[] },
  now: Date,
): Promise<{ segment: SavedSegment; report: MatchReport }> {
  const times = new Map<string, number>();
  let blank = 0;
  for (const raw of input.ids) {
    const id = raw.trim();
    if (id === '') blank++;
    else times.set(id, (times.get(id) ?? 0) + 1);
  }
  const distinct = [...times.keys()];
  const universe = (await readProfileMeta(session)) ? PROFILE_TABLE : (await tableExists(session, 'customers')) ? 'customers' : null;
  const matchedSet = new Set<string>();
  if (universe && distinct.length) {
    const rows = await session.rows<{ id: string }>(
      `SELECT u.id FROM (SELECT unnest(from_json($ids, '["VARCHAR"]')) AS id) u SEMI JOIN ${quoteIdent(universe)} c ON c.customer_id = u.id`,
      { ids: JSON.stringify(distinct) },
    );
    for (const r of rows) matchedSet.add(r.id);
  }
  const matched = distinct.filter((id) => matchedSet.has(id));
  const unmatched = distinct.filter((id) => !matchedSet.has(id));
  const duplicates = [...times.entries()].filter(([, n]) => n > 1);
  const meta = await readProfileMeta(session);
  const segment = await createStaticSegment(
    session,
    { name: input.name, description: input.description, owner: input.owner, rule: { kind: 'all' } },
    { from: 'ids', takenAt: now.toISOString(), asOf: meta?.asOf ?? null, sourceSegmentId: null, sourceVersion: null },
    `SELECT unnest(from_json($ids, '["VARCHAR"]'))`,
    {},
    now,
    { ids: JSON.stringify(matched) },
  );
  return {
    segment,
    report: {
      submitted: input.ids.length - blank,
      blank,
      distinct: distinct.length,
      matched: matched.length,
      unmatched: unmatched.length,
      unmatchedExamples: unmatched.slice(0, EXAMPLES),
      duplicates: duplicates.length,
      duplicateExamples: duplicates.slice(0, EXAMPLES).map(([id, n]) => ({ id, times: n })),
    },
  };
}
