import { useApi, qs } from '../../lib/api.ts';
import { formatDate } from '../../../../src/domain/format.ts';
import { useT } from '../../lib/i18n.ts';
import { setQuery, useRoute } from '../../lib/router.ts';
import { Link } from '../../lib/links.ts';
import { useUnitYear } from '../../lib/defaults.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { DeadlineBadge, PeriodFilters, PeriodText, ReportStatus, YearSelect, groupByPeriod, reportPeriodText, type ReportItem } from './shared.tsx';

/** What needs doing first: returned, then overdue, then due; the rest by due date. */
const URGENCY: Record<string, number> = { returned: 0, overdue: 1, due: 2 };

/** "Báo cáo của tôi": what is due, overdue, returned — filters in the address (?unit=&year=&status=). */
export default function MyReportsPage() {
  const t = useT();
  const { query } = useRoute();
  // every report of the caller's units by default; the year is the latest with reports
  const { unitId, year, ready, setUnit, setYear } = useUnitYear('reportsYear', { defaultUnit: false });
  const status = query.get('status') ?? '';
  // the kind of period is asked of the server; the period is chosen among those listed (the choice keeps the others offered)
  const kind = query.get('kind') ?? '';
  const period = query.get('period') ?? '';
  const { data, error, loading, reload } = useApi<{ items: ReportItem[] }>(ready ? `/api/my/reports${qs({ unitId, year, status: status || null, kind: kind || null })}` : null);
  const items = [...(data?.items ?? [])].filter((i) => !period || i.period === period).sort((a, b) => (URGENCY[a.deadline] ?? 3) - (URGENCY[b.deadline] ?? 3) || a.dueDate.localeCompare(b.dueDate) || a.id - b.id);
  const counts = { overdue: items.filter((i) => i.deadline === 'overdue').length, returned: items.filter((i) => i.status === 'returned').length, due: items.filter((i) => i.deadline === 'due').length };
  return (
    <section>
      <h1>{t('Báo cáo của tôi', 'My reports')}</h1>
      <p className="lead">{t('Các báo cáo phải nộp theo kế hoạch: hạn nộp, quá hạn, bị trả lại.', 'Reports owed under the plans: due, overdue, returned.')}</p>
      <div className="toolbar panel">
        <UnitPicker value={unitId} onChange={(id) => setUnit(id)} label={t('Đơn vị', 'Unit')} />
        <div className="field">
          <label htmlFor="rep-year">{t('Năm', 'Year')}</label>
          <YearSelect id="rep-year" value={year} allowAll onChange={setYear} />
        </div>
        <div className="field">
          <label htmlFor="rep-status">{t('Trạng thái', 'Status')}</label>
          <select id="rep-status" value={status} onChange={(e) => setQuery({ status: e.target.value })}>
            <option value="">{t('Tất cả', 'All')}</option>
            <option value="draft">{t('Bản nháp', 'Draft')}</option>
            <option value="returned">{t('Bị trả lại', 'Returned')}</option>
            <option value="submitted">{t('Đã gửi', 'Submitted')}</option>
            <option value="approved">{t('Đã phê duyệt', 'Approved')}</option>
          </select>
        </div>
        <PeriodFilters idPrefix="rep" kind={kind} period={period} periods={data?.items ?? []} onChange={(next) => setQuery(next)} />
      </div>
      <p>
        <strong>{counts.overdue}</strong> {t('quá hạn', 'overdue')} · <strong>{counts.returned}</strong> {t('bị trả lại', 'returned')} · <strong>{counts.due}</strong> {t('chưa đến hạn', 'due')}
      </p>
      {(loading || !ready) && <Loading />}
      <ErrorMessage error={error} onRetry={reload} />
      <div className="table-wrap">
        <table className="data-table collapse-table">
          <thead>
            <tr>
              <th>{t('Đơn vị / cơ quan', 'Unit / agency')}</th>
              <th>{t('Kỳ', 'Period')}</th>
              <th>{t('Gửi tới', 'To')}</th>
              <th>{t('Hạn nộp', 'Due')}</th>
              <th>{t('Trạng thái', 'Status')}</th>
              <th>{t('Hạn', 'Deadline')}</th>
            </tr>
          </thead>
          <tbody>
            {groupByPeriod(items).map((g) => [
              // one heading row per period: "6 tháng đầu năm 2025 (7)" (every report of one period: no heading)
              ...(groupByPeriod(items).length > 1 ? [<tr key={`g-${g.key}`} className="group-row"><th colSpan={6} scope="rowgroup">{reportPeriodText(g.sample, t)} <span className="muted">({g.items.length})</span></th></tr>] : []),
              ...g.items.map((i) => (
              <tr key={i.id}>
                <td>
                  <Link to={`/reports/${i.id}`}>{i.unit.name}{i.agency ? ` — ${i.agency.name}` : ''}</Link>
                  {i.role === 'consolidation' && <span className="muted"> ({t('tổng hợp', 'consolidation')})</span>}
                  {i.status === 'returned' && i.returnedReason && <div className="muted">{t('Lý do trả lại:', 'Returned because:')} {i.returnedReason}</div>}
                </td>
                <td><PeriodText r={i} /></td>
                <td>{i.recipient?.name ?? '—'}</td>
                <td>{formatDate(i.dueDate)}</td>
                <td><ReportStatus status={i.status} /></td>
                <td><DeadlineBadge state={i.deadline} /></td>
              </tr>
              )),
            ])}
            {!loading && ready && items.length === 0 && (
              <tr><td colSpan={6} className="muted">{year ? t(`Không có báo cáo nào năm ${year}.`, `No reports for ${year}.`) : t('Không có báo cáo nào.', 'No reports.')}</td></tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
