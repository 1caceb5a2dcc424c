import { useApi } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { formatDateTime } from '../../../../src/domain/format.ts';
import { Link } from '../../lib/links.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { CaseStatusLabel, OverdueHours, PrivacyNote, STEP_VI } from './common.tsx';

interface Item { id: number; childName: string; unitName: string; status: string; urgency: string; receivedAt: string; nextStep: { step: string; dueAt: string | null; overdueHours: number } | null }

export default function MyCasesPage() {
  const t = useT();
  const r = useApi<{ items: Item[] }>('/api/cases/mine');
  if (r.loading) return <Loading />;
  if (r.error || !r.data) return <ErrorMessage error={r.error} onRetry={r.reload} />;
  // overdue first (most overdue on top), then by due time; cases waiting for a supervisor last
  const waiting = (c: Item) => c.status.endsWith('_pending');
  const items = [...r.data.items].sort((a, b) => Number(waiting(a)) - Number(waiting(b)) || (b.nextStep?.overdueHours ?? 0) - (a.nextStep?.overdueHours ?? 0) || String(a.nextStep?.dueAt ?? '9').localeCompare(String(b.nextStep?.dueAt ?? '9')));
  return (
    <section>
      <h1>{t('Ca của tôi', 'My cases')}</h1>
      <PrivacyNote />
      <table className="data-table collapse-table">
        <thead><tr><th>{t('Trẻ em', 'Child')}</th><th>{t('Xã', 'Commune')}</th><th>{t('Trạng thái', 'Status')}</th><th>{t('Việc cần làm', 'To do')}</th><th>{t('Hạn', 'Due')}</th></tr></thead>
        <tbody>
          {items.length === 0 && <tr><td colSpan={5} className="empty">{t('Không có ca nào.', 'No cases.')}</td></tr>}
          {items.map((c) => (
            <tr key={c.id} className={c.nextStep && c.nextStep.overdueHours > 0 && !waiting(c) ? 'overdue' : undefined}>
              <td><Link to={`/cases/${c.id}`}>{c.childName}</Link>{c.urgency === 'urgent' ? <strong> · {t('khẩn cấp', 'urgent')}</strong> : ''}</td>
              <td>{c.unitName}</td>
              <td><CaseStatusLabel status={c.status} /></td>
              <td>{c.status === 'plan_pending' ? t('Chờ giám sát viên phê duyệt kế hoạch', 'Waiting for the supervisor to approve the plan')
                : c.status === 'closure_pending' ? t('Chờ giám sát viên phê duyệt đóng hồ sơ', 'Waiting for the supervisor to approve the closure')
                : c.nextStep ? t(...(STEP_VI[c.nextStep.step] ?? [c.nextStep.step, c.nextStep.step])) : '—'}</td>
              <td>{!waiting(c) && c.nextStep?.dueAt ? formatDateTime(c.nextStep.dueAt) : '—'}{!waiting(c) && c.nextStep && c.nextStep.overdueHours > 0 && <OverdueHours hours={c.nextStep.overdueHours} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
