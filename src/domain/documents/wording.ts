/**
 * The wording of official documents: dates in words ("ngày 18 tháng 5 năm 2021"), targets in words
 * ("đạt 75% vào năm 2025 và 85% vào năm 2030"), table cells, headings. Every number and date in them
 * is written by THE formatter, src/domain/format.ts (`18.670`, `0,4‰`, `01/11/2025`).
 */
import type { MeasureUnit } from '../model.ts';
import { formatNumberVi, formatRateVi, groupVi } from '../format.ts';
import type { DocMeasure, DocTarget, IndicatorStatusCode, ReportKind } from './types.ts';

/** "2021-05-18" → "ngày 18 tháng 5 năm 2021" (days below 10 written with a leading zero as the decree asks for 1–9 days of months 1 and 2; we follow the seeds). */
export function dateWordsVi(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const day = d < 10 ? `0${d}` : String(d);
  const month = m < 3 ? `0${m}` : String(m);
  return `ngày ${day} tháng ${month} năm ${y}`;
}

/** "Kiên Giang, ngày 18 tháng 5 năm 2021"; blank date → "ngày     tháng     năm     " for a draft. */
export function placeDateLine(place: string | null, iso: string | null): string {
  const when = iso ? dateWordsVi(iso) : 'ngày      tháng      năm 20   ';
  return place ? `${place}, ${when}` : when.charAt(0).toUpperCase() + when.slice(1);
}

/** A value with its unit in running text: "75%", "9,5‰", "550/100.000 trẻ em", "có". */
export function valueWithUnit(value: number, unit: MeasureUnit, base?: string | null): string {
  if (unit === 'boolean') return value ? 'có' : 'không';
  const text = formatRateVi(value, unit);
  return unit === 'per_10000' || unit === 'per_100000' ? `${text} ${base ?? 'trẻ em'}` : text;
}

/** A target's level in words: "đạt 75%", "dưới 9,5‰", "xuống 550/100.000 trẻ em", "giảm 5% so với năm 2020". */
export function targetLevelWords(target: DocTarget, direction: DocMeasure['direction'] = 'increase'): string {
  const t = wholeCounts(target);
  if (t.relative) {
    const r = t.relative;
    const amount = r.byMax != null ? `${formatNumberVi(r.by)} đến ${formatNumberVi(r.byMax)}` : formatNumberVi(r.by);
    const unit = r.byUnit === 'percent' ? '%' : r.byUnit === 'points' ? ' điểm phần trăm' : '';
    const verb = r.change === 'decrease' ? 'giảm' : 'tăng';
    const base = r.perYear ? ' mỗi năm' : r.baselineYear ? ` so với năm ${r.baselineYear}` : '';
    return `${verb} ${amount}${unit}${base}`;
  }
  const v = t.value === null ? '' : valueWithUnit(t.value, t.unit, t.base);
  switch (t.comparator) {
    case '<':
      return `dưới ${v}`;
    case '<=':
      return direction === 'decrease' ? `xuống ${v}` : `không quá ${v}`;
    case '>':
      return `trên ${v}`;
    case '>=':
      return direction === 'decrease' ? `không quá ${v}` : `đạt ${v}`;
    case '=':
      return `đạt ${v}`;
    case 'range':
      return `từ ${v} đến ${t.valueMax == null ? '' : valueWithUnit(t.valueMax, t.unit, t.base)}`;
    case 'maintain':
      return v ? `duy trì ${v}` : 'duy trì';
    case 'zero':
      return 'không còn';
    default:
      return v;
  }
}

/** "đạt 75% vào năm 2025 và 85% vào năm 2030" for one measure's targets (grouped targets listed with their group). */
export function targetsInWords(targets: DocTarget[], direction: DocMeasure['direction'] = 'increase'): string {
  const sorted = [...targets].sort((a, b) => a.year - b.year || String(a.group ?? '').localeCompare(String(b.group ?? '')));
  const byYear = new Map<number, DocTarget[]>();
  for (const t of sorted) byYear.set(t.year, [...(byYear.get(t.year) ?? []), t]);
  const parts: string[] = [];
  let previousVerb: string | null = null;
  for (const [year, list] of byYear) {
    const levels = list.map((t) => {
      const words = targetLevelWords(t, direction);
      return t.group ? `${words} đối với ${groupVi(t.group)}` : words;
    });
    let phrase = levels.join(', ');
    // "đạt 75% vào năm 2025 và 85% vào năm 2030": drop a repeated verb
    const verb = phrase.split(' ')[0];
    if (previousVerb && verb === previousVerb && list.length === 1 && !list[0].relative) phrase = phrase.slice(verb.length + 1);
    previousVerb = verb;
    parts.push(list.every((t) => t.relative?.perYear) ? phrase : `${phrase} vào năm ${year}`);
  }
  return parts.join(' và ');
}

export const REPORT_KIND_TITLE: Record<ReportKind, string> = {
  yearly: 'Kết quả thực hiện Kế hoạch',
  midterm: 'Sơ kết giữa kỳ thực hiện Kế hoạch',
  final: 'Tổng kết thực hiện Kế hoạch',
};

const STATUS_VI: Record<string, string> = {
  achieved: 'Đạt',
  on_track: 'Đúng tiến độ',
  at_risk: 'Có nguy cơ không đạt',
  off_track: 'Chậm tiến độ',
  not_achieved: 'Không đạt',
  no_data: 'Chưa có số liệu',
  no_target: 'Không có chỉ tiêu',
};
export const statusVi = (s: IndicatorStatusCode): string => STATUS_VI[s] ?? s;

/**
 * A count target is a whole number (issue #19.11: never "< 2,712"): a bound is rounded the way that
 * keeps its meaning for whole counts — "< 2,712" is "< 3", "> 2,3" is "> 2", "≤ 4,6" is "≤ 4",
 * "≥ 4,2" is "≥ 5"; a plain value is rounded.
 */
export function wholeCountBound(value: number, comparator: string): number {
  if (Number.isInteger(value)) return value;
  if (comparator === '<' || comparator === '>=') return Math.ceil(value);
  if (comparator === '>' || comparator === '<=') return Math.floor(value);
  return Math.round(value);
}
function wholeCounts(t: DocTarget): DocTarget {
  if (t.unit !== 'count') return t;
  return { ...t, value: t.value === null ? null : wholeCountBound(t.value, t.comparator === 'range' ? '>=' : t.comparator), valueMax: t.valueMax == null ? t.valueMax : wholeCountBound(t.valueMax, '<=') };
}

/** "Chỉ tiêu" target cell for a table: "≥ 75%", "< 9,5‰", "giảm 5% so với năm 2020". */
export function targetCell(target: DocTarget | null): string {
  if (!target) return '';
  const t = wholeCounts(target);
  if (t.relative) return targetLevelWords(t);
  const sym: Record<string, string> = { '<': '< ', '<=': '≤ ', '>': '> ', '>=': '≥ ', '=': '', maintain: 'duy trì ', zero: '' };
  if (t.comparator === 'zero') return '0';
  const cell = (v: number | null | undefined) => (v === null || v === undefined ? '' : formatRateVi(v, t.unit));
  if (t.comparator === 'range') return `${cell(t.value)}–${cell(t.valueMax)}`;
  return `${sym[t.comparator] ?? ''}${cell(t.value)}${t.group ? ` (${groupVi(t.group)})` : ''}`;
}

/** Roman numerals for section headings (I … XX). */
export function roman(n: number): string {
  const table: [number, string][] = [[10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [v, s] of table) while (n >= v) { out += s; n -= v; }
  return out;
}

/** a) b) c) … đ) as Vietnamese documents letter their items. */
export function letter(i: number): string {
  const letters = ['a', 'b', 'c', 'd', 'đ', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'x', 'y'];
  return letters[i] ?? String(i + 1);
}
