/**
 * The national programme (QĐ 23/QĐ-TTg, 07/01/2021) as an issued plan of the nation unit:
 * its objectives, the 24 indicators with every national target, lead-sector assignments to
 * the ministries, the mid-term (2025) and final (2030) reviews. Idempotent.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { NATIONAL_INDICATORS, NATIONAL_OBJECTIVES, NATIONAL_PROGRAMME, NATIONAL_TARGETS } from '../../domain/catalogue/national-programme.ts';
import type { PlanDocumentInput } from '../../domain/plan-document.ts';
import { createPlan } from '../plans.ts';
import { NATION_CODE } from './units.ts';
import { MINISTRIES, MOLISA_END, MOLISA_SUCCESSORS } from './data/ministries.ts';

export function nationalProgrammeInput(nationUnitId: number): PlanDocumentInput {
  const ministryOf = (sector: string) => MINISTRIES.find((m) => m.sector === sector)!.name;
  const assignments: NonNullable<PlanDocumentInput['assignments']> = [];
  for (const sector of [...new Set(NATIONAL_INDICATORS.map((i) => i.leadSector!))])
    assignments.push({ agency: ministryOf(sector), role: 'lead', indicators: NATIONAL_INDICATORS.filter((i) => i.leadSector === sector).map((i) => i.code) });
  for (const sector of [...new Set(NATIONAL_INDICATORS.flatMap((i) => i.partnerSectors ?? []))])
    assignments.push({ agency: ministryOf(sector), role: 'partner', indicators: NATIONAL_INDICATORS.filter((i) => i.partnerSectors?.includes(sector)).map((i) => i.code) });
  return {
    number: NATIONAL_PROGRAMME.number,
    title: NATIONAL_PROGRAMME.title,
    kind: 'action_programme',
    level: 'national',
    issuerUnitId: nationUnitId,
    issuerName: NATIONAL_PROGRAMME.issuer,
    issueDate: NATIONAL_PROGRAMME.issueDate,
    issueDateText: NATIONAL_PROGRAMME.issueDate,
    signer: NATIONAL_PROGRAMME.signer,
    signerTitle: NATIONAL_PROGRAMME.signerTitle,
    place: 'Hà Nội',
    periodFrom: NATIONAL_PROGRAMME.periodFrom,
    periodTo: NATIONAL_PROGRAMME.periodTo,
    status: 'issued',
    implements: [],
    objectives: NATIONAL_OBJECTIVES.map((o) => ({ key: o.key, title: o.titleVi })),
    indicators: NATIONAL_INDICATORS.map((i) => ({
      number: i.code,
      objective: String(i.objective),
      text: i.nameVi,
      catalogue: i.code,
      targets: NATIONAL_TARGETS.filter((t) => i.measures.some((m) => m.code === t.measure)).map((t) => ({
        measure: t.measure, year: t.year, comparator: t.comparator, value: t.value, valueMax: t.valueMax ?? null, unit: t.unit, base: t.base ?? null, group: t.group ?? null,
        relative: t.relative ? { ...t.relative, byMax: t.relative.byMax ?? null } : null, note: t.note ?? null,
      })),
    })),
    agencies: MINISTRIES.filter((m) => assignments.some((a) => a.agency === m.name)).map((m) => ({ name: m.name, sector: m.sector, shortName: m.shortName })),
    assignments,
    reporting: [
      { reporterKind: 'agencies', reporter: 'Các bộ, ngành và Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương', recipient: 'Bộ Lao động - Thương binh và Xã hội (từ 01/03/2025: Bộ Y tế)', recipientUnitId: nationUnitId, via: null, due: null, recurrence: 'yearly' },
    ],
    reviews: NATIONAL_PROGRAMME.reviews,
    budget: null,
  };
}

export async function seedNationalProgramme(db: Kysely<Database>): Promise<void> {
  const nation = await db.selectFrom('admin_unit').select('id').where('level', '=', 'nation').where('code', '=', NATION_CODE).executeTakeFirstOrThrow();
  // ministries (all of them, including those the programme does not assign)
  for (const m of MINISTRIES) {
    const found = await db.selectFrom('agency').select('id').where('unit_id', '=', nation.id).where('name', '=', m.name).executeTakeFirst();
    if (!found) await db.insertInto('agency').values({ unit_id: nation.id, name: m.name, short_name: m.shortName, sector: m.sector, valid_to: m.validTo ?? null }).execute();
  }
  const molisa = await db.selectFrom('agency').select('id').where('unit_id', '=', nation.id).where('sector', '=', 'labour_social').executeTakeFirstOrThrow();
  for (const s of MOLISA_SUCCESSORS) {
    const succ = await db.selectFrom('agency').select('id').where('unit_id', '=', nation.id).where('name', '=', s.name).executeTakeFirstOrThrow();
    const link = await db.selectFrom('agency_succession').select('id').where('predecessor_id', '=', molisa.id).where('successor_id', '=', succ.id).executeTakeFirst();
    if (!link) await db.insertInto('agency_succession').values({ predecessor_id: molisa.id, successor_id: succ.id, effective_date: MOLISA_END, note: s.note }).execute();
  }
  const existing = await db.selectFrom('plan').select('id').where('number', '=', NATIONAL_PROGRAMME.number).where('issuer_unit_id', '=', nation.id).executeTakeFirst();
  if (existing) return;
  await createPlan(db, nationalProgrammeInput(nation.id));
}

/** The id of the national programme plan (null before seeding). */
export async function nationalProgrammeId(db: Kysely<Database>): Promise<number | null> {
  const r = await db.selectFrom('plan as p').innerJoin('admin_unit as u', 'u.id', 'p.issuer_unit_id').select('p.id')
    .where('p.number', '=', NATIONAL_PROGRAMME.number).where('u.level', '=', 'nation').executeTakeFirst();
  return r?.id ?? null;
}
