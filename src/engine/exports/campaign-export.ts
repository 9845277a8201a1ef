import type { z } from 'zod';
import type { CampaignBuild, campaignExportParamsSchema } from '../../shared/campaign-types';
import { materialiseCampaignList } from '../campaigns/campaign-list';
import { findCampaign } from '../campaigns/campaign-store';
import type { JobContext } from '../jobs/job-context';
import type { PersonalRule } from '../privacy/personal-columns';
import type { Session } from '../workspace';
import { columnHeader, headerStyleFor, type ExportColumn } from './export-columns';
import { recordExport } from './export-audit';
import { runExport } from './export-run';
import type { XlsxValue } from './xlsx-writer';

type CampaignExportParams = z.output<typeof campaignExportParamsSchema>;

const PERSONAL_RULE: Record<string, PersonalRule> = { name: 'name', id_number: 'id_number', phone: 'phone' };

/** The summary sheet of an XLSX list: the parameters, the waterfall and the arms, as the analyst reads them. */
function summaryRows(build: CampaignBuild, facts: { version: number | null; masked: boolean; reason: string | null; format: string; splitBy: string | null }): XlsxValue[][] {
  const rows: XlsxValue[][] = [
    ['参数 Parameter', '值 Value'],
    ['营销活动 Campaign', build.name],
    ['活动编号 Campaign id', build.campaignId ?? '(unsaved)'],
    ['版本 Version', facts.version ?? '(unsaved)'],
    ['分析日期 As of', build.asOf],
    ['触达日期 Contact date', build.contactDate],
    ['名单人数 Customers', build.members],
    ['客群版本 Segment versions', build.segmentVersions.map((s) => `${s.segmentId} v${s.version}`).join(', ')],
    ['脱敏 Masked', facts.masked ? '是 yes' : `否 no — ${facts.reason ?? ''}`],
    ['格式 Format', facts.format],
    ['拆分 Split by', facts.splitBy ?? '—'],
    ['导出时间 Exported at', new Date().toISOString()],
    [],
    ['漏斗步骤 Step', '名称 Name', '排除 Removed', '剩余 Remaining', '剩余资产 AUM remaining'],
    ...build.waterfall.map((s) => [s.kind, s.name, s.removed, s.remaining, Math.round(s.aumRemaining * 100) / 100]),
    [],
    ['组别 Arm', '单元 Cell', '渠道 Channel', '人数 Customers', '资产 AUM'],
    ...build.arms.map((a) => [a.arm, a.cell, a.channel, a.customers, Math.round(a.aum * 100) / 100]),
  ];
  return rows;
}

/** campaign.export: the list built as campaign.members builds it, streamed to files, and the audit row. */
export async function exportCampaign(session: Session, ctx: JobContext, params: CampaignExportParams) {
  const started = performance.now();
  const list = await materialiseCampaignList(session, params.target, params.together, ctx);
  const masked = params.unmask === null;
  const reason = params.unmask?.reason ?? null;
  const saved = list.build.campaignId === null ? null : await findCampaign(session, list.build.campaignId);
  const version = saved?.version ?? null;
  // A list's columns read as a contact's (arm 实验分组, channel 触达渠道), else as the profile's.
  const style = headerStyleFor(params.format, params.headerStyle);
  const columns: ExportColumn[] = list.columns.map((c) => ({ name: c.name, header: columnHeader(style, 'contacts', c.name), kind: c.kind, mask: c.personal ? (PERSONAL_RULE[c.name] ?? 'name') : null }));
  const outcome = await runExport(session, ctx, {
    sourceSql: `SELECT * FROM ${list.table}`,
    columns,
    format: params.format,
    splitBy: params.splitBy,
    outPath: params.outPath,
    masked,
    sheetName: '名单 List',
    summary: { name: '摘要 Summary', rows: summaryRows(list.build, { version, masked, reason, format: params.format, splitBy: params.splitBy }) },
  });
  const warnings = outcome.gbkReplaced > 0 ? [`${outcome.gbkReplaced} characters have no GBK code and were written as ?`] : [];
  const entry = await recordExport(
    session,
    {
      subject: { kind: 'campaign', id: list.build.campaignId, name: list.build.name, version },
      segmentVersions: list.build.segmentVersions,
      counts: { members: list.build.members, waterfall: list.build.waterfall, arms: list.build.arms },
      format: params.format,
      splitBy: params.splitBy,
      masked,
      columns: columns.map((c) => c.header),
      files: outcome.files,
      rows: outcome.rows,
      warnings,
    },
    reason,
  );
  return { auditId: entry.id, rows: outcome.rows, files: outcome.files, masked, elapsedMs: performance.now() - started };
}
