import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { budgetWorkbook, indicatorWorkbook, rawValuesWorkbook, toBuffer } from '../../src/documents/xlsx/index.ts';
import { budgetFromLines, grandTotal, sourceTotal } from '../../src/domain/documents/budget.ts';
import { kienGiangPlan, kienGiangReport, seed001BudgetLines } from '../fixtures/documents/kien-giang.ts';

async function reopen(wb: ExcelJS.Workbook): Promise<ExcelJS.Worksheet> {
  const back = new ExcelJS.Workbook();
  await back.xlsx.load((await toBuffer(wb)) as any);
  return back.worksheets[0];
}

test('a cached formula result of 0 is written to the file (exceljs reads it back as undefined)', async () => {
  const { lines } = seed001BudgetLines();
  const b = budgetFromLines(lines, { periodFrom: 2021, periodTo: 2030 });
  const zip = await JSZip.loadAsync(await toBuffer(budgetWorkbook(b, { title: 'X' })));
  const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
  // activity 4 (row 10) has no local money: its local total is a formula with cached 0
  assert.match(xml, /<c r="W10"[^>]*><f>SUM\(C10,E10,G10,I10,K10,M10,O10,Q10,S10,U10\)<\/f><v>0<\/v><\/c>/);
});

test('seed 001 budget: the parsed lines add up to the totals printed in Phụ lục 01', () => {
  const { lines, statedTotals, statedYearTotals } = seed001BudgetLines();
  const b = budgetFromLines(lines, { periodFrom: 2021, periodTo: 2030 });
  assert.equal(sourceTotal(b, 'local'), 13670);
  assert.equal(sourceTotal(b, 'mobilised'), 5000);
  assert.equal(grandTotal(b), 18670);
  assert.deepEqual(statedTotals, { local: 13670, mobilised: 5000 });
  assert.deepEqual(statedYearTotals[4], [1495, 500]); // 2025: sơ kết
  assert.equal(b.activities.length, 7);
});

test('budget XLSX in the layout of Phụ lục 01: headers, formulas with cached results, totals 13.670 + 5.000 = 18.670', async () => {
  const plan = kienGiangPlan();
  const ws = await reopen(budgetWorkbook(plan.budget!, { title: 'BẢNG DỰ TOÁN KINH PHÍ THỰC HIỆN KẾ HOẠCH HÀNH ĐỘNG VÌ TRẺ EM GIAI ĐOẠN 2021-2030 TRÊN ĐỊA BÀN TỈNH KIÊN GIANG', subtitle: '(Ban hành kèm theo Kế hoạch số 107/KH-UBND ngày 18 tháng 5 năm 2021 của UBND tỉnh Kiên Giang)' }));
  assert.equal(ws.getCell('A1').value, 'Phụ lục 01');
  assert.equal(ws.getCell('A4').value, 'Đvt: triệu đồng');
  assert.equal(ws.getCell('A5').value, 'STT');
  assert.equal(ws.getCell('B5').value, 'Nội dung hoạt động');
  assert.equal(ws.getCell('C5').value, '2021');
  assert.equal(ws.getCell('C6').value, 'Địa phương');
  assert.equal(ws.getCell('D6').value, 'huy động, xã hội hóa');
  assert.equal(ws.getCell('U5').value, '2030');
  assert.equal(ws.getCell('W5').value, 'Tổng cộng');
  assert.equal(ws.getCell('W6').value, 'Địa phương');
  assert.equal(ws.getCell('X6').value, 'huy động, xã hội hóa');
  assert.ok(ws.getCell('C5').isMerged && ws.getCell('D5').isMerged, 'year header spans its two sources');
  // activity 1: 80 in 2022 … 640 in 2030, row total 3.520
  assert.equal(ws.getCell('A7').value, '1');
  assert.equal(ws.getCell('C7').value, null);
  assert.equal(ws.getCell('E7').value, 80);
  const w7 = ws.getCell('W7').value as ExcelJS.CellFormulaValue;
  assert.equal(w7.formula, 'SUM(C7,E7,G7,I7,K7,M7,O7,Q7,S7,U7)');
  assert.equal(w7.result, 3520);
  // activity 4 is all mobilised: 500 a year
  assert.equal((ws.getCell('X10').value as ExcelJS.CellFormulaValue).result, 5000);
  // the bottom "Tổng cộng" row: column sums as formulas
  assert.equal(ws.getCell('B14').value, 'Tổng cộng');
  // issue #19.11: a row tall enough for its wrapped activity name (not Excel's 15 pt single line)
  for (let r = 7; r <= 13; r++) {
    const name = String(ws.getCell(`B${r}`).value ?? '');
    const height = ws.getRow(r).height ?? 15;
    if (name.length > 120) assert.ok(height >= 45, `row ${r} (${name.length} characters) is ${height} pt high`);
  }
  const c14 = ws.getCell('C14').value as ExcelJS.CellFormulaValue;
  assert.equal(c14.formula, 'SUM(C7:C13)');
  assert.equal(c14.result, 975);
  assert.equal((ws.getCell('K14').value as ExcelJS.CellFormulaValue).result, 1495);
  assert.equal((ws.getCell('W14').value as ExcelJS.CellFormulaValue).formula, 'SUM(W7:W13)');
  assert.equal((ws.getCell('W14').value as ExcelJS.CellFormulaValue).result, 13670);
  assert.equal((ws.getCell('X14').value as ExcelJS.CellFormulaValue).result, 5000);
  assert.equal(ws.getCell('W14').numFmt, '#,##0');
  assert.equal(ws.getCell('B7').font.name, 'Times New Roman');
  // every cached total equals the sum of the cells it names (so a spreadsheet recomputing it agrees)
  for (let r = 7; r <= 13; r++) {
    let local = 0;
    for (let c = 3; c <= 21; c += 2) local += Number(ws.getRow(r).getCell(c).value ?? 0);
    // exceljs's reader drops a cached 0 (the file holds <v>0</v>, checked below)
    assert.equal((ws.getRow(r).getCell(23).value as ExcelJS.CellFormulaValue).result ?? 0, local, `row ${r}`);
  }
});

test('budget XLSX of an empty plan budget still has the header and a zero total row', async () => {
  const b = budgetFromLines([], { periodFrom: 2021, periodTo: 2025 });
  const wb = budgetWorkbook(b, { title: 'X' });
  const ws = await reopen(wb);
  assert.equal(ws.getCell('M5').value, 'Tổng cộng');
  assert.equal(ws.getCell('B7').value, 'Tổng cộng');
  assert.equal(ws.getCell('M7').value, 0, 'no self-referencing SUM when there is no activity');
  const zip = await JSZip.loadAsync(await toBuffer(wb));
  assert.match(await zip.file('xl/workbook.xml')!.async('string'), /fullCalcOnLoad="1"/);
});

test('indicator table XLSX of a unit and its children; raw values XLSX', async () => {
  const r = kienGiangReport();
  const ws = await reopen(indicatorWorkbook('Kết quả thực hiện các chỉ tiêu năm 2024', 2024, [
    { unitName: 'Tỉnh Kiên Giang', isParent: true, rows: r.indicators },
    { unitName: 'Thành phố Rạch Giá', isParent: false, rows: r.indicators.slice(0, 2).map((x) => ({ ...x, result: 80 })) },
  ]));
  assert.equal(ws.getCell('I3').value, 'Kết quả 2024');
  assert.equal(ws.getCell('A4').value, 'Tỉnh Kiên Giang');
  assert.equal(ws.getCell('G4').value, '≥ 75%');
  assert.equal(ws.getCell('I4').value, 76.2);
  assert.equal(ws.getCell('J4').value, 'Đạt');
  assert.equal(ws.getCell('A8').value, 'Thành phố Rạch Giá');
  assert.equal(ws.getCell('I9').value, 80);
  // issue #19.11: units shown (%, ‰) with the values still numbers; A4 landscape, one page wide
  assert.equal(ws.getCell('D3').value, 'Đơn vị tính');
  assert.equal(ws.getCell('D4').value, '%');
  assert.equal(ws.getCell('D5').value, '‰');
  assert.equal(ws.getCell('I4').numFmt, '#,##0.##"%"');
  assert.equal(ws.getCell('E5').numFmt, '#,##0.##"‰"');
  assert.equal(ws.pageSetup.orientation, 'landscape');
  assert.equal(ws.pageSetup.paperSize, 9);
  assert.equal(ws.pageSetup.fitToWidth, 1);
  assert.equal(ws.getCell('A10').value, null);

  const raw = await reopen(rawValuesWorkbook('2024', [{ unitCode: '91', unitName: 'Kiên Giang', measure: '3a', measureName: 'Tỷ suất tử vong trẻ sơ sinh', group: null, value: 9.8, numerator: 245, denominator: 25000 }]));
  assert.deepEqual((raw.getRow(1).values as unknown[]).slice(1, 8), ['period', 'unit_code', 'Đơn vị', 'measure', 'Chỉ số', 'group', 'value']);
  assert.equal(raw.getCell('A2').value, '2024');
  assert.equal(raw.getCell('G2').value, 9.8);
  assert.equal(raw.getCell('I2').value, 25000);
});
