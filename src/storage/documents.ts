/**
 * Storage for documents and data exchange: report narratives, the exchange mapping, and the
 * assembly of the report data (plan + narrative + live results) the generators take.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import './schema-documents.ts';
import { getPlan } from './plans.ts';
import { budgetForReport } from './budget.ts';
import { conflict, notFound } from '../api/errors.ts';
import type { PlanDocument } from '../domain/plan-document.ts';
import type { DocTarget, ReportDocumentData, ReportIndicatorRow, ReportKind, Signer } from '../domain/documents/types.ts';
import type { ElementMapping, ExchangeMapping, OrgUnitMapping } from '../exchange/types.ts';
import { issuerOf, signerOf } from '../documents/adapters.ts';
import { planTaskRows, taskCompletionOverYears } from './task-progress.ts';
import { bySection, completionSentence, rollUp, TASK_STATUS_LABELS } from '../domain/reporting/task-progress.ts';
import type { MeasureUnit } from '../domain/model.ts';

type Db = Kysely<Database>;
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

// ---------------------------------------------------------------------------------------------
// Report narratives

export interface Narrative {
  unitId: number;
  planId: number;
  year: number;
  kind: ReportKind;
  number: string | null;
  place: string | null;
  date: string | null;
  sections: { title: string; text: string }[];
  recipients: string[];
  signer: Signer | null;
  version: number;
  updatedAt: string | null;
}

export async function getNarrative(db: Db, key: { unitId: number; planId: number; year: number; kind: ReportKind }): Promise<Narrative | null> {
  const r = await db.selectFrom('report_narrative').selectAll().where('unit_id', '=', key.unitId).where('plan_id', '=', key.planId).where('year', '=', key.year).where('kind', '=', key.kind).executeTakeFirst();
  if (!r) return null;
  return {
    unitId: r.unit_id,
    planId: r.plan_id,
    year: r.year,
    kind: r.kind as ReportKind,
    number: r.number,
    place: r.place,
    date: r.report_date,
    sections: json(r.sections),
    recipients: json(r.recipients),
    signer: json(r.signer),
    version: r.version,
    updatedAt: r.updated_at instanceof Date ? r.updated_at.toISOString() : String(r.updated_at),
  };
}

export interface NarrativeInput {
  number: string | null;
  place: string | null;
  date: string | null;
  sections: { title: string; text: string }[];
  recipients: string[];
  signer: Signer | null;
  /** the version read (optimistic locking); null/absent to create */
  version?: number | null;
}

export async function putNarrative(trx: Db, key: { unitId: number; planId: number; year: number; kind: ReportKind }, input: NarrativeInput, userId: number | null): Promise<Narrative> {
  const existing = await getNarrative(trx, key);
  const values = {
    number: input.number,
    place: input.place,
    report_date: input.date,
    sections: JSON.stringify(input.sections),
    recipients: JSON.stringify(input.recipients),
    signer: JSON.stringify(input.signer),
    updated_by: userId,
  };
  if (!existing) {
    if (input.version) throw conflict('version_conflict', 'Báo cáo chưa có nội dung để cập nhật (phiên bản không khớp).', 'There is no stored narrative at this version.', ['version']);
    await trx.insertInto('report_narrative').values({ unit_id: key.unitId, plan_id: key.planId, year: key.year, kind: key.kind, ...values }).execute();
  } else {
    if (input.version != null && input.version !== existing.version)
      throw conflict('version_conflict', `Nội dung báo cáo đã được người khác sửa (phiên bản ${existing.version}, bạn đang sửa phiên bản ${input.version}).`, `The narrative was changed by someone else (version ${existing.version}, you edited ${input.version}).`, ['version'], { current: existing.version });
    await trx.updateTable('report_narrative').set({ ...values, version: existing.version + 1, updated_at: new Date() }).where('unit_id', '=', key.unitId).where('plan_id', '=', key.planId).where('year', '=', key.year).where('kind', '=', key.kind).execute();
  }
  return (await getNarrative(trx, key))!;
}

// ---------------------------------------------------------------------------------------------
// Report data: plan + narrative + live results

export interface IndicatorResult {
  value: number | null;
  status: string;
}

/**
 * Live results come from the reporting engine (src/storage/reporting.ts); until it is wired, a provider
 * returning nothing yields "Chưa có số liệu" rows. Key: measure code + '|' + group key ('' = total).
 */
export interface ResultsProvider {
  results(db: Db, q: { unitId: number; planId: number; year: number; kind: ReportKind; measures: string[] }): Promise<Map<string, IndicatorResult>>;
  completeness(db: Db, q: { unitId: number; planId: number; year: number; kind: ReportKind }): Promise<ReportDocumentData['completeness']>;
}

export const NO_RESULTS: ResultsProvider = {
  results: async () => new Map(),
  completeness: async () => ({ rows: [], completeness: null, timeliness: null }),
};

let provider: ResultsProvider = NO_RESULTS;
/** The reporting adapter registers itself here. */
export function setResultsProvider(p: ResultsProvider): void {
  provider = p;
}
export const resultsProvider = (): ResultsProvider => provider;

export function indicatorRows(plan: PlanDocument, year: number, results: Map<string, IndicatorResult>): ReportIndicatorRow[] {
  const rows: ReportIndicatorRow[] = [];
  for (const ind of plan.indicators) {
    for (const m of ind.measures) {
      const ts = ind.targets.filter((t) => t.measure === m.code && !t.group);
      if (ind.measures.length > 1 && ts.length === 0) continue;
      const pick = (y: number): DocTarget | null => {
        const t = ts.find((x) => x.year === y);
        return t ? { measure: t.measure, year: t.year, comparator: t.comparator, value: t.value, valueMax: t.valueMax, unit: (t.unit ?? m.unit) as MeasureUnit, base: t.base, group: null, relative: t.relative, note: t.note } : null;
      };
      const base = ind.baselines.filter((b) => b.measure === m.code && !b.group).sort((a, b) => b.year - a.year)[0];
      const r = results.get(`${m.code}|`);
      rows.push({
        number: ind.measures.length > 1 ? `${ind.number ?? ''}${m.code.replace(/^\d+/, '')}` || m.code : ind.number ?? m.code,
        name: ind.measures.length > 1 ? m.nameVi : ind.nameVi,
        unit: m.unit as MeasureUnit,
        baseline: base ? base.value : null,
        baselineYear: base ? base.year : null,
        target2025: pick(2025),
        target2030: pick(2030),
        result: r?.value ?? null,
        status: r?.status ?? 'no_data',
      });
    }
  }
  return rows;
}

const KIND_YEARS: Record<ReportKind, (plan: PlanDocument, year: number) => [number, number]> = {
  yearly: (_p, y) => [y, y],
  midterm: (p, y) => [p.periodFrom ?? y, y],
  final: (p, y) => [p.periodFrom ?? y, y],
};

export async function reportData(db: Db, q: { unitId: number; planId: number; year: number; kind: ReportKind }): Promise<ReportDocumentData> {
  const plan = await getPlan(db, q.planId);
  const unit = await db.selectFrom('admin_unit').select(['id', 'name', 'level', 'full_name']).where('id', '=', q.unitId).executeTakeFirst();
  if (!unit) throw notFound('đơn vị', 'Unit', ['unitId']);
  const narrative = await getNarrative(db, q);
  const p = resultsProvider();
  const results = await p.results(db, { ...q, measures: plan.indicators.flatMap((i) => i.measures.map((m) => m.code)) });
  const issuer = issuerOf(unit.id === plan.issuerUnitId ? plan.issuerName : null, { name: unit.full_name ?? unit.name, level: unit.level });
  const [from, to] = KIND_YEARS[q.kind](plan, q.year);
  // planned vs spent of the plan's budget over the years the report covers; spending belongs to the
  // plan's issuing unit, so another unit's report shows the plan's budget without it
  const own = unit.id === plan.issuerUnitId;
  const summary = plan.budget ? await budgetForReport(db, q.planId, from, to) : null;
  const budget: ReportDocumentData['budget'] = summary
    ? {
        rows: summary.rows.filter((r) => own || r.planned > 0).map((r) => ({ no: r.no, activity: r.activity, planned: r.planned, spent: own ? r.spent : null })),
        planned: summary.total.planned,
        spent: own ? summary.total.spent : null,
        bySource: summary.bySource.map((s) => ({ label: s.label, planned: s.planned, spent: own ? s.spent : null })),
        from,
        to,
      }
    : { rows: [], planned: 0, spent: null, from, to };
  return {
    issuer,
    unitName: `Ủy ban nhân dân ${issuer.name.toLocaleLowerCase('vi').replace(/(^|\s)(\p{L})/gu, (_m, s, c) => s + c.toLocaleUpperCase('vi')).replace(/^(Tỉnh|Huyện|Xã|Phường|Thị Trấn|Thành Phố|Quận|Thị Xã|Đặc Khu) /, (m) => m.toLocaleLowerCase('vi'))}`,
    plan: { number: plan.number, title: plan.title, date: plan.issueDate },
    year: q.year,
    kind: q.kind,
    number: narrative?.number ?? null,
    place: narrative?.place ?? plan.place,
    date: narrative?.date ?? null,
    narrative: narrative?.sections ?? [],
    indicators: indicatorRows(plan, q.year, results),
    completeness: await p.completeness(db, q),
    budget,
    recipients: narrative?.recipients ?? [],
    signer: narrative?.signer ?? signerOf(plan.signer, plan.signerTitle, issuer),
    tasks: await taskResultsFor(db, q.planId, q.year, q.kind, from, to),
  };
}

/** The report's task results (issue #16): the year's entries grouped as the plan groups its tasks; reviews add the years. */
async function taskResultsFor(db: Db, planId: number, year: number, kind: ReportKind, from: number, to: number): Promise<ReportDocumentData['tasks']> {
  const rows = await planTaskRows(db, planId, String(year));
  if (rows.length === 0) return undefined;
  const r = rollUp(rows);
  const years = kind === 'yearly' ? undefined : (await taskCompletionOverYears(db, planId, from, to)).map((y) => ({ year: y.year, completed: y.counts.completed, inProgress: y.counts.in_progress, notStarted: y.counts.not_started, notFeasible: y.counts.not_feasible, notReported: y.counts.not_reported, tasks: y.counts.tasks }));
  return {
    summary: `Năm ${year}: ${completionSentence(r.total)}`,
    sections: bySection(rows).map((s) => ({ section: s.section, rows: s.rows.map((x) => ({ title: x.title, agency: x.agency?.name ?? null, status: x.status ? TASK_STATUS_LABELS[x.status].vi : 'Chưa báo cáo', percent: x.percent, results: x.results, difficulties: x.difficulties })) })),
    years,
  };
}

// ---------------------------------------------------------------------------------------------
// Exchange mapping

export interface StoredElementMapping extends ElementMapping {
  id: number;
  note: string | null;
}
export interface StoredOrgUnitMapping extends OrgUnitMapping {
  id: number;
  note: string | null;
}

export async function loadMapping(db: Db): Promise<ExchangeMapping & { elements: StoredElementMapping[]; orgUnits: StoredOrgUnitMapping[] }> {
  const [els, ous, settings] = await Promise.all([
    db.selectFrom('exchange_element_map').selectAll().orderBy('measure_code').orderBy('group_key').orderBy('part').execute(),
    db.selectFrom('exchange_org_unit_map').selectAll().orderBy('unit_id').execute(),
    db.selectFrom('exchange_setting').selectAll().execute(),
  ]);
  const setting = (k: string) => settings.find((s) => s.key === k)?.value ?? null;
  return {
    dataSet: setting('dataSet'),
    attributeOptionCombo: setting('attributeOptionCombo'),
    elements: els.map((e) => ({ id: e.id, measure: e.measure_code, group: e.group_key, part: e.part as ElementMapping['part'], dataElement: e.data_element, categoryOptionCombo: e.category_option_combo, adxCategories: json(e.adx_categories) ?? {}, note: e.note })),
    orgUnits: ous.map((o) => ({ id: o.id, unitId: o.unit_id, orgUnit: o.org_unit, note: o.note })),
  };
}

const isUnique = (e: unknown): boolean => (e as { code?: string }).code === '23505';

export async function upsertElementMapping(trx: Db, m: Omit<StoredElementMapping, 'id'>, id?: number): Promise<number> {
  const row = { measure_code: m.measure, group_key: m.group, part: m.part, data_element: m.dataElement, category_option_combo: m.categoryOptionCombo, adx_categories: JSON.stringify(m.adxCategories ?? {}), note: m.note, updated_at: new Date() };
  try {
    if (id) {
      const r = await trx.updateTable('exchange_element_map').set(row).where('id', '=', id).returning('id').executeTakeFirst();
      if (!r) throw notFound('ánh xạ chỉ số', 'Element mapping', ['id']);
      return r.id;
    }
    return (await trx.insertInto('exchange_element_map').values(row).returning('id').executeTakeFirstOrThrow()).id;
  } catch (e) {
    if (isUnique(e)) throw conflict('mapping_duplicate', `Chỉ số ${m.measure}${m.group ? `/${m.group}` : ''}${m.part !== 'value' ? ` (${m.part === 'numerator' ? 'tử số' : 'mẫu số'})` : ''} hoặc phần tử dữ liệu ${m.dataElement}${m.categoryOptionCombo ? `/${m.categoryOptionCombo}` : ''} đã được ánh xạ.`, `Measure ${m.measure}${m.group ? `/${m.group}` : ''} or data element ${m.dataElement}${m.categoryOptionCombo ? `/${m.categoryOptionCombo}` : ''} is already mapped.`, ['dataElement']);
    throw e;
  }
}

export async function upsertOrgUnitMapping(trx: Db, m: Omit<StoredOrgUnitMapping, 'id'>, id?: number): Promise<number> {
  const row = { unit_id: m.unitId, org_unit: m.orgUnit, note: m.note, updated_at: new Date() };
  try {
    if (id) {
      const r = await trx.updateTable('exchange_org_unit_map').set(row).where('id', '=', id).returning('id').executeTakeFirst();
      if (!r) throw notFound('ánh xạ đơn vị', 'Org unit mapping', ['id']);
      return r.id;
    }
    return (await trx.insertInto('exchange_org_unit_map').values(row).returning('id').executeTakeFirstOrThrow()).id;
  } catch (e) {
    if (isUnique(e)) throw conflict('mapping_duplicate', `Đơn vị ${m.unitId} hoặc mã đơn vị ${m.orgUnit} đã được ánh xạ.`, `Unit ${m.unitId} or org unit ${m.orgUnit} is already mapped.`, ['orgUnit']);
    if ((e as { code?: string }).code === '23503') throw notFound('đơn vị', 'Unit', ['unitId']);
    throw e;
  }
}

export async function deleteMapping(trx: Db, table: 'exchange_element_map' | 'exchange_org_unit_map', id: number): Promise<void> {
  const r = await trx.deleteFrom(table).where('id', '=', id).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw notFound('ánh xạ', 'Mapping', ['id']);
}

export async function setExchangeSetting(trx: Db, key: 'dataSet' | 'attributeOptionCombo', value: string | null): Promise<void> {
  await trx.insertInto('exchange_setting').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}
