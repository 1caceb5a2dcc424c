/** The public-holiday calendar's corrections (migration 120). */
import type { Generated } from 'kysely';

export interface PublicHolidayOverrideTable {
  day: string;
  kind: 'day_off' | 'working_day';
  name_vi: string | null;
  note: string | null;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

declare module './schema.ts' {
  interface Database {
    public_holiday_override: PublicHolidayOverrideTable;
  }
}
