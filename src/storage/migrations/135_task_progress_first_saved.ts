/**
 * Task progress (issue #16, part 2): when an entry was first saved (`created_at`), so the issuer's roll-up can tell
 * an entry sent after the period's deadline ("nộp muộn") from one corrected later; existing rows take their last
 * change as the best known date.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table task_progress add column created_at timestamptz;
    update task_progress set created_at = updated_at;
    alter table task_progress alter column created_at set default now(), alter column created_at set not null;
  `.execute(db);
}
