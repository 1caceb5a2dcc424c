/**
 * The keys that keep the register fast at national scale, and their correctness:
 *   - child_circumstance.unit_id, birth_year, child_active (migration 075): a circumstance counts in
 *     its child's current commune, by its age and status, through moves, corrections, merges,
 *     direct writes and restores;
 *   - child.name_pairs (migration 076): ordered word-pair blind indexes for multi-word search,
 *     filled for existing records by the migration; records without them found by their words.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, sql, type Migration } from 'kysely';
import { createTestContext, createTestDatabase, type Client, type TestContext } from '../helpers/context.ts';
import { childBody, createPeople, createUnits, rawText, type People, type Units } from './fixtures.ts';
import { registerCountsByUnit, childRow, searchChildren, searchStrategy } from '../../src/storage/register.ts';
import { blindIndex } from '../../src/storage/crypto.ts';
import { namePairTerms, queryPairTerms } from '../../src/domain/children/text.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';

let ctx: TestContext;
let u: Units;
let p: People;
let both: Client;
before(async () => {
  ctx = await createTestContext();
  u = await createUnits(ctx);
  p = await createPeople(ctx, u);
  // a case worker of both communes (to merge records across them)
  const user = await ctx.createUser({ username: 'worker_ab', grants: [{ role: 'case_worker', unitId: u.communeA } as never, { role: 'case_worker', unitId: u.communeB } as never] });
  both = await ctx.sessionFor({ id: user.id, username: 'worker_ab' });
});
after(async () => ctx.close());

const post = (as: Client, url: string, payload: unknown) => as.request({ method: 'POST', url, payload });
const units = async (childId: number) => (await ctx.database.db.selectFrom('child_circumstance').select(['id', 'unit_id']).where('child_id', '=', childId).orderBy('id').execute()).map((r) => r.unit_id);
const strays = async () => Number((await sql<{ n: number }>`select count(*)::int as n from child_circumstance cc join child c on c.id = cc.child_id where cc.unit_id <> c.unit_id or cc.birth_year <> c.birth_year or cc.child_active <> (c.status = 'active')`.execute(ctx.database.db)).rows[0].n);
const countsOf = async (unitId: number) => {
  const rows = await registerCountsByUnit(ctx.database.db, u.district, 2025);
  const r = rows.find((x) => x.unitId === unitId);
  return { children: r?.children ?? 0, special: r?.special ?? 0, specialSupported: r?.specialSupported ?? 0, abused: r?.abused ?? 0 };
};

test('a circumstance counts in its child’s current commune: a move carries it along, its history unchanged, indicators 8 and 9 per commune follow', async () => {
  // another child in each commune, so both communes appear in the counts
  assert.equal((await post(p.workerB, '/api/children', childBody(u.communeB, { fullName: 'Lò Văn Ơn', birthDate: '2014-01-01', sex: 'male' }))).statusCode, 201);
  const c = await post(p.workerA, '/api/children', childBody(u.communeA, { fullName: 'Quàng Thị Dung', birthDate: '2015-02-02' }));
  assert.equal(c.statusCode, 201, c.body);
  const id = c.json.id as number;
  assert.equal((await post(p.workerA, `/api/children/${id}/circumstances`, { groupCode: 'disability', startDate: '2024-02-01' })).statusCode, 201);
  assert.equal((await post(p.workerA, `/api/children/${id}/circumstances`, { groupCode: 'violence_harmed', startDate: '2025-01-10', endDate: '2025-04-30' })).statusCode, 201);
  assert.equal((await post(p.workerA, `/api/children/${id}/supports`, { kind: 'care', date: '2025-02-01' })).statusCode, 201);
  assert.deepEqual(await units(id), [u.communeA, u.communeA]);
  const history = (await p.workerA.request({ url: `/api/children/${id}` })).json.circumstances;
  const a0 = await countsOf(u.communeA);
  const b0 = await countsOf(u.communeB);

  const mv = await post(p.workerA, `/api/children/${id}/move`, { toUnitId: u.communeB, date: '2025-06-01' });
  assert.equal(mv.statusCode, 200, mv.body);
  assert.deepEqual(await units(id), [u.communeB, u.communeB], 'the circumstances follow the child');
  assert.equal(await strays(), 0);
  // one record, the same circumstances with the same dates: history intact
  const after = (await p.workerB.request({ url: `/api/children/${id}` })).json;
  assert.deepEqual(after.circumstances, history);
  assert.deepEqual(after.residences.map((r: { unitId: number }) => r.unitId), [u.communeA, u.communeB]);
  // numerator and denominator move together: commune A loses the child, commune B gains it
  const a1 = await countsOf(u.communeA);
  const b1 = await countsOf(u.communeB);
  assert.deepEqual(a1, { children: a0.children - 1, special: a0.special - 1, specialSupported: a0.specialSupported - 1, abused: a0.abused - 1 });
  assert.deepEqual(b1, { children: b0.children + 1, special: b0.special + 1, specialSupported: b0.specialSupported + 1, abused: b0.abused + 1 });
  // a circumstance recorded after the move belongs to the new commune
  assert.equal((await post(p.workerB, `/api/children/${id}/circumstances`, { groupCode: 'dropout_to_work', startDate: '2025-07-01' })).statusCode, 201);
  assert.deepEqual(await units(id), [u.communeB, u.communeB, u.communeB]);
  // a corrected birth date (16 by the end of 2025) takes the child out of both numerator and denominator
  const fix = await p.workerB.request({ method: 'PATCH', url: `/api/children/${id}`, payload: { birthDate: '2009-12-31' } });
  assert.equal(fix.statusCode, 200, fix.body);
  assert.equal(await strays(), 0);
  assert.deepEqual(await countsOf(u.communeB), b0);
});

test('merging a record of another commune: its circumstances count in the surviving record’s commune', async () => {
  const keep = await post(both, '/api/children', childBody(u.communeA, { fullName: 'Mùa Thị Say', birthDate: '2013-03-03' }));
  const dup = await post(both, '/api/children', childBody(u.communeB, { fullName: 'Mua Thi Say', birthDate: '2013-03-03', confirmNotDuplicate: true }));
  assert.equal(dup.statusCode, 201, dup.body);
  assert.equal((await post(both, `/api/children/${dup.json.id}/circumstances`, { groupCode: 'orphan_both', startDate: '2023-05-05' })).statusCode, 201);
  assert.deepEqual(await units(dup.json.id), [u.communeB]);
  const m = await post(both, `/api/children/${keep.json.id}/merge`, { duplicateId: dup.json.id, reason: 'Cùng một trẻ, đăng ký ở hai xã' });
  assert.equal(m.statusCode, 200, m.body);
  assert.deepEqual(await units(keep.json.id), [u.communeA]);
  assert.deepEqual(await units(dup.json.id), []);
  assert.equal(await strays(), 0);
  // one current residence, in the surviving record's commune; the duplicate's stay in B is closed
  const res = await ctx.database.db.selectFrom('child_residence').select(['unit_id', 'to_date']).where('child_id', '=', keep.json.id).orderBy('id').execute();
  assert.deepEqual(res.filter((r) => r.to_date === null).map((r) => r.unit_id), [u.communeA]);
  assert.deepEqual(res.map((r) => r.unit_id).sort(), [u.communeA, u.communeB].sort());
});

test('merging two records of the same commune leaves one current residence', async () => {
  const a = await post(p.workerA, '/api/children', childBody(u.communeA, { fullName: 'Hà Văn Tạo', birthDate: '2012-02-02', sex: 'male', registeredOn: '2025-02-01' }));
  const b = await post(p.workerA, '/api/children', childBody(u.communeA, { fullName: 'Ha Van Tao', birthDate: '2012-02-02', sex: 'male', registeredOn: '2025-05-01', confirmNotDuplicate: true }));
  assert.equal((await post(p.workerA, `/api/children/${b.json.id}/merge`, { duplicateId: a.json.id, reason: 'Đăng ký hai lần' })).statusCode, 200);
  const rec = (await p.workerA.request({ url: `/api/children/${b.json.id}` })).json;
  assert.deepEqual(rec.residences.map((r: { unitId: number; from: string; to: string | null }) => [r.unitId, r.from, r.to]), [[u.communeA, '2025-02-01', null]]);
  // and a later move still finds the one current residence
  const mv = await post(p.workerA, `/api/children/${b.json.id}/move`, { toUnitId: u.communeB, date: '2025-08-01' });
  assert.equal(mv.statusCode, 200, mv.body);
  const after = (await p.workerB.request({ url: `/api/children/${b.json.id}` })).json;
  assert.deepEqual(after.residences.map((r: { unitId: number; to: string | null }) => [r.unitId, r.to]), [[u.communeA, '2025-08-01'], [u.communeB, null]]);
});

test('a circumstance written directly with another commune, birth year or status is corrected; a restore (triggers in replica mode) fills them in; a change of status is carried', async () => {
  const c = await post(p.workerA, '/api/children', childBody(u.communeA, { fullName: 'Sùng A Chơ', birthDate: '2016-06-06', sex: 'male' }));
  const db = ctx.database.db;
  await sql`insert into child_circumstance (child_id, unit_id, group_code, start_date) values (${c.json.id}, ${u.communeB}, 'abandoned', '2025-01-01')`.execute(db);
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await sql`insert into child_circumstance (child_id, group_code, start_date) values (${c.json.id}, 'no_carer', '2025-02-01')`.execute(trx);
  });
  await sql`update child_circumstance set unit_id = ${u.communeB}, birth_year = 1990, child_active = false where child_id = ${c.json.id}`.execute(db);
  assert.deepEqual(await units(c.json.id), [u.communeA, u.communeA]);
  assert.equal(await strays(), 0);
  // a record that is no longer active (here: marked deceased directly) leaves the numerators with its circumstances
  await sql`update child set status = 'deceased' where id = ${c.json.id}`.execute(db);
  assert.deepEqual((await db.selectFrom('child_circumstance').select('child_active').where('child_id', '=', c.json.id).execute()).map((r) => r.child_active), [false, false]);
});

test('search: the words in the order typed with others between them, the last as a prefix; one word anywhere', async () => {
  const names = ['Nguyễn Đức Thắng', 'Nguyễn Thắng', 'Thắng Văn Nguyên', 'Phạm Thị Mai', 'Phạm Ngọc Mai'];
  const ids: Record<string, number> = {};
  for (const fullName of names) {
    const r = await post(p.workerA, '/api/children', childBody(u.communeA, { fullName, birthDate: '2012-12-12', confirmNotDuplicate: true }));
    assert.equal(r.statusCode, 201, r.body);
    ids[fullName] = r.json.id;
  }
  const search = async (q: string) => ((await p.workerA.request({ url: `/api/children?unitId=${u.communeA}&q=${encodeURIComponent(q)}&limit=50` })).json.items as { fullName: string }[]).map((c) => c.fullName).filter((n) => names.includes(n)).sort();
  assert.deepEqual(await search('nguyen thang'), ['Nguyễn Thắng', 'Nguyễn Đức Thắng']);
  assert.deepEqual(await search('Nguyễn Đức Thắ'), ['Nguyễn Đức Thắng']);
  assert.deepEqual(await search('duc th'), ['Nguyễn Đức Thắng']);
  assert.deepEqual(await search('thang ng'), ['Thắng Văn Nguyên']);
  // the order of the name matters (a name is written family, middle, given name)
  assert.deepEqual(await search('duc nguyen'), []);
  assert.deepEqual(await search('mai pham'), []);
  assert.deepEqual(await search('pham mai'), ['Phạm Ngọc Mai', 'Phạm Thị Mai']);
  // one word: anywhere in the name, by its beginning
  assert.deepEqual(await search('thắ'), ['Nguyễn Thắng', 'Nguyễn Đức Thắng', 'Thắng Văn Nguyên']);
  assert.deepEqual(await search('pham th'), ['Phạm Thị Mai']);
  // the pair index holds hashes only
  const raw = await rawText(ctx, `select name_pairs from child where id = ${ids['Nguyễn Đức Thắng']}`);
  for (const secret of ['nguyen', 'thang', 'duc', 'Thắng']) assert.ok(!raw.includes(secret), secret);
  // the pairs looked up per commune (index child_name_scoped) or in the whole register: the same answers
  const db = ctx.database.db;
  const found = async (units: number[], q: string, how: 'scoped' | 'global') => (await searchChildren(db, units, q, 50, how)).map((c) => c.fullName).filter((n) => Object.keys(ids).includes(n)).sort();
  for (const q of ['nguyen thang', 'Nguyễn Đức Thắ', 'duc th', 'thang ng', 'pham mai', 'pham th', 'mai pham'])
    for (const units of [[u.communeA], [u.communeA, u.communeB], [u.communeB]]) assert.deepEqual(await found(units, q, 'scoped'), await found(units, q, 'global'), `${q} ${units}`);
  assert.deepEqual(await found([u.communeB], 'nguyen thang', 'scoped'), []);
  // a record without pair terms (restored from an older backup) is still found next to indexed ones
  await sql`update child set name_pairs = null where id = ${ids['Phạm Thị Mai']}`.execute(db);
  assert.deepEqual(await search('pham mai'), ['Phạm Ngọc Mai', 'Phạm Thị Mai']);
  assert.deepEqual(await search('pham thi ma'), ['Phạm Thị Mai']);
  for (const how of ['scoped', 'global'] as const) assert.deepEqual(await found([u.communeA], 'pham mai', how), ['Phạm Ngọc Mai', 'Phạm Thị Mai'], how);
  // a move: the per-commune index follows the child (an expression over unit_id, nothing stored)
  const mv = await post(p.workerA, `/api/children/${ids['Nguyễn Thắng']}/move`, { toUnitId: u.communeB, date: '2025-09-01' });
  assert.equal(mv.statusCode, 200, mv.body);
  assert.deepEqual(await found([u.communeB], 'nguyen thang', 'scoped'), ['Nguyễn Thắng']);
  assert.deepEqual(await found([u.communeA], 'nguyen thang', 'scoped'), ['Nguyễn Đức Thắng']);
});

test('search strategy: per commune for a small part of the register, in the whole register for most of it', async () => {
  const db = ctx.database.db;
  const all = (await db.selectFrom('child_count').select('unit_id').distinct().execute()).map((r) => r.unit_id);
  assert.equal(await searchStrategy(db, all), 'global');
  // a commune holding a small share: scoped (add children elsewhere so commune B is under a quarter)
  const other = (await db.insertInto('admin_unit').values({ code: 'X-BIG', name: 'Xã Lớn', full_name: 'Xã Lớn', kind: null, level: 'commune', parent_id: u.district, note: null }).returning('id').executeTakeFirstOrThrow()).id;
  await sql`insert into child_count (unit_id, birth_year, n) values (${other}, 2015, 100000)`.execute(db);
  try {
    assert.equal(await searchStrategy(db, [u.communeB]), 'scoped');
    assert.equal(await searchStrategy(db, [other]), 'global');
  } finally {
    await sql`delete from child_count where unit_id = ${other}`.execute(db);
  }
});

test('pair terms: every ordered pair of words, the second word by its prefixes; queries pair consecutive words', () => {
  assert.deepEqual(namePairTerms('Lò Văn Ơn').sort(), ['s:lo on', 's:lo van', 's:van on', 'sp:lo on', 'sp:lo va', 'sp:lo van', 'sp:van on'].sort());
  assert.deepEqual(queryPairTerms('nguyễn văn a'), ['s:nguyen van', 's:van a']);
  assert.deepEqual(queryPairTerms('NGUYEN VAN AN'), ['s:nguyen van', 'sp:van an']);
  assert.deepEqual(queryPairTerms('an'), []);
  // each query pair is among the name's pairs: a name is always found by its own words in order
  // (a last word of one letter must be whole, as with the word terms)
  for (const name of ['Hồ Nguyễn Thị Minh Khai', 'Giàng A Páo', 'Đặng Thu Hà']) {
    const all = new Set(namePairTerms(name));
    const words = name.split(' ');
    for (let i = 1; i <= words.length; i++) for (const q of [words.slice(0, i).join(' '), words.slice(0, i).join(' ').slice(0, -1)].filter((x) => !/ \S$/.test(x))) for (const t of queryPairTerms(q)) assert.ok(all.has(t), `${name}: ${q} → ${t}`);
  }
});

test('migrations 075 and 076 fill existing records: circumstances get their child’s commune, names their pair terms (not audited)', async () => {
  const { database, drop } = await createTestDatabase();
  try {
    const db = database.db;
    const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../src/storage/migrations');
    const files = (await fs.readdir(dir)).filter((f) => /^\d{3}_.+\.ts$/.test(f)).sort();
    const provider = { getMigrations: async () => Object.fromEntries(await Promise.all(files.map(async (f) => [f.replace(/\.ts$/, ''), (await import(pathToFileURL(path.join(dir, f)).href)) as Migration]))) };
    const r = await new Migrator({ db, provider, allowUnorderedMigrations: true }).migrateTo('042_child_count');
    assert.ifError(r.error);
    const unit = (await sql<{ id: number }>`insert into admin_unit (code, name, full_name, level) values ('X-MIG', 'Xã Mường Thanh', 'Xã Mường Thanh', 'commune') returning id`.execute(db)).rows[0].id;
    const { name_pairs: _pairs, ...row } = childRow({ fullName: 'Vàng Thị Mỷ', birthDate: '2014-04-04' }, { unitId: unit, sex: 'female' });
    const child = (await sql<{ id: number }>`insert into child (unit_id, pii, name_index, sex, birth_year, birth_month) values (${row.unit_id}, ${row.pii}, ${sql.val(row.name_index)}::text[], 'female', 2014, 4) returning id`.execute(db)).rows[0].id;
    await sql`insert into child_circumstance (child_id, group_code, start_date) values (${child}, 'disability', '2020-01-01')`.execute(db);
    const auditBefore = Number((await sql<{ n: number }>`select count(*)::int as n from audit_log where table_name = 'child'`.execute(db)).rows[0].n);
    await migrateToLatest(db);
    const cc = await db.selectFrom('child_circumstance').select(['unit_id', 'birth_year', 'child_active']).where('child_id', '=', child).execute();
    assert.deepEqual(cc, [{ unit_id: unit, birth_year: 2014, child_active: true }]);
    const ch = await db.selectFrom('child').select(['name_pairs']).where('id', '=', child).executeTakeFirstOrThrow();
    assert.deepEqual(ch.name_pairs, namePairTerms('Vàng Thị Mỷ').map(blindIndex));
    assert.equal(Number((await sql<{ n: number }>`select count(*)::int as n from audit_log where table_name = 'child'`.execute(db)).rows[0].n), auditBefore);
    assert.deepEqual((await searchChildren(db, [unit], 'vang my')).map((c) => c.id), [child]);
  } finally {
    await drop();
  }
});

test('the name indexes are written through (no GIN pending list for searches to read through; PGlite has no autovacuum)', async () => {
  const rows = (await sql<{ relname: string; reloptions: string[] | null }>`select relname, reloptions from pg_class where relname in ('child_name_index', 'child_name_pairs', 'child_name_unpaired') order by relname`.execute(ctx.database.db)).rows;
  assert.deepEqual(rows.map((r) => [r.relname, r.reloptions]), [['child_name_index', ['fastupdate=off']], ['child_name_pairs', ['fastupdate=off']], ['child_name_unpaired', ['fastupdate=off']]]);
  // a registration is in the index at once: no pending entries
  await post(p.workerA, '/api/children', childBody(u.communeA, { fullName: 'Chảo Thị Mẫu', birthDate: '2015-05-05', confirmNotDuplicate: true }));
  for (const ix of ['child_name_index', 'child_name_pairs']) {
    const cleaned = (await sql<{ n: number }>`select gin_clean_pending_list(${ix}::regclass)::int as n`.execute(ctx.database.db)).rows[0].n;
    assert.equal(cleaned, 0, ix);
  }
});
