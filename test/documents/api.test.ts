import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import mammoth from 'mammoth';
import ExcelJS from 'exceljs';
import { createTestContext, type TestContext, type Client } from '../helpers/context.ts';
import { asSystem, createUser } from '../../src/storage/users.ts';
import { createPlan } from '../../src/storage/plans.ts';
import { kienGiangInput, kienGiangUnitId } from '../fixtures/documents/kien-giang-input.ts';

let ctx: TestContext;
let admin: Client;
let planId: number;
let unitId: number;

/** Binary-safe request as the administrator. */
async function get(url: string, client: Client = admin) {
  const r = await ctx.app.inject({ method: 'GET', url, cookies: { vitreem_session: client.sessionId, vitreem_csrf: client.csrfToken } });
  return { status: r.statusCode, type: String(r.headers['content-type']), disposition: String(r.headers['content-disposition'] ?? ''), body: r.rawPayload, json: () => JSON.parse(r.body) };
}

before(async () => {
  ctx = await createTestContext();
  admin = await ctx.login('admin', ctx.admin.password);
  unitId = await kienGiangUnitId(ctx.database.db);
  planId = await asSystem(ctx.database.db, 'test', (trx) => createPlan(trx, kienGiangInput(unitId)));
});
after(async () => ctx?.close());

test('GET /api/plans/:id/document.docx issues the stored plan in the decree layout', async () => {
  const r = await get(`/api/plans/${planId}/document.docx`);
  assert.equal(r.status, 200);
  assert.match(r.type, /wordprocessingml/);
  assert.match(r.disposition, /attachment; filename="Ke-hoach-107-KH-UBND\.docx"/);
  // the name in full Vietnamese for every browser (RFC 5987)
  assert.equal(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(r.disposition)![1]), 'Kế hoạch 107-KH-UBND.docx');
  const { value } = await mammoth.extractRawText({ buffer: r.body });
  for (const s of ['ỦY BAN NHÂN DÂN', 'TỈNH KIÊN GIANG', 'Số: 107/KH-UBND', 'Kiên Giang, ngày 18 tháng 5 năm 2021', 'KẾ HOẠCH', 'TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Nguyễn Lưu Trung', 'Phụ lục 01'])
    assert.ok(value.includes(s), s);
  assert.match(value, /Chỉ tiêu 1: .* đạt 75% vào năm 2025 và 85% vào năm 2030\./);
  assert.match(value, /Sở Y tế:\s+- Chủ trì triển khai thực hiện các chỉ tiêu 3, 4, 5, 6 của Kế hoạch\./);
  assert.match(value, /trước ngày 01\/12 hằng năm/);
  assert.ok(value.includes('là 18.670 triệu đồng'));
});

test('GET /api/plans/:id/document.pdf and budget.xlsx', async () => {
  const pdf = await get(`/api/plans/${planId}/document.pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.type, 'application/pdf');
  assert.equal(pdf.body.subarray(0, 5).toString(), '%PDF-');
  // the annex as issued (?spent=false); by default the spent columns sit beside the plan (test/budget/documents.test.ts)
  const x = await get(`/api/plans/${planId}/budget.xlsx?spent=false`);
  assert.equal(x.status, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.body as any);
  const ws = wb.worksheets[0];
  assert.match(String(ws.getCell('A3').value), /Kế hoạch số 107\/KH-UBND ngày 18\/05\/2021 của UBND tỉnh kiên giang|Kế hoạch số 107\/KH-UBND ngày 18\/05\/2021 của UBND tỉnh Kiên Giang/i);
  const w = ws.getCell('W14').value as ExcelJS.CellFormulaValue;
  assert.equal(w.formula, 'SUM(W7:W13)');
  assert.equal(w.result, 13670);
  assert.equal((ws.getCell('X14').value as ExcelJS.CellFormulaValue).result, 5000);
  assert.equal((await get('/api/plans/999999/document.docx')).status, 404);
});

test('report narrative: write, read back, optimistic locking, bad input stores nothing', async () => {
  const url = `/api/reports/${unitId}/2024/yearly/narrative`;
  const empty = await ctx.request({ url: `${url}?planId=${planId}` });
  assert.equal(empty.statusCode, 200);
  assert.equal(empty.json.version, null);
  const body = {
    planId,
    number: '215/BC-UBND',
    place: 'Kiên Giang',
    date: '2024-11-28',
    sections: [{ title: 'Đánh giá chung', text: 'Công tác bảo vệ, chăm sóc trẻ em được quan tâm.\nTuy nhiên, tai nạn thương tích còn cao.' }, { title: 'Kiến nghị, đề xuất', text: 'Đề nghị hỗ trợ tập huấn cấp xã.' }],
    recipients: ['Bộ Lao động - Thương binh và Xã hội', 'Lưu: VT'],
    signer: { onBehalfOf: 'TM. ỦY BAN NHÂN DÂN', signingFor: 'KT. CHỦ TỊCH', title: 'PHÓ CHỦ TỊCH', name: 'Lâm Minh Thành' },
  };
  const put = await ctx.request({ method: 'PUT', url, payload: body });
  assert.equal(put.statusCode, 200, put.body);
  assert.equal(put.json.version, 1);
  const stale = await ctx.request({ method: 'PUT', url, payload: { ...body, version: 7 } });
  assert.equal(stale.statusCode, 409);
  assert.match(stale.json.error.message, /phiên bản/);
  const bad = await ctx.request({ method: 'PUT', url, payload: { ...body, version: 1, date: '2024-02-30', number: 'SHOULD-NOT-BE-STORED' } });
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(bad.json.error.path, ['body', 'date']);
  const dup = await ctx.request({ method: 'PUT', url, payload: { ...body, version: 1, sections: [body.sections[0], body.sections[0]] } });
  assert.equal(dup.statusCode, 400);
  const back = await ctx.request({ url: `${url}?planId=${planId}` });
  assert.equal(back.json.number, '215/BC-UBND');
  assert.equal(back.json.version, 1);
  const v2 = await ctx.request({ method: 'PUT', url, payload: { ...body, version: 1, number: '216/BC-UBND' } });
  assert.equal(v2.json.version, 2);

  // the report uses it
  const docx = await get(`/api/reports/${unitId}/2024/yearly.docx?planId=${planId}`);
  // the file name: accents kept, the long plan title shortened at a word, the year kept (issue #19)
  const name = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(docx.disposition)![1]);
  assert.match(name, /^Báo cáo Kết quả /);
  assert.match(name, / năm 2024\.docx$/);
  assert.ok(name.length <= 160, name);
  assert.doesNotMatch(name, /Bao-cao/);
  assert.equal(docx.status, 200, docx.body.toString());
  const { value } = await mammoth.extractRawText({ buffer: docx.body });
  for (const s of ['BÁO CÁO', 'Số: 216/BC-UBND', 'Kiên Giang, ngày 28 tháng 11 năm 2024', 'Kết quả thực hiện Kế hoạch Hành động vì trẻ em trên địa bàn tỉnh Kiên Giang, giai đoạn 2021-2030 năm 2024', 'ĐÁNH GIÁ CHUNG', 'Tuy nhiên, tai nạn thương tích còn cao.', 'Lâm Minh Thành', 'Giá trị cơ sở', 'Mục tiêu 2025', '68,5% (2020)', '≥ 75%', 'Kinh phí dự toán: 1.715 triệu đồng'])
    assert.ok(value.includes(s), s);
  const pdf = await get(`/api/reports/${unitId}/2025/midterm.pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.type, 'application/pdf');
  const xlsx = await get(`/api/reports/${unitId}/2024/indicators.xlsx`);
  assert.equal(xlsx.status, 200);
  assert.equal((await get(`/api/reports/${unitId}/2024/annual.docx`)).status, 400);
});

test('access: a viewer of another province cannot read Kiên Giang documents; a viewer of Kiên Giang cannot write narratives', async () => {
  const db = ctx.database.db;
  const canTho = (await db.selectFrom('admin_unit').select('id').where('name', '=', 'Cần Thơ').where('level', '=', 'province').executeTakeFirstOrThrow()).id;
  await asSystem(db, 'test', async (trx) => {
    await createUser(trx, { username: 'viewer-ct', password: 'viewer-ct-password-1', grants: [{ role: 'viewer', unitId: canTho }] });
    await createUser(trx, { username: 'viewer-kg', password: 'viewer-kg-password-1', grants: [{ role: 'viewer', unitId }] });
  });
  const ct = await ctx.login('viewer-ct', 'viewer-ct-password-1');
  const kg = await ctx.login('viewer-kg', 'viewer-kg-password-1');
  assert.equal((await get(`/api/plans/${planId}/document.docx`, ct)).status, 403);
  assert.equal((await get(`/api/reports/${unitId}/2024/yearly.pdf`, ct)).status, 403);
  assert.equal((await get(`/api/plans/${planId}/document.docx`, kg)).status, 200);
  const put = await kg.request({ method: 'PUT', url: `/api/reports/${unitId}/2024/yearly/narrative`, payload: { planId, sections: [] } });
  assert.equal(put.statusCode, 403);
  assert.equal((await ctx.request({ url: `/api/plans/${planId}/document.docx`, anonymous: true })).statusCode, 401);
});
