/**
 * The cycle under QĐ 06/QĐ-TTg (2019) across the 2025 reform: deadlines, authority by level and
 * date, evidence type and size, scores out of range, withdrawal, indicator 1 across a merger,
 * administrator corrections — and every refused request stores nothing.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { createNamDong, FILES, multipart, snapshot, type Fixture } from './fixtures.ts';
import { childFriendlyShare } from '../../src/storage/cff/share.ts';
import { EVIDENCE_MAX_BYTES } from '../../src/domain/cff/index.ts';

let ctx: TestContext;
let fx: Fixture;

const FULL_2019 = [
  { code: '1.1', value: 1 }, { code: '1.2', value: 1 }, { code: '1.3', value: 1 }, { code: '1.4', value: 1 },
  { code: '2.1', value: 100 }, { code: '3.1', value: 0 }, { code: '4.1', value: 0 }, { code: '5.1', value: 0 },
  { code: '6.1', value: 96 }, { code: '6.2', value: 100 }, { code: '7.1', value: 99 }, { code: '8.1', value: 4 }, { code: '8.2', value: 9 },
  { code: '9.1', value: 95 }, { code: '10.1', value: 99.5 }, { code: '10.2', value: 0.5 }, { code: '11.1', value: 75 }, { code: '11.2', value: 1 },
  { code: '12.1', value: 1 }, { code: '12.2', value: 1 }, { code: '13.1', value: 85 },
];
const EVIDENCE_ITEMS = '1.1,1.2,1.3,1.4,6.2,11.2,12.2,13.1';

async function refusedAndNothingStored(request: Parameters<TestContext['request']>[0], status: number, code: string) {
  const beforeCounts = await snapshot(ctx.database.db);
  const r = await ctx.request(request);
  assert.equal(r.statusCode, status, r.body);
  assert.equal(r.json.error.code, code, r.body);
  assert.match(r.json.error.message, /[àáảãạăâđèéêìíòóôơùúưỳýạ]/i, 'Vietnamese message');
  assert.ok(r.json.error.messageEn);
  assert.deepEqual(await snapshot(ctx.database.db), beforeCounts, 'nothing stored');
  return r;
}

async function registerAndSubmit(unitId: number, year: number, on: { register: string; save: string; submit: string }) {
  const r = await ctx.request({ method: 'POST', url: '/api/cff/registrations', payload: { unitId, year, on: on.register } });
  assert.equal(r.statusCode, 201, r.body);
  const id = r.json.id as number;
  assert.equal(r.json.file.standard.number, '06/QĐ-TTg');
  const s = await ctx.request({ method: 'PUT', url: `/api/cff/registrations/${id}/assessment`, payload: { items: FULL_2019, on: on.save } });
  assert.equal(s.statusCode, 200, s.body);
  assert.equal(s.json.evaluation.total, 1000);
  const { payload, headers } = multipart('bien-ban.pdf', FILES.pdf);
  const up = await ctx.request({ method: 'POST', url: `/api/cff/registrations/${id}/evidence?items=${EVIDENCE_ITEMS}&on=${on.save}`, payload, headers });
  assert.equal(up.statusCode, 201, up.body);
  const sub = await ctx.request({ method: 'POST', url: `/api/cff/registrations/${id}/submit`, payload: { on: on.submit } });
  assert.equal(sub.statusCode, 200, sub.body);
  return id;
}

const ids: Record<string, number> = {};

before(async () => {
  ctx = await createTestContext();
  fx = await createNamDong(ctx.database.db);
  for (const [unitId, year, reg, self] of [[fx.district, 2024, '2024-04-10', '2024-10-20'], [fx.hue, 2025, '2025-08-31', '2025-11-30']] as const) {
    const r = await ctx.request({ method: 'PUT', url: '/api/cff/settings', payload: { unitId, year, registrationDeadline: reg, selfAssessmentDeadline: self } });
    assert.equal(r.statusCode, 200, r.body);
  }
});
after(async () => ctx.close());

async function reported(unitId: number, measureCode: string, year: number, numerator: number, denominator: number) {
  const m = await ctx.database.db.selectFrom('measure as m').innerJoin('indicator as i', 'i.id', 'm.indicator_id').select('m.id').where('m.code', '=', measureCode).where('i.scope_plan_id', 'is', null).executeTakeFirstOrThrow();
  await ctx.database.db.insertInto('aggregate_value').values({ unit_id: unitId, measure_id: m.id, year, disagg_key: '', sum_numerator: numerator, sum_denominator: denominator, reporting_count: 1, expected_count: 1 }).execute();
}

test('the form shows what is pre-filled from reported data and what needs evidence', async () => {
  // Hương Phú reported birth registration for 2023 (97 of 100 children): it fills item 2.1
  await reported(fx.communes['Hương Phú'], '14', 2023, 97, 100);
  const r = await ctx.request({ method: 'POST', url: '/api/cff/registrations', payload: { unitId: fx.communes['Hương Phú'], year: 2024, on: '2024-04-01' } });
  assert.equal(r.statusCode, 201, r.body);
  ids.huongPhu = r.json.id;
  assert.equal(r.json.prefilled, 1);
  const items = r.json.file.criteria.flatMap((c: any) => c.items);
  assert.equal(r.json.file.criteria.length, 13);
  const birth = items.find((i: any) => i.code === '2.1');
  assert.equal(birth.source, 'indicator:14');
  assert.equal(birth.value, 97);
  assert.equal(birth.score, 25);
  assert.match(birth.prefilledFrom, /báo cáo năm 2023/);
  assert.equal(items.find((i: any) => i.code === '7.1').prefilledFrom, null);
  assert.equal(items.find((i: any) => i.code === '1.1').needsEvidence, true);
  assert.equal(items.find((i: any) => i.code === '7.1').needsEvidence, false);
  // immunisation arrives later: the commune asks to fill again; what it entered itself is kept
  await ctx.request({ method: 'PUT', url: `/api/cff/registrations/${ids.huongPhu}/assessment`, payload: { items: [{ code: '2.1', value: 100 }], on: '2024-04-02' } });
  await reported(fx.communes['Hương Phú'], '5a', 2024, 99, 100);
  await reported(fx.communes['Hương Phú'], '14', 2024, 90, 100);
  const again = await ctx.request({ method: 'POST', url: `/api/cff/registrations/${ids.huongPhu}/prefill`, payload: { on: '2024-04-03' } });
  assert.equal(again.statusCode, 200, again.body);
  const after = again.json.file.criteria.flatMap((c: any) => c.items);
  assert.deepEqual([after.find((i: any) => i.code === '7.1').value, after.find((i: any) => i.code === '7.1').score], [99, 50]);
  assert.deepEqual([after.find((i: any) => i.code === '2.1').value, after.find((i: any) => i.code === '2.1').prefilledValue], [100, 90]);
});

test('registration after the deadline is refused and nothing is stored', async () => {
  await refusedAndNothingStored({ method: 'POST', url: '/api/cff/registrations', payload: { unitId: fx.communes['Hương Sơn'], year: 2024, on: '2024-04-11' } }, 400, 'registration_deadline_passed');
});

test('a score outside a criterion range, an unknown item, an impossible value: clear errors, nothing stored', async () => {
  const url = `/api/cff/registrations/${ids.huongPhu}/assessment`;
  const r = await refusedAndNothingStored({ method: 'PUT', url, payload: { items: [{ code: '1.2', score: 10 }, { code: '1.1', score: 60 }], on: '2024-05-01' } }, 400, 'score_out_of_range');
  assert.deepEqual(r.json.error.path, ['items', 1, 'score']);
  assert.match(r.json.error.message, /từ 0 đến 50/);
  await refusedAndNothingStored({ method: 'PUT', url, payload: { items: [{ code: '1.1', score: -1 }], on: '2024-05-01' } }, 400, 'score_out_of_range');
  await refusedAndNothingStored({ method: 'PUT', url, payload: { items: [{ code: '99.9', score: 1 }], on: '2024-05-01' } }, 400, 'unknown_subcriterion');
  await refusedAndNothingStored({ method: 'PUT', url, payload: { items: [{ code: '7.1', value: 120 }], on: '2024-05-01' } }, 400, 'value_out_of_range');
  await refusedAndNothingStored({ method: 'PUT', url, payload: { items: [{ code: '7.1', value: 99, score: 20 }], on: '2024-05-01' } }, 400, 'score_mismatch');
  await refusedAndNothingStored({ method: 'PUT', url, payload: { items: [{ code: '7.1', value: 'nhiều' }], on: '2024-05-01' } }, 400, 'validation_failed');
});

test('evidence of the wrong type or too large is refused, nothing stored', async () => {
  const url = `/api/cff/registrations/${ids.huongPhu}/evidence?items=1.1&on=2024-05-01`;
  const exe = multipart('bien-ban.pdf', FILES.exe);
  await refusedAndNothingStored({ method: 'POST', url, payload: exe.payload, headers: exe.headers }, 400, 'evidence_type_not_allowed');
  const disguised = multipart('anh.pdf', FILES.png, 'application/pdf');
  await refusedAndNothingStored({ method: 'POST', url, payload: disguised.payload, headers: disguised.headers }, 400, 'evidence_type_not_allowed');
  const big = Buffer.concat([FILES.pdf, Buffer.alloc(EVIDENCE_MAX_BYTES)]);
  const large = multipart('ho-so.pdf', big);
  await refusedAndNothingStored({ method: 'POST', url, payload: large.payload, headers: large.headers }, 400, 'evidence_too_large');
  const unknownItem = multipart('ok.png', FILES.png);
  await refusedAndNothingStored({ method: 'POST', url: `/api/cff/registrations/${ids.huongPhu}/evidence?items=42.1&on=2024-05-01`, payload: unknownItem.payload, headers: unknownItem.headers }, 400, 'unknown_subcriterion');
  const ok = multipart('anh.jpg', FILES.jpg);
  const r = await ctx.request({ method: 'POST', url, payload: ok.payload, headers: ok.headers });
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(r.json.kind, 'jpg');
  const file = await ctx.request({ url: `/api/cff/registrations/${ids.huongPhu}/evidence/${r.json.id}` });
  assert.equal(file.statusCode, 200);
  assert.equal(file.headers['content-type'], 'image/jpeg');
});

test('self-assessment and submission after 20/10 are refused, nothing stored', async () => {
  const url = `/api/cff/registrations/${ids.huongPhu}`;
  await refusedAndNothingStored({ method: 'PUT', url: `${url}/assessment`, payload: { items: FULL_2019, on: '2024-10-21' } }, 400, 'self_assessment_deadline_passed');
  const ok = await ctx.request({ method: 'PUT', url: `${url}/assessment`, payload: { items: FULL_2019, on: '2024-10-20' } });
  assert.equal(ok.statusCode, 200, ok.body);
  await refusedAndNothingStored({ method: 'POST', url: `${url}/submit`, payload: { on: '2024-10-25' } }, 400, 'self_assessment_deadline_passed');
});

test('submission needs every item scored and the evidence attached', async () => {
  const r = await ctx.request({ method: 'POST', url: '/api/cff/registrations', payload: { unitId: fx.communes['Hương Giang'], year: 2024, on: '2024-04-01' } });
  await ctx.request({ method: 'PUT', url: `/api/cff/registrations/${r.json.id}/assessment`, payload: { items: FULL_2019.slice(0, 5), on: '2024-05-01' } });
  const incomplete = await refusedAndNothingStored({ method: 'POST', url: `/api/cff/registrations/${r.json.id}/submit`, payload: { on: '2024-05-02' } }, 400, 'assessment_incomplete');
  assert.ok(incomplete.json.error.details.missing.includes('13.1'));
  await ctx.request({ method: 'PUT', url: `/api/cff/registrations/${r.json.id}/assessment`, payload: { items: FULL_2019, on: '2024-05-01' } });
  const noEvidence = await refusedAndNothingStored({ method: 'POST', url: `/api/cff/registrations/${r.json.id}/submit`, payload: { on: '2024-05-02' } }, 400, 'evidence_missing');
  assert.deepEqual(noEvidence.json.error.details.missing, ['1.1', '1.2', '1.3', '1.4', '6.2', '11.2', '12.2', '13.1']);
});

test('authority in 2024: the district recognises; the province or another district cannot (403, nothing stored)', async () => {
  ids.kheTre = await registerAndSubmit(fx.communes['Khe Tre'], 2024, { register: '2024-04-01', save: '2024-09-01', submit: '2024-10-01' });
  ids.huongLoc = await registerAndSubmit(fx.communes['Hương Lộc'], 2024, { register: '2024-04-01', save: '2024-09-01', submit: '2024-10-01' });
  const url = `/api/cff/registrations/${ids.kheTre}/decision`;
  const byProvince = await refusedAndNothingStored({ method: 'POST', url, payload: { kind: 'recognised', byUnitId: fx.province, on: '2024-12-10' } }, 403, 'not_competent_level');
  assert.match(byProvince.json.error.message, /thẩm quyền thuộc cấp huyện/);
  await refusedAndNothingStored({ method: 'POST', url, payload: { kind: 'recognised', byUnitId: fx.otherDistrict, on: '2024-12-10' } }, 403, 'not_competent_unit');
  await refusedAndNothingStored({ method: 'POST', url, payload: { kind: 'recognised', byUnitId: fx.communes['Khe Tre'], on: '2024-12-10' } }, 403, 'not_competent_level');
  for (const id of [ids.kheTre, ids.huongLoc]) {
    const ok = await ctx.request({ method: 'POST', url: `/api/cff/registrations/${id}/decision`, payload: { kind: 'recognised', byUnitId: fx.district, number: '215/QĐ-UBND', on: '2024-12-10' } });
    assert.equal(ok.statusCode, 201, ok.body);
  }
  // a decision cannot be taken twice
  await refusedAndNothingStored({ method: 'POST', url, payload: { kind: 'recognised', byUnitId: fx.district, on: '2024-12-11' } }, 409, 'invalid_transition');
  const share = await childFriendlyShare(ctx.database.db, fx.district, 2024);
  assert.deepEqual([share.numerator, share.denominator, share.valueText], [2, 11, '18,2%']);
});

test('return for corrections reopens the file until the correction deadline', async () => {
  const id = await registerAndSubmit(fx.communes['Thượng Nhật'], 2024, { register: '2024-04-01', save: '2024-09-01', submit: '2024-10-18' });
  await refusedAndNothingStored({ method: 'POST', url: `/api/cff/registrations/${id}/return`, payload: { byUnitId: fx.province, note: 'Bổ sung biên bản', on: '2024-10-25' } }, 403, 'not_competent_level');
  const r = await ctx.request({ method: 'POST', url: `/api/cff/registrations/${id}/return`, payload: { byUnitId: fx.district, note: 'Bổ sung biên bản khảo sát mức độ hài lòng', correctionDeadline: '2024-11-10', on: '2024-10-25' } });
  assert.equal(r.statusCode, 200, r.body);
  const fix = await ctx.request({ method: 'PUT', url: `/api/cff/registrations/${id}/assessment`, payload: { items: [{ code: '13.1', value: 90 }], on: '2024-11-05' } });
  assert.equal(fix.statusCode, 200, fix.body);
  const resubmit = await ctx.request({ method: 'POST', url: `/api/cff/registrations/${id}/submit`, payload: { on: '2024-11-05' } });
  assert.equal(resubmit.statusCode, 200, resubmit.body);
  const file = await ctx.request({ url: `/api/cff/registrations/${id}` });
  assert.equal(file.json.registration.status, 'submitted');
  assert.equal(file.json.registration.reviewNote, 'Bổ sung biên bản khảo sát mức độ hài lòng');
});

test('after 01/07/2025 only the province may withdraw or recognise', async () => {
  const url = `/api/cff/registrations/${ids.huongLoc}/withdraw`;
  await refusedAndNothingStored({ method: 'POST', url, payload: { byUnitId: fx.district, reason: 'Phát hiện số liệu không trung thực', on: '2025-08-01' } }, 403, 'not_competent_level');
  const r = await ctx.request({ method: 'POST', url, payload: { byUnitId: fx.hue, reason: 'Phát hiện số liệu không trung thực', number: '12/QĐ-UBND', on: '2025-08-01' } });
  assert.equal(r.statusCode, 201, r.body);
  await refusedAndNothingStored({ method: 'POST', url, payload: { byUnitId: fx.hue, reason: 'lần hai', on: '2025-08-02' } }, 409, 'invalid_transition');
  // history: as known at the end of 2024 Hương Lộc was recognised; as known on 02/08/2025 it is not
  const endOf2024 = await childFriendlyShare(ctx.database.db, fx.district, 2024);
  assert.equal(endOf2024.numerator, 2);
  const beforeWithdrawal = await childFriendlyShare(ctx.database.db, fx.communes['Hương Lộc'], 2024, { asOf: '2025-06-30' });
  assert.deepEqual([beforeWithdrawal.numerator, beforeWithdrawal.denominator], [1, 1]);
  const table = await ctx.request({ url: `/api/cff/communes?unitId=${fx.district}&year=2024` });
  assert.equal(table.json.rows.find((r: any) => r.unitId === fx.communes['Hương Lộc']).status, 'withdrawn');
  const decisions = await ctx.database.db.selectFrom('cff_decision').select(['kind']).where('registration_id', '=', ids.huongLoc).orderBy('id').execute();
  assert.deepEqual(decisions.map((d) => d.kind), ['recognised', 'withdrawn']);
});

test('indicator 1 across the 2025 merger: the new commune is re-assessed, predecessors do not carry over, history stays', async () => {
  // the old commune cannot start a 2025 cycle after it was merged
  await refusedAndNothingStored({ method: 'POST', url: '/api/cff/registrations', payload: { unitId: fx.communes['Khe Tre'], year: 2025, on: '2025-08-01' } }, 400, 'unit_not_in_force');
  const before = await childFriendlyShare(ctx.database.db, fx.hue, 2025);
  assert.deepEqual([before.numerator, before.denominator], [0, 1]);
  assert.equal(before.rows[0].unitId, fx.merged);
  assert.equal(before.rows[0].predecessorRecognised, true, 'Khe Tre was recognised in 2024 — shown, not counted');
  const id = await registerAndSubmit(fx.merged, 2025, { register: '2025-08-01', save: '2025-10-01', submit: '2025-11-01' });
  await refusedAndNothingStored({ method: 'POST', url: `/api/cff/registrations/${id}/decision`, payload: { kind: 'recognised', byUnitId: fx.district, on: '2025-12-01' } }, 403, 'not_competent_level');
  const ok = await ctx.request({ method: 'POST', url: `/api/cff/registrations/${id}/decision`, payload: { kind: 'recognised', byUnitId: fx.hue, number: '3050/QĐ-UBND', on: '2025-12-01' } });
  assert.equal(ok.statusCode, 201, ok.body);
  const r = await ctx.request({ url: `/api/cff/indicator1?unitId=${fx.hue}&year=2025` });
  assert.deepEqual([r.json.numerator, r.json.denominator, r.json.valueText], [1, 1, '100,0%']);
  // 2024 is unchanged by the merger; asking Huế (which did not exist then) answers through its predecessor
  const history = await ctx.request({ url: `/api/cff/indicator1?unitId=${fx.hue}&year=2024` });
  assert.equal(history.json.numerator, 2);
  assert.ok(history.json.denominator >= 11);
  const viaOld = await childFriendlyShare(ctx.database.db, fx.province, 2024);
  assert.deepEqual([viaOld.numerator, viaOld.denominator], [history.json.numerator, history.json.denominator]);
  // the abolished district, asked about 2025, answers with its communes as they stood on its last day? No: as of 31/12/2025 it has none
  const district2025 = await childFriendlyShare(ctx.database.db, fx.district, 2025);
  assert.equal(district2025.denominator, 0);
  assert.equal(district2025.valueText, '—');
});

test('an administrator corrects or adds a standard without code; inconsistent standards are refused', async () => {
  const current = await ctx.request({ url: '/api/cff/standards/QD06-2019' });
  assert.equal(current.statusCode, 200);
  const { id: _id, version: _v, ...standard } = current.json;
  const tooHigh = { ...standard, passRule: { ...standard.passRule, thresholds: [{ category: 'other', minTotal: 1200 }] } };
  await refusedAndNothingStored({ method: 'PUT', url: '/api/cff/standards/QD06-2019', payload: tooHigh }, 400, 'standard_inconsistent');
  const corrected = { ...standard, passRule: { ...standard.passRule, thresholds: standard.passRule.thresholds.map((t: any) => (t.category === 'other' ? { ...t, minTotal: 860, verify: true } : t)) } };
  const put = await ctx.request({ method: 'PUT', url: '/api/cff/standards/QD06-2019', payload: corrected });
  assert.equal(put.statusCode, 200, put.body);
  assert.equal(put.json.version, 2);
  assert.equal(put.json.passRule.thresholds.find((t: any) => t.category === 'other').minTotal, 860);
  // QĐ 34/2014 ships as data (issue #20): adding it again is refused by its code, and 2015 registrations use it
  const qd34 = { ...standard, code: 'QD34-2014', number: '34/2014/QĐ-TTg', issuedOn: '2014-05-30', titleVi: 'Quy định tiêu chuẩn xã, phường, thị trấn phù hợp với trẻ em', effectiveFrom: '2014-07-15', effectiveTo: '2019-01-03', verify: true };
  const post = await ctx.request({ method: 'POST', url: '/api/cff/standards', payload: qd34 });
  assert.equal(post.statusCode, 409, post.body);
  assert.equal(post.json.error.code, 'standard_exists');
  const reg = await ctx.request({ method: 'POST', url: '/api/cff/registrations', payload: { unitId: fx.communes['Thượng Long'], year: 2015, on: '2015-03-01' } });
  assert.equal(reg.statusCode, 201, reg.body);
  assert.equal(reg.json.file.standard.number, '34/2014/QĐ-TTg');
  const list = await ctx.request({ url: '/api/cff/standards' });
  assert.deepEqual(list.json.items.map((s: any) => s.code), ['QD37-2010', 'QD34-2014', 'QD06-2019']);
});

test('every change is in the audit log', async () => {
  const rows = await ctx.database.db.selectFrom('audit_log').select(['table_name', 'action']).where('table_name', 'like', 'cff_%').execute();
  const tables = new Set(rows.map((r) => r.table_name));
  for (const t of ['cff_registration', 'cff_assessment_item', 'cff_evidence', 'cff_decision', 'cff_cycle_settings', 'cff_standard']) assert.ok(tables.has(t), t);
  const evidence = await ctx.database.db.selectFrom('audit_log').select('after').where('table_name', '=', 'cff_evidence').executeTakeFirstOrThrow();
  assert.equal((evidence.after as Record<string, unknown>).content, undefined, 'file bytes are not copied into the audit log');
});
