import { useApi } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { formatDateTime } from '../../lib/format.ts';
import { Link } from '../../lib/links.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PrivacyNote, STEP_VI } from './common.tsx';

interface Item { id: number; childName: string; unitName: string; status: string; urgency: string; nextStep: { step: string; dueAt: string | null; overdueHours: number } | null }

export default function MyCasesPage() {
  const t = useT();
  const r = useApi<{ items: Item[] }>('/api/cases/mine');
  if (r.loading) return <Loading />;
  if (r.error || !r.data) return <ErrorMessage error={r.error} onRetry={r.reload} />;
  const items = [...r.data.items].sort((a, b) => (b.nextStep?.overdueHours ?? 0) - (a.nextStep?.overdueHours ?? 0) || String(a.nextStep?.dueAt ?? '9').localeCompare(String(b.nextStep?.dueAt ?? '9')));
  return (
    <section>
      <h1>{t('Ca của tôi', 'My cases')}</h1>
      <PrivacyNote />
      <table className="data-table">
        <thead><tr><th>{t('Trẻ em', 'Child')}</th><th>{t('Xã', 'Commune')}</th><th>{t('Bước đến hạn', 'Due step')}</th><th>{t('Hạn', 'Due')}</th></tr></thead>
        <tbody>
          {items.length === 0 && <tr><td colSpan={4} className="empty">{t('Không có ca nào.', 'No cases.')}</td></tr>}
          {items.map((c) => (
            <tr key={c.id} className={c.nextStep && c.nextStep.overdueHours > 0 ? 'overdue' : undefined}>
              <td><Link to={`/cases/${c.id}`}>{c.childName}</Link>{c.urgency === 'urgent' ? ` · ${t('khẩn cấp', 'urgent')}` : ''}</td>
              <td>{c.unitName}</td>
              <td>{c.nextStep ? t(...(STEP_VI[c.nextStep.step] ?? [c.nextStep.step, c.nextStep.step])) : '—'}{c.status.endsWith('_pending') ? ` (${t('chờ phê duyệt', 'awaiting approval')})` : ''}</td>
              <td>{c.nextStep?.dueAt ? formatDateTime(c.nextStep.dueAt) : '—'}{c.nextStep && c.nextStep.overdueHours > 0 && <strong> ⚠ {t(`quá hạn ${c.nextStep.overdueHours} giờ`, `${c.nextStep.overdueHours} h overdue`)}</strong>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
