/**
 * Reporting periods shorter than the year (issue #16; src/domain/reporting/periods.ts):
 * - reporting_rule: how often (`period_type`, DHIS2 names Yearly | SixMonthly | Quarterly | Monthly), the
 *   deadline relative to the period (`due_month_offset`: 0 = the period's last month, 1 = the month after;
 *   null = the fixed day/month), and the indicators it is limited to (`indicator_codes`, null = all);
 * - reporting_period and obligation: the period's DHIS2 code (`period`: 2025, 2025S1, 2025Q3, 202507) and its
 *   date range; kinds sixmonthly | quarterly | monthly beside annual | midterm | final; one report per unit,
 *   agency, kind and period (was: per year);
 * - aggregate_period_value: the live sums of sub-annual periods, maintained like aggregate_value (which stays
 *   the year's, untouched by sub-period reports).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table reporting_rule
      add column period_type text not null default 'Yearly' check (period_type in ('Yearly','SixMonthly','Quarterly','Monthly')),
      add column due_month_offset int check (due_month_offset is null or due_month_offset between 0 and 2),
      add column indicator_codes jsonb;

    alter table reporting_period drop constraint if exists reporting_period_kind_check;
    alter table reporting_period add constraint reporting_period_kind_check check (kind in ('annual','midterm','final','sixmonthly','quarterly','monthly'));
    alter table reporting_period add column period text, add column start_date date, add column end_date date;
    update reporting_period set period = year::text, start_date = make_date(year, 1, 1), end_date = make_date(year, 12, 31);
    alter table reporting_period alter column period set not null, alter column start_date set not null, alter column end_date set not null;
    alter table reporting_period drop constraint if exists reporting_period_plan_id_year_kind_key;
    create unique index reporting_period_plan_kind_period on reporting_period (plan_id, kind, period);

    alter table obligation drop constraint if exists obligation_kind_check;
    alter table obligation add constraint obligation_kind_check check (kind in ('annual','midterm','final','sixmonthly','quarterly','monthly'));
    alter table obligation add column period text, add column period_start date, add column period_end date;
    update obligation set period = year::text, period_start = make_date(year, 1, 1), period_end = make_date(year, 12, 31);
    alter table obligation alter column period set not null, alter column period_start set not null, alter column period_end set not null;
    drop index obligation_unique;
    create unique index obligation_unique on obligation (period, kind, unit_id, coalesce(agency_id, 0));

    create table aggregate_period_value (
      unit_id int not null,
      measure_id int not null,
      period text not null,
      year int not null,
      disagg_key text not null default '',
      sum_numerator numeric not null default 0,
      sum_denominator numeric not null default 0,
      reporting_count int not null default 0,
      expected_count int not null default 0,
      primary key (unit_id, measure_id, period, disagg_key)
    ) with (fillfactor = 70);
    create index aggregate_period_value_year on aggregate_period_value (unit_id, measure_id, year);
  `.execute(db);
}
