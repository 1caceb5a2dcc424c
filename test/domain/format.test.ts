import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDateVi, formatNumberVi, formatRateVi, formatTarget } from '../../src/domain/format.ts';

test('Vietnamese number format: dot groups thousands, comma is the decimal mark', () => {
  assert.equal(formatNumberVi(18670), '18.670');
  assert.equal(formatNumberVi(0.4), '0,4');
  assert.equal(formatNumberVi(1055), '1.055');
  assert.equal(formatNumberVi(-1234567.5), '-1.234.567,5');
  assert.equal(formatNumberVi(63.6363), '63,64');
});

test('rates carry their unit', () => {
  assert.equal(formatRateVi(0.4, 'per_1000'), '0,4‰');
  assert.equal(formatRateVi(550, 'per_100000'), '550/100.000');
  assert.equal(formatRateVi(1, 'per_10000'), '1/10.000');
  assert.equal(formatRateVi(95.5, 'percent'), '95,5%');
  assert.equal(formatRateVi(null, 'percent'), '—');
});

test('dates as DD/MM/YYYY, partial dates stay partial', () => {
  assert.equal(formatDateVi('2025-11-01'), '01/11/2025');
  assert.equal(formatDateVi('2023-05'), '05/2023');
});

test('targets read as officers write them', () => {
  assert.equal(formatTarget({ comparator: '<', value: 9.5, unit: 'per_1000' }), '< 9,5‰');
  assert.equal(formatTarget({ comparator: '>=', value: 75, unit: 'percent' }), '≥ 75%');
  assert.equal(formatTarget({ comparator: 'range', value: 3, valueMax: 5, unit: 'percent' }), '3–5%');
  assert.equal(formatTarget({ comparator: 'maintain', value: 100, unit: 'percent' }), 'duy trì 100%');
  assert.equal(formatTarget({ comparator: 'zero', value: null, unit: 'count' }), 'không có');
  assert.equal(formatTarget({ comparator: '<', value: 5, unit: 'percent', group: 'rural' }), '< 5% (nông thôn)');
  assert.equal(
    formatTarget({ comparator: '<', value: null, unit: 'count', relative: { change: 'decrease', by: 2, byMax: 3, byUnit: 'percent', baselineYear: 2025, perYear: true } }),
    'giảm 2–3%/năm',
  );
  assert.equal(
    formatTarget({ comparator: '<', value: null, unit: 'percent', relative: { change: 'decrease', by: 5, byUnit: 'percent', baselineYear: 2020, perYear: false } }),
    'giảm 5% so với năm 2020',
  );
});

test('one parser for typed and filed numbers: Vietnamese grouping, a plain decimal dot, nothing ambiguous', async () => {
  const { parseNumber, parseNumberVi } = await import('../../src/domain/format.ts');
  for (const [text, n] of [['18.670', 18670], ['0,4', 0.4], ['1.234,5', 1234.5], ['1.000.000,25', 1000000.25], ['12', 12], ['0.4', 0.4], ['18.5', 18.5], [' 18 670 ', 18670], ['-0,4', -0.4], ['1234.567', 1234.567]] as const) {
    assert.equal(parseNumber(text), n, text);
    assert.equal(parseNumberVi(text), n, text);
  }
  // dots that do not group thousands, English grouping, stray separators: not a number (was 1234,5 and 1,2345 when typed)
  for (const text of ['12.34,5', '1,234.5', '1,2,3', '1.', ',5', '-', '', 'abc', '+5', '12abc']) {
    assert.equal(parseNumber(text), null, text);
    assert.equal(parseNumberVi(text), null, text);
  }
  // a figure from a table or a file may carry its unit sign; a typed one may not
  assert.deepEqual([parseNumberVi('75%'), parseNumberVi('9,5‰'), parseNumberVi('5 %'), parseNumberVi('%')], [75, 9.5, 5, null]);
  assert.equal(parseNumber('75%'), null);
});

test('negative zero is written "0", groups are named in Vietnamese', async () => {
  const { formatNumberVi, formatRateVi, groupVi } = await import('../../src/domain/format.ts');
  assert.equal(formatNumberVi(-0.001), '0');
  assert.equal(formatRateVi(-0.0001, 'percent'), '0%');
  assert.equal(formatRateVi(-2.5, 'per_1000'), '-2,5‰');
  assert.deepEqual(['rural', 'urban', 'male', 'female', 'ethnic_minority'].map(groupVi), ['nông thôn', 'thành thị', 'nam', 'nữ', 'ethnic_minority']);
  assert.equal(formatTarget({ comparator: '>=', value: 90, unit: 'percent', group: 'female' }), '≥ 90% (nữ)');
});
