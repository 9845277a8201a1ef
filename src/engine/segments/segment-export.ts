import { CANONICAL_MODEL } from '../../shared/canonical-model';
import { AppError, isAppError } from '../../shared/errors';
import { PROFILE_TABLE } from '../../shared/customer-types';
import type { ColumnKind } from '../../shared/import-types';
import {
  SEGMENT_FILE_FORMAT,
  segmentFileSchema,
  type FitProblem,
  type FitReport,
  type SavedSegment,
  type SegmentFile,
  type SegmentNode,
  type SqlDialect,
} from '../../shared/segment-types';
import { fieldCatalog, type FieldCatalog } from '../conditions/field-catalog';
import { warehouseProfile } from '../profile/profile-export';
import { findTag } from '../tags/tag-service';
import type { Session } from '../workspace';
import { compileSegment, PROFILE_ALIAS, type CompileContext } from './compile-segment';
import { conditionsOf, pruneDisabled } from './rule-tree';
import { loadRefs, loadWorkbench } from './segment-context';
import { findSegment, getSegment, saveSegment, staticMemberIds } from './segment-store';
import { segmentFromIds } from './segment-static';
import { engineDialect } from '../sql/engine-dialect';
import { warehouseDialect } from '../sql/warehouse-dialect';

const KIND_TYPES: Record<ColumnKind, string> = {
  text: 'VARCHAR', integer: 'BIGINT', decimal: 'DECIMAL(18,2)', date: 'DATE', timestamp: 'TIMESTAMP', boolean: 'BOOLEAN',
  direction: 'VARCHAR', month: 'DATE', json: 'JSON',
} as Record<ColumnKind, string>;

/** The canonical tables' columns as the warehouse has them (DESIGN.md §2), for exported SQL. */
export function canonicalSources(): Map<string, FieldCatalog> {
  const out = new Map<string, FieldCatalog>();
  for (const [table, def] of Object.entries(CANONICAL_MODEL)) {
    out.set(table, fieldCatalog(def.columns.map((c) => ({ name: c.name, type: KIND_TYPES[c.kind] ?? 'VARCHAR' }))));
  }
  return out;
}

/**
 * The SQL of a segment for the bank's warehouse, self-contained over the canonical tables: a WITH
 * clause computes customer_profile as the workbench does (profile-export.ts), then
 * `SELECT customer_id FROM customer_profile WHERE …`. Values are literals escaped for the dialect;
 * windows are resolved against the as-of date (written in a header comment); static segments
 * referred to are inlined.
 */
export async function exportSql(
  session: Session,
  input: { rule: SegmentNode; name: string | null; dialect: SqlDialect; asOf?: string | undefined; schema?: string | undefined },
): Promise<{ dialect: SqlDialect; sql: string; asOf: string; warnings: string[] }> {
  const wb = await loadWorkbench(session);
  const asOf = input.asOf ?? wb.asOf;
  const pruned = pruneDisabled(input.rule) ?? ({ kind: 'all' } as SegmentNode);
  const refs = await loadRefs(session, pruned, { withMembers: true });
  const target = warehouseDialect(input.dialect, { asOf, schema: input.schema });
  const ctx: CompileContext = { dialect: target, asOf, profile: wb.profile, sources: canonicalSources(), refs };
  const where = compileSegment(pruned, ctx);
  const profile = await warehouseProfile(session, {
    dialect: input.dialect,
    asOf,
    schema: input.schema,
    keepColumn: (name) => where.includes(`${PROFILE_ALIAS}.${target.ident(name)}`),
  });
  const tables = new Set(profile.tables);
  for (const m of where.matchAll(/FROM ([`"][^`"]+[`"](?:\.[`"][^`"]+[`"])?)/g)) tables.add(m[1]!.replace(/[`"]/g, ''));
  const comment = (text: string) => `-- ${text.replace(/[\r\n]+/g, ' ')}`;
  const header = [
    comment(`Segment${input.name ? ` "${input.name}"` : ''}, exported by Segment Workbench for ${input.dialect}`),
    comment(`as of ${asOf}; reads ${[...tables].sort().join(', ')}; ${PROFILE_TABLE} is computed below as the workbench computes it`),
    ...profile.warnings.map((w) => comment(`note: ${w}`)),
  ];
  const sql = `${header.join('\n')}
WITH ${profile.ctes.join(',\n')}
SELECT ${PROFILE_ALIAS}.${target.ident('customer_id')}
FROM ${PROFILE_TABLE} ${PROFILE_ALIAS}
WHERE ${where}
`;
  return { dialect: input.dialect, sql, asOf, warnings: profile.warnings };
}

export async function exportFile(session: Session, id: string, now: Date): Promise<SegmentFile> {
  const saved = await getSegment(session, id);
  const asOf = await loadWorkbench(session).then((w) => w.asOf, () => null);
  return {
    format: SEGMENT_FILE_FORMAT,
    formatVersion: 1,
    ruleVersion: 1,
    name: saved.name,
    description: saved.description,
    owner: saved.owner,
    kind: saved.kind,
    rule: saved.rule,
    ...(saved.kind === 'static' ? { members: await staticMemberIds(session, id) } : {}),
    exportedAt: now.toISOString(),
    asOf,
  };
}

/**
 * Checks a definition against this workspace: each condition is compiled on its own, so every
 * unknown field, wrong type, missing table or column, unknown tag or segment is reported with where
 * it is, not only the first.
 */
export async function checkFit(session: Session, rule: SegmentNode): Promise<FitReport> {
  const wb = await loadWorkbench(session);
  const problems: FitProblem[] = [];
  for (const { path, node } of conditionsOf(rule)) {
    try {
      if (node.kind === 'tag') await findTag(session, node.tag);
      if (node.kind === 'segment' && !(await findSegment(session, node.segment))) {
        problems.push({ path, problem: 'unknown_segment', subject: node.segment, message: `no segment ${node.segment} in this workspace`, severity: 'error' });
        continue;
      }
      const refs = await loadRefs(session, node);
      compileSegment(node, { dialect: engineDialect(), asOf: wb.asOf, profile: wb.profile, sources: wb.sources, refs });
    } catch (error) {
      if (!isAppError(error)) throw error;
      problems.push({ path, problem: problemOf(error), subject: String(error.details.field ?? error.details.table ?? error.details.tag ?? error.details.segment ?? error.details.id ?? ''), message: error.message, severity: 'error' });
    }
  }
  return { fits: problems.every((p) => p.severity !== 'error'), problems };
}

function problemOf(error: AppError): string {
  switch (error.messageKey) {
    case 'error.RULE_UNKNOWN_FIELD':
      return error.details.table && error.details.table !== 'customer_profile' ? 'missing_column' : 'unknown_field';
    case 'error.RULE_FIELD_TYPE':
    case 'error.SEGMENT_VALUE_TYPE':
      return 'wrong_type';
    case 'error.TAG_NOT_FOUND':
      return 'unknown_tag';
    case 'error.SEGMENT_NOT_FOUND':
      return 'unknown_segment';
    case 'error.SEGMENT_SOURCE_MISSING':
      return error.details.column ? 'missing_column' : 'missing_table';
    case 'error.SEGMENT_CYCLE':
      return 'cycle';
    default:
      return 'invalid';
  }
}

export async function importFile(
  session: Session,
  input: { file: unknown; dryRun: boolean; owner?: string | undefined },
  now: Date,
): Promise<{ fit: FitReport; segment: SavedSegment | null }> {
  const parsed = segmentFileSchema.safeParse(input.file);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('INVALID_ARGUMENT', `not a segment file: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`, { path: issue?.path.join('.') ?? '' }, 'error.SEGMENT_FILE_INVALID');
  }
  const file = parsed.data;
  const fit = file.kind === 'static' ? { fits: true, problems: [] } : await checkFit(session, file.rule);
  if (input.dryRun || !fit.fits) return { fit, segment: null };
  const owner = input.owner ?? file.owner;
  if (file.kind === 'static') {
    const { segment } = await segmentFromIds(session, { name: file.name, description: file.description, owner, ids: file.members ?? [] }, now);
    return { fit, segment };
  }
  return { fit, segment: await saveSegment(session, { name: file.name, description: file.description, owner, rule: file.rule }, now) };
}
