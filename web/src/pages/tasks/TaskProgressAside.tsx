import { qs, useApi } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { Link } from '../../lib/links.ts';
import { useSession } from '../../lib/session.ts';
import { formatNumber } from '../../../../src/domain/format.ts';
import { TaskStatusBadge } from './shared.tsx';
import type { MyTasks } from './MyTasksPage.tsx';

/**
 * "Tiến độ nhiệm vụ" beside the figures of a report form: the tasks the reporter's agency leads, their status in the
 * report's period, and the way to the entry screen. Nothing for a user who leads no task.
 */
export function TaskProgressAside({ period }: { period: string }) {
  const t = useT();
  const session = useSession();
  const leads = session.can('reports.enter') && (session.user?.grants ?? []).some((g) => g.agencyId !== null && g.agencyId !== undefined);
  const { data } = useApi<MyTasks>(leads ? `/api/my/tasks${qs({ period })}` : null);
  if (!data || data.items.length === 0) return null;
  const done = data.items.filter((i) => i.entry).length;
  return (
    <aside className="panel task-progress-aside" aria-labelledby="task-aside-title">
      <h2 id="task-aside-title">{t('Tiến độ nhiệm vụ', 'Task progress')}</h2>
      <p className="small">{t(`Đã báo cáo ${formatNumber(done)}/${formatNumber(data.items.length)} nhiệm vụ cơ quan chủ trì (${data.periodLabel.vi.toLowerCase()}).`, `${formatNumber(done)}/${formatNumber(data.items.length)} tasks your agency leads reported (${data.periodLabel.en}).`)}</p>
      <ul className="plain-list">
        {data.items.map((i) => <li key={`${i.taskId}-${i.agency.id}`}>{i.title} <TaskStatusBadge status={i.entry?.status ?? null} percent={i.entry?.percent} /></li>)}
      </ul>
      <p><Link to={`/tasks${qs({ period: data.period })}`} className="btn btn-small">{t('Báo cáo tiến độ nhiệm vụ', 'Report task progress')}</Link></p>
    </aside>
  );
}
