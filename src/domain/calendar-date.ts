/**
 * Dates as they enter the system: the one place that decides what a date is.
 *
 * Every route schema that takes a date uses these zod schemas, so an impossible date
 * (`2026-02-31`, a meeting on 31/11) is a 400 at the schema level, never rolled over by
 * `new Date()` into 3 March.
 *
 * - `CalendarDate`: `YYYY-MM-DD`, a real day of the Gregorian calendar.
 * - `CalendarDateInput`: the same, or the Vietnamese `dd/mm/yyyy` people type (the register's
 *   forms and imports); the handler normalises it with `parseCalendarDate`.
 * - `CalendarDateTime`: an ISO 8601 date-time (`2026-02-03T08:30`, `…:00Z`, `…+07:00`) whose
 *   day is real and whose time exists (hours < 24, minutes and seconds < 60), or a `CalendarDate`.
 */
import { z } from 'zod';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const VN_DAY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/;

/** True when y-m-d is a day of the calendar (years 1000–9999). */
export function isCalendarDay(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** `YYYY-MM-DD` that exists on the calendar. */
export function isCalendarDate(text: string): boolean {
  const m = ISO_DAY.exec(text);
  return !!m && isCalendarDay(+m[1], +m[2], +m[3]);
}

/** `YYYY-MM-DD` or `dd/mm/yyyy` (also with `.` or `-`) → `YYYY-MM-DD`, or null when the day does not exist. */
export function parseCalendarDate(text: string): string | null {
  const t = text.trim();
  let y: number, m: number, d: number;
  const iso = ISO_DAY.exec(t);
  const vn = VN_DAY.exec(t);
  if (iso) [y, m, d] = [+iso[1], +iso[2], +iso[3]];
  else if (vn) [d, m, y] = [+vn[1], +vn[2], +vn[3]];
  else return null;
  if (!isCalendarDay(y, m, d)) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** An ISO date-time (or a bare date) whose day and time exist. */
export function isCalendarDateTime(text: string): boolean {
  const m = ISO_DATE_TIME.exec(text);
  if (!m || !isCalendarDay(+m[1], +m[2], +m[3])) return false;
  if (m[4] !== undefined && (+m[4] > 23 || +m[5] > 59)) return false;
  if (m[6] !== undefined && +m[6] > 59) return false;
  if (m[8] !== undefined && (+m[8] > 14 || +m[9] > 59)) return false;
  return !Number.isNaN(Date.parse(text.replace(' ', 'T')));
}

export const CalendarDate = z
  .string()
  .max(10)
  .refine(isCalendarDate, { message: 'must be a real date YYYY-MM-DD', params: { vi: 'phải là một ngày có thật, dạng YYYY-MM-DD (năm-tháng-ngày)' } });

export const CalendarDateInput = z
  .string()
  .max(20)
  .refine((s) => parseCalendarDate(s) !== null, { message: 'must be a real date (YYYY-MM-DD or dd/mm/yyyy)', params: { vi: 'phải là một ngày có thật (dd/mm/yyyy hoặc YYYY-MM-DD)' } });

export const CalendarDateTime = z
  .string()
  .max(40)
  .refine(isCalendarDateTime, { message: 'must be a real date-time (ISO 8601, e.g. 2026-02-03T08:30:00+07:00)', params: { vi: 'phải là ngày giờ có thật (ISO 8601, ví dụ 2026-02-03T08:30:00+07:00)' } });
