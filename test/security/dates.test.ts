/**
 * Impossible dates (issue #13 point 8): every date a route takes is a calendar date at the schema level —
 * `receivedAt: 2026-02-31` is a 400 (not 3 March), a meeting on 31/11 is a 400 — checked on every route
 * of the app (the route list, not a hand-kept one) and through the real routes of case management.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ZodType } from 'zod';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { childBody, createPeople, createUnits, type People, type Units } from '../register/fixtures.ts';
import { isCalendarDateTime, parseCalendarDate } from '../../src/domain/calendar-date.ts';
import { Counter } from './harness.ts';

const IMPOSSIBLE = ['2026-02-31', '2025-11-31', '2025-02-29', '2025-04-31', '2025-13-01', '2025-00-10', '2025-06-00', '2026-02-31T08:00:00+07:00', '2025-11-31T09:00', '2025-06-01T24:00', '2025-06-01T10:60', '2025-06-01T10:00:61Z', '31/11/2025', '29/02/2025'];

let ctx: TestContext;
let u: Units;
let p: People;
const counter = new Counter('impossible_dates');

before(async () => {
  ctx = await createTestContext();
  u = await createUnits(ctx);
  p = await createPeople(ctx, u);
});
after(async () => {
  counter.report();
  assert.equal(counter.successes, 0, counter.findings.join('\n'));
  await ctx.close();
});

test('the one rule', () => {
  for (const d of ['2024-02-29', '2025-12-31', '2026-02-28']) assert.equal(parseCalendarDate(d), d);
  assert.equal(parseCalendarDate('29/02/2024'), '2024-02-29');
  assert.equal(parseCalendarDate('1/6/2025'), '2025-06-01');
  for (const d of ['2026-02-31', '31/11/2025', '29/02/2025', '2025-13-01', '']) assert.equal(parseCalendarDate(d), null, d);
  for (const d of ['2025-06-01T08:30', '2025-06-01T08:30:00Z', '2025-06-01T08:30:00.123+07:00', '2024-02-29', '2025-06-01 08:30']) assert.ok(isCalendarDateTime(d), d);
  for (const d of IMPOSSIBLE.filter((x) => !x.includes('/'))) assert.ok(!isCalendarDateTime(d), d);
});

/** zod object behind optional/nullable/default wrappers */
function shapeOf(schema: unknown): Record<string, ZodType> | null {
  let s = schema as { _zod?: { def: { type: string; innerType?: unknown; shape?: Record<string, ZodType> } }; shape?: Record<string, ZodType> } | undefined;
  for (let i = 0; i < 5 && s?._zod && s._zod.def.type !== 'object'; i++) s = s._zod.def.innerType as typeof s;
  return s?._zod?.def.type === 'object' ? (s.shape ?? null) : null;
}

test('every route: each body or query field named like a date refuses impossible dates at the schema level', () => {
  const DATE_NAME = /(Date|At|On|Deadline|^at$|^on$|^asOf$|^date$|^from$|^to$|^validFrom$|^validTo$|^effectiveDate$)$/;
  let fields = 0;
  for (const route of ctx.app.accessRoutes.filter((r) => r.url.startsWith('/api/'))) {
    const schema = route.schema as { body?: unknown; querystring?: unknown } | undefined;
    for (const part of ['body', 'querystring'] as const) {
      const shape = shapeOf(schema?.[part]);
      if (!shape) continue;
      for (const [name, field] of Object.entries(shape)) {
        if (!DATE_NAME.test(name)) continue;
        fields++;
        for (const d of IMPOSSIBLE) counter.attempt(field.safeParse(d).success, `${route.method} ${route.url} ${part}.${name} accepts ${d}`);
      }
    }
  }
  console.log(`dates.fields-checked: ${fields} fields`);
  assert.ok(fields >= 30, `found ${fields} date fields`);
});

test('case management over HTTP: receivedAt 2026-02-31 and a meeting on 31/11 are 400, nothing stored', async () => {
  const c = await p.workerA.request({ method: 'POST', url: '/api/children', payload: childBody(u.communeA, { fullName: 'Lường Văn Tú', birthDate: '2013-07-07' }) });
  assert.equal(c.statusCode, 201, c.body);
  const before = await ctx.database.db.selectFrom('child_case').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  for (const receivedAt of ['2026-02-31', '2026-02-31T08:00:00+07:00', '2025-11-31T10:00']) {
    const r = await p.workerA.request({ method: 'POST', url: '/api/cases', payload: { childId: c.json.id, source: 'school', receivedAt } });
    counter.attempt(r.statusCode !== 400, `POST /api/cases receivedAt ${receivedAt} → ${r.statusCode}`);
    assert.match(r.body, /ngày giờ có thật/);
    assert.match(r.body, /real date-time/);
  }
  const after = await ctx.database.db.selectFrom('child_case').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(after.n), Number(before.n), 'nothing stored');
  const ok = await p.workerA.request({ method: 'POST', url: '/api/cases', payload: { childId: c.json.id, source: 'school', receivedAt: new Date(Date.now() - 3600_000).toISOString() } });
  assert.equal(ok.statusCode, 201, ok.body);
  for (const heldAt of ['2025-11-31T09:00', '2025-11-31']) {
    const m = await p.workerA.request({ method: 'POST', url: `/api/cases/${ok.json.id}/meetings`, payload: { heldAt, participants: 'Ban bảo vệ trẻ em xã' } });
    counter.attempt(m.statusCode !== 400, `meeting heldAt ${heldAt} → ${m.statusCode}`);
  }
  const birth = await p.workerA.request({ method: 'POST', url: '/api/children', payload: childBody(u.communeA, { fullName: 'Lường Thị Xuân', birthDate: '31/02/2015' }) });
  counter.attempt(birth.statusCode !== 400, `birthDate 31/02/2015 → ${birth.statusCode}`);
  const audit = await ctx.request({ url: '/api/audit?from=2025-02-30' });
  counter.attempt(audit.statusCode !== 400, `audit from=2025-02-30 → ${audit.statusCode}`);
});
