import { AppError } from '../../shared/errors';
import { modelCardSchema, type ModelCard } from '../../shared/model-types';
import type { Session } from '../workspace';

/** Every trained version of every model, with its whole card (features, encoding, metrics); tables made by migration 4. */
export const MODELS_TABLE = '_sw_models';
/** Which version of a model currently writes its score column into the profile. */
export const MODEL_SCORES_TABLE = '_sw_model_scores';

export async function nextModelVersion(session: Session, name: string): Promise<number> {
  const [row] = await session.rows<{ v: number | null }>(`SELECT max(version) AS v FROM ${MODELS_TABLE} WHERE name = $name`, { name });
  return (row?.v ?? 0) + 1;
}

export async function saveModelCard(session: Session, card: ModelCard): Promise<void> {
  await session.run(`INSERT INTO ${MODELS_TABLE} VALUES ($name, $version, $at, $card)`, { name: card.name, version: card.version, at: card.createdAt, card: JSON.stringify(card) });
}

export async function readModelCard(session: Session, name: string, version?: number): Promise<ModelCard> {
  const [row] = await session.rows<{ card: string }>(
    `SELECT CAST(card AS VARCHAR) AS card FROM ${MODELS_TABLE} WHERE name = $name ${version === undefined ? '' : 'AND version = $version'} ORDER BY version DESC LIMIT 1`,
    version === undefined ? { name } : { name, version },
  );
  if (!row) throw new AppError('NOT_FOUND', `no model named ${name}`, { name }, 'error.MODEL_NOT_FOUND');
  return modelCardSchema.parse(JSON.parse(row.card));
}

export interface ModelListRow {
  card: ModelCard;
  scoredAt: string | null;
}

export async function listModels(session: Session): Promise<ModelListRow[]> {
  const rows = await session.rows<{ card: string; scored_at: string | null }>(
    `SELECT CAST(m.card AS VARCHAR) AS card, s.scored_at FROM ${MODELS_TABLE} m
       LEFT JOIN ${MODEL_SCORES_TABLE} s ON s.name = m.name
      WHERE m.version = (SELECT max(version) FROM ${MODELS_TABLE} x WHERE x.name = m.name)
      ORDER BY m.created_at DESC`,
  );
  return rows.map((r) => ({ card: modelCardSchema.parse(JSON.parse(r.card)), scoredAt: r.scored_at }));
}

export async function recordScoring(session: Session, name: string, version: number, at: string, asOf: string): Promise<void> {
  await session.run(`INSERT OR REPLACE INTO ${MODEL_SCORES_TABLE} VALUES ($name, $version, $at, $as_of)`, { name, version, at, as_of: asOf });
}

export async function scoredModels(session: Session): Promise<Array<{ name: string; version: number }>> {
  return session.rows<{ name: string; version: number }>(`SELECT name, version FROM ${MODEL_SCORES_TABLE} ORDER BY name`);
}
