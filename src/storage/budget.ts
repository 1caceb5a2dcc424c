/**
 * Budget execution storage: the activities of a plan's budget (their identity across edits of the plan
 * and the agency leading each), spending per activity × year × funding source with its append-only
 * history, the yearly lock (the year's report submitted or approved), and the CSV import of a year.
 * The checks themselves are pure (src/domain/budget/execution.ts); every write runs in the caller's
 * single transaction, so bad input stores nothing.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import './schema-budget.ts';
import './schema-foundation.ts';
import './schema-reporting.ts';
import { AppError, badRequest, conflict, notFound } from '../api/errors.ts';
import {
  activityKeys,
  buildExecution,
  budgetYears,
  CURRENCY_LABEL,
  matchActivities,
  normalizeName,
  periodSummary,
  planActivities,
  resolveActivity,
  SOURCE_NAMES,
  validateSpending,
  type CleanSpending,
  type CurrencyUnit,
  type ExecutionTable,
  type FundingSource,
  type PeriodSummary,
  type PlannedLine,
  type SpendingFigure,
  type SpendingInput,
  type SpendingIssue,
  type StoredActivity,
} from '../domain/budget/execution.ts';
import { readSpendingCsv } from '../exchange/budget-csv.ts';
import type { Conflict } from '../exchange/types.ts';
import { csvLine } from '../domain/spreadsheet-safety.ts';

type Db = Kysely<Database>;
const num = (x: unknown): number | null => (x === null || x === undefined ? null : Number(x));
const iso = (d: unknown): string | null => (d === null || d === undefined ? null : new Date(d as string).toISOString());

// ─────────────────────────── reading ───────────────────────────

export interface BudgetPlan {
  id: number;
  number: string | null;
  title: string;
  status: string;
  level: string | null;
  issuerUnitId: number | null;
  issuerName: string | null;
  issueDate: string | null;
  periodFrom: number | null;
  periodTo: number | null;
  hasBudget: boolean;
  currencyUnit: CurrencyUnit;
}

export async function budgetPlan(db: Db, planId: number, lock = false): Promise<BudgetPlan> {
  let q = db.selectFrom('plan').select(['id', 'number', 'title', 'status', 'level', 'issuer_unit_id', 'issuer_name', 'issue_date', 'period_from', 'period_to', 'has_budget', 'budget_currency']).where('id', '=', planId);
  if (lock) q = q.forUpdate();
  const p = await q.executeTakeFirst();
  if (!p) throw notFound('kế hoạch', 'Plan', ['id']);
  return {
    id: p.id, number: p.number, title: p.title, status: p.status, level: p.level, issuerUnitId: p.issuer_unit_id, issuerName: p.issuer_name,
    issueDate: p.issue_date ? String(p.issue_date).slice(0, 10) : null, periodFrom: p.period_from, periodTo: p.period_to, hasBudget: p.has_budget,
    currencyUnit: (p.budget_currency ?? 'million_vnd') as CurrencyUnit,
  };
}

export async function plannedLines(db: Db, planId: number): Promise<PlannedLine[]> {
  const rows = await db.selectFrom('budget_line').select(['activity_no', 'activity', 'year', 'source', 'source_label', 'amount']).where('plan_id', '=', planId).orderBy('position').orderBy('id').execute();
  return rows.map((l) => ({ activityNo: l.activity_no, activity: l.activity, year: l.year, source: l.source, sourceLabel: l.source_label, amount: Number(l.amount) }));
}

/** The stored activities; a lead agency the plan no longer lists (the plan was edited) leads nothing. */
export async function storedActivities(db: Db, planId: number): Promise<StoredActivity[]> {
  const rows = await db
    .selectFrom('budget_activity as ba')
    .leftJoin('plan_agency as pa', (j) => j.onRef('pa.agency_id', '=', 'ba.lead_agency_id').onRef('pa.plan_id', '=', 'ba.plan_id'))
    .select(['ba.id', 'ba.activity_no', 'ba.activity', 'pa.agency_id as lead'])
    .where('ba.plan_id', '=', planId)
    .orderBy('ba.id')
    .execute();
  return rows.map((r) => ({ id: r.id, no: r.activity_no, name: r.activity, leadAgencyId: r.lead ?? null }));
}

export async function spendingFigures(db: Db, planId: number): Promise<SpendingFigure[]> {
  const rows = await db.selectFrom('budget_spending').select(['activity_id', 'year', 'source', 'amount', 'note', 'version', 'updated_at', 'updated_by_name']).where('plan_id', '=', planId).orderBy('id').execute();
  return rows.map((r) => ({ activityId: r.activity_id, year: r.year, source: r.source, amount: num(r.amount), note: r.note, version: r.version, updatedAt: iso(r.updated_at), updatedBy: r.updated_by_name }));
}

export interface YearLock {
  year: number;
  locked: boolean;
  /** what locks it: the year's report submitted / approved, or the reporting period closed */
  status: 'open' | 'submitted' | 'approved' | 'period_locked';
  reportId: number | null;
  vi: string | null;
  en: string | null;
}

/**
 * Spending of a year is locked like the values of a report: once the year's report of the plan's
 * issuing unit is submitted (until it is returned) or approved (until the approving level reopens it),
 * or when the reporting period is closed. "The year's report" is the issuing unit's own annual report
 * (one per unit and year, whatever plan generated it) and the plan's annual reports that its issuing
 * unit's agencies send up (e.g. the Sở LĐTBXH's report to the ministry).
 * With `forShare` the reports are locked against a concurrent approval until the transaction ends.
 */
export async function yearLocks(db: Db, plan: Pick<BudgetPlan, 'id' | 'issuerUnitId'>, years: readonly number[], forShare = false): Promise<Map<number, YearLock>> {
  const out = new Map<number, YearLock>(years.map((year) => [year, { year, locked: false, status: 'open', reportId: null, vi: null, en: null }]));
  if (years.length === 0) return out;
  const periods = await db.selectFrom('reporting_period').select(['year', 'locked']).where('plan_id', '=', plan.id).where('kind', '=', 'annual').where('year', 'in', [...years]).execute();
  for (const p of periods)
    if (p.locked) out.set(p.year, { year: p.year, locked: true, status: 'period_locked', reportId: null, vi: `Kỳ báo cáo năm ${p.year} đã khóa sổ: không sửa được số liệu kinh phí năm ${p.year}.`, en: `The ${p.year} reporting period is closed: its spending figures cannot change.` });
  if (plan.issuerUnitId === null) return out;
  const issuer = plan.issuerUnitId;
  let q = db
    .selectFrom('obligation')
    .select(['id', 'year', 'status'])
    .where('unit_id', '=', issuer)
    .where('kind', '=', 'annual')
    .where('year', 'in', [...years])
    .where((eb) => eb.or([eb('agency_id', 'is', null), eb.and([eb('plan_id', '=', plan.id), sql<boolean>`recipient_unit_id is distinct from ${issuer}`])]))
    .orderBy('id');
  if (forShare) q = q.forShare();
  for (const o of await q.execute()) {
    const current = out.get(o.year)!;
    if (current.status === 'period_locked' || current.status === 'approved') continue;
    if (o.status === 'approved')
      out.set(o.year, { year: o.year, locked: true, status: 'approved', reportId: o.id, vi: `Báo cáo năm ${o.year} đã được phê duyệt nên số liệu kinh phí năm ${o.year} đã khóa; cấp phê duyệt có thể mở lại báo cáo để sửa.`, en: `The ${o.year} report is approved, so the ${o.year} spending figures are locked; the approving level can reopen the report.` });
    else if (o.status === 'submitted' && current.status === 'open')
      out.set(o.year, { year: o.year, locked: true, status: 'submitted', reportId: o.id, vi: `Báo cáo năm ${o.year} đã gửi và đang chờ phê duyệt: không sửa được số liệu kinh phí năm ${o.year} (cấp phê duyệt có thể trả lại báo cáo).`, en: `The ${o.year} report was submitted and awaits approval: the ${o.year} spending figures cannot change (the approving level can return the report).` });
  }
  return out;
}

export interface ExecutionView extends ExecutionTable {
  plan: BudgetPlan;
  currencyLabel: { vi: string; en: string };
  locks: YearLock[];
  agencies: { id: number; name: string; shortName: string | null }[];
}

/** The execution table of a plan: planned and spent per activity × year × source, totals, rates, year locks. */
export async function loadExecution(db: Db, planId: number): Promise<ExecutionView> {
  const plan = await budgetPlan(db, planId);
  const [lines, stored, spending, agencies] = await Promise.all([
    plannedLines(db, planId),
    storedActivities(db, planId),
    spendingFigures(db, planId),
    db.selectFrom('plan_agency as pa').innerJoin('agency as a', 'a.id', 'pa.agency_id').select(['a.id', 'a.name', 'a.short_name']).where('pa.plan_id', '=', planId).orderBy('pa.position').execute(),
  ]);
  const table = buildExecution({ lines, stored, spending, periodFrom: plan.periodFrom, periodTo: plan.periodTo, currencyUnit: plan.currencyUnit });
  const locks = await yearLocks(db, plan, table.years);
  return { ...table, plan, currencyLabel: CURRENCY_LABEL[plan.currencyUnit], locks: table.years.map((y) => locks.get(y)!), agencies: agencies.map((a) => ({ id: a.id, name: a.name, shortName: a.short_name })) };
}

/** Planned vs spent of a plan over some years, for the reports (yearly: one year; reviews: the years so far). */
export async function budgetForReport(db: Db, planId: number, from: number, to: number): Promise<PeriodSummary> {
  const plan = await budgetPlan(db, planId);
  const table = buildExecution({ lines: await plannedLines(db, planId), stored: await storedActivities(db, planId), spending: await spendingFigures(db, planId), periodFrom: plan.periodFrom, periodTo: plan.periodTo, currencyUnit: plan.currencyUnit });
  return periodSummary(table, from, to);
}

// ─────────────────────────── activities ───────────────────────────

export interface EnterableActivity extends StoredActivity {
  key: string;
}

/**
 * Makes sure every activity of the plan's budget has its stored row (new ones inserted, reworded or
 * renumbered ones followed), and returns them in the plan's order with their keys. Call inside the
 * write transaction, after locking the plan row.
 */
export async function syncActivities(trx: Db, planId: number): Promise<EnterableActivity[]> {
  const lines = await plannedLines(trx, planId);
  const acts = planActivities(lines);
  let stored = await storedActivities(trx, planId);
  const first = matchActivities(acts, stored);
  for (const r of first.renamed)
    await trx.updateTable('budget_activity').set({ activity_no: r.no, activity: r.name, name_key: normalizeName(r.name), updated_at: sql`now()` as never }).where('id', '=', r.id).execute();
  const missing = acts.filter((_a, i) => first.matched[i] === null);
  if (missing.length)
    await trx
      .insertInto('budget_activity')
      .values(missing.map((a) => ({ plan_id: planId, activity_no: a.no, activity: a.name, name_key: normalizeName(a.name) })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  if (first.renamed.length || missing.length) stored = await storedActivities(trx, planId);
  const { matched } = matchActivities(acts, stored);
  const keys = activityKeys(acts);
  return acts.map((a, i) => {
    const s = matched[i];
    if (!s) throw new AppError(500, 'budget_activity_sync', 'Không đồng bộ được danh sách hoạt động của bảng kinh phí.', 'Could not synchronise the budget activities.');
    return { ...s, no: a.no, name: a.name, key: keys[i] };
  });
}

/** Sets (or clears) the agency leading a budget activity; it must be one of the plan's agencies. */
export async function setActivityLead(trx: Db, planId: number, activity: unknown, agencyId: number | null): Promise<EnterableActivity> {
  const plan = await budgetPlan(trx, planId, true);
  assertHasBudget(plan, await plannedLines(trx, planId));
  const acts = await syncActivities(trx, planId);
  const i = resolveActivity(activity, acts);
  if (i < 0) throw badRequest('unknown_activity', `Không có hoạt động "${String(activity)}" trong bảng kinh phí của kế hoạch.`, `No activity "${String(activity)}" in the plan's budget table.`, ['body', 'activity']);
  if (agencyId !== null) {
    const listed = await trx.selectFrom('plan_agency').select('agency_id').where('plan_id', '=', planId).where('agency_id', '=', agencyId).executeTakeFirst();
    if (!listed) throw badRequest('agency_not_in_plan', 'Cơ quan này không có trong danh sách cơ quan của kế hoạch.', 'This agency is not one of the plan\'s agencies.', ['body', 'agencyId']);
  }
  await trx.updateTable('budget_activity').set({ lead_agency_id: agencyId, updated_at: sql`now()` as never }).where('id', '=', acts[i].id).execute();
  return { ...acts[i], leadAgencyId: agencyId };
}

function assertHasBudget(plan: BudgetPlan, lines: PlannedLine[]): void {
  if (!plan.hasBudget || lines.length === 0)
    throw conflict('no_budget', 'Kế hoạch không có bảng kinh phí (dự toán), nên chưa ghi nhận được kinh phí thực hiện.', 'The plan has no budget table, so no spending can be recorded against it.', ['id']);
}

// ─────────────────────────── writing ───────────────────────────

export interface SpendingActor {
  id: number | null;
  name: string;
}

export interface SaveOptions {
  /** may the caller enter figures for this activity? (unit officer: all; agency reporter: those its agency leads) */
  authorize: (activity: EnterableActivity) => boolean | Promise<boolean>;
  /** validate and check everything, write nothing */
  dryRun?: boolean;
}

export interface SaveResult {
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
  warnings: (SpendingIssue & { activity: string; year: number; source: FundingSource })[];
}

/** The checks shared by the form and the CSV import; throws (nothing written) or returns what to write. */
async function prepare(trx: Db, planId: number, inputs: readonly SpendingInput[], options: SaveOptions) {
  const plan = await budgetPlan(trx, planId, true);
  if (plan.status === 'draft')
    throw conflict('plan_not_issued', 'Kế hoạch còn là bản nháp: chỉ ghi nhận kinh phí thực hiện khi kế hoạch đã ban hành.', 'The plan is still a draft: spending is recorded once the plan is issued.', ['id']);
  const lines = await plannedLines(trx, planId);
  assertHasBudget(plan, lines);
  const acts = await syncActivities(trx, planId);
  const years = budgetYears(lines, plan.periodFrom, plan.periodTo);
  const table = buildExecution({ lines, stored: acts, periodFrom: plan.periodFrom, periodTo: plan.periodTo });
  const planned = (i: number, y: number, s: FundingSource) => table.activities[i]?.cells[y]?.[s]?.planned ?? 0;
  const checked = validateSpending(inputs, { activities: acts, years, currencyUnit: plan.currencyUnit, planned });
  return { plan, acts, years, checked };
}

async function authorizeAll(acts: EnterableActivity[], clean: CleanSpending[], options: SaveOptions): Promise<SpendingIssue[]> {
  const refused: SpendingIssue[] = [];
  const decided = new Map<number, boolean>();
  for (const c of clean) {
    const a = acts[c.activityIndex];
    if (!decided.has(a.id)) decided.set(a.id, await options.authorize(a));
    if (!decided.get(a.id))
      refused.push({ code: 'activity_not_yours', index: c.index, field: 'activity', vi: `hoạt động ${a.key} không do cơ quan của bạn chủ trì: chỉ cán bộ của đơn vị ban hành kế hoạch (hoặc cơ quan chủ trì hoạt động) được nhập kinh phí thực hiện`, en: `activity ${a.key} is not led by your agency: only the issuing unit's officers (or the activity's lead agency) enter its spending` });
  }
  return refused;
}

function lockIssues(locks: Map<number, YearLock>, clean: CleanSpending[]): SpendingIssue[] {
  return clean.flatMap((c) => {
    const l = locks.get(c.year);
    return l?.locked ? [{ code: 'year_locked', index: c.index, field: 'year', vi: l.vi!, en: l.en! }] : [];
  });
}

async function write(trx: Db, planId: number, acts: EnterableActivity[], clean: CleanSpending[], actor: SpendingActor, checkVersions: boolean, currencyUnit: CurrencyUnit) {
  const ids = [...new Set(clean.map((c) => acts[c.activityIndex].id))];
  const existing = new Map(
    (ids.length ? await trx.selectFrom('budget_spending').select(['id', 'activity_id', 'year', 'source', 'amount', 'note', 'version']).where('plan_id', '=', planId).where('activity_id', 'in', ids).forUpdate().execute() : []).map((r) => [
      `${r.activity_id}|${r.year}|${r.source}`,
      { id: r.id, amount: num(r.amount), note: r.note, version: r.version },
    ]),
  );
  const conflicts: { index: number; activity: string; year: number; source: string; yourVersion: number; current: { amount: number | null; note: string | null; version: number } | null }[] = [];
  if (checkVersions)
    for (const c of clean) {
      if (c.version === null) continue;
      const old = existing.get(`${acts[c.activityIndex].id}|${c.year}|${c.source}`);
      if ((old?.version ?? 0) !== c.version) conflicts.push({ index: c.index, activity: acts[c.activityIndex].key, year: c.year, source: c.source, yourVersion: c.version, current: old ? { amount: old.amount, note: old.note, version: old.version } : null });
    }
  if (conflicts.length) {
    const f = conflicts[0];
    throw conflict(
      'version_conflict',
      `Số liệu đã được người khác sửa (hoạt động ${f.activity}, năm ${f.year}, ${SOURCE_NAMES[f.source as FundingSource].vi.toLocaleLowerCase('vi')}; ${conflicts.length} ô). Hãy xem số liệu hiện tại trước khi lưu lại.`,
      `Someone else changed these figures (activity ${f.activity}, year ${f.year}, ${f.source}; ${conflicts.length} cell(s)). Review the current figures before saving again.`,
      ['values', f.index, 'version'],
      { conflicts },
    );
  }
  const counts = { inserted: 0, updated: 0, deleted: 0, unchanged: 0 };
  const snapshot = (r: { amount: number | null; note: string | null }) => JSON.stringify({ amount: r.amount, note: r.note, currencyUnit });
  for (const c of clean) {
    const activityId = acts[c.activityIndex].id;
    const old = existing.get(`${activityId}|${c.year}|${c.source}`);
    const history = (action: 'insert' | 'update' | 'delete', spendingId: number, before: string | null, after: string | null) =>
      trx.insertInto('budget_spending_history').values({ spending_id: spendingId, plan_id: planId, activity_id: activityId, year: c.year, source: c.source, action, actor_id: actor.id, actor_name: actor.name, old: before, new: after }).execute();
    if (c.amount === null && c.note === null) {
      if (!old) {
        counts.unchanged++;
        continue;
      }
      await trx.deleteFrom('budget_spending').where('id', '=', old.id).execute();
      await history('delete', old.id, snapshot(old), null);
      counts.deleted++;
      continue;
    }
    if (old && old.amount === c.amount && old.note === c.note) {
      counts.unchanged++;
      continue;
    }
    if (old) {
      await trx.updateTable('budget_spending').set({ amount: c.amount, note: c.note, version: sql`version + 1` as never, updated_at: sql`now()` as never, updated_by: actor.id, updated_by_name: actor.name }).where('id', '=', old.id).execute();
      await history('update', old.id, snapshot(old), snapshot(c));
      counts.updated++;
    } else {
      const row = await trx
        .insertInto('budget_spending')
        .values({ plan_id: planId, activity_id: activityId, year: c.year, source: c.source, amount: c.amount, currency_unit: currencyUnit, note: c.note, updated_by: actor.id, updated_by_name: actor.name })
        .onConflict((oc) => oc.columns(['activity_id', 'year', 'source']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row)
        throw conflict('version_conflict', `Người khác vừa nhập số liệu cho hoạt động ${acts[c.activityIndex].key}, năm ${c.year}. Hãy tải lại trước khi lưu.`, `Someone else just entered a figure for activity ${acts[c.activityIndex].key}, year ${c.year}. Reload before saving.`, ['values', c.index]);
      await history('insert', row.id, null, snapshot(c));
      counts.inserted++;
    }
  }
  return counts;
}

const withActivity = (acts: EnterableActivity[], clean: CleanSpending[], issues: SpendingIssue[]) =>
  issues.map((w) => {
    const c = clean.find((x) => x.index === w.index)!;
    return { ...w, activity: acts[c.activityIndex].key, year: c.year, source: c.source };
  });

/**
 * Saves spending figures of a plan (any activities, years, sources) in the caller's transaction:
 * validation → permission per activity → year locks → versions → write. Any problem throws and
 * nothing is written. A figure with neither amount nor note removes the cell.
 */
export async function saveSpending(trx: Db, planId: number, inputs: readonly SpendingInput[], actor: SpendingActor, options: SaveOptions): Promise<SaveResult> {
  const { plan, acts, checked } = await prepare(trx, planId, inputs, options);
  const fail = (status: number, issues: SpendingIssue[], code: string) => {
    const first = issues[0];
    const more = issues.length > 1 ? ` (và ${issues.length - 1} lỗi khác)` : '';
    const moreEn = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    return new AppError(status, code === 'mixed' ? first.code : code, `Mục ${first.index + 1}: ${first.vi}${more}.`, `Entry ${first.index + 1}: ${first.en}${moreEn}.`, ['values', first.index, first.field], { issues });
  };
  if (checked.errors.length) throw fail(400, checked.errors, 'mixed');
  const refused = await authorizeAll(acts, checked.clean, options);
  if (refused.length) throw fail(403, refused, 'activity_not_yours');
  const locked = lockIssues(await yearLocks(trx, plan, [...new Set(checked.clean.map((c) => c.year))], true), checked.clean);
  if (locked.length) throw fail(409, locked, 'year_locked');
  const counts = options.dryRun ? await dryCounts(trx, planId, acts, checked.clean) : await write(trx, planId, acts, checked.clean, actor, true, plan.currencyUnit);
  return { ...counts, warnings: withActivity(acts, checked.clean, checked.warnings) };
}

// ─────────────────────────── history ───────────────────────────

export async function spendingHistory(db: Db, planId: number, filter: { year?: number; limit?: number } = {}) {
  await budgetPlan(db, planId);
  let q = db
    .selectFrom('budget_spending_history as h')
    .innerJoin('budget_activity as a', 'a.id', 'h.activity_id')
    .select(['h.id', 'h.year', 'h.source', 'h.action', 'h.actor_id', 'h.actor_name', 'h.at', 'h.old', 'h.new', 'a.activity_no', 'a.activity'])
    .where('h.plan_id', '=', planId);
  if (filter.year !== undefined) q = q.where('h.year', '=', filter.year);
  const rows = await q.orderBy('h.id', 'desc').limit(filter.limit ?? 500).execute();
  const parse = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'string' ? JSON.parse(v) : v);
  return rows.map((h) => ({ id: Number(h.id), year: h.year, source: h.source, activityNo: h.activity_no, activity: h.activity, action: h.action, actor: { id: h.actor_id, name: h.actor_name }, at: iso(h.at), old: parse(h.old), new: parse(h.new) }));
}

// ─────────────────────────── CSV ───────────────────────────

export interface SpendingImportSummary {
  responseType: 'ImportSummary';
  status: 'SUCCESS' | 'WARNING' | 'ERROR';
  description: string;
  descriptionEn: string;
  importCount: { imported: number; updated: number; ignored: number; deleted: number };
  conflicts: Conflict[];
  warnings: Conflict[];
  dryRun: boolean;
  planId: number;
  year: number;
  currencyUnit: CurrencyUnit;
}

/**
 * Imports the spending of one year from CSV, all or nothing: every bad row is reported (line, column,
 * Vietnamese and English), and with any conflict nothing is written. Rows the file does not name are
 * left as they are; identical figures are counted as ignored.
 */
export async function importSpendingCsv(trx: Db, planId: number, year: number, text: string, actor: SpendingActor, options: SaveOptions): Promise<SpendingImportSummary> {
  const read = readSpendingCsv(text, { year });
  if (read.fileError) throw badRequest('csv_invalid', read.fileError.vi, read.fileError.en, ['body']);
  const inputs = read.rows.map((r) => r.input);
  const { plan, acts, years, checked } = await prepare(trx, planId, inputs, options);
  if (!years.includes(year))
    throw badRequest('year_outside_plan', `Năm ${year} nằm ngoài giai đoạn của kế hoạch (${years[0]}–${years[years.length - 1]}).`, `Year ${year} is outside the plan's period (${years[0]}–${years[years.length - 1]}).`, ['query', 'year']);
  const line = (index: number) => read.rows[index].line;
  const toConflict = (i: SpendingIssue): Conflict => ({ object: `line ${line(i.index)}`, value: `Dòng ${line(i.index)}: ${i.vi}`, valueEn: `Line ${line(i.index)}: ${i.en}`, errorCode: i.code, indexes: [read.rows[i.index].index], property: i.field || undefined });
  const conflicts: Conflict[] = [...read.conflicts, ...checked.errors.map(toConflict)];
  conflicts.push(...(await authorizeAll(acts, checked.clean, options)).map(toConflict));
  const lock = (await yearLocks(trx, plan, [year], true)).get(year);
  if (lock?.locked) conflicts.push({ object: String(year), value: lock.vi!, valueEn: lock.en!, errorCode: 'year_locked', indexes: [], property: 'year' });
  const clean = checked.clean;
  const warnings = checked.warnings.map(toConflict);
  conflicts.sort((a, b) => (a.indexes[0] ?? -1) - (b.indexes[0] ?? -1));
  const base = { responseType: 'ImportSummary' as const, conflicts, warnings, dryRun: Boolean(options.dryRun), planId, year, currencyUnit: plan.currencyUnit };
  if (conflicts.length)
    return {
      ...base,
      status: 'ERROR',
      description: `Không nhập: ${conflicts.length} lỗi trong tệp (${read.rows.length} dòng số liệu); không có số liệu nào được lưu.`,
      descriptionEn: `Nothing imported: ${conflicts.length} problem(s) in the file (${read.rows.length} data rows); nothing was stored.`,
      importCount: { imported: 0, updated: 0, ignored: read.rows.length, deleted: 0 },
    };
  // an import overwrites: the file is the figure (no version check), but unchanged figures are left alone
  const counts = options.dryRun ? await dryCounts(trx, planId, acts, clean) : await write(trx, planId, acts, clean, actor, false, plan.currencyUnit);
  return {
    ...base,
    status: warnings.length ? 'WARNING' : 'SUCCESS',
    description: `${options.dryRun ? 'Chạy thử: ' : ''}${counts.inserted} số liệu mới, ${counts.updated} cập nhật, ${counts.unchanged} không đổi${counts.deleted ? `, ${counts.deleted} xóa` : ''} (năm ${year}, đơn vị ${CURRENCY_LABEL[plan.currencyUnit].vi}).`,
    descriptionEn: `${options.dryRun ? 'Dry run: ' : ''}${counts.inserted} new, ${counts.updated} updated, ${counts.unchanged} unchanged${counts.deleted ? `, ${counts.deleted} deleted` : ''} (year ${year}, ${CURRENCY_LABEL[plan.currencyUnit].en}).`,
    importCount: { imported: counts.inserted, updated: counts.updated, ignored: counts.unchanged, deleted: counts.deleted },
  };
}

async function dryCounts(trx: Db, planId: number, acts: EnterableActivity[], clean: CleanSpending[]) {
  const rows = await trx.selectFrom('budget_spending').select(['activity_id', 'year', 'source', 'amount', 'note']).where('plan_id', '=', planId).execute();
  const existing = new Map(rows.map((r) => [`${r.activity_id}|${r.year}|${r.source}`, { amount: num(r.amount), note: r.note }]));
  const counts = { inserted: 0, updated: 0, deleted: 0, unchanged: 0 };
  for (const c of clean) {
    const old = existing.get(`${acts[c.activityIndex].id}|${c.year}|${c.source}`);
    if (c.amount === null && c.note === null) old ? counts.deleted++ : counts.unchanged++;
    else if (!old) counts.inserted++;
    else if (old.amount === c.amount && old.note === c.note) counts.unchanged++;
    else counts.updated++;
  }
  return counts;
}

/** The CSV of a year as the import reads it (planned beside, for reference): a template to fill in. */
export async function spendingCsv(db: Db, planId: number, year: number): Promise<string> {
  const view = await loadExecution(db, planId);
  if (!view.years.includes(year)) throw badRequest('year_outside_plan', `Năm ${year} nằm ngoài giai đoạn của kế hoạch.`, `Year ${year} is outside the plan's period.`, ['query', 'year']);
  const out = ['year,activity,activity_name,source,planned,amount,note,currency_unit'];
  for (const a of view.activities.filter((x) => x.inPlan))
    for (const s of view.sources) {
      const c = a.cells[year][s.key];
      if (c.planned === 0 && c.spent === null && c.note === null) continue;
      out.push(csvLine([year, a.key, a.name, s.key, c.planned, c.spent, c.note ?? '', view.currencyUnit]));
    }
  return `\uFEFF${out.join('\r\n')}\r\n`;
}
