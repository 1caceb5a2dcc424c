/** Shared types of the data exchange codecs (DHIS2 dataValueSets JSON, ADX XML, CSV). Pure. */

/**
 * Which number of a measure a datum carries. Rates are exchanged as their numerator and denominator
 * (two data elements, as DHIS2 computes indicators from data elements); counts and yes/no as 'value'.
 */
export type ValuePart = 'value' | 'numerator' | 'denominator';
export const VALUE_PARTS: ValuePart[] = ['value', 'numerator', 'denominator'];

/** A vitreem datum as exchanged: one measure (part), one unit, one period, optionally one group. */
export interface ExchangeValue {
  unitId: number;
  /** measure code of the catalogue ('3a') */
  measure: string;
  /** disaggregation / target group key ('rural', 'sex:female'); null = the total */
  group: string | null;
  part: ValuePart;
  /** period key, the DHIS2 form: '2024', '2024Q1', '202401' */
  period: string;
  value: number;
  comment: string | null;
  /** DHIS2's follow-up mark */
  followup?: boolean;
  /** who last stored the value (written on export as DHIS2's storedBy) */
  storedBy?: string | null;
}

/**
 * One change an import makes to one stored number, DHIS2's semantics:
 * - 'imported' / 'updated': the value (and comment / follow-up when given);
 * - 'comment': only the comment (and/or follow-up) changes, the number stays;
 * - 'deleted': the value goes (`deleted: true`, or no value and no comment as DHIS2 reads it).
 */
export interface ValueWrite {
  unitId: number;
  measure: string;
  group: string | null;
  part: ValuePart;
  period: string;
  action: 'imported' | 'updated' | 'comment' | 'deleted';
  /** the new number (null for 'comment' and 'deleted') */
  value: number | null;
  /** the new comment; undefined = leave the stored comment as it is */
  comment?: string | null;
  /** the new follow-up mark; undefined = leave it */
  followup?: boolean;
}

/** Where a row of an import lands: the report (obligation) it belongs to, or why it cannot land anywhere. */
export type ReportResolution =
  | { ok: true; reportId: number; status: string }
  | { ok: false; errorCode: string; vi: string; en: string; property: string };

/** the key of a row's resolution: unit, measure and period */
export const reportKey = (r: { unitId: number; measure: string; period: string }): string => `${r.unitId}|${r.measure}|${r.period}`;

export interface ElementMapping {
  measure: string;
  group: string | null;
  part: ValuePart;
  /** DHIS2 data element UID (or ADX data element code) */
  dataElement: string;
  /** DHIS2 category option combo UID; null = the default combo */
  categoryOptionCombo: string | null;
  /** ADX disaggregation attributes, e.g. { SEX: 'F' }; {} = none */
  adxCategories: Record<string, string>;
}

export interface OrgUnitMapping {
  unitId: number;
  orgUnit: string;
}

export interface ExchangeMapping {
  elements: ElementMapping[];
  orgUnits: OrgUnitMapping[];
  /** default dataSet written on export */
  dataSet?: string | null;
  /** attribute option combo written on export (null = default) */
  attributeOptionCombo?: string | null;
}

/** One problem with one imported row, DHIS2-style (object = the offending id) with Vietnamese first. */
export interface Conflict {
  /** the offending identifier (data element, org unit, period…) */
  object: string;
  /** Vietnamese message */
  value: string;
  /** English message */
  valueEn: string;
  errorCode: string;
  /** 0-based positions of the rows concerned in the input (ADX: in document order) */
  indexes: number[];
  property?: string;
}

/** The answer to an import, shaped like DHIS2's ImportSummary. */
export interface ImportSummary {
  responseType: 'ImportSummary';
  status: 'SUCCESS' | 'WARNING' | 'ERROR';
  description: string;
  importCount: { imported: number; updated: number; ignored: number; deleted: number };
  conflicts: Conflict[];
  /** non-blocking remarks (values outside the plausible range…) */
  warnings: Conflict[];
  dryRun: boolean;
}

/** An imported row before checks: ids resolved as far as the mapping allows. */
export interface CandidateRow {
  index: number;
  unitId: number | null;
  orgUnit: string;
  measure: string | null;
  group: string | null;
  part: ValuePart;
  dataElement: string;
  categoryOptionCombo: string | null;
  period: string;
  /** the value as written; null when the row has none (DHIS2: a deletion unless a comment is given) */
  rawValue: string | null;
  /** null = no comment given (the stored one stays); '' = the comment is cleared */
  comment: string | null;
  /** attribute option combo as written (DHIS2 id, or ADX attribute categories "mechanism=PEPFAR") */
  attributeOptionCombo?: string | null;
  /** the dataSet the row claims to belong to */
  dataSet?: string | null;
  deleted?: boolean;
  followup?: boolean;
  storedBy?: string | null;
}

export interface MeasureInfo {
  code: string;
  unit: 'percent' | 'per_1000' | 'per_10000' | 'per_100000' | 'count' | 'boolean';
  groups: string[];
  disaggregations: string[];
  plausibleMin?: number | null;
  plausibleMax?: number | null;
}

export interface ImportContext {
  measures: Map<string, MeasureInfo>;
  /** units the caller may write (null = any mapped unit) */
  allowedUnits: Set<number> | null;
  /** the plan's years: a period outside them is refused */
  periodFrom: number | null;
  periodTo: number | null;
  /**
   * Does the plan report on this (valid) DHIS2 period? Today plans report yearly; the sub-annual obligations will
   * answer for their own period codes. Default: yearly periods only.
   */
  reportsOn?: (period: import('../domain/period.ts').Period) => boolean;
  /**
   * Why the plan does not report on this (valid) DHIS2 period, in words naming its rules (null: it does); when
   * given it decides instead of `reportsOn` (the exchange routes give it from the plan's reporting rules).
   */
  periodRefusal?: (period: import('../domain/period.ts').Period) => { vi: string; en: string } | null;
  /** existing values: valueKey() → value (and comment) */
  existing: Map<string, number | { value: number | null; comment: string | null }>;
  /** the report each row lands in (reportKey()), when the caller resolved them; a refusal becomes the row's conflict */
  reports?: Map<string, ReportResolution>;
  /** attribute option combos accepted (besides the default): the mapping's */
  attributeOptionCombos?: Set<string>;
  /** the dataSet the mapping exchanges; a row naming another one is refused */
  dataSet?: string | null;
  /** measures vitreem computes itself (indicator 1, from the recognitions): their rows are ignored with a warning */
  derived?: Record<string, { vi: string; en: string }>;
}

export const valueKey = (v: { unitId: number; measure: string; group: string | null; part?: ValuePart; period: string }): string => `${v.unitId}|${v.measure}|${v.group ?? ''}|${v.part ?? 'value'}|${v.period}`;
