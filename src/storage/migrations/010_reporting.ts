/**
 * Reporting cycle: periods, obligations (who owes which values to whom, by when), data values with
 * their append-only history, workflow events (idempotent submissions), and the LIVE aggregate table
 * maintained in the same transaction as every submission, return and reopening.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table reporting_period (
      id serial primary key,
      plan_id int not null references plan(id) on delete cascade,
      year int not null check (year between 1990 and 2100),
      kind text not null check (kind in ('annual','midterm','final')),
      locked boolean not null default false,
      created_at timestamptz not null default now(),
      unique (plan_id, year, kind)
    );

    create table obligation (
      id serial primary key,
      period_id int not null references reporting_period(id) on delete cascade,
      plan_id int not null references plan(id) on delete cascade,
      year int not null,
      kind text not null check (kind in ('annual','midterm','final')),
      unit_id int not null references admin_unit(id),
      agency_id int references agency(id),
      recipient_unit_id int references admin_unit(id),
      recipient_agency_id int references agency(id),
      due_date date not null,
      role text not null check (role in ('data','consolidation')),
      status text not null default 'draft' check (status in ('draft','submitted','approved','returned')),
      version int not null default 1,
      first_submitted_at timestamptz,
      submitted_at timestamptz,
      submitted_by int,
      approved_at timestamptz,
      approved_by int,
      returned_reason text,
      flags jsonb not null default '[]',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    -- one report per unit, agency and period across plans, so that no value is counted twice
    create unique index obligation_unique on obligation (year, kind, unit_id, coalesce(agency_id, 0));
    create index obligation_unit on obligation (unit_id, year);
    create index obligation_recipient on obligation (recipient_unit_id, status);
    create index obligation_period on obligation (period_id);

    create table obligation_measure (
      obligation_id int not null references obligation(id) on delete cascade,
      measure_id int not null references measure(id),
      plan_indicator_id int references plan_indicator(id) on delete set null,
      feeds boolean not null,
      primary key (obligation_id, measure_id)
    );

    create table data_value (
      id bigserial primary key,
      obligation_id int not null references obligation(id) on delete cascade,
      measure_id int not null references measure(id),
      disagg_key text not null default '',
      numerator numeric check (numerator is null or numerator >= 0),
      denominator numeric check (denominator is null or denominator >= 0),
      value numeric check (value is null or value >= 0),
      unknown boolean not null default false,
      comment text,
      version int not null default 1,
      updated_at timestamptz not null default now(),
      updated_by int,
      updated_by_name text,
      unique (obligation_id, measure_id, disagg_key)
    );

    create table data_value_history (
      id bigserial primary key,
      data_value_id bigint,
      obligation_id int not null,
      measure_id int not null,
      disagg_key text not null,
      action text not null,
      actor_id int,
      actor_name text,
      at timestamptz not null default now(),
      old jsonb,
      new jsonb
    );
    create index data_value_history_obligation on data_value_history (obligation_id, id);

    create table obligation_event (
      id bigserial primary key,
      obligation_id int not null references obligation(id) on delete cascade,
      action text not null,
      from_status text,
      to_status text,
      reason text,
      idempotency_key text,
      actor_id int,
      actor_name text,
      at timestamptz not null default now()
    );
    create unique index obligation_event_idempotency on obligation_event (obligation_id, action, idempotency_key) where idempotency_key is not null;
    create index obligation_event_obligation on obligation_event (obligation_id, id);

    create table aggregate_value (
      unit_id int not null,
      measure_id int not null,
      year int not null,
      disagg_key text not null default '',
      sum_numerator numeric not null default 0,
      sum_denominator numeric not null default 0,
      reporting_count int not null default 0,
      expected_count int not null default 0,
      primary key (unit_id, measure_id, year, disagg_key)
    );
    create index aggregate_value_measure_year on aggregate_value (measure_id, year);

    create function reporting_history_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'history is append-only' using errcode = 'insufficient_privilege';
    end $$;
    create trigger data_value_history_no_update before update or delete on data_value_history for each row execute function reporting_history_immutable();
    create trigger obligation_event_no_update before update on obligation_event for each row execute function reporting_history_immutable();

    select audit_attach('reporting_period');
    select audit_attach('obligation');
    select audit_attach('data_value');
  `.execute(db);
}
