/**
 * Status of a unit × measure × year against a plan's targets (pure).
 * The expected trajectory runs linearly from the baseline to the 2025 and 2030 milestones
 * (or follows a yearly rate for "giảm 2–3% hằng năm" targets). Direction-aware: for a mortality
 * rate lower is better. Handles <, <=, =, >=, >, range, maintain, zero and targets relative to
 * a baseline year's value.
 */
import type { Comparator, Direction, RelativeTarget } from '../model.ts';

export const STATUSES = ['achieved', 'on_track', 'at_risk', 'off_track', 'no_data', 'no_target'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, { vi: string; en: string; colour: string }> = {
  achieved: { vi: 'Đã đạt', en: 'Achieved', colour: '#1a7f37' },
  on_track: { vi: 'Đúng tiến độ', en: 'On track', colour: '#4caf50' },
  at_risk: { vi: 'Có nguy cơ không đạt', en: 'At risk', colour: '#f0a500' },
  off_track: { vi: 'Chậm tiến độ', en: 'Off track', colour: '#d1242f' },
  no_data: { vi: 'Chưa có số liệu', en: 'No data', colour: '#8c959f' },
  no_target: { vi: 'Không có chỉ tiêu', en: 'No target', colour: '#d0d7de' },
};

export interface TargetSpec {
  year: number;
  comparator: Comparator;
  value: number | null;
  valueMax?: number | null;
  relative?: RelativeTarget | null;
}

export interface ResolvedTarget {
  year: number;
  comparator: Exclude<Comparator, 'maintain' | 'zero'>;
  value: number;
  valueMax: number | null;
  /** the value the trajectory aims at for this milestone */
  aim: number;
  relative: RelativeTarget | null;
  /** the baseline value a relative target was computed from */
  base: number | null;
}

export interface StatusInput {
  year: number;
  value: number | null;
  direction: Direction;
  targets: TargetSpec[];
  /** the plan's baseline (or the earliest known value) */
  baseline?: { year: number; value: number } | null;
  /** actual values of earlier years, for relative targets ("so với năm 2020") and "maintain" */
  valueForYear?: (year: number) => number | null;
}

export interface StatusResult {
  status: Status;
  /** the trajectory's value for the year, when one can be drawn */
  expected: number | null;
  /** the milestone judged against */
  target: ResolvedTarget | null;
  vi: string;
  en: string;
}

type Good = 'lower' | 'higher' | 'within';

function goodOf(comparator: ResolvedTarget['comparator'], direction: Direction): Good {
  if (comparator === '<' || comparator === '<=') return 'lower';
  if (comparator === '>' || comparator === '>=') return 'higher';
  if (comparator === 'range') return 'within';
  return direction === 'decrease' || direction === 'eliminate' ? 'lower' : direction === 'increase' ? 'higher' : 'within';
}

/** Turns a target into a number to compare with (relative, maintain and zero targets included). */
export function resolveTarget(t: TargetSpec, direction: Direction, baseline: StatusInput['baseline'], valueForYear: StatusInput['valueForYear']): ResolvedTarget | null {
  if (t.relative) {
    const r = t.relative;
    const baseYear = r.baselineYear ?? baseline?.year ?? null;
    if (baseYear === null) return null;
    const base = baseline && baseline.year === baseYear ? baseline.value : (valueForYear?.(baseYear) ?? null);
    if (base === null) return null;
    const value = relativeValue(r, base, t.year - baseYear);
    const comparator = t.comparator === 'range' || t.comparator === 'maintain' || t.comparator === 'zero' || t.comparator === '=' ? (r.change === 'decrease' ? '<=' : '>=') : t.comparator;
    return { year: t.year, comparator: r.change === 'decrease' ? (comparator === '<' ? '<' : '<=') : comparator === '>' ? '>' : '>=', value, valueMax: null, aim: value, relative: r, base };
  }
  if (t.comparator === 'zero') return { year: t.year, comparator: '<=', value: 0, valueMax: null, aim: 0, relative: null, base: null };
  if (t.comparator === 'maintain') {
    const value = t.value ?? baseline?.value ?? null;
    if (value === null) return null;
    const comparator = direction === 'decrease' || direction === 'eliminate' ? '<=' : '>=';
    return { year: t.year, comparator, value, valueMax: null, aim: value, relative: null, base: null };
  }
  if (t.value === null) return null;
  if (t.comparator === 'range') {
    const max = t.valueMax ?? t.value;
    return { year: t.year, comparator: 'range', value: t.value, valueMax: max, aim: (t.value + max) / 2, relative: null, base: null };
  }
  return { year: t.year, comparator: t.comparator, value: t.value, valueMax: null, aim: t.value, relative: null, base: null };
}

/** base changed by a relative target after `years` years (per-year rates compound; the lesser change of a range is the commitment). */
export function relativeValue(r: RelativeTarget, base: number, years: number): number {
  const sign = r.change === 'decrease' ? -1 : 1;
  const n = r.perYear ? Math.max(0, years) : 1;
  if (r.byUnit === 'percent') return base * (1 + (sign * r.by) / 100) ** n;
  return base + sign * r.by * n;
}

export function meets(x: number, t: ResolvedTarget): boolean {
  const eps = 1e-9;
  switch (t.comparator) {
    case '<': return x < t.value - eps;
    case '<=': return x <= t.value + eps;
    case '>': return x > t.value + eps;
    case '>=': return x >= t.value - eps;
    case '=': return Math.abs(x - t.value) <= eps;
    case 'range': return x >= t.value - eps && x <= (t.valueMax ?? t.value) + eps;
  }
}

/** The trajectory value for a year: linear between baseline and milestones; yearly rates compound. */
export function trajectoryPoint(year: number, milestones: ResolvedTarget[], baseline: StatusInput['baseline']): number | null {
  if (milestones.length === 0) return null;
  const sorted = [...milestones].sort((a, b) => a.year - b.year);
  const next = sorted.find((m) => m.year >= year) ?? sorted[sorted.length - 1];
  if (next.relative?.perYear && next.base !== null) {
    const baseYear = next.relative.baselineYear ?? baseline?.year ?? next.year;
    if (year <= baseYear) return next.base;
    return relativeValue(next.relative, next.base, Math.min(year, next.year) - baseYear);
  }
  if (year >= next.year) return next.aim;
  const prevMilestone = [...sorted].reverse().find((m) => m.year < year);
  const from = prevMilestone ? { year: prevMilestone.year, value: prevMilestone.aim } : baseline && baseline.year < next.year ? baseline : null;
  if (!from) return null;
  if (year <= from.year) return from.value;
  return from.value + ((next.aim - from.value) * (year - from.year)) / (next.year - from.year);
}

/** How far x falls short of `expected` in the bad direction (≤ 0 means as good or better). */
function shortfall(x: number, expected: number, t: ResolvedTarget, good: Good): number {
  if (good === 'lower') return x - expected;
  if (good === 'higher') return expected - x;
  const lo = t.comparator === 'range' ? t.value : expected;
  const hi = t.comparator === 'range' ? (t.valueMax ?? t.value) : expected;
  return x < lo ? lo - x : x > hi ? x - hi : 0;
}

export function evaluateStatus(input: StatusInput): StatusResult {
  const milestones = input.targets
    .map((t) => resolveTarget(t, input.direction, input.baseline, input.valueForYear))
    .filter((t): t is ResolvedTarget => t !== null)
    .sort((a, b) => a.year - b.year);
  if (milestones.length === 0) {
    return { status: input.value === null ? 'no_data' : 'no_target', expected: null, target: null, vi: input.targets.length ? 'Không xác định được chỉ tiêu (thiếu số liệu năm gốc).' : 'Kế hoạch không đặt chỉ tiêu cho năm này.', en: input.targets.length ? 'The target cannot be resolved (baseline value missing).' : 'The plan sets no target here.' };
  }
  const target = milestones.find((m) => m.year >= input.year) ?? milestones[milestones.length - 1];
  const expected = trajectoryPoint(input.year, milestones, input.baseline);
  if (input.value === null) return { status: 'no_data', expected, target, vi: 'Chưa có số liệu.', en: 'No data.' };
  const x = input.value;
  const good = goodOf(target.comparator, input.direction);
  if (meets(x, target)) return { status: 'achieved', expected, target, vi: `Đã đạt chỉ tiêu năm ${target.year}.`, en: `Meets the ${target.year} target.` };
  if (input.year >= target.year) return { status: 'off_track', expected, target, vi: `Không đạt chỉ tiêu năm ${target.year}.`, en: `Misses the ${target.year} target.` };
  const reference = expected ?? target.aim;
  const gap = shortfall(x, reference, target, good);
  // tolerance for "at risk": a quarter of the planned change, at least 2% of the expected value
  // (10% of the target when there is no trajectory to compare with)
  const start = target.base ?? input.baseline?.value ?? null;
  const span = start !== null ? Math.abs(target.aim - start) : 0;
  const tolerance = expected !== null ? Math.max(0.25 * span, 0.02 * Math.abs(reference), 1e-9) : Math.max(0.1 * Math.abs(reference), 1e-9);
  if (expected !== null && gap <= 1e-9) return { status: 'on_track', expected, target, vi: 'Đúng lộ trình đến mốc chỉ tiêu.', en: 'On the trajectory to the milestone.' };
  if (gap <= tolerance) return { status: 'at_risk', expected, target, vi: 'Chậm hơn lộ trình một chút: có nguy cơ không đạt.', en: 'Slightly behind the trajectory: at risk.' };
  return { status: 'off_track', expected, target, vi: 'Chậm xa so với lộ trình.', en: 'Far behind the trajectory.' };
}
