/**
 * Budget execution (kinh phí thực hiện / giải ngân), issue #6:
 *  - budget_activity: the identity of a plan's budget activity (a row of Phụ lục 01), kept across edits
 *    of the plan (budget_line rows are rewritten on every PUT of the plan), with the agency that leads it
 *    (optional: it may also enter its spending);
 *  - budget_spending: what was spent per activity × year × funding source, in the plan's currency unit
 *    (million VND), with a note and a version (optimistic concurrency per cell);
 *  - budget_spending_history: every change (who, when, old, new), append-only like data_value_history.
 * The generic audit trigger is attached to both tables.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table budget_activity (
      id serial primary key,
      plan_id int not null references plan(id) on delete cascade,
      activity_no text,
      activity text not null,
      name_key text not null,
      lead_agency_id int references agency(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index budget_activity_identity on budget_activity (plan_id, coalesce(activity_no, ''), name_key);

    create table budget_spending (
      id bigserial primary key,
      plan_id int not null references plan(id) on delete cascade,
      activity_id int not null references budget_activity(id) on delete cascade,
      year int not null check (year between 1990 and 2100),
      source text not null check (source in ('local','central','mobilised','other')),
      amount numeric check (amount is null or (amount >= 0 and amount <= 1000000000)),
      currency_unit text not null default 'million_vnd' check (currency_unit in ('million_vnd')),
      note text check (note is null or length(note) <= 2000),
      version int not null default 1,
      updated_at timestamptz not null default now(),
      updated_by int,
      updated_by_name text,
      check (amount is not null or note is not null),
      unique (activity_id, year, source)
    );
    create index budget_spending_plan on budget_spending (plan_id, year);

    create table budget_spending_history (
      id bigserial primary key,
      spending_id bigint,
      plan_id int not null,
      activity_id int not null,
      year int not null,
      source text not null,
      action text not null check (action in ('insert','update','delete')),
      actor_id int,
      actor_name text,
      at timestamptz not null default now(),
      old jsonb,
      new jsonb
    );
    create index budget_spending_history_plan on budget_spending_history (plan_id, year, id);
    create trigger budget_spending_history_no_update before update or delete on budget_spending_history for each row execute function reporting_history_immutable();

    select audit_attach('budget_activity');
    select audit_attach('budget_spending');
  `.execute(db);
}
