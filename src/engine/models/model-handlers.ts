import type { Handlers } from '../rpc/handlers';
import type { Workspace } from '../workspace';
import { readProfileMeta } from '../profile/profile-meta';
import { createStaticSegment } from '../segments/segment-store';
import { sampleSizeTwoProportions } from '../experiments/proportion-tests';
import { experimentReport, listCampaigns } from '../experiments/experiment-report';
import { chosenSql, computeCutoff } from './model-cutoff';
import { listModels, readModelCard } from './model-store';
import { scoreModel } from './score-model';
import { buildTrainingSet, TRAINING_TABLE } from './training-set';
import { trainModel } from './train-model';

type ModelHandlerNames = Extract<keyof Handlers, `model.${string}` | `experiment.${string}`>;

/** Models and experiments: training sets, fitting, scoring, cut-offs, campaign read-outs. */
export function createModelHandlers(ws: Workspace, now: () => Date = () => new Date()): Pick<Handlers, ModelHandlerNames> {
  return {
    'model.preview': (params, ctx) =>
      ws.withSession(ctx, async (s) => {
        const { summary } = await buildTrainingSet(s, params, { progress: (done, total) => ctx.progress({ fraction: done / Math.max(1, total), message: { key: 'progress.model.snapshot' } }) });
        await s.run(`DROP TABLE IF EXISTS temp.main.${TRAINING_TABLE}`);
        return summary;
      }),
    // Training writes only its model card; the profile snapshots it builds are its session's temporary tables.
    'model.train': (params, ctx) =>
      ws.write(ctx, async (s, publish) => {
        const card = await trainModel(s, params, ctx, now());
        publish(['models.changed']);
        return card;
      }),
    'model.list': (_params, ctx) =>
      ws.withSession(ctx, async (s) =>
        (await listModels(s)).map(({ card, scoredAt }) => ({
          name: card.name,
          version: card.version,
          createdAt: card.createdAt,
          label: card.spec.label.kind,
          auc: card.metrics.train.auc,
          testAuc: card.metrics.test?.auc ?? null,
          rows: card.trainingSet.rows,
          scoredAt,
        })),
      ),
    'model.get': (params, ctx) => ws.withSession(ctx, (s) => readModelCard(s, params.name, params.version)),
    'model.score': (params, ctx) =>
      ws.write(ctx, async (s, publish) => {
        const result = await scoreModel(s, params.name, now());
        // A new profile column: field pickers and profile views follow it.
        publish(['models.changed', 'profile.rebuilt']);
        return result;
      }),
    'model.cutoff': (params, ctx) =>
      ws.withSession(ctx, async (s) => {
        const { column: _column, ...result } = await computeCutoff(s, params.name, params.cutoff);
        return result;
      }),
    'model.cutoffSegment': (params, ctx) =>
      ws.write(ctx, async (s, publish) => {
        const cut = await computeCutoff(s, params.name, params.cutoff);
        const card = await readModelCard(s, params.name);
        const meta = await readProfileMeta(s);
        const { sql, params: bound } = chosenSql(cut.column, params.cutoff, cut.chosen.customers);
        const segment = await createStaticSegment(
          s,
          { name: params.segmentName, description: `${card.name} v${card.version}: ${describeCutoff(params.cutoff)}`, owner: '', rule: { kind: 'all' } },
          { from: 'snapshot', takenAt: now().toISOString(), asOf: meta?.asOf ?? null, sourceSegmentId: null, sourceVersion: null },
          sql,
          bound,
          now(),
        );
        publish(['segments.changed']);
        return { segmentId: segment.id, customers: segment.static?.members ?? 0 };
      }),
    'experiment.campaigns': (_params, ctx) => ws.withSession(ctx, (s) => listCampaigns(s)),
    'experiment.report': (params, ctx) => ws.withSession(ctx, (s) => experimentReport(s, params)),
    'experiment.sampleSize': async (params) => sampleSizeTwoProportions(params),
  };
}

function describeCutoff(cutoff: Parameters<typeof chosenSql>[1]): string {
  if (cutoff.by === 'capacity') return cutoff.perGroup ? `top ${cutoff.topN} per ${cutoff.perGroup}` : `top ${cutoff.topN}`;
  if (cutoff.by === 'threshold') return `score ≥ ${cutoff.score}`;
  return `best expected profit (value ${cutoff.valuePerResponse}, cost ${cutoff.costPerContact})`;
}
