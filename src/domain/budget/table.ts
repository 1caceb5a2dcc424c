/**
 * A budget table as the document writes it (Phụ lục 01: activities × years × funding sources, with the
 * row totals and the "Tổng cộng" row the document states), its checks, and the one correction the checks
 * can point at: a single amount written one column off. Pure: no I/O.
 *
 *  - `checkBudgetTable`: every stated row total (per source) and column total against the sum of its cells,
 *    the table's grand total, and the total stated in the text ("Dự kiến kinh phí … là 18,670 tỷ đồng").
 *  - `suggestBudgetCorrection`: when checks fail, looks for ONE data cell whose move to the adjacent column
 *    (left or right, into an empty cell of the same row) makes every check pass. Exactly one such move →
 *    a suggestion; none, or several (ambiguous) → null. The table itself is never changed here.
 *  - `acceptBudgetCorrection`: the officer accepted it: the amount moves, lines and checks are re-derived.
 */
import { z } from 'zod';
import { formatNumber } from '../format.ts';
import { SOURCE_NAMES } from './execution.ts';

export interface BudgetTableColumn {
  /** the year of a data column; null for the STT / activity columns and the total columns */
  year: number | null;
  /** funding source key (`local`, `mobilised`, …); 'total' when the column has no source */
  source: string;
  /** a "Tổng cộng" column (row total per source) */
  total: boolean;
}

export interface BudgetTableRow {
  number: string | null;
  activity: string;
  /** one per column; null = empty cell (columns 0–1 are always null) */
  cells: (number | null)[];
  /** the "Tổng cộng" row */
  total: boolean;
}

export interface BudgetTable {
  columns: BudgetTableColumn[];
  rows: BudgetTableRow[];
}

/** The shape of a table sent back by a client (the review screen returns the extraction it was given). */
export const BudgetTableSchema = z.object({
  columns: z.array(z.object({ year: z.number().int().nullable(), source: z.string().max(100), total: z.boolean() })).max(500),
  rows: z
    .array(
      z.object({
        number: z.string().max(50).nullable(),
        activity: z.string().max(5000),
        cells: z.array(z.number().finite().nullable()).max(500),
        total: z.boolean(),
      }),
    )
    .max(5000),
});

export interface BudgetLine {
  activity: string;
  activityNumber: string | null;
  year: number;
  source: string;
  amount: number;
}

export interface BudgetCheck {
  what: string;
  expected: number;
  found: number;
  ok: boolean;
}

export interface BudgetCellRef {
  column: number;
  year: number;
  source: string;
  /** the source as the table's header writes it ("Địa phương", "huy động, xã hội hóa") */
  label: string;
}

export interface BudgetCorrection {
  kind: 'move_cell';
  /** index of the activity's row in `table.rows` */
  row: number;
  activity: string;
  activityNumber: string | null;
  from: BudgetCellRef;
  to: BudgetCellRef;
  amount: number;
  /** the checks that fail as written and pass after the move (as they were before it) */
  fixes: BudgetCheck[];
  /** Vietnamese explanation */
  message: string;
  messageEn: string;
}

/** What the importer read of a budget table; the importer's ImportedBudget carries more. */
export interface BudgetReading {
  table?: BudgetTable | null;
  lines: BudgetLine[];
  statedTotal: number | null;
  computedTotal: number | null;
  checks: BudgetCheck[];
  sources?: { key: string; label: string }[];
  suggestion?: BudgetCorrection | null;
  /** the correction the officer accepted (the lines and checks are those after it) */
  correction?: BudgetCorrection | null;
}

const isData = (c: BudgetTableColumn | undefined): c is BudgetTableColumn & { year: number } => Boolean(c && !c.total && c.year !== null);

/** The lines of the table: one per non-empty data cell of an activity row (a written 0 is a line). */
export function budgetTableLines(table: BudgetTable): BudgetLine[] {
  const lines: BudgetLine[] = [];
  for (const row of table.rows) {
    if (row.total) continue;
    row.cells.forEach((amount, c) => {
      const col = table.columns[c];
      if (!isData(col) || amount === null || amount === undefined) return;
      lines.push({ activity: row.activity, activityNumber: row.number, year: col.year, source: col.source, amount });
    });
  }
  return lines;
}

/** Which part of the table a check reads: a move can only change the checks of its row and its two columns. */
type CheckRef = { kind: 'row'; row: number; source: string } | { kind: 'column'; column: number } | { kind: 'table' };

/** A source key in the words of a check ("ngân sách địa phương"); the table's plain total column has none. */
function sourceWords(source: string): string {
  if (!source || source === 'total') return '';
  const name = (SOURCE_NAMES as Record<string, { vi: string }>)[source]?.vi;
  return name ? name.charAt(0).toLowerCase() + name.slice(1) : source;
}

function checksWithRefs(table: BudgetTable, statedTotal: number | null): { check: BudgetCheck; ref: CheckRef }[] {
  const out: { check: BudgetCheck; ref: CheckRef }[] = [];
  const { columns, rows } = table;
  const totalRow = rows.find((r) => r.total);
  const sources = [...new Set(columns.filter((c) => c.year !== null || c.total).map((c) => c.source))];
  const computedTotal = budgetTableLines(table).reduce((s, l) => s + l.amount, 0);
  rows.forEach((row, r) => {
    if (row.total) return;
    for (const source of sources) {
      const totalCol = columns.findIndex((c) => c.total && c.source === source);
      if (totalCol < 0) continue;
      const found = columns.reduce((s, col, c) => s + (isData(col) && col.source === source ? row.cells[c] ?? 0 : 0), 0);
      out.push({ check: check(`dòng ${row.number ?? row.activity.slice(0, 30)}, tổng ${sourceWords(source)}`, row.cells[totalCol] ?? 0, found), ref: { kind: 'row', row: r, source } });
    }
  });
  if (totalRow) {
    const data = rows.filter((r) => !r.total);
    columns.forEach((col, c) => {
      if (c < 2 || (col.year === null && !col.total)) return;
      const found = data.reduce((s, r) => s + (r.cells[c] ?? 0), 0);
      const what = col.total ? `cột tổng cộng ${sourceWords(col.source)}` : `cột ${col.year} ${sourceWords(col.source)}`;
      out.push({ check: check(what, totalRow.cells[c] ?? 0, found), ref: { kind: 'column', column: c } });
    });
    const statedGrand = columns.reduce((s, col, c) => s + (col.total ? totalRow.cells[c] ?? 0 : 0), 0);
    if (columns.some((c) => c.total)) out.push({ check: check('tổng cộng toàn bảng', statedGrand, computedTotal), ref: { kind: 'table' } });
  }
  if (statedTotal !== null) out.push({ check: check('tổng kinh phí nêu trong văn bản', statedTotal, computedTotal), ref: { kind: 'table' } });
  return out;
}

/** Every total the table (and the text) states, against the sum of its cells. */
export function checkBudgetTable(table: BudgetTable, statedTotal: number | null): BudgetCheck[] {
  return checksWithRefs(table, statedTotal).map((x) => x.check);
}

function check(what: string, expected: number, found: number): BudgetCheck {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { what: what.trim(), expected: round(expected), found: round(found), ok: Math.abs(expected - found) < 0.0005 };
}

function moveCell(table: BudgetTable, row: number, from: number, to: number): BudgetTable {
  return {
    columns: table.columns,
    rows: table.rows.map((r, i) => {
      if (i !== row) return r;
      const cells = [...r.cells];
      cells[to] = cells[from];
      cells[from] = null;
      return { ...r, cells };
    }),
  };
}

/**
 * The single misplaced cell the failing checks point at, or null. A candidate is a non-zero amount in a
 * data column of an activity row, moved to the adjacent data column (left or right) where the row's cell is
 * empty (or a written 0); it counts only when, after the move, EVERY check passes. Exactly one candidate →
 * the suggestion; several → null (the table does not say which one).
 */
export function suggestBudgetCorrection(table: BudgetTable | null | undefined, statedTotal: number | null, labels: { key: string; label: string }[] = []): BudgetCorrection | null {
  if (!table || table.rows.length === 0) return null;
  const before = checksWithRefs(table, statedTotal);
  const failing = before.filter((x) => !x.check.ok);
  if (failing.length === 0) return null;
  // a move changes only its row's totals and its two columns' totals: every failing check must be one of them
  if (failing.some((x) => x.ref.kind === 'table')) return null;
  const failingRows = new Set(failing.flatMap((x) => (x.ref.kind === 'row' ? [x.ref.row] : [])));
  const failingCols = new Set(failing.flatMap((x) => (x.ref.kind === 'column' ? [x.ref.column] : [])));
  if (failingRows.size > 1 || failingCols.size > 2) return null;
  const candidates: { row: number; from: number; to: number }[] = [];
  table.rows.forEach((row, r) => {
    if (row.total || (failingRows.size === 1 && !failingRows.has(r))) return;
    row.cells.forEach((amount, c) => {
      if (!isData(table.columns[c]) || amount === null || amount === undefined || !Number.isFinite(amount) || amount === 0) return;
      for (const d of [c - 1, c + 1]) {
        if (!isData(table.columns[d])) continue;
        const target = row.cells[d];
        if (target !== null && target !== undefined && target !== 0) continue;
        if ([...failingCols].some((col) => col !== c && col !== d)) continue;
        const after = checksWithRefs(moveCell(table, r, c, d), statedTotal);
        if (after.every((x) => x.check.ok)) candidates.push({ row: r, from: c, to: d });
      }
    });
  });
  if (candidates.length !== 1) return null;
  const { row: r, from, to } = candidates[0];
  const row = table.rows[r];
  const amount = row.cells[from] as number;
  const fromCol = table.columns[from] as BudgetTableColumn & { year: number };
  const toCol = table.columns[to] as BudgetTableColumn & { year: number };
  const fixes = failing.map((x) => x.check);
  const label = (key: string) => labels.find((l) => l.key === key)?.label ?? (SOURCE_NAMES as Record<string, { vi: string }>)[key]?.vi ?? key;
  const labelEn = (key: string) => (SOURCE_NAMES as Record<string, { en: string }>)[key]?.en.toLowerCase() ?? key;
  const name = row.number ? `Hoạt động ${row.number}` : `Hoạt động "${row.activity.slice(0, 60)}"`;
  const nameEn = row.number ? `Activity ${row.number}` : `Activity "${row.activity.slice(0, 60)}"`;
  const side = to > from ? { vi: 'bên phải', en: 'right' } : { vi: 'bên trái', en: 'left' };
  const listVi = fixes.map((f) => `${f.what} (ghi ${formatNumber(f.expected)}, cộng được ${formatNumber(f.found)})`).join('; ');
  const listEn = fixes.map((f) => `${f.what} (states ${formatNumber(f.expected, undefined, 'en')}, cells add up to ${formatNumber(f.found, undefined, 'en')})`).join('; ');
  return {
    kind: 'move_cell',
    row: r,
    activity: row.activity,
    activityNumber: row.number,
    from: { column: from, year: fromCol.year, source: fromCol.source, label: label(fromCol.source) },
    to: { column: to, year: toCol.year, source: toCol.source, label: label(toCol.source) },
    amount,
    fixes,
    message:
      `${name}: số ${formatNumber(amount)} ghi ở cột năm ${fromCol.year} – ${label(fromCol.source)}, nhưng các số tổng của chính bảng cho thấy số này thuộc cột năm ${toCol.year} – ${label(toCol.source)} (ô liền ${side.vi}). ` +
      `Chuyển sang thì ${fixes.length} phép kiểm tra đang lệch đều khớp: ${listVi}.`,
    messageEn:
      `${nameEn}: ${formatNumber(amount, undefined, 'en')} is written in the ${fromCol.year} ${labelEn(fromCol.source)} column, but the table's own totals show it belongs to ${toCol.year} ${labelEn(toCol.source)} (the next cell to the ${side.en}). ` +
      `Moving it makes the ${fixes.length} failing check(s) pass: ${listEn}.`,
  };
}

/**
 * The budget after the officer accepted `correction`: the amount moved in the table, the lines and checks
 * re-derived from it, `correction` recorded, no suggestion left. Null when the correction does not apply to
 * this table (another table, or the cell no longer holds the amount).
 */
export function acceptBudgetCorrection<B extends BudgetReading>(budget: B, correction: BudgetCorrection): B | null {
  const table = budget.table;
  const row = table?.rows[correction.row];
  if (!table || !row || row.total) return null;
  const { from, to } = correction;
  const target = row.cells[to.column];
  if (Math.abs(to.column - from.column) !== 1 || !isData(table.columns[from.column]) || !isData(table.columns[to.column])) return null;
  if (row.cells[from.column] !== correction.amount || (target !== null && target !== undefined && target !== 0)) return null;
  if (table.columns[from.column].year !== from.year || table.columns[to.column].year !== to.year || table.columns[from.column].source !== from.source || table.columns[to.column].source !== to.source) return null;
  const moved = moveCell(table, correction.row, from.column, to.column);
  const lines = budgetTableLines(moved);
  return {
    ...budget,
    table: moved,
    lines,
    computedTotal: lines.reduce((s, l) => s + l.amount, 0),
    checks: checkBudgetTable(moved, budget.statedTotal),
    suggestion: null,
    correction,
  };
}

/** The review warning of a failing check (the importer lists them first). */
export function budgetCheckWarning(c: BudgetCheck): string {
  return `Ngân sách: ${c.what} ghi ${formatNumber(c.expected)}, cộng lại được ${formatNumber(c.found)} / budget total mismatch`;
}

/** The review warning that points at a suggestion. */
export function budgetSuggestionWarning(s: BudgetCorrection): string {
  const what = s.activityNumber ? `hoạt động ${s.activityNumber}` : `hoạt động "${s.activity.slice(0, 60)}"`;
  const whatEn = s.activityNumber ? `activity ${s.activityNumber}` : `activity "${s.activity.slice(0, 60)}"`;
  return (
    `Ngân sách: số ${formatNumber(s.amount)} của ${what} có lẽ bị ghi lệch một cột (năm ${s.from.year} – ${s.from.label} → năm ${s.to.year} – ${s.to.label}); xem đề xuất sửa ở mục Kinh phí` +
    ` / budget: ${formatNumber(s.amount, undefined, 'en')} of ${whatEn} seems one column off (${s.from.year} ${s.from.source} → ${s.to.year} ${s.to.source}); see the suggested correction under Budget`
  );
}

/** The review warnings of a budget reading: one per failing check, then the suggestion's, if any. */
export function budgetReadingWarnings(budget: Pick<BudgetReading, 'checks' | 'suggestion'> | null | undefined): string[] {
  return [...(budget?.checks ?? []).filter((c) => !c.ok).map(budgetCheckWarning), ...(budget?.suggestion ? [budgetSuggestionWarning(budget.suggestion)] : [])];
}

/** The budget warnings of `before` replaced by those of `after` (the other warnings untouched). */
export function budgetWarnings(warnings: string[], before: BudgetReading | null, after: BudgetReading | null): string[] {
  const old = new Set(budgetReadingWarnings(before));
  return [...new Set([...warnings.filter((w) => !old.has(w)), ...budgetReadingWarnings(after)])];
}
