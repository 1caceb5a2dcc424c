import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PERIOD_TYPES, isoDuration, parseIsoInterval, parsePeriod, periodCode, periodCount, periodOfDate, periodsOfYear, toIsoInterval, type PeriodType } from '../../src/domain/period.ts';

// Expected ranges are DHIS2's own: dhis2-core DateUnitPeriodTypeParser / *PeriodType and the test cases of
// dhis2/multi-calendar-dates (createFixedPeriodFromPeriodId, gregorian).
const DHIS2_CASES: Array<[string, PeriodType, string, string]> = [
  ['2023', 'Yearly', '2023-01-01', '2023-12-31'],
  ['2023April', 'FinancialApril', '2023-04-01', '2024-03-31'],
  ['2023July', 'FinancialJuly', '2023-07-01', '2024-06-30'],
  ['2023Oct', 'FinancialOct', '2023-10-01', '2024-09-30'],
  ['2024Nov', 'FinancialNov', '2023-11-01', '2024-10-31'],
  ['2024Feb', 'FinancialFeb', '2024-02-01', '2025-01-31'],
  ['2024Aug', 'FinancialAug', '2024-08-01', '2025-07-31'],
  ['2024Sep', 'FinancialSep', '2024-09-01', '2025-08-31'],
  ['202301', 'Monthly', '2023-01-01', '2023-01-31'],
  ['202402', 'Monthly', '2024-02-01', '2024-02-29'],
  ['202302B', 'BiMonthly', '2023-03-01', '2023-04-30'],
  ['202401B', 'BiMonthly', '2024-01-01', '2024-02-29'],
  ['202406B', 'BiMonthly', '2024-11-01', '2024-12-31'],
  ['2023Q1', 'Quarterly', '2023-01-01', '2023-03-31'],
  ['2024Q4', 'Quarterly', '2024-10-01', '2024-12-31'],
  ['2024NovQ1', 'QuarterlyNov', '2023-11-01', '2024-01-31'],
  ['2024NovQ2', 'QuarterlyNov', '2024-02-01', '2024-04-30'],
  ['2024NovQ4', 'QuarterlyNov', '2024-08-01', '2024-10-31'],
  ['2024S1', 'SixMonthly', '2024-01-01', '2024-06-30'],
  ['2024S2', 'SixMonthly', '2024-07-01', '2024-12-31'],
  ['2023AprilS1', 'SixMonthlyApril', '2023-04-01', '2023-09-30'],
  ['2023AprilS2', 'SixMonthlyApril', '2023-10-01', '2024-03-31'],
  ['2024NovS1', 'SixMonthlyNov', '2023-11-01', '2024-04-30'],
  ['2024NovS2', 'SixMonthlyNov', '2024-05-01', '2024-10-31'],
  ['2023W1', 'Weekly', '2023-01-02', '2023-01-08'],
  ['2024W3', 'Weekly', '2024-01-15', '2024-01-21'],
  ['2020W53', 'Weekly', '2020-12-28', '2021-01-03'],
  ['2021W1', 'Weekly', '2021-01-04', '2021-01-10'],
  ['2023BiW1', 'BiWeekly', '2023-01-02', '2023-01-15'],
  ['2024BiW1', 'BiWeekly', '2024-01-01', '2024-01-14'],
  ['2023WedW1', 'WeeklyWednesday', '2023-01-04', '2023-01-10'],
  ['2023ThuW1', 'WeeklyThursday', '2022-12-29', '2023-01-04'],
  ['2023SatW1', 'WeeklySaturday', '2022-12-31', '2023-01-06'],
  ['2023SunW1', 'WeeklySunday', '2023-01-01', '2023-01-07'],
  ['2024WedW1', 'WeeklyWednesday', '2024-01-03', '2024-01-09'],
  ['2024ThuW1', 'WeeklyThursday', '2024-01-04', '2024-01-10'],
  ['2024SatW1', 'WeeklySaturday', '2023-12-30', '2024-01-05'],
  ['2024SunW1', 'WeeklySunday', '2023-12-31', '2024-01-06'],
  ['20240115', 'Daily', '2024-01-15', '2024-01-15'],
  ['20230101', 'Daily', '2023-01-01', '2023-01-01'],
  ['20240229', 'Daily', '2024-02-29', '2024-02-29'],
];

test('parsePeriod gives DHIS2 date ranges for every period type', () => {
  for (const [code, type, start, end] of DHIS2_CASES) {
    const p = parsePeriod(code);
    assert.ok(p, code);
    assert.deepEqual({ code: p.code, type: p.type, start: p.start, end: p.end }, { code, type, start, end }, code);
    assert.equal(p.year, Number(code.slice(0, 4)), code);
    assert.equal(periodCode(p.type, p.year, p.index), code, `periodCode round trip of ${code}`);
  }
  // every type appears in the cases
  for (const t of PERIOD_TYPES) if (t !== 'WeeklyFriday') assert.ok(DHIS2_CASES.some((c) => c[1] === t), t);
});

test('DHIS2 alternative spellings are read and given their canonical code', () => {
  assert.equal(parsePeriod('2024-01-15')?.code, '20240115');
  assert.equal(parsePeriod('2024-01')?.code, '202401');
  assert.equal(parsePeriod('2024W01')?.code, '2024W1');
  assert.equal(parsePeriod('2024WedW05')?.code, '2024WedW5');
});

test('codes that name no period are null, never a wrong range', () => {
  for (const bad of ['', '202', '20245', '2024W0', '2024W53', '2021W53', '2020W54', '2024Q0', '2024Q5', '2024S3', '202413', '202400', '202407B', '202400B',
    '20230229', '20241301', '20240132', '2024BiW28', '2023BiW27', '2024NovQ5', '2024AprilS3', '2024NovS0', '2024Mar', '2024june', '2024q1', ' 2024', '2024 ',
    '0999', '2024Q1x', 'abcd', '2024-1-15', '2024-02-30', '99999', '2024W1\n']) {
    assert.equal(parsePeriod(bad), null, JSON.stringify(bad));
  }
  assert.equal(parsePeriod(42 as unknown as string), null);
});

test('periodsOfYear tiles each year without gaps or overlaps (calendar-year types)', () => {
  for (const type of ['Daily', 'Monthly', 'BiMonthly', 'Quarterly', 'SixMonthly', 'Yearly'] as const) {
    for (const year of [2023, 2024]) {
      const ps = periodsOfYear(type, year);
      assert.equal(ps[0].start, `${year}-01-01`, type);
      assert.equal(ps[ps.length - 1].end, `${year}-12-31`, type);
      for (let i = 1; i < ps.length; i++) assert.equal(dayAfter(ps[i - 1].end), ps[i].start, `${type} ${ps[i].code}`);
    }
  }
  assert.equal(periodsOfYear('Daily', 2024).length, 366);
  assert.equal(periodsOfYear('Daily', 2023).length, 365);
  assert.deepEqual(periodsOfYear('Quarterly', 2024).map((p) => p.code), ['2024Q1', '2024Q2', '2024Q3', '2024Q4']);
  assert.deepEqual(periodsOfYear('BiMonthly', 2024).map((p) => p.code), ['202401B', '202402B', '202403B', '202404B', '202405B', '202406B']);
  assert.deepEqual(periodsOfYear('QuarterlyNov', 2024).map((p) => p.start), ['2023-11-01', '2024-02-01', '2024-05-01', '2024-08-01']);
  assert.deepEqual(periodsOfYear('FinancialApril', 2024).map((p) => p.code), ['2024April']);
  assert.deepEqual(periodsOfYear('Yearly', 123), []);
});

test('weeks: 52 or 53 a year, consecutive across years, each of 7 days starting on its weekday', () => {
  assert.equal(periodCount('Weekly', 2020), 53);
  assert.equal(periodCount('Weekly', 2021), 52);
  assert.equal(periodCount('Weekly', 2026), 53);
  assert.equal(periodCount('BiWeekly', 2020), 27);
  assert.equal(periodCount('BiWeekly', 2021), 26);
  const firstDay: Record<string, number> = { Weekly: 1, WeeklyWednesday: 3, WeeklyThursday: 4, WeeklyFriday: 5, WeeklySaturday: 6, WeeklySunday: 0 };
  for (const [type, dow] of Object.entries(firstDay) as Array<[PeriodType, number]>) {
    for (let year = 2015; year <= 2030; year++) {
      const ps = periodsOfYear(type, year);
      assert.ok(ps.length === 52 || ps.length === 53, `${type} ${year}`);
      for (const p of ps) {
        assert.equal(new Date(p.start + 'T00:00:00Z').getUTCDay(), dow, p.code);
        assert.equal(daysBetween(p.start, p.end), 6, p.code);
        // week 1 holds 4 January
        if (p.index === 1) assert.ok(p.start <= `${year}-01-04` && `${year}-01-04` <= p.end, p.code);
      }
      const next = periodsOfYear(type, year + 1)[0];
      assert.equal(dayAfter(ps[ps.length - 1].end), next.start, `${type} ${year} → ${year + 1}`);
    }
  }
  // ISO weeks agree with the well-known ISO calendar: 2026-12-31 is in 2026W53, 2027-01-01 too
  assert.equal(periodOfDate('Weekly', '2027-01-01')?.code, '2026W53');
  assert.equal(periodOfDate('Weekly', '2024-12-30')?.code, '2025W1');
});

test('periodOfDate finds the period holding a day, across year boundaries', () => {
  assert.equal(periodOfDate('QuarterlyNov', '2023-12-15')?.code, '2024NovQ1');
  assert.equal(periodOfDate('SixMonthlyNov', '2024-10-31')?.code, '2024NovS2');
  assert.equal(periodOfDate('SixMonthlyApril', '2024-02-01')?.code, '2023AprilS2');
  assert.equal(periodOfDate('FinancialNov', '2024-11-01')?.code, '2025Nov');
  assert.equal(periodOfDate('FinancialJuly', '2024-06-30')?.code, '2023July');
  assert.equal(periodOfDate('Daily', '2024-12-31')?.code, '20241231');
  assert.equal(periodOfDate('BiMonthly', '2024-04-30')?.code, '202402B');
  assert.equal(periodOfDate('Monthly', '2024-02-30'), null);
  // every day of 2024 lies in exactly the period periodOfDate returns, for every type
  for (const type of PERIOD_TYPES) {
    for (let d = Date.UTC(2024, 0, 1); d <= Date.UTC(2024, 11, 31); d += 86400000 * 5) {
      const iso = new Date(d).toISOString().slice(0, 10);
      const p = periodOfDate(type, iso);
      assert.ok(p && p.start <= iso && iso <= p.end, `${type} ${iso}`);
      assert.deepEqual(parsePeriod(p.code), p);
    }
  }
});

test('ADX start/duration form converts both ways for every type', () => {
  assert.equal(isoDuration('Yearly'), 'P1Y');
  assert.equal(isoDuration('BiWeekly'), 'P14D');
  assert.equal(parseIsoInterval('2024-01-01/P1Y')?.code, '2024');
  assert.equal(parseIsoInterval('2024-04-01/P1Y')?.code, '2024April');
  assert.equal(parseIsoInterval('2023-11-01/P1Y')?.code, '2024Nov');
  assert.equal(parseIsoInterval('2024-04-01/P3M')?.code, '2024Q2');
  assert.equal(parseIsoInterval('2023-11-01/P3M')?.code, '2024NovQ1');
  assert.equal(parseIsoInterval('2015-06-01/P1M')?.code, '201506');
  assert.equal(parseIsoInterval('2024-01-03/P7D')?.code, '2024WedW1');
  assert.equal(parseIsoInterval('2024-01-15/P1W')?.code, '2024W3');
  assert.equal(parseIsoInterval('2024-01-02/P1M'), null, 'a month must start on the 1st');
  assert.equal(parseIsoInterval('2024-03-01/P3M'), null, 'no quarter starts in March');
  assert.equal(parseIsoInterval('2024-02-30/P1D'), null);
  assert.equal(parseIsoInterval('2024-01-01/P5Y'), null);
  assert.equal(parseIsoInterval('2024-01-01'), null);
  for (const type of PERIOD_TYPES) {
    for (const p of periodsOfYear(type, 2024).slice(0, 3)) {
      const back = parseIsoInterval(toIsoInterval(p));
      // two types may share a start and duration (Yearly and a financial year never do; Weekly types never do)
      assert.ok(back && back.start === p.start && back.end === p.end, `${p.code} → ${toIsoInterval(p)}`);
    }
  }
});

test('periodCode refuses periods that do not exist', () => {
  assert.equal(periodCode('Weekly', 2020, 53), '2020W53');
  assert.throws(() => periodCode('Weekly', 2021, 53), RangeError);
  assert.throws(() => periodCode('Quarterly', 2024, 0), RangeError);
  assert.throws(() => periodCode('Monthly', 2024, 1.5), RangeError);
  assert.equal(periodCode('Monthly', 2024, 1), '202401');
  assert.equal(periodCode('SixMonthlyApril', 2024, 2), '2024AprilS2');
  assert.equal(periodCode('Daily', 2024, 60), '20240229');
});

function dayAfter(iso: string): string {
  return new Date(Date.parse(iso + 'T00:00:00Z') + 86400000).toISOString().slice(0, 10);
}
function daysBetween(a: string, b: string): number {
  return (Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86400000;
}
