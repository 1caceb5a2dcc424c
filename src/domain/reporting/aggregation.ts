/**
 * Aggregation of reported values up the administrative hierarchy (pure, no I/O).
 * Counts add; ratios are Σ numerators ÷ Σ denominators × scale — never an average of percentages.
 * Missing data is never zero: an aggregate carries its coverage and is partial when some expected
 * reports are missing.
 */
import { UNIT_SCALE, type MeasureUnit } from '../model.ts';

/** One unit's reported figure for one measure (and one disaggregation key). */
export interface ReportedValue {
  numerator: number | null;
  denominator: number | null;
  /** for count/boolean measures (boolean: 1 = yes, 0 = no) */
  value: number | null;
  /** the reporter said explicitly that the value is unknown */
  unknown?: boolean;
}

/** Sums kept in the live aggregate table. */
export interface AggregateSums {
  numerator: number;
  denominator: number;
  /** units whose value is included */
  reportingCount: number;
  /** units expected to report */
  expectedCount: number;
}

export interface AggregateFigure {
  /** the computed value in the measure's unit, or null when nothing was reported */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  reportingCount: number;
  expectedCount: number;
  /** reportingCount ÷ expectedCount (0–1), null when nothing is expected */
  coverage: number | null;
  /** some expected units have not (validly) reported */
  partial: boolean;
}

export const EMPTY_SUMS: AggregateSums = { numerator: 0, denominator: 0, reportingCount: 0, expectedCount: 0 };

/** Whether a single reported value carries data (unknown and empty values do not). */
export function hasData(unit: MeasureUnit, v: ReportedValue): boolean {
  if (v.unknown) return false;
  if (UNIT_SCALE[unit] !== null) return v.numerator !== null && v.denominator !== null && v.denominator > 0;
  return v.value !== null;
}

/**
 * The contribution of one reported value to the sums. For ratios the numerator and denominator;
 * for counts the count in `numerator` (denominator 0); for yes/no the yes (1/0) in `numerator` and 1 in
 * `denominator` so that an aggregate of booleans is the share of units answering yes.
 */
export function contribution(unit: MeasureUnit, v: ReportedValue): AggregateSums {
  if (!hasData(unit, v)) return { ...EMPTY_SUMS };
  if (UNIT_SCALE[unit] !== null) return { numerator: v.numerator!, denominator: v.denominator!, reportingCount: 1, expectedCount: 0 };
  if (unit === 'boolean') return { numerator: v.value ? 1 : 0, denominator: 1, reportingCount: 1, expectedCount: 0 };
  return { numerator: v.value!, denominator: 0, reportingCount: 1, expectedCount: 0 };
}

export function addSums(a: AggregateSums, b: AggregateSums, sign: 1 | -1 = 1): AggregateSums {
  return {
    numerator: a.numerator + sign * b.numerator,
    denominator: a.denominator + sign * b.denominator,
    reportingCount: a.reportingCount + sign * b.reportingCount,
    expectedCount: a.expectedCount + sign * b.expectedCount,
  };
}

/** Combines several units' reported values (each unit counted as expected once). */
export function combine(unit: MeasureUnit, values: (ReportedValue | null | undefined)[]): AggregateFigure {
  let sums: AggregateSums = { ...EMPTY_SUMS };
  for (const v of values) {
    sums = addSums(sums, v ? contribution(unit, v) : EMPTY_SUMS);
    sums.expectedCount += 1;
  }
  return figure(unit, sums);
}

/** Turns sums into the figure shown to users. */
export function figure(unit: MeasureUnit, sums: AggregateSums): AggregateFigure {
  const { reportingCount, expectedCount } = sums;
  const coverage = expectedCount > 0 ? Math.min(1, reportingCount / expectedCount) : null;
  const partial = expectedCount > 0 ? reportingCount < expectedCount : reportingCount === 0;
  if (reportingCount <= 0) {
    return { value: null, numerator: null, denominator: null, reportingCount: Math.max(0, reportingCount), expectedCount, coverage, partial: expectedCount > 0 ? true : partial };
  }
  const scale = UNIT_SCALE[unit];
  let value: number | null;
  if (scale !== null) value = sums.denominator > 0 ? (sums.numerator / sums.denominator) * scale : null;
  else if (unit === 'boolean') value = sums.denominator > 0 ? (sums.numerator / sums.denominator) * 100 : null; // share of units saying yes, %
  else value = sums.numerator;
  return { value, numerator: sums.numerator, denominator: scale !== null || unit === 'boolean' ? sums.denominator : null, reportingCount, expectedCount, coverage, partial };
}

/** The value of a single report (its own figure, e.g. for validation or display). */
export function valueOf(unit: MeasureUnit, v: ReportedValue): number | null {
  if (!hasData(unit, v)) return null;
  const scale = UNIT_SCALE[unit];
  if (scale !== null) return (v.numerator! / v.denominator!) * scale;
  return v.value;
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
