import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePeriodRules } from '../../src/importer/period-rules.ts';

const brief = (s: string) => parsePeriodRules(s).map((r) => [r.period, r.due?.day, r.due?.month, r.dueInPeriod]);

test('six-monthly and yearly deadlines in one sentence (the issue\'s example)', () => {
  assert.deepEqual(brief('Các sở, ban, ngành báo cáo 6 tháng trước ngày 15/6 và báo cáo năm trước ngày 15/11 gửi Sở Lao động - Thương binh và Xã hội.'), [['sixmonthly', 15, 6, null], ['yearly', 15, 11, null]]);
});

test('quarterly and monthly deadlines relative to the period', () => {
  assert.deepEqual(brief('UBND cấp xã báo cáo tình hình trẻ em có hoàn cảnh đặc biệt hằng quý, trước ngày 15 của tháng cuối quý.'), [['quarterly', 15, null, 'last_month']]);
  assert.deepEqual(brief('Báo cáo tháng về công tác bảo vệ trẻ em gửi trước ngày 05 của tháng sau.'), [['monthly', 5, null, 'next_month']]);
  assert.deepEqual(brief('Định kỳ hằng tháng, trước ngày 20 của tháng cuối kỳ, các xã gửi số liệu.'), [['monthly', 20, null, 'last_month']]);
});

test('a yearly rule as the importer already reads it; no deadline, nothing; impossible dates left out', () => {
  assert.deepEqual(brief('Định kỳ hằng năm báo cáo kết quả thực hiện về UBND tỉnh trước ngày 01/11.'), [['yearly', 1, 11, null]]);
  assert.deepEqual(brief('Sơ kết 6 tháng đầu năm trước ngày 10/7'), [['sixmonthly', 10, 7, null]]);
  assert.deepEqual(brief('Các đơn vị báo cáo định kỳ theo quy định.'), []);
  assert.deepEqual(brief('báo cáo năm trước ngày 45/13'), []);
});

// the plan importer reads them (issue #16: "the importer reads such rules from plan text")
import { parsePlanText } from '../../src/importer/index.ts';
import { importToPlanInput } from '../../src/importer/to-plan.ts';
import { PlanDocumentInputSchema } from '../../src/domain/plan-document.ts';
import fs from 'node:fs';

const PLAN = (reportingSection: string) => `ỦY BAN NHÂN DÂN
TỈNH THANH HÓA
Số: 12/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Thanh Hóa, ngày 10 tháng 01 năm 2025
KẾ HOẠCH
Thực hiện công tác bảo vệ trẻ em năm 2025
I. MỤC TIÊU
1. Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin đạt 95%.
II. TỔ CHỨC THỰC HIỆN
${reportingSection}
`;

test('the plan importer turns "báo cáo 6 tháng trước ngày 15/6 và báo cáo năm trước ngày 15/11" into a six-monthly and a yearly rule', () => {
  const result = parsePlanText(PLAN('1. Các sở, ban, ngành báo cáo 6 tháng trước ngày 15/6 và báo cáo năm trước ngày 15/11 gửi Sở Y tế để tổng hợp.'));
  assert.deepEqual(result.reporting.map((r) => [r.period, r.due.day, r.due.month, r.dueInPeriod]), [['sixmonthly', 15, 6, null], ['yearly', 15, 11, null]]);
  const { plan } = importToPlanInput(result);
  const parsed = PlanDocumentInputSchema.parse(plan);
  assert.deepEqual(parsed.reporting.map((r) => [r.period, r.due?.day, r.due?.month]), [['sixmonthly', 15, 6], ['yearly', 15, 11]]);
});

test('the plan importer reads a deadline within each quarter; a one-off dated report stays a one-off', () => {
  const result = parsePlanText(PLAN('1. UBND cấp xã báo cáo tình hình trẻ em có hoàn cảnh đặc biệt hằng quý, trước ngày 15 của tháng cuối quý.\n2. Sở Y tế báo cáo kết quả trước ngày 15/12/2025.'));
  const quarterly = result.reporting.find((r) => r.period === 'quarterly');
  assert.ok(quarterly, 'the quarterly rule is read');
  assert.equal(quarterly.dueInPeriod, 'last_month');
  assert.equal(quarterly.due.day, 15);
  const once = result.reporting.find((r) => r.due.year === 2025);
  assert.ok(once);
  assert.equal(once.recurrence, 'once');
  assert.equal(once.period, 'yearly');
  const parsed = PlanDocumentInputSchema.parse(importToPlanInput(result).plan);
  assert.ok(parsed.reporting.some((r) => r.period === 'quarterly' && r.dueInPeriod === 'last_month'));
});

test('the five seeds keep exactly their yearly and one-off rules (none of them names a shorter period)', () => {
  const seeds = fs.readdirSync('../shared/seeds').filter((f) => f.endsWith('.txt')).sort();
  const rules = seeds.map((f) => parsePlanText(fs.readFileSync(`../shared/seeds/${f}`, 'utf8')).reporting);
  assert.deepEqual(rules.map((r) => r.length), [1, 0, 4, 1, 1]);
  for (const r of rules.flat()) {
    assert.equal(r.period, 'yearly', r.text);
    assert.equal(r.dueInPeriod, null, r.text);
  }
  assert.deepEqual(rules[0].map((r) => [r.due.day, r.due.month, r.recurrence]), [[1, 11, 'yearly']]);
  assert.deepEqual(rules[2].map((r) => r.recurrence), ['once', 'once', 'once', 'once']);
});
