import { randomUUID } from 'node:crypto';
import type { DuckDBValue } from '@duckdb/node-api';
import { AppError } from '../../shared/errors';
import {
  savedSegmentSchema,
  segmentNodeSchema,
  staticOriginSchema,
  type SavedSegment,
  type SegmentNode,
  type SegmentSummary,
  type SegmentVersion,
  type StaticOrigin,
} from '../../shared/segment-types';
import { tableExists } from '../profile/profile-meta';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';
import { MEMBERS_TABLE } from './compile-segment';
import { conditionsOf } from './rule-tree';
import { describeChanges } from './segment-changes';

/** The current state of each segment (one row each). */
export const SEGMENTS_TABLE = '_sw_segments';
/** Every saved version, with what changed. */
export const VERSIONS_TABLE = '_sw_segment_versions';

const S = quoteIdent(SEGMENTS_TABLE);
const V = quoteIdent(VERSIONS_TABLE);
const M = quoteIdent(MEMBERS_TABLE);

interface SegmentRow {
  id: string;
  name: string;
  description: string;
  owner: string;
  kind: string;
  rule: string;
  version: number;
  created_at: string;
  updated_at: string;
  static_origin: string | null;
}

const SELECT = `SELECT id, name, description, owner, kind, rule::VARCHAR AS rule, version, created_at, updated_at, static_origin::VARCHAR AS static_origin FROM ${S}`;

function toSegment(r: SegmentRow): SavedSegment {
  return savedSegmentSchema.parse({
    id: r.id,
    name: r.name,
    description: r.description,
    owner: r.owner,
    kind: r.kind,
    rule: JSON.parse(r.rule),
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    static: r.static_origin ? staticOriginSchema.parse(JSON.parse(r.static_origin)) : null,
  });
}

export function notFound(id: string): AppError {
  return new AppError('NOT_FOUND', `no segment ${id}`, { segment: id }, 'error.SEGMENT_NOT_FOUND');
}

export async function findSegment(session: Session, id: string): Promise<SavedSegment | null> {
  if (!(await tableExists(session, SEGMENTS_TABLE))) return null;
  const [row] = await session.rows<SegmentRow & Record<string, unknown>>(`${SELECT} WHERE id = $id`, { id });
  return row ? toSegment(row) : null;
}

export async function getSegment(session: Session, id: string): Promise<SavedSegment> {
  const segment = await findSegment(session, id);
  if (!segment) throw notFound(id);
  return segment;
}

export async function listSegments(session: Session, search?: string): Promise<SegmentSummary[]> {
  if (!(await tableExists(session, SEGMENTS_TABLE))) return [];
  const rows = await session.rows<SegmentRow & Record<string, unknown>>(`${SELECT} ORDER BY updated_at DESC, id`);
  const needle = search?.trim().toLowerCase() ?? '';
  return rows
    .map(toSegment)
    .filter((s) => needle === '' || [s.id, s.name, s.description, s.owner].some((f) => f.toLowerCase().includes(needle)))
    .map(({ rule, ...s }) => ({ ...s, memberCount: s.static ? s.static.members : null, conditions: conditionsOf(rule).length }));
}

function newId(): string {
  return `seg_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

interface SaveInput {
  id?: string | undefined;
  name: string;
  description: string;
  owner: string;
  rule: SegmentNode;
}

async function writeVersion(session: Session, segment: SavedSegment, changes: string[]): Promise<void> {
  await session.run(`INSERT INTO ${V} VALUES ($id, $version, $saved_at, $name, $description, $owner, $rule::JSON, $changes::JSON)`, {
    id: segment.id,
    version: segment.version,
    saved_at: segment.updatedAt,
    name: segment.name,
    description: segment.description,
    owner: segment.owner,
    rule: JSON.stringify(segment.rule),
    changes: JSON.stringify(changes),
  });
}

async function writeCurrent(session: Session, segment: SavedSegment): Promise<void> {
  await session.run(`DELETE FROM ${S} WHERE id = $id`, { id: segment.id });
  await session.run(`INSERT INTO ${S} VALUES ($id, $name, $description, $owner, $kind, $rule::JSON, $version, $created_at, $updated_at, $static_origin::JSON)`, {
    id: segment.id,
    name: segment.name,
    description: segment.description,
    owner: segment.owner,
    kind: segment.kind,
    rule: JSON.stringify(segment.rule),
    version: segment.version,
    created_at: segment.createdAt,
    updated_at: segment.updatedAt,
    static_origin: segment.static ? JSON.stringify(segment.static) : null,
  });
}

/** A new version of a segment (a new segment without an id). The caller has checked the rule. */
export async function saveSegment(session: Session, input: SaveInput, now: Date, statik: StaticOrigin | null = null): Promise<SavedSegment> {
  const rule = segmentNodeSchema.parse(input.rule);
  return session.transaction(async () => {
    const before = input.id ? await getSegment(session, input.id) : null;
    const at = now.toISOString();
    const segment: SavedSegment = {
      id: input.id ?? newId(),
      name: input.name,
      description: input.description,
      owner: input.owner,
      kind: before ? before.kind : statik ? 'static' : 'dynamic',
      rule,
      version: (before?.version ?? 0) + 1,
      createdAt: before?.createdAt ?? at,
      updatedAt: at,
      static: before ? before.static : statik,
    };
    if (before?.kind === 'static' && JSON.stringify(before.rule) !== JSON.stringify(rule)) {
      throw new AppError('INVALID_ARGUMENT', `${before.name} is a static segment; its members are frozen and its rule cannot change`, { segment: before.id }, 'error.SEGMENT_STATIC');
    }
    await writeCurrent(session, segment);
    await writeVersion(session, segment, describeChanges(before, segment));
    return segment;
  });
}

export async function segmentHistory(session: Session, id: string): Promise<SegmentVersion[]> {
  await getSegment(session, id);
  const rows = await session.rows<{ version: number; saved_at: string; name: string; description: string; owner: string; rule: string; changes: string }>(
    `SELECT version, saved_at, name, description, owner, rule::VARCHAR AS rule, changes::VARCHAR AS changes FROM ${V} WHERE segment_id = $id ORDER BY version DESC`,
    { id },
  );
  return rows.map((r) => ({
    version: Number(r.version),
    savedAt: r.saved_at,
    name: r.name,
    description: r.description,
    owner: r.owner,
    rule: segmentNodeSchema.parse(JSON.parse(r.rule)),
    changes: JSON.parse(r.changes) as string[],
  }));
}

export async function versionOf(session: Session, id: string, version: number): Promise<SegmentVersion> {
  const found = (await segmentHistory(session, id)).find((v) => v.version === version);
  if (!found) throw new AppError('NOT_FOUND', `segment ${id} has no version ${version}`, { segment: id, version }, 'error.SEGMENT_VERSION_NOT_FOUND');
  return found;
}

/** Segments whose current rule refers to id. */
export async function referrers(session: Session, id: string): Promise<SavedSegment[]> {
  if (!(await tableExists(session, SEGMENTS_TABLE))) return [];
  const rows = await session.rows<SegmentRow & Record<string, unknown>>(SELECT);
  return rows.map(toSegment).filter((s) => conditionsOf(s.rule).some(({ node }) => node.kind === 'segment' && node.segment === id));
}

export async function deleteSegment(session: Session, id: string): Promise<boolean> {
  const segment = await findSegment(session, id);
  if (!segment) return false;
  const users = await referrers(session, id);
  if (users.length) {
    throw new AppError('INVALID_ARGUMENT', `${segment.name} is used by ${users.map((u) => u.name).join(', ')}`, { segment: id, usedBy: users.map((u) => u.id).join(', ') }, 'error.SEGMENT_IN_USE');
  }
  await session.transaction(async () => {
    for (const t of [S, V]) await session.run(`DELETE FROM ${t} WHERE ${t === S ? 'id' : 'segment_id'} = $id`, { id });
    await session.run(`DELETE FROM ${M} WHERE segment_id = $id`, { id });
  });
  return true;
}

/** A static segment's frozen ids (exported SQL and files). */
export async function staticMemberIds(session: Session, id: string): Promise<string[]> {
  if (!(await tableExists(session, MEMBERS_TABLE))) return [];
  const rows = await session.rows<{ customer_id: string }>(`SELECT customer_id FROM ${M} WHERE segment_id = $id ORDER BY customer_id`, { id });
  return rows.map((r) => r.customer_id);
}

/**
 * Creates a static segment and fills its members with `membersSql` (a SELECT of one column of
 * customer ids, with its own bound parameters), all in one transaction.
 */
export async function createStaticSegment(
  session: Session,
  input: Omit<SaveInput, 'id'>,
  origin: Omit<StaticOrigin, 'members'>,
  membersSql: string,
  params: Record<string, string | number | boolean>,
  now: Date,
  extraParams: Record<string, DuckDBValue> = {},
): Promise<SavedSegment> {
  return session.transaction(async () => {
    const id = newId();
    await session.run(`INSERT INTO ${M} SELECT DISTINCT $segment_id, customer_id FROM (${membersSql}) AS s(customer_id) WHERE customer_id IS NOT NULL`, { ...params, ...extraParams, segment_id: id });
    const [row] = await session.rows<{ n: bigint }>(`SELECT count(*) AS n FROM ${M} WHERE segment_id = $id`, { id });
    const at = now.toISOString();
    const segment: SavedSegment = {
      id,
      name: input.name,
      description: input.description,
      owner: input.owner,
      kind: 'static',
      rule: input.rule,
      version: 1,
      createdAt: at,
      updatedAt: at,
      static: { ...origin, members: Number(row?.n ?? 0) },
    };
    await writeCurrent(session, segment);
    await writeVersion(session, segment, [origin.from === 'ids' ? 'created from a list of ids' : `snapshot of ${origin.sourceSegmentId ?? 'a rule'} taken`]);
    return segment;
  });
}
