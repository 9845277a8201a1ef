import { AppError } from '../../shared/errors';
import type { Session } from '../workspace';

/** The deduplicated copy of customers the build reads when the table holds a customer_id twice. */
export const DEDUPLICATED_CUSTOMERS = '_p_customers';
const EXAMPLES_SHOWN = 5;

/**
 * One profile row per customer. A customers table loaded before the import de-duplicated keys (or
 * written with SQL) can hold a customer_id more than once, and every join on it would multiply that
 * customer. Rows that are identical in every column are one customer written twice: the build reads
 * a deduplicated copy (nothing is lost, so the choice is deterministic). Rows that differ for the same
 * customer_id cannot be told apart by the profile — which name, which birth date? — so the build stops
 * and names them; the user decides (re-import with keep first / keep last, or fix them in SQL).
 *
 * Returns the table the build should read customers from.
 */
export async function customersWithOneRowEach(session: Session): Promise<'customers' | typeof DEDUPLICATED_CUSTOMERS> {
  const [dup] = await session.rows<{ n: bigint }>(
    `SELECT count(*) AS n FROM (SELECT customer_id FROM customers WHERE customer_id IS NOT NULL GROUP BY customer_id HAVING count(*) > 1)`,
  );
  if (Number(dup?.n ?? 0) === 0) return 'customers';
  await session.run(`CREATE OR REPLACE TEMP TABLE ${DEDUPLICATED_CUSTOMERS} AS SELECT DISTINCT * FROM customers`);
  const conflicts = await session.rows<{ customer_id: string; n: bigint; total: bigint; keys: bigint }>(
    `SELECT customer_id, n, sum(n) OVER () AS total, count(*) OVER () AS keys FROM (
       SELECT customer_id, count(*) AS n FROM customers
       WHERE customer_id IN (SELECT customer_id FROM temp.main.${DEDUPLICATED_CUSTOMERS} WHERE customer_id IS NOT NULL GROUP BY customer_id HAVING count(*) > 1)
       GROUP BY customer_id)
     ORDER BY customer_id LIMIT ${EXAMPLES_SHOWN}`,
  );
  const first = conflicts[0];
  if (!first) return DEDUPLICATED_CUSTOMERS;
  await session.run(`DROP TABLE IF EXISTS temp.main.${DEDUPLICATED_CUSTOMERS}`);
  const duplicates = Number(first.keys);
  const examples = conflicts.map((c) => `${c.customer_id} (${Number(c.n)} rows)`).join(', ');
  throw new AppError(
    'INVALID_ARGUMENT',
    `the customers table has ${duplicates} customer_id values that appear on more than one row with different contents (${examples}${duplicates > conflicts.length ? ', …' : ''}); ` +
      'a profile needs one row per customer: re-import the customers file choosing keep first or keep last for duplicate keys, or remove the extra rows in the SQL console',
    { table: 'customers', duplicates, rows: Number(first.total), examples },
    'error.PROFILE_DUPLICATE_CUSTOMERS',
  );
}
