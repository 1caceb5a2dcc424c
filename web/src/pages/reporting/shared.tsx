import { useLang, useT } from '../../lib/i18n.ts';
import { formatComparator, formatShare, type Lang } from '../../../../src/domain/format.ts';
import { periodLabel, reportingPeriod } from '../../../../src/domain/reporting/periods.ts';

export interface ReportItem {
  id: number;
  planId: number;
  year: number;
  kind: string;
  /** DHIS2 code: 2025, 2025S1, 2025Q3, 202507 */
  period: string;
  periodLabel?: string;
  periodStart?: string;
  periodEnd?: string;
  unit: { id: number; name: string };
  agency: { id: number; name: string } | null;
  recipient: { id: number; name: string } | null;
  dueDate: string;
  role: string;
  status: string;
  version: number;
  deadline: string;
  submittedAt: string | null;
  returnedReason: string | null;
  flags: { code: string; measure: string; vi: string; en: string }[];
}

const STATUS: Record<string, [string, string]> = {
  draft: ['Bản nháp', 'Draft'],
  submitted: ['Đã gửi', 'Submitted'],
  approved: ['Đã phê duyệt', 'Approved'],
  returned: ['Bị trả lại', 'Returned'],
};
const DEADLINE: Record<string, [string, string, string]> = {
  due: ['Chưa đến hạn', 'Due', 'status-on_track'],
  overdue: ['Quá hạn', 'Overdue', 'status-off_track'],
  returned: ['Cần sửa', 'To correct', 'status-at_risk'],
  on_time: ['Đúng hạn', 'On time', 'status-achieved'],
  late: ['Nộp muộn', 'Late', 'status-at_risk'],
};
const KIND: Record<string, [string, string]> = {
  annual: ['Hằng năm', 'Annual'], midterm: ['Sơ kết giữa kỳ', 'Mid-term review'], final: ['Tổng kết', 'Final review'],
  sixmonthly: ['6 tháng', 'Six-monthly'], quarterly: ['Hằng quý', 'Quarterly'], monthly: ['Hằng tháng', 'Monthly'],
};
/** the kinds a period filter offers, longest first */
export const PERIOD_KINDS = ['annual', 'sixmonthly', 'quarterly', 'monthly', 'midterm', 'final'] as const;

export function ReportStatus({ status }: { status: string }) {
  const t = useT();
  const [vi, en] = STATUS[status] ?? [status, status];
  return <span className={`badge report-${status}`}>{t(vi, en)}</span>;
}
export function DeadlineBadge({ state }: { state: string }) {
  const t = useT();
  const [vi, en, cls] = DEADLINE[state] ?? [state, state, 'status-no_data'];
  return <span className={`badge ${cls}`}>{t(vi, en)}</span>;
}
export function kindLabel(kind: string, t: (vi: string, en: string) => string): string {
  const [vi, en] = KIND[kind] ?? [kind, kind];
  return t(vi, en);
}
/**
 * A report's period in words: "Năm 2025", "6 tháng đầu năm 2025", "Quý III/2025", "Tháng 7/2025" (the domain's
 * periodLabel), a review "Sơ kết giữa kỳ 2025".
 */
export function reportPeriodText(r: { kind: string; period?: string | null; year: number }, t: (vi: string, en: string) => string): string {
  if (r.kind === 'midterm' || r.kind === 'final') return `${kindLabel(r.kind, t)} ${r.year}`;
  const l = periodLabel(r.period ?? String(r.year));
  return t(l.vi, l.en);
}
export function PeriodText({ r }: { r: { kind: string; period?: string | null; year: number } }) {
  const t = useT();
  return <span className="period-label" data-period={r.period ?? String(r.year)}>{reportPeriodText(r, t)}</span>;
}
/** Reports in groups by period (latest period first; the year before its parts), each group in the given order. */
export function groupByPeriod<T extends { kind: string; period?: string | null; year: number }>(items: T[]): { key: string; sample: T; items: T[] }[] {
  const groups = new Map<string, { key: string; sample: T; items: T[] }>();
  for (const i of items) {
    const key = `${i.kind}|${i.period ?? i.year}`;
    const g = groups.get(key) ?? { key, sample: i, items: [] };
    g.items.push(i);
    groups.set(key, g);
  }
  const range = (x: T) => reportingPeriod(x.period ?? String(x.year)) ?? { start: `${x.year}-01-01`, end: `${x.year}-12-31` };
  return [...groups.values()].sort((a, b) => range(b.sample).end.localeCompare(range(a.sample).end) || range(a.sample).start.localeCompare(range(b.sample).start) || a.key.localeCompare(b.key));
}

/** The kind-of-period and period filters of the report lists (?kind=&period=): the periods offered are those listed. */
export function PeriodFilters({ idPrefix, kind, period, periods, onChange }: { idPrefix: string; kind: string; period: string; periods: { kind: string; period?: string | null; year: number }[]; onChange: (next: { kind?: string | null; period?: string | null }) => void }) {
  const t = useT();
  useLang();
  const offered = groupByPeriod(periods.filter((p) => !kind || p.kind === kind)).map((g) => g.sample);
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-kind`}>{t('Loại kỳ', 'Kind of period')}</label>
        <select id={`${idPrefix}-kind`} value={kind} onChange={(e) => onChange({ kind: e.target.value || null, period: null })}>
          <option value="">{t('Tất cả các loại kỳ', 'Every kind')}</option>
          {PERIOD_KINDS.map((k) => <option key={k} value={k}>{kindLabel(k, t)}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-period`}>{t('Kỳ báo cáo', 'Period')}</label>
        <select id={`${idPrefix}-period`} value={period} onChange={(e) => onChange({ period: e.target.value || null })}>
          <option value="">{t('Tất cả các kỳ', 'Every period')}</option>
          {period && !offered.some((p) => (p.period ?? String(p.year)) === period) && <option value={period}>{reportPeriodText({ kind: kind || 'annual', period, year: Number(period.slice(0, 4)) }, t)}</option>}
          {offered.filter((p) => p.kind !== 'midterm' && p.kind !== 'final').map((p) => <option key={`${p.kind}|${p.period}`} value={p.period ?? String(p.year)}>{reportPeriodText(p, t)}</option>)}
        </select>
      </div>
    </>
  );
}

/** A share 0–1 as "63,8%". */
export const pct = (x: number | null | undefined) => formatShare(x);

export interface TargetView { year: number; comparator: string; value: number | null; valueMax: number | null }
/** "≥ 65% (2025)" — the milestone a figure is judged against. */
export function targetText(target: TargetView | null | undefined, unit: string, lang: Lang): string {
  if (!target) return '—';
  return `${formatComparator({ comparator: target.comparator, value: target.value, valueMax: target.valueMax, unit }, lang)} (${target.year})`;
}

const ACTIONS: Record<string, [string, string]> = {
  submit: ['gửi báo cáo', 'submitted'],
  approve: ['phê duyệt', 'approved'],
  return: ['trả lại', 'returned'],
  reopen: ['mở lại', 'reopened'],
  save: ['lưu', 'saved'],
};
export function actionLabel(action: string, t: (vi: string, en: string) => string): string {
  const [vi, en] = ACTIONS[action] ?? [action, action];
  return t(vi, en);
}

/** Years a reporting page offers (the programme runs 2021–2030; earlier plans exist). */
export function yearChoices(): number[] {
  const now = new Date().getFullYear();
  return Array.from({ length: now + 1 - 2015 + 1 }, (_, i) => now + 1 - i);
}

export function YearSelect({ id, value, onChange, allowAll = false }: { id: string; value: number | null; onChange: (year: string) => void; allowAll?: boolean }) {
  const t = useT();
  return (
    <select id={id} value={value ?? 'all'} onChange={(e) => onChange(e.target.value)}>
      {allowAll && <option value="all">{t('Tất cả các năm', 'All years')}</option>}
      {yearChoices().map((y) => <option key={y} value={y}>{y}</option>)}
    </select>
  );
}
