/**
 * An uploaded plan document belongs to a unit and to whoever uploaded it, stated on the row
 * (`unit_id`, `uploaded_by`) instead of being read back from the audit log.
 * Backfill: the uploader is the actor of the upload's first audit entry; the unit is the saved
 * plan's issuing unit, else the uploader's only unit among grants that may import plans (roles
 * unit_officer and system_admin in 2025) when they have no national one — otherwise it stays null
 * (then only the uploader and national grants reach it, as before).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table plan_document add column unit_id int references admin_unit(id);
    alter table plan_document add column uploaded_by int;
    create index plan_document_unit on plan_document(unit_id);

    update plan_document d set uploaded_by = a.actor_id
    from (
      select distinct on (row_id) row_id, actor_id from audit_log
      where table_name = 'plan_document' and action = 'insert' and actor_id is not null
      order by row_id, id
    ) a
    where a.row_id = d.id::text;

    update plan_document d set unit_id = p.issuer_unit_id from plan p where p.id = d.plan_id;

    update plan_document d set unit_id = g.unit_id
    from (
      select user_id, min(unit_id) as unit_id from user_grant
      where role in ('unit_officer', 'system_admin')
      group by user_id
      having count(*) filter (where unit_id is null) = 0 and count(distinct unit_id) = 1
    ) g
    where d.unit_id is null and d.plan_id is null and g.user_id = d.uploaded_by;
  `.execute(db);
}
