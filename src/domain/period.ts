/**
 * DHIS2 periods: every fixed period type DHIS2 knows, as its ISO-like code ("2024", "2024Q1", "2024WedW1", …)
 * and as a date range. Pure: no I/O, no clock.
 *
 * The definitions follow DHIS2 (dhis2-core, org.hisp.dhis.period.* and DateUnitPeriodTypeParser):
 * - weeks: week 1 of a year is the week (starting on the type's weekday) that contains 4 January
 *   (ISO 8601 for Monday weeks); a year has 52 or 53 weeks of each kind;
 * - BiWeekly: bi-week n starts on Monday of ISO week 2n−1 and lasts 14 days (bi-week 27 of a 53-week year
 *   runs into the next year's week 1, as in DHIS2);
 * - BiMonthly `202401B`: the 2-digit number is the bi-month (01 = Jan–Feb … 06 = Nov–Dec);
 * - QuarterlyNov `2024NovQ1` = Nov 2023 – Jan 2024 … Q4 = Aug – Oct 2024;
 *   SixMonthlyNov `2024NovS1` = Nov 2023 – Apr 2024, S2 = May – Oct 2024;
 *   SixMonthlyApril `2024AprilS1` = Apr – Sep 2024, S2 = Oct 2024 – Mar 2025;
 * - financial years `2024April`, `2024July`, `2024Oct` (and Feb, Aug, Sep) start in the code's year;
 *   `2024Nov` (FinancialNov) is the year ending in it: Nov 2023 – Oct 2024.
 * DHIS2 also accepts `2024-01-15` (Daily), `2024-01` (Monthly) and a zero-padded week (`2024W01`); they are read and
 * given their canonical code.
 */

export const PERIOD_TYPES = [
  'Daily',
  'Weekly',
  'WeeklyWednesday',
  'WeeklyThursday',
  'WeeklyFriday',
  'WeeklySaturday',
  'WeeklySunday',
  'BiWeekly',
  'Monthly',
  'BiMonthly',
  'Quarterly',
  'QuarterlyNov',
  'SixMonthly',
  'SixMonthlyApril',
  'SixMonthlyNov',
  'Yearly',
  'FinancialFeb',
  'FinancialApril',
  'FinancialJuly',
  'FinancialAug',
  'FinancialSep',
  'FinancialOct',
  'FinancialNov',
] as const;

export type PeriodType = (typeof PERIOD_TYPES)[number];

export interface Period {
  /** canonical DHIS2 code, e.g. "2024Q1" */
  code: string;
  type: PeriodType;
  /** first day, ISO date YYYY-MM-DD */
  start: string;
  /** last day (inclusive), ISO date YYYY-MM-DD */
  end: string;
  /** the year written in the code (not always the year of `start`: 2024NovQ1 starts in 2023) */
  year: number;
  /** 1-based number of the period within its year (day of year, week, month, quarter…; 1 for yearly types) */
  index: number;
}

export const MIN_YEAR = 1000;
export const MAX_YEAR = 9999;

// ---------------------------------------------------------------------------------------------------------------
// Day arithmetic on day numbers (days since 1970-01-01, UTC): no time zones, no clock.

const DAY = 86_400_000;
const dayNumber = (y: number, m: number, d: number): number => Math.round(Date.UTC(y, m - 1, d) / DAY);
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
function isoOf(day: number): string {
  const d = new Date(day * DAY);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}
/** 0 = Monday … 6 = Sunday */
const weekday = (day: number): number => (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}
function parseIsoDate(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return validDate(y, mo, d) ? dayNumber(y, mo, d) : null;
}
const daysInYear = (y: number): number => dayNumber(y + 1, 1, 1) - dayNumber(y, 1, 1);

// ---------------------------------------------------------------------------------------------------------------
// The types

/** weekly types: their code infix and first weekday (0 = Monday) */
const WEEKLY: Partial<Record<PeriodType, { infix: string; firstDay: number }>> = {
  Weekly: { infix: 'W', firstDay: 0 },
  WeeklyWednesday: { infix: 'WedW', firstDay: 2 },
  WeeklyThursday: { infix: 'ThuW', firstDay: 3 },
  WeeklyFriday: { infix: 'FriW', firstDay: 4 },
  WeeklySaturday: { infix: 'SatW', firstDay: 5 },
  WeeklySunday: { infix: 'SunW', firstDay: 6 },
};

/** month-based types: length in months, month where index 1 starts, year offset of that start, code pattern */
interface MonthSpec {
  months: number;
  firstMonth: number;
  /** the first period of code year Y starts in year Y + yearShift */
  yearShift: number;
  count: number;
  code: (year: number, index: number) => string;
}
const MONTHLY: Partial<Record<PeriodType, MonthSpec>> = {
  Monthly: { months: 1, firstMonth: 1, yearShift: 0, count: 12, code: (y, i) => `${y}${pad(i)}` },
  BiMonthly: { months: 2, firstMonth: 1, yearShift: 0, count: 6, code: (y, i) => `${y}${pad(i)}B` },
  Quarterly: { months: 3, firstMonth: 1, yearShift: 0, count: 4, code: (y, i) => `${y}Q${i}` },
  QuarterlyNov: { months: 3, firstMonth: 11, yearShift: -1, count: 4, code: (y, i) => `${y}NovQ${i}` },
  SixMonthly: { months: 6, firstMonth: 1, yearShift: 0, count: 2, code: (y, i) => `${y}S${i}` },
  SixMonthlyApril: { months: 6, firstMonth: 4, yearShift: 0, count: 2, code: (y, i) => `${y}AprilS${i}` },
  SixMonthlyNov: { months: 6, firstMonth: 11, yearShift: -1, count: 2, code: (y, i) => `${y}NovS${i}` },
  Yearly: { months: 12, firstMonth: 1, yearShift: 0, count: 1, code: (y) => `${y}` },
  FinancialFeb: { months: 12, firstMonth: 2, yearShift: 0, count: 1, code: (y) => `${y}Feb` },
  FinancialApril: { months: 12, firstMonth: 4, yearShift: 0, count: 1, code: (y) => `${y}April` },
  FinancialJuly: { months: 12, firstMonth: 7, yearShift: 0, count: 1, code: (y) => `${y}July` },
  FinancialAug: { months: 12, firstMonth: 8, yearShift: 0, count: 1, code: (y) => `${y}Aug` },
  FinancialSep: { months: 12, firstMonth: 9, yearShift: 0, count: 1, code: (y) => `${y}Sep` },
  FinancialOct: { months: 12, firstMonth: 10, yearShift: 0, count: 1, code: (y) => `${y}Oct` },
  FinancialNov: { months: 12, firstMonth: 11, yearShift: -1, count: 1, code: (y) => `${y}Nov` },
};

/** First day of week 1 of `year` for weeks starting on `firstDay`: the week that contains 4 January. */
function firstWeekStart(year: number, firstDay: number): number {
  const jan4 = dayNumber(year, 1, 4);
  return jan4 - ((weekday(jan4) - firstDay + 7) % 7);
}
function weeksInYear(year: number, firstDay: number): number {
  return (firstWeekStart(year + 1, firstDay) - firstWeekStart(year, firstDay)) / 7;
}

function yearOk(year: number): boolean {
  return Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR;
}

/** How many periods of `type` carry the year `year` in their code (365/366 days, 52/53 weeks, 26/27 bi-weeks, 12 months…). */
export function periodCount(type: PeriodType, year: number): number {
  if (type === 'Daily') return daysInYear(year);
  if (type === 'BiWeekly') return Math.ceil(weeksInYear(year, 0) / 2);
  const w = WEEKLY[type];
  if (w) return weeksInYear(year, w.firstDay);
  return MONTHLY[type]!.count;
}

function build(type: PeriodType, year: number, index: number): Period | null {
  if (!yearOk(year) || !Number.isInteger(index) || index < 1 || index > periodCount(type, year)) return null;
  if (type === 'Daily') {
    const day = dayNumber(year, 1, 1) + index - 1;
    const s = isoOf(day);
    return { code: s.replaceAll('-', ''), type, start: s, end: s, year, index };
  }
  if (type === 'BiWeekly') {
    const start = firstWeekStart(year, 0) + (index - 1) * 14;
    return { code: `${year}BiW${index}`, type, start: isoOf(start), end: isoOf(start + 13), year, index };
  }
  const w = WEEKLY[type];
  if (w) {
    const start = firstWeekStart(year, w.firstDay) + (index - 1) * 7;
    return { code: `${year}${w.infix}${index}`, type, start: isoOf(start), end: isoOf(start + 6), year, index };
  }
  const spec = MONTHLY[type]!;
  const startMonth0 = (year + spec.yearShift) * 12 + (spec.firstMonth - 1) + (index - 1) * spec.months; // months since year 0
  const sy = Math.floor(startMonth0 / 12);
  const sm = (startMonth0 % 12) + 1;
  const endNext0 = startMonth0 + spec.months;
  const endDay = dayNumber(Math.floor(endNext0 / 12), (endNext0 % 12) + 1, 1) - 1;
  return { code: spec.code(year, index), type, start: isoOf(dayNumber(sy, sm, 1)), end: isoOf(endDay), year, index };
}

/**
 * The code of period number `index` (1-based) of `type` in `year`, e.g. periodCode('Quarterly', 2024, 1) = "2024Q1".
 * Throws a RangeError when the year has no such period (week 53 of a 52-week year, quarter 5…).
 */
export function periodCode(type: PeriodType, year: number, index: number): string {
  const p = build(type, year, index);
  if (!p) throw new RangeError(`${type} ${year} has no period number ${index}`);
  return p.code;
}

/** The period of `type` numbered `index` in `year`, or null when there is none. */
export function periodOf(type: PeriodType, year: number, index: number): Period | null {
  return build(type, year, index);
}

/** Every period of `type` whose code carries `year`, in order. */
export function periodsOfYear(type: PeriodType, year: number): Period[] {
  if (!yearOk(year)) return [];
  const n = periodCount(type, year);
  const out: Period[] = [];
  for (let i = 1; i <= n; i++) out.push(build(type, year, i)!);
  return out;
}

const PATTERNS: Array<[RegExp, (m: RegExpExecArray) => Period | null]> = [
  [/^(\d{4})$/, (m) => build('Yearly', +m[1], 1)],
  [/^(\d{4})(\d{2})(\d{2})$/, (m) => daily(+m[1], +m[2], +m[3])],
  [/^(\d{4})-(\d{2})-(\d{2})$/, (m) => daily(+m[1], +m[2], +m[3])],
  [/^(\d{4})-?(\d{2})$/, (m) => build('Monthly', +m[1], +m[2])],
  [/^(\d{4})(\d{2})B$/, (m) => build('BiMonthly', +m[1], +m[2])],
  [/^(\d{4})Q(\d)$/, (m) => build('Quarterly', +m[1], +m[2])],
  [/^(\d{4})NovQ(\d)$/, (m) => build('QuarterlyNov', +m[1], +m[2])],
  [/^(\d{4})S(\d)$/, (m) => build('SixMonthly', +m[1], +m[2])],
  [/^(\d{4})AprilS(\d)$/, (m) => build('SixMonthlyApril', +m[1], +m[2])],
  [/^(\d{4})NovS(\d)$/, (m) => build('SixMonthlyNov', +m[1], +m[2])],
  [/^(\d{4})W(\d{1,2})$/, (m) => build('Weekly', +m[1], +m[2])],
  [/^(\d{4})WedW(\d{1,2})$/, (m) => build('WeeklyWednesday', +m[1], +m[2])],
  [/^(\d{4})ThuW(\d{1,2})$/, (m) => build('WeeklyThursday', +m[1], +m[2])],
  [/^(\d{4})FriW(\d{1,2})$/, (m) => build('WeeklyFriday', +m[1], +m[2])],
  [/^(\d{4})SatW(\d{1,2})$/, (m) => build('WeeklySaturday', +m[1], +m[2])],
  [/^(\d{4})SunW(\d{1,2})$/, (m) => build('WeeklySunday', +m[1], +m[2])],
  [/^(\d{4})BiW(\d{1,2})$/, (m) => build('BiWeekly', +m[1], +m[2])],
  [/^(\d{4})Feb$/, (m) => build('FinancialFeb', +m[1], 1)],
  [/^(\d{4})April$/, (m) => build('FinancialApril', +m[1], 1)],
  [/^(\d{4})July$/, (m) => build('FinancialJuly', +m[1], 1)],
  [/^(\d{4})Aug$/, (m) => build('FinancialAug', +m[1], 1)],
  [/^(\d{4})Sep$/, (m) => build('FinancialSep', +m[1], 1)],
  [/^(\d{4})Oct$/, (m) => build('FinancialOct', +m[1], 1)],
  [/^(\d{4})Nov$/, (m) => build('FinancialNov', +m[1], 1)],
];

function daily(y: number, m: number, d: number): Period | null {
  if (!yearOk(y) || !validDate(y, m, d)) return null;
  return build('Daily', y, dayNumber(y, m, d) - dayNumber(y, 1, 1) + 1);
}

/**
 * Parses a DHIS2 period code into its type and date range; null when it is not a DHIS2 period (or names a period
 * that does not exist: 20230229, 2021W53, 2024Q5). Case-sensitive, as DHIS2 is.
 */
export function parsePeriod(code: string): Period | null {
  if (typeof code !== 'string' || code.length < 4 || code.length > 11) return null;
  for (const [re, make] of PATTERNS) {
    const m = re.exec(code);
    if (m) return make(m);
  }
  return null;
}

/** The period of `type` that contains the ISO date `date` (YYYY-MM-DD); null for a malformed date. */
export function periodOfDate(type: PeriodType, date: string): Period | null {
  const day = parseIsoDate(date);
  if (day === null) return null;
  const y = Number(date.slice(0, 4));
  // the code year is y − 1, y or y + 1; find the period whose range holds the day
  for (const year of [y, y + 1, y - 1]) {
    if (!yearOk(year)) continue;
    const guess = guessIndex(type, year, day);
    for (const i of [guess, guess - 1, guess + 1]) {
      const p = build(type, year, i);
      if (p && parseIsoDate(p.start)! <= day && day <= parseIsoDate(p.end)!) return p;
    }
  }
  return null;
}
function guessIndex(type: PeriodType, year: number, day: number): number {
  if (type === 'Daily') return day - dayNumber(year, 1, 1) + 1;
  if (type === 'BiWeekly') return Math.floor((day - firstWeekStart(year, 0)) / 14) + 1;
  const w = WEEKLY[type];
  if (w) return Math.floor((day - firstWeekStart(year, w.firstDay)) / 7) + 1;
  const spec = MONTHLY[type]!;
  const d = new Date(day * DAY);
  const month0 = d.getUTCFullYear() * 12 + d.getUTCMonth();
  const first0 = (year + spec.yearShift) * 12 + spec.firstMonth - 1;
  return Math.floor((month0 - first0) / spec.months) + 1;
}

/** ISO 8601 duration of a period type, as ADX writes it after the start date ("2024-01-01/P1Y"). */
export function isoDuration(type: PeriodType): string {
  if (type === 'Daily') return 'P1D';
  if (type === 'BiWeekly') return 'P14D';
  if (WEEKLY[type]) return 'P7D';
  const months = MONTHLY[type]!.months;
  return months === 12 ? 'P1Y' : `P${months}M`;
}

/** The ADX form of a period: "start/duration", e.g. "2024-04-01/P3M". */
export function toIsoInterval(p: Period): string {
  return `${p.start}/${isoDuration(p.type)}`;
}

const DURATION_ALIASES: Record<string, string> = { P1W: 'P7D', P2W: 'P14D', P12M: 'P1Y' };

/**
 * Reads an ADX period ("2024-01-01/P1Y", "2024-04-01/P3M", "2024-01-03/P7D") into the DHIS2 period with that start
 * and duration (a P7D from a Wednesday is a WeeklyWednesday week, a P1Y from 1 April a FinancialApril year), or
 * null when no DHIS2 period starts there with that length.
 */
export function parseIsoInterval(text: string): Period | null {
  const m = /^(\d{4}-\d{2}-\d{2})\/(P\w+)$/.exec(text);
  if (!m || parseIsoDate(m[1]) === null) return null;
  const duration = DURATION_ALIASES[m[2]] ?? m[2];
  for (const type of PERIOD_TYPES) {
    if (isoDuration(type) !== duration) continue;
    const p = periodOfDate(type, m[1]);
    if (p && p.start === m[1]) return p;
  }
  return null;
}

/** True when the two periods share at least one day. */
export function periodsOverlap(a: Pick<Period, 'start' | 'end'>, b: Pick<Period, 'start' | 'end'>): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** True when `inner` lies wholly inside `outer`. */
export function periodWithin(inner: Pick<Period, 'start' | 'end'>, outer: Pick<Period, 'start' | 'end'>): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}
