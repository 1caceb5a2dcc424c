import { useT } from '../../lib/i18n.ts';

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
const KIND: Record<string, [string, string]> = { annual: ['Hằng năm', 'Annual'], midterm: ['Sơ kết 2025', 'Mid-term review'], final: ['Tổng kết 2030', 'Final review'] };

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
export const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${Math.round(x * 1000) / 10}%`.replace('.', ','));
