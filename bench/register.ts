/**
 * npm run bench:register — the children's register at scale.
 *
 *   PGlite:      one province of BENCH_REGISTER_PROVINCE children (default 600,000) in ~120 communes,
 *                1 in 40 in special circumstances (15,000), 2,000 open cases.
 *   PostgreSQL:  the same province inside a national register of BENCH_REGISTER_NATIONAL children
 *                (default 5,000,000 on this 2-CPU machine: 25,000,000 does not fit in ~5 minutes;
 *                set BENCH_REGISTER_NATIONAL=25000000 on a bigger server), in its own database
 *                created and dropped (DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres).
 *                BENCH_REGISTER_SKIP_PG=1 skips it.
 *
 * Data is generated inside the database (insert … select generate_series) from a vocabulary of
 * 6,000 Vietnamese names whose ciphertexts and blind indexes the application computed with the
 * real key, so search and decryption run exactly as in production. The audit trigger is off
 * during generation (it stands for years of registrations); the application path (CSV rows
 * validated, encrypted, inserted with the triggers on) is timed separately on 5,000 rows.
 *
 * Prints `register.<db>.<metric>: value unit` lines.
 */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';

process.env.VITREEM_DATA_KEY ??= randomBytes(32).toString('hex');

const { openDatabase } = await import('../src/storage/database.ts');
const { migrateToLatest } = await import('../src/storage/migrate.ts');
const { childRow, searchChildren, registerCountsByUnit } = await import('../src/storage/register.ts');
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

const out = (db: string, metric: string, value: number | string, unit: string) => console.log(`register.${db}.${metric}: ${value} ${unit}`);
const ms = (t0: number) => Math.round(performance.now() - t0);
const p95 = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return Math.round(s[Math.floor(s.length * 0.95)] * 10) / 10; };

async function generate(db: Kysely<Database>, label: string, total: number, provinceSize: number) {
  const provinces = provinceSize >= total ? 1 : 34;
  const communesPerProvince = 120;
  // units: the bench province first
  await sql`insert into admin_unit (code, name, level, parent_id) select 'BP' || p, 'Tỉnh ' || p, 'province', null from generate_series(1, ${provinces}) p`.execute(db);
  await sql`insert into admin_unit (code, name, level, parent_id)
    select 'BX' || p || '-' || c, 'Xã ' || p || '-' || c, 'commune', (select id from admin_unit where code = 'BP' || p and level = 'province')
    from generate_series(1, ${provinces}) p, generate_series(1, ${communesPerProvince}) c`.execute(db);
  const province = (await sql<{ id: number }>`select id from admin_unit where code = 'BP1' and level = 'province'`.execute(db)).rows[0].id;
  const communeRows = (await sql<{ id: number; p: number }>`select a.id, split_part(substring(a.code from 3), '-', 1)::int as p from admin_unit a where a.code like 'BX%' order by a.id`.execute(db)).rows;
  const firstCommune = communeRows[0].id;
  // the name vocabulary, encrypted and blind-indexed by the application
  await sql`create temporary table bench_name (i int primary key, pii text not null, name_index text[] not null)`.execute(db);
  for (let i = 0; i < NAMES.length; i += 500) {
    const batch = NAMES.slice(i, i + 500).map((name, k) => {
      const row = childRow({ fullName: name, birthDate: '2015-06-15', address: `Thôn ${k % 9 + 1}`, caregivers: [{ name: 'Cha mẹ', relation: 'cha mẹ' }] }, { unitId: firstCommune, sex: 'unknown' });
      return sql`(${i + k}, ${row.pii}, ${sql.val(row.name_index)}::text[])`;
    });
    await sql`insert into bench_name (i, pii, name_index) values ${sql.join(batch)}`.execute(db);
  }
  await sql`alter table child disable trigger audit_row`.execute(db);
  await sql`alter table child disable trigger child_count_row`.execute(db);
  await sql`alter table child_residence disable trigger audit_row`.execute(db);
  await sql`alter table child_circumstance disable trigger audit_row`.execute(db);
  await sql`alter table child_support disable trigger audit_row`.execute(db);
  await sql`alter table child_case disable trigger audit_row`.execute(db);
  await sql`alter table case_step disable trigger audit_row`.execute(db);
  const names = NAMES.length;
  const t0 = performance.now();
  // bulk load: the name index is rebuilt once at the end (counted in the import time)
  await sql`drop index child_name_index`.execute(db);
  const chunk = 250_000;
  for (let start = 1; start <= total; start += chunk) {
    const end = Math.min(total, start + chunk - 1);
    // rows 1..provinceSize go to the bench province's communes, the rest to the other provinces
    await sql`insert into child (unit_id, pii, name_index, sex, birth_year, birth_month, ethnicity, poverty_status, disability, schooling, health_insurance, registered_on)
      select case when g <= ${sql.lit(provinceSize)} then ${sql.lit(firstCommune)} + (g % ${sql.lit(communesPerProvince)})
                  else ${sql.lit(firstCommune + communesPerProvince)} + (g % ${sql.lit(Math.max(1, communeRows.length - communesPerProvince))}) end,
             n.pii, n.name_index, case when g % 2 = 0 then 'male' else 'female' end,
             2010 + (g % 16), 1 + (g % 12), case when g % 7 = 0 then 'Thái' else 'Kinh' end,
             case when g % 11 = 0 then 'poor' when g % 13 = 0 then 'near_poor' else 'none' end,
             g % 60 = 0, 'primary', g % 20 <> 0, date '2025-01-01'
      from generate_series(${sql.lit(start)}::int, ${sql.lit(end)}::int) g join bench_name n on n.i = (g::bigint * 7919) % ${sql.lit(names)}`.execute(db);
  }
  await sql`insert into child_residence (child_id, unit_id, from_date) select id, unit_id, registered_on from child`.execute(db);
  await sql`select child_count_refresh()`.execute(db);
  await sql`alter table child enable trigger child_count_row`.execute(db);
  await db.transaction().execute(async (trx) => {
    await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
    await sql`create index child_name_index on child using gin (name_index)`.execute(trx);
  });
  const importMs = ms(t0);
  // special circumstances: 1 in 40 (15,000 of 600,000), 90 % supported in 2025; at risk: 1 in 120
  await sql`insert into child_circumstance (child_id, group_code, start_date)
    select id, (${sql.val(GROUPS)}::text[])[1 + (id / 40) % 14], date '2024-01-01' + ((id % 700) || ' days')::interval from child where id % 40 = 0`.execute(db);
  await sql`insert into child_circumstance (child_id, group_code, start_date) select id, 'risk_violence', date '2025-02-01' from child where id % 120 = 7`.execute(db);
  await sql`insert into child_support (child_id, kind, support_date) select child_id, 'assistance', date '2025-06-01' from child_circumstance where child_id % 400 <> 0 and group_code <> 'risk_violence'`.execute(db);
  // 2,000 open cases in the province, received over the last 30 days; about a third not yet assessed
  await sql`insert into child_case (child_id, unit_id, source, received_at, status)
    select id, unit_id, 'hotline_111', now() - ((id % 720) || ' hours')::interval, 'open'
    from child where id % 300 = 11 and unit_id between ${sql.lit(firstCommune)} and ${sql.lit(firstCommune + communesPerProvince - 1)} order by id limit 2000`.execute(db);
  await sql`insert into case_step (case_id, step, position, due_at, done_at)
    select c.id, s.step, s.pos,
           case when s.step = 'assess' then c.received_at + interval '12 hours' when s.step = 'plan' then c.received_at + interval '7 days' end,
           case when s.step = 'receive' then c.received_at when s.step = 'assess' and c.id % 3 <> 0 then c.received_at + interval '6 hours' end
    from child_case c, (values ('receive', 0), ('assess', 1), ('plan', 2), ('implement', 3), ('follow_up', 4), ('review', 5), ('close', 6)) s(step, pos)`.execute(db);
  for (const t of ['child', 'child_residence', 'child_circumstance', 'child_support', 'child_case', 'case_step']) await sql`alter table ${sql.table(t)} enable trigger audit_row`.execute(db);
  // what autovacuum does after a bulk load on PostgreSQL (PGlite has none: run it after big imports)
  await sql`vacuum analyze`.execute(db);
  const count = (await sql<{ n: number }>`select count(*)::int as n from child`.execute(db)).rows[0].n;
  const inProvince = (await sql<{ n: number }>`select count(*)::int as n from child where unit_id between ${sql.lit(firstCommune)} and ${sql.lit(firstCommune + communesPerProvince - 1)}`.execute(db)).rows[0].n;
  out(label, 'children', count, 'count');
  out(label, 'province_children', inProvince, 'count');
  out(label, 'import_ms', importMs, 'ms');
  out(label, 'import_rate', Math.round(count / (importMs / 1000)), 'children/s');
  return { province, communes: communeRows.filter((c) => c.p === 1).map((c) => c.id) };
}

async function measure(db: Kysely<Database>, label: string, scope: { province: number; communes: number[] }) {
  // the application path: CSV rows validated, encrypted, blind-indexed, inserted with the audit triggers on
  const csv = [['Họ và tên', 'Ngày sinh', 'Giới tính', 'Số định danh'], ...Array.from({ length: 5000 }, (_, i) => [NAMES[(i * 31) % NAMES.length], `0${1 + (i % 9)}/0${1 + (i % 9)}/${2011 + (i % 13)}`, i % 2 ? 'Nam' : 'Nữ', String(900000000000 + i)])];
  const t1 = performance.now();
  const { children, errors } = validateImport(csv, '2025-03-01');
  if (errors.length) throw new Error(`bench CSV invalid: ${errors[0].en}`);
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < children.length; i += 500) {
      await trx.insertInto('child').values(children.slice(i, i + 500).map((c) => childRow({ fullName: c.fullName, birthDate: c.birthDate, idNumber: c.idNumber }, { unitId: scope.communes[0], sex: c.sex, registeredOn: '2025-03-01' }))).execute();
    }
  });
  out(label, 'csv_import_rows_per_s', Math.round(5000 / ((performance.now() - t1) / 1000)), 'rows/s');

  const queries = Array.from({ length: 120 }, (_, i) => NAMES[(i * 53 + 7) % NAMES.length]);
  const partial = (n: string) => n.split(' ').slice(0, 2).join(' ') + ' ' + n.split(' ')[2].slice(0, 2);
  for (const [metric, make] of [['search_p95_ms', (n: string) => n], ['search_folded_p95_ms', (n: string) => foldVietnamese(n)], ['search_prefix_p95_ms', (n: string) => foldVietnamese(partial(n))]] as const) {
    const times: number[] = [];
    let found = 0;
    for (const q of queries) {
      const t = performance.now();
      const r = await searchChildren(db, scope.communes, make(q), 50);
      times.push(performance.now() - t);
      found += r.length;
    }
    out(label, metric, p95(times), 'ms');
    if (metric === 'search_p95_ms') out(label, 'search_avg_hits', Math.round(found / queries.length), 'children');
  }
  if (process.env.BENCH_REGISTER_EXPLAIN) {
    const { registerCountsSql } = await import('../src/storage/register.ts');
    const plan = await db.transaction().execute(async (trx) => { await sql`select set_config('jit', 'off', true)`.execute(trx); return sql.raw(`explain (analyze, buffers) ${registerCountsSql(scope.province, 2025)}`).execute(trx); });
    console.error((plan.rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n'));
  }
  const indicatorTimes: number[] = [];
  let communesWithData = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const rows = await registerCountsByUnit(db, scope.province, 2025);
    const perCommune = rows.map((r) => suppressIndicators(registerIndicators(r)));
    indicatorTimes.push(performance.now() - t);
    communesWithData = perCommune.length;
  }
  out(label, 'province_indicators_ms', Math.round(Math.min(...indicatorTimes)), 'ms');
  out(label, 'province_indicators_communes', communesWithData, 'count');
  const overdueTimes: number[] = [];
  let overdue = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    overdue = (await overdueSteps(db, scope.province, new Date())).length;
    overdueTimes.push(performance.now() - t);
  }
  out(label, 'overdue_list_ms', Math.round(Math.min(...overdueTimes)), 'ms');
  out(label, 'overdue_steps', overdue, 'count');
}

async function runPglite() {
  const size = Number(process.env.BENCH_REGISTER_PROVINCE ?? 600_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitreem-bench-register-'));
  const handle = await openDatabase({ dataDir: dir });
  try {
    await migrateToLatest(handle.db);
    const scope = await generate(handle.db, 'pglite', size, size);
    await measure(handle.db, 'pglite', scope);
  } finally {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function runPostgres() {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const total = Number(process.env.BENCH_REGISTER_NATIONAL ?? 5_000_000);
  const province = Number(process.env.BENCH_REGISTER_PROVINCE ?? 600_000);
  const name = `vitreem_bench_register_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
  } catch (e) {
    console.log(`register.postgres.skipped: 1 (no server at ${url.replace(/:[^:@/]*@/, ':***@')}: ${(e as Error).message})`);
    return;
  }
  await admin.query(`create database ${name}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: dbUrl.toString(), poolSize: 4 });
  try {
    await migrateToLatest(handle.db);
    const scope = await generate(handle.db, 'postgres', total, Math.min(province, total));
    await measure(handle.db, 'postgres', scope);
  } finally {
    await handle.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const which = process.argv[2];
if (which !== 'postgres') await runPglite();
if (which !== 'pglite' && !process.env.BENCH_REGISTER_SKIP_PG) await runPostgres();
