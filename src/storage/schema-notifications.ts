/** Table types of notifications (migration 110; augments the Database interface). */
import type { ColumnType, Generated } from 'kysely';

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  event_key: string;
  title: string;
  body: string;
  link: string | null;
  due_at: NullableTimestamp;
  unit_id: number | null;
  created_at: DefaultTimestamp;
  read_at: NullableTimestamp;
}
export interface NotificationOutboxTable {
  id: Generated<number>;
  notification_id: number | null;
  user_id: number;
  kind: Generated<string>;
  digest_date: string | null;
  digest_id: number | null;
  recipient: string;
  subject: Generated<string>;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: DefaultTimestamp;
  locked_until: NullableTimestamp;
  locked_by: string | null;
  last_error: string | null;
  message_id: string | null;
  sent_at: NullableTimestamp;
  created_at: DefaultTimestamp;
}
export interface NotificationPreferenceTable {
  user_id: number;
  in_app: Generated<boolean>;
  email: Generated<boolean>;
  digest: Generated<boolean>;
  updated_at: DefaultTimestamp;
}
export interface NotificationScheduleTable {
  unit_id: number;
  report_days: number[];
  escalate_after_days: number;
  case_hours: number;
  cff_days: number[];
  updated_at: DefaultTimestamp;
  updated_by: number | null;
}

declare module './schema.ts' {
  interface Database {
    notification: NotificationTable;
    notification_outbox: NotificationOutboxTable;
    notification_preference: NotificationPreferenceTable;
    notification_schedule: NotificationScheduleTable;
  }
}
