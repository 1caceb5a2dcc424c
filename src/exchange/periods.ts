/**
 * Periods as DHIS2 writes them ("2024", "2024S1", "2024Q1", "202401", "2024W5", "20240115") and as
 * ADX writes them (ISO 8601 start/duration: "2024-01-01/P1Y", "2024-04-01/P3M", "2015-06-01/P1M").
 * Pure: no I/O.
 */

export type PeriodType = 'yearly' | 'sixmonthly' | 'quarterly' | 'monthly' | 'weekly' | 'daily';

export interface Period {
  type: PeriodType;
  /** first day, ISO date */
  start: string;
  /** last day, ISO date (inclusive) */
  end: string;
  year: number;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const iso = (d: Date): string => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const utc = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));
const addDays = (d: Date, n: number): Date => new Date(d.getTime() + n * 86400000);
const addMonths = (y: number, m: number, n: number): Date => utc(y, m + n, 1);

function isoWeekStart(year: number, week: number): Date {
  const jan4 = utc(year, 1, 4);
  const dow = (jan4.getUTCDay() + 6) % 7; // Monday = 0
  return addDays(jan4, -dow + (week - 1) * 7);
}
function isoWeeksInYear(year: number): number {
  const dec28 = utc(year, 12, 28);
  const start = isoWeekStart(year, 1);
  return Math.floor((dec28.getTime() - start.getTime()) / (7 * 86400000)) + 1;
}

function validDate(y: number, m: number, d: number): boolean {
  const t = utc(y, m, d);
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function monthsPeriod(type: PeriodType, y: number, m: number, months: number): Period {
  return { type, start: iso(utc(y, m, 1)), end: iso(addDays(addMonths(y, m, months), -1)), year: y };
}

/** Parses a DHIS2 period id; null when it is not one we support. */
export function parseDhis2Period(id: string): Period | null {
  let m: RegExpMatchArray | null;
  if ((m = id.match(/^(\d{4})$/))) return monthsPeriod('yearly', +m[1], 1, 12);
  if ((m = id.match(/^(\d{4})S([12])$/))) return monthsPeriod('sixmonthly', +m[1], m[2] === '1' ? 1 : 7, 6);
  if ((m = id.match(/^(\d{4})Q([1-4])$/))) return monthsPeriod('quarterly', +m[1], (+m[2] - 1) * 3 + 1, 3);
  if ((m = id.match(/^(\d{4})(0[1-9]|1[0-2])$/))) return monthsPeriod('monthly', +m[1], +m[2], 1);
  if ((m = id.match(/^(\d{4})W([1-9]|[1-4]\d|5[0-3])$/))) {
    const y = +m[1];
    const w = +m[2];
    if (w > isoWeeksInYear(y)) return null;
    const s = isoWeekStart(y, w);
    return { type: 'weekly', start: iso(s), end: iso(addDays(s, 6)), year: y };
  }
  if ((m = id.match(/^(\d{4})(\d{2})(\d{2})$/)) && validDate(+m[1], +m[2], +m[3])) {
    const d = `${m[1]}-${m[2]}-${m[3]}`;
    return { type: 'daily', start: d, end: d, year: +m[1] };
  }
  return null;
}

export function toDhis2Period(p: Period): string {
  const [y, mo, d] = p.start.split('-').map(Number);
  switch (p.type) {
    case 'yearly':
      return String(y);
    case 'sixmonthly':
      return `${y}S${mo <= 6 ? 1 : 2}`;
    case 'quarterly':
      return `${y}Q${Math.floor((mo - 1) / 3) + 1}`;
    case 'monthly':
      return `${y}${pad(mo)}`;
    case 'weekly': {
      // ISO week-year of the Thursday
      const thursday = addDays(utc(y, mo, d), 3);
      const wy = thursday.getUTCFullYear();
      const week = Math.round((utc(y, mo, d).getTime() - isoWeekStart(wy, 1).getTime()) / (7 * 86400000)) + 1;
      return `${wy}W${week}`;
    }
    case 'daily':
      return `${y}${pad(mo)}${pad(d)}`;
  }
}

const DURATION: Record<string, { type: PeriodType; months?: number; days?: number }> = {
  P1Y: { type: 'yearly', months: 12 },
  P12M: { type: 'yearly', months: 12 },
  P6M: { type: 'sixmonthly', months: 6 },
  P3M: { type: 'quarterly', months: 3 },
  P1M: { type: 'monthly', months: 1 },
  P7D: { type: 'weekly', days: 7 },
  P1W: { type: 'weekly', days: 7 },
  P1D: { type: 'daily', days: 1 },
};

export type AdxPeriodResult = { ok: true; period: Period } | { ok: false; vi: string; en: string };

/**
 * Parses an ADX period "YYYY-MM-DD/Pn…". ADX allows any start; we accept the periods that align with
 * DHIS2's calendar periods (a year starting 1 January, a quarter starting in Jan/Apr/Jul/Oct, …).
 */
export function parseAdxPeriod(text: string): AdxPeriodResult {
  const m = text.match(/^(\d{4})-(\d{2})-(\d{2})\/(P\w+)$/);
  if (!m) return { ok: false, vi: `Kỳ "${text}" sai cú pháp ISO 8601 (cần dạng 2024-01-01/P1Y)`, en: `Period "${text}" is not ISO 8601 start/duration (expected e.g. 2024-01-01/P1Y)` };
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  if (!validDate(y, mo, d)) return { ok: false, vi: `Ngày bắt đầu kỳ "${text}" không tồn tại`, en: `Start date of period "${text}" does not exist` };
  const dur = DURATION[m[4]];
  if (!dur) return { ok: false, vi: `Độ dài kỳ "${m[4]}" không được hỗ trợ (P1Y, P6M, P3M, P1M, P7D, P1D)`, en: `Duration "${m[4]}" not supported (P1Y, P6M, P3M, P1M, P7D, P1D)` };
  const misaligned = { ok: false as const, vi: `Kỳ "${text}" không khớp lịch kỳ báo cáo (ví dụ năm phải bắt đầu ngày 01/01)`, en: `Period "${text}" is not aligned to a calendar period (e.g. a year must start on 1 January)` };
  if (dur.months) {
    if (d !== 1 || (mo - 1) % dur.months !== 0) return misaligned;
    return { ok: true, period: monthsPeriod(dur.type, y, mo, dur.months) };
  }
  const start = utc(y, mo, d);
  if (dur.type === 'weekly' && start.getUTCDay() !== 1) return misaligned;
  return { ok: true, period: { type: dur.type, start: m[1] + '-' + m[2] + '-' + m[3], end: iso(addDays(start, (dur.days ?? 1) - 1)), year: y } };
}

export function toAdxPeriod(p: Period): string {
  const suffix: Record<PeriodType, string> = { yearly: 'P1Y', sixmonthly: 'P6M', quarterly: 'P3M', monthly: 'P1M', weekly: 'P7D', daily: 'P1D' };
  return `${p.start}/${suffix[p.type]}`;
}

/** The vitreem period key, which is the DHIS2 id ("2024", "2024Q1"…). */
export const periodKey = toDhis2Period;

/** Is the period inside the years [from, to]? */
export function periodWithin(p: Period, from: number | null, to: number | null): boolean {
  const startYear = Number(p.start.slice(0, 4));
  const endYear = Number(p.end.slice(0, 4));
  return (from === null || startYear >= from) && (to === null || endYear <= to);
}
