import { lazyPage, type PageDef } from '../../lib/pages.ts';

export const pages: PageDef[] = [
  {
    path: '/plans',
    title: { vi: 'Danh sách kế hoạch', en: 'Plans' },
    component: lazyPage(() => import('./PlanListPage.tsx')),
    nav: { vi: 'Kế hoạch', en: 'Plans', order: 10 },
    permission: 'plans.read',
  },
  { path: '/plans/new', title: { vi: 'Tạo kế hoạch', en: 'New plan' }, component: lazyPage(() => import('./PlanEditPage.tsx')), permission: 'plans.write' },
  { path: '/plans/:id', title: { vi: 'Kế hoạch', en: 'Plan' }, component: lazyPage(() => import('./PlanPage.tsx')), permission: 'plans.read' },
  { path: '/plans/:id/edit', title: { vi: 'Sửa kế hoạch', en: 'Edit plan' }, component: lazyPage(() => import('./PlanEditPage.tsx')), permission: 'plans.write' },
];
