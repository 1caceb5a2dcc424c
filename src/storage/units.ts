/**
 * Administrative units and agencies in the database: queries shared by the API, the CLI and
 * the other areas (reporting, register…). Effective-dated: a unit is valid on [valid_from, valid_to).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import './schema-foundation.ts';
import { AppError, badRequest, conflict, notFound } from '../api/errors.ts';
import { UNIT_LEVELS, SECTORS } from '../domain/model.ts';
import { LEVEL_RANK, coveringUnitsAt, searchKey, successorChain, type SuccessionRecord, type UnitRecord } from '../domain/units.ts';

export interface Unit extends UnitRecord {
  fullName: string | null;
  kind: string | null;
  nameEn: string | null;
  note: string | null;
}

const unitColumns = ['id', 'code', 'name', 'full_name', 'kind', 'level', 'parent_id', 'valid_from', 'valid_to', 'note', 'name_en'] as const;

export function toUnit(r: { id: number; code: string; name: string; full_name: string | null; kind: string | null; level: string; parent_id: number | null; valid_from: string; valid_to: string | null; note: string | null; name_en: string | null }): Unit {
  return { id: r.id, code: r.code, name: r.name, fullName: r.full_name, kind: r.kind, level: r.level, parentId: r.parent_id, validFrom: r.valid_from, validTo: r.valid_to, note: r.note, nameEn: r.name_en };
}

/** "xã Hoằng Kim": the kind before the name, unless the name already starts with it ("Xã …" stays as written). */
export function fullNameOf(kind: string | null | undefined, name: string): string {
  if (!kind) return name;
  const starts = name.normalize('NFC').toLocaleLowerCase('vi').startsWith(`${kind.normalize('NFC').toLocaleLowerCase('vi')} `);
  return starts ? name : `${kind} ${name}`;
}

export interface ListUnitsFilter {
  level?: string;
  parentId?: number | null;
  /** only units valid on this date */
  at?: string;
  /** accent-insensitive search in name and code */
  q?: string;
  code?: string;
  limit?: number;
  offset?: number;
}

export async function listUnits(db: Kysely<Database>, f: ListUnitsFilter = {}): Promise<Unit[]> {
  const rows = await filtered(db, f)
    .select(unitColumns)
    .orderBy(sql`case level when 'nation' then 0 when 'province' then 1 when 'district' then 2 when 'commune' then 3 else 4 end`)
    .orderBy('code')
    .orderBy('valid_from')
    .limit(f.limit ?? 500)
    .offset(f.offset ?? 0)
    .execute();
  return rows.map(toUnit);
}

/** How many units the filter matches (for paging through ~14.000 units). */
export async function countUnits(db: Kysely<Database>, f: ListUnitsFilter = {}): Promise<number> {
  const r = await filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

function filtered(db: Kysely<Database>, f: ListUnitsFilter) {
  let q = db.selectFrom('admin_unit');
  if (f.level) q = q.where('level', '=', f.level);
  if (f.parentId !== undefined) q = f.parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', f.parentId);
  if (f.at) {
    const at = f.at;
    q = q.where('valid_from', '<=', at).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)]));
  }
  if (f.code) q = q.where('code', '=', f.code);
  if (f.q) {
    const key = `%${searchKey(f.q).replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('search_key', 'like', key), eb('code', '=', f.q!.trim())]));
  }
  return q;
}

export async function getUnitRow(db: Kysely<Database>, id: number): Promise<Unit | undefined> {
  const r = await db.selectFrom('admin_unit').select(unitColumns).where('id', '=', id).executeTakeFirst();
  return r ? toUnit(r) : undefined;
}

export async function requireUnit(db: Kysely<Database>, id: number, path: (string | number)[] = ['unitId']): Promise<Unit> {
  const u = await getUnitRow(db, id);
  if (!u) throw new AppError(400, 'unknown_unit', `Không có đơn vị hành chính mã số ${id}.`, `There is no administrative unit with id ${id}.`, path);
  return u;
}

/** The unit with this level and official code valid on `date`. */
export async function findUnitAt(db: Kysely<Database>, level: string, code: string, date: string): Promise<Unit | undefined> {
  const [u] = await listUnits(db, { level, code, at: date, limit: 1 });
  return u;
}

export async function loadSuccessions(db: Kysely<Database>, unitIds?: number[]): Promise<SuccessionRecord[]> {
  let q = db.selectFrom('unit_succession').select(['predecessor_id', 'successor_id', 'effective_date', 'kind']);
  if (unitIds) {
    if (unitIds.length === 0) return [];
    q = q.where((eb) => eb.or([eb('predecessor_id', 'in', unitIds), eb('successor_id', 'in', unitIds)]));
  }
  const rows = await q.execute();
  return rows.map((r) => ({ predecessorId: r.predecessor_id, successorId: r.successor_id, effectiveDate: r.effective_date, kind: r.kind }));
}

export interface UnitDetail extends Unit {
  /** parent chain, nearest first */
  ancestors: Unit[];
  predecessors: (Unit & { effectiveDate: string; succession: string })[];
  successors: (Unit & { effectiveDate: string; succession: string })[];
  childCount: number;
}

export async function getUnit(db: Kysely<Database>, id: number): Promise<UnitDetail> {
  const unit = await getUnitRow(db, id);
  if (!unit) throw notFound('đơn vị hành chính', 'Administrative unit', ['id']);
  const ancestors: Unit[] = [];
  const seen = new Set([id]);
  let parentId = unit.parentId;
  while (parentId !== null && !seen.has(parentId)) {
    seen.add(parentId);
    const p = await getUnitRow(db, parentId);
    if (!p) break;
    ancestors.push(p);
    parentId = p.parentId;
  }
  const links = await loadSuccessions(db, [id]);
  const linked = async (otherId: number, s: SuccessionRecord) => ({ ...(await getUnitRow(db, otherId))!, effectiveDate: s.effectiveDate, succession: s.kind });
  const predecessors = await Promise.all(links.filter((s) => s.successorId === id).map((s) => linked(s.predecessorId, s)));
  const successors = await Promise.all(links.filter((s) => s.predecessorId === id).map((s) => linked(s.successorId, s)));
  const { count } = await db.selectFrom('admin_unit').select((eb) => eb.fn.countAll<number>().as('count')).where('parent_id', '=', id).executeTakeFirstOrThrow();
  return { ...unit, ancestors, predecessors, successors, childCount: Number(count) };
}

/**
 * Units valid on `date` that cover unit `id` (itself, its successors, or for an abolished unit with
 * no successor the units covering its parent). Loads the succession graph around the unit.
 */
export async function coveringUnits(db: Kysely<Database>, id: number, date: string): Promise<Unit[]> {
  const units = new Map<number, Unit>();
  const successions: SuccessionRecord[] = [];
  const frontier = [id];
  const loaded = new Set<number>();
  // breadth-first load of the connected succession/parent graph (small: a few dozen rows)
  while (frontier.length && loaded.size < 5000) {
    const batch = frontier.splice(0).filter((x) => !loaded.has(x));
    if (!batch.length) break;
    batch.forEach((x) => loaded.add(x));
    const rows = await db.selectFrom('admin_unit').select(unitColumns).where('id', 'in', batch).execute();
    for (const r of rows) {
      const u = toUnit(r);
      units.set(u.id, u);
      if (u.parentId !== null && !loaded.has(u.parentId)) frontier.push(u.parentId);
    }
    for (const s of await loadSuccessions(db, batch)) {
      if (!successions.some((x) => x.predecessorId === s.predecessorId && x.successorId === s.successorId)) successions.push(s);
      for (const other of [s.predecessorId, s.successorId]) if (!loaded.has(other)) frontier.push(other);
    }
  }
  return coveringUnitsAt([...units.values()], successions, id, date);
}

export interface CreateUnitInput {
  code: string;
  name: string;
  level: string;
  kind?: string | null;
  nameEn?: string | null;
  parentId?: number | null;
  validFrom?: string | null;
  validTo?: string | null;
  note?: string | null;
}

export async function createUnit(trx: Kysely<Database>, input: CreateUnitInput): Promise<Unit> {
  if (!(UNIT_LEVELS as readonly string[]).includes(input.level)) throw badRequest('invalid_level', `Cấp đơn vị không hợp lệ: ${input.level}.`, `Invalid level: ${input.level}.`, ['level']);
  const validFrom = input.validFrom ?? '1900-01-01';
  if (input.validTo && input.validTo <= validFrom)
    throw badRequest('invalid_validity', 'Ngày hết hiệu lực phải sau ngày có hiệu lực.', 'valid_to must be after valid_from.', ['validTo']);
  if (input.parentId !== null && input.parentId !== undefined) {
    const parent = await requireUnit(trx, input.parentId, ['parentId']);
    if ((LEVEL_RANK[parent.level] ?? 9) >= (LEVEL_RANK[input.level] ?? 9))
      throw badRequest('invalid_parent_level', `Đơn vị cấp ${input.level} không thể trực thuộc đơn vị cấp ${parent.level}.`, `A ${input.level} cannot belong to a ${parent.level}.`, ['parentId']);
    const overlaps = parent.validFrom <= (input.validTo ?? '9999-12-31') && (parent.validTo === null || validFrom < parent.validTo);
    if (!overlaps)
      throw badRequest('parent_not_valid', `Đơn vị cấp trên "${parent.name}" không tồn tại trong thời gian hiệu lực của đơn vị mới.`, `The parent "${parent.name}" does not exist during the new unit's validity.`, ['parentId']);
  }
  const clash = await trx.selectFrom('admin_unit').select(['id', 'name']).where('level', '=', input.level).where('code', '=', input.code)
    .where('valid_from', '<', input.validTo ?? '9999-12-31').where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', validFrom)])).executeTakeFirst();
  if (clash)
    throw conflict('duplicate_unit_code', `Mã ${input.code} (cấp ${input.level}) đã dùng cho "${clash.name}" trong cùng thời gian.`, `Code ${input.code} (${input.level}) is already used by "${clash.name}" in the same period.`, ['code']);
  const fullName = fullNameOf(input.kind, input.name);
  const row = await trx
    .insertInto('admin_unit')
    .values({ code: input.code, name: input.name, full_name: fullName, kind: input.kind ?? null, level: input.level, parent_id: input.parentId ?? null, valid_from: validFrom, valid_to: input.validTo ?? null, note: input.note ?? null, name_en: input.nameEn ?? null, search_key: searchKey(`${fullName} ${input.nameEn ?? ''}`) })
    .returning(unitColumns)
    .executeTakeFirstOrThrow();
  return toUnit(row);
}

export interface UpdateUnitInput {
  name?: string;
  kind?: string | null;
  nameEn?: string | null;
  code?: string;
  parentId?: number | null;
  validTo?: string | null;
  note?: string | null;
}

export async function updateUnit(trx: Kysely<Database>, id: number, input: UpdateUnitInput): Promise<Unit> {
  const unit = await getUnitRow(trx, id);
  if (!unit) throw notFound('đơn vị hành chính', 'Administrative unit', ['id']);
  const name = input.name ?? unit.name;
  const kind = input.kind !== undefined ? input.kind : unit.kind;
  const nameEn = input.nameEn !== undefined ? input.nameEn : unit.nameEn;
  const fullName = fullNameOf(kind, name);
  if (input.validTo && input.validTo <= unit.validFrom) throw badRequest('invalid_validity', 'Ngày hết hiệu lực phải sau ngày có hiệu lực.', 'valid_to must be after valid_from.', ['validTo']);
  if (input.parentId !== undefined && input.parentId !== null) await requireUnit(trx, input.parentId, ['parentId']);
  const row = await trx
    .updateTable('admin_unit')
    .set({
      name, kind, name_en: nameEn, full_name: fullName, search_key: searchKey(`${fullName} ${nameEn ?? ''}`),
      ...(input.code !== undefined ? { code: input.code } : {}),
      ...(input.parentId !== undefined ? { parent_id: input.parentId } : {}),
      ...(input.validTo !== undefined ? { valid_to: input.validTo } : {}),
      ...(input.note !== undefined ? { note: input.note } : {}),
    })
    .where('id', '=', id)
    .returning(unitColumns)
    .executeTakeFirstOrThrow();
  return toUnit(row);
}

export interface SuccessionInput {
  successorId: number;
  effectiveDate: string;
  kind: 'merge' | 'split' | 'rename' | 'transfer';
  share?: number | null;
  /** end the predecessor's validity on the effective date (default true) */
  closePredecessor?: boolean;
}

export async function addUnitSuccession(trx: Kysely<Database>, predecessorId: number, input: SuccessionInput): Promise<{ id: number }> {
  const pred = await getUnitRow(trx, predecessorId);
  if (!pred) throw notFound('đơn vị hành chính', 'Administrative unit', ['id']);
  const succ = await requireUnit(trx, input.successorId, ['successorId']);
  if (succ.id === pred.id) throw badRequest('self_succession', 'Một đơn vị không thể kế thừa chính nó.', 'A unit cannot succeed itself.', ['successorId']);
  // no cycles: the successor must not already precede the predecessor
  const all = await loadSuccessions(trx);
    if (successorChain(all, succ.id).includes(pred.id))
    throw badRequest('succession_cycle', 'Liên kết kế thừa này tạo thành vòng lặp.', 'This succession link would create a cycle.', ['successorId']);
  if (input.effectiveDate <= pred.validFrom)
    throw badRequest('date_outside_unit_validity', `Ngày hiệu lực ${input.effectiveDate} phải sau ngày thành lập của "${pred.name}" (${pred.validFrom}).`, `Effective date ${input.effectiveDate} must be after "${pred.name}" began (${pred.validFrom}).`, ['effectiveDate']);
  if (succ.validTo !== null && input.effectiveDate >= succ.validTo)
    throw badRequest('date_outside_unit_validity', `"${succ.name}" không còn tồn tại vào ngày ${input.effectiveDate}.`, `"${succ.name}" no longer exists on ${input.effectiveDate}.`, ['effectiveDate']);
  const existing = all.find((s) => s.predecessorId === pred.id && s.successorId === succ.id);
  if (existing) throw conflict('duplicate_succession', 'Liên kết kế thừa này đã có.', 'This succession link exists already.', ['successorId']);
  const row = await trx
    .insertInto('unit_succession')
    .values({ predecessor_id: pred.id, successor_id: succ.id, effective_date: input.effectiveDate, kind: input.kind, share: input.share ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.closePredecessor !== false && (pred.validTo === null || pred.validTo > input.effectiveDate))
    await trx.updateTable('admin_unit').set({ valid_to: input.effectiveDate }).where('id', '=', pred.id).execute();
  return row;
}

/**
 * Sets the shares of a predecessor's successors (population or area shares of a split commune): all
 * of its links at once, summing to 1; they are then no longer estimates. The row triggers audit it.
 */
export async function setSuccessionShares(trx: Kysely<Database>, predecessorId: number, shares: { successorId: number; share: number }[]): Promise<{ successorId: number; share: number | null; estimated: boolean }[]> {
  const pred = await getUnitRow(trx, predecessorId);
  if (!pred) throw notFound('đơn vị hành chính', 'Administrative unit', ['id']);
  const links = await trx.selectFrom('unit_succession').select(['id', 'successor_id']).where('predecessor_id', '=', predecessorId).execute();
  const known = new Set(links.map((l) => l.successor_id));
  const unknown = shares.map((s, i) => [s, i] as const).filter(([s]) => !known.has(s.successorId));
  if (unknown.length)
    throw badRequest('unknown_successor', `Không phải đơn vị kế thừa của "${pred.name}": dòng ${unknown.map(([, i]) => i + 1).join(', ')}.`, `Not a successor of "${pred.name}": row ${unknown.map(([, i]) => i + 1).join(', ')}.`, ['shares', unknown[0][1], 'successorId']);
  const given = new Set(shares.map((s) => s.successorId));
  const missing = links.filter((l) => !given.has(l.successor_id));
  if (missing.length || given.size !== shares.length)
    throw badRequest('shares_incomplete', `Cần đủ tỷ lệ cho cả ${links.length} đơn vị kế thừa của "${pred.name}", mỗi đơn vị một lần.`, `Give one share for each of the ${links.length} successors of "${pred.name}".`, ['shares']);
  const sum = shares.reduce((a, s) => a + s.share, 0);
  if (Math.abs(sum - 1) > 1e-6)
    throw badRequest('shares_not_summing_to_one', `Tổng tỷ lệ phải bằng 1, đang là ${String(Math.round(sum * 1e6) / 1e6).replace('.', ',')} (dòng 1–${shares.length}).`, `The shares must sum to 1; they sum to ${Math.round(sum * 1e6) / 1e6} (rows 1–${shares.length}).`, ['shares']);
  for (const s of shares)
    await trx.updateTable('unit_succession').set({ share: s.share, share_estimated: false, kind: shares.length > 1 ? 'split' : sql<string>`kind` }).where('predecessor_id', '=', predecessorId).where('successor_id', '=', s.successorId).execute();
  return shares.map((s) => ({ successorId: s.successorId, share: s.share, estimated: false }));
}

// --------------------------------------------------------------------------------------------- agencies

export interface Agency {
  id: number;
  unitId: number;
  name: string;
  shortName: string | null;
  sector: string;
  validFrom: string;
  validTo: string | null;
}

const agencyColumns = ['id', 'unit_id', 'name', 'short_name', 'sector', 'valid_from', 'valid_to'] as const;
export function toAgency(r: { id: number; unit_id: number; name: string; short_name: string | null; sector: string; valid_from: string; valid_to: string | null }): Agency {
  return { id: r.id, unitId: r.unit_id, name: r.name, shortName: r.short_name, sector: r.sector, validFrom: r.valid_from, validTo: r.valid_to };
}

export async function listAgencies(db: Kysely<Database>, f: { unitId?: number; sector?: string; at?: string; q?: string } = {}): Promise<Agency[]> {
  let q = db.selectFrom('agency').select(agencyColumns);
  if (f.unitId !== undefined) q = q.where('unit_id', '=', f.unitId);
  if (f.sector) q = q.where('sector', '=', f.sector);
  if (f.at) {
    const at = f.at;
    q = q.where('valid_from', '<=', at).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)]));
  }
  if (f.q) q = q.where('name', 'ilike', `%${f.q}%`);
  return (await q.orderBy('unit_id').orderBy('name').limit(1000).execute()).map(toAgency);
}

export async function getAgency(db: Kysely<Database>, id: number): Promise<Agency | undefined> {
  const r = await db.selectFrom('agency').select(agencyColumns).where('id', '=', id).executeTakeFirst();
  return r ? toAgency(r) : undefined;
}

export interface AgencyInput {
  unitId: number;
  name: string;
  sector: string;
  shortName?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
}

export async function createAgency(trx: Kysely<Database>, input: AgencyInput): Promise<Agency> {
  await requireUnit(trx, input.unitId, ['unitId']);
  if (!(SECTORS as readonly string[]).includes(input.sector)) throw badRequest('invalid_sector', `Lĩnh vực không hợp lệ: ${input.sector}.`, `Invalid sector: ${input.sector}.`, ['sector']);
  const validFrom = input.validFrom ?? '1900-01-01';
  if (input.validTo && input.validTo <= validFrom) throw badRequest('invalid_validity', 'Ngày hết hiệu lực phải sau ngày có hiệu lực.', 'valid_to must be after valid_from.', ['validTo']);
  const clash = await trx.selectFrom('agency').select('id').where('unit_id', '=', input.unitId).where('name', '=', input.name).where('valid_from', '=', validFrom).executeTakeFirst();
  if (clash) throw conflict('duplicate_agency', `Đơn vị đã có cơ quan "${input.name}".`, `The unit already has an agency "${input.name}".`, ['name']);
  const r = await trx
    .insertInto('agency')
    .values({ unit_id: input.unitId, name: input.name, sector: input.sector, short_name: input.shortName ?? null, valid_from: validFrom, valid_to: input.validTo ?? null })
    .returning(agencyColumns)
    .executeTakeFirstOrThrow();
  return toAgency(r);
}

export async function updateAgency(trx: Kysely<Database>, id: number, input: Partial<Omit<AgencyInput, 'unitId' | 'validFrom'>>): Promise<Agency> {
  const a = await getAgency(trx, id);
  if (!a) throw notFound('cơ quan', 'Agency', ['id']);
  if (input.sector && !(SECTORS as readonly string[]).includes(input.sector)) throw badRequest('invalid_sector', `Lĩnh vực không hợp lệ: ${input.sector}.`, `Invalid sector: ${input.sector}.`, ['sector']);
  if (input.validTo && input.validTo <= a.validFrom) throw badRequest('invalid_validity', 'Ngày hết hiệu lực phải sau ngày có hiệu lực.', 'valid_to must be after valid_from.', ['validTo']);
  const r = await trx
    .updateTable('agency')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.sector !== undefined ? { sector: input.sector } : {}),
      ...(input.shortName !== undefined ? { short_name: input.shortName } : {}),
      ...(input.validTo !== undefined ? { valid_to: input.validTo } : {}),
    })
    .where('id', '=', id)
    .returning(agencyColumns)
    .executeTakeFirstOrThrow();
  return toAgency(r);
}

export async function addAgencySuccession(trx: Kysely<Database>, predecessorId: number, input: { successorId: number; effectiveDate: string; note?: string | null; closePredecessor?: boolean }): Promise<{ id: number }> {
  const pred = await getAgency(trx, predecessorId);
  if (!pred) throw notFound('cơ quan', 'Agency', ['id']);
  const succ = await getAgency(trx, input.successorId);
  if (!succ) throw badRequest('unknown_agency', `Không có cơ quan mã số ${input.successorId}.`, `There is no agency with id ${input.successorId}.`, ['successorId']);
  if (succ.id === pred.id) throw badRequest('self_succession', 'Một cơ quan không thể kế thừa chính nó.', 'An agency cannot succeed itself.', ['successorId']);
  if (input.effectiveDate <= pred.validFrom) throw badRequest('date_outside_validity', 'Ngày hiệu lực phải sau ngày thành lập cơ quan.', 'The effective date must be after the agency began.', ['effectiveDate']);
  const dup = await trx.selectFrom('agency_succession').select('id').where('predecessor_id', '=', pred.id).where('successor_id', '=', succ.id).executeTakeFirst();
  if (dup) throw conflict('duplicate_succession', 'Liên kết kế thừa này đã có.', 'This succession link exists already.', ['successorId']);
  const row = await trx.insertInto('agency_succession').values({ predecessor_id: pred.id, successor_id: succ.id, effective_date: input.effectiveDate, note: input.note ?? null }).returning('id').executeTakeFirstOrThrow();
  if (input.closePredecessor !== false && (pred.validTo === null || pred.validTo > input.effectiveDate))
    await trx.updateTable('agency').set({ valid_to: input.effectiveDate }).where('id', '=', pred.id).execute();
  return row;
}

/** The agencies that carry on an agency's work on `date` (itself if still valid, else its successors, transitively). */
export async function agencySuccessorsAt(db: Kysely<Database>, id: number, date: string): Promise<Agency[]> {
  const out = new Map<number, Agency>();
  const seen = new Set<number>();
  const visit = async (aid: number): Promise<void> => {
    if (seen.has(aid)) return;
    seen.add(aid);
    const a = await getAgency(db, aid);
    if (!a) return;
    if (a.validFrom <= date && (a.validTo === null || date < a.validTo)) {
      out.set(a.id, a);
      return;
    }
    const next = await db.selectFrom('agency_succession').select('successor_id').where('predecessor_id', '=', aid).execute();
    for (const n of next) await visit(n.successor_id);
  };
  await visit(id);
  return [...out.values()];
}
