import { AppError } from '../../shared/errors';
import { PROFILE_TABLE, type Tag } from '../../shared/customer-types';
import { ruleNodeSchema, type RuleNode } from '../../shared/rule-language';
import type { ColumnInfo } from '../../shared/table-types';
import { readProfileMeta, tableExists } from '../profile/profile-meta';
import { compileCondition, fieldCatalog, fieldsOf, type FieldCatalog } from '../rules/compile-condition';
import { ParamBag } from '../sql/param-bag';
import { quoteIdent } from '../sql/identifiers';
import { describeColumns } from '../tables/table-catalog';
import type { Session } from '../workspace';
import { BUILT_IN_TAGS, type TagDef } from './built-in-tags';

/** User tags: id, names, description, owner, rule tree (JSON), times. */
export const TAGS_TABLE = '_sw_tags';

interface StoredTag extends TagDef {
  owner: string;
  builtIn: boolean;
  updatedAt: string | null;
}

async function userTags(session: Session): Promise<StoredTag[]> {
  if (!(await tableExists(session, TAGS_TABLE))) return [];
  const rows = await session.rows<{ id: string; name_zh: string; name_en: string; description: string; owner: string; definition: string; updated_at: string }>(
    `SELECT id, name_zh, name_en, description, owner, definition::VARCHAR AS definition, updated_at FROM ${quoteIdent(TAGS_TABLE)} ORDER BY id`,
  );
  return rows.flatMap((r) => {
    const parsed = ruleNodeSchema.safeParse(JSON.parse(r.definition));
    if (!parsed.success) return [];
    return [{ id: r.id, nameZh: r.name_zh, nameEn: r.name_en, description: r.description, owner: r.owner, category: 'user', definition: parsed.data, builtIn: false, updatedAt: r.updated_at }];
  });
}

async function allTags(session: Session): Promise<StoredTag[]> {
  return [...BUILT_IN_TAGS.map((t) => ({ ...t, owner: 'system', builtIn: true, updatedAt: null })), ...(await userTags(session))];
}

export async function profileFields(session: Session): Promise<FieldCatalog | null> {
  if (!(await tableExists(session, PROFILE_TABLE))) return null;
  return fieldCatalog(await describeColumns(session, { schema: 'main', name: PROFILE_TABLE }));
}

const applies = (fields: FieldCatalog, tree: RuleNode) => fieldsOf(tree).every((f) => fields.has(f));

/** Member counts of many tags in one pass over the profile. */
async function memberCounts(session: Session, tags: StoredTag[], fields: FieldCatalog | null): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (!fields || !(await readProfileMeta(session))) return counts;
  const usable = tags.filter((t) => applies(fields, t.definition));
  if (usable.length === 0) return counts;
  const bag = new ParamBag('t');
  const select = usable.map((t, i) => `count(*) FILTER (WHERE ${compileCondition(t.definition, fields, bag)}) AS c${i}`).join(', ');
  const [row] = await session.rows<Record<string, bigint>>(`SELECT ${select} FROM ${quoteIdent(PROFILE_TABLE)}`, bag.values);
  usable.forEach((t, i) => counts.set(t.id, Number(row?.[`c${i}`] ?? 0)));
  return counts;
}

function toTag(t: StoredTag, counts: Map<string, number>): Tag {
  return {
    id: t.id,
    nameZh: t.nameZh,
    nameEn: t.nameEn,
    description: t.description,
    owner: t.owner,
    builtIn: t.builtIn,
    memberCount: counts.get(t.id) ?? null,
    definition: t.definition,
    category: t.category,
    updatedAt: t.updatedAt,
  };
}

export async function listTags(session: Session, search?: string): Promise<Tag[]> {
  const needle = search?.trim().toLowerCase() ?? '';
  const tags = (await allTags(session)).filter(
    (t) => needle === '' || [t.id, t.nameZh, t.nameEn, t.description, t.owner].some((s) => s.toLowerCase().includes(needle)),
  );
  const counts = await memberCounts(session, tags, await profileFields(session));
  return tags.map((t) => toTag(t, counts));
}

function slug(nameEn: string): string {
  const base = nameEn.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60);
  return `user:${base || 'tag'}`;
}

export async function saveTag(
  session: Session,
  input: { id?: string | undefined; nameZh: string; nameEn: string; description: string; owner: string; definition: RuleNode },
  now: Date,
): Promise<Tag> {
  if (input.id && BUILT_IN_TAGS.some((t) => t.id === input.id)) {
    throw new AppError('INVALID_ARGUMENT', `${input.id} is a built-in tag and cannot be changed`, { id: input.id }, 'error.TAG_BUILT_IN');
  }
  const fields = await profileFields(session);
  // Compile once to refuse unknown fields now rather than at count time.
  if (fields) compileCondition(input.definition, fields, new ParamBag());
  let id = input.id;
  if (!id) {
    const base = slug(input.nameEn);
    const taken = new Set((await userTags(session)).map((t) => t.id));
    id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  }
  const updatedAt = now.toISOString();
  await session.run(
    `INSERT OR REPLACE INTO ${quoteIdent(TAGS_TABLE)} VALUES ($id, $name_zh, $name_en, $description, $owner, $definition::JSON, $updated_at)`,
    { id, name_zh: input.nameZh, name_en: input.nameEn, description: input.description, owner: input.owner, definition: JSON.stringify(input.definition), updated_at: updatedAt },
  );
  const stored: StoredTag = { ...input, id, category: 'user', builtIn: false, updatedAt };
  return toTag(stored, await memberCounts(session, [stored], fields));
}

export async function deleteTag(session: Session, id: string): Promise<boolean> {
  if (BUILT_IN_TAGS.some((t) => t.id === id)) throw new AppError('INVALID_ARGUMENT', `${id} is a built-in tag and cannot be deleted`, { id }, 'error.TAG_BUILT_IN');
  if (!(await tableExists(session, TAGS_TABLE))) return false;
  const [row] = await session.rows<{ n: bigint }>(`SELECT count(*) AS n FROM ${quoteIdent(TAGS_TABLE)} WHERE id = $id`, { id });
  await session.run(`DELETE FROM ${quoteIdent(TAGS_TABLE)} WHERE id = $id`, { id });
  return Number(row?.n ?? 0) > 0;
}

async function requireFields(session: Session): Promise<FieldCatalog> {
  const fields = (await readProfileMeta(session)) ? await profileFields(session) : null;
  if (!fields) throw new AppError('NOT_FOUND', 'the customer profile has not been built yet', {}, 'error.PROFILE_NOT_BUILT');
  return fields;
}

export async function findTag(session: Session, id: string): Promise<StoredTag> {
  const tag = (await allTags(session)).find((t) => t.id === id);
  if (!tag) throw new AppError('NOT_FOUND', `no tag ${id}`, { id }, 'error.TAG_NOT_FOUND');
  return tag;
}

/** Count, share and AUM share of a rule tree on the profile (tag editor live count). */
export async function countRule(session: Session, tree: RuleNode): Promise<{ count: number; share: number; aumShare: number; elapsedMs: number }> {
  const started = performance.now();
  const fields = await requireFields(session);
  const bag = new ParamBag();
  const where = compileCondition(tree, fields, bag);
  const [row] = await session.rows<{ n: bigint; k: bigint; aum: number | null; kaum: number | null }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE ${where}) AS k, CAST(sum(aum_latest) AS DOUBLE) AS aum,
       CAST(sum(aum_latest) FILTER (WHERE ${where}) AS DOUBLE) AS kaum FROM ${quoteIdent(PROFILE_TABLE)}`,
    bag.values,
  );
  const n = Number(row?.n ?? 0);
  const k = Number(row?.k ?? 0);
  return { count: k, share: n ? k / n : 0, aumShare: row?.aum ? (row.kaum ?? 0) / row.aum : 0, elapsedMs: performance.now() - started };
}

const AGE_BAND = `CASE WHEN age IS NULL THEN 'unknown' WHEN age < 30 THEN '18-29' WHEN age < 45 THEN '30-44' WHEN age < 60 THEN '45-59' ELSE '60+' END`;

export async function tagDistribution(session: Session, id: string) {
  const tag = await findTag(session, id);
  const fields = await requireFields(session);
  if (!applies(fields, tag.definition)) {
    throw new AppError('INVALID_ARGUMENT', `tag ${id} uses fields the profile does not have`, { id }, 'error.TAG_FIELDS_MISSING');
  }
  const bag = new ParamBag();
  const where = compileCondition(tag.definition, fields, bag);
  const by = async (expr: string) => {
    const rows = await session.rows<{ v: string | null; n: bigint; aum: number | null }>(
      `SELECT ${expr} AS v, count(*) AS n, CAST(sum(aum_latest) AS DOUBLE) AS aum FROM ${quoteIdent(PROFILE_TABLE)} WHERE ${where} GROUP BY v ORDER BY v`,
      bag.values,
    );
    return rows.map((r) => ({ value: r.v ?? 'unknown', count: Number(r.n), aum: r.aum ?? 0 }));
  };
  const byTier = await by('value_tier');
  return { id, members: byTier.reduce((a, r) => a + r.count, 0), byTier, byLifecycle: await by('lifecycle_stage'), byAgeBand: await by(AGE_BAND) };
}

/** The ids of the tags one customer holds. */
export async function tagsOfCustomer(session: Session, customerId: string, columns: ColumnInfo[]): Promise<string[]> {
  const fields = fieldCatalog(columns);
  const tags = (await allTags(session)).filter((t) => applies(fields, t.definition));
  if (tags.length === 0) return [];
  const bag = new ParamBag('t');
  const select = tags.map((t, i) => `${compileCondition(t.definition, fields, bag)} AS c${i}`).join(', ');
  const [row] = await session.rows<Record<string, boolean>>(`SELECT ${select} FROM ${quoteIdent(PROFILE_TABLE)} WHERE customer_id = $cid`, { ...bag.values, cid: customerId });
  return row ? tags.filter((_, i) => row[`c${i}`] === true).map((t) => t.id) : [];
}
