import { lazyPage, type PageDef } from '../../lib/pages.ts';

export const pages: PageDef[] = [
  {
    path: '/admin/users',
    title: { vi: 'Người dùng', en: 'Users' },
    component: lazyPage(() => import('./UsersPage.tsx')),
    nav: { vi: 'Người dùng', en: 'Users', order: 90 },
    permission: 'users.admin',
  },
  { path: '/admin/users/:id', title: { vi: 'Người dùng', en: 'User' }, component: lazyPage(() => import('./UserPage.tsx')), permission: 'users.admin' },
  { path: '/admin/tokens', title: { vi: 'Mã truy cập API', en: 'API tokens' }, component: lazyPage(() => import('./TokensPage.tsx')), permission: 'users.admin' },
  {
    path: '/admin/audit',
    title: { vi: 'Nhật ký kiểm tra', en: 'Audit log' },
    component: lazyPage(() => import('./AuditPage.tsx')),
    nav: { vi: 'Nhật ký', en: 'Audit', order: 91 },
    permission: 'audit.read',
  },
];
