import { test } from 'node:test';
import assert from 'node:assert/strict';
import mammoth from 'mammoth';
import JSZip from 'jszip';
import { planToDocx, yearlyReportToDocx } from '../../src/documents/index.ts';
import { kienGiangPlan, kienGiangReport } from '../fixtures/documents/kien-giang.ts';

async function documentXml(buf: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(buf);
  return zip.file('word/document.xml')!.async('string');
}

test('the plan as DOCX reads back with the decree header, numbered indicators, recipients and signature', async () => {
  const buf = await planToDocx(kienGiangPlan());
  const { value: text } = await mammoth.extractRawText({ buffer: buf });
  for (const s of ['ỦY BAN NHÂN DÂN', 'TỈNH KIÊN GIANG', 'Số: 107/KH-UBND', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Kiên Giang, ngày 18 tháng 5 năm 2021', 'KẾ HOẠCH', 'Nơi nhận:', 'TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Nguyễn Lưu Trung', 'Phụ lục 01', 'Đvt: triệu đồng'])
    assert.ok(text.includes(s), `missing "${s}"`);
  assert.match(text, /Chỉ tiêu 1: Tỷ lệ xã, phường, thị trấn[^\n]* đạt 75% vào năm 2025 và 85% vào năm 2030\./);
  assert.match(text, /Chỉ tiêu 9: [^\n]*giảm 5% so với năm 2020 vào năm 2025/);
  for (let i = 1; i <= 24; i++) assert.ok(text.includes(`Chỉ tiêu ${i}:`), `indicator ${i}`);
  // sections in order
  const order = ['I. TÌNH HÌNH', 'II. MỤC TIÊU', 'III. NHIỆM VỤ VÀ GIẢI PHÁP', 'IV. KINH PHÍ THỰC HIỆN', 'V. TỔ CHỨC THỰC HIỆN', 'VI. CHẾ ĐỘ BÁO CÁO'].map((s) => text.indexOf(s));
  assert.ok(order.every((p, i) => p > 0 && (i === 0 || p > order[i - 1])), `section order ${order}`);
  assert.ok(text.includes('Dự kiến kinh phí thực hiện Kế hoạch giai đoạn 2021-2030 là 18.670 triệu đồng'));
  // the budget appendix: totals as printed in seed 001
  assert.ok(text.includes('13.670') && text.includes('5.000'));

  const xml = await documentXml(buf);
  assert.ok(xml.includes('w:ascii="Times New Roman"'), 'Times New Roman');
  assert.ok(!/w:ascii="(?!Times New Roman)[^"]+"/.test(xml), 'no other font');
  // A4 portrait then the landscape appendix; margins 20/20/30/15 mm
  assert.ok(/<w:pgSz w:w="11905" w:h="16837" w:orient="portrait"\/>/.test(xml), '/<w:pgSz w:w="11905" w:h="16837" w:orient="portrait"\\/>/');
  assert.ok(/<w:pgSz w:w="16837" w:h="11905" w:orient="landscape"\/>/.test(xml), '/<w:pgSz w:w="16837" w:h="11905" w:orient="landscape"\\/>/');
  assert.ok(/<w:pgMar w:top="1133" w:right="850" w:bottom="1133" w:left="1700"/.test(xml), '/<w:pgMar w:top="1133" w:right="850" w:bottom="1133" w:left=');
  // body text 14 pt, "Nơi nhận" 12 pt bold italic, recipients 11 pt
  assert.ok(/<w:b\/><w:bCs\/><w:i\/><w:iCs\/><w:sz w:val="24"\/>(?:(?!<w:t).)*<w:t xml:space="preserve">Nơi nhận:<\/w:t>/s.test(xml), '/<w:b\\/><w:bCs\\/><w:i\\/><w:iCs\\/>.*?<w:sz w:val="24"\\/>.*?<w');
  assert.ok(/<w:sz w:val="22"\/>(?:(?!<w:t).)*<w:t xml:space="preserve">- VPCP \(A\+B\);<\/w:t>/s.test(xml), '/<w:sz w:val="22"\\/>(?:(?!<w:t).)*<w:t xml:space="preserve">');
  // national slogan underlined
  assert.ok(/<w:u w:val="single"\/>(?:(?!<w:t).)*<w:t xml:space="preserve">Độc lập - Tự do - Hạnh phúc<\/w:t>/s.test(xml), '/<w:u w:val="single"\\/>(?:(?!<w:t).)*<w:t xml:space="preserv');
});

test('the yearly report as DOCX has the indicator table, completeness, budget and the narrative', async () => {
  const buf = await yearlyReportToDocx(kienGiangReport());
  const { value: html } = await mammoth.convertToHtml({ buffer: buf });
  assert.ok(html.includes('<strong>BÁO CÁO</strong>'));
  assert.ok(html.includes('Số: 215/BC-UBND'));
  assert.ok(html.includes('Kết quả thực hiện Kế hoạch Hành động vì trẻ em trên địa bàn tỉnh Kiên Giang, giai đoạn 2021-2030 năm 2024'));
  // indicator table: header then rows with baseline, targets, result and status
  const tables = html.match(/<table>.*?<\/table>/gs) ?? [];
  assert.equal(tables.length, 5, 'header, indicators, completeness, budget, closing');
  const ind = tables[1];
  for (const h of ['Chỉ tiêu', 'Giá trị cơ sở', 'Mục tiêu 2025', 'Mục tiêu 2030', 'Kết quả 2024', 'Đánh giá']) assert.ok(ind.includes(h), h);
  assert.match(ind, /<td><p>1<\/p><\/td><td><p>Tỷ lệ xã, phường, thị trấn phù hợp với trẻ em<\/p><\/td><td><p>68,5% \(2020\)<\/p><\/td><td><p>≥ 75%<\/p><\/td><td><p>≥ 85%<\/p><\/td><td><p>76,2%<\/p><\/td><td><p>Đạt<\/p><\/td>/);
  assert.match(ind, /<td><p>3a<\/p><\/td>.*?<td><p>&lt; 9,5‰<\/p><\/td>/s);
  assert.match(ind, /Chưa có số liệu/);
  assert.ok(html.includes('Tỷ lệ báo cáo đầy đủ: 66,7%; tỷ lệ báo cáo đúng hạn: 33,3%.'));
  assert.ok(html.includes('Kinh phí dự toán: 500 triệu đồng; đã thực hiện: 485 triệu đồng (đạt 97%).'));
  assert.ok(html.includes('IV. ĐÁNH GIÁ CHUNG') && html.includes('V. KIẾN NGHỊ, ĐỀ XUẤT'));
  assert.ok(html.includes('Tuy nhiên, tỷ suất trẻ em bị tai nạn thương tích còn cao.'));
});

test('mid-term and final reviews get their own titles; a draft without number or date leaves blanks to fill', async () => {
  const mid = kienGiangReport('midterm', 2025);
  const final = { ...kienGiangReport('final', 2030), number: null, date: null };
  const midText = (await mammoth.extractRawText({ buffer: await yearlyReportToDocx(mid) })).value;
  const finalText = (await mammoth.extractRawText({ buffer: await yearlyReportToDocx(final) })).value;
  assert.ok(midText.includes('Sơ kết giữa kỳ thực hiện Kế hoạch Hành động vì trẻ em'));
  assert.ok(finalText.includes('Tổng kết thực hiện Kế hoạch Hành động vì trẻ em'));
  assert.match(finalText, /Số:\s+\/BC-UBND/);
  assert.match(finalText, /Kiên Giang, ngày\s+tháng\s+năm 20/);
});

test('text with XML special characters and long words does not break the DOCX', async () => {
  const r = kienGiangReport();
  r.narrative = [{ title: 'Ghi chú <đặc biệt> & "trích dẫn"', text: 'A & B < C > D "E" \'F\'' }];
  const { value } = await mammoth.extractRawText({ buffer: await yearlyReportToDocx(r) });
  assert.ok(value.includes('GHI CHÚ <ĐẶC BIỆT> & "TRÍCH DẪN"'));
  assert.ok(value.includes('A & B < C > D "E" \'F\''));
});
