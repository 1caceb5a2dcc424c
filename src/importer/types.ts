/**
 * Result types of the plan document importer. Pure data, no I/O.
 * Every extracted item carries `source`: a character span into `ImportResult.text`
 * (the normalized text), so a review screen can show the document beside the items.
 */
import type { Comparator, MeasureUnit, PlanLevel, RelativeTarget } from '../domain/model.ts';
import type { BudgetCheck, BudgetCorrection, BudgetLine, BudgetTable } from '../domain/budget/table.ts';

export interface SourceSpan {
  start: number;
  end: number;
}

export interface DateParts {
  day: number | null;
  month: number | null;
  year: number;
}

export interface DocumentRef {
  /** "23/QĐ-TTg" */
  number: string;
  /** ISO date "2021-01-07" (or partial "2021-01") or null */
  date: string | null;
  /** "Quyết định", "Kế hoạch", "Chỉ thị" … */
  kind: string | null;
  source: SourceSpan;
}

export interface DocumentHeader {
  /** "107/KH-UBND"; null when the number is blank ("Số: /KH-UBND") */
  number: string | null;
  issuer: string | null;
  level: PlanLevel | null;
  place: string | null;
  /** ISO date, partial when the day is blank: "2023-05" */
  date: string | null;
  dateParts: DateParts | null;
  title: string | null;
  period: { from: number | null; to: number | null };
  implements: DocumentRef[];
  signer: string | null;
  signerTitle: string | null;
  source: { number?: SourceSpan; date?: SourceSpan; title?: SourceSpan; signer?: SourceSpan };
}

export interface ImportedObjective {
  key: string;
  title: string;
  source: SourceSpan;
}

export interface ImportedTarget {
  /** catalogue measure code ("3a"), or the indicator key for plan-local indicators */
  measure: string;
  year: number;
  comparator: Comparator;
  value: number | null;
  valueMax: number | null;
  unit: MeasureUnit;
  base: string | null;
  group: string | null;
  relative: RelativeTarget | null;
  /** true when the year was not written and the period's end (or a year header) was used */
  yearInferred: boolean;
  source: SourceSpan;
}

export interface ImportedIndicator {
  /** "3" for "Chỉ tiêu 3"; "L1", "L2" … for un-numbered local indicators */
  key: string;
  /** the number written in the document, or null */
  number: string | null;
  /** key of the objective it sits under, or null */
  objective: string | null;
  text: string;
  /** national indicator code (QĐ 23/QĐ-TTg) or null for a plan-local indicator */
  catalogue: string | null;
  /** 0..1 similarity of the text to the catalogue indicator */
  catalogueScore: number;
  targets: ImportedTarget[];
  source: SourceSpan;
}

export interface ImportedAssignment {
  agency: string;
  sector: string | null;
  indicators: string[];
  role: 'lead';
  tasks: { text: string; source: SourceSpan }[];
  source: SourceSpan;
}

export interface ImportedReporting {
  reporter: string | null;
  recipient: string | null;
  /** the office the report goes through ("qua Phòng …") */
  via: string | null;
  due: { day: number; month: number; year: number | null };
  recurrence: 'yearly' | 'once';
  /** how often (issue #16): the year, six-monthly, quarterly, monthly — read by ./period-rules.ts */
  period: 'yearly' | 'sixmonthly' | 'quarterly' | 'monthly';
  /** a deadline within each period ("trước ngày 15 của tháng cuối quý"): `due.day` of its last month or of the month after */
  dueInPeriod: 'last_month' | 'next_month' | null;
  text: string;
  source: SourceSpan;
}

export interface ImportedReview {
  kind: 'midterm' | 'final';
  year: number;
  source: SourceSpan;
}

export type { BudgetLine, BudgetCheck, BudgetCorrection, BudgetTable } from '../domain/budget/table.ts';

export interface ImportedBudget {
  currencyUnit: 'million_vnd' | 'thousand_vnd' | 'vnd' | 'billion_vnd';
  sources: { key: string; label: string }[];
  activities: { number: string | null; text: string; source: SourceSpan }[];
  lines: BudgetLine[];
  /** stated total in currencyUnit ("18,670 tỷ đồng" = 18670 million) */
  statedTotal: number | null;
  computedTotal: number | null;
  checks: BudgetCheck[];
  source: SourceSpan | null;
  /** the table as written (columns, rows with their cells, the total row); absent in extractions stored before it existed */
  table?: BudgetTable | null;
  /** one amount the checks show written one column off, proposed for the officer to accept; never applied here */
  suggestion?: BudgetCorrection | null;
  /** the correction the officer accepted (lines and checks are those after it); absent = as written */
  correction?: BudgetCorrection | null;
}

export interface ImportResult {
  format: 'txt' | 'docx' | 'pdf';
  encoding: string;
  /** the normalized text all `source` spans point into */
  text: string;
  document: DocumentHeader;
  objectives: ImportedObjective[];
  indicators: ImportedIndicator[];
  assignments: ImportedAssignment[];
  reporting: ImportedReporting[];
  reviews: ImportedReview[];
  budget: ImportedBudget | null;
  warnings: string[];
  /**
   * The same warnings with a code, in the same order: `truncated` ("văn bản có thể không đầy đủ") comes first.
   * Absent in extractions stored before it existed. `vitreem import --json` prints these as `warnings`.
   */
  warningDetails?: ImportWarning[];
}

export type ImportWarningCode = 'truncated' | 'budget' | 'typo_fixed' | 'cleaned' | 'year_inferred' | 'reading';

export interface ImportWarning {
  code: ImportWarningCode;
  /** bilingual: "Vietnamese / English" */
  message: string;
}

export type ImportErrorCode =
  | 'empty_file'
  | 'binary_file'
  | 'image_file'
  | 'too_large'
  | 'no_text_layer'
  | 'no_plan_found'
  | 'truncated'
  | 'encrypted'
  | 'archive_too_large'
  | 'unsupported_type'
  | 'not_found';

export class ImportError extends Error {
  readonly code: ImportErrorCode;
  readonly messageVi: string;
  readonly messageEn: string;
  constructor(code: ImportErrorCode, messageVi: string, messageEn: string) {
    super(messageEn);
    this.name = 'ImportError';
    this.code = code;
    this.messageVi = messageVi;
    this.messageEn = messageEn;
  }
}

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
