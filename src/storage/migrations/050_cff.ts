/**
 * Child-friendly communes: standards as data (criteria, sub-criteria, pass rule), the recognising
 * authority by date, per-unit cycle settings (deadlines, targets, support payments), the yearly
 * registrations with their self-assessment items and evidence files, and the decisions.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table cff_standard (
      id serial primary key,
      code text not null unique,
      number text not null,
      issued_on date,
      title_vi text not null,
      title_en text,
      effective_from date not null,
      effective_to date,
      recognition_validity_years int not null default 1 check (recognition_validity_years >= 1),
      pass_rule jsonb not null,
      verify boolean not null default false,
      note text,
      version int not null default 1,
      updated_at timestamptz not null default now(),
      check (effective_to is null or effective_to > effective_from)
    );

    create table cff_criterion (
      id serial primary key,
      standard_id int not null references cff_standard(id) on delete cascade,
      code text not null,
      position int not null default 0,
      title_vi text not null,
      title_en text,
      min_points numeric check (min_points is null or min_points >= 0),
      verify boolean not null default false,
      unique (standard_id, code)
    );

    create table cff_subcriterion (
      id serial primary key,
      standard_id int not null references cff_standard(id) on delete cascade,
      criterion_id int not null references cff_criterion(id) on delete cascade,
      code text not null,
      position int not null default 0,
      title_vi text not null,
      title_en text,
      max_points numeric not null check (max_points > 0),
      source text not null check (source = 'manual' or source ~ '^indicator:[0-9a-z]+$'),
      scoring jsonb,
      value_unit text check (value_unit in ('percent','count','boolean')),
      evidence_required boolean not null default false,
      verify boolean not null default false,
      unique (standard_id, code)
    );
    create index cff_subcriterion_criterion on cff_subcriterion(criterion_id);

    create table cff_authority (
      id serial primary key,
      level text not null check (level in ('district','province')),
      valid_from date,
      valid_to date,
      basis_vi text not null,
      verify boolean not null default false,
      check (valid_from is null or valid_to is null or valid_to > valid_from)
    );

    create table cff_cycle_settings (
      id serial primary key,
      unit_id int not null references admin_unit(id),
      year int not null check (year between 2000 and 2100),
      plan_id int references plan(id) on delete set null,
      registration_deadline date,
      self_assessment_deadline date,
      target_registered int check (target_registered is null or target_registered >= 0),
      target_recognised int check (target_recognised is null or target_recognised >= 0),
      payment_registered numeric check (payment_registered is null or payment_registered >= 0),
      payment_registered_payer text,
      payment_recognised numeric check (payment_recognised is null or payment_recognised >= 0),
      payment_recognised_payer text,
      note text,
      unique (unit_id, year),
      check (registration_deadline is null or self_assessment_deadline is null or registration_deadline <= self_assessment_deadline)
    );

    create table cff_registration (
      id serial primary key,
      unit_id int not null references admin_unit(id),
      year int not null check (year between 2000 and 2100),
      standard_id int not null references cff_standard(id),
      unit_category text not null check (unit_category in ('ward_central_city','mountain_island_difficult','other')),
      status text not null default 'registered'
        check (status in ('registered','in_progress','submitted','returned','recognised','not_recognised','withdrawn')),
      registered_on date not null,
      submitted_on date,
      correction_deadline date,
      review_note text,
      created_by int,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version int not null default 1,
      unique (unit_id, year)
    );
    create index cff_registration_year on cff_registration(year, status);

    create table cff_assessment_item (
      id serial primary key,
      registration_id int not null references cff_registration(id) on delete cascade,
      code text not null,
      value numeric check (value is null or value >= 0),
      score numeric check (score is null or score >= 0),
      prefilled_from text,
      prefilled_value numeric,
      note text,
      updated_at timestamptz not null default now(),
      unique (registration_id, code)
    );

    create table cff_evidence (
      id serial primary key,
      registration_id int not null references cff_registration(id) on delete cascade,
      item_codes text[] not null default '{}',
      filename text not null,
      kind text not null check (kind in ('pdf','jpg','png','docx')),
      media_type text not null,
      size_bytes int not null check (size_bytes > 0 and size_bytes <= 10485760),
      sha256 text not null,
      content bytea not null,
      uploaded_by int,
      uploaded_at timestamptz not null default now(),
      check (octet_length(content) = size_bytes)
    );
    create index cff_evidence_registration on cff_evidence(registration_id);

    create table cff_decision (
      id serial primary key,
      registration_id int not null references cff_registration(id),
      unit_id int not null references admin_unit(id),
      year int not null,
      kind text not null check (kind in ('recognised','not_recognised','withdrawn')),
      decided_by_unit_id int not null references admin_unit(id),
      number text,
      decided_on date not null,
      signer text,
      signer_title text,
      reason text,
      evaluation jsonb,
      created_by int,
      created_at timestamptz not null default now()
    );
    create index cff_decision_unit on cff_decision(unit_id, year);
    create index cff_decision_registration on cff_decision(registration_id);

    select audit_attach('cff_standard');
    select audit_attach('cff_criterion');
    select audit_attach('cff_subcriterion');
    select audit_attach('cff_authority');
    select audit_attach('cff_cycle_settings');
    select audit_attach('cff_registration');
    select audit_attach('cff_assessment_item');
    select audit_attach('cff_decision');
  `.execute(db);
  // cff_evidence: audited without the file bytes (the trigger stores whole rows; a 10 MB row per upload would bloat the log)
  await sql`
    create function cff_evidence_audit() returns trigger language plpgsql as $$
    declare
      old_row jsonb := case when tg_op in ('UPDATE','DELETE') then to_jsonb(old) - 'content' else null end;
      new_row jsonb := case when tg_op in ('INSERT','UPDATE') then to_jsonb(new) - 'content' else null end;
    begin
      insert into audit_log(actor_id, actor_name, ip, request_id, action, table_name, row_id, before, after)
      values (
        nullif(current_setting('vitreem.actor_id', true), '')::int,
        coalesce(nullif(current_setting('vitreem.actor_name', true), ''), 'system'),
        nullif(current_setting('vitreem.ip', true), ''),
        nullif(current_setting('vitreem.request_id', true), ''),
        lower(tg_op), tg_table_name, coalesce(new_row->>'id', old_row->>'id'), old_row, new_row);
      return coalesce(new, old);
    end $$;
    create trigger audit_row after insert or update or delete on cff_evidence for each row execute function cff_evidence_audit();
  `.execute(db);
}
