import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCommand } from '../../src/cli/commands/audit-command';
import { campaignCommand } from '../../src/cli/commands/campaign-command';
import { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import type { CampaignDefinitionInput } from '../../src/shared/campaign-types';
import type { EngineClient } from '../../src/shared/engine-client';
import { AppError } from '../../src/shared/errors';
import { captureCli } from '../support/cli-capture';

/**
 * Campaign lists to files: every format read back equals the list campaign.members gives (masked
 * where it should be), per-RM files together equal the list, the summary sheet carries the
 * waterfall, the audit records versions, counts and hashes, and `audit verify` catches an edit.
 */
type ListRow = { customer_id: string; name: string; id_number: string; phone: string; arm: string; rm_id: string | null; rank: bigint };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-campaign-export-'));
const workspace = path.join(dir, 'w.duckdb');
const out = (name: string) => path.join(dir, 'out', name);

describe('campaign export', () => {
  let engine: Engine;
  let client: EngineClient;
  let definition: CampaignDefinitionInput;
  let list: ListRow[];
  let campaignId: string;

  beforeAll(async () => {
    fs.mkdirSync(path.join(dir, 'out'), { recursive: true });
    engine = await Engine.open({ path: workspace, threads: 2, memoryLimit: '1GB' });
    client = engine.connectClient();
    await client.call('demo.generate', { customers: 3000, months: 12, seed: 9, direct: true });
    await client.call('profile.build', {});
    const wealthy = (await client.call('segment.save', { name: 'wealthy', description: '', owner: '', rule: { kind: 'field', id: 'a', field: 'aum_latest', op: '>=', value: 50_000 } })).id;
    const young = (await client.call('segment.save', { name: 'young', description: '', owner: '', rule: { kind: 'field', id: 'b', field: 'age', op: '<', value: 35 } })).id;
    definition = {
      name: '理财沙龙邀约',
      channels: ['rm_visit'],
      plannedDate: '2026-07-10',
      selection: [
        { segmentId: wealthy, priority: 1 },
        { segmentId: young, priority: 2 },
      ],
      suppressions: [{ kind: 'minors' }, { kind: 'invalid' }],
      control: { holdout: { percent: 10 }, seed: 7 },
      rmAssignment: { enabled: true, defaultCapacity: 40 },
      list: { columns: ['aum_latest'] },
    };
    campaignId = (await client.call('campaign.save', { definition })).id;
    const members = await client.call('campaign.members', { target: { id: campaignId } });
    list = await engine.workspace.withSession(detachedContext(), (s) =>
      s.rows<ListRow>(`SELECT customer_id, name, id_number, phone, arm, rm_id, rank FROM scratch.main."${members.table.name}" ORDER BY customer_id`),
    );
  }, 180_000);
  afterAll(() => {
    engine?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const maskName = (s: string) => `${[...s][0]}*`;

  it('XLSX split by RM: one file per RM (and one for those without), together the list, masked, IDs as text, a summary sheet', async () => {
    const result = await client.call('campaign.export', { target: { id: campaignId }, format: 'xlsx', splitBy: 'rm_id', outPath: out('by-rm') });
    expect(result.masked).toBe(true);
    const rms = [...new Set(list.map((r) => r.rm_id ?? '(none)'))].sort();
    expect(result.files.map((f) => path.basename(f.path)).sort()).toEqual(rms.map((rm) => `rm_id_${rm}.xlsx`).sort());
    const seen: string[] = [];
    for (const file of result.files) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(file.path);
      const [sheet, summary] = book.worksheets;
      const rm = path.basename(file.path).replace(/^rm_id_/, '').replace(/\.xlsx$/, '');
      let rows = 0;
      sheet!.eachRow((row, n) => {
        if (n === 1) return expect((row.values as unknown[]).slice(1, 3)).toEqual(['客户号 customer_id', '姓名 name']);
        const v = row.values as unknown[];
        const want = list.find((r) => r.customer_id === v[1])!;
        expect(want).toBeDefined();
        expect(want.rm_id ?? '(none)').toBe(rm);
        expect(v[2]).toBe(maskName(want.name));
        expect(typeof v[3]).toBe('string');
        expect(v[3]).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
        seen.push(String(v[1]));
        rows++;
      });
      expect(rows).toBe(file.rows);
      const summaryText: string[] = [];
      summary!.eachRow((row) => summaryText.push((row.values as unknown[]).join('|')));
      expect(summaryText.join('\n')).toContain('理财沙龙邀约');
      expect(summaryText.join('\n')).toMatch(/selection/);
    }
    expect(seen.sort()).toEqual(list.map((r) => r.customer_id));
  });

  it('CSV GBK and Parquet equal the list, arms included; unmasking keeps the reason in the audit', async () => {
    await client.call('campaign.export', { target: { id: campaignId }, format: 'csv-gbk', outPath: out('list.csv') });
    const text = new TextDecoder('gbk').decode(fs.readFileSync(out('list.csv')));
    const lines = text.split('\r\n').filter((l) => l !== '');
    expect(lines.length).toBe(list.length + 1);
    const ids = lines.slice(1).map((l) => l.split(',')[0]).sort();
    expect(ids).toEqual(list.map((r) => r.customer_id));
    const result = await client.call('campaign.export', { target: { id: campaignId }, format: 'parquet', outPath: out('list.parquet'), unmask: { reason: '分行核对名单' } });
    expect(result.masked).toBe(false);
    const db = await DuckDBInstance.create(':memory:');
    const rows = (await (await db.connect()).runAndReadAll(`SELECT customer_id, name, arm FROM read_parquet('${out('list.parquet')}') ORDER BY customer_id`)).getRowObjectsJS();
    expect(rows).toEqual(list.map((r) => ({ customer_id: r.customer_id, name: r.name, arm: r.arm })));
    const [entry] = await client.call('audit.list', { action: 'export', limit: 1 });
    expect(entry!.reason).toBe('分行核对名单');
    const details = JSON.parse(entry!.details) as { subject: { id: string; version: number }; segmentVersions: unknown[]; masked: boolean; files: Array<{ sha256: string; path: string }> };
    expect(details.subject).toMatchObject({ kind: 'campaign', id: campaignId, version: 1 });
    expect(details.segmentVersions).toHaveLength(2);
    expect(details.masked).toBe(false);
    expect(details.files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a missing output folder parent that cannot be made, and a file where a folder is needed, are refused with nothing written', async () => {
    fs.writeFileSync(out('plain-file'), 'x');
    const asFolder = await client.call('campaign.export', { target: { id: campaignId }, format: 'csv', splitBy: 'arm', outPath: out('plain-file') }).catch((e: unknown) => e);
    expect((asFolder as AppError).messageKey).toBe('error.EXPORT_PATH_NOT_FOLDER');
    const under = await client.call('campaign.export', { target: { id: campaignId }, format: 'csv', outPath: path.join(out('plain-file'), 'x.csv') }).catch((e: unknown) => e);
    expect((under as AppError).messageKey).toBe('error.EXPORT_NOT_WRITABLE');
    expect(fs.readFileSync(out('plain-file'), 'utf8')).toBe('x');
  });

  it('the CLI exports split by arm and audit verify reports an edited file with exit code 1', async () => {
    engine.close();
    const file = path.join(dir, 'campaign.json');
    fs.writeFileSync(file, JSON.stringify({ id: campaignId }));
    const printed = await captureCli(campaignCommand, ['export', file, '--format', 'csv', '--split-by', 'arm', '--out', out('by-arm'), '--workspace', workspace]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/customers exported \(personal data masked\)/);
    const files = fs.readdirSync(out('by-arm')).sort();
    expect(files).toEqual(['arm_control.csv', 'arm_treatment.csv']);
    const ok = await captureCli(auditCommand, ['verify', '--workspace', workspace]);
    expect(ok.code).toBe(0);
    fs.appendFileSync(path.join(out('by-arm'), 'arm_control.csv'), 'C999,tampered\r\n');
    const bad = await captureCli(auditCommand, ['verify', '--workspace', workspace]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/CHANGED\s+\S*arm_control\.csv/);
    const listed = await captureCli(auditCommand, ['list', '--action', 'export', '--workspace', workspace]);
    expect(listed.stdout).toMatch(/campaign "理财沙龙邀约" v1/);
    engine = await Engine.open({ path: workspace, threads: 2, memoryLimit: '1GB' });
  }, 120_000);
});
