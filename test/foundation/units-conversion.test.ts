/**
 * The statistics office's conversion table for an official change (POST /api/units/conversion): a real
 * slice of the 2025 table (lines 1–42: Ba Đình, Ngọc Hà, Giảng Võ, Hoàn Kiếm of Hà Nội) replayed on a
 * database that holds the old wards and not yet the new ones; then broken copies of it — each refused
 * naming its lines, nothing changed.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { xlsxBomb } from '../helpers/zip.ts';
import { builtinUnitData } from '../../src/storage/seed/vn-units.ts';
import { searchKey } from '../../src/domain/units.ts';
import { encodeWindows1258 } from '../../src/importer/decode.ts';

const SHARED = path.join(import.meta.dirname, '..', '..', '..', 'shared', 'domain', 'units');
const official = fs.readFileSync(path.join(SHARED, 'conversion-2025-07-01.csv'), 'utf8');
/** the official file's first 42 lines, as they are (two title rows, Hà Nội's heading, 39 rows) */
const SLICE = official.split('\n').slice(0, 42).join('\n') + '\n';
const DAY = '2025-07-01';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
  // an installation with Hà Nội's old wards (real codes and names) still in force: the districts
  // of the slice and every old ward it names, under thành phố Hà Nội
  const db = ctx.database.db;
  const data = builtinUnitData();
  const oldCodes = new Set(SLICE.split('\n').map((l) => l.split(',')[4]).filter((c) => /^\d{5}$/.test(c ?? '')));
  const wards = data.communesBefore.filter(([code]) => oldCodes.has(code));
  assert.equal(wards.length, oldCodes.size);
  const haNoi = (await sql<{ id: number }>`select id from admin_unit where level = 'province' and code = '01' and valid_from <= '2025-06-30' and (valid_to is null or valid_to > '2025-06-30')`.execute(db)).rows[0].id;
  const districtIds = new Map<string, number>();
  for (const [code, kind, name] of data.districts.filter(([c]) => wards.some((w) => w[3] === c))) {
    const r = await db.insertInto('admin_unit').values({ code, name, full_name: `${kind} ${name}`, kind, level: 'district', parent_id: haNoi, valid_from: '1900-01-01', valid_to: null, search_key: searchKey(name) }).returning('id').executeTakeFirstOrThrow();
    districtIds.set(code, r.id);
  }
  for (const [code, kind, name, district] of wards)
    await db.insertInto('admin_unit').values({ code, name, full_name: `${kind} ${name}`, kind, level: 'commune', parent_id: districtIds.get(district)!, valid_from: '1900-01-01', valid_to: null, search_key: searchKey(name) }).execute();
});
after(async () => ctx?.close());

const counts = async () => {
  const r = await sql<{ units: number; links: number; audit: number }>`select (select count(*)::int from admin_unit) as units, (select count(*)::int from unit_succession) as links, (select count(*)::int from audit_log) as audit`.execute(ctx.database.db);
  return r.rows[0];
};
const post = (body: string | Buffer, query = `validFrom=${DAY}`, contentType = 'text/csv') =>
  ctx.request({ method: 'POST', url: `/api/units/conversion?${query}`, payload: body, headers: { 'content-type': contentType } });
const replaceLine = (text: string, lineNo: number, f: (l: string) => string) => text.split('\n').map((l, i) => (i === lineNo - 1 ? f(l) : l)).join('\n');

test('a dry run of the real slice lists what would change and writes nothing', async () => {
  const before = await counts();
  const r = await post(SLICE, `validFrom=${DAY}&dryRun=1`);
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json.dryRun, true);
  assert.equal(r.json.rows, 39);
  assert.deepEqual(r.json.added.map((u: { name: string; code: string }) => `${u.name} (${u.code})`), ['phường Ba Đình (00004)', 'phường Ngọc Hà (00008)', 'phường Giảng Võ (00025)', 'phường Hoàn Kiếm (00070)']);
  assert.deepEqual(r.json.renamed, []);
  // 29 old wards end (Kim Mã on three rows; Ngọc Hà, Điện Biên, Đội Cấn, Cống Vị, Ngọc Khánh, Đồng Xuân, Cửa Đông, Cửa Nam on two)
  assert.equal(r.json.ended.length, 29);
  assert.ok(r.json.ended.some((u: { name: string }) => u.name === 'phường Trúc Bạch'));
  assert.equal(r.json.links.length, 39);
  const kimMa = r.json.links.filter((l: { from: string }) => l.from === 'phường Kim Mã (00028)');
  assert.equal(kimMa.length, 3);
  assert.ok(kimMa.every((l: { kind: string; share: number; estimated: boolean }) => l.kind === 'split' && Math.abs(l.share - 1 / 3) < 1e-9 && l.estimated));
  assert.deepEqual(r.json.links.find((l: { from: string }) => l.from === 'phường Trúc Bạch (00004)'), { from: 'phường Trúc Bạch (00004)', to: 'phường Ba Đình (00004)', kind: 'merge', share: null, estimated: false });
  assert.deepEqual(await counts(), before, 'nothing written, not even an audit entry');
});

test('bad input is refused naming the rows, and changes nothing', async () => {
  const before = await counts();
  const refused = async (body: string | Buffer, code: string, lines: number[] | null, message: RegExp, status = 400, contentType?: string) => {
    const r = await post(body, `validFrom=${DAY}`, contentType);
    assert.equal(r.statusCode, status, r.body);
    assert.equal(r.json.error.code, code);
    assert.match(r.json.error.message, message);
    assert.ok(r.json.error.messageEn.length > 0);
    if (lines) assert.deepEqual(r.json.error.details.flatMap((d: { lines: number[] }) => d.lines), lines);
    return r;
  };
  // an old code that is no ward in force (Trúc Bạch's code mistyped)
  await refused(replaceLine(SLICE, 4, (l) => l.replace(',Phường Trúc Bạch,00004,', ',Phường Trúc Bạch,09999,')), 'invalid_conversion_table', [4], /Dòng 4: xã cũ Phường Trúc Bạch \(09999\) không có trong danh mục đang có hiệu lực ngày 30\/06\/2025/);
  // a code that names another ward
  await refused(replaceLine(SLICE, 5, (l) => l.replace(',Phường Quán Thánh,00013,', ',Phường Quán Thánh,00006,')), 'invalid_conversion_table', [5], /Dòng 5: mã 00006 là phường Vĩnh Phúc, không phải Phường Quán Thánh/);
  // Kim Mã's shares (lines 9, 20, 24) summing to 0,9
  const withShares = [9, 20, 24].reduce((text, n) => replaceLine(text, n, (l) => l.replace(/,$/, ',0,3')), SLICE).replace(/,0,3/g, ',"0,3"');
  await refused(withShares, 'invalid_conversion_table', [9, 20, 24], /Kim Mã \(00028\): tổng tỷ lệ 0,9 khác 1 — dòng 9, 20, 24/);
  // a repeated row
  const repeated = `${SLICE}${SLICE.split('\n')[4]}\n`;
  await refused(repeated, 'invalid_conversion_table', [5, 43], /Dòng 43 lặp lại dòng 5/);
  // a new commune under a province that does not exist, and a code that is not five digits: both named
  const twoBad = replaceLine(replaceLine(SLICE, 30, (l) => l.replace(/^Thành phố Hà Nội \(01\)/, 'Thành phố Hà Nội (99)')), 12, (l) => l.replace(',00055,', ',55,'));
  const two = await refused(twoBad, 'invalid_conversion_table', null, /Bảng chuyển đổi có 2 lỗi/);
  assert.match(two.json.error.details[0].vi, /^Dòng 12: mã xã cũ "55" phải có 5 chữ số/);
  assert.match(two.json.error.details[1].vi, /Xã mới Phường Hoàn Kiếm \(00070\) ghi ở nhiều tỉnh khác nhau — dòng 29, 30, 31/);
  // a wrong encoding: VNI is named; bytes that are no text at all are refused
  const vni = Buffer.from('Tinh,Teân Xaõ môùi,Maõ Xaõ môùi,Teân Xaõ cuõ,Maõ Xaõ cuõ,Ghi chuù\nThaønh phoá Haø Noäi (01),Phöôøng Ba Ñình,00004,Phöôøng Truùc Baïch,00004,Nhaäp toaøn boä\n', 'latin1');
  await refused(vni, 'unreadable_encoding', null, /bảng mã VNI/);
  // a zip bomb dressed as XLSX: refused by the zip guard before exceljs opens it
  const bomb = await post(xlsxBomb(80 * 1024 * 1024), `validFrom=${DAY}&format=xlsx`, 'application/octet-stream');
  assert.equal(bomb.statusCode, 413, bomb.body);
  assert.match(bomb.json.error.code, /^zip_/);
  // an empty table, and a table of another shape
  await refused('a,b,c\n', 'invalid_conversion_table', null, /không có dòng chuyển đổi nào/);
  assert.deepEqual(await counts(), before);
});

test('a province administrator may not import a conversion table: national administrators only', async () => {
  const haNoi = (await ctx.request({ url: '/api/units?level=province&code=01&at=2026-01-01' })).json.items[0];
  const user = await ctx.createUser({ username: 'qt.hanoi', grants: [{ role: 'system_admin', unitId: haNoi.id }] });
  const r = await ctx.request({ method: 'POST', url: `/api/units/conversion?validFrom=${DAY}&dryRun=1`, payload: SLICE, headers: { 'content-type': 'text/csv' }, as: user });
  assert.equal(r.statusCode, 403, r.body);
});

test('the slice as XLSX (multipart): old wards end, new ones start, links with estimated shares, every row audited; a second run changes nothing', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Chuyển đổi');
  for (const line of SLICE.trimEnd().split('\n')) ws.addRow(line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '')).slice(0, 9));
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  const boundary = '----vitreem-conversion';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="chuyen-doi.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
    xlsx,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const before = await counts();
  const r = await post(body, `validFrom=${DAY}`, `multipart/form-data; boundary=${boundary}`);
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json.dryRun, false);
  assert.equal(r.json.added.length, 4);
  assert.equal(r.json.ended.length, 29);
  assert.equal(r.json.links.length, 39);
  const after = await counts();
  assert.equal(after.units, before.units + 4);
  assert.equal(after.links, before.links + 39);

  // Ba Đình from 01/07/2025: Trúc Bạch, Quán Thánh… as predecessors; Trúc Bạch ends on 30/06/2025
  const baDinh = (await ctx.request({ url: `/api/units?level=commune&code=00004&at=${DAY}` })).json.items[0];
  assert.equal(baDinh.fullName, 'phường Ba Đình');
  const detail = (await ctx.request({ url: `/api/units/${baDinh.id}` })).json;
  assert.deepEqual(detail.predecessors.map((p: { name: string }) => p.name).sort(), ['Cửa Nam', 'Cửa Đông', 'Kim Mã', 'Ngọc Hà', 'Quán Thánh', 'Thụy Khuê', 'Trúc Bạch', 'Điện Biên', 'Đồng Xuân', 'Đội Cấn'].sort());
  assert.equal(detail.predecessors.find((p: { name: string }) => p.name === 'Trúc Bạch').validTo, DAY);
  assert.equal(detail.ancestors[0].name, 'Hà Nội');
  const kimMa = detail.predecessors.find((p: { name: string }) => p.name === 'Kim Mã');
  const shares = await ctx.database.db.selectFrom('unit_succession').select(['share', 'share_estimated', 'kind']).where('predecessor_id', '=', kimMa.id).execute();
  assert.equal(shares.length, 3);
  assert.ok(shares.every((s) => s.kind === 'split' && Math.abs(Number(s.share) - 1 / 3) < 1e-9 && s.share_estimated));
  // a person did it: every row is in the audit log under their name
  const audit = await sql<{ table_name: string; action: string; n: number }>`select table_name, action, count(*)::int as n from audit_log where actor_name = 'admin' and id > (select max(id) - ${after.audit - before.audit} from audit_log) group by 1, 2 order by 1, 2`.execute(ctx.database.db);
  assert.deepEqual(audit.rows.map((a) => [a.table_name, a.action, a.n]), [['admin_unit', 'insert', 4], ['admin_unit', 'update', 29], ['unit_succession', 'insert', 39]]);

  // again (as CSV): nothing left to change
  const again = await post(SLICE);
  assert.equal(again.statusCode, 200, again.body);
  assert.deepEqual([again.json.added, again.json.ended, again.json.links, again.json.linksExisting], [[], [], [], 39]);
  assert.deepEqual(await counts(), after);
});

test('when the new unit list was imported first, the table must match it: a missing new commune and an unlisted one are named', async () => {
  const haNoi = (await ctx.request({ url: '/api/units?level=province&code=01&at=2027-01-01' })).json.items[0];
  // a later change on 01/01/2027: the new list names Phường Hồng Hà Mới (00098) and Phường Ba Đình Mới (00099)
  for (const [code, name] of [['00098', 'Hồng Hà Mới'], ['00099', 'Ba Đình Mới']]) {
    const created = await ctx.request({ method: 'POST', url: '/api/units', payload: { code, name, kind: 'phường', level: 'commune', parentId: haNoi.id, validFrom: '2027-01-01' } });
    assert.equal(created.statusCode, 201, created.body);
  }
  const before = await counts();
  const table = [
    'Tỉnh thành phố,Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,Tỉnh cũ',
    'Thành phố Hà Nội (01),Phường Ba Đình Mới,00099,Phường Ba Đình,00004,Nhập toàn bộ,,Thành phố Hà Nội (01)',
    'Thành phố Hà Nội (01),Phường Ba Đình Mới,00099,Phường Ngọc Hà,00008,Nhập toàn bộ,,Thành phố Hà Nội (01)',
    'Thành phố Hà Nội (01),Phường Giảng Võ Mới,00097,Phường Giảng Võ,00025,Nhập toàn bộ,,Thành phố Hà Nội (01)',
  ].join('\n');
  const r = await post(table, 'validFrom=2027-01-01&dryRun=1');
  assert.equal(r.statusCode, 400, r.body);
  const messages = r.json.error.details.map((d: { vi: string }) => d.vi);
  assert.ok(messages.some((m: string) => /^Dòng 4: xã mới Phường Giảng Võ Mới \(00097\) không có trong danh mục mới/.test(m)), messages.join('\n'));
  assert.ok(messages.some((m: string) => /Thiếu 1 xã mới trong bảng chuyển đổi.*phường Hồng Hà Mới \(00098\)/.test(m)), messages.join('\n'));
  assert.deepEqual(await counts(), before);
  // with the list's communes only, the same change is accepted (dry run: Ba Đình and Ngọc Hà would end)
  const ok = await post(`${table.split('\n').slice(0, 3).join('\n')}\nThành phố Hà Nội (01),Phường Hồng Hà Mới,00098,Phường Giảng Võ,00025,Nhập toàn bộ,,\n`, 'validFrom=2027-01-01&dryRun=1');
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual([ok.json.added, ok.json.ended.map((e: { code: string }) => e.code).sort(), ok.json.links.length], [[], ['00004', '00008', '00025'], 3]);
});

test('a Windows-1258 copy of the slice reads the same (dry run after the import: nothing to change)', async () => {
  const r = await post(encodeWindows1258(SLICE), `validFrom=${DAY}&dryRun=1`);
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual([r.json.added, r.json.links, r.json.linksExisting], [[], [], 39]);
});
