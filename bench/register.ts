/**
 * npm run bench:register — the children's register at scale (issue #7). Two parts:
 *
 *   province (PGlite, the embedded database of a provincial office): BENCH_REGISTER_PROVINCE children
 *     (default 600,000) in 120 communes, 1 in 40 in special circumstances (15,000), 1 in 120 at risk,
 *     2,000 open cases.
 *   national (PostgreSQL): BENCH_REGISTER_NATIONAL children (default 25,000,000) in 34 provinces and
 *     3,321 communes, the same province among them, 1 in 300 children with an open case; the
 *     province's queries are measured inside the national register.
 *
 * Data are generated inside the database with set-based SQL (insert … select generate_series), from
 * a vocabulary of 6,400 Vietnamese names whose ciphertexts and blind indexes the application
 * computed with the real key, so search and decryption run exactly as in production. Secondary
 * indexes are built once after the load, the audit triggers are off during it (it stands for years
 * of registrations); the application path (CSV rows validated, encrypted, inserted with every
 * trigger on) is timed separately on 5,000 rows, rolled back.
 *
 * The national load is RESUMABLE: it runs in steps (one million children per step), each committed
 * with its mark in `bench_progress`, in a database named after the size
 * (vitreem_bench_register_<size>). Stopped (Ctrl-C, BENCH_REGISTER_LOAD_BUDGET_MIN reached, crash),
 * the next run continues where it stopped; the times of all runs are added up. After a complete run
 * the database is dropped unless BENCH_REGISTER_KEEP=1 (then a later run only measures). Free disk
 * is checked first.
 *
 *   npm run bench:register                          # both parts
 *   npm run bench:register -- pglite | postgres     # one part
 *   BENCH_REGISTER_NATIONAL=1000000 …               # a smaller national register
 *   BENCH_REGISTER_SKIP_PG=1, BENCH_REGISTER_KEEP=1, BENCH_REGISTER_LOAD_BUDGET_MIN=30,
 *   BENCH_REGISTER_PGLITE_DIR=/path (keep and reuse the province's PGlite data), DATABASE_URL
 *
 * Prints `register.<database>.<size>.<metric>: value unit` lines (size = children in the database).
 */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql, type Kysely, type Transaction } from 'kysely';

const { openDatabase } = await import('../src/storage/database.ts');
const { migrateToLatest } = await import('../src/storage/migrate.ts');
const { childRow, searchChildren, searchStrategy, registerCountsByUnit } = await import('../src/storage/register.ts');
const { overdueSteps } = await import('../src/api/routes/cases.ts');
const { registerIndicators, suppressIndicators } = await import('../src/domain/children/indicators.ts');
const { foldVietnamese } = await import('../src/domain/children/text.ts');
const { validateImport } = await import('../src/domain/children/import.ts');
import type { Database } from '../src/storage/schema.ts';
import '../src/storage/schema-register.ts';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lò', 'Quàng', 'Lường', 'Cà', 'Giàng'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Ngọc', 'Thanh', 'Hữu', 'Quốc', 'Thu', 'Gia'];
const GIVEN = ['An', 'Anh', 'Bảo', 'Bình', 'Chi', 'Cường', 'Dũng', 'Dung', 'Đạt', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hoa', 'Hùng', 'Hương', 'Huy', 'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Minh', 'My', 'Nam', 'Nga', 'Ngân', 'Nhung', 'Phong', 'Phúc', 'Phương'];
const NAMES = FAMILY.flatMap((f) => MIDDLE.flatMap((m) => GIVEN.map((g) => `${f} ${m} ${g}`))); // 6,400
const GROUPS = ['orphan_both', 'abandoned', 'no_carer', 'disability', 'hiv', 'conflict_with_law', 'drug_addiction', 'dropout_to_work', 'violence_harmed', 'exploited', 'sexually_abused', 'trafficked', 'serious_illness_poor', 'migrant_unaccompanied'];
const PROVINCE_COMMUNES = 120;
const NATIONAL_PROVINCES = 34;
const NATIONAL_COMMUNES = 3321;
const CHUNK = 1_000_000;
/** bytes per child on disk after the load, measured (heap, TOAST, indexes, residences, circumstances, cases), with WAL headroom */
const BYTES_PER_CHILD = 1_100;

type Db = Kysely<Database>;
const sizeLabel = (n: number) => (n >= 1_000_000 && n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));
const out = (label: string, metric: string, value: number | string, unit: string) => console.log(`register.${label}.${metric}: ${value} ${unit}`);
const round1 = (x: number) => Math.round(x * 10) / 10;
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return round1(s[Math.min(s.length - 1, Math.floor(s.length * p))]); };

/** A step of the load: skipped when `bench_progress` says it is done; its time is stored with its mark. */
async function step(db: Db, name: string, work: (trx: Transaction<Database>) => Promise<void>, inTransaction = true): Promise<number> {
  const done = await sql<{ ms: number }>`select ms from bench_progress where step = ${name}`.execute(db);
  if (done.rows.length) {
    stepsSkipped++;
    return 0;
  }
  stepsRun++;
  const t0 = performance.now();
  if (inTransaction) {
    await db.transaction().execute(async (trx) => {
      await work(trx);
      await sql`insert into bench_progress (step, ms) values (${name}, ${Math.round(performance.now() - t0)})`.execute(trx);
    });
  } else {
    await work(db as unknown as Transaction<Database>);
    await sql`insert into bench_progress (step, ms) values (${name}, ${Math.round(performance.now() - t0)})`.execute(db);
  }
  return performance.now() - t0;
}

const stepsMs = async (db: Db, like: string) => Number((await sql<{ ms: number }>`select coalesce(sum(ms), 0)::bigint as ms from bench_progress where step like ${like}`.execute(db)).rows[0].ms);

interface Scope { province: number; communes: number[]; total: number; provinceSize: number }

/**
 * Generates (or continues generating) the register: `total` children, the first `provinceSize`
 * in the bench province. Returns false when the time budget ran out before the end.
 */
let stepsRun = 0;
let stepsSkipped = 0;

async function generate(db: Db, opts: { total: number; provinceSize: number; national: boolean; budgetMs: number }): Promise<Scope | null> {
  const { total, provinceSize, national } = opts;
  const started = performance.now();
  await sql`create table if not exists bench_progress (step text primary key, ms bigint not null, at timestamptz not null default now())`.execute(db);
  await sql`create table if not exists bench_meta (key text primary key, value text not null)`.execute(db);
  // the data key the ciphertexts were made with: kept with the data so a resumed run can read them
  const key = (await sql<{ value: string }>`select value from bench_meta where key = 'data_key'`.execute(db)).rows[0]?.value;
  if (key) process.env.VITREEM_DATA_KEY = key;
  else {
    process.env.VITREEM_DATA_KEY = randomBytes(32).toString('hex');
    await sql`insert into bench_meta values ('data_key', ${process.env.VITREEM_DATA_KEY})`.execute(db);
  }
  const provinces = national ? NATIONAL_PROVINCES : 1;
  const otherCommunes = national ? NATIONAL_COMMUNES - PROVINCE_COMMUNES : 0;
  await step(db, 'units', async (trx) => {
    await sql`insert into admin_unit (code, name, level, parent_id) select 'BP' || p, 'Tỉnh ' || p, 'province', null from generate_series(1, ${provinces}) p`.execute(trx);
    // the bench province's communes first (ids consecutive), then the rest of the country's
    await sql`insert into admin_unit (code, name, level, parent_id)
      select 'BX1-' || c, 'Xã 1-' || c, 'commune', (select id from admin_unit where code = 'BP1' and level = 'province')
      from generate_series(1, ${PROVINCE_COMMUNES}) c order by c`.execute(trx);
    if (otherCommunes > 0)
      await sql`insert into admin_unit (code, name, level, parent_id)
        select 'BX' || (2 + c % ${provinces - 1}) || '-' || c, 'Xã ' || (2 + c % ${provinces - 1}) || '-' || c, 'commune',
               (select id from admin_unit where code = 'BP' || (2 + c % ${provinces - 1}) and level = 'province')
        from generate_series(1, ${otherCommunes}) c order by c`.execute(trx);
  });
  const province = (await sql<{ id: number }>`select id from admin_unit where code = 'BP1' and level = 'province'`.execute(db)).rows[0].id;
  const communes = (await sql<{ id: number }>`select id from admin_unit where parent_id = ${province} order by id`.execute(db)).rows.map((r) => r.id);
  const firstCommune = communes[0];
  const firstOther = firstCommune + PROVINCE_COMMUNES;

  // the name vocabulary, encrypted and blind-indexed by the application
  await step(db, 'names', async (trx) => {
    await sql`create table bench_name (i int primary key, pii text not null, name_index text[] not null, name_pairs text[] not null)`.execute(trx);
    for (let i = 0; i < NAMES.length; i += 500) {
      const batch = NAMES.slice(i, i + 500).map((name, k) => {
        const row = childRow({ fullName: name, birthDate: '2015-06-15', address: `Thôn ${k % 9 + 1}`, caregivers: [{ name: 'Cha mẹ', relation: 'cha mẹ' }] }, { unitId: firstCommune, sex: 'unknown' });
        return sql`(${i + k}, ${row.pii}, ${sql.val(row.name_index)}::text[], ${sql.val(row.name_pairs)}::text[])`;
      });
      await sql`insert into bench_name (i, pii, name_index, name_pairs) values ${sql.join(batch)}`.execute(trx);
    }
  });

  // bulk load: secondary indexes are dropped and built once at the end, triggers that stand for
  // years of one-by-one registrations are off (both persist across a resumed run)
  await step(db, 'prepare', async (trx) => {
    const indexes = await sql<{ indexname: string; indexdef: string }>`
      select i.relname as indexname, pg_get_indexdef(i.oid) as indexdef
      from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
      where t.relnamespace = current_schema()::regnamespace
        and t.relname in ('child', 'child_residence', 'child_circumstance', 'child_support', 'child_case', 'case_step')
        and not exists (select 1 from pg_constraint c where c.conindid = i.oid)`.execute(trx);
    await sql`insert into bench_meta values ('indexes', ${JSON.stringify(indexes.rows)})`.execute(trx);
    for (const ix of indexes.rows) await sql`drop index ${sql.ref(ix.indexname)}`.execute(trx);
    for (const t of ['child', 'child_residence', 'child_circumstance', 'child_support', 'child_case', 'case_step']) await sql`alter table ${sql.table(t)} disable trigger user`.execute(trx);
  });

  const names = NAMES.length;
  const chunks = Math.ceil(total / CHUNK);
  for (let k = 0; k < chunks; k++) {
    if (performance.now() - started > opts.budgetMs) return null;
    const start = k * CHUNK + 1;
    const end = Math.min(total, start + CHUNK - 1);
    await step(db, `children:${String(k).padStart(3, '0')}`, async (trx) => {
      // rows 1..provinceSize live in the bench province's communes, the rest in the other provinces;
      // the commune is a hash of the row, so every 40th (special), 120th (at risk), 300th (case) child is spread over all communes
      await sql`insert into child (id, unit_id, pii, name_index, name_pairs, sex, birth_year, birth_month, ethnicity, poverty_status, disability, schooling, health_insurance, registered_on)
        select g, case when g <= ${sql.lit(provinceSize)} then ${sql.lit(firstCommune)} + (abs(hashint4(g)) % ${sql.lit(PROVINCE_COMMUNES)})
                       else ${sql.lit(firstOther)} + (abs(hashint4(g)) % ${sql.lit(Math.max(1, otherCommunes))}) end,
               n.pii, n.name_index, n.name_pairs, case when g % 2 = 0 then 'male' else 'female' end,
               2010 + (g % 16), 1 + (g % 12), case when g % 7 = 0 then 'Thái' else 'Kinh' end,
               case when g % 11 = 0 then 'poor' when g % 13 = 0 then 'near_poor' else 'none' end,
               g % 60 = 0, 'primary', g % 20 <> 0, date '2025-01-01'
        from generate_series(${sql.lit(start)}::int, ${sql.lit(end)}::int) g join bench_name n on n.i = (g::bigint * 7919) % ${sql.lit(names)}`.execute(trx);
      await sql`insert into child_residence (child_id, unit_id, from_date) select id, unit_id, registered_on from child where id between ${start} and ${end}`.execute(trx);
      // special circumstances: 1 in 40 (15,000 of 600,000), from 2024 on; at risk of violence: 1 in 120
      await sql`insert into child_circumstance (child_id, unit_id, birth_year, child_active, group_code, start_date)
        select id, unit_id, birth_year, true, (${sql.val(GROUPS)}::text[])[1 + (id / 40) % 14], date '2024-01-01' + ((id % 700) || ' days')::interval
        from child where id between ${start} and ${end} and id % 40 = 0`.execute(trx);
      await sql`insert into child_circumstance (child_id, unit_id, birth_year, child_active, group_code, start_date)
        select id, unit_id, birth_year, true, 'risk_violence', date '2025-02-01' from child where id between ${start} and ${end} and id % 120 = 7`.execute(trx);
      // 9 in 10 of the special circumstances supported in 2025
      await sql`insert into child_support (child_id, kind, support_date)
        select id, 'assistance', date '2025-06-01' from child where id between ${start} and ${end} and id % 40 = 0 and id % 400 <> 0`.execute(trx);
      // 1 child in 300 with an open case (2,000 in a province of 600,000), received over the last 30 days;
      // about a third not yet assessed
      await sql`insert into child_case (child_id, unit_id, source, received_at, status)
        select id, unit_id, 'hotline_111', now() - ((id % 720) || ' hours')::interval, 'open'
        from child where id between ${start} and ${end} and id % 300 = 11`.execute(trx);
      await sql`insert into case_step (case_id, step, position, due_at, done_at)
        select c.id, s.step, s.pos,
               case when s.step = 'assess' then c.received_at + interval '12 hours' when s.step = 'plan' then c.received_at + interval '7 days' end,
               case when s.step = 'receive' then c.received_at when s.step = 'assess' and c.id % 3 <> 0 then c.received_at + interval '6 hours' end
        from child_case c, (values ('receive', 0), ('assess', 1), ('plan', 2), ('implement', 3), ('follow_up', 4), ('review', 5), ('close', 6)) s(step, pos)
        where c.child_id between ${start} and ${end}`.execute(trx);
    });
    if (national) process.stderr.write(`\r  national register: ${end.toLocaleString('vi-VN')} / ${total.toLocaleString('vi-VN')} children`);
  }
  if (national) process.stderr.write('\n');
  await step(db, 'finish', async (trx) => {
    await sql`select setval(pg_get_serial_sequence('child', 'id'), (select max(id) from child))`.execute(trx);
    await sql`select child_count_refresh()`.execute(trx);
    await sql`set local maintenance_work_mem = '512MB'`.execute(trx);
    const indexes = JSON.parse((await sql<{ value: string }>`select value from bench_meta where key = 'indexes'`.execute(trx)).rows[0].value) as { indexdef: string }[];
    for (const ix of indexes) await sql.raw(ix.indexdef).execute(trx);
    for (const t of ['child', 'child_residence', 'child_circumstance', 'child_support', 'child_case', 'case_step']) await sql`alter table ${sql.table(t)} enable trigger user`.execute(trx);
  });
  // what autovacuum does after a bulk load on PostgreSQL (PGlite has none: run it after big imports)
  await step(db, 'vacuum', async () => { await sql`vacuum analyze`.execute(db); }, false);
  return { province, communes, total, provinceSize };
}

async function facts(db: Db, label: string, scope: Scope) {
  const one = async (q: string) => Number((await sql.raw<{ n: number }>(q).execute(db)).rows[0].n);
  const inProvince = `unit_id between ${scope.communes[0]} and ${scope.communes[scope.communes.length - 1]}`;
  out(label, 'children', await one('select count(*)::bigint as n from child'), 'count');
  out(label, 'communes', await one(`select count(*) as n from admin_unit where level = 'commune'`), 'count');
  out(label, 'province_children', await one(`select sum(n)::bigint as n from child_count where ${inProvince}`), 'count');
  out(label, 'province_communes', scope.communes.length, 'count');
  out(label, 'province_special', await one(`select count(distinct child_id) as n from child_circumstance cc join circumstance_group g on g.code = cc.group_code and g.kind = 'special' where ${inProvince.replace(/unit_id/g, 'cc.unit_id')}`), 'count');
  out(label, 'province_open_cases', await one(`select count(*) as n from child_case where status = 'open' and ${inProvince}`), 'count');
  out(label, 'database_size_mb', Math.round((await one('select pg_database_size(current_database()) as n')) / 1e6), 'MB');
  out(label, 'child_table_size_mb', Math.round((await one(`select pg_total_relation_size('child') as n`)) / 1e6), 'MB');
}

async function measure(db: Db, label: string, scope: Scope) {
  // the application path: CSV rows validated, encrypted, blind-indexed, inserted with every trigger on; rolled back
  const csv = [['Họ và tên', 'Ngày sinh', 'Giới tính', 'Số định danh'], ...Array.from({ length: 5000 }, (_, i) => [NAMES[(i * 31) % NAMES.length], `0${1 + (i % 9)}/0${1 + (i % 9)}/${2011 + (i % 13)}`, i % 2 ? 'Nam' : 'Nữ', String(900000000000 + i)])];
  const t1 = performance.now();
  const { children, errors } = validateImport(csv, '2025-03-01');
  if (errors.length) throw new Error(`bench CSV invalid: ${errors[0].en}`);
  let csvRate = 0;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < children.length; i += 500) {
      await trx.insertInto('child').values(children.slice(i, i + 500).map((c) => childRow({ fullName: c.fullName, birthDate: c.birthDate, idNumber: c.idNumber }, { unitId: scope.communes[0], sex: c.sex, registeredOn: '2025-03-01' }))).execute();
    }
    csvRate = Math.round(5000 / ((performance.now() - t1) / 1000));
    throw new RolledBack();
  }).catch((e) => { if (!(e instanceof RolledBack)) throw e; });
  out(label, 'csv_import_rows_per_s', csvRate, 'rows/s');

  const queries = Array.from({ length: 200 }, (_, i) => NAMES[(i * 53 + 7) % NAMES.length]);
  const partial = (n: string) => n.split(' ').slice(0, 2).join(' ') + ' ' + n.split(' ')[2].slice(0, 2);
  const kinds = [['', (n: string) => n], ['_folded', (n: string) => foldVietnamese(n)], ['_prefix', (n: string) => foldVietnamese(partial(n))]] as const;
  for (const [where, units] of [['province', scope.communes], ['commune', [scope.communes[1]]]] as [string, number[]][]) {
    const how = await searchStrategy(db, units);
    out(label, `search_${where}_strategy`, how, how === 'scoped' ? '(pairs looked up per commune: index child_name_scoped)' : '(pairs in the whole register: index child_name_pairs)');
    for (const [suffix, make] of kinds) {
      // first pass over the names: what the disk costs (reported as "cold"); the passes measured next
      // find them cached, as a running server does for the records its users work on
      if (suffix === '') {
        const cold: number[] = [];
        for (const q of queries) {
          const t = performance.now();
          await searchChildren(db, units, q, 50);
          cold.push(performance.now() - t);
        }
        out(label, `search_${where}_cold_p95_ms`, pct(cold, 0.95), 'ms');
      }
      const times: number[] = [];
      let found = 0;
      for (const q of queries) {
        const t = performance.now();
        const r = await searchChildren(db, units, make(q), 50);
        times.push(performance.now() - t);
        found += r.length;
      }
      out(label, `search_${where}${suffix}_p95_ms`, pct(times, 0.95), 'ms');
      out(label, `search_${where}${suffix}_p50_ms`, pct(times, 0.5), 'ms');
      if (!suffix) out(label, `search_${where}_avg_hits`, Math.round(found / queries.length), 'children');
    }
  }
  if (process.env.BENCH_REGISTER_EXPLAIN) {
    const { registerCountsSql } = await import('../src/storage/register.ts');
    const plan = await db.transaction().execute(async (trx) => { await sql`select set_config('jit', 'off', true)`.execute(trx); return sql.raw(`explain (analyze, buffers) ${registerCountsSql(scope.province, 2025)}`).execute(trx); });
    console.error((plan.rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n'));
  }
  // indicators 8a, 8b and 9 for every commune of the province (what may leave the unit: suppressed)
  const indicatorTimes: number[] = [];
  let communesWithData = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const rows = await registerCountsByUnit(db, scope.province, 2025);
    const perCommune = rows.map((r) => suppressIndicators(registerIndicators(r)));
    indicatorTimes.push(performance.now() - t);
    communesWithData = perCommune.length;
  }
  out(label, 'province_indicators_ms', Math.round(pct(indicatorTimes, 0.5)), 'ms');
  out(label, 'province_indicators_worst_ms', Math.round(Math.max(...indicatorTimes)), 'ms');
  out(label, 'province_indicators_communes', communesWithData, 'count');
  const overdueTimes: number[] = [];
  let overdue = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    overdue = (await overdueSteps(db, scope.province, new Date())).length;
    overdueTimes.push(performance.now() - t);
  }
  out(label, 'overdue_list_ms', Math.round(pct(overdueTimes, 0.5)), 'ms');
  out(label, 'overdue_steps', overdue, 'count');
}
class RolledBack extends Error {}

async function runPglite() {
  const size = Number(process.env.BENCH_REGISTER_PROVINCE ?? 600_000);
  const keepDir = process.env.BENCH_REGISTER_PGLITE_DIR;
  const dir = keepDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vitreem-bench-register-'));
  const label = `pglite.province_${sizeLabel(size)}`;
  const handle = await openDatabase({ dataDir: dir });
  try {
    await migrateToLatest(handle.db);
    const t0 = performance.now();
    const scope = await generate(handle.db, { total: size, provinceSize: size, national: false, budgetMs: Infinity });
    if (!scope) return;
    const ran = performance.now() - t0;
    out(label, 'load_s', round1((await stepsMs(handle.db, 'children:%')) / 1000), 's');
    out(label, 'load_with_indexes_s', round1((await stepsMs(handle.db, 'children:%') + (await stepsMs(handle.db, 'finish'))) / 1000), 's');
    out(label, 'load_this_run_s', round1(ran / 1000), `s${stepsRun === 0 ? ' (loaded by an earlier run: measured only)' : ''}`);
    await facts(handle.db, label, scope);
    await measure(handle.db, label, scope);
  } finally {
    await handle.close();
    if (!keepDir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function runPostgres() {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const total = Number(process.env.BENCH_REGISTER_NATIONAL ?? 25_000_000);
  const provinceSize = Math.min(Number(process.env.BENCH_REGISTER_PROVINCE ?? 600_000), total);
  const budgetMs = Number(process.env.BENCH_REGISTER_LOAD_BUDGET_MIN ?? Infinity) * 60_000;
  const label = `postgres.national_${sizeLabel(total)}`;
  const name = `vitreem_bench_register_${sizeLabel(total)}`;
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
  } catch (e) {
    out(label, 'skipped', 1, `(no server at ${url.replace(/:[^:@/]*@/, ':***@')}: ${(e as Error).message})`);
    return;
  }
  try {
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount! > 0;
    if (!exists) {
      // free disk where the server keeps its data (the same machine: loopback URL)
      const dataDir = (await admin.query('show data_directory').catch(() => ({ rows: [{ data_directory: '/' }] }))).rows[0].data_directory as string;
      const probe = fs.existsSync(dataDir) ? dataDir : '/';
      const st = fs.statfsSync(probe);
      const free = Number(st.bavail) * Number(st.bsize);
      const need = total * BYTES_PER_CHILD;
      out(label, 'disk_free_gb', round1(free / 1e9), `GB (${probe})`);
      out(label, 'disk_needed_gb', round1(need / 1e9), 'GB');
      if (free < need * 1.5 + 10e9) {
        out(label, 'skipped', 1, `(not enough free disk: ${round1(free / 1e9)} GB free, ${round1(need / 1e9)} GB needed + headroom; set BENCH_REGISTER_NATIONAL lower)`);
        return;
      }
      await admin.query(`create database ${name}`);
    } else console.error(`  continuing the national register in database ${name}`);
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    const handle = await openDatabase({ databaseUrl: dbUrl.toString(), poolSize: 2 });
    let complete = false;
    try {
      await migrateToLatest(handle.db);
      const t0 = performance.now();
      const scope = await generate(handle.db, { total, provinceSize, national: true, budgetMs });
      const ran = performance.now() - t0;
      if (!scope) {
        const loaded = await stepsMs(handle.db, 'children:%');
        const chunks = Number((await sql<{ n: number }>`select count(*)::int as n from bench_progress where step like 'children:%'`.execute(handle.db)).rows[0].n);
        out(label, 'load_incomplete_children', Math.min(total, chunks * CHUNK), 'count');
        out(label, 'load_so_far_s', round1(loaded / 1000), 's');
        out(label, 'load_this_run_s', round1(ran / 1000), 's (time budget reached: run again to continue)');
        return;
      }
      out(label, 'load_s', round1((await stepsMs(handle.db, 'children:%')) / 1000), 's');
      out(label, 'load_with_indexes_s', round1((await stepsMs(handle.db, 'children:%') + (await stepsMs(handle.db, 'finish'))) / 1000), 's');
      out(label, 'load_total_s', round1((await stepsMs(handle.db, '%')) / 1000), 's');
      out(label, 'load_this_run_s', round1(ran / 1000), `s${stepsRun === 0 ? ' (loaded by an earlier run: measured only)' : stepsSkipped > 0 ? ' (resumed)' : ''}`);
      await facts(handle.db, label, scope);
      await measure(handle.db, label, scope);
      complete = true;
    } finally {
      await handle.close();
      if (complete && !process.env.BENCH_REGISTER_KEEP) await admin.query(`drop database if exists ${name} with (force)`);
      else if (complete) console.error(`  kept database ${name} (BENCH_REGISTER_KEEP); drop it with: drop database ${name}`);
    }
  } finally {
    await admin.end();
  }
}

const which = process.argv[2];
const t0 = performance.now();
if (which !== 'postgres') await runPglite();
if (which !== 'pglite' && !process.env.BENCH_REGISTER_SKIP_PG) await runPostgres();
console.log(`register.bench.duration_s: ${round1((performance.now() - t0) / 1000)} s`);
console.log(`register.bench.load_average: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (1/5/15 min, ${os.cpus().length} cores)`);
