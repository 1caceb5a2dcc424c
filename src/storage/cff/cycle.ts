/**
 * The yearly cycle as database operations. Every function runs inside the caller's transaction
 * (the API's writeTransaction) and throws CffRuleError before writing anything when a rule fails.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import '../schema-cff.ts';
import type { Database } from '../schema.ts';
import {
  CffRuleError,
  checkAuthority,
  checkEvidence,
  checkRegistrationDeadline,
  checkSelfAssessmentDeadline,
  evaluate,
  findSubCriterion,
  measureOf,
  nextStatus,
  resolveItemScore,
  scoreValue,
  type AuthorityPeriod,
  type CffStatus,
  type Evaluation,
  type ItemInput,
  type UnitCategory,
} from '../../domain/cff/index.ts';
import { loadStandard, standardInForce, type StoredStandard } from './standards.ts';
import { ancestorChain, getUnit, validOn, type UnitRow } from './units.ts';
import { governingUnits, settingsFor } from './settings.ts';
import { cffPrefillSource } from './prefill.ts';

type Db = Kysely<Database>;

const notFound = (vi: string, en: string, path: string[] = []) => new CffRuleError('not_found', `Không tìm thấy ${vi}.`, `${en} not found.`, path, 404);

export async function authorityPeriods(db: Db): Promise<AuthorityPeriod[]> {
  const rows = await db.selectFrom('cff_authority').selectAll().orderBy('valid_from', (ob) => ob.asc().nullsFirst()).execute();
  return rows.map((r) => ({ from: r.valid_from, to: r.valid_to, level: r.level as AuthorityPeriod['level'], basisVi: r.basis_vi, verify: r.verify }));
}

export async function getRegistration(db: Db, id: number) {
  const reg = await db.selectFrom('cff_registration').selectAll().where('id', '=', id).executeTakeFirst();
  if (!reg) throw notFound('hồ sơ đăng ký', 'Registration', ['id']);
  return reg;
}

/** The commune a registration concerns (for access checks). */
export async function registrationUnit(db: Db, id: number): Promise<number | null> {
  const row = await db.selectFrom('cff_registration').select('unit_id').where('id', '=', id).executeTakeFirst();
  return row?.unit_id ?? null;
}

/** Ward of a centrally-run city when the unit is a "phường" under a "thành phố" province; otherwise 'other' (set it explicitly for mountain/island/disadvantaged communes). */
export function defaultCategory(unit: UnitRow, chain: UnitRow[]): UnitCategory {
  const province = chain.find((u) => u.level === 'province');
  if (/phường/i.test(unit.kind ?? unit.name) && province && /thành phố/i.test(`${province.kind ?? ''} ${province.name}`)) return 'ward_central_city';
  return 'other';
}

export async function fillFromIndicators(db: Db, registrationId: number, unitId: number, year: number, standard: StoredStandard): Promise<number> {
  const source = cffPrefillSource();
  let filled = 0;
  for (const criterion of standard.criteria) {
    for (const sub of criterion.subcriteria) {
      const measure = measureOf(sub.source);
      if (!measure || !sub.scoring) continue;
      const found = await source(db, unitId, year, measure);
      if (!found) continue;
      const score = scoreValue(sub.scoring, found.value);
      await db
        .insertInto('cff_assessment_item')
        .values({ registration_id: registrationId, code: sub.code, value: found.value, score, prefilled_from: `${sub.source} — ${found.source}`, prefilled_value: found.value })
        // a value the commune entered itself is kept; an empty item takes the reported one
        .onConflict((oc) =>
          oc.columns(['registration_id', 'code']).doUpdateSet({
            prefilled_from: `${sub.source} — ${found.source}`,
            prefilled_value: found.value,
            value: sql`coalesce(cff_assessment_item.value, excluded.value)`,
            score: sql`case when cff_assessment_item.value is null then excluded.score else cff_assessment_item.score end`,
          }),
        )
        .execute();
      filled++;
    }
  }
  return filled;
}

export interface RegisterInput {
  unitId: number;
  year: number;
  standardCode?: string | null;
  unitCategory?: UnitCategory | null;
  on: string;
  userId: number | null;
}

export async function register(db: Db, input: RegisterInput) {
  const unit = await getUnit(db, input.unitId);
  if (!unit) throw notFound('đơn vị hành chính', 'Administrative unit', ['unitId']);
  if (unit.level !== 'commune') throw new CffRuleError('not_a_commune', `"${unit.name}" không phải đơn vị cấp xã; chỉ xã, phường, thị trấn đăng ký xây dựng xã phù hợp với trẻ em.`, `"${unit.name}" is not a commune-level unit.`, ['unitId']);
  if (!validOn(unit, input.on)) throw new CffRuleError('unit_not_in_force', `Đơn vị "${unit.name}" không còn tồn tại vào ngày đăng ký (đã sáp nhập hoặc giải thể).`, `Unit "${unit.name}" does not exist on the registration date (merged or dissolved).`, ['unitId']);
  if (input.on > `${input.year}-12-31` || input.on < `${input.year - 1}-01-01`) throw new CffRuleError('year_mismatch', `Ngày đăng ký không thuộc chu kỳ năm ${input.year}.`, `The registration date is outside the ${input.year} cycle.`, ['year']);
  const settings = await settingsFor(db, unit.id, input.year);
  checkRegistrationDeadline({ registrationDeadline: settings?.registration_deadline ?? null, selfAssessmentDeadline: null }, input.on);
  const standard = input.standardCode ? await loadStandard(db, { code: input.standardCode }) : await standardInForce(db, input.on);
  if (!standard) {
    throw input.standardCode
      ? notFound(`bộ tiêu chuẩn "${input.standardCode}"`, `Standard "${input.standardCode}"`, ['standardCode'])
      : new CffRuleError('no_standard_in_force', 'Không có bộ tiêu chuẩn nào có hiệu lực vào ngày đăng ký; quản trị viên cần bổ sung.', 'No standard is in force on the registration date; an administrator must add one.', ['standardCode']);
  }
  const existing = await db.selectFrom('cff_registration').select('id').where('unit_id', '=', unit.id).where('year', '=', input.year).executeTakeFirst();
  if (existing) throw new CffRuleError('already_registered', `"${unit.name}" đã đăng ký năm ${input.year}.`, `"${unit.name}" is already registered for ${input.year}.`, ['unitId'], 409, { registrationId: existing.id });
  const chain = await ancestorChain(db, unit.id);
  const category = input.unitCategory ?? defaultCategory(unit, chain);
  const { id } = await db
    .insertInto('cff_registration')
    .values({ unit_id: unit.id, year: input.year, standard_id: standard.id, unit_category: category, status: 'registered', registered_on: input.on, created_by: input.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  const prefilled = await fillFromIndicators(db, id, unit.id, input.year, standard);
  return { id, prefilled };
}

async function context(db: Db, registrationId: number) {
  const reg = await getRegistration(db, registrationId);
  const standard = await loadStandard(db, { id: reg.standard_id });
  if (!standard) throw notFound('bộ tiêu chuẩn', 'Standard');
  const settings = await settingsFor(db, reg.unit_id, reg.year);
  const deadlines = { registrationDeadline: settings?.registration_deadline ?? null, selfAssessmentDeadline: settings?.self_assessment_deadline ?? null, correctionDeadline: reg.correction_deadline };
  return { reg, standard, settings, deadlines };
}

async function currentEvaluation(db: Db, registrationId: number, standard: StoredStandard, category: UnitCategory): Promise<Evaluation> {
  const items = await db.selectFrom('cff_assessment_item').select(['code', 'score']).where('registration_id', '=', registrationId).execute();
  return evaluate(standard, Object.fromEntries(items.map((i) => [i.code, i.score])), category);
}

async function setStatus(db: Db, id: number, status: CffStatus, extra: Partial<{ submitted_on: string; correction_deadline: string | null; review_note: string | null; unit_category: string }> = {}) {
  await db.updateTable('cff_registration').set({ status, ...extra, updated_at: sql`now()`, version: sql`version + 1` }).where('id', '=', id).execute();
}

/** Fills indicator-sourced items again (reports may have arrived since registration) while the file is open. */
export async function refillFromIndicators(db: Db, registrationId: number, on: string) {
  const { reg, standard, deadlines } = await context(db, registrationId);
  nextStatus(reg.status as CffStatus, 'save');
  checkSelfAssessmentDeadline(deadlines, reg.status as CffStatus, on);
  const filled = await fillFromIndicators(db, reg.id, reg.unit_id, reg.year, standard);
  return { filled };
}

export async function saveAssessment(db: Db, registrationId: number, input: { items: (ItemInput & { note?: string | null })[]; unitCategory?: UnitCategory | null; on: string }) {
  const { reg, standard, deadlines } = await context(db, registrationId);
  const status = nextStatus(reg.status as CffStatus, 'save');
  checkSelfAssessmentDeadline(deadlines, reg.status as CffStatus, input.on);
  const seen = new Set<string>();
  const resolved = input.items.map((item, i) => {
    if (seen.has(item.code)) throw new CffRuleError('duplicate_item', `Chỉ tiêu ${item.code} được nhập hai lần.`, `Item ${item.code} appears twice.`, ['items', i, 'code']);
    seen.add(item.code);
    return { ...resolveItemScore(standard, item, ['items', i]), note: item.note ?? null };
  });
  for (const r of resolved) {
    await db
      .insertInto('cff_assessment_item')
      .values({ registration_id: reg.id, code: r.sub.code, value: r.value, score: r.score, note: r.note })
      .onConflict((oc) => oc.columns(['registration_id', 'code']).doUpdateSet({ value: r.value, score: r.score, note: r.note, updated_at: sql`now()` }))
      .execute();
  }
  await setStatus(db, reg.id, status, input.unitCategory ? { unit_category: input.unitCategory } : {});
  return currentEvaluation(db, reg.id, standard, (input.unitCategory ?? reg.unit_category) as UnitCategory);
}

export async function addEvidence(db: Db, registrationId: number, input: { filename: string; bytes: Uint8Array; truncated: boolean; itemCodes: string[]; on: string; userId: number | null }) {
  const { reg, standard, deadlines } = await context(db, registrationId);
  nextStatus(reg.status as CffStatus, 'save'); // evidence is part of the self-assessment: only while it is open
  checkSelfAssessmentDeadline(deadlines, reg.status as CffStatus, input.on);
  input.itemCodes.forEach((code, i) => {
    if (!findSubCriterion(standard, code)) throw new CffRuleError('unknown_subcriterion', `Chỉ tiêu "${code}" không có trong bộ tiêu chuẩn ${standard.number}.`, `Sub-criterion "${code}" is not part of standard ${standard.number}.`, ['items', i]);
  });
  const { kind, mediaType } = checkEvidence(input.filename, input.bytes, input.truncated);
  const { id } = await db
    .insertInto('cff_evidence')
    .values({
      registration_id: reg.id,
      item_codes: input.itemCodes,
      filename: input.filename,
      kind,
      media_type: mediaType,
      size_bytes: input.bytes.length,
      sha256: createHash('sha256').update(input.bytes).digest('hex'),
      content: input.bytes,
      uploaded_by: input.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, kind, mediaType, sizeBytes: input.bytes.length };
}

export async function submit(db: Db, registrationId: number, on: string) {
  const { reg, standard, deadlines } = await context(db, registrationId);
  const status = nextStatus(reg.status as CffStatus, 'submit');
  checkSelfAssessmentDeadline(deadlines, reg.status as CffStatus, on);
  const evaluation = await currentEvaluation(db, reg.id, standard, reg.unit_category as UnitCategory);
  if (!evaluation.complete) {
    throw new CffRuleError('assessment_incomplete', `Chưa chấm đủ các chỉ tiêu: ${evaluation.missing.join(', ')}.`, `Items not yet scored: ${evaluation.missing.join(', ')}.`, ['items'], 400, { missing: evaluation.missing });
  }
  const missingEvidence = await evidenceMissing(db, reg.id, standard);
  if (missingEvidence.length) {
    throw new CffRuleError('evidence_missing', `Còn thiếu tài liệu minh chứng cho: ${missingEvidence.join(', ')}.`, `Evidence missing for: ${missingEvidence.join(', ')}.`, ['evidence'], 400, { missing: missingEvidence });
  }
  await setStatus(db, reg.id, status, { submitted_on: on });
  return evaluation;
}

export async function evidenceMissing(db: Db, registrationId: number, standard: StoredStandard): Promise<string[]> {
  const files = await db.selectFrom('cff_evidence').select('item_codes').where('registration_id', '=', registrationId).execute();
  const covered = new Set(files.flatMap((f) => f.item_codes));
  return standard.criteria.flatMap((c) => c.subcriteria).filter((s) => s.evidenceRequired && !covered.has(s.code)).map((s) => s.code);
}

interface ReviewInput {
  byUnitId: number;
  on: string;
  /** actor's units (grants); null = national or administrator: any unit */
  actorUnits: number[] | null;
}

async function checkDecider(db: Db, reg: { unit_id: number }, input: ReviewInput) {
  const decider = await getUnit(db, input.byUnitId);
  if (!decider) throw notFound('đơn vị ra quyết định', 'Deciding unit', ['byUnitId']);
  if (input.actorUnits && !input.actorUnits.includes(decider.id)) {
    throw new CffRuleError('not_your_unit', `Bạn không được giao quyền tại "${decider.name}".`, `You hold no role at "${decider.name}".`, ['byUnitId'], 403);
  }
  const governing = await governingUnits(db, reg.unit_id);
  checkAuthority(await authorityPeriods(db), input.on, { level: decider.level, isAncestorOfCommune: governing.has(decider.id), name: decider.name });
  return decider;
}

export async function returnForCorrections(db: Db, registrationId: number, input: ReviewInput & { note: string; correctionDeadline?: string | null }) {
  const { reg } = await context(db, registrationId);
  const status = nextStatus(reg.status as CffStatus, 'return');
  await checkDecider(db, reg, input);
  if (input.correctionDeadline && input.correctionDeadline < input.on) throw new CffRuleError('correction_deadline_past', 'Hạn bổ sung phải sau ngày trả lại.', 'The correction deadline must be after the return date.', ['correctionDeadline']);
  await setStatus(db, reg.id, status, { review_note: input.note, correction_deadline: input.correctionDeadline ?? null });
}

export interface DecisionInput extends ReviewInput {
  kind: 'recognised' | 'not_recognised';
  number?: string | null;
  signer?: string | null;
  signerTitle?: string | null;
  reason?: string | null;
  userId: number | null;
}

export async function decide(db: Db, registrationId: number, input: DecisionInput) {
  const { reg, standard } = await context(db, registrationId);
  const status = nextStatus(reg.status as CffStatus, input.kind === 'recognised' ? 'recognise' : 'not_recognise');
  const decider = await checkDecider(db, reg, input);
  const commune = await getUnit(db, reg.unit_id);
  if (commune && !validOn(commune, input.on)) {
    throw new CffRuleError('unit_not_in_force', `"${commune.name}" không còn tồn tại vào ngày ${input.on} (đã sáp nhập); đơn vị mới phải đăng ký và được đánh giá lại.`, `"${commune.name}" no longer exists on ${input.on} (merged); the new unit must register and be re-assessed.`, ['on'], 409);
  }
  if (input.on < reg.registered_on) throw new CffRuleError('decision_before_registration', 'Ngày quyết định không thể trước ngày đăng ký.', 'The decision cannot predate the registration.', ['on']);
  const evaluation = await currentEvaluation(db, reg.id, standard, reg.unit_category as UnitCategory);
  if (input.kind === 'recognised' && !evaluation.passed) {
    throw new CffRuleError(
      'standard_not_met',
      `Chưa đủ điều kiện công nhận: ${evaluation.reasons.map((r) => r.vi).join(' ')}`,
      `Does not meet the standard: ${evaluation.reasons.map((r) => r.en).join(' ')}`,
      ['items'],
      400,
      { evaluation },
    );
  }
  const { id } = await db
    .insertInto('cff_decision')
    .values({
      registration_id: reg.id,
      unit_id: reg.unit_id,
      year: reg.year,
      kind: input.kind,
      decided_by_unit_id: decider.id,
      number: input.number ?? null,
      decided_on: input.on,
      signer: input.signer ?? null,
      signer_title: input.signerTitle ?? null,
      reason: input.reason ?? null,
      evaluation: JSON.stringify(evaluation),
      created_by: input.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setStatus(db, reg.id, status);
  return { decisionId: id, evaluation };
}

export async function withdraw(db: Db, registrationId: number, input: ReviewInput & { number?: string | null; reason: string; signer?: string | null; signerTitle?: string | null; userId: number | null }) {
  const { reg } = await context(db, registrationId);
  const status = nextStatus(reg.status as CffStatus, 'withdraw');
  const decider = await checkDecider(db, reg, input);
  const recognition = await db.selectFrom('cff_decision').select(['decided_on']).where('registration_id', '=', reg.id).where('kind', '=', 'recognised').orderBy('id', 'desc').executeTakeFirst();
  if (recognition && input.on < recognition.decided_on) throw new CffRuleError('withdrawal_before_recognition', 'Ngày thu hồi không thể trước ngày công nhận.', 'The withdrawal cannot predate the recognition.', ['on']);
  const { id } = await db
    .insertInto('cff_decision')
    .values({ registration_id: reg.id, unit_id: reg.unit_id, year: reg.year, kind: 'withdrawn', decided_by_unit_id: decider.id, number: input.number ?? null, decided_on: input.on, signer: input.signer ?? null, signer_title: input.signerTitle ?? null, reason: input.reason, created_by: input.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setStatus(db, reg.id, status);
  return { decisionId: id };
}

/** The whole file of a registration: the form (items with what was pre-filled and what needs evidence), evidence list, decisions, evaluation. */
export async function registrationFile(db: Db, registrationId: number) {
  const { reg, standard, deadlines } = await context(db, registrationId);
  const unit = await getUnit(db, reg.unit_id);
  const items = await db.selectFrom('cff_assessment_item').selectAll().where('registration_id', '=', reg.id).execute();
  const evidence = await db.selectFrom('cff_evidence').select(['id', 'filename', 'kind', 'media_type', 'size_bytes', 'item_codes', 'uploaded_at']).where('registration_id', '=', reg.id).orderBy('id').execute();
  const decisions = await db.selectFrom('cff_decision').select(['id', 'kind', 'number', 'decided_on', 'decided_by_unit_id', 'reason', 'signer', 'signer_title']).where('registration_id', '=', reg.id).orderBy('id').execute();
  const byCode = new Map(items.map((i) => [i.code, i]));
  const evidenceByCode = new Map<string, number>();
  for (const e of evidence) for (const c of e.item_codes) evidenceByCode.set(c, (evidenceByCode.get(c) ?? 0) + 1);
  const evaluation = evaluate(standard, Object.fromEntries(items.map((i) => [i.code, i.score])), reg.unit_category as UnitCategory);
  return {
    registration: { id: reg.id, unitId: reg.unit_id, unitName: unit?.name ?? null, year: reg.year, status: reg.status, unitCategory: reg.unit_category, registeredOn: reg.registered_on, submittedOn: reg.submitted_on, reviewNote: reg.review_note, correctionDeadline: reg.correction_deadline, version: reg.version },
    deadlines,
    standard: { id: standard.id, code: standard.code, number: standard.number, titleVi: standard.titleVi, verify: standard.verify ?? false },
    criteria: standard.criteria.map((c) => ({
      code: c.code,
      titleVi: c.titleVi,
      titleEn: c.titleEn,
      verify: c.verify ?? false,
      items: c.subcriteria.map((s) => {
        const item = byCode.get(s.code);
        return {
          code: s.code,
          titleVi: s.titleVi,
          titleEn: s.titleEn,
          maxPoints: s.maxPoints,
          source: s.source,
          valueUnit: s.valueUnit ?? null,
          scoring: s.scoring ?? null,
          verify: s.verify ?? false,
          value: item?.value ?? null,
          score: item?.score ?? null,
          note: item?.note ?? null,
          prefilledFrom: item?.prefilled_from ?? null,
          prefilledValue: item?.prefilled_value ?? null,
          evidenceRequired: s.evidenceRequired,
          evidenceCount: evidenceByCode.get(s.code) ?? 0,
          needsEvidence: s.evidenceRequired && !evidenceByCode.get(s.code),
        };
      }),
    })),
    evidence,
    decisions,
    evaluation,
  };
}
