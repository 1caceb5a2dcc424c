import { Component, Suspense, useEffect, useState, type ReactNode } from 'react';
import { pick, setLang, useLang, useT } from './lib/i18n.ts';
import { allPages, findPage, navPages, unitOfAddress } from './lib/pages.ts';
import { Link, useRoute } from './lib/router.ts';
import { signOut, useSession } from './lib/session.ts';
import { SignInForm } from './components/SignInForm.tsx';
import { Loading } from './components/Loading.tsx';
import { ErrorMessage } from './components/ErrorMessage.tsx';
import { NotificationBell } from './components/NotificationBell.tsx';

export function App() {
  const t = useT();
  const lang = useLang();
  const route = useRoute();
  const session = useSession();
  const pages = allPages();
  const found = findPage(route.path, pages);
  const nav = navPages(pages).filter((p) => !p.permission || session.can(p.permission));
  // on a phone the menu is folded behind a button; it folds again after every move
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [route.href]);

  useEffect(() => {
    const title = found ? pick(found.page.title, lang) : t('Không tìm thấy', 'Not found');
    document.title = `${title} · vitreem`;
  }, [found?.page, lang, t]);

  const allowed = !found?.page.permission || session.status === 'loading' || session.can(found.page.permission, unitOfAddress(found.page, found.params, route.query));
  // pages wait for the session before asking the API for data
  if (session.status === 'loading') return <div className="app"><Loading /></div>;
  const Page = found?.page.component;

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('Chuyển đến nội dung chính', 'Skip to main content')}
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ♥
          </span>
          vitreem — Vì trẻ em
        </Link>
        <div className="header-right">
          {session.user && (
            <>
              <NotificationBell />
              <span className="user-name">{session.user.displayName || session.user.username}</span>
              <button type="button" className="btn btn-small btn-header" onClick={() => void signOut()}>
                {t('Đăng xuất', 'Sign out')}
              </button>
            </>
          )}
          <div className="lang-switch" role="group" aria-label={t('Ngôn ngữ', 'Language')}>
            <button type="button" lang="vi" aria-pressed={lang === 'vi'} onClick={() => setLang('vi')} title="Tiếng Việt">
              VI
            </button>
            <button type="button" lang="en" aria-pressed={lang === 'en'} onClick={() => setLang('en')} title="English">
              EN
            </button>
          </div>
        </div>
      </header>
      <nav className={`app-nav${menuOpen ? ' open' : ''}`} aria-label={t('Điều hướng chính', 'Main navigation')}>
        <button type="button" className="btn btn-small nav-toggle" aria-expanded={menuOpen} aria-controls="main-menu" onClick={() => setMenuOpen((o) => !o)}>
          ☰ {t('Danh mục', 'Menu')}
        </button>
        <ul id="main-menu">
          {nav.map((p) => {
            const matches = (x: { path: string }) => (x.path === '/' ? route.path === '/' : route.path === x.path || route.path.startsWith(x.path.replace(/\/\*$/, '') + '/'));
            // only the most specific entry is current (/reports/inbox is not also /reports)
            const active = matches(p) && !nav.some((o) => o !== p && o.path.length > p.path.length && matches(o));
            return (
              <li key={p.path}>
                <Link to={p.path.replace(/\/\*$/, '')} aria-current={active ? 'page' : undefined}>
                  {pick(p.nav!, lang)}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <main id="main" className="app-main" tabIndex={-1}>
        <ErrorBoundary key={route.path}>
          <Suspense fallback={<Loading />}>
            {session.status === 'signed-out' && found?.page.path !== '/' ? (
              <SignInForm />
            ) : !found || !Page ? (
              <NotFound />
            ) : !allowed ? (
              <div className="error-message" role="alert">
                {t('Bạn không có quyền xem trang này.', 'You are not allowed to view this page.')}
              </div>
            ) : (
              <Page params={found.params} />
            )}
          </Suspense>
        </ErrorBoundary>
      </main>
      <footer className="app-footer">
        <span>{t('Hệ thống quản lý kế hoạch hành động vì trẻ em', 'Managing the action plans for children')}</span>
      </footer>
    </div>
  );
}

function NotFound() {
  const t = useT();
  return (
    <section>
      <h1>{t('Không tìm thấy trang', 'Page not found')}</h1>
      <p>
        <Link to="/">{t('Về trang chủ', 'Back to the home page')}</Link>
      </p>
    </section>
  );
}

class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    if (this.state.error) return <ErrorMessage error={this.state.error} onRetry={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}
