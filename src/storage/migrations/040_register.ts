/**
 * The children's register: children (sensitive fields encrypted in the application, blind
 * indexes for search), residence history, special circumstances (groups as data), support,
 * consent, merges. Every table is audited; the audit rows hold ciphertext, never plaintext.
 */
import { sql, type Kysely } from 'kysely';
import { CIRCUMSTANCE_GROUPS } from '../../domain/children/groups.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table circumstance_group (
      code text primary key,
      number int,
      kind text not null check (kind in ('special','at_risk')),
      name_vi text not null,
      name_en text not null,
      abuse boolean not null default false,
      position int not null default 0,
      active boolean not null default true
    );

    create table child (
      id serial primary key,
      unit_id int not null references admin_unit(id),
      village_id int references admin_unit(id),
      pii text not null,
      name_index text[] not null default '{}',
      id_number_index text,
      sex text not null check (sex in ('male','female','unknown')),
      birth_year int not null check (birth_year between 1900 and 2200),
      birth_month int check (birth_month between 1 and 12),
      ethnicity text,
      poverty_status text not null default 'unknown' check (poverty_status in ('poor','near_poor','none','unknown')),
      disability boolean,
      schooling text not null default 'unknown' check (schooling in ('under_age','preschool','primary','lower_secondary','upper_secondary','not_in_school','unknown')),
      health_insurance boolean,
      legal_basis text not null default 'child_protection' check (legal_basis in ('consent','child_protection')),
      status text not null default 'active' check (status in ('active','merged','deceased','left')),
      merged_into int references child(id),
      registered_on date not null default current_date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version int not null default 1,
      check (status <> 'merged' or merged_into is not null)
    );
    -- covering: the indicators count children per commune and year from the index alone
    create index child_unit on child(unit_id, birth_year) include (id) where status = 'active';
    -- the indicators look children with a circumstance up by id: answered from this narrow index
    create index child_facts on child(id) include (unit_id, birth_year) where status = 'active';
    create index child_name_index on child using gin (name_index);
    create index child_id_number_index on child(id_number_index) where id_number_index is not null;

    create table child_residence (
      id serial primary key,
      child_id int not null references child(id),
      unit_id int not null references admin_unit(id),
      village_id int references admin_unit(id),
      from_date date not null,
      to_date date,
      check (to_date is null or to_date >= from_date)
    );
    create index child_residence_child on child_residence(child_id);

    create table child_circumstance (
      id serial primary key,
      child_id int not null references child(id),
      group_code text not null references circumstance_group(code),
      start_date date not null,
      end_date date,
      note text,
      created_at timestamptz not null default now(),
      check (end_date is null or end_date >= start_date)
    );
    create index child_circumstance_child on child_circumstance(child_id);

    create table child_support (
      id serial primary key,
      child_id int not null references child(id),
      circumstance_id int references child_circumstance(id),
      kind text not null check (kind in ('care','nurture','assistance')),
      support_date date not null,
      provider text,
      note text
    );
    create index child_support_child on child_support(child_id, support_date);

    create table child_consent (
      id serial primary key,
      child_id int not null references child(id),
      party text not null check (party in ('parent','child')),
      given_by text,
      given_on date not null,
      purpose text not null,
      withdrawn_on date
    );
    create index child_consent_child on child_consent(child_id);

    create table child_merge (
      id serial primary key,
      survivor_id int not null references child(id),
      merged_id int not null references child(id),
      merged_at timestamptz not null default now(),
      merged_by int,
      snapshot text not null,
      reason text,
      check (survivor_id <> merged_id)
    );

    select audit_attach('circumstance_group');
    select audit_attach('child');
    select audit_attach('child_residence');
    select audit_attach('child_circumstance');
    select audit_attach('child_support');
    select audit_attach('child_consent');
    select audit_attach('child_merge');
  `.execute(db);
  for (const [position, g] of CIRCUMSTANCE_GROUPS.entries()) {
    await sql`insert into circumstance_group (code, number, kind, name_vi, name_en, abuse, position)
      values (${g.code}, ${g.number}, ${g.kind}, ${g.nameVi}, ${g.nameEn}, ${g.abuse}, ${position})`.execute(db);
  }
}
