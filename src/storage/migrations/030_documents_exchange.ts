/**
 * Documents and data exchange:
 *  - report_narrative: what the officer writes for a report (sections of text, number, place, date,
 *    recipients, signer) before exporting the yearly / mid-term / final report;
 *  - exchange_element_map: vitreem measure (+ group / disaggregation key) ↔ DHIS2 data element
 *    (+ category option combo) and ADX data element (+ category attributes), edited by an administrator;
 *  - exchange_org_unit_map: vitreem unit ↔ DHIS2/ADX org unit id;
 *  - exchange_setting: default dataSet and attribute option combo written on export.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table report_narrative (
      id serial primary key,
      unit_id int not null references admin_unit(id),
      plan_id int not null references plan(id) on delete cascade,
      year int not null check (year between 1990 and 2100),
      kind text not null check (kind in ('yearly','midterm','final')),
      number text,
      place text,
      report_date date,
      sections jsonb not null default '[]',
      recipients jsonb not null default '[]',
      signer jsonb,
      version int not null default 1,
      updated_at timestamptz not null default now(),
      updated_by int,
      unique (unit_id, plan_id, year, kind)
    );

    create table exchange_element_map (
      id serial primary key,
      measure_code text not null,
      group_key text,
      data_element text not null,
      category_option_combo text,
      adx_categories jsonb not null default '{}',
      note text,
      updated_at timestamptz not null default now()
    );
    create unique index exchange_element_map_measure on exchange_element_map (measure_code, coalesce(group_key, ''));
    create unique index exchange_element_map_dhis2 on exchange_element_map (data_element, coalesce(category_option_combo, ''));

    create table exchange_org_unit_map (
      id serial primary key,
      unit_id int not null unique references admin_unit(id),
      org_unit text not null unique,
      note text,
      updated_at timestamptz not null default now()
    );

    create table exchange_setting (
      key text primary key check (key in ('dataSet','attributeOptionCombo')),
      value text
    );

    select audit_attach('report_narrative');
    select audit_attach('exchange_element_map');
    select audit_attach('exchange_org_unit_map');
    select audit_attach('exchange_setting');
  `.execute(db);
}
