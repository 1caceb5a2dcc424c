/**
 * Seed 002: Nam Đông district's 2014 plan under the old standard (QĐ 37/2010/QĐ-TTg).
 * 11/11 units register before 10/04/2014, self-assess before 20/10/2014, the district recognises
 * 7 of them (63,6%); the district pays 500.000 đồng per registered unit, the province 500.000 đồng
 * per recognised unit.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { createNamDong, FILES, multipart, NAM_DONG_COMMUNES, type Fixture } from './fixtures.ts';
import { childFriendlyShare } from '../../src/storage/cff/share.ts';

let ctx: TestContext;
let fx: Fixture;
const regs: Record<string, number> = {};

/** Full marks under QĐ 37/2010 as shipped (values, scored by the standard). */
const PASSING = [
  { code: '1.1', value: 99 }, { code: '2.1', value: 96 }, { code: '2.2', value: 10 }, { code: '3.1', value: 97 }, { code: '3.2', value: 0.5 },
  { code: '4.1', value: 1 }, { code: '5.1', value: 95 }, { code: '6.1', value: 0 }, { code: '7.1', value: 0 }, { code: '8.1', value: 85 },
  { code: '9.1', value: 1 }, { code: '10.1', value: 1 },
];
/** 90 points but no play space: criterion 4 at 0 → not recognisable. */
const NO_PLAY_SPACE = PASSING.map((i) => (i.code === '4.1' ? { code: '4.1', value: 0 } : i));

const RECOGNISED = ['Khe Tre', 'Hương Phú', 'Hương Sơn', 'Hương Lộc', 'Hương Giang', 'Thượng Quảng', 'Thượng Long'];

before(async () => {
  ctx = await createTestContext();
  fx = await createNamDong(ctx.database.db);
});
after(async () => ctx.close());

test('the district sets the 2014 cycle from its plan: deadlines, targets and support payments', async () => {
  const r = await ctx.request({
    method: 'PUT', url: '/api/cff/settings',
    payload: { unitId: fx.district, year: 2014, registrationDeadline: '2014-04-10', selfAssessmentDeadline: '2014-10-20', targetRegistered: 11, targetRecognised: 7, paymentRegistered: 500000, paymentRegisteredPayer: 'Ngân sách huyện', paymentRecognised: 500000, paymentRecognisedPayer: 'Ngân sách tỉnh' },
  });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json.payment_registered, 500000);
  // a commune does not set its own cycle; deadlines in the wrong order are refused
  const commune = await ctx.request({ method: 'PUT', url: '/api/cff/settings', payload: { unitId: fx.communes['Khe Tre'], year: 2014, paymentRegistered: 1 } });
  assert.equal(commune.statusCode, 400);
  const order = await ctx.request({ method: 'PUT', url: '/api/cff/settings', payload: { unitId: fx.district, year: 2014, registrationDeadline: '2014-10-20', selfAssessmentDeadline: '2014-04-10' } });
  assert.equal(order.json.error.code, 'deadlines_order');
  const kept = await ctx.request({ url: `/api/cff/settings?unitId=${fx.district}&year=2014` });
  assert.equal(kept.json.registration_deadline, '2014-04-10');
});

test('all 11 communes register before 10/04/2014 under QĐ 37/2010 (the standard in force then)', async () => {
  for (const [name] of NAM_DONG_COMMUNES) {
    const r = await ctx.request({ method: 'POST', url: '/api/cff/registrations', payload: { unitId: fx.communes[name], year: 2014, on: '2014-04-02', unitCategory: 'mountain_island_difficult' } });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json.file.standard.number, '37/2010/QĐ-TTg');
    regs[name] = r.json.id;
  }
  const t = await ctx.request({ url: `/api/cff/targets?unitId=${fx.district}&year=2014` });
  assert.equal(t.json.registered, 11);
  assert.equal(t.json.communes, 11);
  assert.equal(t.json.text.registered, '11/11 (100,0%)');
  assert.equal(t.json.registeredMet, true);
});

test('a second registration for the same year is a conflict; a date no shipped standard covers is refused; 2015 falls under QĐ 34/2014', async () => {
  const dup = await ctx.request({ method: 'POST', url: '/api/cff/registrations', payload: { unitId: fx.communes['Khe Tre'], year: 2014, on: '2014-04-03' } });
  assert.equal(dup.statusCode, 409);
  const early = await ctx.request({ method: 'POST', url: '/api/cff/registrations', payload: { unitId: fx.communes['Khe Tre'], year: 2010, on: '2010-03-01' } });
  // before QĐ 37/2010 came into force (10/06/2010) no shipped standard covers the date
  assert.equal(early.statusCode, 400, early.body);
  assert.equal(early.json.error.code, 'no_standard_in_force');
  // a 2015 registration falls under QĐ 34/2014/QĐ-TTg (in force 15/07/2014 – 03/01/2019)
  const later = await ctx.request({ method: 'POST', url: '/api/cff/registrations', payload: { unitId: fx.communes['Khe Tre'], year: 2015, on: '2015-05-01' } });
  assert.equal(later.statusCode, 201, later.body);
  assert.equal(later.json.file.standard.number, '34/2014/QĐ-TTg');
  assert.equal(later.json.file.standard.code, 'QD34-2014');
});

test('communes self-assess, attach evidence and submit before 20/10/2014', async () => {
  for (const [name] of NAM_DONG_COMMUNES) {
    const items = RECOGNISED.includes(name) ? PASSING : NO_PLAY_SPACE;
    const s = await ctx.request({ method: 'PUT', url: `/api/cff/registrations/${regs[name]}/assessment`, payload: { items, on: '2014-09-15' } });
    assert.equal(s.statusCode, 200, s.body);
    const noEvidence = await ctx.request({ method: 'POST', url: `/api/cff/registrations/${regs[name]}/submit`, payload: { on: '2014-10-01' } });
    assert.equal(noEvidence.statusCode, 400);
    assert.equal(noEvidence.json.error.code, 'evidence_missing');
    const { payload, headers } = multipart('ke-hoach-bvcste-2014.pdf', FILES.pdf, 'application/pdf');
    const up = await ctx.request({ method: 'POST', url: `/api/cff/registrations/${regs[name]}/evidence?items=10.1&on=2014-10-01`, payload, headers });
    assert.equal(up.statusCode, 201, up.body);
    const sub = await ctx.request({ method: 'POST', url: `/api/cff/registrations/${regs[name]}/submit`, payload: { on: '2014-10-15' } });
    assert.equal(sub.statusCode, 200, sub.body);
    assert.equal(sub.json.evaluation.passed, RECOGNISED.includes(name));
  }
  const queue = await ctx.request({ url: `/api/cff/queue?unitId=${fx.district}&year=2014` });
  assert.equal(queue.json.items.length, 11);
});

test('the district recognises 7 units and refuses 4; a unit with a criterion at 0 cannot be recognised', async () => {
  const bad = await ctx.request({ method: 'POST', url: `/api/cff/registrations/${regs['Hương Hòa']}/decision`, payload: { kind: 'recognised', byUnitId: fx.district, on: '2014-12-15' } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json.error.code, 'standard_not_met');
  assert.match(bad.json.error.message, /Tiêu chí 4 bị 0 điểm/);
  for (const [name] of NAM_DONG_COMMUNES) {
    const kind = RECOGNISED.includes(name) ? 'recognised' : 'not_recognised';
    const r = await ctx.request({ method: 'POST', url: `/api/cff/registrations/${regs[name]}/decision`, payload: { kind, byUnitId: fx.district, number: `${100 + Object.keys(regs).indexOf(name)}/QĐ-UBND`, on: '2014-12-15', signer: 'Nguyễn Văn A', signerTitle: 'Phó Chủ tịch' } });
    assert.equal(r.statusCode, 201, r.body);
  }
});

test('targets: 11/11 registered, 7 recognised = 63,6% (7/11 as planned, shown with one decimal like every computed figure)', async () => {
  const t = await ctx.request({ url: `/api/cff/targets?unitId=${fx.district}&year=2014` });
  assert.equal(t.statusCode, 200);
  assert.equal(t.json.recognised, 7);
  assert.equal(t.json.text.recognised, '7/11 (63,6%)');
  assert.equal(t.json.text.targetRecognised, '≥ 7 (63,6%)');
  assert.equal(t.json.recognisedMet, true);
  assert.deepEqual(t.json.counts, { recognised: 7, not_recognised: 4 });
});

test('payments for the finance office: 11 × 500.000 (district) + 7 × 500.000 (province) đồng', async () => {
  const p = await ctx.request({ url: `/api/cff/payments?unitId=${fx.district}&year=2014` });
  assert.equal(p.statusCode, 200);
  assert.equal(p.json.counts.registered, 11);
  assert.equal(p.json.counts.recognised, 7);
  assert.equal(p.json.totals.registered, 5_500_000);
  assert.equal(p.json.totals.recognised, 3_500_000);
  assert.equal(p.json.totals.all, 9_000_000);
  assert.ok(p.json.lines.filter((l: any) => l.reason === 'recognised').every((l: any) => l.payer === 'Ngân sách tỉnh'));
});

test('indicator 1 for Nam Đông and for the province in 2014 comes from the recognitions: 63,6%', async () => {
  const r = await ctx.request({ url: `/api/cff/indicator1?unitId=${fx.district}&year=2014` });
  assert.equal(r.statusCode, 200);
  assert.equal(r.json.numerator, 7);
  assert.equal(r.json.denominator, 11);
  assert.equal(r.json.valueText, '63,6%');
  assert.equal(r.json.coverage, 1);
  // the province counts the same 7 recognitions over all its communes
  const share = await childFriendlyShare(ctx.database.db, fx.province, 2014);
  assert.equal(share.numerator, 7);
  assert.ok(share.denominator >= 11);
  // a recognition counts for its year only (QĐ 37/2010: validity 1 year): 2015 has none yet
  const next = await childFriendlyShare(ctx.database.db, fx.district, 2015);
  assert.deepEqual([next.numerator, next.denominator, next.coverage], [0, 11, 0]);
});

test('the status table lists every commune with its status', async () => {
  const r = await ctx.request({ url: `/api/cff/communes?unitId=${fx.district}&year=2014` });
  assert.equal(r.statusCode, 200);
  assert.equal(r.json.rows.length, 11);
  assert.equal(r.json.rows.find((x: any) => x.name === 'Hương Hòa').status, 'not_recognised');
  assert.equal(r.json.share.valueText, '63,6%');
});

test('the recognition decision and certificate as DOCX and PDF in the Nghị định 30 layout', async () => {
  const mammoth = (await import('mammoth')).default;
  const { extractText, getDocumentProxy } = await import('unpdf');
  const admin = await ctx.sessionFor(ctx.admin);
  const download = async (url: string) => {
    const r = await ctx.app.inject({ url, cookies: { vitreem_session: admin.sessionId } });
    return { status: r.statusCode, type: String(r.headers['content-type']), bytes: r.rawPayload, body: r.body };
  };
  const file = await ctx.request({ url: `/api/cff/registrations/${regs['Khe Tre']}` });
  const decisionId = file.json.decisions[0].id;
  const docx = await download(`/api/cff/decisions/${decisionId}/document?kind=decision&format=docx`);
  assert.equal(docx.status, 200, docx.body.slice(0, 300));
  assert.match(docx.type, /wordprocessingml/);
  const text = (await mammoth.extractRawText({ buffer: docx.bytes })).value;
  for (const expected of ['ỦY BAN NHÂN DÂN', 'HUYỆN NAM ĐÔNG', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Số: 100/QĐ-UBND', 'Nam Đông, ngày 15 tháng 12 năm 2014', 'QUYẾT ĐỊNH', 'Về việc công nhận xã, phường, thị trấn phù hợp với trẻ em năm 2014', 'Căn cứ Quyết định số 37/2010/QĐ-TTg ngày 22/04/2010', 'Điều 1. Công nhận thị trấn Khe Tre, huyện Nam Đông đạt tiêu chuẩn', '100/100 điểm', 'Nơi nhận:', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Nguyễn Văn A']) {
    assert.ok(text.includes(expected), `DOCX lacks "${expected}"`);
  }
  assert.ok((await mammoth.convertToHtml({ buffer: docx.bytes })).value.length > 0);
  const pdf = await download(`/api/cff/decisions/${decisionId}/document?kind=certificate&format=pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  const { text: pdfText } = await extractText(await getDocumentProxy(new Uint8Array(pdf.bytes)), { mergePages: true });
  for (const expected of ['GIẤY CHỨNG NHẬN', 'THỊ TRẤN KHE TRE', 'Độc lập - Tự do - Hạnh phúc', 'năm 2014', '100/QĐ-UBND']) {
    assert.ok(pdfText.includes(expected), `PDF lacks "${expected}": ${pdfText.slice(0, 400)}`);
  }
  const refused = (await ctx.request({ url: `/api/cff/registrations/${regs['Hương Hòa']}` })).json.decisions[0].id;
  const none = await ctx.request({ url: `/api/cff/decisions/${refused}/document?kind=certificate&format=pdf` });
  assert.equal(none.statusCode, 400);
  assert.equal(none.json.error.code, 'no_document');
});

test("the unit dashboard's indicator 1 is the recognitions' share, not a reported figure", async () => {
  const r = await ctx.request({ url: `/api/dashboard/units/${fx.district}?year=2014` });
  assert.equal(r.statusCode, 200, r.body);
  const m1 = r.json.measures.find((m: any) => m.code === '1');
  assert.ok(m1, 'indicator 1 is on the dashboard');
  assert.equal(Math.round(m1.value * 100) / 100, 63.64);
});

test('the standards’ lineage as shipped: QĐ 37/2010 → QĐ 34/2014 (15 criteria, from 15/07/2014) → QĐ 06/2019, without a gap', async () => {
  const { BUILT_IN_STANDARDS, QD34_2014 } = await import('../../src/domain/cff/index.ts');
  assert.deepEqual(BUILT_IN_STANDARDS.map((s) => s.number), ['37/2010/QĐ-TTg', '34/2014/QĐ-TTg', '06/QĐ-TTg']);
  for (let i = 1; i < BUILT_IN_STANDARDS.length; i++) assert.equal(BUILT_IN_STANDARDS[i - 1]!.effectiveTo, BUILT_IN_STANDARDS[i]!.effectiveFrom, 'each ends the day its successor starts');
  assert.equal(QD34_2014.criteria.length, 15, 'Điều 2 khoản 1: "được đánh giá thông qua 15 tiêu chí"');
  assert.equal(QD34_2014.effectiveFrom, '2014-07-15');
  assert.equal(QD34_2014.issuedOn, '2014-05-30');
  assert.equal(QD34_2014.criteria[1]!.titleVi, 'Tỷ lệ trẻ em được khai sinh đúng quy định');
  const listed = await ctx.request({ url: '/api/cff/standards' });
  assert.equal(listed.statusCode, 200, listed.body);
  assert.ok(JSON.stringify(listed.json).includes('34/2014/QĐ-TTg'));
});
