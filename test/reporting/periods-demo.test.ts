import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { loadDemo } from '../../src/storage/demo/index.ts';

let ctx: TestContext;
let provinceId: number;
let planId: number;
before(async () => {
  ctx = await createTestContext();
  const summary = await loadDemo(ctx.database.db, { only: 'reporting' });
  provinceId = summary.province.id;
  planId = summary.reporting.planId;
  assert.deepEqual(summary.reporting.periods, ['202501', '202502', '202503', '202504', '202505', '202506', '202507', '2025S1']);
});
after(async () => ctx.close());

const unitAt = async (level: string, code: string, at: string) =>
  (await ctx.database.db.selectFrom('admin_unit').select('id').where('level', '=', level).where('code', '=', code).where('valid_from', '<=', at).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)])).executeTakeFirstOrThrow()).id;

test('demo: the plan shows its six-monthly and monthly rules in words, the monthly one limited to indicators 9 and 13', async () => {
  const plan = (await ctx.request({ url: `/api/plans/${planId}` })).json;
  const rules = plan.reporting.map((r: { period: string; due: { day: number; month: number } | null; dueInPeriod: string | null; indicators: string[] | null }) => [r.period, r.due?.day, r.dueInPeriod, r.indicators]);
  assert.deepEqual(rules, [['yearly', 20, null, null], ['sixmonthly', 15, null, null], ['monthly', 5, 'next_month', ['9', '13']]]);
});

test('demo: the first half of 2025 from the communes before the merger, on the province dashboard beside the year', async () => {
  const hoangKim = await unitAt('commune', '15889', '2025-01-01');
  const half = (await ctx.request({ url: `/api/my/reports?unitId=${hoangKim}&period=2025S1` })).json.items;
  assert.equal(half.length, 1);
  assert.deepEqual([half[0].periodLabel, half[0].status, half[0].dueDate], ['6 tháng đầu năm 2025', 'approved', '2025-06-05']);
  const dash = (await ctx.request({ url: `/api/dashboard/units/${provinceId}?year=2025` })).json;
  const m3a = dash.measures.find((m: { code: string }) => m.code === '3a');
  const series = (await ctx.request({ url: `/api/dashboard/units/${provinceId}/periods?measure=${m3a.measureId}&year=2025` })).json;
  const s1 = series.periods.find((p: { period: string }) => p.period === '2025S1');
  assert.ok(s1 && s1.value > 0 && s1.value < 60, JSON.stringify(s1));
  assert.equal(s1.reportingCount, 7);
  assert.equal(series.year_figure.source, 'year');
  // an old commune, abolished on 01/07/2025, has no year's report for 2025: its year is its first half
  const own = (await ctx.request({ url: `/api/dashboard/units/${hoangKim}?year=2025` })).json.measures.find((m: { code: string }) => m.code === '3a');
  assert.deepEqual([own.source, own.periods], ['periods', ['2025S1']]);
  assert.match(own.sourceText.vi, /Cộng từ các kỳ: 6 tháng đầu năm 2025 \(chưa đủ năm\)/);
  // the province's inbox: Thọ Xuân's half-year consolidation waits; the new communes' July statistics too
  const inbox = (await ctx.request({ url: `/api/inbox?unitId=${provinceId}&status=submitted` })).json.items;
  const labels = inbox.map((i: { periodLabel: string }) => i.periodLabel);
  assert.ok(labels.includes('6 tháng đầu năm 2025') && labels.includes('Tháng 7/2025'), labels.join(', '));
});

test('demo: monthly case statistics for indicators 9 and 13 only, January–July 2025, completeness per month', async () => {
  const hoangPhu = await unitAt('commune', '15889', '2025-08-01');
  const july = (await ctx.request({ url: `/api/my/reports?unitId=${hoangPhu}&period=202507` })).json.items;
  assert.equal(july.length, 1);
  const form = (await ctx.request({ url: `/api/obligations/${july[0].id}` })).json;
  assert.deepEqual(form.measures.map((m: { code: string }) => m.code), ['9', '13']);
  const c = (await ctx.request({ url: `/api/completeness?unitId=${provinceId}&year=2025&period=202503` })).json;
  assert.equal(c.kind, 'monthly');
  assert.ok(c.total.received >= 7, JSON.stringify(c.total));
  // every month's count is within the commune's year
  const m13 = (await ctx.request({ url: `/api/dashboard/units/${provinceId}?year=2025` })).json.measures.find((m: { code: string }) => m.code === '13');
  const months = (await ctx.request({ url: `/api/dashboard/units/${provinceId}/periods?measure=${m13.measureId}&year=2025` })).json.periods.filter((p: { period: string }) => /^\d{6}$/.test(p.period));
  assert.deepEqual(months.map((p: { period: string }) => p.period), ['202501', '202502', '202503', '202504', '202505', '202506', '202507']);
});

// ───────────── exchange: DHIS2 JSON/XML, ADX and CSV with sub-period codes, in the shape of DHIS2's own files ─────────────

const DS = 'pBOMPrpg1QX';
async function mapForExchange() {
  const E = (measure: string, part: string, dataElement: string) => ctx.request({ method: 'POST', url: '/api/exchange/mapping/elements', payload: { measure, part, dataElement } });
  for (const [m, part, de] of [['13', 'value', 'TaoHon13cnt'], ['9', 'numerator', 'XamHai09num'], ['9', 'denominator', 'XamHai09den'], ['3a', 'numerator', 'SoSinh3anum'], ['3a', 'denominator', 'SoSinh3aden']] as const)
    assert.equal((await E(m, part, de)).statusCode, 201);
  const O = async (unitId: number, orgUnit: string) => assert.equal((await ctx.request({ method: 'POST', url: '/api/exchange/mapping/org-units', payload: { unitId, orgUnit } })).statusCode, 201);
  await O(await unitAt('commune', '15889', '2025-08-01'), 'HoangPhuMoi');
  await O(await unitAt('commune', '15520', '2025-08-01'), 'XuanHoaMoi1');
  await O(await unitAt('commune', '15889', '2025-01-01'), 'HoangKimCu1');
}
const send = (url: string, body: string, type: string) => ctx.request({ method: 'POST', url, payload: body, headers: { 'content-type': type } });
const valuesOf = async (unitId: number, period: string) => {
  const [o] = (await ctx.request({ url: `/api/my/reports?unitId=${unitId}&period=${period}` })).json.items;
  const form = (await ctx.request({ url: `/api/obligations/${o.id}` })).json;
  return { report: o, values: Object.fromEntries(form.values.filter((v: { key: string }) => v.key === '').map((v: { measure: string; value: number | null; numerator: number | null; denominator: number | null }) => [v.measure, v.value ?? [v.numerator, v.denominator]])) };
};

test('exchange: a month (202508) lands in the monthly reports from DHIS2 JSON, XML and ADX; 2025Q3 and a week are refused naming the plan\'s rules; nothing stored', async () => {
  await mapForExchange();
  const gen = await ctx.request({ method: 'POST', url: `/api/plans/${planId}/obligations?year=2025&period=202508` });
  assert.equal(gen.statusCode, 201, gen.body);
  const hoangPhu = await unitAt('commune', '15889', '2025-08-01');
  const xuanHoa = await unitAt('commune', '15520', '2025-08-01');

  // DHIS2 JSON, as DHIS2 writes a monthly data value set (dataValueSetJ.json's shape)
  const json = { dataSet: DS, completeDate: '2025-09-03', period: '202508', orgUnit: 'HoangPhuMoi', dataValues: [
    { dataElement: 'TaoHon13cnt', value: '1', storedBy: 'dhis2', comment: 'một vụ, đã can thiệp' },
    { dataElement: 'XamHai09num', value: '2' }, { dataElement: 'XamHai09den', value: '812' },
  ] };
  const r1 = await ctx.request({ method: 'POST', url: `/api/exchange/dhis2/dataValueSets?planId=${planId}`, payload: json });
  assert.equal(r1.statusCode, 200, r1.body);
  assert.equal(r1.json.importCount.imported, 3);
  const after1 = await valuesOf(hoangPhu, '202508');
  assert.deepEqual([after1.report.kind, after1.values['13'], after1.values['9']], ['monthly', 1, [2, 812]]);

  // DHIS2 XML (dataValueSetA.xml's shape) and ADX (a P1M group) for the other commune
  const xml = `<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" dataSet="${DS}">
    <dataValue dataElement="TaoHon13cnt" period="202508" orgUnit="XuanHoaMoi1" value="0" storedBy="john" timestamp="2025-09-02" comment="" followup="false"/>
</dataValueSet>`;
  const r2 = await send(`/api/exchange/dhis2/dataValueSets?planId=${planId}`, xml, 'application/xml');
  assert.equal(r2.statusCode, 200, r2.body);
  const adx = `<?xml version="1.0" encoding="UTF-8"?>
<adx xmlns="urn:ihe:qrph:adx:2015" exported="2025-09-04T08:00:00Z">
    <group orgUnit="XuanHoaMoi1" period="2025-08-01/P1M" dataSet="${DS}">
        <dataValue dataElement="XamHai09num" value="1" />
        <dataValue dataElement="XamHai09den" value="640" />
    </group>
</adx>`;
  const r3 = await send(`/api/exchange/adx?planId=${planId}`, adx, 'application/xml');
  assert.equal(r3.statusCode, 200, r3.body);
  assert.deepEqual((await valuesOf(xuanHoa, '202508')).values, { 13: 0, 9: [1, 640] });

  // a quarter the plan does not ask for: refused, naming the plan and what it asks for, nothing stored
  const q3 = xml.replace('period="202508"', 'period="2025Q3"').replace('value="0"', 'value="3"');
  const r4 = await send(`/api/exchange/dhis2/dataValueSets?planId=${planId}`, q3, 'application/xml');
  assert.equal(r4.statusCode, 409, r4.body);
  const c = r4.json.conflicts[0];
  assert.equal(c.errorCode, 'E7614');
  assert.match(c.value, /^Kỳ 2025Q3 \(Quý III\/2025\) không khớp quy định báo cáo của kế hoạch DEMO-KH-UBND: kế hoạch quy định báo cáo năm; 6 tháng \(trước ngày 15\/6\); tháng \(trước ngày 5 của tháng sau kỳ báo cáo; chỉ tiêu 9, 13\)/);
  // the second half of 2025: "báo cáo 6 tháng trước ngày 15/6" asks for the first half only
  const s2 = await send(`/api/exchange/adx?planId=${planId}`, adx.replace('2025-08-01/P1M', '2025-07-01/P6M'), 'application/xml');
  assert.equal(s2.statusCode, 409);
  assert.match(s2.json.conflicts[0].value, /Kỳ 2025S2 \(6 tháng cuối năm 2025\) không khớp/);
  const week = await ctx.request({ method: 'POST', url: `/api/exchange/dhis2/dataValueSets?planId=${planId}`, payload: { ...json, period: '2025W33' } });
  assert.equal(week.statusCode, 409);
  assert.match(week.json.conflicts[0].value, /Kỳ 2025W33 không khớp quy định báo cáo/);
  assert.deepEqual((await valuesOf(xuanHoa, '202508')).values, { 13: 0, 9: [1, 640] });
});

test('exchange: the first half of 2025 lands in the six-monthly reports (approved: refused as locked); a month larger than the year refused naming both figures', async () => {
  const hoangKim = await unitAt('commune', '15889', '2025-01-01');
  const locked = await ctx.request({ method: 'POST', url: `/api/exchange/dhis2/dataValueSets?planId=${planId}`, payload: { dataSet: DS, period: '2025S1', orgUnit: 'HoangKimCu1', dataValues: [{ dataElement: 'TaoHon13cnt', value: '2' }] } });
  assert.equal(locked.statusCode, 409);
  assert.equal(locked.json.conflicts[0].errorCode, 'E7626');
  assert.match(locked.json.conflicts[0].value, /Báo cáo kỳ 2025S1 của .* đã được phê duyệt/);
  const before = (await valuesOf(hoangKim, '2025S1')).values['13'];

  // a month's count above the commune's whole year (its 2025 report): refused with both figures, nothing stored
  const hoangPhu = await unitAt('commune', '15889', '2025-08-01');
  const year = (await valuesOf(hoangPhu, '2025')).values['13'] as number;
  const csv = `"dataelement","period","orgunit","categoryoptioncombo","attributeoptioncombo","value","storedby","timestamp","comment","followup"\n"TaoHon13cnt","202508","HoangPhuMoi","","","${year + 5}","john","2025-09-01","","false"\n`;
  const big = await send(`/api/exchange/dhis2/dataValueSets?planId=${planId}`, csv, 'text/csv');
  assert.equal(big.statusCode, 409, big.body);
  assert.match(big.json.conflicts[0].value, new RegExp(`Chỉ tiêu 13: số liệu tháng 8/2025 \\(${year + 5}\\) lớn hơn số liệu cả năm 2025 \\(${year}\\)`));
  assert.equal((await valuesOf(hoangPhu, '202508')).values['13'], 1);
  assert.equal((await valuesOf(hoangKim, '2025S1')).values['13'], before);
});

test('exchange: exports write sub-period values with their codes (DHIS2 2025S1 / 202508, ADX 2025-01-01/P6M)', async () => {
  const out = await ctx.request({ url: `/api/exchange/dhis2/dataValueSets?planId=${planId}&unitId=${provinceId}&period=2025S1&children=true` });
  assert.equal(out.statusCode, 200, out.body);
  const mine = out.json.dataValues.filter((v: { orgUnit: string }) => v.orgUnit === 'HoangKimCu1');
  assert.ok(mine.length >= 3, JSON.stringify(out.json.dataValues));
  assert.ok(mine.every((v: { period: string }) => v.period === '2025S1'));
  assert.ok(mine.some((v: { dataElement: string }) => v.dataElement === 'SoSinh3anum'));
  // a month's case statistics: 0 child marriages travels; the 1 abused child of Xuân Hòa is a small cell, withheld
  const month = await ctx.request({ url: `/api/exchange/dhis2/dataValueSets?planId=${planId}&unitId=${await unitAt('commune', '15520', '2025-08-01')}&period=202508` });
  assert.equal(month.statusCode, 200, month.body);
  const rows = month.json.dataValues.map((v: { dataElement: string; period: string; value: string }) => [v.dataElement, v.period, v.value]);
  assert.ok(rows.some((r: string[]) => r.join() === 'TaoHon13cnt,202508,0'), JSON.stringify(rows));
  assert.ok(!rows.some((r: string[]) => r[0] === 'XamHai09num'), JSON.stringify(rows));
  const adx = await ctx.request({ url: `/api/exchange/adx?planId=${planId}&unitId=${provinceId}&period=2025S1&children=true` });
  assert.equal(adx.statusCode, 200, adx.body);
  assert.match(adx.body, /<group orgUnit="HoangKimCu1" period="2025-01-01\/P6M"/);
});
