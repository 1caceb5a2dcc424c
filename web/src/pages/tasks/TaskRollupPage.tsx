import { qs, useApi } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { setQuery, useRoute } from '../../lib/router.ts';
import { Link } from '../../lib/links.ts';
import type { PageProps } from '../../lib/pages.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { formatDate, formatNumber, formatShare } from '../../../../src/domain/format.ts';
import { ProgressDeadlineBadge, TaskStatusBadge } from './shared.tsx';

interface Row {
  taskId: number;
  section: string | null;
  title: string;
  agency: { id: number; name: string } | null;
  status: string | null;
  percent: number | null;
  results: string | null;
  difficulties: string | null;
  reason: string | null;
  progressId: number | null;
  evidence: { id: number; filename: string }[];
  deadline: string;
  firstSaved: string | null;
}
type Counts = { not_started: number; in_progress: number; completed: number; not_feasible: number; not_reported: number };
interface Rollup {
  plan: { id: number; title: string; number: string | null };
  period: string;
  periodLabel: string;
  dueDate: string | null;
  total: Counts & { tasks: number; completedShare: number | null; late: number; missing: number };
  byAgency: { agency: { id: number; name: string } | null; counts: Counts; tasks: number; late: number; missing: number; rows: Row[] }[];
  sections: { section: string | null; rows: Row[] }[];
}

/** Years offered: the plan's period up to this year, newest first. */
function years(from: number | null | undefined, to: number | null | undefined): number[] {
  const now = new Date().getFullYear();
  const last = Math.min(to ?? now, now);
  const first = from ?? last - 4;
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => last - i);
}

/**
 * "Tổng hợp tiến độ nhiệm vụ" for the plan's issuer: x/y tasks done in the period, then a table per lead agency
 * (each task's status, %, results, difficulties, late or missing entries), the tasks in the order and groups of the plan.
 */
export default function TaskRollupPage({ params }: PageProps) {
  const t = useT();
  const { query } = useRoute();
  const id = Number(params.id);
  const plan = useApi<{ id: number; title: string; periodFrom: number | null; periodTo: number | null }>(Number.isInteger(id) && id > 0 ? `/api/plans/${id}` : null);
  const offered = years(plan.data?.periodFrom, plan.data?.periodTo);
  const period = query.get('period') ?? (plan.data ? String(offered.find((y) => y < new Date().getFullYear()) ?? offered[0] ?? new Date().getFullYear()) : null);
  const { data, error, loading, reload } = useApi<Rollup>(period && Number.isInteger(id) && id > 0 ? `/api/plans/${id}/task-progress${qs({ period })}` : null);
  if (!Number.isInteger(id) || id <= 0) return <ErrorMessage error={t('Mã kế hoạch không hợp lệ.', 'Invalid plan id.')} />;
  const sectionOf = new Map<number, string | null>();
  const order = new Map<number, number>();
  data?.sections.forEach((s, i) => s.rows.forEach((r) => { sectionOf.set(r.taskId, s.section); order.set(r.taskId, i); }));
  const total = data?.total;
  return (
    <section className="task-rollup">
      <div className="breadcrumb">
        <Link to="/plans">{t('Kế hoạch', 'Plans')}</Link> › <Link to={`/plans/${id}`}>{plan.data?.title ?? '…'}</Link> › {t('Tiến độ nhiệm vụ', 'Task progress')}
      </div>
      <h1>{t('Tổng hợp tiến độ nhiệm vụ', 'Task progress roll-up')}</h1>
      <div className="toolbar panel">
        <div className="field">
          <label htmlFor="rollup-period">{t('Kỳ báo cáo', 'Reporting period')}</label>
          <select id="rollup-period" value={period ?? ''} onChange={(e) => setQuery({ period: e.target.value })}>
            {offered.map((y) => <option key={y} value={y}>{t(`Năm ${y}`, `Year ${y}`)}</option>)}
            {period && !offered.includes(Number(period)) && <option value={period}>{data?.periodLabel ?? period}</option>}
          </select>
        </div>
      </div>
      <ErrorMessage error={plan.error ?? error} onRetry={reload} />
      {(loading || plan.loading) && <Loading />}
      {data && total && (
        <>
          <div className="panel task-total" role="status">
            <p>
              <strong className="big-number">{formatNumber(total.completed)}/{formatNumber(total.tasks)}</strong> {t('nhiệm vụ hoàn thành', 'tasks completed')} ({formatShare(total.completedShare)}) — {data.periodLabel}
            </p>
            <p className="small">
              {formatNumber(total.in_progress)} {t('đang thực hiện', 'in progress')} · {formatNumber(total.not_started)} {t('chưa triển khai', 'not started')} · {formatNumber(total.not_feasible)} {t('không thực hiện được', 'could not be carried out')} · {formatNumber(total.not_reported)} {t('chưa báo cáo', 'not reported')}
              {data.dueDate && <> · {t('hạn báo cáo', 'due')} {formatDate(data.dueDate)}: {formatNumber(total.late)} {t('báo cáo muộn', 'late')}, {formatNumber(total.missing)} {t('quá hạn chưa báo cáo', 'missing')}</>}
            </p>
          </div>
          {data.byAgency.map((a) => {
            const rows = [...a.rows].sort((x, y) => (order.get(x.taskId) ?? 0) - (order.get(y.taskId) ?? 0));
            return (
              <section key={a.agency?.id ?? 'none'} className="task-agency" aria-label={a.agency?.name ?? t('Chưa giao cơ quan chủ trì', 'No lead agency')}>
                <h2>{a.agency?.name ?? t('Chưa giao cơ quan chủ trì', 'No lead agency')}</h2>
                <p className="small agency-summary">
                  <strong>{formatNumber(a.counts.completed)}/{formatNumber(a.tasks)}</strong> {t('nhiệm vụ hoàn thành', 'tasks completed')}
                  {a.late > 0 && <> · {formatNumber(a.late)} {t('báo cáo muộn', 'late')}</>}
                  {a.missing > 0 && <> · <strong className="error-text">{formatNumber(a.missing)} {t('quá hạn chưa báo cáo', 'missing')}</strong></>}
                </p>
                <div className="table-wrap">
                  <table className="data-table collapse-table">
                    <thead>
                      <tr>
                        <th>{t('Nhiệm vụ', 'Task')}</th>
                        <th>{t('Tình trạng', 'Status')}</th>
                        <th>{t('Kết quả, khó khăn', 'Results, difficulties')}</th>
                        <th>{t('Hạn', 'Deadline')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.flatMap((r, i) => {
                        const section = sectionOf.get(r.taskId) ?? null;
                        const heading = section && (i === 0 || sectionOf.get(rows[i - 1].taskId) !== section)
                          ? [<tr key={`g-${r.taskId}`} className="task-group"><th colSpan={4} scope="colgroup">{section}</th></tr>] : [];
                        return [...heading, (
                          <tr key={r.taskId} data-task={r.taskId}>
                            <td><strong>{r.title}</strong></td>
                            <td data-label={t('Tình trạng', 'Status')}><TaskStatusBadge status={r.status} percent={r.percent} /></td>
                            <td>
                              {r.results && <div>{r.results}</div>}
                              {r.difficulties && <div className="small"><em>{t('Khó khăn:', 'Difficulties:')}</em> {r.difficulties}</div>}
                              {r.reason && <div className="small muted">{t('Lý do:', 'Reason:')} {r.reason}</div>}
                              {r.progressId !== null && r.evidence.map((e) => <div key={e.id} className="small"><a href={`/api/task-progress/${r.progressId}/evidence/${e.id}`} download>📎 {e.filename}</a></div>)}
                            </td>
                            <td data-label={t('Hạn', 'Deadline')}><ProgressDeadlineBadge state={r.deadline} /></td>
                          </tr>
                        )];
                      })}
                    </tbody>
                  </table>
                </div>
              </section>
            );
          })}
        </>
      )}
    </section>
  );
}
