/** A small country for reporting tests: inserted directly (the plan storage API lands separately). */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/storage/schema.ts';
import '../../src/storage/schema-reporting.ts';
import { NATIONAL_TARGETS } from '../../src/domain/catalogue/national-programme.ts';

export interface Fixture {
  nation: number;
  thanhHoa: number;
  hoangHoa: number;
  hoangKim: number;
  hoangTrung: number;
  merged: number;
  kienGiang: number;
  plan: number;
  measures: Record<string, number>;
}

async function unit(db: Kysely<Database>, v: { code: string; name: string; level: string; parent: number | null; from?: string; to?: string | null }): Promise<number> {
  const r = await db.insertInto('admin_unit').values({ code: v.code, name: v.name, full_name: null, kind: null, level: v.level, parent_id: v.parent, valid_from: v.from ?? '1900-01-01', valid_to: v.to ?? null, note: null }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** A plan issued by `issuer` monitoring the given indicator codes with the national targets (overrides by measure code). */
export async function createPlan(db: Kysely<Database>, issuer: number, indicators: string[], opts: { number?: string; overrides?: Record<string, { year: number; comparator: string; value: number }[]>; rules?: { reporter_kind: string; due_day: number; due_month: number; recipient_unit_id?: number | null }[] } = {}): Promise<number> {
  const plan = await db.insertInto('plan').values({ number: opts.number ?? null, title: 'Kế hoạch hành động vì trẻ em giai đoạn 2021-2030', level: 'province', issuer_unit_id: issuer, issuer_name: null, issue_date: '2021-05-18', issue_date_text: null, issue_year: 2021, place: null, period_from: 2021, period_to: 2030, parent_plan_id: null, signer: null, signer_title: null, budget_stated_total: null, status: 'issued' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('plan_review').values([{ plan_id: plan.id, kind: 'midterm', year: 2025 }, { plan_id: plan.id, kind: 'final', year: 2030 }]).execute();
  for (const [position, code] of indicators.entries()) {
    const ind = await db.selectFrom('indicator').select('id').where('code', '=', code).where('scope_plan_id', 'is', null).executeTakeFirstOrThrow();
    const pi = await db.insertInto('plan_indicator').values({ plan_id: plan.id, objective_id: null, indicator_id: ind.id, number: code, text: null, position }).returning('id').executeTakeFirstOrThrow();
    const ms = await db.selectFrom('measure').select(['id', 'code', 'unit']).where('indicator_id', '=', ind.id).execute();
    for (const m of ms) {
      const targets = opts.overrides?.[m.code] ?? NATIONAL_TARGETS.filter((t) => t.measure === m.code && !t.group).map((t) => ({ year: t.year, comparator: t.comparator, value: t.value, relative: t.relative }));
      for (const t of targets) {
        await db.insertInto('target').values({ plan_id: plan.id, plan_indicator_id: pi.id, measure_id: m.id, year: t.year, comparator: t.comparator, value: t.value, value_max: null, unit: m.unit, base: null, group_key: null, relative: (t as { relative?: unknown }).relative ? JSON.stringify((t as { relative?: unknown }).relative) : null, note: null }).execute();
      }
    }
  }
  for (const [position, r] of (opts.rules ?? [{ reporter_kind: 'lower_units', due_day: 20, due_month: 11 }]).entries()) {
    await db.insertInto('reporting_rule').values({ plan_id: plan.id, reporter_kind: r.reporter_kind, reporter_agency_id: null, reporter_text: null, recipient_unit_id: r.recipient_unit_id ?? null, recipient_agency_id: null, recipient_text: null, due_day: r.due_day, due_month: r.due_month, due_year: null, recurrence: 'yearly', position }).execute();
  }
  return plan.id;
}

async function find(db: Kysely<Database>, level: string, code: string, at = '2024-01-01'): Promise<number> {
  const r = await db.selectFrom('admin_unit').select('id').where('level', '=', level).where('code', '=', code).where('valid_from', '<=', at).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)])).executeTakeFirstOrThrow();
  return r.id;
}

/** Uses the seeded units (nation, Thanh Hóa, Hoằng Hóa, Hoằng Kim and its 2025 successor) and adds Hoằng Trung. */
export async function buildFixture(db: Kysely<Database>): Promise<Fixture> {
  const nation = await find(db, 'nation', 'VN');
  const thanhHoa = await find(db, 'province', '38');
  const hoangHoa = await find(db, 'district', '399');
  const hoangKim = await find(db, 'commune', '15889');
  const merged = await find(db, 'commune', '15889', '2025-08-01');
  const hoangTrung = await unit(db, { code: 'HT-TEST', name: 'Hoằng Trung', level: 'commune', parent: hoangHoa, to: '2025-07-01' });
  await db.insertInto('unit_succession').values({ predecessor_id: hoangTrung, successor_id: merged, effective_date: '2025-07-01', kind: 'merge', share: null }).execute();
  const kienGiang = await find(db, 'province', '91');
  const plan = await createPlan(db, thanhHoa, ['3', '13']);
  const measures = Object.fromEntries((await db.selectFrom('measure').select(['id', 'code']).where('indicator_id', 'in', db.selectFrom('indicator').select('id').where('scope_plan_id', 'is', null)).execute()).map((m) => [m.code, m.id]));
  return { nation, thanhHoa, hoangHoa, hoangKim, hoangTrung, merged, kienGiang, plan, measures };
}

/** `n` communes directly under a province (generated inside the database). */
export async function addCommunes(db: Kysely<Database>, province: number, n: number, prefix: string): Promise<void> {
  await sql`insert into admin_unit (code, name, level, parent_id) select ${prefix} || g, 'Xã ' || ${prefix} || g, 'commune', ${province}::int from generate_series(1, ${n}::int) g`.execute(db);
}

export const ratio = (numerator: number, denominator: number) => ({ numerator, denominator });
