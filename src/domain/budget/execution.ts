/**
 * Budget execution (kinh phí thực hiện / giải ngân): what was spent on each budget activity of a plan,
 * per year and funding source, beside what the plan budgeted (dự toán). Pure: no I/O.
 *
 *  - Amounts are in the plan's currency unit; the seed tables (Phụ lục 01) are in triệu đồng
 *    (`million_vnd`), the only unit the plan model knows today. Every figure carries it explicitly.
 *  - Funding sources are the plan model's (`FUNDING_SOURCES`): local (ngân sách địa phương: tỉnh, huyện
 *    or xã, by the plan's level), central (ngân sách trung ương), mobilised (huy động, xã hội hóa), other.
 *  - **Missing is not zero.** A cell without a spending figure is `spent: null` ("chưa có số liệu");
 *    totals add the figures that exist and say how many cells carry one. An officer states "nothing was
 *    spent" by entering 0.
 *  - The execution rate is spent ÷ planned, in percent rounded to one decimal; null when nothing was
 *    planned or nothing is reported.
 */
import { FUNDING_SOURCES, type FundingSource } from '../plan-document.ts';
import { parseNumber } from '../reporting/validation.ts';
import { formatNumberVi } from '../format.ts';

export { FUNDING_SOURCES, type FundingSource };

export const CURRENCY_UNITS = ['million_vnd'] as const;
export type CurrencyUnit = (typeof CURRENCY_UNITS)[number];
export const CURRENCY_LABEL: Record<CurrencyUnit, { vi: string; en: string }> = { million_vnd: { vi: 'triệu đồng', en: 'million VND' } };

/** The largest amount accepted (million VND): 1 triệu tỷ đồng — anything above is a typing error. */
export const MAX_AMOUNT = 1_000_000_000;
/** Amounts in million VND are kept to the thousand đồng: at most 3 decimals. */
export const MAX_DECIMALS = 3;

export const SOURCE_NAMES: Record<FundingSource, { vi: string; en: string; shortVi: string; shortEn: string }> = {
  local: { vi: 'Ngân sách địa phương', en: 'Local budget', shortVi: 'NSĐP', shortEn: 'Local' },
  central: { vi: 'Ngân sách trung ương', en: 'Central budget', shortVi: 'NSTW', shortEn: 'Central' },
  mobilised: { vi: 'Huy động, xã hội hóa', en: 'Mobilised (socialised) funds', shortVi: 'XHH', shortEn: 'Mobilised' },
  other: { vi: 'Nguồn khác', en: 'Other sources', shortVi: 'Khác', shortEn: 'Other' },
};

/** "Ngân sách tỉnh" for a province plan's local budget, "ngân sách huyện", "ngân sách xã". */
export function localBudgetName(level: string | null | undefined): { vi: string; en: string } {
  switch (level) {
    case 'province':
      return { vi: 'Ngân sách tỉnh', en: 'Provincial budget' };
    case 'district':
      return { vi: 'Ngân sách huyện', en: 'District budget' };
    case 'commune':
      return { vi: 'Ngân sách xã', en: 'Commune budget' };
    default:
      return { vi: SOURCE_NAMES.local.vi, en: SOURCE_NAMES.local.en };
  }
}

const stripMarks = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

/**
 * A funding source as people write it: the key (`local`), or Vietnamese ("Địa phương", "NSĐP",
 * "ngân sách tỉnh", "Trung ương", "huy động, xã hội hóa", "XHH", "khác"). Null when unknown.
 */
export function parseSource(input: unknown): FundingSource | null {
  if (typeof input !== 'string') return null;
  const s = stripMarks(input).toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (!s) return null;
  if ((FUNDING_SOURCES as readonly string[]).includes(s)) return s as FundingSource;
  if (s === 'mobilized') return 'mobilised';
  if (/^(ngan sach )?(dia phuong|tinh|huyen|xa|thanh pho|quan|phuong)$/.test(s) || s === 'nsdp' || s === 'ns dia phuong') return 'local';
  if (/^(ngan sach )?trung uong$/.test(s) || s === 'nstw' || s === 'ns trung uong') return 'central';
  if (/^(nguon )?(huy dong|xa hoi hoa|huy dong xa hoi hoa|huy dong va xa hoi hoa|xhh)$/.test(s)) return 'mobilised';
  if (/^(nguon )?khac$/.test(s) || s === 'nguon hop phap khac') return 'other';
  return null;
}

// ─────────────────────────── activities ───────────────────────────

/** A planned budget line as the plan model stores it (amount in the plan's currency unit). */
export interface PlannedLine {
  activityNo: string | null;
  activity: string;
  year: number;
  source: string;
  amount: number;
  /** the column heading as written ("Địa phương", "huy động, xã hội hóa") */
  sourceLabel?: string | null;
}

/** A budget activity (one row of Phụ lục 01): its number (STT) and content. */
export interface PlanActivity {
  no: string | null;
  name: string;
}

/** What storage keeps of an activity (the identity spending hangs on). */
export interface StoredActivity extends PlanActivity {
  id: number;
  leadAgencyId: number | null;
}

/** Lower-case, NFC, single spaces: the form two spellings of one activity share. */
export const normalizeName = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi');

const identity = (a: PlanActivity): string => `${(a.no ?? '').trim()}\u0000${normalizeName(a.name)}`;

/** The activities of a plan's budget, in the order of its lines (one per number + content). */
export function planActivities(lines: readonly PlannedLine[]): PlanActivity[] {
  const out: PlanActivity[] = [];
  const seen = new Set<string>();
  for (const l of lines) {
    const a = { no: l.activityNo?.trim() || null, name: l.activity.replace(/\s+/g, ' ').trim() };
    const k = identity(a);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(a);
  }
  return out;
}

/**
 * Matches the plan's current activities with the stored ones (whose spending must survive an edit of
 * the plan): same number and content first; then the same number alone (content reworded); then the same
 * content alone (renumbered) — each only when unambiguous. Returns, per plan activity, the stored row
 * it continues (or null: new), the stored rows whose number/content should follow the plan, and the
 * stored rows the plan no longer has (their spending is kept and shown apart).
 */
export function matchActivities(plan: readonly PlanActivity[], stored: readonly StoredActivity[]): { matched: (StoredActivity | null)[]; renamed: StoredActivity[]; orphans: StoredActivity[] } {
  const matched: (StoredActivity | null)[] = plan.map(() => null);
  const used = new Set<number>();
  const pass = (key: (a: PlanActivity) => string | null) => {
    const count = (list: readonly PlanActivity[], k: string) => list.filter((x) => key(x) === k).length;
    const freePlan = plan.filter((_p, i) => matched[i] === null);
    const freeStored = stored.filter((s) => !used.has(s.id));
    plan.forEach((p, i) => {
      if (matched[i] !== null) return;
      const k = key(p);
      if (k === null || count(freePlan, k) !== 1) return;
      const candidates = freeStored.filter((s) => !used.has(s.id) && key(s) === k);
      if (candidates.length !== 1) return;
      matched[i] = candidates[0];
      used.add(candidates[0].id);
    });
  };
  pass(identity);
  pass((a) => (a.no ? `no:${a.no.trim()}` : null));
  pass((a) => `name:${normalizeName(a.name)}`);
  const renamed = plan.flatMap((p, i) => {
    const s = matched[i];
    return s && (s.no !== p.no || s.name !== p.name) ? [{ ...s, no: p.no, name: p.name }] : [];
  });
  return { matched, renamed, orphans: stored.filter((s) => !used.has(s.id)) };
}

/**
 * How an activity is named in the API and in CSV files: its number (STT) when the plan numbers it
 * uniquely ("1" … "7" in seed 001), else its content, else "#position".
 */
export function activityKeys(activities: readonly PlanActivity[]): string[] {
  const nos = activities.map((a) => a.no?.trim() || null);
  const names = activities.map((a) => normalizeName(a.name));
  return activities.map((a, i) => {
    const no = nos[i];
    if (no && nos.filter((x) => x === no).length === 1) return no;
    if (names.filter((x) => x === names[i]).length === 1) return a.name;
    return `#${i + 1}`;
  });
}

/** Finds the activity a person means: its key, its number ("1", "1.", 1), or its content. -1 when none. */
export function resolveActivity(input: unknown, activities: readonly (PlanActivity & { key: string })[]): number {
  if (typeof input === 'number' && Number.isInteger(input)) input = String(input);
  if (typeof input !== 'string') return -1;
  const s = input.trim();
  if (!s) return -1;
  let i = activities.findIndex((a) => a.key === s);
  if (i >= 0) return i;
  const asNo = s.replace(/[.)]$/, '');
  const byNo = activities.map((a, j) => (a.no?.trim() === asNo ? j : -1)).filter((j) => j >= 0);
  if (byNo.length === 1) return byNo[0];
  const n = normalizeName(s);
  const byName = activities.map((a, j) => (normalizeName(a.name) === n ? j : -1)).filter((j) => j >= 0);
  if (byName.length === 1) return byName[0];
  i = /^#(\d+)$/.exec(s) ? Number(s.slice(1)) - 1 : -1;
  return i >= 0 && i < activities.length ? i : -1;
}

// ─────────────────────────── sums and rates ───────────────────────────

/** Planned and spent over some cells. `spent` is null when none of them carries a figure. */
export interface Sum {
  planned: number;
  spent: number | null;
  /** spent ÷ planned in percent, one decimal; null when nothing planned or nothing reported */
  rate: number | null;
  /** cells with a spending figure / cells with money planned or spent */
  reported: number;
  cells: number;
}

const round = (n: number): number => Math.round(n * 1e6) / 1e6;

/** Spent ÷ planned in percent, rounded to one decimal (96,95 → 97,0); null without a plan or a figure. */
export function executionRate(spent: number | null | undefined, planned: number): number | null {
  if (spent === null || spent === undefined || !(planned > 0)) return null;
  return Math.round((spent / planned) * 1000) / 10;
}

export function sumOf(parts: readonly { planned: number; spent: number | null }[]): Sum {
  let planned = 0;
  let spent: number | null = null;
  let reported = 0;
  let cells = 0;
  for (const p of parts) {
    planned += p.planned;
    if (p.spent !== null) {
      spent = (spent ?? 0) + p.spent;
      reported++;
    }
    if (p.planned > 0 || p.spent !== null) cells++;
  }
  planned = round(planned);
  spent = spent === null ? null : round(spent);
  return { planned, spent, rate: executionRate(spent, planned), reported, cells };
}

// ─────────────────────────── the execution table ───────────────────────────

export interface SpendingFigure {
  activityId: number;
  year: number;
  source: string;
  /** null: a note without a figure */
  amount: number | null;
  note: string | null;
  version: number;
  updatedAt?: string | null;
  updatedBy?: string | null;
}

export interface ExecutionCell {
  planned: number;
  spent: number | null;
  /** spent ÷ planned in percent, one decimal (null without a plan or a figure) */
  rate: number | null;
  note: string | null;
  /** the stored version (0 = nothing stored yet): send it back when saving */
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface ExecutionActivity {
  /** the stored activity id (null while nothing was ever stored for it) */
  id: number | null;
  key: string;
  no: string | null;
  name: string;
  /** false: the plan no longer has this activity (spending entered earlier, kept) */
  inPlan: boolean;
  leadAgencyId: number | null;
  /** year → source → cell */
  cells: Record<number, Record<string, ExecutionCell>>;
  total: Sum;
  bySource: Record<string, Sum>;
  byYear: Record<number, Sum>;
}

export interface ExecutionTable {
  currencyUnit: CurrencyUnit;
  years: number[];
  sources: { key: FundingSource; label: string }[];
  activities: ExecutionActivity[];
  /** year → source → sum over activities; 'all' = every source */
  yearTotals: Record<number, Record<string, Sum>>;
  sourceTotals: Record<string, Sum>;
  total: Sum;
}

export interface ExecutionInput {
  lines: readonly PlannedLine[];
  /** stored activities (ids, lead agencies); plan activities without a stored row get id null */
  stored?: readonly StoredActivity[];
  spending?: readonly SpendingFigure[];
  periodFrom?: number | null;
  periodTo?: number | null;
  currencyUnit?: CurrencyUnit;
  /** label of a source when the plan wrote none ("Địa phương", "huy động, xã hội hóa" as in seed 001) */
  sourceLabels?: Partial<Record<FundingSource, string>>;
}

/** The years of a plan's budget: its period, else the years its lines and figures name. */
export function budgetYears(lines: readonly { year: number }[], periodFrom?: number | null, periodTo?: number | null, extra: readonly { year: number }[] = []): number[] {
  const years = new Set<number>();
  if (periodFrom && periodTo && periodTo >= periodFrom && periodTo - periodFrom < 100) for (let y = periodFrom; y <= periodTo; y++) years.add(y);
  for (const l of lines) years.add(l.year);
  for (const l of extra) years.add(l.year);
  return [...years].sort((a, b) => a - b);
}

/** Planned (from the plan's lines) and spent (from the figures) per activity × year × source, with every total. */
export function buildExecution(input: ExecutionInput): ExecutionTable {
  const planActs = planActivities(input.lines);
  const stored = input.stored ?? [];
  const spending = input.spending ?? [];
  const { matched, orphans } = matchActivities(planActs, stored);
  const withSpending = new Set(spending.map((s) => s.activityId));
  const acts = [
    ...planActs.map((a, i) => ({ ...a, id: matched[i]?.id ?? null, leadAgencyId: matched[i]?.leadAgencyId ?? null, inPlan: true })),
    ...orphans.filter((o) => withSpending.has(o.id)).map((o) => ({ no: o.no, name: o.name, id: o.id, leadAgencyId: o.leadAgencyId, inPlan: false })),
  ];
  // keys over the plan's activities only (what the API and CSV files name); removed ones are not enterable
  const keys = [...activityKeys(planActs), ...acts.slice(planActs.length).map((a) => `removed-${a.id}`)];
  const years = budgetYears(input.lines, input.periodFrom, input.periodTo, spending);
  const present = new Set<string>([...input.lines.map((l) => l.source), ...spending.map((s) => s.source)]);
  // the seed tables always show local and mobilised; other sources when they carry money
  const sources = FUNDING_SOURCES.filter((s) => s === 'local' || s === 'mobilised' || present.has(s)).map((key) => ({
    key,
    label: input.sourceLabels?.[key] ?? input.lines.find((l) => l.source === key && l.sourceLabel)?.sourceLabel ?? SOURCE_NAMES[key].vi,
  }));

  const planIndex = new Map(planActs.map((a, i) => [identity(a), i]));
  const idIndex = new Map(acts.map((a, i) => [a.id, i] as const).filter(([id]) => id !== null));
  const blank = (): ExecutionCell => ({ planned: 0, spent: null, rate: null, note: null, version: 0, updatedAt: null, updatedBy: null });
  const grid = acts.map(() => {
    const cells: Record<number, Record<string, ExecutionCell>> = {};
    for (const y of years) {
      cells[y] = {};
      for (const s of sources) cells[y][s.key] = blank();
    }
    return cells;
  });
  for (const l of input.lines) {
    const i = planIndex.get(identity({ no: l.activityNo?.trim() || null, name: l.activity.replace(/\s+/g, ' ').trim() }));
    const cell = i === undefined ? undefined : grid[i][l.year]?.[l.source];
    if (cell) cell.planned = round(cell.planned + l.amount);
  }
  for (const f of spending) {
    const i = idIndex.get(f.activityId);
    const cell = i === undefined ? undefined : grid[i][f.year]?.[f.source];
    if (!cell) continue;
    cell.spent = f.amount;
    cell.note = f.note;
    cell.version = f.version;
    cell.updatedAt = f.updatedAt ?? null;
    cell.updatedBy = f.updatedBy ?? null;
  }

  for (const cells of grid) for (const y of years) for (const s of sources) cells[y][s.key].rate = executionRate(cells[y][s.key].spent, cells[y][s.key].planned);
  const activities: ExecutionActivity[] = acts.map((a, i) => {
    const cells = grid[i];
    const all = years.flatMap((y) => sources.map((s) => cells[y][s.key]));
    return {
      id: a.id,
      key: keys[i],
      no: a.no,
      name: a.name,
      inPlan: a.inPlan,
      leadAgencyId: a.leadAgencyId,
      cells,
      total: sumOf(all),
      bySource: Object.fromEntries(sources.map((s) => [s.key, sumOf(years.map((y) => cells[y][s.key]))])),
      byYear: Object.fromEntries(years.map((y) => [y, sumOf(sources.map((s) => cells[y][s.key]))])),
    };
  });
  const yearTotals: ExecutionTable['yearTotals'] = {};
  for (const y of years) {
    yearTotals[y] = Object.fromEntries(sources.map((s) => [s.key, sumOf(grid.map((c) => c[y][s.key]))]));
    yearTotals[y].all = sumOf(grid.flatMap((c) => sources.map((s) => c[y][s.key])));
  }
  const sourceTotals = Object.fromEntries(sources.map((s) => [s.key, sumOf(grid.flatMap((c) => years.map((y) => c[y][s.key])))]));
  const total = sumOf(grid.flatMap((c) => years.flatMap((y) => sources.map((s) => c[y][s.key]))));
  return { currencyUnit: input.currencyUnit ?? 'million_vnd', years, sources, activities, yearTotals, sourceTotals, total };
}

/** Planned and spent per activity over some years (a yearly report: one year; a review: the years so far). */
export interface PeriodSummary {
  from: number;
  to: number;
  currencyUnit: CurrencyUnit;
  rows: { no: string | null; activity: string; planned: number; spent: number | null; rate: number | null }[];
  bySource: { source: FundingSource; label: string; planned: number; spent: number | null; rate: number | null }[];
  total: Sum;
  /** activities with some money planned or spent in the period / of them, those with a spending figure */
  activities: number;
  activitiesReported: number;
}

export function periodSummary(table: ExecutionTable, from: number, to: number): PeriodSummary {
  const years = table.years.filter((y) => y >= from && y <= to);
  const rows: PeriodSummary['rows'] = [];
  let reported = 0;
  for (const a of table.activities) {
    const s = sumOf(years.flatMap((y) => table.sources.map((src) => a.cells[y][src.key])));
    if (s.cells === 0) continue;
    if (s.spent !== null) reported++;
    rows.push({ no: a.no, activity: a.name, planned: s.planned, spent: s.spent, rate: s.rate });
  }
  const bySource = table.sources
    .map((src) => {
      const s = sumOf(table.activities.flatMap((a) => years.map((y) => a.cells[y][src.key])));
      return { source: src.key, label: src.label, planned: s.planned, spent: s.spent, rate: s.rate, cells: s.cells };
    })
    .filter((s) => s.cells > 0)
    .map(({ cells: _c, ...s }) => s);
  const total = sumOf(table.activities.flatMap((a) => years.flatMap((y) => table.sources.map((src) => a.cells[y][src.key]))));
  return { from, to, currencyUnit: table.currencyUnit, rows, bySource, total, activities: rows.length, activitiesReported: reported };
}

// ─────────────────────────── checking what people enter ───────────────────────────

/** One spending figure as it arrives from a form, an API call or a CSV row (anything may be wrong with it). */
export interface SpendingInput {
  /** the activity: its key, number (STT) or content */
  activity: unknown;
  year: unknown;
  source: unknown;
  /** null / '' = no figure (with no note: remove the cell) */
  amount?: unknown;
  note?: unknown;
  /** the cell's version read (0 = it was empty); absent = overwrite whatever is there */
  version?: unknown;
  /** the unit the amount is in; absent = the plan's */
  currencyUnit?: unknown;
}

export interface CleanSpending {
  index: number;
  activityIndex: number;
  year: number;
  source: FundingSource;
  amount: number | null;
  note: string | null;
  version: number | null;
}

export interface SpendingIssue {
  code: string;
  /** position of the input (0-based) */
  index: number;
  field: string;
  vi: string;
  en: string;
}

export interface SpendingContext {
  activities: readonly (PlanActivity & { key: string })[];
  /** the years spending may be entered for (the plan's period) */
  years: readonly number[];
  currencyUnit: CurrencyUnit;
  /** planned amount of a cell, for the warnings */
  planned?: (activityIndex: number, year: number, source: FundingSource) => number;
}

const describe = (x: unknown): string => (typeof x === 'string' ? `"${x.length > 40 ? `${x.slice(0, 40)}…` : x}"` : JSON.stringify(x) ?? String(x));
const fmt = (n: number): string => formatNumberVi(n, MAX_DECIMALS);

/**
 * Checks spending figures: a known activity, a year of the plan, a known source, a number (Vietnamese
 * "1.055", "12,5" accepted; text is refused), not negative, at most 3 decimals (thousand đồng), not
 * absurdly large, the plan's currency unit, a short note, each cell once. Errors refuse the whole input;
 * warnings (more than planned, spending without a plan, a figure that looks like đồng instead of triệu
 * đồng) are returned to show and never block.
 */
export function validateSpending(inputs: readonly SpendingInput[], ctx: SpendingContext): { clean: CleanSpending[]; errors: SpendingIssue[]; warnings: SpendingIssue[] } {
  const errors: SpendingIssue[] = [];
  const warnings: SpendingIssue[] = [];
  const clean: CleanSpending[] = [];
  const seen = new Map<string, number>();
  const unitLabel = CURRENCY_LABEL[ctx.currencyUnit];
  const yearsText = ctx.years.length ? `${ctx.years[0]}–${ctx.years[ctx.years.length - 1]}` : '—';
  inputs.forEach((input, index) => {
    const before = errors.length;
    const err = (code: string, field: string, vi: string, en: string) => errors.push({ code, index, field, vi, en });
    if (input === null || typeof input !== 'object') {
      err('invalid_row', '', 'dòng số liệu không hợp lệ', 'invalid entry');
      return;
    }
    const activityIndex = resolveActivity(input.activity, ctx.activities);
    if (input.activity === undefined || input.activity === null || input.activity === '') err('activity_required', 'activity', 'thiếu hoạt động (số thứ tự hoặc nội dung)', 'no activity (number or content)');
    else if (activityIndex < 0) err('unknown_activity', 'activity', `không có hoạt động ${describe(input.activity)} trong bảng kinh phí của kế hoạch`, `no activity ${describe(input.activity)} in the plan's budget table`);

    let year: number | null = null;
    const y = typeof input.year === 'string' && /^\s*\d{4}\s*$/.test(input.year) ? Number(input.year) : input.year;
    if (y === undefined || y === null || y === '') err('year_required', 'year', 'thiếu năm', 'no year');
    else if (typeof y !== 'number' || !Number.isInteger(y)) err('invalid_year', 'year', `năm ${describe(input.year)} không hợp lệ`, `year ${describe(input.year)} is not valid`);
    else if (!ctx.years.includes(y)) err('year_outside_plan', 'year', `năm ${y} nằm ngoài giai đoạn của kế hoạch (${yearsText})`, `year ${y} is outside the plan's period (${yearsText})`);
    else year = y;

    const source = parseSource(input.source);
    if (input.source === undefined || input.source === null || input.source === '') err('source_required', 'source', 'thiếu nguồn kinh phí', 'no funding source');
    else if (!source) err('unknown_source', 'source', `nguồn kinh phí ${describe(input.source)} không có (cho phép: ${FUNDING_SOURCES.map((s) => `${s} — ${SOURCE_NAMES[s].vi.toLocaleLowerCase('vi')}`).join('; ')})`, `unknown funding source ${describe(input.source)} (allowed: ${FUNDING_SOURCES.join(', ')})`);

    if (input.currencyUnit !== undefined && input.currencyUnit !== null && input.currencyUnit !== '') {
      const c = typeof input.currencyUnit === 'string' ? stripMarks(input.currencyUnit).toLowerCase().replace(/[^a-z]/g, '') : '';
      const ok = c === ctx.currencyUnit.replace(/_/g, '') || (ctx.currencyUnit === 'million_vnd' && ['trieudong', 'trieu', 'trd', 'millionvnd', 'trieuvnd'].includes(c));
      if (!ok) err('wrong_currency_unit', 'currencyUnit', `đơn vị tiền ${describe(input.currencyUnit)} khác đơn vị của bảng kinh phí (${unitLabel.vi}); hãy quy đổi sang ${unitLabel.vi}`, `currency unit ${describe(input.currencyUnit)} differs from the budget table's (${unitLabel.en}); convert to ${unitLabel.en}`);
    }

    let amount: number | null = null;
    const parsed = typeof input.amount === 'boolean' ? { ok: false as const } : parseNumber(input.amount);
    if (!parsed.ok) err('not_a_number', 'amount', `số tiền ${describe(input.amount)} không phải là số (ví dụ đúng: 1.055 hoặc 12,5 — ${unitLabel.vi})`, `amount ${describe(input.amount)} is not a number (e.g. 1055 or 12.5 — ${unitLabel.en})`);
    else if (parsed.value !== null) {
      const v = parsed.value;
      if (v < 0) err('negative_amount', 'amount', `số tiền không được âm (${fmt(v)})`, `the amount cannot be negative (${v})`);
      else if (v > MAX_AMOUNT) err('amount_too_large', 'amount', `số tiền ${fmt(v)} ${unitLabel.vi} quá lớn (tối đa ${fmt(MAX_AMOUNT)})`, `the amount ${v} ${unitLabel.en} is too large (at most ${MAX_AMOUNT})`);
      else if (Math.abs(Math.round(v * 10 ** MAX_DECIMALS) - v * 10 ** MAX_DECIMALS) > 1e-6) err('too_many_decimals', 'amount', `số tiền ${fmt(v)} có quá ${MAX_DECIMALS} chữ số thập phân (${unitLabel.vi} chỉ tính đến nghìn đồng)`, `the amount has more than ${MAX_DECIMALS} decimals (${unitLabel.en} are kept to the thousand đồng)`);
      else amount = v === 0 ? 0 : v;
    }

    let note: string | null = null;
    if (input.note !== undefined && input.note !== null) {
      if (typeof input.note !== 'string') err('invalid_note', 'note', 'ghi chú phải là văn bản', 'the note must be text');
      else if (input.note.length > 2000) err('note_too_long', 'note', `ghi chú dài ${input.note.length} ký tự, tối đa 2.000`, `the note is ${input.note.length} characters long, at most 2000`);
      else note = input.note.replace(/\u0000/g, '').trim() || null;
    }

    let version: number | null = null;
    if (input.version !== undefined && input.version !== null) {
      if (typeof input.version !== 'number' || !Number.isInteger(input.version) || input.version < 0) err('invalid_version', 'version', 'phiên bản phải là số nguyên không âm', 'version must be a non-negative integer');
      else version = input.version;
    }

    if (errors.length > before || year === null || source === null || activityIndex < 0) return;
    const k = `${activityIndex}|${year}|${source}`;
    const first = seen.get(k);
    if (first !== undefined) {
      err('duplicate_cell', 'activity', `hoạt động ${ctx.activities[activityIndex].key}, năm ${year}, nguồn ${SOURCE_NAMES[source].vi.toLocaleLowerCase('vi')} được nhập hai lần (cùng với mục ${first + 1})`, `activity ${ctx.activities[activityIndex].key}, year ${year}, source ${source} is given twice (also entry ${first + 1})`);
      return;
    }
    seen.set(k, index);
    clean.push({ index, activityIndex, year, source, amount, note, version });

    if (amount !== null && amount > 0 && ctx.planned) {
      const planned = ctx.planned(activityIndex, year, source);
      const warn = (code: string, vi: string, en: string) => warnings.push({ code, index, field: 'amount', vi, en });
      if (amount >= 1_000_000 && amount >= 1000 * Math.max(planned, 1))
        warn('unit_suspect', `số tiền ${fmt(amount)} ${unitLabel.vi} rất lớn so với dự toán (${fmt(planned)}): số liệu tính bằng ${unitLabel.vi}, không phải đồng`, `the amount ${amount} ${unitLabel.en} is huge next to the plan (${planned}): figures are in ${unitLabel.en}, not đồng`);
      else if (planned === 0) warn('unplanned', `chi ${fmt(amount)} ${unitLabel.vi} cho nguồn và năm không có dự toán`, `${amount} ${unitLabel.en} spent where nothing was planned`);
      else if (amount > planned) warn('over_plan', `vượt dự toán: thực hiện ${fmt(amount)}, dự toán ${fmt(planned)} (${fmt(executionRate(amount, planned)!)}%)`, `above the plan: spent ${amount}, planned ${planned} (${executionRate(amount, planned)}%)`);
    }
  });
  return { clean, errors, warnings };
}
