/**
 * Plain data the document, spreadsheet and exchange generators take. No I/O, no storage types:
 * adapters in src/documents/adapters.ts fill these from the database.
 */
import type { MeasureUnit, Target } from '../model.ts';

/** The issuing body as printed top-left: ["ỦY BAN NHÂN DÂN", "TỈNH KIÊN GIANG"]. */
export interface Issuer {
  /** the governing body line, e.g. "ỦY BAN NHÂN DÂN" (may be empty for a ministry) */
  parent?: string | null;
  /** the unit, e.g. "TỈNH KIÊN GIANG", "XÃ HOẰNG KIM" */
  name: string;
}

/** "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Nguyễn Lưu Trung". */
export interface Signer {
  /** "TM. ỦY BAN NHÂN DÂN" */
  onBehalfOf?: string | null;
  /** "KT. CHỦ TỊCH" */
  signingFor?: string | null;
  /** "PHÓ CHỦ TỊCH" */
  title: string;
  name: string;
}

/** a target as documents show it: the model's own Target */
export type DocTarget = Target;

export interface DocMeasure {
  code: string;
  name: string;
  unit: MeasureUnit;
  direction: 'increase' | 'decrease' | 'maintain' | 'eliminate';
}

export interface DocPlanIndicator {
  /** "1" … "24" as numbered in the plan (null for un-numbered plans) */
  number: string | null;
  name: string;
  /** the text as written in the source document, used when there are no structured targets */
  text?: string | null;
  measures: DocMeasure[];
  targets: DocTarget[];
}

export interface DocObjective {
  key: string;
  title: string;
  indicators: DocPlanIndicator[];
}

export interface DocTask {
  section?: string | null;
  title: string;
  description?: string | null;
}

export interface DocAssignment {
  agency: string;
  /** indicator numbers the agency leads */
  indicators: string[];
  /** free-text duties */
  duties: string[];
}

export interface DocReportingRule {
  reporter: string;
  recipient: string;
  dueDay: number;
  dueMonth: number;
  dueYear?: number | null;
  recurrence: 'yearly' | 'once';
}

export interface BudgetSource {
  key: string;
  label: string;
}

export interface BudgetLine {
  activityNo: string | null;
  activity: string;
  year: number;
  source: string;
  amount: number;
}

/** Budget as a table: activities × years × sources (million VND). */
export interface BudgetTable {
  title?: string | null;
  years: number[];
  sources: BudgetSource[];
  activities: { no: string | null; name: string; amounts: Record<number, Record<string, number>> }[];
  /** the total the document states in words, for comparison */
  statedTotal?: number | null;
}

export interface PlanDocumentData {
  issuer: Issuer;
  number: string | null;
  /** "Kiên Giang" */
  place: string | null;
  /** ISO date */
  date: string | null;
  /** "KẾ HOẠCH" */
  docType: string;
  title: string;
  implements: { number: string; date?: string | null; issuer?: string | null; title?: string | null }[];
  periodFrom: number | null;
  periodTo: number | null;
  /** section I text (situation), paragraphs */
  context: string[];
  generalObjective: string | null;
  objectives: DocObjective[];
  tasks: DocTask[];
  budget: BudgetTable | null;
  /** "Dự kiến kinh phí …" paragraphs of section IV */
  fundingText: string[];
  assignments: DocAssignment[];
  reportingRules: DocReportingRule[];
  reviews: { kind: 'midterm' | 'final'; year: number }[];
  recipients: string[];
  signer: Signer | null;
}

export type ReportKind = 'yearly' | 'midterm' | 'final';

/** Status of an indicator against its target (the reporting engine decides; we print). */
export type IndicatorStatusCode = 'achieved' | 'on_track' | 'at_risk' | 'off_track' | 'not_achieved' | 'no_data' | 'no_target' | string;

export interface ReportIndicatorRow {
  number: string;
  name: string;
  unit: MeasureUnit;
  baseline: number | null;
  baselineYear?: number | null;
  target2025: DocTarget | null;
  target2030: DocTarget | null;
  result: number | null;
  status: IndicatorStatusCode;
}

export interface ReportCompletenessRow {
  /** the lower-level unit or agency */
  reporter: string;
  expected: number;
  received: number;
  onTime: number;
}

export interface ReportBudgetRow {
  /** the activity's number in the plan's budget table (STT) */
  no?: string | null;
  activity: string;
  planned: number;
  /** null: no spending figure entered ("chưa có số liệu") */
  spent: number | null;
}

/** Planned vs spent by funding source ("Địa phương", "huy động, xã hội hóa"). */
export interface ReportBudgetSource {
  label: string;
  planned: number;
  spent: number | null;
}

export interface ReportDocumentData {
  issuer: Issuer;
  unitName: string;
  plan: { number: string | null; title: string; date?: string | null };
  year: number;
  kind: ReportKind;
  number: string | null;
  place: string | null;
  date: string | null;
  /** section title → text (paragraphs separated by blank lines), in display order */
  narrative: { title: string; text: string }[];
  indicators: ReportIndicatorRow[];
  completeness: { rows: ReportCompletenessRow[]; completeness: number | null; timeliness: number | null };
  /** million VND ("triệu đồng"); `from`–`to`: the years covered (a review: the period so far) */
  budget: { rows: ReportBudgetRow[]; planned: number; spent: number | null; bySource?: ReportBudgetSource[]; from?: number; to?: number };
  recipients: string[];
  signer: Signer | null;
  /** task results (issue #16): the tasks grouped as the plan groups them, and for reviews the completion per year */
  tasks?: ReportTaskResults;
}

export interface ReportTaskRow {
  title: string;
  agency: string | null;
  status: string;
  percent: number | null;
  results: string | null;
  difficulties: string | null;
}
export interface ReportTaskResults {
  summary: string;
  sections: { section: string | null; rows: ReportTaskRow[] }[];
  /** reviews: completion over the years */
  years?: { year: number; completed: number; inProgress: number; notStarted: number; notFeasible: number; notReported: number; tasks: number }[];
}
