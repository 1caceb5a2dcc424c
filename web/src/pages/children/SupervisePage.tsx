import { useState } from 'react';
import { api, qs, useApi } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { formatDateTime } from '../../lib/format.ts';
import { Link } from '../../lib/links.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { STEP_VI, useHomeUnit } from './common.tsx';

interface Approval { id: number; unitId: number; kind: 'plan' | 'closure'; receivedAt: string; urgency: string }
interface Overdue { caseId: number; unitName: string; step: string; dueAt: string; overdueHours: number; urgency: string }

export default function SupervisePage() {
  const t = useT();
  const home = useHomeUnit();
  const [unitId, setUnitId] = useState<number | null>(home);
  const approvals = useApi<{ items: Approval[] }>(unitId ? `/api/cases/approvals${qs({ unitId })}` : null);
  const overdue = useApi<{ items: Overdue[] }>(unitId ? `/api/cases/overdue${qs({ unitId })}` : null);
  const [error, setError] = useState<unknown>(null);
  const decide = async (a: Approval, decision: 'approved' | 'rejected') => {
    setError(null);
    try { await api.post(`/api/cases/${a.id}/approvals`, { kind: a.kind, decision }); approvals.reload(); overdue.reload(); } catch (e) { setError(e); }
  };
  return (
    <section>
      <h1>{t('Giám sát quản lý ca', 'Case supervision')}</h1>
      <UnitPicker value={unitId} onChange={(id) => setUnitId(id)} label={t('Đơn vị', 'Unit')} />
      <h2>{t('Chờ phê duyệt', 'Awaiting approval')}</h2>
      <ErrorMessage error={approvals.error ?? error} />
      <ul>
        {approvals.data?.items.map((a) => (
          <li key={a.id}>
            <Link to={`/cases/${a.id}`}>#{a.id}</Link> — {a.kind === 'plan' ? t('Kế hoạch hỗ trợ, can thiệp', 'Support & intervention plan') : t('Đóng hồ sơ', 'Closure')}{' '}
            <button type="button" onClick={() => void decide(a, 'approved')}>{t('Phê duyệt', 'Approve')}</button>{' '}
            <button type="button" onClick={() => void decide(a, 'rejected')}>{t('Trả lại', 'Send back')}</button>
          </li>
        ))}
        {approvals.data?.items.length === 0 && <li className="muted">{t('Không có hồ sơ chờ phê duyệt.', 'Nothing awaits approval.')}</li>}
      </ul>
      <h2>{t('Các bước quá hạn', 'Overdue steps')}</h2>
      <ErrorMessage error={overdue.error} />
      <table className="data-table">
        <thead><tr><th>{t('Hồ sơ', 'Case')}</th><th>{t('Xã', 'Commune')}</th><th>{t('Bước', 'Step')}</th><th>{t('Hạn', 'Due')}</th><th>{t('Quá hạn', 'Overdue')}</th></tr></thead>
        <tbody>
          {overdue.data?.items.map((o) => (
            <tr key={`${o.caseId}-${o.step}`}><td><Link to={`/cases/${o.caseId}`}>#{o.caseId}</Link></td><td>{o.unitName}</td><td>{t(...(STEP_VI[o.step] ?? [o.step, o.step]))}</td><td>{formatDateTime(o.dueAt)}</td><td>{o.overdueHours.toLocaleString('vi-VN')} {t('giờ', 'h')}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
