/**
 * Reporting duties ("báo cáo … trước ngày 01/11 hằng năm") and reviews
 * ("sơ kết vào năm 2025, tổng kết vào năm 2030").
 */
import { sentences, type TextModel } from './textmodel.ts';
import type { ImportedReporting, ImportedReview } from './types.ts';
import { parsePeriodRules, type PeriodRuleText } from './period-rules.ts';

const DUE_RE = /truoc ngay\s*(\d{1,2})\s*\/\s*(\d{1,2})(?:\s*\/\s*(\d{4}))?/g;

export function parseReporting(model: TextModel): ImportedReporting[] {
  const out: ImportedReporting[] = [];
  const seen = new Set<string>();
  let lastSubject: string | null = null;
  for (const line of model.lines) {
    if (!line.folded.includes('truoc ngay')) {
      const subj = subjectOf(line.text, line.folded);
      if (subj && (/bao cao/.test(line.folded) || /^\s*\d+[.)]\s/.test(line.folded))) lastSubject = subj;
      continue;
    }
    for (const s of sentences(line)) {
      if (!/bao cao|ho so|dang ky|ke hoach|tong hop/.test(s.folded)) continue;
      const reporter = subjectOf(s.text, s.folded) ?? subjectOf(line.text, line.folded) ?? lastSubject;
      // how often each deadline of the sentence recurs (issue #16): "báo cáo 6 tháng trước ngày 15/6 và báo cáo năm
      // trước ngày 15/11"; "hằng quý, trước ngày 15 của tháng cuối quý" (a deadline within each period, no month)
      const periodRules = parsePeriodRules(s.text);
      const add = (item: ImportedReporting) => {
        const key = `${item.reporter}|${item.period}|${item.dueInPeriod ?? ''}|${item.due.day}/${item.due.month}/${item.due.year}`;
        if (seen.has(key)) return;
        seen.add(key);
        out.push(item);
        if (item.reporter) lastSubject = item.reporter;
      };
      DUE_RE.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = DUE_RE.exec(s.folded)) !== null) {
        const day = Number(m[1]);
        const month = Number(m[2]);
        add(buildReport(s, m, reporter, periodRules.find((r) => r.due?.day === day && r.due.month === month) ?? null));
      }
      for (const rule of periodRules.filter((r) => r.dueInPeriod !== null && r.due !== null && r.due.month === null)) add(relativeReport(s, rule, reporter));
    }
  }
  return out;
}

function buildReport(s: { start: number; text: string; folded: string }, m: RegExpExecArray, reporter: string | null, rule: PeriodRuleText | null): ImportedReporting {
  const year = m[3] ? Number(m[3]) : null;
  const recurrence: 'yearly' | 'once' = year === null ? 'yearly' : 'once';
  return {
    reporter,
    recipient: recipientOf(s.text, s.folded),
    via: viaOf(s.text, s.folded),
    due: { day: Number(m[1]), month: Number(m[2]), year },
    recurrence,
    // a one-off report ("trước ngày 15/12/2025") is not a periodic rule
    period: year === null ? (rule?.period ?? 'yearly') : 'yearly',
    dueInPeriod: null,
    text: s.text.trim(),
    source: { start: s.start, end: s.start + s.text.length },
  };
}

/** "trước ngày 15 của tháng cuối quý": the day within each period; the month is a placeholder (as stored rules hold it) */
function relativeReport(s: { start: number; text: string; folded: string }, rule: PeriodRuleText, reporter: string | null): ImportedReporting {
  return {
    reporter,
    recipient: recipientOf(s.text, s.folded),
    via: viaOf(s.text, s.folded),
    due: { day: rule.due!.day, month: 1, year: null },
    recurrence: 'yearly',
    period: rule.period,
    dueInPeriod: rule.dueInPeriod,
    text: s.text.trim(),
    source: { start: s.start, end: s.start + s.text.length },
  };
}

const SUBJECT_STOP = /\s+(?:can cu|dinh ky|chu dong|co trach nhiem|chiu trach nhiem|tong hop|bao cao|danh gia|xay dung|trien khai|thuc hien|gui)\b|\s*\(/;

function subjectOf(text: string, folded: string): string | null {
  let offset = 0;
  const lead = /^\s*(?:[-+•]\s*|\d+[.)]\s*)?(?:dinh ky\s+(?:hang|hằng)?\s*nam\s*)?(?:\([^)]*\)\s*)?/.exec(folded);
  if (lead) offset = lead[0].length;
  const rest = folded.slice(offset);
  if (!/^(?:cac|ubnd|uy ban|phong|so|cong chuc|ban|trung tam|doan|hoi)\b/.test(rest)) return null;
  const stop = SUBJECT_STOP.exec(rest);
  const end = stop ? stop.index : Math.min(rest.length, 80);
  const subject = text.slice(offset, offset + end).replace(/[,;:.]\s*$/, '').trim();
  return subject.length >= 3 ? subject : null;
}

function recipientOf(text: string, folded: string): string | null {
  const m = /(?:bao cao|gui)\s+(?:ket qua[^;]*?\s+)?(?:ve cho|ve|cho|len|gui)?\s*((?:uy ban nhan dan|ubnd|so|phong|bo)\s[^(;,.]*?)(?=\s*\(|\s+truoc|\s+de\s|\s+thong qua|\s+qua\s|\s+tong hop|\s+viec\s|,|;|\.|$)/.exec(folded);
  if (!m) return null;
  const start = m.index + m[0].length - m[1].length;
  return text.slice(start, start + m[1].length).trim() || null;
}

function viaOf(text: string, folded: string): string | null {
  const m = /(?:\(\s*|\s)(?:thong qua|qua)\s+((?:phong|so|van phong)[^);,]*?)(?=\s+viec\s|\s+truoc|\s+de\s|[);,]|\.?\s*$)/.exec(folded);
  if (!m) return null;
  const start = m.index + m[0].length - m[1].length;
  return text.slice(start, start + m[1].length).replace(/\*/g, '').trim();
}

export function parseReviews(model: TextModel): ImportedReview[] {
  const out: ImportedReview[] = [];
  const seen = new Set<string>();
  const re = /(so ket|tong ket)\s*(?:vao\s*)?(?:nam\s*)?((?:19|20)\d\d)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(model.folded)) !== null) {
    const kind = m[1] === 'so ket' ? 'midterm' : 'final';
    const year = Number(m[2]);
    const key = `${kind}${year}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ kind, year, source: { start: m.index, end: m.index + m[0].length } });
  }
  return out;
}
