/**
 * Product holdings: each investment account (time deposit, wealth, fund, insurance) is a holding
 * of one product for the account's life, plus an earlier, matured wealth product for half of the
 * wealth holders (so "product holding history" analyses have something to find).
 */
import { sqlNumber, uniform } from './demo-random-sql';

const HOLDING_TYPES: Record<string, { code: string; products: number }> = {
  time_deposit: { code: 'TD', products: 5 },
  wealth: { code: 'WM', products: 40 },
  fund: { code: 'FD', products: 60 },
  insurance: { code: 'IN', products: 12 },
};

function productCode(salt: string): string {
  const cases = Object.entries(HOLDING_TYPES)
    .map(([type, { code, products }]) => `WHEN '${type}' THEN '${code}' || lpad((1 + floor(${uniform(salt, 'i', 'slot')} * ${sqlNumber(products)}))::INTEGER::VARCHAR, 3, '0')`)
    .join(' ');
  return `(CASE product_type ${cases} END)`;
}

export function holdingsTableSql(): string {
  const types = Object.keys(HOLDING_TYPES).map((type) => `'${type}'`).join(', ');
  return `
CREATE OR REPLACE TABLE holdings AS
SELECT customer_id, ${productCode('product')} AS product_code, product_type, open_date AS start_date, close_date AS end_date,
  planned_balance AS amount
FROM demo_accounts WHERE product_type IN (${types})
UNION ALL
SELECT customer_id, ${productCode('past_product')}, product_type, start_date, start_date + term AS end_date,
  round(planned_balance * (0.6 + 0.6 * ${uniform('past_amount', 'i', 'slot')}), 2)::DECIMAL(18,2)
FROM (
  SELECT *, open_date - 30 - floor(${uniform('past_start', 'i', 'slot')} * 400)::INTEGER - term AS start_date
  FROM (SELECT *, [91, 182, 365][1 + floor(${uniform('past_term', 'i', 'slot')} * 3)::INTEGER] AS term FROM demo_accounts
        WHERE product_type = 'wealth' AND ${uniform('has_past', 'i', 'slot')} < 0.5)
)`;
}
