import type { Session } from '../workspace';

export interface DemoBankOptions {
  customers: number;
  months: number;
  seed: number;
}

export interface DemoBankSummary {
  customers: number;
  tables: Array<{ name: string; rows: number }>;
}

/** Placeholder until the generator lands: creates the canonical tables from the seeded generator. */
export async function generateDemoBank(session: Session, options: DemoBankOptions): Promise<DemoBankSummary> {
  await session.run(`CREATE OR REPLACE TABLE customers AS SELECT i AS customer_id FROM range($n) r(i)`, { n: options.customers });
  return { customers: options.customers, tables: [{ name: 'customers', rows: options.customers }] };
}
