import { useState } from 'react';
import { api, useApi } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { formatDateTime } from '../../lib/format.ts';
import type { PageProps } from '../../lib/pages.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useSession } from '../../lib/session.ts';
import { PrivacyNote, STEP_VI } from './common.tsx';

interface Step { step: string; dueAt: string | null; doneAt: string | null; overdueHours: number; limitBasis: string | null }
interface Case { id: number; status: string; urgency: string; source: string; receivedAt: string; child: { id: number; fullName: string }; steps: Step[]; planApproved: boolean }

export default function CasePage({ params }: PageProps) {
  const t = useT();
  const session = useSession();
  const k = useApi<Case>(`/api/cases/${params.id}`);
  const [notes, setNotes] = useState('');
  const [measures, setMeasures] = useState('');
  const [error, setError] = useState<unknown>(null);
  if (k.loading) return <Loading />;
  if (k.error || !k.data) return <ErrorMessage error={k.error} onRetry={k.reload} />;
  const c = k.data;
  const next = c.steps.find((s) => !s.doneAt);
  const complete = async () => {
    setError(null);
    try {
      await api.post(`/api/cases/${c.id}/steps`, { step: next!.step, notes, ...(next!.step === 'assess' && measures ? { emergencyMeasures: measures } : {}) });
      setNotes(''); setMeasures(''); k.reload();
    } catch (e) { setError(e); }
  };
  return (
    <section>
      <h1>{t('Hồ sơ trường hợp', 'Case')} #{c.id} — {c.child.fullName}</h1>
      <PrivacyNote />
      <p>{t('Tiếp nhận', 'Received')}: {formatDateTime(c.receivedAt)} · {t('Trạng thái', 'Status')}: {c.status}{c.urgency === 'urgent' ? ` · ${t('KHẨN CẤP', 'URGENT')}` : ''}</p>
      <table className="data-table">
        <thead><tr><th>{t('Bước (NĐ 56/2017)', 'Step (Decree 56/2017)')}</th><th>{t('Hạn', 'Due')}</th><th>{t('Hoàn thành', 'Done')}</th></tr></thead>
        <tbody>
          {c.steps.map((s) => (
            <tr key={s.step} className={s.overdueHours > 0 ? 'overdue' : undefined}>
              <td>{t(...(STEP_VI[s.step] ?? [s.step, s.step]))}</td>
              <td>{s.dueAt ? formatDateTime(s.dueAt) : '—'}{s.overdueHours > 0 && <strong> ⚠ {t(`quá hạn ${s.overdueHours} giờ`, `${s.overdueHours} h overdue`)}</strong>}</td>
              <td>{s.doneAt ? formatDateTime(s.doneAt) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next && c.status === 'open' && session.can('cases.write') && (
        <form className="form-grid" onSubmit={(e) => { e.preventDefault(); void complete(); }}>
          <h2>{t('Bước tiếp theo: ', 'Next step: ')}{t(...(STEP_VI[next.step] ?? [next.step, next.step]))}</h2>
          <label>{t('Ghi chú', 'Notes')}<textarea value={notes} onChange={(e) => setNotes(e.target.value)} /></label>
          {next.step === 'assess' && <label>{t('Biện pháp can thiệp khẩn cấp/cách ly tạm thời (bắt buộc nếu khẩn cấp)', 'Emergency / temporary separation measures (required if urgent)')}<textarea value={measures} onChange={(e) => setMeasures(e.target.value)} /></label>}
          <button type="submit">{next.step === 'close' ? t('Đề nghị đóng hồ sơ', 'Ask for closure') : t('Hoàn thành bước', 'Complete the step')}</button>
        </form>
      )}
      {c.status === 'plan_pending' && <p className="notice">{t('Kế hoạch đang chờ giám sát viên phê duyệt.', 'The plan awaits the supervisor’s approval.')}</p>}
      {c.status === 'closure_pending' && <p className="notice">{t('Đề nghị đóng hồ sơ đang chờ phê duyệt.', 'Closure awaits approval.')}</p>}
      <ErrorMessage error={error} />
    </section>
  );
}
