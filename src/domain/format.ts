/**
 * Vietnamese presentation of numbers, dates and targets (pure; used by the CLI, documents and the web app).
 * 18670 → "18.670", 0.4 → "0,4", per_1000 0.4 → "0,4‰", "2025-11-01" → "01/11/2025".
 */
import type { Comparator, MeasureUnit, RelativeTarget } from './model.ts';

export function formatNumberVi(value: number, maxDecimals = 2): string {
  if (!Number.isFinite(value)) return '';
  const sign = value < 0 ? '-' : '';
  const fixed = Math.abs(value).toFixed(maxDecimals);
  let [integer, fraction = ''] = fixed.split('.');
  fraction = fraction.replace(/0+$/, '');
  integer = integer.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${integer}${fraction ? `,${fraction}` : ''}`;
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

export interface TargetLike {
  comparator: Comparator | string;
  value: number | null;
  valueMax?: number | null;
  unit: MeasureUnit | string;
  group?: string | null;
  relative?: RelativeTarget | null;
}

const GROUP_VI: Record<string, string> = { rural: 'nông thôn', urban: 'thành thị', male: 'nam', female: 'nữ' };

/** A target as an officer writes it: "< 9,5‰", "≥ 75%", "3–5%", "duy trì 100%", "không có", "giảm 2–3%/năm". */
export function formatTarget(target: TargetLike): string {
  const group = target.group ? ` (${GROUP_VI[target.group] ?? target.group})` : '';
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
