import { PROFILE_TABLE } from '../../shared/customer-types';
import type { CampaignDefinition } from '../../shared/campaign-types';
import type { SegmentNode, SqlDialect } from '../../shared/segment-types';
import type { MethodResult } from '../../shared/methods';
import { warehouseProfile } from '../profile/profile-export';
import { compileSegment, PROFILE_ALIAS, type CompileContext } from '../segments/compile-segment';
import { loadRefs, loadWorkbench } from '../segments/segment-context';
import { canonicalSources } from '../segments/segment-export';
import { findSegment } from '../segments/segment-store';
import { warehouseDialect } from '../sql/warehouse-dialect';
import type { Session } from '../workspace';
import { contactDateOf } from './campaign-contact-date';
import { campaignPipelineSql, type SelectionPart } from './campaign-pipeline';
import type { CampaignSqlContext } from './campaign-steps';
import { AppError } from '../../shared/errors';

/**
 * A campaign as self-contained warehouse SQL: the profile's CTEs as segments export them, then the
 * campaign's own pipeline (the same generator the engine runs, with literals for the dialect), and
 * the list: customer_id, segment, rank, arm, cell, channel. RM assignment needs the capacity sheet
 * and is not in it (said in the header). Built alone: campaigns built together are not inlined.
 */
export async function campaignSql(session: Session, def: CampaignDefinition, dialect: SqlDialect, schema?: string): Promise<MethodResult<'campaign.sql'>> {
  const wb = await loadWorkbench(session);
  const asOf = wb.asOf;
  const d = warehouseDialect(dialect, { asOf, schema });
  const warnings: string[] = [];
  const memberOf = async (segmentId: string) => {
    const node = { kind: 'segment', segment: segmentId, member: true } as SegmentNode;
    if (!(await findSegment(session, segmentId))) throw new AppError('NOT_FOUND', `the campaign ${def.name} uses the segment ${segmentId}, which no longer exists`, { campaign: def.name, segment: segmentId, use: 'sql' }, 'error.CAMPAIGN_SEGMENT_MISSING');
    const refs = await loadRefs(session, node, { withMembers: true });
    const ctx: CompileContext = { dialect: d, asOf, profile: wb.profile, sources: canonicalSources(), refs };
    return compileSegment(node, ctx);
  };
  const ctx: CampaignSqlContext = {
    d,
    profileTable: PROFILE_TABLE,
    profile: wb.profile,
    hasTable: () => true,
    memberOf,
    inTableColumn: async (table, column) => {
      warnings.push(`the id list ${table}.${column} is read from the warehouse table ${table}`);
      return `${PROFILE_ALIAS}.${d.ident('customer_id')} IN (SELECT ${d.castText(`t.${d.ident(column)}`)} FROM ${d.table(table)} t)`;
    },
    takenTable: null,
    warnings,
  };
  const selection: SelectionPart[] = [];
  for (const s of def.selection) selection.push({ segmentId: s.segmentId, name: s.segmentId, priority: s.priority, where: await memberOf(s.segmentId) });
  const contactDate = contactDateOf(def.plannedDate, def.contactPolicy.quietDates);
  const pipeline = await campaignPipelineSql(ctx, def, selection, contactDate);
  const text = [...pipeline.ctes, pipeline.select].join('\n');
  const profile = await warehouseProfile(session, { dialect, asOf, schema, keepColumn: (name) => text.includes(`${PROFILE_ALIAS}.${d.ident(name)}`) });
  warnings.push(...profile.warnings);
  if (def.rmAssignment.enabled) warnings.push('RM assignment (capacities) is done in the workbench; the SQL gives each customer their own rm_id');
  const comment = (line: string) => `-- ${line.replace(/[\r\n]+/g, ' ')}`;
  const header = [
    comment(`Campaign "${def.name}", exported by Segment Workbench for ${dialect}`),
    comment(`as of ${asOf}; planned ${def.plannedDate}, contact date ${contactDate}; seed ${def.control.seed}: arm by md5(seed || ':' || customer_id)`),
    comment(`waterfall steps: ${pipeline.steps.map((s) => s.kind).join(' → ')}`),
    ...warnings.map((w) => comment(`note: ${w}`)),
  ];
  const id = (name: string) => d.ident(name);
  const sql = `${header.join('\n')}
WITH ${[...profile.ctes, ...pipeline.ctes].join(',\n')}
SELECT ${['customer_id', 'segment_id', 'campaign_rank', 'arm', 'cell', 'channel', 'rm_id', 'branch_id'].map((c) => `campaign_list.${id(c)}`).join(', ')}
FROM (
${pipeline.select}
) campaign_list
WHERE campaign_list.${id('drop_step')} IS NULL
ORDER BY campaign_list.${id('campaign_rank')}
`;
  return { dialect, sql, asOf, warnings };
}
