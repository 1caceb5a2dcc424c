/**
 * CSV import of a year's spending (seed 001, Kiên Giang): Vietnamese headers and numbers, ";" separator,
 * BOM; all-or-nothing with every bad row reported by its line; dry run; the template export reads back.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { readSpendingCsv } from '../../src/exchange/budget-csv.ts';
import { kienGiangBudgetPlan, type BudgetFixture } from './fixture.ts';

let ctx: TestContext;
let f: BudgetFixture;

const post = (year: number | string, body: string, query = '', as?: { username: string; password: string }) =>
  ctx.request({ method: 'POST', url: `/api/plans/${f.planId}/budget/spending.csv?year=${year}${query}`, payload: body, headers: { 'content-type': 'text/csv' }, as });
const count = async () => Number((await ctx.database.db.selectFrom('budget_spending').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const activities = async () => Number((await ctx.database.db.selectFrom('budget_activity').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

before(async () => {
  ctx = await createTestContext();
  f = await kienGiangBudgetPlan(ctx);
});
after(async () => ctx?.close());

test('the reader: aliases, separators, a row for another year, a row without figure', () => {
  const r = readSpendingCsv('\uFEFFSTT;Nguồn;Thực hiện;Ghi chú;Năm\r\n1;Địa phương;"1.055,5";"Có dấu ; trong ghi chú";2024\r\n2;XHH;;;2024\r\n3;local;12;;2023\r\n', { year: 2024 });
  assert.equal(r.fileError, null);
  assert.deepEqual(r.rows.map((x) => [x.line, x.input.activity, x.input.source, x.input.amount, x.input.note]), [[2, '1', 'Địa phương', '1.055,5', 'Có dấu ; trong ghi chú']]);
  assert.deepEqual(r.conflicts.map((c) => [c.indexes[0], c.errorCode]), [[1, 'amount_required'], [2, 'other_year']]);
  assert.match(r.conflicts[1].value, /^Dòng 4: năm "2023" khác năm đang nhập \(2024\)/);
  assert.match(readSpendingCsv('activity,amount\n1,5\n', { year: 2024 }).fileError!.vi, /Thiếu cột bắt buộc: source/);
  assert.match(readSpendingCsv('activity,source,amount,password\n1,local,5,x\n', { year: 2024 }).fileError!.vi, /Cột không được hỗ trợ: password/);
  assert.match(readSpendingCsv('', { year: 2024 }).fileError!.vi, /trống/);
  assert.match(readSpendingCsv('activity,source,amount\n', { year: 2024 }).fileError!.vi, /không có số liệu/);
  assert.match(readSpendingCsv('activity,source,amount\n"1,local,5\n', { year: 2024 }).fileError!.vi, /ngoặc kép/);
});

test('a good file (Vietnamese Excel: ";" and Vietnamese headers) is imported; the same file again changes nothing', async () => {
  const csv = '\uFEFFSTT;Nguồn kinh phí;Thực hiện;Ghi chú\r\n1;Địa phương;236;\r\n2;Địa phương;285;Giảm một đợt truyền thông\r\n3;Ngân sách tỉnh;200;\r\n4;Huy động, xã hội hóa;"612,5";Quỹ Bảo trợ trẻ em tỉnh\r\n5;NSĐP;60;\r\n6;Địa phương;400;\r\n';
  const dry = await post(2024, csv, '&dryRun=true');
  assert.equal(dry.statusCode, 200, dry.body);
  assert.equal(dry.json.dryRun, true);
  assert.deepEqual(dry.json.importCount, { imported: 6, updated: 0, ignored: 0, deleted: 0 });
  assert.equal(await count(), 0);
  assert.equal(await activities(), 0, 'a dry run writes nothing, not even the activity rows');
  const r = await post(2024, csv);
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json.status, 'WARNING', 'activity 4 is above its plan');
  assert.deepEqual(r.json.importCount, { imported: 6, updated: 0, ignored: 0, deleted: 0 });
  assert.match(r.json.warnings[0].value, /^Dòng 5: vượt dự toán: thực hiện 612,5, dự toán 500 \(122,5%\)/);
  assert.match(r.json.description, /6 số liệu mới.*năm 2024, đơn vị triệu đồng/);
  const t = (await ctx.request({ url: `/api/plans/${f.planId}/budget/execution` })).json;
  assert.deepEqual([t.yearTotals['2024'].all.planned, t.yearTotals['2024'].all.spent, t.yearTotals['2024'].all.rate], [1715, 1793.5, 104.6]);
  assert.equal(t.activities[1].cells['2024'].local.note, 'Giảm một đợt truyền thông');
  const again = await post(2024, csv);
  assert.deepEqual(again.json.importCount, { imported: 0, updated: 0, ignored: 6, deleted: 0 });
  const changed = await post(2024, 'activity,source,amount\n5,local,"75"\n');
  assert.deepEqual(changed.json.importCount, { imported: 0, updated: 1, ignored: 0, deleted: 0 });
  assert.equal(await count(), 6);
});

test('a bad file: every bad row is reported with its line, and nothing is stored', async () => {
  const before = await count();
  const csv = [
    'activity,source,amount,note,year,currency_unit',
    '1,local,250,,2022,triệu đồng', // fine (and not stored)
    '2,local,-300,,2022,', // negative
    '3,local,hai trăm,,2022,', // text
    '9,local,10,,2022,', // unknown activity
    '4,ngân hàng,500,,2022,', // unknown source
    '5,local,75,,2021,', // another year
    '6,local,400,,2022,đồng', // wrong unit
    '1,Địa phương,260,,2022,', // the same cell as line 2
    '7,local', // too few fields
    '2,local,,,2022,', // no figure
  ].join('\n');
  const r = await post(2022, csv);
  assert.equal(r.statusCode, 409, r.body);
  assert.equal(r.json.status, 'ERROR');
  const lines = r.json.conflicts.map((c: { value: string; errorCode: string }) => [Number(/^Dòng (\d+)/.exec(c.value)?.[1]), c.errorCode]);
  assert.deepEqual(lines, [[3, 'negative_amount'], [4, 'not_a_number'], [5, 'unknown_activity'], [6, 'unknown_source'], [7, 'other_year'], [8, 'wrong_currency_unit'], [9, 'duplicate_cell'], [10, 'wrong_field_count'], [11, 'amount_required']]);
  for (const c of r.json.conflicts) {
    assert.match(c.value, /^Dòng \d+: /);
    assert.match(c.valueEn, /^Line \d+: /);
  }
  assert.match(r.json.description, /không có số liệu nào được lưu/);
  assert.equal(await count(), before);

  // the year itself outside the plan, a locked year, no CSV at all
  const outside = await post(2035, 'activity,source,amount\n1,local,1\n');
  assert.equal(outside.statusCode, 400);
  assert.equal(outside.json.error.code, 'year_outside_plan');
  const json = await ctx.request({ method: 'POST', url: `/api/plans/${f.planId}/budget/spending.csv?year=2022`, payload: { activity: 1 } });
  assert.equal(json.statusCode, 400);
  assert.equal((await post('abc', 'activity,source,amount\n1,local,1\n')).statusCode, 400);
  const viewer = await ctx.createUser({ username: 'csv-viewer', grants: [{ role: 'viewer', unitId: f.unitId }] });
  assert.equal((await post(2022, 'activity,source,amount\n1,local,1\n', '', viewer)).statusCode, 403);
  assert.equal(await count(), before);
});

test('the template of a year reads back through the import', async () => {
  const r = await ctx.request({ url: `/api/plans/${f.planId}/budget/spending.csv?year=2024` });
  assert.equal(r.statusCode, 200);
  assert.match(String(r.headers['content-type']), /text\/csv/);
  const lines = r.body.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0], 'year,activity,activity_name,source,planned,amount,note,currency_unit');
  assert.equal(lines.length, 1 + 6);
  assert.match(lines[2], /^2024,2,"Tăng cường truyền thông[^"]*",local,300,285,Giảm một đợt truyền thông,million_vnd$/);
  const back = await post(2024, r.body);
  assert.equal(back.statusCode, 200, back.body);
  assert.deepEqual(back.json.importCount, { imported: 0, updated: 0, ignored: 6, deleted: 0 });
});
