import { useT } from '../../lib/i18n.ts';

/** The four statuses of a task in a period (src/domain/reporting/task-progress.ts), Vietnamese first. */
export const TASK_STATUS: Record<string, [string, string, string]> = {
  not_started: ['Chưa triển khai', 'Not started', 'status-no_data'],
  in_progress: ['Đang thực hiện', 'In progress', 'status-on_track'],
  completed: ['Hoàn thành', 'Completed', 'status-achieved'],
  not_feasible: ['Không thực hiện được', 'Could not be carried out', 'status-off_track'],
};
export const TASK_STATUS_ORDER = ['not_started', 'in_progress', 'completed', 'not_feasible'] as const;

export function TaskStatusBadge({ status, percent }: { status: string | null; percent?: number | null }) {
  const t = useT();
  if (!status) return <span className="badge status-no_data">{t('Chưa báo cáo', 'Not reported')}</span>;
  const [vi, en, cls] = TASK_STATUS[status] ?? [status, status, 'status-no_data'];
  const pct = percent !== null && percent !== undefined && status !== 'completed' && status !== 'not_started' ? ` ${String(percent).replace('.', ',')}%` : '';
  return <span className={`badge ${cls}`} data-status={status}>{t(vi, en)}{pct}</span>;
}

const DEADLINE: Record<string, [string, string, string]> = {
  on_time: ['Đúng hạn', 'On time', 'status-achieved'],
  late: ['Báo cáo muộn', 'Late', 'status-at_risk'],
  missing: ['Chưa báo cáo, quá hạn', 'Missing, overdue', 'status-off_track'],
  not_yet_due: ['Chưa đến hạn', 'Not yet due', 'status-no_data'],
  no_deadline: ['Không có hạn', 'No deadline', 'status-no_data'],
};
export function ProgressDeadlineBadge({ state }: { state: string }) {
  const t = useT();
  const [vi, en, cls] = DEADLINE[state] ?? [state, state, 'status-no_data'];
  return <span className={`badge ${cls}`} data-deadline={state}>{t(vi, en)}</span>;
}
