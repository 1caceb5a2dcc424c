import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { assertZipWithinLimits, inspectZip, OFFICE_ZIP_LIMITS, ZipLimitError, zipLimitMessage, type ZipLimits } from '../../src/input/zip-guard.ts';
import { buildZip, deflatedZeros, xlsxBomb } from '../helpers/zip.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function refusal(buffer: Buffer, limits: ZipLimits = OFFICE_ZIP_LIMITS): ZipLimitError {
  const result = inspectZip(buffer, limits);
  assert.equal(result.ok, false, 'the archive should have been refused');
  return (result as { ok: false; error: ZipLimitError }).error;
}

test('real office files written by other tools pass: mammoth test documents, the GSO sample, an exceljs workbook', async () => {
  const mammothDir = path.join(ROOT, 'node_modules/mammoth/test/test-data');
  const docx = fs.readdirSync(mammothDir).filter((f) => f.endsWith('.docx'));
  assert.ok(docx.length >= 10, 'mammoth ships its test documents');
  for (const file of docx) {
    const entries = assertZipWithinLimits(fs.readFileSync(path.join(mammothDir, file)));
    assert.ok(entries.some((e) => e.name === 'word/document.xml' || e.name.endsWith('.xml')), file);
  }
  const gso = assertZipWithinLimits(fs.readFileSync(path.join(ROOT, 'test/fixtures/units/gso-sample.xlsx')));
  assert.ok(gso.some((e) => e.name.startsWith('xl/worksheets/')));
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Trẻ em');
  for (let i = 0; i < 5000; i++) sheet.addRow([`Nguyễn Văn ${i}`, i, new Date(2020, 0, 1 + (i % 365))]);
  const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
  assert.ok(assertZipWithinLimits(xlsx).length > 5);
});

test('a 100 MB entry in a 100 KB archive is refused from the central directory, before inflating anything', () => {
  const bomb = buildZip([{ name: 'word/document.xml', data: Buffer.alloc(0), deflated: deflatedZeros(100 * 1024 * 1024), declaredSize: 100 * 1024 * 1024 }]);
  assert.ok(bomb.length < 200 * 1024, `bomb is ${bomb.length} bytes`);
  const started = process.hrtime.bigint();
  const error = refusal(bomb);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert.equal(error.reason, 'entry_too_large');
  assert.equal(error.entry, 'word/document.xml');
  assert.equal(error.statusCode, 413);
  console.log(`zip-guard.refuse-100MB-declared: ${ms.toFixed(2)} ms`);
});

test('a bomb under the size limits but with an absurd ratio is refused (10 MB of zeros, 10 KB on the wire)', () => {
  const bomb = buildZip([{ name: 'word/document.xml', data: Buffer.alloc(10 * 1024 * 1024) }]);
  assert.equal(refusal(bomb).reason, 'ratio');
  // with the ratio check off, it is within the sizes and passes: the ratio is what caught it
  assert.equal(inspectZip(bomb, { ...OFFICE_ZIP_LIMITS, maxRatio: Number.MAX_SAFE_INTEGER }).ok, true);
});

test('an entry that lies about its size is caught while inflating, after at most its declared size', () => {
  const liar = buildZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(0), deflated: deflatedZeros(200 * 1024 * 1024), declaredSize: 1000 }]);
  const started = process.hrtime.bigint();
  const error = refusal(liar);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert.equal(error.reason, 'size_mismatch');
  assert.ok(ms < 1000, `refused in ${ms} ms`);
  // an entry that inflates to less than it declares is refused too
  const short = buildZip([{ name: 'a.xml', data: Buffer.from('<a/>'), declaredSize: 50 }]);
  assert.equal(refusal(short).reason, 'size_mismatch');
});

test('many small entries: the sum of declared sizes and the entry count are capped', () => {
  const many = buildZip(Array.from({ length: 20 }, (_, i) => ({ name: `part${i}.xml`, data: Buffer.alloc(0), deflated: deflatedZeros(8 * 1024 * 1024), declaredSize: 8 * 1024 * 1024 })));
  assert.equal(refusal(many, { ...OFFICE_ZIP_LIMITS, maxRatio: Number.MAX_SAFE_INTEGER }).reason, 'too_large');
  const entries = buildZip(Array.from({ length: 2001 }, (_, i) => ({ name: `f${i}`, data: Buffer.from('x'), method: 0 as const })));
  assert.equal(refusal(entries).reason, 'too_many_entries');
  // a declared count above the limit is refused before a single entry is read
  const declared = buildZip([{ name: 'a', data: Buffer.from('x') }], { declaredCount: 60_000 });
  assert.equal(refusal(declared).reason, 'too_many_entries');
});

test('an XLSX bomb (a workbook skeleton whose one cell inflates to 40 MB) is refused before exceljs sees it', () => {
  const bomb = xlsxBomb(40 * 1024 * 1024);
  assert.ok(bomb.length < 100 * 1024, `bomb is ${bomb.length} bytes`);
  const error = refusal(bomb);
  assert.ok(['ratio', 'entry_too_large'].includes(error.reason), error.reason);
  assert.equal(error.entry, 'xl/worksheets/sheet1.xml');
});

test('not a zip, truncated, out-of-range offsets, encrypted and unknown methods: a 400, never an exception of another kind', () => {
  assert.equal(refusal(Buffer.from('hello, not a zip')).reason, 'not_zip');
  assert.equal(refusal(Buffer.alloc(0)).reason, 'not_zip');
  const good = buildZip([{ name: 'a.xml', data: Buffer.from('<a>xin chào</a>') }]);
  assert.equal(inspectZip(good).ok, true);
  assert.equal(refusal(good.subarray(10)).reason, 'malformed');
  const truncated = Buffer.concat([good.subarray(0, 20), good.subarray(good.length - 22)]);
  assert.equal(refusal(truncated).reason, 'malformed');
  const encrypted = Buffer.from(good);
  const central = encrypted.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  encrypted.writeUInt16LE(0x0801, central + 8);
  assert.equal(refusal(encrypted).reason, 'encrypted');
  assert.equal(refusal(encrypted).statusCode, 400);
  const lzma = Buffer.from(good);
  lzma.writeUInt16LE(14, central + 10);
  assert.equal(refusal(lzma).reason, 'unsupported_method');
  const corrupt = Buffer.from(good);
  corrupt.fill(0xff, 30 + 5, 30 + 5 + 4);
  assert.ok(['malformed', 'size_mismatch'].includes(refusal(corrupt).reason));
  // random bytes with a zip signature at the end never throw anything but ZipLimitError
  for (let i = 0; i < 500; i++) {
    const noise = Buffer.from(good);
    for (let k = 0; k < 4; k++) noise[Math.floor(Math.random() * noise.length)] = Math.floor(Math.random() * 256);
    const result = inspectZip(noise);
    if (!result.ok) assert.ok(result.error instanceof ZipLimitError);
  }
});

test('every refusal has a Vietnamese and an English message', () => {
  for (const reason of ['not_zip', 'malformed', 'too_many_entries', 'too_large', 'entry_too_large', 'ratio', 'encrypted', 'unsupported_method', 'size_mismatch'] as const) {
    const message = zipLimitMessage(new ZipLimitError(reason, 'x'));
    assert.match(message.vi, /[àáảãạăâđêôơưệếềểễốồổỗộớờởỡợ]/i, reason);
    assert.ok(message.en.length > 10, reason);
  }
});
