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
import { reportKey, type ExchangeValue, type ReportResolution, type ValueWrite } from '../exchange/types.ts';
import { KIND_OF_TYPE, reportingPeriod } from '../domain/reporting/periods.ts';
import type { ObligationKind } from '../domain/reporting/obligations.ts';
import { editable, type ObligationStatus } from '../domain/reporting/workflow.ts';

type Db = Kysely<Database>;
const RATIO = new Set(['percent', 'per_1000', 'per_10000', 'per_100000']);
const num = (x: unknown): number | null => (x === null || x === undefined ? null : Number(x));

/**
 * THE lookup DHIS2 period code → the obligations (reports) that hold its values: a year ("2025") finds the
 * 'annual' reports of that year, a half-year, quarter or month ("2025S1", "2025Q3", "202507") the six-monthly,
 * quarterly or monthly reports carrying that period code (obligation.period, issue #16). Any other period type
 * (weeks, bi-months, financial years) finds none: no plan reports on them.
 */
export function obligationPeriod(code: string): { kind: ObligationKind; year: number; period: string } | null {
  const p = reportingPeriod(code);
  return p ? { kind: KIND_OF_TYPE[p.type] as ObligationKind, year: p.year, period: p.code } : null;
}

interface AssignedReport {
  id: number;
  version: number;
  status: string;
  agency_id: number | null;
  feeds: boolean;
  code: string;
  unit_id: number;
}

/** The reports of these units for a period, with the measures assigned to each; preferred report first. */
async function assignedReports(db: Db, planId: number, unitIds: number[], period: string): Promise<AssignedReport[]> {
  const op = obligationPeriod(period);
  if (!op || !unitIds.length) return [];
  const rows = await db
    .selectFrom('obligation as o')
    .innerJoin('obligation_measure as om', 'om.obligation_id', 'o.id')
    .innerJoin('measure as m', 'm.id', 'om.measure_id')
    .select(['o.id', 'o.version', 'o.status', 'o.agency_id', 'o.unit_id', 'om.feeds', 'm.code'])
    .where('o.plan_id', '=', planId)
    .where('o.unit_id', 'in', unitIds)
    .where('o.period', '=', op.period)
    .where('o.kind', '=', op.kind)
    .execute();
  // the report that feeds the aggregates first, the unit's own before its agencies'
  return rows.sort((a, b) => Number(b.feeds) - Number(a.feeds) || (a.agency_id === null ? -1 : 0) - (b.agency_id === null ? -1 : 0) || a.id - b.id);
}

const refuse = (errorCode: string, property: string, vi: string, en: string): ReportResolution => ({ ok: false, errorCode, property, vi, en });

/**
 * Resolves ONE row of an import (unit, measure, period) to the report it is written into, or says why it cannot
 * be written: the period is not one the plan reports on, the unit has no report for it, the measure is in none of
 * its reports, or the report is submitted / approved (locked). The access check of bulk writes hooks in here.
 */
export function resolveRowReport(target: { unitId: number; measure: string; period: string }, reports: AssignedReport[], unitName: string): ReportResolution {
  if (!obligationPeriod(target.period))
    return refuse('E7614', 'period', `Kỳ "${target.period}" không phải kỳ báo cáo của kế hoạch này`, `Period "${target.period}" is not a period this plan reports on`, );
  const ofUnit = reports.filter((r) => r.unit_id === target.unitId);
  if (!ofUnit.length)
    return refuse('E7616', 'orgUnit', `Đơn vị ${unitName} chưa có báo cáo kỳ ${target.period} để nhận số liệu (hãy tạo nghĩa vụ báo cáo của kế hoạch cho kỳ này trước)`, `Unit ${unitName} has no report for period ${target.period} to receive values (generate the plan's reporting obligations for it first)`);
  const r = ofUnit.find((x) => x.code === target.measure);
  if (!r) return refuse('E7618', 'dataElement', `Chỉ số ${target.measure} không thuộc báo cáo kỳ ${target.period} nào của ${unitName}`, `Measure ${target.measure} is in no report of ${unitName} for period ${target.period}`);
  if (!editable(r.status as ObligationStatus))
    return refuse(
      'E7626',
      'period',
      r.status === 'approved' ? `Báo cáo kỳ ${target.period} của ${unitName} đã được phê duyệt và khóa; cấp phê duyệt có thể mở lại` : `Báo cáo kỳ ${target.period} của ${unitName} đã gửi, đang chờ phê duyệt: không sửa được`,
      r.status === 'approved' ? `The ${target.period} report of ${unitName} is approved and locked; the approving level can reopen it` : `The ${target.period} report of ${unitName} has been submitted and awaits approval: it cannot be edited`,
    );
  return { ok: true, reportId: r.id, status: r.status };
}

async function resolveAll(db: Db, planId: number, targets: { unitId: number; measure: string; period: string }[]): Promise<{ resolutions: Map<string, ReportResolution>; reports: Map<string, AssignedReport[]> }> {
  const resolutions = new Map<string, ReportResolution>();
  const reports = new Map<string, AssignedReport[]>();
  const byPeriod = new Map<string, Set<number>>();
  for (const t of targets) byPeriod.set(t.period, (byPeriod.get(t.period) ?? new Set()).add(t.unitId));
  for (const [period, units] of byPeriod) reports.set(period, await assignedReports(db, planId, [...units], period));
  const unitIds = [...new Set(targets.map((t) => t.unitId))];
  const names = new Map(unitIds.length ? (await db.selectFrom('admin_unit').select(['id', 'name']).where('id', 'in', unitIds).execute()).map((u) => [u.id, u.name]) : []);
  for (const t of targets) resolutions.set(reportKey(t), resolveRowReport(t, reports.get(t.period) ?? [], names.get(t.unitId) ?? String(t.unitId)));
  return { resolutions, reports };
}

export const reportingValueStore: ValueStore = {
  available: true,
  async read(db, q) {
    const op = obligationPeriod(q.period);
    if (!q.unitIds.length || !op) return [];
    const rows = await db
      .selectFrom('data_value as dv')
      .innerJoin('obligation as o', 'o.id', 'dv.obligation_id')
      .innerJoin('measure as m', 'm.id', 'dv.measure_id')
      .leftJoin('obligation_measure as om', (j) => j.onRef('om.obligation_id', '=', 'o.id').onRef('om.measure_id', '=', 'dv.measure_id'))
      .select(['o.unit_id', 'o.agency_id', 'om.feeds', 'm.code', 'm.unit', 'dv.disagg_key', 'dv.numerator', 'dv.denominator', 'dv.value', 'dv.unknown', 'dv.comment', 'dv.followup', 'dv.updated_by_name'])
      .where('o.plan_id', '=', q.planId)
      .where('o.unit_id', 'in', q.unitIds)
      .where('o.period', '=', op.period)
      .where('o.kind', '=', op.kind)
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
      const base = { unitId: r.unit_id, measure: r.code, group: r.disagg_key || null, period: q.period, comment: r.comment, storedBy: r.updated_by_name, ...(r.followup ? { followup: true } : {}) };
      if (RATIO.has(r.unit)) {
        const n = num(r.numerator);
        const d = num(r.denominator);
        if (n !== null && d !== null) out.push({ ...base, part: 'numerator', value: n }, { ...base, part: 'denominator', value: d, comment: null });
      } else if (num(r.value) !== null) out.push({ ...base, part: 'value', value: num(r.value)! });
    }
    // indicator 1 is a year's figure (recognitions are yearly): never written for a part of the year
    if (op.kind !== 'annual') return out;
    const one = await indicatorOneSumsFor(db, q.unitIds, [op.year]);
    for (const unitId of q.unitIds) {
      const f = one.get(unitId)?.get(op.year);
      if (!f || f.reportingCount === 0) continue;
      const base = { unitId, measure: INDICATOR_ONE.measure, group: null, period: q.period, comment: null };
      out.push({ ...base, part: 'numerator', value: f.numerator }, { ...base, part: 'denominator', value: f.denominator });
    }
    return out;
  },
  async resolve(db, q) {
    return (await resolveAll(db, q.planId, q.targets)).resolutions;
  },
  async write(trx, q) {
    const writes = q.writes.filter((w) => !(w.measure in DERIVED_MEASURES)); // computed, never stored (the import plan warned)
    const { resolutions } = await resolveAll(trx, q.planId, writes.map((w) => ({ unitId: w.unitId, measure: w.measure, period: w.period })));
    // the writes of each report, merged per measure/group with what the report holds (a rate's other part stays)
    const perReport = new Map<number, ValueWrite[]>();
    for (const w of writes) {
      const r = resolutions.get(reportKey(w))!;
      if (!r.ok) throw new AppError(409, 'report_refused', r.vi, r.en, [r.property]);
      perReport.set(r.reportId, [...(perReport.get(r.reportId) ?? []), w]);
    }
    for (const [obligationId, ws] of perReport) {
      const o = await trx.selectFrom('obligation').select(['version']).where('id', '=', obligationId).executeTakeFirstOrThrow();
      const current = await trx
        .selectFrom('data_value as dv')
        .innerJoin('measure as m', 'm.id', 'dv.measure_id')
        .select(['m.code', 'm.id as measure_id', 'dv.disagg_key', 'dv.numerator', 'dv.denominator', 'dv.value', 'dv.unknown', 'dv.comment', 'dv.followup'])
        .where('dv.obligation_id', '=', obligationId)
        .execute();
      const byKey = new Map(current.map((c) => [`${c.code}|${c.disagg_key}`, c]));
      const merged = new Map<string, { measure: string; key: string; numerator: number | null; denominator: number | null; value: number | null; unknown: boolean; comment: string | null; followup?: boolean }>();
      for (const w of ws) {
        const key = `${w.measure}|${w.group ?? ''}`;
        const c = byKey.get(key);
        const m = merged.get(key) ?? { measure: w.measure, key: w.group ?? '', numerator: num(c?.numerator), denominator: num(c?.denominator), value: num(c?.value), unknown: c?.unknown ?? false, comment: c?.comment ?? null };
        if (w.action === 'deleted') m[w.part] = null;
        else if (w.action !== 'comment') m[w.part] = w.value;
        if (w.action !== 'comment') m.unknown = false;
        if (w.comment !== undefined) m.comment = w.comment;
        if (w.followup !== undefined) m.followup = w.followup;
        // a value deleted entirely takes its comment and mark with it (DHIS2 deletes the data value)
        if (w.action === 'deleted' && m.numerator === null && m.denominator === null && m.value === null) {
          m.comment = null;
          m.followup = false;
        }
        merged.set(key, m);
      }
      try {
        await saveValues(trx, obligationId, { version: o.version, values: [...merged.values()].map(({ followup: _f, ...v }) => v) }, { id: q.actor.userId, name: q.actor.name });
      } catch (e) {
        if (e instanceof ReportingError) throw new AppError(e.statusCode, e.code, e.vi, e.en, e.path, e.details);
        throw e;
      }
      for (const m of merged.values()) {
        if (m.followup === undefined) continue;
        const measureId = byKey.get(`${m.measure}|${m.key}`)?.measure_id ?? (await trx.selectFrom('measure').select('id').where('code', '=', m.measure).executeTakeFirst())?.id;
        if (measureId === undefined) continue;
        await trx.updateTable('data_value').set({ followup: m.followup }).where('obligation_id', '=', obligationId).where('measure_id', '=', measureId).where('disagg_key', '=', m.key).execute();
      }
    }
  },
  async completeDates(db, q) {
    const op = obligationPeriod(q.period);
    const out = new Map<string, string>();
    if (!op || !q.unitIds.length) return out;
    const rows = await db
      .selectFrom('obligation')
      .select(['unit_id', 'agency_id', 'status', 'submitted_at'])
      .where('plan_id', '=', q.planId)
      .where('unit_id', 'in', q.unitIds)
      .where('period', '=', op.period)
      .where('kind', '=', op.kind)
      .where('agency_id', 'is', null)
      .where('status', 'in', ['submitted', 'approved'])
      .execute();
    for (const r of rows) if (r.submitted_at) out.set(`${r.unit_id}|${q.period}`, new Date(r.submitted_at as unknown as string).toISOString().slice(0, 10));
    return out;
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

