/**
 * A commune's file for a year: the self-assessment form (what was pre-filled from data, what the
 * commune enters, what needs evidence), evidence upload, submission, and — for the recognising
 * level — return, recognition or refusal, withdrawal, and the decision/certificate downloads.
 */
import { useEffect, useState } from 'react';
import { api, useApi } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { formatDate, formatNumber } from '../../../../src/domain/format.ts';
import { useSession } from '../../lib/session.ts';
import type { PageProps } from '../../lib/pages.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { CffStatus, DocumentLinks } from './shared.tsx';

interface Item { code: string; titleVi: string; titleEn: string | null; maxPoints: number; source: string; valueUnit: string | null; scoring: unknown; value: number | null; score: number | null; prefilledFrom: string | null; evidenceRequired: boolean; evidenceCount: number; needsEvidence: boolean; verify: boolean }
interface File {
  registration: { id: number; unitId: number; unitName: string | null; year: number; status: string; unitCategory: string; registeredOn: string; submittedOn: string | null; reviewNote: string | null; correctionDeadline: string | null };
  deadlines: { registrationDeadline: string | null; selfAssessmentDeadline: string | null };
  standard: { number: string; titleVi: string; verify: boolean };
  criteria: { code: string; titleVi: string; titleEn: string | null; items: Item[] }[];
  evidence: { id: number; filename: string; kind: string; size_bytes: number; item_codes: string[] }[];
  decisions: { id: number; kind: string; number: string | null; decided_on: string; reason: string | null }[];
  evaluation: { total: number; maxTotal: number; threshold: number; passed: boolean; reasons: { vi: string; en: string }[] };
}

const EDITABLE = ['registered', 'in_progress', 'returned'];

export default function AssessmentPage({ params }: PageProps) {
  const t = useT();
  const session = useSession();
  const file = useApi<File>(`/api/cff/registrations/${params.id}`);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [upload, setUpload] = useState<{ file: globalThis.File | null; items: string[] }>({ file: null, items: [] });
  const [review, setReview] = useState<{ byUnitId: number | null; note: string; number: string; signer: string; signerTitle: string }>({ byUnitId: null, note: '', number: '', signer: '', signerTitle: '' });
  useEffect(() => setDraft({}), [file.data?.registration.id]);
  if (file.loading && !file.data) return <Loading />;
  if (!file.data) return <ErrorMessage error={file.error} onRetry={file.reload} />;
  const f = file.data;
  // what the user may do on this commune's file (the server checks again)
  const editable = EDITABLE.includes(f.registration.status) && session.can('cff.assess', f.registration.unitId);
  const canReview = session.can('cff.recognise', f.registration.unitId);
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      file.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const save = () => run(async () => {
    const items = Object.entries(draft).filter(([, v]) => v.trim() !== '').map(([code, v]) => {
      const item = f.criteria.flatMap((c) => c.items).find((i) => i.code === code)!;
      const n = Number(v.replace(',', '.'));
      return item.scoring ? { code, value: n } : { code, score: n };
    });
    await api.put(`/api/cff/registrations/${f.registration.id}/assessment`, { items });
    setDraft({});
  });
  const send = () => run(() => api.post(`/api/cff/registrations/${f.registration.id}/submit`, {}));
  const uploadFile = () => run(async () => {
    if (!upload.file) return;
    const form = new FormData();
    form.append('file', upload.file);
    await api.upload(`/api/cff/registrations/${f.registration.id}/evidence?items=${encodeURIComponent(upload.items.join(','))}`, form);
    setUpload({ file: null, items: [] });
  });
  const decide = (path: string, body: Record<string, unknown>) => run(() => api.post(`/api/cff/registrations/${f.registration.id}/${path}`, { ...(review.byUnitId ? { byUnitId: review.byUnitId } : {}), ...body }));
  const evidenceItems = f.criteria.flatMap((c) => c.items).filter((i) => i.evidenceRequired);

  return (
    <section>
      <h1>{t('Hồ sơ xã phù hợp với trẻ em', 'Child-friendly commune file')} — {f.registration.unitName} {f.registration.year}</h1>
      <p>
        <CffStatus status={f.registration.status} /> · {t('Bộ tiêu chuẩn', 'Standard')} {f.standard.number}
        {/* "verify" marks a standard's wording still to be checked against the official text: a note for the data's maintainers, not for the commune */}
        {' · '}{t('Hạn tự đánh giá', 'Self-assessment due')}: {formatDate(f.deadlines.selfAssessmentDeadline) || '—'}
      </p>
      {f.registration.reviewNote && <p className="notice">{t('Yêu cầu bổ sung', 'Corrections requested')}: {f.registration.reviewNote}{f.registration.correctionDeadline ? ` (${t('hạn', 'due')} ${formatDate(f.registration.correctionDeadline)})` : ''}</p>}
      <div className={f.evaluation.passed ? 'success-box' : 'notice'}>
        <strong>{t('Tổng điểm', 'Total')}: {formatNumber(f.evaluation.total)}/{formatNumber(f.evaluation.maxTotal)}</strong> · {t('mức đạt', 'threshold')} {formatNumber(f.evaluation.threshold)} ·{' '}
        {f.evaluation.passed ? t('Đủ điều kiện công nhận', 'Meets the standard') : f.evaluation.reasons.map((r) => t(r.vi, r.en)).join(' ')}
      </div>
      <ErrorMessage error={error} />
      <div className="table-wrap">
        <table className="data-table">
          <thead><tr><th>{t('Mã', 'Code')}</th><th>{t('Tiêu chí / chỉ tiêu', 'Criterion / item')}</th><th>{t('Nguồn số liệu', 'Source')}</th><th className="num">{t('Giá trị', 'Value')}</th><th className="num">{t('Điểm', 'Points')}</th><th>{t('Minh chứng', 'Evidence')}</th></tr></thead>
          <tbody>
            {f.criteria.map((c) => [
              <tr key={`c${c.code}`}><th colSpan={6} className="objective">{t('Tiêu chí', 'Criterion')} {c.code}. {t(c.titleVi, c.titleEn ?? c.titleVi)}</th></tr>,
              ...c.items.map((i) => (
                <tr key={i.code}>
                  <td>{i.code}</td>
                  <td>{t(i.titleVi, i.titleEn ?? i.titleVi)}</td>
                  <td className="small">{i.prefilledFrom ? <span className="badge status-achieved" title={i.prefilledFrom}>{t('Lấy từ dữ liệu', 'Pre-filled from data')}</span> : i.source === 'manual' ? t('Xã tự đánh giá', 'Entered by the commune') : `${t('Chỉ số', 'Indicator')} ${i.source.slice(10)} — ${t('chưa có số liệu, nhập tay', 'no data yet, enter it')}`}</td>
                  <td className="num">
                    {editable ? (
                      <input className="input-small" inputMode="decimal" aria-label={`${i.code} ${i.scoring ? t('giá trị', 'value') : t('điểm', 'points')}`} placeholder={i.scoring ? (i.valueUnit === 'percent' ? '%' : i.valueUnit === 'boolean' ? '1/0' : '') : `0–${i.maxPoints}`}
                        value={draft[i.code] ?? (i.scoring ? (i.value ?? '') : (i.score ?? '')).toString()} onChange={(e) => setDraft({ ...draft, [i.code]: e.target.value })} />
                    ) : i.value !== null ? formatNumber(i.value) : '—'}
                  </td>
                  <td className="num">{i.score === null ? '—' : formatNumber(i.score)}/{i.maxPoints}</td>
                  <td className="small">{i.evidenceRequired ? (i.needsEvidence ? <span className="badge status-off-track">{t('Cần minh chứng', 'Evidence needed')}</span> : `${i.evidenceCount} ${t('tệp', 'file(s)')}`) : ''}</td>
                </tr>
              )),
            ])}
          </tbody>
        </table>
      </div>
      {editable && (
        <div className="form-actions">
          <button className="btn btn-primary" disabled={busy || Object.keys(draft).length === 0} onClick={save}>{t('Lưu tự đánh giá', 'Save')}</button>
          <button className="btn" disabled={busy} onClick={send}>{t('Gửi hồ sơ', 'Submit')}</button>
        </div>
      )}
      <h2>{t('Tài liệu minh chứng', 'Evidence')}</h2>
      <ul>{f.evidence.map((e) => <li key={e.id}><a href={`/api/cff/registrations/${f.registration.id}/evidence/${e.id}`}>{e.filename}</a> <span className="muted small">({e.kind.toUpperCase()}, {formatNumber(Math.ceil(e.size_bytes / 1024))} KB; {e.item_codes.join(', ')})</span></li>)}</ul>
      {editable && (
        <div className="panel">
          <label className="field">{t('Tệp (PDF, JPG, PNG, DOCX; tối đa 10 MB)', 'File (PDF, JPG, PNG, DOCX; 10 MB max)')}
            <input type="file" accept=".pdf,.jpg,.jpeg,.png,.docx" onChange={(e) => setUpload({ ...upload, file: e.target.files?.[0] ?? null })} />
          </label>
          <fieldset><legend>{t('Minh chứng cho', 'Proves')}</legend>
            {evidenceItems.map((i) => (
              <label key={i.code} className="small"><input type="checkbox" checked={upload.items.includes(i.code)} onChange={(e) => setUpload({ ...upload, items: e.target.checked ? [...upload.items, i.code] : upload.items.filter((c) => c !== i.code) })} /> {i.code} </label>
            ))}
          </fieldset>
          <button className="btn" disabled={busy || !upload.file} onClick={uploadFile}>{t('Tải lên', 'Upload')}</button>
        </div>
      )}
      {canReview && ['submitted', 'recognised'].includes(f.registration.status) && (
        <div className="panel">
          <h2>{t('Thẩm định và công nhận', 'Review and recognition')}</h2>
          <UnitPicker label={t('Đơn vị ra quyết định', 'Deciding unit')} value={review.byUnitId} onChange={(id) => setReview({ ...review, byUnitId: id })} />
          <div className="form-grid">
            <label className="field">{t('Số quyết định', 'Decision number')}<input value={review.number} onChange={(e) => setReview({ ...review, number: e.target.value })} placeholder="215/QĐ-UBND" /></label>
            <label className="field">{t('Người ký', 'Signer')}<input value={review.signer} onChange={(e) => setReview({ ...review, signer: e.target.value })} /></label>
            <label className="field">{t('Chức vụ', 'Title')}<input value={review.signerTitle} onChange={(e) => setReview({ ...review, signerTitle: e.target.value })} placeholder="Chủ tịch" /></label>
            <label className="field">{t('Ghi chú / lý do', 'Note / reason')}<textarea value={review.note} onChange={(e) => setReview({ ...review, note: e.target.value })} /></label>
          </div>
          <div className="form-actions">
            {f.registration.status === 'submitted' && (
              <>
                <button className="btn" disabled={busy || !review.note} onClick={() => decide('return', { note: review.note })}>{t('Trả lại để bổ sung', 'Return for corrections')}</button>
                <button className="btn btn-primary" disabled={busy || !f.evaluation.passed} onClick={() => decide('decision', { kind: 'recognised', number: review.number || undefined, signer: review.signer || undefined, signerTitle: review.signerTitle || undefined })}>{t('Công nhận', 'Recognise')}</button>
                <button className="btn" disabled={busy} onClick={() => decide('decision', { kind: 'not_recognised', reason: review.note || undefined, number: review.number || undefined })}>{t('Không công nhận', 'Refuse')}</button>
              </>
            )}
            {f.registration.status === 'recognised' && (
              <button className="btn btn-danger" disabled={busy || !review.note} onClick={() => decide('withdraw', { reason: review.note, number: review.number || undefined })}>{t('Thu hồi công nhận', 'Withdraw recognition')}</button>
            )}
          </div>
        </div>
      )}
      {f.decisions.length > 0 && (
        <>
          <h2>{t('Quyết định', 'Decisions')}</h2>
          <ul>
            {f.decisions.map((d) => (
              <li key={d.id}>
                {d.kind === 'recognised' ? t('Công nhận', 'Recognised') : d.kind === 'withdrawn' ? t('Thu hồi', 'Withdrawn') : t('Không công nhận', 'Not recognised')} — {d.number ?? t('(chưa có số)', '(no number)')}, {formatDate(d.decided_on)}
                {d.kind === 'recognised' && <> · <DocumentLinks decisionId={d.id} /></>}
                {d.kind === 'withdrawn' && <> · <a href={`/api/cff/decisions/${d.id}/document?kind=decision&format=pdf`}>PDF</a></>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
