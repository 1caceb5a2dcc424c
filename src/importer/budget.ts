/**
 * Budget tables (activities × years × funding sources) and stated totals.
 * The header (years, then source names) may repeat on every page; rows are
 * tab-separated (pipe tables are converted by normalize). Every row and column
 * total written in the table is checked against the sum of its cells, and when the
 * checks point at one amount written one column off, that move is proposed (never
 * applied): src/domain/budget/table.ts.
 */
import { budgetTableLines, checkBudgetTable, suggestBudgetCorrection, type BudgetTable } from '../domain/budget/table.ts';
import { parseVietnameseNumber } from './numbers.ts';
import type { Line, TextModel } from './textmodel.ts';
import type { ImportedBudget } from './types.ts';

interface Column {
  year: number | null;
  total: boolean;
  source: string;
}

interface Row {
  number: string | null;
  activity: string;
  cells: (number | null)[];
  line: Line;
  isTotal: boolean;
}

export function parseBudget(model: TextModel): ImportedBudget | null {
  const stated = findStatedTotal(model);
  const table = findTable(model);
  if (!table && stated === null) return null;
  const currencyUnit = findCurrencyUnit(model);
  if (!table) {
    return { currencyUnit, sources: [], activities: [], lines: [], statedTotal: stated, computedTotal: null, checks: [], source: null, table: null, suggestion: null };
  }
  const { columns, rows, sources } = table;
  // the table as written, serialisable: the review keeps it so a suggested correction can be accepted later
  const grid: BudgetTable = {
    columns: columns.map((c) => ({ year: c.total ? null : c.year, source: c.source, total: c.total })),
    rows: rows.map((r) => ({ number: r.number, activity: r.activity, cells: r.cells, total: r.isTotal })),
  };
  const lines = budgetTableLines(grid);
  const computedTotal = lines.reduce((s, l) => s + l.amount, 0);
  const checks = checkBudgetTable(grid, stated);
  const first = rows[0]?.line;
  const last = rows[rows.length - 1]?.line;
  return {
    currencyUnit,
    sources,
    activities: rows.filter((r) => !r.isTotal).map((r) => ({ number: r.number, text: r.activity, source: { start: r.line.start, end: r.line.end } })),
    lines,
    statedTotal: stated,
    computedTotal,
    checks,
    source: first && last ? { start: first.start, end: last.end } : null,
    table: grid,
    suggestion: suggestBudgetCorrection(grid, stated, sources),
  };
}

function findCurrencyUnit(model: TextModel): ImportedBudget['currencyUnit'] {
  const m = /(?:dvt|don vi tinh|don vi)\s*:\s*(trieu dong|nghin dong|ngan dong|ty dong|dong)/.exec(model.folded);
  if (!m) return 'million_vnd';
  if (m[1] === 'nghin dong' || m[1] === 'ngan dong') return 'thousand_vnd';
  if (m[1] === 'ty dong') return 'billion_vnd';
  if (m[1] === 'dong') return 'vnd';
  return 'million_vnd';
}

/** "Dự kiến kinh phí … là 18,670 tỷ đồng" → 18670 (million VND). */
function findStatedTotal(model: TextModel): number | null {
  const re = /kinh phi[^.;\n]{0,120}?(?:la|:)\s*(\d+(?:[.,]\d+)*)\s*(ty|trieu)\s*dong/;
  const m = re.exec(model.folded);
  if (!m) return null;
  const n = parseVietnameseNumber(m[1]);
  if (!n) return null;
  return m[2] === 'ty' ? Math.round(n.value * 1000 * 1000) / 1000 : n.value;
}

function cellsOf(line: Line): { text: string; folded: string }[] {
  const texts = line.text.split('\t');
  const out: { text: string; folded: string }[] = [];
  let pos = 0;
  for (const t of texts) {
    out.push({ text: t.trim(), folded: line.folded.slice(pos, pos + t.length).trim() });
    pos += t.length + 1;
  }
  return out;
}

function findTable(model: TextModel): { columns: Column[]; rows: Row[]; sources: { key: string; label: string }[] } | null {
  let columns: Column[] | null = null;
  const rows: Row[] = [];
  const sourceLabels = new Map<string, string>();
  const lines = model.lines;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.text.includes('\t')) continue;
    const cells = cellsOf(line);
    const yearCells = cells.filter((c) => /^(?:nam\s*)?(?:19|20)\d\d$/.test(c.folded)).length;
    if (yearCells >= 2) {
      const next = lines[i + 1]?.text.includes('\t') ? cellsOf(lines[i + 1]) : null;
      const built = buildColumns(cells, next, sourceLabels);
      if (!columns) columns = built.columns;
      if (built.consumedNext) i++;
      continue;
    }
    if (!columns) continue;
    const row = toRow(cells, line, columns.length);
    if (row) rows.push(row);
  }
  if (!columns || rows.length === 0) return null;
  return { columns, rows, sources: [...sourceLabels].map(([key, label]) => ({ key, label })) };
}

function buildColumns(header: { text: string; folded: string }[], sub: { text: string; folded: string }[] | null, labels: Map<string, string>): { columns: Column[]; consumedNext: boolean } {
  const isSub = sub !== null && sub.some((c) => /dia phuong|ngan sach|huy dong|xa hoi hoa|trung uong|von/.test(c.folded));
  const columns: Column[] = [];
  let year: number | null = null;
  let total = false;
  const width = Math.max(header.length, isSub && sub ? sub.length : 0);
  for (let c = 0; c < width; c++) {
    const h = header[c]?.folded ?? '';
    const ym = /((?:19|20)\d\d)$/.exec(h);
    if (ym) {
      year = Number(ym[1]);
      total = false;
    } else if (/tong cong|tong so|cong|tong/.test(h)) {
      total = true;
      year = null;
    }
    const label = isSub && sub ? sub[c]?.text ?? '' : '';
    const key = label ? sourceKey(label) : 'total';
    if (label) labels.set(key, label);
    columns.push({ year: c < 2 ? null : year, total: c >= 2 && total, source: key });
  }
  return { columns, consumedNext: isSub };
}

function sourceKey(label: string): string {
  const f = label.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
  if (/huy dong|xa hoi hoa|vien tro|tai tro/.test(f)) return 'mobilised';
  if (/trung uong/.test(f)) return 'central';
  if (/dia phuong|ngan sach|tinh|huyen/.test(f)) return 'local';
  return f.replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'other';
}

function toRow(cells: { text: string; folded: string }[], line: Line, width: number): Row | null {
  const first = cells[0]?.folded ?? '';
  const second = cells[1]?.folded ?? '';
  if (/dia phuong|huy dong/.test(cells.map((c) => c.folded).join(' ')) && !/\d/.test(cells.slice(2).map((c) => c.text).join(''))) return null;
  const isTotal = /^tong cong|^tong so|^cong$/.test(first) || /^tong cong|^tong so|^cong$/.test(second);
  if (!isTotal && !/^[\divx]+[.)]?$/.test(first)) return null;
  const values: (number | null)[] = [];
  for (let c = 0; c < width; c++) {
    if (c < 2) {
      values.push(null);
      continue;
    }
    const t = cells[c]?.text ?? '';
    const n = t ? parseVietnameseNumber(t.replace(/\s/g, '')) : null;
    values.push(n ? n.value : null);
  }
  return { number: isTotal ? null : cells[0].text || null, activity: isTotal ? 'Tổng cộng' : cells[1]?.text ?? '', cells: values, line, isTotal };
}
