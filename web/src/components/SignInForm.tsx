import { useState, type FormEvent } from 'react';
import { useT } from '../lib/i18n.ts';
import { signIn } from '../lib/session.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

/** Username + password sign-in (POST /api/session). */
export function SignInForm() {
  const t = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="signin panel" style={{ maxWidth: 420, margin: '24px auto' }}>
      <h1>{t('Đăng nhập', 'Sign in')}</h1>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="signin-username">{t('Tên đăng nhập', 'Username')}</label>
          <input id="signin-username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="signin-password">{t('Mật khẩu', 'Password')}</label>
          <input id="signin-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <ErrorMessage error={error} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || !username || !password}>
            {busy ? t('Đang đăng nhập…', 'Signing in…') : t('Đăng nhập', 'Sign in')}
          </button>
        </div>
      </form>
      <p className="hint muted small">{t('Quên mật khẩu? Hãy liên hệ quản trị viên để được cấp lại.', 'Forgot your password? Ask an administrator to reset it.')}</p>
    </section>
  );
}
