import { useEffect, useMemo, useRef } from 'react';
import { useApi, qs } from '../../lib/api.ts';
import { formatFigure, formatNumber } from '../../../../src/domain/format.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { setQuery, useRoute } from '../../lib/router.ts';
import { Link } from '../../lib/links.ts';
import { useUnitYear, unitYearQuery } from '../../lib/defaults.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Chart, type ChartOption } from '../../components/Chart.tsx';
import { UnitMap, hasMapPlaces } from '../../components/UnitMap.tsx';
import { YearSelect, pct, targetText, type TargetView } from './shared.tsx';
import { periodsOfYear } from '../../../../src/domain/period.ts';
import { periodLabel } from '../../../../src/domain/reporting/periods.ts';

interface Figure { value: number | null; numerator: number | null; denominator: number | null; coverage: number | null; partial: boolean; reportingCount: number; expectedCount: number; status: string; expected: number | null; target: TargetView | null; reason?: { vi: string; en: string } }
interface DashMeasure extends Figure { measureId: number; code: string; indicator: string; nameVi: string; nameEn: string | null; unit: string; source?: 'year' | 'periods' | 'none'; periods?: string[]; sourceText?: { vi: string; en: string } | null }
type Judged = { status: string; expected: number | null; reason?: { vi: string; en: string } };
/** GET /api/dashboard/units/:id/periods: the year's figure (and where it comes from) and each period shorter than the year */
interface PeriodSeries {
  year_figure: Figure & Judged & { source: 'year' | 'periods' | 'none'; periods: string[]; complete: boolean };
  source: { vi: string; en: string };
  periods: (Figure & Judged & { period: string; periodLabel: { vi: string; en: string }; start: string; end: string; yearToDate: number | null; projectedYear: number | null })[];
}
interface Dashboard { estimatedShares?: boolean; unit: { id: number; name: string; fullName?: string; level: string }; year: number; plan: { number: string | null; title: string } | null; measures: DashMeasure[] }
interface Series { years: (Figure & { year: number })[]; measure: { unit: string; code: string } }
interface Children { total: Figure; children: (Figure & { unit: { id: number; name: string; code?: string | null } })[] }
interface Completeness { total: { expected: number; received: number; onTime: number; completeness: number | null; timeliness: number | null }; byUnit: { unit: { id: number; name: string }; expected: number; received: number; onTime: number; completeness: number | null; timeliness: number | null }[] }

const coverageText = (f: Figure) => (f.expectedCount > 0 ? `${pct(f.coverage)} (${f.reportingCount}/${f.expectedCount})` : '—');

/** A unit's indicators: value vs target trajectory, child units with status colours and coverage, completeness and timeliness. */
export default function DashboardPage() {
  const t = useT();
  const lang = useLang();
  const { query } = useRoute();
  const { unitId, year, ready, setUnit, setYear } = useUnitYear('dataYear');
  const measure = Number(query.get('measure')) || null;
  const dash = useApi<Dashboard>(ready && unitId && year ? `/api/dashboard/units/${unitId}${qs({ year })}` : null);
  const series = useApi<Series>(ready && unitId && measure ? `/api/dashboard/units/${unitId}/series${qs({ measure, from: 2020, to: 2030 })}` : null);
  const children = useApi<Children>(ready && unitId && measure && year ? `/api/dashboard/units/${unitId}/children${qs({ measure, year })}` : null);
  // completeness and timeliness of the year's reports, or of one period shorter than the year (?period=2025S1)
  const period = query.get('period') ?? '';
  const completeness = useApi<Completeness>(ready && unitId && year ? `/api/completeness${qs({ unitId, year, period: period || null })}` : null);
  const periods = useApi<PeriodSeries>(ready && unitId && measure && year ? `/api/dashboard/units/${unitId}/periods${qs({ measure, year })}` : null);
  const selected = dash.data?.measures.find((m) => m.measureId === measure);
  // opening an indicator brings its chart into view (it is below the whole table)
  const detailRef = useRef<HTMLDivElement>(null);
  const wantScroll = useRef(false);
  const openMeasure = (id: number) => { wantScroll.current = true; setQuery({ measure: id }); };
  useEffect(() => {
    if (!wantScroll.current || !selected || !detailRef.current) return;
    wantScroll.current = false;
    detailRef.current.scrollIntoView({ behavior: 'smooth', block: 'start' });
    detailRef.current.focus({ preventScroll: true });
  }, [selected?.measureId]);
  const name = (m: { nameVi: string; nameEn: string | null }) => (lang === 'en' ? m.nameEn ?? m.nameVi : m.nameVi);

  const option = useMemo<ChartOption | null>(() => {
    if (!series.data || !selected) return null;
    const ys = series.data.years;
    const unit = series.data.measure.unit;
    const fmt = (v: unknown) => (typeof v === 'number' ? formatFigure(v, unit, lang) : '—');
    return {
      tooltip: { trigger: 'axis', valueFormatter: fmt },
      legend: { top: 0, data: [t('Thực hiện', 'Actual'), t('Lộ trình chỉ tiêu', 'Target trajectory')] },
      grid: { left: 64, right: 24, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: ys.map((y) => String(y.year)) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatFigure(v, unit, lang).replace(/,0(?=\D*$)/, '') } },
      series: [
        { name: t('Thực hiện', 'Actual'), type: 'line', data: ys.map((y) => y.value), connectNulls: false, symbolSize: 8, markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dotted' }, label: { formatter: String(year) }, data: [{ xAxis: String(year) }] } },
        { name: t('Lộ trình chỉ tiêu', 'Target trajectory'), type: 'line', lineStyle: { type: 'dashed' }, data: ys.map((y) => y.expected) },
      ],
    };
  }, [series.data, selected, lang, year]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <section>
      <h1>{t('Theo dõi chỉ tiêu', 'Indicator dashboard')}{dash.data ? `: ${dash.data.unit.fullName ?? dash.data.unit.name}` : ''}</h1>
      <div className="toolbar panel">
        <UnitPicker value={unitId} onChange={(id) => setUnit(id)} label={t('Đơn vị', 'Unit')} />
        <div className="field">
          <label htmlFor="dash-year">{t('Năm', 'Year')}</label>
          <YearSelect id="dash-year" value={year} onChange={setYear} />
        </div>
        <div className="field">
          <label htmlFor="dash-period">{t('Kỳ (nộp đủ, đúng hạn)', 'Period (completeness, timeliness)')}</label>
          <select id="dash-period" value={period} onChange={(e) => setQuery({ period: e.target.value || null })}>
            <option value="">{t(`Năm ${year ?? ''}`, `Year ${year ?? ''}`)}</option>
            {year && (['SixMonthly', 'Quarterly', 'Monthly'] as const).flatMap((type) => periodsOfYear(type, year)).map((p) => <option key={p.code} value={p.code}>{t(periodLabel(p.code).vi, periodLabel(p.code).en)}</option>)}
          </select>
        </div>
        {unitId && year && <div className="field"><Link to={`/overview${unitYearQuery(unitId, year)}`}>{t('Tổng quan lãnh đạo →', "Leader's overview →")}</Link></div>}
      </div>
      {ready && !unitId && <p className="muted">{t('Chọn đơn vị để xem các chỉ tiêu.', 'Choose a unit to see its indicators.')}</p>}
      {(dash.loading || !ready) && <Loading />}
      <ErrorMessage error={dash.error} onRetry={dash.reload} />
      {dash.data && (
        <>
          {dash.data.estimatedShares && <p className="notice" data-testid="estimated-shares">{t('Số liệu các năm trước 01/07/2025 của đơn vị này dựa trên tỷ lệ ước tính (chia đều) của các xã cũ được chia tách; tỉnh có thể nhập tỷ lệ theo dân số hoặc diện tích.', 'Figures before 01/07/2025 of this unit rest on estimated (equal) shares of the old communes that were split; the province can enter population or area shares.')}</p>}
          <p className="muted">{dash.data.plan ? `${t('Chỉ tiêu theo', 'Targets of')} ${dash.data.plan.number ?? ''} ${dash.data.plan.title}` : t('Chỉ tiêu quốc gia', 'National targets')}</p>
          {completeness.data && (
            <div className="card-grid">
              <div className="card"><strong>{t('Đủ báo cáo', 'Completeness')}</strong><span className="figure-big">{pct(completeness.data.total.completeness)}</span><span className="muted">{formatNumber(completeness.data.total.received)}/{formatNumber(completeness.data.total.expected)} {t('báo cáo đã nhận', 'reports received')}</span></div>
              <div className="card"><strong>{t('Đúng hạn', 'Timeliness')}</strong><span className="figure-big">{pct(completeness.data.total.timeliness)}</span><span className="muted">{formatNumber(completeness.data.total.onTime)}/{formatNumber(completeness.data.total.expected)} {t('nộp đúng hạn', 'on time')}</span></div>
              <div className="card"><strong>{t('Chỉ tiêu chậm tiến độ', 'Off track')}</strong><span className="figure-big">{dash.data.measures.filter((m) => m.status === 'off_track').length}</span><span className="muted">{dash.data.measures.filter((m) => m.status === 'at_risk').length} {t('có nguy cơ', 'at risk')}</span></div>
            </div>
          )}
          <div className="table-wrap">
            <table className="data-table collapse-table dashboard-table">
              <caption>{t(`Các chỉ tiêu năm ${year} — bấm một chỉ tiêu để xem diễn biến và các đơn vị trực thuộc`, `Indicators in ${year} — click one for its trajectory and the units below`)}</caption>
              <thead><tr><th>{t('Chỉ tiêu', 'Measure')}</th><th className="num">{t('Giá trị', 'Value')}</th><th>{t('Mục tiêu', 'Target')}</th><th className="num">{t('Lộ trình năm', 'Trajectory')}</th><th>{t('Đánh giá', 'Status')}</th><th>{t('Độ phủ', 'Coverage')}</th></tr></thead>
              <tbody>
                {dash.data.measures.map((m) => (
                  // the whole row opens the indicator (the code's button stays for the keyboard and screen readers)
                  <tr key={m.measureId} aria-selected={m.measureId === measure} className={`row-link${m.measureId === measure ? ' row-selected' : ''}`} onClick={() => openMeasure(m.measureId)}>
                    <td data-label={t('Chỉ tiêu', 'Measure')}><button type="button" className="btn-link" onClick={(e) => { e.stopPropagation(); openMeasure(m.measureId); }}>{m.code}</button> {name(m)}</td>
                    <td className="num" data-label={t('Giá trị', 'Value')}>{formatFigure(m.value, m.unit, lang)}{m.partial && m.value !== null ? <span className="muted"> ({t('chưa đủ', 'partial')})</span> : null}{m.source === 'periods' && m.sourceText ? <div className="muted small source-note">{lang === 'en' ? m.sourceText.en : m.sourceText.vi}</div> : null}</td>
                    <td data-label={t('Mục tiêu', 'Target')}>{targetText(m.target, m.unit, lang)}</td>
                    <td className="num" data-label={t('Lộ trình năm', 'Trajectory')}>{formatFigure(m.expected, m.unit, lang)}</td>
                    <td data-label={t('Đánh giá', 'Status')}><StatusBadge status={m.status} /></td>
                    <td data-label={t('Độ phủ', 'Coverage')}>{coverageText(m)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {selected && (
        <div className="panel" id="measure-detail" ref={detailRef} tabIndex={-1}>
          <h2>{selected.code} — {name(selected)}</h2>
          <p>
            {t('Năm', 'Year')} {year}: <strong>{formatFigure(selected.value, selected.unit, lang)}</strong> · {t('mục tiêu', 'target')} {targetText(selected.target, selected.unit, lang)} · {t('lộ trình', 'trajectory')} {formatFigure(selected.expected, selected.unit, lang)} · <StatusBadge status={selected.status} />
            {selected.reason && <span className="muted"> — {lang === 'en' ? selected.reason.en : selected.reason.vi}</span>}
          </p>
          {selected.indicator === '1' && selected.code === '1' && (
            <p className="notice">{t('Chỉ tiêu 1 được tính từ các quyết định công nhận xã, phường, thị trấn phù hợp với trẻ em, không lấy từ số liệu nhập báo cáo.', 'Indicator 1 is computed from the child-friendly commune recognitions, not from typed report values.')} <Link to={`/cff${unitYearQuery(unitId, year)}`}>{t('Xem các xã', 'See the communes')}</Link></p>
          )}
          {periods.data && periods.data.periods.length > 0 && (
            <div id="period-series" className="period-series">
              <h3>{t(`Theo kỳ trong năm ${year}`, `By period in ${year}`)}</h3>
              <p data-testid="year-source">
                {t(`Số liệu năm ${year}`, `The year ${year}`)}: <strong>{formatFigure(periods.data.year_figure.value, selected.unit, lang)}</strong> — <span className="source-note">{lang === 'en' ? periods.data.source.en : periods.data.source.vi}</span>
                {periods.data.year_figure.source === 'periods' && !periods.data.year_figure.complete && <span className="muted"> ({t('chưa đủ năm', 'part of the year')})</span>}
              </p>
              <table className="data-table">
                <caption className="muted small">{selected.unit === 'count'
                  ? t('Chỉ tiêu năm được so với lộ trình đến cuối kỳ; số đếm lũy kế được quy ra cả năm (× 12 ÷ số tháng đã qua).', 'The yearly target is judged against the path at the period’s end; the count to date is projected to the whole year (× 12 ÷ months elapsed).')
                  : t('Chỉ tiêu năm được so với lộ trình đến cuối kỳ (tỷ lệ lũy kế từ đầu năm: tổng tử số ÷ tổng mẫu số).', 'The yearly target is judged against the path at the period’s end (rate to date: Σ numerators ÷ Σ denominators).')}</caption>
                <thead><tr><th>{t('Kỳ', 'Period')}</th><th className="num">{t('Giá trị kỳ', 'Period')}</th><th className="num">{t('Lũy kế từ đầu năm', 'Year to date')}</th>{selected.unit === 'count' && <th className="num">{t('Ước cả năm', 'Projected year')}</th>}<th className="num">{t('Lộ trình đến cuối kỳ', 'Path at period end')}</th><th>{t('Đánh giá', 'Status')}</th><th>{t('Độ phủ', 'Coverage')}</th></tr></thead>
                <tbody>
                  {periods.data.periods.map((p) => (
                    <tr key={p.period} data-period={p.period}>
                      <td>{lang === 'en' ? p.periodLabel.en : p.periodLabel.vi}</td>
                      <td className="num">{formatFigure(p.value, selected.unit, lang)}</td>
                      <td className="num">{formatFigure(p.yearToDate, selected.unit, lang)}</td>
                      {selected.unit === 'count' && <td className="num">{formatFigure(p.projectedYear, selected.unit, lang)}</td>}
                      <td className="num">{formatFigure(p.expected, selected.unit, lang)}</td>
                      <td><StatusBadge status={p.status} /></td>
                      <td>{coverageText(p)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <ErrorMessage error={periods.error} />
          {option && <Chart option={option} label={t(`Biểu đồ ${selected.code}: giá trị thực hiện so với lộ trình chỉ tiêu 2020–2030`, `Chart of ${selected.code}: actual values against the target trajectory 2020–2030`)} />}
          <ErrorMessage error={series.error} />
          {series.data && (
            <details>
              <summary>{t('Số liệu của biểu đồ', 'The chart’s figures')}</summary>
              <table className="data-table">
                <thead><tr><th>{t('Năm', 'Year')}</th><th className="num">{t('Thực hiện', 'Actual')}</th><th className="num">{t('Lộ trình', 'Trajectory')}</th><th>{t('Đánh giá', 'Status')}</th></tr></thead>
                <tbody>{series.data.years.filter((y) => y.value !== null || y.expected !== null).map((y) => <tr key={y.year}><td>{y.year}</td><td className="num">{formatFigure(y.value, series.data!.measure.unit, lang)}</td><td className="num">{formatFigure(y.expected, series.data!.measure.unit, lang)}</td><td><StatusBadge status={y.status} /></td></tr>)}</tbody>
              </table>
            </details>
          )}
          <ErrorMessage error={children.error} />
          {children.data && hasMapPlaces(children.data.children) && (
            <UnitMap units={children.data.children} measureUnit={selected.unit} onOpen={setUnit} title={t(`Bản đồ ${selected.code} theo tỉnh, thành phố (${year})`, `Map of ${selected.code} by province (${year})`)} />
          )}
          {children.data && children.data.children.length > 0 && (
            <table className="data-table" id="child-units">
              <caption>{t('Các đơn vị trực thuộc', 'Child units')} ({year}) — {t('bấm tên để xem đơn vị đó', 'click a name to open it')}</caption>
              <thead><tr><th>{t('Đơn vị', 'Unit')}</th><th className="num">{t('Giá trị', 'Value')}</th><th>{t('Đánh giá', 'Status')}</th><th>{t('Độ phủ', 'Coverage')}</th></tr></thead>
              <tbody>
                {children.data.children.map((c) => (
                  <tr key={c.unit.id}>
                    <td><button type="button" className="btn-link" onClick={() => setUnit(c.unit.id)}>{c.unit.name}</button></td>
                    <td className="num">{formatFigure(c.value, selected.unit, lang)}{RATIO_UNITS.has(selected.unit) && c.numerator !== null && c.denominator !== null ? <span className="muted"> ({formatNumber(c.numerator)}/{formatNumber(c.denominator)})</span> : null}</td>
                    <td><StatusBadge status={c.status} /></td>
                    <td>{coverageText(c)}{c.partial && c.expectedCount > 0 ? ` ${t('(chưa đủ)', '(partial)')}` : ''}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot><tr><td>{t('Cả đơn vị', 'Whole unit')}</td><td className="num">{formatFigure(children.data.total.value, selected.unit, lang)}</td><td /><td>{coverageText(children.data.total)}</td></tr></tfoot>
            </table>
          )}
        </div>
      )}
      {completeness.data && completeness.data.byUnit.length > 0 && (
        <details className="panel">
          <summary>{t('Tình hình nộp báo cáo theo đơn vị', 'Reports received by unit')}</summary>
          <table className="data-table">
            <thead><tr><th>{t('Đơn vị', 'Unit')}</th><th className="num">{t('Đã nhận / phải nộp', 'Received / expected')}</th><th className="num">{t('Đủ báo cáo', 'Completeness')}</th><th className="num">{t('Đúng hạn', 'Timeliness')}</th></tr></thead>
            <tbody>{completeness.data.byUnit.map((u) => <tr key={u.unit.id}><td>{u.unit.name}</td><td className="num">{u.received}/{u.expected}</td><td className="num">{pct(u.completeness)}</td><td className="num">{pct(u.timeliness)}</td></tr>)}</tbody>
          </table>
        </details>
      )}
    </section>
  );
}

const RATIO_UNITS = new Set(['percent', 'per_1000', 'per_10000', 'per_100000']);
