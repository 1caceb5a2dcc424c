import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPlan, convertRate, formatNumberVi, resolveRelative, targetBound, type CheckIndicator, type CheckTarget } from '../../src/domain/plan-check.ts';

const mortality = { code: '3a', unit: 'per_1000' as const, direction: 'decrease' as const };
const coverage = { code: '1', unit: 'percent' as const, direction: 'increase' as const };
const injuries = { code: '11a', unit: 'per_100000' as const, direction: 'decrease' as const };
const ind = (key: string, measure: typeof mortality | typeof coverage | typeof injuries, targets: CheckTarget[], baselines: CheckIndicator['baselines'] = []): CheckIndicator => ({ key, label: key, measures: [measure], targets, baselines });
const T = (measure: string, year: number, comparator: CheckTarget['comparator'], value: number | null, extra: Partial<CheckTarget> = {}): CheckTarget => ({ measure, year, comparator, value, ...extra });
const status = (parent: CheckTarget, local: CheckTarget, m: typeof mortality | typeof coverage | typeof injuries = mortality) =>
  checkPlan({ indicators: [ind('k', m, [parent])] }, { indicators: [ind('k', m, [local])] }).comparisons[0].status;

test('decreasing measures: a ceiling; strict beats non-strict at the same value', () => {
  assert.equal(status(T('3a', 2025, '<', 9.5), T('3a', 2025, '<', 9)), 'stricter');
  assert.equal(status(T('3a', 2025, '<', 9.5), T('3a', 2025, '<', 10)), 'laxer');
  assert.equal(status(T('3a', 2025, '<', 9.5), T('3a', 2025, '<=', 9.5)), 'laxer');
  assert.equal(status(T('3a', 2025, '<=', 9.5), T('3a', 2025, '<', 9.5)), 'stricter');
  assert.equal(status(T('3a', 2025, '<', 9.5), T('3a', 2025, '<', 9.5)), 'equal');
  assert.equal(status(T('3a', 2025, '<', 9.5), T('3a', 2025, 'zero', null)), 'stricter');
});

test('increasing measures: a floor; ranges count by their lower end, maintain by its value', () => {
  assert.equal(status(T('1', 2025, '>=', 65), T('1', 2025, '>=', 75), coverage), 'stricter');
  assert.equal(status(T('1', 2025, '>=', 65), T('1', 2025, 'range', 60, { valueMax: 70 }), coverage), 'laxer');
  assert.equal(status(T('1', 2025, 'range', 70, { valueMax: 80 }), T('1', 2025, '>=', 70), coverage), 'equal');
  assert.equal(status(T('1', 2030, 'maintain', 100), T('1', 2030, '>=', 100), coverage), 'equal');
  assert.equal(status(T('1', 2030, 'maintain', null), T('1', 2030, 'maintain', null), coverage), 'equal');
  assert.equal(status(T('1', 2030, '>=', 50), T('1', 2030, 'zero', null), coverage), 'laxer');
  // a ceiling stated for an increasing measure cannot be compared
  assert.equal(status(T('1', 2030, '>=', 50), T('1', 2030, '<', 60), coverage), 'not_comparable');
});

test('ranges on decreasing measures count by their upper end', () => {
  assert.equal(status(T('3a', 2025, '<=', 5), T('3a', 2025, 'range', 3, { valueMax: 5 })), 'equal');
  assert.equal(status(T('3a', 2025, '<=', 4), T('3a', 2025, 'range', 3, { valueMax: 5 })), 'laxer');
});

test('rates stated in another unit are converted (per 10,000 vs per 100,000; percent vs ‰)', () => {
  assert.equal(convertRate(1, 'per_10000', 'per_100000'), 10);
  assert.equal(convertRate(0.5, 'percent', 'per_1000'), 5);
  assert.equal(convertRate(3, 'count', 'percent'), null);
  assert.equal(status(T('11a', 2025, '<=', 550), T('11a', 2025, '<=', 1, { unit: 'per_10000' }), injuries), 'stricter');
  assert.equal(status(T('11a', 2025, '<=', 5), T('11a', 2025, '<=', 1, { unit: 'per_10000' }), injuries), 'laxer');
  assert.equal(status(T('11a', 2025, '<=', 10), T('11a', 2025, '<=', 1, { unit: 'per_10000' }), injuries), 'equal');
});

test('relative targets: resolved with a baseline, compared with each other without one', () => {
  const rel = (by: number, extra: Partial<NonNullable<CheckTarget['relative']>> = {}) => ({ change: 'decrease' as const, by, byMax: null, byUnit: 'percent' as const, baselineYear: 2020, perYear: false, ...extra });
  assert.equal(resolveRelative(T('3a', 2025, '<=', null, { relative: rel(5) }), [{ measure: '3a', year: 2020, value: 10 }]), 9.5);
  // yearly: 2% a year from 2025 to 2030 → × 0,98^5
  assert.ok(Math.abs(resolveRelative(T('3a', 2030, '<=', null, { relative: rel(2, { perYear: true, baselineYear: 2025 }) }), [{ measure: '3a', year: 2025, value: 100 }])! - 100 * 0.98 ** 5) < 1e-9);
  assert.equal(resolveRelative(T('3a', 2025, '<=', null, { relative: rel(5) }), []), null);
  assert.equal(status(T('3a', 2025, '<=', null, { relative: rel(5) }), T('3a', 2025, '<=', null, { relative: rel(4) })), 'laxer');
  assert.equal(status(T('3a', 2025, '<=', null, { relative: rel(2, { byMax: 3 }) }), T('3a', 2025, '<=', null, { relative: rel(2, { byMax: 3 }) })), 'equal');
  assert.equal(status(T('3a', 2025, '<=', null, { relative: rel(5) }), T('3a', 2025, '<=', null, { relative: rel(5, { perYear: true }) })), 'not_comparable');
  const withBase = checkPlan(
    { indicators: [ind('k', mortality, [T('3a', 2025, '<', 9.6)])] },
    { indicators: [ind('k', mortality, [T('3a', 2025, '<=', null, { relative: rel(5) })], [{ measure: '3a', year: 2020, value: 10 }])] },
  );
  assert.equal(withBase.comparisons[0].status, 'stricter'); // 9,5 against < 9,6
  assert.equal(bound(T('3a', 2025, '<=', null, { relative: rel(5) }))?.value, undefined);
});
const bound = (t: CheckTarget) => targetBound(t, mortality) ?? undefined;

test('missing indicators, measures, years; groups fall back to a general local target', () => {
  const parent = {
    indicators: [
      { key: 'c:4', label: '4', measures: [{ code: '4a', unit: 'percent' as const, direction: 'decrease' as const }, { code: '4c', unit: 'percent' as const, direction: 'decrease' as const }], targets: [T('4a', 2025, '<', 9), T('4a', 2030, '<', 6), T('4c', 2025, '<', 5, { group: 'rural' })] },
      { key: 'c:6', label: '6', measures: [{ code: '6', unit: 'percent' as const, direction: 'decrease' as const }], targets: [T('6', 2030, '<=', 2)] },
      { key: 'c:5', label: '5', measures: [{ code: '5b', unit: 'percent' as const, direction: 'increase' as const }], targets: [T('5b', 2030, '>=', 98)] },
    ],
  };
  const local = {
    indicators: [
      { key: 'c:4', label: '4', measures: parent.indicators[0].measures, targets: [T('4a', 2025, '<', 8), T('4c', 2025, '<', 4)] },
      { key: 'c:5', label: '5', measures: [{ code: '5a', unit: 'percent' as const, direction: 'increase' as const }, { code: '5b', unit: 'percent' as const, direction: 'increase' as const }], targets: [T('5a', 2025, '>=', 99)] },
    ],
  };
  const r = checkPlan(parent, local);
  const got = r.comparisons.map((c) => `${c.status}:${c.indicator}:${c.measure ?? ''}:${c.year ?? ''}`);
  assert.deepEqual(got, ['stricter:4:4a:2025', 'missing_year:4:4a:2030', 'stricter:4:4c:2025', 'missing_indicator:6::', 'missing_measure:5:5b:']);
  assert.equal(r.summary.parentTargets, 5);
  assert.equal(r.issues.length, 3);
  assert.match(r.issues[0].messageVi, /không có mục tiêu \(cấp trên: < 6%\)/);
});

test('Vietnamese number format', () => {
  assert.equal(formatNumberVi(0.4), '0,4');
  assert.equal(formatNumberVi(18670), '18.670');
  assert.equal(formatNumberVi(1055.5), '1.055,5');
});
