/**
 * `npx vitreem demo`: a living system for a new user (issues #4 and #5).
 *
 *  1. the five seed plans, imported through the importer and saved as issued plans of the units
 *     they name (with the national programme as parent where they implement QĐ 23/QĐ-TTg);
 *  2. the demo province, Thanh Hóa (./province.ts), and its reporting (./reporting.ts: communes before
 *     and after the 01/07/2025 merger, five years of values through the real workflow), its plan's
 *     budget execution (./budget.ts), plus the commune agencies, and its tasks with their progress in 2024 and
 *     2025 (./tasks.ts);
 *  3. one demo user per role, scoped to that data (password DEMO_PASSWORD);
 *  4. child-friendly-commune registrations, assessments and recognitions (so indicator 1 has a value);
 *     a handful of FICTIONAL children in the register and three cases at different Decree 56 steps.
 *
 * The one entry point is `loadDemo` (`npx vitreem demo`, POST /api/system/demo, the tests); with
 * `{ only: 'reporting' }` it loads step 2's units and values alone (for tests that need no more).
 *
 * Idempotent: every part looks for what it would create first; a second run adds nothing and says so.
 * Every write runs in a transaction attributed to the actor 'system:demo'.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import '../schema-foundation.ts';
import '../schema-reporting.ts';
import '../schema-cff.ts';
import '../schema-register.ts';
import { systemTransaction } from '../../api/transaction.ts';
import { AppError } from '../../api/errors.ts';
import { parsePlanText } from '../../importer/index.ts';
import { importToPlanInput } from '../../importer/to-plan.ts';
import type { PlanKind } from '../../domain/plan-document.ts';
import { createPlan } from '../plans.ts';
import { findUnitAt, createAgency, addAgencySuccession } from '../units.ts';
import { nationalProgrammeId } from '../seed/national-plan.ts';
import { loadReportingPart } from './reporting.ts';
import { loadPeriodsPart } from './periods.ts';
import { DEMO_COMMUNES, DEMO_PLAN_NUMBER, HOME_COMMUNE, NEW_COMMUNES, OLD_TO_NEW, REFORM } from './province.ts';
import { loadDemoBudget } from './budget.ts';
import { loadDemoTasks } from './tasks.ts';
import { createDemoUsers, DEMO_PASSWORD } from '../users.ts';
import { register as cffRegister, saveAssessment, addEvidence, submit as cffSubmit, decide as cffDecide, returnForCorrections } from '../cff/cycle.ts';
import { loadStandard } from '../cff/standards.ts';
import { childFriendlyShare } from '../cff/share.ts';
import { childRow, type ChildPii } from '../register.ts';
import { encryptJson, encryptOptional } from '../crypto.ts';
import { computeDue } from '../cases.ts';
import { CASE_STEPS, type CaseStep } from '../../domain/children/workflow.ts';

export const DEMO_ACTOR = 'system:demo';
type Db = Kysely<Database>;

// ───────────────────────────── the seed plans ─────────────────────────────

interface SeedSpec {
  prefix: string;
  /** the issuing unit: level, official code, and the date it is looked up at */
  unit: { level: string; code: string; at: string };
  kind: PlanKind;
  /** the issue date as written when the document gives none (seed 002: "năm 2014") */
  issueDateText?: string;
}

/** Which unit issued each seed (shared/seeds/README.md), looked up at the plan's date. */
export const SEED_PLANS: SeedSpec[] = [
  { prefix: '000', unit: { level: 'commune', code: '15889', at: '2023-05-15' }, kind: 'action_programme' },
  { prefix: '001', unit: { level: 'province', code: '91', at: '2021-05-18' }, kind: 'action_programme' },
  { prefix: '002', unit: { level: 'district', code: '483', at: '2014-06-30' }, kind: 'child_friendly', issueDateText: '2014' },
  { prefix: '003', unit: { level: 'district', code: '099', at: '2021-09-14' }, kind: 'child_protection' },
  { prefix: '004', unit: { level: 'province', code: '40', at: '2025-01-06' }, kind: 'other' },
];

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

/** shared/seeds beside the repository, else the copy committed under data-seed/plans. */
export function defaultSeedsDir(): string {
  const candidates = [path.resolve(REPO_ROOT, '../shared/seeds'), path.resolve(REPO_ROOT, 'data-seed/plans')];
  return candidates.find((d) => fs.existsSync(d) && fs.readdirSync(d).some((f) => /^00\d_.*\.txt$/.test(f))) ?? candidates[1];
}

export interface DemoPlan {
  id: number;
  file: string;
  number: string | null;
  title: string;
  issuer: string;
  parentPlanId: number | null;
  created: boolean;
}

async function loadSeedPlans(db: Db, seedsDir: string): Promise<DemoPlan[]> {
  const files = fs.existsSync(seedsDir) ? fs.readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort() : [];
  const national = await nationalProgrammeId(db);
  const out: DemoPlan[] = [];
  for (const spec of SEED_PLANS) {
    const file = files.find((f) => f.startsWith(`${spec.prefix}_`));
    if (!file) throw new AppError(500, 'demo_seed_missing', `Không tìm thấy kế hoạch mẫu ${spec.prefix} trong ${seedsDir}.`, `Seed plan ${spec.prefix} not found in ${seedsDir}.`);
    const text = fs.readFileSync(path.join(seedsDir, file), 'utf8');
    const unit = await findUnitAt(db, spec.unit.level, spec.unit.code, spec.unit.at);
    if (!unit) throw new AppError(500, 'demo_unit_missing', `Không tìm thấy đơn vị ${spec.unit.level} mã ${spec.unit.code} vào ngày ${spec.unit.at} (cần dữ liệu gốc).`, `Unit ${spec.unit.level} ${spec.unit.code} not found on ${spec.unit.at} (base seed needed).`);
    const imported = parsePlanText(text);
    // the national programme is the parent of the plans that implement QĐ 23/QĐ-TTg (named in the document)
    const implementsQd23 = imported.document.implements.some((r) => /^23\/QĐ-TTg$/i.test(r.number)) || /23\/QĐ-TTg/i.test(text.slice(0, 6000));
    const parentPlanId = implementsQd23 ? national : null;
    const { plan } = importToPlanInput(imported, { issuerUnitId: unit.id, parentPlanId });
    const existing = await db.selectFrom('plan').select(['id', 'number', 'title', 'parent_plan_id']).where('issuer_unit_id', '=', unit.id).where('title', '=', plan.title).executeTakeFirst();
    const issuer = unit.fullName ?? unit.name;
    if (existing) {
      out.push({ id: existing.id, file, number: existing.number, title: existing.title, issuer, parentPlanId: existing.parent_plan_id, created: false });
      continue;
    }
    const input = { ...plan, kind: spec.kind, status: 'issued' as const, issueDateText: plan.issueDate ? null : (plan.issueDateText ?? spec.issueDateText ?? null) };
    const id = await systemTransaction(db, DEMO_ACTOR, (trx) => createPlan(trx, input));
    out.push({ id, file, number: plan.number ?? null, title: plan.title, issuer, parentPlanId, created: true });
  }
  return out;
}

// ───────────────────────────── commune agencies ─────────────────────────────

const COMMUNE_AGENCIES = [
  { name: 'Công chức Văn hóa - Xã hội', sector: 'labour_social', shortName: 'VH-XH' },
  { name: 'Trạm Y tế', sector: 'health', shortName: 'TYT' },
] as const;

async function communeId(db: Db, code: string, at: string): Promise<number> {
  const u = await findUnitAt(db, 'commune', code, at);
  if (!u) throw new AppError(500, 'demo_unit_missing', `Thiếu xã minh họa ${code} vào ngày ${at}.`, `Demo commune ${code} missing on ${at}.`);
  return u.id;
}

async function ensureCommuneAgencies(db: Db): Promise<{ created: number; homeAgencyId: number; homeHealthId: number }> {
  return systemTransaction(db, DEMO_ACTOR, async (trx) => {
    let created = 0;
    const ensure = async (unitId: number, a: (typeof COMMUNE_AGENCIES)[number], validTo: string | null) => {
      const found = await trx.selectFrom('agency').select('id').where('unit_id', '=', unitId).where('name', '=', a.name).executeTakeFirst();
      if (found) return found.id;
      created++;
      return (await createAgency(trx, { unitId, name: a.name, sector: a.sector, shortName: a.shortName, validTo })).id;
    };
    const newIds = new Map<string, Map<string, number>>();
    for (const code of NEW_COMMUNES) {
      const unitId = await communeId(trx, code, REFORM);
      const m = new Map<string, number>();
      for (const a of COMMUNE_AGENCIES) m.set(a.name, await ensure(unitId, a, null));
      newIds.set(code, m);
    }
    for (const [oldCode, newCode] of Object.entries(OLD_TO_NEW)) {
      const unitId = await communeId(trx, oldCode, '2024-01-01');
      for (const a of COMMUNE_AGENCIES) {
        const oldId = await ensure(unitId, a, REFORM);
        const successorId = newIds.get(newCode)!.get(a.name)!;
        const link = await trx.selectFrom('agency_succession').select('id').where('predecessor_id', '=', oldId).where('successor_id', '=', successorId).executeTakeFirst();
        if (!link) await addAgencySuccession(trx, oldId, { successorId, effectiveDate: REFORM, note: 'Sáp nhập xã 01/07/2025 (dữ liệu minh họa)' });
      }
    }
    return { created, homeAgencyId: newIds.get(HOME_COMMUNE)!.get(COMMUNE_AGENCIES[0].name)!, homeHealthId: newIds.get(HOME_COMMUNE)!.get(COMMUNE_AGENCIES[1].name)! };
  });
}

// ───────────────────────────── child-friendly communes ─────────────────────────────

interface CffPlanItem {
  code: string;
  year: number;
  outcome: 'recognised' | 'not_recognised' | 'submitted' | 'returned' | 'in_progress';
}
/** Before the merger the district recognises; after it, the province (DEFAULT_AUTHORITY). */
const CFF_PLAN: CffPlanItem[] = [
  // indicator 1 of Thanh Hóa: 2021 1/7, 2022 2/7, 2023 2/7, 2024 4/7, 2025 1/3 (the merged communes start again)
  { code: '15889', year: 2021, outcome: 'recognised' },
  { code: '15883', year: 2021, outcome: 'not_recognised' },
  { code: '15889', year: 2022, outcome: 'recognised' },
  { code: '15883', year: 2022, outcome: 'recognised' },
  { code: '15583', year: 2022, outcome: 'not_recognised' },
  { code: '15889', year: 2023, outcome: 'recognised' },
  { code: '15883', year: 2023, outcome: 'recognised' },
  { code: '15583', year: 2023, outcome: 'not_recognised' },
  { code: '15889', year: 2024, outcome: 'recognised' },
  { code: '15892', year: 2024, outcome: 'recognised' },
  { code: '15883', year: 2024, outcome: 'recognised' },
  { code: '15583', year: 2024, outcome: 'recognised' },
  { code: '15517', year: 2024, outcome: 'not_recognised' },
  { code: '15889', year: 2025, outcome: 'recognised' },
  { code: '15520', year: 2025, outcome: 'submitted' },
  { code: '15592', year: 2025, outcome: 'returned' },
];
/** a minimal PDF: the evidence file of the demo (a real commune attaches its minutes and photos) */
const EVIDENCE_PDF = Buffer.from('%PDF-1.4\n% vitreem demo: bien ban minh hoa / illustrative minutes\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function loadCff(db: Db, provinceId: number): Promise<{ registrations: number; recognised: number; created: number }> {
  let created = 0;
  for (const [index, item] of CFF_PLAN.entries()) {
    const at = item.year < 2025 ? `${item.year}-06-01` : '2025-09-01';
    const unit = await findUnitAt(db, 'commune', item.code, at);
    if (!unit) continue;
    const exists = await db.selectFrom('cff_registration').select('id').where('unit_id', '=', unit.id).where('year', '=', item.year).executeTakeFirst();
    if (exists) continue;
    created++;
    await systemTransaction(db, DEMO_ACTOR, async (trx) => {
      const before = item.year < 2025;
      const on = (md: string) => `${item.year}-${md}`;
      const { id } = await cffRegister(trx, { unitId: unit.id, year: item.year, on: before ? on('03-15') : on('07-20'), userId: null, unitCategory: 'other' });
      const reg = await trx.selectFrom('cff_registration').select('standard_id').where('id', '=', id).executeTakeFirstOrThrow();
      const standard = (await loadStandard(trx, { id: reg.standard_id }))!;
      const subs = standard.criteria.flatMap((c) => c.subcriteria);
      // full marks less a little here and there; a refused commune scores 0 on play and recreation (criterion 12)
      const items = subs.map((s, i) => {
        const fail = item.outcome === 'not_recognised' && s.code.startsWith('12.');
        const dent = (i + index) % 7 === 0 ? Math.floor(s.maxPoints * 0.4) : 0;
        return { code: s.code, score: fail ? 0 : s.maxPoints - dent };
      });
      await saveAssessment(trx, id, { items, on: before ? on('08-20') : on('09-10') });
      if (item.outcome === 'in_progress') return;
      await addEvidence(trx, id, { filename: 'bien-ban-minh-hoa.pdf', bytes: EVIDENCE_PDF, truncated: false, itemCodes: subs.filter((s) => s.evidenceRequired).map((s) => s.code), on: before ? on('09-25') : on('09-25'), userId: null });
      await cffSubmit(trx, id, before ? on('09-30') : on('10-01'));
      if (item.outcome === 'submitted') return;
      const decider = before ? (await trx.selectFrom('admin_unit').select('parent_id').where('id', '=', unit.id).executeTakeFirstOrThrow()).parent_id! : provinceId;
      const decidedOn = before ? on('11-15') : on('11-10');
      if (item.outcome === 'returned') {
        await returnForCorrections(trx, id, { byUnitId: decider, on: decidedOn, actorUnits: null, note: 'Bổ sung biên bản họp diễn đàn trẻ em và ảnh điểm vui chơi (minh họa).', correctionDeadline: on('12-15') });
        return;
      }
      await cffDecide(trx, id, {
        kind: item.outcome, byUnitId: decider, on: decidedOn, actorUnits: null, userId: null,
        number: `${100 + index}/QĐ-UBND (minh họa)`, signer: null, signerTitle: before ? 'Chủ tịch UBND huyện' : 'Chủ tịch UBND tỉnh',
        reason: item.outcome === 'not_recognised' ? 'Tiêu chí 12 (vui chơi, giải trí) không đạt điểm nào.' : null,
      });
    });
  }
  const registrations = await db.selectFrom('cff_registration as r').innerJoin('admin_unit as u', 'u.id', 'r.unit_id').select((eb) => eb.fn.countAll<number>().as('n')).where('u.code', 'in', DEMO_COMMUNES).where('u.level', '=', 'commune').executeTakeFirstOrThrow();
  const recognised = await db.selectFrom('cff_decision as d').innerJoin('admin_unit as u', 'u.id', 'd.unit_id').select((eb) => eb.fn.countAll<number>().as('n')).where('u.code', 'in', DEMO_COMMUNES).where('d.kind', '=', 'recognised').executeTakeFirstOrThrow();
  return { registrations: Number(registrations.n), recognised: Number(recognised.n), created };
}

// ───────────────────────────── the children's register and cases ─────────────────────────────

/**
 * FICTIONAL children: every name carries "Minh Họa" (illustration) or "Mẫu" (sample), addresses
 * are in "thôn Minh Họa"; no real person is meant.
 */
const DEMO_CHILDREN: { fullName: string; birthDate: string; sex: 'male' | 'female'; circumstances: string[]; poverty: 'poor' | 'near_poor' | 'none'; schooling: string; disability?: boolean; caregiver: string }[] = [
  { fullName: 'Nguyễn Văn Minh Họa', birthDate: '2013-04-12', sex: 'male', circumstances: ['risk_dropout'], poverty: 'poor', schooling: 'lower_secondary', caregiver: 'Nguyễn Thị Mẫu (bà nội)' },
  { fullName: 'Trần Thị Mẫu Một', birthDate: '2016-09-03', sex: 'female', circumstances: ['violence_harmed'], poverty: 'near_poor', schooling: 'primary', caregiver: 'Trần Văn Mẫu (bố)' },
  { fullName: 'Lê Minh Họa', birthDate: '2019-01-25', sex: 'male', circumstances: ['disability'], poverty: 'none', schooling: 'preschool', disability: true, caregiver: 'Lê Thị Mẫu (mẹ)' },
  { fullName: 'Phạm Thị Mẫu Hai', birthDate: '2011-11-30', sex: 'female', circumstances: ['risk_child_marriage'], poverty: 'poor', schooling: 'lower_secondary', caregiver: 'Phạm Văn Mẫu (bố)' },
  { fullName: 'Hoàng Văn Mẫu Ba', birthDate: '2014-06-18', sex: 'male', circumstances: ['orphan_both'], poverty: 'poor', schooling: 'primary', caregiver: 'Hoàng Thị Minh Họa (cô ruột)' },
  { fullName: 'Vũ Thị Minh Họa', birthDate: '2021-03-08', sex: 'female', circumstances: [], poverty: 'none', schooling: 'under_age', caregiver: 'Vũ Văn Mẫu (bố)' },
];

const HOUR = 3600_000;

async function loadRegister(db: Db, unitId: number, workerId: number | null, supervisorId: number | null, now: Date): Promise<{ children: number; cases: number; created: boolean }> {
  const count = async () => {
    const c = await db.selectFrom('child').select((eb) => eb.fn.countAll<number>().as('n')).where('unit_id', '=', unitId).executeTakeFirstOrThrow();
    const k = await db.selectFrom('child_case').select((eb) => eb.fn.countAll<number>().as('n')).where('unit_id', '=', unitId).executeTakeFirstOrThrow();
    return { children: Number(c.n), cases: Number(k.n) };
  };
  const before = await count();
  if (before.children > 0) return { ...before, created: false };
  await systemTransaction(db, DEMO_ACTOR, async (trx) => {
    const today = new Date(now.getTime() + 7 * HOUR).toISOString().slice(0, 10);
    const ids: number[] = [];
    for (const [i, c] of DEMO_CHILDREN.entries()) {
      const registeredOn = i < 3 ? '2025-08-15' : today;
      const pii: ChildPii = { fullName: c.fullName, birthDate: c.birthDate, idNumber: null, address: 'Thôn Minh Họa, xã Hoằng Phú — địa chỉ minh họa', caregivers: [{ name: c.caregiver.replace(/ \(.*\)$/, ''), relation: c.caregiver.replace(/^.*\((.*)\)$/, '$1') }], notes: 'Hồ sơ minh họa (dữ liệu giả, không phải người thật).' } as ChildPii;
      const { id } = await trx.insertInto('child').values(childRow(pii, { unitId, sex: c.sex, ethnicity: 'Kinh', povertyStatus: c.poverty, disability: c.disability ?? false, schooling: c.schooling, healthInsurance: true, legalBasis: 'child_protection', registeredOn })).returning('id').executeTakeFirstOrThrow();
      await trx.insertInto('child_residence').values({ child_id: id, unit_id: unitId, village_id: null, from_date: registeredOn }).execute();
      for (const group of c.circumstances) {
        const start = registeredOn < today ? registeredOn : today;
        const { id: circumstanceId } = await trx.insertInto('child_circumstance').values({ child_id: id, group_code: group, start_date: start, end_date: null, note: encryptOptional('Ghi chú minh họa.') }).returning('id').executeTakeFirstOrThrow();
        if (c.poverty === 'poor') await trx.insertInto('child_support').values({ child_id: id, circumstance_id: circumstanceId, kind: 'assistance', support_date: start, provider: 'UBND xã (minh họa)', note: encryptOptional('Trợ cấp xã hội hằng tháng (minh họa).') }).execute();
      }
      ids.push(id);
    }
    // three cases at different steps of Decree 56/2017: one overdue at the first assessment,
    // one whose support plan awaits the supervisor, one being carried out
    const cases: { child: number; source: string; receivedHoursAgo: number; done: CaseStep[]; status: string; planApproved: boolean; urgency: 'urgent' | 'normal'; description: string }[] = [
      { child: ids[1], source: 'hotline_111', receivedHoursAgo: 30, done: ['receive'], status: 'open', planApproved: false, urgency: 'urgent', description: 'Tổng đài 111 chuyển thông tin: trẻ có dấu hiệu bị bạo lực (tình huống minh họa).' },
      { child: ids[3], source: 'school', receivedHoursAgo: 24 * 12, done: ['receive', 'assess', 'plan'], status: 'plan_pending', planApproved: false, urgency: 'normal', description: 'Nhà trường báo trẻ nghỉ học dài ngày, gia đình dự định cho kết hôn sớm (tình huống minh họa).' },
      { child: ids[0], source: 'neighbour', receivedHoursAgo: 24 * 45, done: ['receive', 'assess', 'plan', 'implement'], status: 'open', planApproved: true, urgency: 'normal', description: 'Hàng xóm báo trẻ phải đi làm thuê, có nguy cơ bỏ học (tình huống minh họa).' },
    ];
    for (const k of cases) {
      const received = new Date(now.getTime() - k.receivedHoursAgo * HOUR);
      const { id } = await trx.insertInto('child_case').values({
        child_id: k.child, unit_id: unitId, source: k.source, channel: k.source === 'hotline_111' ? 'phone' : 'in_person',
        reporter: encryptJson({ name: 'Người báo tin minh họa', relation: k.source === 'school' ? 'Giáo viên chủ nhiệm' : null, contact: null }),
        reported_at: received, received_at: received, description: encryptOptional(k.description), urgency: k.urgency,
        status: k.status, plan_approved: k.planApproved, worker_user_id: workerId, serious_risk: k.done.includes('assess') ? k.urgency === 'urgent' : null,
      }).returning('id').executeTakeFirstOrThrow();
      // steps done at a plausible pace: assessment within 8 hours, plan 3 days later, the rest weekly
      const doneAt: Partial<Record<CaseStep, Date>> = {};
      let t = received;
      for (const step of k.done) {
        if (step !== 'receive') t = new Date(t.getTime() + (step === 'assess' ? 8 * HOUR : step === 'plan' ? 72 * HOUR : 7 * 24 * HOUR));
        doneAt[step] = t;
      }
      const rows = [];
      let previous = received;
      // the emergency step (NĐ 56 Điều 26.3) only for the report received as urgent
      const applicable = CASE_STEPS.filter((step) => step !== 'emergency' || k.urgency === 'urgent');
      for (const [index, step] of applicable.entries()) {
        const position = CASE_STEPS.indexOf(step);
        const before = applicable[index - 1];
        const due = step === 'receive' || step === 'close' ? { dueAt: null, basis: null } : before && (doneAt[before] || step === 'emergency') ? await computeDue(trx, unitId, step, { received, previous }) : { dueAt: null, basis: null };
        rows.push({ case_id: id, step, position, due_at: due.dueAt, limit_basis: due.basis, done_at: doneAt[step] ?? null, done_by: doneAt[step] ? workerId : null, responsible_user_id: workerId, notes: doneAt[step] && step !== 'receive' ? encryptOptional('Ghi chú minh họa của cán bộ.') : null });
        if (doneAt[step]) previous = doneAt[step]!;
      }
      await trx.insertInto('case_step').values(rows).execute();
      if (k.planApproved) await trx.insertInto('case_approval').values({ case_id: id, kind: 'plan', decision: 'approved', by_user_id: supervisorId, by_name: 'demo.supervisor', note: 'Đồng ý kế hoạch (minh họa).' }).execute();
    }
  });
  return { ...(await count()), created: true };
}

// ───────────────────────────── the whole demo ─────────────────────────────

/** What `loadDemo(db, { only: 'reporting' })` answers: the demo province and its reporting. */
export interface DemoReportingSummary {
  /** true when this run added nothing (everything was there already) */
  alreadyLoaded: boolean;
  messageVi: string;
  messageEn: string;
  province: { id: number; name: string };
  reporting: { planId: number; communes: number; obligations: number; submitted: number; approved: number; returned: number; draft: number; late: number; years: number[]; /** the periods shorter than the year with reports (2025S1, 202501…) */ periods: string[] };
}

/** What `loadDemo(db)` answers (`npx vitreem demo` prints it). */
export interface DemoSummary extends DemoReportingSummary {
  plans: DemoPlan[];
  agencies: { created: number };
  users: { username: string; role: string; unitId: number | null; agencyId: number | null; created: boolean }[];
  password: string;
  cff: { registrations: number; recognised: number; indicator1: { year: number; valueText: string; numerator: number; denominator: number } };
  /** the demo plan's budget (million VND) and the spending figures entered for 2021–2025 */
  budget: { planId: number; planned: number; figures: number };
  /** the demo plan's tasks and their progress entries (2024, 2025) */
  tasks: { planId: number; tasks: number; entries: number };
  register: { communeId: number; communeName: string; children: number; cases: number };
}

export interface DemoOptions {
  /** where the seed plans are (default: shared/seeds beside the repository, else data-seed/plans) */
  seedsDir?: string;
  /** the day the demo is loaded on (the register's and cases' dates are relative to it) */
  now?: Date;
  /** 'reporting': only the demo province's units, plan and five years of values (no seed plans, users, cff, register) */
  only?: 'reporting';
}

let running: Promise<unknown> = Promise.resolve();

/** Loads the demo (idempotent), the whole of it or `only` its reporting part. Runs one at a time in this process. */
export function loadDemo(db: Db, options: DemoOptions & { only: 'reporting' }): Promise<DemoReportingSummary>;
export function loadDemo(db: Db, options?: DemoOptions): Promise<DemoSummary>;
export function loadDemo(db: Db, options: DemoOptions = {}): Promise<DemoReportingSummary | DemoSummary> {
  const run = running.then(() => (options.only === 'reporting' ? loadReporting(db) : load(db, options)));
  running = run.catch(() => undefined);
  return run;
}

async function loadReporting(db: Db): Promise<DemoReportingSummary> {
  const { created, province, reporting } = await provinceAndReporting(db);
  return {
    alreadyLoaded: !created,
    messageVi: created ? `Đã nạp số liệu minh họa ${reporting.years.length} năm của ${province.name}.` : 'Số liệu minh họa đã có sẵn; lần chạy này không thêm gì.',
    messageEn: created ? `Demo values loaded: ${reporting.years.length} years for ${province.name}.` : 'The demo values were already loaded; this run added nothing.',
    province,
    reporting,
  };
}

/** The demo province's units, plan and values (./reporting.ts), and where its reports stand. */
async function provinceAndReporting(db: Db): Promise<{ created: boolean } & Pick<DemoReportingSummary, 'province' | 'reporting'>> {
  const before = await db.selectFrom('plan').select('id').where('number', '=', DEMO_PLAN_NUMBER).executeTakeFirst();
  const rep = await loadReportingPart(db);
  await loadPeriodsPart(db, rep.planId);
  const province = await db.selectFrom('admin_unit').select(['id', 'name', 'full_name']).where('id', '=', rep.provinceId).executeTakeFirstOrThrow();
  const counts = await db.selectFrom('obligation').select(['status', 'year', 'on_time']).where('plan_id', '=', rep.planId).where('kind', '=', 'annual').execute();
  const years = [...new Set(counts.map((o) => o.year))].sort();
  const subPeriods = (await db.selectFrom('reporting_period').select('period').distinct().where('plan_id', '=', rep.planId).where('kind', 'in', ['sixmonthly', 'quarterly', 'monthly']).execute()).map((p) => p.period).sort();
  const byStatus = (s: string) => counts.filter((o) => o.status === s).length;
  // late by the one rule (src/domain/reporting/timeliness.ts): received and not on time
  const late = counts.filter((o) => (o.status === 'submitted' || o.status === 'approved') && o.on_time === false).length;
  return {
    created: !before,
    province: { id: province.id, name: province.full_name ?? province.name },
    reporting: {
      planId: rep.planId, communes: await countDemoCommunes(db), obligations: counts.length,
      submitted: byStatus('submitted'), approved: byStatus('approved'), returned: byStatus('returned'), draft: byStatus('draft'), late, years, periods: subPeriods,
    },
  };
}

async function load(db: Db, options: DemoOptions): Promise<DemoSummary> {
  const now = options.now ?? new Date();
  const plans = await loadSeedPlans(db, options.seedsDir ?? defaultSeedsDir());
  const { created: reportingCreated, province, reporting } = await provinceAndReporting(db);
  const budget = await loadDemoBudget(db, reporting.planId, DEMO_ACTOR);
  const agencies = await ensureCommuneAgencies(db);
  const tasks = await loadDemoTasks(db, { planId: reporting.planId, provinceId: province.id, communeAgencies: { vhxh: agencies.homeAgencyId, tyt: agencies.homeHealthId } }, DEMO_ACTOR);
  const home = await communeId(db, HOME_COMMUNE, now.toISOString().slice(0, 10) < REFORM ? REFORM : now.toISOString().slice(0, 10));
  const users = await createDemoUsers(db, { scope: { provinceId: province.id, communeId: home, agencyId: agencies.homeAgencyId } });
  const cff = await loadCff(db, province.id);
  const userId = async (username: string) => (await db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst())?.id ?? null;
  const register = await loadRegister(db, home, await userId('demo.caseworker'), await userId('demo.supervisor'), now);
  const share = await childFriendlyShare(db, province.id, 2024);
  const homeUnit = await db.selectFrom('admin_unit').select(['name', 'full_name']).where('id', '=', home).executeTakeFirstOrThrow();

  const added = plans.filter((p) => p.created).length + (reportingCreated ? 1 : 0) + (budget.created ? 1 : 0) + (tasks.created ? 1 : 0) + agencies.created + users.filter((u) => u.created).length + cff.created + (register.created ? 1 : 0);
  const alreadyLoaded = added === 0;
  return {
    alreadyLoaded,
    messageVi: alreadyLoaded ? 'Dữ liệu minh họa đã có sẵn; lần chạy này không thêm gì.' : `Đã nạp dữ liệu minh họa: ${plans.filter((p) => p.created).length} kế hoạch mẫu, số liệu ${reporting.years.length} năm của ${province.name}, ${users.filter((u) => u.created).length} tài khoản.`,
    messageEn: alreadyLoaded ? 'The demo data was already loaded; this run added nothing.' : `Demo data loaded: ${plans.filter((p) => p.created).length} seed plans, ${reporting.years.length} years of values for ${province.name}, ${users.filter((u) => u.created).length} accounts.`,
    plans,
    province,
    reporting,
    agencies: { created: agencies.created },
    users: users.map((u) => ({ username: u.username, role: u.role, unitId: u.unitId, agencyId: u.agencyId, created: u.created })),
    password: users[0]?.password ?? DEMO_PASSWORD,
    cff: { registrations: cff.registrations, recognised: cff.recognised, indicator1: { year: 2024, valueText: share.valueText, numerator: share.numerator, denominator: share.denominator } },
    budget: { planId: budget.planId, planned: budget.planned, figures: budget.figures },
    tasks: { planId: reporting.planId, tasks: tasks.tasks, entries: tasks.entries },
    register: { communeId: home, communeName: homeUnit.full_name ?? homeUnit.name, children: register.children, cases: register.cases },
  };
}

async function countDemoCommunes(db: Db): Promise<number> {
  const r = await db.selectFrom('admin_unit').select((eb) => eb.fn.countAll<number>().as('n')).where('level', '=', 'commune').where('code', 'in', DEMO_COMMUNES).executeTakeFirstOrThrow();
  return Number(r.n);
}
