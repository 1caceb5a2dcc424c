/**
 * Case management under Nghị định 56/2017/NĐ-CP (Điều 26 and after) as a state machine.
 * The steps run in order; each has a time limit held as DATA (national law, and a unit's
 * shorter internal limit — never longer). Working days are counted as whole days, skipping
 * weekends and public holidays (src/domain/calendar/holidays.ts, the calendar kept as data).
 *
 * The assessment records whether the child is at risk of or suffering serious harm. Only then
 * does the step `emergency` (emergency intervention or temporary separation) apply, with the
 * 12-hour limit of Điều 26.3 counted from receipt; otherwise it does not apply and no 12-hour
 * limit binds the case.
 */
import { isWeekend, workingDaysDeadline } from '../calendar/holidays.ts';

export const CASE_STEPS = ['receive', 'assess', 'emergency', 'plan', 'implement', 'follow_up', 'review', 'close'] as const;
export type CaseStep = (typeof CASE_STEPS)[number];

export const CASE_STEP_INFO: Record<CaseStep, { vi: string; en: string; form?: string }> = {
  receive: { vi: 'Tiếp nhận thông báo, tố giác', en: 'Receive the report', form: 'Mẫu số 01' },
  assess: { vi: 'Xác minh, đánh giá nguy cơ ban đầu', en: 'Verify and assess the initial risk', form: 'Mẫu số 02' },
  emergency: { vi: 'Can thiệp khẩn cấp hoặc cách ly tạm thời trẻ em', en: 'Emergency intervention or temporary separation' },
  plan: { vi: 'Đánh giá chi tiết (Mẫu số 03) và lập kế hoạch hỗ trợ, can thiệp', en: 'Specific assessment (form 03) and support & intervention plan', form: 'Mẫu số 04; phê duyệt: Mẫu số 05' },
  implement: { vi: 'Tổ chức thực hiện kế hoạch hỗ trợ, can thiệp', en: 'Carry out the plan' },
  follow_up: { vi: 'Theo dõi, đánh giá sự an toàn của trẻ em', en: 'Follow up the child’s safety' },
  review: { vi: 'Rà soát, đánh giá kết quả thực hiện kế hoạch', en: 'Review the plan’s results' },
  close: { vi: 'Đóng hồ sơ', en: 'Close the case' },
};

export const CASE_SOURCES = ['hotline_111', 'school', 'police', 'health', 'neighbour', 'child', 'family', 'labour_office', 'other'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];
export const CASE_SOURCE_VI: Record<CaseSource, string> = {
  hotline_111: 'Tổng đài 111', school: 'Nhà trường', police: 'Công an', health: 'Cơ sở y tế', neighbour: 'Hàng xóm, cộng đồng',
  child: 'Trẻ em tự báo', family: 'Gia đình', labour_office: 'Cơ quan lao động - xã hội', other: 'Khác',
};
export const REFERRAL_SERVICES = ['health', 'legal_aid', 'police', 'education', 'social_protection', 'psychological', 'other'] as const;
export const REFERRAL_SERVICE_VI: Record<(typeof REFERRAL_SERVICES)[number], string> = {
  health: 'Y tế', legal_aid: 'Trợ giúp pháp lý', police: 'Công an', education: 'Giáo dục', social_protection: 'Cơ sở trợ giúp xã hội', psychological: 'Tư vấn tâm lý', other: 'Khác',
};

/** A time limit: hours from the anchor, or working days from it. */
export interface StepLimit {
  step: CaseStep;
  hours?: number | null;
  workingDays?: number | null;
  /** what the limit counts from: the case's receipt, or the completion of the previous step */
  anchor: 'received' | 'previous';
  basisVi: string;
  basisEn?: string;
}

/** The national limits (the law). A unit may set a shorter limit for a step, never a longer one. */
export const LEGAL_STEP_LIMITS: StepLimit[] = [
  {
    step: 'emergency', hours: 12, anchor: 'received',
    basisVi: 'Trẻ em có nguy cơ hoặc đang bị tổn hại nghiêm trọng: can thiệp khẩn cấp hoặc cách ly tạm thời trong thời hạn 12 giờ kể từ khi nhận được thông tin (NĐ 56/2017/NĐ-CP, Điều 26 khoản 3)',
    basisEn: 'Child at risk of or suffering serious harm: emergency intervention or temporary separation within 12 hours of receiving the information (Decree 56/2017, Article 26.3)',
  },
  {
    step: 'plan', workingDays: 5, anchor: 'previous',
    basisVi: 'Trong thời hạn 05 ngày làm việc, trừ trường hợp khẩn cấp, xây dựng kế hoạch hỗ trợ, can thiệp theo Mẫu số 04; quyết định phê duyệt kèm kế hoạch theo Mẫu số 05 (NĐ 56/2017/NĐ-CP, Điều 28 khoản 1)',
    basisEn: 'Within 5 working days, except in an emergency, the support and intervention plan on form 04; the approval decision with the plan on form 05 (Decree 56/2017, Article 28.1)',
  },
];

/** Whether a step applies to a case: the emergency step only when the assessment found serious risk. */
export function stepApplies(step: CaseStep, seriousRisk: boolean | null): boolean {
  return step !== 'emergency' || seriousRisk === true;
}

export function limitInHours(limit: Pick<StepLimit, 'hours' | 'workingDays'>): number {
  // a working day is compared as 24 hours (a unit's limit in hours against 5 working days)
  return limit.hours ?? (limit.workingDays ?? 0) * 24;
}

/**
 * Checks a unit's internal limit against the law: it must be positive and not longer.
 * Returns a bilingual violation or null.
 */
export function checkUnitLimit(step: CaseStep, limit: { hours?: number | null; workingDays?: number | null }): { code: string; vi: string; en: string } | null {
  const legal = LEGAL_STEP_LIMITS.find((l) => l.step === step);
  if (!legal) return { code: 'no_legal_limit', vi: `Bước "${CASE_STEP_INFO[step].vi}" không có thời hạn luật định để rút ngắn.`, en: `Step "${step}" has no legal time limit to shorten.` };
  const has = (x: number | null | undefined) => x !== null && x !== undefined;
  if (has(limit.hours) === has(limit.workingDays)) return { code: 'limit_invalid', vi: 'Cần nhập đúng một trong hai: số giờ hoặc số ngày làm việc.', en: 'Give exactly one of hours or working days.' };
  const value = (limit.hours ?? limit.workingDays) as number;
  if (!(value > 0)) return { code: 'limit_invalid', vi: 'Thời hạn phải lớn hơn 0.', en: 'The limit must be greater than 0.' };
  // compare in the law's own unit when they match, else in hours
  const longer = legal.hours != null && limit.hours != null ? limit.hours > legal.hours
    : legal.workingDays != null && limit.workingDays != null ? limit.workingDays > legal.workingDays
    : limitInHours(limit) > limitInHours(legal);
  if (longer) {
    const lawText = legal.hours != null ? `${legal.hours} giờ` : `${legal.workingDays} ngày làm việc`;
    const lawEn = legal.hours != null ? `${legal.hours} hours` : `${legal.workingDays} working days`;
    return { code: 'limit_longer_than_law', vi: `Thời hạn nội bộ không được dài hơn thời hạn luật định (${lawText}).`, en: `An internal limit may not be longer than the legal limit (${lawEn}).` };
  }
  return null;
}

/**
 * The limit in force for a unit: the law, tightened by the overrides of the unit and of its
 * ancestors (the strictest wins).
 */
export function effectiveLimit(step: CaseStep, overrides: { step: string; hours: number | null; workingDays: number | null }[]): StepLimit | null {
  const legal = LEGAL_STEP_LIMITS.find((l) => l.step === step);
  if (!legal) return null;
  let best: StepLimit = legal;
  for (const o of overrides) {
    if (o.step !== step || checkUnitLimit(step, o)) continue;
    if (limitInHours(o) < limitInHours(best)) best = { ...legal, hours: o.hours, workingDays: o.workingDays, basisVi: `Thời hạn nội bộ của đơn vị (ngắn hơn luật định: ${legal.basisVi})`, basisEn: 'The unit’s internal limit (shorter than the law)' };
  }
  return best;
}

/**
 * The due time of a step: hours from the anchor, or working days counted as whole days (until
 * 24:00 of the last working day, Vietnam time) with the calendar's working-day predicate.
 */
export function dueAt(limit: StepLimit, anchorTime: Date, isWorkingDay: (iso: string) => boolean = (d) => !isWeekend(d)): Date {
  if (limit.hours != null) return new Date(anchorTime.getTime() + limit.hours * 3600_000);
  return workingDaysDeadline(anchorTime, limit.workingDays ?? 0, isWorkingDay);
}

export type CaseStatus = 'open' | 'plan_pending' | 'closure_pending' | 'closed' | 'transferred';

export interface CaseState {
  status: CaseStatus;
  /** steps done, in order */
  done: CaseStep[];
  planApproved: boolean;
  /** the assessment's finding: serious risk or harm (null while not assessed) */
  seriousRisk?: boolean | null;
}

export interface StepError {
  code: string;
  vi: string;
  en: string;
}

export function nextStep(state: Pick<CaseState, 'done' | 'seriousRisk'>): CaseStep | null {
  return CASE_STEPS.find((s) => !state.done.includes(s) && stepApplies(s, state.seriousRisk ?? null)) ?? null;
}

/**
 * Whether `step` may be completed now. The close step is completed by a supervisor's closure
 * approval; a worker's request to close needs the review done first.
 */
export function checkStep(state: CaseState, step: CaseStep): StepError | null {
  if (state.status === 'closed') return { code: 'case_closed', vi: 'Hồ sơ đã đóng.', en: 'The case is closed.' };
  if (state.status === 'transferred') return { code: 'case_transferred', vi: 'Hồ sơ đã chuyển sang đơn vị khác.', en: 'The case has been transferred.' };
  if (!stepApplies(step, state.seriousRisk ?? null))
    return { code: 'step_not_applicable', vi: 'Đánh giá ban đầu không xác định trẻ em có nguy cơ hoặc đang bị tổn hại nghiêm trọng: không áp dụng biện pháp khẩn cấp (NĐ 56/2017, Điều 26 khoản 3).', en: 'The initial assessment found no serious risk or harm: no emergency measure applies (Decree 56/2017, Article 26.3).' };
  if (state.done.includes(step)) return { code: 'step_already_done', vi: `Bước "${CASE_STEP_INFO[step].vi}" đã hoàn thành.`, en: `Step "${step}" is already done.` };
  if (step === 'close' && !state.done.includes('review'))
    return { code: 'closure_without_review', vi: 'Không thể đóng hồ sơ khi chưa rà soát, đánh giá kết quả (bước rà soát).', en: 'A case cannot be closed without the review step.' };
  const expected = nextStep(state);
  if (expected !== step) {
    return {
      code: 'step_out_of_order',
      vi: `Sai trình tự: bước tiếp theo là "${expected ? CASE_STEP_INFO[expected].vi : '—'}", không phải "${CASE_STEP_INFO[step].vi}".`,
      en: `Out of order: the next step is "${expected ?? '-'}", not "${step}".`,
    };
  }
  if (step === 'implement' && !state.planApproved)
    return { code: 'plan_not_approved', vi: 'Kế hoạch hỗ trợ, can thiệp chưa được phê duyệt.', en: 'The support and intervention plan is not approved yet.' };
  if (state.status === 'plan_pending' || state.status === 'closure_pending')
    return { code: 'awaiting_approval', vi: 'Hồ sơ đang chờ phê duyệt.', en: 'The case is awaiting approval.' };
  return null;
}

/**
 * Lateness of a step done after its due time: the hours late, kept once the step is done (0 when
 * in time or not done). NĐ 56 gives no way to make a late step timely.
 */
export function lateHours(step: { dueAt: Date | null; doneAt: Date | null }): number {
  if (!step.dueAt || !step.doneAt) return 0;
  const late = step.doneAt.getTime() - step.dueAt.getTime();
  return late > 0 ? Math.round((late / 3600_000) * 10) / 10 : 0;
}

/** Overdue: not done and past its due time. Returns the hours overdue (0 when not). */
export function overdueHours(step: { dueAt: Date | null; doneAt: Date | null }, now: Date): number {
  if (!step.dueAt || step.doneAt) return 0;
  const late = now.getTime() - step.dueAt.getTime();
  return late > 0 ? Math.round((late / 3600_000) * 10) / 10 : 0;
}
