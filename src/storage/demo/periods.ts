/**
 * The demo's reporting periods shorter than the year (issue #16): the demo province's plan gains
 * - a six-monthly rule, "báo cáo 6 tháng trước ngày 15/6" (UBND các huyện, xã → UBND tỉnh): the first half of
 *   2025 reported by the communes of that time (before the 01/07/2025 merger) and confirmed by their districts —
 *   Hoằng Hóa's approved, Thọ Xuân's still waiting in the province's inbox;
 * - monthly child-protection case statistics, "hằng tháng, trước ngày 5 của tháng sau", limited to indicators 9
 *   (children abused) and 13 (child marriages): January–July 2025 reported (June and July, due after the merger,
 *   by the new communes straight to the province; July still waiting for approval).
 * Values go through the real workflow (saveValues, submit, approve); a month's or a half-year's count is never
 * above the same report's year. Idempotent: nothing is done when the plan already has its six-monthly rule.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import '../schema-reporting.ts';
import { systemTransaction } from '../../api/transaction.ts';
import { generateObligations, runAction, saveValues } from '../reporting.ts';
import type { ValueInput } from '../../domain/reporting/validation.ts';
import { DERIVED_MEASURES } from '../../domain/reporting/indicator1.ts';
import { confirmConsolidation, plausible } from './reporting.ts';
import { DEMO_COMMUNES, DISTRICTS, noise } from './province.ts';

const ACTOR = { id: null, name: 'demo' };
/** the case-statistics indicators reported monthly */
export const MONTHLY_INDICATORS = ['9', '13'];
export const DEMO_HALF_YEAR = '2025S1';
export const DEMO_MONTHS = ['202501', '202502', '202503', '202504', '202505', '202506', '202507'];

export async function loadPeriodsPart(db: Kysely<Database>, planId: number): Promise<{ created: boolean }> {
  const has = await db.selectFrom('reporting_rule').select('id').where('plan_id', '=', planId).where('period_type', '=', 'SixMonthly').executeTakeFirst();
  if (has) return { created: false };
  const plan = await db.selectFrom('plan').select('issuer_unit_id').where('id', '=', planId).executeTakeFirstOrThrow();
  const demoUnits = new Set((await db.selectFrom('admin_unit').select('id').where((eb) => eb.or([eb.and([eb('level', '=', 'commune'), eb('code', 'in', DEMO_COMMUNES)]), eb.and([eb('level', '=', 'district'), eb('code', 'in', DISTRICTS.map((d) => d.code))])])).execute()).map((u) => u.id));
  await systemTransaction(db, 'system:demo', async (trx) => {
    const position = Number((await trx.selectFrom('reporting_rule').select((eb) => eb.fn.max('position').as('p')).where('plan_id', '=', planId).executeTakeFirst())?.p ?? 0);
    const base = { plan_id: planId, reporter_kind: 'lower_units', reporter_agency_id: null, reporter_text: 'UBND các huyện, xã', recipient_unit_id: plan.issuer_unit_id, recipient_agency_id: null, recipient_text: 'UBND tỉnh (qua Sở Y tế)', due_year: null, recurrence: 'yearly' };
    await trx.insertInto('reporting_rule').values([
      { ...base, due_day: 15, due_month: 6, period_type: 'SixMonthly', due_month_offset: null, indicator_codes: null, position: position + 1 },
      // "trước ngày 5 của tháng sau": the month is relative to each period (the stored month is not read)
      { ...base, recipient_text: 'UBND tỉnh (qua Sở Y tế), thống kê vụ việc bảo vệ trẻ em', due_day: 5, due_month: 1, period_type: 'Monthly', due_month_offset: 1, indicator_codes: JSON.stringify(MONTHLY_INDICATORS), position: position + 2 },
    ]).execute();
  });
  const measures = (await db.selectFrom('measure as m').innerJoin('indicator as i', 'i.id', 'm.indicator_id').select(['m.id', 'm.code', 'm.unit', 'm.direction', 'm.disaggregations']).where('i.scope_plan_id', 'is', null).execute()).filter((m) => !(m.code in DERIVED_MEASURES));

  for (const period of [DEMO_HALF_YEAR, ...DEMO_MONTHS]) {
    await systemTransaction(db, 'system:demo', (trx) => generateObligations(trx, planId, 2025, period));
    const reports = (await db.selectFrom('obligation').select(['id', 'unit_id', 'version', 'role']).where('plan_id', '=', planId).where('period', '=', period).orderBy('unit_id').execute()).filter((o) => demoUnits.has(o.unit_id));
    const waiting = period === '202507';
    for (const o of reports.filter((r) => r.role === 'data')) {
      await systemTransaction(db, 'system:demo', async (trx) => {
        const assigned = new Set((await trx.selectFrom('obligation_measure').select('measure_id').where('obligation_id', '=', o.id).execute()).map((r) => r.measure_id));
        // the same unit's year, where it has one (the new communes from 01/07/2025): no part above it
        const year = new Map((await trx.selectFrom('data_value as dv').innerJoin('obligation as y', 'y.id', 'dv.obligation_id').select(['dv.measure_id', 'dv.value']).where('y.unit_id', '=', o.unit_id).where('y.kind', '=', 'annual').where('y.year', '=', 2025).where('y.agency_id', 'is', null).where('dv.disagg_key', '=', '').execute()).map((r) => [r.measure_id, r.value === null ? null : Number(r.value)]));
        const values = measures.filter((m) => assigned.has(m.id)).flatMap((m) => partOfYear(m, o.unit_id, period, year.get(m.id) ?? null));
        await saveValues(trx, o.id, { version: o.version, values }, ACTOR);
        await runAction(trx, o.id, 'submit', ACTOR, { idempotencyKey: `demo-${o.id}` });
        if (!waiting) await runAction(trx, o.id, 'approve', ACTOR);
      });
    }
    // the districts confirm what their communes sent; Thọ Xuân's half-year still waits for the province
    const thoXuan = await db.selectFrom('admin_unit').select('id').where('level', '=', 'district').where('code', '=', '395').executeTakeFirst();
    for (const c of reports.filter((r) => r.role === 'consolidation'))
      await systemTransaction(db, 'system:demo', (trx) => confirmConsolidation(trx, c.id, !(period === DEMO_HALF_YEAR && c.unit_id === thoXuan?.id)));
    // sent a few days before each report's own due date (the January figures of one commune a week late)
    const ids = reports.map((r) => r.id);
    if (!ids.length) continue;
    await sql`update obligation set first_submitted_at = due_date - (id % 4), submitted_at = due_date - (id % 4) where id in (${sql.join(ids)}) and first_submitted_at is not null`.execute(db);
    if (period === '202501') await sql`update obligation set first_submitted_at = due_date + 7, submitted_at = due_date + 7 where id = (select min(id) from obligation where id in (${sql.join(ids)}) and role = 'data')`.execute(db);
    await sql`update obligation set on_time = (first_submitted_at + interval '7 hours')::date <= due_date where id in (${sql.join(ids)}) and first_submitted_at is not null`.execute(db);
  }
  return { created: true };
}

/** A commune's figures for a part of 2025: the year's plausible values, counts shared out over the period (never above the year's). */
function partOfYear(m: { id: number; code: string; unit: string; direction: string; disaggregations: string[] }, unitId: number, period: string, yearValue: number | null): ValueInput[] {
  const months = period.endsWith('S1') ? 6 : 1;
  const r = noise(unitId, m.id, Number(period));
  // the year's own values of the commune, as the yearly demo makes them, with the period's noise
  const yearly = plausible(m, unitId, 2025).filter((v) => !v.key);
  return yearly.map((v): ValueInput => {
    if (m.unit === 'count') {
      const share = months === 6 ? Math.round((Number(v.value ?? 0) * (0.4 + r * 0.2))) : r < 0.3 ? 1 : 0;
      return { measure: m.code, value: yearValue === null ? share : Math.min(share, yearValue) };
    }
    const den = Number(v.denominator ?? 0);
    const nume = Number(v.numerator ?? 0);
    if (months === 6) return { measure: m.code, numerator: Math.min(den, Math.max(0, Math.round(nume * (0.9 + r * 0.2)))), denominator: den };
    // a month's cases among the commune's children: about a twelfth of the year's
    return { measure: m.code, numerator: Math.min(den, Math.round(nume / 12 + r)), denominator: den };
  });
}
