import { lazyPage, type PageDef } from '../../lib/pages.ts';

export const pages: PageDef[] = [
  {
    path: '/plans/:id/budget',
    title: { vi: 'Kinh phí thực hiện', en: 'Budget execution' },
    component: lazyPage(() => import('./BudgetExecutionPage.tsx')),
    permission: 'reports.read',
  },
];
