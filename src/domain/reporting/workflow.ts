/**
 * The report workflow as a state machine (pure).
 *   draft → submitted → approved
 *   submitted → returned (with a reason) → submitted (resubmission)
 *   approved → draft (reopened by the approving level)
 * Only submitted and approved reports count in the live aggregates.
 */
export const OBLIGATION_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type ObligationStatus = (typeof OBLIGATION_STATUSES)[number];

export const WORKFLOW_ACTIONS = ['save', 'submit', 'approve', 'return', 'reopen'] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

const TRANSITIONS: Record<WorkflowAction, Partial<Record<ObligationStatus, ObligationStatus>>> = {
  save: { draft: 'draft', returned: 'returned' },
  submit: { draft: 'submitted', returned: 'submitted' },
  approve: { submitted: 'approved' },
  return: { submitted: 'returned' },
  reopen: { approved: 'draft' },
};

/** Whether a status counts in aggregates. */
export const counts = (status: ObligationStatus): boolean => status === 'submitted' || status === 'approved';

/** Values may be edited only in draft or returned reports (approved data is locked). */
export const editable = (status: ObligationStatus): boolean => status === 'draft' || status === 'returned';

export type TransitionResult =
  | { ok: true; to: ObligationStatus; /** +1: add the report to aggregates, -1: remove it, 0: nothing */ aggregateDelta: 1 | -1 | 0 }
  | { ok: false; vi: string; en: string };

const STATUS_VI: Record<ObligationStatus, string> = { draft: 'bản nháp', submitted: 'đã gửi', approved: 'đã phê duyệt', returned: 'bị trả lại' };

export function transition(from: ObligationStatus, action: WorkflowAction): TransitionResult {
  const to = TRANSITIONS[action][from];
  if (!to) {
    return {
      ok: false,
      vi: `Không thể ${ACTION_VI[action]} báo cáo đang ở trạng thái "${STATUS_VI[from]}".`,
      en: `Cannot ${action} a report that is ${from}.`,
    };
  }
  const delta = counts(to) === counts(from) ? 0 : counts(to) ? 1 : -1;
  return { ok: true, to, aggregateDelta: delta };
}

const ACTION_VI: Record<WorkflowAction, string> = { save: 'lưu', submit: 'gửi', approve: 'phê duyệt', return: 'trả lại', reopen: 'mở lại' };

export function statusLabel(status: ObligationStatus): { vi: string; en: string } {
  return { vi: STATUS_VI[status], en: status };
}
