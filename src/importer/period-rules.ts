/**
 * Reporting periods in plan text (issue #16): how often a report is due and by when, as the reporting rule's
 * `period` and `dueInPeriod` (src/domain/plan-document.ts). Reads one sentence (folded or not) and returns every
 * period rule it names, e.g. "báo cáo 6 tháng trước ngày 15/6 và báo cáo năm trước ngày 15/11" →
 * [{ period: 'sixmonthly', due 15/6 }, { period: 'yearly', due 15/11 }]; "hằng quý, trước ngày 15 của tháng cuối
 * quý" → quarterly, day 15 of the period's last month; "báo cáo tháng trước ngày 05 của tháng sau" → monthly,
 * day 5 of the month after. A separate function: the document importer may call it for each reporting sentence.
 */
export interface PeriodRuleText {
  period: 'yearly' | 'sixmonthly' | 'quarterly' | 'monthly';
  due: { day: number; month: number | null } | null;
  dueInPeriod: 'last_month' | 'next_month' | null;
  /** the sentence the rule was read from */
  text: string;
}

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

const PERIOD_WORDS: [RegExp, PeriodRuleText['period']][] = [
  [/\b(?:6 thang|sau thang|so ket 6 thang|ban nien|nua nam|6 thang dau nam)\b/, 'sixmonthly'],
  [/\b(?:hang quy|moi quy|theo quy|dinh ky quy|bao cao quy|quy)\b/, 'quarterly'],
  [/\b(?:hang thang|moi thang|theo thang|bao cao thang|dinh ky thang)\b/, 'monthly'],
  [/\b(?:hang nam|hàng năm|moi nam|tong ket nam|bao cao nam|ca nam|nam)\b/, 'yearly'],
];

/** Every period rule of a sentence, in the order written. */
export function parsePeriodRules(sentence: string): PeriodRuleText[] {
  const folded = fold(sentence);
  const out: PeriodRuleText[] = [];
  // one clause per deadline: "... trước ngày 15/6 và ... trước ngày 15/11"
  const re = /truoc ngay\s*(\d{1,2})(?:\s*\/\s*(\d{1,2}))?(\s+(?:cua|cua)?\s*thang\s+(?:cuoi\s+(?:ky|quy|thang)|sau|ke tiep|tiep theo|dau\s+(?:ky|quy)\s+sau))?/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(folded)) !== null) {
    // "6 tháng đầu năm", "cuối năm": the year named there is not a yearly rule
    const head = folded.slice(last, m.index).replace(/\b(?:dau|cuoi) nam\b/g, '');
    last = m.index + m[0].length;
    const day = Number(m[1]);
    const month = m[2] ? Number(m[2]) : null;
    if (day < 1 || day > 31 || (month !== null && (month < 1 || month > 12))) continue;
    // the period word nearest before the deadline
    let period: PeriodRuleText['period'] | null = null;
    let at = -1;
    for (const [word, p] of PERIOD_WORDS) {
      const all = [...head.matchAll(new RegExp(word.source, 'g'))];
      const hit = all[all.length - 1];
      if (hit && hit.index! > at) { at = hit.index!; period = p; }
    }
    const relative = m[3] ? (/cuoi/.test(m[3]) ? 'last_month' : 'next_month') : null;
    if (!period) period = relative ? (/quy/.test(m[3] ?? '') ? 'quarterly' : 'monthly') : 'yearly';
    out.push({ period, due: { day, month }, dueInPeriod: period === 'yearly' ? null : relative, text: sentence.trim() });
  }
  return out;
}
