import { lazyPage, type PageDef } from '../../lib/pages.ts';

export const pages: PageDef[] = [
  {
    path: '/documents',
    title: { vi: 'Báo cáo và văn bản', en: 'Reports and documents' },
    component: lazyPage(() => import('./ReportPage.tsx')),
    nav: { vi: 'Báo cáo, văn bản', en: 'Reports', order: 40 },
    permission: 'documents.read',
  },
];
