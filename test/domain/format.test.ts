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
