/**
 * Vietnam's public holidays and working days — pure, no I/O.
 *
 * Source: Bộ luật Lao động 2019 (Luật số 45/2019/QH14), Điều 112.1 — the paid public holidays:
 *   a) Tết Dương lịch: 01 ngày (01/01 dương lịch);
 *   b) Tết Âm lịch: 05 ngày;
 *   c) Ngày Chiến thắng: 01 ngày (30/4 dương lịch);
 *   d) Ngày Quốc tế lao động: 01 ngày (01/5 dương lịch);
 *   đ) Quốc khánh: 02 ngày (02/9 dương lịch và 01 ngày liền kề trước hoặc sau);
 *   e) Ngày Giỗ Tổ Hùng Vương: 01 ngày (10/3 âm lịch).
 * Điều 112.3: each year the Prime Minister fixes the days of points b) and đ) — so the computed
 * Tết days (the last day of the lunar year and the 1st–4th of the new one) and the day beside
 * 2/9 are a DEFAULT that an administrator corrects from the year's official notice (the table
 * `public_holiday_override`, route PUT /api/holidays/:date). Điều 111.3: a holiday falling on the
 * weekly rest day is made up on the next working day (nghỉ bù). State offices rest on Saturday and
 * Sunday (Quyết định 188/1999/QĐ-TTg); a Saturday made a working day ("làm bù") is an override too.
 */
import { isoOfJulianDay, julianDay, lunarToJulianDay } from './lunar.ts';

export interface Holiday {
  /** yyyy-mm-dd */
  date: string;
  nameVi: string;
  nameEn: string;
  /** the article it comes from, or 'override' */
  basis: string;
}

export interface CalendarOverride {
  date: string;
  /** 'day_off' adds a day of rest; 'working_day' makes a computed holiday or a weekend day worked */
  kind: 'day_off' | 'working_day';
  nameVi: string | null;
}

const BLLD = 'Bộ luật Lao động 2019, Điều 112.1';

function jdOfIso(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return julianDay(d, m, y);
}
/** 0 = Sunday … 6 = Saturday */
export function weekday(iso: string): number {
  return (jdOfIso(iso) + 1) % 7;
}
export function isWeekend(iso: string): boolean {
  const w = weekday(iso);
  return w === 0 || w === 6;
}
export function addDays(iso: string, days: number): string {
  return isoOfJulianDay(jdOfIso(iso) + days);
}

/** The holidays of the Labour Code for a Gregorian year, with the days made up (nghỉ bù). */
export function statutoryHolidays(year: number): Holiday[] {
  const out: Holiday[] = [];
  const add = (date: string, nameVi: string, nameEn: string, basis = BLLD) => out.push({ date, nameVi, nameEn, basis });
  const iso = (m: number, d: number) => `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  add(iso(1, 1), 'Tết Dương lịch', 'New Year’s Day', `${BLLD}.a`);
  // Tết: the last day of the old lunar year and the 1st to 4th days of the new one (5 days)
  const tet = lunarToJulianDay(1, 1, year) as number;
  add(isoOfJulianDay(tet - 1), 'Tết Nguyên đán (ngày cuối năm âm lịch)', 'Lunar New Year (last day of the old year)', `${BLLD}.b`);
  for (let i = 0; i < 4; i++) add(isoOfJulianDay(tet + i), `Tết Nguyên đán (mùng ${i + 1})`, `Lunar New Year (day ${i + 1})`, `${BLLD}.b`);
  add(isoOfJulianDay(lunarToJulianDay(10, 3, year) as number), 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'Hung Kings’ Commemoration', `${BLLD}.e`);
  add(iso(4, 30), 'Ngày Chiến thắng', 'Reunification Day', `${BLLD}.c`);
  add(iso(5, 1), 'Ngày Quốc tế lao động', 'International Labour Day', `${BLLD}.d`);
  add(iso(9, 2), 'Quốc khánh', 'National Day', `${BLLD}.đ`);
  // the adjacent day: the one that joins the weekend (Monday 2/9 → Tuesday 3/9, Thursday → Friday 3/9), else 1/9
  const w = weekday(iso(9, 2));
  add(w === 1 || w === 4 ? iso(9, 3) : iso(9, 1), 'Quốc khánh (ngày liền kề)', 'National Day (adjacent day)', `${BLLD}.đ`);
  // made-up days: each holiday on a Saturday or Sunday moves one rest day to the next working day
  const taken = new Set(out.map((h) => h.date));
  const madeUp: Holiday[] = [];
  for (const h of [...out].sort((a, b) => a.date.localeCompare(b.date))) {
    if (!isWeekend(h.date)) continue;
    let d = addDays(h.date, 1);
    while (isWeekend(d) || taken.has(d)) d = addDays(d, 1);
    taken.add(d);
    madeUp.push({ date: d, nameVi: `Nghỉ bù ${h.nameVi}`, nameEn: `Day off in lieu of ${h.nameEn}`, basis: 'Bộ luật Lao động 2019, Điều 111.3' });
  }
  return [...out, ...madeUp].sort((a, b) => a.date.localeCompare(b.date));
}

/** A year's calendar: the statutory days corrected by the administrator's overrides. */
export interface YearCalendar {
  year: number;
  holidays: Holiday[];
  /** weekend days that are worked (làm bù) */
  workedWeekendDays: string[];
}

export function yearCalendar(year: number, overrides: CalendarOverride[]): YearCalendar {
  const mine = overrides.filter((o) => o.date.startsWith(`${year}-`));
  const working = new Set(mine.filter((o) => o.kind === 'working_day').map((o) => o.date));
  const holidays = statutoryHolidays(year).filter((h) => !working.has(h.date));
  for (const o of mine) {
    if (o.kind !== 'day_off' || holidays.some((h) => h.date === o.date)) continue;
    holidays.push({ date: o.date, nameVi: o.nameVi ?? 'Ngày nghỉ theo thông báo của Chính phủ', nameEn: 'Day off by government notice', basis: 'override' });
  }
  holidays.sort((a, b) => a.date.localeCompare(b.date));
  return { year, holidays, workedWeekendDays: [...working].filter(isWeekend).sort() };
}

/** A predicate "is this a working day" over the years a computation needs. */
export function workingDayPredicate(overrides: CalendarOverride[]): (iso: string) => boolean {
  const cache = new Map<number, { off: Set<string>; worked: Set<string> }>();
  return (iso) => {
    const year = Number(iso.slice(0, 4));
    let c = cache.get(year);
    if (!c) {
      const cal = yearCalendar(year, overrides);
      c = { off: new Set(cal.holidays.map((h) => h.date)), worked: new Set(cal.workedWeekendDays) };
      cache.set(year, c);
    }
    if (c.worked.has(iso)) return true;
    return !isWeekend(iso) && !c.off.has(iso);
  };
}

const VN_OFFSET_MS = 7 * 3600_000;

/** The calendar date in Vietnam (UTC+7) of an instant. */
export function vietnamDate(t: Date): string {
  return new Date(t.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The end of a limit of `days` working days from an instant: days are counted as whole days
 * (Bộ luật Dân sự 2015, Điều 147.1: a period in days starts on the day after the event; Điều 148:
 * it ends at 24:00 of its last day), skipping days that are not working days. Returns the
 * instant 24:00 Vietnam time of the last working day.
 */
export function workingDaysDeadline(from: Date, days: number, isWorkingDay: (iso: string) => boolean): Date {
  let d = vietnamDate(from);
  let counted = 0;
  while (counted < days) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) counted++;
  }
  return new Date(Date.parse(`${addDays(d, 1)}T00:00:00Z`) - VN_OFFSET_MS);
}
