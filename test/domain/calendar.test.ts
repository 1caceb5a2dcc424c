import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lunarToSolar, tet } from '../../src/domain/calendar/lunar.ts';
import { statutoryHolidays, workingDayPredicate, workingDaysDeadline, yearCalendar } from '../../src/domain/calendar/holidays.ts';

test('Tết Nguyên đán computed at UTC+7 matches the known dates, including years where China differs', () => {
  assert.equal(tet(2025), '2025-01-29');
  assert.equal(tet(2026), '2026-02-17');
  assert.equal(tet(2024), '2024-02-10');
  assert.equal(tet(2023), '2023-01-22');
  // the Vietnamese calendar (UTC+7) against the Chinese (UTC+8): 21/01/1985 not 20/02; 17/02/2007 not 18/02
  assert.equal(tet(1985), '1985-01-21');
  assert.equal(tet(2007), '2007-02-17');
});

test('Giỗ Tổ Hùng Vương is the 10th day of the 3rd lunar month', () => {
  assert.equal(lunarToSolar(10, 3, 2024), '2024-04-18');
  assert.equal(lunarToSolar(10, 3, 2025), '2025-04-07');
  assert.equal(lunarToSolar(10, 3, 2026), '2026-04-26');
  assert.equal(lunarToSolar(1, 6, 2025, true), '2025-07-25', 'the leap 6th month of Ất Tỵ');
  assert.equal(lunarToSolar(1, 5, 2025, true), null, '2025 has no leap 5th month');
});

test('Bộ luật Lao động 2019 Điều 112.1: 11 days a year — 1/1, 5 days of Tết, 10/3 âm lịch, 30/4, 1/5, 2/9 and a day beside it', () => {
  for (const year of [2024, 2025, 2026, 2027]) {
    const own = statutoryHolidays(year).filter((h) => h.basis.startsWith('Bộ luật Lao động 2019, Điều 112.1'));
    assert.equal(own.length, 11, `${year}`);
  }
  const y2025 = statutoryHolidays(2025).map((h) => h.date);
  for (const d of ['2025-01-01', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-04-07', '2025-04-30', '2025-05-01', '2025-09-02'])
    assert.ok(y2025.includes(d), d);
  // 2/9/2025 is a Tuesday: the adjacent day is Monday 1/9 (as the Prime Minister fixed it)
  assert.ok(y2025.includes('2025-09-01'));
  // mùng 4 Tết 2025 is a Saturday: made up on Monday 3/2 (Điều 111.3)
  assert.ok(y2025.includes('2025-02-03'));
  // Giỗ Tổ 2026 is a Sunday: made up on Monday 27/4
  assert.ok(statutoryHolidays(2026).some((h) => h.date === '2026-04-27' && h.basis.includes('Điều 111.3')));
});

test('an administrator corrects the year: a day off added, a computed day worked, a Saturday worked', () => {
  const cal = yearCalendar(2026, [
    { date: '2026-02-13', kind: 'day_off', nameVi: 'Nghỉ Tết theo thông báo' },
    { date: '2026-09-01', kind: 'working_day', nameVi: null },
    { date: '2026-02-28', kind: 'working_day', nameVi: 'Làm bù' },
  ]);
  const days = cal.holidays.map((h) => h.date);
  assert.ok(days.includes('2026-02-13'));
  assert.ok(!days.includes('2026-09-01'));
  assert.deepEqual(cal.workedWeekendDays, ['2026-02-28']);
  const isWorking = workingDayPredicate([{ date: '2026-02-28', kind: 'working_day', nameVi: null }]);
  assert.equal(isWorking('2026-02-28'), true);
  assert.equal(isWorking('2026-02-17'), false);
  assert.equal(isWorking('2026-03-01'), false);
});

test('Nghị định 56/2017 Điều 28.1 "trong thời hạn 05 ngày làm việc": counted as days, skipping weekends and Tết', () => {
  const isWorking = workingDayPredicate([]);
  // an assessment on Friday 13/02/2026: Tết from 16/02 to 20/02, so the 5th working day is Friday 27/02, until 24:00
  const due = workingDaysDeadline(new Date('2026-02-13T09:00:00+07:00'), 5, isWorking);
  assert.equal(due.toISOString(), '2026-02-27T17:00:00.000Z');
  // an assessment on Wednesday 03/12/2025 at 23:00: Thursday 4 … Wednesday 10/12, 24:00
  assert.equal(workingDaysDeadline(new Date('2025-12-03T23:00:00+07:00'), 5, isWorking).toISOString(), '2025-12-10T17:00:00.000Z');
  // a weekend inside the period is legal: done on Monday 08/12 is in time
  const mondayDone = new Date('2025-12-08T10:00:00+07:00');
  assert.ok(mondayDone < workingDaysDeadline(new Date('2025-12-03T23:00:00+07:00'), 5, isWorking));
  // 30/4 and 1/5/2026 (Thursday, Friday) are skipped
  assert.equal(workingDaysDeadline(new Date('2026-04-28T08:00:00+07:00'), 2, isWorking).toISOString(), '2026-05-04T17:00:00.000Z');
});
