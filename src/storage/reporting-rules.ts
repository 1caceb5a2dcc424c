/**
 * A plan's reporting rules as the period logic reads them (src/domain/reporting/periods.ts): how often, by when,
 * for which indicators — for imports (is this period one the plan asks for?) and the plan page.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { jsonRows } from './reporting.ts';
import type { PlanPeriodRule, ReportingPeriodType } from '../domain/reporting/periods.ts';

type Db = Kysely<Database>;

/** The dated rules of a plan (a rule naming no date, "định kỳ", asks for no period). */
export async function planPeriodRules(db: Db, planId: number): Promise<PlanPeriodRule[]> {
  const rows = await db.selectFrom('reporting_rule').select(['period_type', 'due_day', 'due_month', 'due_month_offset', 'indicator_codes']).where('plan_id', '=', planId).orderBy('position').orderBy('id').execute();
  return rows
    .filter((r) => r.due_day !== null && r.due_month !== null)
    .map((r) => ({ periodType: r.period_type as ReportingPeriodType, dueDay: r.due_day as number, dueMonth: r.due_month as number, dueMonthOffset: r.due_month_offset, indicators: r.indicator_codes ? jsonRows<string>(r.indicator_codes).map(String) : null }));
}

/** How a plan is named in messages: its number, else its title. */
export async function planName(db: Db, planId: number): Promise<string> {
  const p = await db.selectFrom('plan').select(['number', 'title']).where('id', '=', planId).executeTakeFirst();
  return p ? (p.number ?? `"${p.title}"`) : String(planId);
}
