/**
 * Live sums of sub-annual periods (six months, quarters, months) for a unit: its subtree's
 * (aggregate_period_value, migration 101) plus, for a reporting unit, its own submitted or approved values.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import './schema-reporting.ts';
import { n0 } from './reporting.ts';
import type { AggregateSums } from '../domain/reporting/aggregation.ts';
import { reportingPeriod, type SubPeriodSums } from '../domain/reporting/periods.ts';

type Db = Kysely<Database>;
const RATIO = sql`('percent','per_1000','per_10000','per_100000')`;

/** measure id → the sums of each sub-annual period of `year` (total, disaggregation key ''). */
export async function periodSumsFor(db: Db, unitId: number, year: number, measureId?: number): Promise<Map<number, SubPeriodSums[]>> {
  const measureFilterA = measureId !== undefined ? sql`and a.measure_id = ${measureId}` : sql``;
  const measureFilterO = measureId !== undefined ? sql`and om.measure_id = ${measureId}` : sql``;
  const rows = await sql<{ measure_id: number; period: string; num: unknown; den: unknown; n: unknown; expected: unknown }>`
    select a.measure_id, a.period, a.sum_numerator as num, a.sum_denominator as den, a.reporting_count as n, a.expected_count as expected
    from aggregate_period_value a where a.unit_id = ${unitId} and a.year = ${year} and a.disagg_key = '' ${measureFilterA}
    union all
    select om.measure_id, o.period,
      sum(case when m.unit in ${RATIO} then dv.numerator else dv.value end) filter (where o.status in ('submitted','approved') and dv.id is not null and not dv.unknown),
      sum(case when m.unit in ${RATIO} then dv.denominator when m.unit = 'boolean' then 1 else 0 end) filter (where o.status in ('submitted','approved') and dv.id is not null and not dv.unknown),
      count(dv.id) filter (where o.status in ('submitted','approved') and not dv.unknown and (case when m.unit in ${RATIO} then dv.numerator is not null and dv.denominator > 0 else dv.value is not null end)),
      count(distinct o.id)
    from obligation o
    join obligation_measure om on om.obligation_id = o.id and om.feeds
    join measure m on m.id = om.measure_id
    left join data_value dv on dv.obligation_id = o.id and dv.measure_id = om.measure_id and dv.disagg_key = ''
    where o.unit_id = ${unitId} and o.year = ${year} and o.kind in ('sixmonthly','quarterly','monthly') ${measureFilterO}
    group by 1, 2`.execute(db);
  const out = new Map<number, SubPeriodSums[]>();
  for (const r of rows.rows) {
    const list = out.get(r.measure_id) ?? [];
    const sums: AggregateSums = { numerator: n0(r.num), denominator: n0(r.den), reportingCount: n0(r.n), expectedCount: n0(r.expected) };
    const same = list.find((x) => x.code === r.period);
    if (same) same.sums = { numerator: same.sums.numerator + sums.numerator, denominator: same.sums.denominator + sums.denominator, reportingCount: same.sums.reportingCount + sums.reportingCount, expectedCount: same.sums.expectedCount + sums.expectedCount };
    else list.push({ code: r.period, sums });
    out.set(r.measure_id, list);
  }
  for (const list of out.values()) list.sort((a, b) => (reportingPeriod(a.code)?.start ?? '').localeCompare(reportingPeriod(b.code)?.start ?? '') || a.code.localeCompare(b.code));
  return out;
}

