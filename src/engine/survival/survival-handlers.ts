import type { JobContext } from '../jobs/job-context';
import type { Handlers } from '../rpc/handlers';
import { createStaticSegment } from '../segments/segment-store';
import type { Session, Workspace } from '../workspace';
import { churnDefinitionHistory, listChurnDefinitions, saveChurnDefinition } from './churn-definitions';
import { previewChurn } from './churn-preview';
import { runAumFlows, runPayrollFlows } from './flows-run';
import { lifecycleMembersSql, runLifecycle } from './lifecycle-run';
import { runRetention } from './retention-run';
import { usedParams } from '../sql/param-bag';
import { runSurvival } from './survival-run';
import { readProfileMeta } from '../profile/profile-meta';
import { runWarning, warningMembersSql } from './warning-run';

type SurvivalHandlerNames = Extract<keyof Handlers, `churn.${string}` | `survival.${string}` | `retention.${string}` | `lifecycle.${string}` | `flows.${string}` | `warning.${string}`>;

/** Freezes the customers a query selects into a static segment (the analysis's one-click "save as segment"). */
async function saveMembers(
  session: Session,
  members: { sql: string; params: Record<string, string | number | boolean> },
  segment: { name: string; owner: string; description: string },
  now: Date,
) {
  const meta = await readProfileMeta(session);
  return createStaticSegment(
    session,
    { name: segment.name, description: segment.description, owner: segment.owner, rule: { kind: 'all' } },
    { from: 'snapshot', takenAt: now.toISOString(), asOf: meta?.asOf ?? null, sourceSegmentId: null, sourceVersion: null },
    members.sql,
    usedParams(members.sql, members.params),
    now,
  );
}

/** Churn and retention: definitions, survival, retention, lifecycle, flows, early warning. */
/** A segment made from churn results: a queued write that announces the new segment. */
function segmentWrite<T>(ws: Workspace, ctx: JobContext, fn: (session: Session) => Promise<T>): Promise<T> {
  return ws.write(ctx, async (session, publish) => {
    const result = await fn(session);
    publish(['segments.changed']);
    return result;
  });
}

export function createSurvivalHandlers(ws: Workspace, now: () => Date = () => new Date()): Pick<Handlers, SurvivalHandlerNames> {
  return {
    'churn.definitions': (_p, ctx) => ws.withSession(ctx, (s) => listChurnDefinitions(s)),
    'churn.preview': (params, ctx) => ws.withSession(ctx, (s) => previewChurn(s, params.churn)),
    'churn.save': (params, ctx) =>
      ws.write(ctx, async (s, publish) => {
        const saved = await saveChurnDefinition(s, params, now());
        publish(['churn.changed']);
        return saved;
      }),
    'churn.history': (params, ctx) => ws.withSession(ctx, (s) => churnDefinitionHistory(s, params.id)),
    'survival.run': (params, ctx) => ws.withSession(ctx, (s) => runSurvival(s, params, ctx)),
    'retention.run': (params, ctx) => ws.withSession(ctx, (s) => runRetention(s, params, ctx)),
    'lifecycle.run': (params, ctx) => ws.withSession(ctx, (s) => runLifecycle(s, params, ctx)),
    'lifecycle.segment': (params, ctx) => {
      const { name, owner, periodStart, category, ...lifecycle } = params;
      return segmentWrite(ws, ctx, async (s) =>
        saveMembers(s, await lifecycleMembersSql(s, lifecycle, periodStart, category), { name, owner, description: `lifecycle ${category} ${periodStart}` }, now()),
      );
    },
    'flows.payroll': (params, ctx) => ws.withSession(ctx, (s) => runPayrollFlows(s, params)),
    'flows.aum': (params, ctx) => ws.withSession(ctx, (s) => runAumFlows(s, params)),
    'warning.run': (params, ctx) => ws.withSession(ctx, (s) => runWarning(s, params)),
    'warning.segment': (params, ctx) => {
      const { name, owner, ...warning } = params;
      return segmentWrite(ws, ctx, async (s) => saveMembers(s, await warningMembersSql(s, warning), { name, owner, description: 'early-warning list' }, now()));
    },
  };
}
