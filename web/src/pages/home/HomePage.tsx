import { useApi } from '../../lib/api.ts';
import { pick, useLang, useT } from '../../lib/i18n.ts';
import { navPages } from '../../lib/pages.ts';
import { Link } from '../../lib/links.ts';
import { useSession } from '../../lib/session.ts';
import { listOf } from '../../lib/units.ts';
import { SignInForm } from '../../components/SignInForm.tsx';
import { PlanStatusBadge } from '../../components/StatusBadge.tsx';
import { periodText, type PlanSummary } from '../plans/types.ts';
import { HomeTodo } from './HomeTodo.tsx';

/** The landing page: what the system is for, an overview of the plans, and where to go. */
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
      {session.status === 'signed-out' && <SignInForm />}
      {session.status === 'signed-in' && <HomeTodo />}
      {session.status !== 'signed-out' && session.can('plans.read') && <PlanOverview />}
      {links.length > 0 && (
        <>
          <h2>{t('Chức năng', 'Sections')}</h2>
          <ul className="card-grid">
            {links.map((p) => (
              <li key={p.path} className="card">
                <Link to={p.path.replace(/\/\*$/, '')}>{pick(p.nav!, lang)}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function PlanOverview() {
  const t = useT();
  const { data, error } = useApi<unknown>('/api/plans?limit=200');
  if (error || !data) return null;
  const plans = listOf(data) as unknown as PlanSummary[];
  const count = (status: string) => plans.filter((p) => p.status === status).length;
  const national = plans.find((p) => p.level === 'national' && p.status === 'issued');
  const recent = plans.filter((p) => p !== national).slice(0, 5);
  return (
    <div className="overview">
      <ul className="card-grid">
        <li className="card">
          <span className="big">{plans.length}</span> {t('kế hoạch', 'plans')}
        </li>
        <li className="card">
          <span className="big">{count('issued')}</span> <PlanStatusBadge status="issued" />
        </li>
        <li className="card">
          <span className="big">{count('draft')}</span> <PlanStatusBadge status="draft" />
        </li>
        {national && (
          <li className="card">
            <span className="muted small">{t('Chương trình quốc gia', 'National programme')}</span>
            <br />
            <Link to={`/plans/${national.id}`}>{national.number ?? national.title}</Link> <span className="muted">({periodText(national.periodFrom, national.periodTo)})</span>
          </li>
        )}
      </ul>
      {recent.length > 0 && (
        <>
          <h2>{t('Kế hoạch gần đây', 'Recent plans')}</h2>
          <ul className="plain-list">
            {recent.map((p) => (
              <li key={p.id}>
                <Link to={`/plans/${p.id}`}>
                  {p.number ? `${p.number} — ` : ''}
                  {p.title}
                </Link>{' '}
                <PlanStatusBadge status={p.status} />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
