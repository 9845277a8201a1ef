import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { encodeRows, learnEncoding, type FeatureSpec, type RawColumn } from '../../src/engine/models/feature-encoding';
import { fitLogisticRegression, predictProbabilities } from '../../src/engine/models/logistic-regression';
import { areaUnderRoc, meanLogLoss, rocCurve } from '../../src/engine/models/model-metrics';

/**
 * scikit-learn 1.2.1 LogisticRegression(C=1, newton-cg, tol=1e-12) on UCI bank-full (45,211
 * rows), computed outside this project (tests/fixtures/reference/logistic-bank-full.json, a copy
 * of ../shared/data/reference). The engine's fit must match its coefficients and AUC to 1e-4.
 */
const FIXTURES = path.resolve(__dirname, '../fixtures');
const reference = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'reference/logistic-bank-full.json'), 'utf8')) as {
  intercept: number;
  coefficients: Record<string, number>;
  auc_in_sample: number;
  log_loss_mean: number;
  preprocessing: { numeric_standardised_population_sd: string[]; one_hot_every_level: string[] };
};

async function readBankFull(): Promise<{ columns: Map<string, RawColumn>; labels: Uint8Array }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const file = path.join(FIXTURES, 'uci-bank-marketing/bank-full.csv');
  const reader = await connection.runAndReadAll(`SELECT CAST(age AS DOUBLE) AS age, job, marital, education, "default", CAST(balance AS DOUBLE) AS balance, housing, loan, contact,
            CAST(day AS DOUBLE) AS day, month, CAST(campaign AS DOUBLE) AS campaign, CAST(pdays AS DOUBLE) AS pdays,
            CAST(previous AS DOUBLE) AS previous, poutcome, y
       FROM read_csv($file, delim = ';', header = true, all_varchar = true)`, { file });
  const names = reader.columnNames();
  const raw = reader.getColumnsJS();
  const columns = new Map<string, RawColumn>();
  names.forEach((name, i) => {
    const values = raw[i]!.map((v) => (typeof v === 'bigint' ? Number(v) : (v as number | string | null)));
    columns.set(name, values);
  });
  const labels = Uint8Array.from(columns.get('y')!, (v) => (v === 'yes' ? 1 : 0));
  connection.closeSync();
  instance.closeSync();
  return { columns, labels };
}

describe('logistic regression against scikit-learn (UCI bank-full)', () => {
  it('reproduces the intercept, every coefficient, the AUC and the log-loss', async () => {
    const { columns, labels } = await readBankFull();
    const specs: FeatureSpec[] = [
      ...reference.preprocessing.numeric_standardised_population_sd.map((name) => ({ name, kind: 'numeric' as const })),
      ...reference.preprocessing.one_hot_every_level.map((name) => ({ name, kind: 'categorical' as const })),
    ];
    // The reference one-hot encodes every level: no rare-level grouping here.
    const encoding = learnEncoding(columns, specs, { rareLevelShare: 0 });
    expect(encoding.columnNames.sort()).toEqual(Object.keys(reference.coefficients).sort());
    const design = encodeRows(columns, learnEncoding(columns, specs, { rareLevelShare: 0 }), labels.length);
    const fit = fitLogisticRegression(design, labels, { C: 1 });
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(reference.intercept, 4);
    const names = learnEncoding(columns, specs, { rareLevelShare: 0 }).columnNames;
    const worst = Math.max(...names.map((name, j) => Math.abs(fit.coefficients[j]! - reference.coefficients[name]!)));
    expect(worst).toBeLessThan(1e-4);
    const probabilities = predictProbabilities(design, fit);
    expect(Math.abs(areaUnderRoc(rocCurve(probabilities, labels)) - reference.auc_in_sample)).toBeLessThan(1e-4);
    expect(Math.abs(meanLogLoss(probabilities, labels) - reference.log_loss_mean)).toBeLessThan(1e-6);
  }, 60_000);
});
