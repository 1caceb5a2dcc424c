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
