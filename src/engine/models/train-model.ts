import { AppError } from '../../shared/errors';
import type { ModelCard, ModelSpec } from '../../shared/model-types';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';
import type { JobContext } from '../jobs/job-context';
import { evaluateScores } from './evaluate-model';
import { encodeRows, learnEncoding, type FeatureSpec, type RawColumn } from './feature-encoding';
import { fitLogisticRegression, predictProbabilities } from './logistic-regression';
import { nextModelVersion, saveModelCard } from './model-store';
import { buildTrainingSet, featureColumn, TRAINING_TABLE } from './training-set';

interface Rows {
  columns: Map<string, RawColumn>;
  labels: Uint8Array;
  count: number;
}

/** One side of the split, column by column (DuckDB hands each column over as one array). */
async function readRows(session: Session, names: string[], test: boolean): Promise<Rows> {
  const reader = await session.read(
    `SELECT label, ${names.map(quoteIdent).join(', ')} FROM ${TRAINING_TABLE} WHERE is_test = $test ORDER BY as_of, customer_id`,
    { test },
  );
  const raw = reader.getColumnsJS();
  const labels = Uint8Array.from(raw[0] ?? [], (v) => (v === true ? 1 : 0));
  const columns = new Map<string, RawColumn>();
  names.forEach((name, i) => columns.set(name, (raw[i + 1] ?? []) as RawColumn));
  return { columns, labels, count: labels.length };
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
    progress: (done, total) => ctx.progress({ fraction: (0.7 * done) / Math.max(1, total), message: 'model.progress.snapshot' }),
  });
  if (summary.rows === 0) throw new AppError('INVALID_ARGUMENT', 'the training set has no rows', {}, 'error.MODEL_NO_TRAINING_ROWS');
  const trainingSetMs = performance.now() - started;

  ctx.progress({ fraction: 0.75, message: 'model.progress.fit' });
  const names = features.map(featureColumn);
  const specs: FeatureSpec[] = features.map((f) => ({ name: featureColumn(f), kind: f.kind }));
  const train = await readRows(session, names, false);
  const test = await readRows(session, names, true);
  const positives = train.labels.reduce((a, b) => a + b, 0);
  if (positives === 0 || positives === train.count) {
    throw new AppError('INVALID_ARGUMENT', 'the training rows all have the same label', { rows: train.count, positives }, 'error.MODEL_ONE_CLASS');
  }
  const fitStarted = performance.now();
  const encoding = learnEncoding(train.columns, specs, { rareLevelShare: spec.rareLevelShare });
  const design = encodeRows(train.columns, encoding, train.count);
  const fit = fitLogisticRegression(design, train.labels, { C: spec.C });
  const fitMs = performance.now() - fitStarted;
  ctx.token.throwIfCancelled();

  ctx.progress({ fraction: 0.9, message: 'model.progress.evaluate' });
  const evaluateStarted = performance.now();
  const trainMetrics = evaluateScores(predictProbabilities(design, fit), train.labels);
  const testMetrics = test.count > 0 ? evaluateScores(predictProbabilities(encodeRows(test.columns, encoding, test.count), fit), test.labels) : null;
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
