/**
 * Figures of sub-annual periods (six months, quarters, months) for a unit: the live sums of its subtree
 * (aggregate_period_value, migration 101) plus, for a reporting unit, its own submitted or approved values —
 * and the one yearly series made of them (src/domain/reporting/periods.ts: the year's report when it exists,
 * the sub-periods added up otherwise).
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import './schema-reporting.ts';
import { figure, type AggregateSums } from '../domain/reporting/aggregation.ts';
import { periodLabel, periodsToDate, reportingPeriod, subPeriodYardstick, yearFigure, type SubPeriodSums } from '../domain/reporting/periods.ts';
import { periodSumsFor } from './period-sums.ts';
import { evaluateStatus, STATUS_LABELS } from '../domain/reporting/status.ts';
import { ReportingError } from '../domain/reporting/errors.ts';
import { planTargetsFor, seriesSums } from './dashboard.ts';
import type { Direction, MeasureUnit } from '../domain/model.ts';

type Db = Kysely<Database>;

/**
 * One measure of a unit over a year: the year's figure (with its source), and each sub-period's figure,
 * year to date, and status against the path to the year's target (the trajectory point reached at the
 * period's end; counts projected to the whole year).
 */
export async function periodSeries(db: Db, unitId: number, measureId: number, year: number) {
  const unit = await db.selectFrom('admin_unit').select(['id', 'name', 'level']).where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw new ReportingError(404, 'not_found', 'Không tìm thấy đơn vị hành chính.', 'Administrative unit not found.');
  const m = await db.selectFrom('measure').select(['id', 'code', 'name_vi', 'name_en', 'unit', 'direction']).where('id', '=', measureId).executeTakeFirst();
  if (!m) throw new ReportingError(404, 'not_found', 'Không tìm thấy chỉ tiêu.', 'Measure not found.');
  const mu = m.unit as MeasureUnit;
  const [periods, years, pt] = await Promise.all([periodSumsFor(db, unitId, year, measureId), seriesSums(db, unitId, { measureId }), planTargetsFor(db, unitId, year)]);
  const byYear = years.get(measureId) ?? new Map<number, AggregateSums>();
  const subs = periods.get(measureId) ?? [];
  const yf = yearFigure(mu, byYear.get(year) ?? null, subs);
  const valueForYear = (y: number) => (byYear.get(y) ? figure(mu, byYear.get(y)!).value : null);
  const earlier = [...byYear.keys()].filter((y) => y < year && valueForYear(y) !== null).sort((a, b) => a - b);
  const start = (pt.plan?.periodFrom ?? 2021) - 1;
  const baseline = pt.baselines.get(measureId) ?? (earlier.length ? { year: earlier.includes(start) ? start : earlier[0], value: valueForYear(earlier.includes(start) ? start : earlier[0])! } : null);
  const targets = pt.targets.get(measureId) ?? [];
  const judge = (y: number, value: number | null) => {
    const s = evaluateStatus({ year: y, value, direction: m.direction as Direction, targets, baseline, valueForYear });
    return { status: s.status, label: STATUS_LABELS[s.status], expected: s.expected, reason: { vi: s.vi, en: s.en } };
  };
  const sub = subs.map((s) => {
    const p = reportingPeriod(s.code)!;
    const fig = figure(mu, s.sums);
    // year to date: counts add up the periods so far; rates are Σ numerators ÷ Σ denominators over them
    const toDate = periodsToDate(p);
    const sums = subs.filter((x) => toDate.includes(x.code)).reduce((a, x) => ({ numerator: a.numerator + x.sums.numerator, denominator: a.denominator + x.sums.denominator, reportingCount: a.reportingCount + x.sums.reportingCount, expectedCount: a.expectedCount + x.sums.expectedCount }), { numerator: 0, denominator: 0, reportingCount: 0, expectedCount: 0 });
    const ytd = figure(mu, sums).value;
    const yard = subPeriodYardstick(mu, p, ytd);
    return { period: s.code, periodLabel: periodLabel(s.code), start: p.start, end: p.end, ...fig, yearToDate: ytd, projectedYear: mu === 'count' ? yard.comparable : null, ...judge(yard.fractionalYear, yard.comparable) };
  });
  return {
    unit, measure: { id: m.id, code: m.code, nameVi: m.name_vi, nameEn: m.name_en, unit: mu, direction: m.direction }, year,
    year_figure: { ...yf, ...judge(yf.complete ? year : subPeriodFraction(subs, year), yf.source === 'periods' && !yf.complete && mu === 'count' && yf.value !== null ? (yf.value * 12) / monthsCovered(yf.periods) : yf.value) },
    source: { vi: yf.source === 'year' ? 'Từ báo cáo năm' : yf.source === 'periods' ? `Cộng từ các kỳ: ${yf.periods.map((c) => periodLabel(c).vi).join(', ')}` : 'Chưa có số liệu', en: yf.source === 'year' ? "From the year's report" : yf.source === 'periods' ? `Added up from: ${yf.periods.join(', ')}` : 'No data' },
    periods: sub,
  };
}

function monthsCovered(codes: string[]): number {
  return codes.reduce((n, c) => {
    const p = reportingPeriod(c);
    return p ? n + (Number(p.end.slice(0, 4)) - Number(p.start.slice(0, 4))) * 12 + Number(p.end.slice(5, 7)) - Number(p.start.slice(5, 7)) + 1 : n;
  }, 0) || 12;
}
function subPeriodFraction(subs: SubPeriodSums[], year: number): number {
  const last = subs.filter((s) => s.sums.reportingCount > 0).map((s) => reportingPeriod(s.code)!).sort((a, b) => a.end.localeCompare(b.end)).pop();
  return last ? subPeriodYardstick('count', last, null).fractionalYear : year;
}
