/** Pure rules of the child-friendly-commune standard and cycle (no database). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  QD06_2019, QD37_2010, evaluate, scoreValue, resolveItemScore, validateStandard, totalMaxPoints, thresholdFor, nextStatus, allowedActions,
  checkAuthority, checkRegistrationDeadline, checkSelfAssessmentDeadline, DEFAULT_AUTHORITY, recognisingLevelOn, computeShare, isRecognised,
  paymentLines, targetProgress, targetTexts, formatVnd, sniffEvidence, checkEvidence, CffRuleError, EVIDENCE_MAX_BYTES, type DecisionRecord,
} from '../../src/domain/cff/index.ts';

const fullMarks = (standard = QD06_2019) => Object.fromEntries(standard.criteria.flatMap((c) => c.subcriteria.map((s) => [s.code, s.maxPoints])));

test('the shipped standards are consistent: QĐ 06/2019 has 13 criteria and 1.000 points, QĐ 37/2010 ten', () => {
  assert.deepEqual(validateStandard(QD06_2019), []);
  assert.deepEqual(validateStandard(QD37_2010), []);
  assert.equal(QD06_2019.criteria.length, 13);
  assert.equal(totalMaxPoints(QD06_2019), 1000);
  assert.equal(QD37_2010.criteria.length, 10);
  assert.equal(thresholdFor(QD06_2019, 'ward_central_city'), 900);
  assert.equal(thresholdFor(QD06_2019, 'mountain_island_difficult'), 800);
  assert.equal(thresholdFor(QD06_2019, 'other'), 850);
  // criterion 6 (125 points = 50 + 75) and criterion 7 (50 points at ≥ 98%) as published
  assert.equal(QD06_2019.criteria[5].subcriteria.reduce((s, x) => s + x.maxPoints, 0), 125);
  assert.equal(scoreValue(QD06_2019.criteria[6].subcriteria[0].scoring!, 98), 50);
  // every indicator-sourced item names a measure of the national catalogue
  const sources = QD06_2019.criteria.flatMap((c) => c.subcriteria).filter((s) => s.source !== 'manual').map((s) => s.source);
  assert.ok(sources.includes('indicator:14') && sources.includes('indicator:5a') && sources.includes('indicator:9') && sources.includes('indicator:21'));
});

test('a criterion at 0 fails even with a total far above the threshold', () => {
  const scores = { ...fullMarks(), '2.1': 0 }; // 950 points, criterion 2 (birth registration) at 0
  const e = evaluate(QD06_2019, scores, 'other');
  assert.equal(e.total, 950);
  assert.equal(e.passed, false);
  assert.equal(e.reasons[0].code, 'criterion_zero');
  assert.match(e.reasons[0].vi, /Tiêu chí 2 bị 0 điểm/);
});

test('the threshold depends on the type of unit: 880 points pass for a commune, not for a ward of a centrally-run city', () => {
  // 1.000 − 20 (1.4) − 20 (13.1) − 20 (8.1) − 40 (3.1) − 20 (9.1) = 880, no criterion at 0
  const scores = { ...fullMarks(), '1.4': 0, '13.1': 30, '8.1': 30, '3.1': 60, '9.1': 30 };
  const total = Object.values(scores).reduce((a, b) => a + b, 0);
  assert.equal(total, 880);
  assert.equal(evaluate(QD06_2019, scores, 'other').passed, true);
  assert.equal(evaluate(QD06_2019, scores, 'mountain_island_difficult').passed, true);
  const ward = evaluate(QD06_2019, scores, 'ward_central_city');
  assert.equal(ward.passed, false);
  assert.deepEqual(ward.reasons.map((r) => r.code), ['below_threshold']);
});

test('an incomplete assessment does not pass and names what is missing', () => {
  const { ['13.1']: _omit, ...scores } = fullMarks();
  const e = evaluate(QD06_2019, scores, 'other');
  assert.equal(e.passed, false);
  assert.deepEqual(e.missing, ['13.1']);
});

test('QĐ 37/2010 (verify data): each standard needs its minimum, the total needs 80', () => {
  const scores = fullMarks(QD37_2010);
  assert.equal(evaluate(QD37_2010, scores, 'other').passed, true);
  const low = { ...scores, '2.1': 0, '2.2': 3 }; // criterion 2 at 3 < 5
  const e = evaluate(QD37_2010, low, 'other');
  assert.equal(e.passed, false);
  assert.equal(e.reasons[0].code, 'criterion_not_met');
});

test('scoring rules turn values into points; scores outside a criterion range are refused', () => {
  const rule = QD06_2019.criteria[1].subcriteria[0].scoring!; // birth registration
  assert.equal(scoreValue(rule, 100), 50);
  assert.equal(scoreValue(rule, 97), 25);
  assert.equal(scoreValue(rule, 50), 0);
  assert.equal(resolveItemScore(QD06_2019, { code: '2.1', value: 98.5 }).score, 40);
  assert.throws(() => resolveItemScore(QD06_2019, { code: '1.1', score: 51 }), (e: CffRuleError) => e.code === 'score_out_of_range' && /từ 0 đến 50/.test(e.vi));
  assert.throws(() => resolveItemScore(QD06_2019, { code: '1.1', score: Number.NaN }), (e: CffRuleError) => e.code === 'score_out_of_range');
  assert.throws(() => resolveItemScore(QD06_2019, { code: '2.1', value: 101 }), (e: CffRuleError) => e.code === 'value_out_of_range');
  assert.throws(() => resolveItemScore(QD06_2019, { code: 'x' }), (e: CffRuleError) => e.code === 'unknown_subcriterion');
});

test('the cycle: registered → in progress → submitted → returned → submitted → recognised → withdrawn', () => {
  let s = nextStatus('registered', 'save');
  assert.equal(s, 'in_progress');
  s = nextStatus(s, 'submit');
  s = nextStatus(s, 'return');
  assert.equal(s, 'returned');
  s = nextStatus(nextStatus(s, 'save'), 'submit');
  s = nextStatus(s, 'recognise');
  assert.equal(s, 'recognised');
  assert.equal(nextStatus(s, 'withdraw'), 'withdrawn');
  assert.throws(() => nextStatus('registered', 'recognise'), (e: CffRuleError) => e.status === 409);
  assert.throws(() => nextStatus('withdrawn', 'withdraw'), (e: CffRuleError) => e.code === 'invalid_transition');
  assert.throws(() => nextStatus('not_recognised', 'save'));
  assert.deepEqual(allowedActions('submitted'), ['return', 'recognise', 'not_recognise']);
});

test('deadlines: the day itself is allowed, the day after is not; a returned file has its correction deadline', () => {
  const d = { registrationDeadline: '2014-04-10', selfAssessmentDeadline: '2014-10-20', correctionDeadline: '2014-11-05' };
  checkRegistrationDeadline(d, '2014-04-10');
  assert.throws(() => checkRegistrationDeadline(d, '2014-04-11'), (e: CffRuleError) => e.code === 'registration_deadline_passed' && /10\/04\/2014/.test(e.vi));
  checkSelfAssessmentDeadline(d, 'in_progress', '2014-10-20');
  assert.throws(() => checkSelfAssessmentDeadline(d, 'in_progress', '2014-10-21'));
  checkSelfAssessmentDeadline(d, 'returned', '2014-11-05');
  assert.throws(() => checkSelfAssessmentDeadline(d, 'returned', '2014-11-06'));
  checkSelfAssessmentDeadline({ registrationDeadline: null, selfAssessmentDeadline: null }, 'in_progress', '2030-01-01');
});

test('authority by date: the district until 30/06/2025, the province from 01/07/2025', () => {
  assert.equal(recognisingLevelOn(DEFAULT_AUTHORITY, '2024-12-15')?.level, 'district');
  assert.equal(recognisingLevelOn(DEFAULT_AUTHORITY, '2025-06-30')?.level, 'district');
  assert.equal(recognisingLevelOn(DEFAULT_AUTHORITY, '2025-07-01')?.level, 'province');
  checkAuthority(DEFAULT_AUTHORITY, '2024-12-15', { level: 'district', isAncestorOfCommune: true });
  assert.throws(() => checkAuthority(DEFAULT_AUTHORITY, '2024-12-15', { level: 'province', isAncestorOfCommune: true }), (e: CffRuleError) => e.status === 403 && e.code === 'not_competent_level');
  assert.throws(() => checkAuthority(DEFAULT_AUTHORITY, '2025-07-01', { level: 'district', isAncestorOfCommune: true }), (e: CffRuleError) => e.code === 'not_competent_level');
  assert.throws(() => checkAuthority(DEFAULT_AUTHORITY, '2025-09-01', { level: 'province', isAncestorOfCommune: false }), (e: CffRuleError) => e.code === 'not_competent_unit');
  assert.throws(() => checkAuthority(DEFAULT_AUTHORITY, '2024-12-15', { level: 'commune', isAncestorOfCommune: false }), (e: CffRuleError) => e.code === 'not_competent_level');
});

test('indicator 1 share: own recognitions only, withdrawals by date, mergers do not carry over', () => {
  const d = (unitId: number, year: number, kind: DecisionRecord['kind'], decidedOn: string, registrationId: number): DecisionRecord => ({ unitId, year, kind, decidedOn, registrationId });
  const decisions = [d(1, 2024, 'recognised', '2024-12-10', 11), d(2, 2024, 'recognised', '2024-12-10', 12), d(2, 2024, 'withdrawn', '2025-03-01', 12), d(3, 2024, 'not_recognised', '2024-12-10', 13)];
  const communes2024 = [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }];
  const atYearEnd = computeShare(communes2024, decisions, 2024, '2024-12-31');
  assert.deepEqual([atYearEnd.numerator, atYearEnd.denominator, atYearEnd.coverage], [2, 4, 0.75]);
  assert.equal(atYearEnd.value, 50);
  const afterWithdrawal = computeShare(communes2024, decisions, 2024, '2025-03-01');
  assert.equal(afterWithdrawal.numerator, 1);
  assert.equal(isRecognised(decisions, 1, 2025, '2025-12-31'), null, 'a 1-year recognition does not count next year');
  // 2025: commune 9 merged from 1 and 2; 1 was recognised in 2024 — shown, not counted
  const merged = computeShare([{ id: 9, predecessorIds: [1, 2] }], decisions, 2025, '2025-12-31');
  assert.deepEqual([merged.numerator, merged.denominator, merged.rows[0].predecessorRecognised], [0, 1, true]);
  const reassessed = computeShare([{ id: 9, predecessorIds: [1, 2] }], [...decisions, d(9, 2025, 'recognised', '2025-12-01', 19)], 2025, '2025-12-31');
  assert.equal(reassessed.numerator, 1);
  assert.equal(computeShare([], decisions, 2025, '2025-12-31').value, null);
});

test('seed 002 in numbers: 7 of 11 = 63,6%; payments 11 × 500.000 + 7 × 500.000 đồng', () => {
  const t = targetProgress({ communes: 11, registered: 11, recognised: 7, targetRegistered: 11, targetRecognised: 7 });
  // the targets card: shares with one decimal, as every computed figure (formatFigure), never "63,64%"
  assert.deepEqual(targetTexts(t), { registered: '11/11 (100,0%)', recognised: '7/11 (63,6%)', targetRegistered: '11/11 (100,0%)', targetRecognised: '≥ 7 (63,6%)' });
  assert.equal(t.recognisedMet, true);
  const units = Array.from({ length: 11 }, (_, i) => ({ unitId: i, unitName: `Xã ${i}`, status: i < 7 ? 'recognised' : 'not_recognised', recognised: i < 7 }));
  const p = paymentLines(units, { perRegistered: 500000, perRegisteredPayer: 'Ngân sách huyện', perRecognised: 500000, perRecognisedPayer: 'Ngân sách tỉnh' });
  assert.equal(p.lines.length, 18);
  assert.equal(formatVnd(p.totals.registered), '5.500.000 đồng');
  assert.equal(formatVnd(p.totals.recognised), '3.500.000 đồng');
  assert.equal(p.totals.all, 9_000_000);
});

test('targets card texts: the demo province 4 of 7 = 57,1%; no communes, no targets, a target above the communes', () => {
  assert.equal(targetTexts(targetProgress({ communes: 7, registered: 5, recognised: 4 })).recognised, '4/7 (57,1%)');
  assert.deepEqual(targetTexts(targetProgress({ communes: 7, registered: 5, recognised: 4 })), { registered: '5/7 (71,4%)', recognised: '4/7 (57,1%)', targetRegistered: null, targetRecognised: null });
  // a unit with no communes on the date: no share to show, never "NaN%" or "Infinity%"
  assert.deepEqual(targetTexts(targetProgress({ communes: 0, registered: 0, recognised: 0, targetRegistered: 0, targetRecognised: 3 })), { registered: '0/0 (—)', recognised: '0/0 (—)', targetRegistered: '0/0 (—)', targetRecognised: '≥ 3 (—)' });
  // a target larger than the unit (communes merged away after it was set): shown as it is, rounded like the rest
  assert.equal(targetTexts(targetProgress({ communes: 3, registered: 1, recognised: 1, targetRecognised: 7 })).targetRecognised, '≥ 7 (233,3%)');
  assert.equal(targetTexts(targetProgress({ communes: 3, registered: 2, recognised: 2 })).recognised, '2/3 (66,7%)');
});

test('evidence: type read from the bytes, extension must agree, 10 MB at most', () => {
  assert.equal(sniffEvidence(Buffer.from('%PDF-1.7')), 'pdf');
  assert.equal(sniffEvidence(Buffer.from([0xff, 0xd8, 0xff, 0xdb])), 'jpg');
  assert.equal(sniffEvidence(Buffer.from('PK\x03\x04....word/document.xml', 'latin1')), 'docx');
  assert.equal(sniffEvidence(Buffer.from('PK\x03\x04....xl/workbook.xml', 'latin1')), null, 'an xlsx is not a docx');
  assert.equal(sniffEvidence(Buffer.from('<html>')), null);
  assert.equal(checkEvidence('Biên bản.PDF', Buffer.from('%PDF-1.7 x')).kind, 'pdf');
  assert.throws(() => checkEvidence('a.docx', Buffer.from('%PDF-1.7')), (e: CffRuleError) => e.code === 'evidence_type_not_allowed');
  assert.throws(() => checkEvidence('a.pdf', Buffer.alloc(EVIDENCE_MAX_BYTES + 1, 0x25)), (e: CffRuleError) => e.code === 'evidence_too_large');
  assert.throws(() => checkEvidence('a.pdf', Buffer.alloc(0)), (e: CffRuleError) => e.code === 'evidence_empty');
});

test('validateStandard catches duplicate codes, indicator items without a scale and thresholds above the total', () => {
  const broken = structuredClone(QD06_2019);
  broken.criteria[1].subcriteria.push({ ...broken.criteria[1].subcriteria[0] });
  broken.criteria[2].subcriteria[0].scoring = null;
  broken.passRule.thresholds[0].minTotal = 2000;
  const problems = validateStandard(broken);
  assert.ok(problems.some((p) => /trùng/.test(p.vi)));
  assert.ok(problems.some((p) => /cần thang điểm/.test(p.vi)));
  assert.ok(problems.some((p) => /vượt tổng điểm/.test(p.vi)));
});
