import { useState } from 'react';
import { api, ApiError, qs, useApi } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { formatDate } from '../../lib/format.ts';
import { navigate } from '../../lib/router.ts';
import { Link } from '../../lib/links.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useSession } from '../../lib/session.ts';
import { PrivacyNote, SuppressionRule, useHomeUnit } from './common.tsx';

interface ChildItem { id: number; fullName: string; birthDate: string; sex: string; villageId: number | null }
interface Dup { id: number | null; fullName?: string; birthDate?: string; score: number; hidden?: boolean }

export default function RegisterPage() {
  const t = useT();
  const session = useSession();
  const home = useHomeUnit();
  const [unitId, setUnitId] = useState<number | null>(home);
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const list = useApi<{ items: ChildItem[] }>(unitId ? `/api/children${qs({ unitId, q: query })}` : null);
  const [form, setForm] = useState({ fullName: '', birthDate: '', sex: 'female', idNumber: '', legalBasis: 'child_protection' });
  const [dups, setDups] = useState<Dup[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function register(confirmNotDuplicate: boolean) {
    setError(null);
    try {
      const created = await api.post<{ id: number }>('/api/children', { unitId, ...form, idNumber: form.idNumber || null, confirmNotDuplicate });
      navigate(`/children/${created.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'likely_duplicate') setDups(((e.details as { duplicates: Dup[] })?.duplicates) ?? []);
      else setError(e);
    }
  }

  return (
    <section>
      <h1>{t('Sổ theo dõi trẻ em', 'Children’s register')}</h1>
      <PrivacyNote />
      <UnitPicker value={unitId} onChange={(id) => setUnitId(id)} label={t('Xã, phường', 'Commune')} />
      <form onSubmit={(e) => { e.preventDefault(); setQuery(q); }} className="toolbar">
        <label>
          {t('Tìm theo tên (có hoặc không dấu)', 'Search by name (with or without diacritics)')}
          <input value={q} onChange={(e) => setQ(e.target.value)} placeholder="nguyen van an" />
        </label>
        <button type="submit">{t('Tìm', 'Search')}</button>
      </form>
      {list.loading && <Loading />}
      <ErrorMessage error={list.error} onRetry={list.reload} />
      {list.data && (
        <table className="data-table">
          <thead><tr><th>{t('Họ và tên', 'Name')}</th><th>{t('Ngày sinh', 'Birth date')}</th><th>{t('Giới tính', 'Sex')}</th></tr></thead>
          <tbody>
            {list.data.items.length === 0 && <tr><td colSpan={3} className="empty">{t('Không có trẻ em nào.', 'No children.')}</td></tr>}
            {list.data.items.map((c) => (
              <tr key={c.id}><td><Link to={`/children/${c.id}`}>{c.fullName}</Link></td><td>{formatDate(c.birthDate)}</td><td>{c.sex === 'male' ? t('Nam', 'Male') : c.sex === 'female' ? t('Nữ', 'Female') : '—'}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {unitId && session.can('children.write', unitId) && (
        <details>
          <summary>{t('Đăng ký trẻ em mới', 'Register a child')}</summary>
          <form onSubmit={(e) => { e.preventDefault(); void register(false); }} className="form-grid">
            <label>{t('Họ và tên', 'Full name')}<input required value={form.fullName} onChange={(e) => setForm({ ...form, fullName: e.target.value })} /></label>
            <label>{t('Ngày sinh (dd/mm/yyyy)', 'Birth date (dd/mm/yyyy)')}<input required value={form.birthDate} onChange={(e) => setForm({ ...form, birthDate: e.target.value })} /></label>
            <label>{t('Giới tính', 'Sex')}
              <select value={form.sex} onChange={(e) => setForm({ ...form, sex: e.target.value })}><option value="female">{t('Nữ', 'Female')}</option><option value="male">{t('Nam', 'Male')}</option></select>
            </label>
            <label>{t('Số định danh cá nhân', 'Personal ID number')}<input value={form.idNumber} onChange={(e) => setForm({ ...form, idNumber: e.target.value })} /></label>
            <label>{t('Căn cứ xử lý dữ liệu', 'Legal basis')}
              <select value={form.legalBasis} onChange={(e) => setForm({ ...form, legalBasis: e.target.value })}>
                <option value="child_protection">{t('Bảo vệ trẻ em (luật quy định)', 'Child protection (required by law)')}</option>
                <option value="consent">{t('Sự đồng ý (cha mẹ; trẻ từ đủ 7 tuổi)', 'Consent (parent; child from 7)')}</option>
              </select>
            </label>
            <button type="submit">{t('Đăng ký', 'Register')}</button>
          </form>
          {dups && (
            <div className="warning-box">
              <strong>{t('Có thể trẻ em này đã có trong sổ:', 'This child may already be registered:')}</strong>
              <ul>
                {dups.map((d, i) => (
                  <li key={i}>{d.hidden ? t('Một hồ sơ ở đơn vị khác (trùng số định danh)', 'A record in another unit (same ID number)') : <Link to={`/children/${d.id}`}>{d.fullName} — {formatDate(d.birthDate ?? '')}</Link>} ({Math.round(d.score * 100)}%)</li>
                ))}
              </ul>
              <button type="button" onClick={() => void register(true)}>{t('Không phải trùng — vẫn đăng ký', 'Not a duplicate — register anyway')}</button>
            </div>
          )}
          <ErrorMessage error={error} />
        </details>
      )}
      <SuppressionRule />
    </section>
  );
}
