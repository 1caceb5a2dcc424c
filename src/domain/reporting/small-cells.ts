/**
 * Small-cell suppression of reported child counts (issue #13, "Also:"): a count of 1–4 children of a
 * child-protection indicator, once it leaves the commune — dashboards, tables of units, series,
 * `values.xlsx`, DHIS2 and ADX exports — is withheld, so that one injury death of a boy in one commune
 * cannot be read off a province's screen. docs/security.md ("Small-cell suppression") states the rule.
 *
 * Which measures: the child-protection objective of the national programme (objective 2 of
 * QĐ 23/QĐ-TTg) whose figures count children harmed, at risk or in need of protection — 8a, 8b (children in
 * special circumstances, and those helped), 9 (abused children), 10 (child labour), 11a, 11b (injuries and
 * injury deaths), 12 (children hit by disasters) and 13 (child marriages). Indicator 14 (birth registration)
 * is an administrative service counted over nearly every child under 5 and is not suppressed.
 *
 * The rule: for those measures, a numerator, a denominator or a count strictly between 0 and 5 is withheld
 * (null), and so is the rate computed from it; 0 stays 0 (no child is singled out by "none", and it is the
 * target). The children's register applies its own, stricter rule (src/domain/children/suppression.ts: 0–4).
 */
import { NATIONAL_INDICATORS } from '../catalogue/national-programme.ts';

export const SMALL_CELL_THRESHOLD = 5;

/** Measure codes whose child counts are suppressed when they leave the commune. */
export const SMALL_CELL_MEASURES: ReadonlySet<string> = new Set(
  NATIONAL_INDICATORS.filter((i) => i.objective === 2 && i.code !== '14').flatMap((i) => i.measures.map((m) => m.code)),
);

export const SMALL_CELL_RULE_VI = 'Số trẻ em từ 1 đến 4 của các chỉ tiêu bảo vệ trẻ em (8a, 8b, 9, 10, 11a, 11b, 12, 13) được ẩn khi số liệu ra khỏi xã, để không thể nhận ra trẻ em nào.';
export const SMALL_CELL_RULE_EN = 'Child counts of 1 to 4 of the child-protection indicators (8a, 8b, 9, 10, 11a, 11b, 12, 13) are withheld once figures leave the commune, so that no child can be singled out.';

export function isSuppressedMeasure(code: string | null | undefined): boolean {
  return !!code && SMALL_CELL_MEASURES.has(code);
}

/** 1–4 (also a fractional share of a merged unit between 0 and 5): a cell to withhold. */
export function isSmallCount(n: number | null | undefined): boolean {
  return typeof n === 'number' && n > 0 && n < SMALL_CELL_THRESHOLD;
}

/**
 * A dashboard figure as it may leave the commune: for a protected measure, a small numerator or
 * denominator is withheld with the value computed from it. Other measures pass unchanged.
 */
export function suppressFigure<T extends { value: number | null; numerator: number | null; denominator: number | null }>(measureCode: string | null | undefined, fig: T): T & { suppressed: boolean } {
  if (!isSuppressedMeasure(measureCode)) return { ...fig, suppressed: false };
  const smallNumerator = isSmallCount(fig.numerator);
  const smallDenominator = isSmallCount(fig.denominator);
  // a count measure (13) carries its count as the value
  const smallValue = fig.numerator === null && fig.denominator === null && isSmallCount(fig.value);
  if (!smallNumerator && !smallDenominator && !smallValue) return { ...fig, suppressed: false };
  return {
    ...fig,
    numerator: smallNumerator ? null : fig.numerator,
    denominator: smallDenominator ? null : fig.denominator,
    value: null,
    suppressed: true,
  };
}

/**
 * Values for an export (DHIS2, ADX, XLSX): every part (value, numerator, denominator) of a unit × measure ×
 * group × period is withheld when one of them is a small count of a protected measure — a rate's numerator
 * could otherwise be recomputed from the rest.
 */
export function suppressValues<V extends { unitId: number; measure: string; group: string | null; period: string; value: number | null }>(values: V[]): { values: V[]; suppressed: number } {
  const key = (v: V) => `${v.unitId}|${v.measure}|${v.group ?? ''}|${v.period}`;
  const withheld = new Set<string>();
  for (const v of values) if (isSuppressedMeasure(v.measure) && isSmallCount(v.value)) withheld.add(key(v));
  if (withheld.size === 0) return { values, suppressed: 0 };
  const kept = values.filter((v) => !withheld.has(key(v)));
  return { values: kept, suppressed: values.length - kept.length };
}
