/**
 * The plan model: pure types shared by every layer. No I/O here.
 * Vietnamese terms are glossed in docs/glossary.md.
 */

export const UNIT_LEVELS = ['nation', 'province', 'district', 'commune', 'village'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

export const SECTORS = [
  'committee', // Ủy ban nhân dân
  'labour_social', // Lao động - Thương binh và Xã hội
  'home_affairs', // Nội vụ
  'health', // Y tế
  'education', // Giáo dục và Đào tạo
  'justice', // Tư pháp
  'police', // Công an
  'culture', // Văn hóa, Thể thao (và Du lịch)
  'tourism', // Du lịch
  'information', // Thông tin và Truyền thông
  'science_technology', // Khoa học và Công nghệ
  'finance', // Tài chính, Kế hoạch
  'planning_investment', // Kế hoạch và Đầu tư
  'ethnic_affairs', // Dân tộc
  'mass_organisation', // Mặt trận, Đoàn, Hội Phụ nữ…
  'media', // Đài, Báo
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];

/** How an indicator measure is expressed. */
export const MEASURE_UNITS = ['percent', 'per_1000', 'per_10000', 'per_100000', 'count', 'boolean'] as const;
export type MeasureUnit = (typeof MEASURE_UNITS)[number];

/** Multiplier applied to numerator/denominator for each ratio unit. */
export const UNIT_SCALE: Record<MeasureUnit, number | null> = {
  percent: 100,
  per_1000: 1000,
  per_10000: 10000,
  per_100000: 100000,
  count: null,
  boolean: null,
};

/** Which way is good. */
export const DIRECTIONS = ['increase', 'decrease', 'maintain', 'eliminate'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const COMPARATORS = ['<', '<=', '=', '>=', '>', 'range', 'maintain', 'zero'] as const;
export type Comparator = (typeof COMPARATORS)[number];

export const PLAN_STATUSES = ['draft', 'issued', 'superseded'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const PLAN_LEVELS = ['national', 'province', 'district', 'commune'] as const;
export type PlanLevel = (typeof PLAN_LEVELS)[number];

export const DISAGGREGATIONS = ['sex', 'area', 'ethnicity', 'age_group', 'disability'] as const;
export type Disaggregation = (typeof DISAGGREGATIONS)[number];

/** A target relative to a baseline ("giảm 5% so với năm 2020") or an annual rate ("giảm 2–3% hằng năm"). */
export interface RelativeTarget {
  change: 'decrease' | 'increase';
  /** amount of change; with byMax for a range such as 2–3 */
  by: number;
  byMax?: number | null;
  /** 'percent' = percent of the baseline value; 'points' = percentage points; 'count' = absolute */
  byUnit: 'percent' | 'points' | 'count';
  baselineYear: number | null;
  /** true for a yearly rate ("hằng năm") */
  perYear: boolean;
}

export interface Target {
  /** measure code in the catalogue, e.g. "3a" */
  measure: string;
  year: number;
  comparator: Comparator;
  /** null for 'maintain' without a number, 'zero', or purely relative targets */
  value: number | null;
  /** upper bound for 'range' */
  valueMax?: number | null;
  unit: MeasureUnit;
  /** what the rate is of: "trẻ đẻ sống", "trẻ em" */
  base?: string | null;
  /** a sub-population the target applies to: "rural" / "urban" … */
  group?: string | null;
  relative?: RelativeTarget | null;
  note?: string | null;
}

export interface MeasureDefinition {
  code: string;
  nameVi: string;
  nameEn: string;
  unit: MeasureUnit;
  base?: string | null;
  direction: Direction;
  numeratorVi?: string | null;
  denominatorVi?: string | null;
  /** disaggregations that may be reported */
  disaggregations: Disaggregation[];
  /** groups targets can be set for, e.g. ["rural","urban"] */
  groups?: string[];
  /** plausible range for validation warnings, in the measure's unit */
  plausibleMin?: number | null;
  plausibleMax?: number | null;
}

export interface IndicatorDefinition {
  /** "1" … "24" for the national programme */
  code: string;
  objective: number;
  nameVi: string;
  nameEn: string;
  measures: MeasureDefinition[];
  /** sector of the lead agency in the national programme */
  leadSector?: Sector | null;
  partnerSectors?: Sector[];
  /** true where the source copy is doubtful and must stay correctable */
  verify?: boolean;
}

export interface ObjectiveDefinition {
  key: string;
  titleVi: string;
  titleEn: string;
}
