/**
 * One convention for the unit and year of the reporting, monitoring and child-friendly commune pages:
 *   ?unit=<id>&year=<YYYY>   (the older ?unitId= of the child-friendly pages is still read)
 * Without them a page opens on the caller's own unit and the latest year with data
 * (GET /api/reporting/defaults), never on an empty current year.
 */
import { useApi } from './api.ts';
import { setQuery, useRoute } from './router.ts';

export interface ReportingDefaults {
  unit: { id: number; name: string; level: string } | null;
  reportsYear: number;
  dataYear: number;
  cffYear: number;
}

/** ?unit= (or the old ?unitId=) as a number, or null. */
export function unitFromQuery(query: URLSearchParams): number | null {
  return Number(query.get('unit') ?? query.get('unitId')) || null;
}

/** A link's query for a unit and year, in the one convention. */
export function unitYearQuery(unitId: number | null | undefined, year: number | null | undefined, extra: Record<string, string | number | null | undefined> = {}): string {
  const search = new URLSearchParams();
  if (unitId) search.set('unit', String(unitId));
  if (year) search.set('year', String(year));
  for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
}

export interface UnitYear {
  /** the unit asked for, else the caller's own unit (null: none) */
  unitId: number | null;
  /** the year asked for, else the default of this kind of page; null = all years (?year=all) */
  year: number | null;
  /** false while the defaults are still loading (do not fetch with a provisional year) */
  ready: boolean;
  defaults: ReportingDefaults | undefined;
  setUnit(id: number | null): void;
  setYear(year: number | string | null): void;
}

export function useUnitYear(yearKind: 'reportsYear' | 'dataYear' | 'cffYear', options: { defaultUnit?: boolean } = {}): UnitYear {
  const { query } = useRoute();
  const explicitUnit = unitFromQuery(query);
  const rawYear = query.get('year');
  const needDefaults = explicitUnit === null || !rawYear;
  const defaults = useApi<ReportingDefaults>(needDefaults ? '/api/reporting/defaults' : null);
  const fallbackYear = defaults.data?.[yearKind] ?? (defaults.error ? new Date().getFullYear() : null);
  const unitId = explicitUnit ?? (options.defaultUnit === false || query.get('unit') === '' ? null : defaults.data?.unit?.id ?? null);
  const year = rawYear === 'all' ? null : Number(rawYear) || fallbackYear;
  return {
    unitId,
    year,
    ready: !needDefaults || defaults.data !== undefined || defaults.error !== null,
    defaults: defaults.data,
    // writing ?unit= also drops the old ?unitId=
    setUnit: (id) => setQuery({ unit: id, unitId: null }),
    setYear: (y) => setQuery({ year: y }),
  };
}
