import type { CanonicalTable, ColumnKind } from './import-types';

/**
 * DESIGN.md §2 as data (in shared: the engine loads by it, the import wizard offers its columns as
 * mapping targets): each canonical table's columns with the kind the loader converts to, and
 * the key that append mode de-duplicates on. Identifiers are text (leading zeros, 18-char IDs).
 */
export interface CanonicalColumn {
  name: string;
  kind: ColumnKind;
}

export interface CanonicalTableDef {
  columns: CanonicalColumn[];
  key: string[];
}

const text = (name: string): CanonicalColumn => ({ name, kind: 'text' });

export const CANONICAL_MODEL: Record<CanonicalTable, CanonicalTableDef> = {
  customers: {
    key: ['customer_id'],
    columns: [
      text('customer_id'), text('name'), text('id_number'), text('phone'), text('gender'),
      { name: 'birth_date', kind: 'date' }, text('marital_status'), { name: 'children', kind: 'integer' },
      text('occupation'), text('industry'), text('education'), text('city'), text('branch_id'), text('rm_id'),
      { name: 'onboard_date', kind: 'date' }, text('risk_level'), text('channel_pref'),
    ],
  },
  accounts: {
    key: ['account_id'],
    columns: [
      text('account_id'), text('customer_id'), text('product_type'), { name: 'open_date', kind: 'date' },
      { name: 'close_date', kind: 'date' }, text('status'), text('currency'), { name: 'balance', kind: 'decimal' },
    ],
  },
  transactions: {
    key: ['txn_id'],
    columns: [
      text('txn_id'), text('account_id'), text('customer_id'), { name: 'ts', kind: 'timestamp' },
      { name: 'amount', kind: 'decimal' }, { name: 'direction', kind: 'direction' }, text('txn_type'),
      text('channel'), text('counterparty_bank'),
    ],
  },
  balances: {
    key: ['customer_id', 'month'],
    columns: [text('customer_id'), { name: 'month', kind: 'month' }, { name: 'aum', kind: 'decimal' }],
  },
  holdings: {
    key: ['customer_id', 'product_code', 'start_date'],
    columns: [
      text('customer_id'), text('product_code'), text('product_type'), { name: 'start_date', kind: 'date' },
      { name: 'end_date', kind: 'date' }, { name: 'amount', kind: 'decimal' },
    ],
  },
  contacts: {
    key: ['campaign_id', 'customer_id', 'contact_ts'],
    columns: [
      text('campaign_id'), text('customer_id'), { name: 'contact_ts', kind: 'timestamp' }, text('channel'), text('arm'),
      { name: 'responded', kind: 'boolean' }, { name: 'response_ts', kind: 'timestamp' }, text('outcome'),
    ],
  },
  events: {
    key: ['customer_id', 'ts', 'event_name'],
    columns: [text('customer_id'), { name: 'ts', kind: 'timestamp' }, text('event_name'), { name: 'properties', kind: 'json' }],
  },
};

export function isCanonicalTable(name: string): name is CanonicalTable {
  return Object.prototype.hasOwnProperty.call(CANONICAL_MODEL, name);
}

export function canonicalColumn(table: string, column: string): CanonicalColumn | undefined {
  return isCanonicalTable(table) ? CANONICAL_MODEL[table].columns.find((c) => c.name === column) : undefined;
}
