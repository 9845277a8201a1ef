import type { JobContext } from '../jobs/job-context';
import type { Handlers } from '../rpc/handlers';
import type { Workspace } from '../workspace';
import type { Session } from '../workspace';
import type { SegmentNode } from '../../shared/segment-types';
import { readProfileMeta } from '../profile/profile-meta';
import { compareSegment, fieldValues, overlapSegments, segmentMembers } from './segment-analysis';
import { compileForEngine, loadRefs, loadWorkbench, targetRule, WorkbenchCache } from './segment-context';
import { countSegment } from './segment-count';
import { exportFile, exportSql, importFile } from './segment-export';
import { snapshotSegment, segmentFromIds } from './segment-static';
import { deleteSegment, getSegment, listSegments, saveSegment, segmentHistory, versionOf } from './segment-store';
import { engineTarget } from './sql-target';

type SegmentHandlerNames = Extract<keyof Handlers, `segment.${string}`>;

/** Refuses a rule that does not compile here (unknown field, missing table, cycle through `self`). */
async function checkRule(session: Session, rule: SegmentNode, self?: string): Promise<void> {
  if (await readProfileMeta(session)) await compileForEngine(session, await loadWorkbench(session), rule, engineTarget(), self);
  else await loadRefs(session, rule, self ? { self } : {});
}

/** A segment write: queued with the workspace's other writes, `segments.changed` once it committed. */
function segmentWrite<T>(ws: Workspace, ctx: JobContext, fn: (session: Session) => Promise<T>): Promise<T> {
  return ws.write(ctx, async (session, publish) => {
    const result = await fn(session);
    publish(['segments.changed']);
    return result;
  });
}

/** Segments: live counts, saved and versioned segments, snapshots, overlap, comparison, SQL out, files. */
export function createSegmentHandlers(ws: Workspace, now: () => Date = () => new Date()): Pick<Handlers, SegmentHandlerNames> {
  const workbenches = new WorkbenchCache(() => ws.changes.dataVersion);
  return {
    'segment.count': (params, ctx) => ws.withSession(ctx, async (s) => countSegment(s, params.rule, await workbenches.get(s))),
    'segment.fieldValues': (params, ctx) => ws.withSession(ctx, (s) => fieldValues(s, params)),
    'segment.list': (params, ctx) => ws.withSession(ctx, (s) => listSegments(s, params.search)),
    'segment.get': (params, ctx) => ws.withSession(ctx, (s) => getSegment(s, params.id)),
    'segment.save': (params, ctx) =>
      segmentWrite(ws, ctx, async (s) => {
        await checkRule(s, params.rule, params.id);
        return saveSegment(s, params, now());
      }),
    'segment.delete': (params, ctx) =>
      ws.write(ctx, async (s, publish) => {
        const deleted = await deleteSegment(s, params.id);
        if (deleted) publish(['segments.changed']);
        return { deleted };
      }),
    'segment.history': (params, ctx) => ws.withSession(ctx, (s) => segmentHistory(s, params.id)),
    'segment.revert': (params, ctx) =>
      segmentWrite(ws, ctx, async (s) => {
        const old = await versionOf(s, params.id, params.version);
        await checkRule(s, old.rule, params.id);
        return saveSegment(s, { id: params.id, name: old.name, description: old.description, owner: old.owner, rule: old.rule }, now());
      }),
    'segment.snapshot': (params, ctx) =>
      segmentWrite(ws, ctx, async (s) => {
        const { rule, id, name } = await targetRule(s, params);
        const source = id ? await getSegment(s, id) : null;
        const at = now();
        return snapshotSegment(
          s,
          {
            rule,
            sourceId: id,
            sourceVersion: source?.version ?? null,
            name: params.name ?? `${name ?? 'segment'} · ${at.toISOString().slice(0, 10)}`,
            description: source?.description ?? '',
            owner: params.owner ?? source?.owner ?? '',
          },
          at,
        );
      }),
    'segment.fromIds': (params, ctx) => segmentWrite(ws, ctx, (s) => segmentFromIds(s, params, now())),
    'segment.compare': (params, ctx) => ws.withSession(ctx, async (s) => compareSegment(s, (await targetRule(s, params)).rule, params.fields, params.bins)),
    'segment.overlap': (params, ctx) => ws.withSession(ctx, (s) => overlapSegments(s, params.ids)),
    'segment.members': (params, ctx) => ws.withSession(ctx, async (s) => segmentMembers(s, (await targetRule(s, params)).rule)),
    'segment.sql': (params, ctx) =>
      ws.withSession(ctx, async (s) => {
        const { rule, name } = await targetRule(s, params);
        return exportSql(s, { rule, name, dialect: params.dialect, asOf: params.asOf, schema: params.schema });
      }),
    'segment.export': (params, ctx) => ws.withSession(ctx, (s) => exportFile(s, params.id, now())),
    'segment.import': (params, ctx) =>
      params.dryRun ? ws.withSession(ctx, (s) => importFile(s, params, now())) : segmentWrite(ws, ctx, (s) => importFile(s, params, now())),
  };
}
