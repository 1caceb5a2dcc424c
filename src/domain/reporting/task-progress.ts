/**
 * Task progress (issue #16), pure: each task of a plan, per reporting period (`2025`, `2025S1`…), reported by its
 * lead agency: a status, a percentage where the task is measurable, results and difficulties in words.
 * Rules: a status leaving "hoàn thành" (in the same period, or from the task's previous period) needs a
 * reason; "không thực hiện được" needs a reason or the difficulties; a completed task is 100% when measured.
 */
export const TASK_STATUSES = ['not_started', 'in_progress', 'completed', 'not_feasible'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_STATUS_LABELS: Record<TaskStatus, { vi: string; en: string }> = {
  not_started: { vi: 'Chưa triển khai', en: 'Not started' },
  in_progress: { vi: 'Đang thực hiện', en: 'In progress' },
  completed: { vi: 'Hoàn thành', en: 'Completed' },
  not_feasible: { vi: 'Không thực hiện được', en: 'Could not be carried out' },
};

export interface TaskProgressInput {
  status: TaskStatus;
  percent: number | null;
  results: string | null;
  difficulties: string | null;
  reason: string | null;
}

export interface ProgressIssue {
  code: string;
  field: string;
  vi: string;
  en: string;
}

const blank = (s: string | null | undefined) => !s || !s.trim();

/** Checks one entry; `previous` = the status it replaces (same period) or the task's status in its previous period. */
export function validateTaskProgress(input: TaskProgressInput, previous: { status: TaskStatus; period: string } | null): ProgressIssue[] {
  const issues: ProgressIssue[] = [];
  if (input.percent !== null && (!Number.isFinite(input.percent) || input.percent < 0 || input.percent > 100))
    issues.push({ code: 'percent_out_of_range', field: 'percent', vi: 'Tỷ lệ hoàn thành phải từ 0 đến 100%.', en: 'The percentage must be between 0 and 100.' });
  if (input.status === 'completed' && input.percent !== null && input.percent < 100)
    issues.push({ code: 'completed_below_100', field: 'percent', vi: `Nhiệm vụ "hoàn thành" nhưng tỷ lệ ghi ${String(input.percent).replace('.', ',')}%: hãy chọn "đang thực hiện" hoặc ghi 100%.`, en: `The task is "completed" but its percentage is ${input.percent}%: choose "in progress" or give 100%.` });
  if (input.status === 'not_started' && input.percent !== null && input.percent > 0)
    issues.push({ code: 'not_started_with_percent', field: 'percent', vi: 'Nhiệm vụ "chưa triển khai" không thể có tỷ lệ hoàn thành lớn hơn 0%.', en: 'A task "not started" cannot have a percentage above 0%.' });
  if (input.status === 'not_feasible' && blank(input.reason) && blank(input.difficulties))
    issues.push({ code: 'reason_required', field: 'difficulties', vi: 'Nhiệm vụ "không thực hiện được" cần ghi lý do hoặc khó khăn, vướng mắc.', en: 'A task that could not be carried out needs a reason or the difficulties.' });
  if (previous?.status === 'completed' && input.status !== 'completed' && blank(input.reason))
    issues.push({ code: 'reason_required', field: 'reason', vi: `Nhiệm vụ đã "hoàn thành" (kỳ ${previous.period}); chuyển sang "${TASK_STATUS_LABELS[input.status].vi.toLowerCase()}" cần ghi lý do.`, en: `The task was completed (period ${previous.period}); changing it to "${TASK_STATUS_LABELS[input.status].en.toLowerCase()}" needs a reason.` });
  for (const [field, text] of [['results', input.results], ['difficulties', input.difficulties], ['reason', input.reason]] as const)
    if (text && text.length > 8000) issues.push({ code: 'text_too_long', field, vi: 'Nội dung quá dài (tối đa 8.000 ký tự).', en: 'Text too long (at most 8,000 characters).' });
  return issues;
}

export interface TaskRow {
  taskId: number;
  section: string | null;
  title: string;
  agency: { id: number; name: string } | null;
  status: TaskStatus | null;
  percent: number | null;
  results: string | null;
  difficulties: string | null;
}

export type StatusCounts = Record<TaskStatus | 'not_reported', number>;
export const emptyCounts = (): StatusCounts => ({ not_started: 0, in_progress: 0, completed: 0, not_feasible: 0, not_reported: 0 });

/** The issuer's roll-up: counts per status, overall and per lead agency. */
export function rollUp<R extends TaskRow>(rows: R[]): { total: StatusCounts & { tasks: number; completedShare: number | null }; byAgency: { agency: { id: number; name: string } | null; counts: StatusCounts; tasks: number; rows: R[] }[] } {
  const total = emptyCounts();
  const agencies = new Map<string, { agency: { id: number; name: string } | null; counts: StatusCounts; tasks: number; rows: R[] }>();
  for (const r of rows) {
    const k = r.agency ? String(r.agency.id) : '';
    const a = agencies.get(k) ?? { agency: r.agency, counts: emptyCounts(), tasks: 0, rows: [] };
    const s = r.status ?? 'not_reported';
    total[s]++;
    a.counts[s]++;
    a.tasks++;
    a.rows.push(r);
    agencies.set(k, a);
  }
  const tasks = rows.length;
  return { total: { ...total, tasks, completedShare: tasks ? total.completed / tasks : null }, byAgency: [...agencies.values()].sort((a, b) => (a.agency?.name ?? '~').localeCompare(b.agency?.name ?? '~', 'vi')) };
}

/** Groups rows as the plan groups its tasks (its sections, in the plan's order). */
export function bySection<R extends TaskRow>(rows: R[]): { section: string | null; rows: R[] }[] {
  const out: { section: string | null; rows: R[] }[] = [];
  for (const r of rows) {
    const last = out[out.length - 1];
    if (last && last.section === r.section) last.rows.push(r);
    else out.push({ section: r.section, rows: [r] });
  }
  return out;
}

/** One sentence for the reviews: "12/20 nhiệm vụ hoàn thành (60,0%), 5 đang thực hiện, 1 không thực hiện được, 2 chưa báo cáo". */
export function completionSentence(c: StatusCounts & { tasks: number }): string {
  const share = c.tasks ? ((100 * c.completed) / c.tasks).toFixed(1).replace('.', ',') : '0';
  const parts = [`${c.completed}/${c.tasks} nhiệm vụ hoàn thành (${share}%)`];
  if (c.in_progress) parts.push(`${c.in_progress} đang thực hiện`);
  if (c.not_started) parts.push(`${c.not_started} chưa triển khai`);
  if (c.not_feasible) parts.push(`${c.not_feasible} không thực hiện được`);
  if (c.not_reported) parts.push(`${c.not_reported} chưa báo cáo`);
  return parts.join(', ');
}

/** Where an entry stands against its period's deadline: sent on time or late, missing once the deadline has passed. */
export type ProgressDeadline = 'on_time' | 'late' | 'missing' | 'not_yet_due' | 'no_deadline';
export const PROGRESS_DEADLINE_LABELS: Record<ProgressDeadline, { vi: string; en: string }> = {
  on_time: { vi: 'Đúng hạn', en: 'On time' },
  late: { vi: 'Báo cáo muộn', en: 'Late' },
  missing: { vi: 'Chưa báo cáo, quá hạn', en: 'Missing, overdue' },
  not_yet_due: { vi: 'Chưa đến hạn', en: 'Not yet due' },
  no_deadline: { vi: 'Không có hạn', en: 'No deadline' },
};

/**
 * `firstSaved`: the day (Vietnam time, YYYY-MM-DD) the entry was first saved, null when there is none; `due`: the
 * period's deadline under the plan's rules (null: the plan sets none); `today` in Vietnam time.
 */
export function progressDeadline(firstSaved: string | null, due: string | null, today: string): ProgressDeadline {
  if (firstSaved !== null) return due !== null && firstSaved > due ? 'late' : 'on_time';
  if (due === null) return 'no_deadline';
  return today > due ? 'missing' : 'not_yet_due';
}

/** The latest of a task's entries: the one whose period ends last (a year's entry after its last sub-period's). */
export function latestEntry<T extends { period: string }>(entries: T[], end: (period: string) => string | null): T | null {
  let best: T | null = null;
  let bestKey = '';
  for (const e of entries) {
    const key = `${end(e.period) ?? ''}|${e.period.length === 4 ? 1 : 0}`;
    if (best === null || key > bestKey) {
      best = e;
      bestKey = key;
    }
  }
  return best;
}
