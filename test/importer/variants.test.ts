import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { importPlanDocument, parsePlanText, ImportError, encodeTcvn3, encodeWindows1258, parseVietnameseNumber } from '../../src/importer/index.ts';
import { makePdf, rewrap, seedText, SEEDS, stripDiacritics, targetKeys } from './helpers.ts';

const base000 = targetKeys(parsePlanText(seedText(SEEDS.s000)));
const base001 = targetKeys(parsePlanText(seedText(SEEDS.s001)));

test('Vietnamese numbers', () => {
  assert.equal(parseVietnameseNumber('0,4')?.value, 0.4);
  assert.equal(parseVietnameseNumber('1.055')?.value, 1055);
  assert.equal(parseVietnameseNumber('18,670')?.value, 18.67);
  assert.equal(parseVietnameseNumber('1.000.000')?.value, 1000000);
  const stray = parseVietnameseNumber('18.5');
  assert.equal(stray?.value, 18.5);
  assert.ok(stray?.warning);
});

test('re-wrapped at 60 columns: same targets', () => {
  assert.deepEqual(targetKeys(parsePlanText(rewrap(seedText(SEEDS.s000), 60))), base000);
  assert.deepEqual(targetKeys(parsePlanText(rewrap(seedText(SEEDS.s001), 60))), base001);
});

test('diacritics stripped: same targets', () => {
  assert.deepEqual(targetKeys(parsePlanText(stripDiacritics(seedText(SEEDS.s000)))), base000);
  assert.deepEqual(targetKeys(parsePlanText(stripDiacritics(seedText(SEEDS.s001)))), base001);
});

test('TCVN3, Windows-1258 and UTF-16LE encodings are detected', async () => {
  const text = seedText(SEEDS.s001);
  const tcvn = await importPlanDocument(new Uint8Array(encodeTcvn3(text)), 'plan.txt');
  assert.equal(tcvn.encoding, 'tcvn3');
  assert.deepEqual(targetKeys(tcvn), base001);
  const w1258 = await importPlanDocument(new Uint8Array(encodeWindows1258(text)), 'plan.txt');
  assert.equal(w1258.encoding, 'windows-1258');
  assert.deepEqual(targetKeys(w1258), base001);
  assert.equal(w1258.document.issuer, 'UBND tỉnh Kiên Giang');
  const utf16 = await importPlanDocument(new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), 'plan.txt');
  assert.deepEqual(targetKeys(utf16), base001);
  const utf16NoBom = await importPlanDocument(new Uint8Array(Buffer.from(text, 'utf16le')), 'plan.txt');
  assert.deepEqual(targetKeys(utf16NoBom), base001);
});

test('docx built from seed 001 (with the budget table)', async () => {
  const lines = seedText(SEEDS.s001).split('\n');
  const children: (Paragraph | Table)[] = [];
  let rows: TableRow[] = [];
  const flush = () => {
    if (rows.length) children.push(new Table({ rows }));
    rows = [];
  };
  for (const line of lines) {
    if (line.includes('\t')) {
      rows.push(new TableRow({ children: line.split('\t').map((c) => new TableCell({ children: [new Paragraph(c)] })) }));
      continue;
    }
    flush();
    children.push(new Paragraph({ children: [new TextRun(line)] }));
  }
  flush();
  const buf = await Packer.toBuffer(new Document({ sections: [{ children }] }));
  const r = await importPlanDocument(new Uint8Array(buf), 'plan.docx');
  assert.equal(r.format, 'docx');
  assert.deepEqual(targetKeys(r), base001);
  assert.equal(r.budget?.computedTotal, 18670);
  assert.equal(r.document.number, '107/KH-UBND');
});

test('pdf with a text layer (seed 000 without diacritics)', async () => {
  const lines = stripDiacritics(seedText(SEEDS.s000)).split('\n').filter((l) => l.trim()).flatMap((l) => rewrap(l, 110).split('\n'));
  const ascii = lines.map((l) => l.replace(/[^\x20-\x7e]/g, (c) => (c === '‰' ? '%o' : ' ')));
  const r = await importPlanDocument(makePdf(ascii), 'plan.pdf');
  assert.equal(r.format, 'pdf');
  const keys = targetKeys(r);
  const common = base000.filter((k) => keys.includes(k));
  assert.ok(common.length / base000.length >= 0.85, `pdf recall ${common.length}/${base000.length}`);
});

async function expectError(bytes: Uint8Array, name: string, code: string): Promise<void> {
  await assert.rejects(importPlanDocument(bytes, name), (e: unknown) => {
    assert.ok(e instanceof ImportError);
    assert.equal(e.code, code);
    assert.ok(e.messageVi.length > 5 && e.messageEn.length > 5);
    return true;
  });
}

test('bad inputs give clear errors', async () => {
  await expectError(new Uint8Array(0), 'a.txt', 'empty_file');
  await expectError(new TextEncoder().encode('  \n\n '), 'a.txt', 'empty_file');
  const rnd = new Uint8Array(4096);
  for (let i = 0; i < rnd.length; i++) rnd[i] = (i * 7919 + 13) % 256;
  await expectError(rnd, 'a.txt', 'binary_file');
  await expectError(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'scan.png', 'image_file');
  await expectError(new Uint8Array(50 * 1024 * 1024), 'big.txt', 'too_large');
  await expectError(new TextEncoder().encode('Hôm nay trời đẹp. Chúng tôi đi chơi công viên và ăn kem.\n'), 'a.txt', 'no_plan_found');
  // a copy cut short is imported, with the 'truncated' warning first
  const cut = seedText(SEEDS.s000).slice(0, 6000).replace(/\s+\S*$/, ' và');
  const partial = await importPlanDocument(new TextEncoder().encode(cut), 'a.txt');
  assert.equal(partial.warningDetails?.[0]?.code, 'truncated');
  assert.match(partial.warnings[0], /văn bản có thể không đầy đủ/i);
  await expectError(makePdf([]), 'scan.pdf', 'no_text_layer');
  const pdf = makePdf(['KE HOACH', 'Chi tieu 1: dat 75% vao nam 2025.']);
  await expectError(pdf.slice(0, 120), 'cut.pdf', 'truncated');
  const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('KẾ HOẠCH')] }] }));
  await expectError(new Uint8Array(docx.subarray(0, Math.floor(docx.length / 2))), 'cut.docx', 'truncated');
});
