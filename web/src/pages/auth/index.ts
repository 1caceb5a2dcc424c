import { lazyPage, type PageDef } from '../../lib/pages.ts';

export const pages: PageDef[] = [
  { path: '/sign-in', title: { vi: 'Đăng nhập', en: 'Sign in' }, component: lazyPage(() => import('./SignInPage.tsx')) },
  {
    path: '/account',
    title: { vi: 'Tài khoản của tôi', en: 'My account' },
    component: lazyPage(() => import('./AccountPage.tsx')),
    nav: { vi: 'Tài khoản', en: 'Account', order: 95 },
  },
];
