/**
 * Loads every real administrative unit (src/storage/seed/data/vn-units-2025.json.gz, built from the
 * statistics office's files by scripts/build-units-data.ts): the districts and communes until
 * 30/06/2025, the communes from 01/07/2025 under the 34 provinces, and the conversion table's
 * succession links with their shares. Runs on every start and `vitreem migrate`, does its work once
 * per data version: what an installation already has (same level and code in the same period) is
 * left as it is; only what is missing is added, in a few set-based statements.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import '../schema-hardening.ts';
import { searchKey } from '../../domain/units.ts';
import { linkKinds, type BuiltinUnitData } from '../../domain/unit-lists.ts';
import { fullNameOf } from '../units.ts';
import { auditEvent } from '../audit.ts';

export const REFORM = '2025-07-01';
/** the last day of the old units */
const LAST_OLD_DAY = '2025-06-30';
/** the province rows the old districts hang under (Thừa Thiên Huế, not the city of Huế from 01/01/2025) */
const OLD_PROVINCE_DAY = '2024-12-31';
export const BUILTIN_UNITS_SETTING = 'builtin_units_version';

const DATA_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data', 'vn-units-2025.json.gz');
let cached: BuiltinUnitData | null = null;
export function builtinUnitData(): BuiltinUnitData {
  cached ??= JSON.parse(zlib.gunzipSync(fs.readFileSync(DATA_FILE)).toString('utf8')) as BuiltinUnitData;
  return cached;
}

const named = (kind: string, name: string) => {
  const fullName = fullNameOf(kind, name);
  return { kind, name, full_name: fullName, search_key: searchKey(fullName) };
};

/**
 * The seeds of earlier versions had placeholder codes for the units the seed plans name (and a
 * wrong district code for Hoằng Hóa): put the real codes on those rows, so the data attached to
 * them stays and the built-in list does not add a second Hoằng Kim.
 */
async function correctPlaceholders(db: Kysely<Database>): Promise<void> {
  const exists = async (level: string, code: string, old: boolean) =>
    !!(await db.selectFrom('admin_unit').select('id').where('level', '=', level).where('code', '=', code)
      .where(old ? 'valid_from' : 'valid_to', old ? '<' : 'is', old ? REFORM : null).executeTakeFirst());
  if (!(await exists('district', '399', true)))
    await db.updateTable('admin_unit').set({ code: '399' }).where('level', '=', 'district').where('code', '=', '388').where('name', '=', 'Hoằng Hóa').execute();
  if (!(await exists('commune', '15889', true)))
    await db.updateTable('admin_unit').set({ code: '15889', note: null }).where('level', '=', 'commune').where('code', '=', 'HK-15970').execute();
  if (!(await exists('commune', '15889', false)))
    await db.updateTable('admin_unit').set({ code: '15889', ...named('xã', 'Hoằng Phú'), note: null }).where('level', '=', 'commune').where('code', '=', 'HK-2025').where('name', 'like', '%cần xác minh%').execute();
}

export interface BuiltinLoadResult {
  districts: number;
  communesBefore: number;
  communesAfter: number;
  links: number;
}

/**
 * The units the seed plans name (Hoằng Hóa and Hoằng Kim in Thanh Hóa with the commune it became,
 * Hoằng Phú; Tuần Giáo in Điện Biên; the demo adds its other real units when they are missing): the small real sample the test databases load.
 */
export const SAMPLE_UNITS = { districts: ['399', '099'], communesBefore: ['15889'], communesAfter: ['15889'] };

/** `all` (default): the whole country; `sample`: SAMPLE_UNITS only, for test databases (not recorded as loaded). */
export type BuiltinUnitsMode = 'all' | 'sample';

function sampleOf(data: BuiltinUnitData): BuiltinUnitData {
  const d = new Set(SAMPLE_UNITS.districts);
  const b = new Set(SAMPLE_UNITS.communesBefore);
  const a = new Set(SAMPLE_UNITS.communesAfter);
  // kinds and shares are those of the whole table (a sample keeps the whole table's shares)
  const kinds = (data as BuiltinUnitData & { linkKinds?: ReturnType<typeof linkKinds> }).linkKinds ?? linkKinds(data.links);
  const keep = data.links.map((l, i) => [l, kinds[i]] as const).filter(([[level, p, s]]) => level === 'commune' && b.has(p) && a.has(s));
  return {
    ...data,
    districts: data.districts.filter((r) => d.has(r[0])),
    communesBefore: data.communesBefore.filter((r) => b.has(r[0])),
    communesAfter: data.communesAfter.filter((r) => a.has(r[0])),
    links: keep.map(([l]) => l),
    linkKinds: keep.map(([, k]) => k),
  } as BuiltinUnitData;
}

/** Adds the built-in units an installation misses (inside the caller's transaction, or its own). */
export async function loadBuiltinUnits(db: Kysely<Database>, options: { force?: boolean; mode?: BuiltinUnitsMode } = {}): Promise<BuiltinLoadResult | null> {
  // the trigger switch and the savepoint need one transaction: open one when the caller has none
  if (!db.isTransaction) return db.transaction().execute((trx) => loadBuiltinUnits(trx, options));
  const mode = options.mode ?? 'all';
  const full = builtinUnitData();
  const done = await db.selectFrom('system_setting').select('value').where('id', '=', BUILTIN_UNITS_SETTING).executeTakeFirst();
  if (done?.value === full.version && !options.force) return null;
  const data = mode === 'sample' ? sampleOf(full) : full;
  await correctPlaceholders(db);
  // One audit entry for the whole built-in list instead of ~25.000 row entries (docs/security.md,
  // "Built-in reference data"): the row triggers are off for the bulk statements only. The switch is
  // DDL inside this transaction, under a savepoint: if the load fails midway, the savepoint is rolled
  // back (the rows and the switch with it) and the triggers are switched on again before the error
  // goes up, so whatever the caller does next in the transaction is audited row by row.
  await sql`savepoint builtin_units`.execute(db);
  await sql`alter table admin_unit disable trigger audit_row; alter table unit_succession disable trigger audit_row`.execute(db);
  let result: BuiltinLoadResult;
  try {
    result = await insertBuiltin(db, data);
  } catch (error) {
    await sql`rollback to savepoint builtin_units`.execute(db);
    throw error;
  } finally {
    await sql`alter table admin_unit enable trigger audit_row; alter table unit_succession enable trigger audit_row`.execute(db);
  }
  await sql`release savepoint builtin_units`.execute(db);
  await auditEvent(db, { actorId: null, actorName: 'seed' }, { action: 'builtin_units_loaded', table: 'admin_unit', detail: { version: data.version, mode, ...result } });
  if (mode === 'all')
    await db.insertInto('system_setting').values({ id: BUILTIN_UNITS_SETTING, value: data.version })
      .onConflict((oc) => oc.column('id').doUpdateSet({ value: data.version, updated_at: sql`now()` })).execute();
  return result;
}

/** The bulk statements: districts, communes before and after the reform, succession links (what is missing only). */
async function insertBuiltin(db: Kysely<Database>, data: BuiltinUnitData): Promise<BuiltinLoadResult> {
  const districts = data.districts.map(([code, kind, name, parent]) => ({ code, parent, ...named(kind, name) }));
  const districtRows = await sql<{ n: number }>`
    with input as (select * from jsonb_to_recordset(${JSON.stringify(districts)}::jsonb) as d(code text, name text, full_name text, kind text, search_key text, parent text)),
    added as (
      insert into admin_unit (code, name, full_name, kind, level, parent_id, valid_from, valid_to, search_key)
      select d.code, d.name, d.full_name, d.kind, 'district', p.id, '1900-01-01', ${REFORM}, d.search_key
      from input d
      join admin_unit p on p.level = 'province' and p.code = d.parent and p.valid_from <= ${OLD_PROVINCE_DAY} and (p.valid_to is null or p.valid_to > ${OLD_PROVINCE_DAY})
      where not exists (select 1 from admin_unit x where x.level = 'district' and x.code = d.code and x.valid_from < ${REFORM})
      returning 1)
    select count(*)::int as n from added`.execute(db);

  const before = data.communesBefore.map(([code, kind, name, parent, nameEn]) => {
    const n = named(kind, name);
    return { code, parent, name_en: nameEn, ...n, search_key: nameEn ? searchKey(`${n.full_name} ${nameEn}`) : n.search_key };
  });
  const beforeRows = await sql<{ n: number }>`
    with input as (select * from jsonb_to_recordset(${JSON.stringify(before)}::jsonb) as d(code text, name text, full_name text, kind text, search_key text, parent text, name_en text)),
    added as (
      insert into admin_unit (code, name, full_name, kind, level, parent_id, valid_from, valid_to, name_en, search_key)
      select d.code, d.name, d.full_name, d.kind, 'commune', p.id, '1900-01-01', ${REFORM}, d.name_en, d.search_key
      from input d
      join admin_unit p on p.level = 'district' and p.code = d.parent and p.valid_from <= ${LAST_OLD_DAY} and (p.valid_to is null or p.valid_to > ${LAST_OLD_DAY})
      where not exists (select 1 from admin_unit x where x.level = 'commune' and x.code = d.code and x.valid_from < ${REFORM})
      returning 1)
    select count(*)::int as n from added`.execute(db);

  const after = data.communesAfter.map(([code, kind, name, parent]) => ({ code, parent, ...named(kind, name) }));
  const afterRows = await sql<{ n: number }>`
    with input as (select * from jsonb_to_recordset(${JSON.stringify(after)}::jsonb) as d(code text, name text, full_name text, kind text, search_key text, parent text)),
    added as (
      insert into admin_unit (code, name, full_name, kind, level, parent_id, valid_from, valid_to, search_key)
      select d.code, d.name, d.full_name, d.kind, 'commune', p.id, ${REFORM}, null, d.search_key
      from input d
      join admin_unit p on p.level = 'province' and p.code = d.parent and p.valid_from <= ${REFORM} and (p.valid_to is null or p.valid_to > ${REFORM})
      where not exists (select 1 from admin_unit x where x.level = 'commune' and x.code = d.code and (x.valid_to is null or x.valid_to > ${REFORM}))
      returning 1)
    select count(*)::int as n from added`.execute(db);

  // kinds and shares are those of the whole table (a sample keeps the whole table's shares)
  const kinds = (data as BuiltinUnitData & { linkKinds?: ReturnType<typeof linkKinds> }).linkKinds ?? linkKinds(data.links);
  const links = data.links.map(([level, p, s], i) => ({ level, p, s, kind: kinds[i].kind, share: kinds[i].share }));
  const linkRows = await sql<{ n: number }>`
    with input as (select * from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as l(level text, p text, s text, kind text, share numeric)),
    added as (
      insert into unit_succession (predecessor_id, successor_id, effective_date, kind, share, share_estimated)
      select distinct on (o.id, n.id) o.id, n.id, ${REFORM}::date, l.kind, l.share, l.share is not null
      from input l
      join admin_unit o on o.level = l.level and o.code = l.p and o.valid_from <= ${LAST_OLD_DAY} and (o.valid_to is null or o.valid_to > ${LAST_OLD_DAY})
      join admin_unit n on n.level = 'commune' and n.code = l.s and n.valid_from <= ${REFORM} and (n.valid_to is null or n.valid_to > ${REFORM})
      where o.id <> n.id
      on conflict (predecessor_id, successor_id) do nothing
      returning 1)
    select count(*)::int as n from added`.execute(db);

  return { districts: districtRows.rows[0].n, communesBefore: beforeRows.rows[0].n, communesAfter: afterRows.rows[0].n, links: linkRows.rows[0].n };
}
