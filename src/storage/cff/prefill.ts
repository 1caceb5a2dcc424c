/**
 * Pre-filling indicator-sourced sub-criteria (birth registration, immunisation, abuse, play spaces…)
 * from the values vitreem already holds: the reporting area's aggregates (aggregate_value, submitted
 * and approved annual reports of the commune), the latest year up to the cycle's year. The source is
 * replaceable (`setCffPrefillSource`) for tests or another data source.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import '../schema-reporting.ts';
import { figure } from '../../domain/reporting/aggregation.ts';
import type { MeasureUnit } from '../../domain/model.ts';

export interface PrefillValue {
  value: number;
  /** where it came from, shown on the form: "báo cáo năm 2024 (chỉ tiêu 14)" */
  source: string;
}

export type PrefillSource = (db: Kysely<Database>, unitId: number, year: number, measureCode: string) => Promise<PrefillValue | null>;

/** The commune's own reported figure for the national measure, latest year ≤ `year` (and at most 2 years old). */
export const reportedValues: PrefillSource = async (db, unitId, year, measureCode) => {
  const row = await db
    .selectFrom('aggregate_value as a')
    .innerJoin('measure as m', 'm.id', 'a.measure_id')
    .innerJoin('indicator as i', 'i.id', 'm.indicator_id')
    .select(['a.year', 'a.sum_numerator', 'a.sum_denominator', 'a.reporting_count', 'a.expected_count', 'm.unit'])
    .where('a.unit_id', '=', unitId)
    .where('m.code', '=', measureCode)
    .where('i.scope_plan_id', 'is', null)
    .where('a.disagg_key', '=', '')
    .where('a.year', '<=', year)
    .where('a.year', '>=', year - 2)
    .where('a.reporting_count', '>', 0)
    .orderBy('a.year', 'desc')
    .executeTakeFirst();
  if (!row) return null;
  const f = figure(row.unit as MeasureUnit, { numerator: Number(row.sum_numerator), denominator: Number(row.sum_denominator), reportingCount: Number(row.reporting_count), expectedCount: Number(row.expected_count) });
  if (f.value === null) return null;
  return { value: Math.round(f.value * 100) / 100, source: `báo cáo năm ${row.year} (chỉ tiêu ${measureCode})` };
};

let source: PrefillSource = reportedValues;

export function setCffPrefillSource(next: PrefillSource): void {
  source = next;
}

export function cffPrefillSource(): PrefillSource {
  return source;
}
