/**
 * Storage of the children's register: encryption of the sensitive fields on the way in,
 * decryption on the way out, blind-index search, duplicate candidates, unit chains,
 * register counts for indicators 8 and 9, and the audit of reads.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './schema.ts';
import './schema-register.ts';
import { blindIndex, decryptJson, encryptJson } from './crypto.ts';
import { nameIndexTerms, namePairTerms, nameTokens, normaliseIdNumber, normaliseName, queryIndexTerms, queryPairTerms, foldVietnamese } from '../domain/children/text.ts';
import { duplicateScore, LIKELY_DUPLICATE, type DuplicateScore } from '../domain/children/duplicates.ts';
import type { RegisterCounts } from '../domain/children/indicators.ts';
import { auditEvent, auditRead } from './audit.ts';

export interface Caregiver {
  name: string;
  relation: string;
  phone?: string | null;
}

/** The encrypted part of a child's record. */
export interface ChildPii {
  fullName: string;
  birthDate: string;
  idNumber?: string | null;
  address?: string | null;
  caregivers?: Caregiver[];
  notes?: string | null;
}

export interface ChildFields {
  unitId: number;
  villageId?: number | null;
  sex: 'male' | 'female' | 'unknown';
  ethnicity?: string | null;
  povertyStatus?: 'poor' | 'near_poor' | 'none' | 'unknown';
  disability?: boolean | null;
  schooling?: string;
  healthInsurance?: boolean | null;
  legalBasis?: 'consent' | 'child_protection';
  registeredOn?: string;
}

/**
 * A date column as 'YYYY-MM-DD' whatever the driver returned (PGlite 0.5 ignores the DATE parser
 * of database.ts and returns a Date at UTC midnight).
 */
export function isoDate(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}
export function isoDateOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : isoDate(value);
}

export function childRow(pii: ChildPii, fields: ChildFields) {
  const clean: ChildPii = { ...pii, fullName: normaliseName(pii.fullName), idNumber: pii.idNumber ? normaliseIdNumber(pii.idNumber) : null };
  const [y, m] = clean.birthDate.split('-').map(Number);
  return {
    unit_id: fields.unitId,
    village_id: fields.villageId ?? null,
    pii: encryptJson(clean),
    name_index: nameIndexTerms(clean.fullName).map(blindIndex),
    name_pairs: namePairTerms(clean.fullName).map(blindIndex),
    id_number_index: clean.idNumber ? blindIndex(`id:${clean.idNumber}`) : null,
    sex: fields.sex,
    birth_year: y,
    birth_month: m,
    ethnicity: fields.ethnicity ?? null,
    poverty_status: fields.povertyStatus ?? 'unknown',
    disability: fields.disability ?? null,
    schooling: fields.schooling ?? 'unknown',
    health_insurance: fields.healthInsurance ?? null,
    legal_basis: fields.legalBasis ?? 'child_protection',
    ...(fields.registeredOn ? { registered_on: fields.registeredOn } : {}),
  };
}

type ChildRowOut = Database['child'] extends infer T ? { [K in keyof T]: any } : never;

export function childView(row: ChildRowOut) {
  const pii = decryptJson<ChildPii>(row.pii);
  return {
    id: row.id as number,
    unitId: row.unit_id as number,
    villageId: row.village_id as number | null,
    fullName: pii.fullName,
    birthDate: pii.birthDate,
    idNumber: pii.idNumber ?? null,
    address: pii.address ?? null,
    caregivers: pii.caregivers ?? [],
    notes: pii.notes ?? null,
    sex: row.sex as string,
    ethnicity: row.ethnicity as string | null,
    povertyStatus: row.poverty_status as string,
    disability: row.disability as boolean | null,
    schooling: row.schooling as string,
    healthInsurance: row.health_insurance as boolean | null,
    legalBasis: row.legal_basis as string,
    status: row.status as string,
    mergedInto: row.merged_into as number | null,
    registeredOn: isoDate(row.registered_on),
    version: row.version as number,
  };
}
export type ChildView = ReturnType<typeof childView>;

/** The unit and its ancestors, nearest first. */
export async function unitChain(db: Kysely<Database>, unitId: number): Promise<number[]> {
  const rows = await sql<{ id: number; depth: number }>`
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from admin_unit where id = ${unitId}
      union all
      select a.id, a.parent_id, up.depth + 1 from admin_unit a join up on a.id = up.parent_id where up.depth < 10
    ) select id, depth from up order by depth`.execute(db);
  return rows.rows.map((r) => r.id);
}

export async function getUnit(db: Kysely<Database>, unitId: number) {
  return db.selectFrom('admin_unit').select(['id', 'name', 'level', 'parent_id', 'code']).where('id', '=', unitId).executeTakeFirst();
}

/** Units referred up to, over the child's cases (for higher-level supervisors' access). */
export async function referredUpUnits(db: Kysely<Database>, childId: number): Promise<number[]> {
  const rows = await db.selectFrom('child_case').select('referred_up_to').where('child_id', '=', childId).execute();
  return [...new Set(rows.flatMap((r) => r.referred_up_to ?? []))];
}

/**
 * Likely duplicates: children of the same commune sharing a folded name word, or anywhere
 * with the same ID number; decrypted and scored in memory.
 */
export async function findDuplicates(db: Kysely<Database>, probe: { fullName: string; birthDate: string; unitId: number; idNumber?: string | null }, excludeIds: number[] = []): Promise<(ChildView & DuplicateScore)[]> {
  const tokens = nameTokens(probe.fullName).map((t) => blindIndex(`t:${t}`));
  const idNumber = probe.idNumber ? normaliseIdNumber(probe.idNumber) : null;
  const idIndex = idNumber ? blindIndex(`id:${idNumber}`) : null;
  if (tokens.length === 0 && !idIndex) return [];
  let query = db.selectFrom('child').selectAll().where('status', '=', 'active');
  query = query.where((eb) => {
    const ors = [];
    if (tokens.length) ors.push(eb.and([eb('unit_id', '=', probe.unitId), sql<boolean>`name_index && ${sql.val(tokens)}::text[]`]));
    if (idIndex) ors.push(eb('id_number_index', '=', idIndex));
    return eb.or(ors);
  });
  if (excludeIds.length) query = query.where('id', 'not in', excludeIds);
  const rows = await query.limit(500).execute();
  const out: (ChildView & DuplicateScore)[] = [];
  for (const row of rows) {
    const view = childView(row);
    const s = duplicateScore({ ...probe, idNumber }, { fullName: view.fullName, birthDate: view.birthDate, unitId: view.unitId, idNumber: view.idNumber });
    if (s.score >= LIKELY_DUPLICATE) out.push({ ...view, ...s });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, 20);
}

/** One collator for every search (localeCompare(…, 'vi') builds one per comparison: ~4 ms per 100 names). */
const VI_COLLATOR = new Intl.Collator('vi');

/** The columns childView() reads: never the blind indexes (long arrays the search does not need back). */
export const CHILD_VIEW_COLUMNS = ['id', 'unit_id', 'village_id', 'pii', 'sex', 'ethnicity', 'poverty_status', 'disability', 'schooling', 'health_insurance', 'legal_basis', 'status', 'merged_into', 'registered_on', 'version'] as const;

/** Below this share of the register's children a multi-word search looks up its communes one by one. */
const SCOPED_SEARCH_SHARE = 0.25;
/** … and for at most this many communes (beyond, the query plan gets long). */
const SCOPED_SEARCH_MAX_UNITS = 400;

/**
 * How a multi-word search finds its pairs: 'scoped' looks the pairs up per commune of the scope
 * (index child_name_scoped, migration 077), 'global' in the whole register and keeps the scope's
 * rows (index child_name_pairs). Scoped when the scope holds under a quarter of the register
 * (a province or commune in a national database); global when it is most of it (a province's own
 * embedded database), where the per-commune lookups would cost more than they save.
 */
export async function searchStrategy(db: Kysely<Database>, unitIds: number[]): Promise<'scoped' | 'global'> {
  if (unitIds.length > SCOPED_SEARCH_MAX_UNITS) return 'global';
  const r = await sql<{ scope: number | null; total: number | null }>`
    select (select sum(n) from child_count where unit_id = any(${sql.val(unitIds)}::int[]))::bigint as scope,
           (select sum(n) from child_count)::bigint as total`.execute(db);
  const { scope, total } = r.rows[0];
  if (!total || !scope) return 'scoped';
  return Number(scope) / Number(total) < SCOPED_SEARCH_SHARE ? 'scoped' : 'global';
}

/**
 * Name search through the blind indexes (works with or without diacritics), within the units
 * given. Several words: the words in the order typed, other words may stand between them
 * ("nguyen thang" finds Nguyễn Đức Thắng, "thang nguyen" does not), the last word as a prefix —
 * through the pair terms, two short posting lists instead of the long lists of single words.
 * One word (or more than the pairs cover): the word terms, the last word as a prefix.
 * Exact matches with the query's diacritics come first.
 */
export async function searchChildren(db: Kysely<Database>, unitIds: number[], q: string, limit = 50, strategy?: 'scoped' | 'global', inScope?: RawBuilder<boolean>): Promise<ChildView[]> {
  const words = queryIndexTerms(q).map(blindIndex);
  if (words.length === 0 || unitIds.length === 0) return [];
  const pairs = queryPairTerms(q).map(blindIndex);
  let match;
  if (pairs.length === 0) match = sql<boolean>`name_index @> ${sql.val(words)}::text[]`;
  else {
    const how = strategy ?? (await searchStrategy(db, unitIds));
    const byPairs =
      how === 'scoped'
        ? sql.join(unitIds.map((u) => sql`child_scoped_terms(unit_id, name_pairs) @> ${sql.val(pairs.map((t) => `${Math.trunc(u)}:${t}`))}::text[]`), sql` or `)
        : sql`name_pairs @> ${sql.val(pairs)}::text[]`;
    // a record not pair-indexed yet (restored from an older backup, key unreadable at migration 076) is matched by its words
    match = sql<boolean>`(${byPairs} or (name_pairs is null and name_index @> ${sql.val(words)}::text[]))`;
  }
  const rows = await db
    .selectFrom('child')
    .select(CHILD_VIEW_COLUMNS)
    .where('status', '=', 'active')
    .where(sql<boolean>`unit_id = any(${sql.val(unitIds)}::int[])`)
    .where(inScope ?? sql<boolean>`true`)
    .where(match)
    .orderBy('id')
    .limit(limit * 4)
    .execute();
  const qn = q.normalize('NFC').toLowerCase().trim();
  const qf = foldVietnamese(q);
  return rows
    .map((r) => childView(r as ChildRowOut))
    .map((v) => ({ v, rank: v.fullName.toLowerCase() === qn ? 0 : v.fullName.toLowerCase().includes(qn) ? 1 : foldVietnamese(v.fullName) === qf ? 2 : 3 }))
    .sort((a, b) => a.rank - b.rank || VI_COLLATOR.compare(a.v.fullName, b.v.fullName))
    .slice(0, limit)
    .map((x) => x.v);
}

/** The unit and all units below it. */
export async function subtreeUnitIds(db: Kysely<Database>, unitId: number): Promise<number[]> {
  const rows = await sql<{ id: number }>`
    with recursive down(id, depth) as (
      select id, 0 from admin_unit where id = ${unitId}
      union all
      select a.id, down.depth + 1 from admin_unit a join down on a.parent_id = down.id where down.depth < 10
    ) select id from down`.execute(db);
  return rows.rows.map((r) => r.id);
}

/**
 * Register counts per unit holding children (communes) under `unitId`, for the year:
 * children under 16 on 31/12 (born in year-15 or later, not after the year), those with a
 * special circumstance during the year, those of them supported during the year, children
 * with an abuse group starting in the year, and children at risk.
 */
export async function registerCountsByUnit(db: Kysely<Database>, unitId: number, year: number): Promise<(RegisterCounts & { unitId: number; atRisk: number })[]> {
  // JIT compilation costs more than it saves on this short query (PostgreSQL; PGlite has no JIT)
  const rows = await db.transaction().execute(async (trx) => {
    await sql`select set_config('jit', 'off', true)`.execute(trx);
    return sql.raw<{ unit_id: number; children: number; special: number; special_supported: number; abused: number; at_risk: number }>(registerCountsSql(unitId, year)).execute(trx);
  });
  return rows.rows.map((r) => ({ unitId: r.unit_id, children: r.children, special: r.special, specialSupported: r.special_supported, abused: r.abused, atRisk: r.at_risk }));
}

/**
 * The counting query (integers only are interpolated). Children per commune come from
 * child_count (kept by a trigger, migration 042). The numerators come from the circumstances
 * OF THE UNITS asked, which carry their child's commune, birth year and status (migration 075),
 * read from one index — no lookup of the children, so a province costs the same in a national
 * register; only the special ones are looked up in child_support (support in the year).
 */
export function registerCountsSql(unitId: number, year: number): string {
  const u = Math.trunc(unitId);
  const y = Math.trunc(year);
  const y0 = `'${y}-01-01'::date`;
  const y1 = `'${y}-12-31'::date`;
  return `
    with recursive units(id, depth) as (
      select id, 0 from admin_unit where id = ${u}
      union all
      select a.id, units.depth + 1 from admin_unit a join units on a.parent_id = units.id where units.depth < 10
    ),
    totals as (
      select k.unit_id, sum(k.n)::int as children from child_count k
      where k.unit_id in (select id from units) and k.birth_year between ${y - 15} and ${y}
      group by k.unit_id having sum(k.n) > 0
    ),
    circ as (
      select cc.unit_id, cc.child_id,
             bool_or(g.kind = 'special') as special,
             bool_or(g.kind = 'at_risk') as at_risk,
             bool_or(g.abuse and cc.start_date >= ${y0}) as abused
      from units u
      join child_circumstance cc on cc.unit_id = u.id
      join circumstance_group g on g.code = cc.group_code
      where cc.child_active and cc.birth_year between ${y - 15} and ${y}
        and cc.start_date <= ${y1} and (cc.end_date is null or cc.end_date >= ${y0})
      group by cc.unit_id, cc.child_id
    ),
    flagged as (
      select circ.unit_id,
             count(*) filter (where circ.special)::int as special,
             count(*) filter (where sup.one is not null)::int as special_supported,
             count(*) filter (where circ.abused)::int as abused,
             count(*) filter (where circ.at_risk and not circ.special)::int as at_risk
      from circ
      -- for the special ones, one index lookup of a support in the year
      left join lateral (select 1 as one from child_support s where circ.special and s.child_id = circ.child_id and s.support_date between ${y0} and ${y1} limit 1) sup on true
      group by circ.unit_id
    )
    select t.unit_id, t.children,
           coalesce(f.special, 0) as special, coalesce(f.special_supported, 0) as special_supported,
           coalesce(f.abused, 0) as abused, coalesce(f.at_risk, 0) as at_risk
    from totals t left join flagged f on f.unit_id = t.unit_id
    order by t.unit_id`;
}

export function sumCounts(rows: RegisterCounts[]): RegisterCounts {
  return rows.reduce((a, r) => ({ children: a.children + r.children, special: a.special + r.special, specialSupported: a.specialSupported + r.specialSupported, abused: a.abused + r.abused }), { children: 0, special: 0, specialSupported: 0, abused: 0 });
}

export interface ReadActor {
  userId: number | null;
  username: string;
}

/**
 * Records a read (or an export: action 'export') of child-level data in the audit log, through
 * the auth branch's auditRead()/auditEvent() (src/storage/audit.ts).
 */
/**
 * What an audit entry about child data may say — typed, so that no name, personal ID number or search
 * term can be written into it: a search is recorded as a keyed hash of its folded text (the register's
 * blind-index key: the same search gives the same hash, and an investigator holding a suspected term
 * can check it), never the text.
 */
export interface ChildAuditDetail {
  purpose?: 'duplicate_check';
  view?: 'record';
  list?: true;
  /** keyed hash of the search text, never the text */
  search?: string | null;
  ids?: number[];
  childId?: number;
  count?: number;
  /** why identifiable data was exported (required by the export form; officers are told not to write names) */
  reason?: string;
  format?: string;
  file?: string;
}

export function searchFingerprint(q: string | null | undefined): string | null {
  return q && q.trim() ? blindIndex(`audit-search:${foldVietnamese(q).trim()}`) : null;
}

export async function recordChildRead(db: Kysely<Database>, actor: ReadActor | null, entry: { table: string; rowId: number | string | null; unitId: number | null; detail?: ChildAuditDetail; action?: string; ip?: string; requestId?: string }): Promise<void> {
  const who = { actorId: actor?.userId ?? null, actorName: actor?.username ?? 'anonymous', ip: entry.ip ?? null, requestId: entry.requestId ?? null };
  const row = { table: entry.table, rowId: entry.rowId, unitId: entry.unitId, detail: { ...(entry.detail ?? {}) } as Record<string, unknown> };
  if ((entry.action ?? 'read') === 'read') await auditRead(db, who, row);
  else await auditEvent(db, who, { action: entry.action!, ...row });
}
