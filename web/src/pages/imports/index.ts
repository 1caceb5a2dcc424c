import { lazyPage, type PageDef } from '../../lib/pages.ts';

export const pages: PageDef[] = [
  {
    path: '/imports',
    title: { vi: 'Nhập kế hoạch từ văn bản', en: 'Import a plan document' },
    component: lazyPage(() => import('./ImportUploadPage.tsx')),
    nav: { vi: 'Nhập văn bản', en: 'Import', order: 15 },
    permission: 'plans.import',
  },
  { path: '/imports/:id', title: { vi: 'Rà soát văn bản nhập', en: 'Review the import' }, component: lazyPage(() => import('./ImportReviewPage.tsx')), permission: 'plans.import' },
];
