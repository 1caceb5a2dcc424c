/**
 * Plans in the database: create / read / replace / list / status / delete / check.
 * Shared by the API, the CLI, the importer (--save), documents and reporting. Every write function
 * takes a transaction and validates everything BEFORE writing, so a bad input leaves nothing behind
 * (callers run it inside one transaction anyway: writeTransaction / systemTransaction).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import './schema-foundation.ts';
import { AppError, badRequest, conflict, notFound } from '../api/errors.ts';
import {
  PlanDocumentInputSchema,
  type PlanDocument,
  type PlanDocumentInput,
  type PlanDocumentInputNormalised,
  type ReportingRuleInput,
} from '../domain/plan-document.ts';
import { UNIT_SCALE, type MeasureUnit, type PlanStatus } from '../domain/model.ts';
import { isValidAt, overlapsValidity, partialDateRange } from '../domain/units.ts';
import { checkPlan, type CheckPlan, type PlanCheckResult } from '../domain/plan-check.ts';

/** the plan model's reporting frequency → the rule's DHIS2 period type (migration 101) */
export const PERIOD_TYPE_OF = { yearly: 'Yearly', sixmonthly: 'SixMonthly', quarterly: 'Quarterly', monthly: 'Monthly' } as const;

/** A plan's reporting rule as its stored row (`agencyIds`: the plan's agencies by lower-case name); a plan written whole and the rules replaced alone store the same row. */
export function reportingRuleRow(planId: number, r: ReportingRuleInput, position: number, agencyIds: Map<string, number>) {
  return {
    plan_id: planId,
    reporter_kind: r.reporterKind,
    reporter_agency_id: r.reporterKind === 'agency' ? (agencyIds.get(r.reporter.toLowerCase()) ?? null) : null,
    reporter_text: r.reporter,
    recipient_unit_id: r.recipientUnitId,
    recipient_agency_id: null,
    recipient_text: r.recipient,
    via_text: r.via,
    due_day: (r.due?.day ?? null) as number,
    due_month: (r.due?.month ?? null) as number,
    due_year: r.due?.year ?? null,
    recurrence: r.recurrence,
    period_type: PERIOD_TYPE_OF[r.period],
    due_month_offset: r.dueInPeriod === null ? null : r.dueInPeriod === 'last_month' ? 0 : 1,
    indicator_codes: r.indicators?.length ? JSON.stringify(r.indicators) : null,
    position,
  };
}
import { fullNameOf } from './units.ts';

type Db = Kysely<Database>;

const LEVEL_OF_PLAN: Record<string, string> = { national: 'nation', province: 'province', district: 'district', commune: 'commune' };

interface CatalogueIndicator {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  measures: { id: number; code: string; unit: MeasureUnit; direction: string }[];
}

async function loadCatalogue(db: Db): Promise<Map<string, CatalogueIndicator>> {
  const inds = await db.selectFrom('indicator').select(['id', 'code', 'name_vi', 'name_en']).where('scope_plan_id', 'is', null).execute();
  const measures = inds.length
    ? await db.selectFrom('measure').select(['id', 'indicator_id', 'code', 'unit', 'direction']).where('indicator_id', 'in', inds.map((i) => i.id)).orderBy('position').execute()
    : [];
  return new Map(
    inds.map((i) => [
      i.code,
      { id: i.id, code: i.code, nameVi: i.name_vi, nameEn: i.name_en, measures: measures.filter((m) => m.indicator_id === i.id).map((m) => ({ id: m.id, code: m.code, unit: m.unit as MeasureUnit, direction: m.direction })) },
    ]),
  );
}

function issueYearOf(p: PlanDocumentInputNormalised): number | null {
  if (p.issueDate) return Number(p.issueDate.slice(0, 4));
  if (p.issueDateText) return Number(p.issueDateText.slice(0, 4));
  return null;
}

/** Validates references against the database (units, parent, duplicates, catalogue, measures, agencies). Throws AppError. */
async function validateReferences(trx: Db, p: PlanDocumentInputNormalised, planId: number | null, catalogue: Map<string, CatalogueIndicator>): Promise<void> {
  // issuing unit, its validity on the issue date, and the plan level
  if (p.issuerUnitId !== null) {
    const unit = await trx.selectFrom('admin_unit').select(['id', 'name', 'full_name', 'level', 'valid_from', 'valid_to']).where('id', '=', p.issuerUnitId).executeTakeFirst();
    if (!unit) throw badRequest('unknown_unit', `Không có đơn vị hành chính mã số ${p.issuerUnitId}.`, `There is no administrative unit with id ${p.issuerUnitId}.`, ['issuerUnitId']);
    const validity = { validFrom: unit.valid_from, validTo: unit.valid_to };
    const span = `${unit.valid_from === '1900-01-01' ? '…' : unit.valid_from} – ${unit.valid_to ?? '…'}`;
    const name = unit.full_name ?? unit.name;
    if (p.issueDate && !isValidAt(validity, p.issueDate))
      throw badRequest('date_outside_unit_validity', `Ngày ban hành ${p.issueDate} nằm ngoài thời gian tồn tại của ${name} (${span}).`, `Issue date ${p.issueDate} is outside the validity of ${name} (${span}).`, ['issueDate']);
    if (!p.issueDate && p.issueDateText) {
      const r = partialDateRange(p.issueDateText);
      if (!overlapsValidity(validity, r.from, r.to))
        throw badRequest('date_outside_unit_validity', `Thời điểm ban hành ${p.issueDateText} nằm ngoài thời gian tồn tại của ${name} (${span}).`, `Issue date ${p.issueDateText} is outside the validity of ${name} (${span}).`, ['issueDateText']);
    }
    if (p.level !== null && LEVEL_OF_PLAN[p.level] !== unit.level)
      throw badRequest('level_mismatch', `Cấp kế hoạch "${p.level}" không khớp với cấp của ${name} (${unit.level}).`, `Plan level "${p.level}" does not match the level of ${name} (${unit.level}).`, ['level']);
  } else if (p.agencies.length || p.tasks.some((t) => t.lead.length || t.partners.length) || p.assignments.length) {
    throw badRequest('issuer_unit_required', 'Cần chọn đơn vị ban hành để gắn các cơ quan, đơn vị thực hiện.', 'An issuing unit is needed to attach agencies.', ['issuerUnitId']);
  }
  for (const [i, r] of p.reporting.entries()) {
    if (r.recipientUnitId !== null) {
      const u = await trx.selectFrom('admin_unit').select('id').where('id', '=', r.recipientUnitId).executeTakeFirst();
      if (!u) throw badRequest('unknown_unit', `Không có đơn vị hành chính mã số ${r.recipientUnitId}.`, `There is no administrative unit with id ${r.recipientUnitId}.`, ['reporting', i, 'recipientUnitId']);
    }
  }
  // parent plan: exists, and is neither the plan itself nor one of its descendants
  if (p.parentPlanId !== null) {
    if (planId !== null && p.parentPlanId === planId)
      throw badRequest('parent_cycle', 'Kế hoạch không thể là kế hoạch cấp trên của chính nó.', 'A plan cannot be its own parent.', ['parentPlanId']);
    const parent = await trx.selectFrom('plan').select(['id']).where('id', '=', p.parentPlanId).executeTakeFirst();
    if (!parent) throw badRequest('unknown_plan', `Không có kế hoạch mã số ${p.parentPlanId}.`, `There is no plan with id ${p.parentPlanId}.`, ['parentPlanId']);
    if (planId !== null) {
      let cursor: number | null = p.parentPlanId;
      const seen = new Set<number>();
      while (cursor !== null && !seen.has(cursor)) {
        seen.add(cursor);
        if (cursor === planId)
          throw badRequest('parent_cycle', 'Kế hoạch cấp trên được chọn là kế hoạch cấp dưới của kế hoạch này (vòng lặp).', 'The chosen parent is a descendant of this plan (a cycle).', ['parentPlanId']);
        const row: { parent_plan_id: number | null } | undefined = await trx.selectFrom('plan').select('parent_plan_id').where('id', '=', cursor).executeTakeFirst();
        cursor = row?.parent_plan_id ?? null;
      }
    }
  }
  // duplicate number for the same issuer in the same year
  if (p.number !== null) {
    const year = issueYearOf(p);
    let q = trx.selectFrom('plan').select(['id', 'title']).where('number', '=', p.number)
      .where(sql<boolean>`coalesce(issuer_unit_id, 0) = ${p.issuerUnitId ?? 0}`)
      .where(sql<boolean>`coalesce(issue_year, 0) = ${year ?? 0}`);
    if (planId !== null) q = q.where('id', '<>', planId);
    const dup = await q.executeTakeFirst();
    if (dup)
      throw conflict('duplicate_plan_number', `Đơn vị ban hành đã có kế hoạch số ${p.number}${year ? ` năm ${year}` : ''} ("${dup.title}", mã ${dup.id}).`, `The issuer already has plan ${p.number}${year ? ` of ${year}` : ''} ("${dup.title}", id ${dup.id}).`, ['number']);
  }
  // indicators: catalogue codes, measure codes, units
  for (const [i, ind] of p.indicators.entries()) {
    let measures: { code: string; unit: MeasureUnit }[];
    if (ind.catalogue !== null) {
      const c = catalogue.get(ind.catalogue);
      if (!c) throw badRequest('unknown_indicator', `Danh mục quốc gia không có chỉ tiêu ${ind.catalogue}.`, `The national catalogue has no indicator ${ind.catalogue}.`, ['indicators', i, 'catalogue']);
      measures = c.measures;
    } else {
      measures = ind.definition!.measures;
      const seen = new Set<string>();
      ind.definition!.measures.forEach((m, j) => {
        if (seen.has(m.code)) throw badRequest('duplicate_measure', `Trùng mã chỉ số ${m.code}.`, `Duplicate measure code ${m.code}.`, ['indicators', i, 'definition', 'measures', j, 'code']);
        seen.add(m.code);
      });
    }
    const known = measures.map((m) => m.code).join(', ');
    const check = (code: string, path: (string | number)[]) => {
      const m = measures.find((x) => x.code === code);
      if (!m) throw badRequest('unknown_measure', `Chỉ tiêu ${ind.number ?? ind.catalogue ?? i + 1} không có chỉ số mã "${code}" (có: ${known}).`, `Indicator ${ind.number ?? ind.catalogue ?? i + 1} has no measure "${code}" (known: ${known}).`, path);
      return m;
    };
    ind.targets.forEach((t, j) => {
      const m = check(t.measure, ['indicators', i, 'targets', j, 'measure']);
      // a purely relative target has no value: its unit says nothing and is kept as given
      if ((t.value !== null || t.valueMax !== null) && t.unit !== null && t.unit !== m.unit && (UNIT_SCALE[t.unit] === null || UNIT_SCALE[m.unit] === null))
        throw badRequest('unit_mismatch', `Đơn vị "${t.unit}" không quy đổi được sang đơn vị của chỉ số ${m.code} ("${m.unit}").`, `Unit "${t.unit}" cannot be converted to measure ${m.code}'s unit ("${m.unit}").`, ['indicators', i, 'targets', j, 'unit']);
    });
    ind.baselines.forEach((b, j) => check(b.measure, ['indicators', i, 'baselines', j, 'measure']));
  }
  // agencies referenced by name must be listed or exist in the issuing unit
  const listed = new Set(p.agencies.map((a) => a.name.toLowerCase()));
  const existing = p.issuerUnitId !== null ? new Set((await trx.selectFrom('agency').select('name').where('unit_id', '=', p.issuerUnitId).execute()).map((a) => a.name.toLowerCase())) : new Set<string>();
  const ref = (name: string, path: (string | number)[]) => {
    if (!listed.has(name.toLowerCase()) && !existing.has(name.toLowerCase()))
      throw badRequest('unknown_agency', `Cơ quan "${name}" chưa có trong danh sách cơ quan của kế hoạch (agencies) hay của đơn vị ban hành.`, `Agency "${name}" is neither in the plan's agency list nor an agency of the issuing unit.`, path);
  };
  p.tasks.forEach((t, i) => {
    t.lead.forEach((n, j) => ref(n, ['tasks', i, 'lead', j]));
    t.partners.forEach((n, j) => ref(n, ['tasks', i, 'partners', j]));
    const both = t.lead.find((n) => t.partners.some((x) => x.toLowerCase() === n.toLowerCase()));
    if (both) throw badRequest('agency_lead_and_partner', `Cơ quan "${both}" vừa chủ trì vừa phối hợp cùng một nhiệm vụ.`, `Agency "${both}" is both lead and partner of the same task.`, ['tasks', i, 'partners']);
  });
  const pairs = new Set<string>();
  p.assignments.forEach((a, i) => {
    ref(a.agency, ['assignments', i, 'agency']);
    a.indicators.forEach((n, j) => {
      const k = `${a.agency.toLowerCase()}|${n}`;
      if (pairs.has(k)) throw badRequest('duplicate_assignment', `Chỉ tiêu ${n} đã được giao cho "${a.agency}".`, `Indicator ${n} is already assigned to "${a.agency}".`, ['assignments', i, 'indicators', j]);
      pairs.add(k);
    });
  });
  // a reporting rule's reporter is text; it is linked to an agency of the issuing unit when one has that name
}

/** Inserts everything below the plan row. */
async function insertContent(trx: Db, planId: number, p: PlanDocumentInputNormalised, catalogue: Map<string, CatalogueIndicator>): Promise<void> {
  for (const [position, d] of p.implements.entries())
    await trx.insertInto('plan_implements').values({ plan_id: planId, position, doc_number: d.number, doc_date: d.date, doc_issuer: d.issuer, doc_title: d.title }).execute();
  const objectiveIds = new Map<string, number>();
  for (const [position, o] of p.objectives.entries()) {
    const r = await trx.insertInto('objective').values({ plan_id: planId, key: o.key, title: o.title, position }).returning('id').executeTakeFirstOrThrow();
    objectiveIds.set(o.key, r.id);
  }
  const planIndicatorIds = new Map<string, number>();
  for (const [position, ind] of p.indicators.entries()) {
    let indicatorId: number;
    let measureIds: Map<string, { id: number; unit: MeasureUnit }>;
    if (ind.catalogue !== null) {
      const c = catalogue.get(ind.catalogue)!;
      indicatorId = c.id;
      measureIds = new Map(c.measures.map((m) => [m.code, { id: m.id, unit: m.unit }]));
    } else {
      const def = ind.definition!;
      const r = await trx
        .insertInto('indicator')
        .values({ code: `L${position + 1}`, scope_plan_id: planId, objective_key: ind.objective, name_vi: def.nameVi, name_en: def.nameEn, lead_sector: null, partner_sectors: [], verify: false, position })
        .returning('id')
        .executeTakeFirstOrThrow();
      indicatorId = r.id;
      measureIds = new Map();
      for (const [mp, m] of def.measures.entries()) {
        const mr = await trx
          .insertInto('measure')
          .values({ indicator_id: indicatorId, code: m.code, name_vi: m.nameVi, name_en: m.nameEn, unit: m.unit, base: m.base, direction: m.direction, numerator_vi: m.numeratorVi, denominator_vi: m.denominatorVi, disaggregations: m.disaggregations, groups: m.groups, plausible_min: null, plausible_max: null, position: mp })
          .returning('id')
          .executeTakeFirstOrThrow();
        measureIds.set(m.code, { id: mr.id, unit: m.unit });
      }
    }
    const pi = await trx
      .insertInto('plan_indicator')
      .values({ plan_id: planId, objective_id: ind.objective !== null ? objectiveIds.get(ind.objective)! : null, indicator_id: indicatorId, number: ind.number, text: ind.text, position })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (ind.number !== null) planIndicatorIds.set(ind.number, pi.id);
    if (ind.targets.length)
      await trx
        .insertInto('target')
        .values(ind.targets.map((t, tp) => {
          const m = measureIds.get(t.measure)!;
          return { plan_id: planId, plan_indicator_id: pi.id, measure_id: m.id, year: t.year, comparator: t.comparator, value: t.value, value_max: t.valueMax, unit: t.unit ?? m.unit, base: t.base, group_key: t.group, relative: t.relative ? JSON.stringify(t.relative) : null, note: t.note, position: tp };
        }))
        .execute();
    for (const b of ind.baselines) {
      const m = measureIds.get(b.measure)!;
      await trx.insertInto('baseline').values({ plan_id: planId, measure_id: m.id, group_key: b.group, year: b.year, value: b.value, note: b.note }).execute();
    }
  }
  // agencies of the issuing unit: found by name, created if missing
  const agencyIds = new Map<string, number>();
  if (p.issuerUnitId !== null) {
    const existing = await trx.selectFrom('agency').select(['id', 'name', 'valid_from']).where('unit_id', '=', p.issuerUnitId).orderBy('valid_from', 'desc').execute();
    for (const a of existing) if (!agencyIds.has(a.name.toLowerCase())) agencyIds.set(a.name.toLowerCase(), a.id);
    let position = 0;
    const linked = new Set<number>();
    for (const a of p.agencies) {
      let id = agencyIds.get(a.name.toLowerCase());
      if (id === undefined) {
        const r = await trx.insertInto('agency').values({ unit_id: p.issuerUnitId, name: a.name, short_name: a.shortName, sector: a.sector }).returning('id').executeTakeFirstOrThrow();
        id = r.id;
        agencyIds.set(a.name.toLowerCase(), id);
      }
      linked.add(id);
      await trx.insertInto('plan_agency').values({ plan_id: planId, agency_id: id, position: position++ }).execute();
    }
  }
  const agencyId = (name: string) => agencyIds.get(name.toLowerCase())!;
  for (const [position, t] of p.tasks.entries()) {
    const r = await trx.insertInto('task').values({ plan_id: planId, section: t.section, title: t.title, description: t.description, position }).returning('id').executeTakeFirstOrThrow();
    let ap = 0;
    for (const n of t.lead) await trx.insertInto('task_agency').values({ task_id: r.id, agency_id: agencyId(n), role: 'lead', position: ap++ }).onConflict((oc) => oc.doNothing()).execute();
    for (const n of t.partners) await trx.insertInto('task_agency').values({ task_id: r.id, agency_id: agencyId(n), role: 'partner', position: ap++ }).onConflict((oc) => oc.doNothing()).execute();
  }
  for (const [group, a] of p.assignments.entries())
    for (const n of a.indicators)
      await trx.insertInto('indicator_assignment').values({ plan_id: planId, plan_indicator_id: planIndicatorIds.get(n)!, agency_id: agencyId(a.agency), role: a.role, group_position: group }).execute();
  for (const [position, r] of p.reporting.entries()) await trx.insertInto('reporting_rule').values(reportingRuleRow(planId, r, position, agencyIds)).execute();
  for (const rv of p.reviews) await trx.insertInto('plan_review').values({ plan_id: planId, kind: rv.kind, year: rv.year }).execute();
  if (p.budget && p.budget.lines.length)
    for (let i = 0; i < p.budget.lines.length; i += 500)
      await trx
        .insertInto('budget_line')
        .values(p.budget.lines.slice(i, i + 500).map((l, j) => ({ plan_id: planId, activity_no: l.activityNo, activity: l.activity, year: l.year, source: l.source, source_label: l.sourceLabel, amount: l.amount, position: i + j })))
        .execute();
}

function planRowValues(p: PlanDocumentInputNormalised) {
  return {
    number: p.number,
    title: p.title,
    kind: p.kind,
    level: p.level,
    issuer_unit_id: p.issuerUnitId,
    issuer_name: p.issuerName,
    issue_date: p.issueDate,
    issue_date_text: p.issueDateText,
    issue_year: issueYearOf(p),
    place: p.place,
    period_from: p.periodFrom,
    period_to: p.periodTo,
    parent_plan_id: p.parentPlanId,
    signer: p.signer,
    signer_title: p.signerTitle,
    budget_stated_total: p.budget?.statedTotal ?? null,
    budget_currency: 'million_vnd',
    has_budget: p.budget !== null,
  };
}

/** Maps a unique-violation from a race into the same 409 as the pre-check. */
function mapDbError(error: unknown): never {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e.code === '23505' && /plan_issuer_number_year/.test(`${e.constraint ?? ''} ${e.message ?? ''}`))
    throw conflict('duplicate_plan_number', 'Đơn vị ban hành đã có kế hoạch cùng số trong năm này.', 'The issuer already has a plan with this number in this year.', ['number']);
  throw error;
}

/** Creates a whole plan from a PlanDocumentInput. Returns the new id. Call inside one transaction. */
export async function createPlan(trx: Db, input: PlanDocumentInput | PlanDocumentInputNormalised): Promise<number> {
  const p = PlanDocumentInputSchema.parse(input);
  const catalogue = await loadCatalogue(trx);
  await validateReferences(trx, p, null, catalogue);
  try {
    const { id } = await trx.insertInto('plan').values({ ...planRowValues(p), status: p.status ?? 'draft' }).returning('id').executeTakeFirstOrThrow();
    await insertContent(trx, id, p, catalogue);
    return id;
  } catch (error) {
    mapDbError(error);
  }
}

async function lockPlan(trx: Db, id: number) {
  const row = await trx.selectFrom('plan').select(['id', 'status', 'version', 'parent_plan_id']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('kế hoạch', 'Plan', ['id']);
  return row;
}

async function deleteContent(trx: Db, id: number): Promise<void> {
  await trx.deleteFrom('target').where('plan_id', '=', id).execute();
  await trx.deleteFrom('baseline').where('plan_id', '=', id).execute();
  await trx.deleteFrom('indicator_assignment').where('plan_id', '=', id).execute();
  await trx.deleteFrom('plan_indicator').where('plan_id', '=', id).execute();
  await trx.deleteFrom('indicator').where('scope_plan_id', '=', id).execute();
  await trx.deleteFrom('objective').where('plan_id', '=', id).execute();
  await trx.deleteFrom('task').where('plan_id', '=', id).execute();
  await trx.deleteFrom('reporting_rule').where('plan_id', '=', id).execute();
  await trx.deleteFrom('plan_review').where('plan_id', '=', id).execute();
  await trx.deleteFrom('budget_line').where('plan_id', '=', id).execute();
  await trx.deleteFrom('plan_implements').where('plan_id', '=', id).execute();
  await trx.deleteFrom('plan_agency').where('plan_id', '=', id).execute();
}

/** Replaces a plan's content (optimistic concurrency: `version` must be the current one). Returns the new version. */
export async function updatePlan(trx: Db, id: number, input: PlanDocumentInput | PlanDocumentInputNormalised, version: number): Promise<number> {
  const current = await lockPlan(trx, id);
  if (current.version !== version)
    throw conflict('version_conflict', `Kế hoạch đã được người khác sửa (phiên bản hiện tại ${current.version}, bạn sửa từ phiên bản ${version}). Hãy tải lại.`, `The plan was changed by someone else (current version ${current.version}, yours ${version}). Reload it.`, ['version'], { currentVersion: current.version });
  if (current.status === 'superseded')
    throw conflict('plan_superseded', 'Kế hoạch đã bị thay thế, không sửa được.', 'The plan is superseded and cannot be changed.', ['status']);
  const p = PlanDocumentInputSchema.parse(input);
  const catalogue = await loadCatalogue(trx);
  await validateReferences(trx, p, id, catalogue);
  try {
    await deleteContent(trx, id);
    const next = current.version + 1;
    await trx.updateTable('plan').set({ ...planRowValues(p), version: next, updated_at: sql`now()` as any }).where('id', '=', id).execute();
    await insertContent(trx, id, p, catalogue);
    return next;
  } catch (error) {
    mapDbError(error);
  }
}

const TRANSITIONS: Record<string, PlanStatus[]> = { draft: ['issued'], issued: ['superseded'], superseded: [] };

export async function setPlanStatus(trx: Db, id: number, status: PlanStatus, expectedVersion?: number): Promise<{ status: PlanStatus; version: number }> {
  const current = await lockPlan(trx, id);
  if (expectedVersion !== undefined && current.version !== expectedVersion)
    throw conflict('version_conflict', `Kế hoạch đã được người khác sửa (phiên bản hiện tại ${current.version}).`, `The plan was changed by someone else (current version ${current.version}).`, ['version']);
  if (current.status === status) return { status, version: current.version };
  if (!TRANSITIONS[current.status]?.includes(status))
    throw conflict('invalid_status_transition', `Không thể chuyển kế hoạch từ "${current.status}" sang "${status}" (chỉ: dự thảo → ban hành → bị thay thế).`, `Cannot move a plan from "${current.status}" to "${status}" (only draft → issued → superseded).`, ['status']);
  const version = current.version + 1;
  await trx.updateTable('plan').set({ status, version, updated_at: sql`now()` as any }).where('id', '=', id).execute();
  return { status, version };
}

export async function deletePlan(trx: Db, id: number): Promise<void> {
  const current = await lockPlan(trx, id);
  if (current.status !== 'draft')
    throw conflict('plan_not_draft', 'Chỉ xóa được kế hoạch ở trạng thái dự thảo.', 'Only draft plans can be deleted.', ['status']);
  const child = await trx.selectFrom('plan').select(['id', 'title']).where('parent_plan_id', '=', id).executeTakeFirst();
  if (child)
    throw conflict('plan_has_children', `Kế hoạch đang là kế hoạch cấp trên của "${child.title}" (mã ${child.id}).`, `The plan is the parent of "${child.title}" (id ${child.id}).`, ['id']);
  await deleteContent(trx, id);
  await trx.deleteFrom('plan_document').where('plan_id', '=', id).execute();
  await trx.deleteFrom('plan').where('id', '=', id).execute();
}

/** The issuing unit of a plan (for access checks); undefined if the plan does not exist. */
export async function planUnitId(db: Db, id: number): Promise<number | null | undefined> {
  const r = await db.selectFrom('plan').select('issuer_unit_id').where('id', '=', id).executeTakeFirst();
  return r ? r.issuer_unit_id : undefined;
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());
const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

/** The full stored document. */
export async function getPlan(db: Db, id: number): Promise<PlanDocument> {
  const plan = await db.selectFrom('plan').selectAll().where('id', '=', id).executeTakeFirst();
  if (!plan) throw notFound('kế hoạch', 'Plan', ['id']);
  const [issuer, parent, children, impl, objectives, pis, targets, baselines, agencies, tasks, taskAgencies, assignments, reporting, reviews, lines] = await Promise.all([
    plan.issuer_unit_id !== null ? db.selectFrom('admin_unit').select(['id', 'code', 'name', 'full_name', 'kind', 'level']).where('id', '=', plan.issuer_unit_id).executeTakeFirst() : undefined,
    plan.parent_plan_id !== null ? db.selectFrom('plan').select(['id', 'number', 'title']).where('id', '=', plan.parent_plan_id).executeTakeFirst() : undefined,
    db.selectFrom('plan').select(['id', 'number', 'title']).where('parent_plan_id', '=', id).orderBy('id').execute(),
    db.selectFrom('plan_implements').selectAll().where('plan_id', '=', id).orderBy('position').orderBy('id').execute(),
    db.selectFrom('objective').selectAll().where('plan_id', '=', id).orderBy('position').orderBy('id').execute(),
    db.selectFrom('plan_indicator as pi').innerJoin('indicator as i', 'i.id', 'pi.indicator_id').leftJoin('objective as o', 'o.id', 'pi.objective_id')
      .select(['pi.id', 'pi.indicator_id', 'pi.number', 'pi.text', 'i.code', 'i.scope_plan_id', 'i.name_vi', 'i.name_en', 'o.key as objective_key'])
      .where('pi.plan_id', '=', id).orderBy('pi.position').orderBy('pi.id').execute(),
    db.selectFrom('target').selectAll().where('plan_id', '=', id).orderBy('position').orderBy('id').execute(),
    db.selectFrom('baseline').selectAll().where('plan_id', '=', id).orderBy('id').execute(),
    db.selectFrom('plan_agency as pa').innerJoin('agency as a', 'a.id', 'pa.agency_id').select(['a.id', 'a.unit_id', 'a.name', 'a.sector', 'a.short_name']).where('pa.plan_id', '=', id).orderBy('pa.position').execute(),
    db.selectFrom('task').selectAll().where('plan_id', '=', id).orderBy('position').orderBy('id').execute(),
    db.selectFrom('task_agency as ta').innerJoin('task as t', 't.id', 'ta.task_id').innerJoin('agency as a', 'a.id', 'ta.agency_id').select(['ta.task_id', 'ta.role', 'ta.position', 'a.name']).where('t.plan_id', '=', id).orderBy('ta.position').execute(),
    db.selectFrom('indicator_assignment as ia').innerJoin('agency as a', 'a.id', 'ia.agency_id').innerJoin('plan_indicator as pi', 'pi.id', 'ia.plan_indicator_id')
      .select(['ia.id', 'ia.group_position', 'ia.role', 'ia.agency_id', 'a.name', 'pi.number']).where('ia.plan_id', '=', id).orderBy('ia.group_position').orderBy('ia.id').execute(),
    db.selectFrom('reporting_rule').selectAll().where('plan_id', '=', id).orderBy('position').orderBy('id').execute(),
    db.selectFrom('plan_review').selectAll().where('plan_id', '=', id).orderBy('year').orderBy('id').execute(),
    db.selectFrom('budget_line').selectAll().where('plan_id', '=', id).orderBy('position').orderBy('id').execute(),
  ]);
  const indicatorIds = [...new Set(pis.map((p) => p.indicator_id))];
  const measures = indicatorIds.length ? await db.selectFrom('measure').selectAll().where('indicator_id', 'in', indicatorIds).orderBy('position').orderBy('id').execute() : [];
  const measureById = new Map(measures.map((m) => [m.id, m]));

  const assignmentGroups: PlanDocument['assignments'] = [];
  let lastGroup = -1;
  for (const a of assignments) {
    if (a.group_position !== lastGroup) {
      assignmentGroups.push({ agency: a.name, agencyId: a.agency_id, role: a.role as 'lead' | 'partner', indicators: [] });
      lastGroup = a.group_position;
    }
    assignmentGroups[assignmentGroups.length - 1].indicators.push(a.number ?? '');
  }
  const computedTotal = Math.round(lines.reduce((s, l) => s + Number(l.amount), 0) * 1e6) / 1e6;

  return {
    id: plan.id,
    version: plan.version,
    status: plan.status as PlanStatus,
    createdAt: iso(plan.created_at as unknown as Date),
    updatedAt: iso(plan.updated_at as unknown as Date),
    issuerUnit: issuer ? { id: issuer.id, code: issuer.code, name: issuer.full_name ?? fullNameOf(issuer.kind, issuer.name), level: issuer.level } : null,
    parentPlan: parent ? { id: parent.id, number: parent.number, title: parent.title } : null,
    childPlans: children.map((c) => ({ id: c.id, number: c.number, title: c.title })),
    number: plan.number,
    title: plan.title,
    kind: plan.kind as PlanDocument['kind'],
    level: plan.level as PlanDocument['level'],
    issuerUnitId: plan.issuer_unit_id,
    issuerName: plan.issuer_name,
    issueDate: plan.issue_date,
    issueDateText: plan.issue_date_text,
    issueYear: plan.issue_year,
    place: plan.place,
    periodFrom: plan.period_from,
    periodTo: plan.period_to,
    parentPlanId: plan.parent_plan_id,
    signer: plan.signer,
    signerTitle: plan.signer_title,
    implements: impl.map((d) => ({ number: d.doc_number, date: d.doc_date, issuer: d.doc_issuer, title: d.doc_title })),
    objectives: objectives.map((o) => ({ id: o.id, key: o.key, title: o.title })),
    indicators: pis.map((pi) => {
      const ms = measures.filter((m) => m.indicator_id === pi.indicator_id);
      const local = pi.scope_plan_id !== null;
      return {
        id: pi.id,
        indicatorId: pi.indicator_id,
        indicatorCode: pi.code,
        nameVi: pi.name_vi,
        nameEn: pi.name_en,
        measures: ms.map((m) => ({ id: m.id, code: m.code, nameVi: m.name_vi, nameEn: m.name_en, unit: m.unit as MeasureUnit, direction: m.direction as any, base: m.base, groups: m.groups ?? [] })),
        number: pi.number,
        objective: pi.objective_key ?? null,
        text: pi.text,
        catalogue: local ? null : pi.code,
        definition: local
          ? {
              nameVi: pi.name_vi,
              nameEn: pi.name_en,
              measures: ms.map((m) => ({ code: m.code, nameVi: m.name_vi, nameEn: m.name_en, unit: m.unit as MeasureUnit, direction: m.direction as any, base: m.base, numeratorVi: m.numerator_vi, denominatorVi: m.denominator_vi, disaggregations: (m.disaggregations ?? []) as any, groups: m.groups ?? [] })),
            }
          : null,
        targets: targets
          .filter((t) => t.plan_indicator_id === pi.id)
          .map((t) => ({
            id: t.id, measureId: t.measure_id, measure: measureById.get(t.measure_id)!.code, year: t.year, comparator: t.comparator as any, value: t.value, valueMax: t.value_max,
            unit: t.unit as MeasureUnit, base: t.base, group: t.group_key, relative: t.relative === null ? null : parseJson(t.relative), note: t.note,
          })),
        baselines: baselines
          .filter((b) => ms.some((m) => m.id === b.measure_id))
          .map((b) => ({ id: b.id, measureId: b.measure_id, measure: measureById.get(b.measure_id)!.code, group: b.group_key, year: b.year, value: b.value, note: b.note })),
      };
    }),
    agencies: agencies.map((a) => ({ id: a.id, unitId: a.unit_id, name: a.name, sector: a.sector as any, shortName: a.short_name })),
    tasks: tasks.map((t) => ({
      id: t.id, section: t.section, title: t.title, description: t.description,
      lead: taskAgencies.filter((x) => x.task_id === t.id && x.role === 'lead').map((x) => x.name),
      partners: taskAgencies.filter((x) => x.task_id === t.id && x.role === 'partner').map((x) => x.name),
    })),
    assignments: assignmentGroups,
    reporting: reporting.map((r) => ({
      id: r.id, reporterAgencyId: r.reporter_agency_id, reporterKind: r.reporter_kind as any, reporter: r.reporter_text ?? '', recipient: r.recipient_text ?? '', recipientUnitId: r.recipient_unit_id, via: r.via_text,
      due: r.due_day === null ? null : { day: r.due_day, month: r.due_month, year: r.due_year }, recurrence: r.recurrence as any,
      period: (Object.entries(PERIOD_TYPE_OF).find(([, t]) => t === r.period_type)?.[0] ?? 'yearly') as any,
      dueInPeriod: r.due_month_offset === null ? null : r.due_month_offset === 0 ? 'last_month' as const : 'next_month' as const,
      indicators: r.indicator_codes === null ? null : (typeof r.indicator_codes === 'string' ? JSON.parse(r.indicator_codes) : r.indicator_codes) as string[],
    })),
    reviews: reviews.map((r) => ({ kind: r.kind as 'midterm' | 'final', year: r.year })),
    budget: plan.has_budget
      ? { currencyUnit: 'million_vnd', statedTotal: plan.budget_stated_total, computedTotal, lines: lines.map((l) => ({ id: l.id, activityNo: l.activity_no, activity: l.activity, year: l.year, source: l.source as any, sourceLabel: l.source_label, amount: l.amount })) }
      : null,
  };
}

export interface PlanListItem {
  id: number;
  number: string | null;
  title: string;
  kind: string;
  level: string | null;
  status: string;
  issuerUnitId: number | null;
  issuerName: string | null;
  issuerUnitName: string | null;
  issueDate: string | null;
  issueYear: number | null;
  periodFrom: number | null;
  periodTo: number | null;
  parentPlanId: number | null;
  version: number;
  counts: { indicators: number; targets: number; tasks: number; budgetLines: number };
  budgetTotal: number;
}

/**
 * `draftsVisibleIn`: issued and superseded plans are public documents; drafts are listed only when
 * their issuing unit is in these units ('all' for a national grant).
 */
export async function listPlans(db: Db, f: { issuerUnitId?: number; status?: string; q?: string; parentPlanId?: number; limit?: number; offset?: number; draftsVisibleIn?: 'all' | number[] } = {}): Promise<PlanListItem[]> {
  let q = db
    .selectFrom('plan as p')
    .leftJoin('admin_unit as u', 'u.id', 'p.issuer_unit_id')
    .select([
      'p.id', 'p.number', 'p.title', 'p.kind', 'p.level', 'p.status', 'p.issuer_unit_id', 'p.issuer_name', 'p.issue_date', 'p.issue_year', 'p.period_from', 'p.period_to', 'p.parent_plan_id', 'p.version',
      'u.full_name as unit_name',
      sql<number>`(select count(*) from plan_indicator x where x.plan_id = p.id)`.as('n_indicators'),
      sql<number>`(select count(*) from target x where x.plan_id = p.id)`.as('n_targets'),
      sql<number>`(select count(*) from task x where x.plan_id = p.id)`.as('n_tasks'),
      sql<number>`(select count(*) from budget_line x where x.plan_id = p.id)`.as('n_lines'),
      sql<number>`(select coalesce(sum(amount), 0) from budget_line x where x.plan_id = p.id)`.as('budget_total'),
    ]);
  if (f.issuerUnitId !== undefined) q = q.where('p.issuer_unit_id', '=', f.issuerUnitId);
  if (f.status) q = q.where('p.status', '=', f.status);
  if (f.parentPlanId !== undefined) q = q.where('p.parent_plan_id', '=', f.parentPlanId);
  const visible = f.draftsVisibleIn;
  if (visible !== undefined && visible !== 'all')
    q = q.where((eb) => (visible.length ? eb.or([eb('p.status', '<>', 'draft'), eb('p.issuer_unit_id', 'in', visible)]) : eb('p.status', '<>', 'draft')));
  if (f.q) q = q.where((eb) => eb.or([eb('p.title', 'ilike', `%${f.q}%`), eb('p.number', 'ilike', `%${f.q}%`), eb('p.issuer_name', 'ilike', `%${f.q}%`)]));
  const rows = await q.orderBy('p.issue_year', 'desc').orderBy('p.id', 'desc').limit(f.limit ?? 200).offset(f.offset ?? 0).execute();
  return rows.map((r) => ({
    id: r.id, number: r.number, title: r.title, kind: r.kind, level: r.level, status: r.status, issuerUnitId: r.issuer_unit_id, issuerName: r.issuer_name, issuerUnitName: r.unit_name,
    issueDate: r.issue_date, issueYear: r.issue_year, periodFrom: r.period_from, periodTo: r.period_to, parentPlanId: r.parent_plan_id, version: r.version,
    counts: { indicators: Number(r.n_indicators), targets: Number(r.n_targets), tasks: Number(r.n_tasks), budgetLines: Number(r.n_lines) },
    budgetTotal: Number(r.budget_total),
  }));
}

/** The targets of a plan in the form the pure plan check takes. */
export function toCheckPlan(doc: PlanDocument): CheckPlan {
  return {
    indicators: doc.indicators.map((i) => ({
      key: i.catalogue !== null ? `c:${i.catalogue}` : `l:${i.indicatorId}`,
      label: i.catalogue ?? i.number ?? i.indicatorCode,
      measures: i.measures.map((m) => ({ code: m.code, unit: m.unit, direction: m.direction })),
      targets: i.targets,
      baselines: i.baselines,
    })),
  };
}

export interface PlanCheckReport extends PlanCheckResult {
  plan: { id: number; number: string | null; title: string };
  against: { id: number; number: string | null; title: string };
}

/** Plan check of `id` against its parent (or `againstId`). */
export async function checkPlanAgainst(db: Db, id: number, againstId?: number): Promise<PlanCheckReport> {
  const local = await getPlan(db, id);
  const parentId = againstId ?? local.parentPlanId;
  if (parentId === null || parentId === undefined)
    throw badRequest('no_parent_plan', 'Kế hoạch không có kế hoạch cấp trên; hãy chọn kế hoạch để so sánh (?against=).', 'The plan has no parent plan; choose one to compare with (?against=).', ['against']);
  let parent: PlanDocument;
  try {
    parent = await getPlan(db, parentId);
  } catch (e) {
    if (e instanceof AppError && e.statusCode === 404) throw notFound(`kế hoạch mã số ${parentId}`, `Plan ${parentId}`, ['against']);
    throw e;
  }
  const result = checkPlan(toCheckPlan(parent), toCheckPlan(local));
  return { plan: { id: local.id, number: local.number, title: local.title }, against: { id: parent.id, number: parent.number, title: parent.title }, ...result };
}
