import type { Handlers } from '../rpc/handlers';
import { createStaticSegment } from '../segments/segment-store';
import type { Session, Workspace } from '../workspace';
import { churnDefinitionHistory, listChurnDefinitions, saveChurnDefinition } from './churn-definitions';
import { previewChurn } from './churn-preview';
import { runAumFlows, runPayrollFlows } from './flows-run';
import { lifecycleMembersSql, runLifecycle } from './lifecycle-run';
import { runRetention } from './retention-run';
import { usedParams } from './survival-context';
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
export function createSurvivalHandlers(ws: Workspace, markDataChanged: () => void, now: () => Date = () => new Date()): Pick<Handlers, SurvivalHandlerNames> {
  return {
    'churn.definitions': (_p, ctx) => ws.withSession(ctx, (s) => listChurnDefinitions(s)),
    'churn.preview': (params, ctx) => ws.withSession(ctx, (s) => previewChurn(s, params.churn)),
    'churn.save': (params, ctx) => ws.withSession(ctx, (s) => saveChurnDefinition(s, params, now())),
    'churn.history': (params, ctx) => ws.withSession(ctx, (s) => churnDefinitionHistory(s, params.id)),
    'survival.run': (params, ctx) => ws.withSession(ctx, (s) => runSurvival(s, params, ctx)),
    'retention.run': (params, ctx) => ws.withSession(ctx, (s) => runRetention(s, params, ctx)),
    'lifecycle.run': (params, ctx) => ws.withSession(ctx, (s) => runLifecycle(s, params, ctx)),
    'lifecycle.segment': async (params, ctx) => {
      const { name, owner, periodStart, category, ...lifecycle } = params;
      const saved = await ws.withSession(ctx, async (s) =>
        saveMembers(s, await lifecycleMembersSql(s, lifecycle, periodStart, category), { name, owner, description: `lifecycle ${category} ${periodStart}` }, now()),
      );
      markDataChanged();
      return saved;
    },
    'flows.payroll': (params, ctx) => ws.withSession(ctx, (s) => runPayrollFlows(s, params)),
    'flows.aum': (params, ctx) => ws.withSession(ctx, (s) => runAumFlows(s, params)),
    'warning.run': (params, ctx) => ws.withSession(ctx, (s) => runWarning(s, params)),
    'warning.segment': async (params, ctx) => {
      const { name, owner, ...warning } = params;
      const saved = await ws.withSession(ctx, async (s) => saveMembers(s, await warningMembersSql(s, warning), { name, owner, description: 'early-warning list' }, now()));
      markDataChanged();
      return saved;
    },
  };
}
