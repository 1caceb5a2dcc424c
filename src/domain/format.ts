/**
 * THE Vietnamese formats of vitreem — numbers, rates, dates, deadlines and targets — for the server
 * (documents, CLI, validation messages) and the web app alike (web/ imports this file directly through
 * Vite). Pure: no DOM, no I/O.
 *   formatNumber(18670) → "18.670"          formatNumber(0.4) → "0,4"
 *   formatRate(0.4, 'per_1000') → "0,4‰"     a value as written (targets): up to 3 decimals
 *   formatFigure(63.7992, 'percent') → "63,8%"  a computed figure: one decimal for %, ‰, /10.000, /100.000;
 *                                             counts with thousands dots
 *   formatDate('2025-11-01') → "01/11/2025"  formatComparator({comparator:'<', value:9.5, unit:'per_1000'}) → "< 9,5‰"
 * The older `…Vi` helpers (formatNumberVi, formatRateVi, formatDateVi, formatTarget, parseNumberVi) are
 * kept for the server code that uses them: official documents (src/domain/documents words around them),
 * the CLI, validation messages, file imports.
 */
import type { Comparator, MeasureUnit } from './model.ts';

/** A relative target ("giảm 5% so với năm 2020"); optional fields as the API input allows. */
export interface RelativeLike {
  change: 'decrease' | 'increase';
  by: number;
  byMax?: number | null;
  byUnit?: 'percent' | 'points' | 'count';
  baselineYear?: number | null;
  perYear?: boolean;
}

export type Lang = 'vi' | 'en';

/** Separators per language: Vietnamese groups with "." and marks decimals with ",". */
const SEP: Record<Lang, { group: string; decimal: string }> = {
  vi: { group: '.', decimal: ',' },
  en: { group: ',', decimal: '.' },
};

/**
 * Formats a number. With `decimals` the number is rounded to exactly that many decimals
 * ("1,0"); without, up to 3 decimals are shown and trailing zeros dropped ("0,71", "18.670").
 */
export function formatNumber(n: number | null | undefined, decimals?: number, lang: Lang = 'vi'): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  if (!Number.isFinite(n)) return n > 0 ? '∞' : '-∞';
  const { group, decimal } = SEP[lang];
  const places = decimals ?? 3;
  let fixed = Math.abs(n).toFixed(places);
  if (decimals === undefined && fixed.includes('.')) fixed = fixed.replace(/0+$/, '').replace(/\.$/, '');
  const [intPart, fracPart] = fixed.split('.');
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const negative = n < 0 && /[1-9]/.test(fixed);
  return (negative ? '-' : '') + grouped + (fracPart ? decimal + fracPart : '');
}

/**
 * Parses a number as a Vietnamese user types it: "18.670" → 18670, "0,4" → 0.4, "1.055,5" → 1055.5,
 * "18 670" → 18670; a plain "0.4" or "18.5" (a dot followed by other than three digits) is a decimal.
 * Anything else is null: "1,2,3", "12.34,5" (dots that do not group thousands), "1,234.5" (English).
 */
export function parseNumber(text: string): number | null {
  const s = text.trim().replace(/\s/g, '');
  if (s === '') return null;
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) return Number(s.replace(/\./g, '').replace(',', '.'));
  if (/^-?\d+,\d+$/.test(s)) return Number(s.replace(',', '.'));
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  return null;
}

/** A figure as written in a table or a file: `parseNumber`, and a trailing unit sign allowed ("75%", "9,5‰"). */
export function parseNumberVi(text: string): number | null {
  return parseNumber(text.trim().replace(/[‰%]$/, ''));
}

/** Suffix for a unit: "%", "‰", "/10.000", "/100.000" (empty for counts). */
export function unitSuffix(unit: MeasureUnit | string, lang: Lang = 'vi'): string {
  switch (unit) {
    case 'percent':
      return '%';
    case 'per_1000':
      return '‰';
    case 'per_10000':
      return '/' + formatNumber(10000, 0, lang);
    case 'per_100000':
      return '/' + formatNumber(100000, 0, lang);
    default:
      return '';
  }
}

/**
 * A value in its unit: percent → "95,5%", per_1000 → "0,4‰", per_10000 → "1,0/10.000",
 * per_100000 → "550/100.000", count → "18.670", boolean → "Có"/"Không".
 */
export function formatRate(value: number | boolean | null | undefined, unit: MeasureUnit | string, lang: Lang = 'vi'): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '—';
  if (unit === 'boolean') {
    const yes = typeof value === 'boolean' ? value : value !== 0;
    return lang === 'en' ? (yes ? 'Yes' : 'No') : yes ? 'Có' : 'Không';
  }
  const n = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  if (unit === 'per_10000') {
    // written with at least one decimal in the plans: "1,0/10.000 trẻ em"
    const text = Number.isInteger(n) ? formatNumber(n, 1, lang) : formatNumber(n, undefined, lang);
    return text + unitSuffix(unit, lang);
  }
  return formatNumber(n, undefined, lang) + unitSuffix(unit, lang);
}

/**
 * A computed figure (an aggregate, a share, a dashboard value): rates with exactly one decimal
 * ("63,8%", "0,4‰", "1,0/10.000", "550,0/100.000"), counts rounded to whole numbers with
 * thousands dots ("18.670"), yes/no as "Có"/"Không".
 */
export function formatFigure(value: number | null | undefined, unit: MeasureUnit | string, lang: Lang = 'vi'): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (unit === 'boolean') return formatRate(value, unit, lang);
  if (unit === 'count') return formatNumber(value, Number.isInteger(value) ? 0 : 1, lang);
  return formatNumber(value, 1, lang) + unitSuffix(unit, lang);
}

/** A share 0–1 as a percentage with one decimal: 0.6379 → "63,8%" (completeness, coverage). */
export function formatShare(share: number | null | undefined, lang: Lang = 'vi'): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '—';
  return formatNumber(share * 100, 1, lang) + '%';
}

/** 'YYYY-MM-DD' (or an ISO timestamp) → 'DD/MM/YYYY'. Anything else is returned as given. */
export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '—';
    return `${pad(value.getDate())}/${pad(value.getMonth() + 1)}/${value.getFullYear()}`;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(value);
  if (!m) return value;
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** An ISO timestamp → 'DD/MM/YYYY HH:mm' in local time. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return `${formatDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** 'DD/MM/YYYY' typed by a user → 'YYYY-MM-DD', or null. */
export function parseDate(text: string): string | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!m) return /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? text.trim() : null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

/** A reporting due date: {day:1, month:11}, 'yearly' → "01/11 hằng năm"; once → "20/10/2014". */
export function formatDue(due: { day: number; month: number; year?: number | null }, recurrence: string = 'yearly', lang: Lang = 'vi'): string {
  const dm = `${pad(due.day)}/${pad(due.month)}`;
  if (recurrence === 'once' || (recurrence !== 'yearly' && due.year)) return due.year ? `${dm}/${due.year}` : dm;
  return lang === 'en' ? `${dm} every year` : `${dm} hằng năm`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export interface TargetLike {
  comparator: Comparator | string;
  value?: number | null;
  valueMax?: number | null;
  unit: MeasureUnit | string;
  group?: string | null;
  relative?: RelativeLike | null;
}

const SYMBOL: Record<string, string> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥', '=': '' };

/**
 * A target as people read it: "< 9,5‰", "≥ 75%", "3–5%", "duy trì 100%", "không có",
 * "giảm 5% so với 2020", "giảm 2–3%/năm".
 */
export function formatComparator(target: TargetLike, lang: Lang = 'vi'): string {
  const en = lang === 'en';
  if (target.relative) return formatRelative(target.relative, lang);
  const { comparator, unit } = target;
  const value = target.value ?? null;
  switch (comparator) {
    case 'zero':
      return en ? 'none' : 'không có';
    case 'maintain':
      return value === null ? (en ? 'maintain' : 'duy trì') : `${en ? 'maintain' : 'duy trì'} ${formatRate(value, unit, lang)}`;
    case 'range': {
      const max = target.valueMax ?? null;
      if (value === null) return '—';
      if (max === null) return `≥ ${formatRate(value, unit, lang)}`;
      return `${formatNumber(value, undefined, lang)}–${formatRate(max, unit, lang)}`;
    }
    default: {
      if (value === null) return '—';
      const symbol = SYMBOL[comparator] ?? comparator;
      const text = formatRate(value, unit, lang);
      return symbol ? `${symbol} ${text}` : text;
    }
  }
}

/** "giảm 5% so với 2020", "giảm 2–3%/năm", "tăng 2 điểm %". */
export function formatRelative(r: RelativeLike, lang: Lang = 'vi'): string {
  const en = lang === 'en';
  const verb = r.change === 'decrease' ? (en ? 'decrease' : 'giảm') : en ? 'increase' : 'tăng';
  const unit = (r.byUnit ?? 'percent') === 'percent' ? '%' : r.byUnit === 'points' ? (en ? ' points' : ' điểm %') : '';
  const amount = r.byMax !== null && r.byMax !== undefined ? `${formatNumber(r.by, undefined, lang)}–${formatNumber(r.byMax, undefined, lang)}` : formatNumber(r.by, undefined, lang);
  let text = `${verb} ${amount}${unit}`;
  if (r.perYear) text += en ? '/year' : '/năm';
  if (r.baselineYear) text += en ? ` from ${r.baselineYear}` : ` so với ${r.baselineYear}`;
  return text;
}

/** Comparator choices for editors: value and label. */
export const COMPARATOR_LABELS: { value: Comparator; vi: string; en: string }[] = [
  { value: '<', vi: '< (dưới)', en: '< (below)' },
  { value: '<=', vi: '≤ (không quá)', en: '≤ (at most)' },
  { value: '=', vi: '= (đạt)', en: '= (reach)' },
  { value: '>=', vi: '≥ (từ … trở lên)', en: '≥ (at least)' },
  { value: '>', vi: '> (trên)', en: '> (above)' },
  { value: 'range', vi: 'khoảng (từ–đến)', en: 'range (from–to)' },
  { value: 'maintain', vi: 'duy trì', en: 'maintain' },
  { value: 'zero', vi: 'không có', en: 'none' },
];

/** Budget amounts in million VND: "18.670" (triệu đồng). */
export function formatMoney(amount: number | null | undefined, lang: Lang = 'vi'): string {
  return formatNumber(amount, undefined, lang);
}

// ───────────── the server-side helpers (documents, CLI, validation messages) ─────────────

/** Up to `maxDecimals` decimals, trailing zeros dropped: 63.6363 → "63,64"; '' for a non-number. */
export function formatNumberVi(value: number, maxDecimals = 2): string {
  if (!Number.isFinite(value)) return '';
  const text = formatNumber(value, Math.min(Math.max(0, maxDecimals), 3));
  return text.includes(',') ? text.replace(/0+$/, '').replace(/,$/, '') : text;
}

export function formatRateVi(value: number | null | undefined, unit: MeasureUnit | string, maxDecimals = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const n = formatNumberVi(value, maxDecimals);
  switch (unit) {
    case 'percent':
      return `${n}%`;
    case 'per_1000':
      return `${n}‰`;
    case 'per_10000':
      return `${n}/10.000`;
    case 'per_100000':
      return `${n}/100.000`;
    case 'boolean':
      return value ? 'Có' : 'Không';
    default:
      return n;
  }
}

/** 'YYYY-MM-DD' (or a Date) → 'DD/MM/YYYY'; partial 'YYYY-MM' → 'MM/YYYY'. */
export function formatDateVi(date: string | Date | null | undefined): string {
  if (!date) return '';
  const iso = date instanceof Date ? date.toISOString().slice(0, 10) : date;
  const parts = iso.slice(0, 10).split('-');
  if (parts.length === 3) return `${parts[2]}/${parts[1]}/${parts[0]}`;
  if (parts.length === 2) return `${parts[1]}/${parts[0]}`;
  return iso;
}

const COMPARATOR_SYMBOL: Partial<Record<Comparator, string>> = { '<': '<', '<=': '≤', '=': '=', '>=': '≥', '>': '>' };


const GROUP_VI: Record<string, string> = { rural: 'nông thôn', urban: 'thành thị', male: 'nam', female: 'nữ' };
/** A target group in Vietnamese: 'rural' → "nông thôn", 'female' → "nữ" (unknown keys as given). */
export const groupVi = (group: string): string => GROUP_VI[group] ?? group;

/** A target as an officer writes it: "< 9,5‰", "≥ 75%", "3–5%", "duy trì 100%", "không có", "giảm 2–3%/năm". */
export function formatTarget(target: TargetLike): string {
  const group = target.group ? ` (${groupVi(target.group)})` : '';
  if (target.relative) {
    const r = target.relative;
    const by = r.byMax != null ? `${formatNumberVi(r.by)}–${formatNumberVi(r.byMax)}` : formatNumberVi(r.by);
    const unit = r.byUnit === 'percent' ? '%' : r.byUnit === 'points' ? ' điểm %' : '';
    const verb = r.change === 'decrease' ? 'giảm' : 'tăng';
    const when = r.perYear ? '/năm' : r.baselineYear ? ` so với năm ${r.baselineYear}` : '';
    return `${verb} ${by}${unit}${when}${group}`;
  }
  switch (target.comparator) {
    case 'zero':
      return `không có${group}`;
    case 'maintain':
      return `duy trì${target.value !== null ? ` ${formatRateVi(target.value, target.unit)}` : ''}${group}`;
    case 'range': {
      const max = formatRateVi(target.valueMax ?? null, target.unit);
      return `${formatNumberVi(target.value ?? 0)}–${max}${group}`;
    }
    default:
      return `${COMPARATOR_SYMBOL[target.comparator as Comparator] ?? target.comparator} ${formatRateVi(target.value, target.unit)}${group}`;
  }
}
