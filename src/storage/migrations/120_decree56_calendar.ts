/**
 * Decree 56 as written (issue #20) and the public-holiday calendar:
 *   - `public_holiday_override`: an administrator's corrections of the computed holidays
 *     (src/domain/calendar/holidays.ts) — a day off added, a computed day worked, a Saturday worked;
 *   - `child_case.serious_risk`: the initial assessment's finding (NĐ 56 Điều 26.3);
 *   - the step `emergency` (emergency intervention or temporary separation) between the assessment
 *     and the plan, holding the 12-hour limit, which no longer binds the assessment itself;
 *   - existing cases: urgent cases whose assessment is done get serious_risk = true and an emergency
 *     step done at the assessment's time (the old form required the measures then), normal ones
 *     serious_risk = false; open urgent cases get an open emergency step due 12 hours after receipt;
 *     the assessment loses its 12-hour due time; the plan's due time is recomputed as 5 working days
 *     counted as days, holidays skipped. What was recorded (done times, notes, who) is kept; the
 *     units' internal limits of the assessment move to the emergency step;
 *   - group 2 of Điều 10 (abandoned) is abuse (Luật Trẻ em Điều 4.5) and counts for indicator 9.
 */
import { sql, type Kysely } from 'kysely';
import { LEGAL_STEP_LIMITS, dueAt, effectiveLimit, type StepLimit } from '../../domain/children/workflow.ts';
import { workingDayPredicate } from '../../domain/calendar/holidays.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`select set_config('vitreem.actor_name', 'system:migration-120', true)`.execute(db);
  await sql`
    create table public_holiday_override (
      day date primary key,
      kind text not null check (kind in ('day_off','working_day')),
      name_vi text check (char_length(name_vi) <= 200),
      note text check (char_length(note) <= 2000),
      updated_by text,
      updated_at timestamptz not null default now()
    );
    select audit_attach('public_holiday_override');
    alter table child_case add column serious_risk boolean;
    alter table case_step drop constraint if exists case_step_step_check;
    alter table case_step add constraint case_step_step_check check (step in ('receive','assess','emergency','plan','implement','follow_up','review','close'));
    update case_step set position = position + 1 where position >= 2;
    update case_time_limit set step = 'emergency' where step = 'assess'
      and not exists (select 1 from case_time_limit t where t.unit_id = case_time_limit.unit_id and t.step = 'emergency');
    delete from case_time_limit where step = 'assess';
    -- Luật Trẻ em Điều 4.5: abandonment ("bỏ rơi") is abuse, counted by indicator 9
    update circumstance_group set abuse = true where code = 'abandoned';
  `.execute(db);

  const emergency = LEGAL_STEP_LIMITS.find((l) => l.step === 'emergency') as StepLimit;
  const planLaw = LEGAL_STEP_LIMITS.find((l) => l.step === 'plan') as StepLimit;
  const isWorkingDay = workingDayPredicate([]);
  const overrides = (await sql<{ unit_id: number; step: string; hours: string | null; working_days: number | null }>`select unit_id, step, hours, working_days from case_time_limit`.execute(db)).rows;
  const chains = new Map<number, number[]>();
  const chainOf = async (unitId: number) => {
    if (!chains.has(unitId)) {
      const { rows } = await sql<{ id: number }>`
        with recursive up(id, parent_id, depth) as (
          select id, parent_id, 0 from admin_unit where id = ${unitId}
          union all select a.id, a.parent_id, up.depth + 1 from admin_unit a join up on a.id = up.parent_id where up.depth < 10)
        select id from up`.execute(db);
      chains.set(unitId, rows.map((r) => r.id));
    }
    return chains.get(unitId) as number[];
  };
  const limitFor = async (unitId: number, step: 'emergency' | 'plan') => {
    const chain = await chainOf(unitId);
    return effectiveLimit(step, overrides.filter((o) => chain.includes(o.unit_id)).map((o) => ({ step: o.step, hours: o.hours === null ? null : Number(o.hours), workingDays: o.working_days }))) ?? (step === 'plan' ? planLaw : emergency);
  };

  const cases = (await sql<{ id: number; unit_id: number; urgency: string; received_at: Date; status: string; assess_done: Date | null; assess_by: number | null; responsible: number | null }>`
    select c.id, c.unit_id, c.urgency, c.received_at, c.status, s.done_at as assess_done, s.done_by as assess_by, s.responsible_user_id as responsible
    from child_case c join case_step s on s.case_id = c.id and s.step = 'assess'`.execute(db)).rows;
  for (const c of cases) {
    const urgent = c.urgency === 'urgent';
    const assessed = c.assess_done !== null;
    const seriousRisk = assessed ? urgent : null;
    await sql`update child_case set serious_risk = ${seriousRisk} where id = ${c.id}`.execute(db);
    await sql`update case_step set due_at = null, limit_basis = null where case_id = ${c.id} and step = 'assess'`.execute(db);
    let previous = c.assess_done ? new Date(c.assess_done) : null;
    if (urgent && (assessed || !['closed', 'transferred'].includes(c.status))) {
      const limit = await limitFor(c.unit_id, 'emergency');
      const due = dueAt(limit, new Date(c.received_at), isWorkingDay);
      await sql`insert into case_step (case_id, step, position, due_at, limit_basis, done_at, done_by, responsible_user_id)
        values (${c.id}, 'emergency', 2, ${due}, ${limit.basisVi}, ${c.assess_done}, ${c.assess_by}, ${c.responsible})
        on conflict (case_id, step) do nothing`.execute(db);
    }
    // the plan: 5 working days from the previous step's completion, when that step is done
    if (previous) {
      const limit = await limitFor(c.unit_id, 'plan');
      const due = dueAt(limit, previous, isWorkingDay);
      await sql`update case_step set due_at = ${due}, limit_basis = ${limit.basisVi} where case_id = ${c.id} and step = 'plan' and due_at is not null`.execute(db);
    }
    previous = null;
  }
}
