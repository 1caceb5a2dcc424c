/**
 * Child-protection case management (Nghị định 56/2017): cases, their steps with due times,
 * referrals, meetings of the commune board, transfers, supervisor approvals, and the units'
 * internal time limits (never longer than the law: checked by the application).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table child_case (
      id serial primary key,
      child_id int not null references child(id),
      unit_id int not null references admin_unit(id),
      source text not null,
      channel text not null default 'phone' check (channel in ('phone','in_person','written','online','other')),
      reporter text,
      reported_at timestamptz,
      received_at timestamptz not null,
      description text,
      urgency text not null default 'normal' check (urgency in ('urgent','normal')),
      status text not null default 'open' check (status in ('open','plan_pending','closure_pending','closed','transferred')),
      worker_user_id int,
      plan_approved boolean not null default false,
      referred_up_to int[] not null default '{}',
      closed_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index child_case_unit on child_case(unit_id, status);
    create index child_case_child on child_case(child_id);
    create index child_case_worker on child_case(worker_user_id) where status <> 'closed';

    create table case_step (
      id serial primary key,
      case_id int not null references child_case(id),
      step text not null check (step in ('receive','assess','plan','implement','follow_up','review','close')),
      position int not null,
      due_at timestamptz,
      limit_basis text,
      done_at timestamptz,
      done_by int,
      responsible_user_id int,
      notes text,
      unique (case_id, step)
    );
    create index case_step_open_due on case_step(due_at) where done_at is null and due_at is not null;

    create table case_referral (
      id serial primary key,
      case_id int not null references child_case(id),
      service text not null check (service in ('health','legal_aid','police','education','social_protection','psychological','other')),
      provider text,
      referred_at timestamptz not null default now(),
      outcome text not null default 'pending' check (outcome in ('pending','provided','refused','not_needed','failed')),
      outcome_note text,
      outcome_at timestamptz
    );
    create table case_meeting (
      id serial primary key,
      case_id int not null references child_case(id),
      held_at timestamptz not null,
      participants text,
      decisions text
    );
    create table case_transfer (
      id serial primary key,
      case_id int not null references child_case(id),
      from_unit_id int not null references admin_unit(id),
      to_unit_id int not null references admin_unit(id),
      transferred_at timestamptz not null default now(),
      reason text,
      check (from_unit_id <> to_unit_id)
    );
    create table case_approval (
      id serial primary key,
      case_id int not null references child_case(id),
      kind text not null check (kind in ('plan','closure')),
      decision text not null check (decision in ('approved','rejected')),
      by_user_id int,
      by_name text,
      at timestamptz not null default now(),
      note text
    );
    create table case_time_limit (
      id serial primary key,
      unit_id int not null references admin_unit(id),
      step text not null,
      hours numeric check (hours > 0),
      working_days int check (working_days > 0),
      unique (unit_id, step),
      check ((hours is null) <> (working_days is null))
    );

    select audit_attach('child_case');
    select audit_attach('case_step');
    select audit_attach('case_referral');
    select audit_attach('case_meeting');
    select audit_attach('case_transfer');
    select audit_attach('case_approval');
    select audit_attach('case_time_limit');
  `.execute(db);
}
