/**
 * npm run bench:units — every real administrative unit on the embedded database (PGlite):
 * the first load of the built-in list (~14.000 units, ~10.600 succession links), then what the web
 * app asks while someone picks a unit: the tree's children of a province, the children of a
 * district on a past date, a search by name without diacritics, a page of `GET /api/units?level=&at=`.
 * Each request line is the median and the 95th percentile over the runs, through the HTTP API
 * (app.inject, signed in as an administrator). Aim: < 100 ms each; the first load < 10 s.
 */
import { sql } from 'kysely';
import { openDatabase } from '../src/storage/database.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import { seedBaseData } from '../src/storage/seed/index.ts';
import { BUILTIN_UNITS_SETTING, builtinUnitData, loadBuiltinUnits } from '../src/storage/seed/vn-units.ts';
import { buildApp } from '../src/api/app.ts';
import { asSystem, createUser } from '../src/storage/users.ts';
import { createSession } from '../src/storage/sessions.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);

async function main(): Promise<void> {
  const database = await openDatabase({ dataDir: 'memory://' });
  const db = database.db;
  await migrateToLatest(db);
  // the catalogue, provinces and national programme first, so the line below times the units alone
  await db.insertInto('system_setting').values({ id: BUILTIN_UNITS_SETTING, value: builtinUnitData().version }).execute();
  await seedBaseData(db);
  const t0 = performance.now();
  const loaded = await db.transaction().execute((trx) => loadBuiltinUnits(trx, { force: true }));
  const loadMs = performance.now() - t0;
  const units = Number((await sql<{ n: number }>`select count(*)::int as n from admin_unit`.execute(db)).rows[0].n);
  const links = Number((await sql<{ n: number }>`select count(*)::int as n from unit_succession`.execute(db)).rows[0].n);
  console.log(`units.first_load: ${loadMs.toFixed(0)} ms (${units} units, ${links} links; added ${JSON.stringify(loaded)})`);

  const app = await buildApp({ database, serveWeb: false });
  await app.ready();
  const adminId = await asSystem(db, 'bench', (trx) => createUser(trx, { username: 'bench', password: 'bench-password-123456', displayName: null, grants: [{ role: 'system_admin', unitId: null }] }));
  const session = await createSession(db, adminId, { ip: '127.0.0.1', userAgent: 'bench' });
  const get = async (url: string) => {
    const r = await app.inject({ method: 'GET', url, cookies: { vitreem_session: session.sessionId } });
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body.slice(0, 200)}`);
    return r.json();
  };
  const id = async (level: string, code: string, at: string) => (await get(`/api/units?level=${level}&code=${code}&at=${at}`)).items[0].id as number;
  const haNoi = await id('province', '01', '2026-01-01');
  const thanhHoa = await id('province', '38', '2024-06-30');
  const hoangHoa = await id('district', '399', '2024-06-30');
  const cases: [string, string][] = [
    ['units.tree_provinces', '/api/units/tree?at=2026-01-01'],
    ['units.tree_children_of_ha_noi_2026', `/api/units/tree?parentId=${haNoi}&at=2026-01-01`],
    ['units.tree_children_of_thanh_hoa_2024', `/api/units/tree?parentId=${thanhHoa}&at=2024-12-31`],
    ['units.tree_children_of_hoang_hoa_2024', `/api/units/tree?parentId=${hoangHoa}&at=2024-12-31`],
    ['units.search_truc_bach', '/api/units?q=truc%20bach&limit=20'],
    ['units.search_xuan_2026', '/api/units?q=xuan&at=2026-01-01&limit=20'],
    ['units.page_communes_2024', '/api/units?level=commune&at=2024-12-31&limit=500&offset=5000'],
  ];
  for (const [name, url] of cases) {
    await get(url);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await get(url);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    const p95 = times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)];
    console.log(`${name}: ${median.toFixed(1)} ms (median of ${RUNS}, p95 ${p95.toFixed(1)} ms, ${units} units)`);
  }
  await app.close();
  await database.close();
}

await main();
