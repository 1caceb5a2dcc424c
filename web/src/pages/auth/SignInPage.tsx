import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { navigate, useRoute } from '../../lib/router.ts';
import { acceptSignIn, PASSWORD_PATH } from '../../lib/session.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';

/** Only same-site paths are followed after sign-in (no open redirect). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/sign-in')) return '/';
  return next;
}

export default function SignInPage() {
  const t = useT();
  const route = useRoute();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = await api.post<Parameters<typeof acceptSignIn>[0]>('/api/session', { username, password });
      acceptSignIn(body);
      setPassword('');
      navigate(body.user?.mustChangePassword ? PASSWORD_PATH : safeNext(route.query.get('next')), { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="sign-in">
      <h1>{t('Đăng nhập', 'Sign in')}</h1>
      <form onSubmit={submit} className="form" aria-busy={busy}>
        <label htmlFor="sign-in-username">{t('Tên đăng nhập', 'Username')}</label>
        <input id="sign-in-username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
        <label htmlFor="sign-in-password">{t('Mật khẩu', 'Password')}</label>
        <input id="sign-in-password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy}>
          {busy ? t('Đang đăng nhập…', 'Signing in…') : t('Đăng nhập', 'Sign in')}
        </button>
      </form>
      <p className="hint">{t('Quên mật khẩu? Hãy liên hệ quản trị viên để được cấp lại.', 'Forgot your password? Ask an administrator to reset it.')}</p>
    </section>
  );
}
