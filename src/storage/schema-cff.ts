/** Kysely types of the child-friendly-commune tables (migration 050). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T | null, string | T | null>;

export interface CffStandardTable {
  id: Generated<number>;
  code: string;
  number: string;
  issued_on: string | null;
  title_vi: string;
  title_en: string | null;
  effective_from: string;
  effective_to: string | null;
  recognition_validity_years: Generated<number>;
  pass_rule: Json;
  verify: Generated<boolean>;
  note: string | null;
  version: Generated<number>;
  updated_at: Generated<Timestamp>;
}
export interface CffCriterionTable {
  id: Generated<number>;
  standard_id: number;
  code: string;
  position: Generated<number>;
  title_vi: string;
  title_en: string | null;
  min_points: number | null;
  verify: Generated<boolean>;
}
export interface CffSubcriterionTable {
  id: Generated<number>;
  standard_id: number;
  criterion_id: number;
  code: string;
  position: Generated<number>;
  title_vi: string;
  title_en: string | null;
  max_points: number;
  source: string;
  scoring: Json | null;
  value_unit: string | null;
  evidence_required: Generated<boolean>;
  verify: Generated<boolean>;
}
export interface CffAuthorityTable {
  id: Generated<number>;
  level: string;
  valid_from: string | null;
  valid_to: string | null;
  basis_vi: string;
  verify: Generated<boolean>;
}
export interface CffCycleSettingsTable {
  id: Generated<number>;
  unit_id: number;
  year: number;
  plan_id: number | null;
  registration_deadline: string | null;
  self_assessment_deadline: string | null;
  target_registered: number | null;
  target_recognised: number | null;
  payment_registered: number | null;
  payment_registered_payer: string | null;
  payment_recognised: number | null;
  payment_recognised_payer: string | null;
  note: string | null;
}
export interface CffRegistrationTable {
  id: Generated<number>;
  unit_id: number;
  year: number;
  standard_id: number;
  unit_category: string;
  status: Generated<string>;
  registered_on: string;
  submitted_on: string | null;
  correction_deadline: string | null;
  review_note: string | null;
  created_by: number | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  version: Generated<number>;
}
export interface CffAssessmentItemTable {
  id: Generated<number>;
  registration_id: number;
  code: string;
  value: number | null;
  score: number | null;
  prefilled_from: string | null;
  prefilled_value: number | null;
  note: string | null;
  updated_at: Generated<Timestamp>;
}
export interface CffEvidenceTable {
  id: Generated<number>;
  registration_id: number;
  item_codes: ColumnType<string[], string[] | undefined, string[]>;
  filename: string;
  kind: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  uploaded_by: number | null;
  uploaded_at: Generated<Timestamp>;
}
export interface CffDecisionTable {
  id: Generated<number>;
  registration_id: number;
  unit_id: number;
  year: number;
  kind: string;
  decided_by_unit_id: number;
  number: string | null;
  decided_on: string;
  signer: string | null;
  signer_title: string | null;
  reason: string | null;
  evaluation: Json | null;
  created_by: number | null;
  created_at: Generated<Timestamp>;
}

declare module './schema.ts' {
  interface Database {
    cff_standard: CffStandardTable;
    cff_criterion: CffCriterionTable;
    cff_subcriterion: CffSubcriterionTable;
    cff_authority: CffAuthorityTable;
    cff_cycle_settings: CffCycleSettingsTable;
    cff_registration: CffRegistrationTable;
    cff_assessment_item: CffAssessmentItemTable;
    cff_evidence: CffEvidenceTable;
    cff_decision: CffDecisionTable;
  }
}
