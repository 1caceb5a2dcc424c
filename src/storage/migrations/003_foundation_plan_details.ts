/**
 * Foundation, second step: what the plan document contract needs beyond 001.
 *  - admin_unit.name_en (the statistics office's English name) and search_key (lower-case, without
 *    diacritics, so "Hoang Kim" finds "Hoằng Kim" without the unaccent extension);
 *  - plan_agency: the agencies a plan lists, in order (the agency rows themselves are shared);
 *  - plan.has_budget: a plan with an empty budget table differs from one with none;
 *  - indicator_assignment.group_position: the assignment paragraphs of a plan, kept as written;
 *  - task_agency.position: order of lead and partner agencies;
 *  - reporting_rule: a rule may name no date ("định kỳ"), and an intermediary ("qua Sở …").
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table admin_unit add column name_en text;
    alter table admin_unit add column search_key text;
    create index admin_unit_search on admin_unit(search_key);
    create index admin_unit_level_validity on admin_unit(level, valid_from);

    alter table plan add column has_budget boolean not null default false;

    create table plan_agency (
      plan_id int not null references plan(id) on delete cascade,
      agency_id int not null references agency(id),
      position int not null default 0,
      primary key (plan_id, agency_id)
    );
    create index agency_unit on agency(unit_id);

    alter table indicator_assignment add column group_position int not null default 0;
    alter table task_agency add column position int not null default 0;

    alter table reporting_rule alter column due_day drop not null;
    alter table reporting_rule alter column due_month drop not null;
    alter table reporting_rule add column via_text text;
    alter table reporting_rule add constraint reporting_rule_due_pair check ((due_day is null) = (due_month is null));

    select audit_attach('plan_agency');
    select audit_attach('task_agency');
  `.execute(db);
}
