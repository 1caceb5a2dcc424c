/**
 * The children's register: create (with the likely duplicates first), read (audited), update,
 * search with or without diacritics, merge, move between communes, circumstances, support,
 * consent, bulk import (all or nothing), export of identifiable data as an AES-256 encrypted ZIP.
 * Child-level data: case workers and supervisors of the child's commune only.
 */
import { national } from '../access.ts';
import { z } from 'zod';
import { CalendarDateInput } from '../../domain/calendar-date.ts';
import type { FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import type { App, AppContext } from '../app.ts';
import type { Database } from '../../storage/schema.ts';
import '../../storage/schema-register.ts';
import { writeTransaction } from '../transaction.ts';
import { AppError, badRequest, conflict, notFound } from '../errors.ts';
import { assertTextUpload, assertZipUpload, readXlsxUpload } from '../input-limits.ts';
import { denseTable } from '../../input/xlsx.ts';
import type { ZipLimits } from '../../input/zip-guard.ts';

/** A commune's register in one file: rows, the request (base64 grows a file by a third) and the unzipped workbook. */
const MAX_IMPORT_ROWS = 20_000;
const CHILDREN_IMPORT_BODY_BYTES = 12 * 1024 * 1024;
const CHILDREN_XLSX_LIMITS: ZipLimits = { maxEntries: 500, maxTotalBytes: 24 * 1024 * 1024, maxEntryBytes: 16 * 1024 * 1024, maxRatio: 100, ratioFloorBytes: 1024 * 1024 };
import { ageAt, checkChildBirthDate, consentRequired, parseDate, todayVn } from '../../domain/children/age.ts';
import { SUPPORT_KINDS } from '../../domain/children/groups.ts';
import { parseCsv, toCsv, validateImport, type ImportRowError } from '../../domain/children/import.ts';
import { normaliseIdNumber } from '../../domain/children/text.ts';
import { CHILD_VIEW_COLUMNS, childRow, childView, isoDate, isoDateOrNull, findDuplicates, getUnit, searchChildren, searchFingerprint, subtreeUnitIds, type ChildPii, type ChildView } from '../../storage/register.ts';
import { encryptJson, encryptOptional, decryptOptional } from '../../storage/crypto.ts';
import { encryptedZip } from '../../storage/encrypted-zip.ts';
import { assertChildAccess, assertUnitChildAccess, auditRead, canSeeUnitChildren, childInScope, childListIn, childScope, childUnit, duplicateFlagArea, duplicateReviewAreas, reviewCovers } from '../register-access.ts';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const caregiver = z.object({ name: z.string().trim().min(1).max(200), relation: z.string().max(100).default(''), phone: z.string().max(30).nullish() });
const POVERTY = ['poor', 'near_poor', 'none', 'unknown'] as const;
const SCHOOLING = ['under_age', 'preschool', 'primary', 'lower_secondary', 'upper_secondary', 'not_in_school', 'unknown'] as const;

const childFields = {
  villageId: z.number().int().positive().nullish(),
  fullName: z.string().trim().min(1).max(200),
  birthDate: CalendarDateInput,
  sex: z.enum(['male', 'female', 'unknown']),
  ethnicity: z.string().max(100).nullish(),
  idNumber: z.string().max(30).nullish(),
  address: z.string().max(500).nullish(),
  caregivers: z.array(caregiver).max(10).optional(),
  povertyStatus: z.enum(POVERTY).optional(),
  disability: z.boolean().nullish(),
  schooling: z.enum(SCHOOLING).optional(),
  healthInsurance: z.boolean().nullish(),
  notes: z.string().max(4000).nullish(),
};
const consentBody = z.object({ givenBy: z.string().max(200).nullish(), givenOn: CalendarDateInput });
const createBody = z.object({
  unitId: z.number().int().positive(),
  ...childFields,
  legalBasis: z.enum(['consent', 'child_protection']),
  consent: z.object({ parent: consentBody.nullish(), child: consentBody.nullish() }).nullish(),
  registeredOn: CalendarDateInput.nullish(),
  confirmNotDuplicate: z.boolean().default(false),
}).strict();
const patchBody = z.object({
  villageId: childFields.villageId, fullName: childFields.fullName.optional(), birthDate: childFields.birthDate.optional(), sex: childFields.sex.optional(),
  ethnicity: childFields.ethnicity, idNumber: childFields.idNumber, address: childFields.address, caregivers: childFields.caregivers,
  povertyStatus: childFields.povertyStatus, disability: childFields.disability, schooling: childFields.schooling, healthInsurance: childFields.healthInsurance, notes: childFields.notes,
  version: z.number().int().positive().optional(),
}).strict();

function checkIdNumber(idNumber: string | null | undefined, path: string[]): string | null {
  if (!idNumber) return null;
  const digits = normaliseIdNumber(idNumber);
  if (!/^\d{12}$/.test(digits) || idNumber.replace(/[\s.-]/g, '') !== digits)
    throw badRequest('invalid_id_number', 'Số định danh cá nhân phải gồm 12 chữ số.', 'The personal identification number must have 12 digits.', path);
  return digits;
}

function checkDate(text: string, path: string[], vi: string, en: string): string {
  const d = parseDate(text);
  if (!d) throw badRequest('invalid_date', `${vi} "${text}" không phải là một ngày có thật.`, `${en} "${text}" is not a real date.`, path);
  return d;
}

export async function assertCommune(db: Transaction<Database> | AppContext['db'], unitId: number, path: string[]) {
  const unit = await getUnit(db, unitId);
  if (!unit) throw notFound('đơn vị hành chính', 'Administrative unit', path);
  if (unit.level !== 'commune')
    throw badRequest('not_a_commune', `Trẻ em được quản lý theo xã, phường, thị trấn; "${unit.name}" không phải cấp xã.`, `Children are registered in a commune; "${unit.name}" is not one.`, path);
  return unit;
}

async function assertVillage(db: Transaction<Database> | AppContext['db'], villageId: number | null | undefined, unitId: number) {
  if (!villageId) return;
  const v = await getUnit(db, villageId);
  if (!v || v.level !== 'village' || v.parent_id !== unitId)
    throw badRequest('village_not_in_commune', 'Thôn/bản không thuộc xã này.', 'The village does not belong to this commune.', ['villageId']);
}

/** What of a likely duplicate the caller may see: all of it in their own units, only that it exists elsewhere. */
/**
 * The possible duplicates the caller may see, and only those: a match in a commune outside the caller's
 * children scope (the same check as the children list, canSeeUnitChildren) is left out entirely — not even
 * "hidden, in commune X" — so the duplicate check is no oracle of who is in the protection register where.
 */
async function presentDuplicates(request: FastifyRequest, dups: (ChildView & { score: number; reasons: string[] })[], db: AppContext['db'] = request.server.context.db) {
  const out = [];
  for (const d of dups) {
    if (!(await canSeeUnitChildren(request, d.unitId, [], db))) continue;
    await auditRead(request, { table: 'child', rowId: d.id, unitId: d.unitId, detail: { purpose: 'duplicate_check' } }, db);
    out.push({ id: d.id, unitId: d.unitId, fullName: d.fullName, birthDate: d.birthDate, sex: d.sex, score: d.score, reasons: d.reasons });
  }
  return out;
}

/**
 * The active records that carry this personal ID number, as the caller may learn of them: `visible` when one
 * of them is in the caller's own child scope (then the registration is refused: merge instead), `hidden` the
 * others. Those are never revealed — not even that they exist (the answer would tell a commune worker that a
 * child with this number lives elsewhere): the registration goes ahead and each pair is flagged for a
 * child-protection supervisor whose area covers both communes (`flagHiddenDuplicates`).
 */
async function sameIdNumber(request: FastifyRequest, trx: Transaction<Database>, probe: { fullName: string; birthDate: string; unitId: number; idNumber: string }): Promise<{ visible: boolean; hidden: number[] }> {
  const matches = (await findDuplicates(trx, probe)).filter((d) => d.reasons.includes('same_id_number'));
  const hidden: number[] = [];
  let visible = false;
  for (const m of matches) {
    if (await canSeeUnitChildren(request, m.unitId, [], trx)) visible = true;
    else hidden.push(m.id);
  }
  return { visible, hidden };
}

/** One open flag per (new record, hidden record): ids only, audited by the table's trigger. */
async function flagHiddenDuplicates(trx: Transaction<Database>, childId: number, hidden: number[]): Promise<void> {
  if (hidden.length) await trx.insertInto('child_duplicate_flag').values(hidden.map((other) => ({ child_id: childId, other_child_id: other, reason: 'same_id_number' as const }))).execute();
}

async function loadChild(db: AppContext['db'] | Transaction<Database>, id: number) {
  const row = await db.selectFrom('child').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('trẻ em', 'Child', ['id']);
  return childView(row);
}

async function childDetail(db: AppContext['db'], child: ChildView) {
  const [circumstances, supports, consents, residences, cases, merges] = await Promise.all([
    db.selectFrom('child_circumstance as cc').innerJoin('circumstance_group as g', 'g.code', 'cc.group_code').select(['cc.id', 'cc.group_code', 'g.name_vi', 'g.kind', 'g.number', 'cc.start_date', 'cc.end_date', 'cc.note']).where('cc.child_id', '=', child.id).orderBy('cc.start_date').execute(),
    db.selectFrom('child_support').selectAll().where('child_id', '=', child.id).orderBy('support_date').execute(),
    db.selectFrom('child_consent').selectAll().where('child_id', '=', child.id).orderBy('given_on').execute(),
    db.selectFrom('child_residence as r').innerJoin('admin_unit as u', 'u.id', 'r.unit_id').select(['r.id', 'r.unit_id', 'u.name as unit_name', 'r.village_id', 'r.from_date', 'r.to_date']).where('r.child_id', '=', child.id).orderBy('r.from_date').orderBy('r.id').execute(),
    db.selectFrom('child_case').select(['id', 'unit_id', 'status', 'source', 'received_at', 'urgency']).where('child_id', '=', child.id).orderBy('received_at').execute(),
    db.selectFrom('child_merge').select(['id', 'merged_id', 'merged_at', 'reason']).where('survivor_id', '=', child.id).execute(),
  ]);
  const age = ageAt(child.birthDate, todayVn());
  const need = consentRequired(age, child.legalBasis as 'consent' | 'child_protection');
  const active = consents.filter((c) => !c.withdrawn_on);
  return {
    ...child,
    age,
    circumstances: circumstances.map((c) => ({ id: c.id, groupCode: c.group_code, groupName: c.name_vi, kind: c.kind, number: c.number, startDate: isoDate(c.start_date), endDate: isoDateOrNull(c.end_date), note: decryptOptional(c.note) })),
    supports: supports.map((s) => ({ id: s.id, kind: s.kind, date: isoDate(s.support_date), provider: s.provider, circumstanceId: s.circumstance_id, note: decryptOptional(s.note) })),
    consents: consents.map((c) => ({ id: c.id, party: c.party, givenBy: decryptOptional(c.given_by), givenOn: isoDate(c.given_on), purpose: c.purpose, withdrawnOn: isoDateOrNull(c.withdrawn_on) })),
    consentMissing: [...(need.parent && !active.some((c) => c.party === 'parent') ? ['parent'] : []), ...(need.child && !active.some((c) => c.party === 'child') ? ['child'] : [])],
    residences: residences.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, villageId: r.village_id, from: isoDate(r.from_date), to: isoDateOrNull(r.to_date) })),
    cases: cases.map((c) => ({ id: c.id, unitId: c.unit_id, status: c.status, source: c.source, receivedAt: c.received_at, urgency: c.urgency })),
    merges: merges.map((m) => ({ mergedId: m.merged_id, mergedAt: m.merged_at, reason: m.reason })),
  };
}

export default async function childrenRoutes(app: App, context: AppContext): Promise<void> {
  const db = context.db;

  app.get('/register/groups', {
    config: { access: { action: 'catalogue.read', resource: 'child', load: national } },
    schema: { tags: ['register'], summary: 'Nhóm trẻ em có hoàn cảnh đặc biệt (Điều 10 Luật Trẻ em) và nhóm nguy cơ' },
  }, async () => db.selectFrom('circumstance_group').selectAll().where('active', '=', true).orderBy('position').execute());

  app.post('/children', {
    config: { access: { action: 'children.write', resource: 'child', load: (req) => (req.body as { unitId?: number })?.unitId ?? null } },
    schema: { tags: ['register'], summary: 'Đăng ký trẻ em (kiểm tra trùng trước)', body: createBody },
  }, async (request, reply) => {
    const body = request.body;
    await assertUnitChildAccess(request, body.unitId);
    const registeredOn = body.registeredOn ? checkDate(body.registeredOn, ['registeredOn'], 'Ngày đăng ký', 'Registration date') : todayVn();
    if (registeredOn > todayVn()) throw badRequest('registration_in_future', 'Ngày đăng ký không được sau ngày hôm nay.', 'The registration date cannot be in the future.', ['registeredOn']);
    const v = checkChildBirthDate(body.birthDate, registeredOn);
    if (v) throw badRequest(v.code, v.vi, v.en, v.path);
    const birthDate = parseDate(body.birthDate)!;
    const idNumber = checkIdNumber(body.idNumber, ['idNumber']);
    const need = consentRequired(ageAt(birthDate, registeredOn), body.legalBasis);
    if (need.parent && !body.consent?.parent)
      throw badRequest('consent_required', 'Cần sự đồng ý của cha, mẹ hoặc người giám hộ (Nghị định 13/2023) hoặc chọn căn cứ "bảo vệ trẻ em".', 'The consent of a parent or guardian is required (Decree 13/2023), or choose the child-protection legal basis.', ['consent', 'parent']);
    if (need.child && !body.consent?.child)
      throw badRequest('consent_required', 'Trẻ em từ đủ 7 tuổi trở lên phải đồng ý (Nghị định 13/2023).', 'A child aged 7 or more must consent (Decree 13/2023).', ['consent', 'child']);
    if (!body.confirmNotDuplicate) {
      // outside the write transaction: the audit of the duplicates shown must survive the 409
      await assertCommune(db, body.unitId, ['unitId']);
      const dups = await presentDuplicates(request, await findDuplicates(db, { fullName: body.fullName, birthDate, unitId: body.unitId, idNumber }));
      if (dups.length)
        throw conflict('likely_duplicate', `Có thể trẻ em này đã có trong sổ (${dups.length} hồ sơ giống). Kiểm tra, hoặc gửi lại với confirmNotDuplicate: true.`, `This child may already be registered (${dups.length} similar record(s)). Check them, or resend with confirmNotDuplicate: true.`, ['fullName'], { duplicates: dups });
    }
    return writeTransaction(request, async (trx) => {
      await assertCommune(trx, body.unitId, ['unitId']);
      await assertVillage(trx, body.villageId, body.unitId);
      // the same personal ID number: refused when the caller can see that record; flagged, never revealed, when not
      const same = idNumber ? await sameIdNumber(request, trx, { fullName: body.fullName, birthDate, unitId: body.unitId, idNumber }) : { visible: false, hidden: [] };
      if (same.visible)
        throw conflict('id_number_exists', 'Số định danh cá nhân này đã có trong sổ; hãy gộp hồ sơ thay vì tạo mới.', 'This identification number is already registered; merge instead of creating a new record.', ['idNumber']);
      const pii: ChildPii = { fullName: body.fullName, birthDate, idNumber, address: body.address ?? null, caregivers: body.caregivers ?? [], notes: body.notes ?? null };
      const { id } = await trx.insertInto('child').values(childRow(pii, { unitId: body.unitId, villageId: body.villageId, sex: body.sex, ethnicity: body.ethnicity, povertyStatus: body.povertyStatus, disability: body.disability, schooling: body.schooling, healthInsurance: body.healthInsurance, legalBasis: body.legalBasis, registeredOn })).returning('id').executeTakeFirstOrThrow();
      await trx.insertInto('child_residence').values({ child_id: id, unit_id: body.unitId, village_id: body.villageId ?? null, from_date: registeredOn }).execute();
      await flagHiddenDuplicates(trx, id, same.hidden);
      for (const party of ['parent', 'child'] as const) {
        const c = body.consent?.[party];
        if (!c) continue;
        const givenOn = checkDate(c.givenOn, ['consent', party, 'givenOn'], 'Ngày đồng ý', 'Consent date');
        await trx.insertInto('child_consent').values({ child_id: id, party, given_by: encryptOptional(c.givenBy), given_on: givenOn, purpose: 'register' }).execute();
      }
      void reply.status(201);
      return loadChild(trx, id);
    });
  });

  app.post('/children/duplicates', {
    config: { access: { action: 'children.write', resource: 'child', load: (req) => (req.body as { unitId?: number })?.unitId ?? null } },
    schema: { tags: ['register'], summary: 'Tìm hồ sơ có thể trùng trước khi đăng ký', body: z.object({ unitId: z.number().int().positive(), fullName: z.string().trim().min(1).max(200), birthDate: CalendarDateInput, idNumber: z.string().max(30).nullish() }) },
  }, async (request) => {
    const b = request.body;
    await assertUnitChildAccess(request, b.unitId);
    const birthDate = checkDate(b.birthDate, ['birthDate'], 'Ngày sinh', 'Birth date');
    const dups = await findDuplicates(db, { fullName: b.fullName, birthDate, unitId: b.unitId, idNumber: b.idNumber ? normaliseIdNumber(b.idNumber) : null });
    return { duplicates: await presentDuplicates(request, dups) };
  });

  // possible duplicates across communes: ids and units for a supervisor covering both, never names or ID numbers
  async function reviewableFlags(request: FastifyRequest, filter: { id?: number; open?: boolean }) {
    const areas = await duplicateReviewAreas(request);
    let q = db.selectFrom('child_duplicate_flag as f')
      .innerJoin('child as a', 'a.id', 'f.child_id').innerJoin('admin_unit as ua', 'ua.id', 'a.unit_id')
      .innerJoin('child as b', 'b.id', 'f.other_child_id').innerJoin('admin_unit as ub', 'ub.id', 'b.unit_id')
      .select(['f.id', 'f.reason', 'f.created_at', 'f.resolution', 'f.resolved_at', 'f.note', 'f.child_id', 'a.unit_id as child_unit_id', 'ua.name as child_unit_name', 'f.other_child_id', 'b.unit_id as other_unit_id', 'ub.name as other_unit_name'])
      .orderBy('f.id');
    if (filter.id !== undefined) q = q.where('f.id', '=', filter.id);
    if (filter.open) q = q.where('f.resolution', 'is', null);
    return (await q.execute()).filter((f) => reviewCovers(areas, f.child_unit_id, f.other_unit_id));
  }
  const flagView = (f: Awaited<ReturnType<typeof reviewableFlags>>[number]) => ({
    id: f.id, reason: f.reason, createdAt: f.created_at,
    child: { id: f.child_id, unitId: f.child_unit_id, unitName: f.child_unit_name },
    other: { id: f.other_child_id, unitId: f.other_unit_id, unitName: f.other_unit_name },
    resolution: f.resolution, resolvedAt: f.resolved_at, note: f.note,
  });

  app.get('/children/duplicate-flags', {
    config: { access: { action: 'cases.supervise', resource: 'case', load: childListIn(() => null) } },
    schema: { tags: ['register'], summary: 'Hồ sơ có thể trùng giữa các xã (cùng số định danh) để giám sát viên phụ trách cả hai xã xử lý: chỉ mã hồ sơ và đơn vị / Possible duplicates across communes, for a supervisor covering both', querystring: z.object({ status: z.enum(['open', 'all']).default('open') }) },
  }, async (request) => ({ items: (await reviewableFlags(request, { open: request.query.status === 'open' })).map(flagView) }));

  app.post('/children/duplicate-flags/:id/resolve', {
    config: { access: { action: 'cases.supervise', resource: 'case', load: duplicateFlagArea, denyAs: 404 } },
    schema: { tags: ['register'], summary: 'Kết luận một cặp hồ sơ có thể trùng: cùng một trẻ (gộp theo quy trình chuyển hồ sơ) hay hai trẻ khác nhau / Resolve a possible duplicate', params: idParams, body: z.object({ resolution: z.enum(['same_child', 'different_children']), note: z.string().trim().max(1000).nullish() }).strict() },
  }, async (request) => {
    const [flag] = await reviewableFlags(request, { id: request.params.id });
    // a flag outside the caller's areas does not exist for it
    if (!flag) throw notFound('cặp hồ sơ có thể trùng', 'Possible duplicate', ['id']);
    if (flag.resolution !== null) throw conflict('already_resolved', 'Cặp hồ sơ này đã được kết luận.', 'This possible duplicate has already been resolved.', ['id']);
    return writeTransaction(request, async (trx) => {
      const done = await trx.updateTable('child_duplicate_flag').set({ resolution: request.body.resolution, resolved_at: new Date(), resolved_by: request.actor?.userId ?? null, note: request.body.note ?? null })
        .where('id', '=', flag.id).where('resolution', 'is', null).returning('id').executeTakeFirst();
      if (!done) throw conflict('already_resolved', 'Cặp hồ sơ này đã được kết luận.', 'This possible duplicate has already been resolved.', ['id']);
      return flagView({ ...flag, resolution: request.body.resolution, resolved_at: new Date(), note: request.body.note ?? null });
    });
  });

  app.get('/children', {
    config: { access: { action: 'children.read', resource: 'child', load: childListIn((req) => (req.query as { unitId?: number }).unitId) } },
    schema: { tags: ['register'], summary: 'Danh sách/tìm kiếm trẻ em của đơn vị (có hoặc không dấu)', querystring: z.object({ unitId: z.coerce.number().int().positive(), q: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).default(0) }) },
  }, async (request) => {
    const { unitId, q, limit, offset } = request.query;
    // the list is the child scope AND the request's filters: unitId only narrows
    const scope = await childScope(request, 'children.read');
    const units = await subtreeUnitIds(db, unitId);
    let items: ChildView[];
    if (q && q.trim()) items = await searchChildren(db, units, q, limit, undefined, childInScope(scope));
    else {
      const rows = await db.selectFrom('child').select(CHILD_VIEW_COLUMNS).where('unit_id', 'in', units).where(childInScope(scope)).where('status', '=', 'active').orderBy('id').limit(limit).offset(offset).execute();
      items = rows.map((r) => childView(r as Parameters<typeof childView>[0]));
    }
    await auditRead(request, { table: 'child', rowId: null, unitId, detail: { list: true, search: searchFingerprint(q), ids: items.map((c) => c.id) } });
    return { items: items.map((c) => ({ id: c.id, unitId: c.unitId, villageId: c.villageId, fullName: c.fullName, birthDate: c.birthDate, sex: c.sex, status: c.status })), limit, offset };
  });

  app.get('/children/:id', {
    config: { access: { action: 'children.read', resource: 'child', load: childUnit } },
    schema: { tags: ['register'], summary: 'Hồ sơ một trẻ em (mỗi lần xem được ghi nhật ký)', params: idParams },
  }, async (request) => {
    const child = await loadChild(db, request.params.id);
    await assertChildAccess(request, child);
    await auditRead(request, { table: 'child', rowId: child.id, unitId: child.unitId, detail: { view: 'record' } });
    return childDetail(db, child);
  });

  app.patch('/children/:id', {
    config: { access: { action: 'children.write', resource: 'child', load: childUnit } },
    schema: { tags: ['register'], summary: 'Sửa hồ sơ trẻ em', params: idParams, body: patchBody },
  }, async (request) => {
    const b = request.body;
    return writeTransaction(request, async (trx) => {
      const child = await loadChild(trx, request.params.id);
      await assertChildAccess(request, child, trx);
      if (child.status !== 'active') throw badRequest('child_not_active', 'Hồ sơ này không còn hiệu lực (đã gộp hoặc đã đóng).', 'This record is no longer active (merged or closed).');
      if (b.version !== undefined && b.version !== child.version) throw conflict('version_conflict', 'Hồ sơ đã được người khác sửa; hãy tải lại.', 'The record was changed by someone else; reload it.', ['version']);
      let birthDate = child.birthDate;
      if (b.birthDate !== undefined) {
        const v = checkChildBirthDate(b.birthDate, child.registeredOn);
        if (v) throw badRequest(v.code, v.vi, v.en, v.path);
        birthDate = parseDate(b.birthDate)!;
      }
      if (b.villageId) await assertVillage(trx, b.villageId, child.unitId);
      const idNumber = b.idNumber === undefined ? child.idNumber : checkIdNumber(b.idNumber, ['idNumber']);
      const pii: ChildPii = { fullName: b.fullName ?? child.fullName, birthDate, idNumber, address: b.address === undefined ? child.address : b.address, caregivers: b.caregivers ?? child.caregivers, notes: b.notes === undefined ? child.notes : b.notes };
      const row = childRow(pii, {
        unitId: child.unitId, villageId: b.villageId === undefined ? child.villageId : b.villageId, sex: b.sex ?? (child.sex as 'male'), ethnicity: b.ethnicity === undefined ? child.ethnicity : b.ethnicity,
        povertyStatus: b.povertyStatus ?? (child.povertyStatus as 'poor'), disability: b.disability === undefined ? child.disability : b.disability, schooling: b.schooling ?? child.schooling,
        healthInsurance: b.healthInsurance === undefined ? child.healthInsurance : b.healthInsurance, legalBasis: child.legalBasis as 'consent',
      });
      await trx.updateTable('child').set({ ...row, updated_at: new Date(), version: child.version + 1 }).where('id', '=', child.id).execute();
      return loadChild(trx, child.id);
    });
  });

  app.post('/children/:id/merge', {
    config: { access: { action: 'children.write', resource: 'child', load: childUnit } },
    schema: { tags: ['register'], summary: 'Gộp hồ sơ trùng vào hồ sơ này (giữ lịch sử)', params: idParams, body: z.object({ duplicateId: z.number().int().positive(), reason: z.string().trim().min(3).max(1000) }).strict() },
  }, async (request) => {
    return writeTransaction(request, async (trx) => {
      const survivor = await loadChild(trx, request.params.id);
      const dup = await loadChild(trx, request.body.duplicateId);
      if (survivor.id === dup.id) throw badRequest('merge_same', 'Không thể gộp hồ sơ với chính nó.', 'A record cannot be merged with itself.', ['duplicateId']);
      await assertChildAccess(request, survivor, trx);
      await assertChildAccess(request, dup, trx);
      if (survivor.status !== 'active' || dup.status !== 'active') throw badRequest('child_not_active', 'Chỉ gộp được hai hồ sơ đang có hiệu lực.', 'Only two active records can be merged.', ['duplicateId']);
      for (const table of ['child_circumstance', 'child_support', 'child_consent', 'child_residence', 'child_case'] as const)
        await trx.updateTable(table).set({ child_id: survivor.id }).where('child_id', '=', dup.id).execute();
      // one current residence: the survivor's commune, from the earliest open stay there (a second
      // open stay in the same commune is the same stay registered twice); an open stay elsewhere
      // (the duplicate's commune) ends on the day of the merge
      const open = await trx.selectFrom('child_residence').select(['id', 'unit_id', 'from_date']).where('child_id', '=', survivor.id).where('to_date', 'is', null).orderBy('from_date').orderBy('id').execute();
      const here = open.filter((r) => r.unit_id === survivor.unitId);
      if (here.length > 1) await trx.deleteFrom('child_residence').where('id', 'in', here.slice(1).map((r) => r.id)).execute();
      for (const r of open.filter((x) => x.unit_id !== survivor.unitId))
        await trx.updateTable('child_residence').set({ to_date: isoDate(r.from_date) > todayVn() ? isoDate(r.from_date) : todayVn() }).where('id', '=', r.id).execute();
      const pii: ChildPii = { fullName: survivor.fullName, birthDate: survivor.birthDate, idNumber: survivor.idNumber ?? dup.idNumber, address: survivor.address ?? dup.address, caregivers: survivor.caregivers.length ? survivor.caregivers : dup.caregivers, notes: [survivor.notes, dup.notes].filter(Boolean).join('\n') || null };
      // the duplicate's ID index goes first, so the survivor may carry the number
      await trx.updateTable('child').set({ status: 'merged', merged_into: survivor.id, id_number_index: null, name_index: [], name_pairs: [], updated_at: new Date() }).where('id', '=', dup.id).execute();
      const row = childRow(pii, { unitId: survivor.unitId, villageId: survivor.villageId, sex: survivor.sex as 'male', ethnicity: survivor.ethnicity ?? dup.ethnicity, povertyStatus: survivor.povertyStatus as 'poor', disability: survivor.disability ?? dup.disability, schooling: survivor.schooling, healthInsurance: survivor.healthInsurance ?? dup.healthInsurance, legalBasis: survivor.legalBasis as 'consent' });
      await trx.updateTable('child').set({ ...row, updated_at: new Date(), version: survivor.version + 1 }).where('id', '=', survivor.id).execute();
      await trx.insertInto('child_merge').values({ survivor_id: survivor.id, merged_id: dup.id, merged_by: request.actor?.userId ?? null, snapshot: encryptJson(dup), reason: request.body.reason }).execute();
      return childDetail(trx as unknown as AppContext['db'], await loadChild(trx, survivor.id));
    });
  });

  app.post('/children/:id/move', {
    config: { access: { action: 'children.write', resource: 'child', load: childUnit } },
    schema: { tags: ['register'], summary: 'Chuyển trẻ em sang xã khác (một hồ sơ, chuyển cả các ca đang mở)', params: idParams, body: z.object({ toUnitId: z.number().int().positive(), villageId: z.number().int().positive().nullish(), date: CalendarDateInput, reason: z.string().max(1000).nullish() }).strict() },
  }, async (request) => {
    const b = request.body;
    const date = checkDate(b.date, ['date'], 'Ngày chuyển', 'Move date');
    if (date > todayVn()) throw badRequest('move_in_future', 'Ngày chuyển không được sau hôm nay.', 'The move date cannot be in the future.', ['date']);
    return writeTransaction(request, async (trx) => {
      const child = await loadChild(trx, request.params.id);
      await assertChildAccess(request, child, trx);
      if (child.status !== 'active') throw badRequest('child_not_active', 'Hồ sơ không còn hiệu lực.', 'The record is not active.');
      if (b.toUnitId === child.unitId) throw badRequest('same_unit', 'Trẻ em đã ở xã này.', 'The child already lives in this commune.', ['toUnitId']);
      await assertCommune(trx, b.toUnitId, ['toUnitId']);
      await assertVillage(trx, b.villageId, b.toUnitId);
      const current = await trx.selectFrom('child_residence').selectAll().where('child_id', '=', child.id).where('to_date', 'is', null).executeTakeFirst();
      if (current && isoDate(current.from_date) > date) throw badRequest('move_before_residence', 'Ngày chuyển trước ngày bắt đầu cư trú hiện tại.', 'The move date is before the current residence began.', ['date']);
      if (current) await trx.updateTable('child_residence').set({ to_date: date }).where('id', '=', current.id).execute();
      await trx.insertInto('child_residence').values({ child_id: child.id, unit_id: b.toUnitId, village_id: b.villageId ?? null, from_date: date }).execute();
      await trx.updateTable('child').set({ unit_id: b.toUnitId, village_id: b.villageId ?? null, updated_at: new Date(), version: child.version + 1 }).where('id', '=', child.id).execute();
      const open = await trx.selectFrom('child_case').select(['id', 'unit_id']).where('child_id', '=', child.id).where('status', 'not in', ['closed']).execute();
      for (const c of open) {
        await trx.insertInto('case_transfer').values({ case_id: c.id, from_unit_id: c.unit_id, to_unit_id: b.toUnitId, reason: b.reason ?? 'Trẻ em chuyển nơi cư trú' }).execute();
        await trx.updateTable('child_case').set({ unit_id: b.toUnitId, worker_user_id: null, updated_at: new Date() }).where('id', '=', c.id).execute();
      }
      return { id: child.id, unitId: b.toUnitId, transferredCases: open.map((c) => c.id) };
    });
  });

  app.post('/children/:id/circumstances', {
    config: { access: { action: 'children.write', resource: 'child', load: childUnit } },
    schema: { tags: ['register'], summary: 'Ghi nhận hoàn cảnh đặc biệt hoặc nguy cơ', params: idParams, body: z.object({ groupCode: z.string().max(60), startDate: CalendarDateInput, endDate: CalendarDateInput.nullish(), note: z.string().max(4000).nullish() }).strict() },
  }, async (request, reply) => {
    const b = request.body;
    return writeTransaction(request, async (trx) => {
      const child = await loadChild(trx, request.params.id);
      await assertChildAccess(request, child, trx);
      const group = await trx.selectFrom('circumstance_group').select(['code', 'active']).where('code', '=', b.groupCode).executeTakeFirst();
      if (!group || !group.active) throw badRequest('unknown_group', `Không có nhóm hoàn cảnh "${b.groupCode}".`, `Unknown circumstance group "${b.groupCode}".`, ['groupCode']);
      const start = checkDate(b.startDate, ['startDate'], 'Ngày bắt đầu', 'Start date');
      const end = b.endDate ? checkDate(b.endDate, ['endDate'], 'Ngày kết thúc', 'End date') : null;
      if (start < child.birthDate) throw badRequest('before_birth', 'Ngày bắt đầu trước ngày sinh.', 'The start date is before the birth date.', ['startDate']);
      if (start > todayVn()) throw badRequest('date_in_future', 'Ngày bắt đầu không được sau hôm nay.', 'The start date cannot be in the future.', ['startDate']);
      if (end && end < start) throw badRequest('end_before_start', 'Ngày kết thúc trước ngày bắt đầu.', 'The end date is before the start date.', ['endDate']);
      const row = await trx.insertInto('child_circumstance').values({ child_id: child.id, group_code: b.groupCode, start_date: start, end_date: end, note: encryptOptional(b.note) }).returning(['id']).executeTakeFirstOrThrow();
      void reply.status(201);
      return { id: row.id, groupCode: b.groupCode, startDate: start, endDate: end };
    });
  });

  app.patch('/children/:id/circumstances/:cid', {
    config: { access: { action: 'children.write', resource: 'child', load: childUnit } },
    schema: { tags: ['register'], summary: 'Kết thúc hoàn cảnh đặc biệt', params: z.object({ id: z.coerce.number().int().positive(), cid: z.coerce.number().int().positive() }), body: z.object({ endDate: CalendarDateInput.nullable() }).strict() },
  }, async (request) => {
    return writeTransaction(request, async (trx) => {
      const child = await loadChild(trx, request.params.id);
      await assertChildAccess(request, child, trx);
      const c = await trx.selectFrom('child_circumstance').selectAll().where('id', '=', request.params.cid).where('child_id', '=', child.id).executeTakeFirst();
      if (!c) throw notFound('hoàn cảnh', 'Circumstance', ['cid']);
      const end = request.body.endDate ? checkDate(request.body.endDate, ['endDate'], 'Ngày kết thúc', 'End date') : null;
      if (end && end < isoDate(c.start_date)) throw badRequest('end_before_start', 'Ngày kết thúc trước ngày bắt đầu.', 'The end date is before the start date.', ['endDate']);
      await trx.updateTable('child_circumstance').set({ end_date: end }).where('id', '=', c.id).execute();
      return { id: c.id, endDate: end };
    });
  });

  app.post('/children/:id/supports', {
    config: { access: { action: 'children.write', resource: 'child', load: childUnit } },
    schema: { tags: ['register'], summary: 'Ghi nhận chăm sóc, nuôi dưỡng, trợ giúp', params: idParams, body: z.object({ kind: z.enum(SUPPORT_KINDS), date: CalendarDateInput, provider: z.string().max(300).nullish(), circumstanceId: z.number().int().positive().nullish(), note: z.string().max(4000).nullish() }).strict() },
  }, async (request, reply) => {
    const b = request.body;
    return writeTransaction(request, async (trx) => {
      const child = await loadChild(trx, request.params.id);
      await assertChildAccess(request, child, trx);
      const date = checkDate(b.date, ['date'], 'Ngày hỗ trợ', 'Support date');
      if (date > todayVn()) throw badRequest('date_in_future', 'Ngày hỗ trợ không được sau hôm nay.', 'The support date cannot be in the future.', ['date']);
      if (b.circumstanceId && !(await trx.selectFrom('child_circumstance').select('id').where('id', '=', b.circumstanceId).where('child_id', '=', child.id).executeTakeFirst()))
        throw notFound('hoàn cảnh', 'Circumstance', ['circumstanceId']);
      const row = await trx.insertInto('child_support').values({ child_id: child.id, circumstance_id: b.circumstanceId ?? null, kind: b.kind, support_date: date, provider: b.provider ?? null, note: encryptOptional(b.note) }).returning('id').executeTakeFirstOrThrow();
      void reply.status(201);
      return { id: row.id, kind: b.kind, date };
    });
  });

  app.post('/children/:id/consents', {
    config: { access: { action: 'children.write', resource: 'child', load: childUnit } },
    schema: { tags: ['register'], summary: 'Ghi nhận sự đồng ý (cha mẹ; trẻ em từ đủ 7 tuổi)', params: idParams, body: z.object({ party: z.enum(['parent', 'child']), givenBy: z.string().max(200).nullish(), givenOn: CalendarDateInput, purpose: z.string().trim().min(2).max(300) }).strict() },
  }, async (request, reply) => {
    const b = request.body;
    return writeTransaction(request, async (trx) => {
      const child = await loadChild(trx, request.params.id);
      await assertChildAccess(request, child, trx);
      const givenOn = checkDate(b.givenOn, ['givenOn'], 'Ngày đồng ý', 'Consent date');
      if (givenOn > todayVn()) throw badRequest('date_in_future', 'Ngày đồng ý không được sau hôm nay.', 'The consent date cannot be in the future.', ['givenOn']);
      const row = await trx.insertInto('child_consent').values({ child_id: child.id, party: b.party, given_by: encryptOptional(b.givenBy), given_on: givenOn, purpose: b.purpose }).returning('id').executeTakeFirstOrThrow();
      void reply.status(201);
      return { id: row.id };
    });
  });

  app.post('/children/import', {
    config: { access: { action: 'children.write', resource: 'child', load: (req) => (req.body as { unitId?: number })?.unitId ?? null } },
    bodyLimit: CHILDREN_IMPORT_BODY_BYTES,
    schema: { tags: ['register'], summary: 'Nhập danh sách trẻ em từ CSV/XLSX (tất cả hoặc không; báo mọi dòng lỗi)', body: z.object({ unitId: z.number().int().positive(), filename: z.string().max(300), content: z.string().optional(), contentBase64: z.string().optional(), registeredOn: CalendarDateInput.nullish(), legalBasis: z.enum(['consent', 'child_protection']).default('child_protection') }).strict() },
  }, async (request) => {
    const b = request.body;
    await assertUnitChildAccess(request, b.unitId);
    const registeredOn = b.registeredOn ? checkDate(b.registeredOn, ['registeredOn'], 'Ngày đăng ký', 'Registration date') : todayVn();
    let rows: string[][];
    if (/\.xlsx$/i.test(b.filename)) {
      if (!b.contentBase64) throw badRequest('missing_content', 'Thiếu nội dung tệp (contentBase64).', 'The file content is missing (contentBase64).', ['contentBase64']);
      const bytes = Buffer.from(b.contentBase64, 'base64');
      assertZipUpload(bytes, ['contentBase64'], CHILDREN_XLSX_LIMITS);
      rows = denseTable(await readXlsxUpload(bytes, ['contentBase64'], () => badRequest('unreadable_file', 'Không đọc được tệp Excel.', 'The Excel file cannot be read.', ['contentBase64']), { maxRows: MAX_IMPORT_ROWS }));
    } else if (/\.(csv|txt)$/i.test(b.filename)) {
      const text = b.content ?? (b.contentBase64 ? Buffer.from(b.contentBase64, 'base64').toString('utf8') : null);
      if (text === null) throw badRequest('missing_content', 'Thiếu nội dung tệp.', 'The file content is missing.', ['content']);
      assertTextUpload(text, ['content'], { maxLines: MAX_IMPORT_ROWS });
      rows = parseCsv(text);
    } else throw badRequest('unsupported_file', 'Chỉ nhận tệp .csv hoặc .xlsx.', 'Only .csv or .xlsx files are accepted.', ['filename']);
    if (b.legalBasis === 'consent') throw badRequest('consent_required', 'Nhập hàng loạt chỉ theo căn cứ bảo vệ trẻ em; sự đồng ý được ghi nhận từng hồ sơ.', 'Bulk import uses the child-protection basis; consent is recorded per record.', ['legalBasis']);
    const { children, errors } = validateImport(rows, registeredOn);
    return writeTransaction(request, async (trx) => {
      await assertCommune(trx, b.unitId, ['unitId']);
      const villages = await trx.selectFrom('admin_unit').select(['id', 'name', 'code']).where('parent_id', '=', b.unitId).where('level', '=', 'village').execute();
      const allErrors: ImportRowError[] = [...errors];
      const villageOf = new Map<number, number | null>();
      for (const c of children) {
        if (!c.village) { villageOf.set(c.row, null); continue; }
        const v = villages.find((x) => x.code === c.village || x.name.toLowerCase() === c.village!.toLowerCase());
        if (!v) allErrors.push({ row: c.row, column: 'thon', value: c.village, vi: `Không có thôn/bản "${c.village}" trong xã.`, en: `No village "${c.village}" in the commune.` });
        else villageOf.set(c.row, v.id);
      }
      // a personal ID number already in the register: a row error when the caller can see that record, else
      // imported and flagged for a supervisor (the import's answer must not reveal records outside the scope)
      const hiddenOf = new Map<number, number[]>();
      for (const c of children) {
        if (!c.idNumber) continue;
        const same = await sameIdNumber(request, trx, { fullName: c.fullName, birthDate: c.birthDate, unitId: b.unitId, idNumber: c.idNumber });
        if (same.visible) allErrors.push({ row: c.row, column: 'so dinh danh', value: c.idNumber, vi: 'Số định danh đã có trong sổ.', en: 'The identification number is already registered.' });
        if (same.hidden.length) hiddenOf.set(c.row, same.hidden);
      }
      if (allErrors.length) {
        allErrors.sort((x, y) => x.row - y.row);
        throw new AppError(400, 'import_rejected', `Không nhập dòng nào: ${allErrors.length} lỗi ở ${new Set(allErrors.map((e) => e.row)).size} dòng.`, `Nothing imported: ${allErrors.length} error(s) in ${new Set(allErrors.map((e) => e.row)).size} row(s).`, ['content'], { errors: allErrors });
      }
      const ids: number[] = [];
      for (let i = 0; i < children.length; i += 500) {
        const batch = children.slice(i, i + 500);
        const inserted = await trx.insertInto('child').values(batch.map((c) => childRow(
          { fullName: c.fullName, birthDate: c.birthDate, idNumber: c.idNumber, address: c.address, caregivers: c.caregivers },
          { unitId: b.unitId, villageId: villageOf.get(c.row) ?? null, sex: c.sex, ethnicity: c.ethnicity, povertyStatus: c.povertyStatus, disability: c.disability, schooling: c.schooling, healthInsurance: c.healthInsurance, legalBasis: 'child_protection', registeredOn },
        ))).returning('id').execute();
        inserted.forEach((r) => ids.push(r.id));
        for (const [k, c] of batch.entries()) await flagHiddenDuplicates(trx, inserted[k].id, hiddenOf.get(c.row) ?? []);
        await trx.insertInto('child_residence').values(batch.map((c, k) => ({ child_id: inserted[k].id, unit_id: b.unitId, village_id: villageOf.get(c.row) ?? null, from_date: registeredOn }))).execute();
        const circ = batch.flatMap((c, k) => c.groups.map((g) => ({ child_id: inserted[k].id, group_code: g, start_date: registeredOn })));
        if (circ.length) await trx.insertInto('child_circumstance').values(circ).execute();
      }
      return { imported: ids.length, ids };
    });
  });

  app.post('/children/export', {
    config: { access: { action: 'children.export', resource: 'child', load: childListIn((req) => (req.body as { unitId?: number })?.unitId) } },
    schema: { tags: ['register'], summary: 'Xuất dữ liệu định danh: tệp ZIP mã hóa AES-256 bằng mật khẩu (mở bằng 7-Zip, WinRAR); cần lý do; ghi nhật ký', body: z.object({ unitId: z.number().int().positive(), reason: z.string().trim().min(10).max(1000), password: z.string().min(10).max(200) }).strict() },
  }, async (request, reply) => {
    const { unitId, reason, password } = request.body;
    const scope = await childScope(request, 'children.export');
    const units = await subtreeUnitIds(db, unitId);
    const rows = await db.selectFrom('child').selectAll().where('unit_id', 'in', units).where(childInScope(scope)).where('status', '=', 'active').orderBy('id').execute();
    const header = ['Mã', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Dân tộc', 'Số định danh', 'Địa chỉ', 'Người chăm sóc', 'Hộ nghèo', 'Khuyết tật', 'Đi học', 'BHYT', 'Mã xã'];
    const table = rows.map(childView).map((c) => [c.id, c.fullName, c.birthDate, c.sex === 'male' ? 'Nam' : c.sex === 'female' ? 'Nữ' : '', c.ethnicity, c.idNumber, c.address, c.caregivers.map((g) => `${g.name}${g.relation ? ` (${g.relation})` : ''}`).join('; '), c.povertyStatus, c.disability === null ? '' : c.disability ? 'có' : 'không', c.schooling, c.healthInsurance === null ? '' : c.healthInsurance ? 'có' : 'không', c.unitId]);
    const day = todayVn();
    const name = `tre-em-${unitId}-${day}`;
    const zip = await encryptedZip([{ name: `${name}.csv`, content: toCsv([header, ...table]) }], password);
    await auditRead(request, { table: 'child', rowId: null, unitId, action: 'export', detail: { reason, count: rows.length, ids: rows.map((r) => r.id), format: 'ZIP AES-256 (WinZip AE-2)', file: `${name}.zip` } });
    void reply.header('content-type', 'application/zip').header('content-disposition', `attachment; filename="${name}.zip"`);
    return reply.send(zip);
  });
}
