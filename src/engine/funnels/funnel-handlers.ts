import type { Handlers } from '../rpc/handlers';
import type { Workspace } from '../workspace';
import { segmentFromIds } from '../segments/segment-static';
import { funnelHistory, getFunnel, listFunnels, saveFunnel } from './funnel-store';
import { funnelCustomers, runFunnel } from './run-funnel';

type FunnelHandlerNames = Extract<keyof Handlers, `funnel.${string}`>;

/** Funnels: run (a read beside writes), drop-offs as static segments, saved funnels with versions. */
export function createFunnelHandlers(ws: Workspace, now: () => Date = () => new Date()): Pick<Handlers, FunnelHandlerNames> {
  return {
    'funnel.run': (params, ctx) => ws.withSession(ctx, (s) => runFunnel(s, params.spec)),
    'funnel.segment': async (params, ctx) => {
      // The customers are found by a read, then written as one queued write.
      const ids = await ws.withSession(ctx, (s) => funnelCustomers(s, params.spec, params.reached, params.notReached));
      return ws.write(ctx, async (s, publish) => {
        const { segment } = await segmentFromIds(s, { name: params.name, description: `funnel: reached step ${params.reached + 1}${params.notReached === undefined ? '' : `, not step ${params.notReached + 1}`}`, owner: '', ids }, now());
        publish(['segments.changed']);
        return { segmentId: segment.id, customers: segment.static?.members ?? 0 };
      });
    },
    'funnel.save': (params, ctx) =>
      ws.write(ctx, async (s, publish) => {
        const saved = await saveFunnel(s, params, now());
        publish(['funnels.changed']);
        return saved;
      }),
    'funnel.list': (_params, ctx) => ws.withSession(ctx, (s) => listFunnels(s)),
    'funnel.get': (params, ctx) => ws.withSession(ctx, (s) => getFunnel(s, params.id, params.version)),
    'funnel.history': (params, ctx) => ws.withSession(ctx, (s) => funnelHistory(s, params.id)),
  };
}
