/**
 * The lists the profile's columns are generated from (DESIGN.md §2 canonical values). A value a
 * bank's data does not use gives a column of zeros / false; values outside the lists still count
 * in the totals.
 */
export const PRODUCT_TYPES = ['current', 'savings', 'time_deposit', 'wealth', 'fund', 'insurance', 'loan', 'credit_card'] as const;
export const DEPOSIT_PRODUCTS = ['current', 'savings', 'time_deposit'] as const;
export const WEALTH_PRODUCTS = ['wealth', 'fund', 'insurance'] as const;
export const LOAN_PRODUCTS = ['loan', 'credit_card'] as const;
export const CHANNELS = ['mobile', 'online', 'counter', 'atm', 'pos'] as const;
export const TXN_TYPES = ['payroll', 'transfer', 'consumption', 'cash', 'fee', 'interest'] as const;
/** Transaction-count and amount windows, in months back from the as-of date (ts > as_of − n months). */
export const WINDOWS_MONTHS = [1, 3, 6, 12] as const;
/** Postings the bank makes on its own; every other type is customer-initiated. */
export const BANK_POSTING_TYPES = ['fee', 'interest'] as const;
/** counterparty_bank values that mean this bank (a transfer to them stays in the bank). */
export const OWN_BANK_NAMES = ['本行'] as const;
/** Payroll outflow: transfers to other banks within this many days after a salary credit. */
export const PAYROLL_OUTFLOW_DAYS = 7;
export const PAYROLL_WINDOW_MONTHS = 12;
/** How many month-long activity windows the activity mask records (bit k = active in window k). */
export const ACTIVITY_MASK_MONTHS = 48;
/** Base currency: balances in other currencies are not added to the CNY product balances. */
export const BASE_CURRENCY = 'CNY';
/**
 * The canonical account status that closes an account without a close date. Any other status —
 * active, dormant (久悬), frozen, or none at all (an extract without a status column) — leaves it
 * open; a bank's own codes reach this one through the import preset's value map.
 */
export const CLOSED_ACCOUNT_STATUS = 'closed';
