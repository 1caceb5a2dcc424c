/**
 * A plan's reporting rules as the period logic reads them (src/domain/reporting/periods.ts): how often, by when,
 * for which indicators — for imports (is this period one the plan asks for?) and the plan page.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { jsonRows } from './reporting.ts';
import { TYPE_VI, type PlanPeriodRule, type ReportingPeriodType } from '../domain/reporting/periods.ts';
import type { ReportingRuleInput } from '../domain/plan-document.ts';
import { badRequest, conflict, notFound } from '../api/errors.ts';
import { PERIOD_TYPE_OF, reportingRuleRow } from './plans.ts';

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


/**
 * Replaces a plan's reporting rules (how often, by when, for which indicators) — and nothing else of the plan, so
 * an issued plan with reports keeps them; reports already generated keep their deadlines, the next generation
 * follows the new rules. `version` must be the plan's current one (409 otherwise); a superseded plan is closed.
 * Bad input (an indicator the plan does not have, an agency it does not name) is refused whole, nothing changed.
 */
export async function replaceReportingRules(trx: Db, planId: number, rules: ReportingRuleInput[], version: number): Promise<number> {
  const plan = await trx.selectFrom('plan').select(['id', 'status', 'version']).where('id', '=', planId).forUpdate().executeTakeFirst();
  if (!plan) throw notFound('kế hoạch', 'Plan', ['id']);
  if (plan.version !== version)
    throw conflict('version_conflict', `Kế hoạch đã được người khác sửa (phiên bản hiện tại ${plan.version}, bạn sửa từ phiên bản ${version}). Hãy tải lại.`, `The plan was changed by someone else (current version ${plan.version}, yours ${version}). Reload it.`, ['body', 'version'], { currentVersion: plan.version });
  if (plan.status === 'superseded') throw conflict('plan_superseded', 'Kế hoạch đã bị thay thế, không sửa được.', 'The plan is superseded and cannot be changed.', ['status']);
  const indicators = await trx.selectFrom('plan_indicator as pi').innerJoin('indicator as i', 'i.id', 'pi.indicator_id').select(['pi.number', 'i.code']).where('pi.plan_id', '=', planId).execute();
  const known = new Set(indicators.flatMap((i) => [i.number, i.code].filter((x): x is string => !!x)));
  const agencies = await trx.selectFrom('plan_agency as pa').innerJoin('agency as a', 'a.id', 'pa.agency_id').select(['a.id', 'a.name']).where('pa.plan_id', '=', planId).execute();
  const agencyId = new Map(agencies.map((a) => [a.name.toLowerCase(), a.id]));
  for (const [i, r] of rules.entries()) {
    const unknown = (r.indicators ?? []).filter((c) => !known.has(c));
    if (unknown.length)
      throw badRequest('unknown_indicator', `Quy định báo cáo thứ ${i + 1}: kế hoạch không có chỉ tiêu ${unknown.join(', ')}.`, `Reporting rule ${i + 1}: the plan has no indicator ${unknown.join(', ')}.`, ['body', 'rules', i, 'indicators']);
    if (r.reporterKind === 'agency' && !agencyId.has(r.reporter.toLowerCase()))
      throw badRequest('unknown_agency', `Quy định báo cáo thứ ${i + 1}: "${r.reporter}" không phải cơ quan của kế hoạch.`, `Reporting rule ${i + 1}: "${r.reporter}" is not an agency of the plan.`, ['body', 'rules', i, 'reporter']);
    if (r.period !== 'yearly' && r.due === null)
      throw badRequest('due_required', `Quy định báo cáo thứ ${i + 1}: báo cáo ${TYPE_VI[PERIOD_TYPE_OF[r.period]]} cần có hạn nộp.`, `Reporting rule ${i + 1}: a ${r.period} report needs a deadline.`, ['body', 'rules', i, 'due']);
  }
  await trx.deleteFrom('reporting_rule').where('plan_id', '=', planId).execute();
  if (rules.length)
    await trx.insertInto('reporting_rule').values(rules.map((r, position) => reportingRuleRow(planId, r, position, agencyId))).execute();
  const next = plan.version + 1;
  await trx.updateTable('plan').set({ version: next, updated_at: sql`now()` as any }).where('id', '=', planId).execute();
  return next;
}
