/** Import of the statistics office's unit list (CSV and XLSX): good files, bad files, all-or-nothing. */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { parseCsv, parseUnitList, splitKind } from '../../src/storage/units-import.ts';

const DIR = path.join(import.meta.dirname, '..', 'fixtures', 'units');
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(async () => ctx.close());

const unitCount = async () => Number((await sql<{ n: number }>`select count(*)::int as n from admin_unit`.execute(ctx.database.db)).rows[0].n);

test('parsing: kinds are split from names, quoted CSV fields, leading zeros kept', () => {
  assert.deepEqual(splitKind('Huyện Hoằng Hóa'), { kind: 'huyện', name: 'Hoằng Hóa' });
  assert.deepEqual(splitKind('Thành phố Hà Nội'), { kind: 'thành phố', name: 'Hà Nội' });
  assert.deepEqual(splitKind('Đặc khu Phú Quốc'), { kind: 'đặc khu', name: 'Phú Quốc' });
  const table = parseCsv(fs.readFileSync(path.join(DIR, 'gso-sample.csv'), 'utf8'));
  const { rows, errors } = parseUnitList(table);
  assert.deepEqual(errors, []);
  assert.equal(rows.length, 5);
  assert.deepEqual([rows[4].provinceName, rows[4].districtCode, rows[4].communeCode], ['Tỉnh Điện Biên', '099', '03352']);
  assert.deepEqual(parseCsv('a;b\n"x;y";"say ""hi"""\n'), [['a', 'b'], ['x;y', 'say "hi"']]);
});

test('a CSV upload (raw body) creates the new communes under the existing district, once', async () => {
  const before = await unitCount();
  const csv = fs.readFileSync(path.join(DIR, 'gso-sample.csv'));
  const r = await ctx.request({ method: 'POST', url: '/api/units/import?validFrom=2020-01-01&format=csv', payload: csv, headers: { 'content-type': 'text/csv' } });
  assert.equal(r.statusCode, 200, r.body);
  // the sample's codes are illustrative: its Hoằng Hóa is 388 (the real one, 399, is built in), so it is new, as Hậu Lộc is
  assert.deepEqual(r.json.created, { province: 0, district: 2, commune: 5 });
  assert.equal(await unitCount(), before + 7);
  // the response lists what it added
  assert.ok(r.json.changes.some((c: { action: string; level: string; code: string; name: string }) => c.action === 'create' && c.level === 'commune' && c.code === '15994' && c.name === 'xã Hoằng Giang'));
  const hg = (await ctx.request({ url: '/api/units?level=commune&q=Hoang Giang&at=2021-01-01' })).json.items[0];
  const detail = (await ctx.request({ url: `/api/units/${hg.id}` })).json;
  assert.equal(detail.code, '15994');
  assert.equal(detail.nameEn, 'Hoang Giang');
  assert.deepEqual(detail.ancestors.map((a: any) => a.name), ['Hoằng Hóa', 'Thanh Hóa', 'Việt Nam']);
  // again: nothing new
  const again = await ctx.request({ method: 'POST', url: '/api/units/import?validFrom=2020-01-01', payload: csv, headers: { 'content-type': 'text/csv' } });
  assert.equal(again.statusCode, 200);
  assert.deepEqual(again.json.created, { province: 0, district: 0, commune: 0 });
  assert.deepEqual(again.json.changes, []);
  assert.equal(await unitCount(), before + 7);
});

test('the same list as XLSX (multipart upload) is recognised and changes nothing more', async () => {
  const before = await unitCount();
  const xlsx = fs.readFileSync(path.join(DIR, 'gso-sample.xlsx'));
  const boundary = '----vitreem';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="danh-muc.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
    xlsx,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r = await ctx.request({ method: 'POST', url: '/api/units/import?validFrom=2020-01-01', payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json.rows, 5);
  assert.deepEqual(r.json.created, { province: 0, district: 0, commune: 0 });
  assert.equal(r.json.unchanged, 10); // 2 provinces, 3 districts, 5 communes
  assert.equal(await unitCount(), before);
});

test('a bad file is refused whole, every bad row reported with its number, nothing written', async () => {
  const before = await unitCount();
  const csv = [
    'Tỉnh / Thành phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp',
    'Tỉnh Thanh Hóa,38,Huyện Nga Sơn,390,Xã Nga Thạch,16300,Xã',
    'Tỉnh Thanh Hóa,3,Huyện Nga Sơn,390,Xã Nga Bạch,16303,Xã',
    'Tỉnh Thanh Hóa,38,Huyện Nga Sơn,390,Xã Nga Thanh,163,Xã',
    'Tỉnh Thanh Hóa,38,Huyện Khác,390,Xã Nga Yên,16306,Xã',
  ].join('\n');
  const r = await ctx.request({ method: 'POST', url: '/api/units/import?validFrom=2020-01-01', payload: csv, headers: { 'content-type': 'text/csv' } });
  assert.equal(r.statusCode, 400);
  assert.equal(r.json.error.code, 'invalid_unit_list');
  assert.deepEqual(r.json.error.details.map((e: any) => e.row), [3, 4, 5]);
  assert.match(r.json.error.details[0].vi, /mã tỉnh "3" phải có 2 chữ số/);
  assert.match(r.json.error.details[2].vi, /mã 390 đã dùng cho "Huyện Nga Sơn" ở dòng 2/);
  assert.match(r.json.error.message, /3 lỗi/);
  assert.equal(await unitCount(), before);
  const nohead = await ctx.request({ method: 'POST', url: '/api/units/import?validFrom=2020-01-01', payload: 'a,b\n1,2', headers: { 'content-type': 'text/csv' } });
  assert.equal(nohead.statusCode, 400);
  const broken = await ctx.request({ method: 'POST', url: '/api/units/import?validFrom=2020-01-01&format=xlsx', payload: Buffer.from('PK not a zip'), headers: { 'content-type': 'application/octet-stream' } });
  assert.equal(broken.statusCode, 400);
  assert.equal(broken.json.error.code, 'invalid_xlsx');
  assert.equal(await unitCount(), before);
});
