import { useT } from '../../lib/i18n.ts';
import { navPages } from '../../lib/pages.ts';
import { Link } from '../../lib/router.ts';
import { useSession } from '../../lib/session.ts';
import { pick, useLang } from '../../lib/i18n.ts';

/** The landing page: what the system is for and where to go. */
export function HomePage() {
  const t = useT();
  const lang = useLang();
  const session = useSession();
  const links = navPages().filter((p) => p.path !== '/' && (!p.permission || session.can(p.permission)));
  return (
    <section className="home">
      <h1>{t('Chương trình hành động vì trẻ em', 'Action Programme for Children')}</h1>
      <p className="lead">
        {t(
          'Theo dõi kế hoạch, chỉ tiêu, nhiệm vụ và báo cáo vì trẻ em của các cấp, từ quốc gia đến xã.',
          'Follow the plans, indicators, tasks and reports for children at every level, from the nation to the commune.',
        )}
      </p>
      {links.length > 0 && (
        <ul className="card-grid">
          {links.map((p) => (
            <li key={p.path} className="card">
              <Link to={p.path.replace(/\/\*$/, '')}>{pick(p.nav!, lang)}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
