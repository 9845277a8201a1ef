import { AppError } from '../../shared/errors';
import { PROFILE_TABLE } from '../../shared/customer-types';
import type { RuleNode } from '../../shared/rule-language';
import type { SegmentNode, SegmentTarget } from '../../shared/segment-types';
import { listValue } from '@duckdb/node-api';
import { PROFILE_META_TABLE, readProfileMeta } from '../profile/profile-meta';
import type { ColumnInfo } from '../../shared/table-types';
import { fieldCatalog, type FieldCatalog } from '../conditions/field-catalog';
import type { Dialect } from '../sql/dialect';
import { findTag } from '../tags/tag-service';
import type { Session } from '../workspace';
import { compileSegment, cycleError, type CompileContext, type ResolvedRefs, type ResolvedSegment } from './compile-segment';
import { pruneDisabled, segmentRefsOf, tagRefsOf } from './rule-tree';
import { findSegment, staticMemberIds } from './segment-store';

/** The tables behavioural conditions may read. */
export const BEHAVIOUR_TABLES = ['transactions', 'events', 'contacts', 'holdings', 'balances'] as const;

export interface Workbench {
  asOf: string;
  profile: FieldCatalog;
  sources: Map<string, FieldCatalog>;
}

/**
 * The profile's as-of date and columns, and the behavioural tables present: one catalog query and
 * one read of the profile's metadata (this runs before every live count, so it stays cheap).
 */
export async function loadWorkbench(session: Session): Promise<Workbench> {
  const wanted = [PROFILE_TABLE, PROFILE_META_TABLE, ...BEHAVIOUR_TABLES];
  const rows = await session.rows<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM duckdb_columns()
     WHERE database_name = $catalog AND schema_name = 'main' AND list_contains($tables, table_name) ORDER BY table_name, column_index`,
    { catalog: session.catalog, tables: listValue(wanted) },
  );
  const columns = new Map<string, ColumnInfo[]>();
  for (const r of rows) columns.set(r.table_name, [...(columns.get(r.table_name) ?? []), { name: r.column_name, type: r.data_type }]);
  const meta = columns.has(PROFILE_TABLE) && columns.has(PROFILE_META_TABLE) ? await readProfileMeta(session) : null;
  if (!meta) throw new AppError('NOT_FOUND', 'the customer profile has not been built yet', {}, 'error.PROFILE_NOT_BUILT');
  const sources = new Map<string, FieldCatalog>();
  for (const table of BEHAVIOUR_TABLES) {
    const cols = columns.get(table);
    if (cols) sources.set(table, fieldCatalog(cols));
  }
  return { asOf: meta.asOf, profile: fieldCatalog(columns.get(PROFILE_TABLE) ?? []), sources };
}

/**
 * The workbench for the live count, kept until the data version moves (every import, profile build,
 * rule save and console write bumps it): the count runs on every keystroke, and the catalog look-up
 * was a tenth of its time on 5 M customers.
 */
export class WorkbenchCache {
  private cached: { version: number; workbench: Workbench } | null = null;

  constructor(private readonly dataVersion: () => number) {}

  async get(session: Session): Promise<Workbench> {
    const version = this.dataVersion();
    if (this.cached?.version === version) return this.cached.workbench;
    const workbench = await loadWorkbench(session);
    this.cached = { version, workbench };
    return workbench;
  }
}

/**
 * Loads every tag and saved segment a tree refers to, following dynamic segments' rules, and
 * refuses a cycle naming the segments in it. `withMembers`: static segments' ids too (export).
 */
export async function loadRefs(session: Session, tree: SegmentNode, options: { withMembers?: boolean; self?: string } = {}): Promise<ResolvedRefs> {
  const tags = new Map<string, RuleNode>();
  const segments = new Map<string, ResolvedSegment>();
  const loadTags = async (node: SegmentNode) => {
    for (const id of tagRefsOf(node)) if (!tags.has(id)) tags.set(id, (await findTag(session, id)).definition);
  };
  const visit = async (node: SegmentNode, stack: string[]): Promise<void> => {
    await loadTags(node);
    for (const id of segmentRefsOf(node)) {
      if (stack.includes(id)) throw cycleError([...stack.slice(stack.indexOf(id)), id]);
      let seg = segments.get(id);
      if (!seg) {
        const saved = await findSegment(session, id);
        if (!saved) throw new AppError('NOT_FOUND', `no segment ${id}`, { segment: id }, 'error.SEGMENT_NOT_FOUND');
        seg = { name: saved.name, kind: saved.kind, rule: saved.rule, ...(options.withMembers && saved.kind === 'static' ? { members: await staticMemberIds(session, id) } : {}) };
        segments.set(id, seg);
      }
      if (seg.kind === 'dynamic') await visit(seg.rule, [...stack, id]);
    }
  };
  await visit(tree, options.self ? [options.self] : []);
  return { tags, segments };
}

/** The rule of a target: a saved segment's (a static one: membership of itself) or the given one. */
export async function targetRule(session: Session, target: SegmentTarget): Promise<{ rule: SegmentNode; id: string | null; name: string | null }> {
  if ('rule' in target) return { rule: target.rule, id: null, name: null };
  const saved = await findSegment(session, target.id);
  if (!saved) throw new AppError('NOT_FOUND', `no segment ${target.id}`, { segment: target.id }, 'error.SEGMENT_NOT_FOUND');
  return { rule: saved.kind === 'static' ? { kind: 'segment', segment: saved.id, member: true } : saved.rule, id: saved.id, name: saved.name };
}

export interface Compiled {
  where: string;
  params: Record<string, string | number | boolean>;
}

/** Compiles a (pruned) tree for the engine with everything it refers to loaded. */
export async function compileForEngine(session: Session, wb: Workbench, tree: SegmentNode, dialect: Dialect, self?: string): Promise<string> {
  const pruned = pruneDisabled(tree) ?? { kind: 'all' };
  const refs = await loadRefs(session, pruned, self ? { self } : {});
  const ctx: CompileContext = { dialect, asOf: wb.asOf, profile: wb.profile, sources: wb.sources, refs };
  return compileSegment(pruned, ctx);
}
