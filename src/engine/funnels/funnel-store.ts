import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { funnelSpecSchema, type FunnelSpec, type SavedFunnel } from '../../shared/funnel-types';
import type { Session } from '../workspace';

/** Every saved version of every funnel (append-only: a save is a new version, the old ones stay). */
export const FUNNELS_TABLE = '_sw_funnels';

function toSaved(r: { id: string; name: string; version: number; saved_at: string; spec: string }): SavedFunnel {
  return { id: r.id, name: r.name, version: r.version, savedAt: r.saved_at, spec: funnelSpecSchema.parse(JSON.parse(r.spec)) };
}

const SELECT = `SELECT id, name, version, saved_at, CAST(spec AS VARCHAR) AS spec FROM ${FUNNELS_TABLE}`;

export async function saveFunnel(session: Session, input: { id?: string; name: string; spec: FunnelSpec }, now: Date): Promise<SavedFunnel> {
  const id = input.id ?? randomUUID();
  const [row] = await session.rows<{ v: number | null }>(`SELECT max(version) AS v FROM ${FUNNELS_TABLE} WHERE id = $id`, { id });
  if (input.id && row?.v === null) throw new AppError('NOT_FOUND', `no funnel ${input.id}`, { id: input.id }, 'error.FUNNEL_NOT_FOUND');
  const version = (row?.v ?? 0) + 1;
  await session.run(`INSERT INTO ${FUNNELS_TABLE} VALUES ($id, $name, $version, $at, $spec)`, { id, name: input.name, version, at: now.toISOString(), spec: JSON.stringify(input.spec) });
  return { id, name: input.name, version, savedAt: now.toISOString(), spec: input.spec };
}

export async function getFunnel(session: Session, id: string, version?: number): Promise<SavedFunnel> {
  const rows = await session.rows<{ id: string; name: string; version: number; saved_at: string; spec: string }>(
    `${SELECT} WHERE id = $id ${version === undefined ? '' : 'AND version = $version'} ORDER BY version DESC LIMIT 1`,
    version === undefined ? { id } : { id, version },
  );
  if (!rows[0]) throw new AppError('NOT_FOUND', `no funnel ${id}`, { id }, 'error.FUNNEL_NOT_FOUND');
  return toSaved(rows[0]);
}

export async function listFunnels(session: Session): Promise<SavedFunnel[]> {
  const rows = await session.rows<{ id: string; name: string; version: number; saved_at: string; spec: string }>(
    `${SELECT} f WHERE version = (SELECT max(version) FROM ${FUNNELS_TABLE} x WHERE x.id = f.id) ORDER BY saved_at DESC`,
  );
  return rows.map(toSaved);
}

export async function funnelHistory(session: Session, id: string): Promise<SavedFunnel[]> {
  const rows = await session.rows<{ id: string; name: string; version: number; saved_at: string; spec: string }>(`${SELECT} WHERE id = $id ORDER BY version DESC`, { id });
  if (rows.length === 0) throw new AppError('NOT_FOUND', `no funnel ${id}`, { id }, 'error.FUNNEL_NOT_FOUND');
  return rows.map(toSaved);
}
