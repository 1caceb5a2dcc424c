import { lazyPage, type PageDef } from '../../lib/pages.ts';

/** Task progress (issue #16): the lead agency's entry screen, and the plan issuer's roll-up. */
export const pages: PageDef[] = [
  { path: '/tasks', title: { vi: 'Tiến độ nhiệm vụ', en: 'Task progress' }, component: lazyPage(() => import('./MyTasksPage.tsx')), nav: { vi: 'Tiến độ nhiệm vụ', en: 'Task progress', order: 44 }, permission: 'reports.enter' },
  { path: '/plans/:id/tasks', title: { vi: 'Tổng hợp tiến độ nhiệm vụ', en: 'Task progress roll-up' }, component: lazyPage(() => import('./TaskRollupPage.tsx')), permission: 'reports.read' },
];
