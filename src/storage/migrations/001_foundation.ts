/** The plan model: units, agencies, the indicator catalogue, plans and their parts. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table admin_unit (
      id serial primary key,
      code text not null,
      name text not null,
      full_name text,
      kind text,
      level text not null check (level in ('nation','province','district','commune','village')),
      parent_id int references admin_unit(id),
      valid_from date not null default '1900-01-01',
      valid_to date,
      note text,
      unique (level, code, valid_from),
      check (valid_to is null or valid_to > valid_from)
    );
    create index admin_unit_parent on admin_unit(parent_id);
    create index admin_unit_code on admin_unit(code);

    create table unit_succession (
      id serial primary key,
      predecessor_id int not null references admin_unit(id),
      successor_id int not null references admin_unit(id),
      effective_date date not null,
      kind text not null check (kind in ('merge','split','rename','transfer')),
      share numeric check (share is null or (share > 0 and share <= 1)),
      unique (predecessor_id, successor_id),
      check (predecessor_id <> successor_id)
    );
    create index unit_succession_successor on unit_succession(successor_id);

    create table agency (
      id serial primary key,
      unit_id int not null references admin_unit(id),
      name text not null,
      short_name text,
      sector text not null,
      valid_from date not null default '1900-01-01',
      valid_to date,
      unique (unit_id, name, valid_from),
      check (valid_to is null or valid_to > valid_from)
    );
    create table agency_succession (
      id serial primary key,
      predecessor_id int not null references agency(id),
      successor_id int not null references agency(id),
      effective_date date not null,
      note text,
      unique (predecessor_id, successor_id)
    );

    create table plan (
      id serial primary key,
      number text,
      title text not null,
      kind text not null default 'action_programme',
      level text check (level in ('national','province','district','commune')),
      issuer_unit_id int references admin_unit(id),
      issuer_name text,
      issue_date date,
      issue_date_text text,
      issue_year int,
      place text,
      period_from int,
      period_to int,
      parent_plan_id int references plan(id),
      status text not null default 'draft' check (status in ('draft','issued','superseded')),
      signer text,
      signer_title text,
      budget_stated_total numeric,
      budget_currency text not null default 'million_vnd',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version int not null default 1,
      check (period_from is null or period_to is null or period_from <= period_to),
      check (parent_plan_id is null or parent_plan_id <> id)
    );
    create unique index plan_issuer_number_year on plan (coalesce(issuer_unit_id, 0), number, coalesce(issue_year, 0)) where number is not null;
    create index plan_parent on plan(parent_plan_id);
    create index plan_issuer on plan(issuer_unit_id);

    create table plan_implements (
      id serial primary key,
      plan_id int not null references plan(id) on delete cascade,
      position int not null default 0,
      doc_number text not null,
      doc_date date,
      doc_issuer text,
      doc_title text
    );

    create table indicator (
      id serial primary key,
      code text not null,
      scope_plan_id int references plan(id) on delete cascade,
      objective_key text,
      name_vi text not null,
      name_en text,
      lead_sector text,
      partner_sectors text[] not null default '{}',
      verify boolean not null default false,
      position int not null default 0
    );
    create unique index indicator_scope_code on indicator (coalesce(scope_plan_id, 0), code);

    create table measure (
      id serial primary key,
      indicator_id int not null references indicator(id) on delete cascade,
      code text not null,
      name_vi text not null,
      name_en text,
      unit text not null check (unit in ('percent','per_1000','per_10000','per_100000','count','boolean')),
      base text,
      direction text not null check (direction in ('increase','decrease','maintain','eliminate')),
      numerator_vi text,
      denominator_vi text,
      disaggregations text[] not null default '{}',
      groups text[] not null default '{}',
      plausible_min numeric,
      plausible_max numeric,
      position int not null default 0,
      unique (indicator_id, code)
    );

    create table objective (
      id serial primary key,
      plan_id int not null references plan(id) on delete cascade,
      key text not null,
      title text not null,
      position int not null default 0,
      unique (plan_id, key)
    );

    create table plan_indicator (
      id serial primary key,
      plan_id int not null references plan(id) on delete cascade,
      objective_id int references objective(id) on delete set null,
      indicator_id int not null references indicator(id),
      number text,
      text text,
      position int not null default 0,
      unique (plan_id, indicator_id)
    );

    create table target (
      id serial primary key,
      plan_id int not null references plan(id) on delete cascade,
      plan_indicator_id int not null references plan_indicator(id) on delete cascade,
      measure_id int not null references measure(id),
      year int not null check (year between 1990 and 2100),
      comparator text not null check (comparator in ('<','<=','=','>=','>','range','maintain','zero')),
      value numeric,
      value_max numeric,
      unit text not null check (unit in ('percent','per_1000','per_10000','per_100000','count','boolean')),
      base text,
      group_key text,
      relative jsonb,
      note text,
      position int not null default 0,
      check (comparator <> 'range' or (value is not null and value_max is not null and value <= value_max)),
      check (comparator in ('maintain','zero') or relative is not null or value is not null)
    );
    create index target_plan on target(plan_id);
    create index target_measure on target(measure_id, year);

    create table baseline (
      id serial primary key,
      plan_id int not null references plan(id) on delete cascade,
      measure_id int not null references measure(id),
      group_key text,
      year int not null,
      value numeric not null,
      note text
    );
    create unique index baseline_unique on baseline (plan_id, measure_id, coalesce(group_key, ''), year);

    create table task (
      id serial primary key,
      plan_id int not null references plan(id) on delete cascade,
      section text,
      title text not null,
      description text,
      position int not null default 0
    );
    create table task_agency (
      task_id int not null references task(id) on delete cascade,
      agency_id int not null references agency(id),
      role text not null check (role in ('lead','partner')),
      primary key (task_id, agency_id)
    );

    create table indicator_assignment (
      id serial primary key,
      plan_id int not null references plan(id) on delete cascade,
      plan_indicator_id int not null references plan_indicator(id) on delete cascade,
      agency_id int not null references agency(id),
      role text not null check (role in ('lead','partner')),
      unique (plan_indicator_id, agency_id)
    );

    create table reporting_rule (
      id serial primary key,
      plan_id int not null references plan(id) on delete cascade,
      reporter_kind text not null check (reporter_kind in ('agency','agencies','lower_units','unit')),
      reporter_agency_id int references agency(id),
      reporter_text text,
      recipient_unit_id int references admin_unit(id),
      recipient_agency_id int references agency(id),
      recipient_text text,
      due_day int not null check (due_day between 1 and 31),
      due_month int not null check (due_month between 1 and 12),
      due_year int,
      recurrence text not null check (recurrence in ('yearly','once')),
      position int not null default 0,
      check (recurrence = 'yearly' or due_year is not null)
    );

    create table plan_review (
      id serial primary key,
      plan_id int not null references plan(id) on delete cascade,
      kind text not null check (kind in ('midterm','final')),
      year int not null,
      unique (plan_id, kind)
    );

    create table budget_line (
      id serial primary key,
      plan_id int not null references plan(id) on delete cascade,
      activity_no text,
      activity text not null,
      year int not null,
      source text not null,
      source_label text,
      amount numeric not null check (amount >= 0),
      position int not null default 0
    );
    create index budget_line_plan on budget_line(plan_id);

    create table plan_document (
      id serial primary key,
      plan_id int references plan(id) on delete cascade,
      filename text not null,
      media_type text,
      size_bytes int not null,
      sha256 text not null,
      content bytea not null,
      extracted_text text,
      extraction jsonb,
      uploaded_at timestamptz not null default now()
    );
  `.execute(db);
}
