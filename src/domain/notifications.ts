/**
 * Notifications (issue #17) — pure rules, no I/O: the reminder schedule of a province, which
 * reminder a report or a case step is due for, the Vietnamese text of every notification and
 * e-mail, the retry back-off, and how an SMTP failure is classified.
 *
 * Privacy: no text built here ever names a child or carries an identifying detail. A case is only
 * "ca số 12 tại xã Hoằng Kim": the functions take the case number and the commune's name, nothing else.
 */
import { formatDate } from './format.ts';

export interface Schedule {
  /** days before a report's due date when the reporter is reminded (0 = on the day) */
  reportDays: number[];
  /** days overdue after which the recipient unit's officer is told as well */
  escalateAfterDays: number;
  /** hours before a case step's due time when the case worker and the supervisor are told */
  caseHours: number;
  /** days before a child-friendly commune deadline (registration, self-assessment, correction) */
  cffDays: number[];
}

/** The national defaults, used for a province without its own schedule. */
export const DEFAULT_SCHEDULE: Readonly<Schedule> = Object.freeze({ reportDays: [7, 1, 0], escalateAfterDays: 3, caseHours: 2, cffDays: [7, 1] });

/** Overdue reports and deadlines older than this are not reminded any more (a first run on old data does not flood). */
export const OVERDUE_WINDOW_DAYS = 30;

export interface Problem {
  path: string;
  vi: string;
  en: string;
}

/** Checks a schedule someone typed; empty = acceptable. */
export function scheduleProblems(s: Schedule): Problem[] {
  const out: Problem[] = [];
  const days = (path: string, list: number[], max: number) => {
    if (list.length === 0) out.push({ path, vi: 'cần ít nhất một mốc nhắc', en: 'at least one reminder day is needed' });
    if (list.length > 10) out.push({ path, vi: 'nhiều nhất 10 mốc nhắc', en: 'at most 10 reminder days' });
    if (list.some((d) => !Number.isInteger(d) || d < 0 || d > max)) out.push({ path, vi: `mỗi mốc là số ngày nguyên từ 0 đến ${max}`, en: `each day must be a whole number from 0 to ${max}` });
    if (new Set(list).size !== list.length) out.push({ path, vi: 'mốc nhắc bị lặp', en: 'a reminder day is repeated' });
  };
  days('reportDays', s.reportDays, 60);
  days('cffDays', s.cffDays, 60);
  if (!Number.isInteger(s.escalateAfterDays) || s.escalateAfterDays < 1 || s.escalateAfterDays > OVERDUE_WINDOW_DAYS)
    out.push({ path: 'escalateAfterDays', vi: `số ngày quá hạn trước khi báo cấp nhận là số nguyên từ 1 đến ${OVERDUE_WINDOW_DAYS}`, en: `days overdue before the recipient is told must be a whole number from 1 to ${OVERDUE_WINDOW_DAYS}` });
  if (!Number.isInteger(s.caseHours) || s.caseHours < 1 || s.caseHours > 72)
    out.push({ path: 'caseHours', vi: 'số giờ báo trước hạn của bước là số nguyên từ 1 đến 72', en: 'hours before a case step is due must be a whole number from 1 to 72' });
  return out;
}

/** Whole days from `from` to `to` ('YYYY-MM-DD'). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Today in Vietnam (UTC+7, no daylight saving), 'YYYY-MM-DD'. */
export function vnDay(now: Date): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

export type DeadlineStage = { stage: 'before'; days: number; offset: number } | { stage: 'overdue'; days: number } | { stage: 'escalate'; days: number };

/**
 * Which reminders a deadline is due for today: before it, the smallest configured offset that
 * covers the days left ("due within 7 days", "tomorrow", "today"); after it, "overdue" (and
 * "escalate" once `escalateAfterDays` have passed), within OVERDUE_WINDOW_DAYS.
 */
export function deadlineStages(dueDate: string, today: string, offsets: readonly number[], escalateAfterDays: number | null): DeadlineStage[] {
  const left = daysBetween(today, dueDate);
  if (left >= 0) {
    const covering = [...offsets].filter((d) => d >= left).sort((a, b) => a - b)[0];
    return covering === undefined ? [] : [{ stage: 'before', days: left, offset: covering }];
  }
  const late = -left;
  if (late > OVERDUE_WINDOW_DAYS) return [];
  const out: DeadlineStage[] = [{ stage: 'overdue', days: late }];
  if (escalateAfterDays !== null && late >= escalateAfterDays) out.push({ stage: 'escalate', days: late });
  return out;
}

/** Retry back-off after `attempts` failed tries: 1, 2, 4, 8… minutes, at most 6 hours. */
export function backoffMinutes(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), 360);
}
/** After this many failed tries an e-mail is given up (status failed; the in-app notification stays). */
export const MAX_ATTEMPTS = 12;

/**
 * A failure the SMTP server answered with a permanent 5xx code for this message or recipient
 * (unknown mailbox, rejected domain) bounces: retrying would not help. Anything else — connection
 * refused, timeout, 4xx — is retried.
 */
export function isBounce(error: { responseCode?: number; code?: string; command?: string }): boolean {
  const code = error.responseCode;
  if (typeof code !== 'number' || code < 500 || code > 599) return false;
  // 530/535: authentication problems are ours (configuration), not the address's: retry
  return code !== 530 && code !== 535 && code !== 534 && code !== 538;
}

// ───────────────────────────── texts ─────────────────────────────

export type NotificationKind =
  | 'report_due' | 'report_overdue' | 'report_escalated' | 'report_submitted' | 'report_returned' | 'report_approved' | 'report_reopened'
  | 'case_step_due' | 'case_step_overdue' | 'case_plan_pending' | 'case_closure_pending' | 'case_referred_up' | 'case_transferred'
  | 'cff_registration_deadline' | 'cff_self_assessment_deadline' | 'cff_correction_deadline';

export interface Message {
  kind: NotificationKind;
  /** per recipient, the same event is told once */
  eventKey: string;
  title: string;
  body: string;
  /** path in the web app, e.g. /reports/12 */
  link: string;
  dueAt: Date | string | null;
  unitId: number | null;
}

export interface ReportRef {
  id: number;
  year: number;
  kind: string;
  unitName: string;
  agencyName: string | null;
  recipientName: string | null;
  dueDate: string;
  version?: number;
}

const reportName = (r: ReportRef) => {
  const what = r.kind === 'midterm' ? `Báo cáo sơ kết năm ${r.year}` : r.kind === 'final' ? `Báo cáo tổng kết năm ${r.year}` : `Báo cáo năm ${r.year}`;
  return `${what} của ${r.agencyName ? `${r.agencyName} (${r.unitName})` : r.unitName}`;
};

const dayWords = (days: number) => (days === 0 ? 'hôm nay' : days === 1 ? 'ngày mai' : `còn ${days} ngày`);

export function reportDueMessage(r: ReportRef, stage: DeadlineStage, unitId: number): Message {
  const base = { link: `/reports/${r.id}`, dueAt: r.dueDate, unitId };
  const due = formatDate(r.dueDate);
  if (stage.stage === 'before')
    return { ...base, kind: 'report_due', eventKey: `report:${r.id}:due:${r.dueDate}:${stage.offset}`, title: `Nhắc hạn: ${reportName(r)} đến hạn ${due} (${dayWords(stage.days)})`, body: `${reportName(r)} gửi ${r.recipientName ?? 'cấp trên'} cần được gửi trước hết ngày ${due} (${dayWords(stage.days)}). Hãy nhập đủ số liệu và bấm "Gửi báo cáo".` };
  if (stage.stage === 'overdue')
    return { ...base, kind: 'report_overdue', eventKey: `report:${r.id}:overdue:${r.dueDate}`, title: `Quá hạn: ${reportName(r)} (hạn ${due})`, body: `${reportName(r)} đã quá hạn ${stage.days} ngày (hạn ${due}) mà chưa được gửi. Hãy hoàn thành và gửi ngay.` };
  return { ...base, kind: 'report_escalated', eventKey: `report:${r.id}:escalate:${r.dueDate}`, title: `Đơn vị chưa gửi báo cáo: ${reportName(r)} (hạn ${due})`, body: `${reportName(r)} gửi đơn vị của anh/chị đã quá hạn ${stage.days} ngày (hạn ${due}) mà chưa được gửi. Đề nghị đôn đốc đơn vị báo cáo.` };
}

export function reportActionMessage(r: ReportRef, action: 'submit' | 'approve' | 'return' | 'reopen', reason: string | null, unitId: number): Message {
  const key = `report:${r.id}:${action}:v${r.version ?? 0}`;
  const base = { dueAt: r.dueDate, unitId };
  switch (action) {
    case 'submit':
      return { ...base, kind: 'report_submitted', eventKey: key, link: `/reports/${r.id}`, title: `Báo cáo chờ duyệt: ${reportName(r)}`, body: `${reportName(r)} (hạn ${formatDate(r.dueDate)}) đã được gửi đến ${r.recipientName ?? 'đơn vị của anh/chị'} và đang chờ phê duyệt.` };
    case 'return':
      return { ...base, kind: 'report_returned', eventKey: key, link: `/reports/${r.id}`, title: `Báo cáo bị trả lại: ${reportName(r)}`, body: `${reportName(r)} đã bị ${r.recipientName ?? 'cấp trên'} trả lại. Lý do: ${reason ?? '(không ghi)'}. Hãy sửa và gửi lại (hạn ${formatDate(r.dueDate)}).` };
    case 'approve':
      return { ...base, kind: 'report_approved', eventKey: key, link: `/reports/${r.id}`, title: `Báo cáo đã được phê duyệt: ${reportName(r)}`, body: `${reportName(r)} đã được ${r.recipientName ?? 'cấp trên'} phê duyệt.` };
    case 'reopen':
      return { ...base, kind: 'report_reopened', eventKey: key, link: `/reports/${r.id}`, title: `Báo cáo được mở lại: ${reportName(r)}`, body: `${reportName(r)} đã được ${r.recipientName ?? 'cấp trên'} mở lại để sửa.${reason ? ` Lý do: ${reason}.` : ''}` };
  }
}

/** A case as notifications name it: its number and its commune, never the child. */
export interface CaseRef {
  id: number;
  unitId: number;
  unitName: string;
}
export const caseLabel = (c: CaseRef) => `ca số ${c.id} tại ${c.unitName}`;
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `dueText`: the due time as the reader sees it (Vietnam time, dd/mm/yyyy HH:mm). */
export function vnDateTime(at: Date | string): string {
  const d = new Date(new Date(at).getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())} ngày ${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

export function caseStepMessage(c: CaseRef, step: { step: string; name: string; dueAt: Date | string }, overdue: boolean): Message {
  const due = vnDateTime(step.dueAt);
  const dueIso = new Date(step.dueAt).toISOString();
  const base = { link: `/cases/${c.id}`, dueAt: step.dueAt, unitId: c.unitId };
  if (overdue)
    return { ...base, kind: 'case_step_overdue', eventKey: `case:${c.id}:${step.step}:overdue:${dueIso}`, title: `Quá hạn: bước "${step.name}" của ${caseLabel(c)}`, body: `Bước "${step.name}" của ${caseLabel(c)} đã quá thời hạn (${due}). Đề nghị xử lý ngay theo Nghị định 56/2017/NĐ-CP.` };
  return { ...base, kind: 'case_step_due', eventKey: `case:${c.id}:${step.step}:soon:${dueIso}`, title: `Sắp đến hạn: bước "${step.name}" của ${caseLabel(c)}`, body: `Bước "${step.name}" của ${caseLabel(c)} phải hoàn thành trước ${due}.` };
}

export function caseEventMessage(c: CaseRef, event: 'plan_pending' | 'closure_pending' | 'referred_up' | 'transferred', stamp: string, extra: { toUnitName?: string } = {}): Message {
  const base = { link: `/cases/${c.id}`, dueAt: null, unitId: c.unitId };
  switch (event) {
    case 'plan_pending':
      return { ...base, kind: 'case_plan_pending', eventKey: `case:${c.id}:plan_pending:${stamp}`, title: `Kế hoạch hỗ trợ chờ phê duyệt: ${caseLabel(c)}`, body: `${capital(caseLabel(c))} có kế hoạch hỗ trợ, can thiệp đang chờ anh/chị phê duyệt.` };
    case 'closure_pending':
      return { ...base, kind: 'case_closure_pending', eventKey: `case:${c.id}:closure_pending:${stamp}`, title: `Đề nghị đóng hồ sơ: ${caseLabel(c)}`, body: `Cán bộ quản lý trường hợp đề nghị đóng hồ sơ ${caseLabel(c)}; đang chờ anh/chị phê duyệt.` };
    case 'referred_up':
      return { ...base, kind: 'case_referred_up', eventKey: `case:${c.id}:referred_up:${stamp}`, title: `Hồ sơ được chuyển lên: ${caseLabel(c)}`, body: `${capital(caseLabel(c))} đã được báo cáo, chuyển lên ${extra.toUnitName ?? 'đơn vị của anh/chị'}.` };
    case 'transferred':
      return { ...base, kind: 'case_transferred', eventKey: `case:${c.id}:transferred:${stamp}`, title: `Tiếp nhận hồ sơ chuyển đến: ca số ${c.id}`, body: `Ca số ${c.id} đã được chuyển từ ${c.unitName} đến ${extra.toUnitName ?? 'xã của anh/chị'}. Đề nghị phân công cán bộ quản lý trường hợp.` };
  }
}

export type CffDeadline = 'registration' | 'self_assessment' | 'correction';
const CFF_WHAT: Record<CffDeadline, string> = {
  registration: 'đăng ký xây dựng xã, phường, đặc khu phù hợp với trẻ em',
  self_assessment: 'nộp hồ sơ tự đánh giá xã, phường, đặc khu phù hợp với trẻ em',
  correction: 'bổ sung, sửa hồ sơ tự đánh giá bị trả lại',
};

export function cffDeadlineMessage(deadline: CffDeadline, ref: { key: string; unitId: number; unitName: string; year: number; date: string; link: string }, stage: DeadlineStage): Message {
  const due = formatDate(ref.date);
  const kind = `cff_${deadline}_deadline` as NotificationKind;
  const what = `${CFF_WHAT[deadline]} năm ${ref.year} (${ref.unitName})`;
  const base = { kind, link: ref.link, dueAt: ref.date, unitId: ref.unitId };
  if (stage.stage === 'before')
    return { ...base, eventKey: `cff:${ref.key}:${deadline}:${ref.date}:${stage.offset}`, title: `Nhắc hạn ${due}: ${capital(what)}`, body: `Hạn ${what} là ngày ${due} (${dayWords(stage.days)}).` };
  return { ...base, eventKey: `cff:${ref.key}:${deadline}:${ref.date}:overdue`, title: `Đã quá hạn ${due}: ${capital(what)}`, body: `Hạn ${what} (ngày ${due}) đã qua ${stage.days} ngày.` };
}

// ───────────────────────────── e-mail ─────────────────────────────

export interface Email {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
const absolute = (baseUrl: string, link: string) => `${baseUrl.replace(/\/+$/, '')}${link}`;
/** header values: one line, at most 200 characters */
const oneLine = (s: string, max = 200) => {
  const line = s.replace(/[\r\n\t]+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

const FOOTER = 'Thư này được gửi tự động từ hệ thống vitreem — Vì trẻ em. Anh/chị có thể chọn cách nhận thông báo tại trang "Thông báo" của hệ thống.';

export function eventEmail(n: { title: string; body: string; link: string | null }, baseUrl: string, greetingName: string | null): Email {
  const url = n.link ? absolute(baseUrl, n.link) : baseUrl;
  const hello = `Kính gửi ${greetingName || 'anh/chị'},`;
  const text = `${hello}\n\n${n.body}\n\nXem chi tiết: ${url}\n\n--\n${FOOTER}\n`;
  const html = `<p>${escapeHtml(hello)}</p><p>${escapeHtml(n.body)}</p><p><a href="${escapeHtml(url)}">Xem chi tiết</a></p><hr><p style="color:#666;font-size:small">${escapeHtml(FOOTER)}</p>`;
  return { subject: oneLine(`[vitreem] ${n.title}`), text, html };
}

export function digestEmail(items: { title: string; body: string; link: string | null }[], day: string, baseUrl: string, greetingName: string | null): Email {
  const hello = `Kính gửi ${greetingName || 'anh/chị'},`;
  const lines = items.map((n, i) => `${i + 1}. ${n.title}\n   ${n.body}\n   ${n.link ? absolute(baseUrl, n.link) : baseUrl}`);
  const text = `${hello}\n\nTổng hợp ${items.length} thông báo ngày ${formatDate(day)}:\n\n${lines.join('\n\n')}\n\n--\n${FOOTER}\n`;
  const html = `<p>${escapeHtml(hello)}</p><p>Tổng hợp ${items.length} thông báo ngày ${formatDate(day)}:</p><ol>${items
    .map((n) => `<li><p><strong>${escapeHtml(n.title)}</strong><br>${escapeHtml(n.body)}<br><a href="${escapeHtml(n.link ? absolute(baseUrl, n.link) : baseUrl)}">Xem chi tiết</a></p></li>`)
    .join('')}</ol><hr><p style="color:#666;font-size:small">${escapeHtml(FOOTER)}</p>`;
  return { subject: oneLine(`[vitreem] Tổng hợp thông báo ngày ${formatDate(day)} (${items.length})`), text, html };
}

/** The hour (Vietnam time) from which the day's digest is sent. */
export const DIGEST_HOUR_VN = 7;
