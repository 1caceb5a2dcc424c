/**
 * Task progress (issue #16; src/domain/reporting/task-progress.ts): per task, lead agency and reporting period
 * (DHIS2 code: 2025, 2025S1), a status, a percentage, results and difficulties, the reason of a step back from
 * "hoàn thành", and evidence files (PDF, JPG, PNG, DOCX like the child-friendly commune evidence).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table task_progress (
      id serial primary key,
      task_id int not null references task(id) on delete cascade,
      plan_id int not null references plan(id) on delete cascade,
      agency_id int not null references agency(id),
      period text not null,
      year int not null,
      status text not null check (status in ('not_started','in_progress','completed','not_feasible')),
      percent numeric check (percent is null or (percent >= 0 and percent <= 100)),
      results text,
      difficulties text,
      reason text,
      version int not null default 1,
      updated_at timestamptz not null default now(),
      updated_by int,
      updated_by_name text,
      unique (task_id, agency_id, period)
    );
    create index task_progress_plan on task_progress (plan_id, year);

    create table task_progress_evidence (
      id serial primary key,
      progress_id int not null references task_progress(id) on delete cascade,
      filename text not null,
      kind text not null check (kind in ('pdf','jpg','png','docx')),
      media_type text not null,
      size_bytes int not null check (size_bytes > 0 and size_bytes <= 10485760),
      sha256 text not null,
      content bytea not null,
      uploaded_by int,
      uploaded_at timestamptz not null default now(),
      check (octet_length(content) = size_bytes)
    );
    create index task_progress_evidence_progress on task_progress_evidence (progress_id);

    select audit_attach('task_progress');
  `.execute(db);
}
