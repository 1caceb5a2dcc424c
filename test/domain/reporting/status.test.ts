import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateStatus, trajectoryPoint, resolveTarget, relativeValue } from '../../../src/domain/reporting/status.ts';
import { NATIONAL_TARGETS } from '../../../src/domain/catalogue/national-programme.ts';

const targetsOf = (code: string, group: string | null = null) => NATIONAL_TARGETS.filter((t) => t.measure === code && (t.group ?? null) === group).map((t) => ({ year: t.year, comparator: t.comparator, value: t.value, valueMax: t.valueMax ?? null, relative: t.relative ?? null }));

test('Kiên Giang indicator 3a (< 9,5‰ in 2025): direction-aware milestone judgement', () => {
  const t = targetsOf('3a');
  assert.equal(evaluateStatus({ year: 2025, value: 9.2, direction: 'decrease', targets: t }).status, 'achieved');
  assert.equal(evaluateStatus({ year: 2025, value: 9.5, direction: 'decrease', targets: t }).status, 'off_track'); // strict <
  assert.equal(evaluateStatus({ year: 2025, value: 11, direction: 'decrease', targets: t }).status, 'off_track');
});

test('trajectory from the baseline to 2025 and 2030 is linear and judges years in between', () => {
  const t = targetsOf('3a');
  const baseline = { year: 2020, value: 12 };
  // 2023: 12 → 9.5 over 5 years: expected 10.5
  const r = evaluateStatus({ year: 2023, value: 10.4, direction: 'decrease', targets: t, baseline });
  assert.equal(r.expected, 10.5);
  assert.equal(r.status, 'on_track');
  assert.equal(evaluateStatus({ year: 2023, value: 11.0, direction: 'decrease', targets: t, baseline }).status, 'at_risk');
  assert.equal(evaluateStatus({ year: 2023, value: 11.2, direction: 'decrease', targets: t, baseline }).status, 'off_track');
  assert.equal(evaluateStatus({ year: 2023, value: 12.5, direction: 'decrease', targets: t, baseline }).status, 'off_track');
  assert.equal(evaluateStatus({ year: 2023, value: 9.1, direction: 'decrease', targets: t, baseline }).status, 'achieved');
  // between 2025 and 2030: 9.5 → 9
  assert.equal(trajectoryPoint(2027, t.map((x) => resolveTarget(x, 'decrease', baseline, undefined)!), baseline), 9.3);
});

test('increasing indicators: higher is better', () => {
  const t = targetsOf('14'); // ≥ 98,5% in 2025
  const baseline = { year: 2020, value: 96 };
  assert.equal(evaluateStatus({ year: 2022, value: 97.5, direction: 'increase', targets: t, baseline }).status, 'on_track');
  assert.equal(evaluateStatus({ year: 2022, value: 90, direction: 'increase', targets: t, baseline }).status, 'off_track');
  assert.equal(evaluateStatus({ year: 2022, value: null, direction: 'increase', targets: t, baseline }).status, 'no_data');
});

test('maintain (indicator 7: maintain 100% in 2030) and zero targets', () => {
  const t = targetsOf('7');
  assert.equal(evaluateStatus({ year: 2028, value: 100, direction: 'increase', targets: t }).status, 'achieved');
  assert.equal(evaluateStatus({ year: 2030, value: 99, direction: 'increase', targets: t }).status, 'off_track');
  const zero = [{ year: 2030, comparator: 'zero' as const, value: null }];
  assert.equal(evaluateStatus({ year: 2030, value: 0, direction: 'eliminate', targets: zero }).status, 'achieved');
  assert.equal(evaluateStatus({ year: 2030, value: 2, direction: 'eliminate', targets: zero }).status, 'off_track');
});

test('relative target against a baseline year (Kiên Giang 9: −5% vs 2020 by 2025)', () => {
  const t = [{ year: 2025, comparator: '<=' as const, value: null, relative: { change: 'decrease' as const, by: 5, byUnit: 'percent' as const, baselineYear: 2020, perYear: false } }];
  const values: Record<number, number> = { 2020: 4 };
  const valueForYear = (y: number) => values[y] ?? null;
  // 4 × 0.95 = 3.8
  assert.equal(evaluateStatus({ year: 2025, value: 3.7, direction: 'decrease', targets: t, valueForYear }).status, 'achieved');
  assert.equal(evaluateStatus({ year: 2025, value: 3.9, direction: 'decrease', targets: t, valueForYear }).status, 'off_track');
  // without the 2020 value the target cannot be resolved: reported as no target, never as achieved
  assert.equal(evaluateStatus({ year: 2025, value: 3.7, direction: 'decrease', targets: t }).status, 'no_target');
});

test('per-year rate (indicator 13: child marriages −2–3% a year from 2025) compounds', () => {
  const t = targetsOf('13');
  const valueForYear = (y: number) => (y === 2025 ? 100 : null);
  assert.ok(Math.abs(relativeValue(t[0].relative!, 100, 2) - 96.04) < 1e-9);
  const r = evaluateStatus({ year: 2027, value: 97, direction: 'decrease', targets: t, valueForYear });
  assert.ok(Math.abs(r.expected! - 96.04) < 1e-9);
  assert.equal(r.status, 'at_risk');
  assert.equal(evaluateStatus({ year: 2027, value: 95, direction: 'decrease', targets: t, valueForYear }).status, 'on_track');
  assert.equal(evaluateStatus({ year: 2027, value: 90, direction: 'decrease', targets: t, valueForYear }).status, 'achieved');
  assert.equal(evaluateStatus({ year: 2030, value: 95, direction: 'decrease', targets: t, valueForYear }).status, 'off_track'); // 100 × 0.98^5 ≈ 90.4
});

test('range targets: inside is good', () => {
  const t = [{ year: 2025, comparator: 'range' as const, value: 2, valueMax: 3 }];
  assert.equal(evaluateStatus({ year: 2025, value: 2.5, direction: 'maintain', targets: t }).status, 'achieved');
  assert.equal(evaluateStatus({ year: 2025, value: 3.5, direction: 'maintain', targets: t }).status, 'off_track');
});
