/**
 * Thông báo / Notifications: my notifications, newest first (unread in bold), each a link to the exact
 * page; mark one or all read; and my channels (in-app, e-mail, daily digest) with my e-mail address.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { formatDateTime } from '../../../../src/domain/format.ts';
import { api, useApi } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { Link } from '../../lib/router.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { UNREAD_EVENT } from '../../components/NotificationBell.tsx';

interface Item {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}
interface Prefs {
  inApp: boolean;
  email: boolean;
  digest: boolean;
  address: string | null;
  emailConfigured: boolean;
}

const announce = (unread?: number) => window.dispatchEvent(new CustomEvent(UNREAD_EVENT, { detail: { unread } }));

export default function NotificationsPage() {
  const t = useT();
  const [onlyUnread, setOnlyUnread] = useState(false);
  const list = useApi<{ items: Item[]; unread: number }>(`/api/notifications?limit=100${onlyUnread ? '&unread=true' : ''}`);
  const [error, setError] = useState<unknown>(null);

  const markRead = async (item: Item) => {
    if (item.readAt) return;
    try {
      const r = await api.post<{ unread: number }>(`/api/notifications/${item.id}/read`);
      list.reload();
      announce(r.unread);
    } catch (e) {
      setError(e);
    }
  };
  const markAll = async () => {
    try {
      await api.post('/api/notifications/read-all');
      list.reload();
      announce(0);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section>
      <h1>{t('Thông báo', 'Notifications')}</h1>
      <p className="toolbar">
        <label>
          <input type="checkbox" checked={onlyUnread} onChange={(e) => setOnlyUnread(e.target.checked)} /> {t('Chỉ thông báo chưa đọc', 'Unread only')}
        </label>{' '}
        <button type="button" className="btn btn-small" onClick={() => void markAll()} disabled={!list.data?.unread}>
          {t('Đánh dấu tất cả đã đọc', 'Mark all read')}
        </button>{' '}
        {list.data && <span>{t(`${list.data.unread} chưa đọc`, `${list.data.unread} unread`)}</span>}
      </p>
      <ErrorMessage error={error ?? list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.items.length === 0 && <p>{t('Không có thông báo nào.', 'No notifications.')}</p>}
      <ul className="notification-list">
        {list.data?.items.map((n) => (
          <li key={n.id} className={n.readAt ? 'notification read' : 'notification unread'} data-testid="notification">
            <div>
              {n.link ? (
                <Link to={n.link} onClick={() => void markRead(n)}>
                  {n.readAt ? n.title : <strong>{n.title}</strong>}
                </Link>
              ) : n.readAt ? n.title : <strong>{n.title}</strong>}
            </div>
            <div className="notification-body">{n.body}</div>
            <div className="notification-meta">
              {formatDateTime(n.createdAt)}
              {!n.readAt && (
                <>
                  {' · '}
                  <button type="button" className="btn-link" onClick={() => void markRead(n)}>
                    {t('Đánh dấu đã đọc', 'Mark read')}
                  </button>
                </>
              )}
            </div>
          </li>
        ))}
      </ul>
      <Preferences />
    </section>
  );
}

function Preferences() {
  const t = useT();
  const prefs = useApi<Prefs>('/api/notifications/preferences');
  const [form, setForm] = useState<Prefs | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (prefs.data) setForm(prefs.data);
  }, [prefs.data]);
  if (!form) return prefs.error ? <ErrorMessage error={prefs.error} /> : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const next = await api.put<Prefs>('/api/notifications/preferences', { inApp: form.inApp, email: form.email, digest: form.digest, address: form.address?.trim() ? form.address.trim() : null });
      prefs.setData(next);
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  };
  const set = (patch: Partial<Prefs>) => {
    setSaved(false);
    setForm({ ...form, ...patch });
  };

  return (
    <form onSubmit={submit} className="form" aria-labelledby="prefs-title">
      <h2 id="prefs-title">{t('Cách nhận thông báo', 'How I am notified')}</h2>
      <label>
        <input type="checkbox" checked={form.inApp} onChange={(e) => set({ inApp: e.target.checked })} /> {t('Trong ứng dụng (chuông thông báo)', 'In the app (the bell)')}
      </label>
      <label>
        <input type="checkbox" checked={form.email} onChange={(e) => set({ email: e.target.checked })} /> {t('Qua thư điện tử', 'By e-mail')}
      </label>
      <label>
        <input type="checkbox" checked={form.digest} disabled={!form.email} onChange={(e) => set({ digest: e.target.checked })} /> {t('Gộp thành một thư tổng hợp mỗi ngày (7 giờ sáng)', 'One daily digest e-mail (7 a.m.)')}
      </label>
      <label htmlFor="prefs-address">{t('Địa chỉ thư điện tử', 'E-mail address')}</label>
      <input id="prefs-address" type="email" autoComplete="email" maxLength={200} value={form.address ?? ''} onChange={(e) => set({ address: e.target.value })} />
      {!form.emailConfigured && <p className="hint">{t('Máy chủ chưa cấu hình gửi thư (VITREEM_SMTP_URL): hiện chỉ có thông báo trong ứng dụng.', 'The server has no SMTP configured (VITREEM_SMTP_URL): in-app notifications only for now.')}</p>}
      {form.email && !form.address?.trim() && <p className="hint">{t('Chưa có địa chỉ thư: chỉ nhận thông báo trong ứng dụng.', 'No address: in-app notifications only.')}</p>}
      <ErrorMessage error={error} />
      {saved && <p role="status">{t('Đã lưu.', 'Saved.')}</p>}
      <button type="submit">{t('Lưu', 'Save')}</button>
    </form>
  );
}
