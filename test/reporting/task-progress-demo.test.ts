/**
 * Task progress on the demo (issue #16, part 2): the demo province's plan has its tasks in three groups with 2024 and
 * 2025 progress entered by their lead agencies; the issuer's roll-up (a table per agency, late and missing entries,
 * x/y done); "Tiến độ nhiệm vụ" of the demo commune's reporter; the plan page's latest status; bad input (a step
 * back from "hoàn thành" without a reason, a percentage outside 0–100, a period the plan does not ask for, another
 * agency of the same commune writing a task it does not lead) refused with a bilingual message and nothing stored;
 * the yearly report's and the mid-term review's DOCX read back as text.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import mammoth from 'mammoth';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { loadDemo, type DemoSummary } from '../../src/storage/demo/index.ts';
import { DEMO_TASKS } from '../../src/storage/demo/tasks.ts';
import { DEMO_PASSWORD } from '../../src/storage/users.ts';
import { vnDay } from '../../src/storage/task-progress.ts';

let ctx: TestContext;
let demo: DemoSummary;
let homeHealth: number;
let homeVhxh: number;
const reporter = { username: 'demo.reporter', password: DEMO_PASSWORD };
const officer = { username: 'demo.officer', password: DEMO_PASSWORD };
const viewer = { username: 'demo.viewer', password: DEMO_PASSWORD };
let attacker: { username: string; password: string };
const taskId = async (title: string) => (await ctx.database.db.selectFrom('task').select('id').where('plan_id', '=', demo.tasks.planId).where('title', '=', title).executeTakeFirstOrThrow()).id;
const FORUM = 'Tổ chức Diễn đàn trẻ em cấp xã';
const SCREENING = 'Rà soát, lập danh sách trẻ em có hoàn cảnh đặc biệt và trẻ em có nguy cơ';
const today = vnDay(new Date());

before(async () => {
  ctx = await createTestContext();
  demo = await loadDemo(ctx.database.db);
  const db = ctx.database.db;
  const rep = demo.users.find((u) => u.username === 'demo.reporter')!;
  homeVhxh = rep.agencyId!;
  homeHealth = (await db.selectFrom('agency').select('id').where('unit_id', '=', rep.unitId!).where('name', '=', 'Trạm Y tế').executeTakeFirstOrThrow()).id;
  // the attacker: the reporter of another agency of the same commune
  attacker = await ctx.createUser({ username: 'tyt-reporter', grants: [{ role: 'agency_reporter', unitId: rep.unitId!, agencyId: homeHealth }] });
});
after(async () => ctx?.close());

test('the demo plan has its tasks in three groups, 2024 and 2025 entered by their lead agencies; a second run adds nothing', async () => {
  assert.equal(demo.tasks.tasks, DEMO_TASKS.length);
  assert.equal(demo.tasks.entries, DEMO_TASKS.reduce((n, t) => n + t.entries.length, 0));
  const again = await loadDemo(ctx.database.db);
  assert.equal(again.alreadyLoaded, true);
  assert.equal(again.tasks.entries, demo.tasks.entries);
  const statuses = await ctx.database.db.selectFrom('task_progress').select(['status', 'period']).where('plan_id', '=', demo.tasks.planId).execute();
  for (const s of ['completed', 'in_progress', 'not_started', 'not_feasible']) assert.ok(statuses.some((x) => x.status === s), s);
  assert.deepEqual([...new Set(statuses.map((x) => x.period))].sort(), ['2024', '2025']);
  assert.equal(Number((await ctx.database.db.selectFrom('task_progress_evidence').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), 1);
});

test("the issuer's roll-up: x/y done, a table per agency with late and missing entries, grouped as the plan groups its tasks", async () => {
  const r = await ctx.request({ url: `/api/plans/${demo.tasks.planId}/task-progress?period=2024`, as: officer });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json.dueDate, '2024-11-20');
  assert.deepEqual([r.json.total.tasks, r.json.total.completed, r.json.total.in_progress, r.json.total.not_started], [8, 3, 1, 1]);
  const health = r.json.byAgency.find((a: { agency: { name: string } | null }) => a.agency?.name === 'Sở Y tế');
  assert.deepEqual([health.tasks, health.counts.completed, health.late], [2, 1, 1]); // the screening sent on 05/12/2024
  const late = health.rows.find((x: { deadline: string }) => x.deadline === 'late');
  assert.match(late.title, /^Khám sàng lọc/);
  assert.equal(late.difficulties, 'Thiếu bác sĩ chuyên khoa phục hồi chức năng ở tuyến huyện.');
  assert.deepEqual(r.json.sections.map((s: { section: string }) => s.section), [...new Set(DEMO_TASKS.map((t) => t.section))]);
  const schools = r.json.sections[1].rows.find((x: { title: string }) => x.title.startsWith('Phòng, chống bạo lực học đường'));
  assert.equal(schools.evidence[0].filename, 'bien-ban-kiem-tra-truong-hoc.pdf');

  const y2025 = await ctx.request({ url: `/api/plans/${demo.tasks.planId}/task-progress?period=2025`, as: officer });
  assert.equal(y2025.statusCode, 200, y2025.body);
  const notFeasible = y2025.json.sections.flatMap((s: { rows: unknown[] }) => s.rows).find((x: { status: string }) => x.status === 'not_feasible');
  assert.match(notFeasible.difficulties, /chưa bố trí được quỹ đất/);
  // a commune's agency leading a task of the province's plan is named with its commune
  const forum = y2025.json.sections.flatMap((s: { rows: unknown[] }) => s.rows).find((x: { title: string }) => x.title === FORUM);
  assert.match(forum.agency.name, /^Công chức Văn hóa - Xã hội \(.*Hoằng Phú.*\)$/);
  // two tasks without a 2025 entry: missing once 20/11/2025 has passed
  assert.equal(y2025.json.total.not_reported, 2);
  assert.equal(y2025.json.total.missing, today > '2025-11-20' ? 2 : 0);
  // the commune's reporter is no issuer: the province's roll-up is not theirs
  const denied = await ctx.request({ url: `/api/plans/${demo.tasks.planId}/task-progress?period=2025`, as: reporter });
  assert.equal(denied.statusCode, 403, denied.body);
});

test("'Tiến độ nhiệm vụ' of the demo commune's reporter: the tasks their agency leads, the entry, the periods", async () => {
  const r = await ctx.request({ url: '/api/my/tasks?period=2025', as: reporter });
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(r.json.items.map((i: { title: string }) => i.title).sort(), [FORUM, SCREENING].sort());
  const forum = r.json.items.find((i: { title: string }) => i.title === FORUM);
  assert.deepEqual([forum.entry.status, forum.entry.percent, forum.deadline, forum.dueDate], ['completed', 100, 'on_time', '2025-11-20']);
  const screening = r.json.items.find((i: { title: string }) => i.title === SCREENING);
  assert.equal(screening.entry, null);
  assert.ok(r.json.periods.some((p: { code: string }) => p.code === '2024'));
  // another agency's reporter sees only their own agency's task
  const other = await ctx.request({ url: '/api/my/tasks?period=2025', as: attacker });
  assert.deepEqual(other.json.items.map((i: { agency: { id: number } }) => i.agency.id), [homeHealth]);
  // an officer without an agency leads nothing
  assert.deepEqual((await ctx.request({ url: '/api/my/tasks?period=2025', as: officer })).json.items, []);
});

test('bad input: each refusal is bilingual, Vietnamese first, and stores nothing', async () => {
  const forum = await taskId(FORUM);
  const screening = await taskId(SCREENING);
  const put = (id: number, period: string, body: Record<string, unknown>, as = reporter) => ctx.request({ method: 'PUT', url: `/api/tasks/${id}/progress/${period}`, payload: { agencyId: homeVhxh, ...body }, as });
  const snapshot = async () => JSON.stringify(await ctx.database.db.selectFrom('task_progress').select(['id', 'status', 'percent', 'version', 'results']).where('plan_id', '=', demo.tasks.planId).orderBy('id').execute());
  const before = await snapshot();

  // "hoàn thành" back to "đang thực hiện" without a reason
  const back = await put(forum, '2025', { status: 'in_progress', percent: 80 });
  assert.equal(back.statusCode, 400, back.body);
  assert.equal(back.json.error.code, 'reason_required');
  assert.match(back.json.error.message, /^Nhiệm vụ đã "hoàn thành" \(kỳ 2025\); chuyển sang "đang thực hiện" cần ghi lý do\./);
  // a percentage outside 0–100
  for (const percent of [140, -5]) {
    const r = await put(screening, '2025', { status: 'in_progress', percent });
    assert.equal(r.statusCode, 400, r.body);
    assert.match(r.json.error.message, /^Dữ liệu không hợp lệ/);
    assert.equal(r.json.error.path.at(-1), 'percent');
  }
  // a period that is not one of the plan's reporting periods (the demo plan: yearly, six-monthly and monthly; 2021–2030), or no period at all
  const quarter = await put(screening, '2025Q3', { status: 'in_progress' });
  assert.equal(quarter.statusCode, 400, quarter.body);
  assert.match(quarter.json.error.message, /^Kế hoạch không quy định báo cáo kỳ Quý III\/2025 \(2025Q3\)\. Kế hoạch chỉ quy định báo cáo: năm, 6 tháng \(trước ngày 15\/6\), tháng /);
  const outside = await put(screening, '2031', { status: 'in_progress' });
  assert.equal(outside.json.error.code, 'year_outside_plan');
  assert.match(outside.json.error.message, /^Năm 2031 nằm ngoài giai đoạn/);
  assert.equal((await put(screening, '2025-13', { status: 'in_progress' })).statusCode, 400);
  // another agency of the same commune (its Trạm Y tế) writing a task the commune's VH-XH leads: the policy refuses
  for (const agencyId of [homeHealth, homeVhxh]) {
    const r = await put(screening, '2025', { status: 'completed', percent: 100, agencyId }, attacker);
    assert.equal(r.statusCode, 403, `${agencyId}: ${r.body}`);
  }
  const entry = (await ctx.database.db.selectFrom('task_progress').select('id').where('task_id', '=', forum).where('period', '=', '2025').executeTakeFirstOrThrow()).id;
  const boundary = '----vitreem';
  const upload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), Buffer.from('%PDF-1.4\n%%EOF\n'), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const intruding = await ctx.request({ method: 'POST', url: `/api/task-progress/${entry}/evidence`, payload: upload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, as: attacker });
  assert.ok([403, 404].includes(intruding.statusCode), intruding.body);
  assert.equal(await snapshot(), before);

  // the lead agency's reporter then saves, with a reason for the step back
  const ok = await put(screening, '2025', { status: 'in_progress', percent: 40, results: 'Đã rà soát 5/9 thôn.' });
  assert.equal(ok.statusCode, 200, ok.body);
  const withReason = await put(forum, '2025', { status: 'in_progress', percent: 90, reason: 'Phải tổ chức lại phiên thứ hai cho các thôn mới sáp nhập.', version: 1 });
  assert.equal(withReason.statusCode, 200, withReason.body);
  const stale = await put(forum, '2025', { status: 'completed', percent: 100, version: 1 });
  assert.equal(stale.statusCode, 409, stale.body);
  const mine = await ctx.request({ url: '/api/my/tasks?period=2025', as: reporter });
  assert.equal(mine.json.items.find((i: { title: string }) => i.title === SCREENING).entry.results, 'Đã rà soát 5/9 thôn.');
});

test("the plan page: each task's latest status, for anyone who reads the plan", async () => {
  const r = await ctx.request({ url: `/api/plans/${demo.tasks.planId}/task-status`, as: viewer });
  assert.equal(r.statusCode, 200, r.body);
  const byTitle = new Map<number, { status: string; period: string }>(r.json.items.map((i: { taskId: number; status: string; period: string }) => [i.taskId, i]));
  const play = byTitle.get(await taskId('Xây dựng điểm vui chơi, giải trí cho trẻ em tại các xã'))!;
  assert.deepEqual([play.status, play.period], ['not_feasible', '2025']);
  const schools = byTitle.get(await taskId('Phòng, chống bạo lực học đường và xây dựng trường học an toàn, thân thiện'))!;
  assert.deepEqual([schools.status, schools.period], ['completed', '2024']); // its latest: 2025 is missing
});

test('the yearly report (DOCX) has the task results grouped as the plan groups them, a table per agency; the mid-term review summarises the years', async () => {
  const client = await ctx.login(officer.username, officer.password);
  const docx = async (url: string) => {
    const r = await ctx.app.inject({ method: 'GET', url, cookies: { vitreem_session: client.sessionId, vitreem_csrf: client.csrfToken } });
    assert.equal(r.statusCode, 200, r.body.slice(0, 300));
    return (await mammoth.extractRawText({ buffer: r.rawPayload })).value;
  };
  const text = await docx(`/api/reports/${demo.province.id}/2024/yearly.docx?planId=${demo.tasks.planId}`);
  assert.match(text, /KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ/i);
  assert.match(text, /Năm 2024: 3\/8 nhiệm vụ hoàn thành \(37,5%\)/);
  const groups = [...new Set(DEMO_TASKS.map((t) => t.section))];
  const at = groups.map((g) => text.indexOf(g));
  assert.ok(at.every((i) => i > 0) && at[0] < at[1] && at[1] < at[2], 'the three groups, in the plan order');
  // within a group, a table per agency: Sở Y tế's two health tasks under its name, with their results and difficulties
  assert.match(text, /Sở Y tế: 1\/2 nhiệm vụ hoàn thành/);
  assert.match(text, /Khám sàng lọc cho 18\.670 trẻ em dưới 6 tuổi/);
  assert.match(text, /Khó khăn: Thiếu bác sĩ chuyên khoa/);
  const review = await docx(`/api/reports/${demo.province.id}/2025/midterm.docx?planId=${demo.tasks.planId}`);
  assert.match(review, /KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ/i);
  assert.match(review, /Năm 2024: 3\/8/);
  assert.match(review, /Năm 2025: /);
  assert.match(review, /Không thực hiện được/);
});
