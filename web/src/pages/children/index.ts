import { lazyPage, type PageDef } from '../../lib/pages.ts';

/** The children's register and child-protection case management (Nghị định 56/2017). */
export const pages: PageDef[] = [
  { path: '/children', title: { vi: 'Sổ theo dõi trẻ em', en: 'Children’s register' }, component: lazyPage(() => import('./RegisterPage.tsx')), nav: { vi: 'Sổ trẻ em', en: 'Children', order: 60 }, permission: 'children.read' },
  { path: '/children/:id', title: { vi: 'Hồ sơ trẻ em', en: 'Child record' }, component: lazyPage(() => import('./ChildPage.tsx')), permission: 'children.read' },
  { path: '/cases/mine', title: { vi: 'Ca của tôi', en: 'My cases' }, component: lazyPage(() => import('./MyCasesPage.tsx')), nav: { vi: 'Ca của tôi', en: 'My cases', order: 61 }, permission: 'cases.write' },
  { path: '/cases/supervise', title: { vi: 'Giám sát quản lý ca', en: 'Case supervision' }, component: lazyPage(() => import('./SupervisePage.tsx')), nav: { vi: 'Phê duyệt, quá hạn', en: 'Approvals, overdue', order: 62 }, permission: 'cases.supervise' },
  { path: '/cases/:id', title: { vi: 'Hồ sơ trường hợp', en: 'Case' }, component: lazyPage(() => import('./CasePage.tsx')), permission: 'cases.read' },
  { path: '/register/counts', title: { vi: 'Số liệu trẻ em', en: 'Children counts' }, component: lazyPage(() => import('./CountsPage.tsx')), nav: { vi: 'Số liệu trẻ em', en: 'Children counts', order: 63 }, permission: 'dashboard.read' },
];
