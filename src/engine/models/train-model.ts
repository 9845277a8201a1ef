import { AppError } from '../../shared/errors';
import type { ModelCard, ModelSpec } from '../../shared/model-types';
import type { Session } from '../workspace';
import type { JobContext } from '../jobs/job-context';
import { evaluateScores } from './evaluate-model';
import { learnEncoding, readDesignMatrix, readLabels, type FeatureSpec, type RowSource } from './feature-encoding';
import { fitLogisticRegression, predictProbabilities, type DesignMatrix } from './logistic-regression';
import { nextModelVersion, saveModelCard } from './model-store';
import { buildTrainingSet, featureColumn, TRAINING_TABLE } from './training-set';

/** One side of the split of the training table, in a fixed order. */
function splitRows(test: boolean): RowSource {
  return { from: `temp.main.${TRAINING_TABLE}`, where: 'is_test = $test', params: { test }, orderBy: 'as_of, customer_id' };
}

/** A fingerprint of the data a model saw: the canonical tables' row counts and the latest dates. */
async function dataVersion(session: Session): Promise<string> {
  const rows = await session.rows<{ table_name: string; estimated_size: bigint }>(
    `SELECT table_name, estimated_size FROM duckdb_tables() WHERE database_name = $catalog AND schema_name = 'main'
       AND table_name IN ('customers', 'accounts', 'transactions', 'balances', 'holdings', 'contacts', 'events') ORDER BY table_name`,
    { catalog: session.catalog },
  );
  return rows.map((r) => `${r.table_name}:${r.estimated_size}`).join(';');
}

export async function trainModel(session: Session, spec: ModelSpec, ctx: JobContext, now: Date): Promise<ModelCard> {
  const started = performance.now();
  const { summary, features } = await buildTrainingSet(session, spec, {
    progress: (done, total) => ctx.progress({ fraction: (0.7 * done) / Math.max(1, total), message: { key: 'progress.model.snapshot' } }),
  });
  if (summary.rows === 0) throw new AppError('INVALID_ARGUMENT', 'the training set has no rows', {}, 'error.MODEL_NO_TRAINING_ROWS');
  const trainingSetMs = performance.now() - started;

  ctx.progress({ fraction: 0.75, message: { key: 'progress.model.fit' } });
  const specs: FeatureSpec[] = features.map((f) => ({ name: featureColumn(f), kind: f.kind }));
  const trainRows = splitRows(false);
  const labels = await readLabels(session, trainRows, 'label');
  const positives = labels.reduce((a, b) => a + b, 0);
  if (positives === 0 || positives === labels.length) {
    throw new AppError('INVALID_ARGUMENT', 'the training rows all have the same label', { rows: labels.length, positives }, 'error.MODEL_ONE_CLASS');
  }
  const fitStarted = performance.now();
  // The encoding is learned on the training side only: the test rows must not leak into it.
  const encoding = await learnEncoding(session, trainRows, specs, { rareLevelShare: spec.rareLevelShare });
  let design: DesignMatrix | null = await readDesignMatrix(session, trainRows, encoding);
  const fit = fitLogisticRegression(design, labels, { C: spec.C });
  const fitMs = performance.now() - fitStarted;
  ctx.token.throwIfCancelled();

  ctx.progress({ fraction: 0.9, message: { key: 'progress.model.evaluate' } });
  const evaluateStarted = performance.now();
  const trainMetrics = evaluateScores(predictProbabilities(design, fit), labels);
  design = null;
  const testRows = splitRows(true);
  const testLabels = await readLabels(session, testRows, 'label');
  const testMetrics = testLabels.length > 0 ? evaluateScores(predictProbabilities(await readDesignMatrix(session, testRows, encoding), fit), testLabels) : null;
  const evaluateMs = performance.now() - evaluateStarted;
  await session.run(`DROP TABLE IF EXISTS temp.main.${TRAINING_TABLE}`);

  const card: ModelCard = {
    name: spec.name,
    version: await nextModelVersion(session, spec.name),
    createdAt: now.toISOString(),
    spec: { ...spec, features },
    trainingSet: summary,
    encoding,
    intercept: fit.intercept,
    coefficients: encoding.columnNames.map((feature, j) => ({ feature, coefficient: fit.coefficients[j]!, oddsRatio: Math.exp(fit.coefficients[j]!) })),
    iterations: fit.iterations,
    converged: fit.converged,
    dataVersion: await dataVersion(session),
    metrics: { train: trainMetrics, test: testMetrics },
    timings: { trainingSetMs, fitMs, evaluateMs },
  };
  await saveModelCard(session, card);
  return card;
}
