import { useState } from 'react';
import { api, useApi } from '../../lib/api.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import type { PageProps } from '../../lib/pages.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { ROLE_LABELS, roleLabel } from './roles.ts';
import type { AdminUser } from './UsersPage.tsx';

interface SessionRow {
  id: number;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  active: boolean;
}

const fmt = (iso: string) => new Date(iso).toLocaleString('vi-VN');

export default function UserPage({ params }: PageProps) {
  const t = useT();
  const lang = useLang();
  const id = Number(params.id);
  const user = useApi<{ user: AdminUser }>(`/api/users/${id}`);
  const sessions = useApi<{ sessions: SessionRow[] }>(`/api/users/${id}/sessions`);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [role, setRole] = useState('unit_officer');
  const [unitId, setUnitId] = useState<number | null>(null);
  const [agencyId, setAgencyId] = useState('');

  const act = async (work: () => Promise<unknown>, done?: string) => {
    setError(null);
    setNotice(null);
    try {
      await work();
      if (done) setNotice(done);
      user.reload();
      sessions.reload();
    } catch (err) {
      setError(err);
    }
  };
  if (user.loading && !user.data) return <Loading />;
  if (!user.data) return <ErrorMessage error={user.error} onRetry={user.reload} />;
  const u = user.data.user;
  const grants = u.grants.map((g) => ({ role: g.role, unitId: g.unitId, agencyId: g.agencyId }));

  return (
    <section>
      <h1>
        {u.displayName ?? u.username} <small>({u.username})</small>
      </h1>
      <p>{u.active ? t('Đang hoạt động', 'Active') : t('Đã khoá', 'Deactivated')}</p>
      <ErrorMessage error={error} />
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <p>
        {u.active ? (
          <button type="button" onClick={() => void act(() => api.post(`/api/users/${id}/deactivate`), t('Đã khoá tài khoản và đóng mọi phiên.', 'Deactivated; all sessions ended.'))}>
            {t('Khoá tài khoản', 'Deactivate')}
          </button>
        ) : (
          <button type="button" onClick={() => void act(() => api.post(`/api/users/${id}/activate`))}>
            {t('Mở lại tài khoản', 'Reactivate')}
          </button>
        )}{' '}
        <button
          type="button"
          onClick={() =>
            void act(async () => {
              const r = await api.post<{ oneTimePassword?: string }>(`/api/users/${id}/password`, {});
              setNotice(`${t('Mật khẩu dùng một lần (chỉ hiện lần này):', 'One-time password (shown only now):')} ${r.oneTimePassword ?? ''}`);
            })
          }
        >
          {t('Cấp lại mật khẩu', 'Reset password')}
        </button>{' '}
        <button type="button" onClick={() => void act(() => api.post(`/api/users/${id}/unlock`), t('Đã mở khoá đăng nhập.', 'Sign-in unlocked.'))}>
          {t('Mở khoá đăng nhập', 'Unlock sign-in')}
        </button>
      </p>

      <h2>{t('Vai trò và phạm vi', 'Roles and scope')}</h2>
      <ul>
        {u.grants.map((g) => (
          <li key={g.id}>
            {roleLabel(g.role, lang)} — {g.unitName ?? (g.unitId === null ? t('toàn quốc', 'nation-wide') : `#${g.unitId}`)}
            {g.agencyName ? ` — ${g.agencyName}` : ''}{' '}
            <button type="button" onClick={() => void act(() => api.put(`/api/users/${id}/grants`, { grants: grants.filter((x) => !(x.role === g.role && x.unitId === g.unitId && x.agencyId === g.agencyId)) }))}>
              {t('Bỏ', 'Remove')}
            </button>
          </li>
        ))}
      </ul>
      <div className="form">
        <label htmlFor="grant-role">{t('Vai trò', 'Role')}</label>
        <select id="grant-role" value={role} onChange={(e) => setRole(e.target.value)}>
          {Object.keys(ROLE_LABELS)
            .filter((r) => r !== 'api_token')
            .map((r) => (
              <option key={r} value={r}>
                {roleLabel(r, lang)}
              </option>
            ))}
        </select>
        <UnitPicker value={unitId} onChange={(v) => setUnitId(v)} label={t('Đơn vị (để trống = toàn quốc)', 'Unit (empty = nation-wide)')} />
        {role === 'agency_reporter' && (
          <>
            <label htmlFor="grant-agency">{t('Mã cơ quan', 'Agency id')}</label>
            <input id="grant-agency" inputMode="numeric" value={agencyId} onChange={(e) => setAgencyId(e.target.value)} />
          </>
        )}
        <button
          type="button"
          onClick={() =>
            void act(() => api.put(`/api/users/${id}/grants`, { grants: [...grants, { role, unitId, agencyId: role === 'agency_reporter' && agencyId ? Number(agencyId) : null }] }), t('Đã giao vai trò.', 'Role assigned.'))
          }
        >
          {t('Giao vai trò', 'Assign role')}
        </button>
      </div>

      <h2>{t('Phiên đăng nhập', 'Sessions')}</h2>
      {sessions.data && (
        <DataTable
          rows={sessions.data.sessions}
          rowKey={(s) => s.id}
          empty={t('Không có phiên nào đang mở.', 'No open sessions.')}
          columns={[
            { key: 'createdAt', header: t('Bắt đầu', 'Started'), render: (s) => fmt(s.createdAt) },
            { key: 'lastSeenAt', header: t('Lần cuối', 'Last seen'), render: (s) => fmt(s.lastSeenAt) },
            { key: 'ip', header: t('Địa chỉ', 'Address'), render: (s) => s.ip ?? '' },
            { key: 'userAgent', header: t('Trình duyệt', 'Browser'), render: (s) => s.userAgent ?? '' },
            {
              key: 'revoke',
              header: '',
              render: (s) => (
                <button type="button" onClick={() => void act(() => api.delete(`/api/users/${id}/sessions/${s.id}`))}>
                  {t('Đóng phiên', 'End')}
                </button>
              ),
            },
          ]}
        />
      )}
      <button type="button" onClick={() => void act(() => api.post(`/api/users/${id}/sessions/revoke-all`), t('Đã đóng mọi phiên.', 'All sessions ended.'))}>
        {t('Đóng mọi phiên', 'End all sessions')}
      </button>
    </section>
  );
}
