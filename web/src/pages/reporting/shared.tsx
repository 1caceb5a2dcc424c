import { useT } from '../../lib/i18n.ts';
import { formatComparator, formatShare, type Lang } from '../../../../src/domain/format.ts';

export interface ReportItem {
  id: number;
  planId: number;
  year: number;
  kind: string;
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
const KIND: Record<string, [string, string]> = { annual: ['Hằng năm', 'Annual'], midterm: ['Sơ kết giữa kỳ', 'Mid-term review'], final: ['Tổng kết', 'Final review'] };

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
