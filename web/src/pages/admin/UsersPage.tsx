import { useState, type FormEvent } from 'react';
import { api, qs, useApi } from '../../lib/api.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { navigate } from '../../lib/router.ts';
import { Link } from '../../lib/links.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { roleLabel } from './roles.ts';

export interface AdminUser {
  id: number;
  username: string;
  displayName: string | null;
  email: string | null;
  active: boolean;
  mustChangePassword: boolean;
  grants: { id: number; role: string; unitId: number | null; agencyId: number | null; unitName?: string | null; agencyName?: string | null }[];
}

export default function UsersPage() {
  const t = useT();
  const lang = useLang();
  const [q, setQ] = useState('');
  const list = useApi<{ users: AdminUser[]; total: number }>(`/api/users${qs({ q })}`);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [created, setCreated] = useState<{ username: string; oneTimePassword?: string } | null>(null);
  const [error, setError] = useState<unknown>(null);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await api.post<{ user: AdminUser; oneTimePassword?: string }>('/api/users', { username, displayName: displayName || null });
      setCreated({ username: r.user.username, oneTimePassword: r.oneTimePassword });
      setUsername('');
      setDisplayName('');
      list.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section>
      <h1>{t('Người dùng', 'Users')}</h1>
      <p>
        <Link to="/admin/tokens">{t('Mã truy cập API', 'API tokens')}</Link> · <Link to="/admin/audit">{t('Nhật ký kiểm tra', 'Audit log')}</Link>
      </p>
      <label htmlFor="user-search">{t('Tìm', 'Search')}</label> <input id="user-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      {list.loading && !list.data ? <Loading /> : <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && (
        <DataTable
          rows={list.data.users}
          rowKey={(u) => u.id}
          columns={[
            { key: 'username', header: t('Tên đăng nhập', 'Username'), render: (u) => <Link to={`/admin/users/${u.id}`}>{u.username}</Link>, sortValue: (u) => u.username },
            { key: 'displayName', header: t('Họ tên', 'Name'), render: (u) => u.displayName ?? '', sortValue: (u) => u.displayName ?? '' },
            { key: 'grants', header: t('Vai trò', 'Roles'), render: (u) => u.grants.map((g) => `${roleLabel(g.role, lang)}${g.unitName ? ` (${g.unitName})` : ''}`).join('; ') },
            { key: 'active', header: t('Trạng thái', 'Status'), render: (u) => (u.active ? t('Đang hoạt động', 'Active') : t('Đã khoá', 'Deactivated')) },
          ]}
        />
      )}
      <h2>{t('Thêm người dùng', 'Add a user')}</h2>
      <form onSubmit={create} className="form">
        <label htmlFor="new-username">{t('Tên đăng nhập', 'Username')}</label>
        <input id="new-username" required pattern="[a-zA-Z0-9][a-zA-Z0-9._\-]{1,62}" value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor="new-name">{t('Họ tên', 'Name')}</label>
        <input id="new-name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        <ErrorMessage error={error} />
        <button type="submit">{t('Tạo tài khoản', 'Create account')}</button>
      </form>
      {created && (
        <div role="status" className="notice">
          {t('Đã tạo', 'Created')} <strong>{created.username}</strong>.{' '}
          {created.oneTimePassword && (
            <>
              {t('Mật khẩu dùng một lần (chỉ hiện lần này):', 'One-time password (shown only now):')} <code>{created.oneTimePassword}</code>{' '}
            </>
          )}
          <button type="button" onClick={() => navigate(`/admin/users/${list.data?.users.find((u) => u.username === created.username)?.id ?? ''}`)}>
            {t('Giao vai trò', 'Assign roles')}
          </button>
        </div>
      )}
    </section>
  );
}
