import { useEffect, useRef, useState } from 'react';
import { useApi, qs } from '../../lib/api.ts';
import { formatRate } from '../../../../src/domain/format.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { setQuery, useRoute } from '../../lib/router.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { pct } from './shared.tsx';

interface Figure { value: number | null; coverage: number | null; partial: boolean; reportingCount: number; expectedCount: number; status: string; expected: number | null; target: { year: number; comparator: string; value: number; valueMax: number | null } | null }
interface DashMeasure extends Figure { measureId: number; code: string; nameVi: string; nameEn: string | null; unit: string }
interface Dashboard { unit: { id: number; name: string; level: string }; year: number; plan: { number: string | null; title: string } | null; measures: DashMeasure[] }
interface Series { years: (Figure & { year: number })[]; measure: { unit: string; code: string } }
interface Children { children: (Figure & { unit: { id: number; name: string } })[] }
interface Completeness { total: { expected: number; received: number; onTime: number; completeness: number | null; timeliness: number | null }; byUnit: { unit: { id: number; name: string }; expected: number; received: number; completeness: number | null; timeliness: number | null }[] }

const targetText = (f: Figure, unit: string, lang: 'vi' | 'en') => (f.target ? `${f.target.comparator === 'range' ? '' : f.target.comparator} ${formatRate(f.target.value, unit, lang)} (${f.target.year})` : '—');

/** A unit's indicators: value vs target trajectory, child units with status colours and coverage, completeness. */
export default function DashboardPage() {
  const t = useT();
  const lang = useLang();
  const { query } = useRoute();
  const unitId = Number(query.get('unit')) || null;
  const year = Number(query.get('year')) || new Date().getFullYear() - 1;
  const measure = Number(query.get('measure')) || null;
  const dash = useApi<Dashboard>(unitId ? `/api/dashboard/units/${unitId}${qs({ year })}` : null);
  const series = useApi<Series>(unitId && measure ? `/api/dashboard/units/${unitId}/series${qs({ measure, from: 2020, to: 2030 })}` : null);
  const children = useApi<Children>(unitId && measure ? `/api/dashboard/units/${unitId}/children${qs({ measure, year })}` : null);
  const completeness = useApi<Completeness>(unitId ? `/api/completeness${qs({ unitId, year })}` : null);
  const chart = useRef<HTMLDivElement>(null);
  const [chartError, setChartError] = useState<unknown>(null);

  useEffect(() => {
    if (!series.data || !chart.current) return;
    let disposed = false;
    let instance: { dispose(): void } | null = null;
    import('echarts').then((echarts) => {
      if (disposed || !chart.current) return;
      const c = echarts.init(chart.current);
      instance = c;
      const ys = series.data!.years;
      c.setOption({
        tooltip: { trigger: 'axis' },
        legend: { data: [t('Thực hiện', 'Actual'), t('Lộ trình chỉ tiêu', 'Target trajectory')] },
        xAxis: { type: 'category', data: ys.map((y) => String(y.year)) },
        yAxis: { type: 'value' },
        series: [
          { name: t('Thực hiện', 'Actual'), type: 'line', data: ys.map((y) => y.value), connectNulls: false },
          { name: t('Lộ trình chỉ tiêu', 'Target trajectory'), type: 'line', lineStyle: { type: 'dashed' }, data: ys.map((y) => y.expected) },
        ],
      });
    }).catch(setChartError);
    return () => { disposed = true; instance?.dispose(); };
  }, [series.data]); // eslint-disable-line react-hooks/exhaustive-deps

  const selected = dash.data?.measures.find((m) => m.measureId === measure);
  return (
    <section>
      <h1>{t('Theo dõi chỉ tiêu', 'Indicator dashboard')}{dash.data ? `: ${dash.data.unit.name}` : ''}</h1>
      <div className="toolbar panel">
        <UnitPicker value={unitId} onChange={(id) => setQuery({ unit: id })} label={t('Đơn vị', 'Unit')} />
        <div className="field">
          <label htmlFor="dash-year">{t('Năm', 'Year')}</label>
          <input id="dash-year" type="number" min={2015} max={2035} value={year} onChange={(e) => setQuery({ year: e.target.value })} />
        </div>
      </div>
      {dash.loading && <Loading />}
      <ErrorMessage error={dash.error} onRetry={dash.reload} />
      {dash.data && (
        <>
          <p className="muted">{dash.data.plan ? `${t('Chỉ tiêu theo', 'Targets of')} ${dash.data.plan.number ?? ''} ${dash.data.plan.title}` : t('Chỉ tiêu quốc gia', 'National targets')}</p>
          {completeness.data && (
            <p>
              {t('Đủ báo cáo', 'Completeness')}: <strong>{pct(completeness.data.total.completeness)}</strong> ({completeness.data.total.received}/{completeness.data.total.expected}) · {t('Đúng hạn', 'Timeliness')}: <strong>{pct(completeness.data.total.timeliness)}</strong>
            </p>
          )}
          <div className="table-wrap">
            <table className="data-table">
              <thead><tr><th>{t('Chỉ tiêu', 'Measure')}</th><th>{t('Giá trị', 'Value')}</th><th>{t('Chỉ tiêu đặt ra', 'Target')}</th><th>{t('Lộ trình năm', 'Trajectory')}</th><th>{t('Đánh giá', 'Status')}</th><th>{t('Độ phủ', 'Coverage')}</th></tr></thead>
              <tbody>
                {dash.data.measures.map((m) => (
                  <tr key={m.measureId} aria-selected={m.measureId === measure}>
                    <td><button type="button" className="btn-link" onClick={() => setQuery({ measure: m.measureId })}>{m.code}</button> {lang === 'en' ? m.nameEn ?? m.nameVi : m.nameVi}</td>
                    <td>{formatRate(m.value, m.unit, lang)}{m.partial && m.value !== null ? <span className="muted"> ({t('chưa đủ', 'partial')})</span> : null}</td>
                    <td>{targetText(m, m.unit, lang)}</td>
                    <td>{formatRate(m.expected, m.unit, lang)}</td>
                    <td><StatusBadge status={m.status} /></td>
                    <td>{pct(m.coverage)} <span className="muted">({m.reportingCount}/{m.expectedCount})</span></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {selected && (
        <div className="panel">
          <h2>{selected.code} — {lang === 'en' ? selected.nameEn ?? selected.nameVi : selected.nameVi}</h2>
          <div ref={chart} style={{ width: '100%', height: 320 }} role="img" aria-label={t('Biểu đồ giá trị so với lộ trình chỉ tiêu', 'Chart of the value against the target trajectory')} />
          <ErrorMessage error={chartError ?? series.error} />
          {children.data && children.data.children.length > 0 && (
            <table className="data-table">
              <caption>{t('Các đơn vị trực thuộc', 'Child units')} ({year})</caption>
              <thead><tr><th>{t('Đơn vị', 'Unit')}</th><th>{t('Giá trị', 'Value')}</th><th>{t('Đánh giá', 'Status')}</th><th>{t('Độ phủ', 'Coverage')}</th></tr></thead>
              <tbody>
                {children.data.children.map((c) => (
                  <tr key={c.unit.id}>
                    <td><button type="button" className="btn-link" onClick={() => setQuery({ unit: c.unit.id })}>{c.unit.name}</button></td>
                    <td>{formatRate(c.value, selected.unit, lang)}</td>
                    <td><StatusBadge status={c.status} /></td>
                    <td>{pct(c.coverage)}{c.partial ? ` ${t('(chưa đủ)', '(partial)')}` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      {completeness.data && completeness.data.byUnit.length > 0 && (
        <details className="panel">
          <summary>{t('Tình hình nộp báo cáo theo đơn vị', 'Reports received by unit')}</summary>
          <table className="data-table">
            <thead><tr><th>{t('Đơn vị', 'Unit')}</th><th>{t('Đã nhận / phải nộp', 'Received / expected')}</th><th>{t('Đủ báo cáo', 'Completeness')}</th><th>{t('Đúng hạn', 'Timeliness')}</th></tr></thead>
            <tbody>{completeness.data.byUnit.map((u) => <tr key={u.unit.id}><td>{u.unit.name}</td><td>{u.received}/{u.expected}</td><td>{pct(u.completeness)}</td><td>{pct(u.timeliness)}</td></tr>)}</tbody>
          </table>
        </details>
      )}
    </section>
  );
}
