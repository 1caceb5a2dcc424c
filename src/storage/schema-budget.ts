/** Tables of the budget execution migration 070 (augments src/storage/schema.ts). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | null | undefined, string | null>;

export interface BudgetActivityTable {
  id: Generated<number>;
  plan_id: number;
  activity_no: string | null;
  activity: string;
  name_key: string;
  lead_agency_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface BudgetSpendingTable {
  id: Generated<number>;
  plan_id: number;
  activity_id: number;
  year: number;
  source: string;
  /** numeric: PGlite returns a string */
  amount: number | string | null;
  currency_unit: Generated<string>;
  note: string | null;
  version: Generated<number>;
  updated_at: Timestamp;
  updated_by: number | null;
  updated_by_name: string | null;
}
export interface BudgetSpendingHistoryTable {
  id: Generated<number>;
  spending_id: number | null;
  plan_id: number;
  activity_id: number;
  year: number;
  source: string;
  action: string;
  actor_id: number | null;
  actor_name: string | null;
  at: Timestamp;
  old: Json;
  new: Json;
}

declare module './schema.ts' {
  interface Database {
    budget_activity: BudgetActivityTable;
    budget_spending: BudgetSpendingTable;
    budget_spending_history: BudgetSpendingHistoryTable;
  }
}
