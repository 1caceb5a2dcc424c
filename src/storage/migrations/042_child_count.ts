/**
 * Children per commune and birth year, kept by a trigger on `child`, so that the denominators
 * of indicators 8 and 9 for a province are a sum over a few thousand rows instead of a count
 * over hundreds of thousands. `child_count_refresh()` rebuilds it (after a bulk load with the
 * trigger off, or a restore).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table child_count (
      unit_id int not null,
      birth_year int not null,
      n int not null default 0,
      primary key (unit_id, birth_year)
    );

    create function child_count_change(unit int, year int, delta int) returns void language sql as $$
      insert into child_count (unit_id, birth_year, n) values (unit, year, delta)
      on conflict (unit_id, birth_year) do update set n = child_count.n + excluded.n;
    $$;

    create function child_count_row() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE','DELETE') and old.status = 'active' then
        perform child_count_change(old.unit_id, old.birth_year, -1);
      end if;
      if tg_op in ('INSERT','UPDATE') and new.status = 'active' then
        perform child_count_change(new.unit_id, new.birth_year, 1);
      end if;
      return null;
    end $$;

    create trigger child_count_row after insert or delete or update of unit_id, birth_year, status on child
      for each row execute function child_count_row();

    create function child_count_refresh() returns void language sql as $$
      delete from child_count;
      insert into child_count (unit_id, birth_year, n)
        select unit_id, birth_year, count(*) from child where status = 'active' group by unit_id, birth_year;
    $$;
  `.execute(db);
}
