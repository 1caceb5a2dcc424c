import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldVietnamese, nameIndexTerms, queryIndexTerms, similarity } from '../../src/domain/children/text.ts';
import { ageAt, checkChildBirthDate, consentRequired, parseDate } from '../../src/domain/children/age.ts';
import { CIRCUMSTANCE_GROUPS } from '../../src/domain/children/groups.ts';
import { CASE_STEP_INFO, checkStep, lateHours, checkUnitLimit, dueAt, effectiveLimit, LEGAL_STEP_LIMITS, overdueHours } from '../../src/domain/children/workflow.ts';
import { duplicateScore, LIKELY_DUPLICATE } from '../../src/domain/children/duplicates.ts';
import { suppress, suppressedRate } from '../../src/domain/children/suppression.ts';
import { registerIndicators, suppressIndicators } from '../../src/domain/children/indicators.ts';
import { canSeeChild } from '../../src/domain/children/access.ts';

test('names fold with and without diacritics, đ included', () => {
  assert.equal(foldVietnamese('Nguyễn Thị Ánh Đào'), 'nguyen thi anh dao');
  assert.equal(foldVietnamese('  LÒ  Văn   Páo '), 'lo van pao');
  assert.equal(foldVietnamese('Nguyễn Thị Ánh'), foldVietnamese('nguyen thi anh'));
  // NFD input folds the same as NFC
  assert.equal(foldVietnamese('Ánh'.normalize('NFD')), 'anh');
  const terms = nameIndexTerms('Lò Thị Hương');
  assert.ok(terms.includes('t:huong') && terms.includes('p:hu') && terms.includes('p:huong'));
  assert.deepEqual(queryIndexTerms('lo thi hu'), ['t:lo', 't:thi', 'p:hu']);
  assert.ok(similarity('Nguyễn Văn An', 'Nguyen Van An') === 1);
  assert.ok(similarity('Nguyễn Văn An', 'Trần Thị Bích') < 0.3);
});

test('a child is under 16, born on a real date, not in the future', () => {
  assert.equal(parseDate('31/02/2015'), null);
  assert.equal(parseDate('2015-02-29'), null);
  assert.equal(parseDate('2016-02-29'), '2016-02-29');
  assert.equal(parseDate('05/09/2012'), '2012-09-05');
  assert.equal(checkChildBirthDate('2015-02-30', '2025-06-01')?.code, 'impossible_birth_date');
  assert.equal(checkChildBirthDate('2025-06-02', '2025-06-01')?.code, 'birth_date_in_future');
  assert.equal(checkChildBirthDate('2009-06-01', '2025-06-01')?.code, 'not_a_child'); // 16 today
  assert.equal(checkChildBirthDate('2009-06-02', '2025-06-01'), null); // 15, turns 16 tomorrow
  assert.equal(ageAt('2018-03-10', '2025-03-09'), 6);
  assert.equal(ageAt('2018-03-10', '2025-03-10'), 7);
  assert.deepEqual(consentRequired(6, 'consent'), { parent: true, child: false });
  assert.deepEqual(consentRequired(7, 'consent'), { parent: true, child: true });
  assert.deepEqual(consentRequired(12, 'child_protection'), { parent: false, child: false });
});

test('the 14 groups of Điều 10 are data, with the at-risk kinds, and abuse groups marked', () => {
  const special = CIRCUMSTANCE_GROUPS.filter((g) => g.kind === 'special');
  assert.equal(special.length, 14);
  assert.deepEqual(special.map((g) => g.number), Array.from({ length: 14 }, (_, i) => i + 1));
  // Luật Trẻ em Điều 4.5: "bạo lực, bóc lột, xâm hại tình dục, mua bán, bỏ rơi, bỏ mặc trẻ em" — abandonment (group 2) is abuse
  assert.deepEqual(CIRCUMSTANCE_GROUPS.filter((g) => g.abuse).map((g) => g.number), [2, 9, 10, 11, 12]);
  assert.ok(CIRCUMSTANCE_GROUPS.some((g) => g.kind === 'at_risk'));
  assert.equal(new Set(CIRCUMSTANCE_GROUPS.map((g) => g.code)).size, CIRCUMSTANCE_GROUPS.length);
});

test('Decree 56: the 12-hour limit binds the emergency measure (Điều 26.3), not the assessment; 05 working days for the plan, Mẫu số 04 (Điều 28.1)', () => {
  assert.equal(LEGAL_STEP_LIMITS.find((l) => l.step === 'assess'), undefined, 'the assessment itself has no 12-hour limit');
  const emergency = LEGAL_STEP_LIMITS.find((l) => l.step === 'emergency')!;
  assert.equal(emergency.hours, 12);
  assert.equal(emergency.anchor, 'received', '"trong thời hạn 12 giờ kể từ khi nhận được thông tin"');
  assert.match(emergency.basisVi, /Điều 26 khoản 3/);
  const plan = LEGAL_STEP_LIMITS.find((l) => l.step === 'plan')!;
  assert.equal(plan.workingDays, 5);
  assert.match(plan.basisVi, /05 ngày làm việc, trừ trường hợp khẩn cấp.*Mẫu số 04.*Mẫu số 05.*Điều 28 khoản 1/);
  assert.ok(!/cần xác minh/.test(plan.basisVi));
  assert.match(CASE_STEP_INFO.plan.form ?? '', /Mẫu số 04/);
  assert.equal(checkUnitLimit('emergency', { hours: 8 }), null);
  assert.equal(checkUnitLimit('emergency', { hours: 24 })?.code, 'limit_longer_than_law');
  assert.equal(checkUnitLimit('emergency', { hours: 0 })?.code, 'limit_invalid');
  assert.equal(checkUnitLimit('assess', { hours: 8 })?.code, 'no_legal_limit');
  assert.equal(checkUnitLimit('plan', { workingDays: 6 })?.code, 'limit_longer_than_law');
  assert.equal(checkUnitLimit('plan', { workingDays: 3 }), null);
  assert.equal(checkUnitLimit('implement', { hours: 3 })?.code, 'no_legal_limit');
  const eff = effectiveLimit('emergency', [{ step: 'emergency', hours: 8, workingDays: null }, { step: 'emergency', hours: 24, workingDays: null }]);
  assert.equal(eff?.hours, 8);
  const received = new Date('2025-03-07T09:00:00+07:00'); // a Friday
  assert.equal(dueAt(eff!, received).toISOString(), new Date('2025-03-07T17:00:00+07:00').toISOString());
  // 5 working days from Friday 09:00, counted as days, skip the weekend: until Friday next week, 24:00
  assert.equal(dueAt(plan, received).toISOString(), new Date('2025-03-15T00:00:00+07:00').toISOString());
  assert.equal(dueAt({ ...plan, workingDays: 1 }, new Date('2025-03-08T10:00:00+07:00')).toISOString(), new Date('2025-03-11T00:00:00+07:00').toISOString());
  // a step done late keeps its lateness
  assert.equal(lateHours({ dueAt: new Date('2025-03-07T17:00:00+07:00'), doneAt: new Date('2025-03-08T05:00:00+07:00') }), 12);
  assert.equal(lateHours({ dueAt: new Date('2025-03-07T17:00:00+07:00'), doneAt: new Date('2025-03-07T16:00:00+07:00') }), 0);
  assert.equal(overdueHours({ dueAt: new Date('2025-03-07T17:00:00+07:00'), doneAt: null }, new Date('2025-03-07T19:30:00+07:00')), 2.5);
  assert.equal(overdueHours({ dueAt: new Date('2025-03-07T17:00:00+07:00'), doneAt: new Date() }, new Date('2025-03-08T00:00:00Z')), 0);
});

test('Decree 56 steps run in order; closure needs the review; implementation needs the approved plan', () => {
  const st = (done: string[], status = 'open', planApproved = false) => ({ status: status as 'open', done: done as never[], planApproved });
  assert.equal(checkStep(st(['receive']), 'assess'), null);
  assert.equal(checkStep(st(['receive']), 'plan')?.code, 'step_out_of_order');
  assert.equal(checkStep(st(['receive', 'assess']), 'close')?.code, 'closure_without_review');
  assert.equal(checkStep(st(['receive', 'assess', 'plan']), 'implement')?.code, 'plan_not_approved');
  assert.equal(checkStep(st(['receive', 'assess', 'plan'], 'open', true), 'implement'), null);
  assert.equal(checkStep(st(['receive', 'assess'], 'closed'), 'plan')?.code, 'case_closed');
  assert.equal(checkStep(st(['receive', 'assess', 'plan', 'implement', 'follow_up', 'review'], 'open', true), 'close'), null);
  // the emergency step applies only where the assessment found serious risk or harm
  assert.equal(checkStep({ ...st(['receive', 'assess']), seriousRisk: false }, 'emergency')?.code, 'step_not_applicable');
  assert.equal(checkStep({ ...st(['receive', 'assess']), seriousRisk: false }, 'plan'), null);
  assert.equal(checkStep({ ...st(['receive', 'assess']), seriousRisk: true }, 'plan')?.code, 'step_out_of_order');
  assert.equal(checkStep({ ...st(['receive', 'assess']), seriousRisk: true }, 'emergency'), null);
});

test('duplicate scoring: diacritics do not matter, birth date and commune do', () => {
  const a = { fullName: 'Lò Thị Hương', birthDate: '2015-04-02', unitId: 7 };
  const same = duplicateScore(a, { fullName: 'Lo Thi Huong', birthDate: '2015-04-02', unitId: 7 });
  assert.equal(same.score, 1);
  assert.ok(duplicateScore(a, { fullName: 'Lo Thi Huong', birthDate: '2015-04-20', unitId: 7 }).score >= LIKELY_DUPLICATE);
  assert.ok(duplicateScore(a, { fullName: 'Lo Thi Huong', birthDate: '2011-01-01', unitId: 9 }).score < LIKELY_DUPLICATE);
  assert.ok(duplicateScore(a, { fullName: 'Quàng Văn Nam', birthDate: '2015-04-02', unitId: 7 }).score < LIKELY_DUPLICATE);
  assert.equal(duplicateScore({ ...a, idNumber: '011223344556' }, { fullName: 'X', birthDate: null, unitId: 1, idNumber: '011223344556' }).score, 1);
});

test('counts below 5 are suppressed, rates with them too', () => {
  assert.equal(suppress(4), null);
  assert.equal(suppress(0), null);
  assert.equal(suppress(5), 5);
  assert.deepEqual(suppressedRate(3, 1000, 100), { numerator: null, denominator: 1000, value: null, suppressed: true });
  assert.equal(suppressedRate(40, 1000, 100).value, 4);
});

test('indicators 8a, 8b, 9 from register counts, in the measure units', () => {
  const v = registerIndicators({ children: 2000, special: 80, specialSupported: 74, abused: 3 }, { '8a': 'percent', '8b': 'percent', '9': 'per_100000' });
  assert.deepEqual(v.map((x) => [x.measure, x.numerator, x.denominator, x.value]), [['8a', 80, 2000, 4], ['8b', 74, 80, 92.5], ['9', 3, 2000, 150]]);
  const s = suppressIndicators(v);
  assert.equal(s[2].numerator, null);
  assert.equal(s[2].suppressed, true);
  assert.equal(s[0].value, 4);
});

test('child-level access: own commune workers, referred-up supervisors, nobody else', () => {
  const chain = [30, 20, 10, 1]; // commune, district, province, nation
  assert.equal(canSeeChild([{ role: 'case_worker', unitId: 30 }], chain), true);
  assert.equal(canSeeChild([{ role: 'case_worker', unitId: 31 }], chain), false);
  assert.equal(canSeeChild([{ role: 'case_worker', unitId: 10 }], chain, [10]), false); // a worker above never
  assert.equal(canSeeChild([{ role: 'cp_supervisor', unitId: 10 }], chain), false);
  assert.equal(canSeeChild([{ role: 'cp_supervisor', unitId: 10 }], chain, [20]), false);
  assert.equal(canSeeChild([{ role: 'cp_supervisor', unitId: 10 }], chain, [10]), true);
  assert.equal(canSeeChild([{ role: 'cp_supervisor', unitId: 20 }], chain, [10]), true);
  assert.equal(canSeeChild([{ role: 'viewer', unitId: 30 }], chain), false);
  assert.equal(canSeeChild([{ role: 'system_admin', unitId: null }], chain), false); // administrators see counts
});
