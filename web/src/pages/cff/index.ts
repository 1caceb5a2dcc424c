import { lazyPage, type PageDef } from '../../lib/pages.ts';

export const pages: PageDef[] = [
  {
    path: '/cff', title: { vi: 'Xã, phường phù hợp với trẻ em', en: 'Child-friendly communes' },
    component: lazyPage(() => import('./CffOverviewPage.tsx')),
    nav: { vi: 'Xã phù hợp với trẻ em', en: 'Child-friendly communes', order: 40 }, permission: 'dashboard.read',
  },
  {
    path: '/cff/queue', title: { vi: 'Hồ sơ chờ thẩm định', en: 'Review queue' },
    component: lazyPage(() => import('./ReviewQueuePage.tsx')), permission: 'cff.recognise', unit: (_p, q) => Number(q.get('unitId')) || null,
  },
  {
    path: '/cff/registrations/:id', title: { vi: 'Hồ sơ tự đánh giá', en: 'Self-assessment' },
    component: lazyPage(() => import('./AssessmentPage.tsx')), permission: 'cff.assess',
  },
];
