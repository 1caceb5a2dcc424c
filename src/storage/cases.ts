/** Storage helpers of case management: loading a case, due times from the limits in force. */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import './schema-register.ts';
import { CASE_STEPS, dueAt, lateHours, effectiveLimit, type CaseStep, type StepLimit } from '../domain/children/workflow.ts';
import { unitChain } from './register.ts';
import { decryptJson, decryptOptional } from './crypto.ts';
import { workingDays } from './calendar.ts';

export async function limitsFor(db: Kysely<Database>, unitId: number): Promise<Record<string, StepLimit | null>> {
  const chain = await unitChain(db, unitId);
  const rows = await db.selectFrom('case_time_limit').selectAll().where('unit_id', 'in', chain).execute();
  const overrides = rows.map((r) => ({ step: r.step, hours: r.hours, workingDays: r.working_days }));
  const out: Record<string, StepLimit | null> = {};
  for (const step of CASE_STEPS) out[step] = effectiveLimit(step, overrides);
  return out;
}

export async function computeDue(db: Kysely<Database>, unitId: number, step: CaseStep, anchors: { received: Date; previous: Date }): Promise<{ dueAt: Date | null; basis: string | null }> {
  const limit = (await limitsFor(db, unitId))[step];
  if (!limit) return { dueAt: null, basis: null };
  return { dueAt: dueAt(limit, limit.anchor === 'received' ? anchors.received : anchors.previous, await workingDays(db)), basis: limit.basisVi };
}

export async function loadCase(db: Kysely<Database>, id: number) {
  const c = await db.selectFrom('child_case').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) return null;
  const steps = await db.selectFrom('case_step').selectAll().where('case_id', '=', id).orderBy('position').execute();
  return {
    id: c.id,
    childId: c.child_id,
    unitId: c.unit_id,
    source: c.source,
    channel: c.channel,
    reporter: c.reporter ? decryptJson<{ name?: string | null; relation?: string | null; contact?: string | null }>(c.reporter) : null,
    reportedAt: c.reported_at,
    receivedAt: c.received_at,
    description: decryptOptional(c.description),
    urgency: c.urgency,
    status: c.status,
    workerUserId: c.worker_user_id,
    planApproved: c.plan_approved,
    seriousRisk: c.serious_risk,
    referredUpTo: c.referred_up_to ?? [],
    closedAt: c.closed_at,
    steps: steps.map((s) => ({ step: s.step as CaseStep, position: s.position, dueAt: s.due_at, limitBasis: s.limit_basis, doneAt: s.done_at, doneBy: s.done_by, responsibleUserId: s.responsible_user_id, notes: decryptOptional(s.notes), lateHours: lateHours({ dueAt: s.due_at ? new Date(s.due_at) : null, doneAt: s.done_at ? new Date(s.done_at) : null }) })),
  };
}
export type CaseView = NonNullable<Awaited<ReturnType<typeof loadCase>>>;
