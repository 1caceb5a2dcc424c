/** Table types of the reporting cycle (migration 010). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string | T | null | undefined, string | T | null>;

export interface ReportingPeriodTable {
  id: Generated<number>;
  plan_id: number;
  year: number;
  kind: string;
  /** DHIS2 period code: 2025, 2025S1, 2025Q3, 202507 (migration 101) */
  period: string;
  start_date: string;
  end_date: string;
  locked: Generated<boolean>;
  created_at: Timestamp;
}
export interface ObligationTable {
  id: Generated<number>;
  period_id: number;
  plan_id: number;
  year: number;
  kind: string;
  /** DHIS2 period code and its date range (migration 101) */
  period: string;
  period_start: string;
  period_end: string;
  unit_id: number;
  agency_id: number | null;
  recipient_unit_id: number | null;
  recipient_agency_id: number | null;
  due_date: string;
  role: string;
  status: Generated<string>;
  version: Generated<number>;
  first_submitted_at: NullableTimestamp;
  /** whether the standing submission is on time (migration 100; null until first submitted) */
  on_time: boolean | null;
  /** when the report was last returned or reopened (migration 100) */
  returned_at: NullableTimestamp;
  submitted_at: NullableTimestamp;
  submitted_by: number | null;
  approved_at: NullableTimestamp;
  approved_by: number | null;
  returned_reason: string | null;
  flags: Json;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface ObligationMeasureTable {
  obligation_id: number;
  measure_id: number;
  plan_indicator_id: number | null;
  feeds: boolean;
}
export interface DataValueTable {
  id: Generated<number>;
  obligation_id: number;
  measure_id: number;
  disagg_key: Generated<string>;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  unknown: Generated<boolean>;
  comment: string | null;
  version: Generated<number>;
  updated_at: Timestamp;
  updated_by: number | null;
  updated_by_name: string | null;
  /** DHIS2's follow-up mark (migration 095) */
  followup: Generated<boolean>;
}
export interface DataValueHistoryTable {
  id: Generated<number>;
  data_value_id: number | null;
  obligation_id: number;
  measure_id: number;
  disagg_key: string;
  action: string;
  actor_id: number | null;
  actor_name: string | null;
  at: Timestamp;
  old: Json | null;
  new: Json | null;
}
export interface ObligationEventTable {
  id: Generated<number>;
  obligation_id: number;
  action: string;
  from_status: string | null;
  to_status: string | null;
  reason: string | null;
  idempotency_key: string | null;
  actor_id: number | null;
  actor_name: string | null;
  at: Timestamp;
}
export interface AggregateValueTable {
  unit_id: number;
  measure_id: number;
  year: number;
  disagg_key: string;
  sum_numerator: number;
  sum_denominator: number;
  reporting_count: number;
  expected_count: number;
}

/** Live sums of sub-annual periods (migration 101): aggregate_value's columns, per period of the year. */
export interface AggregatePeriodValueTable extends AggregateValueTable {
  period: string;
}

/** Task progress per task, lead agency and period (migration 102). */
export interface TaskProgressTable {
  id: Generated<number>;
  task_id: number;
  plan_id: number;
  agency_id: number;
  period: string;
  year: number;
  status: string;
  percent: number | null;
  results: string | null;
  difficulties: string | null;
  reason: string | null;
  version: Generated<number>;
  updated_at: Timestamp;
  updated_by: number | null;
  updated_by_name: string | null;
  /** migration 135: when the entry was first saved (late or on time against the period's deadline) */
  created_at: Timestamp;
}
export interface TaskProgressEvidenceTable {
  id: Generated<number>;
  progress_id: number;
  filename: string;
  kind: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  uploaded_by: number | null;
  uploaded_at: Timestamp;
}

declare module './schema.ts' {
  interface Database {
    reporting_period: ReportingPeriodTable;
    obligation: ObligationTable;
    obligation_measure: ObligationMeasureTable;
    data_value: DataValueTable;
    data_value_history: DataValueHistoryTable;
    obligation_event: ObligationEventTable;
    aggregate_value: AggregateValueTable;
    aggregate_period_value: AggregatePeriodValueTable;
    task_progress: TaskProgressTable;
    task_progress_evidence: TaskProgressEvidenceTable;
  }
}
