import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatComparator, formatDate, formatDue, formatNumber, formatRate, formatRelative, parseDate, parseNumber } from '../../src/domain/format.ts';
import { NATIONAL_TARGETS } from '../../src/domain/catalogue/national-programme.ts';

test('formatNumber groups thousands with a dot and marks decimals with a comma', () => {
  assert.equal(formatNumber(18670), '18.670');
  assert.equal(formatNumber(1055), '1.055');
  assert.equal(formatNumber(1234567.5), '1.234.567,5');
  assert.equal(formatNumber(0.4), '0,4');
  assert.equal(formatNumber(0.71), '0,71');
  assert.equal(formatNumber(999), '999');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(-1234.5), '-1.234,5');
  assert.equal(formatNumber(-0.0001), '0', 'no negative zero');
  assert.equal(formatNumber(1, 1), '1,0');
  assert.equal(formatNumber(2.345, 2), '2,35');
  assert.equal(formatNumber(0.1 + 0.2), '0,3', 'float noise is rounded away');
  assert.equal(formatNumber(null), '—');
  assert.equal(formatNumber(Number.NaN), '—');
  assert.equal(formatNumber(18670.5, undefined, 'en'), '18,670.5');
});

test('parseNumber reads Vietnamese input', () => {
  assert.equal(parseNumber('18.670'), 18670);
  assert.equal(parseNumber('0,4'), 0.4);
  assert.equal(parseNumber('1.055,5'), 1055.5);
  assert.equal(parseNumber(' 95 '), 95);
  assert.equal(parseNumber('18.5'), 18.5, 'a dot with one or two digits is a decimal');
  assert.equal(parseNumber(''), null);
  assert.equal(parseNumber('abc'), null);
  assert.equal(parseNumber('1,2,3'), null);
});

test('formatRate writes each unit as the plans do', () => {
  assert.equal(formatRate(95.5, 'percent'), '95,5%');
  assert.equal(formatRate(0.4, 'per_1000'), '0,4‰');
  assert.equal(formatRate(1, 'per_10000'), '1,0/10.000');
  assert.equal(formatRate(0.35, 'per_10000'), '0,35/10.000');
  assert.equal(formatRate(550, 'per_100000'), '550/100.000');
  assert.equal(formatRate(18670, 'count'), '18.670');
  assert.equal(formatRate(1, 'boolean'), 'Có');
  assert.equal(formatRate(false, 'boolean'), 'Không');
  assert.equal(formatRate(true, 'boolean', 'en'), 'Yes');
  assert.equal(formatRate(null, 'percent'), '—');
  assert.equal(formatRate(550, 'per_100000', 'en'), '550/100,000');
});

test('formatDate and parseDate use day/month/year', () => {
  assert.equal(formatDate('2025-11-01'), '01/11/2025');
  assert.equal(formatDate('2021-05-18T10:00:00.000Z'), '18/05/2021');
  assert.equal(formatDate(null), '—');
  assert.equal(formatDate('tháng 5 năm 2023'), 'tháng 5 năm 2023', 'free text is kept');
  assert.equal(parseDate('01/11/2025'), '2025-11-01');
  assert.equal(parseDate('1/2/2021'), '2021-02-01');
  assert.equal(parseDate('31/02/2021'), null, 'no 31 February');
  assert.equal(parseDate('2021-02-03'), '2021-02-03');
  assert.equal(parseDate('hôm qua'), null);
});

test('formatDue: yearly and one-off deadlines', () => {
  assert.equal(formatDue({ day: 1, month: 11 }, 'yearly'), '01/11 hằng năm');
  assert.equal(formatDue({ day: 1, month: 11 }, 'yearly', 'en'), '01/11 every year');
  assert.equal(formatDue({ day: 20, month: 10, year: 2014 }, 'once'), '20/10/2014');
});

test('formatComparator renders targets', () => {
  assert.equal(formatComparator({ comparator: '<', value: 9.5, unit: 'per_1000' }), '< 9,5‰');
  assert.equal(formatComparator({ comparator: '>=', value: 75, unit: 'percent' }), '≥ 75%');
  assert.equal(formatComparator({ comparator: '<=', value: 1, unit: 'per_10000' }), '≤ 1,0/10.000');
  assert.equal(formatComparator({ comparator: '>', value: 95, unit: 'percent' }), '> 95%');
  assert.equal(formatComparator({ comparator: '=', value: 98, unit: 'percent' }), '98%');
  assert.equal(formatComparator({ comparator: 'range', value: 3, valueMax: 5, unit: 'percent' }), '3–5%');
  assert.equal(formatComparator({ comparator: 'maintain', value: 100, unit: 'percent' }), 'duy trì 100%');
  assert.equal(formatComparator({ comparator: 'maintain', value: null, unit: 'percent' }), 'duy trì');
  assert.equal(formatComparator({ comparator: 'zero', value: null, unit: 'count' }), 'không có');
  assert.equal(formatComparator({ comparator: 'zero', value: null, unit: 'count' }, 'en'), 'none');
  assert.equal(formatComparator({ comparator: '<', value: null, unit: 'percent' }), '—');
  assert.equal(
    formatComparator({ comparator: '<', value: null, unit: 'percent', relative: { change: 'decrease', by: 5, byUnit: 'percent', baselineYear: 2020, perYear: false } }),
    'giảm 5% so với 2020',
  );
  assert.equal(
    formatComparator({ comparator: '<', value: null, unit: 'percent', relative: { change: 'decrease', by: 2, byMax: 3, byUnit: 'percent', baselineYear: null, perYear: true } }),
    'giảm 2–3%/năm',
  );
  assert.equal(formatRelative({ change: 'increase', by: 1.5, byUnit: 'points', baselineYear: null, perYear: false }), 'tăng 1,5 điểm %');
  assert.equal(formatRelative({ change: 'decrease', by: 5, byUnit: 'percent', baselineYear: 2020, perYear: false }, 'en'), 'decrease 5% from 2020');
});

test('every national target formats to something readable', () => {
  assert.ok(NATIONAL_TARGETS.length > 0);
  for (const target of NATIONAL_TARGETS) {
    const text = formatComparator(target);
    assert.ok(text.length > 0 && text !== '—', `target ${target.measure}/${target.year} formats: ${text}`);
    assert.ok(!/\d\.\d{1,2}(?!\d)/.test(text.replace(/\/\d{1,3}(\.\d{3})+/, '')), `no decimal point in ${text}`);
  }
  const neonatal = NATIONAL_TARGETS.find((t) => t.measure === '3a' && t.year === 2025);
  assert.ok(neonatal);
  assert.equal(formatComparator(neonatal), '< 9,5‰');
  const injuries = NATIONAL_TARGETS.find((t) => t.measure === '11a' && t.year === 2025)!;
  assert.equal(formatComparator(injuries), '≤ 550/100.000');
});

test('formatFigure: a computed figure has one decimal for rates, thousands dots for counts (no "63,799%")', async () => {
  const { formatFigure, formatShare, formatNumberVi } = await import('../../src/domain/format.ts');
  assert.equal(formatFigure(63.7992, 'percent'), '63,8%');
  assert.equal(formatFigure(100, 'percent'), '100,0%');
  assert.equal(formatFigure(6.1935, 'per_1000'), '6,2‰');
  assert.equal(formatFigure(561.234, 'per_100000'), '561,2/100.000');
  assert.equal(formatFigure(1.04, 'per_10000'), '1,0/10.000');
  assert.equal(formatFigure(18670, 'count'), '18.670');
  assert.equal(formatFigure(2.5, 'count'), '2,5');
  assert.equal(formatFigure(1, 'boolean'), 'Có');
  assert.equal(formatFigure(null, 'percent'), '—');
  assert.equal(formatFigure(63.7992, 'percent', 'en'), '63.8%');
  assert.equal(formatShare(0.63799), '63,8%');
  assert.equal(formatShare(null), '—');
  // the older server helpers are the same formatter underneath
  assert.equal(formatNumberVi(10, 0), '10');
  assert.equal(formatNumberVi(63.6363), '63,64');
  assert.equal(formatNumberVi(1200.5, 1), '1.200,5');
  assert.equal(formatNumberVi(Number.NaN), '');
});
