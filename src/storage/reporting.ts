/**
 * Reporting storage: obligations, draft values with history, the workflow, and the LIVE aggregates.
 * Every submission, return and reopening applies the report's delta to aggregate_value for each
 * ancestor of the reporting unit, in the same transaction (a handful of rows per value, whatever the
 * country's size). A reporting (leaf) unit's own figures are its values themselves: they are read from
 * data_value, never copied into aggregate_value (that would double the table for nothing).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import './schema-reporting.ts';
import { deriveObligations, periodsForYear, type ObligationKind, type RuleInput } from '../domain/reporting/obligations.ts';
import { checkPeriod, dueDateOf, KIND_OF_TYPE, periodLabel, periodsOfRule, reportingPeriod, SUB_ANNUAL_KINDS, type ReportingPeriod, type ReportingPeriodType } from '../domain/reporting/periods.ts';
import { deadlineState, submissionOnTime, vnDay } from '../domain/reporting/timeliness.ts';
import { transition, editable, type ObligationStatus, type WorkflowAction } from '../domain/reporting/workflow.ts';
import { validateValue, validateReport, isEmpty, type CleanValue, type Issue, type MeasureInfo, type ValueInput } from '../domain/reporting/validation.ts';
import { ReportingError } from '../domain/reporting/errors.ts';
import { valueOf } from '../domain/reporting/aggregation.ts';
import { DERIVED_MEASURES } from '../domain/reporting/indicator1.ts';
import type { Disaggregation, MeasureUnit } from '../domain/model.ts';
import { onReportAction } from './notifications.ts';

type Db = Kysely<Database>;

/** A number whatever the driver returns for numeric/int8 (PGlite gives strings). */
export function num(x: unknown): number | null {
  return x === null || x === undefined ? null : Number(x);
}
export const n0 = (x: unknown): number => (x === null || x === undefined ? 0 : Number(x));
/** Rows of a json_agg column whatever the driver returns for json (PGlite may give the text). */
export const jsonRows = <T>(x: unknown): T[] => (x === null || x === undefined ? [] : typeof x === 'string' ? (JSON.parse(x) as T[]) : (x as T[]));

/** 'YYYY-MM-DD' whatever the driver returns for a date column. */
export function day(x: string | Date): string;
export function day(x: string | Date | null): string | null;
export function day(x: string | Date | null): string | null {
  if (x === null) return null;
  if (x instanceof Date) return `${x.getUTCFullYear()}-${String(x.getUTCMonth() + 1).padStart(2, '0')}-${String(x.getUTCDate()).padStart(2, '0')}`;
  return String(x).slice(0, 10);
}
export interface ActorRef {
  id: number | null;
  name: string;
}

const RATIO_UNITS = sql`('percent','per_1000','per_10000','per_100000')`;
/** (unit_id, ancestor_id) for every unit, itself and each of its ancestors up to four levels above, as plain joins. */
const CLOSURE_SELF = sql`(
  select u.id as unit_id, a.ancestor_id from admin_unit u
  left join admin_unit p1 on p1.id = u.parent_id
  left join admin_unit p2 on p2.id = p1.parent_id
  left join admin_unit p3 on p3.id = p2.parent_id
  left join admin_unit p4 on p4.id = p3.parent_id
  cross join lateral (values (u.id), (p1.id), (p2.id), (p3.id), (p4.id)) as a(ancestor_id)
  where a.ancestor_id is not null)`;

// ───────────────────────────── obligations ─────────────────────────────

export interface GenerateResult {
  planId: number;
  year: number;
  periods: { id: number; kind: ObligationKind; period: string; label: string }[];
  created: number;
  existing: number;
}

/**
 * Generates the reports of a plan for a year: the year's report and reviews, and every sub-annual period its
 * rules ask for (six months, quarters, months: src/domain/reporting/periods.ts); or only `onlyPeriod` (a DHIS2
 * code), refused when the plan's rules do not ask for it. Idempotent.
 */
export async function generateObligations(db: Db, planId: number, year: number, onlyPeriod?: string): Promise<GenerateResult> {
  const plan = await db.selectFrom('plan').selectAll().where('id', '=', planId).executeTakeFirst();
  if (!plan) throw new ReportingError(404, 'not_found', 'Không tìm thấy kế hoạch.', 'Plan not found.');
  if (plan.issuer_unit_id === null)
    throw new ReportingError(400, 'plan_without_unit', 'Kế hoạch chưa gắn với đơn vị hành chính ban hành nên chưa xác định được ai báo cáo.', 'The plan has no issuing administrative unit, so reporters cannot be derived.');
  const reviews = await db.selectFrom('plan_review').select(['kind', 'year']).where('plan_id', '=', planId).execute();
  const planInput = { id: plan.id, issuerUnitId: plan.issuer_unit_id, periodFrom: plan.period_from, periodTo: plan.period_to, reviews: reviews.map((r) => ({ kind: r.kind as 'midterm' | 'final', year: r.year })) };
  const kinds = periodsForYear(planInput, year);
  if (kinds.length === 0)
    throw new ReportingError(400, 'year_outside_plan', `Năm ${year} nằm ngoài giai đoạn của kế hoạch.`, `Year ${year} is outside the plan's period.`, undefined, ['year']);

  const ruleRows = await db.selectFrom('reporting_rule').selectAll().where('plan_id', '=', planId).orderBy('position').execute();
  // measures vitreem computes itself (indicator 1, from the recognitions) are never asked for in a report
  const measureRows = (await db.selectFrom('plan_indicator as pi').innerJoin('measure as m', 'm.indicator_id', 'pi.indicator_id').innerJoin('indicator as i', 'i.id', 'pi.indicator_id').select(['pi.id as pi', 'm.id as m', 'm.code', 'i.code as indicator_code', 'pi.number', 'i.scope_plan_id']).where('pi.plan_id', '=', planId).orderBy('pi.position').orderBy('m.position').execute())
    .filter((r) => r.scope_plan_id !== null || !(r.code in DERIVED_MEASURES));
  const measures = measureRows.map((r) => ({ planIndicatorId: r.pi, measureId: r.m }));
  const measuresOf = (codes: unknown): Set<number> | undefined => {
    const list = jsonRows<string>(codes).map(String);
    return list.length ? new Set(measureRows.filter((r) => list.includes(r.indicator_code) || (r.number !== null && list.includes(r.number)) || list.includes(r.code)).map((r) => r.m)) : undefined;
  };
  const ruleBase = (r: (typeof ruleRows)[number]): RuleInput => ({ reporterKind: r.reporter_kind as RuleInput['reporterKind'], reporterAgencyId: r.reporter_agency_id, recipientUnitId: r.recipient_unit_id, recipientAgencyId: r.recipient_agency_id, dueDay: r.due_day, dueMonth: r.due_month, dueYear: r.due_year, recurrence: r.recurrence as 'yearly' | 'once', measureIds: measuresOf(r.indicator_codes) });
  // rules without a date ("định kỳ") cannot make reports: as before, only dated rules count
  const yearlyRules = ruleRows.filter((r) => r.period_type === 'Yearly').map(ruleBase);
  const subRules = ruleRows.filter((r) => r.period_type !== 'Yearly' && r.due_day !== null).map((r) => ({ row: r, rule: { periodType: r.period_type as ReportingPeriodType, dueDay: r.due_day, dueMonth: r.due_month, dueMonthOffset: r.due_month_offset } }));

  // what to generate: [kind, period, the rules of that period]
  type Job = { kind: ObligationKind; period: ReportingPeriod; rules: RuleInput[] };
  const yearPeriod = reportingPeriod(String(year))!;
  const jobs: Job[] = [];
  const wanted = onlyPeriod?.trim();
  if (wanted !== undefined) {
    const check = checkPeriod(wanted, subRules.map((x) => x.rule));
    if (!check.ok) throw new ReportingError(400, 'period_not_in_rules', check.vi, check.en, { period: wanted }, ['period']);
    if (check.period.year !== year) throw new ReportingError(400, 'period_outside_year', `Kỳ ${wanted} không thuộc năm ${year}.`, `Period ${wanted} is not in year ${year}.`, undefined, ['period']);
  }
  if (wanted === undefined || wanted === String(year)) for (const kind of kinds) jobs.push({ kind, period: yearPeriod, rules: yearlyRules });
  const byPeriod = new Map<string, Job>();
  for (const { row, rule } of subRules) {
    for (const p of periodsOfRule(rule, year)) {
      if (wanted !== undefined && p.code !== wanted) continue;
      const due = dueDateOf(rule, p);
      const job = byPeriod.get(p.code) ?? { kind: KIND_OF_TYPE[p.type] as ObligationKind, period: p, rules: [] };
      job.rules.push({ ...ruleBase(row), dueDay: Number(due.slice(8, 10)), dueMonth: Number(due.slice(5, 7)), dueYear: Number(due.slice(0, 4)), recurrence: 'yearly' });
      byPeriod.set(p.code, job);
    }
  }
  jobs.push(...[...byPeriod.values()].sort((a, b) => a.period.start.localeCompare(b.period.start) || a.period.end.localeCompare(b.period.end)));

  const assignments = (await db.selectFrom('indicator_assignment').select(['plan_indicator_id', 'agency_id', 'role']).where('plan_id', '=', planId).execute()).map((a) => ({ planIndicatorId: a.plan_indicator_id, agencyId: a.agency_id, role: a.role as 'lead' | 'partner' }));
  const units = (await sql<{ id: number; parent_id: number | null; level: string; valid_from: string; valid_to: string | null }>`
    with recursive sub(id) as (select ${plan.issuer_unit_id}::int union all select u.id from admin_unit u join sub on u.parent_id = sub.id)
    select u.id, u.parent_id, u.level, u.valid_from, u.valid_to from admin_unit u where u.id in (select id from sub)`.execute(db)).rows.map((u) => ({ id: u.id, parentId: u.parent_id, level: u.level, validFrom: day(u.valid_from), validTo: day(u.valid_to) }));
  const agencies = (await db.selectFrom('agency').select(['id', 'unit_id', 'valid_from', 'valid_to']).execute()).map((a) => ({ id: a.id, unitId: a.unit_id, validFrom: day(a.valid_from), validTo: day(a.valid_to) }));
  const successors = new Map((await db.selectFrom('agency_succession').select(['predecessor_id', 'successor_id']).execute()).map((s) => [s.predecessor_id, s.successor_id]));

  const periods: GenerateResult['periods'] = [];
  let created = 0;
  let existing = 0;
  for (const { kind, period: p, rules } of jobs) {
    await db.insertInto('reporting_period').values({ plan_id: planId, year, kind, period: p.code, start_date: p.start, end_date: p.end }).onConflict((oc) => oc.columns(['plan_id', 'kind', 'period']).doNothing()).execute();
    const period = await db.selectFrom('reporting_period').select('id').where('plan_id', '=', planId).where('kind', '=', kind).where('period', '=', p.code).executeTakeFirstOrThrow();
    periods.push({ id: period.id, kind, period: p.code, label: periodLabel(p.code).vi });
    const derived = deriveObligations({ plan: planInput, year, kind, rules, measures, assignments, units, agencies, agencySuccessors: successors });
    const newIds: number[] = [];
    for (let i = 0; i < derived.length; i += 500) {
      const chunk = derived.slice(i, i + 500);
      const rows = await db
        .insertInto('obligation')
        .values(chunk.map((o) => ({ period_id: period.id, plan_id: planId, year, kind, period: p.code, period_start: p.start, period_end: p.end, unit_id: o.unitId, agency_id: o.agencyId, recipient_unit_id: o.recipientUnitId, recipient_agency_id: o.recipientAgencyId, due_date: o.dueDate, role: o.role, flags: JSON.stringify([]) })))
        .onConflict((oc) => oc.doNothing())
        .returning(['id', 'unit_id', 'agency_id'])
        .execute();
      const byKey = new Map(rows.map((r) => [`${r.unit_id}:${r.agency_id ?? ''}`, r.id]));
      const measureRows = chunk.flatMap((o) => {
        const id = byKey.get(`${o.unitId}:${o.agencyId ?? ''}`);
        return id === undefined ? [] : o.measures.map((m) => ({ obligation_id: id, measure_id: m.measureId, plan_indicator_id: m.planIndicatorId, feeds: m.feeds }));
      });
      for (let j = 0; j < measureRows.length; j += 2000) await db.insertInto('obligation_measure').values(measureRows.slice(j, j + 2000)).onConflict((oc) => oc.doNothing()).execute();
      newIds.push(...rows.map((r) => r.id));
      existing += chunk.length - rows.length;
    }
    created += newIds.length;
    if (kind === 'annual' || isSubAnnual(kind)) for (let i = 0; i < newIds.length; i += 1000) await addExpected(db, aggregatesOf(kind), newIds.slice(i, i + 1000));
  }
  return { planId, year, periods, created, existing };
}

const isSubAnnual = (kind: string) => (SUB_ANNUAL_KINDS as readonly string[]).includes(kind);

/**
 * The live aggregates of a report's kind: annual reports feed `aggregate_value` (one row per unit × measure ×
 * year), six-monthly, quarterly and monthly ones `aggregate_period_value` (per unit × measure × period). One
 * statement builder serves both; each gives its own constant statement text (prepared once per connection).
 */
const AGGREGATES = {
  annual: { table: sql.raw('aggregate_value'), key: sql.raw('year'), kinds: sql.raw(`o.kind = 'annual'`), period: false },
  subAnnual: { table: sql.raw('aggregate_period_value'), key: sql.raw('period'), kinds: sql.raw(`o.kind in ('sixmonthly','quarterly','monthly')`), period: true },
} as const;
type Aggregates = (typeof AGGREGATES)[keyof typeof AGGREGATES];
const aggregatesOf = (kind: string): Aggregates => (isSubAnnual(kind) ? AGGREGATES.subAnnual : AGGREGATES.annual);

/** Each new feeding measure of the reports is expected once at every ancestor of their unit (for their year or period). */
async function addExpected(db: Db, target: Aggregates, obligationIds: number[]): Promise<void> {
  if (obligationIds.length === 0) return;
  const period = (column: string) => sql.raw(target.period ? `${column}, ` : '');
  await sql`
    with recursive cl(unit_id, ancestor_id) as (
      select distinct o.unit_id, u.parent_id from obligation o join admin_unit u on u.id = o.unit_id where o.id in (${sql.join(obligationIds)}) and u.parent_id is not null
      union all
      select cl.unit_id, u.parent_id from cl join admin_unit u on u.id = cl.ancestor_id where u.parent_id is not null
    )
    insert into ${target.table} (unit_id, measure_id, ${period('period')}year, disagg_key, expected_count)
    select cl.ancestor_id, om.measure_id, ${period('o.period')}o.year, '', count(*)
    from obligation o
    join obligation_measure om on om.obligation_id = o.id and om.feeds
    join cl on cl.unit_id = o.unit_id
    where o.id in (${sql.join(obligationIds)})
    group by ${sql.raw(target.period ? '1, 2, 3, 4' : '1, 2, 3')}
    order by ${sql.raw(target.period ? '1, 2, 3' : '1, 2')}
    on conflict (unit_id, measure_id, ${target.key}, disagg_key) do update set expected_count = ${target.table}.expected_count + excluded.expected_count`.execute(db);
}

/** Adds (+1) or removes (−1) one report's feeding values at every ancestor of its unit (for its year or period). */
async function applyDelta(db: Db, target: Aggregates, obligationId: number, sign: 1 | -1): Promise<void> {
  const period = (column: string) => sql.raw(target.period ? `${column}, ` : '');
  await sql`
    with recursive chain(id) as (
      select u.parent_id from obligation o join admin_unit u on u.id = o.unit_id where o.id = ${obligationId} and u.parent_id is not null
      union all
      select u.parent_id from admin_unit u join chain c on u.id = c.id where u.parent_id is not null
    ), contrib as (
      select dv.measure_id, ${period('o.period')}o.year, dv.disagg_key,
        case when m.unit in ${RATIO_UNITS} then dv.numerator else dv.value end as num,
        case when m.unit in ${RATIO_UNITS} then dv.denominator when m.unit = 'boolean' then 1 else 0 end as den
      from data_value dv
      join obligation o on o.id = dv.obligation_id
      join obligation_measure om on om.obligation_id = dv.obligation_id and om.measure_id = dv.measure_id and om.feeds
      join measure m on m.id = dv.measure_id
      where dv.obligation_id = ${obligationId} and ${target.kinds} and not dv.unknown
        and (case when m.unit in ${RATIO_UNITS} then dv.numerator is not null and dv.denominator > 0 else dv.value is not null end)
    )
    insert into ${target.table} (unit_id, measure_id, ${period('period')}year, disagg_key, sum_numerator, sum_denominator, reporting_count, expected_count)
    select c.id, k.measure_id, ${period('k.period')}k.year, k.disagg_key, ${sign}::int * k.num, ${sign}::int * k.den, ${sign}::int, 0
    from chain c cross join contrib k
    order by c.id, k.measure_id, ${period('k.period')}k.disagg_key
    on conflict (unit_id, measure_id, ${target.key}, disagg_key) do update set
      sum_numerator = ${target.table}.sum_numerator + excluded.sum_numerator,
      sum_denominator = ${target.table}.sum_denominator + excluded.sum_denominator,
      reporting_count = ${target.table}.reporting_count + excluded.reporting_count`.execute(db);
}

/** Rebuilds every aggregate of a year from the raw values (repair, benchmark). */
export async function recomputeAggregates(db: Db, year: number): Promise<void> {
  if (!Number.isInteger(year)) throw new ReportingError(400, 'invalid_year', 'Năm không hợp lệ.', 'Invalid year.');
  // all or nothing: readers never see the year without its aggregates
  if (!db.isTransaction) return db.transaction().execute((trx) => recomputeAggregates(trx, year));
  await sql`set local work_mem = '128MB'`.execute(db);
  await sql`delete from aggregate_value where year = ${year}`.execute(db);
  // two stages: the values grouped by the reporting unit's parent (one pass over the year's values),
  // then those few rows added to the parent and each of its ancestors. The first stage is a
  // CREATE TABLE AS, which PostgreSQL may run with parallel workers (an INSERT … SELECT never is).
  await sql`drop table if exists pg_temp.recompute_base`.execute(db);
  await sql`
    create temp table recompute_base on commit drop as
    select u.parent_id as unit_id, dv.measure_id, dv.disagg_key,
      sum(case when m.unit in ${RATIO_UNITS} then dv.numerator else dv.value end) as num,
      sum(case when m.unit in ${RATIO_UNITS} then dv.denominator when m.unit = 'boolean' then 1 else 0 end) as den,
      count(*) as n
    from obligation o
    join admin_unit u on u.id = o.unit_id
    join data_value dv on dv.obligation_id = o.id
    join obligation_measure om on om.obligation_id = dv.obligation_id and om.measure_id = dv.measure_id and om.feeds
    join measure m on m.id = dv.measure_id
    where o.year = ${sql.lit(year)} and o.kind = 'annual' and o.status in ('submitted','approved') and not dv.unknown and u.parent_id is not null
      and (case when m.unit in ${RATIO_UNITS} then dv.numerator is not null and dv.denominator > 0 else dv.value is not null end)
    group by 1, 2, 3`.execute(db);
  await sql`
    insert into aggregate_value (unit_id, measure_id, year, disagg_key, sum_numerator, sum_denominator, reporting_count, expected_count)
    select cl.ancestor_id, b.measure_id, ${year}::int, b.disagg_key, sum(b.num), sum(b.den), sum(b.n), 0
    from recompute_base b join ${CLOSURE_SELF} cl on cl.unit_id = b.unit_id
    group by cl.ancestor_id, b.measure_id, b.disagg_key`.execute(db);
  await sql`drop table recompute_base`.execute(db);
  await sql`
    with base as (
      select u.parent_id as unit_id, om.measure_id, count(*) as n
      from obligation o join admin_unit u on u.id = o.unit_id join obligation_measure om on om.obligation_id = o.id and om.feeds
      where o.year = ${year} and o.kind = 'annual' and u.parent_id is not null
      group by 1, 2
    )
    insert into aggregate_value (unit_id, measure_id, year, disagg_key, expected_count)
    select cl.ancestor_id, b.measure_id, ${year}::int, '', sum(b.n)
    from base b join ${CLOSURE_SELF} cl on cl.unit_id = b.unit_id
    group by cl.ancestor_id, b.measure_id
    on conflict (unit_id, measure_id, year, disagg_key) do update set expected_count = excluded.expected_count`.execute(db);
  // the year's sub-annual periods (six months, quarters, months): same sums, per period
  await sql`delete from aggregate_period_value where year = ${year}`.execute(db);
  await sql`
    insert into aggregate_period_value (unit_id, measure_id, period, year, disagg_key, sum_numerator, sum_denominator, reporting_count, expected_count)
    select cl.ancestor_id, b.measure_id, b.period, ${year}::int, b.disagg_key, sum(b.num), sum(b.den), sum(b.n), 0
    from (
      -- one pass over the values grouped by the reporting unit's parent, then added up its ancestors
      select u.parent_id as unit_id, dv.measure_id, o.period, dv.disagg_key,
        sum(case when m.unit in ${RATIO_UNITS} then dv.numerator else dv.value end) as num,
        sum(case when m.unit in ${RATIO_UNITS} then dv.denominator when m.unit = 'boolean' then 1 else 0 end) as den, count(*) as n
      from obligation o
      join admin_unit u on u.id = o.unit_id
      join data_value dv on dv.obligation_id = o.id
      join obligation_measure om on om.obligation_id = dv.obligation_id and om.measure_id = dv.measure_id and om.feeds
      join measure m on m.id = dv.measure_id
      where o.year = ${year} and o.kind in ('sixmonthly','quarterly','monthly') and o.status in ('submitted','approved') and not dv.unknown and u.parent_id is not null
        and (case when m.unit in ${RATIO_UNITS} then dv.numerator is not null and dv.denominator > 0 else dv.value is not null end)
      group by 1, 2, 3, 4
    ) b join ${CLOSURE_SELF} cl on cl.unit_id = b.unit_id
    group by 1, 2, 3, 5`.execute(db);
  await sql`
    insert into aggregate_period_value (unit_id, measure_id, period, year, disagg_key, expected_count)
    select cl.ancestor_id, om.measure_id, o.period, ${year}::int, '', count(*)
    from obligation o join admin_unit u on u.id = o.unit_id join obligation_measure om on om.obligation_id = o.id and om.feeds
    join ${CLOSURE_SELF} cl on cl.unit_id = u.parent_id
    where o.year = ${year} and o.kind in ('sixmonthly','quarterly','monthly') and u.parent_id is not null
    group by 1, 2, 3
    on conflict (unit_id, measure_id, period, disagg_key) do update set expected_count = excluded.expected_count`.execute(db);
}

// ───────────────────────────── reading a report ─────────────────────────────

export interface ObligationMeasureInfo extends MeasureInfo {
  id: number;
  indicatorCode: string;
  nameEn: string | null;
  direction: string;
  numeratorVi: string | null;
  denominatorVi: string | null;
  feeds: boolean;
}

async function loadMeasures(db: Db, obligationId: number): Promise<ObligationMeasureInfo[]> {
  const rows = await db
    .selectFrom('obligation_measure as om')
    .innerJoin('measure as m', 'm.id', 'om.measure_id')
    .innerJoin('indicator as i', 'i.id', 'm.indicator_id')
    .select(['m.id', 'm.code', 'm.name_vi', 'm.name_en', 'm.unit', 'm.direction', 'm.disaggregations', 'm.groups', 'm.plausible_min', 'm.plausible_max', 'm.numerator_vi', 'm.denominator_vi', 'i.code as indicator_code', 'om.feeds', 'i.position as ip', 'm.position as mp'])
    .where('om.obligation_id', '=', obligationId)
    .orderBy('i.position')
    .orderBy('m.position')
    .execute();
  return rows.map((m) => ({
    id: m.id, code: m.code, nameVi: m.name_vi, nameEn: m.name_en, unit: m.unit as MeasureUnit, direction: m.direction,
    disaggregations: m.disaggregations as Disaggregation[], groups: m.groups, plausibleMin: num(m.plausible_min), plausibleMax: num(m.plausible_max),
    numeratorVi: m.numerator_vi, denominatorVi: m.denominator_vi, indicatorCode: m.indicator_code, feeds: m.feeds,
  }));
}

export interface StoredValue {
  measure: string;
  measureId: number;
  key: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  unknown: boolean;
  comment: string | null;
  computed: number | null;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

async function loadValues(db: Db, obligationId: number, measures: ObligationMeasureInfo[]): Promise<StoredValue[]> {
  const byId = new Map(measures.map((m) => [m.id, m]));
  const rows = await db.selectFrom('data_value').selectAll().where('obligation_id', '=', obligationId).orderBy('measure_id').orderBy('disagg_key').execute();
  return rows.map((raw) => {
    const r = { ...raw, numerator: num(raw.numerator), denominator: num(raw.denominator), value: num(raw.value) };
    const m = byId.get(r.measure_id);
    return {
      measure: m?.code ?? String(r.measure_id), measureId: r.measure_id, key: r.disagg_key, numerator: r.numerator, denominator: r.denominator, value: r.value, unknown: r.unknown, comment: r.comment,
      computed: m ? valueOf(m.unit, { numerator: r.numerator, denominator: r.denominator, value: r.value, unknown: r.unknown }) : null,
      version: r.version, updatedAt: new Date(r.updated_at).toISOString(), updatedBy: r.updated_by_name,
    };
  });
}

const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10); // Vietnam time

/** The report as the form shows it; `knownMeasures` = its measures when the caller already loaded them (same transaction). */
export async function getObligation(db: Db, id: number, knownMeasures?: ObligationMeasureInfo[]) {
  const o = await db
    .selectFrom('obligation as o')
    .innerJoin('admin_unit as u', 'u.id', 'o.unit_id')
    .leftJoin('agency as a', 'a.id', 'o.agency_id')
    .leftJoin('admin_unit as ru', 'ru.id', 'o.recipient_unit_id')
    .innerJoin('reporting_period as p', 'p.id', 'o.period_id')
    .innerJoin('plan as pl', 'pl.id', 'o.plan_id')
    .selectAll('o')
    .select(['u.name as unit_name', 'u.level as unit_level', 'a.name as agency_name', 'ru.name as recipient_name', 'p.locked', 'pl.title as plan_title', 'pl.number as plan_number'])
    // what the unit's subtree reported, to prefill consolidation reports (in the same round trip)
    .select(sql<unknown>`(select json_agg(json_build_object('measure_id', av.measure_id, 'sum_numerator', av.sum_numerator, 'sum_denominator', av.sum_denominator, 'reporting_count', av.reporting_count, 'expected_count', av.expected_count) order by av.measure_id)
      from aggregate_value av where av.unit_id = o.unit_id and av.year = o.year and av.disagg_key = '' and o.kind = 'annual')`.as('aggregates'))
    .select(sql<unknown>`(select json_agg(json_build_object('measure_id', av.measure_id, 'sum_numerator', av.sum_numerator, 'sum_denominator', av.sum_denominator, 'reporting_count', av.reporting_count, 'expected_count', av.expected_count) order by av.measure_id)
      from aggregate_period_value av where av.unit_id = o.unit_id and av.period = o.period and av.disagg_key = '' and o.kind in ('sixmonthly','quarterly','monthly'))`.as('period_aggregates'))
    .where('o.id', '=', id)
    .executeTakeFirst();
  if (!o) throw new ReportingError(404, 'not_found', 'Không tìm thấy báo cáo.', 'Report not found.');
  const measures = knownMeasures ?? (await loadMeasures(db, id));
  const values = await loadValues(db, id, measures);
  const aggregates = jsonRows<{ measure_id: number; sum_numerator: number | string; sum_denominator: number | string; reporting_count: number; expected_count: number }>(o.aggregates ?? o.period_aggregates);
  return {
    id: o.id, planId: o.plan_id, planTitle: o.plan_title, planNumber: o.plan_number, year: o.year, kind: o.kind,
    period: o.period, periodLabel: periodLabel(o.period).vi, periodStart: day(o.period_start), periodEnd: day(o.period_end),
    unit: { id: o.unit_id, name: o.unit_name, level: o.unit_level }, agency: o.agency_id ? { id: o.agency_id, name: o.agency_name } : null,
    recipient: o.recipient_unit_id ? { id: o.recipient_unit_id, name: o.recipient_name } : null,
    dueDate: day(o.due_date), role: o.role, status: o.status, version: o.version, locked: o.locked || !editable(o.status as ObligationStatus),
    deadline: deadlineState(o.status, day(o.due_date), today(), o.on_time),
    firstSubmittedAt: o.first_submitted_at ? new Date(o.first_submitted_at).toISOString() : null,
    submittedAt: o.submitted_at ? new Date(o.submitted_at).toISOString() : null, approvedAt: o.approved_at ? new Date(o.approved_at).toISOString() : null,
    returnedReason: o.returned_reason, flags: o.flags as Issue[],
    measures, values,
    aggregates: aggregates.map((a) => ({ measureId: a.measure_id, numerator: n0(a.sum_numerator), denominator: n0(a.sum_denominator), reportingCount: Number(a.reporting_count), expectedCount: Number(a.expected_count) })),
  };
}
export type ObligationView = Awaited<ReturnType<typeof getObligation>>;

async function lockObligation(db: Db, id: number) {
  const o = await db.selectFrom('obligation as o').innerJoin('reporting_period as p', 'p.id', 'o.period_id').selectAll('o').select('p.locked').where('o.id', '=', id).forUpdate('o').executeTakeFirst();
  if (!o) throw new ReportingError(404, 'not_found', 'Không tìm thấy báo cáo.', 'Report not found.');
  if (o.locked) throw new ReportingError(409, 'period_locked', 'Kỳ báo cáo đã khóa sổ, không thể thay đổi số liệu.', 'The reporting period is locked; values cannot change.');
  return o;
}

// ───────────────────────────── writing ─────────────────────────────

export interface SaveInput {
  version: number;
  values: ValueInput[];
}

/** Saves draft values (optimistic concurrency on the report's version). Bad input stores nothing. */
export async function saveValues(db: Db, id: number, input: SaveInput, actor: ActorRef): Promise<ObligationView> {
  const o = await lockObligation(db, id);
  if (!editable(o.status as ObligationStatus))
    throw new ReportingError(409, 'report_locked', o.status === 'approved' ? 'Báo cáo đã được phê duyệt và khóa; cấp phê duyệt có thể mở lại.' : 'Báo cáo đã gửi, đang chờ phê duyệt: không sửa được.', o.status === 'approved' ? 'The report is approved and locked; the approving level can reopen it.' : 'The report has been submitted and awaits approval: it cannot be edited.');
  if (input.version !== o.version) {
    const current = await getObligation(db, id);
    throw new ReportingError(409, 'version_conflict', `Báo cáo đã được người khác sửa (phiên bản ${o.version}, bạn đang sửa phiên bản ${input.version}). Hãy xem số liệu hiện tại trước khi lưu lại.`, `Someone else changed this report (version ${o.version}, you edited version ${input.version}). Review the current values before saving again.`, { current });
  }
  const measures = await loadMeasures(db, id);
  const byCode = new Map(measures.map((m) => [m.code, m]));
  const errors: Issue[] = [];
  const clean: (CleanValue & { measureId: number })[] = [];
  const seen = new Set<string>();
  input.values.forEach((v, index) => {
    const m = byCode.get(String(v.measure));
    if (!m) {
      errors.push({ code: 'measure_not_assigned', measure: String(v.measure), key: v.key ?? '', field: `values.${index}.measure`, vi: `Chỉ tiêu "${String(v.measure)}" không thuộc báo cáo này (không được giao cho đơn vị/cơ quan của bạn).`, en: `Measure "${String(v.measure)}" is not part of this report (not assigned to your unit or agency).` });
      return;
    }
    const r = validateValue(m, v);
    errors.push(...r.errors.map((e) => ({ ...e, field: `values.${index}${e.field ? `.${e.field}` : ''}` })));
    if (r.clean) {
      const k = `${m.id}|${r.clean.key}`;
      if (seen.has(k)) errors.push({ code: 'duplicate_value', measure: m.code, key: r.clean.key, field: `values.${index}`, vi: `Chỉ tiêu ${m.code} (${r.clean.key || 'tổng'}) được nhập hai lần.`, en: `Measure ${m.code} (${r.clean.key || 'total'}) is given twice.` });
      seen.add(k);
      clean.push({ ...r.clean, measureId: m.id });
    }
  });
  if (errors.length) throw new ReportingError(400, errors[0].code, errors[0].vi, errors[0].en, { issues: errors }, errors[0].field?.split('.'));
  await checkAgainstOtherPeriods(db, o, measures, clean);

  const existing = new Map((await db.selectFrom('data_value').selectAll().where('obligation_id', '=', id).execute()).map((r) => [`${r.measure_id}|${r.disagg_key}`, { ...r, numerator: num(r.numerator), denominator: num(r.denominator), value: num(r.value) }]));
  const snapshot = (r: { numerator: number | null; denominator: number | null; value: number | null; unknown: boolean; comment: string | null }) => ({ numerator: r.numerator, denominator: r.denominator, value: r.value, unknown: r.unknown, comment: r.comment });
  // what changes: unchanged values are left alone, emptied ones deleted, the others inserted or updated
  const changes: { ord: number; action: 'insert' | 'update' | 'delete'; id: number | null; measure_id: number; disagg_key: string; old: ReturnType<typeof snapshot> | null; new: ReturnType<typeof snapshot> | null }[] = [];
  for (const v of clean) {
    const old = existing.get(`${v.measureId}|${v.key}`);
    const next = snapshot(v);
    if (old && JSON.stringify(snapshot(old)) === JSON.stringify(next)) continue;
    if (isEmpty(v) && !v.comment) {
      if (!old) continue;
      changes.push({ ord: changes.length, action: 'delete', id: old.id, measure_id: v.measureId, disagg_key: v.key, old: snapshot(old), new: null });
      continue;
    }
    changes.push({ ord: changes.length, action: old ? 'update' : 'insert', id: old?.id ?? null, measure_id: v.measureId, disagg_key: v.key, old: old ? snapshot(old) : null, new: next });
  }
  await writeValues(db, id, changes, actor);
  return getObligation(db, id, measures);
}

/**
 * Counts of a sub-period are part of the year's: a six-month (quarter, month) count larger than the same
 * unit's and agency's yearly count for that year is refused, whichever of the two is being saved — with both
 * figures in the message, nothing stored.
 */
async function checkAgainstOtherPeriods(db: Db, o: { unit_id: number; agency_id: number | null; year: number; kind: string; period: string }, measures: ObligationMeasureInfo[], clean: (CleanValue & { measureId: number })[]): Promise<void> {
  const counts = clean.filter((v) => v.key === '' && !v.unknown && v.value !== null && measures.find((m) => m.id === v.measureId)?.unit === 'count');
  if (counts.length === 0 || !(o.kind === 'annual' || isSubAnnual(o.kind))) return;
  const others = await db
    .selectFrom('data_value as dv')
    .innerJoin('obligation as x', 'x.id', 'dv.obligation_id')
    .select(['dv.measure_id', 'dv.value', 'x.period'])
    .where('x.unit_id', '=', o.unit_id)
    .where(o.agency_id === null ? sql<boolean>`x.agency_id is null` : sql<boolean>`x.agency_id = ${o.agency_id}`)
    .where('x.year', '=', o.year)
    .where('x.kind', 'in', o.kind === 'annual' ? [...SUB_ANNUAL_KINDS] : ['annual'])
    .where('dv.disagg_key', '=', '')
    .where('dv.unknown', '=', false)
    .where('dv.measure_id', 'in', counts.map((v) => v.measureId))
    .execute();
  for (const v of counts) {
    const m = measures.find((x) => x.id === v.measureId)!;
    for (const other of others.filter((r) => r.measure_id === v.measureId && r.value !== null)) {
      const otherValue = Number(other.value);
      const [sub, subPeriod, yearValue] = o.kind === 'annual' ? [otherValue, other.period, v.value!] : [v.value!, o.period, otherValue];
      if (sub > yearValue) {
        const label = periodLabel(subPeriod);
        const field = `values.${clean.indexOf(v)}.value`;
        throw new ReportingError(400, 'period_exceeds_year',
          `Chỉ tiêu ${m.code}: số liệu ${label.vi.charAt(0).toLowerCase()}${label.vi.slice(1)} (${sub}) lớn hơn số liệu cả năm ${o.year} (${yearValue}). Số đếm của một kỳ là một phần của cả năm: hãy kiểm tra lại một trong hai.`,
          `Measure ${m.code}: the figure for ${label.en} (${sub}) is larger than the year ${o.year}'s (${yearValue}). A period's count is part of the year's: check one of them.`,
          { issues: [{ code: 'period_exceeds_year', measure: m.code, key: '', field, period: subPeriod, periodValue: sub, yearValue }] }, field.split('.'));
      }
    }
  }
}

/**
 * Applies a save's changes in ONE statement, whatever their number: deletes, upserts (in the
 * order given), one history row per change (same order), and the report's version.
 */
async function writeValues(db: Db, id: number, changes: { ord: number; action: string; id: number | null; measure_id: number; disagg_key: string; old: object | null; new: object | null }[], actor: ActorRef): Promise<void> {
  await sql`
    with input as (
      select x.ord, x.action, x.id, x.measure_id, x.disagg_key, x.old, x.new,
        (x.new->>'numerator')::numeric as numerator, (x.new->>'denominator')::numeric as denominator, (x.new->>'value')::numeric as value,
        coalesce((x.new->>'unknown')::boolean, false) as unknown, x.new->>'comment' as comment
      from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) as x(ord int, action text, id bigint, measure_id int, disagg_key text, old jsonb, new jsonb)
    ), deleted as (
      delete from data_value dv using input i where i.action = 'delete' and dv.id = i.id and dv.obligation_id = ${id}::int
      returning dv.id
    ), written as (
      insert into data_value as dv (obligation_id, measure_id, disagg_key, numerator, denominator, value, unknown, comment, updated_by, updated_by_name)
      select ${id}::int, i.measure_id, i.disagg_key, i.numerator, i.denominator, i.value, i.unknown, i.comment, ${actor.id}::int, ${actor.name}::text
      from input i where i.action <> 'delete' order by i.ord
      on conflict (obligation_id, measure_id, disagg_key) do update set
        numerator = excluded.numerator, denominator = excluded.denominator, value = excluded.value, unknown = excluded.unknown, comment = excluded.comment,
        version = dv.version + 1, updated_at = now(), updated_by = excluded.updated_by, updated_by_name = excluded.updated_by_name
      returning dv.id, dv.measure_id, dv.disagg_key
    ), history as (
      insert into data_value_history (data_value_id, obligation_id, measure_id, disagg_key, action, actor_id, actor_name, old, new)
      select coalesce(w.id, i.id), ${id}::int, i.measure_id, i.disagg_key, i.action, ${actor.id}::int, ${actor.name}::text, i.old, i.new
      from input i left join written w on i.action <> 'delete' and w.measure_id = i.measure_id and w.disagg_key = i.disagg_key
      order by i.ord
    )
    update obligation set version = version + 1, updated_at = now() where id = ${id}::int`.execute(db);
}

async function previousYearValues(db: Db, o: { unit_id: number; agency_id: number | null; year: number; kind: string }): Promise<Map<string, number | null>> {
  const rows = await db
    .selectFrom('data_value as dv')
    .innerJoin('obligation as o', 'o.id', 'dv.obligation_id')
    .innerJoin('measure as m', 'm.id', 'dv.measure_id')
    .select(['m.code', 'm.unit', 'dv.numerator', 'dv.denominator', 'dv.value', 'dv.unknown'])
    .where('o.unit_id', '=', o.unit_id)
    .where(o.agency_id === null ? sql<boolean>`o.agency_id is null` : sql<boolean>`o.agency_id = ${o.agency_id}`)
    .where('o.year', '=', o.year - 1)
    .where('o.kind', '=', 'annual')
    .where('o.status', 'in', ['submitted', 'approved'])
    .where('dv.disagg_key', '=', '')
    .execute();
  return new Map(rows.map((r) => [r.code, valueOf(r.unit as MeasureUnit, { numerator: num(r.numerator), denominator: num(r.denominator), value: num(r.value), unknown: r.unknown })]));
}

export interface WorkflowOptions {
  idempotencyKey?: string | null;
  reason?: string | null;
}

/** Runs a workflow action (submit, approve, return, reopen) with its aggregate delta, in the caller's transaction. */
export async function runAction(db: Db, id: number, action: Exclude<WorkflowAction, 'save'>, actor: ActorRef, options: WorkflowOptions = {}): Promise<{ id: number; replayed: boolean; status: string }> {
  const o = await lockObligation(db, id);
  const key = options.idempotencyKey?.trim() || null;
  if (key) {
    const done = await db.selectFrom('obligation_event').select('id').where('obligation_id', '=', id).where('action', '=', action).where('idempotency_key', '=', key).executeTakeFirst();
    if (done) return { id, replayed: true, status: o.status };
  }
  const t = transition(o.status as ObligationStatus, action);
  if (!t.ok) throw new ReportingError(409, 'invalid_transition', t.vi, t.en, { status: o.status });
  let flags: Issue[] = o.flags as Issue[];
  if (action === 'submit') {
    const measures = await loadMeasures(db, id);
    const values = (await loadValues(db, id, measures)).map((v) => ({ measure: v.measure, key: v.key, numerator: v.numerator, denominator: v.denominator, value: v.value, unknown: v.unknown, comment: v.comment }));
    const { errors, warnings } = validateReport(measures, values, await previousYearValues(db, o));
    if (errors.length) {
      const codes = errors.map((e) => e.measure).join(', ');
      throw new ReportingError(400, 'required_missing', `Chưa thể gửi: còn thiếu số liệu của chỉ tiêu ${codes}. Nếu không có số liệu, hãy chọn "không rõ".`, `Cannot submit: values missing for measure(s) ${codes}. If there is no data, mark them "unknown".`, { issues: errors });
    }
    flags = warnings;
  }
  if (action === 'return' && !options.reason?.trim())
    throw new ReportingError(400, 'reason_required', 'Cần ghi lý do trả lại báo cáo.', 'A reason is required to return a report.', undefined, ['reason']);
  const now = sql<string>`now()`;
  // timeliness of this submission, by the one rule (src/domain/reporting/timeliness.ts); the database's clock decides
  let onTime: boolean | null = o.on_time;
  if (action === 'submit') {
    const clock = await sql<{ now: Date | string }>`select now() as now`.execute(db);
    onTime = submissionOnTime({ dueDate: day(o.due_date), submittedOn: vnDay(clock.rows[0].now), previous: o.first_submitted_at === null || o.on_time === null ? null : { onTime: o.on_time, returnedOn: o.returned_at ? vnDay(o.returned_at) : null } });
  }
  // the status change and its event in one statement
  await db
    .with('changed', (qb) => qb.updateTable('obligation')
    .set({
      status: t.to,
      version: sql`version + 1`,
      updated_at: now,
      flags: JSON.stringify(flags),
      ...(action === 'submit' ? { submitted_at: now, submitted_by: actor.id, first_submitted_at: sql`coalesce(first_submitted_at, now())`, returned_reason: null, on_time: onTime } : {}),
      ...(action === 'approve' ? { approved_at: now, approved_by: actor.id } : {}),
      ...(action === 'return' ? { returned_reason: options.reason!.trim(), returned_at: now } : {}),
      ...(action === 'reopen' ? { approved_at: null, approved_by: null, returned_at: now } : {}),
    })
    .where('id', '=', id)
    .returning('id'))
    .insertInto('obligation_event')
    .columns(['obligation_id', 'action', 'from_status', 'to_status', 'reason', 'idempotency_key', 'actor_id', 'actor_name'])
    .expression((eb) => eb.selectFrom('changed').select([
      'changed.id', sql`${action}::text`.as('action'), sql`${o.status}::text`.as('from_status'), sql`${t.to}::text`.as('to_status'), sql`${options.reason?.trim() || null}::text`.as('reason'),
      sql`${key}::text`.as('idempotency_key'), sql`${actor.id}::int`.as('actor_id'), sql`${actor.name}::text`.as('actor_name'),
    ]))
    .execute();
  if (t.aggregateDelta !== 0) await applyDelta(db, aggregatesOf(o.kind), id, t.aggregateDelta);
  await onReportAction(db, id, action, options.reason?.trim() || null, actor.id); // notifications (issue #17), same transaction
  return { id, replayed: false, status: t.to };
}

export async function obligationHistory(db: Db, id: number) {
  const exists = await db.selectFrom('obligation').select('id').where('id', '=', id).executeTakeFirst();
  if (!exists) throw new ReportingError(404, 'not_found', 'Không tìm thấy báo cáo.', 'Report not found.');
  const values = await db.selectFrom('data_value_history as h').innerJoin('measure as m', 'm.id', 'h.measure_id').select(['h.id', 'h.action', 'h.actor_id', 'h.actor_name', 'h.at', 'h.old', 'h.new', 'h.disagg_key', 'm.code as measure']).where('h.obligation_id', '=', id).orderBy('h.id').execute();
  const events = await db.selectFrom('obligation_event').selectAll().where('obligation_id', '=', id).orderBy('id').execute();
  return {
    values: values.map((h) => ({ id: h.id, measure: h.measure, key: h.disagg_key, action: h.action, actor: { id: h.actor_id, name: h.actor_name }, at: new Date(h.at).toISOString(), old: h.old, new: h.new })),
    events: events.map((e) => ({ id: e.id, action: e.action, from: e.from_status, to: e.to_status, reason: e.reason, actor: { id: e.actor_id, name: e.actor_name }, at: new Date(e.at).toISOString() })),
  };
}

// ───────────────────────────── lists ─────────────────────────────

export interface ListFilter {
  /** the caller's units (reports of these units or sent to them); undefined = no restriction */
  visibleUnits?: number[];
  /** for agency-bound callers: only these agencies' reports (and their unit's reports owed by no agency) */
  visibleAgencies?: number[];
  unitId?: number;
  agencyId?: number;
  recipientUnitId?: number;
  status?: string;
  year?: number;
  planId?: number;
  /** one period (DHIS2 code) */
  period?: string;
  /** one kind: annual, midterm, final, sixmonthly, quarterly, monthly */
  kind?: string;
  limit?: number;
  offset?: number;
}

export async function listObligations(db: Db, f: ListFilter) {
  let q = db
    .selectFrom('obligation as o')
    .innerJoin('admin_unit as u', 'u.id', 'o.unit_id')
    .leftJoin('agency as a', 'a.id', 'o.agency_id')
    .leftJoin('admin_unit as ru', 'ru.id', 'o.recipient_unit_id')
    .select(['o.id', 'o.plan_id', 'o.year', 'o.kind', 'o.unit_id', 'u.name as unit_name', 'o.agency_id', 'a.name as agency_name', 'o.recipient_unit_id', 'ru.name as recipient_name', 'o.due_date', 'o.role', 'o.status', 'o.version', 'o.first_submitted_at', 'o.submitted_at', 'o.returned_reason', 'o.flags', 'o.on_time', 'o.period', 'o.period_start', 'o.period_end']);
  const units = f.visibleUnits;
  if (units !== undefined) q = units.length ? q.where((eb) => eb.or([eb('o.unit_id', 'in', units), eb('o.recipient_unit_id', 'in', units)])) : q.where(sql<boolean>`false`);
  const agencies = f.visibleAgencies;
  if (agencies !== undefined) q = q.where((eb) => (agencies.length ? eb.or([eb('o.agency_id', 'in', agencies), eb('o.agency_id', 'is', null)]) : eb('o.agency_id', 'is', null)));
  if (f.unitId !== undefined) q = q.where('o.unit_id', '=', f.unitId);
  if (f.agencyId !== undefined) q = q.where('o.agency_id', '=', f.agencyId);
  if (f.recipientUnitId !== undefined) q = q.where('o.recipient_unit_id', '=', f.recipientUnitId);
  if (f.status) q = q.where('o.status', '=', f.status);
  if (f.year !== undefined) q = q.where('o.year', '=', f.year);
  if (f.planId !== undefined) q = q.where('o.plan_id', '=', f.planId);
  if (f.period !== undefined) q = q.where('o.period', '=', f.period);
  if (f.kind !== undefined) q = q.where('o.kind', '=', f.kind);
  const rows = await q.orderBy('o.due_date').orderBy('o.id').limit(f.limit ?? 200).offset(f.offset ?? 0).execute();
  const now = today();
  return rows.map((r) => ({
    id: r.id, planId: r.plan_id, year: r.year, kind: r.kind, period: r.period, periodLabel: periodLabel(r.period).vi, periodStart: day(r.period_start), periodEnd: day(r.period_end), unit: { id: r.unit_id, name: r.unit_name }, agency: r.agency_id ? { id: r.agency_id, name: r.agency_name } : null,
    recipient: r.recipient_unit_id ? { id: r.recipient_unit_id, name: r.recipient_name } : null, dueDate: day(r.due_date), role: r.role, status: r.status, version: r.version,
    deadline: deadlineState(r.status, day(r.due_date), now, r.on_time),
    firstSubmittedAt: r.first_submitted_at ? new Date(r.first_submitted_at).toISOString() : null,
    submittedAt: r.submitted_at ? new Date(r.submitted_at).toISOString() : null, returnedReason: r.returned_reason, flags: r.flags as Issue[],
  }));
}

/** The report's unit, agency and recipient (the recipient unit, else its own unit), for the access check. */
export async function obligationRef(db: Db, id: number): Promise<{ unitId: number; agencyId: number | null; recipientId: number } | null> {
  const r = await db.selectFrom('obligation').select(['unit_id', 'agency_id', 'recipient_unit_id']).where('id', '=', id).executeTakeFirst();
  return r ? { unitId: r.unit_id, agencyId: r.agency_id, recipientId: r.recipient_unit_id ?? r.unit_id } : null;
}

export async function obligationUnit(db: Db, id: number): Promise<number | null> {
  const r = await db.selectFrom('obligation').select('unit_id').where('id', '=', id).executeTakeFirst();
  return r?.unit_id ?? null;
}
export async function obligationRecipient(db: Db, id: number): Promise<number | null> {
  const r = await db.selectFrom('obligation').select(['recipient_unit_id', 'unit_id']).where('id', '=', id).executeTakeFirst();
  return r ? (r.recipient_unit_id ?? r.unit_id) : null;
}
