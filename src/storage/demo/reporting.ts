/**
 * The demo's reporting part: the communes of the demo province (Thanh Hóa, ./province.ts) with
 * plausible values for 2021–2025, reported through the real workflow (drafts, submissions, approvals,
 * one returned report, one overdue), so that a new user sees a living system. Run by `loadDemo`
 * (./index.ts), alone with `{ only: 'reporting' }`. Idempotent.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import '../schema-reporting.ts';
import { NATIONAL_INDICATORS, NATIONAL_OBJECTIVES, NATIONAL_PROGRAMME, NATIONAL_TARGETS } from '../../domain/catalogue/national-programme.ts';
import { nationalProgrammeId } from '../seed/national-plan.ts';
import { systemTransaction } from '../../api/transaction.ts';
import { AppError } from '../../api/errors.ts';
import { generateObligations, getObligation, saveValues, runAction } from '../reporting.ts';
import type { ValueInput } from '../../domain/reporting/validation.ts';
import { DERIVED_MEASURES } from '../../domain/reporting/indicator1.ts';
import { createUnit } from '../units.ts';
import { DEMO_PLAN_NUMBER, DEMO_PROVINCE_CODE, DISTRICTS, HOME_COMMUNE, MERGERS, noise, REFORM } from './province.ts';

const ACTOR = { id: null, name: 'demo' };

/** the demo province and its plan (what the other parts build on; loadDemo counts the rest) */
export interface ReportingPart {
  provinceId: number;
  planId: number;
}

export async function loadReportingPart(db: Kysely<Database>): Promise<ReportingPart> {
  const province = await db.selectFrom('admin_unit').select('id').where('level', '=', 'province').where('code', '=', DEMO_PROVINCE_CODE).where('valid_to', 'is', null).executeTakeFirst();
  if (!province) throw new AppError(500, 'demo_unit_missing', `Thiếu tỉnh Thanh Hóa (mã ${DEMO_PROVINCE_CODE}): cần dữ liệu gốc.`, `Thanh Hóa (${DEMO_PROVINCE_CODE}) is missing: the base seed is needed.`);
  const existing = await db.selectFrom('plan').select('id').where('number', '=', DEMO_PLAN_NUMBER).executeTakeFirst();
  if (existing) return { provinceId: province.id, planId: existing.id };

  // the demo's own districts and communes: with every real unit built in, the province has hundreds more,
  // whose reports are generated but left unfilled (the demo fills these seven communes and two districts)
  const demoUnits = new Set<number>();
  let homeId = 0;
  const planId = await systemTransaction(db, 'system:demo', async (trx) => {
    const unitId = async (level: string, code: string, at: string) =>
      (await trx.selectFrom('admin_unit').select('id').where('level', '=', level).where('code', '=', code).where('valid_from', '<=', at).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)])).executeTakeFirst())?.id;
    const ensure = async (v: { code: string; name: string; level: string; parent: number; from?: string; to?: string | null }) =>
      (await unitId(v.level, v.code, v.from ?? '2021-01-01')) ??
      (await createUnit(trx, { code: v.code, name: v.name, kind: v.level === 'district' ? 'huyện' : 'xã', level: v.level as 'district' | 'commune', parentId: v.parent, validFrom: v.from ?? '1900-01-01', validTo: v.to ?? null, note: 'Dữ liệu minh họa (demo).' })).id;
    const old = new Map<string, number>();
    for (const d of DISTRICTS) {
      const districtId = await ensure({ code: d.code, name: d.name, level: 'district', parent: province.id, to: REFORM });
      demoUnits.add(districtId);
      for (const [code, name] of d.communes) {
        old.set(code, await ensure({ code, name, level: 'commune', parent: districtId, to: REFORM }));
        demoUnits.add(old.get(code)!);
      }
    }
    for (const m of MERGERS) {
      const id = await ensure({ code: m.code, name: m.name, level: 'commune', parent: province.id, from: REFORM });
      demoUnits.add(id);
      if (m.code === HOME_COMMUNE) homeId = id;
      for (const p of m.from) {
        await trx.insertInto('unit_succession').values({ predecessor_id: old.get(p)!, successor_id: id, effective_date: REFORM, kind: 'merge', share: null }).onConflict((oc) => oc.columns(['predecessor_id', 'successor_id']).doNothing()).execute();
      }
    }
    // the province's plan: the 24 national indicators with the national targets, reports by 20/11
    // it implements the national programme (its parent) and keeps its four objectives, each indicator under its own
    const parentPlanId = await nationalProgrammeId(trx);
    const plan = await trx.insertInto('plan').values({ number: DEMO_PLAN_NUMBER, title: 'Kế hoạch hành động vì trẻ em tỉnh Thanh Hóa giai đoạn 2021-2030 (dữ liệu minh họa)', level: 'province', issuer_unit_id: province.id, issuer_name: 'UBND tỉnh Thanh Hóa', issue_date: '2021-06-01', issue_date_text: null, issue_year: 2021, place: 'Thanh Hóa', period_from: 2021, period_to: 2030, parent_plan_id: parentPlanId, signer: null, signer_title: null, budget_stated_total: null, status: 'issued' }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('plan_review').values([{ plan_id: plan.id, kind: 'midterm', year: 2025 }, { plan_id: plan.id, kind: 'final', year: 2030 }]).execute();
    await trx.insertInto('plan_implements').values({ plan_id: plan.id, position: 0, doc_number: NATIONAL_PROGRAMME.number, doc_date: NATIONAL_PROGRAMME.issueDate, doc_issuer: NATIONAL_PROGRAMME.issuer, doc_title: NATIONAL_PROGRAMME.title }).execute();
    const objectives = new Map<string, number>();
    for (const [position, o] of NATIONAL_OBJECTIVES.entries())
      objectives.set(o.key, (await trx.insertInto('objective').values({ plan_id: plan.id, key: o.key, title: o.titleVi, position }).returning('id').executeTakeFirstOrThrow()).id);
    for (const [position, indicator] of NATIONAL_INDICATORS.entries()) {
      const ind = await trx.selectFrom('indicator').select('id').where('code', '=', indicator.code).where('scope_plan_id', 'is', null).executeTakeFirstOrThrow();
      const pi = await trx.insertInto('plan_indicator').values({ plan_id: plan.id, objective_id: objectives.get(String(indicator.objective)) ?? null, indicator_id: ind.id, number: indicator.code, text: indicator.nameVi, position }).returning('id').executeTakeFirstOrThrow();
      const ms = await trx.selectFrom('measure').select(['id', 'code', 'unit']).where('indicator_id', '=', ind.id).execute();
      for (const m of ms)
        for (const t of NATIONAL_TARGETS.filter((x) => x.measure === m.code && !x.group))
          await trx.insertInto('target').values({ plan_id: plan.id, plan_indicator_id: pi.id, measure_id: m.id, year: t.year, comparator: t.comparator, value: t.value, value_max: t.valueMax ?? null, unit: m.unit, base: t.base ?? null, group_key: null, relative: t.relative ? JSON.stringify(t.relative) : null, note: t.note ?? null }).execute();
    }
    await trx.insertInto('reporting_rule').values({ plan_id: plan.id, reporter_kind: 'lower_units', reporter_agency_id: null, reporter_text: 'UBND các huyện, xã', recipient_unit_id: province.id, recipient_agency_id: null, recipient_text: 'UBND tỉnh (qua Sở Y tế)', due_day: 20, due_month: 11, due_year: null, recurrence: 'yearly', position: 0 }).execute();
    return plan.id;
  });

  // indicator 1 is never reported: it comes from the child-friendly commune recognitions (the cff part loads them)
  const measures = (await db.selectFrom('measure as m').innerJoin('indicator as i', 'i.id', 'm.indicator_id').select(['m.id', 'm.code', 'm.unit', 'm.direction', 'm.disaggregations']).where('i.scope_plan_id', 'is', null).execute()).filter((m) => !(m.code in DERIVED_MEASURES));
  for (let year = 2021; year <= 2025; year++) {
    await systemTransaction(db, 'system:demo', (trx) => generateObligations(trx, planId, year));
    const mine = (await db.selectFrom('obligation').select(['id', 'unit_id', 'version', 'role', 'kind']).where('plan_id', '=', planId).where('year', '=', year).where('role', '=', 'data').where('kind', '=', 'annual').orderBy('unit_id').execute()).filter((o) => demoUnits.has(o.unit_id));
    // 2025: the home commune's report is the returned one (second), another commune's the overdue draft (first)
    const home = mine.filter((o) => o.unit_id === homeId);
    const others = mine.filter((o) => o.unit_id !== homeId);
    const items = year === 2025 ? [...others.slice(0, 1), ...home, ...others.slice(1)] : mine;
    for (const [index, o] of items.entries()) {
      const values = measures.flatMap((m) => plausible(m, o.unit_id, year));
      await systemTransaction(db, 'system:demo', (trx) => saveValues(trx, o.id, { version: o.version, values }, ACTOR));
      // 2025: one report still a draft (overdue), one returned with a reason; earlier years approved
      if (year === 2025 && index === 0) continue;
      await systemTransaction(db, 'system:demo', (trx) => runAction(trx, o.id, 'submit', ACTOR, { idempotencyKey: `demo-${o.id}` }));
      if (year === 2025 && index === 1) await systemTransaction(db, 'system:demo', (trx) => runAction(trx, o.id, 'return', ACTOR, { reason: 'Số trẻ đẻ sống chưa khớp sổ theo dõi của trạm y tế, đề nghị rà soát.' }));
      else if (year < 2025) await systemTransaction(db, 'system:demo', (trx) => runAction(trx, o.id, 'approve', ACTOR));
    }
    // the districts (until the 2025 merger) confirm what their communes sent: consolidation reports, approved
    if (year < 2025) {
      const consolidations = (await db.selectFrom('obligation').select(['id', 'unit_id']).where('plan_id', '=', planId).where('year', '=', year).where('role', '=', 'consolidation').where('kind', '=', 'annual').orderBy('unit_id').execute()).filter((o) => demoUnits.has(o.unit_id));
      for (const c of consolidations) await systemTransaction(db, 'system:demo', (trx) => confirmConsolidation(trx, c.id, true));
    }
    // submission dates as they would have been (before the deadline, one late)
    // (a few days before each report's own due date: communes report to their district 10 days before the district reports)
    await sql`update obligation set first_submitted_at = due_date - (id % 5), submitted_at = due_date - (id % 5) where plan_id = ${planId} and year = ${year} and first_submitted_at is not null`.execute(db);
    await sql`update obligation set first_submitted_at = due_date + 8, submitted_at = due_date + 8 where id = (select max(id) from obligation where plan_id = ${planId} and year = ${year} and first_submitted_at is not null and role = 'data')`.execute(db);
    // timeliness by the one rule (src/domain/reporting/timeliness.ts): the returned report was returned three days after its
    // deadline, so sending it again now, long past the grace, is late
    await sql`update obligation set returned_at = due_date + 3 where plan_id = ${planId} and year = ${year} and returned_at is not null`.execute(db);
    await sql`update obligation set on_time = (first_submitted_at + interval '7 hours')::date <= due_date where plan_id = ${planId} and year = ${year} and first_submitted_at is not null`.execute(db);
  }
  return { provinceId: province.id, planId };
}

/** A district's consolidation report: it confirms what its communes sent (their sums), is submitted and, if asked, approved. */
export async function confirmConsolidation(trx: Kysely<Database>, id: number, approve: boolean): Promise<void> {
  const view = await getObligation(trx, id);
  const sums = new Map(view.aggregates.map((a) => [a.measureId, a]));
  const values: ValueInput[] = view.measures.map((m) => {
    const a = sums.get(m.id);
    if (!a || a.reportingCount === 0) return { measure: m.code, unknown: true };
    if (m.unit === 'count') return { measure: m.code, value: a.numerator };
    if (m.unit === 'boolean' || !(a.denominator > 0)) return { measure: m.code, unknown: true };
    return { measure: m.code, numerator: a.numerator, denominator: a.denominator, comment: 'Tổng hợp từ báo cáo của các xã (minh họa).' };
  });
  await saveValues(trx, id, { version: view.version, values }, ACTOR);
  await runAction(trx, id, 'submit', ACTOR, { idempotencyKey: `demo-${id}` });
  if (approve) await runAction(trx, id, 'approve', ACTOR);
}

/** National measures whose denominator counts communes or schools, not children (QĐ 23/QĐ-TTg indicators 7, 19, 20a, 21). */
const COUNTS_INSTITUTIONS: Record<string, 'commune' | 'school'> = { '7': 'school', '19': 'school', '20a': 'school', '21': 'commune' };

/** Values of one commune for one measure and year: improving over the years around the national target. */
export function plausible(m: { id: number; code: string; unit: string; direction: string; disaggregations: string[] }, unitId: number, year: number): ValueInput[] {
  const target = NATIONAL_TARGETS.find((t) => t.measure === m.code && t.year === 2025 && !t.group) ?? NATIONAL_TARGETS.find((t) => t.measure === m.code && !t.group);
  const r = noise(unitId, m.id, year);
  const years = 2025 - year;
  if (m.unit === 'count') {
    const value = Math.max(0, Math.round(3 + years * 0.6 + (r - 0.5) * 3));
    return [{ measure: m.code, value }];
  }
  const scale = m.unit === 'percent' ? 100 : m.unit === 'per_1000' ? 1000 : m.unit === 'per_10000' ? 10000 : 100000;
  // what the denominator counts sets its size: a commune is one commune and has a few schools (never 929 communes or 472 schools)
  const counted = COUNTS_INSTITUTIONS[m.code];
  const denominator = counted === 'commune' ? 1 : counted === 'school' ? 2 + Math.floor(noise(unitId, m.id) * 4) : m.unit === 'per_1000' ? 150 + Math.round(noise(unitId, year) * 200) : m.unit === 'per_100000' ? 3000 + Math.round(noise(unitId) * 2000) : 400 + Math.round(noise(unitId, m.id) * 600);
  const t = target?.value ?? (m.direction === 'decrease' ? 5 : 90);
  let rate = m.direction === 'decrease' ? t * (1 + years * 0.06 + (r - 0.4) * 0.3) : Math.min(scale, t - years * 1.2 + (r - 0.6) * 4);
  rate = Math.max(0, Math.min(scale, rate));
  const numerator = Math.min(denominator, Math.round((rate / scale) * denominator));
  const out: ValueInput[] = [{ measure: m.code, numerator, denominator }];
  if (m.disaggregations.includes('sex')) {
    const dFemale = Math.round(denominator * 0.48);
    const dMale = denominator - dFemale;
    const nFemale = Math.max(numerator - dMale, Math.min(dFemale, Math.round((numerator * dFemale) / denominator)));
    out.push({ measure: m.code, key: 'sex:female', numerator: nFemale, denominator: dFemale }, { measure: m.code, key: 'sex:male', numerator: numerator - nFemale, denominator: denominator - dFemale });
  }
  return out;
}
