/**
 * When a report counts as on time (pure) — the one rule every screen and document uses
 * (docs/reporting.md, "Timeliness"):
 *
 * - Dates are Vietnam calendar days (UTC+7): a report sent at 23:30 on the due date is on time.
 * - **First submission**: on time when made on or before the due date.
 * - **Resubmission after a return** (or after the approver reopened an approved report): the report
 *   keeps its timeliness when it is sent again within RESUBMISSION_GRACE_DAYS days of the return, or
 *   before the due date; later it becomes late. A report first sent late stays late.
 * - **Approval** changes nothing: timeliness is the reporter's; the approver's delay is not theirs.
 * - Only a report that stands submitted or approved is received; "on time" is always a subset of
 *   "received" (a returned report is neither, whatever its first submission was).
 */
export const RESUBMISSION_GRACE_DAYS = 7;

/** The Vietnam calendar day (YYYY-MM-DD) of an instant. */
export function vnDay(at: Date | string): string {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(t + 7 * 3600_000).toISOString().slice(0, 10);
}

export function addDaysIso(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface SubmissionContext {
  dueDate: string;
  /** the Vietnam day of this submission */
  submittedOn: string;
  /** null for the first submission; else the timeliness the report had and the day it was returned or reopened */
  previous: { onTime: boolean; returnedOn: string | null } | null;
}

/** Whether this submission leaves the report on time. */
export function submissionOnTime(c: SubmissionContext): boolean {
  if (c.submittedOn <= c.dueDate) return true;
  if (!c.previous || !c.previous.onTime) return false;
  if (c.previous.returnedOn === null) return false;
  return c.submittedOn <= addDaysIso(c.previous.returnedOn, RESUBMISSION_GRACE_DAYS);
}

export interface WorkflowEvent {
  action: string;
  at: Date | string;
}

/** Replays a report's workflow events: its timeliness after the last submission (null: never submitted). */
export function timelinessFromEvents(dueDate: string, events: WorkflowEvent[]): boolean | null {
  let onTime: boolean | null = null;
  let returnedOn: string | null = null;
  for (const e of events) {
    if (e.action === 'submit') {
      onTime = submissionOnTime({ dueDate, submittedOn: vnDay(e.at), previous: onTime === null ? null : { onTime, returnedOn } });
      returnedOn = null;
    } else if (e.action === 'return' || e.action === 'reopen') returnedOn = vnDay(e.at);
  }
  return onTime;
}

export type DeadlineState = 'due' | 'overdue' | 'returned' | 'late' | 'on_time';

/**
 * Where a report stands against its deadline on a given (Vietnam) day: received reports are on time or
 * late by the rule above; a returned one is "returned" (and overdue when also past the due date and
 * past the grace of its return — the list sorts it first either way); others are due or overdue.
 */
export function deadlineState(status: string, dueDate: string, today: string, onTime: boolean | null): DeadlineState {
  if (status === 'submitted' || status === 'approved') return onTime === false ? 'late' : 'on_time';
  if (status === 'returned') return 'returned';
  return today > dueDate ? 'overdue' : 'due';
}
