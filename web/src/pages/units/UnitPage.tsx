import { qs, useApi } from '../../lib/api.ts';
import { formatDate } from '../../../../src/domain/format.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import type { PageProps } from '../../lib/pages.ts';
import { Link } from '../../lib/router.ts';
import { listOf, normUnit, unitLevelLabel, type UnitRef } from '../../lib/units.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PlanStatusBadge } from '../../components/StatusBadge.tsx';
import { issueDateText, periodText, type PlanSummary } from '../plans/types.ts';
import { previousDay } from './UnitTreePage.tsx';

/** One unit: where it sits, its validity, what it was merged from or into, what is below it, its plans. */
export default function UnitPage({ params }: PageProps) {
  const t = useT();
  const lang = useLang();
  const id = Number(params.id);
  const { data, error, loading, reload } = useApi<Record<string, any>>(Number.isInteger(id) ? `/api/units/${id}` : null);
  const unit = data ? normUnit(data.unit ?? data) : null;
  const lastDay = unit?.validTo ? previousDay(unit.validTo) : null;
  const children = useApi<unknown>(unit ? `/api/units/tree${qs({ parentId: unit.id, at: lastDay ?? undefined })}` : null);
  const plans = useApi<unknown>(unit ? `/api/plans${qs({ issuerUnitId: unit.id })}` : null);
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (loading || !unit || !data) return <Loading />;
  const ancestors = (Array.isArray(data.ancestors) ? data.ancestors : []).map(normUnit);
  let childList = listOf(children.data).map(normUnit);
  if (childList.length === 1 && childList[0].id === unit.id) childList = childList[0].children ?? [];
  const refLinks = (refs: UnitRef[]) =>
    refs.map((r, i) => (
      <span key={r.id}>
        {i > 0 && ', '}
        <Link to={`/units/${r.id}`}>{r.name}</Link>
        {r.effectiveDate && <span className="muted small"> ({t('từ', 'from')} {formatDate(r.effectiveDate)})</span>}
      </span>
    ));
  return (
    <section>
      <div className="breadcrumb">
        <Link to="/units">{t('Đơn vị hành chính', 'Units')}</Link>
        {[...ancestors].reverse().map((a) => (
          <span key={a.id}>
            {' › '}
            <Link to={`/units/${a.id}`}>{a.name}</Link>
          </span>
        ))}
      </div>
      <h1>{unit.fullName ?? unit.name}</h1>
      <div className="panel">
        <dl className="dl-grid">
          <dt>{t('Cấp', 'Level')}</dt>
          <dd>{unitLevelLabel(unit.level, lang)}</dd>
          {unit.code && (
            <>
              <dt>{t('Mã', 'Code')}</dt>
              <dd>{unit.code}</dd>
            </>
          )}
          <dt>{t('Hiệu lực', 'In force')}</dt>
          <dd>
            {unit.validFrom && unit.validFrom > '1900-01-01' ? `${t('từ', 'from')} ${formatDate(unit.validFrom)} ` : ''}
            {lastDay ? `${t('đến', 'until')} ${formatDate(lastDay)}` : t('đang có hiệu lực', 'current')}
          </dd>
          {unit.predecessors.length > 0 && (
            <>
              <dt>{t('Hình thành từ', 'Formed from')}</dt>
              <dd className="unit-predecessors">{refLinks(unit.predecessors)}</dd>
            </>
          )}
          {unit.successors.length > 0 && (
            <>
              <dt>{t('Sáp nhập vào / kế thừa bởi', 'Merged into / succeeded by')}</dt>
              <dd className="unit-successors">{refLinks(unit.successors)}</dd>
            </>
          )}
        </dl>
      </div>
      <h2>{t('Đơn vị trực thuộc', 'Units below')}</h2>
      {children.error ? (
        <ErrorMessage error={children.error} onRetry={children.reload} />
      ) : children.loading ? (
        <Loading />
      ) : childList.length === 0 ? (
        <p className="muted">{t('Không có đơn vị trực thuộc.', 'No units below.')}</p>
      ) : (
        <ul className="card-grid">
          {childList.map((c) => (
            <li key={c.id} className="card">
              <Link to={`/units/${c.id}`}>{c.fullName ?? c.name}</Link>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('Kế hoạch do đơn vị ban hành', 'Plans issued by this unit')}</h2>
      {plans.error ? (
        <ErrorMessage error={plans.error} onRetry={plans.reload} />
      ) : plans.loading ? (
        <Loading />
      ) : (
        <DataTable<PlanSummary>
          rows={listOf(plans.data) as unknown as PlanSummary[]}
          rowKey={(p) => p.id}
          empty={t('Chưa có kế hoạch.', 'No plans yet.')}
          columns={[
            { key: 'number', header: t('Số', 'Number'), render: (p) => p.number ?? '—' },
            { key: 'title', header: t('Tên kế hoạch', 'Title'), render: (p) => <Link to={`/plans/${p.id}`}>{p.title}</Link> },
            { key: 'date', header: t('Ngày ban hành', 'Issued on'), render: (p) => issueDateText(p) },
            { key: 'period', header: t('Giai đoạn', 'Period'), render: (p) => periodText(p.periodFrom, p.periodTo) },
            { key: 'status', header: t('Trạng thái', 'Status'), render: (p) => <PlanStatusBadge status={p.status} /> },
          ]}
        />
      )}
    </section>
  );
}
