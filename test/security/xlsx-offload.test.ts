/**
 * A large but allowed workbook no longer holds the server: exceljs reads it in a worker thread
 * (src/input/xlsx.ts) while other requests keep answering; a workbook past the row limit is a
 * bilingual 413 and nothing is stored. Read on the main thread (before), GET /api/health waited for
 * the whole parse (≈ 4 s for 19.000 rows on the test machine).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { createTestContext, type TestContext, type TestResponse } from '../helpers/context.ts';
import { createPeople, createUnits, type People, type Units } from '../register/fixtures.ts';

let ctx: TestContext;
let u: Units;
let p: People;

before(async () => {
  ctx = await createTestContext();
  u = await createUnits(ctx);
  p = await createPeople(ctx, u);
});
after(async () => {
  await ctx.close();
});

/** A commune's list of `n` children; without the "Giới tính" column when `incomplete` (refused after reading). */
async function childrenWorkbook(n: number, incomplete = false): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(['Họ và tên', 'Ngày sinh', ...(incomplete ? [] : ['Giới tính']), 'Nhóm', 'Địa chỉ', 'Người chăm sóc', 'Dân tộc']);
  for (let i = 0; i < n; i++) ws.addRow([`Nguyễn Thị Thử ${i}`, `0${(i % 9) + 1}/03/2015`, ...(incomplete ? [] : [i % 2 ? 'Nam' : 'Nữ']), 'mồ côi', `Thôn ${i % 30}, xã Quài Cang`, `Nguyễn Văn Bố ${i}`, 'Thái']);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

/** Runs `work` while an anonymous client polls GET /api/health and a signed-in one GET /api/session. */
async function whileOthersAsk(work: () => Promise<TestResponse>): Promise<{ response: TestResponse; tookMs: number; worstMs: number; answered: number }> {
  let stop = false;
  let worstMs = 0;
  let answered = 0;
  const poll = async (ask: () => Promise<TestResponse>) => {
    while (!stop) {
      const started = performance.now();
      const r = await ask();
      worstMs = Math.max(worstMs, performance.now() - started);
      assert.equal(r.statusCode, 200, r.body);
      answered++;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const pollers = [poll(() => ctx.request({ url: '/api/health', anonymous: true })), poll(() => p.viewer.request({ url: '/api/session' }))];
  const started = performance.now();
  const response = await work();
  const tookMs = performance.now() - started;
  stop = true;
  await Promise.all(pollers);
  return { response, tookMs, worstMs, answered };
}

const childCount = async () => Number((await ctx.database.db.selectFrom('child').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

test('while a 19.000-row children workbook is read, /api/health and /api/session keep answering within 1 s', async () => {
  const workbook = await childrenWorkbook(19_000, true);
  const r = await whileOthersAsk(() => p.workerA.request({ method: 'POST', url: '/api/children/import', payload: { unitId: u.communeA, filename: 'danh-sach.xlsx', contentBase64: workbook } }));
  console.log(`xlsx.offload-http: import answered ${r.response.statusCode} after ${r.tookMs.toFixed(0)} ms; bystanders' worst ${r.worstMs.toFixed(0)} ms over ${r.answered} requests`);
  // the whole sheet was read: the refusal names the missing column of its header
  assert.equal(r.response.statusCode, 400, r.response.body.slice(0, 300));
  assert.match(JSON.stringify(r.response.json), /Thiếu cột bắt buộc \\"gioi tinh\\"/);
  assert.ok(r.answered >= 4, `the bystanders were answered ${r.answered} times`);
  assert.ok(r.worstMs < 1000, `a bystander waited ${r.worstMs.toFixed(0)} ms`);
  assert.equal(await childCount(), 0);
});

test('a children workbook of 20.001 rows (over the 20.000 lines of the import) is a 413 xlsx_too_many_rows, nothing stored', async () => {
  const r = await p.workerA.request({ method: 'POST', url: '/api/children/import', payload: { unitId: u.communeA, filename: 'danh-sach.xlsx', contentBase64: await childrenWorkbook(20_000) } });
  assert.equal(r.statusCode, 413, r.body.slice(0, 300));
  assert.equal(r.json.error.code, 'xlsx_too_many_rows');
  assert.match(r.json.error.message, /quá nhiều dòng \(tối đa 20\.000 dòng/);
  assert.match(r.json.error.messageEn, /at most 20000 rows/);
  assert.deepEqual(r.json.error.path, ['contentBase64']);
  assert.equal(await childCount(), 0);
});

test('a small workbook still imports through the worker (the register keeps its diacritics and row numbers)', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(['Họ và tên', 'Ngày sinh', 'Giới tính', 'Dân tộc']);
  ws.addRow(['Lò Thị Mỷ', '09/03/2015', 'Nữ', 'Thái']);
  ws.addRow([]);
  ws.addRow(['Quàng Văn Ấn', '31/02/2016', 'Nam', 'Thái']);
  const contentBase64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  const bad = await p.workerA.request({ method: 'POST', url: '/api/children/import', payload: { unitId: u.communeA, filename: 'danh-sach.xlsx', contentBase64 } });
  assert.equal(bad.statusCode, 400, bad.body);
  // the impossible date is on line 4 of the sheet (line 3 is blank)
  assert.match(JSON.stringify(bad.json), /"row":4/);
  ws.getCell('B4').value = '28/02/2016';
  const good = await p.workerA.request({ method: 'POST', url: '/api/children/import', payload: { unitId: u.communeA, filename: 'danh-sach.xlsx', contentBase64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') } });
  assert.ok(good.statusCode < 300, good.body);
  assert.equal(await childCount(), 2);
});
