/**
 * Budget execution, pure logic, on seed 001's Phụ lục 01 (Kế hoạch 107/KH-UBND, Kiên Giang: 7 activities ×
 * 2021–2030 × local / mobilised, 13.670 + 5.000 = 18.670 triệu đồng) and on nasty input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  activityKeys,
  buildExecution,
  executionRate,
  matchActivities,
  parseSource,
  periodSummary,
  planActivities,
  resolveActivity,
  sumOf,
  validateSpending,
  type PlannedLine,
  type SpendingInput,
} from '../../src/domain/budget/execution.ts';
import { seed001BudgetLines } from '../fixtures/documents/kien-giang.ts';

const lines: PlannedLine[] = seed001BudgetLines().lines.map((l) => ({ ...l, sourceLabel: l.source === 'local' ? 'Địa phương' : 'huy động, xã hội hóa' }));
const acts = planActivities(lines);
const stored = acts.map((a, i) => ({ ...a, id: 100 + i, leadAgencyId: null }));
const keyed = stored.map((a, i) => ({ ...a, key: activityKeys(acts)[i] }));
const years = Array.from({ length: 10 }, (_, i) => 2021 + i);

test('seed 001: planned totals of Phụ lục 01 (13.670 + 5.000 = 18.670); nothing spent is "no figure", not 0', () => {
  const t = buildExecution({ lines, stored, periodFrom: 2021, periodTo: 2030 });
  assert.equal(t.activities.length, 7);
  assert.deepEqual(t.years, years);
  assert.deepEqual(t.sources.map((s) => [s.key, s.label]), [['local', 'Địa phương'], ['mobilised', 'huy động, xã hội hóa']]);
  assert.equal(t.sourceTotals.local.planned, 13670);
  assert.equal(t.sourceTotals.mobilised.planned, 5000);
  assert.equal(t.total.planned, 18670);
  assert.equal(t.total.spent, null);
  assert.equal(t.total.rate, null);
  // printed column totals of the seed: 2021 975 / 500, 2025 1.495 / 500 (sơ kết), 2030 1.815 / 500
  assert.deepEqual([2021, 2025, 2030].map((y) => [t.yearTotals[y].local.planned, t.yearTotals[y].mobilised.planned]), [[975, 500], [1495, 500], [1815, 500]]);
  assert.equal(t.activities[0].bySource.local.planned, 3520);
  assert.equal(t.activities[0].cells[2021].local.planned, 0, 'activity 1 starts in 2022');
  assert.equal(t.activities[3].bySource.mobilised.planned, 5000);
  assert.deepEqual(t.activities.map((a) => a.key), ['1', '2', '3', '4', '5', '6', '7']);
});

test('spent beside planned: totals add the figures that exist, the rate is spent ÷ planned with one decimal', () => {
  const spending = [
    { activityId: 101, year: 2024, source: 'local', amount: 285, note: 'Giảm một đợt truyền thông', version: 1 },
    { activityId: 102, year: 2024, source: 'local', amount: 200, note: null, version: 1 },
    { activityId: 103, year: 2024, source: 'mobilised', amount: 620.5, note: null, version: 2 },
    { activityId: 100, year: 2024, source: 'local', amount: 0, note: 'Chưa triển khai mô hình cấp huyện', version: 1 },
  ];
  const t = buildExecution({ lines, stored, spending, periodFrom: 2021, periodTo: 2030 });
  const y = t.yearTotals[2024];
  assert.equal(y.local.planned, 1215);
  assert.equal(y.local.spent, 485, '285 + 200 + 0: an entered 0 counts, missing activities do not');
  assert.equal(y.local.reported, 3);
  assert.equal(y.local.rate, 39.9, '485 / 1.215 = 39,92%');
  assert.equal(y.mobilised.spent, 620.5);
  assert.equal(y.mobilised.rate, 124.1);
  assert.equal(y.all.planned, 1715);
  assert.equal(y.all.spent, 1105.5);
  assert.equal(t.activities[1].cells[2024].local.note, 'Giảm một đợt truyền thông');
  assert.equal(t.activities[1].cells[2024].local.version, 1);
  assert.equal(t.activities[1].cells[2023].local.spent, null);
  assert.equal(t.activities[1].cells[2023].local.version, 0);
  assert.equal(t.activities[4].total.spent, null, 'activity 5 has no figure at all');
  assert.equal(t.total.spent, 1105.5);
  // a yearly report (2024) and the mid-term review (2021–2025)
  const s2024 = periodSummary(t, 2024, 2024);
  assert.equal(s2024.rows.length, 6, 'activity 7 (sơ kết, tổng kết) has nothing planned in 2024');
  assert.equal(s2024.activitiesReported, 4);
  assert.deepEqual(s2024.rows[1], { no: '2', activity: s2024.rows[1].activity, planned: 300, spent: 285, rate: 95 });
  assert.deepEqual(s2024.bySource.map((s) => [s.source, s.planned, s.spent]), [['local', 1215, 485], ['mobilised', 500, 620.5]]);
  const mid = periodSummary(t, 2021, 2025);
  assert.equal(mid.total.planned, 975 + 1055 + 1135 + 1215 + 1495 + 2500);
  assert.equal(mid.total.spent, 1105.5);
});

test('executionRate: one decimal, null without a plan or without a figure', () => {
  assert.equal(executionRate(485, 500), 97);
  assert.equal(executionRate(1, 3), 33.3);
  assert.equal(executionRate(2, 3), 66.7);
  assert.equal(executionRate(0, 300), 0);
  assert.equal(executionRate(null, 300), null);
  assert.equal(executionRate(50, 0), null);
  assert.deepEqual(sumOf([]), { planned: 0, spent: null, rate: null, reported: 0, cells: 0 });
  // float noise does not leak into totals
  assert.equal(sumOf([{ planned: 0.1, spent: 0.1 }, { planned: 0.2, spent: 0.2 }]).spent, 0.3);
});

test('funding sources as people write them', () => {
  const cases: [string, string | null][] = [
    ['local', 'local'], ['Địa phương', 'local'], ['NSĐP', 'local'], ['Ngân sách tỉnh', 'local'], ['ngân sách xã', 'local'],
    ['central', 'central'], ['Trung ương', 'central'], ['NSTW', 'central'], ['Ngân sách Trung ương', 'central'],
    ['mobilised', 'mobilised'], ['mobilized', 'mobilised'], ['huy động, xã hội hóa', 'mobilised'], ['Xã hội hóa', 'mobilised'], ['XHH', 'mobilised'],
    ['other', 'other'], ['Khác', 'other'], ['nguồn khác', 'other'],
    ['ngân hàng', null], ['', null], ['local; drop table plan', null],
  ];
  for (const [text, expected] of cases) assert.equal(parseSource(text), expected, text);
  assert.equal(parseSource(3), null);
});

test('activities keep their identity when the plan is edited: reworded, renumbered, removed', () => {
  const s = [
    { id: 1, no: '1', name: 'Truyền thông', leadAgencyId: null },
    { id: 2, no: '2', name: 'Tập huấn cán bộ', leadAgencyId: 7 },
    { id: 3, no: '3', name: 'Kiểm tra, giám sát', leadAgencyId: null },
  ];
  const plan = [
    { no: '1', name: 'Truyền thông' }, // same
    { no: '2', name: 'Tập huấn, bồi dưỡng cán bộ' }, // reworded
    { no: '4', name: 'kiểm tra,  giám sát' }, // renumbered (and case/spacing)
    { no: '5', name: 'Hoạt động mới' },
  ];
  const m = matchActivities(plan, s);
  assert.deepEqual(m.matched.map((x) => x?.id ?? null), [1, 2, 3, null]);
  assert.deepEqual(m.renamed.map((r) => [r.id, r.no, r.name]), [[2, '2', 'Tập huấn, bồi dưỡng cán bộ'], [3, '4', 'kiểm tra,  giám sát']]);
  assert.deepEqual(m.orphans, []);
  // an activity dropped from the plan keeps its spending apart
  const t = buildExecution({ lines: [{ activityNo: '1', activity: 'Truyền thông', year: 2024, source: 'local', amount: 100 }], stored: s, spending: [{ activityId: 3, year: 2024, source: 'local', amount: 40, note: null, version: 1 }] });
  assert.deepEqual(t.activities.map((a) => [a.key, a.inPlan, a.total.planned, a.total.spent]), [['1', true, 100, null], ['removed-3', false, 0, 40]]);
  assert.equal(t.total.spent, 40);
});

test('keys and references: number, "1.", content, ambiguous numbers fall back to the content', () => {
  const withDup = [{ no: '1', name: 'A' }, { no: '1', name: 'B' }, { no: null, name: 'C' }];
  const keys = activityKeys(withDup);
  assert.deepEqual(keys, ['A', 'B', 'C']);
  const k = withDup.map((a, i) => ({ ...a, key: keys[i] }));
  assert.equal(resolveActivity('b', k), 1);
  assert.equal(resolveActivity('1', k), -1, 'ambiguous number');
  assert.equal(resolveActivity(2, keyed), 1);
  assert.equal(resolveActivity('2.', keyed), 1);
  assert.equal(resolveActivity(keyed[5].name.toUpperCase(), keyed), 5);
  assert.equal(resolveActivity('99', keyed), -1);
  assert.equal(resolveActivity({ $ne: null }, keyed), -1);
  assert.equal(resolveActivity(1.5, keyed), -1);
});

const ctx = {
  activities: keyed,
  years,
  currencyUnit: 'million_vnd' as const,
  planned: (i: number, y: number, s: string) => buildExecution({ lines, stored, periodFrom: 2021, periodTo: 2030 }).activities[i].cells[y][s].planned,
};

test('validateSpending accepts Vietnamese numbers and sources, and warns without blocking', () => {
  const r = validateSpending(
    [
      { activity: '2', year: 2024, source: 'Địa phương', amount: '285', note: '  Giảm một đợt  ' },
      { activity: 4, year: '2024', source: 'xã hội hóa', amount: '1.055,5' },
      { activity: '3', year: 2024, source: 'local', amount: '12,5' },
      { activity: '6', year: 2024, source: 'local', amount: 0 },
      { activity: '7', year: 2024, source: 'local', amount: 50 }, // nothing planned for activity 7 in 2024
      { activity: '5', year: 2024, source: 'local', amount: 300_000_000 }, // typed in đồng
      { activity: '1', year: 2024, source: 'local', amount: null, note: 'Chưa giải ngân', currencyUnit: 'triệu đồng' },
      { activity: '1', year: 2023, source: 'local', amount: '' },
    ],
    ctx,
  );
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.clean.map((c) => [c.activityIndex, c.year, c.source, c.amount, c.note]), [
    [1, 2024, 'local', 285, 'Giảm một đợt'],
    [3, 2024, 'mobilised', 1055.5, null],
    [2, 2024, 'local', 12.5, null],
    [5, 2024, 'local', 0, null],
    [6, 2024, 'local', 50, null],
    [4, 2024, 'local', 300_000_000, null],
    [0, 2024, 'local', null, 'Chưa giải ngân'],
    [0, 2023, 'local', null, null],
  ]);
  assert.deepEqual(r.warnings.map((w) => [w.index, w.code]), [[1, 'over_plan'], [4, 'unplanned'], [5, 'unit_suspect']]);
  assert.match(r.warnings[0].vi, /vượt dự toán: thực hiện 1\.055,5, dự toán 500 \(211,1%\)/);
  assert.match(r.warnings[2].vi, /không phải đồng/);
});

test('validateSpending refuses nasty input with a bilingual message per entry', () => {
  const bad: [SpendingInput, string, RegExp][] = [
    [{ activity: '2', year: 2024, source: 'local', amount: -5 }, 'negative_amount', /không được âm/],
    [{ activity: '2', year: 2024, source: 'local', amount: 'ba trăm' }, 'not_a_number', /"ba trăm" không phải là số/],
    [{ activity: '2', year: 2024, source: 'local', amount: '300 triệu' }, 'not_a_number', /không phải là số/],
    [{ activity: '2', year: 2024, source: 'local', amount: '1e5' }, 'not_a_number', /không phải là số/],
    [{ activity: '2', year: 2024, source: 'local', amount: Number.NaN }, 'not_a_number', /không phải là số/],
    [{ activity: '2', year: 2024, source: 'local', amount: Number.POSITIVE_INFINITY }, 'not_a_number', /không phải là số/],
    [{ activity: '2', year: 2024, source: 'local', amount: true }, 'not_a_number', /không phải là số/],
    [{ activity: '2', year: 2024, source: 'local', amount: { value: 3 } }, 'not_a_number', /không phải là số/],
    [{ activity: '2', year: 2024, source: 'local', amount: 12.3456 }, 'too_many_decimals', /quá 3 chữ số thập phân/],
    [{ activity: '2', year: 2024, source: 'local', amount: 2e9 }, 'amount_too_large', /quá lớn/],
    [{ activity: '99', year: 2024, source: 'local', amount: 5 }, 'unknown_activity', /không có hoạt động "99"/],
    [{ activity: null, year: 2024, source: 'local', amount: 5 }, 'activity_required', /thiếu hoạt động/],
    [{ activity: '2', year: 2031, source: 'local', amount: 5 }, 'year_outside_plan', /năm 2031 nằm ngoài giai đoạn của kế hoạch \(2021–2030\)/],
    [{ activity: '2', year: 2020, source: 'local', amount: 5 }, 'year_outside_plan', /ngoài giai đoạn/],
    [{ activity: '2', year: 2024.5, source: 'local', amount: 5 }, 'invalid_year', /không hợp lệ/],
    [{ activity: '2', year: 'năm ngoái', source: 'local', amount: 5 }, 'invalid_year', /không hợp lệ/],
    [{ activity: '2', year: 2024, source: 'ngân hàng', amount: 5 }, 'unknown_source', /nguồn kinh phí "ngân hàng" không có/],
    [{ activity: '2', year: 2024, source: undefined, amount: 5 }, 'source_required', /thiếu nguồn/],
    [{ activity: '2', year: 2024, source: 'local', amount: 5, currencyUnit: 'đồng' }, 'wrong_currency_unit', /khác đơn vị của bảng kinh phí \(triệu đồng\)/],
    [{ activity: '2', year: 2024, source: 'local', amount: 5, currencyUnit: 'USD' }, 'wrong_currency_unit', /quy đổi sang triệu đồng/],
    [{ activity: '2', year: 2024, source: 'local', amount: 5, note: 'x'.repeat(2001) }, 'note_too_long', /tối đa 2\.000/],
    [{ activity: '2', year: 2024, source: 'local', amount: 5, note: 42 }, 'invalid_note', /văn bản/],
    [{ activity: '2', year: 2024, source: 'local', amount: 5, version: -1 }, 'invalid_version', /phiên bản/],
  ];
  for (const [input, code, message] of bad) {
    const r = validateSpending([input], ctx);
    assert.equal(r.clean.length, 0, `${code}: nothing clean`);
    assert.equal(r.errors[0]?.code, code, JSON.stringify(input).slice(0, 80));
    assert.match(r.errors[0].vi, message);
    assert.ok(r.errors[0].en.length > 10 && !/không|được|nguồn|hoạt động/.test(r.errors[0].en.replace(/"[^"]*"/g, '')), `English message for ${code}: ${r.errors[0].en}`);
  }
  // every bad entry is reported, not only the first; the same cell twice is refused
  const many = validateSpending([
    { activity: '2', year: 2024, source: 'local', amount: 'abc' },
    { activity: '2', year: 2024, source: 'local', amount: 5 },
    { activity: '2.', year: '2024', source: 'Địa phương', amount: 6 },
    { activity: '77', year: 2099, source: '??', amount: -1 },
    null as unknown as SpendingInput,
  ], ctx);
  assert.deepEqual(many.errors.map((e) => [e.index, e.code]), [[0, 'not_a_number'], [2, 'duplicate_cell'], [3, 'unknown_activity'], [3, 'year_outside_plan'], [3, 'unknown_source'], [3, 'negative_amount'], [4, 'invalid_row']]);
  assert.match(many.errors[1].vi, /được nhập hai lần \(cùng với mục 2\)/);
});
