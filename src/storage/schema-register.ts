/** Table types of the children's register and case management (migrations 040–042, 075, 150). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface CircumstanceGroupTable {
  code: string;
  number: number | null;
  kind: string;
  name_vi: string;
  name_en: string;
  abuse: boolean;
  position: Generated<number>;
  active: Generated<boolean>;
}
export interface ChildTable {
  id: Generated<number>;
  unit_id: number;
  village_id: number | null;
  /** encrypted JSON: ChildPii */
  pii: string;
  name_index: string[];
  /** blind indexes of ordered word pairs of the name (migration 076); null = not indexed yet */
  name_pairs: string[] | null;
  id_number_index: string | null;
  sex: string;
  birth_year: number;
  birth_month: number | null;
  ethnicity: string | null;
  poverty_status: Generated<string>;
  disability: boolean | null;
  schooling: Generated<string>;
  health_insurance: boolean | null;
  legal_basis: Generated<string>;
  status: Generated<string>;
  merged_into: number | null;
  registered_on: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}
export interface ChildResidenceTable {
  id: Generated<number>;
  child_id: number;
  unit_id: number;
  village_id: number | null;
  from_date: string;
  to_date: string | null;
}
export interface ChildCircumstanceTable {
  id: Generated<number>;
  child_id: number;
  /** the child's current commune, birth year and active status, kept by triggers (migration 075): never written by the application */
  unit_id: Generated<number>;
  birth_year: Generated<number>;
  child_active: Generated<boolean>;
  group_code: string;
  start_date: string;
  end_date: string | null;
  note: string | null;
  created_at: Timestamp;
}
export interface ChildSupportTable {
  id: Generated<number>;
  child_id: number;
  circumstance_id: number | null;
  kind: string;
  support_date: string;
  provider: string | null;
  note: string | null;
}
export interface ChildConsentTable {
  id: Generated<number>;
  child_id: number;
  party: string;
  given_by: string | null;
  given_on: string;
  purpose: string;
  withdrawn_on: string | null;
}
export interface ChildMergeTable {
  id: Generated<number>;
  survivor_id: number;
  merged_id: number;
  merged_at: Timestamp;
  merged_by: number | null;
  snapshot: string;
  reason: string | null;
}
/** A possible duplicate across scopes, for a supervisor covering both communes (migration 150). */
export interface ChildDuplicateFlagTable {
  id: Generated<number>;
  child_id: number;
  other_child_id: number;
  reason: 'same_id_number';
  created_at: Generated<Timestamp>;
  resolution: 'same_child' | 'different_children' | null;
  resolved_at: Timestamp | null;
  resolved_by: number | null;
  note: string | null;
}
export interface ChildCaseTable {
  id: Generated<number>;
  child_id: number;
  unit_id: number;
  source: string;
  channel: Generated<string>;
  reporter: string | null;
  reported_at: Timestamp | null;
  received_at: Timestamp;
  description: string | null;
  urgency: Generated<string>;
  status: Generated<string>;
  worker_user_id: number | null;
  plan_approved: Generated<boolean>;
  /** the initial assessment's finding (NĐ 56 Điều 26.3): serious risk or harm; null = not assessed (migration 120) */
  serious_risk: boolean | null;
  referred_up_to: ColumnType<number[], number[] | undefined, number[]>;
  closed_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface CaseStepTable {
  id: Generated<number>;
  case_id: number;
  step: string;
  position: number;
  due_at: Timestamp | null;
  limit_basis: string | null;
  done_at: Timestamp | null;
  done_by: number | null;
  responsible_user_id: number | null;
  notes: string | null;
}
export interface CaseReferralTable {
  id: Generated<number>;
  case_id: number;
  service: string;
  provider: string | null;
  referred_at: Timestamp;
  outcome: Generated<string>;
  outcome_note: string | null;
  outcome_at: Timestamp | null;
}
export interface CaseMeetingTable {
  id: Generated<number>;
  case_id: number;
  held_at: Timestamp;
  participants: string | null;
  decisions: string | null;
}
export interface CaseTransferTable {
  id: Generated<number>;
  case_id: number;
  from_unit_id: number;
  to_unit_id: number;
  transferred_at: Timestamp;
  reason: string | null;
}
export interface CaseApprovalTable {
  id: Generated<number>;
  case_id: number;
  kind: string;
  decision: string;
  by_user_id: number | null;
  by_name: string | null;
  at: Timestamp;
  note: string | null;
}
export interface CaseTimeLimitTable {
  id: Generated<number>;
  unit_id: number;
  step: string;
  hours: number | null;
  working_days: number | null;
}

declare module './schema.ts' {
  interface Database {
    circumstance_group: CircumstanceGroupTable;
    child: ChildTable;
    child_residence: ChildResidenceTable;
    child_circumstance: ChildCircumstanceTable;
    child_support: ChildSupportTable;
    child_consent: ChildConsentTable;
    child_merge: ChildMergeTable;
    child_duplicate_flag: ChildDuplicateFlagTable;
    child_case: ChildCaseTable;
    case_step: CaseStepTable;
    case_referral: CaseReferralTable;
    case_meeting: CaseMeetingTable;
    case_transfer: CaseTransferTable;
    case_approval: CaseApprovalTable;
    case_time_limit: CaseTimeLimitTable;
  }
}

export interface ChildCountTable {
  unit_id: number;
  birth_year: number;
  n: number;
}
declare module './schema.ts' {
  interface Database {
    child_count: ChildCountTable;
  }
}
