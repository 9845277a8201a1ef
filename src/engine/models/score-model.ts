import { PROFILE_TABLE } from '../../shared/customer-types';
import { AppError } from '../../shared/errors';
import type { ModelCard } from '../../shared/model-types';
import { readProfileMeta } from '../profile/profile-meta';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';
import { MISSING_LEVEL, OTHER_LEVEL } from './feature-encoding';
import { scoreColumnName } from '../../shared/model-types';
import { readModelCard, recordScoring, scoredModels } from './model-store';
import { CONTACT_CHANNEL, featureColumn, featureSql } from './training-set';

export function scoreColumn(name: string): string {
  return scoreColumnName(name);
}

/** A coefficient as SQL: a DOUBLE whatever its size (a bare 0.1234 would be a DECIMAL in DuckDB). */
function weight(value: number): string {
  if (!Number.isFinite(value)) throw new AppError('INTERNAL', 'a model coefficient is not finite', {});
  return `CAST(${String(value)} AS DOUBLE)`;
}

/**
 * The model's probability as one SQL expression over the profile (alias p): the training's
 * standardisation and one-hot encoding written out, so DuckDB scores millions of customers in
 * one pass. Category levels are data, so they are bound parameters. A response model's contact
 * channel is, at scoring time, the customer's preferred channel (where we would contact them).
 */
export function scoreSql(card: ModelCard, params: Record<string, string>): string {
  const byName = new Map(card.coefficients.map((c) => [c.feature, c.coefficient]));
  const terms: string[] = [weight(card.intercept)];
  const feature = (name: string) => card.spec.features.find((f) => featureColumn({ ...f, transform: f.transform ?? 'none' }) === name)!;
  const expression = (name: string) => {
    const f = feature(name);
    const scoringFeature = f.name === CONTACT_CHANNEL ? { ...f, name: 'channel_pref' } : f;
    return featureSql({ ...scoringFeature, transform: scoringFeature.transform ?? 'none' }, 'p');
  };
  for (const n of card.encoding.numeric) {
    const x = expression(n.name);
    terms.push(`coalesce((${x} - ${weight(n.mean)}) / ${weight(n.sd)}, 0) * ${weight(byName.get(n.name)!)}`);
    if (n.missingFlag) terms.push(`CASE WHEN ${x} IS NULL THEN ${weight(byName.get(`${n.name}__missing`)!)} ELSE 0 END`);
  }
  for (const c of card.encoding.categorical) {
    const x = `coalesce(nullif(${expression(c.name)}, ''), $${bind(params, MISSING_LEVEL)})`;
    const other = c.levels.includes(OTHER_LEVEL) ? weight(byName.get(`${c.name}=${OTHER_LEVEL}`)!) : '0';
    const whens = c.levels
      .filter((level) => level !== OTHER_LEVEL)
      .map((level) => `WHEN $${bind(params, level)} THEN ${weight(byName.get(`${c.name}=${level}`)!)}`);
    terms.push(whens.length ? `CASE ${x} ${whens.join(' ')} ELSE ${other} END` : other);
  }
  // Clamped so exp() never overflows: beyond ±500 the probability is 0 or 1 to double precision.
  return `1 / (1 + exp(-greatest(-500, least(500, ${terms.join(' + ')}))))`;
}

function bind(params: Record<string, string>, value: string): string {
  const existing = Object.entries(params).find(([, v]) => v === value);
  if (existing) return existing[0];
  const name = `l${Object.keys(params).length}`;
  params[name] = value;
  return name;
}

async function writeScores(session: Session, card: ModelCard): Promise<number> {
  const column = quoteIdent(scoreColumn(card.name));
  const params: Record<string, string> = {};
  const sql = scoreSql(card, params);
  await session.run(`ALTER TABLE ${quoteIdent(PROFILE_TABLE)} ADD COLUMN IF NOT EXISTS ${column} DOUBLE`);
  await session.run(`UPDATE ${quoteIdent(PROFILE_TABLE)} AS p SET ${column} = ${sql}`, params);
  const [row] = await session.rows<{ n: bigint }>(`SELECT count(${column}) AS n FROM ${quoteIdent(PROFILE_TABLE)}`);
  return Number(row?.n ?? 0);
}

/** Scores every customer of the current profile with the model's latest version. */
export async function scoreModel(session: Session, name: string, now: Date): Promise<{ column: string; customers: number; asOf: string; version: number }> {
  const meta = await readProfileMeta(session);
  if (!meta) throw new AppError('NOT_FOUND', 'the customer profile has not been built yet', {}, 'error.PROFILE_NOT_BUILT');
  const card = await readModelCard(session, name);
  return session.transaction(async () => {
    const customers = await writeScores(session, card);
    await recordScoring(session, card.name, card.version, now.toISOString(), meta.asOf);
    return { column: scoreColumn(card.name), customers, asOf: meta.asOf, version: card.version };
  });
}

/**
 * A rebuilt profile starts without score columns: the models that were scored are applied again
 * (the version recorded), so a score column follows the profile's as-of date like every other.
 */
export async function reapplyModelScores(session: Session): Promise<void> {
  for (const { name, version } of await scoredModels(session)) {
    await writeScores(session, await readModelCard(session, name, version));
  }
}
