/**
 * Child-friendly communes (xã, phường, thị trấn phù hợp với trẻ em): the standard as data.
 * A standard has criteria (tiêu chí / tiêu chuẩn), each with sub-criteria (chỉ tiêu / nội dung chấm điểm)
 * carrying points, how they are measured and whether evidence is required, and a pass rule.
 * Pure types; no I/O.
 */

/** 'manual' = entered by the commune; 'indicator:<measure code>' = filled from an indicator vitreem holds. */
export type MeasurementSource = 'manual' | `indicator:${string}`;

/** One step of a scoring rule: a value in [atLeast, atMost] scores `points`. The first matching step wins. */
export interface ScoringStep {
  atLeast?: number | null;
  atMost?: number | null;
  points: number;
}

/** Turns a measured value (a percentage, a count, yes/no as 1/0) into points. */
export type ScoringRule =
  | { kind: 'steps'; steps: ScoringStep[] }
  /** yes (value ≥ 1 or true) scores `points`, no scores 0 */
  | { kind: 'yes_no'; points: number };

export interface SubCriterion {
  /** "1.1", "2.1" … unique inside the standard */
  code: string;
  titleVi: string;
  titleEn?: string | null;
  maxPoints: number;
  source: MeasurementSource;
  /** required when the value (not the score) is entered or pre-filled */
  scoring?: ScoringRule | null;
  /** what the value is: percent, count, yes/no */
  valueUnit?: 'percent' | 'count' | 'boolean' | null;
  evidenceRequired: boolean;
  verify?: boolean;
}

export interface Criterion {
  /** "1" … "13" */
  code: string;
  titleVi: string;
  titleEn?: string | null;
  /** pass condition of the criterion: met when its points ≥ minPoints (and > 0 when the rule forbids a zero criterion) */
  minPoints?: number | null;
  verify?: boolean;
  subcriteria: SubCriterion[];
}

/** The categories of units with their own thresholds (QĐ 06/QĐ-TTg 2019, Điều 3). */
export const UNIT_CATEGORIES = ['ward_central_city', 'mountain_island_difficult', 'other'] as const;
export type UnitCategory = (typeof UNIT_CATEGORIES)[number];

export const UNIT_CATEGORY_LABELS: Record<UnitCategory, { vi: string; en: string }> = {
  ward_central_city: { vi: 'Phường thuộc quận, thị xã, thành phố của thành phố trực thuộc trung ương', en: 'Ward of a centrally-run city' },
  mountain_island_difficult: { vi: 'Xã, thị trấn miền núi, hải đảo; xã đặc biệt khó khăn', en: 'Mountain or island commune/town; especially disadvantaged commune' },
  other: { vi: 'Xã, phường, thị trấn còn lại', en: 'Other communes, wards and towns' },
};

export interface Threshold {
  category: UnitCategory;
  minTotal: number;
  verify?: boolean;
}

export interface PassRule {
  /** every criterion must be met (its own pass condition) */
  allCriteriaMet: boolean;
  /** no criterion may score 0 points */
  noZeroCriterion: boolean;
  /** minimum total by unit category; a category not listed uses 'other' */
  thresholds: Threshold[];
  verify?: boolean;
}

export interface CffStandard {
  /** stable key, e.g. "QD06-2019" */
  code: string;
  /** the decision's number as written: "06/QĐ-TTg" */
  number: string;
  issuedOn: string;
  titleVi: string;
  titleEn: string;
  /** used for registrations from this date … */
  effectiveFrom: string;
  /** … until this date (exclusive), null = still in force */
  effectiveTo: string | null;
  /** how many years one recognition counts (1 = the year assessed) */
  recognitionValidityYears: number;
  passRule: PassRule;
  criteria: Criterion[];
  verify?: boolean;
  note?: string | null;
}

/** Errors of the domain rules; the API turns them into bilingual 400/403/409 answers. */
export class CffRuleError extends Error {
  constructor(
    readonly code: string,
    readonly vi: string,
    readonly en: string,
    readonly path?: (string | number)[],
    readonly status: 400 | 403 | 404 | 409 = 400,
    readonly details?: unknown,
  ) {
    super(en);
  }
}

export function maxPointsOf(criterion: Criterion): number {
  return criterion.subcriteria.reduce((sum, s) => sum + s.maxPoints, 0);
}

export function totalMaxPoints(standard: CffStandard): number {
  return standard.criteria.reduce((sum, c) => sum + maxPointsOf(c), 0);
}

/** Finds a sub-criterion by code, with its criterion. */
export function findSubCriterion(standard: CffStandard, code: string): { criterion: Criterion; sub: SubCriterion } | null {
  for (const criterion of standard.criteria) {
    const sub = criterion.subcriteria.find((s) => s.code === code);
    if (sub) return { criterion, sub };
  }
  return null;
}

/** The measure code of an indicator-sourced sub-criterion, or null for manual ones. */
export function measureOf(source: MeasurementSource): string | null {
  return source.startsWith('indicator:') ? source.slice('indicator:'.length) : null;
}
