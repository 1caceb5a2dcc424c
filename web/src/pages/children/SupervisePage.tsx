import { useState } from 'react';
import { api, qs, useApi } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { formatDateTime } from '../../../../src/domain/format.ts';
import { Link } from '../../lib/links.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { LateHours, OverdueHours, STEP_VI, useHomeUnit } from './common.tsx';

interface Approval { id: number; unitId: number; kind: 'plan' | 'closure'; receivedAt: string; urgency: string }
interface Overdue { caseId: number; unitName: string; step: string; dueAt: string; overdueHours: number; urgency: string }
interface Late { caseId: number; unitName: string; step: string; dueAt: string; doneAt: string; lateHours: number; urgency: string }

export default function SupervisePage() {
  const t = useT();
  const home = useHomeUnit();
  const [unitId, setUnitId] = useState<number | null>(home);
  const approvals = useApi<{ items: Approval[] }>(unitId ? `/api/cases/approvals${qs({ unitId })}` : null);
  const overdue = useApi<{ items: Overdue[]; completedLate?: Late[] }>(unitId ? `/api/cases/overdue${qs({ unitId })}` : null);
  const [notes, setNotes] = useState<Record<number, string>>({});
  const [error, setError] = useState<unknown>(null);
  const decide = async (a: Approval, decision: 'approved' | 'rejected') => {
    setError(null);
    try { await api.post(`/api/cases/${a.id}/approvals`, { kind: a.kind, decision, note: notes[a.id] || null }); approvals.reload(); overdue.reload(); } catch (e) { setError(e); }
  };
  return (
    <section>
      <h1>{t('Giám sát quản lý ca', 'Case supervision')}</h1>
      <UnitPicker value={unitId} onChange={(id) => setUnitId(id)} label={t('Đơn vị', 'Unit')} />
      <h2>{t('Chờ phê duyệt', 'Awaiting approval')}</h2>
      <ErrorMessage error={approvals.error ?? error} />
      <table className="data-table collapse-table">
        <thead><tr><th>{t('Hồ sơ', 'Case')}</th><th>{t('Việc cần duyệt', 'To approve')}</th><th>{t('Tiếp nhận', 'Received')}</th><th>{t('Ý kiến', 'Comment')}</th><th /></tr></thead>
        <tbody>
          {approvals.data?.items.length === 0 && <tr><td colSpan={5} className="empty">{t('Không có hồ sơ chờ phê duyệt.', 'Nothing awaits approval.')}</td></tr>}
          {approvals.data?.items.map((a) => (
            <tr key={a.id}>
              <td><Link to={`/cases/${a.id}`}>#{a.id} — {t('xem hồ sơ', 'open')}</Link>{a.urgency === 'urgent' ? <strong> · {t('khẩn cấp', 'urgent')}</strong> : ''}</td>
              <td>{a.kind === 'plan' ? t('Kế hoạch hỗ trợ, can thiệp', 'Support & intervention plan') : t('Đóng hồ sơ', 'Closure')}</td>
              <td>{formatDateTime(a.receivedAt)}</td>
              <td><input aria-label={t('Ý kiến', 'Comment')} value={notes[a.id] ?? ''} onChange={(e) => setNotes({ ...notes, [a.id]: e.target.value })} /></td>
              <td>
                <button type="button" className="btn btn-small btn-primary" onClick={() => void decide(a, 'approved')}>{t('Phê duyệt', 'Approve')}</button>{' '}
                <button type="button" className="btn btn-small" onClick={() => void decide(a, 'rejected')}>{t('Trả lại', 'Send back')}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('Các bước quá hạn', 'Overdue steps')}</h2>
      <p className="muted">{t('Danh sách không có thông tin định danh trẻ em; chỉ cán bộ, giám sát viên của xã mở được hồ sơ.', 'The list carries no child identity; only the commune’s case workers and supervisors can open a case.')}</p>
      <ErrorMessage error={overdue.error} />
      <table className="data-table collapse-table">
        <thead><tr><th>{t('Hồ sơ', 'Case')}</th><th>{t('Xã', 'Commune')}</th><th>{t('Bước', 'Step')}</th><th>{t('Hạn', 'Due')}</th><th>{t('Quá hạn', 'Overdue')}</th></tr></thead>
        <tbody>
          {overdue.data?.items.length === 0 && <tr><td colSpan={5} className="empty">{t('Không có bước nào quá hạn.', 'No overdue step.')}</td></tr>}
          {overdue.data?.items.map((o) => (
            <tr key={`${o.caseId}-${o.step}`}><td><Link to={`/cases/${o.caseId}`}>#{o.caseId}</Link>{o.urgency === 'urgent' ? <strong> · {t('khẩn cấp', 'urgent')}</strong> : ''}</td><td>{o.unitName}</td><td>{t(...(STEP_VI[o.step] ?? [o.step, o.step]))}</td><td>{formatDateTime(o.dueAt)}</td><td className="align-right"><OverdueHours hours={o.overdueHours} short /></td></tr>
          ))}
        </tbody>
      </table>
      <h2>{t('Các bước đã hoàn thành nhưng trễ hạn (12 tháng qua)', 'Steps completed late (last 12 months)')}</h2>
      <p className="muted">{t('Bước hoàn thành sau thời hạn vẫn được ghi nhận là trễ hạn: hạn, thời điểm hoàn thành và số giờ (ngày) trễ.', 'A step completed after its limit stays recorded as late: the due time, when it was done and by how much.')}</p>
      <table className="data-table collapse-table" data-testid="completed-late">
        <thead><tr><th>{t('Hồ sơ', 'Case')}</th><th>{t('Xã', 'Commune')}</th><th>{t('Bước', 'Step')}</th><th>{t('Hạn', 'Due')}</th><th>{t('Hoàn thành', 'Done')}</th><th>{t('Trễ', 'Late by')}</th></tr></thead>
        <tbody>
          {overdue.data?.completedLate?.length === 0 && <tr><td colSpan={6} className="empty">{t('Không có bước nào hoàn thành trễ hạn.', 'No step completed late.')}</td></tr>}
          {overdue.data?.completedLate?.map((o) => (
            <tr key={`${o.caseId}-${o.step}`}><td><Link to={`/cases/${o.caseId}`}>#{o.caseId}</Link>{o.urgency === 'urgent' ? <strong> · {t('khẩn cấp', 'urgent')}</strong> : ''}</td><td>{o.unitName}</td><td>{t(...(STEP_VI[o.step] ?? [o.step, o.step]))}</td><td>{formatDateTime(o.dueAt)}</td><td>{formatDateTime(o.doneAt)}</td><td className="align-right"><LateHours hours={o.lateHours} short /></td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
