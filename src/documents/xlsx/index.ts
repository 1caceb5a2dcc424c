/**
 * Spreadsheets (exceljs): the budget table in the layout of seed 001's Phụ lục 01 (row and column
 * totals as formulas with cached results), the indicator table of a unit and its children, and the
 * raw values of a period. Numbers use the format "#,##0" which a Vietnamese Excel shows as 18.670.
 */
import ExcelJS from 'exceljs';
import { textWidth } from '../fit.ts';
import { activityTotal, amountOf, sourceTotal, yearTotal } from '../../domain/documents/budget.ts';
import { statusVi, targetCell } from '../../domain/documents/wording.ts';
import type { BudgetTable, ReportIndicatorRow } from '../../domain/documents/types.ts';
import type { ExecutionTable } from '../../domain/budget/execution.ts';
import { isFormulaLike, safeText } from '../../domain/spreadsheet-safety.ts';

const FONT = 'Times New Roman';

/**
 * A row tall enough for its wrapped text (Excel does not grow rows written by a program): the
 * text is measured in Tinos (= Times New Roman) against the column's width (a character of width
 * ≈ 5,6 pt at 11 pt) — lines × 15 pt + 4.
 */
function fitRowHeight(row: ExcelJS.Row, texts: { text: string; widthChars: number; size?: number }[], minHeight = 15): void {
  let lines = 1;
  for (const t of texts) {
    const avail = Math.max(10, t.widthChars * 5.6 - 6);
    const size = t.size ?? 11;
    let count = 0;
    for (const para of String(t.text ?? '').split('\n')) {
      // greedy word wrap, as the spreadsheet does it
      let line = 0;
      let n = 1;
      for (const word of para.split(/\s+/).filter(Boolean)) {
        const w = textWidth(`${word} `, size);
        if (line > 0 && line + w > avail) { n++; line = 0; }
        line += w;
      }
      count += n;
    }
    lines = Math.max(lines, count);
  }
  row.height = Math.max(minHeight, lines * 15 + 4);
}

/** A number format that shows the measure's unit: "75,5%" stays a number. */
export function unitNumberFormat(unit: string): string {
  switch (unit) {
    case 'percent': return '#,##0.##"%"';
    case 'per_1000': return '#,##0.##"‰"';
    case 'per_10000': return '#,##0.##"/10.000"';
    case 'per_100000': return '#,##0.##"/100.000"';
    case 'count': return '#,##0';
    default: return DECIMAL_FORMAT;
  }
}
const UNIT_LABEL: Record<string, string> = { percent: '%', per_1000: '‰', per_10000: '/10.000', per_100000: '/100.000', count: 'số lượng', boolean: 'có/không' };
const THIN: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
export const NUMBER_FORMAT = '#,##0';
export const DECIMAL_FORMAT = '#,##0.##';

function col(n: number): string {
  let s = '';
  for (n = n + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export interface BudgetSheetOptions {
  label?: string; // "Phụ lục 01"
  title: string;
  subtitle?: string | null;
}

/** Writes the budget sheet; returns the workbook. Columns: STT, activity, year × source, totals × source. */
export function budgetWorkbook(b: BudgetTable, o: BudgetSheetOptions): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'vitreem';
  // spreadsheets recompute the formulas on open; the cached results are there for readers that do not
  wb.calcProperties.fullCalcOnLoad = true;
  const ws = wb.addWorksheet('Phụ lục 01', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const S = b.sources.length;
  const nCols = 2 + (b.years.length + 1) * S;
  const last = col(nCols - 1);
  ws.getColumn(1).width = 5;
  ws.getColumn(2).width = 48;
  for (let c = 3; c <= nCols; c++) ws.getColumn(c).width = 11;
  const line = (r: number, text: string, font: Partial<ExcelJS.Font>, align: ExcelJS.Alignment['horizontal'] = 'center') => {
    ws.mergeCells(`A${r}:${last}${r}`);
    const cell = ws.getCell(`A${r}`);
    cell.value = text;
    cell.font = { name: FONT, size: 13, ...font };
    cell.alignment = { horizontal: align, vertical: 'middle', wrapText: true };
  };
  line(1, o.label ?? 'Phụ lục 01', { bold: true });
  line(2, o.title, { bold: true });
  ws.getRow(2).height = 36;
  line(3, o.subtitle ?? '', { italic: true });
  line(4, 'Đvt: triệu đồng', { italic: true, size: 12 }, 'right');

  const H1 = 5, H2 = 6, first = 7;
  const head = (ref: string, text: string) => {
    const c = ws.getCell(ref);
    c.value = text;
    c.font = { name: FONT, size: 11, bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.border = THIN;
  };
  ws.mergeCells(`A${H1}:A${H2}`);
  head(`A${H1}`, 'STT');
  ws.mergeCells(`B${H1}:B${H2}`);
  head(`B${H1}`, 'Nội dung hoạt động');
  const groups = [...b.years.map(String), 'Tổng cộng'];
  groups.forEach((g, gi) => {
    const c0 = 2 + gi * S;
    if (S > 1) ws.mergeCells(`${col(c0)}${H1}:${col(c0 + S - 1)}${H1}`);
    head(`${col(c0)}${H1}`, g);
    b.sources.forEach((s, si) => head(`${col(c0 + si)}${H2}`, s.label));
  });
  ws.getRow(H2).height = 32;
  // make the borders of merged header cells visible
  for (let c = 0; c < nCols; c++) for (const r of [H1, H2]) ws.getCell(`${col(c)}${r}`).border = THIN;

  const body = (cell: ExcelJS.Cell, bold = false) => {
    cell.font = { name: FONT, size: 11, bold };
    cell.border = THIN;
  };
  b.activities.forEach((a, i) => {
    const r = first + i;
    const row = ws.getRow(r);
    row.getCell(1).value = a.no ?? String(i + 1);
    row.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
    row.getCell(2).value = a.name;
    row.getCell(2).alignment = { wrapText: true, vertical: 'middle' };
    fitRowHeight(row, [{ text: a.name, widthChars: ws.getColumn(2).width ?? 40 }]);
    b.years.forEach((y, yi) =>
      b.sources.forEach((s, si) => {
        const v = amountOf(b, i, y, s.key);
        const cell = row.getCell(3 + yi * S + si);
        cell.value = v ? v : null;
        cell.numFmt = NUMBER_FORMAT;
      }),
    );
    b.sources.forEach((s, si) => {
      const refs = b.years.map((_y, yi) => `${col(2 + yi * S + si)}${r}`);
      const cell = row.getCell(3 + b.years.length * S + si);
      cell.value = { formula: `SUM(${refs.join(',')})`, result: activityTotal(b, i, s.key) };
      cell.numFmt = NUMBER_FORMAT;
    });
    for (let c = 1; c <= nCols; c++) body(row.getCell(c));
  });
  const totalRow = first + b.activities.length;
  const tr = ws.getRow(totalRow);
  tr.getCell(2).value = 'Tổng cộng';
  tr.getCell(2).alignment = { horizontal: 'center' };
  for (let c = 3; c <= nCols; c++) {
    const letter = col(c - 1);
    const gi = Math.floor((c - 3) / S);
    const s = b.sources[(c - 3) % S];
    const result = gi < b.years.length ? yearTotal(b, b.years[gi], s.key) : sourceTotal(b, s.key);
    // no activity: a plain 0 (a SUM over no rows would point at the header and the cell itself)
    tr.getCell(c).value = b.activities.length ? { formula: `SUM(${letter}${first}:${letter}${totalRow - 1})`, result } : 0;
    tr.getCell(c).numFmt = NUMBER_FORMAT;
  }
  for (let c = 1; c <= nCols; c++) body(tr.getCell(c), true);
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: H2 }];
  return wb;
}

/** "97,0%" in a Vietnamese Excel: execution rates are fractions with one decimal shown. */
export const RATE_FORMAT = '0.0%';
const amountFormat = (n: number | null | undefined): string => (n === null || n === undefined || Number.isInteger(n) ? NUMBER_FORMAT : '#,##0.0##');

/**
 * The budget table of Phụ lục 01 with the spending beside the plan: under each year and source two
 * columns, "Dự toán" (planned) and "Thực hiện" (spent); then per source the totals and the execution
 * rate, and (with several sources) the totals of all sources. Totals and rates are formulas with cached
 * results; a spent total stays empty when no figure was entered ("missing is not zero"), and so does a
 * rate without a plan or without a figure.
 */
export function budgetExecutionWorkbook(t: ExecutionTable, o: BudgetSheetOptions): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'vitreem';
  wb.calcProperties.fullCalcOnLoad = true;
  const ws = wb.addWorksheet('Phụ lục 01', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const S = t.sources.length;
  const Y = t.years.length;
  const grand = S > 1;
  const T0 = 2 + Y * S * 2; // 0-based column of the first total
  const G0 = T0 + S * 3;
  const nCols = G0 + (grand ? 3 : 0);
  const last = col(nCols - 1);
  const plannedCol = (yi: number, si: number) => 2 + (yi * S + si) * 2;
  ws.getColumn(1).width = 5;
  ws.getColumn(2).width = 48;
  for (let c = 3; c <= nCols; c++) ws.getColumn(c).width = 10;
  const line = (r: number, text: string, font: Partial<ExcelJS.Font>, align: ExcelJS.Alignment['horizontal'] = 'center') => {
    ws.mergeCells(`A${r}:${last}${r}`);
    const cell = ws.getCell(`A${r}`);
    cell.value = text;
    cell.font = { name: FONT, size: 13, ...font };
    cell.alignment = { horizontal: align, vertical: 'middle', wrapText: true };
  };
  line(1, o.label ?? 'Phụ lục 01', { bold: true });
  line(2, o.title, { bold: true });
  ws.getRow(2).height = 36;
  line(3, o.subtitle ?? '', { italic: true });
  line(4, 'Đvt: triệu đồng', { italic: true, size: 12 }, 'right');

  const H1 = 5, H2 = 6, H3 = 7, first = 8;
  const head = (c0: number, c1: number, r0: number, r1: number, text: string) => {
    if (c1 > c0 || r1 > r0) ws.mergeCells(r0, c0 + 1, r1, c1 + 1);
    const cell = ws.getCell(r0, c0 + 1);
    cell.value = text;
    cell.font = { name: FONT, size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  };
  head(0, 0, H1, H3, 'STT');
  head(1, 1, H1, H3, 'Nội dung hoạt động');
  t.years.forEach((y, yi) => {
    head(plannedCol(yi, 0), plannedCol(yi, S - 1) + 1, H1, H1, String(y));
    t.sources.forEach((s, si) => {
      head(plannedCol(yi, si), plannedCol(yi, si) + 1, H2, H2, s.label);
      head(plannedCol(yi, si), plannedCol(yi, si), H3, H3, 'Dự toán');
      head(plannedCol(yi, si) + 1, plannedCol(yi, si) + 1, H3, H3, 'Thực hiện');
    });
  });
  head(T0, G0 - 1, H1, H1, 'Tổng cộng');
  t.sources.forEach((s, si) => {
    head(T0 + si * 3, T0 + si * 3 + 2, H2, H2, s.label);
    ['Dự toán', 'Thực hiện', 'Tỷ lệ thực hiện'].forEach((h, k) => head(T0 + si * 3 + k, T0 + si * 3 + k, H3, H3, h));
  });
  if (grand) {
    head(G0, G0 + 2, H1, H2, 'Tổng các nguồn');
    ['Dự toán', 'Thực hiện', 'Tỷ lệ thực hiện'].forEach((h, k) => head(G0 + k, G0 + k, H3, H3, h));
  }
  ws.getRow(H2).height = 32;
  ws.getRow(H3).height = 30;
  for (let c = 1; c <= nCols; c++) for (const r of [H1, H2, H3]) ws.getCell(r, c).border = THIN;

  const setFormula = (cell: ExcelJS.Cell, formula: string, result: number | string | null, fmt: string) => {
    cell.value = { formula, result: result === null ? '' : result } as ExcelJS.CellFormulaValue;
    cell.numFmt = fmt;
  };
  const sumIfAny = (refs: string) => `IF(COUNT(${refs})=0,"",SUM(${refs}))`;
  const rate = (p: string, s: string) => `IF(OR(${p}=0,${s}=""),"",${s}/${p})`;
  const fraction = (spent: number | null, planned: number) => (spent === null || !(planned > 0) ? null : spent / planned);

  t.activities.forEach((a, i) => {
    const r = first + i;
    const row = ws.getRow(r);
    row.getCell(1).value = a.no ?? String(i + 1);
    row.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
    row.getCell(2).value = a.inPlan ? a.name : `${a.name} (không còn trong kế hoạch)`;
    row.getCell(2).alignment = { wrapText: true, vertical: 'middle' };
    fitRowHeight(row, [{ text: String(row.getCell(2).value), widthChars: ws.getColumn(2).width ?? 40 }]);
    t.years.forEach((y, yi) =>
      t.sources.forEach((s, si) => {
        const cell = a.cells[y][s.key];
        const p = row.getCell(plannedCol(yi, si) + 1);
        p.value = cell.planned ? cell.planned : null;
        p.numFmt = amountFormat(cell.planned);
        const sp = row.getCell(plannedCol(yi, si) + 2);
        sp.value = cell.spent;
        sp.numFmt = amountFormat(cell.spent);
        if (cell.note) sp.note = cell.note;
      }),
    );
    t.sources.forEach((s, si) => {
      const sum = a.bySource[s.key];
      const pRefs = t.years.map((_y, yi) => `${col(plannedCol(yi, si))}${r}`).join(',');
      const sRefs = t.years.map((_y, yi) => `${col(plannedCol(yi, si) + 1)}${r}`).join(',');
      const c = T0 + si * 3;
      setFormula(row.getCell(c + 1), `SUM(${pRefs})`, sum.planned, amountFormat(sum.planned));
      setFormula(row.getCell(c + 2), sumIfAny(sRefs), sum.spent, amountFormat(sum.spent));
      setFormula(row.getCell(c + 3), rate(`${col(c)}${r}`, `${col(c + 1)}${r}`), fraction(sum.spent, sum.planned), RATE_FORMAT);
    });
    if (grand) {
      const pRefs = t.sources.map((_s, si) => `${col(T0 + si * 3)}${r}`).join(',');
      const allSpent = t.years.flatMap((_y, yi) => t.sources.map((_s, si) => `${col(plannedCol(yi, si) + 1)}${r}`)).join(',');
      setFormula(row.getCell(G0 + 1), `SUM(${pRefs})`, a.total.planned, amountFormat(a.total.planned));
      setFormula(row.getCell(G0 + 2), sumIfAny(allSpent), a.total.spent, amountFormat(a.total.spent));
      setFormula(row.getCell(G0 + 3), rate(`${col(G0)}${r}`, `${col(G0 + 1)}${r}`), fraction(a.total.spent, a.total.planned), RATE_FORMAT);
    }
    for (let c = 1; c <= nCols; c++) {
      row.getCell(c).font = { name: FONT, size: 11 };
      row.getCell(c).border = THIN;
    }
  });

  const totalRow = first + t.activities.length;
  const tr = ws.getRow(totalRow);
  tr.getCell(2).value = 'Tổng cộng';
  tr.getCell(2).alignment = { horizontal: 'center' };
  const range = (c: number) => `${col(c)}${first}:${col(c)}${totalRow - 1}`;
  const none = t.activities.length === 0;
  const columnTotal = (c: number, kind: 'planned' | 'spent', value: number | null) => {
    // no activity: a plain value (a SUM over no rows would point at the header and the cell itself)
    if (none) {
      tr.getCell(c + 1).value = kind === 'planned' ? 0 : null;
      return;
    }
    setFormula(tr.getCell(c + 1), kind === 'planned' ? `SUM(${range(c)})` : sumIfAny(range(c)), value, amountFormat(value));
  };
  t.years.forEach((y, yi) =>
    t.sources.forEach((s, si) => {
      const sum = t.yearTotals[y][s.key];
      columnTotal(plannedCol(yi, si), 'planned', sum.planned);
      columnTotal(plannedCol(yi, si) + 1, 'spent', sum.spent);
    }),
  );
  const totalsWithRate = (c: number, sum: { planned: number; spent: number | null }) => {
    columnTotal(c, 'planned', sum.planned);
    columnTotal(c + 1, 'spent', sum.spent);
    if (!none) setFormula(tr.getCell(c + 3), rate(`${col(c)}${totalRow}`, `${col(c + 1)}${totalRow}`), fraction(sum.spent, sum.planned), RATE_FORMAT);
  };
  t.sources.forEach((s, si) => totalsWithRate(T0 + si * 3, t.sourceTotals[s.key]));
  if (grand) totalsWithRate(G0, t.total);
  for (let c = 1; c <= nCols; c++) {
    tr.getCell(c).font = { name: FONT, size: 11, bold: true };
    tr.getCell(c).border = THIN;
  }
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: H3 }];
  return wb;
}

export interface IndicatorTableUnit {
  unitName: string;
  /** the unit itself first, then its children */
  isParent: boolean;
  rows: ReportIndicatorRow[];
}

export function indicatorWorkbook(title: string, year: number, units: IndicatorTableUnit[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'vitreem';
  // prints on A4 landscape, one page wide, the header row repeated on every page
  const ws = wb.addWorksheet('Chỉ tiêu', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3', margins: { left: 0.6, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } } });
  const headers = ['Đơn vị', 'Số', 'Chỉ tiêu', 'Đơn vị tính', 'Giá trị cơ sở', 'Năm cơ sở', 'Mục tiêu 2025', 'Mục tiêu 2030', `Kết quả ${year}`, 'Đánh giá'];
  ws.mergeCells('A1:J1');
  ws.getCell('A1').value = title;
  ws.getCell('A1').font = { name: FONT, size: 13, bold: true };
  ws.getCell('A1').alignment = { horizontal: 'center', wrapText: true };
  const hr = ws.getRow(3);
  headers.forEach((h, i) => {
    const c = hr.getCell(i + 1);
    c.value = h;
    c.font = { name: FONT, size: 11, bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.border = THIN;
  });
  [28, 6, 50, 10, 12, 9, 14, 14, 12, 20].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  hr.height = 32;
  let r = 4;
  for (const u of units) {
    for (const row of u.rows) {
      const x = ws.getRow(r++);
      x.values = [u.unitName, row.number, row.name, UNIT_LABEL[row.unit] ?? row.unit, row.baseline, row.baselineYear ?? null, targetCell(row.target2025), targetCell(row.target2030), row.result, statusVi(row.status)];
      // the values show their unit (%, ‰) and stay numbers
      x.getCell(5).numFmt = unitNumberFormat(row.unit);
      x.getCell(9).numFmt = unitNumberFormat(row.unit);
      for (let c = 1; c <= 10; c++) x.getCell(c).alignment = { vertical: 'middle', wrapText: c === 1 || c === 3 || c >= 7, horizontal: c >= 4 && c <= 9 ? 'center' : undefined };
      fitRowHeight(x, [{ text: u.unitName, widthChars: 28 }, { text: row.name, widthChars: 50 }, { text: statusVi(row.status), widthChars: 20 }]);
      for (let c = 1; c <= 10; c++) {
        x.getCell(c).border = THIN;
        x.getCell(c).font = { name: FONT, size: 11, bold: u.isParent && c === 1 };
      }
    }
  }
  ws.views = [{ state: 'frozen', ySplit: 3 }];
  ws.autoFilter = { from: 'A3', to: `J${Math.max(3, r - 1)}` };
  return wb;
}

export interface RawValueRow {
  unitCode: string;
  unitName: string;
  measure: string;
  measureName: string;
  group: string | null;
  value: number | null;
  numerator?: number | null;
  denominator?: number | null;
  comment?: string | null;
  status?: string | null;
  updatedAt?: string | null;
}

/** The raw values of a period: one row per unit × measure × group; columns match the CSV import. */
export function rawValuesWorkbook(period: string, rows: RawValueRow[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'vitreem';
  const ws = wb.addWorksheet(`Số liệu ${period}`.slice(0, 31));
  ws.columns = [
    { header: 'period', key: 'period', width: 9 },
    { header: 'unit_code', key: 'unitCode', width: 12 },
    { header: 'Đơn vị', key: 'unitName', width: 28 },
    { header: 'measure', key: 'measure', width: 9 },
    { header: 'Chỉ số', key: 'measureName', width: 50 },
    { header: 'group', key: 'group', width: 12 },
    { header: 'value', key: 'value', width: 12 },
    { header: 'numerator', key: 'numerator', width: 12 },
    { header: 'denominator', key: 'denominator', width: 12 },
    { header: 'comment', key: 'comment', width: 30 },
    { header: 'Trạng thái', key: 'status', width: 14 },
    { header: 'Cập nhật', key: 'updatedAt', width: 20 },
  ];
  ws.getRow(1).font = { name: FONT, bold: true };
  for (const r of rows) ws.addRow({ period, ...r, group: r.group ?? '', numerator: r.numerator ?? null, denominator: r.denominator ?? null, comment: r.comment ?? '', status: r.status ?? '', updatedAt: r.updatedAt ?? '' });
  for (const k of ['value', 'numerator', 'denominator']) ws.getColumn(k).numFmt = DECIMAL_FORMAT;
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return wb;
}

/** Every workbook leaves through here: its text cells are made inert first (formula injection). */
export async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  neutralizeWorkbook(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Text cells that start like a formula (`= + - @`, tab, CR) become inert text (src/domain/spreadsheet-safety.ts);
 * the workbook's own formulas (`{ formula }` values), numbers and dates are left as they are.
 */
export function neutralizeWorkbook(wb: ExcelJS.Workbook): void {
  wb.eachSheet((ws) => {
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        const v = cell.value as unknown;
        if (typeof v === 'string') {
          if (isFormulaLike(v)) cell.value = safeText(v);
        } else if (v && typeof v === 'object' && 'richText' in v) {
          const rich = (v as ExcelJS.CellRichTextValue).richText;
          if (rich.length && isFormulaLike(rich[0].text)) cell.value = { richText: [{ ...rich[0], text: safeText(rich[0].text) }, ...rich.slice(1)] };
        } else if (v && typeof v === 'object' && 'hyperlink' in v && 'text' in v) {
          // a link written from data is written as its text only: a hyperlink cell is a live target
          const text = String((v as ExcelJS.CellHyperlinkValue).text ?? '');
          cell.value = safeText(text);
        }
      });
    });
  });
}
