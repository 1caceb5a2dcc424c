import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combine, figure, contribution, valueOf } from '../../../src/domain/reporting/aggregation.ts';

test('a ratio aggregates as Σ numerators ÷ Σ denominators, not as the average of the rates', () => {
  // a small commune with a high rate and a large one with a low rate
  const small = { numerator: 3, denominator: 100, value: null }; // 30‰
  const large = { numerator: 10, denominator: 2000, value: null }; // 5‰
  const f = combine('per_1000', [small, large]);
  assert.ok(Math.abs(f.value! - (13 / 2100) * 1000) < 1e-9); // ≈ 6,19‰
  assert.notEqual(f.value, (30 + 5) / 2); // the buggy average of rates would be 17.5‰
  assert.equal(f.numerator, 13);
  assert.equal(f.denominator, 2100);
  assert.equal(f.partial, false);
  assert.equal(f.coverage, 1);
});

test('percent and per 100,000 use their scale', () => {
  assert.equal(combine('percent', [{ numerator: 1, denominator: 4, value: null }]).value, 25);
  assert.equal(combine('per_100000', [{ numerator: 11, denominator: 2000, value: null }]).value, 550);
  assert.equal(valueOf('per_10000', { numerator: 1, denominator: 10000, value: null }), 1);
});

test('counts add; missing data is never zero and makes the figure partial', () => {
  const f = combine('count', [{ numerator: null, denominator: null, value: 4 }, null, { numerator: null, denominator: null, value: 0 }]);
  assert.equal(f.value, 4);
  assert.equal(f.reportingCount, 2);
  assert.equal(f.expectedCount, 3);
  assert.equal(f.partial, true);
  assert.equal(Math.round(f.coverage! * 1000), 667);
});

test('explicit unknown counts as not reported; nothing reported gives no value (not zero)', () => {
  const f = combine('percent', [{ numerator: null, denominator: null, value: null, unknown: true }, null]);
  assert.equal(f.value, null);
  assert.equal(f.reportingCount, 0);
  assert.equal(f.partial, true);
  assert.equal(f.coverage, 0);
});

test('booleans aggregate to the share of units answering yes', () => {
  const f = combine('boolean', [{ numerator: null, denominator: null, value: 1 }, { numerator: null, denominator: null, value: 0 }, { numerator: null, denominator: null, value: 1 }, { numerator: null, denominator: null, value: 1 }]);
  assert.equal(f.value, 75);
});

test('contributions subtract exactly (a returned report leaves no trace)', () => {
  const c = contribution('percent', { numerator: 5, denominator: 10, value: null });
  const sums = { numerator: 5, denominator: 10, reportingCount: 1, expectedCount: 2 };
  const after = { numerator: sums.numerator - c.numerator, denominator: sums.denominator - c.denominator, reportingCount: sums.reportingCount - c.reportingCount, expectedCount: 2 };
  const f = figure('percent', after);
  assert.equal(f.value, null);
  assert.equal(f.partial, true);
});
