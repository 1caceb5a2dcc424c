/**
 * The adapter between documents/exchange and the reporting engine (src/storage/reporting.ts,
 * src/storage/dashboard.ts). Importing this module registers it.
 *  - values: the data values of each unit's yearly reports (obligation kind 'annual': the unit's own and
 *    its agencies'; each measure is read from, and written to, the report it is assigned to, the one
 *    that feeds the aggregates and the unit's own first);
 *    rates travel as numerator and denominator, counts and yes/no as value; the group is the
 *    reporting engine's disaggregation key ('area:rural', 'sex:female'; '' = total);
 *  - writes go through saveValues (validation, history, versioning) of each unit's report, all in the
 *    caller's transaction: a refused report refuses the whole import;
 *  - indicator 1 is computed from the child-friendly commune recognitions (src/storage/indicator1.ts) on
 *    export and never written on import (the import plan ignores it with a warning);
 *  - report results and statuses come from the live dashboard, completeness from its completeness table.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { setValueStore, type ValueStore } from './exchange-values.ts';
import { setResultsProvider, type IndicatorResult, type ResultsProvider } from './documents.ts';
import { saveValues } from './reporting.ts';
import { completeness, unitDashboard } from './dashboard.ts';
import { ReportingError } from '../domain/reporting/errors.ts';
import { DERIVED_MEASURES, INDICATOR_ONE } from '../domain/reporting/indicator1.ts';
import { indicatorOneSumsFor } from './indicator1.ts';
import { AppError } from '../api/errors.ts';
import type { ExchangeValue } from '../exchange/types.ts';

type Db = Kysely<Database>;
const RATIO = new Set(['percent', 'per_1000', 'per_10000', 'per_100000']);
const num = (x: unknown): number | null => (x === null || x === undefined ? null : Number(x));

export const reportingValueStore: ValueStore = {
  available: true,
  async read(db, q) {
    if (!q.unitIds.length || !/^\d{4}$/.test(q.period)) return [];
    const rows = await db
      .selectFrom('data_value as dv')
      .innerJoin('obligation as o', 'o.id', 'dv.obligation_id')
      .innerJoin('measure as m', 'm.id', 'dv.measure_id')
      .leftJoin('obligation_measure as om', (j) => j.onRef('om.obligation_id', '=', 'o.id').onRef('om.measure_id', '=', 'dv.measure_id'))
      .select(['o.unit_id', 'o.agency_id', 'om.feeds', 'm.code', 'm.unit', 'dv.disagg_key', 'dv.numerator', 'dv.denominator', 'dv.value', 'dv.unknown', 'dv.comment'])
      .where('o.unit_id', 'in', q.unitIds)
      .where('o.year', '=', Number(q.period))
      .where('o.kind', '=', 'annual')
      .execute();
    rows.sort((a, b) => a.unit_id - b.unit_id || a.code.localeCompare(b.code) || a.disagg_key.localeCompare(b.disagg_key) || Number(b.feeds ?? false) - Number(a.feeds ?? false) || (a.agency_id === null ? -1 : 0) - (b.agency_id === null ? -1 : 0));
    const out: ExchangeValue[] = [];
    const seen = new Set<string>();
    for (const r of rows) {
      const k = `${r.unit_id}|${r.code}|${r.disagg_key}`;
      // indicator 1 is computed from the recognitions (below), never read from what a report held
      if (r.code in DERIVED_MEASURES) continue;
      if (r.unknown || seen.has(k)) continue;
      seen.add(k);
      const base = { unitId: r.unit_id, measure: r.code, group: r.disagg_key || null, period: q.period, comment: r.comment };
      if (RATIO.has(r.unit)) {
        const n = num(r.numerator);
        const d = num(r.denominator);
        if (n !== null && d !== null) out.push({ ...base, part: 'numerator', value: n }, { ...base, part: 'denominator', value: d, comment: null });
      } else if (num(r.value) !== null) out.push({ ...base, part: 'value', value: num(r.value)! });
    }
    const year = Number(q.period);
    const one = await indicatorOneSumsFor(db, q.unitIds, [year]);
    for (const unitId of q.unitIds) {
      const f = one.get(unitId)?.get(year);
      if (!f || f.reportingCount === 0) continue;
      const base = { unitId, measure: INDICATOR_ONE.measure, group: null, period: q.period, comment: null };
      out.push({ ...base, part: 'numerator', value: f.numerator }, { ...base, part: 'denominator', value: f.denominator });
    }
    return out;
  },
  async write(trx, q) {
    const byUnitYear = new Map<string, ExchangeValue[]>();
    for (const v of q.values) {
      if (v.measure in DERIVED_MEASURES) continue; // computed, never stored (the import plan warned)
      const k = `${v.unitId}|${v.period}`;
      byUnitYear.set(k, [...(byUnitYear.get(k) ?? []), v]);
    }
    for (const [k, values] of byUnitYear) {
      const [unitId, year] = k.split('|').map(Number);
      // the reports of the unit for the year, with the measures assigned to each
      const assigned = await trx
        .selectFrom('obligation as o')
        .innerJoin('obligation_measure as om', 'om.obligation_id', 'o.id')
        .innerJoin('measure as m', 'm.id', 'om.measure_id')
        .select(['o.id', 'o.version', 'o.agency_id', 'om.feeds', 'm.code'])
        .where('o.unit_id', '=', unitId)
        .where('o.year', '=', year)
        .where('o.kind', '=', 'annual')
        .execute();
      assigned.sort((a, b) => Number(b.feeds) - Number(a.feeds) || (a.agency_id === null ? -1 : 0) - (b.agency_id === null ? -1 : 0) || a.id - b.id);
      // every row resolves to a report the caller may write (agency included), or nothing is written
      const refused = new Set<number>();
      if (q.mayWrite) for (const a of assigned) if (!(await q.mayWrite({ unitId, agencyId: a.agency_id }))) refused.add(a.id);
      const unitName = async () => (await trx.selectFrom('admin_unit').select('name').where('id', '=', unitId).executeTakeFirst())?.name ?? String(unitId);
      if (!assigned.length)
        throw new AppError(409, 'no_report', `Đơn vị ${await unitName()} chưa có báo cáo năm ${year} để nhận số liệu (hãy tạo nghĩa vụ báo cáo của kế hoạch cho năm này trước).`, `Unit ${await unitName()} has no ${year} report to receive values (generate the plan's reporting obligations for that year first).`, ['orgUnit']);
      // merge the parts of each measure/group into one reported value, per report
      const perObligation = new Map<number, { version: number; merged: Map<string, { measure: string; key: string; numerator?: number; denominator?: number; value?: number; comment: string | null }> }>();
      for (const v of values) {
        const target = assigned.find((a) => a.code === v.measure && !refused.has(a.id));
        if (!target && assigned.some((a) => a.code === v.measure))
          throw new AppError(403, 'forbidden', `Bạn không có quyền ghi chỉ số ${v.measure} vào báo cáo năm ${year} của ${await unitName()} (báo cáo của cơ quan khác); không dòng nào được lưu.`, `You may not write measure ${v.measure} into the ${year} report of ${await unitName()} (another agency's report); no row was stored.`, ['dataElement']);
        if (!target)
          throw new AppError(409, 'measure_not_assigned', `Chỉ số ${v.measure} không thuộc báo cáo năm ${year} nào của ${await unitName()}.`, `Measure ${v.measure} is in no ${year} report of ${await unitName()}.`, ['dataElement']);
        const entry = perObligation.get(target.id) ?? { version: target.version, merged: new Map() };
        const key = `${v.measure}|${v.group ?? ''}`;
        const m = entry.merged.get(key) ?? { measure: v.measure, key: v.group ?? '', comment: null };
        m[v.part] = v.value;
        if (v.comment) m.comment = v.comment;
        entry.merged.set(key, m);
        perObligation.set(target.id, entry);
      }
      for (const [obligationId, { version, merged }] of perObligation) {
        // keep what the report holds for the measures the import does not touch
        const current = await trx
          .selectFrom('data_value as dv')
          .innerJoin('measure as m', 'm.id', 'dv.measure_id')
          .select(['m.code', 'dv.disagg_key', 'dv.numerator', 'dv.denominator', 'dv.value', 'dv.unknown', 'dv.comment'])
          .where('dv.obligation_id', '=', obligationId)
          .execute();
        const input = current
          .filter((c) => !merged.has(`${c.code}|${c.disagg_key}`))
          .map((c) => ({ measure: c.code, key: c.disagg_key, numerator: num(c.numerator), denominator: num(c.denominator), value: num(c.value), unknown: c.unknown, comment: c.comment }));
        input.push(...[...merged.values()].map((m) => ({ measure: m.measure, key: m.key, numerator: m.numerator ?? null, denominator: m.denominator ?? null, value: m.value ?? null, unknown: false, comment: m.comment })));
        try {
          await saveValues(trx, obligationId, { version, values: input }, { id: q.actor.userId, name: q.actor.name });
        } catch (e) {
          if (e instanceof ReportingError) throw new AppError(e.statusCode, e.code, e.vi, e.en, e.path, e.details);
          throw e;
        }
      }
    }
  },
};

export const reportingResults: ResultsProvider = {
  async results(db, q) {
    const dash = await unitDashboard(db, q.unitId, q.year);
    const out = new Map<string, IndicatorResult>();
    for (const m of dash.measures) out.set(`${m.code}|`, { value: m.value ?? null, status: m.status });
    return out;
  },
  async completeness(db, q) {
    const c = await completeness(db, q.unitId, q.year, 'annual');
    return {
      rows: c.byUnit.map((u) => ({ reporter: u.unit.name, expected: u.expected, received: u.received, onTime: u.onTime })),
      completeness: c.total.completeness,
      timeliness: c.total.timeliness,
    };
  },
};

setValueStore(reportingValueStore);
setResultsProvider(reportingResults);

