import { AppError } from '../../shared/errors';
import { PROFILE_TABLE, type CustomerDetail } from '../../shared/customer-types';
import { maskedStar } from '../privacy/masked-views';
import { personalRule } from '../privacy/personal-columns';
import { sourceMaskedColumns } from '../privacy/mask-policy';
import { quoteIdent } from '../sql/identifiers';
import { describeColumns } from '../tables/table-catalog';
import { tagsOfCustomer } from '../tags/tag-service';
import type { Session } from '../workspace';
import { readerToJsonRows } from './json-rows';
import { readProfileMeta, tableExists } from './profile-meta';

/**
 * One customer's drill-down. Every part reads its table through the masked form of its personal
 * columns (privacy/masked-views.ts), so names, ID numbers and phone numbers leave DuckDB masked
 * unless `unmasked` is set; the names' net (json-rows.ts) still runs on the values.
 */
export async function customerDetail(
  session: Session,
  params: { customerId: string; unmasked: boolean; transactionsOffset: number; transactionsLimit: number },
): Promise<CustomerDetail> {
  const profileBuilt = (await readProfileMeta(session)) !== null;
  const main = profileBuilt ? PROFILE_TABLE : 'customers';
  if (!(await tableExists(session, main))) throw new AppError('NOT_FOUND', 'no customers table', { table: 'customers' }, 'error.TABLE_NOT_FOUND');
  const select = async (table: string, tail: string, extra: Record<string, string | number> = {}) => {
    if (!(await tableExists(session, table))) return [];
    const columns = await describeColumns(session, { schema: 'main', name: table });
    if (!columns.some((c) => c.name === 'customer_id')) return [];
    const masked = params.unmasked ? [] : sourceMaskedColumns(columns, (c) => personalRule(table, c) ?? 'none');
    const reader = await session.read(`SELECT * FROM (SELECT ${maskedStar(masked)} FROM ${quoteIdent(table)}) AS detail WHERE customer_id = $cid ${tail}`, {
      cid: params.customerId,
      ...extra,
    });
    return readerToJsonRows(reader, { maskPersonalData: !params.unmasked });
  };
  const [profile] = await select(main, 'LIMIT 1');
  if (!profile) throw new AppError('NOT_FOUND', `no customer ${params.customerId}`, { customerId: params.customerId }, 'error.CUSTOMER_NOT_FOUND');
  const hasTable = async (t: string, col: string) => (await tableExists(session, t)) && (await describeColumns(session, { schema: 'main', name: t })).some((c) => c.name === col);
  const accounts = await select('accounts', (await hasTable('accounts', 'open_date')) ? 'ORDER BY open_date' : '');
  const balances = await select('balances', (await hasTable('balances', 'month')) ? 'ORDER BY month' : '');
  const txnOrder = (await hasTable('transactions', 'ts')) ? 'ORDER BY ts DESC' : '';
  const transactions = await select('transactions', `${txnOrder} LIMIT $limit OFFSET $offset`, { limit: params.transactionsLimit, offset: params.transactionsOffset });
  let transactionsTotal = 0;
  if (await hasTable('transactions', 'customer_id')) {
    const [row] = await session.rows<{ n: bigint }>(`SELECT count(*) AS n FROM transactions WHERE customer_id = $cid`, { cid: params.customerId });
    transactionsTotal = Number(row?.n ?? 0);
  }
  const contacts = await select('contacts', (await hasTable('contacts', 'contact_ts')) ? 'ORDER BY contact_ts DESC LIMIT 200' : 'LIMIT 200');
  const tags = profileBuilt ? await tagsOfCustomer(session, params.customerId, await describeColumns(session, { schema: 'main', name: PROFILE_TABLE })) : [];
  return { customerId: params.customerId, masked: !params.unmasked, profile, accounts, balances, transactions, transactionsTotal, contacts, tags };
}
