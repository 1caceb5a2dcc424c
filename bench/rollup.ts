/**
 * Roll-up benchmark (issue #4): a synthetic country — 34 provinces, 3,321 communes, the 24 national
 * indicators with all 34 measures, 10 years, a total plus four disaggregations (sex, area, ethnicity,
 * age group: 8 categories) — about ten million stored values a series; with the sub-annual series
 * (BENCH_SUBPERIODS, default Quarterly: the year and its four quarters, 5×) about fifty million — on
 * PostgreSQL and (scaled down) on the embedded PGlite. Prints `name: value unit` lines.
 *
 *   npm run bench:rollup                      # both databases
 *   BENCH_DB=postgres npm run bench:rollup    # only one
 *   BENCH_KEEP=1 BENCH_DB=postgres npm run bench:rollup   # keeps vitreem_bench_keep; run again to measure it without rebuilding
 *   BENCH_PGLITE_COMMUNES=166 BENCH_COMMUNES=3321 BENCH_YEARS=10 BENCH_SAMPLES=100 BENCH_SUBPERIODS=Quarterly
 * The machine's load average is printed at the start and the end: figures from a shared machine
 * are only comparable under similar load.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../src/storage/database.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import { seedBaseData } from '../src/storage/seed/index.ts';
import type { Database } from '../src/storage/schema.ts';
import { recomputeAggregates, runAction } from '../src/storage/reporting.ts';
import { unitDashboard, childTable } from '../src/storage/dashboard.ts';
import { systemTransaction } from '../src/api/transaction.ts';
import { periodsOfYear } from '../src/domain/period.ts';
import { KIND_OF_TYPE } from '../src/domain/reporting/periods.ts';

const YEARS = Number(process.env.BENCH_YEARS ?? 10);
/** sub-annual series beside the yearly one: SixMonthly | Quarterly | Monthly | none */
const SUBPERIODS = (process.env.BENCH_SUBPERIODS ?? 'Quarterly') as 'SixMonthly' | 'Quarterly' | 'Monthly' | 'none';
const FIRST_YEAR = 2021;
/** idempotency keys of this run's submissions (a kept database is measured again by later runs) */
const RUN = randomBytes(4).toString('hex');
const KEYS = ['', 'sex:male', 'sex:female', 'area:urban', 'area:rural', 'ethnicity:minority', 'ethnicity:majority', 'age_group:0_5', 'age_group:6_10'];
/** samples per percentile (30 gave a p95 that was the second-worst value: one hiccup of a shared machine moved it) */
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 100);

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const out = (name: string, value: number | string, unit: string) => console.log(`${name}: ${typeof value === 'number' ? (Number.isInteger(value) ? value : value.toFixed(1)) : value} ${unit}`);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await work();
  return [r, performance.now() - t0];
}

async function build(db: Kysely<Database>, communes: number): Promise<{ nation: number; province: number }> {
  const nation = (await db.selectFrom('admin_unit').select('id').where('level', '=', 'nation').executeTakeFirstOrThrow()).id;
  const provinces = await sql<{ id: number }>`select id from admin_unit where level = 'province' and valid_to is null order by code`.execute(db);
  const ids = provinces.rows.map((p) => p.id);
  if (ids.length !== 34) throw new Error(`expected 34 current provinces, found ${ids.length}`);
  await sql`insert into admin_unit (code, name, level, parent_id)
    select 'B' || g, 'Xã ' || g, 'commune', (${sql.raw(`array[${ids.join(',')}]`)})[1 + (g % 34)] from generate_series(1, ${communes}::int) g`.execute(db);
  const plan = (await db.selectFrom('plan').select('id').where('level', '=', 'national').executeTakeFirstOrThrow()).id;
  // the year's report and, with BENCH_SUBPERIODS (default Quarterly: 1 + 4 = 5× the yearly values), every sub-period of each year
  const periods: { year: number; kind: string; code: string; start: string; end: string }[] = [];
  for (let y = FIRST_YEAR; y < FIRST_YEAR + YEARS; y++) {
    periods.push({ year: y, kind: 'annual', code: String(y), start: `${y}-01-01`, end: `${y}-12-31` });
    if (SUBPERIODS !== 'none') for (const p of periodsOfYear(SUBPERIODS, y)) periods.push({ year: y, kind: KIND_OF_TYPE[SUBPERIODS], code: p.code, start: p.start, end: p.end });
  }
  await sql`insert into reporting_period (plan_id, year, kind, period, start_date, end_date)
    select ${plan}::int, x.year, x.kind, x.code, x.start, x."end" from jsonb_to_recordset(${JSON.stringify(periods)}::jsonb) as x(year int, kind text, code text, start date, "end" date)`.execute(db);
  await sql`insert into obligation (period_id, plan_id, year, kind, period, period_start, period_end, unit_id, recipient_unit_id, due_date, role, status, submitted_at, first_submitted_at, on_time)
    select p.id, p.plan_id, p.year, p.kind, p.period, p.start_date, p.end_date, u.id, u.parent_id, least(p.end_date, make_date(p.year, 11, 20)), 'data', 'submitted', p.end_date - 5, p.end_date - 5, true
    from reporting_period p cross join admin_unit u where u.code like 'B%' and u.level = 'commune'`.execute(db);
  await sql`insert into obligation_measure (obligation_id, measure_id, feeds) select o.id, m.id, true from obligation o cross join measure m join indicator i on i.id = m.indicator_id and i.scope_plan_id is null`.execute(db);
  return { nation, province: ids[0] };
}

/** ~1M values per year, generated inside the database. */
async function loadValues(db: Kysely<Database>, year: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx); // bulk load: no audit rows, no FK re-checks
    await sql`insert into data_value (obligation_id, measure_id, disagg_key, numerator, denominator, value)
      select o.id, m.id, k.key,
        case when m.unit = 'count' then null else (d.den * ((o.unit_id * 7 + m.id * 13 + ${year}::int) % 40 + 1) / 100) / d.part end,
        case when m.unit = 'count' then null else d.den / d.part end,
        case when m.unit = 'count' then ((o.unit_id + ${year}::int) % 6) * 2 / d.part else null end
      from obligation o
      join obligation_measure om on om.obligation_id = o.id
      join measure m on m.id = om.measure_id
      cross join (select unnest(${sql.raw(`array[${KEYS.map((k) => `'${k}'`).join(',')}]`)}) as key) k
      cross join lateral (select (1000 + (o.unit_id * 31 + m.id) % 1000) * 2 as den, case when k.key = '' then 1 else 2 end as part) d
      where o.year = ${year}
      order by o.id, m.id, k.key`.execute(trx); // a report's values side by side, as a save writes them
  });
}

async function run(kind: 'pglite' | 'postgres', communes: number): Promise<void> {
  let handle: DatabaseHandle;
  let reused = false;
  let drop = async () => {};
  if (kind === 'postgres') {
    const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = process.env.BENCH_KEEP ? 'vitreem_bench_keep' : `vitreem_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    // BENCH_KEEP=1 keeps the database; a second BENCH_KEEP=1 run measures it again without rebuilding
    // (build under load, measure on a quiet machine)
    reused = Boolean(process.env.BENCH_KEEP) && (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
    if (!reused) await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    handle = await openDatabase({ databaseUrl: u.toString() });
    drop = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    handle = await openDatabase({ dataDir: 'memory://' });
  }
  const db = handle.db;
  try {
    peakRss = process.memoryUsage().rss;
    let nation: number;
    let province: number;
    let loadMs = 0;
    if (reused) {
      nation = (await db.selectFrom('admin_unit').select('id').where('level', '=', 'nation').executeTakeFirstOrThrow()).id;
      province = (await sql<{ id: number }>`select id from admin_unit where level = 'province' and valid_to is null order by code limit 1`.execute(db)).rows[0].id;
      communes = Number((await sql<{ n: number }>`select count(*)::int as n from admin_unit where code like 'B%' and level = 'commune'`.execute(db)).rows[0].n);
    } else {
      await migrateToLatest(db);
      await seedBaseData(db);
      const [built, buildMs] = await timed(() => build(db, communes));
      ({ nation, province } = built);
      loadMs = buildMs;
      // bulk load: build the value indexes once at the end rather than row by row
      await sql`alter table data_value drop constraint data_value_obligation_id_measure_id_disagg_key_key, drop constraint data_value_pkey`.execute(db);
      for (let y = FIRST_YEAR; y < FIRST_YEAR + YEARS; y++) loadMs += (await timed(() => loadValues(db, y)))[1];
      loadMs += (await timed(() => sql`alter table data_value add primary key (id), add unique (obligation_id, measure_id, disagg_key)`.execute(db)))[1];
      for (let y = FIRST_YEAR; y < FIRST_YEAR + YEARS; y++) loadMs += (await timed(() => recomputeAggregates(db, y)))[1];
      if (kind === 'postgres') await sql`analyze`.execute(db);
    }
    const stored = Number((await sql<{ n: string }>`select count(*) as n from data_value`.execute(db)).rows[0].n);
    out(`${kind}.communes`, communes, 'count');
    out(`${kind}.values_stored`, stored, 'count');
    out(`${kind}.load_s`, reused ? 'reused_kept_database' : (loadMs / 1000).toFixed(1), reused ? '(not rebuilt)' : 's');

    const year = FIRST_YEAR + 4; // 2025
    const [, recomputeMs] = await timed(() => recomputeAggregates(db, year));
    out(`${kind}.full_recompute_one_year_ms`, recomputeMs, 'ms');

    // one commune's submission → national figures updated (a commune report reverted to draft, then submitted)
    const lastYear = FIRST_YEAR + YEARS - 1;
    const sample = (await sql<{ id: number }>`select id from obligation where year = ${lastYear} and kind = 'annual' order by id limit ${SAMPLES}`.execute(db)).rows.map((r) => r.id);
    const m = (await db.selectFrom('measure').select('id').where('code', '=', '3a').executeTakeFirstOrThrow()).id;
    for (const id of sample) await systemTransaction(db, 'bench', (trx) => runAction(trx, id, 'return', { id: null, name: 'bench' }, { reason: 'bench' }));
    const national = async () => Number((await db.selectFrom('aggregate_value').select('reporting_count').where('unit_id', '=', nation).where('measure_id', '=', m).where('year', '=', lastYear).where('disagg_key', '=', '').executeTakeFirstOrThrow()).reporting_count);
    const submitMs: number[] = [];
    for (const id of sample) {
      const before = await national();
      const t0 = performance.now();
      await systemTransaction(db, 'bench', (trx) => runAction(trx, id, 'submit', { id: null, name: 'bench' }, { idempotencyKey: `bench-${RUN}-${id}` }));
      const after = await national();
      submitMs.push(performance.now() - t0);
      if (after !== before + 1) throw new Error(`national figure not updated: ${before} → ${after}`);
    }
    out(`${kind}.submit_to_national_ms.p50`, pct(submitMs, 50), 'ms');
    out(`${kind}.submit_to_national_ms.p95`, pct(submitMs, 95), 'ms');

    // the same for a sub-period's report (its live sums per period, aggregate_period_value)
    if (SUBPERIODS !== 'none') {
      const subSample = (await sql<{ id: number; period: string }>`select id, period from obligation where year = ${lastYear} and kind <> 'annual' order by id limit ${SAMPLES}`.execute(db)).rows;
      for (const o of subSample) await systemTransaction(db, 'bench', (trx) => runAction(trx, o.id, 'return', { id: null, name: 'bench' }, { reason: 'bench' }));
      const nationalPeriod = async (period: string) => Number((await db.selectFrom('aggregate_period_value').select('reporting_count').where('unit_id', '=', nation).where('measure_id', '=', m).where('period', '=', period).where('disagg_key', '=', '').executeTakeFirstOrThrow()).reporting_count);
      const subMs: number[] = [];
      for (const o of subSample) {
        const before = await nationalPeriod(o.period);
        const t0 = performance.now();
        await systemTransaction(db, 'bench', (trx) => runAction(trx, o.id, 'submit', { id: null, name: 'bench' }, { idempotencyKey: `bench-${RUN}-${o.id}` }));
        const after = await nationalPeriod(o.period);
        subMs.push(performance.now() - t0);
        if (after !== before + 1) throw new Error(`national figure of ${o.period} not updated: ${before} → ${after}`);
      }
      out(`${kind}.subperiod_submit_to_national_ms.p50`, pct(subMs, 50), 'ms');
      out(`${kind}.subperiod_submit_to_national_ms.p95`, pct(subMs, 95), 'ms');
    }

    const dash: number[] = [];
    const table: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      dash.push((await timed(() => unitDashboard(db, nation, year)))[1]);
      table.push((await timed(() => childTable(db, province, m, year)))[1]);
    }
    out(`${kind}.subperiods`, SUBPERIODS, '(type)');
    out(`${kind}.national_dashboard_ms.p50`, pct(dash, 50), 'ms');
    out(`${kind}.national_dashboard_ms.p95`, pct(dash, 95), 'ms');
    out(`${kind}.province_communes_table_ms.p50`, pct(table, 50), 'ms');
    out(`${kind}.province_communes_table_ms.p95`, pct(table, 95), 'ms');

    // the same national figures computed naively from raw values, as a batch analytics job would
    const [, naiveMs] = await timed(() => sql`
      select o.year, dv.measure_id, dv.disagg_key, sum(coalesce(dv.numerator, dv.value)) as num, sum(dv.denominator) as den, count(*) as n
      from data_value dv join obligation o on o.id = dv.obligation_id
      where o.status in ('submitted','approved') and not dv.unknown
      group by o.year, dv.measure_id, dv.disagg_key`.execute(db));
    out(`${kind}.naive_national_groupby_ms`, naiveMs, 'ms');
    out(`${kind}.naive_vs_live_dashboard_ratio`, naiveMs / Math.max(0.001, pct(dash, 50)), 'x');
    out(`${kind}.peak_rss_mb`, peakRss / 1024 / 1024, 'MB');
    if (kind === 'postgres') out(`${kind}.note`, 'peak_rss_is_the_node_process_only', '(server memory not counted)');
  } finally {
    await handle.close();
    if (process.env.BENCH_KEEP) console.error(`kept database for inspection`);
    else await drop();
  }
}

const loadavg = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
out('machine.cpus', os.cpus().length, 'count');
out('machine.loadavg_at_start', loadavg(), '(1, 5, 15 min)');
const which = process.env.BENCH_DB ?? 'both';
const started = performance.now();
if (which === 'both' || which === 'postgres') await run('postgres', Number(process.env.BENCH_COMMUNES ?? 3321));
if (which === 'both' || which === 'pglite') await run('pglite', Number(process.env.BENCH_PGLITE_COMMUNES ?? 166));
out('bench.total_s', (performance.now() - started) / 1000, 's');
out('machine.loadavg_at_end', loadavg(), '(1, 5, 15 min)');
clearInterval(sampler);
