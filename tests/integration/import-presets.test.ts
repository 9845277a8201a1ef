import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { detachedContext } from '../../src/engine/jobs/job-context';
import type { AppError } from '../../src/shared/errors';
import { presetsSaveParamsSchema } from '../../src/shared/import-types';
import { fixture, importApi } from '../support/import-harness';
import { openTempEngine } from '../support/temp-workspace';

let engine: Engine;
let dispose: () => void;
let dir: string;
let api: ReturnType<typeof importApi>;

beforeAll(async () => {
  ({ engine, dispose, dir } = await openTempEngine());
  api = importApi(engine);
});
afterAll(() => dispose());

const list = () => api.handlers['import.presets.list']({}, detachedContext());
const save = (name: string, preset: unknown) => api.handlers['import.presets.save'](presetsSaveParamsSchema.parse({ name, preset }), detachedContext());

const CUSTOMER_PRESET = {
  version: 1,
  table: 'customers',
  // Another order, other case and spacing than the file's header: the set is what matches.
  headers: ['备注', '风险等级', ' 出生日期', '性别', '手机号码', '证件号码', '客户姓名', '客户号'],
  settings: { encoding: 'utf-8' },
  mapping: { 客户号: 'customer_id', 客户姓名: 'name', 证件号码: 'id_number', 手机号码: 'phone', 性别: 'gender', 出生日期: 'birth_date', 风险等级: 'risk_level', 备注: null },
  types: { 出生日期: 'date' },
};

describe('mapping presets', () => {
  it('save, list and match round-trip', async () => {
    expect(await list()).toEqual({ folder: path.join(dir, 'workspace.duckdb.presets'), presets: [], invalid: [] });
    const saved = await save('某行客户导出', CUSTOMER_PRESET);
    expect(saved).toMatchObject({ name: '某行客户导出', source: 'workspace', file: path.join(dir, 'workspace.duckdb.presets', '某行客户导出.json') });
    expect(JSON.parse(fs.readFileSync(saved.file, 'utf8'))).toEqual({ ...CUSTOMER_PRESET, name: '某行客户导出' });

    const listed = await list();
    expect(listed.presets.map((p) => [p.name, p.source, p.preset.table])).toEqual([['某行客户导出', 'workspace', 'customers']]);

    const detected = await api.detect({ path: fixture('customers-utf8.csv') });
    expect(detected.matchingPreset?.name).toBe('某行客户导出');
    expect(detected.matchingPreset?.preset.mapping).toEqual(CUSTOMER_PRESET.mapping);
    // The GBK export has the same header set (title lines above it do not matter).
    expect((await api.detect({ path: fixture('customers-gbk.csv') })).matchingPreset?.name).toBe('某行客户导出');
    // Another header set: no match.
    expect((await api.detect({ path: fixture('transactions-comma.csv') })).matchingPreset).toBeNull();

    // The preset's mapping imports the file.
    const result = await api.run({ files: [fixture('customers-utf8.csv')], table: 'customers', mapping: detected.matchingPreset!.preset.mapping, allowReimport: true });
    expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([6, 6, 0]);
  });

  it('refuses a malformed preset with a message naming the field', async () => {
    const refused = async (preset: unknown) => (await save('bad', preset).catch((e: unknown) => e)) as AppError;
    const badMapping = await refused({ ...CUSTOMER_PRESET, mapping: { 客户号: 42 } });
    expect(badMapping.code).toBe('INVALID_ARGUMENT');
    expect(badMapping.messageKey).toBe('error.IMPORT_PRESET_INVALID');
    expect(badMapping.message).toMatch(/^preset "bad" is not a valid import preset: mapping\.客户号: /);
    expect(badMapping.details.field).toBe('mapping.客户号');
    expect((await refused({ ...CUSTOMER_PRESET, version: 2 })).details.field).toBe('version');
    expect((await refused({ ...CUSTOMER_PRESET, types: { 出生日期: 'datetime' } })).details.field).toBe('types.出生日期');
    expect((await refused({ version: 1, mapping: {} })).message).toMatch(/table: /);
    expect((await refused([1, 2])).details.field).toBe('(preset)');
    // Nothing was written for the refused ones.
    expect(fs.existsSync(path.join(dir, 'workspace.duckdb.presets', 'bad.json'))).toBe(false);
    // A name that is no file name is refused by the method's schema.
    expect(() => presetsSaveParamsSchema.parse({ name: '../escape', preset: CUSTOMER_PRESET })).toThrow(/preset name/);
  });

  it('lists a broken file in the folder as invalid, naming the field, and keeps the good ones', async () => {
    fs.writeFileSync(path.join(dir, 'workspace.duckdb.presets', 'hand-edited.json'), JSON.stringify({ version: 1, name: 'x', table: 'customers', mapping: { a: 1 } }));
    fs.writeFileSync(path.join(dir, 'workspace.duckdb.presets', 'not-json.json'), '{ nope');
    const listed = await list();
    expect(listed.presets.map((p) => p.name)).toEqual(['某行客户导出']);
    expect(listed.invalid).toHaveLength(2);
    expect(listed.invalid.find((i) => i.file.endsWith('hand-edited.json'))?.message).toMatch(/mapping\.a: /);
  });
});
