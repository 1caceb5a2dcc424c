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
