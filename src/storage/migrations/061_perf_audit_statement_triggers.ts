/**
 * Performance (issues #4, #5): the audit log of the reporting tables is written by STATEMENT-level
 * triggers with transition tables instead of one trigger call per row. A draft save of a whole
 * report (hundreds of values) or the generation of a country's reports then writes its audit rows
 * with one INSERT … SELECT per statement. What is recorded does not change: one audit_log row per
 * row written, with who (vitreem.actor_id/name), from where (vitreem.ip), which request, what
 * (table, operation, row id) and the row before and after; an UPDATE that changes nothing in a row
 * is not logged (as before). Rows of an UPDATE are paired by their `id`; a row whose id changed is
 * still logged, as its before without after and its after without before.
 *
 * `audit_attach_statement(table)` attaches the three triggers (insert, update, delete) to any table
 * whose primary key is `id`; `audit_attach` (row-level, migration 002) stays for the others.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function audit_rows() returns trigger language plpgsql as $$
    declare
      who_id int := nullif(current_setting('vitreem.actor_id', true), '')::int;
      who text := coalesce(nullif(current_setting('vitreem.actor_name', true), ''), 'system');
      from_ip text := nullif(current_setting('vitreem.ip', true), '');
      request text := nullif(current_setting('vitreem.request_id', true), '');
    begin
      if tg_op = 'INSERT' then
        insert into audit_log(actor_id, actor_name, ip, request_id, action, table_name, row_id, before, after)
        select who_id, who, from_ip, request, 'insert', tg_table_name, r.row->>'id', null, r.row
        from (select to_jsonb(n) as row, row_number() over () as ord from audit_new n) r order by r.ord;
      elsif tg_op = 'DELETE' then
        insert into audit_log(actor_id, actor_name, ip, request_id, action, table_name, row_id, before, after)
        select who_id, who, from_ip, request, 'delete', tg_table_name, r.row->>'id', r.row, null
        from (select to_jsonb(o) as row, row_number() over () as ord from audit_old o) r order by r.ord;
      else
        insert into audit_log(actor_id, actor_name, ip, request_id, action, table_name, row_id, before, after)
        select who_id, who, from_ip, request, 'update', tg_table_name, coalesce(a.row->>'id', b.row->>'id'), b.row, a.row
        from (select to_jsonb(o) as row, row_number() over () as ord from audit_old o) b
        full join (select to_jsonb(n) as row, row_number() over () as ord from audit_new n) a on (a.row->'id') = (b.row->'id')
        where a.row is distinct from b.row
        order by coalesce(a.ord, b.ord);
      end if;
      return null;
    end $$;

    create function audit_attach_statement(target regclass) returns void language plpgsql as $$
    begin
      execute format('create trigger audit_insert after insert on %s referencing new table as audit_new for each statement execute function audit_rows()', target);
      execute format('create trigger audit_update after update on %s referencing old table as audit_old new table as audit_new for each statement execute function audit_rows()', target);
      execute format('create trigger audit_delete after delete on %s referencing old table as audit_old for each statement execute function audit_rows()', target);
    end $$;

    drop trigger audit_row on reporting_period;
    drop trigger audit_row on obligation;
    drop trigger audit_row on data_value;
    select audit_attach_statement('reporting_period');
    select audit_attach_statement('obligation');
    select audit_attach_statement('data_value');
  `.execute(db);
}
