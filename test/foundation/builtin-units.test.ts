/**
 * Every real administrative unit built in (issue 18), on the statistics office's files in
 * ../shared/domain/units: the counts, Ba Đình's predecessors, a split commune's shares, and past
 * years seen in today's tree. One database with the whole country for the file.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { readBuiltinUnitFiles, readConversionTable } from '../../src/domain/unit-lists.ts';
import { builtinUnitData, loadBuiltinUnits } from '../../src/storage/seed/vn-units.ts';
import { seriesSums } from '../../src/storage/dashboard.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { seedBaseData } from '../../src/storage/seed/index.ts';

const SHARED = path.join(import.meta.dirname, '..', '..', '..', 'shared', 'domain', 'units');
const read = (f: string) => fs.readFileSync(path.join(SHARED, f), 'utf8');

let ctx: TestContext;
/** what the installation had before the built-in list came (npx vitreem migrate on an existing database) */
const own = { district: 0, trucBach: 0, gone: 0, values: 0 };
before(async () => {
  // an existing installation: the sample units, plus units and data of its own — Ba Đình district and
  // Trúc Bạch ward with the statistics office's codes (typed by hand, with a value of 2024), and a
  // ward of its own that ended in 2019
  ctx = await createTestContext({ units: 'sample' });
  const db = ctx.database.db;
  const haNoi = (await sql<{ id: number }>`select id from admin_unit where level = 'province' and code = '01' and valid_from <= '2024-12-31' and (valid_to is null or valid_to > '2024-12-31')`.execute(db)).rows[0].id;
  own.district = (await db.insertInto('admin_unit').values({ code: '001', name: 'Ba Đình', full_name: 'quận Ba Đình', kind: 'quận', level: 'district', parent_id: haNoi, valid_from: '1900-01-01', valid_to: '2025-07-01', search_key: 'quan ba dinh' }).returning('id').executeTakeFirstOrThrow()).id;
  own.trucBach = (await db.insertInto('admin_unit').values({ code: '00004', name: 'Trúc Bạch', full_name: 'phường Trúc Bạch', kind: 'phường', level: 'commune', parent_id: own.district, valid_from: '1900-01-01', valid_to: '2025-07-01', note: 'nhập tay', search_key: 'phuong truc bach' }).returning('id').executeTakeFirstOrThrow()).id;
  own.gone = (await db.insertInto('admin_unit').values({ code: 'BD-CU', name: 'Phường cũ của tỉnh', level: 'commune', parent_id: own.district, valid_from: '1900-01-01', valid_to: '2019-01-01', search_key: 'phuong cu cua tinh' }).returning('id').executeTakeFirstOrThrow()).id;
  await addAnnualValue(own.trucBach, 2023, 4, 400);
  own.values = Number((await sql<{ n: number }>`select count(*)::int as n from data_value`.execute(db)).rows[0].n);
  // what `npx vitreem migrate` does (src/cli/main.ts): the migrations, then the built-in data
  await migrateToLatest(db);
  await seedBaseData(db, { units: 'all' });
});
after(async () => ctx?.close());

const count = async (level: string, at: string) =>
  Number((await sql<{ n: number }>`select count(*)::int as n from admin_unit where level = ${level} and valid_from <= ${at} and (valid_to is null or valid_to > ${at})`.execute(ctx.database.db)).rows[0].n);
const unitAt = async (level: string, code: string, at: string) =>
  (await ctx.request({ url: `/api/units?level=${level}&code=${code}&at=${at}` })).json.items[0];

test('the shipped data is what the statistics office\'s files say (rebuilt from ../shared)', () => {
  const { data } = readBuiltinUnitFiles({ before: read('communes-before-2025-07-01.csv'), after: read('units-from-2025-07-01.csv'), conversion: read('conversion-2025-07-01.csv') });
  const shipped = builtinUnitData();
  assert.deepEqual(data, shipped);
  assert.equal(shipped.provincesBefore.length, 63);
  assert.equal(shipped.provincesAfter.length, 34);
  assert.equal(shipped.communesAfter.length, 3321);
  // 10.051 communes and 5 island districts without communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo)
  assert.equal(shipped.communesBefore.length + 5, 10056);
  // the quoted multi-line cells are read as one row: Côn Đảo's special zone keeps its code
  assert.ok(readConversionTable(read('conversion-2025-07-01.csv')).some((r) => r.newCode === '26732' && r.oldDistrictCode === '755'));
});

test('counts: 63 provinces and 10.056 commune-level units until 30/06/2025; 34 provinces and 3.321 communes from 01/07/2025', async () => {
  assert.equal(await count('province', '2024-12-31'), 63);
  assert.equal(await count('province', '2025-07-01'), 34);
  assert.equal(await count('province', '2026-01-01'), 34);
  assert.equal(await count('commune', '2025-06-30'), 10051);
  const islands = Number((await sql<{ n: number }>`select count(*)::int as n from admin_unit d where d.level = 'district' and d.valid_to = '2025-07-01' and not exists (select 1 from admin_unit c where c.parent_id = d.id)`.execute(ctx.database.db)).rows[0].n);
  assert.equal(islands, 5);
  assert.equal(await count('commune', '2025-07-01'), 3321);
  assert.equal(await count('district', '2025-06-30'), 696);
  assert.equal(await count('district', '2025-07-01'), 0, 'districts end on 30/06/2025');
  // every new commune has a predecessor
  const orphans = await sql<{ n: number }>`select count(*)::int as n from admin_unit u where u.level = 'commune' and u.valid_from = '2025-07-01' and not exists (select 1 from unit_succession s where s.successor_id = u.id)`.execute(ctx.database.db);
  assert.equal(orphans.rows[0].n, 0);
});

test('npx vitreem migrate on an existing installation adds the built-in units around its own, matched by code', async () => {
  const db = ctx.database.db;
  // its Ba Đình district and Trúc Bạch ward are the built-in ones (no second 001 or 00004), untouched
  const districts = await db.selectFrom('admin_unit').select(['id']).where('level', '=', 'district').where('code', '=', '001').execute();
  assert.deepEqual(districts.map((d) => d.id), [own.district]);
  const trucBach = await db.selectFrom('admin_unit').select(['id', 'note', 'parent_id']).where('level', '=', 'commune').where('code', '=', '00004').where('valid_from', '<', '2025-07-01').execute();
  assert.deepEqual(trucBach, [{ id: own.trucBach, note: 'nhập tay', parent_id: own.district }]);
  // the built-in wards of Ba Đình hang under its district; its own ended ward is still there
  const quanThanh = await unitAt('commune', '00013', '2025-01-01');
  assert.equal(quanThanh.parentId, own.district);
  assert.ok(await db.selectFrom('admin_unit').select('id').where('id', '=', own.gone).executeTakeFirst());
  // its data stays, and follows the built-in links: Trúc Bạch's 2023 value is Ba Đình's (from 01/07/2025)
  assert.equal(Number((await sql<{ n: number }>`select count(*)::int as n from data_value`.execute(db)).rows[0].n), own.values);
  const baDinh = await unitAt('commune', '00004', '2026-01-01');
  const links = await db.selectFrom('unit_succession').select(['successor_id', 'kind']).where('predecessor_id', '=', own.trucBach).execute();
  assert.deepEqual(links, [{ successor_id: baDinh.id, kind: 'merge' }]);
  const measureId = (await db.selectFrom('measure').innerJoin('indicator', 'indicator.id', 'measure.indicator_id').select('measure.id').where('measure.code', '=', '3a').where('indicator.scope_plan_id', 'is', null).executeTakeFirstOrThrow()).id;
  const y = (await seriesSums(db, baDinh.id, { measureId })).get(measureId)?.get(2023);
  assert.deepEqual([y?.numerator, y?.denominator], [4, 400]);
});

test('kinds: thành phố for the cities under central authority; phường, xã, đặc khu keep their kind', async () => {
  const haNoi = await unitAt('province', '01', '2026-01-01');
  assert.equal(haNoi.fullName, 'thành phố Hà Nội');
  assert.equal((await unitAt('province', '79', '2026-01-01')).fullName, 'thành phố Hồ Chí Minh');
  assert.equal((await unitAt('province', '38', '2026-01-01')).fullName, 'tỉnh Thanh Hóa');
  const baDinh = await unitAt('commune', '00004', '2026-01-01');
  assert.deepEqual([baDinh.kind, baDinh.fullName], ['phường', 'phường Ba Đình']);
  const conDao = await unitAt('commune', '26732', '2026-01-01');
  assert.deepEqual([conDao.kind, conDao.name], ['đặc khu', 'Côn Đảo']);
  assert.equal((await unitAt('commune', '15889', '2026-01-01')).fullName, 'xã Hoằng Phú');
  assert.equal((await unitAt('district', '399', '2024-01-01')).fullName, 'huyện Hoằng Hóa');
});

test('Ba Đình (Hà Nội) from 01/07/2025 has Trúc Bạch, Quán Thánh and the others as predecessors, some of them split', async () => {
  const baDinh = await unitAt('commune', '00004', '2025-07-01');
  const detail = (await ctx.request({ url: `/api/units/${baDinh.id}` })).json;
  const names = detail.predecessors.map((p: { name: string }) => p.name).sort();
  for (const n of ['Trúc Bạch', 'Quán Thánh', 'Ngọc Hà', 'Điện Biên', 'Đội Cấn', 'Kim Mã', 'Thụy Khuê', 'Đồng Xuân', 'Cửa Đông', 'Cửa Nam']) assert.ok(names.includes(n), `${n} precedes Ba Đình`);
  assert.equal(detail.predecessors.length, 10);
  const trucBach = detail.predecessors.find((p: { name: string }) => p.name === 'Trúc Bạch');
  assert.equal(trucBach.validTo, '2025-07-01');
  assert.equal(trucBach.succession, 'merge');
  // Kim Mã went in part to Ba Đình, Ngọc Hà and Giảng Võ: a split in three equal, estimated shares
  const kimMa = detail.predecessors.find((p: { name: string }) => p.name === 'Kim Mã');
  assert.equal(kimMa.succession, 'split');
  const links = await ctx.database.db.selectFrom('unit_succession').select(['share', 'share_estimated']).where('predecessor_id', '=', kimMa.id).execute();
  assert.equal(links.length, 3);
  assert.ok(links.every((l) => Math.abs(Number(l.share) - 1 / 3) < 1e-9 && l.share_estimated));
});

async function addAnnualValue(unitId: number, year: number, numerator: number, denominator: number): Promise<void> {
  const db = ctx.database.db;
  const measure = await db.selectFrom('measure').innerJoin('indicator', 'indicator.id', 'measure.indicator_id').select(['measure.id']).where('measure.code', '=', '3a').where('indicator.scope_plan_id', 'is', null).executeTakeFirstOrThrow();
  const plan = (await sql<{ id: number }>`select id from plan order by id limit 1`.execute(db)).rows[0].id;
  await sql`insert into reporting_period (plan_id, year, kind, period, start_date, end_date) values (${plan}, ${year}, 'annual', ${String(year)}, ${`${year}-01-01`}, ${`${year}-12-31`}) on conflict do nothing`.execute(db);
  const period = (await sql<{ id: number }>`select id from reporting_period where plan_id = ${plan} and year = ${year} and kind = 'annual'`.execute(db)).rows[0].id;
  const ob = await sql<{ id: number }>`insert into obligation (period_id, plan_id, unit_id, year, kind, status, due_date, recipient_unit_id, role, period, period_start, period_end)
    values (${period}, ${plan}, ${unitId}, ${year}, 'annual', 'approved', ${`${year}-11-20`}, ${unitId}, 'data', ${String(year)}, ${`${year}-01-01`}, ${`${year}-12-31`}) returning id`.execute(db);
  await sql`insert into obligation_measure (obligation_id, measure_id, feeds) values (${ob.rows[0].id}, ${measure.id}, true)`.execute(db);
  await sql`insert into data_value (obligation_id, measure_id, disagg_key, numerator, denominator, unknown) values (${ob.rows[0].id}, ${measure.id}, '', ${numerator}, ${denominator}, false)`.execute(db);
}

test('a split commune\'s 2024 value divides between its successors by the shares; a province\'s 2024 figure in the 2026 tree is the sum of its old provinces\'', async () => {
  const db = ctx.database.db;
  const measureId = (await db.selectFrom('measure').innerJoin('indicator', 'indicator.id', 'measure.indicator_id').select('measure.id').where('measure.code', '=', '3a').where('indicator.scope_plan_id', 'is', null).executeTakeFirstOrThrow()).id;
  const kimMa = await unitAt('commune', '00028', '2024-06-30');
  await addAnnualValue(kimMa.id, 2024, 30, 3000);
  const successors = (await ctx.request({ url: `/api/units/${kimMa.id}` })).json.successors as { id: number; name: string }[];
  assert.deepEqual(successors.map((s) => s.name).sort(), ['Ba Đình', 'Giảng Võ', 'Ngọc Hà']);
  let total = 0;
  for (const s of successors) {
    const y = (await seriesSums(db, s.id, { measureId })).get(measureId)?.get(2024);
    assert.ok(y, `${s.name} has a 2024 figure`);
    assert.ok(Math.abs(y.numerator - 10) < 1e-9 && Math.abs(y.denominator - 1000) < 1e-9, `${s.name}: a third of numerator and denominator`);
    total += y.denominator;
  }
  assert.ok(Math.abs(total - 3000) < 1e-9, 'the shares add up to the whole');

  // the province: Phú Thọ from 01/07/2025 merges Phú Thọ, Vĩnh Phúc and Hòa Bình
  const parts: [string, number, number][] = [['25', 7, 1000], ['26', 11, 2000], ['17', 13, 4000]];
  for (const [code, n, d] of parts) await addAnnualValue((await unitAt('province', code, '2024-06-30')).id, 2024, n, d);
  const phuTho = await unitAt('province', '25', '2026-01-01');
  const y = (await seriesSums(db, phuTho.id, { measureId })).get(measureId)!.get(2024)!;
  assert.deepEqual([y.numerator, y.denominator], [31, 7000]);
});

test('a share edited by the province replaces the estimate, must sum to 1 with the others, and is audited', async () => {
  const kimMa = await unitAt('commune', '00028', '2024-06-30');
  const successors = (await ctx.request({ url: `/api/units/${kimMa.id}` })).json.successors as { id: number; name: string }[];
  const byName = Object.fromEntries(successors.map((s) => [s.name, s.id]));
  const bad = await ctx.request({ method: 'PUT', url: `/api/units/${kimMa.id}/shares`, payload: { shares: [{ successorId: byName['Ba Đình'], share: 0.5 }, { successorId: byName['Ngọc Hà'], share: 0.3 }, { successorId: byName['Giảng Võ'], share: 0.1 }] } });
  assert.equal(bad.statusCode, 400, bad.body);
  assert.equal(bad.json.error.code, 'shares_not_summing_to_one');
  assert.match(bad.json.error.message, /0,9/);
  assert.match(bad.json.error.messageEn, /0.9/);
  const unchanged = await ctx.database.db.selectFrom('unit_succession').select(['share', 'share_estimated']).where('predecessor_id', '=', kimMa.id).execute();
  assert.ok(unchanged.every((l) => l.share_estimated), 'nothing changed');
  const ok = await ctx.request({ method: 'PUT', url: `/api/units/${kimMa.id}/shares`, payload: { shares: [{ successorId: byName['Ba Đình'], share: 0.5 }, { successorId: byName['Ngọc Hà'], share: 0.3 }, { successorId: byName['Giảng Võ'], share: 0.2 }] } });
  assert.equal(ok.statusCode, 200, ok.body);
  const links = await ctx.database.db.selectFrom('unit_succession').select(['successor_id', 'share', 'share_estimated']).where('predecessor_id', '=', kimMa.id).execute();
  assert.equal(Number(links.find((l) => l.successor_id === byName['Ba Đình'])!.share), 0.5);
  assert.ok(links.every((l) => !l.share_estimated));
  const audit = await sql<{ n: number }>`select count(*)::int as n from audit_log where table_name = 'unit_succession' and action = 'update' and actor_name = 'admin'`.execute(ctx.database.db);
  assert.ok(audit.rows[0].n >= 3);
});

test('GET /api/units?level=&at= pages through the whole country with a total', async () => {
  const first = (await ctx.request({ url: '/api/units?level=commune&at=2026-01-01&limit=1000' })).json;
  assert.equal(first.total, 3321);
  assert.equal(first.items.length, 1000);
  const seen = new Set(first.items.map((u: { id: number }) => u.id));
  for (let offset = 1000; offset < first.total; offset += 1000) {
    const page = (await ctx.request({ url: `/api/units?level=commune&at=2026-01-01&limit=1000&offset=${offset}` })).json;
    page.items.forEach((u: { id: number }) => seen.add(u.id));
  }
  assert.equal(seen.size, 3321);
  const search = (await ctx.request({ url: '/api/units?q=truc%20bach&at=2025-01-01' })).json;
  assert.ok(search.items.some((u: { fullName: string }) => u.fullName === 'phường Trúc Bạch'));
});

test('loading again changes nothing; an installation\'s own unit with a built-in code is kept', async () => {
  const db = ctx.database.db;
  const before = Number((await sql<{ n: number }>`select count(*)::int as n from admin_unit`.execute(db)).rows[0].n);
  await db.updateTable('admin_unit').set({ name: 'Trúc Bạch (sửa tay)' }).where('level', '=', 'commune').where('code', '=', '00004').where('valid_to', '=', '2025-07-01').execute();
  const r = await db.transaction().execute((trx) => loadBuiltinUnits(trx, { force: true }));
  assert.deepEqual(r, { districts: 0, communesBefore: 0, communesAfter: 0, links: 0 });
  assert.equal(Number((await sql<{ n: number }>`select count(*)::int as n from admin_unit`.execute(db)).rows[0].n), before);
  assert.equal((await unitAt('commune', '00004', '2025-01-01')).name, 'Trúc Bạch (sửa tay)');
});
