/** Kysely types of the tables added by the hardening migrations (080–084). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface SystemSettingTable {
  id: string;
  value: string;
  updated_at: Generated<Timestamp>;
}

declare module './schema.ts' {
  interface Database {
    system_setting: SystemSettingTable;
  }
  /** migration 081: who an upload belongs to before it is saved as a plan */
  interface PlanDocumentTable {
    /** the unit the upload was made for; null: a national upload, or not known */
    unit_id: ColumnType<number | null, number | null | undefined, number | null>;
    /** who uploaded it */
    uploaded_by: ColumnType<number | null, number | null | undefined, number | null>;
  }
}
