/**
 * Customers and their hidden plan (demo_customer_plan, a temp table): who they are, what they
 * hold before any churn, whether and when they churn, payroll, dormancy. Every later table is
 * derived from this plan, so the planted structure lives in one place.
 */
import { AGE_BANDS, DEMO_PARAMS, OTHER_BANKS, type AgeBand, type ValueTier } from './demo-params';
import type { DemoCalendar } from './demo-calendar';
import {
  BRANCHES_PER_CITY, CHANNEL_PREFS, CITIES, EDUCATION, GIVEN_FEMALE, GIVEN_MALE, INDUSTRY_BY_OCCUPATION,
  MIXED_INDUSTRIES, OCCUPATIONS, ORIGIN_REGIONS, PHONE_PREFIXES, RISK_LEVELS, RMS_PER_BRANCH, SURNAMES,
} from './demo-people-lists';
import { normal, pickText, pickUniform, pickWeighted, sqlNumber, sqlStringList, uniform, uniformOpen } from './demo-random-sql';
import { dateLiteral, sqlStringLiteral } from '../sql/literals';

/** ISO 7064 MOD 11-2 weights of the 17 leading digits of a Chinese resident ID number. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** Check character for (weighted sum mod 11) = 0…10. */
const ID_CHECK = '10X98765432';

const U_COLUMNS = [
  'gender', 'age', 'bday', 'city', 'origin', 'origin_pick', 'seq', 'phone_prefix', 'phone_no', 'surname', 'given1', 'given2',
  'given_len', 'marital', 'children', 'child_age', 'occ_age', 'occ', 'industry', 'edu', 'branch', 'rm', 'risk', 'channel',
  'party', 'cadre', 'onboard_kind', 'onboard', 'payroll', 'payday', 'zombie', 'quiet', 'quiet_date', 'zombie_bal',
  'has_sav', 'has_td', 'has_wm', 'has_fund', 'has_ins', 'has_fx', 'has_loan', 'has_cc', 'cc_zero', 'cur_share', 'sav_share',
  'td_share', 'wm_share', 'fund_share', 'ins_share', 'fx_share', 'churn_day', 'other_bank',
] as const;

function mapCase(column: string, map: Record<string, string | number>, otherwise: string): string {
  const whens = Object.entries(map).map(([key, value]) => `WHEN ${sqlStringLiteral(key)} THEN ${typeof value === 'number' ? sqlNumber(value) : sqlStringLiteral(value)}`);
  return `(CASE ${column} ${whens.join(' ')} ELSE ${otherwise} END)`;
}

function ageBandCase(ageColumn: string): string {
  return `(CASE WHEN ${ageColumn} < 30 THEN '18-29' WHEN ${ageColumn} < 45 THEN '30-44' WHEN ${ageColumn} < 60 THEN '45-59' ELSE '60+' END)`;
}

function hazardCase(): string {
  const whens: string[] = [];
  for (const [tier, byBand] of Object.entries(DEMO_PARAMS.churnHazard) as Array<[ValueTier, Record<AgeBand, number>]>) {
    for (const band of AGE_BANDS) {
      whens.push(`WHEN tier_planned = ${sqlStringLiteral(tier)} AND age_band = ${sqlStringLiteral(band)} THEN ${sqlNumber(byBand[band])}`);
    }
  }
  return `(CASE ${whens.join(' ')} END)`;
}

export function customerPlanSql(cal: DemoCalendar): string {
  const first = dateLiteral(cal.firstMonth);
  const asOf = dateLiteral(cal.asOf);
  const { payroll, tiers } = DEMO_PARAMS;
  const idDigits = ID_WEIGHTS.map((weight, k) => `(ascii(id17[${k + 1}]) - 48) * ${weight}`).join(' + ');
  const cityNames = sqlStringList(CITIES.map(([name]) => name));
  const cityCodes = sqlStringList(CITIES.map(([, code]) => code));
  const cityIndex = pickWeighted('u_city', CITIES.map(([, , weight], index) => [String(index + 1), weight] as const));
  const shareSum = '(cur_s + coalesce(sav_s, 0) + coalesce(td_s, 0) + coalesce(wm_s, 0) + coalesce(fund_s, 0) + coalesce(ins_s, 0) + coalesce(fx_s, 0))';
  const slotBalance = (share: string) => `round(w_target * ${share} / ${shareSum}, 2)::DECIMAL(18,2)`;
  return `
CREATE OR REPLACE TEMP TABLE demo_customer_plan AS
WITH raw AS (
  SELECT i, ${U_COLUMNS.map((name) => `${uniform(name, 'i')} AS u_${name}`).join(',\n    ')},
    ${normal('wealth', 'i')} AS z_wealth, ${normal('salary', 'i')} AS z_salary, ${normal('activity', 'i')} AS z_activity,
    ${normal('loan', 'i')} AS z_loan, ${normal('cc', 'i')} AS z_cc, ${normal('growth', 'i')} AS z_growth,
    ${uniformOpen('churn', 'i')} AS u_churn, ${uniformOpen('extra', 'i')} AS u_extra
  FROM range(1, $n::BIGINT + 1) r(i)
), people AS (
  SELECT *,
    CASE WHEN u_gender < 0.49 THEN '男' ELSE '女' END AS gender,
    18 + floor(67 * pow(u_age, 1.35))::INTEGER AS age,
    ${cityIndex}::INTEGER AS city_idx
  FROM raw
), people2 AS (
  SELECT *,
    ((${asOf} - to_years(age))::DATE - floor(u_bday * 365)::INTEGER) AS birth_date,
    ${ageBandCase('age')} AS age_band,
    ${cityNames}[city_idx] AS city,
    CASE WHEN u_origin < 0.25 THEN ${pickUniform('u_origin_pick', ORIGIN_REGIONS)} ELSE ${cityCodes}[city_idx] END AS region_code,
    CASE WHEN age >= 60 AND u_occ_age < 0.8 THEN '退休' WHEN age < 23 AND u_occ_age < 0.6 THEN '学生'
         ELSE ${pickText('u_occ', OCCUPATIONS)} END AS occupation,
    CASE
      WHEN age < 25 THEN ${pickText('u_marital', [['未婚', 88], ['已婚', 12]])}
      WHEN age < 35 THEN ${pickText('u_marital', [['未婚', 40], ['已婚', 57], ['离异', 3]])}
      WHEN age < 60 THEN ${pickText('u_marital', [['未婚', 7], ['已婚', 83], ['离异', 8], ['丧偶', 2]])}
      ELSE ${pickText('u_marital', [['未婚', 2], ['已婚', 78], ['离异', 5], ['丧偶', 15]])} END AS marital_status
  FROM people
), people3 AS (
  SELECT *,
    region_code || strftime(birth_date, '%Y%m%d')
      || lpad((floor(u_seq * 500)::INTEGER * 2 + CASE WHEN gender = '男' THEN 1 ELSE 0 END)::VARCHAR, 3, '0') AS id17,
    CASE WHEN marital_status = '未婚' THEN 0 ELSE ${pickWeighted('u_children', [['0', 15], ['1', 55], ['2', 27], ['3', 3]])} END::INTEGER AS children,
    ${sqlStringList(SURNAMES)}[1 + floor(pow(u_surname, 1.6) * ${SURNAMES.length})::INTEGER]
      || CASE WHEN gender = '男' THEN ${pickUniform('u_given1', GIVEN_MALE)} ELSE ${pickUniform('u_given1', GIVEN_FEMALE)} END
      || CASE WHEN u_given_len < 0.3 THEN '' WHEN gender = '男' THEN ${pickUniform('u_given2', GIVEN_MALE)} ELSE ${pickUniform('u_given2', GIVEN_FEMALE)} END AS name,
    ${pickUniform('u_phone_prefix', PHONE_PREFIXES)} || lpad(floor(u_phone_no * 100000000)::BIGINT::VARCHAR, 8, '0') AS phone,
    CASE WHEN occupation IN (${Object.keys(INDUSTRY_BY_OCCUPATION).map(sqlStringLiteral).join(', ')})
         THEN ${mapCase('occupation', INDUSTRY_BY_OCCUPATION, "'无'")} ELSE ${pickUniform('u_industry', MIXED_INDUSTRIES)} END AS industry,
    CASE WHEN occupation IN ('公务员', '教师', '医生') THEN ${pickText('u_edu', [['大专', 10], ['本科', 55], ['硕士', 30], ['博士', 5]])}
         ELSE ${pickText('u_edu', EDUCATION)} END AS education,
    'BR' || lpad(city_idx::VARCHAR, 2, '0') || lpad((1 + floor(u_branch * ${BRANCHES_PER_CITY}))::INTEGER::VARCHAR, 2, '0') AS branch_id,
    ${pickText('u_risk', RISK_LEVELS)} AS risk_level,
    ${pickText('u_channel', CHANNEL_PREFS)} AS channel_pref,
    u_party < ${mapCase('occupation', { 公务员: 0.6, 事业单位职工: 0.35, 教师: 0.3, 医生: 0.25, 退休: 0.15 }, '0.06')} AS party_member,
    occupation IN (${Object.keys(payroll.eligibility).map(sqlStringLiteral).join(', ')}) AND age < 60
      AND u_payroll < ${mapCase('occupation', payroll.eligibility, '0')} AS is_payroll,
    greatest(
      CASE WHEN u_onboard_kind < 0.75 THEN ${first} - 1 - floor(pow(u_onboard, 1.3) * 7300)::INTEGER
           ELSE ${first} + floor(u_onboard * (${asOf} - ${first} + 1))::INTEGER END,
      (birth_date + INTERVAL 18 YEAR)::DATE) AS onboard_date
  FROM people2
), people4 AS (
  SELECT *,
    id17 || ${sqlStringLiteral(ID_CHECK)}[1 + ((${idDigits}) % 11)] AS id_number,
    CASE WHEN children > 0 THEN floor(u_child_age * (least(age - 20, 35) + 1))::INTEGER END AS youngest_child_age,
    branch_id || '-' || lpad((1 + floor(u_rm * ${RMS_PER_BRANCH}))::INTEGER::VARCHAR, 2, '0') AS rm_id,
    party_member AND u_cadre < ${mapCase('occupation', { 公务员: 0.3, 事业单位职工: 0.15 }, '0.02')} AS is_cadre,
    NOT is_payroll AND u_zombie < ${sqlNumber(DEMO_PARAMS.zombieShare)} AS is_zombie
  FROM people3
), wealth AS (
  SELECT *,
    NOT is_payroll AND NOT is_zombie AND u_quiet < ${sqlNumber(DEMO_PARAMS.quietShare)} AS is_quiet,
    CASE WHEN is_zombie THEN 0 ELSE exp(ln(8000) + ${mapCase('age_band', { '18-29': -0.7, '30-44': 0, '45-59': 0.4, '60+': 0.3 }, '0')}
      + CASE WHEN is_payroll THEN 0.3 ELSE 0 END + 1.9 * z_wealth) END AS w_target,
    0.2 + 0.4 * u_cur_share AS cur_s,
    CASE WHEN NOT is_zombie AND u_has_sav < 0.2 THEN 0.05 + 0.05 * u_sav_share END AS sav_s,
    CASE WHEN u_has_td < 0.6 THEN 0.3 + 0.2 * u_td_share END AS td_raw,
    CASE WHEN u_has_wm < 0.6 THEN 0.3 + 0.2 * u_wm_share END AS wm_raw,
    CASE WHEN u_has_fund < 0.35 THEN 0.1 + 0.1 * u_fund_share END AS fund_raw,
    CASE WHEN u_has_ins < 0.3 THEN 0.1 + 0.1 * u_ins_share END AS ins_raw,
    CASE WHEN u_has_fx < 0.15 THEN 0.05 + 0.05 * u_fx_share END AS fx_raw
  FROM people4
), wealth2 AS (
  SELECT *,
    CASE WHEN w_target >= 20000 THEN td_raw END AS td_s,
    CASE WHEN w_target >= 50000 THEN wm_raw END AS wm_s,
    CASE WHEN w_target >= 10000 THEN fund_raw END AS fund_s,
    CASE WHEN w_target >= 30000 THEN ins_raw END AS ins_s,
    CASE WHEN w_target >= 50000 THEN fx_raw END AS fx_s
  FROM wealth
), slots AS (
  SELECT *,
    -- A zombie's only card holds 0–100 yuan (40 % exactly zero): the gift-card openers.
    CASE WHEN is_zombie THEN CASE WHEN u_zombie_bal < 0.4 THEN 0 ELSE round(u_zombie_bal * 100, 2) END::DECIMAL(18,2)
         ELSE ${slotBalance('cur_s')} END AS bal_current,
    ${slotBalance('sav_s')} AS bal_savings,
    ${slotBalance('td_s')} AS bal_time_deposit,
    ${slotBalance('wm_s')} AS bal_wealth,
    ${slotBalance('fund_s')} AS bal_fund,
    ${slotBalance('ins_s')} AS bal_insurance,
    round(w_target * fx_s / ${shareSum} / ${sqlNumber(DEMO_PARAMS.usdCny)}, 2)::DECIMAL(18,2) AS bal_fx_usd,
    CASE WHEN NOT is_zombie AND u_has_loan < CASE WHEN age BETWEEN 25 AND 55 THEN 0.16 ELSE 0.04 END
         THEN round(exp(ln(350000) + 0.7 * z_loan), 2)::DECIMAL(18,2) END AS bal_loan,
    CASE WHEN NOT is_zombie AND u_has_cc < 0.35
         THEN CASE WHEN u_cc_zero < 0.5 THEN 0 ELSE round(exp(ln(3000) + z_cc), 2) END::DECIMAL(18,2) END AS bal_credit_card,
    floor(-ln(u_extra) * ${sqlNumber(DEMO_PARAMS.extraCardsMean)})::INTEGER + CASE WHEN is_zombie THEN 1 ELSE 0 END AS n_extra,
    CASE WHEN is_payroll THEN ${sqlStringList(payroll.paydays.map(String))}[1 + floor(u_payday * ${payroll.paydays.length})::INTEGER]::INTEGER END AS payday,
    CASE WHEN is_payroll THEN exp(ln(${mapCase('occupation', payroll.medianSalary, '8000')}) + 0.35 * z_salary) END AS salary_level,
    CASE WHEN is_quiet THEN ${first} - 183 + floor(u_quiet_date * (${asOf} - ${first} + 184))::INTEGER END AS quiet_date,
    exp(0.8 * z_activity - 0.32) AS activity_rate,
    0.03 + 0.1 * z_growth AS aum_growth,
    ${pickUniform('u_other_bank', OTHER_BANKS)} AS other_bank
  FROM wealth2
), planned AS (
  SELECT *,
    (bal_current + coalesce(bal_savings, 0) + coalesce(bal_time_deposit, 0) + coalesce(bal_wealth, 0) + coalesce(bal_fund, 0)
      + coalesce(bal_insurance, 0) + coalesce(round(bal_fx_usd * ${sqlNumber(DEMO_PARAMS.usdCny)}, 2), 0))::DOUBLE AS aum_planned
  FROM slots
), tiered AS (
  SELECT *,
    CASE WHEN aum_planned >= ${sqlNumber(tiers.vipMin)} THEN 'vip' WHEN aum_planned >= ${sqlNumber(tiers.potentialMin)} THEN 'potential'
         ELSE 'long_tail' END AS tier_planned,
    greatest(0, datediff('month', ${first}, onboard_date)) AS start_month
  FROM planned
), churn AS (
  SELECT *,
    -- Geometric time to churn from the monthly hazard of the customer's (age band, planned tier) cell.
    start_month + floor(ln(u_churn) / ln(1 - ${hazardCase()}))::BIGINT AS churn_month_raw
  FROM tiered
), churn2 AS (
  SELECT *,
    CASE WHEN churn_month_raw < $months::INTEGER THEN
      greatest((${first} + to_months(churn_month_raw::INTEGER))::DATE + floor(u_churn_day * 28)::INTEGER, onboard_date + 7) END AS churn_candidate
  FROM churn
), churned AS (
  SELECT *, CASE WHEN churn_candidate <= ${asOf} THEN churn_candidate END AS churn_date
  FROM churn2
), payroll_months AS (
  SELECT *,
    -- Salary arrives on the payday of every month from onboarding until the month before churn.
    start_month + CASE WHEN onboard_date > (${first} + to_months(start_month::INTEGER))::DATE + (payday - 1) THEN 1 ELSE 0 END AS first_pay_month,
    CASE WHEN churn_date IS NULL THEN $months::INTEGER - 1 ELSE datediff('month', ${first}, churn_date) - 1 END AS last_pay_month
  FROM churned
), payroll_window AS (
  SELECT *,
    -- Paydays are the 5th/10th/15th, never the window's boundary day, so comparing dates is exact.
    coalesce(is_payroll AND first_pay_month <= last_pay_month
      AND (${first} + to_months(last_pay_month::INTEGER))::DATE + (payday - 1) > ${asOf} - INTERVAL ${sqlNumber(DEMO_PARAMS.windows.payrollMonths)} MONTH, false) AS payroll_in_window
  FROM payroll_months
), ranked AS (
  SELECT *,
    row_number() OVER (PARTITION BY payroll_in_window, occupation ORDER BY hash(hash(i, $seed::BIGINT, 'outflow_rank')), i) AS outflow_rank,
    count(*) OVER (PARTITION BY payroll_in_window, occupation) AS outflow_group_size
  FROM payroll_window
)
SELECT * EXCLUDE (churn_candidate, churn_month_raw, td_raw, wm_raw, fund_raw, ins_raw, fx_raw, outflow_rank, outflow_group_size,
    ${U_COLUMNS.map((name) => `u_${name}`).join(', ')}, z_wealth, z_salary, z_activity, z_loan, z_cc, z_growth, u_churn, u_extra, id17),
  'C' || lpad(i::VARCHAR, 9, '0') AS customer_id,
  -- The planted outflow group is realised exactly: the first round(share × n) of the group by hash rank.
  payroll_in_window AND outflow_rank <= round(${mapCase('occupation', payroll.outflowShare, '0')} * outflow_group_size) AS is_outflow
FROM ranked`;
}

/** The public customers table: what a bank's customer export would hold. */
export function customersTableSql(): string {
  return `
CREATE OR REPLACE TABLE customers AS
SELECT customer_id, name, id_number, phone, gender, birth_date, marital_status, children, youngest_child_age, occupation,
  industry, education, city, branch_id, rm_id, onboard_date, risk_level, channel_pref, party_member, is_cadre
FROM demo_customer_plan ORDER BY i`;
}
