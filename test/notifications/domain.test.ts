/** The pure rules of notifications: which reminder is due, schedule validation, back-off, bounces, texts without child data. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  backoffMinutes, caseEventMessage, caseStepMessage, deadlineStages, DEFAULT_SCHEDULE, digestEmail, eventEmail, isBounce, reportActionMessage, reportDueMessage, scheduleProblems, vnDateTime, vnDay,
} from '../../src/domain/notifications.ts';

test('deadline stages: the smallest offset covering the days left, then overdue, then escalation, within 30 days', () => {
  const offsets = DEFAULT_SCHEDULE.reportDays;
  assert.deepEqual(deadlineStages('2025-11-20', '2025-11-01', offsets, 3), [], '19 days ahead: nothing yet');
  assert.deepEqual(deadlineStages('2025-11-20', '2025-11-13', offsets, 3), [{ stage: 'before', days: 7, offset: 7 }]);
  assert.deepEqual(deadlineStages('2025-11-20', '2025-11-15', offsets, 3), [{ stage: 'before', days: 5, offset: 7 }]);
  assert.deepEqual(deadlineStages('2025-11-20', '2025-11-19', offsets, 3), [{ stage: 'before', days: 1, offset: 1 }]);
  assert.deepEqual(deadlineStages('2025-11-20', '2025-11-20', offsets, 3), [{ stage: 'before', days: 0, offset: 0 }]);
  assert.deepEqual(deadlineStages('2025-11-20', '2025-11-21', offsets, 3), [{ stage: 'overdue', days: 1 }]);
  assert.deepEqual(deadlineStages('2025-11-20', '2025-11-23', offsets, 3), [{ stage: 'overdue', days: 3 }, { stage: 'escalate', days: 3 }]);
  assert.deepEqual(deadlineStages('2025-11-20', '2026-01-20', offsets, 3), [], 'two months late: no longer reminded');
  // across the new year and a leap day
  assert.deepEqual(deadlineStages('2028-03-01', '2028-02-28', offsets, 3), [{ stage: 'before', days: 2, offset: 7 }]);
});

test('Vietnam time: the day turns at 17:00 UTC', () => {
  assert.equal(vnDay(new Date('2025-11-19T16:59:00Z')), '2025-11-19');
  assert.equal(vnDay(new Date('2025-11-19T17:00:00Z')), '2025-11-20');
  assert.equal(vnDateTime('2025-11-19T17:30:00Z'), '00:30 ngày 20/11/2025');
});

test('schedule validation: bilingual problems for nonsense', () => {
  assert.deepEqual(scheduleProblems({ ...DEFAULT_SCHEDULE, reportDays: [7, 1, 0], cffDays: [7] }), []);
  const p = scheduleProblems({ reportDays: [-1, 7, 7, 1.5], escalateAfterDays: 0, caseHours: 100, cffDays: [] });
  assert.deepEqual([...new Set(p.map((x) => x.path))].sort(), ['caseHours', 'cffDays', 'escalateAfterDays', 'reportDays']);
  assert.ok(p.every((x) => x.vi && x.en));
});

test('back-off doubles to at most 6 hours; only permanent 5xx answers bounce', () => {
  assert.deepEqual([1, 2, 3, 4, 10, 20].map(backoffMinutes), [1, 2, 4, 8, 360, 360]);
  assert.equal(isBounce({ responseCode: 550 }), true);
  assert.equal(isBounce({ responseCode: 553 }), true);
  assert.equal(isBounce({ responseCode: 451 }), false, 'try again later');
  assert.equal(isBounce({ responseCode: 535 }), false, 'our credentials, not the address');
  assert.equal(isBounce({ code: 'ECONNREFUSED' }), false);
});

const report = { id: 12, year: 2025, kind: 'annual', unitName: 'Xã Hoằng Kim', agencyName: null, recipientName: 'Huyện Hoằng Hóa', dueDate: '2025-11-10', version: 4 };

test('report texts: Vietnamese, deadline dd/mm/yyyy, link to the exact report, one key per event', () => {
  const due = reportDueMessage(report, { stage: 'before', days: 1, offset: 1 }, 5);
  assert.equal(due.title, 'Nhắc hạn: Báo cáo năm 2025 của Xã Hoằng Kim đến hạn 10/11/2025 (ngày mai)');
  assert.equal(due.link, '/reports/12');
  assert.notEqual(due.eventKey, reportDueMessage(report, { stage: 'before', days: 0, offset: 0 }, 5).eventKey);
  const ret = reportActionMessage(report, 'return', 'Thiếu số liệu', 5);
  assert.match(ret.body, /Lý do: Thiếu số liệu\./);
  assert.notEqual(ret.eventKey, reportActionMessage({ ...report, version: 6 }, 'return', 'Thiếu số liệu', 5).eventKey, 'a second return is a new event');
});

test('case texts name the case by number and commune only', () => {
  const c = { id: 12, unitId: 3, unitName: 'xã Quài Cang' };
  const m = caseStepMessage(c, { step: 'assess', name: 'Đánh giá nguy cơ', dueAt: '2025-11-19T17:30:00Z' }, false);
  assert.equal(m.title, 'Sắp đến hạn: bước "Đánh giá nguy cơ" của ca số 12 tại xã Quài Cang');
  assert.match(m.body, /00:30 ngày 20\/11\/2025/);
  assert.match(caseEventMessage(c, 'plan_pending', 'x').body, /^Ca số 12 tại xã Quài Cang có kế hoạch/);
});

test('e-mails: a one-line subject, HTML escaped, absolute link; the digest lists every item', () => {
  const e = eventEmail({ title: 'Báo cáo <b>\r\nX', body: 'Nội dung <script>', link: '/reports/1' }, 'https://vitreem.example/', 'Lê Thị Thu');
  assert.equal(e.subject, '[vitreem] Báo cáo <b> X');
  assert.ok(!e.html.includes('<script>') && e.html.includes('&lt;script&gt;'));
  assert.match(e.text, /Xem chi tiết: https:\/\/vitreem\.example\/reports\/1/);
  const d = digestEmail([{ title: 'A', body: 'a', link: '/a' }, { title: 'B', body: 'b', link: null }], '2025-11-20', 'https://v.example', null);
  assert.equal(d.subject, '[vitreem] Tổng hợp thông báo ngày 20/11/2025 (2)');
  assert.match(d.text, /Kính gửi anh\/chị,[\s\S]*1\. A[\s\S]*2\. B/);
});
