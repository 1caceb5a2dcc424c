import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { useSession } from '../../lib/session.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { roleLabel } from '../admin/roles.ts';
import { useLang } from '../../lib/i18n.ts';

export default function AccountPage() {
  const t = useT();
  const lang = useLang();
  const session = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const user = session.user;
  if (!user) return null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(false);
    if (next !== repeat) return setError(t('Hai lần nhập mật khẩu mới không khớp.', 'The two new passwords differ.'));
    try {
      await api.post('/api/me/password', { currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
      await session.refresh();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section>
      <h1>{t('Tài khoản của tôi', 'My account')}</h1>
      <p>
        <strong>{user.displayName}</strong> ({user.username})
      </p>
      {user.mustChangePassword && (
        <div className="error-message" role="alert">
          {t('Bạn cần đổi mật khẩu trước khi tiếp tục.', 'You must change your password before continuing.')}
        </div>
      )}
      <h2>{t('Quyền được giao', 'Roles')}</h2>
      <ul>
        {user.grants.map((g, i) => (
          <li key={i}>
            {roleLabel(g.role, lang)}
            {g.unitName ? ` — ${g.unitName}` : g.unitId === null ? ` — ${t('toàn quốc', 'nation-wide')}` : ''}
            {g.agencyName ? ` — ${g.agencyName}` : ''}
          </li>
        ))}
      </ul>
      <h2>{t('Đổi mật khẩu', 'Change password')}</h2>
      <form onSubmit={submit} className="form">
        <label htmlFor="pw-current">{t('Mật khẩu hiện tại', 'Current password')}</label>
        <input id="pw-current" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        <label htmlFor="pw-new">{t('Mật khẩu mới (ít nhất 10 ký tự)', 'New password (at least 10 characters)')}</label>
        <input id="pw-new" type="password" autoComplete="new-password" required minLength={10} value={next} onChange={(e) => setNext(e.target.value)} />
        <label htmlFor="pw-repeat">{t('Nhập lại mật khẩu mới', 'Repeat the new password')}</label>
        <input id="pw-repeat" type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        <ErrorMessage error={error} />
        {done && <p role="status">{t('Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đóng.', 'Password changed. Your other sessions were ended.')}</p>}
        <button type="submit">{t('Đổi mật khẩu', 'Change password')}</button>
      </form>
      <h2>{t('Đăng xuất', 'Sign out')}</h2>
      <p>
        <button type="button" onClick={() => void session.signOut(false)}>
          {t('Đăng xuất', 'Sign out')}
        </button>{' '}
        <button type="button" onClick={() => void session.signOut(true)}>
          {t('Đăng xuất khỏi mọi thiết bị', 'Sign out everywhere')}
        </button>
      </p>
    </section>
  );
}
