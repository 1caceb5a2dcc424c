import { lazyPage, type PageDef } from '../../lib/pages.ts';

export const pages: PageDef[] = [
  {
    path: '/units',
    title: { vi: 'Đơn vị hành chính', en: 'Administrative units' },
    component: lazyPage(() => import('./UnitTreePage.tsx')),
    nav: { vi: 'Đơn vị hành chính', en: 'Units', order: 30 },
    permission: 'units.read',
  },
  { path: '/units/:id', title: { vi: 'Đơn vị hành chính', en: 'Administrative unit' }, component: lazyPage(() => import('./UnitPage.tsx')), permission: 'units.read', unit: (p) => Number(p.id) },
];
