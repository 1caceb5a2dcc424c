/**
 * Task progress storage (issue #16; rules in src/domain/reporting/task-progress.ts): one entry per task, lead
 * agency and reporting period; the issuer's roll-up (a table per agency); the yearly report's section grouped
 * as the plan groups its tasks; the reviews' completion over the years; evidence files.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import './schema-reporting.ts';
import { num, type ActorRef } from './reporting.ts';
import { ReportingError } from '../domain/reporting/errors.ts';
import { bySection, latestEntry, progressDeadline, rollUp, TASK_STATUS_LABELS, PROGRESS_DEADLINE_LABELS, validateTaskProgress, type ProgressDeadline, type TaskProgressInput, type TaskRow, type TaskStatus, emptyCounts, type StatusCounts } from '../domain/reporting/task-progress.ts';
import { checkPeriod, dueDateOf, periodLabel, periodsOfRule, reportingPeriod, type PeriodRule, type ReportingPeriodType } from '../domain/reporting/periods.ts';
import { checkEvidence } from '../domain/cff/evidence.ts';

type Db = Kysely<Database>;

async function taskOrThrow(db: Db, taskId: number) {
  const t = await db.selectFrom('task as t').innerJoin('plan as p', 'p.id', 't.plan_id').select(['t.id', 't.plan_id', 't.title', 't.section', 'p.period_from', 'p.period_to', 'p.issuer_unit_id']).where('t.id', '=', taskId).executeTakeFirst();
  if (!t) throw new ReportingError(404, 'not_found', 'Không tìm thấy nhiệm vụ.', 'Task not found.');
  return t;
}

/** The lead agencies of a task (the agencies that report its progress). */
export async function taskLeads(db: Db, taskId: number): Promise<{ id: number; unitId: number; name: string }[]> {
  const rows = await db.selectFrom('task_agency as ta').innerJoin('agency as a', 'a.id', 'ta.agency_id').select(['a.id', 'a.unit_id', 'a.name']).where('ta.task_id', '=', taskId).where('ta.role', '=', 'lead').orderBy('ta.position').execute();
  return rows.map((r) => ({ id: r.id, unitId: r.unit_id, name: r.name }));
}

/** A period the plan reports on: a year of the plan, or a sub-annual period its rules ask for. */
async function checkPlanPeriod(db: Db, task: { plan_id: number; period_from: number | null; period_to: number | null }, period: string): Promise<{ code: string; year: number }> {
  const p = reportingPeriod(period);
  const rules = (await db.selectFrom('reporting_rule').select(['period_type', 'due_day', 'due_month', 'due_month_offset']).where('plan_id', '=', task.plan_id).execute())
    .filter((r) => r.period_type !== 'Yearly' && r.due_day !== null)
    .map((r): PeriodRule => ({ periodType: r.period_type as ReportingPeriodType, dueDay: r.due_day, dueMonth: r.due_month, dueMonthOffset: r.due_month_offset }));
  const check = checkPeriod(period, rules);
  if (!check.ok || !p) throw new ReportingError(400, 'period_not_in_rules', check.ok ? `"${period}" không phải kỳ báo cáo hợp lệ.` : check.vi, check.ok ? `"${period}" is not a valid reporting period.` : check.en, undefined, ['period']);
  if ((task.period_from !== null && p.year < task.period_from) || (task.period_to !== null && p.year > task.period_to))
    throw new ReportingError(400, 'year_outside_plan', `Năm ${p.year} nằm ngoài giai đoạn của kế hoạch.`, `Year ${p.year} is outside the plan's period.`, undefined, ['period']);
  return { code: p.code, year: p.year };
}

export interface ProgressBody extends TaskProgressInput {
  agencyId: number;
  version?: number | null;
}

const view = (r: { id: number; task_id: number; agency_id: number; period: string; year: number; status: string; percent: unknown; results: string | null; difficulties: string | null; reason: string | null; version: number; updated_at: Date | string; updated_by_name: string | null }) => ({
  id: r.id, taskId: r.task_id, agencyId: r.agency_id, period: r.period, periodLabel: periodLabel(r.period).vi, year: r.year,
  status: r.status as TaskStatus, statusLabel: TASK_STATUS_LABELS[r.status as TaskStatus], percent: num(r.percent),
  results: r.results, difficulties: r.difficulties, reason: r.reason, version: r.version, updatedAt: new Date(r.updated_at).toISOString(), updatedBy: r.updated_by_name,
});

/** Saves a task's progress for a period (the lead agency's reporter); bad input stores nothing. */
export async function saveTaskProgress(db: Db, taskId: number, period: string, body: ProgressBody, actor: ActorRef) {
  const task = await taskOrThrow(db, taskId);
  const leads = await taskLeads(db, taskId);
  if (!leads.some((l) => l.id === body.agencyId))
    throw new ReportingError(400, 'not_lead_agency', 'Chỉ cơ quan chủ trì nhiệm vụ báo cáo tiến độ của nhiệm vụ này.', "Only the task's lead agency reports its progress.", { leads: leads.map((l) => l.name) }, ['agencyId']);
  const p = await checkPlanPeriod(db, task, period);
  const current = await db.selectFrom('task_progress').selectAll().where('task_id', '=', taskId).where('agency_id', '=', body.agencyId).where('period', '=', p.code).forUpdate().executeTakeFirst();
  if (current && body.version != null && body.version !== current.version)
    throw new ReportingError(409, 'version_conflict', `Tiến độ nhiệm vụ đã được người khác cập nhật (phiên bản ${current.version}, bạn đang sửa phiên bản ${body.version}).`, `Someone else updated this task's progress (version ${current.version}, you edited ${body.version}).`, { current: view(current) });
  // the status it replaces: this period's, else the task's latest earlier period's
  let previous: { status: TaskStatus; period: string } | null = current ? { status: current.status as TaskStatus, period: current.period } : null;
  if (!previous) {
    const earlier = (await db.selectFrom('task_progress').select(['status', 'period']).where('task_id', '=', taskId).where('agency_id', '=', body.agencyId).execute())
      .map((r) => ({ ...r, p: reportingPeriod(r.period) }))
      .filter((r) => r.p && r.p.end < reportingPeriod(p.code)!.end)
      .sort((a, b) => a.p!.end.localeCompare(b.p!.end));
    const last = earlier[earlier.length - 1];
    if (last) previous = { status: last.status as TaskStatus, period: last.period };
  }
  const input: TaskProgressInput = { status: body.status, percent: body.percent ?? null, results: body.results?.trim() || null, difficulties: body.difficulties?.trim() || null, reason: body.reason?.trim() || null };
  const issues = validateTaskProgress(input, previous);
  if (issues.length) throw new ReportingError(400, issues[0].code, issues[0].vi, issues[0].en, { issues }, [issues[0].field]);
  const values = { status: input.status, percent: input.percent, results: input.results, difficulties: input.difficulties, reason: input.reason, updated_by: actor.id, updated_by_name: actor.name, updated_at: new Date() };
  const row = current
    ? await db.updateTable('task_progress').set({ ...values, version: current.version + 1 }).where('id', '=', current.id).returningAll().executeTakeFirstOrThrow()
    : await db.insertInto('task_progress').values({ task_id: taskId, plan_id: task.plan_id, agency_id: body.agencyId, period: p.code, year: p.year, ...values }).returningAll().executeTakeFirstOrThrow();
  return view(row);
}

/** Every task of a plan for a period, with its lead agency's entry (one row per task and lead agency). */
export type PlanTaskRow = TaskRow & { progressId: number | null; reason: string | null; evidence: { id: number; filename: string }[]; firstSaved: string | null; updatedAt: string | null; updatedBy: string | null; version: number | null };
export async function planTaskRows(db: Db, planId: number, period: string): Promise<PlanTaskRow[]> {
  const tasks = await db.selectFrom('task').select(['id', 'section', 'title']).where('plan_id', '=', planId).orderBy('position').orderBy('id').execute();
  if (tasks.length === 0) return [];
  const ids = tasks.map((t) => t.id);
  const [leads, progress] = await Promise.all([
    // an agency of another unit than the plan's issuer (a commune's, in a province's plan) is named with its unit
    db.selectFrom('task_agency as ta').innerJoin('agency as a', 'a.id', 'ta.agency_id').innerJoin('admin_unit as u', 'u.id', 'a.unit_id').innerJoin('task as t', 't.id', 'ta.task_id').innerJoin('plan as p', 'p.id', 't.plan_id')
      .select(['ta.task_id', 'a.id', sql<string>`case when a.unit_id is distinct from p.issuer_unit_id then a.name || ' (' || coalesce(u.full_name, u.name) || ')' else a.name end`.as('name')])
      .where('ta.task_id', 'in', ids).where('ta.role', '=', 'lead').orderBy('ta.position').execute(),
    db.selectFrom('task_progress').selectAll().where('plan_id', '=', planId).where('period', '=', period).execute(),
  ]);
  const evidence = progress.length ? await db.selectFrom('task_progress_evidence').select(['id', 'progress_id', 'filename']).where('progress_id', 'in', progress.map((p) => p.id)).orderBy('id').execute() : [];
  const out = [];
  for (const t of tasks) {
    const agencies = leads.filter((l) => l.task_id === t.id);
    for (const a of agencies.length ? agencies : [null]) {
      const pr = a ? progress.find((x) => x.task_id === t.id && x.agency_id === a.id) : undefined;
      out.push({ taskId: t.id, section: t.section, title: t.title, agency: a ? { id: a.id, name: a.name } : null, status: (pr?.status as TaskStatus | undefined) ?? null, percent: pr ? num(pr.percent) : null, results: pr?.results ?? null, difficulties: pr?.difficulties ?? null, reason: pr?.reason ?? null, progressId: pr?.id ?? null, evidence: pr ? evidence.filter((e) => e.progress_id === pr.id).map((e) => ({ id: e.id, filename: e.filename })) : [], firstSaved: pr ? vnDay(pr.created_at) : null, updatedAt: pr ? new Date(pr.updated_at).toISOString() : null, updatedBy: pr?.updated_by_name ?? null, version: pr?.version ?? null });
    }
  }
  return out;
}

/** The issuer's roll-up for a period: counts overall and a table per lead agency; the rows grouped as the plan groups its tasks. */
export async function planTaskProgress(db: Db, planId: number, period: string) {
  const plan = await db.selectFrom('plan').select(['id', 'title', 'number', 'issuer_unit_id']).where('id', '=', planId).executeTakeFirst();
  if (!plan) throw new ReportingError(404, 'not_found', 'Không tìm thấy kế hoạch.', 'Plan not found.');
  const p = reportingPeriod(period);
  if (!p) throw new ReportingError(400, 'invalid_period', `"${period}" không phải kỳ báo cáo hợp lệ (2025, 2025S1, 2025Q3, 202507).`, `"${period}" is not a valid reporting period (2025, 2025S1, 2025Q3, 202507).`, undefined, ['period']);
  const rows = await planTaskRows(db, planId, p.code);
  const dueDate = await periodDueDate(db, planId, p.code);
  const today = vnDay(new Date());
  const withDeadline = rows.map((row) => ({ ...row, deadline: progressDeadline(row.firstSaved, dueDate, today) }));
  const r = rollUp(withDeadline);
  const tally = (list: { deadline: ProgressDeadline }[]) => ({ late: list.filter((x) => x.deadline === 'late').length, missing: list.filter((x) => x.deadline === 'missing').length });
  return {
    plan: { id: plan.id, title: plan.title, number: plan.number }, period: p.code, periodLabel: periodLabel(p.code).vi, dueDate,
    total: { ...r.total, ...tally(withDeadline) },
    byAgency: r.byAgency.map((a) => ({ ...a, ...tally(a.rows) })),
    sections: bySection(withDeadline),
    deadlineLabels: PROGRESS_DEADLINE_LABELS,
  };
}

/** Completion over the years (the reviews): per year, the counts of the year's entries (else its latest sub-period's). */
export async function taskCompletionOverYears(db: Db, planId: number, from: number, to: number): Promise<{ year: number; counts: StatusCounts & { tasks: number } }[]> {
  const tasks = await db.selectFrom('task_agency as ta').innerJoin('task as t', 't.id', 'ta.task_id').select(['ta.task_id', 'ta.agency_id']).where('t.plan_id', '=', planId).where('ta.role', '=', 'lead').execute();
  const taskIds = [...new Set((await db.selectFrom('task').select('id').where('plan_id', '=', planId).execute()).map((t) => t.id))];
  const progress = await db.selectFrom('task_progress').select(['task_id', 'agency_id', 'period', 'year', 'status']).where('plan_id', '=', planId).where('year', '>=', from).where('year', '<=', to).execute();
  const out = [];
  for (let year = from; year <= to; year++) {
    const counts = emptyCounts();
    for (const taskId of taskIds) {
      const leads = tasks.filter((t) => t.task_id === taskId).map((t) => t.agency_id);
      // a task's status for the year: the year's entry, else the latest sub-period's; several lead agencies: the least advanced
      const statuses = (leads.length ? leads : [null]).map((agencyId) => {
        const entries = progress.filter((x) => x.task_id === taskId && x.agency_id === agencyId && x.year === year).map((x) => ({ ...x, p: reportingPeriod(x.period)! })).sort((a, b) => (a.p.type === 'Yearly' ? 1 : 0) - (b.p.type === 'Yearly' ? 1 : 0) || a.p.end.localeCompare(b.p.end));
        return (entries[entries.length - 1]?.status as TaskStatus | undefined) ?? null;
      });
      const order: (TaskStatus | null)[] = [null, 'not_started', 'not_feasible', 'in_progress', 'completed'];
      const s = statuses.reduce((a, b) => (order.indexOf(a) <= order.indexOf(b) ? a : b));
      counts[s ?? 'not_reported']++;
    }
    out.push({ year, counts: { ...counts, tasks: taskIds.length } });
  }
  return out;
}

export async function taskProgressRef(db: Db, progressId: number) {
  const r = await db.selectFrom('task_progress as tp').innerJoin('agency as a', 'a.id', 'tp.agency_id').select(['tp.id', 'tp.agency_id', 'a.unit_id']).where('tp.id', '=', progressId).executeTakeFirst();
  return r ? { agencyId: r.agency_id, unitId: r.unit_id } : null;
}

export async function addTaskEvidence(db: Db, progressId: number, file: { filename: string; bytes: Uint8Array; truncated: boolean; userId: number | null }) {
  const exists = await db.selectFrom('task_progress').select('id').where('id', '=', progressId).executeTakeFirst();
  if (!exists) throw new ReportingError(404, 'not_found', 'Chưa có báo cáo tiến độ để đính kèm minh chứng.', 'No progress entry to attach evidence to.');
  const { kind, mediaType } = checkEvidence(file.filename, file.bytes, file.truncated);
  const row = await db.insertInto('task_progress_evidence').values({ progress_id: progressId, filename: file.filename.slice(0, 255), kind, media_type: mediaType, size_bytes: file.bytes.length, sha256: createHash('sha256').update(file.bytes).digest('hex'), content: file.bytes, uploaded_by: file.userId }).returning(['id', 'filename', 'kind', 'size_bytes', 'sha256']).executeTakeFirstOrThrow();
  return { id: row.id, filename: row.filename, kind: row.kind, sizeBytes: row.size_bytes, sha256: row.sha256 };
}

/** A timestamp's day in Vietnam (UTC+7), YYYY-MM-DD. */
export function vnDay(at: Date | string): string {
  return new Date(new Date(at).getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

const ruleOf = (r: { period_type: string; due_day: number; due_month: number; due_month_offset: number | null }): PeriodRule => ({ periodType: r.period_type as ReportingPeriodType, dueDay: r.due_day, dueMonth: r.due_month, dueMonthOffset: r.due_month_offset });

/** The deadline of a period under the plan's reporting rules (the earliest rule of its kind), null when the plan sets none. */
export async function periodDueDate(db: Db, planId: number, period: string): Promise<string | null> {
  const p = reportingPeriod(period);
  if (!p) return null;
  const rules = (await db.selectFrom('reporting_rule').select(['period_type', 'due_day', 'due_month', 'due_month_offset']).where('plan_id', '=', planId).execute()).map(ruleOf);
  const dates = rules.filter((r) => r.periodType === p.type && (p.type === 'Yearly' || periodsOfRule(r, p.year).some((x) => x.code === p.code))).map((r) => dueDateOf(r, p)).sort();
  return dates[0] ?? null;
}

/**
 * "Tiến độ nhiệm vụ" of a reporter: every task of an issued plan that one of `agencyIds` leads, with its entry for the
 * period (evidence, version), the status it replaces (the previous period's), the deadline; and the periods the
 * plans ask for (years of each plan up to this year, and the sub-periods of its rules).
 */
export async function myTasks(db: Db, agencyIds: number[], period: string | null) {
  const today = vnDay(new Date());
  const thisYear = Number(today.slice(0, 4));
  const links = agencyIds.length
    ? await db.selectFrom('task_agency as ta').innerJoin('task as t', 't.id', 'ta.task_id').innerJoin('plan as p', 'p.id', 't.plan_id').innerJoin('agency as a', 'a.id', 'ta.agency_id')
      .select(['t.id as task_id', 't.title', 't.section', 't.position', 'p.id as plan_id', 'p.title as plan_title', 'p.number as plan_number', 'p.period_from', 'p.period_to', 'a.id as agency_id', 'a.name as agency_name'])
      .where('ta.agency_id', 'in', agencyIds).where('ta.role', '=', 'lead').where('p.status', '=', 'issued').orderBy('p.id').orderBy('t.position').orderBy('t.id').execute()
    : [];
  const planIds = [...new Set(links.map((l) => l.plan_id))];
  const rules = planIds.length ? await db.selectFrom('reporting_rule').select(['plan_id', 'period_type', 'due_day', 'due_month', 'due_month_offset']).where('plan_id', 'in', planIds).execute() : [];
  // the periods on offer: each plan's years up to this one (newest first), with the sub-periods its rules ask for
  const offered = new Map<string, { code: string; label: { vi: string; en: string }; end: string }>();
  for (const l of links) {
    const from = l.period_from ?? thisYear;
    const to = Math.min(l.period_to ?? thisYear, thisYear);
    for (let y = from; y <= to; y++) {
      const yp = reportingPeriod(String(y))!;
      offered.set(yp.code, { code: yp.code, label: periodLabel(yp.code), end: `${yp.end}|1` });
      for (const r of rules.filter((x) => x.plan_id === l.plan_id && x.period_type !== 'Yearly').map(ruleOf))
        for (const sp of periodsOfRule(r, y)) if (sp.start <= today) offered.set(sp.code, { code: sp.code, label: periodLabel(sp.code), end: `${sp.end}|0` });
    }
  }
  const periods = [...offered.values()].sort((a, b) => b.end.localeCompare(a.end)).map(({ code, label }) => ({ code, label }));
  // the default period: the latest year whose deadline has passed or is the nearest to come
  const chosen = period ?? periods.find((x) => x.code.length === 4 && Number(x.code) <= thisYear)?.code ?? String(thisYear);
  const p = reportingPeriod(chosen);
  if (!p) throw new ReportingError(400, 'invalid_period', `"${chosen}" không phải kỳ báo cáo hợp lệ (2025, 2025S1, 2025Q3, 202507).`, `"${chosen}" is not a valid reporting period (2025, 2025S1, 2025Q3, 202507).`, undefined, ['period']);
  const inPeriod = links.filter((l) => (l.period_from === null || p.year >= l.period_from) && (l.period_to === null || p.year <= l.period_to));
  const taskIds = [...new Set(inPeriod.map((l) => l.task_id))];
  const entries = taskIds.length ? await db.selectFrom('task_progress').selectAll().where('task_id', 'in', taskIds).where('agency_id', 'in', agencyIds).execute() : [];
  const current = entries.filter((e) => e.period === p.code);
  const evidence = current.length ? await db.selectFrom('task_progress_evidence').select(['id', 'progress_id', 'filename', 'size_bytes']).where('progress_id', 'in', current.map((e) => e.id)).orderBy('id').execute() : [];
  const dues = new Map<number, string | null>();
  for (const planId of planIds) {
    const dates = rules.filter((r) => r.plan_id === planId).map(ruleOf).filter((r) => r.periodType === p.type && (p.type === 'Yearly' || periodsOfRule(r, p.year).some((x) => x.code === p.code))).map((r) => dueDateOf(r, p)).sort();
    dues.set(planId, dates[0] ?? null);
  }
  const items = inPeriod.map((l) => {
    const e = current.find((x) => x.task_id === l.task_id && x.agency_id === l.agency_id);
    const earlier = entries.filter((x) => x.task_id === l.task_id && x.agency_id === l.agency_id && x.period !== p.code && (reportingPeriod(x.period)?.end ?? '') < p.end);
    const prev = latestEntry(earlier, (code) => reportingPeriod(code)?.end ?? null);
    const dueDate = dues.get(l.plan_id) ?? null;
    return {
      taskId: l.task_id, title: l.title, section: l.section,
      plan: { id: l.plan_id, title: l.plan_title, number: l.plan_number },
      agency: { id: l.agency_id, name: l.agency_name },
      dueDate, deadline: progressDeadline(e ? vnDay(e.created_at) : null, dueDate, today),
      entry: e ? { ...view(e), evidence: evidence.filter((x) => x.progress_id === e.id).map((x) => ({ id: x.id, filename: x.filename, sizeBytes: x.size_bytes })) } : null,
      previous: prev ? { period: prev.period, periodLabel: periodLabel(prev.period).vi, status: prev.status as TaskStatus, statusLabel: TASK_STATUS_LABELS[prev.status as TaskStatus] } : null,
    };
  });
  return { period: p.code, periodLabel: periodLabel(p.code), periods, items, statusLabels: TASK_STATUS_LABELS, deadlineLabels: PROGRESS_DEADLINE_LABELS };
}

/** The plan page: each task's latest entry (per lead agency), whatever its period. */
export async function planTaskStatus(db: Db, planId: number) {
  const rows = await db.selectFrom('task_progress as tp').innerJoin('agency as a', 'a.id', 'tp.agency_id').select(['tp.task_id', 'tp.agency_id', 'a.name as agency_name', 'tp.period', 'tp.status', 'tp.percent']).where('tp.plan_id', '=', planId).execute();
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const k = `${r.task_id}:${r.agency_id}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const items = [...groups.values()].map((list) => latestEntry(list, (code) => reportingPeriod(code)?.end ?? null)!).map((r) => ({
    taskId: r.task_id, agency: { id: r.agency_id, name: r.agency_name }, period: r.period, periodLabel: periodLabel(r.period), status: r.status as TaskStatus, statusLabel: TASK_STATUS_LABELS[r.status as TaskStatus], percent: num(r.percent),
  }));
  return { items };
}
