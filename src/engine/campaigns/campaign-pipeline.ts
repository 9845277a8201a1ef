import { AppError } from '../../shared/errors';
import type { CampaignDefinition } from '../../shared/campaign-types';
import { portableHash } from './campaign-portable-sql';
import { channelEligible, filterSteps, profileColumn, requiredChannels, type CampaignSqlContext } from './campaign-steps';

/** One selected segment, compiled: `where` is its membership condition over the profile row p. */
export interface SelectionPart {
  segmentId: string;
  name: string;
  priority: number;
  where: string;
}

export interface PipelineStep {
  kind: string;
  name: string;
}

/**
 * The campaign as one SELECT over the profile (a chain of CTEs every dialect shares), one row per
 * selected customer: `drop_step` is the index in `steps` of the step that removed the customer
 * (NULL: in the list), with its rank, arm, cell and channel. Order of the pipeline:
 * selection → removing steps (priority, suppressions, contact policy, channel eligibility: a
 * customer removed by several counts at the first) → caps per group, in order → total cap →
 * rank → holdout (stratified) → cells.
 */
export interface PipelineSql {
  /** WITH … SELECT: the whole query. */
  sql: string;
  /** The same as CTEs and the final SELECT, for a caller that puts its own CTEs first (the warehouse's profile). */
  ctes: string[];
  select: string;
  steps: PipelineStep[];
  strata: string[];
}

/** Cells sum to 100 % (a small tolerance for 33.3 + 33.3 + 33.4 written as decimals). */
export function checkCells(def: CampaignDefinition): void {
  const cells = def.control.cells;
  if (cells.length === 0) return;
  const sum = cells.reduce((t, c) => t + c.percent, 0);
  if (Math.abs(sum - 100) > 1e-6) {
    throw new AppError('INVALID_ARGUMENT', `the cells of ${def.name} sum to ${sum}%, not 100%`, { campaign: def.name, sum: Number(sum.toFixed(4)) }, 'error.CAMPAIGN_CELLS_NOT_100');
  }
  const names = new Set(cells.map((c) => c.name));
  if (names.size !== cells.length) throw new AppError('INVALID_ARGUMENT', `two cells of ${def.name} have the same name`, { campaign: def.name }, 'error.CAMPAIGN_CELL_NAMES');
}

export async function campaignPipelineSql(ctx: CampaignSqlContext, def: CampaignDefinition, selection: SelectionPart[], contactDate: string): Promise<PipelineSql> {
  checkCells(def);
  const { d } = ctx;
  const col = (name: string) => `x.${d.ident(name)}`;
  const pid = `p.${d.ident('customer_id')}`;
  const optional = (field: string, type: string) => (ctx.profile.has(field) ? `p.${d.ident(field)}` : `CAST(NULL AS ${d.type(type)})`);
  const steps: PipelineStep[] = [{ kind: 'selection', name: selection.map((s) => s.name).join(' + ') }];

  const ordered = [...selection].sort((a, b) => a.priority - b.priority);
  const segmentOf = `CASE ${ordered.map((s) => `WHEN ${d.isTrue(s.where)} THEN ${d.text(s.segmentId)}`).join(' ')} END`;
  const selected = ordered.map((s) => d.isTrue(s.where)).join(' OR ');

  const filters = await filterSteps(ctx, def, contactDate);
  const firstDrop = filters.length
    ? `CASE ${filters.map((f, i) => `WHEN ${d.isTrue(f.removes)} THEN ${i + 1}`).join(' ')} END`
    : `CAST(NULL AS ${d.type('INTEGER')})`;
  steps.push(...filters.map(({ kind, name }) => ({ kind, name })));

  const rankValue = def.ranking.by ? `CAST(${profileColumn(ctx, def.ranking.by, 'ranking')} AS ${d.type('DOUBLE')})` : `CAST(NULL AS ${d.type('DOUBLE')})`;
  const seedKey = `${d.text(String(def.control.seed))} || ':' || ${pid}`;
  const groups = def.caps.perGroup.map((g, i) => `${d.castText(profileColumn(ctx, g.field, 'cap per group'))} AS ${d.ident(`cap_group_${i}`)}`);
  const strata = def.control.stratifyBy.map((f, i) => `${d.castText(profileColumn(ctx, f, 'stratified holdout'))} AS ${d.ident(`stratum_${i}`)}`);
  const { channels } = requiredChannels(def);
  const firstEligible = def.contactPolicy.channelEligibility && !def.control.cells.length && channels.length > 1
    ? `CASE ${channels.map((ch) => `WHEN ${channelEligible(ctx, ch)} THEN ${d.constantText(ch)}`).join(' ')} END`
    : d.constantText(def.channels[0]!);

  const ctes: string[] = [];
  ctes.push(`campaign_selected AS (
  SELECT ${pid} AS ${d.ident('customer_id')}, ${segmentOf} AS ${d.ident('segment_id')}, ${firstDrop} AS ${d.ident('d0')},
    ${rankValue} AS ${d.ident('rank_value')}, ${portableHash(d.dialect, seedKey)} AS ${d.ident('assign_hash')},
    ${optional('branch_id', 'VARCHAR')} AS ${d.ident('branch_id')}, ${optional('rm_id', 'VARCHAR')} AS ${d.ident('rm_id')},
    CAST(coalesce(${optional('aum_latest', 'DOUBLE')}, 0) AS ${d.type('DOUBLE')}) AS ${d.ident('aum')},
    ${firstEligible} AS ${d.ident('first_channel')}${[...groups, ...strata].map((g) => `, ${g}`).join('')}
  FROM ${ctx.profileTable} p
  WHERE ${selected}
)`);
  const byRank = `${col('rank_value')} ${def.ranking.direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST, ${col('assign_hash')}, ${col('customer_id')}`;
  const alive = (drop: string) => `CASE WHEN ${col(drop)} IS NULL THEN 0 ELSE 1 END`;
  let prev = 'campaign_selected';
  let drop = 'd0';
  const cap = (name: string, partition: string, n: number, kind: string, label: string) => {
    steps.push({ kind, name: label });
    const next = `d${steps.length}`;
    ctes.push(`${name} AS (
  SELECT x.*, CASE WHEN ${col(drop)} IS NULL AND row_number() OVER (PARTITION BY ${alive(drop)}${partition} ORDER BY ${byRank}) > ${d.integer(n)} THEN ${steps.length - 1} ELSE ${col(drop)} END AS ${d.ident(next)}
  FROM ${prev} x
)`);
    prev = name;
    drop = next;
  };
  def.caps.perGroup.forEach((g, i) => cap(`campaign_cap_${i}`, `, ${col(`cap_group_${i}`)}`, g.n, 'cap_group', `top ${g.n} per ${g.field}`));
  if (def.caps.total !== null) cap('campaign_cap_total', '', def.caps.total, 'cap_total', `top ${def.caps.total}`);

  const strataCols = def.control.stratifyBy.map((_, i) => `, ${col(`stratum_${i}`)}`).join('');
  ctes.push(`campaign_ranked AS (
  SELECT x.*, CASE WHEN ${col(drop)} IS NULL THEN row_number() OVER (PARTITION BY ${alive(drop)} ORDER BY ${byRank}) END AS ${d.ident('campaign_rank')},
    row_number() OVER (PARTITION BY ${alive(drop)}${strataCols} ORDER BY ${col('assign_hash')}, ${col('customer_id')}) AS ${d.ident('stratum_position')},
    count(*) OVER (PARTITION BY ${alive(drop)}${strataCols}) AS ${d.ident('stratum_size')},
    count(*) OVER (PARTITION BY ${alive(drop)}) AS ${d.ident('list_size')}
  FROM ${prev} x
)`);
  const holdout = def.control.holdout;
  // Each stratum's control is its first round(size × share) customers in hash order, so every
  // stratum keeps the proportion within half a customer (a count: share = count / list size).
  const share = holdout === null ? null : 'percent' in holdout ? `${d.number(holdout.percent)} / 100.0` : `${d.number(holdout.count)} / CAST(${col('list_size')} AS ${d.type('DOUBLE')})`;
  const arm = share === null
    ? `CASE WHEN ${col(drop)} IS NULL THEN 'treatment' END`
    : `CASE WHEN ${col(drop)} IS NOT NULL THEN NULL WHEN ${col('stratum_position')} <= floor(${col('stratum_size')} * ${share} + 0.5) THEN 'control' ELSE 'treatment' END`;
  ctes.push(`campaign_armed AS (
  SELECT x.*, ${arm} AS ${d.ident('arm')}
  FROM campaign_ranked x
)`);
  ctes.push(`campaign_celled AS (
  SELECT x.*, row_number() OVER (PARTITION BY ${col('arm')} ORDER BY ${col('assign_hash')}, ${col('customer_id')}) AS ${d.ident('cell_position')},
    count(*) OVER (PARTITION BY ${col('arm')}) AS ${d.ident('arm_size')}
  FROM campaign_armed x
)`);
  const cells = def.control.cells;
  let cumulative = 0;
  const treated = `${col('arm')} = 'treatment'`;
  // The treated in hash order: cell i takes the positions below its cumulative share; the last cell the rest.
  const cellCase = (value: (c: (typeof cells)[number]) => string) =>
    `CASE ${cells
      .map((c, i) => {
        cumulative = i === 0 ? c.percent : cumulative + c.percent;
        return i === cells.length - 1 ? `ELSE ${value(c)}` : `WHEN (${col('cell_position')} - 1) * 100.0 < ${d.number(cumulative)} * ${col('arm_size')} THEN ${value(c)}`;
      })
      .join(' ')} END`;
  const cell = cells.length ? `CASE WHEN ${treated} THEN ${cellCase((c) => d.text(c.name))} END` : `CAST(NULL AS ${d.type('VARCHAR')})`;
  const channel = cells.length ? `CASE WHEN ${treated} THEN ${cellCase((c) => d.constantText(c.channel))} END` : `CASE WHEN ${treated} THEN ${col('first_channel')} END`;
  const keep = ['customer_id', 'segment_id', 'rank_value', 'assign_hash', 'branch_id', 'rm_id', 'aum', 'arm'].map(col).join(', ');
  const select = `SELECT ${keep}, ${col(drop)} AS ${d.ident('drop_step')}, ${col('campaign_rank')} AS ${d.ident('campaign_rank')}, ${cell} AS ${d.ident('cell')}, ${channel} AS ${d.ident('channel')}${def.control.stratifyBy.map((_, i) => `, ${col(`stratum_${i}`)}`).join('')}
FROM campaign_celled x`;
  return { sql: `WITH ${ctes.join(',\n')}\n${select}`, ctes, select, steps, strata: def.control.stratifyBy };
}
