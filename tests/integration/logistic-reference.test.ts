import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import { learnEncoding, readDesignMatrix, readLabels, type FeatureSpec, type RowSource } from '../../src/engine/models/feature-encoding';
import { fitLogisticRegression, predictProbabilities } from '../../src/engine/models/logistic-regression';
import { areaUnderRoc, meanLogLoss, rocCurve } from '../../src/engine/models/model-metrics';

/**
 * scikit-learn 1.2.1 LogisticRegression(C=1, newton-cg, tol=1e-12) on UCI bank-full (45,211
 * rows), computed outside this project (tests/fixtures/reference/logistic-bank-full.json, a copy
 * of the project's shared reference data, copied into the repository). The engine's path — statistics learned in DuckDB, the design
 * matrix read column by column, Newton's method — must match its coefficients and AUC to 1e-4.
 */
const FIXTURES = path.resolve(__dirname, '../fixtures');
const reference = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'reference/logistic-bank-full.json'), 'utf8')) as {
  intercept: number;
  coefficients: Record<string, number>;
  auc_in_sample: number;
  log_loss_mean: number;
  preprocessing: { numeric_standardised_population_sd: string[]; one_hot_every_level: string[] };
};

let engine: Engine;
beforeAll(async () => {
  // The engine is locked to its workspace; the test's fixture folder is allowed as a user's picked folder would be.
  engine = await Engine.open({ path: ':memory:', threads: 2, memoryLimit: '2GB', allowDirectories: [path.join(FIXTURES, 'uci-bank-marketing')] });
});
afterAll(() => engine.close());

describe('logistic regression against scikit-learn (UCI bank-full)', () => {
  it('reproduces the intercept, every coefficient, the AUC and the log-loss', async () => {
    const file = path.join(FIXTURES, 'uci-bank-marketing/bank-full.csv.gz');
    await engine.workspace.withSession(detachedContext(), async (s) => {
      // all_varchar: DuckDB would read the yes/no columns as BOOLEAN, and the reference's levels are the file's words.
      await s.run(
        `CREATE TABLE bank AS SELECT row_number() OVER () AS rn, CAST(age AS DOUBLE) AS age, job, marital, education, "default",
           CAST(balance AS DOUBLE) AS balance, housing, loan, contact, CAST(day AS DOUBLE) AS day, month, CAST(campaign AS DOUBLE) AS campaign,
           CAST(pdays AS DOUBLE) AS pdays, CAST(previous AS DOUBLE) AS previous, poutcome, y = 'yes' AS label
         FROM read_csv($file, delim = ';', header = true, all_varchar = true)`,
        { file },
      );
      const rows: RowSource = { from: 'bank', where: 'true', params: {}, orderBy: 'rn' };
      const specs: FeatureSpec[] = [
        ...reference.preprocessing.numeric_standardised_population_sd.map((name) => ({ name, kind: 'numeric' as const })),
        ...reference.preprocessing.one_hot_every_level.map((name) => ({ name, kind: 'categorical' as const })),
      ];
      // The reference one-hot encodes every level: no rare-level grouping here.
      const encoding = await learnEncoding(s, rows, specs, { rareLevelShare: 0 });
      expect([...encoding.columnNames].sort()).toEqual(Object.keys(reference.coefficients).sort());
      const design = await readDesignMatrix(s, rows, encoding);
      const labels = await readLabels(s, rows, 'label');
      expect(design.rows).toBe(45_211);
      const fit = fitLogisticRegression(design, labels, { C: 1 });
      expect(fit.converged).toBe(true);
      expect(Math.abs(fit.intercept - reference.intercept)).toBeLessThan(1e-4);
      const worst = Math.max(...encoding.columnNames.map((name, j) => Math.abs(fit.coefficients[j]! - reference.coefficients[name]!)));
      expect(worst).toBeLessThan(1e-4);
      const probabilities = predictProbabilities(design, fit);
      expect(Math.abs(areaUnderRoc(rocCurve(probabilities, labels)) - reference.auc_in_sample)).toBeLessThan(1e-4);
      expect(Math.abs(meanLogLoss(probabilities, labels) - reference.log_loss_mean)).toBeLessThan(1e-6);
      process.stdout.write(`sklearn reference: largest coefficient difference ${worst.toExponential(2)}, ${fit.iterations} Newton steps\n`);
    });
  }, 60_000);
});
