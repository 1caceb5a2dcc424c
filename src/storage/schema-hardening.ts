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
}
