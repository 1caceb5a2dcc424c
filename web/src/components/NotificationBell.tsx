/**
 * The bell in the header: how many of my notifications are unread (asked every minute and when the
 * window regains focus — one small request, fine on a slow connection), a link to the list.
 */
import { useEffect, useState } from 'react';
import { api } from '../lib/api.ts';
import { useT } from '../lib/i18n.ts';
import { Link, useRoute } from '../lib/router.ts';
import { Icon } from './Icon.tsx';

/** pages that change the count (the list) announce it so the bell follows at once */
export const UNREAD_EVENT = 'vitreem:notifications-changed';

export function NotificationBell() {
  const t = useT();
  const route = useRoute();
  const [unread, setUnread] = useState<number | null>(null);
  useEffect(() => {
    let stopped = false;
    const load = () => {
      api.get<{ unread: number }>('/api/notifications/unread-count').then((r) => { if (!stopped) setUnread(r.unread); }, () => undefined);
    };
    load();
    const timer = window.setInterval(load, 60_000);
    const onFocus = () => load();
    const onChange = (e: Event) => {
      const n = (e as CustomEvent<{ unread?: number }>).detail?.unread;
      if (typeof n === 'number') setUnread(n);
      else load();
    };
    window.addEventListener('focus', onFocus);
    window.addEventListener(UNREAD_EVENT, onChange);
    return () => {
      stopped = true;
      window.clearInterval(timer);
      window.removeEventListener('focus', onFocus);
      window.removeEventListener(UNREAD_EVENT, onChange);
    };
  }, [route.path]);
  const label = unread ? t(`Thông báo: ${unread} chưa đọc`, `Notifications: ${unread} unread`) : t('Thông báo', 'Notifications');
  return (
    <Link to="/notifications" className="notification-bell" aria-label={label} title={label} data-testid="notification-bell">
      <Icon name="bell" size="1.25em" />
      {unread ? <span className="notification-count">{unread > 99 ? '99+' : unread}</span> : null}
    </Link>
  );
}
