/**
 * Kysely table types. Each issue's migration adds its tables here.
 * numeric and int8 columns are parsed to numbers, date columns to 'YYYY-MM-DD' strings.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T | null, string | T | null>;

export interface AdminUnitTable {
  id: Generated<number>;
  code: string;
  name: string;
  full_name: string | null;
  kind: string | null;
  level: string;
  parent_id: number | null;
  valid_from: ColumnType<string, string | undefined, string>;
  valid_to: string | null;
  note: string | null;
}
export interface UnitSuccessionTable {
  id: Generated<number>;
  predecessor_id: number;
  successor_id: number;
  effective_date: string;
  kind: string;
  share: number | null;
  /** the share is a default (equal parts), not yet a population or area figure (migration 115) */
  share_estimated: Generated<boolean>;
}
export interface AgencyTable {
  id: Generated<number>;
  unit_id: number;
  name: string;
  short_name: string | null;
  sector: string;
  valid_from: ColumnType<string, string | undefined, string>;
  valid_to: string | null;
}
export interface AgencySuccessionTable {
  id: Generated<number>;
  predecessor_id: number;
  successor_id: number;
  effective_date: string;
  note: string | null;
}
export interface PlanTable {
  id: Generated<number>;
  number: string | null;
  title: string;
  kind: Generated<string>;
  level: string | null;
  issuer_unit_id: number | null;
  issuer_name: string | null;
  issue_date: string | null;
  issue_date_text: string | null;
  issue_year: number | null;
  place: string | null;
  period_from: number | null;
  period_to: number | null;
  parent_plan_id: number | null;
  status: Generated<string>;
  signer: string | null;
  signer_title: string | null;
  budget_stated_total: number | null;
  budget_currency: Generated<string>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  version: Generated<number>;
}
export interface PlanImplementsTable {
  id: Generated<number>;
  plan_id: number;
  position: Generated<number>;
  doc_number: string;
  doc_date: string | null;
  doc_issuer: string | null;
  doc_title: string | null;
}
export interface IndicatorTable {
  id: Generated<number>;
  code: string;
  scope_plan_id: number | null;
  objective_key: string | null;
  name_vi: string;
  name_en: string | null;
  lead_sector: string | null;
  partner_sectors: ColumnType<string[], string[] | undefined, string[]>;
  verify: Generated<boolean>;
  position: Generated<number>;
}
export interface MeasureTable {
  id: Generated<number>;
  indicator_id: number;
  code: string;
  name_vi: string;
  name_en: string | null;
  unit: string;
  base: string | null;
  direction: string;
  numerator_vi: string | null;
  denominator_vi: string | null;
  disaggregations: ColumnType<string[], string[] | undefined, string[]>;
  groups: ColumnType<string[], string[] | undefined, string[]>;
  plausible_min: number | null;
  plausible_max: number | null;
  position: Generated<number>;
}
export interface ObjectiveTable {
  id: Generated<number>;
  plan_id: number;
  key: string;
  title: string;
  position: Generated<number>;
}
export interface PlanIndicatorTable {
  id: Generated<number>;
  plan_id: number;
  objective_id: number | null;
  indicator_id: number;
  number: string | null;
  text: string | null;
  position: Generated<number>;
}
export interface TargetTable {
  id: Generated<number>;
  plan_id: number;
  plan_indicator_id: number;
  measure_id: number;
  year: number;
  comparator: string;
  value: number | null;
  value_max: number | null;
  unit: string;
  base: string | null;
  group_key: string | null;
  relative: Json | null;
  note: string | null;
  position: Generated<number>;
}
export interface BaselineTable {
  id: Generated<number>;
  plan_id: number;
  measure_id: number;
  group_key: string | null;
  year: number;
  value: number;
  note: string | null;
}
export interface TaskTable {
  id: Generated<number>;
  plan_id: number;
  section: string | null;
  title: string;
  description: string | null;
  position: Generated<number>;
}
export interface TaskAgencyTable {
  task_id: number;
  agency_id: number;
  role: string;
}
export interface IndicatorAssignmentTable {
  id: Generated<number>;
  plan_id: number;
  plan_indicator_id: number;
  agency_id: number;
  role: string;
}
export interface ReportingRuleTable {
  id: Generated<number>;
  plan_id: number;
  reporter_kind: string;
  reporter_agency_id: number | null;
  reporter_text: string | null;
  recipient_unit_id: number | null;
  recipient_agency_id: number | null;
  recipient_text: string | null;
  due_day: number;
  due_month: number;
  due_year: number | null;
  recurrence: string;
  position: Generated<number>;
}
export interface PlanReviewTable {
  id: Generated<number>;
  plan_id: number;
  kind: string;
  year: number;
}
export interface BudgetLineTable {
  id: Generated<number>;
  plan_id: number;
  activity_no: string | null;
  activity: string;
  year: number;
  source: string;
  source_label: string | null;
  amount: number;
  position: Generated<number>;
}
export interface PlanDocumentTable {
  id: Generated<number>;
  plan_id: number | null;
  filename: string;
  media_type: string | null;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  extracted_text: string | null;
  extraction: Json | null;
  uploaded_at: Generated<Timestamp>;
}

export interface Database {
  admin_unit: AdminUnitTable;
  unit_succession: UnitSuccessionTable;
  agency: AgencyTable;
  agency_succession: AgencySuccessionTable;
  plan: PlanTable;
  plan_implements: PlanImplementsTable;
  indicator: IndicatorTable;
  measure: MeasureTable;
  objective: ObjectiveTable;
  plan_indicator: PlanIndicatorTable;
  target: TargetTable;
  baseline: BaselineTable;
  task: TaskTable;
  task_agency: TaskAgencyTable;
  indicator_assignment: IndicatorAssignmentTable;
  reporting_rule: ReportingRuleTable;
  plan_review: PlanReviewTable;
  budget_line: BudgetLineTable;
  plan_document: PlanDocumentTable;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Timestamp>;
  actor_id: number | null;
  actor_name: string | null;
  ip: string | null;
  request_id: string | null;
  action: string;
  table_name: string | null;
  row_id: string | null;
  unit_id: number | null;
  before: Json | null;
  after: Json | null;
  detail: Json | null;
}
declare module './schema.ts' {
  interface Database {
    audit_log: AuditLogTable;
  }
}
