/**
 * Accounts, role grants, server-side sessions, API tokens and sign-in attempts (lockout).
 * Secrets are stored only as hashes: passwords with argon2id, session ids and API tokens with SHA-256.
 * app_user, user_grant and api_token are audited by a redacting variant of the audit trigger
 * (hash columns appear as "[redacted]" in before/after). Sessions and sign-in attempts are not
 * trigger-audited (they change on every request); sign-in, sign-out and revocations are written
 * to audit_log explicitly.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function audit_row_redacted() returns trigger language plpgsql as $$
    declare
      old_row jsonb := case when tg_op in ('UPDATE','DELETE') then to_jsonb(old) else null end;
      new_row jsonb := case when tg_op in ('INSERT','UPDATE') then to_jsonb(new) else null end;
      k text;
    begin
      if tg_op = 'UPDATE' and old_row = new_row then
        return new;
      end if;
      foreach k in array tg_argv loop
        if old_row ? k and old_row->>k is not null then old_row := jsonb_set(old_row, array[k], '"[redacted]"'); end if;
        if new_row ? k and new_row->>k is not null then
          new_row := jsonb_set(new_row, array[k],
            case when old_row is not null and (to_jsonb(old)->k) is not distinct from (to_jsonb(new)->k) then '"[redacted]"'::jsonb else '"[redacted, changed]"'::jsonb end);
        end if;
      end loop;
      insert into audit_log(actor_id, actor_name, ip, request_id, action, table_name, row_id, before, after)
      values (
        nullif(current_setting('vitreem.actor_id', true), '')::int,
        coalesce(nullif(current_setting('vitreem.actor_name', true), ''), 'system'),
        nullif(current_setting('vitreem.ip', true), ''),
        nullif(current_setting('vitreem.request_id', true), ''),
        lower(tg_op),
        tg_table_name,
        coalesce(new_row->>'id', old_row->>'id'),
        old_row,
        new_row
      );
      return coalesce(new, old);
    end $$;

    create table app_user (
      id serial primary key,
      username text not null check (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
      display_name text,
      email text,
      password_hash text,
      active boolean not null default true,
      must_change_password boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      password_changed_at timestamptz
    );
    create unique index app_user_username on app_user(username);

    create table user_grant (
      id serial primary key,
      user_id int not null references app_user(id) on delete cascade,
      role text not null check (role in ('system_admin','unit_officer','agency_reporter','leader','viewer','case_worker','cp_supervisor','cff_assessor')),
      unit_id int references admin_unit(id),
      agency_id int references agency(id),
      created_at timestamptz not null default now(),
      check (role <> 'agency_reporter' or agency_id is not null)
    );
    create index user_grant_user on user_grant(user_id);
    create unique index user_grant_unique on user_grant(user_id, role, coalesce(unit_id, 0), coalesce(agency_id, 0));

    create table user_session (
      id bigserial primary key,
      token_hash text not null unique,
      user_id int not null references app_user(id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      absolute_expires_at timestamptz not null,
      ip text,
      user_agent text,
      revoked_at timestamptz,
      revoked_reason text
    );
    create index user_session_user on user_session(user_id) where revoked_at is null;

    create table api_token (
      id serial primary key,
      name text not null,
      kind text not null default 'api' check (kind in ('api','local-cli')),
      token_hash text not null unique,
      prefix text not null,
      scopes text[] not null,
      unit_id int references admin_unit(id),
      agency_id int references agency(id),
      created_by int,
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    );

    create table login_attempt (
      id bigserial primary key,
      username text not null,
      ip text,
      at timestamptz not null default now(),
      outcome text not null check (outcome in ('failure','success','unlock'))
    );
    create index login_attempt_username on login_attempt(username, at);

    create trigger audit_row after insert or update or delete on app_user for each row execute function audit_row_redacted('password_hash');
    -- last_used_at changes on use and is deliberately not audited
    create trigger audit_row after insert or delete or update of name, kind, token_hash, scopes, unit_id, agency_id, expires_at, revoked_at on api_token for each row execute function audit_row_redacted('token_hash');
    select audit_attach('user_grant');
  `.execute(db);
}
