/**
 * A circumstance carries the commune that counts it (`child_circumstance.unit_id`), so indicators
 * 8 and 9 for a province read only that province's circumstances instead of the whole country's.
 *
 * Rule: a circumstance FOLLOWS THE CHILD. Its unit is always the child's current commune — the
 * same commune whose denominator (`child_count`, children per current commune) counts the child;
 * a circumstance left with the commune of the time would count a child in a numerator whose
 * denominator no longer holds it. The circumstance itself (group, dates, note) never changes on a
 * move; where the child lived when is in `child_residence`.
 *
 * Kept by triggers, whatever writes: a circumstance takes its child's commune when inserted or
 * given to another child (merge); a child's move carries its circumstances along. The insert
 * trigger fires ALWAYS, also during a restore (session_replication_role = replica), so a backup
 * made before this migration restores with the unit filled in.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table child_circumstance add column unit_id int references admin_unit(id);
    update child_circumstance cc set unit_id = c.unit_id from child c where c.id = cc.child_id;
    alter table child_circumstance alter column unit_id set not null;
    create index child_circumstance_unit on child_circumstance(unit_id, start_date) include (child_id, group_code, end_date);

    create function child_circumstance_unit() returns trigger language plpgsql as $$
    begin
      select c.unit_id into strict new.unit_id from child c where c.id = new.child_id;
      return new;
    end $$;
    create trigger child_circumstance_unit before insert or update of child_id, unit_id on child_circumstance
      for each row execute function child_circumstance_unit();
    alter table child_circumstance enable always trigger child_circumstance_unit;

    create function child_moves_circumstances() returns trigger language plpgsql as $$
    begin
      update child_circumstance set unit_id = new.unit_id where child_id = new.id and unit_id <> new.unit_id;
      return null;
    end $$;
    create trigger child_moves_circumstances after update of unit_id on child
      for each row when (old.unit_id is distinct from new.unit_id) execute function child_moves_circumstances();
  `.execute(db);
}
