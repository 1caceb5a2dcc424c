/** Columns and tables added by the foundation migrations 003–009 (augments src/storage/schema.ts). */
export interface PlanAgencyTable {
  plan_id: number;
  agency_id: number;
  position: number;
}
declare module './schema.ts' {
  interface Database {
    plan_agency: PlanAgencyTable;
  }
  interface AdminUnitTable {
    name_en: string | null;
    search_key: string | null;
  }
  interface PlanTable {
    has_budget: import('kysely').Generated<boolean>;
  }
  interface IndicatorAssignmentTable {
    group_position: import('kysely').Generated<number>;
  }
  interface TaskAgencyTable {
    position: import('kysely').Generated<number>;
  }
  interface ReportingRuleTable {
    via_text: string | null;
    /** migration 101: Yearly | SixMonthly | Quarterly | Monthly */
    period_type: import('kysely').Generated<string>;
    /** migration 101: null = fixed day/month; 0 = day of the period's last month; 1 = of the month after */
    due_month_offset: number | null;
    /** migration 101: indicator codes the rule is limited to (null = all) */
    indicator_codes: import('kysely').ColumnType<string[] | null, string | null | undefined, string | null>;
  }
}
