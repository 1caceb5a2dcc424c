import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { planToPdf, yearlyReportToPdf } from '../../src/documents/index.ts';
import { decodePng, inkRatio, pixelDifference, type Image } from '../helpers/png.ts';
import { kienGiangPlan, kienGiangReport } from '../fixtures/documents/kien-giang.ts';

const REF = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'documents', 'reference');
const hasPoppler = spawnSync('pdftoppm', ['-v']).status === 0 && spawnSync('pdftotext', ['-v']).status === 0;
const skip = hasPoppler ? false : 'poppler-utils (pdftoppm, pdftotext) not installed';

function tmpFile(name: string, data: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitreem-pdf-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
}

/** Page `page` rendered at 50 dpi in grey, as pdftoppm does it. */
function renderPage(pdf: string, page: number): { png: Buffer; image: Image } {
  const out = path.join(path.dirname(pdf), `page-${page}`);
  const r = spawnSync('pdftoppm', ['-r', '50', '-gray', '-png', '-f', String(page), '-l', String(page), '-singlefile', pdf, out]);
  assert.equal(r.status, 0, r.stderr?.toString());
  const png = fs.readFileSync(`${out}.png`);
  return { png, image: decodePng(png) };
}

/** The PDF's text; without -layout, table cells stay together and lines are joined with spaces. */
function pdfText(pdf: string, args: string[] = [], layout = true): string {
  const r = spawnSync('pdftotext', [...(layout ? ['-layout'] : []), ...args, pdf, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** Compares against the committed reference; VITREEM_UPDATE_REFERENCE=1 rewrites it. */
function compareWithReference(name: string, rendered: { png: Buffer; image: Image }): number {
  const file = path.join(REF, name);
  if (process.env.VITREEM_UPDATE_REFERENCE === '1' || !fs.existsSync(file)) {
    fs.mkdirSync(REF, { recursive: true });
    fs.writeFileSync(file, rendered.png);
  }
  return pixelDifference(rendered.image, decodePng(fs.readFileSync(file)));
}

test('the yearly report PDF: Vietnamese text round-trips, page 1 matches the reference rendering', { skip }, async () => {
  const pdf = tmpFile('report.pdf', await yearlyReportToPdf(kienGiangReport()));
  const text = pdfText(pdf, [], false).replace(/\s+/g, ' ');
  for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'ỦY BAN NHÂN DÂN', 'TỈNH KIÊN GIANG', 'Số: 215/BC-UBND', 'Kiên Giang, ngày 28 tháng 11 năm 2024', 'BÁO CÁO', 'Nơi nhận:', 'TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Nguyễn Lưu Trung', 'Tỷ lệ báo cáo đầy đủ: 66,7%', 'Chưa có số liệu', 'Có nguy cơ không đạt', '< 9,5‰'])
    assert.ok(text.normalize('NFC').includes(s), `PDF text lacks "${s}"`);
  // the fonts are embedded (no font needed on the reader's machine)
  const fonts = spawnSync('pdffonts', [pdf], { encoding: 'utf8' }).stdout;
  // Tinos, metric-compatible with Times New Roman (NĐ 30/2020), not DejaVu
  assert.match(fonts, /Tinos-Regular/);
  assert.match(fonts, /Tinos-Bold/);
  assert.ok(!/DejaVu/.test(fonts), fonts);
  assert.ok(fonts.split('\n').slice(2).filter((l) => l.trim()).every((l) => / yes +yes +yes /.test(l)), fonts);

  const page1 = renderPage(pdf, 1);
  assert.equal(page1.image.width, 414); // A4 (595 × 842 pt) at 50 dpi
  assert.equal(page1.image.height, 585);
  assert.ok(inkRatio(page1.image) > 0.02, 'page 1 has text on it');
  const diff = compareWithReference('report-page-1.png', page1);
  assert.ok(diff < 0.002, `page 1 differs from the reference in ${(diff * 100).toFixed(2)}% of pixels`);
});

test('the plan PDF: header, indicators with targets in words, landscape budget appendix with seed 001 totals', { skip }, async () => {
  const pdf = tmpFile('plan.pdf', await planToPdf(kienGiangPlan()));
  const text = pdfText(pdf).normalize('NFC');
  const flat = text.replace(/\s+/g, ' ');
  assert.ok(text.includes('KẾ HOẠCH') && text.includes('Số: 107/KH-UBND'));
  assert.ok(flat.includes('đạt 75% vào năm 2025 và 85% vào năm 2030'));
  assert.ok(flat.includes('Phụ lục 01') && flat.includes('Đvt: triệu đồng'));
  // the last page is the landscape appendix with the totals of Phụ lục 01
  const info = spawnSync('pdfinfo', ['-f', '1', '-l', '99', pdf], { encoding: 'utf8' }).stdout;
  const sizes = [...info.matchAll(/Page +\d+ size: +([\d.]+) x ([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
  // the appendix (landscape, continued landscape when it runs over a page) follows the portrait text
  const firstLandscape = sizes.findIndex(([w, h]) => w > h);
  assert.ok(firstLandscape > 0, 'the appendix is landscape');
  assert.ok(sizes.slice(firstLandscape).every(([w, h]) => w > h), 'every appendix page is landscape');
  assert.ok(sizes.slice(0, firstLandscape).every(([w, h]) => w < h), 'body pages are portrait');
  const appendix = pdfText(pdf, ['-f', String(firstLandscape + 1), '-l', String(sizes.length)]);
  assert.match(appendix, /Tổng cộng\s+975\s+500\s+1\.055\s+500\s+1\.135\s+500\s+1\.215\s+500\s+1\.495\s+500/);
  assert.match(appendix, /13\.670\s+5\.000/);

  const page1 = renderPage(pdf, 1);
  const diff = compareWithReference('plan-page-1.png', page1);
  assert.ok(diff < 0.002, `page 1 differs from the reference in ${(diff * 100).toFixed(2)}% of pixels`);
});

test('the pixel comparison notices a changed document (it is not vacuous)', { skip }, async () => {
  const changed = kienGiangReport();
  changed.number = '999/BC-UBND';
  changed.indicators[0].result = 12.3;
  const pdf = tmpFile('changed.pdf', await yearlyReportToPdf(changed));
  const diff = pixelDifference(renderPage(pdf, 1).image, decodePng(fs.readFileSync(path.join(REF, 'report-page-1.png'))));
  assert.ok(diff > 0, `a changed number and result must show (${diff})`);
  // a layout change (a title that wraps onto one more line shifts the whole body) is far above the tolerance
  const shifted = kienGiangReport();
  shifted.plan.title += ' và các chương trình, đề án liên quan đến trẻ em của tỉnh';
  const pdf2 = tmpFile('shifted.pdf', await yearlyReportToPdf(shifted));
  assert.ok(pixelDifference(renderPage(pdf2, 1).image, decodePng(fs.readFileSync(path.join(REF, 'report-page-1.png')))) > 0.002);
  const plan = tmpFile('plan.pdf', await planToPdf(kienGiangPlan()));
  assert.ok(pixelDifference(renderPage(plan, 1).image, decodePng(fs.readFileSync(path.join(REF, 'report-page-1.png')))) > 0.02);
});
