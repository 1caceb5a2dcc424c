/** Table types of the accounts issue (augments the Database interface). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** a timestamp with a database default */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string | null;
  email: string | null;
  password_hash: string | null;
  active: Generated<boolean>;
  must_change_password: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  password_changed_at: NullableTimestamp;
}
export interface UserGrantTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  unit_id: number | null;
  agency_id: number | null;
  created_at: DefaultTimestamp;
}
export interface UserSessionTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: DefaultTimestamp;
  last_seen_at: DefaultTimestamp;
  expires_at: Timestamp;
  absolute_expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
  revoked_at: NullableTimestamp;
  revoked_reason: string | null;
}
export interface ApiTokenTable {
  id: Generated<number>;
  name: string;
  kind: Generated<string>;
  token_hash: string;
  prefix: string;
  scopes: string[];
  unit_id: number | null;
  agency_id: number | null;
  created_by: number | null;
  created_at: DefaultTimestamp;
  expires_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}
export interface LoginAttemptTable {
  id: Generated<number>;
  username: string;
  ip: string | null;
  at: DefaultTimestamp;
  outcome: 'failure' | 'success' | 'unlock';
}

declare module './schema.ts' {
  interface Database {
    app_user: AppUserTable;
    user_grant: UserGrantTable;
    user_session: UserSessionTable;
    api_token: ApiTokenTable;
    login_attempt: LoginAttemptTable;
  }
}
