/**
 * A circumstance carries what indicators 8 and 9 need of its child: the commune that counts it
 * (`child_circumstance.unit_id`), the birth year (under 16 at year end) and whether the record is
 * active — so the indicators of a province read only that province's circumstances, from one
 * index, without looking each child up (at national scale the circumstance set is national).
 *
 * Rule: a circumstance FOLLOWS THE CHILD. Its unit is always the child's current commune — the
 * same commune whose denominator (`child_count`, children per current commune) counts the child;
 * a circumstance left with the commune of the time would count a child in a numerator whose
 * denominator no longer holds it. The circumstance itself (group, dates, note) never changes on a
 * move; where the child lived when is in `child_residence`.
 *
 * Kept by triggers, whatever writes: a circumstance takes its child's values when inserted or
 * given to another child (merge), and cannot be given others; a child's move, corrected birth
 * date or change of status is carried to its circumstances. The insert trigger fires ALWAYS, also
 * during a restore (session_replication_role = replica), so a backup made before this migration
 * restores with the columns filled in.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table child_circumstance
      add column unit_id int references admin_unit(id),
      add column birth_year int,
      add column child_active boolean;
    update child_circumstance cc set unit_id = c.unit_id, birth_year = c.birth_year, child_active = (c.status = 'active')
      from child c where c.id = cc.child_id;
    alter table child_circumstance
      alter column unit_id set not null,
      alter column birth_year set not null,
      alter column child_active set not null;
    create index child_circumstance_unit on child_circumstance(unit_id, start_date)
      include (child_id, group_code, end_date, birth_year) where child_active;

    create function child_circumstance_child() returns trigger language plpgsql as $$
    begin
      select c.unit_id, c.birth_year, c.status = 'active' into strict new.unit_id, new.birth_year, new.child_active
        from child c where c.id = new.child_id;
      return new;
    end $$;
    create trigger child_circumstance_child before insert or update of child_id, unit_id, birth_year, child_active on child_circumstance
      for each row execute function child_circumstance_child();
    alter table child_circumstance enable always trigger child_circumstance_child;

    create function child_carries_circumstances() returns trigger language plpgsql as $$
    begin
      update child_circumstance set unit_id = new.unit_id, birth_year = new.birth_year, child_active = (new.status = 'active')
        where child_id = new.id;
      return null;
    end $$;
    create trigger child_carries_circumstances after update of unit_id, birth_year, status on child
      for each row when (old.unit_id is distinct from new.unit_id or old.birth_year is distinct from new.birth_year or old.status is distinct from new.status)
      execute function child_carries_circumstances();
  `.execute(db);
}
