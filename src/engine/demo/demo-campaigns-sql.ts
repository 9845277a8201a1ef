/**
 * Campaign contact history (contacts) and the salon funnel's events. Responses follow the planted
 * logistic model; the control arm is recorded but not contacted, so it only responds organically
 * and the difference between the arms is the uplift.
 */
import { AGE_BANDS, DEMO_PARAMS, FUNNEL_STEPS } from './demo-params';
import { monthStart, type DemoCalendar } from './demo-calendar';
import { pickText, sqlNumber, uniform } from './demo-random-sql';
import { dateLiteral, sqlStringLiteral } from '../sql/literals';

/** The contact date of each campaign: the 10th of the month at its fraction of the window. */
export function campaignDates(cal: DemoCalendar): Array<{ id: string; date: string; product: string }> {
  return DEMO_PARAMS.campaigns.map((c) => ({
    id: c.id,
    product: c.product,
    date: `${monthStart(cal, Math.min(cal.months - 1, Math.floor(c.atFraction * cal.months))).slice(0, 8)}10`,
  }));
}

export function contactsTableSql(cal: DemoCalendar): string {
  const r = DEMO_PARAMS.response;
  const campaigns = campaignDates(cal)
    .map((c) => `(${sqlStringLiteral(c.id)}, ${dateLiteral(c.date)}, ${sqlStringLiteral(c.product)})`)
    .join(', ');
  const channelEffect = `(CASE channel ${Object.entries(r.channel).map(([name, beta]) => `WHEN ${sqlStringLiteral(name)} THEN ${sqlNumber(beta)}`).join(' ')} ELSE 0 END)`;
  return `
CREATE OR REPLACE TABLE contacts AS
WITH campaigns(campaign_id, contact_date, product) AS (VALUES ${campaigns}),
picked AS (
  SELECT p.i, p.customer_id, c.campaign_id, c.contact_date, c.product, p.birth_date, p.onboard_date, p.aum_planned, p.channel_pref,
    hash(c.campaign_id) AS ck
  FROM demo_customer_plan p, campaigns c
  -- Eligible: a customer on the contact date, not yet churned.
  WHERE p.onboard_date < c.contact_date AND (p.churn_date IS NULL OR p.churn_date > c.contact_date)
    AND ${uniform('target', 'p.i', 'c.campaign_id')} < ${sqlNumber(DEMO_PARAMS.targetShare)}
), armed AS (
  SELECT *,
    CASE WHEN ${uniform('arm', 'i', 'campaign_id')} < ${sqlNumber(DEMO_PARAMS.controlShare)} THEN 'control' ELSE 'treatment' END AS arm,
    CASE WHEN ${uniform('use_pref', 'i', 'campaign_id')} < 0.7 THEN channel_pref
         ELSE ${pickText(uniform('other_channel', 'i', 'campaign_id'), Object.keys(r.channel).map((name) => [name, 1] as const))} END AS channel,
    contact_date::TIMESTAMP + INTERVAL 9 HOUR + to_minutes(floor(${uniform('contact_time', 'i', 'campaign_id')} * 3 * 1440)::BIGINT) AS contact_ts,
    date_sub('year', birth_date, contact_date) AS age_at_contact,
    (contact_date - onboard_date) / 365.25 AS tenure_years
  FROM picked
), scored AS (
  SELECT *,
    ${sqlNumber(r.intercept)} + ${sqlNumber(r.agePerDecade)} * (age_at_contact - 45) / 10 + ${sqlNumber(r.aumPerLog10)} * log10(1 + aum_planned)
      + ${sqlNumber(r.tenurePerYear)} * tenure_years
      + CASE WHEN arm = 'treatment' THEN ${sqlNumber(r.treatment)} + ${channelEffect} ELSE 0 END AS logit
  FROM armed
), responded AS (
  SELECT *, ${uniform('respond', 'i', 'campaign_id')} < 1 / (1 + exp(-logit)) AS responded FROM scored
)
SELECT campaign_id, customer_id, contact_ts, channel, arm, responded,
  CASE WHEN responded THEN contact_ts + to_minutes((60 + floor(${uniform('response_delay', 'i', 'campaign_id')} * 14 * 1440))::BIGINT) END AS response_ts,
  CASE WHEN NOT responded THEN 'no_response'
       WHEN ${uniform('outcome', 'i', 'campaign_id')} < 0.6 THEN 'purchased_' || product ELSE 'appointment' END AS outcome
FROM responded`;
}

/**
 * The salon funnel: every treatment contact of the funnel campaign is 'contacted'; each later step
 * happens with the planted conversion of the customer's age band (at the as-of date), in order.
 */
export function eventsTableSql(cal: DemoCalendar): string {
  const conversions = DEMO_PARAMS.funnelConversion;
  const stepProbability = (step: number) =>
    `(CASE age_band ${AGE_BANDS.map((band) => `WHEN ${sqlStringLiteral(band)} THEN ${sqlNumber(conversions[band][step] ?? 0)}`).join(' ')} END)`;
  const reached = [1, 2, 3, 4].map((step) => {
    const conditions = Array.from({ length: step }, (_, s) => `${uniform(`funnel_${s + 1}`, 'i')} < ${stepProbability(s)}`);
    return `CASE WHEN ${conditions.join(' AND ')} THEN 1 ELSE 0 END`;
  });
  const stepNames = `[${FUNNEL_STEPS.map(sqlStringLiteral).join(', ')}]`;
  // Days after the previous step: salon 3–10 days after the call, inquiry at the salon, application within two weeks, opening within a week.
  const offsets = ['0', `3 * 1440 + floor(${uniform('gap_1', 'i')} * 7 * 1440)`, `60 + floor(${uniform('gap_2', 'i')} * 180)`,
    `1440 + floor(${uniform('gap_3', 'i')} * 13 * 1440)`, `1440 + floor(${uniform('gap_4', 'i')} * 6 * 1440)`];
  const cumulative = (step: number) => offsets.slice(0, step + 1).join(' + ');
  return `
CREATE OR REPLACE TABLE events AS
WITH contacted AS (
  SELECT p.i, c.customer_id, c.contact_ts, c.channel, c.campaign_id,
    CASE WHEN date_sub('year', p.birth_date, ${dateLiteral(cal.asOf)}) < 30 THEN '18-29' WHEN date_sub('year', p.birth_date, ${dateLiteral(cal.asOf)}) < 45 THEN '30-44'
         WHEN date_sub('year', p.birth_date, ${dateLiteral(cal.asOf)}) < 60 THEN '45-59' ELSE '60+' END AS age_band
  FROM contacts c JOIN demo_customer_plan p USING (customer_id)
  WHERE c.campaign_id = ${sqlStringLiteral(DEMO_PARAMS.funnelCampaign)} AND c.arm = 'treatment'
), stepped AS (
  SELECT *, 1 + ${reached.join(' + ')} AS steps FROM contacted
)
SELECT customer_id,
  least(contact_ts + to_minutes((CASE step ${[0, 1, 2, 3, 4].map((s) => `WHEN ${s} THEN ${cumulative(s)}`).join(' ')} END)::BIGINT),
        ${dateLiteral(cal.asOf)}::TIMESTAMP + INTERVAL 23 HOUR + INTERVAL 59 MINUTE - to_minutes((4 - step)::BIGINT)) AS ts,
  ${stepNames}[step + 1] AS event_name,
  json_object('campaign_id', campaign_id, 'channel', channel, 'step', step + 1) AS properties
FROM stepped, range(steps) r(step)`;
}
