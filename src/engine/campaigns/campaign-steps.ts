import { AppError } from '../../shared/errors';
import type { CampaignChannel, CampaignDefinition, IdSource, Suppression } from '../../shared/campaign-types';
import type { FieldCatalog } from '../conditions/field-catalog';
import type { Dialect } from '../sql/dialect';
import { addDays } from '../sql/window-bounds';
import { MOBILE_PATTERN, matchesPattern, yearMonthDay } from './campaign-portable-sql';

/** What the campaign's SQL may read, in the engine or in a warehouse. */
export interface CampaignSqlContext {
  d: Dialect;
  /** The profile table as the SQL names it (the engine's table, the warehouse's CTE). */
  profileTable: string;
  profile: FieldCatalog;
  /** Whether a canonical behaviour table (contacts, holdings, accounts) can be read. */
  hasTable(name: string): boolean;
  /** The condition (over the profile alias p) that a customer is a member of a saved segment. */
  memberOf(segmentId: string): Promise<string>;
  /** The condition that p.customer_id is in a column of a workspace table (checked to exist). */
  inTableColumn(table: string, column: string): Promise<string>;
  /** Customers already taken by a higher campaign built together (a table of customer_id), or null. */
  takenTable: string | null;
  warnings: string[];
}

/** One step that removes customers: `removes` is a condition over the profile row p. */
export interface FilterStep {
  kind: string;
  name: string;
  removes: string;
}

const P = 'p';

export function profileColumn(ctx: CampaignSqlContext, field: string, use: string): string {
  if (!ctx.profile.has(field)) throw new AppError('INVALID_ARGUMENT', `the campaign's ${use} uses ${field}, which is not a profile field`, { field, use }, 'error.CAMPAIGN_UNKNOWN_FIELD');
  return `${P}.${ctx.d.ident(field)}`;
}

const optionalColumn = (ctx: CampaignSqlContext, field: string): string | null => (ctx.profile.has(field) ? `${P}.${ctx.d.ident(field)}` : null);

async function idSourceCondition(ctx: CampaignSqlContext, source: IdSource): Promise<string> {
  return 'segmentId' in source ? ctx.memberOf(source.segmentId) : ctx.inTableColumn(source.table, source.column);
}

function missingTable(ctx: CampaignSqlContext, table: string, step: string): string {
  ctx.warnings.push(`the workspace has no ${table} table: the ${step} step removes nobody`);
  return 'FALSE';
}

/** The days of contact_ts in [from, to) as timestamps at midnight. */
function contactBetween(ctx: CampaignSqlContext, from: string, toExclusive: string, channels: string[] | null): string {
  const { d } = ctx;
  const c = (name: string) => `c.${d.ident(name)}`;
  const channelFilter = channels ? ` AND ${c('channel')} IN (${channels.map((ch) => d.text(ch)).join(', ')})` : '';
  // The control group of a finalised campaign is in contacts for the measurement, but was not contacted.
  const contacted = `(${c('arm')} IS NULL OR ${c('arm')} <> ${d.constantText('control')})`;
  return `${c('customer_id')} = ${P}.${d.ident('customer_id')} AND ${contacted} AND ${c('contact_ts')} >= ${d.timestamp(from)} AND ${c('contact_ts')} < ${d.timestamp(toExclusive)}${channelFilter}`;
}

/** The names `contacts.channel` uses for a campaign channel (the demo bank and many exports write app push as 'app'). */
export function contactChannelNames(channels: readonly CampaignChannel[]): string[] {
  return [...new Set(channels.flatMap((ch) => (ch === 'app_push' ? ['app_push', 'app'] : [ch])))];
}

async function suppressionCondition(ctx: CampaignSqlContext, def: CampaignDefinition, s: Suppression): Promise<{ removes: string; name: string }> {
  const { d } = ctx;
  switch (s.kind) {
    case 'invalid':
      return { removes: d.isTrue(profileColumn(ctx, 'is_invalid', 'invalid-customer suppression')), name: s.name ?? 'is_invalid' };
    case 'churned':
      return { removes: `coalesce(${profileColumn(ctx, 'open_account_count', 'churned suppression')}, 0) = 0`, name: s.name ?? 'no open account' };
    case 'minors': {
      const birth = profileColumn(ctx, 'birth_date', 'minors suppression');
      const planned = Number(def.plannedDate.replaceAll('-', ''));
      // age < minAge at the planned date ⟺ planned(yyyymmdd) − birth(yyyymmdd) < minAge·10000.
      return { removes: `(${birth} IS NOT NULL AND ${d.integer(planned)} - ${yearMonthDay(birth)} < ${d.integer(s.minAge * 10_000)})`, name: s.name ?? `under ${s.minAge}` };
    }
    case 'staff': {
      if ('field' in s.source) {
        const field = profileColumn(ctx, s.source.field, 'staff suppression');
        return { removes: `lower(${d.castText(field)}) IN (${['true', '1', 't', 'y', 'yes'].map((v) => d.constantText(v)).join(', ')})`, name: s.name ?? s.source.field };
      }
      return { removes: await idSourceCondition(ctx, s.source), name: s.name ?? ('segmentId' in s.source ? s.source.segmentId : `${s.source.table}.${s.source.column}`) };
    }
    case 'id_list':
      return { removes: await idSourceCondition(ctx, s.source), name: s.name ?? ('segmentId' in s.source ? s.source.segmentId : `${s.source.table}.${s.source.column}`) };
    case 'holds_product': {
      const product = s.product ?? def.product;
      if (!product) throw new AppError('INVALID_ARGUMENT', `the holds-product suppression needs a product: the campaign ${def.name} has none`, { campaign: def.name }, 'error.CAMPAIGN_NO_PRODUCT');
      const parts: string[] = [];
      const planned = d.date(def.plannedDate);
      const cust = (alias: string) => `${alias}.${d.ident('customer_id')} = ${P}.${d.ident('customer_id')}`;
      if (ctx.hasTable('holdings')) {
        const h = (c: string) => `h.${d.ident(c)}`;
        parts.push(`EXISTS (SELECT 1 FROM ${d.table('holdings')} h WHERE ${cust('h')} AND (${h('product_code')} = ${d.text(product)} OR ${h('product_type')} = ${d.text(product)}) AND (${h('end_date')} IS NULL OR ${h('end_date')} >= ${planned}))`);
      }
      if (ctx.hasTable('accounts')) {
        const a = (c: string) => `a.${d.ident(c)}`;
        parts.push(`EXISTS (SELECT 1 FROM ${d.table('accounts')} a WHERE ${cust('a')} AND ${a('product_type')} = ${d.text(product)} AND (${a('close_date')} IS NULL OR ${a('close_date')} > ${planned}))`);
      }
      return { removes: parts.length ? `(${parts.join(' OR ')})` : missingTable(ctx, 'holdings or accounts', 'holds-product'), name: s.name ?? product };
    }
    case 'segment':
      return { removes: await ctx.memberOf(s.segmentId), name: s.name ?? s.segmentId };
    case 'contact_fatigue': {
      const name = s.name ?? `${s.days} days, ${s.channel === 'any' ? 'any channel' : def.channels.join('/')}`;
      if (!ctx.hasTable('contacts')) return { removes: missingTable(ctx, 'contacts', 'contact-fatigue'), name };
      // The N days before the planned date, and the planned day itself.
      const window = contactBetween(ctx, addDays(def.plannedDate, -s.days), addDays(def.plannedDate, 1), s.channel === 'this' ? contactChannelNames(def.channels) : null);
      return { removes: `EXISTS (SELECT 1 FROM ${d.table('contacts')} c WHERE ${window})`, name };
    }
  }
}

/**
 * Whether a customer can be reached on a channel: SMS and phone need a valid mainland mobile
 * number; app push an app user (channel_pref 'app', or a mobile-banking transaction in the last
 * 12 months: the profile's txn_count_12m_mobile); an RM visit an RM (rm_id); email an address.
 */
export function channelEligible(ctx: CampaignSqlContext, channel: CampaignChannel): string {
  const { d } = ctx;
  switch (channel) {
    case 'sms':
    case 'phone': {
      const phone = optionalColumn(ctx, 'phone');
      return phone ? `coalesce(${matchesPattern(d.dialect, `trim(${phone})`, d.constantText(MOBILE_PATTERN))}, FALSE)` : 'FALSE';
    }
    case 'app_push': {
      const pref = optionalColumn(ctx, 'channel_pref');
      const mobile = optionalColumn(ctx, 'txn_count_12m_mobile');
      const parts = [pref ? `coalesce(${pref} = ${d.constantText('app')}, FALSE)` : null, mobile ? `coalesce(${mobile}, 0) > 0` : null].filter((x): x is string => x !== null);
      return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
    }
    case 'rm_visit': {
      const rm = optionalColumn(ctx, 'rm_id');
      return rm ? `coalesce(trim(${rm}) <> ${d.constantText('')}, FALSE)` : 'FALSE';
    }
    case 'email': {
      const email = optionalColumn(ctx, 'email');
      return email ? `coalesce(${email} LIKE ${d.constantText('%_@_%')}, FALSE)` : 'FALSE';
    }
  }
}

/** The channels whose eligibility a customer needs: every cell's channel (A/B arms drawn from one population), else any of the campaign's. */
export function requiredChannels(def: CampaignDefinition): { channels: CampaignChannel[]; all: boolean } {
  const cells = def.control.cells;
  return cells.length ? { channels: [...new Set(cells.map((c) => c.channel))], all: true } : { channels: [...def.channels], all: false };
}

/**
 * The campaign's removing steps in waterfall order: taken by a higher campaign, each enabled
 * suppression, the contact policy (at most k contacts in any window of d days around the contact
 * date, counting this one), then channel eligibility.
 */
export async function filterSteps(ctx: CampaignSqlContext, def: CampaignDefinition, contactDate: string): Promise<FilterStep[]> {
  const { d } = ctx;
  const steps: FilterStep[] = [];
  if (ctx.takenTable) steps.push({ kind: 'priority', name: 'taken by a higher-priority campaign', removes: `${P}.${d.ident('customer_id')} IN (SELECT customer_id FROM ${ctx.takenTable})` });
  for (const s of def.suppressions) {
    if (!s.enabled) continue;
    steps.push({ kind: s.kind, ...(await suppressionCondition(ctx, def, s)) });
  }
  const max = def.contactPolicy.maxContacts;
  if (max) {
    const name = `at most ${max.k} per ${max.days} days`;
    if (!ctx.hasTable('contacts')) steps.push({ kind: 'contact_policy', name, removes: max.k < 1 ? 'TRUE' : 'FALSE' });
    else {
      // Contacts less than `days` days from the contact date, before or after it (a finalised later campaign counts too).
      const window = contactBetween(ctx, addDays(contactDate, -(max.days - 1)), addDays(contactDate, max.days), null);
      steps.push({ kind: 'contact_policy', name, removes: `(SELECT count(*) FROM ${d.table('contacts')} c WHERE ${window}) + 1 > ${d.integer(max.k)}` });
    }
  }
  if (def.contactPolicy.channelEligibility) {
    const { channels, all } = requiredChannels(def);
    const eligible = channels.map((ch) => channelEligible(ctx, ch));
    steps.push({ kind: 'channel_eligibility', name: channels.join(all ? ' + ' : ' / '), removes: `NOT (${eligible.join(all ? ' AND ' : ' OR ')})` });
  }
  return steps;
}
