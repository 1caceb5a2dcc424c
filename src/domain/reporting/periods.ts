/**
 * Reporting periods shorter than the year (pure): which periods a plan's reporting rule asks for, by when,
 * what a period is called in Vietnamese, and how sub-period figures make one yearly series.
 *
 * Periods are named in DHIS2 notation (src/domain/period.ts): `2025` (year), `2025S1` (six months),
 * `2025Q3` (quarter), `202507` (month). A plan's rule says how often ("báo cáo 6 tháng", "hằng quý",
 * "hằng tháng") and by when: a fixed day ("trước ngày 15/6": the period whose last month is on or before
 * June, i.e. 2025S1 only) or a day of the period's last month or of the month after ("trước ngày 15 của
 * tháng cuối kỳ": every period of the type).
 */
import { parsePeriod, periodsOfYear, type Period } from '../period.ts';
import { addSums, EMPTY_SUMS, figure, type AggregateFigure, type AggregateSums } from './aggregation.ts';
import type { MeasureUnit } from '../model.ts';

export const REPORTING_PERIOD_TYPES = ['Yearly', 'SixMonthly', 'Quarterly', 'Monthly'] as const;
export type ReportingPeriodType = (typeof REPORTING_PERIOD_TYPES)[number];
/** obligation.kind of each sub-annual type (the year's report stays 'annual', reviews 'midterm'/'final') */
export const KIND_OF_TYPE: Record<ReportingPeriodType, string> = { Yearly: 'annual', SixMonthly: 'sixmonthly', Quarterly: 'quarterly', Monthly: 'monthly' };
export const SUB_ANNUAL_KINDS = ['sixmonthly', 'quarterly', 'monthly'] as const;
export const TYPE_VI: Record<ReportingPeriodType, string> = { Yearly: 'năm', SixMonthly: '6 tháng', Quarterly: 'quý', Monthly: 'tháng' };
const MONTHS_OF: Record<ReportingPeriodType, number> = { Yearly: 12, SixMonthly: 6, Quarterly: 3, Monthly: 1 };

export interface PeriodRule {
  periodType: ReportingPeriodType;
  dueDay: number;
  /** fixed calendar month (dueMonthOffset null) */
  dueMonth: number;
  /** null: the fixed day dueDay/dueMonth; 0: day dueDay of the period's last month; 1: of the month after */
  dueMonthOffset: number | null;
}

export interface ReportingPeriod {
  code: string;
  type: ReportingPeriodType;
  year: number;
  index: number;
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
function clampDate(year: number, month: number, day: number): string {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((month - 1) % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${pad(m)}-${pad(Math.min(day, last))}`;
}
const lastMonth = (p: { end: string }) => Number(p.end.slice(5, 7));

function asReporting(p: Period): ReportingPeriod | null {
  if (!(REPORTING_PERIOD_TYPES as readonly string[]).includes(p.type)) return null;
  return { code: p.code, type: p.type as ReportingPeriodType, year: p.year, index: p.index, start: p.start, end: p.end };
}

/** A reporting period from its DHIS2 code (yearly, six-monthly, quarterly or monthly), or null. */
export function reportingPeriod(code: string): ReportingPeriod | null {
  const p = parsePeriod(code);
  return p ? asReporting(p) : null;
}

/** The periods of `year` a rule asks for: every period of its type, or with a fixed day the latest one ending by that month. */
export function periodsOfRule(rule: PeriodRule, year: number): ReportingPeriod[] {
  const all = periodsOfYear(rule.periodType, year).map(asReporting).filter((p): p is ReportingPeriod => p !== null);
  if (rule.periodType === 'Yearly' || rule.dueMonthOffset !== null) return all;
  const ending = all.filter((p) => lastMonth(p) <= rule.dueMonth);
  return ending.length ? [ending[ending.length - 1]] : [];
}

/** The deadline of a period under a rule. */
export function dueDateOf(rule: PeriodRule, period: ReportingPeriod): string {
  if (rule.dueMonthOffset === null) return clampDate(period.year, rule.dueMonth, rule.dueDay);
  const y = Number(period.end.slice(0, 4));
  return clampDate(y, lastMonth(period) + rule.dueMonthOffset, rule.dueDay);
}

/** The deadline rule in words: "trước ngày 15 của tháng cuối kỳ", "trước ngày 15/6". */
export function dueRuleText(rule: PeriodRule): { vi: string; en: string } {
  if (rule.dueMonthOffset === null) return { vi: `trước ngày ${rule.dueDay}/${rule.dueMonth}`, en: `by ${rule.dueDay}/${rule.dueMonth}` };
  if (rule.dueMonthOffset === 0) return { vi: `trước ngày ${rule.dueDay} của tháng cuối kỳ`, en: `by day ${rule.dueDay} of the period's last month` };
  return { vi: `trước ngày ${rule.dueDay} của tháng sau kỳ báo cáo`, en: `by day ${rule.dueDay} of the month after the period` };
}

const ROMAN = ['I', 'II', 'III', 'IV'];
/** "Năm 2025", "6 tháng đầu năm 2025", "Quý III/2025", "Tháng 7/2025" (and English). */
export function periodLabel(code: string): { vi: string; en: string } {
  const p = reportingPeriod(code);
  if (!p) return { vi: code, en: code };
  switch (p.type) {
    case 'Yearly': return { vi: `Năm ${p.year}`, en: `Year ${p.year}` };
    case 'SixMonthly': return p.index === 1 ? { vi: `6 tháng đầu năm ${p.year}`, en: `First half of ${p.year}` } : { vi: `6 tháng cuối năm ${p.year}`, en: `Second half of ${p.year}` };
    case 'Quarterly': return { vi: `Quý ${ROMAN[p.index - 1]}/${p.year}`, en: `Q${p.index} ${p.year}` };
    case 'Monthly': return { vi: `Tháng ${p.index}/${p.year}`, en: `${p.year}-${pad(p.index)}` };
  }
}

export type PeriodCheck = { ok: true; period: ReportingPeriod; rules: number[] } | { ok: false; vi: string; en: string };

/** Whether a plan's rules ask for a period: for a period given by hand (generation, import). */
export function checkPeriod(code: string, rules: PeriodRule[]): PeriodCheck {
  const p = reportingPeriod(code);
  if (!p) return { ok: false, vi: `"${code}" không phải kỳ báo cáo hợp lệ (viết theo DHIS2: 2025, 2025S1, 2025Q3, 202507).`, en: `"${code}" is not a valid reporting period (DHIS2 notation: 2025, 2025S1, 2025Q3, 202507).` };
  if (p.type === 'Yearly') return { ok: true, period: p, rules: [] };
  const matching = rules.map((r, i) => [r, i] as const).filter(([r]) => r.periodType === p.type && periodsOfRule(r, p.year).some((x) => x.code === p.code)).map(([, i]) => i);
  if (matching.length) return { ok: true, period: p, rules: matching };
  const asked = [...new Set(rules.filter((r) => r.periodType !== 'Yearly').map((r) => `${TYPE_VI[r.periodType]} (${dueRuleText(r).vi})`))];
  const label = periodLabel(code);
  return {
    ok: false,
    vi: `Kế hoạch không quy định báo cáo kỳ ${label.vi} (${code}). ${asked.length ? `Kế hoạch chỉ quy định báo cáo: năm, ${asked.join(', ')}.` : 'Kế hoạch chỉ quy định báo cáo năm.'}`,
    en: `The plan does not ask for a report for ${label.en} (${code}). ${asked.length ? `It asks for: yearly, ${rules.filter((r) => r.periodType !== 'Yearly').map((r) => r.periodType).join(', ')}.` : 'It asks for yearly reports only.'}`,
  };
}

// ───────────────────────────── one series over time ─────────────────────────────

export interface SubPeriodSums {
  code: string;
  sums: AggregateSums;
}

export interface YearFigure extends AggregateFigure {
  /** 'year': the year's report; 'periods': the sub-periods added up; 'none': nothing reported */
  source: 'year' | 'periods' | 'none';
  /** the sub-periods the figure was made of (source 'periods') */
  periods: string[];
  /** the sub-periods make a whole year (both halves, four quarters, twelve months) */
  complete: boolean;
}

/**
 * The year's figure of a measure reported yearly and/or in sub-periods: the year's report when it carries
 * data, else the sub-periods of the most complete type added up (counts add; rates are Σ numerators ÷ Σ
 * denominators, never an average). The coverage is the year's, or that of the sub-periods (reports
 * received ÷ expected, over all of them).
 */
export function yearFigure(unit: MeasureUnit, year: AggregateSums | null, subPeriods: SubPeriodSums[]): YearFigure {
  if (year && year.reportingCount > 0) return { ...figure(unit, year), source: 'year', periods: [], complete: true };
  // the type covering most of the year wins (six months over quarters over months when equally covered)
  const byType = new Map<ReportingPeriodType, SubPeriodSums[]>();
  for (const s of subPeriods) {
    const p = reportingPeriod(s.code);
    if (!p || p.type === 'Yearly' || s.sums.reportingCount <= 0) continue;
    byType.set(p.type, [...(byType.get(p.type) ?? []), s]);
  }
  let best: { type: ReportingPeriodType; list: SubPeriodSums[]; months: number } | null = null;
  for (const type of ['SixMonthly', 'Quarterly', 'Monthly'] as const) {
    const list = byType.get(type);
    if (!list) continue;
    const months = list.length * MONTHS_OF[type];
    if (!best || months > best.months) best = { type, list, months };
  }
  if (!best) return { ...figure(unit, year ?? EMPTY_SUMS), source: 'none', periods: [], complete: false };
  let sums: AggregateSums = { ...EMPTY_SUMS };
  for (const s of best.list) sums = addSums(sums, s.sums);
  const complete = best.months >= 12;
  // expected: every sub-period's expected reports; a year made of part of its sub-periods is partial
  const expected = best.list.reduce((n, s) => n + s.sums.expectedCount, 0) * (complete ? 1 : 12 / best.months);
  sums = { ...sums, expectedCount: Math.round(expected) };
  const f = figure(unit, sums);
  return { ...f, partial: f.partial || !complete, source: 'periods', periods: best.list.map((s) => s.code).sort(), complete };
}

/**
 * A sub-period judged against the path to the year's target: the point on the way reached at the period's
 * end (`fractionalYear`, e.g. 2025.5 after the first half: the trajectory runs from last year's point to this
 * year's), and for counts the year-to-date figure projected to the whole year (× 12 ÷ months elapsed) — a
 * yearly count target compared with half a year's count would always look met.
 */
export function subPeriodYardstick(unit: MeasureUnit, period: ReportingPeriod, yearToDate: number | null): { fractionalYear: number; comparable: number | null } {
  const monthsElapsed = lastMonth(period) + 12 * (Number(period.end.slice(0, 4)) - period.year);
  const fractionalYear = period.year - 1 + monthsElapsed / 12;
  if (yearToDate === null) return { fractionalYear, comparable: null };
  return { fractionalYear, comparable: unit === 'count' ? (yearToDate * 12) / monthsElapsed : yearToDate };
}

/** Sub-periods of the same type up to and including `period` (for year-to-date counts). */
export function periodsToDate(period: ReportingPeriod): string[] {
  return periodsOfYear(period.type, period.year).filter((p) => p.end <= period.end).map((p) => p.code);
}

// ───────────────────────────── a plan's rules in words, a period against them ─────────────────────────────

/** A rule with the indicators it is limited to (null = all). */
export type PlanPeriodRule = PeriodRule & { indicators?: string[] | null };

/** What a plan asks for, in words: "năm; 6 tháng (trước ngày 15/6); tháng (trước ngày 5 của tháng sau kỳ báo cáo; chỉ tiêu 9, 13)". */
export function rulesInWords(rules: PlanPeriodRule[]): { vi: string; en: string } {
  const sub = rules.filter((r) => r.periodType !== 'Yearly');
  const vi = sub.map((r) => `${TYPE_VI[r.periodType]} (${dueRuleText(r).vi}${r.indicators?.length ? `; chỉ tiêu ${r.indicators.join(', ')}` : ''})`);
  const en = sub.map((r) => `${r.periodType} (${dueRuleText(r).en}${r.indicators?.length ? `; indicators ${r.indicators.join(', ')}` : ''})`);
  return { vi: [...new Set(['năm', ...vi])].join('; '), en: [...new Set(['yearly', ...en])].join('; ') };
}

/**
 * A period offered from outside (an import: DHIS2, ADX, CSV) against a plan's rules: null when the plan asks for
 * it (a year always), else the bilingual refusal "Kỳ 2025Q3 (Quý III/2025) không khớp quy định báo cáo của kế
 * hoạch …: kế hoạch quy định báo cáo năm; 6 tháng (trước ngày 15/6)".
 */
export function periodAgainstRules(code: string, rules: PlanPeriodRule[], planName: string): { vi: string; en: string } | null {
  const p = reportingPeriod(code);
  if (p && (p.type === 'Yearly' || checkPeriod(code, rules).ok)) return null;
  const label = periodLabel(code);
  const named = p ? ` (${label.vi})` : '';
  const any = parsePeriod(code);
  const words = rulesInWords(rules);
  return {
    vi: `Kỳ ${code}${named} không khớp quy định báo cáo của kế hoạch ${planName}: kế hoạch quy định báo cáo ${words.vi}`,
    en: `Period "${code}"${any ? ` (${any.type}, ${any.start} – ${any.end})` : ''} is not a period this plan reports on: it does not match the reporting rules of plan ${planName}, which asks for ${words.en}`,
  };
}
