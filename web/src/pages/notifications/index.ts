import { lazyPage, type PageDef } from '../../lib/pages.ts';

export const pages: PageDef[] = [
  { path: '/notifications', title: { vi: 'Thông báo', en: 'Notifications' }, component: lazyPage(() => import('./NotificationsPage.tsx')) },
];
