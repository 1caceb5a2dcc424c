/**
 * Where exchanged values are read from and written to: the reporting engine's data values.
 * The exchange routes go through this small interface so the codecs never depend on the reporting
 * tables; src/storage/exchange-reporting.ts registers the adapter over them.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { ExchangeValue, MeasureInfo, ReportResolution, ValueWrite } from '../exchange/types.ts';

type Db = Kysely<Database>;

export interface ValueStore {
  /** false until an adapter over stored data values is registered */
  available: boolean;
  /** values of these units for a period (DHIS2 period code: '2024') */
  read(db: Db, q: { planId: number; unitIds: number[]; period: string }): Promise<ExchangeValue[]>;
  /**
   * The report each row of an import lands in (key: reportKey()), or why it lands nowhere: no report for the
   * period, measure not assigned, report submitted or approved. Absent = every row is taken as writable.
   */
  resolve?(db: Db, q: { planId: number; targets: { unitId: number; measure: string; period: string }[] }): Promise<Map<string, ReportResolution>>;
  /** writes in the caller's transaction (a dry run rolls it back); throws to roll everything back */
  write(trx: Db, q: { planId: number; writes: ValueWrite[]; actor: { userId: number | null; name: string } }): Promise<void>;
  /** DHIS2's completeDate of each unit's report for the period (key `${unitId}|${period}`): the day it was submitted */
  completeDates?(db: Db, q: { planId: number; unitIds: number[]; period: string }): Promise<Map<string, string>>;
}

export const NO_VALUE_STORE: ValueStore = {
  available: false,
  read: async () => [],
  write: async () => {
    throw new Error('no value store registered');
  },
};

let store: ValueStore = NO_VALUE_STORE;
export function setValueStore(s: ValueStore): void {
  store = s;
}
export const valueStore = (): ValueStore => store;

/** The measure catalogue as the import checks need it. */
export async function loadMeasureInfo(db: Db): Promise<Map<string, MeasureInfo>> {
  const rows = await db
    .selectFrom('measure as m')
    .innerJoin('indicator as i', 'i.id', 'm.indicator_id')
    .select(['m.code', 'm.unit', 'm.groups', 'm.disaggregations', 'm.plausible_min', 'm.plausible_max'])
    .where('i.scope_plan_id', 'is', null)
    .execute();
  return new Map(
    rows.map((r) => [
      r.code,
      { code: r.code, unit: r.unit as MeasureInfo['unit'], groups: r.groups ?? [], disaggregations: r.disaggregations ?? [], plausibleMin: r.plausible_min === null ? null : Number(r.plausible_min), plausibleMax: r.plausible_max === null ? null : Number(r.plausible_max) },
    ]),
  );
}

/** The unit and every unit below it (for the scope of an import). */
export async function subtreeUnitIds(db: Db, unitId: number): Promise<Set<number>> {
  const ids = new Set<number>([unitId]);
  let frontier = [unitId];
  while (frontier.length) {
    const rows = await db.selectFrom('admin_unit').select('id').where('parent_id', 'in', frontier).execute();
    frontier = rows.map((r) => r.id).filter((id) => !ids.has(id));
    for (const id of frontier) ids.add(id);
  }
  return ids;
}
