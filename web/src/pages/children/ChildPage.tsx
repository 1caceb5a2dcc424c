import { useState } from 'react';
import { api, useApi } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { formatDate } from '../../lib/format.ts';
import { Link } from '../../lib/links.ts';
import type { PageProps } from '../../lib/pages.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useSession } from '../../lib/session.ts';
import { PrivacyNote } from './common.tsx';

interface Child {
  id: number; fullName: string; birthDate: string; age: number; sex: string; idNumber: string | null; address: string | null; ethnicity: string | null;
  caregivers: { name: string; relation: string }[]; povertyStatus: string; disability: boolean | null; schooling: string; healthInsurance: boolean | null;
  consentMissing: string[];
  circumstances: { id: number; groupName: string; kind: string; startDate: string; endDate: string | null }[];
  supports: { id: number; kind: string; date: string; provider: string | null }[];
  residences: { unitName: string; from: string; to: string | null }[];
  cases: { id: number; status: string; source: string; receivedAt: string }[];
}

export default function ChildPage({ params }: PageProps) {
  const t = useT();
  const session = useSession();
  const child = useApi<Child>(`/api/children/${params.id}`);
  const groups = useApi<{ code: string; name_vi: string; name_en: string; kind: string }[]>('/api/register/groups');
  const [group, setGroup] = useState('');
  const [start, setStart] = useState('');
  const [error, setError] = useState<unknown>(null);
  if (child.loading) return <Loading />;
  if (child.error || !child.data) return <ErrorMessage error={child.error} onRetry={child.reload} />;
  const c = child.data;
  const act = async (work: () => Promise<unknown>) => { setError(null); try { await work(); child.reload(); } catch (e) { setError(e); } };
  return (
    <section>
      <h1>{c.fullName}</h1>
      <PrivacyNote />
      <dl className="facts">
        <dt>{t('Ngày sinh', 'Birth date')}</dt><dd>{formatDate(c.birthDate)} ({c.age} {t('tuổi', 'years')})</dd>
        <dt>{t('Số định danh', 'ID number')}</dt><dd>{c.idNumber ?? '—'}</dd>
        <dt>{t('Địa chỉ', 'Address')}</dt><dd>{c.address ?? '—'}</dd>
        <dt>{t('Người chăm sóc', 'Caregivers')}</dt><dd>{c.caregivers.map((g) => `${g.name}${g.relation ? ` (${g.relation})` : ''}`).join('; ') || '—'}</dd>
        <dt>{t('Dân tộc', 'Ethnicity')}</dt><dd>{c.ethnicity ?? '—'}</dd>
      </dl>
      {c.consentMissing.length > 0 && <p className="warning-box">{t('Còn thiếu sự đồng ý của: ', 'Consent missing from: ')}{c.consentMissing.map((p) => (p === 'parent' ? t('cha mẹ/người giám hộ', 'parent/guardian') : t('trẻ em (từ đủ 7 tuổi)', 'the child (7+)'))).join(', ')}</p>}
      <h2>{t('Hoàn cảnh đặc biệt và nguy cơ', 'Special circumstances and risks')}</h2>
      <ul>{c.circumstances.map((x) => <li key={x.id}>{x.groupName} — {t('từ', 'from')} {formatDate(x.startDate)}{x.endDate ? ` ${t('đến', 'to')} ${formatDate(x.endDate)}` : ''}</li>)}</ul>
      {session.can('children.write') && <form className="toolbar" onSubmit={(e) => { e.preventDefault(); void act(() => api.post(`/api/children/${c.id}/circumstances`, { groupCode: group, startDate: start })); }}>
        <select required value={group} onChange={(e) => setGroup(e.target.value)}>
          <option value="">{t('— chọn nhóm —', '— choose a group —')}</option>
          {groups.data?.map((g) => <option key={g.code} value={g.code}>{t(g.name_vi, g.name_en)}</option>)}
        </select>
        <input required placeholder="dd/mm/yyyy" value={start} onChange={(e) => setStart(e.target.value)} />
        <button type="submit">{t('Thêm', 'Add')}</button>
      </form>}
      <h2>{t('Chăm sóc, nuôi dưỡng, trợ giúp', 'Care, nurture, assistance')}</h2>
      <ul>{c.supports.map((s) => <li key={s.id}>{formatDate(s.date)} — {s.kind === 'care' ? t('Chăm sóc', 'Care') : s.kind === 'nurture' ? t('Nuôi dưỡng', 'Nurture') : t('Trợ giúp', 'Assistance')}{s.provider ? ` (${s.provider})` : ''}</li>)}</ul>
      <h2>{t('Nơi cư trú', 'Residence')}</h2>
      <ul>{c.residences.map((r, i) => <li key={i}>{r.unitName}: {formatDate(r.from)} – {r.to ? formatDate(r.to) : t('nay', 'now')}</li>)}</ul>
      <h2>{t('Hồ sơ trường hợp', 'Cases')}</h2>
      <ul>{c.cases.map((k) => <li key={k.id}><Link to={`/cases/${k.id}`}>#{k.id}</Link> — {k.status}</li>)}</ul>
      {session.can('cases.write') && <button type="button" onClick={() => void act(() => api.post('/api/cases', { childId: c.id, source: 'other', receivedAt: new Date().toISOString() }))}>{t('Mở hồ sơ trường hợp', 'Open a case')}</button>}
      <ErrorMessage error={error} />
    </section>
  );
}
