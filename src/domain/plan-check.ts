/**
 * Plan check: compares a local plan's targets with its parent plan's (pure, no I/O).
 * Reports indicators, measures and years of the parent missing locally, and local targets laxer
 * than the parent's, direction-aware: for a decreasing measure (mortality) a target is a ceiling,
 * for an increasing one (coverage) a floor. Handles strict/non-strict comparators, ranges, "maintain",
 * "zero", values stated in another rate unit (per 10,000 vs per 100,000) and relative targets
 * ("giảm 5% so với năm 2020"), which become absolute when a baseline is known.
 */
import { UNIT_SCALE, type Comparator, type Direction, type MeasureUnit, type RelativeTarget } from './model.ts';

export interface CheckMeasure {
  code: string;
  unit: MeasureUnit;
  direction: Direction;
}
export interface CheckTarget {
  measure: string;
  year: number;
  comparator: Comparator;
  value: number | null;
  valueMax?: number | null;
  unit?: MeasureUnit | null;
  group?: string | null;
  relative?: RelativeTarget | null;
}
export interface CheckBaseline {
  measure: string;
  group?: string | null;
  year: number;
  value: number;
}
export interface CheckIndicator {
  /** identity shared by both plans: the catalogue code ('3'), or a local indicator's own key */
  key: string;
  /** as shown to people ("3", "Chỉ tiêu 3") */
  label: string;
  measures: CheckMeasure[];
  targets: CheckTarget[];
  baselines?: CheckBaseline[];
}
export interface CheckPlan {
  indicators: CheckIndicator[];
}

export type CheckStatus = 'missing_indicator' | 'missing_measure' | 'missing_year' | 'laxer' | 'not_comparable' | 'equal' | 'stricter';

export interface CheckItem {
  status: CheckStatus;
  indicator: string;
  measure: string | null;
  year: number | null;
  group: string | null;
  parent: CheckTarget | null;
  local: CheckTarget | null;
  messageVi: string;
  messageEn: string;
}

export interface PlanCheckResult {
  /** problems only: missing_*, laxer, not_comparable */
  issues: CheckItem[];
  /** every comparison, problems included */
  comparisons: CheckItem[];
  summary: Record<CheckStatus, number> & { parentTargets: number };
}

type Bound = { side: 'upper' | 'lower'; value: number; strict: boolean };

const EPS = 1e-9;
const SYMBOL: Record<string, string> = { '<': '<', '<=': '≤', '=': '=', '>=': '≥', '>': '>' };
const UNIT_SUFFIX: Record<MeasureUnit, string> = { percent: '%', per_1000: '‰', per_10000: '/10.000', per_100000: '/100.000', count: '', boolean: '' };

/** Vietnamese number: comma decimal mark, dot thousands */
export function formatNumberVi(n: number): string {
  const [int, frac] = String(Math.round(n * 1e6) / 1e6).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return frac ? `${grouped},${frac}` : grouped;
}

export function describeTarget(t: CheckTarget, lang: 'vi' | 'en' = 'vi'): string {
  const num = (v: number) => (lang === 'vi' ? formatNumberVi(v) : String(v));
  const unit = t.unit ? UNIT_SUFFIX[t.unit] : '';
  const group = t.group ? ` (${t.group})` : '';
  if (t.relative && t.value === null) {
    const r = t.relative;
    const by = r.byMax !== null && r.byMax !== undefined ? `${num(r.by)}–${num(r.byMax)}` : num(r.by);
    const u = r.byUnit === 'percent' ? '%' : r.byUnit === 'points' ? (lang === 'vi' ? ' điểm %' : ' points') : '';
    if (lang === 'vi') return `${r.change === 'decrease' ? 'giảm' : 'tăng'} ${by}${u}${r.perYear ? ' mỗi năm' : ''}${r.baselineYear ? ` so với năm ${r.baselineYear}` : ''}${group}`;
    return `${r.change} by ${by}${u}${r.perYear ? ' a year' : ''}${r.baselineYear ? ` against ${r.baselineYear}` : ''}${group}`;
  }
  switch (t.comparator) {
    case 'range':
      return `${num(t.value!)}–${num(t.valueMax!)}${unit}${group}`;
    case 'maintain':
      return (lang === 'vi' ? 'duy trì' : 'maintain') + (t.value !== null ? ` ${num(t.value)}${unit}` : '') + group;
    case 'zero':
      return (lang === 'vi' ? 'không có (0)' : 'none (0)') + group;
    default:
      return `${SYMBOL[t.comparator]} ${num(t.value!)}${unit}${group}`;
  }
}

/** Converts a value stated in `from` into `to` (rates only: percent, ‰, per 10,000, per 100,000). */
export function convertRate(value: number, from: MeasureUnit, to: MeasureUnit): number | null {
  if (from === to) return value;
  const a = UNIT_SCALE[from];
  const b = UNIT_SCALE[to];
  if (a === null || b === null) return null;
  return (value * b) / a;
}

function sideOf(direction: Direction): 'upper' | 'lower' | null {
  if (direction === 'increase') return 'lower';
  if (direction === 'decrease' || direction === 'eliminate') return 'upper';
  return null;
}

/** The bound a target sets on the measure's value, in the measure's unit; null when it cannot be said. */
export function targetBound(t: CheckTarget, measure: CheckMeasure, baselines: CheckBaseline[] = []): Bound | null {
  const side = sideOf(measure.direction);
  if (!side) return null;
  let t2 = t;
  if (t.relative && t.value === null) {
    const abs = resolveRelative(t, baselines);
    if (abs === null) return null;
    t2 = { ...t, value: abs, unit: measure.unit, comparator: side === 'upper' ? '<=' : '>=' };
  }
  const conv = (v: number | null | undefined) => (v === null || v === undefined ? null : convertRate(v, t2.unit ?? measure.unit, measure.unit));
  const v = conv(t2.value);
  const vMax = conv(t2.valueMax);
  switch (t2.comparator) {
    case 'zero':
      return { side, value: 0, strict: false };
    case 'maintain':
      return v === null ? null : { side, value: v, strict: false };
    case 'range':
      if (v === null || vMax === null) return null;
      return side === 'upper' ? { side, value: vMax, strict: false } : { side, value: v, strict: false };
    case '=':
      return v === null ? null : { side, value: v, strict: false };
    case '<':
    case '<=':
      return side === 'upper' && v !== null ? { side, value: v, strict: t2.comparator === '<' } : null;
    case '>':
    case '>=':
      return side === 'lower' && v !== null ? { side, value: v, strict: t2.comparator === '>' } : null;
  }
  return null;
}

/** An absolute value for a relative target, from the baseline of its year (same group, else overall). */
export function resolveRelative(t: CheckTarget, baselines: CheckBaseline[]): number | null {
  const r = t.relative;
  if (!r || r.baselineYear === null) return null;
  const base =
    baselines.find((b) => b.measure === t.measure && b.year === r.baselineYear && (b.group ?? null) === (t.group ?? null)) ??
    baselines.find((b) => b.measure === t.measure && b.year === r.baselineYear && (b.group ?? null) === null);
  if (!base) return null;
  const years = r.perYear ? Math.max(0, t.year - r.baselineYear) : 1;
  const sign = r.change === 'decrease' ? -1 : 1;
  // the commitment is the smaller change of a range ("2–3%": at least 2%)
  const by = r.by;
  if (r.byUnit === 'percent') return base.value * Math.pow(1 + (sign * by) / 100, years);
  return base.value + sign * by * years;
}

function compareBounds(parent: Bound, local: Bound): 'laxer' | 'equal' | 'stricter' {
  const d = local.value - parent.value;
  const looser = parent.side === 'upper' ? d > EPS : d < -EPS;
  const tighter = parent.side === 'upper' ? d < -EPS : d > EPS;
  if (looser) return 'laxer';
  if (tighter) return 'stricter';
  if (parent.strict && !local.strict) return 'laxer';
  if (!parent.strict && local.strict) return 'stricter';
  return 'equal';
}

/** Both relative and not resolvable: compare the commitments directly when they are alike. */
function compareRelative(p: RelativeTarget, l: RelativeTarget): 'laxer' | 'equal' | 'stricter' | null {
  if (p.change !== l.change || p.byUnit !== l.byUnit || p.perYear !== l.perYear) return null;
  if ((p.baselineYear ?? null) !== (l.baselineYear ?? null)) return null;
  const d = l.by - p.by;
  if (d < -EPS) return 'laxer';
  if (d > EPS) return 'stricter';
  const pm = p.byMax ?? p.by;
  const lm = l.byMax ?? l.by;
  return lm < pm - EPS ? 'laxer' : lm > pm + EPS ? 'stricter' : 'equal';
}

export function checkPlan(parent: CheckPlan, local: CheckPlan): PlanCheckResult {
  const comparisons: CheckItem[] = [];
  const localByKey = new Map(local.indicators.map((i) => [i.key, i]));
  let parentTargets = 0;
  for (const pi of parent.indicators) {
    parentTargets += pi.targets.length;
    if (pi.targets.length === 0) continue;
    const li = localByKey.get(pi.key);
    if (!li) {
      comparisons.push({
        status: 'missing_indicator', indicator: pi.label, measure: null, year: null, group: null, parent: null, local: null,
        messageVi: `Thiếu chỉ tiêu ${pi.label} của kế hoạch cấp trên (${pi.targets.length} mục tiêu).`,
        messageEn: `Indicator ${pi.label} of the parent plan is missing (${pi.targets.length} targets).`,
      });
      continue;
    }
    const measureCodes = [...new Set(pi.targets.map((t) => t.measure))];
    for (const code of measureCodes) {
      const measure = pi.measures.find((m) => m.code === code) ?? li.measures.find((m) => m.code === code);
      const parentTs = pi.targets.filter((t) => t.measure === code);
      const localTs = li.targets.filter((t) => t.measure === code);
      if (localTs.length === 0) {
        comparisons.push({
          status: 'missing_measure', indicator: pi.label, measure: code, year: null, group: null, parent: null, local: null,
          messageVi: `Chỉ tiêu ${pi.label}: thiếu chỉ số ${code} (${parentTs.map((t) => t.year).join(', ')}).`,
          messageEn: `Indicator ${pi.label}: measure ${code} is missing (${parentTs.map((t) => t.year).join(', ')}).`,
        });
        continue;
      }
      for (const pt of parentTs) {
        const group = pt.group ?? null;
        const lt = localTs.find((t) => t.year === pt.year && (t.group ?? null) === group) ?? (group !== null ? localTs.find((t) => t.year === pt.year && (t.group ?? null) === null) : undefined);
        const where = `${code}${group ? ` (${group})` : ''}, ${pt.year}`;
        if (!lt) {
          comparisons.push({
            status: 'missing_year', indicator: pi.label, measure: code, year: pt.year, group, parent: pt, local: null,
            messageVi: `Chỉ tiêu ${pi.label}, chỉ số ${where}: không có mục tiêu (cấp trên: ${describeTarget({ ...pt, unit: pt.unit ?? measure?.unit }, 'vi')}).`,
            messageEn: `Indicator ${pi.label}, measure ${where}: no target (parent: ${describeTarget({ ...pt, unit: pt.unit ?? measure?.unit }, 'en')}).`,
          });
          continue;
        }
        let status: 'laxer' | 'equal' | 'stricter' | 'not_comparable' = 'not_comparable';
        if (measure) {
          const pb = targetBound({ ...pt, unit: pt.unit ?? measure.unit }, measure, pi.baselines ?? li.baselines);
          const lb = targetBound({ ...lt, unit: lt.unit ?? measure.unit }, measure, li.baselines ?? pi.baselines);
          if (pb && lb) status = compareBounds(pb, lb);
          else if (pt.relative && lt.relative && pt.value === null && lt.value === null) status = compareRelative(pt.relative, lt.relative) ?? 'not_comparable';
          else if (pt.comparator === 'maintain' && lt.comparator === 'maintain' && pt.value === null && lt.value === null) status = 'equal';
        }
        const pd = describeTarget({ ...pt, unit: pt.unit ?? measure?.unit }, 'vi');
        const ld = describeTarget({ ...lt, unit: lt.unit ?? measure?.unit }, 'vi');
        const pe = describeTarget({ ...pt, unit: pt.unit ?? measure?.unit }, 'en');
        const le = describeTarget({ ...lt, unit: lt.unit ?? measure?.unit }, 'en');
        const texts = {
          laxer: [`thấp hơn yêu cầu của cấp trên: ${ld} so với ${pd}`, `laxer than the parent: ${le} against ${pe}`],
          equal: [`bằng cấp trên: ${ld}`, `equal to the parent: ${le}`],
          stricter: [`cao hơn yêu cầu của cấp trên: ${ld} so với ${pd}`, `stricter than the parent: ${le} against ${pe}`],
          not_comparable: [`không so sánh được: ${ld} với ${pd} (cần giá trị cơ sở)`, `cannot be compared: ${le} with ${pe} (a baseline is needed)`],
        }[status];
        comparisons.push({
          status, indicator: pi.label, measure: code, year: pt.year, group, parent: pt, local: lt,
          messageVi: `Chỉ tiêu ${pi.label}, chỉ số ${where}: ${texts[0]}.`,
          messageEn: `Indicator ${pi.label}, measure ${where}: ${texts[1]}.`,
        });
      }
    }
  }
  const summary = { missing_indicator: 0, missing_measure: 0, missing_year: 0, laxer: 0, not_comparable: 0, equal: 0, stricter: 0, parentTargets };
  for (const c of comparisons) summary[c.status]++;
  const issues = comparisons.filter((c) => !['equal', 'stricter'].includes(c.status));
  return { issues, comparisons, summary };
}
