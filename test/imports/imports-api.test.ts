import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { SEED_DIR as SEEDS } from '../importer/helpers.ts';

const seed = (prefix: string) => fs.readFileSync(path.join(SEEDS, fs.readdirSync(SEEDS).find((f) => f.startsWith(prefix))!));

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(async () => ctx.close());

const upload = (bytes: Buffer, filename: string) =>
  ctx.request({ method: 'POST', url: `/api/imports?filename=${encodeURIComponent(filename)}`, payload: bytes, headers: { 'content-type': 'application/octet-stream' } });

const countRows = async () => ({
  documents: Number((await ctx.database.db.selectFrom('plan_document').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  plans: Number((await ctx.database.db.selectFrom('plan').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
});

test('seed 001 uploads, is reviewed and saved as a draft plan equal to what was read', async () => {
  const uploaded = await upload(seed('001'), 'kien-giang-107.txt');
  assert.equal(uploaded.statusCode, 201, uploaded.body);
  assert.equal(uploaded.json.result.document.number, '107/KH-UBND');
  assert.equal(uploaded.json.result.indicators.length, 24);
  const item = uploaded.json.result.indicators.find((i: any) => i.number === '3');
  assert.match(uploaded.json.result.text.slice(item.source.start, item.source.end), /tử vong trẻ sơ sinh/);

  const again = await ctx.request({ url: `/api/imports/${uploaded.json.importId}` });
  assert.equal(again.statusCode, 200);
  assert.equal(again.json.result.document.number, '107/KH-UBND');

  const units = await ctx.request({ url: `/api/units?q=${encodeURIComponent('Kiên Giang')}&level=province&at=2021-05-18` });
  assert.equal(units.statusCode, 200, units.body);
  const kienGiang = (Array.isArray(units.json) ? units.json : units.json.units ?? units.json.items)[0];
  const saved = await ctx.request({ method: 'POST', url: `/api/imports/${uploaded.json.importId}/save`, payload: { issuerUnitId: kienGiang.id } });
  assert.equal(saved.statusCode, 201, saved.body);
  const plan = await ctx.request({ url: `/api/plans/${saved.json.planId}` });
  assert.equal(plan.statusCode, 200);
  assert.equal(plan.json.status, 'draft');
  assert.equal(plan.json.number, '107/KH-UBND');
  assert.equal(plan.json.issuerUnitId, kienGiang.id);
  assert.equal(plan.json.budget.computedTotal, 18670);
  const i3 = plan.json.indicators.find((i: any) => i.catalogue === '3');
  assert.deepEqual(
    i3.targets.filter((t: any) => t.measure === '3a').map((t: any) => [t.year, t.comparator, t.value]).sort(),
    [[2025, '<', 9.5], [2030, '<', 9]],
  );

  const twice = await ctx.request({ method: 'POST', url: `/api/imports/${uploaded.json.importId}/save`, payload: { issuerUnitId: kienGiang.id } });
  assert.equal(twice.statusCode, 409);
});

test('the web upload (multipart) reads the same document', async () => {
  const boundary = '----vitreem';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="hoang-kim.txt"\r\nContent-Type: text/plain\r\n\r\n`),
    seed('000'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r = await ctx.request({ method: 'POST', url: '/api/imports', payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(r.json.result.document.date, '2023-05');
  assert.equal(r.json.filename, 'hoang-kim.txt');
});

test('unreadable documents get a clear bilingual error and nothing is stored', async () => {
  const before = await countRows();
  const cases: [Buffer, string, number, string][] = [
    [Buffer.alloc(0), 'empty.txt', 400, 'empty_file'],
    [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]), 'scan.png', 400, 'image_file'],
    [Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 'random.bin', 400, 'binary_file'],
    [Buffer.from('Biên bản họp tổ dân phố về vệ sinh môi trường.\nCác hộ gia đình tham gia đầy đủ.\n'), 'bien-ban.txt', 400, 'no_plan_found'],
    [Buffer.alloc(25 * 1024 * 1024, 0x61), 'huge.txt', 413, 'too_large'],
    [Buffer.from('PK\u0003\u0004 this is not really a docx'), 'broken.docx', 400, 'truncated'],
  ];
  for (const [bytes, name, status, code] of cases) {
    const r = await upload(bytes, name);
    assert.equal(r.statusCode, status, `${name}: ${r.body.slice(0, 200)}`);
    assert.equal(r.json.error.code, code, name);
    assert.ok(r.json.error.message.length > 0 && r.json.error.messageEn.length > 0, name);
  }
  assert.deepEqual(await countRows(), before);
});

test('a draft that does not fit the plan model is refused with the offending path, nothing stored', async () => {
  const uploaded = await upload(seed('000'), 'hoang-kim.txt');
  const before = await countRows();
  const r = await ctx.request({ method: 'POST', url: `/api/imports/${uploaded.json.importId}/save`, payload: { plan: { title: '', indicators: [] } } });
  assert.equal(r.statusCode, 400);
  assert.deepEqual(r.json.error.path.slice(0, 2), ['plan', 'title']);
  assert.deepEqual(await countRows(), before);
});

const kienGiangId = async (): Promise<number> => {
  const units = await ctx.request({ url: `/api/units?q=${encodeURIComponent('Kiên Giang')}&level=province&at=2021-05-18` });
  return (Array.isArray(units.json) ? units.json : units.json.units ?? units.json.items)[0].id;
};

const auditCount = async (action: string) =>
  Number((await ctx.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n);

test('seed 001: the budget suggestion is shown, accepting it is part of the saved import, every check passes', async () => {
  const uploaded = await upload(seed('001'), 'kien-giang-107-kinh-phi.txt');
  assert.equal(uploaded.statusCode, 201, uploaded.body);
  const budget = uploaded.json.result.budget;
  const s = budget.suggestion;
  assert.deepEqual([s.activityNumber, s.from.year, s.from.source, s.to.year, s.to.source, s.amount], ['7', 2024, 'mobilised', 2025, 'local', 200]);
  assert.equal(s.fixes.length, 4);
  assert.match(s.message, /^Hoạt động 7/);
  assert.ok(s.messageEn.length > 0);
  const id = uploaded.json.importId;
  const issuerUnitId = await kienGiangId();
  const save = (payload: Record<string, unknown>) => ctx.request({ method: 'POST', url: `/api/imports/${id}/save`, payload: { issuerUnitId, ...payload } });

  // refused saves change nothing: accepting with an edited plan, or with an extraction the plan model refuses
  const before = { ...(await countRows()), accepted: await auditCount('budget_correction_accepted') };
  const withPlan = await save({ plan: { title: 'x' }, budgetCorrection: 'accept' });
  assert.equal(withPlan.statusCode, 400, withPlan.body);
  assert.equal(withPlan.json.error.code, 'budget_correction_with_plan');
  const bad = structuredClone(uploaded.json.result);
  bad.indicators[0].targets[0].comparator = 'khoảng chừng';
  const invalid = await save({ result: bad, budgetCorrection: 'accept' });
  assert.equal(invalid.statusCode, 400, invalid.body);
  const noTable = structuredClone(uploaded.json.result);
  noTable.budget.table = { columns: 'not a table', rows: [] };
  const garbled = await save({ result: noTable, budgetCorrection: 'accept' });
  assert.equal(garbled.statusCode, 409, garbled.body);
  assert.equal(garbled.json.error.code, 'no_budget_correction');
  // refused inside the transaction (after the correction was applied): rolled back with the plan
  const noIssuer = await save({ issuerUnitId: null, budgetCorrection: 'accept' });
  assert.equal(noIssuer.statusCode, 400, noIssuer.body);
  assert.equal(noIssuer.json.error.code, 'issuer_unit_required');
  assert.deepEqual({ ...(await countRows()), accepted: await auditCount('budget_correction_accepted') }, before);

  // the reviewed extraction goes back as the review screen sends it (another number: seed 001 is saved above)
  const reviewed = structuredClone(uploaded.json.result);
  reviewed.document.number = '108/KH-UBND';
  const saved = await save({ result: reviewed, budgetCorrection: 'accept' });
  assert.equal(saved.statusCode, 201, saved.body);
  assert.equal(saved.json.budgetCorrection, 'accepted');
  assert.ok(saved.json.budgetChecks.length > 30);
  assert.deepEqual(saved.json.budgetChecks.filter((c: { ok: boolean }) => !c.ok), []);
  assert.equal(await auditCount('budget_correction_accepted'), before.accepted + 1);

  // the stored lines: activity 7 in 2025 local, nothing left in 2024 mobilised
  const plan = await ctx.request({ url: `/api/plans/${saved.json.planId}` });
  assert.equal(plan.statusCode, 200);
  const lines: { activityNo: string; year: number; source: string; amount: number }[] = plan.json.budget.lines;
  const amount = (no: string, year: number, source: string) => lines.filter((l) => l.activityNo === no && l.year === year && l.source === source).map((l) => l.amount);
  assert.deepEqual(amount('7', 2025, 'local'), [200]);
  assert.deepEqual(amount('7', 2024, 'mobilised'), []);
  assert.deepEqual(amount('7', 2030, 'local'), [200]);
  assert.equal(plan.json.budget.computedTotal, 18670);
  // the stored lines agree with every total the document states (its "Tổng cộng" row and its row totals)
  const table = budget.table as { columns: { year: number | null; source: string; total: boolean }[]; rows: { number: string | null; cells: (number | null)[]; total: boolean }[] };
  const totalRow = table.rows.find((r) => r.total)!;
  table.columns.forEach((col, c) => {
    if (col.year === null) return;
    const stored = lines.filter((l) => l.year === col.year && l.source === col.source).reduce((a, l) => a + l.amount, 0);
    assert.equal(stored, totalRow.cells[c] ?? 0, `column ${col.year} ${col.source}`);
  });
  for (const row of table.rows.filter((r) => !r.total)) {
    table.columns.forEach((col, c) => {
      if (!col.total) return;
      const stored = lines.filter((l) => l.activityNo === row.number && l.source === col.source).reduce((a, l) => a + l.amount, 0);
      assert.equal(stored, row.cells[c] ?? 0, `row ${row.number} ${col.source}`);
    });
  }
  // the upload still reads as written
  const again = await ctx.request({ url: `/api/imports/${id}` });
  assert.equal(again.json.planId, saved.json.planId);
  assert.equal(again.json.result.budget.suggestion.amount, 200);
  assert.ok(again.json.result.budget.lines.some((l: { activityNumber: string; year: number; source: string }) => l.activityNumber === '7' && l.year === 2024 && l.source === 'mobilised'));
});

test('seed 001: keeping the table as written saves it as written; accepting where nothing is suggested is refused', async () => {
  const uploaded = await upload(seed('001'), 'kien-giang-107-nhu-van-ban.txt');
  const reviewed = structuredClone(uploaded.json.result);
  reviewed.document.number = '109/KH-UBND';
  const kept = await ctx.request({ method: 'POST', url: `/api/imports/${uploaded.json.importId}/save`, payload: { issuerUnitId: await kienGiangId(), result: reviewed, budgetCorrection: 'keep' } });
  assert.equal(kept.statusCode, 201, kept.body);
  assert.equal(kept.json.budgetCorrection, 'kept');
  assert.equal(kept.json.budgetChecks.filter((c: { ok: boolean }) => !c.ok).length, 4);
  const plan = await ctx.request({ url: `/api/plans/${kept.json.planId}` });
  const seven = plan.json.budget.lines.filter((l: { activityNo: string }) => l.activityNo === '7').map((l: { year: number; source: string; amount: number }) => [l.year, l.source, l.amount]);
  assert.deepEqual(seven, [[2024, 'mobilised', 200], [2030, 'local', 200]]);
  assert.ok((await auditCount('budget_correction_kept')) >= 1);

  // seed 000 has no budget table: nothing to accept, nothing stored
  const other = await upload(seed('000'), 'hoang-kim-kinh-phi.txt');
  const before = await countRows();
  const r = await ctx.request({ method: 'POST', url: `/api/imports/${other.json.importId}/save`, payload: { budgetCorrection: 'accept' } });
  assert.equal(r.statusCode, 409, r.body);
  assert.equal(r.json.error.code, 'no_budget_correction');
  assert.match(r.json.error.message, /^Bảng kinh phí không có đề xuất sửa/);
  assert.deepEqual(await countRows(), before);
  const again = await ctx.request({ url: `/api/imports/${other.json.importId}` });
  assert.equal(again.json.planId, null);
});
