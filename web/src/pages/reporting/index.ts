import { lazyPage, type PageDef } from '../../lib/pages.ts';

export const pages: PageDef[] = [
  { path: '/reports', title: { vi: 'Báo cáo của tôi', en: 'My reports' }, component: lazyPage(() => import('./MyReportsPage.tsx')), nav: { vi: 'Báo cáo của tôi', en: 'My reports', order: 40 }, permission: 'reports.read' },
  { path: '/reports/inbox', title: { vi: 'Báo cáo chờ duyệt', en: 'Approval inbox' }, component: lazyPage(() => import('./InboxPage.tsx')), nav: { vi: 'Duyệt báo cáo', en: 'Approvals', order: 41 }, permission: 'reports.approve' },
  { path: '/reports/:id', title: { vi: 'Nhập số liệu báo cáo', en: 'Report entry' }, component: lazyPage(() => import('./ReportFormPage.tsx')), permission: 'reports.read' },
  { path: '/dashboard', title: { vi: 'Theo dõi chỉ tiêu', en: 'Indicator dashboard' }, component: lazyPage(() => import('./DashboardPage.tsx')), nav: { vi: 'Theo dõi chỉ tiêu', en: 'Dashboard', order: 42 }, permission: 'dashboard.read' },
  { path: '/overview', title: { vi: 'Tổng quan lãnh đạo', en: "Leader's overview" }, component: lazyPage(() => import('./OverviewPage.tsx')), nav: { vi: 'Tổng quan', en: 'Overview', order: 43 }, permission: 'dashboard.read', unit: (_p, q) => Number(q.get('unitId')) || null },
];
