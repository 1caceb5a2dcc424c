/**
 * The yearly cycle of one commune: register → gather evidence and self-assess → submit →
 * the recognising level returns it for corrections or decides; a recognition can be withdrawn.
 * Deadlines and the recognising authority by date are data.
 */
import { CffRuleError } from './types.ts';
import { formatDateVi as viDate } from '../format.ts';

export const CFF_STATUSES = ['registered', 'in_progress', 'submitted', 'returned', 'recognised', 'not_recognised', 'withdrawn'] as const;
export type CffStatus = (typeof CFF_STATUSES)[number];

export const CFF_ACTIONS = ['save', 'submit', 'return', 'recognise', 'not_recognise', 'withdraw'] as const;
export type CffAction = (typeof CFF_ACTIONS)[number];

export const STATUS_LABELS: Record<CffStatus, { vi: string; en: string }> = {
  registered: { vi: 'Đã đăng ký', en: 'Registered' },
  in_progress: { vi: 'Đang tự đánh giá', en: 'Self-assessing' },
  submitted: { vi: 'Đã gửi hồ sơ', en: 'Submitted' },
  returned: { vi: 'Trả lại để bổ sung', en: 'Returned for corrections' },
  recognised: { vi: 'Được công nhận', en: 'Recognised' },
  not_recognised: { vi: 'Không được công nhận', en: 'Not recognised' },
  withdrawn: { vi: 'Bị thu hồi công nhận', en: 'Recognition withdrawn' },
};

const ACTION_LABELS: Record<CffAction, { vi: string; en: string }> = {
  save: { vi: 'lưu tự đánh giá', en: 'save the self-assessment' },
  submit: { vi: 'gửi hồ sơ', en: 'submit' },
  return: { vi: 'trả lại để bổ sung', en: 'return for corrections' },
  recognise: { vi: 'công nhận', en: 'recognise' },
  not_recognise: { vi: 'không công nhận', en: 'refuse recognition' },
  withdraw: { vi: 'thu hồi công nhận', en: 'withdraw the recognition' },
};

const TRANSITIONS: Record<CffAction, Partial<Record<CffStatus, CffStatus>>> = {
  save: { registered: 'in_progress', in_progress: 'in_progress', returned: 'returned' },
  submit: { registered: 'submitted', in_progress: 'submitted', returned: 'submitted' },
  return: { submitted: 'returned' },
  recognise: { submitted: 'recognised' },
  not_recognise: { submitted: 'not_recognised' },
  withdraw: { recognised: 'withdrawn' },
};

/** The status after `action`, or a 409 CffRuleError when the action is not possible in `status`. */
export function nextStatus(status: CffStatus, action: CffAction): CffStatus {
  const next = TRANSITIONS[action][status];
  if (!next) {
    const a = ACTION_LABELS[action];
    const s = STATUS_LABELS[status];
    throw new CffRuleError('invalid_transition', `Không thể ${a.vi} khi hồ sơ ở trạng thái "${s.vi}".`, `Cannot ${a.en} while the file is "${s.en}".`, ['status'], 409, { status, action });
  }
  return next;
}

export function allowedActions(status: CffStatus): CffAction[] {
  return CFF_ACTIONS.filter((a) => TRANSITIONS[a][status] !== undefined);
}

/** Statuses with a final decision for the year. */
export const DECIDED: readonly CffStatus[] = ['recognised', 'not_recognised', 'withdrawn'];

// ---------------------------------------------------------------- deadlines

export interface CycleDeadlines {
  /** last day to register (inclusive), e.g. 2014-04-10 ("trước ngày 10/4" read as the day itself allowed: verify per plan) */
  registrationDeadline: string | null;
  /** last day to save and submit the self-assessment (inclusive) */
  selfAssessmentDeadline: string | null;
  /** after a return for corrections: last day to resubmit (inclusive) */
  correctionDeadline?: string | null;
}


export function checkRegistrationDeadline(deadlines: CycleDeadlines, on: string): void {
  if (deadlines.registrationDeadline && on > deadlines.registrationDeadline) {
    throw new CffRuleError('registration_deadline_passed', `Đã quá hạn đăng ký (hạn chót ${viDate(deadlines.registrationDeadline)}).`, `The registration deadline (${deadlines.registrationDeadline}) has passed.`, ['on']);
  }
}

/** Self-assessment saves and submissions: before the deadline, or before the correction deadline when returned. */
export function checkSelfAssessmentDeadline(deadlines: CycleDeadlines, status: CffStatus, on: string): void {
  const limit = status === 'returned' && deadlines.correctionDeadline ? maxDate(deadlines.correctionDeadline, deadlines.selfAssessmentDeadline) : deadlines.selfAssessmentDeadline;
  if (limit && on > limit) {
    throw new CffRuleError('self_assessment_deadline_passed', `Đã quá hạn tự đánh giá và gửi hồ sơ (hạn chót ${viDate(limit)}).`, `The self-assessment deadline (${limit}) has passed.`, ['on']);
  }
}

function maxDate(a: string, b: string | null): string {
  return b && b > a ? b : a;
}

// ---------------------------------------------------------------- authority

export type RecognisingLevel = 'district' | 'province';

/** Which level recognises from when to when (data: the 2025 reform moved it). */
export interface AuthorityPeriod {
  from: string | null;
  /** exclusive */
  to: string | null;
  level: RecognisingLevel;
  basisVi: string;
  verify?: boolean;
}

/**
 * Chủ tịch UBND cấp huyện recognised under TT 22/2010 and QĐ 06/2019; from 01/07/2025 there is
 * no district and recognition moves to the province (verify the exact body in the province's rules).
 */
export const DEFAULT_AUTHORITY: AuthorityPeriod[] = [
  { from: null, to: '2025-07-01', level: 'district', basisVi: 'Chủ tịch UBND cấp huyện (Thông tư 22/2010/TT-LĐTBXH; Quyết định 06/QĐ-TTg năm 2019)' },
  { from: '2025-07-01', to: null, level: 'province', basisVi: 'UBND cấp tỉnh, sau khi bỏ cấp huyện (chính quyền địa phương hai cấp, từ 01/07/2025)', verify: true },
];

export function recognisingLevelOn(periods: AuthorityPeriod[], on: string): AuthorityPeriod | null {
  return periods.find((p) => (p.from === null || on >= p.from) && (p.to === null || on < p.to)) ?? null;
}

const LEVEL_VI: Record<string, string> = { nation: 'trung ương', province: 'tỉnh', district: 'huyện', commune: 'xã', village: 'thôn' };

/**
 * Checks that `decider` (level and whether it is an ancestor of the commune on that date) may
 * recognise (or refuse, return, withdraw) on `on`. Throws a 403 CffRuleError otherwise.
 */
export function checkAuthority(periods: AuthorityPeriod[], on: string, decider: { level: string; isAncestorOfCommune: boolean; name?: string }): AuthorityPeriod {
  const period = recognisingLevelOn(periods, on);
  if (!period) {
    throw new CffRuleError('no_authority_defined', `Chưa khai báo cấp có thẩm quyền công nhận vào ngày ${viDate(on)}.`, `No recognising level is defined for ${on}.`, ['on'], 403);
  }
  if (decider.level !== period.level) {
    throw new CffRuleError(
      'not_competent_level',
      `Cấp ${LEVEL_VI[decider.level] ?? decider.level} không có thẩm quyền công nhận vào ngày ${viDate(on)}: thẩm quyền thuộc cấp ${LEVEL_VI[period.level]} (${period.basisVi}).`,
      `A ${decider.level}-level unit has no authority to recognise on ${on}: the ${period.level} level does.`,
      ['byUnitId'],
      403,
      { required: period.level, given: decider.level },
    );
  }
  if (!decider.isAncestorOfCommune) {
    throw new CffRuleError('not_competent_unit', `${decider.name ?? 'Đơn vị này'} không quản lý xã này nên không có thẩm quyền công nhận.`, `${decider.name ?? 'This unit'} does not govern this commune and cannot recognise it.`, ['byUnitId'], 403);
  }
  return period;
}
