/**
 * The hierarchy over time on the seeded and demo data of Thanh Hóa (communes merged on 01/07/2025):
 * names read right, the tree as of 31/12/2024 has the districts and their communes, today the new
 * communes; each merged commune names its predecessors; and its series and dashboard for the years
 * before the merger are the sums of its predecessors' figures.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, sql, type Migration } from 'kysely';
import { createTestContext, createTestDatabase, type TestContext } from '../helpers/context.ts';
import { loadDemo } from '../../src/storage/demo/index.ts';
import { fullNameOf } from '../../src/storage/units.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { seedBaseData } from '../../src/storage/seed/index.ts';
import { BUILTIN_UNITS_SETTING, builtinUnitData } from '../../src/storage/seed/vn-units.ts';

const MIGRATIONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/storage/migrations');

let ctx: TestContext;
let provinceId: number;
/** the latest unit with this code (codes repeat across the reform: the commune from 01/07/2025) */
const unitId = async (code: string) => (await ctx.database.db.selectFrom('admin_unit').select('id').where('code', '=', code).orderBy('valid_from', 'desc').executeTakeFirstOrThrow()).id;
/** the commune with this code before the reform */
const oldId = async (code: string) => (await ctx.database.db.selectFrom('admin_unit').select('id').where('code', '=', code).where('level', '=', 'commune').where('valid_from', '<', '2025-07-01').executeTakeFirstOrThrow()).id;
before(async () => {
  ctx = await createTestContext();
  provinceId = (await loadDemo(ctx.database.db, { only: 'reporting' })).province.id;
});
after(async () => ctx.close());

test('unit names read as written: no doubled level word, the demo\'s units have full names and are found without diacritics', async () => {
  assert.equal(fullNameOf('xã', 'Xã kế thừa Hoằng Kim'), 'Xã kế thừa Hoằng Kim');
  assert.equal(fullNameOf('xã', 'Hoằng Kim'), 'xã Hoằng Kim');
  assert.equal(fullNameOf('thành phố', 'Huế'), 'thành phố Huế');
  // the real codes and names of the statistics office (no placeholder such as "(mới, cần xác minh)")
  const rows = await ctx.database.db.selectFrom('admin_unit').select(['code', 'name', 'full_name', 'search_key', 'valid_from']).where('code', 'in', ['15889', '395', '15592', '15892']).execute();
  const by = new Map(rows.map((r) => [`${r.code}${r.valid_from >= '2025-07-01' ? '+' : ''}`, r]));
  assert.equal(by.get('15889+')!.full_name, 'xã Hoằng Phú');
  assert.equal(by.get('15889')!.full_name, 'xã Hoằng Kim');
  assert.equal(by.get('395')!.full_name, 'huyện Thọ Xuân');
  assert.equal(by.get('15592+')!.full_name, 'xã Xuân Lập');
  assert.equal(by.get('15892')!.full_name, 'xã Hoằng Trung');
  const placeholders = await ctx.database.db.selectFrom('admin_unit').select('name').where((eb) => eb.or([eb('name', 'like', '%cần xác minh%'), eb('name', 'like', '%(mới)%'), eb('code', 'like', 'DEMO-%'), eb('code', 'like', 'HK-%')])).execute();
  assert.deepEqual(placeholders, []);
  const all = await ctx.database.db.selectFrom('admin_unit').select(['code', 'full_name']).execute();
  assert.deepEqual(all.filter((u) => /^(xã|huyện|phường|tỉnh) (xã|huyện|phường|tỉnh) /i.test(u.full_name ?? '')), [], 'no "xã Xã …"');
  const found = (await ctx.request({ url: '/api/units?q=tho%20xuan' })).json.items.map((u: { code: string }) => u.code);
  assert.ok(found.includes('395'), JSON.stringify(found));
});

test('the tree as of a date: Thanh Hóa had districts and their communes on 31/12/2024, and has the merged communes today', async () => {
  const at2024 = (await ctx.request({ url: `/api/units/tree?parentId=${provinceId}&at=2024-12-31&depth=2` })).json.items[0];
  const districts = at2024.children.map((d: { code: string }) => d.code).sort();
  assert.deepEqual(districts, ['395', '399']);
  const hoangHoa = at2024.children.find((d: { code: string }) => d.code === '399');
  assert.deepEqual(hoangHoa.children.map((c: { name: string }) => c.name).sort(), ['Hoằng Kim', 'Hoằng Phú', 'Hoằng Quý', 'Hoằng Trung']);
  const now = (await ctx.request({ url: `/api/units/tree?parentId=${provinceId}&at=2026-01-01` })).json.items[0];
  assert.deepEqual(now.children.map((c: { code: string }) => c.code).sort(), ['15520', '15592', '15889']);
  assert.ok(now.children.every((c: { level: string }) => c.level === 'commune'));
  // a merged commune names its predecessors, a predecessor its successor
  const merged = (await ctx.request({ url: `/api/units/${await unitId('15889')}` })).json;
  assert.deepEqual(merged.predecessors.map((p: { name: string }) => p.name).sort(), ['Hoằng Kim', 'Hoằng Phú', 'Hoằng Quý', 'Hoằng Trung']);
  const old = (await ctx.request({ url: `/api/units/${await oldId('15889')}?at=2026-01-01` })).json;
  assert.deepEqual(old.successors.map((s: { code: string; name: string; effectiveDate: string }) => [s.code, s.name, s.effectiveDate]), [['15889', 'Hoằng Phú', '2025-07-01']]);
  assert.deepEqual(old.coveringAt.units.map((u: { code: string }) => u.code), ['15889']);
});

test('a merged commune\'s series and dashboard before the merger are the sums of its predecessors', async () => {
  const m3a = (await ctx.request({ url: `/api/dashboard/units/${provinceId}?year=2024` })).json.measures.find((m: { code: string }) => m.code === '3a');
  for (const [code, predecessors] of [['15520', ['15517', '15520']], ['15889', ['15889', '15892', '15883', '15916']]] as const) {
    const merged = await unitId(code);
    const series = (await ctx.request({ url: `/api/dashboard/units/${merged}/series?measure=${m3a.measureId}&from=2021&to=2025` })).json.years;
    const parts = await Promise.all(predecessors.map(async (p) => (await ctx.request({ url: `/api/dashboard/units/${await oldId(p)}/series?measure=${m3a.measureId}&from=2021&to=2024` })).json.years));
    for (const year of [2021, 2022, 2023, 2024]) {
      const own = series.find((y: { year: number }) => y.year === year);
      const of = parts.map((p) => p.find((y: { year: number }) => y.year === year));
      assert.ok(of.every((y) => y && y.denominator > 0), `${code} ${year}: every predecessor reported`);
      const numerator = of.reduce((s, y) => s + y.numerator, 0);
      const denominator = of.reduce((s, y) => s + y.denominator, 0);
      assert.equal(own.numerator, numerator, `${code} ${year} numerator`);
      assert.equal(own.denominator, denominator, `${code} ${year} denominator`);
      assert.ok(Math.abs(own.value - (numerator / denominator) * 1000) < 1e-9, `${code} ${year}: ratio of the sums, not a mean of rates`);
      assert.equal(own.reportingCount, predecessors.length);
    }
    // the unit dashboard of a past year reads the same sums
    const dash = (await ctx.request({ url: `/api/dashboard/units/${merged}?year=2023` })).json.measures.find((m: { code: string }) => m.code === '3a');
    const y2023 = series.find((y: { year: number }) => y.year === 2023);
    assert.equal(dash.numerator, y2023.numerator);
    assert.equal(dash.denominator, y2023.denominator);
  }
});

test('an existing database seeded by an earlier version: migration 082 fixes the doubled placeholder name, then the built-in list puts the real codes on the placeholder rows (same ids)', async () => {
  const { database, drop } = await createTestDatabase();
  try {
    const db = database.db;
    const files = fs.readdirSync(MIGRATIONS).filter((f) => /^\d{3}_.+\.ts$/.test(f) && !f.startsWith('082_')).sort();
    const migrations: Record<string, Migration> = {};
    for (const f of files) migrations[f.replace(/\.ts$/, '')] = (await import(pathToFileURL(path.join(MIGRATIONS, f)).href)) as Migration;
    assert.equal((await new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true }).migrateToLatest()).error, undefined);
    // the provinces only, as the seed wrote them before the whole list was built in
    await db.insertInto('system_setting').values({ id: BUILTIN_UNITS_SETTING, value: builtinUnitData().version }).execute();
    await seedBaseData(db);
    await db.deleteFrom('system_setting').where('id', '=', BUILTIN_UNITS_SETTING).execute();
    // as the seed and the demo loader wrote them before
    const province = (await db.selectFrom('admin_unit').select('id').where('code', '=', '38').where('level', '=', 'province').executeTakeFirstOrThrow()).id;
    const ins = async (code: string, name: string, fullName: string | null, kind: string, level: string, parent: number, from: string, to: string | null) =>
      (await sql<{ id: number }>`insert into admin_unit(code, name, full_name, kind, level, parent_id, valid_from, valid_to) values (${code}, ${name}, ${fullName}, ${kind}, ${level}, ${parent}, ${from}, ${to}) returning id`.execute(db)).rows[0].id;
    const hoangHoa = await ins('388', 'Hoằng Hóa', 'huyện Hoằng Hóa', 'huyện', 'district', province, '1900-01-01', '2025-07-01');
    const hoangKim = await ins('HK-15970', 'Hoằng Kim (đã sửa tay)', 'xã Hoằng Kim (đã sửa tay)', 'xã', 'commune', hoangHoa, '1900-01-01', '2025-07-01');
    const placeholder = await ins('HK-2025', 'Xã kế thừa Hoằng Kim (cần xác minh)', 'xã Xã kế thừa Hoằng Kim (cần xác minh)', 'xã', 'commune', province, '2025-07-01', null);
    await sql`insert into unit_succession(predecessor_id, successor_id, effective_date, kind) values (${hoangKim}, ${placeholder}, '2025-07-01', 'merge')`.execute(db);
    await ins('DEMO-TX', 'Thọ Xuân', null, 'huyện', 'district', province, '1900-01-01', '2025-07-01');
    await migrateToLatest(db);
    const rows = new Map((await db.selectFrom('admin_unit').select(['code', 'name', 'full_name', 'search_key']).where('code', 'in', ['HK-2025', 'DEMO-TX', 'HK-15970']).execute()).map((r) => [r.code, r]));
    assert.deepEqual({ ...rows.get('HK-2025') }, { code: 'HK-2025', name: 'Hoằng Kim (mới, cần xác minh)', full_name: 'xã Hoằng Kim (mới, cần xác minh)', search_key: rows.get('HK-2025')!.search_key });
    assert.match(rows.get('HK-2025')!.search_key!, /hoang kim/);
    assert.equal(rows.get('DEMO-TX')!.full_name, 'huyện Thọ Xuân');
    assert.match(rows.get('DEMO-TX')!.search_key!, /huyen tho xuan/);
    assert.equal(rows.get('HK-15970')!.full_name, 'xã Hoằng Kim (đã sửa tay)', 'a corrected name is left alone');

    // the next start loads the built-in list: the placeholders get the real codes on the same rows
    await seedBaseData(db, { units: 'sample' });
    const byId = async (id: number) => db.selectFrom('admin_unit').select(['code', 'name', 'full_name', 'valid_from']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual({ ...(await byId(hoangHoa)) }, { code: '399', name: 'Hoằng Hóa', full_name: 'huyện Hoằng Hóa', valid_from: '1900-01-01' });
    assert.equal((await byId(hoangKim)).code, '15889');
    assert.equal((await byId(hoangKim)).name, 'Hoằng Kim (đã sửa tay)', 'a corrected name is still left alone');
    assert.deepEqual({ ...(await byId(placeholder)) }, { code: '15889', name: 'Hoằng Phú', full_name: 'xã Hoằng Phú', valid_from: '2025-07-01' });
    const communes = await db.selectFrom('admin_unit').select('id').where('code', '=', '15889').execute();
    assert.equal(communes.length, 2, 'no second Hoằng Kim or Hoằng Phú');
    assert.equal((await db.selectFrom('admin_unit').select('id').where('level', '=', 'district').where('code', 'in', ['388', '399']).execute()).length, 1);
  } finally {
    await drop();
  }
});
