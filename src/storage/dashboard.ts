/**
 * Monitoring views over the live aggregates: a unit's indicator dashboard, the table of its child
 * units, time series that sum predecessors across the 2025 mergers, completeness and timeliness,
 * and a leader's overview. Reads only; every figure is computed from aggregate_value.
 */
import { indicatorOneSumsFor } from './indicator1.ts';
import { isIndicatorOne } from '../domain/reporting/indicator1.ts';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import './schema-reporting.ts';
import { figure, type AggregateSums } from '../domain/reporting/aggregation.ts';
import { evaluateStatus, STATUS_LABELS, type TargetSpec, type StatusResult } from '../domain/reporting/status.ts';
import { day, num, n0 } from './reporting.ts';
import { ReportingError } from '../domain/reporting/errors.ts';
import { NATIONAL_TARGETS } from '../domain/catalogue/national-programme.ts';
import type { Comparator, Direction, MeasureUnit, RelativeTarget } from '../domain/model.ts';
// small child counts of the child-protection indicators leave no dashboard (src/domain/reporting/small-cells.ts)
import { suppressFigure } from '../domain/reporting/small-cells.ts';
import { KIND_OF_TYPE, periodLabel, reportingPeriod, subPeriodYardstick, yearFigure } from '../domain/reporting/periods.ts';
import { periodSumsFor } from './period-sums.ts';

type Db = Kysely<Database>;

interface MeasureRow {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  unit: MeasureUnit;
  direction: Direction;
  indicatorCode: string;
}

async function allMeasures(db: Db): Promise<MeasureRow[]> {
  const rows = await db.selectFrom('measure as m').innerJoin('indicator as i', 'i.id', 'm.indicator_id').select(['m.id', 'm.code', 'm.name_vi', 'm.name_en', 'm.unit', 'm.direction', 'i.code as ic']).where('i.scope_plan_id', 'is', null).orderBy('i.position').orderBy('m.position').execute();
  return rows.map((r) => ({ id: r.id, code: r.code, nameVi: r.name_vi, nameEn: r.name_en, unit: r.unit as MeasureUnit, direction: r.direction as Direction, indicatorCode: r.ic }));
}

async function unitOrThrow(db: Db, unitId: number) {
  const u = await db.selectFrom('admin_unit').select(['id', 'name', 'full_name', 'code', 'level', 'parent_id', 'valid_from', 'valid_to']).where('id', '=', unitId).executeTakeFirst();
  if (!u) throw new ReportingError(404, 'not_found', 'Không tìm thấy đơn vị hành chính.', 'Administrative unit not found.');
  return u;
}

export interface PlanTargets {
  plan: { id: number; number: string | null; title: string; issuerUnitId: number | null; periodFrom: number | null } | null;
  /** measure id → targets for the whole population (group null) */
  targets: Map<number, TargetSpec[]>;
  baselines: Map<number, { year: number; value: number }>;
  /** measures the plan monitors (all catalogue measures when there is no plan) */
  measureIds: Set<number> | null;
}

/** The unit's own plan covering the year, else the nearest ancestor's, else the national programme. */
export async function planTargetsFor(db: Db, unitId: number, year: number, measures?: MeasureRow[]): Promise<PlanTargets> {
  // one round trip: the unit's own plan covering the year, else the nearest ancestor's, else the national programme
  const found = await sql<{ id: number; number: string | null; title: string; issuer_unit_id: number | null; period_from: number | null; targets: unknown; baselines: unknown; measures: unknown }>`
    with recursive chain(id, depth) as (
      select ${unitId}::int, 0 union all select u.parent_id, c.depth + 1 from admin_unit u join chain c on u.id = c.id where u.parent_id is not null and c.depth < 10
    ), candidates as (
      select p.id, c.depth as priority, p.issue_date from plan p join chain c on c.id = p.issuer_unit_id
      where p.status <> 'superseded' and (p.period_from is null or p.period_from <= ${year}) and (p.period_to is null or p.period_to >= ${year})
        and exists (select 1 from target t where t.plan_id = p.id)
      union all
      select p.id, 1000, p.issue_date from plan p where (p.level = 'national' or p.number = '23/QĐ-TTg') and exists (select 1 from target t where t.plan_id = p.id)
    ), chosen as (select id from candidates order by priority, issue_date desc nulls last, id desc limit 1)
    select p.id, p.number, p.title, p.issuer_unit_id, p.period_from,
      (select json_agg(json_build_object('m', t.measure_id, 'y', t.year, 'c', t.comparator, 'v', t.value, 'x', t.value_max, 'r', t.relative) order by t.year) from target t where t.plan_id = p.id and t.group_key is null) as targets,
      (select json_agg(json_build_object('m', b.measure_id, 'y', b.year, 'v', b.value) order by b.year desc) from baseline b where b.plan_id = p.id and b.group_key is null) as baselines,
      (select json_agg(m.id) from plan_indicator pi join measure m on m.indicator_id = pi.indicator_id where pi.plan_id = p.id) as measures
    from plan p join chosen on chosen.id = p.id`.execute(db);
  const plan = found.rows[0];
  const targets = new Map<number, TargetSpec[]>();
  const baselines = new Map<number, { year: number; value: number }>();
  const parse = <T>(x: unknown): T[] => (x === null || x === undefined ? [] : typeof x === 'string' ? (JSON.parse(x) as T[]) : (x as T[]));
  if (plan) {
    for (const t of parse<{ m: number; y: number; c: string; v: number | string | null; x: number | string | null; r: RelativeTarget | null }>(plan.targets))
      targets.set(t.m, [...(targets.get(t.m) ?? []), { year: t.y, comparator: t.c as Comparator, value: num(t.v), valueMax: num(t.x), relative: t.r ?? null }]);
    for (const b of parse<{ m: number; y: number; v: number | string }>(plan.baselines)) if (!baselines.has(b.m)) baselines.set(b.m, { year: b.y, value: Number(b.v) });
    const ids = parse<number>(plan.measures);
    return { plan: { id: plan.id, number: plan.number, title: plan.title, issuerUnitId: plan.issuer_unit_id, periodFrom: plan.period_from }, targets, baselines, measureIds: ids.length ? new Set(ids) : null };
  }
  // no plan in the database: the national programme's targets from the catalogue
  const ms = measures ?? (await allMeasures(db));
  const byCode = new Map(ms.map((m) => [m.code, m.id]));
  for (const t of NATIONAL_TARGETS.filter((x) => !x.group)) {
    const id = byCode.get(t.measure);
    if (id !== undefined) targets.set(id, [...(targets.get(id) ?? []), { year: t.year, comparator: t.comparator, value: t.value, valueMax: t.valueMax ?? null, relative: t.relative ?? null }]);
  }
  return { plan: null, targets, baselines, measureIds: null };
}

type Sums = AggregateSums;
/** measure id → year → sums, for one unit and its predecessors (merged units' earlier years). */
/**
 * unit → measure → year → sums, for the given units: the live aggregates of their subtrees plus,
 * for reporting (leaf) units, their own submitted or approved values.
 */
export async function sumsFor(db: Db, unitIds: number[], options: { measureId?: number; key?: string; years?: number[] } = {}): Promise<Map<number, Map<number, Map<number, Sums>>>> {
  const out = new Map<number, Map<number, Map<number, Sums>>>();
  if (unitIds.length === 0) return out;
  const key = options.key ?? '';
  const add = (unit: number, measure: number, year: number, x: Sums) => {
    const byMeasure = out.get(unit) ?? new Map<number, Map<number, Sums>>();
    const byYear = byMeasure.get(measure) ?? new Map<number, Sums>();
    const prev = byYear.get(year) ?? { numerator: 0, denominator: 0, reportingCount: 0, expectedCount: 0 };
    byYear.set(year, { numerator: prev.numerator + x.numerator, denominator: prev.denominator + x.denominator, reportingCount: prev.reportingCount + x.reportingCount, expectedCount: prev.expectedCount + x.expectedCount });
    byMeasure.set(measure, byYear);
    out.set(unit, byMeasure);
  };
  const measureFilter = options.measureId !== undefined ? sql`and m.id = ${options.measureId}` : sql``;
  const yearFilter = options.years?.length ? sql`and o.year in (${sql.join(options.years)})` : sql``;
  const aggregateMeasureFilter = options.measureId !== undefined ? sql`and a.measure_id = ${options.measureId}` : sql``;
  const aggregateYearFilter = options.years?.length ? sql`and a.year in (${sql.join(options.years)})` : sql``;
  const units = sql.join(unitIds);
  // one round trip: the live aggregates of the units' subtrees ('a'), the reporting units' own
  // submitted or approved values ('o') and how many of their reports are expected ('e')
  const rows = await sql<{ src: 'a' | 'o' | 'e'; unit_id: number; measure_id: number; year: number; num: number | string | null; den: number | string | null; n: number | string | null; expected: number | string | null }>`
    select 'a' as src, a.unit_id, a.measure_id, a.year, a.sum_numerator as num, a.sum_denominator as den, a.reporting_count::bigint as n, a.expected_count::bigint as expected
    from aggregate_value a
    where a.unit_id in (${units}) and a.disagg_key = ${key} ${aggregateMeasureFilter} ${aggregateYearFilter}
    union all
    select 'o', o.unit_id, m.id, o.year,
      sum(case when m.unit in ('percent','per_1000','per_10000','per_100000') then dv.numerator else dv.value end),
      sum(case when m.unit in ('percent','per_1000','per_10000','per_100000') then dv.denominator when m.unit = 'boolean' then 1 else 0 end),
      count(*), 0
    from obligation o
    join obligation_measure om on om.obligation_id = o.id and om.feeds
    join measure m on m.id = om.measure_id
    join data_value dv on dv.obligation_id = o.id and dv.measure_id = om.measure_id and dv.disagg_key = ${key}
    where o.unit_id in (${units}) and o.kind = 'annual' and o.status in ('submitted','approved') and not dv.unknown
      and (case when m.unit in ('percent','per_1000','per_10000','per_100000') then dv.numerator is not null and dv.denominator > 0 else dv.value is not null end)
      ${measureFilter} ${yearFilter}
    group by 2, 3, 4
    ${key === ''
      ? sql`union all
    select 'e', o.unit_id, m.id, o.year, 0, 0, 0, count(*)
    from obligation o join obligation_measure om on om.obligation_id = o.id and om.feeds join measure m on m.id = om.measure_id
    where o.unit_id in (${units}) and o.kind = 'annual' ${measureFilter} ${yearFilter}
    group by 2, 3, 4`
      : sql``}`.execute(db);
  // added in the same order as before (aggregates, own values, expected): sums of floats stay identical
  for (const src of ['a', 'o', 'e'] as const)
    for (const r of rows.rows)
      if (r.src === src) add(r.unit_id, r.measure_id, r.year, { numerator: n0(r.num), denominator: n0(r.den), reportingCount: n0(r.n), expectedCount: n0(r.expected) });
  return out;
}

/** measure id → year → sums, for one unit and its predecessors (merged units' earlier years). */
export async function seriesSums(db: Db, unitId: number, options: { measureId?: number; key?: string } = {}): Promise<Map<number, Map<number, Sums>>> {
  const preds = await sql<{ id: number; share: number | string }>`
    with recursive preds(id, share, depth) as (
      select ${unitId}::int, 1::numeric, 0
      union all
      select s.predecessor_id, p.share * coalesce(s.share, 1), p.depth + 1 from unit_succession s join preds p on s.successor_id = p.id where p.depth < 6
    ) select id, share from preds`.execute(db);
  const share = new Map<number, number>();
  for (const p of preds.rows) share.set(p.id, (share.get(p.id) ?? 0) + Number(p.share));
  const byUnit = await sumsFor(db, [...share.keys()], options);
  const out = new Map<number, Map<number, Sums>>();
  for (const [unit, byMeasure] of byUnit) {
    const k = share.get(unit) ?? 1;
    for (const [measure, byYear] of byMeasure) {
      const m = out.get(measure) ?? new Map<number, Sums>();
      for (const [year, x] of byYear) {
        const prev = m.get(year) ?? { numerator: 0, denominator: 0, reportingCount: 0, expectedCount: 0 };
        m.set(year, { numerator: prev.numerator + x.numerator * k, denominator: prev.denominator + x.denominator * k, reportingCount: prev.reportingCount + x.reportingCount, expectedCount: prev.expectedCount + x.expectedCount });
      }
      out.set(measure, m);
    }
  }
  return out;
}

/**
 * Does the unit's past rest on estimated shares? True when a link in its predecessor chain is a split
 * whose share is still the default (equal parts), not a population or area share entered by the province.
 */
export async function restsOnEstimatedShares(db: Db, unitId: number): Promise<boolean> {
  const r = await sql<{ est: boolean | null }>`
    with recursive preds(id, est, depth) as (
      select ${unitId}::int, false, 0
      union all
      select s.predecessor_id, p.est or s.share_estimated, p.depth + 1 from unit_succession s join preds p on s.successor_id = p.id where p.depth < 6
    ) select bool_or(est) as est from preds`.execute(db);
  return r.rows[0]?.est === true;
}

function judge(m: MeasureRow, year: number, byYear: Map<number, Sums> | undefined, pt: PlanTargets, value?: number | null): { fig: ReturnType<typeof figure>; status: StatusResult } {
  const sums = byYear?.get(year) ?? { numerator: 0, denominator: 0, reportingCount: 0, expectedCount: 0 };
  const fig = figure(m.unit, sums);
  if (value !== undefined) fig.value = value;
  const valueForYear = (y: number) => (byYear?.get(y) ? figure(m.unit, byYear.get(y)!).value : null);
  let baseline = pt.baselines.get(m.id) ?? null;
  if (!baseline && byYear) {
    // no baseline in the plan: the year before the plan started, else the earliest year with data
    const start = (pt.plan?.periodFrom ?? 2021) - 1;
    const years = [...byYear.keys()].filter((y) => y < year && valueForYear(y) !== null).sort((a, b) => a - b);
    const y = years.includes(start) ? start : years[0];
    if (y !== undefined) baseline = { year: y, value: valueForYear(y)! };
  }
  const status = evaluateStatus({ year, value: fig.value, direction: m.direction, targets: pt.targets.get(m.id) ?? [], baseline, valueForYear });
  return { fig, status };
}

const statusView = (s: StatusResult) => ({ status: s.status, label: STATUS_LABELS[s.status], expected: s.expected, target: s.target ? { year: s.target.year, comparator: s.target.comparator, value: s.target.value, valueMax: s.target.valueMax } : null, reason: { vi: s.vi, en: s.en } });

/**
 * Indicator 1 (share of child-friendly communes) is never a reported figure: its series is replaced by
 * the one computed from the recognitions (src/storage/indicator1.ts), whatever was typed or imported.
 */
async function indicatorOneSeries(db: Db, unitIds: number[], years: number[]): Promise<Map<number, Map<number, Sums>>> {
  const sums = await indicatorOneSumsFor(db, unitIds, years);
  return new Map(unitIds.map((id) => [id, new Map(sums.get(id) ?? [])]));
}
const yearsBetween = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

export async function unitDashboard(db: Db, unitId: number, year: number) {
  // independent look-ups side by side (several pooled connections on PostgreSQL)
  const [unit, measures, series, estimatedShares] = await Promise.all([unitOrThrow(db, unitId), allMeasures(db), seriesSums(db, unitId), restsOnEstimatedShares(db, unitId)]);
  const pt = await planTargetsFor(db, unitId, year, measures);
  const one = measures.find(isIndicatorOne);
  if (one) series.set(one.id, (await indicatorOneSeries(db, [unitId], yearsBetween(Math.min(year, (pt.plan?.periodFrom ?? 2021) - 1), year))).get(unitId)!);
  const shown = measures.filter((m) => !pt.measureIds || pt.measureIds.has(m.id));
  // a measure without the year's report: its six-monthly, quarterly or monthly reports make the year (one series);
  // read only when some measure has nothing for the year (never on a dashboard whose year is reported)
  const missing = shown.filter((m) => !isIndicatorOne(m) && !((series.get(m.id)?.get(year)?.reportingCount ?? 0) > 0));
  const periodSums = missing.length ? await periodSumsFor(db, unitId, year) : new Map();
  return {
    unit: { id: unit.id, name: unit.name, fullName: unit.full_name ?? unit.name, code: unit.code, level: unit.level },
    year,
    /** the years before a split rest on estimated shares of the old communes (screens say so) */
    estimatedShares,
    plan: pt.plan,
    measures: shown.map((m) => {
      const subs = periodSums.get(m.id);
      if (subs?.some((s: { sums: Sums }) => s.sums.reportingCount > 0)) {
        const yf = yearFigure(m.unit, series.get(m.id)?.get(year) ?? null, subs);
        const last = yf.periods.map((c) => reportingPeriod(c)!).sort((a, b) => a.end.localeCompare(b.end)).pop()!;
        const months = yf.periods.length * ({ SixMonthly: 6, Quarterly: 3, Monthly: 1, Yearly: 12 } as const)[last.type];
        // an incomplete year is judged against the path at the last period's end (counts projected to the year)
        const yard = yf.complete ? { fractionalYear: year, comparable: yf.value } : { fractionalYear: subPeriodYardstick(m.unit, last, null).fractionalYear, comparable: yf.value === null ? null : m.unit === 'count' ? (yf.value * 12) / months : yf.value };
        const byYear = new Map(series.get(m.id) ?? []);
        const { status } = judge(m, yard.fractionalYear, byYear.set(yard.fractionalYear, { numerator: 0, denominator: 0, reportingCount: 0, expectedCount: 0 }), pt, yard.comparable);
        const { source, periods, complete, ...fig } = yf;
        return { measureId: m.id, code: m.code, indicator: m.indicatorCode, nameVi: m.nameVi, nameEn: m.nameEn, unit: m.unit, direction: m.direction, ...suppressFigure(m.code, fig), ...statusView(status), source, periods, complete, sourceText: { vi: `Cộng từ các kỳ: ${periods.map((c) => periodLabel(c).vi).join(', ')}${complete ? '' : ' (chưa đủ năm)'}`, en: `Added up from ${periods.join(', ')}${complete ? '' : ' (part of the year)'}` } };
      }
      const { fig, status } = judge(m, year, series.get(m.id), pt);
      return { measureId: m.id, code: m.code, indicator: m.indicatorCode, nameVi: m.nameVi, nameEn: m.nameEn, unit: m.unit, direction: m.direction, ...suppressFigure(m.code, fig), ...statusView(status), source: fig.reportingCount > 0 ? 'year' as const : 'none' as const, periods: [] as string[], complete: fig.reportingCount > 0, sourceText: null };
    }),
  };
}

export async function unitSeries(db: Db, unitId: number, measureId: number, fromYear = 2015, toYear = 2030) {
  const unit = await unitOrThrow(db, unitId);
  const m = (await allMeasures(db)).find((x) => x.id === measureId);
  if (!m) throw new ReportingError(404, 'not_found', 'Không tìm thấy chỉ tiêu.', 'Measure not found.');
  const byYear = isIndicatorOne(m) ? (await indicatorOneSeries(db, [unitId], yearsBetween(fromYear, toYear))).get(unitId) : (await seriesSums(db, unitId, { measureId })).get(measureId);
  const pt = await planTargetsFor(db, unitId, toYear);
  const years = [];
  for (let y = fromYear; y <= toYear; y++) {
    if (!byYear?.has(y) && y < Math.min(...[...(byYear?.keys() ?? [y])])) continue;
    const { fig, status } = judge(m, y, byYear, pt);
    years.push({ year: y, ...suppressFigure(m.code, fig), expected: status.expected, status: status.status });
  }
  const estimatedShares = await restsOnEstimatedShares(db, unitId);
  return { unit: { id: unit.id, name: unit.name }, estimatedShares, measure: { id: m.id, code: m.code, nameVi: m.nameVi, nameEn: m.nameEn, unit: m.unit, direction: m.direction }, plan: pt.plan, targets: pt.targets.get(m.id) ?? [], baseline: pt.baselines.get(m.id) ?? null, years };
}

export async function childTable(db: Db, unitId: number, measureId: number, year: number) {
  // independent look-ups side by side (several pooled connections on PostgreSQL)
  const [unit, measures, children, parentTargets, ownSums] = await Promise.all([
    unitOrThrow(db, unitId),
    allMeasures(db),
    db.selectFrom('admin_unit').select(['id', 'name', 'code', 'level', 'valid_to']).where('parent_id', '=', unitId).where('valid_from', '<=', `${year}-12-31`).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', `${year}-01-01`)])).where('level', '<>', 'village').orderBy('code').orderBy('name').execute(),
    planTargetsFor(db, unitId, year),
    seriesSums(db, unitId, { measureId }),
  ]);
  const m = measures.find((x) => x.id === measureId);
  if (!m) throw new ReportingError(404, 'not_found', 'Không tìm thấy chỉ tiêu.', 'Measure not found.');
  const ids = children.map((c) => c.id);
  // only the years a judgement needs: this one, the year before the plan, relative targets' base years
  const years = new Set([year, (parentTargets.plan?.periodFrom ?? 2021) - 1]);
  for (const t of parentTargets.targets.get(measureId) ?? []) if (t.relative?.baselineYear) years.add(t.relative.baselineYear);
  const byUnit = new Map<number, Map<number, Sums>>();
  // children with a plan of their own are judged against it
  const [sums, ownPlans] = await Promise.all([
    isIndicatorOne(m) ? indicatorOneSeries(db, ids, [...years]) : sumsFor(db, ids, { measureId, years: [...years] }).then((all) => new Map(ids.map((id) => [id, all.get(id)?.get(measureId) ?? new Map<number, Sums>()]))),
    ids.length ? db.selectFrom('plan').select('issuer_unit_id').where('issuer_unit_id', 'in', ids).where('status', '<>', 'superseded').execute() : Promise.resolve([]),
  ]);
  for (const id of ids) byUnit.set(id, sums.get(id) ?? new Map());
  const withPlan = new Set(ownPlans.map((p) => p.issuer_unit_id));
  const rowsOut = [];
  for (const c of children) {
    const pt = withPlan.has(c.id) ? await planTargetsFor(db, c.id, year) : { ...parentTargets, baselines: new Map() };
    const { fig, status } = judge(m, year, byUnit.get(c.id), pt);
    // a unit abolished during the year (the districts on 01/07/2025) with nothing expected from it is not a row
    if (c.valid_to !== null && day(c.valid_to) <= `${year}-12-31` && fig.value === null && fig.expectedCount === 0) continue;
    rowsOut.push({ unit: { id: c.id, name: c.name, code: c.code, level: c.level }, ...suppressFigure(m.code, fig), ...statusView(status) });
  }
  const own = isIndicatorOne(m) ? new Map([[measureId, (await indicatorOneSeries(db, [unitId], [year])).get(unitId)!]]) : ownSums;
  return { unit: { id: unit.id, name: unit.name, level: unit.level }, measure: { id: m.id, code: m.code, nameVi: m.nameVi, unit: m.unit, direction: m.direction }, year, total: suppressFigure(m.code, figure(m.unit, own.get(measureId)?.get(year) ?? { numerator: 0, denominator: 0, reportingCount: 0, expectedCount: 0 })), children: rowsOut };
}

/** Reports received ÷ expected and received on time ÷ expected, for the unit's subtree. */
export async function completeness(db: Db, unitId: number, year: number, kind = 'annual', period?: string) {
  // one period (2025S1, 2025Q3, 202507): its kind follows from the code
  if (period !== undefined && kind === 'annual') { const p = reportingPeriod(period); if (p && p.type !== 'Yearly') kind = KIND_OF_TYPE[p.type]; }
  const unit = await unitOrThrow(db, unitId);
  const rows = await sql<{ top: number | null; top_name: string | null; sector: string | null; expected: number; received: number; on_time: number }>`
    with recursive sub(id, top) as (
      select ${unitId}::int, null::int
      union all
      select u.id, coalesce(sub.top, u.id) from admin_unit u join sub on u.parent_id = sub.id
    )
    select sub.top, tu.name as top_name, a.sector,
      count(*) as expected,
      count(*) filter (where o.status in ('submitted','approved')) as received,
      count(*) filter (where o.status in ('submitted','approved') and o.on_time) as on_time
    from obligation o join sub on sub.id = o.unit_id
    left join admin_unit tu on tu.id = sub.top
    left join agency a on a.id = o.agency_id
    where o.year = ${year} and o.kind = ${kind} ${period !== undefined ? sql`and o.period = ${period}` : sql``}
    group by sub.top, tu.name, a.sector`.execute(db);
  const acc = () => ({ expected: 0, received: 0, onTime: 0 });
  const total = acc();
  const byUnit = new Map<number, { unit: { id: number; name: string }; expected: number; received: number; onTime: number }>();
  const bySector = new Map<string, { sector: string; expected: number; received: number; onTime: number }>();
  const own = acc();
  for (const r of rows.rows) {
    const e = Number(r.expected), rc = Number(r.received), ot = Number(r.on_time);
    total.expected += e; total.received += rc; total.onTime += ot;
    if (r.top === null) { own.expected += e; own.received += rc; own.onTime += ot; }
    else {
      const u = byUnit.get(r.top) ?? { unit: { id: r.top, name: r.top_name ?? '' }, ...acc() };
      u.expected += e; u.received += rc; u.onTime += ot; byUnit.set(r.top, u);
    }
    const s = r.sector ?? 'unit';
    const x = bySector.get(s) ?? { sector: s, ...acc() };
    x.expected += e; x.received += rc; x.onTime += ot; bySector.set(s, x);
  }
  const rate = <T extends { expected: number; received: number; onTime: number }>(x: T) => ({ ...x, completeness: x.expected ? x.received / x.expected : null, timeliness: x.expected ? x.onTime / x.expected : null });
  return { unit: { id: unit.id, name: unit.name }, year, kind, period: period ?? null, total: rate(total), own: rate(own), byUnit: [...byUnit.values()].map(rate).sort((a, b) => a.unit.name.localeCompare(b.unit.name, 'vi')), byAgencySector: [...bySector.values()].map(rate) };
}

export async function overview(db: Db, unitId: number, year: number) {
  const dash = await unitDashboard(db, unitId, year);
  const offTrack = dash.measures.filter((m) => m.status === 'off_track' || m.status === 'at_risk');
  const todayVn = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const late = await sql<{ id: number; unit_id: number; unit_name: string; agency_name: string | null; kind: string; period: string; due_date: string; status: string; first_submitted_at: Date | null; submitted_at: Date | null }>`
    with recursive sub(id) as (select ${unitId}::int union all select u.id from admin_unit u join sub on u.parent_id = sub.id)
    select o.id, o.unit_id, u.name as unit_name, a.name as agency_name, o.kind, o.period, o.due_date, o.status, o.first_submitted_at, o.submitted_at
    from obligation o join sub on sub.id = o.unit_id join admin_unit u on u.id = o.unit_id left join agency a on a.id = o.agency_id
    where o.year = ${year} and (
      (o.status in ('draft','returned') and o.due_date < ${todayVn}::date)
      or (o.status in ('submitted','approved') and not o.on_time))
    order by o.due_date, o.id limit 200`.execute(db);
  return {
    unit: dash.unit, year, plan: dash.plan,
    offTrack: offTrack.map((m) => ({ measureId: m.measureId, code: m.code, unit: m.unit, nameVi: m.nameVi, nameEn: m.nameEn, value: m.value, status: m.status, label: m.label, target: m.target, expected: m.expected, coverage: m.coverage, partial: m.partial })),
    lateReports: late.rows.map((r) => ({ id: r.id, unit: { id: r.unit_id, name: r.unit_name }, agency: r.agency_name, kind: r.kind, period: r.period, periodLabel: periodLabel(r.period).vi, dueDate: day(r.due_date), status: r.status, submittedAt: r.submitted_at ? new Date(r.submitted_at).toISOString() : null, firstSubmittedAt: r.first_submitted_at ? new Date(r.first_submitted_at).toISOString() : null, overdue: r.status === 'draft' || r.status === 'returned' })),
  };
}
