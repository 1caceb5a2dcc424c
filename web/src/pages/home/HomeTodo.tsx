import type { ReactElement } from 'react';
import { qs, useApi } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { Link } from '../../lib/links.ts';
import { useSession, type Grant } from '../../lib/session.ts';
import { formatDate, formatDateTime, formatNumber } from '../../../../src/domain/format.ts';
import { STEP_VI } from '../children/common.tsx';
import { reportPeriodText } from '../reporting/shared.tsx';

/**
 * "Việc cần làm": what the signed-in user owes, first thing on the home page (issue #19, point 7) — the reports to send
 * (each a link), the reports waiting for approval, the overdue steps of one's cases (urgent first), the cases waiting for a
 * supervisor, the child-friendly commune files open for assessment or waiting for recognition. Only what the user's
 * permissions cover is asked for; nothing owed says so.
 */
export function HomeTodo() {
  const t = useT();
  const session = useSession();
  const grants = session.user?.grants ?? [];
  const unitOf = (roles: string[]) => grants.find((g: Grant) => roles.includes(g.role) && g.unitId !== null)?.unitId ?? grants.find((g) => g.unitId !== null)?.unitId ?? null;
  const reportUnit = unitOf(['unit_officer', 'leader']);
  const caseUnit = unitOf(['cp_supervisor', 'case_worker']);
  const cffUnit = unitOf(['cff_assessor', 'unit_officer']);
  const enters = session.can('reports.enter');
  const approves = session.can('reports.approve') && reportUnit !== null;
  const works = session.can('cases.write');
  const supervises = session.can('cases.supervise') && caseUnit !== null;
  const assesses = session.can('cff.assess') && cffUnit !== null;
  const recognises = session.can('cff.recognise') && cffUnit !== null;
  // a lead agency's reporter owes the progress of the tasks the agency leads (issue #16)
  const leadsTasks = enters && grants.some((g: Grant) => g.agencyId !== null && g.agencyId !== undefined);

  const defaults = useApi<{ cffYear?: number | null }>(assesses || recognises ? '/api/reporting/defaults' : null);
  const cffYear = defaults.data?.cffYear ?? null;
  const reports = useApi<{ items: { id: number; year: number; kind: string; period: string; unit: { id: number; name: string }; agency: { name: string } | null; status: string; deadline: string; dueDate: string }[] }>(enters ? '/api/my/reports' : null);
  const inbox = useApi<{ items: unknown[] }>(approves ? `/api/inbox${qs({ unitId: reportUnit, status: 'submitted' })}` : null);
  const cases = useApi<{ items: { id: number; status: string; urgency: string; nextStep: { step: string; dueAt: string | null; overdueHours: number } | null }[] }>(works ? '/api/cases/mine' : null);
  const approvals = useApi<{ items: unknown[] }>(supervises ? `/api/cases/approvals${qs({ unitId: caseUnit })}` : null);
  const files = useApi<{ rows: { unitId: number; name: string; registrationId: number | null; status: string }[] }>(assesses && cffYear ? `/api/cff/communes${qs({ unitId: cffUnit, year: cffYear })}` : null);
  const tasks = useApi<{ period: string; periodLabel: { vi: string; en: string }; items: { taskId: number; entry: unknown; deadline: string }[] }>(leadsTasks ? '/api/my/tasks' : null);
  const queue = useApi<{ items: unknown[] }>(recognises && cffYear ? `/api/cff/queue${qs({ unitId: cffUnit, year: cffYear })}` : null);

  if (!(enters || leadsTasks || approves || works || supervises || assesses || recognises)) return null;
  // an approving officer owes the reports of its own unit; the units below owe theirs (they are in the inbox once sent)
  const owed = (reports.data?.items ?? []).filter((r) => (r.status === 'draft' || r.status === 'returned') && (!approves || r.unit.id === reportUnit)).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  const overdue = (cases.data?.items ?? [])
    .filter((c) => c.nextStep && c.nextStep.overdueHours > 0 && !c.status.endsWith('_pending'))
    .sort((a, b) => Number(b.urgency === 'urgent') - Number(a.urgency === 'urgent') || (b.nextStep?.overdueHours ?? 0) - (a.nextStep?.overdueHours ?? 0));
  const openFiles = (files.data?.rows ?? []).filter((r) => r.registrationId !== null && ['registered', 'in_progress', 'returned'].includes(r.status));
  const items: ReactElement[] = [];

  if (enters && reports.data) {
    items.push(
      <li key="reports">
        <strong>{owed.length === 0 ? t('Không có báo cáo nào cần gửi.', 'No report to send.') : t(`${owed.length} báo cáo cần gửi`, `${owed.length} report(s) to send`)}</strong>
        {owed.length > 0 && (
          <ul>
            {owed.slice(0, 5).map((r) => (
              <li key={r.id}>
                <Link to={`/reports/${r.id}`}>{r.unit.name}{r.agency ? ` — ${r.agency.name}` : ''} · {reportPeriodText(r, t)}</Link>{' '}
                <span className="muted">
                  {r.status === 'returned' ? t('bị trả lại, cần sửa', 'returned, to correct') : r.deadline === 'overdue' ? t(`quá hạn từ ${formatDate(r.dueDate)}`, `overdue since ${formatDate(r.dueDate)}`) : t(`hạn ${formatDate(r.dueDate)}`, `due ${formatDate(r.dueDate)}`)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </li>,
    );
  }
  if (leadsTasks && tasks.data && tasks.data.items.length > 0) {
    const open = tasks.data.items.filter((i) => !i.entry);
    const overdue = open.filter((i) => i.deadline === 'missing').length;
    const label = t(tasks.data.periodLabel.vi, tasks.data.periodLabel.en);
    items.push(
      <li key="tasks">
        {open.length === 0 ? (
          <Link to={`/tasks${qs({ period: tasks.data.period })}`}>{t(`Đã báo cáo tiến độ ${tasks.data.items.length} nhiệm vụ (${label.toLowerCase()}).`, `Progress reported for ${tasks.data.items.length} task(s) (${label}).`)}</Link>
        ) : (
          <Link to={`/tasks${qs({ period: tasks.data.period })}`}><strong>{t(`${open.length}/${tasks.data.items.length} nhiệm vụ chưa báo cáo tiến độ (${label.toLowerCase()})`, `${open.length}/${tasks.data.items.length} task(s) without progress (${label})`)}</strong></Link>
        )}
        {overdue > 0 && <span className="error-text"> · {t(`${overdue} quá hạn`, `${overdue} overdue`)}</span>}
      </li>,
    );
  }
  if (approves && inbox.data) {
    const n = inbox.data.items.length;
    items.push(<li key="inbox">{n === 0 ? t('Không có báo cáo chờ duyệt.', 'No report awaits approval.') : <Link to="/reports/inbox"><strong>{t(`${formatNumber(n)} báo cáo chờ duyệt`, `${formatNumber(n)} report(s) await approval`)}</strong></Link>}</li>);
  }
  if (works && cases.data) {
    items.push(
      <li key="cases">
        <strong>{overdue.length === 0 ? t('Không có ca nào quá hạn.', 'No overdue case.') : t(`${overdue.length} ca quá hạn`, `${overdue.length} overdue case(s)`)}</strong>
        {overdue.length > 0 && (
          <ul>
            {overdue.slice(0, 5).map((c) => (
              <li key={c.id}>
                <Link to={`/cases/${c.id}`}>{t('Ca', 'Case')} #{c.id}</Link>
                {c.urgency === 'urgent' && <strong className="error-text"> · {t('khẩn cấp', 'urgent')}</strong>}
                {c.nextStep && <> · {t(...(STEP_VI[c.nextStep.step] ?? [t('bước tiếp theo', 'next step'), 'next step']))} {t('quá hạn', 'overdue')} {formatNumber(Math.round(c.nextStep.overdueHours))} {t('giờ', 'hours')}{c.nextStep.dueAt ? ` (${t('hạn', 'due')} ${formatDateTime(c.nextStep.dueAt)})` : ''}</>}
              </li>
            ))}
          </ul>
        )}
      </li>,
    );
  }
  if (supervises && approvals.data) {
    const n = approvals.data.items.length;
    items.push(<li key="approvals">{n === 0 ? t('Không có hồ sơ trường hợp chờ phê duyệt.', 'No case awaits approval.') : <Link to="/cases/supervise"><strong>{t(`${n} hồ sơ trường hợp chờ phê duyệt`, `${n} case(s) await your approval`)}</strong></Link>}</li>);
  }
  if (assesses && files.data) {
    items.push(
      <li key="files">
        <strong>{openFiles.length === 0 ? t('Không có hồ sơ xã phù hợp với trẻ em nào đang mở.', 'No child-friendly commune file is open.') : t(`${openFiles.length} hồ sơ xã phù hợp với trẻ em đang mở (${cffYear})`, `${openFiles.length} open child-friendly commune file(s) (${cffYear})`)}</strong>
        {openFiles.length > 0 && (
          <ul>
            {openFiles.slice(0, 5).map((r) => (
              <li key={r.registrationId}>
                <Link to={`/cff/registrations/${r.registrationId}`}>{r.name}</Link> <span className="muted">{r.status === 'returned' ? t('trả lại để bổ sung', 'returned for additions') : t('đang tự đánh giá', 'self-assessment under way')}</span>
              </li>
            ))}
          </ul>
        )}
      </li>,
    );
  }
  if (recognises && queue.data && queue.data.items.length > 0) {
    items.push(<li key="queue"><Link to={`/cff/queue${qs({ unitId: cffUnit, year: cffYear })}`}><strong>{t(`${queue.data.items.length} hồ sơ chờ thẩm định`, `${queue.data.items.length} file(s) await review`)}</strong></Link></li>);
  }
  if (items.length === 0) return null;
  return (
    <section className="panel home-todo" aria-labelledby="home-todo-title">
      <h2 id="home-todo-title">{t('Việc cần làm', 'To do')}</h2>
      <ul className="todo-list">{items}</ul>
    </section>
  );
}
