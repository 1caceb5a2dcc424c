/**
 * Append-only audit log of every write, filled by triggers: who (vitreem.actor_id/name),
 * from where (vitreem.ip), which request (vitreem.request_id), what (table, operation, row id),
 * before and after (row JSON). Migrations attach the trigger with `select audit_attach('table')`.
 * The log itself refuses UPDATE and DELETE.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_log (
      id bigserial primary key,
      at timestamptz not null default now(),
      actor_id int,
      actor_name text,
      ip text,
      request_id text,
      action text not null,
      table_name text,
      row_id text,
      unit_id int,
      before jsonb,
      after jsonb,
      detail jsonb
    );
    create index audit_log_at on audit_log(at);
    create index audit_log_table_row on audit_log(table_name, row_id);
    create index audit_log_actor on audit_log(actor_id);

    create function audit_row() returns trigger language plpgsql as $$
    declare
      old_row jsonb := case when tg_op in ('UPDATE','DELETE') then to_jsonb(old) else null end;
      new_row jsonb := case when tg_op in ('INSERT','UPDATE') then to_jsonb(new) else null end;
    begin
      if tg_op = 'UPDATE' and old_row = new_row then
        return new;
      end if;
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

    create function audit_attach(target regclass) returns void language plpgsql as $$
    begin
      execute format('create trigger audit_row after insert or update or delete on %s for each row execute function audit_row()', target);
    end $$;

    create function audit_log_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
    end $$;
    create trigger audit_log_no_update before update or delete on audit_log for each row execute function audit_log_immutable();
    create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_immutable();

    select audit_attach('admin_unit');
    select audit_attach('unit_succession');
    select audit_attach('agency');
    select audit_attach('agency_succession');
    select audit_attach('plan');
    select audit_attach('plan_implements');
    select audit_attach('indicator');
    select audit_attach('measure');
    select audit_attach('objective');
    select audit_attach('plan_indicator');
    select audit_attach('target');
    select audit_attach('baseline');
    select audit_attach('task');
    select audit_attach('indicator_assignment');
    select audit_attach('reporting_rule');
    select audit_attach('plan_review');
    select audit_attach('budget_line');
  `.execute(db);
}
