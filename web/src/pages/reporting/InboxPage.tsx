import { useApi, qs } from '../../lib/api.ts';
import { formatDate, formatDateTime } from '../../../../src/domain/format.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { setQuery, useRoute } from '../../lib/router.ts';
import { Link } from '../../lib/links.ts';
import { useUnitYear } from '../../lib/defaults.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { DeadlineBadge, PeriodFilters, PeriodText, ReportStatus, YearSelect, groupByPeriod, reportPeriodText, type ReportItem } from './shared.tsx';

/** The approver's inbox: reports sent to a unit (the caller's own by default), with their validation flags. */
export default function InboxPage() {
  const t = useT();
  const lang = useLang();
  const { query } = useRoute();
  const { unitId, ready, setUnit } = useUnitYear('reportsYear');
  // waiting reports of every year unless a year is asked for
  const year = Number(query.get('year')) || null;
  const status = query.get('status') ?? 'submitted';
  const kind = query.get('kind') ?? '';
  const period = query.get('period') ?? '';
  const { data, error, loading, reload } = useApi<{ items: ReportItem[] }>(ready && unitId ? `/api/inbox${qs({ unitId, status, year, kind: kind || null })}` : null);
  const items = (data?.items ?? []).filter((i) => !period || i.period === period);
  const groups = groupByPeriod(items);
  const flagged = items.filter((i) => i.flags.length > 0).length;
  return (
    <section>
      <h1>{t('Báo cáo chờ duyệt', 'Approval inbox')}</h1>
      <div className="toolbar panel">
        <UnitPicker value={unitId} onChange={(id) => setUnit(id)} label={t('Đơn vị nhận báo cáo', 'Receiving unit')} />
        <div className="field">
          <label htmlFor="inbox-status">{t('Trạng thái', 'Status')}</label>
          <select id="inbox-status" value={status} onChange={(e) => setQuery({ status: e.target.value === 'submitted' ? null : e.target.value })}>
            <option value="submitted">{t('Chờ duyệt', 'Waiting')}</option>
            <option value="returned">{t('Đã trả lại', 'Returned')}</option>
            <option value="approved">{t('Đã phê duyệt', 'Approved')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="inbox-year">{t('Năm', 'Year')}</label>
          <YearSelect id="inbox-year" value={year} allowAll onChange={(y) => setQuery({ year: y === 'all' ? null : y, period: null })} />
        </div>
        <PeriodFilters idPrefix="inbox" kind={kind} period={period} periods={data?.items ?? []} onChange={(next) => setQuery(next)} />
      </div>
      {ready && !unitId && <p className="muted">{t('Chọn đơn vị để xem các báo cáo gửi đến.', 'Choose a unit to see the reports sent to it.')}</p>}
      {loading && <Loading />}
      <ErrorMessage error={error} onRetry={reload} />
      {data && (
        <>
          <p>
            <strong>{items.length}</strong> {t('báo cáo', 'reports')}{status === 'submitted' && <> · <strong>{flagged}</strong> {t('có cảnh báo cần xem kỹ', 'with warnings to check')}</>}
            {groups.length > 1 && <> · {groups.map((g) => `${reportPeriodText(g.sample, t)}: ${g.items.length}`).join(' · ')}</>}
          </p>
          <div className="table-wrap">
            <table className="data-table collapse-table">
              <thead><tr><th>{t('Đơn vị', 'Unit')}</th><th>{t('Kỳ', 'Period')}</th><th>{t('Hạn nộp', 'Due')}</th><th>{t('Gửi lúc', 'Sent')}</th><th>{t('Trạng thái', 'Status')}</th><th>{t('Cảnh báo kiểm tra', 'Validation warnings')}</th></tr></thead>
              <tbody>
                {groups.map((g) => [
                  ...(groups.length > 1 ? [<tr key={`g-${g.key}`} className="group-row"><th colSpan={6} scope="rowgroup">{reportPeriodText(g.sample, t)} <span className="muted">({g.items.length})</span></th></tr>] : []),
                  ...g.items.map((i) => (
                  <tr key={i.id}>
                    <td><Link to={`/reports/${i.id}`}>{i.unit.name}{i.agency ? ` — ${i.agency.name}` : ''}</Link></td>
                    <td><PeriodText r={i} /></td>
                    <td>{formatDate(i.dueDate)}</td>
                    <td>{formatDateTime(i.submittedAt)} <DeadlineBadge state={i.deadline} /></td>
                    <td><ReportStatus status={i.status} /></td>
                    <td>{i.flags.length === 0 ? <span className="muted">{t('Không có', 'None')}</span> : <ul className="warning-list">{i.flags.map((f, k) => <li key={k}>{lang === 'en' ? f.en : f.vi}</li>)}</ul>}</td>
                  </tr>
                  )),
                ])}
                {items.length === 0 && <tr><td colSpan={6} className="muted">{status === 'submitted' ? t('Không có báo cáo chờ duyệt.', 'Nothing to approve.') : t('Không có báo cáo nào.', 'No reports.')}</td></tr>}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
