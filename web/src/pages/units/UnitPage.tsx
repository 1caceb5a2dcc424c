import { qs, useApi } from '../../lib/api.ts';
import { formatDate } from '../../../../src/domain/format.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import type { PageProps } from '../../lib/pages.ts';
import { setQuery, useRoute } from '../../lib/router.ts';
import { Link } from '../../lib/links.ts';
import { listOf, normUnit, today, unitLevelLabel, useUnitChildren, type UnitRef } from '../../lib/units.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { DateInput } from '../../components/DateInput.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PlanStatusBadge } from '../../components/StatusBadge.tsx';
import { issueDateText, periodText, type PlanSummary } from '../plans/types.ts';
import { useSession } from '../../lib/session.ts';
import { previousDay } from './UnitTreePage.tsx';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/**
 * One unit: where it sits, its validity, what it was merged from or into, and what was below it on a
 * date (?at=, today by default, or its last day for a unit that has ended): Thanh Hóa on 31/12/2024
 * lists its districts, today its communes. Its plans.
 */
export default function UnitPage({ params }: PageProps) {
  const t = useT();
  const lang = useLang();
  const { query } = useRoute();
  const session = useSession();
  const id = Number(params.id);
  const asked = query.get('at');
  const { data, error, loading, reload } = useApi<Record<string, any>>(Number.isInteger(id) ? `/api/units/${id}${qs({ at: asked && ISO.test(asked) ? asked : undefined })}` : null);
  const unit = data ? normUnit(data.unit ?? data) : null;
  const lastDay = unit?.validTo ? previousDay(unit.validTo) : null;
  const at = asked && ISO.test(asked) ? asked : (lastDay ?? today());
  const children = useUnitChildren(unit ? unit.id : null, at, unit !== null);
  // plans only for those who may read them (a case worker sees units, not plans)
  const canReadPlans = session.can('plans.read');
  const plans = useApi<unknown>(unit && canReadPlans ? `/api/plans${qs({ issuerUnitId: unit.id })}` : null);
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (loading || !unit || !data) return <Loading />;
  const ancestors = (Array.isArray(data.ancestors) ? data.ancestors : []).map(normUnit);
  const existsAt = (!unit.validFrom || unit.validFrom <= at) && (!unit.validTo || at < unit.validTo);
  const covering = Array.isArray(data.coveringAt?.units) ? (data.coveringAt.units as Record<string, any>[]).map(normUnit).filter((u) => u.id !== unit.id) : [];
  const refLinks = (refs: UnitRef[]) =>
    refs.map((r, i) => (
      <span key={r.id}>
        {i > 0 && ', '}
        <Link to={`/units/${r.id}${qs({ at: r.effectiveDate ?? undefined })}`}>{r.name}</Link>
        {r.effectiveDate && <span className="muted small"> ({t('từ', 'from')} {formatDate(r.effectiveDate)})</span>}
      </span>
    ));
  const presets: [string, string][] = [
    ['2024-12-31', '31/12/2024'],
    ['2025-07-01', '01/07/2025'],
    [today(), t('Hôm nay', 'Today')],
  ];
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
          <dd>{unitLevelLabel(unit.level, lang)}{unit.kind && unitLevelLabel(unit.level, lang, unit.kind) !== unitLevelLabel(unit.level, lang) ? ` · ${unitLevelLabel(unit.level, lang, unit.kind)}` : ''}</dd>
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
      <h2>
        {t('Đơn vị trực thuộc ngày', 'Units below on')} <span className="unit-at">{formatDate(at)}</span>
      </h2>
      <div className="toolbar" role="group" aria-label={t('Xem theo ngày', 'View on a date')}>
        <div className="field">
          <label htmlFor="unit-at">{t('Tại ngày', 'On date')}</label>
          <DateInput id="unit-at" value={at} onChange={(date) => date && setQuery({ at: date })} />
        </div>
        <div className="form-actions" style={{ marginTop: 0 }}>
          {presets.map(([value, label]) => (
            <button key={value + label} type="button" className="btn btn-small" aria-pressed={value === at} onClick={() => setQuery({ at: value })}>
              {label}
            </button>
          ))}
        </div>
      </div>
      {!existsAt && (
        <p className="notice unit-not-in-force">
          {t('Đơn vị này không có hiệu lực vào ngày này.', 'This unit was not in force on this date.')}{' '}
          {covering.length > 0 && (
            <>
              {t('Thay vào đó:', 'In its place:')}{' '}
              {covering.map((c, i) => (
                <span key={c.id}>
                  {i > 0 && ', '}
                  <Link to={`/units/${c.id}?at=${at}`}>{c.fullName ?? c.name}</Link>
                </span>
              ))}
            </>
          )}
        </p>
      )}
      {children.error ? (
        <ErrorMessage error={children.error} onRetry={children.retry} />
      ) : !children.nodes ? (
        <Loading />
      ) : children.nodes.length === 0 ? (
        <p className="muted">{t('Không có đơn vị trực thuộc vào ngày này.', 'No units below on this date.')}</p>
      ) : (
        <ul className="card-grid unit-children">
          {children.nodes.map((c) => (
            <li key={c.id} className="card" data-unit-level={c.level}>
              <Link to={`/units/${c.id}?at=${at}`}>{c.fullName ?? c.name}</Link>
              <span className="muted small">
                {' '}· {unitLevelLabel(c.level, lang, c.kind)}
                {c.validTo && ` · ${t('đến', 'until')} ${formatDate(previousDay(c.validTo))}`}
                {c.validFrom && c.validFrom > '1900-01-01' && ` · ${t('từ', 'from')} ${formatDate(c.validFrom)}`}
              </span>
            </li>
          ))}
        </ul>
      )}
      {canReadPlans && (
        <>
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
        </>
      )}
    </section>
  );
}
