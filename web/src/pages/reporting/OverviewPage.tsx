import { useApi, qs } from '../../lib/api.ts';
import { formatDate, formatDateTime, formatFigure } from '../../../../src/domain/format.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { Link } from '../../lib/links.ts';
import { useUnitYear, unitYearQuery } from '../../lib/defaults.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PeriodText, ReportStatus, YearSelect, groupByPeriod, pct, reportPeriodText, targetText, type TargetView } from './shared.tsx';
import { setQuery, useRoute } from '../../lib/router.ts';

interface Overview {
  unit: { id: number; name: string };
  offTrack: { measureId: number; code: string; unit: string; nameVi: string; nameEn: string | null; value: number | null; status: string; expected: number | null; coverage: number | null; partial: boolean; target: TargetView | null }[];
  lateReports: { id: number; unit: { name: string }; agency: string | null; kind: string; period: string; dueDate: string; status: string; submittedAt: string | null; overdue: boolean }[];
}

/** A leader's overview: indicators off track or at risk, and late or missing reports. */
export default function OverviewPage() {
  const t = useT();
  const lang = useLang();
  const { unitId, year, ready, setUnit, setYear } = useUnitYear('dataYear');
  const { data, error, loading, reload } = useApi<Overview>(ready && unitId && year ? `/api/overview${qs({ unitId, year })}` : null);
  // off track first, then at risk
  const offTrack = [...(data?.offTrack ?? [])].sort((a, b) => (a.status === b.status ? 0 : a.status === 'off_track' ? -1 : 1));
  // late reports of one period (?period=2025S1), chosen among those listed
  const { query } = useRoute();
  const period = query.get('period') ?? '';
  const withYear = (data?.lateReports ?? []).map((r) => ({ ...r, year: Number(r.period.slice(0, 4)) }));
  const shown = withYear.filter((r) => !period || r.period === period);
  const missing = shown.filter((r) => r.overdue);
  const late = shown.filter((r) => !r.overdue);
  return (
    <section>
      <h1>{t('Tổng quan lãnh đạo', "Leader's overview")}{data ? `: ${data.unit.name}` : ''}</h1>
      <div className="toolbar panel">
        <UnitPicker value={unitId} onChange={(id) => setUnit(id)} label={t('Đơn vị', 'Unit')} />
        <div className="field"><label htmlFor="ov-year">{t('Năm', 'Year')}</label><YearSelect id="ov-year" value={year} onChange={setYear} /></div>
        {unitId && year && <div className="field"><Link to={`/dashboard${unitYearQuery(unitId, year)}`}>{t('Tất cả chỉ tiêu →', 'All indicators →')}</Link></div>}
      </div>
      {ready && !unitId && <p className="muted">{t('Chọn đơn vị.', 'Choose a unit.')}</p>}
      {(loading || !ready) && <Loading />}
      <ErrorMessage error={error} onRetry={reload} />
      {data && (
        <div className="grid-2">
          <div className="panel">
            <h2>{t('Chỉ tiêu chậm tiến độ, có nguy cơ', 'Indicators off track or at risk')} ({offTrack.length})</h2>
            <table className="data-table collapse-table">
              <thead><tr><th>{t('Chỉ tiêu', 'Measure')}</th><th className="num">{t('Giá trị', 'Value')}</th><th>{t('Mục tiêu', 'Target')}</th><th>{t('Đánh giá', 'Status')}</th></tr></thead>
              <tbody>
                {offTrack.map((m) => (
                  <tr key={m.measureId}>
                    <td><Link to={`/dashboard${unitYearQuery(data.unit.id, year, { measure: m.measureId })}`}>{m.code}</Link> {lang === 'en' ? m.nameEn ?? m.nameVi : m.nameVi}</td>
                    <td className="num">{formatFigure(m.value, m.unit, lang)}{m.partial ? <div className="muted small">{t('độ phủ', 'coverage')} {pct(m.coverage)}</div> : null}</td>
                    <td>{targetText(m.target, m.unit, lang)}<div className="muted small">{t('lộ trình', 'trajectory')} {formatFigure(m.expected, m.unit, lang)}</div></td>
                    <td><StatusBadge status={m.status} /></td>
                  </tr>
                ))}
                {offTrack.length === 0 && <tr><td colSpan={4} className="muted">{t('Không có chỉ tiêu chậm tiến độ.', 'No indicator off track.')}</td></tr>}
              </tbody>
            </table>
          </div>
          <div className="panel">
            <h2>{t('Báo cáo chưa nộp, nộp muộn', 'Reports missing or late')} ({shown.length})</h2>
            <div className="field">
              <label htmlFor="ov-period">{t('Kỳ báo cáo', 'Period')}</label>
              <select id="ov-period" value={period} onChange={(e) => setQuery({ period: e.target.value || null })}>
                <option value="">{t('Tất cả các kỳ', 'Every period')}</option>
                {groupByPeriod(withYear).map((g) => <option key={g.key} value={g.sample.period}>{reportPeriodText(g.sample, t)} ({g.items.length})</option>)}
              </select>
            </div>
            <h3>{t('Quá hạn, chưa nộp', 'Overdue, not submitted')} ({missing.length})</h3>
            <ul>
              {missing.map((r) => <li key={r.id}><Link to={`/reports/${r.id}`}>{r.unit.name}{r.agency ? ` — ${r.agency}` : ''}</Link>{' '}(<PeriodText r={{ kind: r.kind, period: r.period, year: year ?? Number(r.period.slice(0, 4)) }} />): {t('hạn', 'due')} {formatDate(r.dueDate)} <ReportStatus status={r.status} /></li>)}
              {missing.length === 0 && <li className="muted">{t('Không có.', 'None.')}</li>}
            </ul>
            <h3>{t('Nộp muộn', 'Submitted late')} ({late.length})</h3>
            <ul>
              {late.map((r) => <li key={r.id}><Link to={`/reports/${r.id}`}>{r.unit.name}{r.agency ? ` — ${r.agency}` : ''}</Link>{' '}(<PeriodText r={{ kind: r.kind, period: r.period, year: year ?? Number(r.period.slice(0, 4)) }} />): {t('hạn', 'due')} {formatDate(r.dueDate)}, {t('nộp', 'sent')} {formatDateTime(r.submittedAt)}</li>)}
              {late.length === 0 && <li className="muted">{t('Không có.', 'None.')}</li>}
            </ul>
          </div>
        </div>
      )}
    </section>
  );
}
