import { useT } from '../lib/i18n.ts';

export type Status = 'achieved' | 'on_track' | 'at_risk' | 'off_track' | 'no_data' | 'no_target';

const LABELS: Record<Status, [string, string]> = {
  achieved: ['Đã đạt', 'Achieved'],
  on_track: ['Đúng tiến độ', 'On track'],
  at_risk: ['Có nguy cơ', 'At risk'],
  off_track: ['Chậm tiến độ', 'Off track'],
  no_data: ['Chưa có số liệu', 'No data'],
  no_target: ['Không có chỉ tiêu', 'No target'],
};

/** A coloured status pill; the text carries the meaning (colour is never the only cue). */
export function StatusBadge({ status, label }: { status: Status | string; label?: string }) {
  const t = useT();
  const known = (status in LABELS ? status : 'no_data') as Status;
  const [vi, en] = LABELS[known];
  return <span className={`badge status-${known}`}>{label ?? t(vi, en)}</span>;
}

/** Badge for a plan's status (draft / issued / superseded). */
export function PlanStatusBadge({ status }: { status: string }) {
  const t = useT();
  const map: Record<string, [string, string, string]> = {
    draft: ['Bản nháp', 'Draft', 'plan-draft'],
    issued: ['Đã ban hành', 'Issued', 'plan-issued'],
    superseded: ['Đã thay thế', 'Superseded', 'plan-superseded'],
  };
  const [vi, en, cls] = map[status] ?? [status, status, 'plan-draft'];
  return <span className={`badge ${cls}`}>{t(vi, en)}</span>;
}
