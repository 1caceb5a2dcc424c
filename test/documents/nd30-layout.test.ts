/**
 * NĐ 30/2020/NĐ-CP, Phụ lục I, and the points of issue #19.11, pinned on the generated documents'
 * XML and text (checked by eye in LibreOffice: DOCX → PDF → PNG).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { planToDocx, yearlyReportToDocx, yearlyReportToPdf } from '../../src/documents/index.ts';
import { fitColumns, longestToken, textWidth } from '../../src/documents/fit.ts';
import { budgetTableBlock, documentReference, indicatorTableBlock, reportDocument, reportTitle } from '../../src/domain/documents/compose.ts';
import { targetCell, wholeCountBound } from '../../src/domain/documents/wording.ts';
import { NATIONAL_MOTTO, ND30 } from '../../src/domain/documents/official.ts';
import { HEADER_LEFT_SHARE, PAGE_NUMBER_PT } from '../../src/documents/docx/render.ts';
import { kienGiangPlan, kienGiangReport } from '../fixtures/documents/kien-giang.ts';

async function parts(buf: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(buf);
  const out: Record<string, string> = {};
  for (const name of Object.keys(zip.files)) if (/\.(xml|rels)$/.test(name)) out[name] = await zip.file(name)!.async('string');
  return out;
}
const twipToMm = (t: number) => (t / 1440) * 25.4;

test('page numbers: top centre, 13–14 pt, upright, not on the first page; each appendix numbered on its own', async () => {
  const p = await parts(await planToDocx(kienGiangPlan()));
  const doc = p['word/document.xml'];
  const sections = [...doc.matchAll(/<w:sectPr[\s\S]*?<\/w:sectPr>/g)].map((m) => m[0]);
  assert.equal(sections.length, 2, 'the text and its appendix');
  for (const s of sections) {
    assert.match(s, /<w:titlePg\/>/, 'a different first page: no number on it');
    assert.match(s, /<w:pgNumType w:start="1"\/>/);
    const def = /<w:headerReference w:type="default" r:id="(rId\d+)"\/>/.exec(s)!;
    const rels = p['word/_rels/document.xml.rels'];
    const file = new RegExp(`Id="${def[1]}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${def[1]}"`).exec(rels)![1];
    const header = p[`word/${file}`];
    assert.match(header, /<w:jc w:val="center"\/>/);
    assert.match(header, /PAGE/);
    const size = Number(/<w:sz w:val="(\d+)"\/>/.exec(header)![1]) / 2;
    assert.ok(size >= 13 && size <= 14, `page number ${size} pt`);
    assert.ok(!/<w:i\/>/.test(header), 'upright');
  }
  assert.equal(PAGE_NUMBER_PT, 13);
});

test('margins of every section, appendix pages included, within the decree: top/bottom 20–25, left 30–35, right 15–20 mm', async () => {
  const doc = (await parts(await planToDocx(kienGiangPlan())))['word/document.xml'];
  const margins = [...doc.matchAll(/<w:pgMar w:top="(\d+)" w:right="(\d+)" w:bottom="(\d+)" w:left="(\d+)"/g)];
  assert.equal(margins.length, 2);
  for (const m of margins) {
    const [top, right, bottom, left] = m.slice(1).map(Number).map(twipToMm);
    assert.ok(top >= 19.9 && top <= 25.1, `top ${top}`);
    assert.ok(bottom >= 19.9 && bottom <= 25.1, `bottom ${bottom}`);
    assert.ok(left >= 29.9 && left <= 35.1, `left ${left}`);
    assert.ok(right >= 14.9 && right <= 20.1, `right ${right}`);
  }
});

test('"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" fits its column on one line at the decree’s 13 pt', async () => {
  const doc = (await parts(await yearlyReportToDocx(kienGiangReport())))['word/document.xml'];
  const grid = /<w:tblGrid><w:gridCol w:w="(\d+)"\/><w:gridCol w:w="(\d+)"\/><\/w:tblGrid>/.exec(doc)!;
  const rightPt = Number(grid[2]) / 20;
  const needPt = textWidth(NATIONAL_MOTTO, ND30.pt.motto, true);
  assert.ok(needPt < rightPt - 6, `the motto needs ${needPt.toFixed(1)} pt, its column has ${rightPt.toFixed(1)} pt`);
  assert.ok(HEADER_LEFT_SHARE < 0.4);
});

test('the short rules under the issuer and under the title stand clear of the text (4 pt above them)', async () => {
  const doc = (await parts(await yearlyReportToDocx(kienGiangReport())))['word/document.xml'];
  const rules = [...doc.matchAll(/<w:p>(?:(?!<\/w:p>).)*?<w:pBdr><w:top [^>]*\/><\/w:pBdr>(?:(?!<\/w:p>).)*?<\/w:p>/gs)].map((m) => m[0]);
  assert.equal(rules.length, 2, 'one under the issuer, one under the title');
  for (const r of rules) assert.ok(Number(/w:before="(\d+)"/.exec(r)?.[1] ?? 0) >= 80, r);
});

test('never "Kế hoạch Kế hoạch" nor "ngày 07/01/2021 về Quyết định."', async () => {
  const r = kienGiangReport();
  r.plan = { number: '15/KH-UBND', title: 'Kế hoạch hành động vì trẻ em giai đoạn 2021-2030', date: '2021-03-01' };
  const text = JSON.stringify(reportDocument(r));
  assert.ok(!/Kế hoạch Kế hoạch/i.test(text), 'Kế hoạch Kế hoạch');
  assert.equal(reportTitle(r), 'Kết quả thực hiện Kế hoạch hành động vì trẻ em giai đoạn 2021-2030 năm 2024');
  assert.equal(documentReference({ number: '23/QĐ-TTg', date: '2021-01-07', title: 'Quyết định' }), 'Quyết định số 23/QĐ-TTg ngày 07/01/2021');
  assert.equal(documentReference({ number: '23/QĐ-TTg', date: '2021-01-07', issuer: 'Thủ tướng Chính phủ', title: 'Chương trình hành động quốc gia vì trẻ em giai đoạn 2021 - 2030' }),
    'Quyết định số 23/QĐ-TTg ngày 07/01/2021 của Thủ tướng Chính phủ về Chương trình hành động quốc gia vì trẻ em giai đoạn 2021 - 2030');
  assert.equal(documentReference({ number: '23/QĐ-TTg', date: '2021-01-07', title: 'phê duyệt Chương trình hành động quốc gia vì trẻ em' }), 'Quyết định số 23/QĐ-TTg ngày 07/01/2021 phê duyệt Chương trình hành động quốc gia vì trẻ em');
  const plan = kienGiangPlan();
  plan.implements = [{ number: '23/QĐ-TTg', date: '2021-01-07', issuer: 'Thủ tướng Chính phủ', title: 'Quyết định' } as never];
  const { value } = await mammoth.extractRawText({ buffer: await planToDocx(plan) });
  assert.ok(!/về Quyết định\./.test(value) && value.includes('Thực hiện Quyết định số 23/QĐ-TTg ngày 07/01/2021 của Thủ tướng Chính phủ.'), value.slice(0, 600));
  // a report on the national programme names the decision
  const national = kienGiangReport();
  national.plan = { number: '23/QĐ-TTg', title: 'Chương trình hành động quốc gia vì trẻ em giai đoạn 2021 - 2030', date: '2021-01-07' };
  assert.match(JSON.stringify(reportDocument(national)), /Thực hiện Quyết định số 23\/QĐ-TTg ngày 07\/01\/2021 về Chương trình hành động quốc gia/);
  assert.ok(!JSON.stringify(reportDocument(national)).includes('Kế hoạch Chương trình'));
});

test('a report without narrative still has "Nơi nhận:" and the signature block, in DOCX and PDF', async () => {
  const r = { ...kienGiangReport(), narrative: [] };
  const { value } = await mammoth.extractRawText({ buffer: await yearlyReportToDocx(r) });
  for (const s of ['Nơi nhận:', 'TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Nguyễn Lưu Trung', 'Lưu: VT.']) assert.ok(value.includes(s), s);
  const pdf = await yearlyReportToPdf(r);
  assert.ok(pdf.length > 1000);
});

test('numbers and headers never break inside a table cell: every column holds its longest word or number', () => {
  const plan = kienGiangPlan();
  const tables = [indicatorTableBlock(kienGiangReport()), budgetTableBlock(plan.budget!)];
  for (const [t, width] of [[tables[0], 165], [tables[1], 297 - 30 - 15]] as const) {
    const totalPt = (width * 72) / 25.4;
    const fitted = fitColumns(t, totalPt, 3, t.fontSize ?? ND30.pt.table);
    assert.ok(Math.abs(fitted.widths.reduce((a, b) => a + b, 0) - totalPt) < 1, 'the table keeps its width');
    for (const row of [...t.header, ...t.rows]) {
      let c = 0;
      for (const cell of row) {
        const span = cell.colSpan ?? 1;
        if (span === 1) {
          const need = longestToken(cell.text, fitted.fontSize, true, !!cell.italic) + 6;
          assert.ok(need <= fitted.widths[c] + 0.5, `"${cell.text}" needs ${need.toFixed(1)} pt in a column of ${fitted.widths[c].toFixed(1)} pt`);
        }
        c += span;
      }
    }
  }
  // "≤ 550/100.000" and "610/100.000" stay whole; "Địa phương" is two words, each whole
  assert.ok(longestToken('≤ 550/100.000', 12) > textWidth('550/100.000', 12));
});

test('count targets are whole numbers: "< 2,712" is "< 3"', () => {
  const t = (comparator: string, value: number) => ({ measure: 'x', year: 2025, comparator, value, valueMax: null, unit: 'count', base: null, group: null, relative: null, note: null }) as never;
  assert.equal(targetCell(t('<', 2.712)), '< 3');
  assert.equal(targetCell(t('>=', 4.2)), '≥ 5');
  assert.equal(targetCell(t('<=', 4.6)), '≤ 4');
  assert.equal(targetCell(t('>', 2.3)), '> 2');
  assert.equal(wholeCountBound(7, '<'), 7);
  assert.equal(targetCell({ ...(t('<', 2.712) as object), unit: 'percent' } as never), '< 2,71%', 'a rate keeps its decimals');
});
