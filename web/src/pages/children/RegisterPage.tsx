import { useState } from 'react';
import { api, ApiError, CSRF_COOKIE, CSRF_HEADER, qs, readCookie, useApi } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { formatDate } from '../../../../src/domain/format.ts';
import { navigate } from '../../lib/router.ts';
import { Link } from '../../lib/links.ts';
import { useSession } from '../../lib/session.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { DUPLICATE_REASON, PrivacyNote, useHomeUnit } from './common.tsx';

interface ChildItem { id: number; fullName: string; birthDate: string; sex: string; villageId: number | null }
interface Dup { id: number | null; fullName?: string; birthDate?: string; score: number; reasons: string[]; hidden?: boolean }
interface RowError { row: number; column: string; value: string | null; vi: string; en: string }

async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** POSTs JSON and saves the answer as a file (the export is a ZIP, not JSON). */
async function download(path: string, body: unknown, fallbackName: string): Promise<void> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const csrf = readCookie(CSRF_COOKIE);
  if (csrf) headers[CSRF_HEADER] = csrf;
  const response = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body), credentials: 'same-origin' });
  if (!response.ok) {
    const err = ((await response.json().catch(() => ({}))) as { error?: { code: string; message: string; messageEn: string; path?: (string | number)[] } }).error;
    throw new ApiError(response.status, err?.code ?? `http_${response.status}`, err?.message ?? `Máy chủ trả lỗi ${response.status}.`, err?.messageEn ?? `The server answered ${response.status}.`, err?.path);
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

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
  const [file, setFile] = useState<File | null>(null);
  const [importResult, setImportResult] = useState<{ imported?: number; errors?: RowError[]; error?: unknown } | null>(null);
  const [importing, setImporting] = useState(false);
  const [exportForm, setExportForm] = useState({ reason: '', password: '', confirm: '' });
  const [exportState, setExportState] = useState<{ done?: boolean; error?: unknown } | null>(null);

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

  async function importFile() {
    if (!file || !unitId) return;
    setImporting(true);
    setImportResult(null);
    try {
      const xlsx = /\.xlsx$/i.test(file.name);
      const body = xlsx ? { unitId, filename: file.name, contentBase64: await fileToBase64(file) } : { unitId, filename: file.name, content: await file.text() };
      const r = await api.post<{ imported: number }>('/api/children/import', body);
      setImportResult({ imported: r.imported });
      list.reload();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'import_rejected') setImportResult({ errors: (e.details as { errors: RowError[] }).errors, error: e });
      else setImportResult({ error: e });
    } finally {
      setImporting(false);
    }
  }

  async function exportZip() {
    setExportState(null);
    if (exportForm.password !== exportForm.confirm) {
      setExportState({ error: new ApiError(400, 'password_mismatch', 'Hai lần nhập mật khẩu không khớp.', 'The two passwords differ.') });
      return;
    }
    try {
      await download('/api/children/export', { unitId, reason: exportForm.reason, password: exportForm.password }, 'tre-em.zip');
      setExportForm({ reason: '', password: '', confirm: '' });
      setExportState({ done: true });
    } catch (e) {
      setExportState({ error: e });
    }
  }

  return (
    <section>
      <h1>{t('Sổ theo dõi trẻ em', 'Children’s register')}</h1>
      <PrivacyNote />
      <UnitPicker value={unitId} onChange={(id) => setUnitId(id)} label={t('Xã, phường', 'Commune')} />
      <form onSubmit={(e) => { e.preventDefault(); setQuery(q); }} className="toolbar">
        <label className="field">
          {t('Tìm theo tên (có hoặc không dấu)', 'Search by name (with or without diacritics)')}
          <input value={q} onChange={(e) => setQ(e.target.value)} placeholder="nguyen van an" />
        </label>
        <button type="submit" className="btn">{t('Tìm', 'Search')}</button>
      </form>
      {list.loading && <Loading />}
      <ErrorMessage error={list.error} onRetry={list.reload} />
      {list.data && (
        <table className="data-table">
          <thead><tr><th>{t('Họ và tên', 'Name')}</th><th>{t('Ngày sinh', 'Birth date')}</th><th>{t('Giới tính', 'Sex')}</th></tr></thead>
          <tbody>
            {list.data.items.length === 0 && <tr><td colSpan={3} className="empty">{query ? t('Không tìm thấy trẻ em nào có tên này.', 'No child with this name.') : t('Chưa có trẻ em nào.', 'No children yet.')}</td></tr>}
            {list.data.items.map((c) => (
              <tr key={c.id}><td><Link to={`/children/${c.id}`}>{c.fullName}</Link></td><td>{formatDate(c.birthDate)}</td><td>{c.sex === 'male' ? t('Nam', 'Male') : c.sex === 'female' ? t('Nữ', 'Female') : '—'}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {unitId && session.can('children.write', unitId) && (
        <details className="panel">
          <summary>{t('Đăng ký trẻ em mới', 'Register a child')}</summary>
          <form onSubmit={(e) => { e.preventDefault(); setDups(null); void register(false); }} className="form-grid">
            <label className="field">{t('Họ và tên', 'Full name')}<input required value={form.fullName} onChange={(e) => setForm({ ...form, fullName: e.target.value })} /></label>
            <label className="field">{t('Ngày sinh (dd/mm/yyyy)', 'Birth date (dd/mm/yyyy)')}<input required value={form.birthDate} onChange={(e) => setForm({ ...form, birthDate: e.target.value })} /></label>
            <label className="field">{t('Giới tính', 'Sex')}
              <select value={form.sex} onChange={(e) => setForm({ ...form, sex: e.target.value })}><option value="female">{t('Nữ', 'Female')}</option><option value="male">{t('Nam', 'Male')}</option></select>
            </label>
            <label className="field">{t('Số định danh cá nhân', 'Personal ID number')}<input value={form.idNumber} onChange={(e) => setForm({ ...form, idNumber: e.target.value })} /></label>
            <label className="field">{t('Căn cứ xử lý dữ liệu', 'Legal basis')}
              <select value={form.legalBasis} onChange={(e) => setForm({ ...form, legalBasis: e.target.value })}>
                <option value="child_protection">{t('Bảo vệ trẻ em (luật quy định)', 'Child protection (required by law)')}</option>
                <option value="consent">{t('Sự đồng ý (cha mẹ; trẻ từ đủ 7 tuổi)', 'Consent (parent; child from 7)')}</option>
              </select>
            </label>
            <div className="form-actions"><button type="submit" className="btn btn-primary">{t('Đăng ký', 'Register')}</button></div>
          </form>
          {dups && (
            <div className="warning-box" role="alert">
              <strong>{t('Có thể trẻ em này đã có trong sổ — chưa đăng ký. Kiểm tra các hồ sơ sau:', 'This child may already be registered — nothing saved yet. Check these records:')}</strong>
              <ul>
                {dups.map((d, i) => (
                  <li key={i}>
                    {d.hidden ? t('Một hồ sơ ở đơn vị khác (không xem được)', 'A record in another unit (not visible to you)') : <Link to={`/children/${d.id}`}>{d.fullName} — {formatDate(d.birthDate ?? '')}</Link>}
                    {' '}({Math.round(d.score * 100)}%{d.reasons.length ? `: ${d.reasons.map((r) => t(...(DUPLICATE_REASON[r] ?? [r, r]))).join(', ')}` : ''})
                  </li>
                ))}
              </ul>
              <p>{t('Nếu đúng là trẻ này: mở hồ sơ cũ và bổ sung, không đăng ký lại. Nếu đã lỡ đăng ký hai lần: mở một hồ sơ, "Tìm hồ sơ có thể trùng", rồi gộp.', 'If it is this child: open the existing record and complete it instead. If registered twice already: open one record, "Look for likely duplicates", then merge.')}</p>
              <div className="form-actions">
                <button type="button" className="btn" onClick={() => void register(true)}>{t('Không phải trùng — vẫn đăng ký', 'Not a duplicate — register anyway')}</button>
                <button type="button" className="btn" onClick={() => setDups(null)}>{t('Hủy', 'Cancel')}</button>
              </div>
            </div>
          )}
          <ErrorMessage error={error} />
        </details>
      )}
      {unitId && session.can('children.write', unitId) && (
        <details className="panel">
          <summary>{t('Nhập danh sách từ tệp (CSV, Excel)', 'Import a list from a file (CSV, Excel)')}</summary>
          <p className="muted">{t('Cột: Họ và tên; Ngày sinh; Giới tính (bắt buộc), Dân tộc, Số định danh, Thôn, Hộ nghèo, Khuyết tật, Đi học, BHYT, Hoàn cảnh đặc biệt (số nhóm theo Điều 10). Tệp chỉ được nhập khi mọi dòng đều đúng; nếu có lỗi, không dòng nào được lưu và mọi dòng lỗi được liệt kê.', 'Columns: full name, birth date, sex (required), ethnicity, ID number, village, poverty, disability, schooling, health insurance, special circumstance (group numbers of Article 10). The file is imported only when every row is right; otherwise nothing is saved and every bad row is listed.')}</p>
          <form className="toolbar" onSubmit={(e) => { e.preventDefault(); void importFile(); }}>
            <label className="field">{t('Tệp', 'File')}<input type="file" accept=".csv,.txt,.xlsx" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setImportResult(null); }} /></label>
            <button type="submit" className="btn btn-primary" disabled={!file || importing}>{importing ? t('Đang nhập…', 'Importing…') : t('Nhập', 'Import')}</button>
          </form>
          {importResult?.imported !== undefined && <p className="success-box">{t(`Đã nhập ${importResult.imported} trẻ em.`, `${importResult.imported} children imported.`)}</p>}
          {importResult?.error !== undefined && <ErrorMessage error={importResult.error} />}
          {importResult?.errors && (
            <table className="data-table collapse-table import-errors">
              <thead><tr><th>{t('Dòng', 'Row')}</th><th>{t('Cột', 'Column')}</th><th>{t('Giá trị', 'Value')}</th><th>{t('Lỗi', 'Error')}</th></tr></thead>
              <tbody>{importResult.errors.map((e, i) => <tr key={i}><td>{e.row}</td><td>{e.column}</td><td>{e.value ?? ''}</td><td>{t(e.vi, e.en)}</td></tr>)}</tbody>
            </table>
          )}
        </details>
      )}
      {unitId && session.can('children.export', unitId) && (
        <details className="panel">
          <summary>{t('Xuất dữ liệu định danh (tệp ZIP có mật khẩu)', 'Export identifiable data (password-protected ZIP)')}</summary>
          <p className="muted">{t('Tệp ZIP được mã hóa AES-256 bằng mật khẩu bạn đặt; mở bằng 7-Zip, WinRAR hoặc trình giải nén của Windows/macOS. Gửi mật khẩu cho người nhận qua một kênh khác (điện thoại), không gửi kèm tệp. Mỗi lần xuất được ghi nhật ký cùng lý do.', 'The ZIP is AES-256 encrypted with the password you set; open it with 7-Zip, WinRAR or the archive tool of Windows/macOS. Give the password to the recipient another way (by phone), never with the file. Every export is logged with its reason.')}</p>
          <form className="form-grid" onSubmit={(e) => { e.preventDefault(); void exportZip(); }}>
            <label className="field">{t('Lý do xuất (ít nhất 10 ký tự)', 'Reason (at least 10 characters)')}<input required minLength={10} value={exportForm.reason} onChange={(e) => setExportForm({ ...exportForm, reason: e.target.value })} /></label>
            <label className="field">{t('Mật khẩu (ít nhất 10 ký tự)', 'Password (at least 10 characters)')}<input type="password" autoComplete="new-password" required minLength={10} value={exportForm.password} onChange={(e) => setExportForm({ ...exportForm, password: e.target.value })} /></label>
            <label className="field">{t('Nhập lại mật khẩu', 'Repeat the password')}<input type="password" autoComplete="new-password" required minLength={10} value={exportForm.confirm} onChange={(e) => setExportForm({ ...exportForm, confirm: e.target.value })} /></label>
            <div className="form-actions"><button type="submit" className="btn btn-primary">{t('Xuất tệp ZIP', 'Export the ZIP')}</button></div>
          </form>
          {exportState?.done && <p className="success-box">{t('Đã tạo tệp; lần xuất này đã được ghi nhật ký.', 'The file was created; this export is logged.')}</p>}
          <ErrorMessage error={exportState?.error} />
        </details>
      )}
    </section>
  );
}
