import type { Handlers } from './rpc/handlers';
import type { Workspace } from './workspace';
import { reapplyModelScores } from './models/score-model';
import { buildProfile } from './profile/build-profile';
import { readProfileMeta } from './profile/profile-meta';
import { customerDetail } from './profile/customer-detail';
import { profileColumns, profileDistribution, profileSummary } from './profile/profile-queries';
import { listRules, previewRule, saveRule } from './rules/rule-service';
import { ruleHistory } from './rules/rule-store';
import { countRule, deleteTag, listTags, saveTag, tagDistribution } from './tags/tag-service';

type CustomerHandlerNames =
  | 'profile.build' | 'profile.summary' | 'profile.distribution' | 'profile.columns'
  | 'rules.list' | 'rules.preview' | 'rules.save' | 'rules.history'
  | 'tags.list' | 'tags.save' | 'tags.delete' | 'tags.distribution' | 'tags.preview'
  | 'customer.detail';

/** Customer 360: the profile, the rules, the tag library and the drill-down. */
export function createCustomerHandlers(ws: Workspace, now: () => Date = () => new Date()): Pick<Handlers, CustomerHandlerNames> {
  return {
    'profile.build': async (params, ctx) => {
      const started = performance.now();
      const result = await ws.write(ctx, async (s, publish) => {
        // Model scores are profile columns: the rebuild writes them again, in the same transaction.
        const built = await buildProfile(s, { asOf: params.asOf, now: now(), extend: reapplyModelScores });
        publish(['profile.rebuilt', 'tables.changed']);
        return built;
      });
      return { ...result, elapsedMs: performance.now() - started };
    },
    'profile.summary': (_p, ctx) => ws.withSession(ctx, (s) => profileSummary(s)),
    'profile.distribution': (params, ctx) => ws.withSession(ctx, (s) => profileDistribution(s, params)),
    'profile.columns': (_p, ctx) => ws.withSession(ctx, (s) => profileColumns(s)),
    'rules.list': (_p, ctx) => ws.withSession(ctx, (s) => listRules(s)),
    'rules.preview': (params, ctx) => ws.withSession(ctx, (s) => previewRule(s, params)),
    'rules.save': (params, ctx) =>
      ws.write(ctx, async (s, publish) => {
        // A saved rule is re-applied to a built profile in the same transaction.
        const profileBuilt = (await readProfileMeta(s)) !== null;
        const info = await saveRule(s, params, now());
        publish(profileBuilt ? ['rules.changed', 'profile.rebuilt'] : ['rules.changed']);
        return info;
      }),
    'rules.history': (params, ctx) => ws.withSession(ctx, (s) => ruleHistory(s, params.rule)),
    'tags.list': (params, ctx) => ws.withSession(ctx, (s) => listTags(s, params.search)),
    'tags.save': (params, ctx) =>
      ws.write(ctx, async (s, publish) => {
        const tag = await saveTag(s, params, now());
        publish(['tags.changed']);
        return tag;
      }),
    'tags.delete': (params, ctx) =>
      ws.write(ctx, async (s, publish) => {
        const deleted = await deleteTag(s, params.id);
        if (deleted) publish(['tags.changed']);
        return { deleted };
      }),
    'tags.distribution': (params, ctx) => ws.withSession(ctx, (s) => tagDistribution(s, params.id)),
    'tags.preview': (params, ctx) => ws.withSession(ctx, (s) => countRule(s, params.definition)),
    'customer.detail': (params, ctx) => ws.withSession(ctx, (s) => customerDetail(s, params)),
  };
}
