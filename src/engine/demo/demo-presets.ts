import accountsPreset from '../../../resources/presets/demo-accounts.json';
import balancesPreset from '../../../resources/presets/demo-balances.json';
import contactsPreset from '../../../resources/presets/demo-contacts.json';
import customersPreset from '../../../resources/presets/demo-customers.json';
import eventsPreset from '../../../resources/presets/demo-events.json';
import holdingsPreset from '../../../resources/presets/demo-holdings.json';
import transactionsPreset from '../../../resources/presets/demo-transactions.json';
import { importPresetSchema, type ImportPreset } from '../../shared/import-types';
import type { DEMO_TABLES } from './generate-demo-bank';

/**
 * The demo bank's export files and the bundled presets that read them back
 * (resources/presets/demo-*.json, also offered by the import wizard as built-ins). The preset is
 * the one description of each file: its headers in file order, encoding and delimiter, the
 * canonical (or extra) column each header holds and its kind — the exporter writes from it and
 * the import reads with it. Imported statically so the demo never depends on where resources/
 * lies at run time (source tree, out/, an Electron package).
 */
export type DemoTable = (typeof DEMO_TABLES)[number];

export interface DemoExportSpec {
  table: DemoTable;
  /** File name inside the export folder. */
  fileName: string;
  /** Name of the bundled preset file (resources/presets/<presetFile>). */
  presetFile: string;
  preset: ImportPreset;
}

function spec(table: DemoTable, fileName: string, json: unknown): DemoExportSpec {
  const preset = importPresetSchema.parse(json);
  if (preset.table !== table) throw new Error(`bundled preset demo-${table}.json targets ${preset.table}`);
  const headers = preset.headers ?? [];
  const settings = preset.settings ?? {};
  if (headers.length === 0 || headers.some((h) => !preset.mapping[h] || !preset.types?.[h])) {
    throw new Error(`bundled preset demo-${table}.json must list its headers, each mapped and typed`);
  }
  if (!settings.encoding || !settings.delimiter) throw new Error(`bundled preset demo-${table}.json must name its encoding and delimiter`);
  return { table, fileName, presetFile: `demo-${table}.json`, preset };
}

/** In import order: customers first, then what refers to them. */
export const DEMO_EXPORTS: readonly DemoExportSpec[] = [
  spec('customers', '客户信息.csv', customersPreset),
  spec('accounts', '账户信息.csv', accountsPreset),
  spec('transactions', '交易流水.csv', transactionsPreset),
  spec('balances', '月末资产.csv', balancesPreset),
  spec('holdings', '持仓信息.csv', holdingsPreset),
  spec('contacts', '营销接触.csv', contactsPreset),
  spec('events', '客户事件.csv', eventsPreset),
];
