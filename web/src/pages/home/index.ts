import type { PageDef } from '../../lib/pages.ts';
import { HomePage } from './HomePage.tsx';

export const pages: PageDef[] = [
  { path: '/', title: { vi: 'Trang chủ', en: 'Home' }, component: HomePage, nav: { vi: 'Trang chủ', en: 'Home', order: 0 } },
];
