import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { buildFixture, type Fixture } from './fixture.ts';

let ctx: TestContext;
let f: Fixture;
before(async () => {
  ctx = await createTestContext();
  f = await buildFixture(ctx.database.db);
});
after(async () => ctx.close());

const full = (n3a: number, d: number, marriages: number) => [
  { measure: '3a', numerator: n3a, denominator: d },
  { measure: '3b', numerator: n3a + 1, denominator: d },
  { measure: '3c', numerator: n3a + 2, denominator: d },
  { measure: '13', value: marriages },
];

async function myReport(unitId: number, year: number) {
  const r = await ctx.request({ url: `/api/my/reports?unitId=${unitId}&year=${year}` });
  assert.equal(r.statusCode, 200);
  assert.equal(r.json.items.length, 1);
  return r.json.items[0];
}
async function aggregate(unitId: number, measure: string, year: number) {
  const a = await ctx.database.db.selectFrom('aggregate_value').selectAll().where('unit_id', '=', unitId).where('measure_id', '=', f.measures[measure]).where('year', '=', year).where('disagg_key', '=', '').executeTakeFirst();
  return a && { sum_numerator: Number(a.sum_numerator), sum_denominator: Number(a.sum_denominator), reporting_count: Number(a.reporting_count), expected_count: Number(a.expected_count) };
}

test('obligations for a year follow the hierarchy of that year', async () => {
  const r = await ctx.request({ method: 'POST', url: `/api/plans/${f.plan}/obligations?year=2024` });
  assert.equal(r.statusCode, 201);
  assert.equal(r.json.created, 3); // district (consolidation) + 2 communes
  const again = await ctx.request({ method: 'POST', url: `/api/plans/${f.plan}/obligations?year=2024` });
  assert.equal(again.json.created, 0);
  const district = await myReport(f.hoangHoa, 2024);
  assert.equal(district.role, 'consolidation');
  assert.equal(district.dueDate, '2024-11-20');
  const commune = await myReport(f.hoangKim, 2024);
  assert.equal(commune.role, 'data');
  assert.equal(commune.recipient.id, f.hoangHoa);
  assert.equal(commune.dueDate, '2024-11-10');
  // after the reform: the merged commune reports to the province; 2025 also has the mid-term review
  const y2025 = await ctx.request({ method: 'POST', url: `/api/plans/${f.plan}/obligations?year=2025` });
  assert.deepEqual(y2025.json.periods.map((p: { kind: string }) => p.kind), ['annual', 'midterm']);
  const merged = await ctx.request({ url: `/api/my/reports?unitId=${f.merged}&year=2025` });
  assert.deepEqual(merged.json.items.map((i: { kind: string; recipient: { id: number } }) => [i.kind, i.recipient.id]).sort(), [['annual', f.thanhHoa], ['midterm', f.thanhHoa]]);
  const outside = await ctx.request({ method: 'POST', url: `/api/plans/${f.plan}/obligations?year=2035` });
  assert.equal(outside.statusCode, 400);
  assert.match(outside.json.error.message, /ngoài giai đoạn/);
});

test('draft → submit (idempotent) → live aggregates → return → resubmit → approve (locked) → reopen, with history', async () => {
  const o = await myReport(f.hoangKim, 2024);
  const saved = await ctx.request({ method: 'PUT', url: `/api/obligations/${o.id}`, payload: { version: o.version, values: [...full(3, 100, 2), { measure: '3a', key: 'sex:female', numerator: 1, denominator: 48 }] } });
  assert.equal(saved.statusCode, 200, saved.body);
  assert.equal(saved.json.status, 'draft');
  assert.equal(saved.json.values.length, 5);
  assert.equal(await aggregate(f.thanhHoa, '3a', 2024).then((a) => a?.reporting_count ?? 0), 0); // drafts do not count

  const headers = { 'idempotency-key': 'submit-abc-1' };
  const [s1, s2] = await Promise.all([
    ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/submit`, headers }),
    ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/submit`, headers }),
  ]);
  assert.equal(s1.statusCode, 200, s1.body);
  assert.equal(s2.statusCode, 200, s2.body);
  assert.deepEqual([s1.json.replayed, s2.json.replayed].sort(), [false, true]);
  const s3 = await ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/submit`, headers });
  assert.equal(s3.json.replayed, true);
  const events = await ctx.database.db.selectFrom('obligation_event').select('action').where('obligation_id', '=', o.id).execute();
  assert.equal(events.filter((e) => e.action === 'submit').length, 1);
  // a submit without the key on a submitted report is refused, not stored twice
  const s4 = await ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/submit` });
  assert.equal(s4.statusCode, 409);

  // the same transaction updated the commune, district, province and nation
  for (const u of [f.hoangKim, f.hoangHoa, f.thanhHoa, f.nation]) {
    const a = await aggregate(u, '3a', 2024);
    assert.equal(a?.sum_numerator, 3);
    assert.equal(a?.sum_denominator, 100);
    assert.equal(a?.reporting_count, 1);
    assert.equal(a?.expected_count, u === f.hoangKim ? 1 : 2);
  }
  const dash = await ctx.request({ url: `/api/dashboard/units/${f.thanhHoa}?year=2024` });
  const m3a = dash.json.measures.find((m: { code: string }) => m.code === '3a');
  assert.equal(m3a.value, 30);
  assert.equal(m3a.coverage, 0.5);
  assert.equal(m3a.partial, true);

  const noReason = await ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/return`, payload: {} });
  assert.equal(noReason.statusCode, 400);
  const ret = await ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/return`, payload: { reason: 'Số trẻ đẻ sống chưa khớp sổ A3' } });
  assert.equal(ret.json.status, 'returned');
  assert.equal(ret.json.returnedReason, 'Số trẻ đẻ sống chưa khớp sổ A3');
  assert.equal((await aggregate(f.nation, '3a', 2024))?.reporting_count, 0);
  assert.equal((await aggregate(f.nation, '3a', 2024))?.sum_numerator, 0);

  const fix = await ctx.request({ method: 'PUT', url: `/api/obligations/${o.id}`, payload: { version: ret.json.version, values: [{ measure: '3a', numerator: 3, denominator: 120 }] } });
  assert.equal(fix.statusCode, 200, fix.body);
  const re = await ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/submit`, headers: { 'idempotency-key': 'submit-abc-2' } });
  assert.equal(re.json.status, 'submitted');
  assert.equal((await aggregate(f.nation, '3a', 2024))?.sum_denominator, 120);

  const ap = await ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/approve` });
  assert.equal(ap.json.status, 'approved');
  assert.equal(ap.json.locked, true);
  const locked = await ctx.request({ method: 'PUT', url: `/api/obligations/${o.id}`, payload: { version: ap.json.version, values: [{ measure: '3a', numerator: 1, denominator: 120 }] } });
  assert.equal(locked.statusCode, 409);
  assert.match(locked.json.error.message, /phê duyệt/);
  assert.equal((await aggregate(f.nation, '3a', 2024))?.sum_denominator, 120);

  const reopened = await ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/reopen` });
  assert.equal(reopened.json.status, 'draft');
  assert.equal((await aggregate(f.nation, '3a', 2024))?.reporting_count, 0);

  const history = await ctx.request({ url: `/api/obligations/${o.id}/history` });
  const change = history.json.values.find((h: { measure: string; action: string }) => h.measure === '3a' && h.action === 'update');
  assert.deepEqual([change.old.denominator, change.new.denominator], [100, 120]);
  assert.equal(change.actor.name, 'admin');
  assert.deepEqual(history.json.events.map((e: { action: string }) => e.action), ['submit', 'return', 'submit', 'approve', 'reopen']);
});

test('two people editing the same report: the stale save gets 409 with the other\'s values', async () => {
  const o = await myReport(f.hoangTrung, 2024);
  const a = await ctx.request({ method: 'PUT', url: `/api/obligations/${o.id}`, payload: { version: o.version, values: [{ measure: '13', value: 4 }] } });
  assert.equal(a.statusCode, 200);
  const b = await ctx.request({ method: 'PUT', url: `/api/obligations/${o.id}`, payload: { version: o.version, values: [{ measure: '13', value: 7 }] } });
  assert.equal(b.statusCode, 409);
  assert.equal(b.json.error.code, 'version_conflict');
  assert.match(b.json.error.message, /người khác/);
  assert.equal(b.json.error.details.current.values.find((v: { measure: string }) => v.measure === '13').value, 4);
  const stored = await ctx.database.db.selectFrom('data_value').select('value').where('obligation_id', '=', o.id).execute();
  assert.deepEqual(stored.map((s) => Number(s.value)), [4]);
});

test('bad input: a clear bilingual error and nothing stored', async () => {
  const o = await myReport(f.hoangTrung, 2024);
  const before = await ctx.database.db.selectFrom('data_value').selectAll().where('obligation_id', '=', o.id).execute();
  const cases: [object, RegExp, string][] = [
    [{ measure: '3a', numerator: 120, denominator: 100 }, /tử số/, 'numerator_exceeds_denominator'],
    [{ measure: '3a', numerator: -1, denominator: 100 }, /âm/, 'negative'],
    [{ measure: '3a', numerator: 'ba', denominator: 100 }, /không phải là số/, 'not_a_number'],
    [{ measure: '3a', numerator: 0, denominator: 0 }, /mẫu số bằng 0/, 'zero_denominator'],
    [{ measure: '5a', numerator: 1, denominator: 2 }, /không thuộc báo cáo/, 'measure_not_assigned'],
  ];
  for (const [value, vi, code] of cases) {
    // a valid value alongside the bad one must not be stored either
    const r = await ctx.request({ method: 'PUT', url: `/api/obligations/${o.id}`, payload: { version: o.version, values: [{ measure: '3b', numerator: 1, denominator: 10 }, value] } });
    assert.equal(r.statusCode, 400, JSON.stringify(value));
    assert.equal(r.json.error.code, code);
    assert.match(r.json.error.message, vi);
    assert.ok(r.json.error.messageEn.length > 10);
  }
  const after = await ctx.database.db.selectFrom('data_value').selectAll().where('obligation_id', '=', o.id).execute();
  assert.deepEqual(after, before);
  // submitting with required values missing is refused; "unknown" said explicitly is accepted
  const cur = (await ctx.request({ url: `/api/obligations/${o.id}` })).json;
  const missing = await ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/submit` });
  assert.equal(missing.statusCode, 400);
  assert.match(missing.json.error.message, /3a/);
  const fill = await ctx.request({ method: 'PUT', url: `/api/obligations/${o.id}`, payload: { version: cur.version, values: [{ measure: '3a', unknown: true }, { measure: '3b', unknown: true }, { measure: '3c', numerator: 1, denominator: 3 }] } });
  assert.equal(fill.statusCode, 200, fill.body);
  const ok = await ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/submit` });
  assert.equal(ok.statusCode, 200, ok.body);
  // 3c = 333‰ is implausible: flagged for the approver, not blocked
  assert.ok(ok.json.flags.some((x: { code: string; measure: string }) => x.code === 'implausible' && x.measure === '3c'));
  const inbox = await ctx.request({ url: `/api/inbox?unitId=${f.hoangHoa}` });
  assert.ok(inbox.json.items.some((i: { id: number; flags: unknown[] }) => i.id === o.id && i.flags.length > 0));
  // a locked period refuses changes
  await ctx.database.db.updateTable('reporting_period').set({ locked: true }).where('year', '=', 2024).execute();
  const lockedPeriod = await ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/return`, payload: { reason: 'x' } });
  assert.equal(lockedPeriod.statusCode, 409);
  assert.match(lockedPeriod.json.error.message, /khóa sổ/);
  await ctx.database.db.updateTable('reporting_period').set({ locked: false }).where('year', '=', 2024).execute();
});
