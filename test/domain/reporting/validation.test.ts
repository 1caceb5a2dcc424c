import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateValue, validateReport, parseNumber, type MeasureInfo } from '../../../src/domain/reporting/validation.ts';
import { formatNumberVi } from '../../../src/domain/reporting/format.ts';

const m3a: MeasureInfo = { code: '3a', nameVi: 'Tỷ suất tử vong trẻ sơ sinh', unit: 'per_1000', disaggregations: ['sex', 'area'], plausibleMin: 0, plausibleMax: 60 };
const m13: MeasureInfo = { code: '13', nameVi: 'Số cuộc tảo hôn', unit: 'count', disaggregations: ['ethnicity'], plausibleMin: 0, plausibleMax: null };

test('numbers typed the Vietnamese way are read; text is refused', () => {
  assert.deepEqual(parseNumber('1.055'), { ok: true, value: 1055 });
  assert.deepEqual(parseNumber('12,5'), { ok: true, value: 12.5 });
  assert.deepEqual(parseNumber(''), { ok: true, value: null });
  assert.equal(parseNumber('mười hai').ok, false);
  assert.equal(parseNumber('12abc').ok, false);
  assert.equal(formatNumberVi(18670), '18.670');
  assert.equal(formatNumberVi(0.4), '0,4');
});

test('hard errors: text, negative, numerator > denominator, zero denominator, unknown key', () => {
  const err = (input: object, m = m3a) => validateValue(m, { measure: m.code, ...input }).errors.map((e) => e.code);
  assert.deepEqual(err({ numerator: 'abc', denominator: 10 }), ['not_a_number']);
  assert.deepEqual(err({ numerator: -1, denominator: 10 }), ['negative']);
  assert.deepEqual(err({ numerator: 11, denominator: 10 }), ['numerator_exceeds_denominator']);
  assert.deepEqual(err({ numerator: 0, denominator: 0 }), ['zero_denominator']);
  assert.deepEqual(err({ numerator: 3 }), ['incomplete_ratio']);
  assert.deepEqual(err({ key: 'ethnicity:minority', numerator: 1, denominator: 10 }), ['invalid_disaggregation']);
  assert.deepEqual(err({ value: 2.5 }, m13), ['not_integer']);
  assert.deepEqual(err({ numerator: 1, denominator: 100, key: 'sex:female' }), []);
  const e = validateValue(m3a, { measure: '3a', numerator: 11, denominator: 10 }).errors[0];
  assert.match(e.vi, /tử số/);
  assert.match(e.en, /numerator/);
});

test('submission: required values missing is an error, explicit "unknown" is accepted', () => {
  const clean = (input: object, m = m3a) => validateValue(m, { measure: m.code, ...input }).clean!;
  assert.deepEqual(validateReport([m3a, m13], [clean({ numerator: 1, denominator: 100 })]).errors.map((e) => e.measure), ['13']);
  assert.deepEqual(validateReport([m3a, m13], [clean({ numerator: 1, denominator: 100 }), clean({ unknown: true }, m13)]).errors, []);
});

test('implausible values and big jumps are warnings, not errors', () => {
  const v = validateValue(m3a, { measure: '3a', numerator: 7, denominator: 100 }).clean!; // 70‰ > 60
  const r = validateReport([m3a], [v], new Map([['3a', 10]]));
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.warnings.map((w) => w.code).sort(), ['implausible', 'jump']);
});

test('disaggregated parts must add up to the total (warning)', () => {
  const c = (input: object) => validateValue(m3a, { measure: '3a', ...input }).clean!;
  const r = validateReport([m3a], [c({ numerator: 5, denominator: 1000 }), c({ key: 'sex:male', numerator: 3, denominator: 500 }), c({ key: 'sex:female', numerator: 1, denominator: 500 })]);
  assert.deepEqual(r.warnings.map((w) => w.code), ['parts_mismatch']);
});
