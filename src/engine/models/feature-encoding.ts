import type { DesignMatrix } from './logistic-regression';

/**
 * Turns raw feature columns into the design matrix a model fits, and remembers how, so that
 * scoring applies exactly the training's transform: numeric columns standardised with the
 * training mean and population standard deviation (as scikit-learn's StandardScaler), missing
 * numbers imputed with the mean plus a `name__missing` flag, categories one-hot (`name=level`)
 * with rare levels grouped into `(other)` and a missing value as its own `(missing)` level.
 */

export type FeatureKind = 'numeric' | 'categorical';

export interface FeatureSpec {
  name: string;
  kind: FeatureKind;
}

export type RawColumn = ReadonlyArray<number | string | null>;

export interface NumericEncoding {
  name: string;
  mean: number;
  sd: number;
  missingFlag: boolean;
}

export interface CategoricalEncoding {
  name: string;
  levels: string[];
}

export interface FeatureEncoding {
  numeric: NumericEncoding[];
  categorical: CategoricalEncoding[];
  /** The design matrix's column names, in order. */
  columnNames: string[];
}

export interface EncodingOptions {
  /** A level seen in fewer than this share of the rows is grouped into (other). Default 0.005. */
  rareLevelShare?: number;
  standardise?: boolean;
}

export const OTHER_LEVEL = '(other)';
export const MISSING_LEVEL = '(missing)';

function numberOf(value: number | string | null): number | null {
  if (value === null) return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

function levelOf(value: number | string | null): string {
  return value === null || value === '' ? MISSING_LEVEL : String(value);
}

function learnNumeric(name: string, column: RawColumn, standardise: boolean): NumericEncoding {
  let sum = 0;
  let count = 0;
  for (const value of column) {
    const n = numberOf(value);
    if (n === null) continue;
    sum += n;
    count++;
  }
  const mean = count ? sum / count : 0;
  let squares = 0;
  for (const value of column) {
    const n = numberOf(value);
    if (n !== null) squares += (n - mean) ** 2;
  }
  const sd = count ? Math.sqrt(squares / count) : 0;
  return { name, mean: standardise ? mean : 0, sd: standardise && sd > 0 ? sd : 1, missingFlag: count < column.length };
}

function learnCategorical(name: string, column: RawColumn, rareShare: number): CategoricalEncoding {
  const counts = new Map<string, number>();
  for (const value of column) {
    const level = levelOf(value);
    counts.set(level, (counts.get(level) ?? 0) + 1);
  }
  const minimum = rareShare * column.length;
  const kept = [...counts].filter(([, count]) => count >= minimum).map(([level]) => level);
  const grouped = kept.length < counts.size;
  const levels = kept.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { name, levels: grouped ? [...levels, OTHER_LEVEL] : levels };
}

export function learnEncoding(columns: ReadonlyMap<string, RawColumn>, specs: readonly FeatureSpec[], options: EncodingOptions = {}): FeatureEncoding {
  const standardise = options.standardise ?? true;
  const rareShare = options.rareLevelShare ?? 0.005;
  const numeric: NumericEncoding[] = [];
  const categorical: CategoricalEncoding[] = [];
  for (const spec of specs) {
    const column = columns.get(spec.name);
    if (!column) throw new RangeError(`no column ${spec.name}`);
    if (spec.kind === 'numeric') numeric.push(learnNumeric(spec.name, column, standardise));
    else categorical.push(learnCategorical(spec.name, column, rareShare));
  }
  const columnNames = [
    ...numeric.map((n) => n.name),
    ...numeric.filter((n) => n.missingFlag).map((n) => `${n.name}__missing`),
    ...categorical.flatMap((c) => c.levels.map((level) => `${c.name}=${level}`)),
  ];
  return { numeric, categorical, columnNames };
}

/** The design matrix of the rows in columns under a learned encoding. */
export function encodeRows(columns: ReadonlyMap<string, RawColumn>, encoding: FeatureEncoding, rows: number): DesignMatrix {
  const width = encoding.columnNames.length;
  const values = new Float64Array(rows * width);
  let offset = 0;
  for (const feature of encoding.numeric) {
    const column = columns.get(feature.name)!;
    for (let i = 0; i < rows; i++) {
      const n = numberOf(column[i] ?? null);
      values[i * width + offset] = n === null ? 0 : (n - feature.mean) / feature.sd;
    }
    offset++;
  }
  for (const feature of encoding.numeric) {
    if (!feature.missingFlag) continue;
    const column = columns.get(feature.name)!;
    for (let i = 0; i < rows; i++) values[i * width + offset] = numberOf(column[i] ?? null) === null ? 1 : 0;
    offset++;
  }
  for (const feature of encoding.categorical) {
    const column = columns.get(feature.name)!;
    const index = new Map(feature.levels.map((level, j) => [level, j]));
    const other = index.get(OTHER_LEVEL);
    for (let i = 0; i < rows; i++) {
      const j = index.get(levelOf(column[i] ?? null)) ?? other;
      if (j !== undefined) values[i * width + offset + j] = 1;
    }
    offset += feature.levels.length;
  }
  return { rows, columns: width, values };
}
