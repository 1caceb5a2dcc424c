/**
 * THE figure of indicator 1 (share of child-friendly communes) for any unit and year, from the
 * recognitions of the child-friendly commune cycle (src/storage/cff). Everything that shows a figure
 * for indicator 1 reads it from here: the unit dashboard, the child-unit table, the series, the
 * leader's overview (through the dashboard), the documents' and XLSX indicator tables (through the
 * dashboard), the DHIS2/ADX/XLSX value exports, the report form and the child-friendly commune page.
 * Rules: src/domain/reporting/indicator1.ts. Reads only; a few queries per year whatever the number of units.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import './schema-cff.ts';
import './schema-reporting.ts';
import { isRecognised, type DecisionRecord } from '../domain/cff/share.ts';
import { indicatorOneSums, INDICATOR_ONE, DERIVED_MEASURES, type IndicatorOneSums } from '../domain/reporting/indicator1.ts';
import { figure, type AggregateFigure } from '../domain/reporting/aggregation.ts';
import { unitsStandingFor, withSuccessors } from './cff/units.ts';
import { day } from './reporting.ts';

type Db = Kysely<Database>;

const vnToday = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const validOn = (u: { valid_from: string | Date; valid_to: string | Date | null }, on: string) => day(u.valid_from) <= on && (u.valid_to === null || day(u.valid_to) > on);

/** The province (or, failing one, the top unit) above each of `ids`, following parent_id as recorded. */
async function provincesOf(db: Db, ids: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!ids.length) return out;
  const rows = await sql<{ start: number; id: number; level: string; depth: number }>`
    with recursive up(start, id, depth) as (
      select id, id, 0 from admin_unit where id in (${sql.join(ids)})
      union all
      select up.start, u.parent_id, up.depth + 1 from up join admin_unit u on u.id = up.id where u.parent_id is not null and up.depth < 8
    )
    select up.start, a.id, a.level, up.depth from up join admin_unit a on a.id = up.id`.execute(db);
  const best = new Map<number, { id: number; province: boolean; depth: number }>();
  for (const r of rows.rows) {
    const b = best.get(r.start);
    const province = r.level === 'province';
    // the nearest province; without one, the topmost unit
    if (!b || (province && (!b.province || r.depth < b.depth)) || (!province && !b.province && r.depth > b.depth)) best.set(r.start, { id: r.id, province, depth: r.depth });
  }
  for (const [start, b] of best) out.set(start, b.id);
  return out;
}

export interface IndicatorOneFigure extends AggregateFigure {
  unitId: number;
  year: number;
  /** communes of the unit on 31/12 of the year, covered or not */
  communes: number;
  recognised: number;
  source: 'recognitions';
}

/**
 * unit → year → the sums of indicator 1. Years after the current one have no figure (absent).
 * A unit that did not exist on 31/12 of a year answers through the units standing for it then
 * (its predecessors before a merger, its successors after it ended), like the series of any measure.
 */
export async function indicatorOneSumsFor(db: Db, unitIds: number[], years: number[]): Promise<Map<number, Map<number, IndicatorOneSums>>> {
  const thisYear = Number(vnToday().slice(0, 4));
  const wanted = [...new Set(years)].filter((y) => y <= thisYear);
  const ids = [...new Set(unitIds)];
  const out = new Map<number, Map<number, IndicatorOneSums>>();
  if (!ids.length || !wanted.length) return out;
  const tokens = (await sql<{ tree: string | null; cff: string | null }>`select (select token from unit_tree_version) as tree, (select token from cff_version) as cff`.execute(db)).rows[0];
  const cache = tokens?.tree && tokens.cff ? sumsCache.at(`${tokens.tree}|${tokens.cff}|${thisYear}`) : null;
  const missingUnits = new Set<number>();
  const missingYears = new Set<number>();
  for (const id of ids)
    for (const year of wanted) {
      const cached = cache?.get(`${id}|${year}`);
      if (cached) {
        const byYear = out.get(id) ?? new Map<number, IndicatorOneSums>();
        byYear.set(year, cached);
        out.set(id, byYear);
      } else {
        missingUnits.add(id);
        missingYears.add(year);
      }
    }
  if (!missingUnits.size) return out;
  const computed = await computeIndicatorOneSums(db, [...missingUnits], [...missingYears].sort((a, b) => a - b));
  for (const [id, byYear] of computed)
    for (const [year, sums] of byYear) {
      cache?.set(`${id}|${year}`, sums);
      const into = out.get(id) ?? new Map<number, IndicatorOneSums>();
      if (!into.has(year)) into.set(year, sums);
      out.set(id, into);
    }
  return out;
}

/**
 * Indicator 1's sums kept between requests, under the tokens of the unit tree (migration 060) and of
 * the child-friendly commune data (migration 085), which every write to what the sums are computed
 * from replaces, on every server: an entry is found only while nothing it was computed from has
 * changed. A token read inside a transaction that then rolls back is random and never seen again.
 * The current year is part of the key (years after it have no figure). Bounded: a new key drops
 * the old entries, and at most MAX_ENTRIES (unit, year) pairs are kept.
 */
const sumsCache = (() => {
  const MAX_ENTRIES = 50_000;
  let key = '';
  let entries = new Map<string, IndicatorOneSums>();
  return {
    at(current: string) {
      if (current !== key) {
        key = current;
        entries = new Map();
      }
      return {
        get: (k: string) => entries.get(k),
        set: (k: string, v: IndicatorOneSums) => {
          if (key !== current) return; // the tokens moved on while this was computed
          if (entries.size >= MAX_ENTRIES) entries.clear();
          entries.set(k, Object.freeze(v)); // shared by every later request: read-only
        },
      };
    },
  };
})();

/** The sums computed from the database: `ids` distinct, `wanted` distinct years up to the current one, ascending, both non-empty. */
async function computeIndicatorOneSums(db: Db, ids: number[], wanted: number[]): Promise<Map<number, Map<number, IndicatorOneSums>>> {
  const out = new Map<number, Map<number, IndicatorOneSums>>();
  const units = new Map((await db.selectFrom('admin_unit').select(['id', 'valid_from', 'valid_to']).where('id', 'in', ids).execute()).map((u) => [u.id, u]));

  // per year: the units standing for each unit on 31/12 (itself, unless it did not exist then)
  const rootsByYear = new Map<number, Map<number, number[]>>(); // year → root → units it stands for
  for (const year of wanted) {
    const asOf = `${year}-12-31`;
    const roots = new Map<number, number[]>();
    for (const id of ids) {
      const u = units.get(id);
      if (!u) continue;
      const standing = validOn(u, asOf) ? [id] : (await unitsStandingFor(db, id, asOf)).map((s) => s.id);
      for (const r of standing) roots.set(r, [...(roots.get(r) ?? []), id]);
    }
    rootsByYear.set(year, roots);
  }
  // every commune below those roots with the dates its whole path to the root was in force, in one query for all years
  const allRoots = [...new Set([...rootsByYear.values()].flatMap((r) => [...r.keys()]))];
  const from = `${wanted[0]}-12-31`;
  const to = `${wanted[wanted.length - 1]}-12-31`;
  const paths = allRoots.length
    ? (
        await sql<{ root: number; id: number; pf: string; pt: string }>`
          with recursive scope(root, id, pf, pt) as (
            select id, id, '0001-01-01'::date, '9999-12-31'::date from admin_unit where id in (${sql.join(allRoots)})
            union all
            select s.root, u.id, greatest(s.pf, u.valid_from), least(s.pt, coalesce(u.valid_to, '9999-12-31'::date))
            from admin_unit u join scope s on u.parent_id = s.id
            where u.level <> 'village' and u.valid_from <= ${to}::date and coalesce(u.valid_to, '9999-12-31'::date) > ${from}::date
          )
          select s.root, s.id, s.pf::text as pf, s.pt::text as pt from scope s join admin_unit u on u.id = s.id
          where u.level = 'commune' and s.pf <= ${to}::date and s.pt > ${from}::date`.execute(db)
      ).rows
    : [];
  const communesByYear = new Map<number, Map<number, number[]>>();
  const allCommunes = new Set<number>();
  for (const year of wanted) {
    const asOf = `${year}-12-31`;
    const roots = rootsByYear.get(year)!;
    const byUnit = new Map<number, number[]>(ids.map((id) => [id, []]));
    for (const r of paths) {
      if (!(r.pf <= asOf && r.pt > asOf)) continue;
      const standsFor = roots.get(r.root);
      if (!standsFor) continue;
      allCommunes.add(r.id);
      for (const unit of standsFor) byUnit.get(unit)!.push(r.id);
    }
    communesByYear.set(year, byUnit);
  }
  const communeIds = [...allCommunes];

  // decisions about those communes, and which provinces ran the cycle each year
  const minYear = wanted[0];
  const maxYear = wanted[wanted.length - 1];
  const decisions = communeIds.length
    ? await db
        .selectFrom('cff_decision as d')
        .innerJoin('cff_registration as r', 'r.id', 'd.registration_id')
        .innerJoin('cff_standard as s', 's.id', 'r.standard_id')
        .select(['d.unit_id', 'd.year', 'd.kind', 'd.decided_on', 'd.registration_id', 's.recognition_validity_years'])
        .where('d.unit_id', 'in', communeIds)
        .where('d.decided_on', '<=', `${maxYear}-12-31`)
        .execute()
    : [];
  const decisionsOf = new Map<number, DecisionRecord[]>();
  for (const d of decisions) decisionsOf.set(d.unit_id, [...(decisionsOf.get(d.unit_id) ?? []), { unitId: d.unit_id, year: d.year, kind: d.kind as DecisionRecord['kind'], decidedOn: day(d.decided_on), registrationId: d.registration_id, validityYears: d.recognition_validity_years }]);
  const activity = await sql<{ unit_id: number; year: number; last_year: number }>`
    select r.unit_id, r.year, r.year as last_year from cff_registration r where r.year between ${minYear} and ${maxYear}
    union all
    select d.unit_id, d.year, d.year + s.recognition_validity_years - 1 from cff_decision d
      join cff_registration r on r.id = d.registration_id join cff_standard s on s.id = r.standard_id
    where d.kind = 'recognised' and s.recognition_validity_years > 1 and d.year <= ${maxYear} and d.year + s.recognition_validity_years - 1 >= ${minYear}`.execute(db);
  const provinceOf = await provincesOf(db, [...new Set([...communeIds, ...activity.rows.map((a) => a.unit_id)])]);
  const running = new Map<number, Set<number>>(); // year → provinces running the cycle (and their successors)
  for (const year of wanted) {
    const provinces = new Set<number>();
    for (const a of activity.rows) if (Number(a.year) <= year && Number(a.last_year) >= year && provinceOf.has(a.unit_id)) provinces.add(provinceOf.get(a.unit_id)!);
    running.set(year, provinces.size ? await withSuccessors(db, [...provinces]) : provinces);
  }

  for (const year of wanted) {
    const asOf = `${year}-12-31`;
    const provinces = running.get(year)!;
    for (const [unit, communes] of communesByYear.get(year)!) {
      if (!units.has(unit)) continue;
      const standing = communes.map((c) => ({ covered: provinces.has(provinceOf.get(c) ?? -1), recognised: isRecognised(decisionsOf.get(c) ?? [], c, year, asOf) !== null }));
      const byYear = out.get(unit) ?? new Map<number, IndicatorOneSums>();
      byYear.set(year, indicatorOneSums(standing));
      out.set(unit, byYear);
    }
  }
  return out;
}

/** Indicator 1 of one unit for one year, as a figure (value in %, coverage, partial). */
export async function indicatorOne(db: Db, unitId: number, year: number): Promise<IndicatorOneFigure> {
  const sums = (await indicatorOneSumsFor(db, [unitId], [year])).get(unitId)?.get(year) ?? { numerator: 0, denominator: 0, reportingCount: 0, expectedCount: 0, communes: 0, recognised: 0 };
  return { unitId, year, ...figure('percent', sums), communes: sums.communes, recognised: sums.recognised, source: 'recognitions' };
}

/**
 * The figures a report shows but never asks for (indicator 1), for the report's unit and year:
 * only on a unit's own report (not an agency's) of a plan that monitors indicator 1.
 */
export async function derivedFiguresFor(db: Db, obligationId: number) {
  const o = await db.selectFrom('obligation').select(['unit_id', 'agency_id', 'plan_id', 'year']).where('id', '=', obligationId).executeTakeFirst();
  if (!o || o.agency_id !== null) return [];
  const m = await db
    .selectFrom('plan_indicator as pi')
    .innerJoin('indicator as i', 'i.id', 'pi.indicator_id')
    .innerJoin('measure as m', 'm.indicator_id', 'i.id')
    .select(['m.id', 'm.code', 'm.name_vi', 'm.name_en', 'm.unit'])
    .where('pi.plan_id', '=', o.plan_id)
    .where('i.scope_plan_id', 'is', null)
    .where('i.code', '=', INDICATOR_ONE.indicator)
    .where('m.code', '=', INDICATOR_ONE.measure)
    .executeTakeFirst();
  if (!m) return [];
  const f = await indicatorOne(db, o.unit_id, o.year);
  return [{ measureId: m.id, measure: m.code, nameVi: m.name_vi, nameEn: m.name_en, unit: m.unit, value: f.value, numerator: f.numerator, denominator: f.denominator, coverage: f.coverage, communes: f.communes, recognised: f.recognised, source: f.source, noteVi: DERIVED_MEASURES[m.code].vi, noteEn: DERIVED_MEASURES[m.code].en }];
}
