import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { childBody, createPeople, createUnits, rawText, type People, type Units } from './fixtures.ts';
import { TextWriter, Uint8ArrayReader, ZipReader, type FileEntry } from '@zip.js/zip.js';
import { decryptAesEntry, readCentralDirectory } from './winzip-aes.ts';
import { parseCsv } from '../../src/domain/children/import.ts';

let ctx: TestContext;
let u: Units;
let p: People;
before(async () => {
  ctx = await createTestContext();
  u = await createUnits(ctx);
  p = await createPeople(ctx, u);
});
after(async () => ctx.close());

const post = (url: string, payload: unknown, as?: () => { request: People['workerA']['request'] }) => (as ? as() : p.workerA).request({ method: 'POST', url, payload });
const get = (url: string) => p.workerA.request({ url });

test('registering a child stores it encrypted: no plaintext name, ID number or address in the table or the audit log', async () => {
  const r = await post('/api/children', childBody(u.communeA, { fullName: 'Quàng Thị Mai Phương', idNumber: '011215000123', address: 'Số 7 bản Cang' }));
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(r.json.fullName, 'Quàng Thị Mai Phương');
  assert.equal(r.json.idNumber, '011215000123');
  const raw = await rawText(ctx, `select * from child where id = ${r.json.id}`);
  for (const secret of ['Quàng', 'Quang', 'Phương', 'Phuong', '011215000123', 'Số 7', 'Lò Văn Pánh', '2015-04-02'])
    assert.ok(!raw.includes(secret), `plaintext "${secret}" in the child table`);
  assert.match(raw, /"pii":"v1\./);
  const audit = await rawText(ctx, `select before, after from audit_log where table_name = 'child' and row_id = '${r.json.id}'`);
  assert.ok(audit.length > 20);
  for (const secret of ['Quàng', 'Phương', 'Phuong', '011215000123']) assert.ok(!audit.includes(secret), `plaintext "${secret}" in the audit log`);
  // birth year and month stay in clear for the indicators
  const row = await ctx.database.db.selectFrom('child').select(['birth_year', 'birth_month']).where('id', '=', r.json.id).executeTakeFirstOrThrow();
  assert.deepEqual(row, { birth_year: 2015, birth_month: 4 });
});

test('likely duplicates come first, with or without diacritics; confirmNotDuplicate registers anyway', async () => {
  const first = await post('/api/children', childBody(u.communeA, { fullName: 'Lò Thị Hương', birthDate: '2016-05-10' }));
  assert.equal(first.statusCode, 201);
  const again = await post('/api/children', childBody(u.communeA, { fullName: 'lo thi huong', birthDate: '2016-05-20' }));
  assert.equal(again.statusCode, 409, again.body);
  assert.equal(again.json.error.code, 'likely_duplicate');
  const dup = again.json.error.details.duplicates.find((d: { id: number }) => d.id === first.json.id);
  assert.ok(dup, 'the first record is offered');
  assert.ok(dup.reasons.includes('same_name_folded'));
  assert.equal(dup.fullName, 'Lò Thị Hương');
  // not stored
  const n = await ctx.database.db.selectFrom('child').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const forced = await post('/api/children', childBody(u.communeA, { fullName: 'lo thi huong', birthDate: '2016-05-20', confirmNotDuplicate: true }));
  assert.equal(forced.statusCode, 201);
  const n2 = await ctx.database.db.selectFrom('child').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(n2.n), Number(n.n) + 1);
  // another commune, far birth date: not a likely duplicate
  const other = await post('/api/children', childBody(u.communeB, { fullName: 'Lò Thị Hương', birthDate: '2011-01-01' }), () => p.workerB);
  assert.equal(other.statusCode, 201, other.body);
});

test('search works with and without diacritics and by the start of the last word; every list read is audited', async () => {
  await post('/api/children', childBody(u.communeA, { fullName: 'Nguyễn Đức Thắng', birthDate: '2014-02-03', sex: 'male' }));
  for (const q of ['Nguyễn Đức Thắng', 'nguyen duc thang', 'NGUYEN DUC TH', 'đức thắng']) {
    const r = await get(`/api/children?unitId=${u.communeA}&q=${encodeURIComponent(q)}`);
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json.items.map((c: { fullName: string }) => c.fullName), ['Nguyễn Đức Thắng'], q);
  }
  const none = await p.workerB.request({ url: `/api/children?unitId=${u.communeB}&q=thang` });
  assert.deepEqual(none.json.items, []);
  // a case worker of commune A cannot search commune B
  const other = await get(`/api/children?unitId=${u.communeB}&q=thang`);
  assert.equal(other.statusCode, 403);
  const audited = await ctx.database.db.selectFrom('audit_log').select(['detail']).where('action', '=', 'read').where('table_name', '=', 'child').where('row_id', 'is', null).execute();
  assert.ok(audited.length >= 5);
});

test('reading a child record is audited with who, what and the unit', async () => {
  const c = await post('/api/children', childBody(u.communeA, { fullName: 'Vì Văn Sơn', birthDate: '2013-09-09', sex: 'male' }));
  const r = await get(`/api/children/${c.json.id}`);
  assert.equal(r.statusCode, 200);
  assert.equal(r.json.fullName, 'Vì Văn Sơn');
  assert.equal(r.json.residences.length, 1);
  const reads = await ctx.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'read').where('table_name', '=', 'child').where('row_id', '=', String(c.json.id)).execute();
  assert.equal(reads.length, 1);
  assert.equal(reads[0].unit_id, u.communeA);
  assert.equal(reads[0].actor_name, 'worker_a');
  assert.equal(reads[0].actor_id, p.workerA.userId);
  const missing = await get('/api/children/999999');
  assert.equal(missing.statusCode, 404);
});

test('bad input: impossible birth date, a 16-year-old, a future birth date, a bad ID number, a district as commune — clear errors, nothing stored', async () => {
  const count = async () => Number((await ctx.database.db.selectFrom('child').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const before = await count();
  const cases: [Record<string, unknown>, string][] = [
    // impossible dates are refused by the route's schema (src/domain/calendar-date.ts), before any rule of the register
    [{ birthDate: '2015-02-30' }, 'validation_failed'],
    [{ birthDate: '31/02/2015' }, 'validation_failed'],
    [{ birthDate: '2009-03-01' }, 'not_a_child'],
    [{ birthDate: '2008-01-01' }, 'not_a_child'],
    [{ birthDate: '2025-03-02' }, 'birth_date_in_future'],
    [{ idNumber: '12345' }, 'invalid_id_number'],
    [{ unitId: u.district }, 'not_a_commune'],
    [{ legalBasis: 'consent', birthDate: '2012-01-01' }, 'consent_required'],
    [{ legalBasis: 'consent', birthDate: '2012-01-01', consent: { parent: { givenBy: 'Mẹ', givenOn: '2025-03-01' } } }, 'consent_required'],
    [{ villageId: u.villageA, unitId: u.communeB }, 'village_not_in_commune'],
  ];
  for (const [over, code] of cases) {
    const as = over.unitId === u.district ? () => p.districtWorker : over.unitId === u.communeB ? () => p.workerB : undefined;
    const r = await post('/api/children', childBody(u.communeA, { fullName: 'Mùa A Dính', ...over }), as);
    assert.equal(r.statusCode, 400, `${JSON.stringify(over)} → ${r.body}`);
    assert.equal(r.json.error.code, code);
    assert.ok(r.json.error.message && r.json.error.messageEn);
  }
  const sixteen = await post('/api/children', childBody(u.communeA, { birthDate: '2009-03-01' }));
  assert.match(sixteen.json.error.message, /dưới 16 tuổi/);
  assert.equal(await count(), before);
  // consent given by the parent and the child (7+) → accepted
  const ok = await post('/api/children', childBody(u.communeA, { fullName: 'Mùa A Dính', legalBasis: 'consent', birthDate: '2012-01-01', consent: { parent: { givenBy: 'Mùa A Lử', givenOn: '2025-03-01' }, child: { givenOn: '2025-03-01' } } }));
  assert.equal(ok.statusCode, 201, ok.body);
  const rec = await get(`/api/children/${ok.json.id}`);
  assert.deepEqual(rec.json.consentMissing, []);
  assert.equal(rec.json.consents.length, 2);
});

test('merging two records keeps the history of both', async () => {
  const a = await post('/api/children', childBody(u.communeA, { fullName: 'Lường Văn Tú', birthDate: '2012-06-01', sex: 'male' }));
  const b = await post('/api/children', childBody(u.communeA, { fullName: 'Luong Van Tu', birthDate: '2012-06-01', sex: 'male', idNumber: '011212000999', confirmNotDuplicate: true }));
  assert.equal(b.statusCode, 201);
  assert.equal((await post(`/api/children/${b.json.id}/circumstances`, { groupCode: 'dropout_to_work', startDate: '2024-09-01' })).statusCode, 201);
  assert.equal((await post(`/api/children/${b.json.id}/supports`, { kind: 'assistance', date: '2024-10-01', provider: 'UBND xã' })).statusCode, 201);
  const m = await post(`/api/children/${a.json.id}/merge`, { duplicateId: b.json.id, reason: 'Cùng một trẻ, đăng ký hai lần' });
  assert.equal(m.statusCode, 200, m.body);
  assert.equal(m.json.circumstances.length, 1);
  assert.equal(m.json.supports.length, 1);
  assert.equal(m.json.idNumber, '011212000999');
  assert.equal(m.json.merges[0].mergedId, b.json.id);
  const gone = await ctx.database.db.selectFrom('child').select(['status', 'merged_into']).where('id', '=', b.json.id).executeTakeFirstOrThrow();
  assert.deepEqual(gone, { status: 'merged', merged_into: a.json.id });
  const snap = await ctx.database.db.selectFrom('child_merge').select('snapshot').where('merged_id', '=', b.json.id).executeTakeFirstOrThrow();
  assert.ok(snap.snapshot.startsWith('v1.') && !snap.snapshot.includes('Luong'));
  const self = await post(`/api/children/${a.json.id}/merge`, { duplicateId: a.json.id, reason: 'thử' });
  assert.equal(self.statusCode, 400);
});

test('a move between communes keeps one record, its residence history, and transfers the open case', async () => {
  const c = await post('/api/children', childBody(u.communeA, { fullName: 'Cà Thị Xuân', birthDate: '2016-01-15' }));
  const k = await post('/api/cases', { childId: c.json.id, source: 'school', receivedAt: '2025-03-03T08:00:00+07:00' });
  assert.equal(k.statusCode, 201, k.body);
  const mv = await post(`/api/children/${c.json.id}/move`, { toUnitId: u.communeB, date: '2025-03-10', reason: 'Gia đình chuyển nhà' });
  assert.equal(mv.statusCode, 200, mv.body);
  assert.deepEqual(mv.json.transferredCases, [k.json.id]);
  // the record now belongs to commune B: its workers see it, A's no longer do
  assert.equal((await get(`/api/children/${c.json.id}`)).statusCode, 403);
  const rec = await p.workerB.request({ url: `/api/children/${c.json.id}` });
  assert.equal(rec.json.unitId, u.communeB);
  assert.deepEqual(rec.json.residences.map((r: { unitId: number; to: string | null }) => [r.unitId, r.to]), [[u.communeA, '2025-03-10'], [u.communeB, null]]);
  const kase = await p.workerB.request({ url: `/api/cases/${k.json.id}` });
  assert.equal(kase.json.unitId, u.communeB);
  assert.equal(kase.json.transfers.length, 1);
  const bad = await post(`/api/children/${c.json.id}/move`, { toUnitId: u.communeB, date: '2025-03-11' }, () => p.workerB);
  assert.equal(bad.json.error.code, 'same_unit');
});

test('bulk import from CSV is all or nothing and reports every bad row', async () => {
  const csv = [
    'Họ và tên;Ngày sinh;Giới tính;Dân tộc;Số định danh;Thôn;Hộ nghèo;Khuyết tật;Đi học;BHYT;Hoàn cảnh đặc biệt',
    'Lò Văn Một;01/02/2014;Nam;Thái;011214000001;Bản Cang;nghèo;không;tiểu học;có;',
    'Lò Thị Hai;30/02/2015;Nữ;Thái;;;;;;;',
    'Lò Văn Ba;01/01/2005;Nam;Thái;;;;;;;',
    'Lò Văn Bốn;01/01/2016;X;Thái;123;;giàu;;;;99',
    'Lò Thị Năm;01/01/2016;Nữ;Thái;011214000001;Bản Không Có;;;;;',
  ].join('\n');
  const before = await ctx.database.db.selectFrom('child').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const r = await post('/api/children/import', { unitId: u.communeA, filename: 'ds.csv', content: csv, registeredOn: '2025-03-01' });
  assert.equal(r.statusCode, 400, r.body);
  assert.equal(r.json.error.code, 'import_rejected');
  const errors = r.json.error.details.errors as { row: number; column: string }[];
  const rows = [...new Set(errors.map((e) => e.row))];
  assert.deepEqual(rows, [3, 4, 5, 6]);
  assert.ok(errors.filter((e) => e.row === 5).length >= 4, 'every bad field of row 5');
  const after = await ctx.database.db.selectFrom('child').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(after.n), Number(before.n));
  const good = [csv.split('\n')[0], csv.split('\n')[1], 'Lò Thị Sáu;2016-07-07;Nữ;Thái;;Bản Cang;cận nghèo;có;mầm non;có;4;'].join('\n');
  const ok = await post('/api/children/import', { unitId: u.communeA, filename: 'ds.csv', content: good, registeredOn: '2025-03-01' });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json.imported, 2);
  const sau = await get(`/api/children/${ok.json.ids[1]}`);
  assert.equal(sau.json.villageId, u.villageA);
  assert.equal(sau.json.circumstances[0].groupCode, 'disability');
  // the same file again: the ID number now exists → rejected, nothing stored
  const again = await post('/api/children/import', { unitId: u.communeA, filename: 'ds.csv', content: good, registeredOn: '2025-03-01' });
  assert.equal(again.statusCode, 400);
});

test('bulk import from XLSX', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('DS');
  ws.addRow(['Ho va ten', 'Ngay sinh', 'Gioi tinh']);
  ws.addRow(['Giàng A Páo', new Date(Date.UTC(2013, 4, 6)), 'Nam']);
  ws.addRow(['Sùng Thị Dợ', '12/12/2017', 'Nữ']);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  const r = await post('/api/children/import', { unitId: u.communeB, filename: 'ds.xlsx', contentBase64: buf.toString('base64'), registeredOn: '2025-03-01' }, () => p.workerB);
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json.imported, 2);
  const c = await p.workerB.request({ url: `/api/children/${r.json.ids[0]}` });
  assert.equal(c.json.birthDate, '2013-05-06');
});

test('export of identifiable data needs a reason and a password: an AES-256 encrypted ZIP that opens only with the password, audited', async () => {
  const S = p.supervisorA;
  // a case worker may not export at all
  assert.equal((await post('/api/children/export', { unitId: u.communeA, reason: 'Bàn giao cho cơ sở trợ giúp xã hội', password: 'mat-khau-dai-1' })).statusCode, 403);
  const noReason = await post('/api/children/export', { unitId: u.communeA, reason: '', password: 'mat-khau-dai-1' }, () => S);
  assert.equal(noReason.statusCode, 400);
  assert.deepEqual(noReason.json.error.path, ['body', 'reason']);
  const shortPw = await post('/api/children/export', { unitId: u.communeA, reason: 'Báo cáo đoàn kiểm tra', password: '123' }, () => S);
  assert.equal(shortPw.statusCode, 400);
  const r = await ctx.app.inject({ method: 'POST', url: '/api/children/export', payload: { unitId: u.communeA, reason: 'Bàn giao cho cơ sở trợ giúp xã hội', password: 'mat-khau-dai-1' }, cookies: { vitreem_session: S.sessionId, vitreem_csrf: S.csrfToken }, headers: { 'x-csrf-token': S.csrfToken } });
  assert.equal(r.statusCode, 200);
  assert.equal(r.headers['content-type'], 'application/zip');
  assert.match(String(r.headers['content-disposition']), /filename="tre-em-\d+-\d{4}-\d{2}-\d{2}\.zip"/);
  const zip = r.rawPayload;
  assert.equal(zip.readUInt32LE(0), 0x04034b50, 'a ZIP file');
  for (const secret of ['Nguy', 'Thắng', 'Thang', 'Họ và tên', 'Ho va ten']) assert.ok(!zip.toString('latin1').includes(secret) && !zip.toString('utf8').includes(secret), `plaintext "${secret}" in the ZIP`);
  // the standard WinZip AES-256 format (what 7-Zip and WinRAR read), never the broken ZipCrypto
  const [entry, ...more] = readCentralDirectory(zip);
  assert.equal(more.length, 0);
  assert.match(entry.name, /^tre-em-\d+-\d{4}-\d{2}-\d{2}\.csv$/);
  assert.equal(entry.flags & 1, 1, 'encrypted flag');
  assert.equal(entry.method, 99, 'AES compression method');
  assert.deepEqual(entry.aes, { vendorVersion: 2, vendor: 'AE', strength: 3, actualMethod: 8 });
  // opened by an independent reader (node:crypto) with the password; refused with a wrong one
  const csv = parseCsv(decryptAesEntry(entry, 'mat-khau-dai-1').toString('utf8'));
  assert.equal(csv[0][1], 'Họ và tên');
  assert.ok(csv.some((row) => row[1] === 'Nguyễn Đức Thắng'));
  assert.throws(() => decryptAesEntry(entry, 'mat-khau-dai-2'));
  // and read back with zip.js: with the password, without one, with a wrong one
  const reader = new ZipReader(new Uint8ArrayReader(new Uint8Array(zip)));
  const [z] = (await reader.getEntries()) as FileEntry[];
  assert.equal(z.directory, false);
  assert.equal(z.encrypted, true);
  const text = await z.getData(new TextWriter(), { password: 'mat-khau-dai-1' });
  assert.deepEqual(parseCsv(text), csv);
  await assert.rejects(() => z.getData(new TextWriter()), /encrypted/i);
  await assert.rejects(() => z.getData(new TextWriter(), { password: 'sai-mat-khau' }), /password/i);
  await reader.close();
  const audit = await ctx.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'export').execute();
  assert.equal(audit.length, 1);
  assert.equal(audit[0].actor_name, 'supervisor_a');
  const detail = audit[0].detail as { reason: string; count: number };
  assert.equal(detail.reason, 'Bàn giao cho cơ sở trợ giúp xã hội');
  assert.ok(detail.count > 3);
  assert.ok(!JSON.stringify(audit[0]).includes('mat-khau'));
});
