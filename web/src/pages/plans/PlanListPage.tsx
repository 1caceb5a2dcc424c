import { useEffect, useState, type FormEvent } from 'react';
import { qs, useApi } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { setQuery, useRoute } from '../../lib/router.ts';
import { Link } from '../../lib/links.ts';
import { useSession } from '../../lib/session.ts';
import { listOf } from '../../lib/units.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PlanStatusBadge } from '../../components/StatusBadge.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { issueDateText, levelLabel, periodText, type PlanSummary } from './types.ts';

/** The plans, filtered by issuing unit, status and a search; filters live in the address (shareable). */
export default function PlanListPage() {
  const t = useT();
  const { query } = useRoute();
  const session = useSession();
  const issuerUnitId = query.get('issuerUnitId');
  const status = query.get('status') ?? '';
  const q = query.get('q') ?? '';
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);

  const { data, error, loading, reload } = useApi<unknown>(`/api/plans${qs({ issuerUnitId, status, q })}`);
  const plans = listOf(data) as unknown as PlanSummary[];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setQuery({ q: search.trim() });
  };

  return (
    <section>
      <div className="toolbar" style={{ justifyContent: 'space-between' }}>
        <h1 style={{ margin: 0 }}>{t('Kế hoạch', 'Plans')}</h1>
        {session.can('plans.write') && (
          <div className="form-actions" style={{ marginTop: 0 }}>
            <Link className="btn btn-primary" to="/plans/new">
              {t('Tạo kế hoạch mới', 'New plan')}
            </Link>
            {session.can('plans.import') && (
              <Link className="btn" to="/imports">
                {t('Nhập từ văn bản', 'Import a document')}
              </Link>
            )}
          </div>
        )}
      </div>
      <form className="toolbar panel" onSubmit={submit} role="search" aria-label={t('Lọc kế hoạch', 'Filter plans')}>
        <UnitPicker label={t('Đơn vị ban hành', 'Issuing unit')} value={issuerUnitId ? Number(issuerUnitId) : null} onChange={(id) => setQuery({ issuerUnitId: id })} />
        <div className="field">
          <label htmlFor="plan-status">{t('Trạng thái', 'Status')}</label>
          <select id="plan-status" value={status} onChange={(e) => setQuery({ status: e.target.value })}>
            <option value="">{t('Tất cả', 'All')}</option>
            <option value="draft">{t('Bản nháp', 'Draft')}</option>
            <option value="issued">{t('Đã ban hành', 'Issued')}</option>
            <option value="superseded">{t('Đã thay thế', 'Superseded')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="plan-q">{t('Tìm kiếm', 'Search')}</label>
          <input id="plan-q" type="search" value={search} placeholder={t('Số, tên kế hoạch…', 'Number, title…')} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <button className="btn" type="submit">
          {t('Tìm', 'Search')}
        </button>
        {(issuerUnitId || status || q) && (
          <button className="btn btn-link" type="button" onClick={() => setQuery({ issuerUnitId: null, status: null, q: null })}>
            {t('Xóa bộ lọc', 'Clear filters')}
          </button>
        )}
      </form>
      {error ? (
        <ErrorMessage error={error} onRetry={reload} />
      ) : loading && !data ? (
        <Loading />
      ) : (
        <DataTable<PlanSummary>
          caption={t(`${plans.length} kế hoạch`, `${plans.length} plan(s)`)}
          rows={plans}
          rowKey={(p) => p.id}
          empty={t('Không có kế hoạch nào phù hợp.', 'No plan matches.')}
          columns={[
            { key: 'number', header: t('Số', 'Number'), render: (p) => <span className="nowrap">{p.number ?? '—'}</span>, sortValue: (p) => p.number },
            {
              key: 'title',
              header: t('Tên kế hoạch', 'Title'),
              render: (p) => <Link to={`/plans/${p.id}`}>{p.title}</Link>,
              sortValue: (p) => p.title,
            },
            { key: 'issuer', header: t('Cơ quan ban hành', 'Issuer'), render: (p) => p.issuerName ?? p.issuerUnitName ?? p.issuerUnit?.name ?? '—', sortValue: (p) => p.issuerName ?? p.issuerUnitName },
            { key: 'level', header: t('Cấp', 'Level'), render: (p) => levelLabel(p.level, t), sortValue: (p) => p.level },
            { key: 'date', header: t('Ngày ban hành', 'Issued on'), render: (p) => issueDateText(p), sortValue: (p) => p.issueDate ?? p.issueDateText ?? p.issueYear, className: 'nowrap' },
            { key: 'indicators', header: t('Chỉ tiêu', 'Indicators'), align: 'right', render: (p) => (p.counts ? p.counts.indicators : '—'), sortValue: (p) => p.counts?.indicators },
            { key: 'period', header: t('Giai đoạn', 'Period'), render: (p) => periodText(p.periodFrom, p.periodTo), sortValue: (p) => p.periodFrom, className: 'nowrap' },
            { key: 'status', header: t('Trạng thái', 'Status'), render: (p) => <PlanStatusBadge status={p.status} />, sortValue: (p) => p.status },
          ]}
        />
      )}
    </section>
  );
}
