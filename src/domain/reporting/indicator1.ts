/**
 * Indicator 1 of the national programme (share of communes, wards and towns recognised as
 * child-friendly) is DERIVED from the recognitions of the child-friendly commune cycle, never typed
 * into a report (domain rules: "derive it from the recognitions"). Pure.
 *
 * The figure of a unit for a year, over the communes of the unit as they stand on 31/12:
 *  - a commune is *covered* when its province ran the cycle that year in vitreem (any commune of the
 *    province registered for the year, or holds a recognition still valid that year);
 *  - numerator = covered communes recognised for the year (not withdrawn), denominator = covered communes;
 *  - reporting count = covered communes, expected count = all communes: a province that does not run
 *    the cycle is "no data" and lowers the coverage of the levels above — missing data is never zero.
 * These are the same sums as a reported ratio (`AggregateSums`), so status and trajectory are judged
 * exactly like every other measure.
 */
import type { AggregateSums } from './aggregation.ts';

/** The national catalogue's measure computed from the recognitions. */
export const INDICATOR_ONE = { indicator: '1', measure: '1' } as const;

/** Measures of the national catalogue that reports never ask for: vitreem computes them. */
export const DERIVED_MEASURES: Record<string, { vi: string; en: string }> = {
  [INDICATOR_ONE.measure]: {
    vi: 'Tính tự động từ các quyết định công nhận xã, phường, thị trấn phù hợp với trẻ em; không nhập vào báo cáo.',
    en: 'Computed from the child-friendly commune recognitions; never entered in a report.',
  },
};

/** Is this (national catalogue) measure indicator 1? */
export function isIndicatorOne(m: { code: string; indicatorCode?: string | null }): boolean {
  return m.code === INDICATOR_ONE.measure && (m.indicatorCode === undefined || m.indicatorCode === null || m.indicatorCode === INDICATOR_ONE.indicator);
}

export interface CommuneStanding {
  /** its province ran the cycle this year */
  covered: boolean;
  /** recognised for the year and not withdrawn on the year's last day */
  recognised: boolean;
}

export interface IndicatorOneSums extends AggregateSums {
  /** communes of the unit (covered or not) */
  communes: number;
  /** recognised communes */
  recognised: number;
}

export function indicatorOneSums(communes: CommuneStanding[]): IndicatorOneSums {
  const covered = communes.filter((c) => c.covered);
  const recognised = covered.filter((c) => c.recognised).length;
  return { numerator: recognised, denominator: covered.length, reportingCount: covered.length, expectedCount: communes.length, communes: communes.length, recognised };
}
