import { useState } from 'react';
import { api, useApi } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { formatDate, formatDateTime } from '../../../../src/domain/format.ts';
import { navigate } from '../../lib/router.ts';
import { Link } from '../../lib/links.ts';
import { useSession } from '../../lib/session.ts';
import type { PageProps } from '../../lib/pages.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { CASE_SOURCE, CaseStatusLabel, DUPLICATE_REASON as REASON, PrivacyNote } from './common.tsx';

interface Child {
  id: number; unitId: number; fullName: string; birthDate: string; age: number; sex: string; idNumber: string | null; address: string | null; ethnicity: string | null;
  caregivers: { name: string; relation: string }[]; povertyStatus: string; disability: boolean | null; schooling: string; healthInsurance: boolean | null;
  status: string; consentMissing: string[];
  circumstances: { id: number; groupName: string; kind: string; startDate: string; endDate: string | null }[];
  supports: { id: number; kind: string; date: string; provider: string | null }[];
  residences: { unitName: string; from: string; to: string | null }[];
  cases: { id: number; status: string; source: string; receivedAt: string }[];
  merges: { mergedId: number; mergedAt: string; reason: string | null }[];
}
interface Dup { id: number | null; fullName?: string; birthDate?: string; score: number; reasons: string[]; hidden?: boolean }

const SUPPORT_KIND: Record<string, [string, string]> = { care: ['Chăm sóc', 'Care'], nurture: ['Nuôi dưỡng', 'Nurture'], assistance: ['Trợ giúp', 'Assistance'] };

/** 'YYYY-MM-DDTHH:mm' of now, for a datetime-local input */
const nowLocal = () => { const d = new Date(); d.setMinutes(d.getMinutes() - d.getTimezoneOffset()); return d.toISOString().slice(0, 16); };

export default function ChildPage({ params }: PageProps) {
  const t = useT();
  const session = useSession();
  const child = useApi<Child>(`/api/children/${params.id}`);
  const groups = useApi<{ code: string; name_vi: string; name_en: string; kind: string }[]>('/api/register/groups');
  const [group, setGroup] = useState('');
  const [start, setStart] = useState('');
  const [support, setSupport] = useState({ kind: 'assistance', date: '', provider: '' });
  const [openCase, setOpenCase] = useState<{ source: string; receivedAt: string; urgency: string; description: string } | null>(null);
  const [dups, setDups] = useState<Dup[] | null>(null);
  const [mergeReason, setMergeReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  if (child.loading) return <Loading />;
  if (child.error || !child.data) return <ErrorMessage error={child.error} onRetry={child.reload} />;
  const c = child.data;
  const writable = c.status === 'active' && session.can('children.write', c.unitId);
  const act = async (work: () => Promise<unknown>) => { setError(null); try { await work(); child.reload(); } catch (e) { setError(e); } };
  const findDuplicates = () => act(async () => {
    const r = await api.post<{ duplicates: Dup[] }>('/api/children/duplicates', { unitId: c.unitId, fullName: c.fullName, birthDate: c.birthDate, idNumber: c.idNumber });
    setDups(r.duplicates.filter((d) => d.id !== c.id));
  });
  const merge = (duplicateId: number) => act(async () => {
    await api.post(`/api/children/${c.id}/merge`, { duplicateId, reason: mergeReason });
    setDups(null); setMergeReason('');
  });
  const createCase = () => act(async () => {
    const created = await api.post<{ id: number }>('/api/cases', { childId: c.id, source: openCase!.source, receivedAt: new Date(openCase!.receivedAt).toISOString(), urgency: openCase!.urgency, description: openCase!.description || null });
    navigate(`/cases/${created.id}`);
  });
  return (
    <section>
      <h1>{c.fullName}</h1>
      <PrivacyNote />
      {c.status !== 'active' && <p className="warning-box">{t('Hồ sơ này không còn hiệu lực (đã gộp vào hồ sơ khác hoặc đã đóng).', 'This record is no longer active (merged into another or closed).')}</p>}
      <dl className="dl-grid">
        <dt>{t('Ngày sinh', 'Birth date')}</dt><dd>{formatDate(c.birthDate)} ({c.age} {t('tuổi', 'years')})</dd>
        <dt>{t('Giới tính', 'Sex')}</dt><dd>{c.sex === 'male' ? t('Nam', 'Male') : c.sex === 'female' ? t('Nữ', 'Female') : '—'}</dd>
        <dt>{t('Số định danh', 'ID number')}</dt><dd>{c.idNumber ?? '—'}</dd>
        <dt>{t('Địa chỉ', 'Address')}</dt><dd>{c.address ?? '—'}</dd>
        <dt>{t('Người chăm sóc', 'Caregivers')}</dt><dd>{c.caregivers.map((g) => `${g.name}${g.relation ? ` (${g.relation})` : ''}`).join('; ') || '—'}</dd>
        <dt>{t('Dân tộc', 'Ethnicity')}</dt><dd>{c.ethnicity ?? '—'}</dd>
      </dl>
      {c.consentMissing.length > 0 && <p className="warning-box">{t('Còn thiếu sự đồng ý của: ', 'Consent missing from: ')}{c.consentMissing.map((p) => (p === 'parent' ? t('cha mẹ/người giám hộ', 'parent/guardian') : t('trẻ em (từ đủ 7 tuổi)', 'the child (7+)'))).join(', ')}</p>}

      <h2>{t('Hoàn cảnh đặc biệt và nguy cơ', 'Special circumstances and risks')}</h2>
      {c.circumstances.length === 0 ? <p className="muted">{t('Chưa ghi nhận.', 'None recorded.')}</p> : (
        <ul>{c.circumstances.map((x) => <li key={x.id}>{x.groupName} — {t('từ', 'from')} {formatDate(x.startDate)}{x.endDate ? ` ${t('đến', 'to')} ${formatDate(x.endDate)}` : ''}</li>)}</ul>
      )}
      {writable && (
        <form className="toolbar" onSubmit={(e) => { e.preventDefault(); void act(async () => { await api.post(`/api/children/${c.id}/circumstances`, { groupCode: group, startDate: start }); setGroup(''); setStart(''); }); }}>
          <label className="field">{t('Nhóm', 'Group')}
            <select required value={group} onChange={(e) => setGroup(e.target.value)}>
              <option value="">{t('— chọn nhóm —', '— choose a group —')}</option>
              {groups.data?.map((g) => <option key={g.code} value={g.code}>{t(g.name_vi, g.name_en)}</option>)}
            </select>
          </label>
          <label className="field">{t('Từ ngày', 'From')}<input required placeholder="dd/mm/yyyy" value={start} onChange={(e) => setStart(e.target.value)} /></label>
          <button type="submit" className="btn">{t('Thêm hoàn cảnh', 'Add circumstance')}</button>
        </form>
      )}

      <h2>{t('Chăm sóc, nuôi dưỡng, trợ giúp', 'Care, nurture, assistance')}</h2>
      {c.supports.length === 0 ? <p className="muted">{t('Chưa ghi nhận.', 'None recorded.')}</p> : (
        <ul>{c.supports.map((s) => <li key={s.id}>{formatDate(s.date)} — {t(...(SUPPORT_KIND[s.kind] ?? [s.kind, s.kind]))}{s.provider ? ` (${s.provider})` : ''}</li>)}</ul>
      )}
      {writable && (
        <form className="toolbar" onSubmit={(e) => { e.preventDefault(); void act(async () => { await api.post(`/api/children/${c.id}/supports`, { kind: support.kind, date: support.date, provider: support.provider || null }); setSupport({ kind: 'assistance', date: '', provider: '' }); }); }}>
          <label className="field">{t('Hình thức', 'Kind')}
            <select value={support.kind} onChange={(e) => setSupport({ ...support, kind: e.target.value })}>
              {Object.entries(SUPPORT_KIND).map(([code, [vi, en]]) => <option key={code} value={code}>{t(vi, en)}</option>)}
            </select>
          </label>
          <label className="field">{t('Ngày', 'Date')}<input required placeholder="dd/mm/yyyy" value={support.date} onChange={(e) => setSupport({ ...support, date: e.target.value })} /></label>
          <label className="field">{t('Đơn vị hỗ trợ', 'Provided by')}<input value={support.provider} onChange={(e) => setSupport({ ...support, provider: e.target.value })} /></label>
          <button type="submit" className="btn">{t('Ghi nhận hỗ trợ', 'Record support')}</button>
        </form>
      )}

      <h2>{t('Nơi cư trú', 'Residence')}</h2>
      <ul>{c.residences.map((r, i) => <li key={i}>{r.unitName}: {formatDate(r.from)} – {r.to ? formatDate(r.to) : t('nay', 'now')}</li>)}</ul>

      <h2>{t('Hồ sơ trường hợp', 'Cases')}</h2>
      {c.cases.length === 0 ? <p className="muted">{t('Chưa có.', 'None.')}</p> : (
        <ul>{c.cases.map((k) => <li key={k.id}><Link to={`/cases/${k.id}`}>#{k.id}</Link> — {formatDateTime(k.receivedAt)} — {t(...(CASE_SOURCE[k.source] ?? [k.source, k.source]))} — <CaseStatusLabel status={k.status} /></li>)}</ul>
      )}
      {writable && session.can('cases.write', c.unitId) && (openCase === null ? (
        <button type="button" className="btn" onClick={() => setOpenCase({ source: 'hotline_111', receivedAt: nowLocal(), urgency: 'normal', description: '' })}>{t('Mở hồ sơ trường hợp mới…', 'Open a new case…')}</button>
      ) : (
        <form className="panel" onSubmit={(e) => { e.preventDefault(); void createCase(); }}>
          <h3>{t('Tiếp nhận thông báo (Mẫu số 01)', 'Receive a report (form 01)')}</h3>
          <div className="form-grid">
            <label className="field">{t('Nguồn tin', 'Source')}
              <select value={openCase.source} onChange={(e) => setOpenCase({ ...openCase, source: e.target.value })}>
                {Object.entries(CASE_SOURCE).map(([code, [vi, en]]) => <option key={code} value={code}>{t(vi, en)}</option>)}
              </select>
            </label>
            <label className="field">{t('Thời điểm tiếp nhận', 'Received at')}<input type="datetime-local" required value={openCase.receivedAt} onChange={(e) => setOpenCase({ ...openCase, receivedAt: e.target.value })} /></label>
            <label className="field">{t('Mức độ', 'Urgency')}
              <select value={openCase.urgency} onChange={(e) => setOpenCase({ ...openCase, urgency: e.target.value })}>
                <option value="normal">{t('Bình thường', 'Normal')}</option>
                <option value="urgent">{t('Khẩn cấp (nguy cơ tổn hại nghiêm trọng)', 'Urgent (risk of serious harm)')}</option>
              </select>
            </label>
          </div>
          <label className="field">{t('Nội dung thông báo', 'What was reported')}<textarea value={openCase.description} onChange={(e) => setOpenCase({ ...openCase, description: e.target.value })} /></label>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">{t('Mở hồ sơ', 'Open the case')}</button>
            <button type="button" className="btn" onClick={() => setOpenCase(null)}>{t('Hủy', 'Cancel')}</button>
          </div>
        </form>
      ))}

      {writable && (
        <>
          <h2>{t('Hồ sơ trùng', 'Duplicate records')}</h2>
          {c.merges.length > 0 && <ul>{c.merges.map((m) => <li key={m.mergedId}>{t('Đã gộp hồ sơ', 'Merged record')} #{m.mergedId} — {formatDateTime(m.mergedAt)}{m.reason ? ` — ${m.reason}` : ''}</li>)}</ul>}
          <button type="button" className="btn" onClick={() => void findDuplicates()}>{t('Tìm hồ sơ có thể trùng', 'Look for likely duplicates')}</button>
          {dups && dups.length === 0 && <p className="muted">{t('Không thấy hồ sơ nào giống.', 'No similar record found.')}</p>}
          {dups && dups.length > 0 && (
            <div className="warning-box">
              <p>{t('Các hồ sơ này có thể là cùng một trẻ. Gộp vào hồ sơ đang xem: hoàn cảnh, hỗ trợ, sự đồng ý, nơi cư trú và các ca được chuyển sang; hồ sơ kia được đánh dấu "đã gộp" và lưu lại.', 'These records may be the same child. Merging into the record shown moves circumstances, support, consents, residences and cases here; the other record is marked merged and kept.')}</p>
              <label className="field">{t('Lý do gộp (bắt buộc)', 'Reason for the merge (required)')}<input value={mergeReason} onChange={(e) => setMergeReason(e.target.value)} placeholder={t('Cùng một trẻ, đăng ký hai lần', 'The same child registered twice')} /></label>
              <ul>
                {dups.map((d, i) => (
                  <li key={i}>
                    {d.hidden ? t('Một hồ sơ ở đơn vị khác (không xem được)', 'A record in another unit (not visible to you)') : <><Link to={`/children/${d.id}`}>#{d.id} {d.fullName}</Link> — {formatDate(d.birthDate ?? '')}</>}
                    {' '}({Math.round(d.score * 100)}%{d.reasons.length ? `: ${d.reasons.map((r) => t(...(REASON[r] ?? [r, r]))).join(', ')}` : ''})
                    {!d.hidden && d.id !== null && <> <button type="button" className="btn btn-small" disabled={mergeReason.trim().length < 3} onClick={() => void merge(d.id!)}>{t('Gộp vào hồ sơ này', 'Merge into this record')}</button></>}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
