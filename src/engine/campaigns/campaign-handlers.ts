import type { JobContext } from '../jobs/job-context';
import type { Handlers } from '../rpc/handlers';
import type { Session, Workspace } from '../workspace';
import { describeColumns } from '../tables/table-catalog';
import { buildCampaigns } from './campaign-build';
import { finaliseCampaign } from './campaign-finalise';
import { resolveCampaignInputs } from './campaign-inputs';
import { materialiseCampaignList } from './campaign-list';
import { campaignSql } from './campaign-sql';
import { campaignHistory, deleteCampaign, getCampaign, listCampaigns, saveCampaign } from './campaign-store';

type CampaignHandlerNames = 'campaign.list' | 'campaign.get' | 'campaign.save' | 'campaign.delete' | 'campaign.history' | 'campaign.build' | 'campaign.members' | 'campaign.sql' | 'campaign.finalise';

/** A campaign write: queued with the workspace's other writes, announced once it committed. */
function campaignWrite<T>(ws: Workspace, ctx: JobContext, fn: (session: Session) => Promise<T>, topics: Array<'campaigns.changed' | 'segments.changed' | 'tables.changed'> = ['campaigns.changed']): Promise<T> {
  return ws.write(ctx, async (session, publish) => {
    const result = await fn(session);
    publish(topics);
    return result;
  });
}

/** Campaigns (issue 14): the store, the build (waterfall, arms, balance, RM load), the list, warehouse SQL, finalising. */
export function createCampaignHandlers(ws: Workspace, now: () => Date = () => new Date()): Pick<Handlers, CampaignHandlerNames> {
  return {
    'campaign.list': (params, ctx) => ws.withSession(ctx, (s) => listCampaigns(s, params.search)),
    'campaign.get': (params, ctx) => ws.withSession(ctx, (s) => getCampaign(s, params.id)),
    'campaign.save': (params, ctx) => campaignWrite(ws, ctx, (s) => saveCampaign(s, params.definition, now())),
    'campaign.delete': (params, ctx) => campaignWrite(ws, ctx, async (s) => ({ deleted: await deleteCampaign(s, params.id) })),
    'campaign.history': (params, ctx) => ws.withSession(ctx, (s) => campaignHistory(s, params.id)),
    'campaign.build': (params, ctx) =>
      ws.withSession(ctx, async (s) => {
        const built = await buildCampaigns(s, await resolveCampaignInputs(s, params.target, params.together, params.togetherDefinitions), ctx);
        return { campaigns: built.map((b) => b.build) };
      }),
    'campaign.members': (params, ctx) =>
      ws.withSession(ctx, async (s) => {
        const list = await materialiseCampaignList(s, params.target, params.together, ctx);
        return { table: list.ref, rowCount: list.rowCount, columns: await describeColumns(s, list.ref) };
      }),
    'campaign.sql': (params, ctx) =>
      ws.withSession(ctx, async (s) => {
        const [input] = await resolveCampaignInputs(s, params.target);
        return campaignSql(s, input!.definition, params.dialect, params.schema);
      }),
    'campaign.finalise': (params, ctx) => campaignWrite(ws, ctx, (s) => finaliseCampaign(s, params.id, ctx, now()), ['campaigns.changed', 'segments.changed', 'tables.changed']),
  };
}
