import { useState } from 'react';
import { api, useApi } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { formatDateTime } from '../../../../src/domain/format.ts';
import { Link } from '../../lib/links.ts';
import { useSession } from '../../lib/session.ts';
import type { PageProps } from '../../lib/pages.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { CASE_SOURCE, CaseStatusLabel, LateHours, OverdueHours, PrivacyNote, REFERRAL_OUTCOME, REFERRAL_SERVICE, STEP_VI } from './common.tsx';

interface Step { step: string; dueAt: string | null; doneAt: string | null; overdueHours: number; lateHours: number; limitBasis: string | null; notes: string | null }
interface Case {
  id: number; unitId: number; status: string; urgency: string; source: string; channel: string; receivedAt: string; reportedAt: string | null;
  reporter: { name?: string | null; relation?: string | null; contact?: string | null } | null; description: string | null;
  child: { id: number; fullName: string }; steps: Step[]; planApproved: boolean; seriousRisk: boolean | null;
  referrals: { id: number; service: string; provider: string | null; referredAt: string; outcome: string }[];
  meetings: { id: number; heldAt: string; decisions: string | null }[];
  transfers: { fromUnitId: number; toUnitId: number; at: string; reason: string | null }[];
  approvals: { kind: string; decision: string; by: string | null; at: string; note: string | null }[];
}

export default function CasePage({ params }: PageProps) {
  const t = useT();
  const session = useSession();
  const k = useApi<Case>(`/api/cases/${params.id}`);
  const [notes, setNotes] = useState('');
  const [measures, setMeasures] = useState('');
  const [seriousRisk, setSeriousRisk] = useState<boolean | null>(null);
  const [approvalNote, setApprovalNote] = useState('');
  const [referral, setReferral] = useState({ service: 'health', provider: '' });
  const [error, setError] = useState<unknown>(null);
  if (k.loading) return <Loading />;
  if (k.error || !k.data) return <ErrorMessage error={k.error} onRetry={k.reload} />;
  const c = k.data;
  const next = c.steps.find((s) => !s.doneAt);
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try { await work(); k.reload(); } catch (e) { setError(e); }
  };
  const complete = () => act(async () => {
    const risk = seriousRisk ?? c.urgency === 'urgent';
    await api.post(`/api/cases/${c.id}/steps`, {
      step: next!.step, notes: notes || null,
      ...(next!.step === 'assess' ? { seriousRisk: risk } : {}),
      ...((next!.step === 'assess' && risk) || next!.step === 'emergency') && measures ? { emergencyMeasures: measures } : {},
    });
    setNotes(''); setMeasures(''); setSeriousRisk(null);
  });
  const pending = c.status === 'plan_pending' ? 'plan' : c.status === 'closure_pending' ? 'closure' : null;
  const supervises = session.can('cases.supervise', c.unitId);
  const decide = (decision: 'approved' | 'rejected') => act(async () => {
    await api.post(`/api/cases/${c.id}/approvals`, { kind: pending, decision, note: approvalNote || null });
    setApprovalNote('');
  });
  const open = c.status !== 'closed' && c.status !== 'transferred';
  return (
    <section>
      <h1>{t('Hồ sơ trường hợp', 'Case')} #{c.id} — <Link to={`/children/${c.child.id}`}>{c.child.fullName}</Link></h1>
      <PrivacyNote />
      <dl className="dl-grid">
        <dt>{t('Trạng thái', 'Status')}</dt><dd><CaseStatusLabel status={c.status} />{c.urgency === 'urgent' && <strong> · {t('KHẨN CẤP', 'URGENT')}</strong>}</dd>
        <dt>{t('Tiếp nhận', 'Received')}</dt><dd>{formatDateTime(c.receivedAt)}</dd>
        <dt>{t('Nguồn tin', 'Source')}</dt><dd>{t(...(CASE_SOURCE[c.source] ?? [c.source, c.source]))}</dd>
        {c.reporter?.name && <><dt>{t('Người báo tin', 'Reported by')}</dt><dd>{c.reporter.name}{c.reporter.relation ? ` (${c.reporter.relation})` : ''}{c.reporter.contact ? ` — ${c.reporter.contact}` : ''}</dd></>}
        {c.description && <><dt>{t('Nội dung thông báo', 'What was reported')}</dt><dd style={{ whiteSpace: 'pre-wrap' }}>{c.description}</dd></>}
      </dl>
      <h2>{t('Các bước (Nghị định 56/2017)', 'Steps (Decree 56/2017)')}</h2>
      <table className="data-table collapse-table">
        <thead><tr><th>{t('Bước', 'Step')}</th><th>{t('Hạn', 'Due')}</th><th>{t('Hoàn thành', 'Done')}</th><th>{t('Ghi chú', 'Notes')}</th></tr></thead>
        <tbody>
          {c.steps.map((s) => (
            <tr key={s.step} className={s.overdueHours > 0 ? 'overdue' : undefined}>
              <td>{t(...(STEP_VI[s.step] ?? [s.step, s.step]))}</td>
              <td>{s.dueAt ? formatDateTime(s.dueAt) : '—'}{s.overdueHours > 0 && <OverdueHours hours={s.overdueHours} />}{s.limitBasis && <div className="muted">{s.limitBasis}</div>}</td>
              <td>{s.doneAt ? formatDateTime(s.doneAt) : ''}{s.lateHours > 0 && <LateHours hours={s.lateHours} />}</td>
              <td style={{ whiteSpace: 'pre-wrap' }}>{s.notes ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pending && (
        <div className="notice">
          <p>{pending === 'plan' ? t('Kế hoạch hỗ trợ, can thiệp đang chờ giám sát viên phê duyệt.', 'The support and intervention plan awaits the supervisor’s approval.') : t('Đề nghị đóng hồ sơ đang chờ giám sát viên phê duyệt.', 'The request to close the case awaits the supervisor’s approval.')}</p>
          {supervises && (
            <div className="toolbar">
              <label className="field">{t('Ý kiến (không bắt buộc)', 'Comment (optional)')}<input value={approvalNote} onChange={(e) => setApprovalNote(e.target.value)} /></label>
              <button type="button" className="btn btn-primary" onClick={() => void decide('approved')}>{t('Phê duyệt', 'Approve')}</button>
              <button type="button" className="btn" onClick={() => void decide('rejected')}>{t('Trả lại cho cán bộ', 'Send back')}</button>
            </div>
          )}
        </div>
      )}
      {next && c.status === 'open' && session.can('cases.write', c.unitId) && (
        <div className="panel">
          <h2>{t('Bước tiếp theo: ', 'Next step: ')}{t(...(STEP_VI[next.step] ?? [next.step, next.step]))}</h2>
          <form onSubmit={(e) => { e.preventDefault(); void complete(); }}>
            <label className="field">{t('Ghi chú', 'Notes')}<textarea value={notes} onChange={(e) => setNotes(e.target.value)} /></label>
            {next.step === 'assess' && (
              <fieldset className="field">
                <legend>{t('Kết quả đánh giá nguy cơ ban đầu', 'Initial risk assessment')}</legend>
                <label><input type="radio" name="serious-risk" checked={(seriousRisk ?? c.urgency === 'urgent') === true} onChange={() => setSeriousRisk(true)} /> {t('Trẻ em có nguy cơ hoặc đang bị tổn hại nghiêm trọng', 'The child is at risk of or suffering serious harm')}</label>
                <label><input type="radio" name="serious-risk" checked={(seriousRisk ?? c.urgency === 'urgent') === false} onChange={() => setSeriousRisk(false)} /> {t('Không có nguy cơ tổn hại nghiêm trọng', 'No serious risk of harm')}</label>
                <span className="hint">{t('Nếu có nguy cơ nghiêm trọng: áp dụng biện pháp can thiệp khẩn cấp hoặc cách ly tạm thời trong 12 giờ kể từ khi nhận được thông tin (NĐ 56/2017, Điều 26 khoản 3); nếu không, bước này không áp dụng.', 'If the risk is serious: emergency intervention or temporary separation within 12 hours of receiving the information (Decree 56/2017, Art. 26.3); otherwise that step does not apply.')}</span>
              </fieldset>
            )}
            {((next.step === 'assess' && (seriousRisk ?? c.urgency === 'urgent')) || next.step === 'emergency') && (
              <label className="field">
                {t('Biện pháp can thiệp khẩn cấp / cách ly tạm thời đã áp dụng', 'Emergency intervention / temporary separation applied')}
                <span className="hint">{next.step === 'emergency' ? t('Bắt buộc.', 'Required.') : t('Nếu đã áp dụng ngay khi đánh giá.', 'If applied during the assessment.')}</span>
                <textarea value={measures} onChange={(e) => setMeasures(e.target.value)} required={next.step === 'emergency'} />
              </label>
            )}
            <div className="form-actions">
              <button type="submit" className="btn btn-primary">{next.step === 'close' ? t('Đề nghị đóng hồ sơ', 'Ask for closure') : t('Hoàn thành bước', 'Complete the step')}</button>
            </div>
          </form>
        </div>
      )}
      <ErrorMessage error={error} />
      <h2>{t('Chuyển gửi dịch vụ', 'Referrals')}</h2>
      {c.referrals.length === 0 ? <p className="muted">{t('Chưa chuyển gửi.', 'No referrals yet.')}</p> : (
        <ul>{c.referrals.map((r) => <li key={r.id}>{formatDateTime(r.referredAt)} — {t(...(REFERRAL_SERVICE[r.service] ?? [r.service, r.service]))}{r.provider ? ` (${r.provider})` : ''}: {t(...(REFERRAL_OUTCOME[r.outcome] ?? [r.outcome, r.outcome]))}</li>)}</ul>
      )}
      {open && (
        <form className="toolbar" onSubmit={(e) => { e.preventDefault(); void act(async () => { await api.post(`/api/cases/${c.id}/referrals`, { service: referral.service, provider: referral.provider || null }); setReferral({ service: 'health', provider: '' }); }); }}>
          <label className="field">{t('Dịch vụ', 'Service')}
            <select value={referral.service} onChange={(e) => setReferral({ ...referral, service: e.target.value })}>
              {Object.entries(REFERRAL_SERVICE).map(([code, [vi, en]]) => <option key={code} value={code}>{t(vi, en)}</option>)}
            </select>
          </label>
          <label className="field">{t('Nơi cung cấp', 'Provider')}<input value={referral.provider} onChange={(e) => setReferral({ ...referral, provider: e.target.value })} /></label>
          <button type="submit" className="btn">{t('Chuyển gửi', 'Refer')}</button>
        </form>
      )}
      {c.approvals.length > 0 && (
        <>
          <h2>{t('Phê duyệt', 'Approvals')}</h2>
          <ul>{c.approvals.map((a, i) => <li key={i}>{formatDateTime(a.at)} — {a.kind === 'plan' ? t('Kế hoạch', 'Plan') : t('Đóng hồ sơ', 'Closure')}: {a.decision === 'approved' ? t('phê duyệt', 'approved') : t('trả lại', 'sent back')}{a.by ? ` (${a.by})` : ''}{a.note ? ` — ${a.note}` : ''}</li>)}</ul>
        </>
      )}
      {c.transfers.length > 0 && (
        <>
          <h2>{t('Chuyển xã', 'Transfers')}</h2>
          <ul>{c.transfers.map((x, i) => <li key={i}>{formatDateTime(x.at)}{x.reason ? ` — ${x.reason}` : ''}</li>)}</ul>
        </>
      )}
    </section>
  );
}
