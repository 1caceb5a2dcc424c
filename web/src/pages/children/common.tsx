import { useLang, useT } from '../../lib/i18n.ts';
import { useSession } from '../../lib/session.ts';
import { formatNumber } from '../../../../src/domain/format.ts';

/** The small-count rule, stated wherever figures are shown. */
export function SuppressionRule() {
  const t = useT();
  return (
    <p className="notice">
      {t(
        'Quy tắc bảo mật: các số dưới 5 được ẩn (hiển thị "<5") khi số liệu ra khỏi đơn vị (bảng điều khiển, tệp xuất, báo cáo lên cấp trên), để không thể nhận ra trẻ em nào.',
        'Privacy rule: counts below 5 are hidden (shown as "<5") wherever a figure leaves the unit (dashboards, exports, reports to higher levels), so that no child can be singled out.',
      )}
    </p>
  );
}

export function PrivacyNote() {
  const t = useT();
  return (
    <p className="muted">
      {t(
        'Dữ liệu của từng trẻ em chỉ dành cho cán bộ quản lý trường hợp và giám sát viên bảo vệ trẻ em của xã; mỗi lần xem đều được ghi nhật ký.',
        'Child-level data is for the commune’s case workers and child-protection supervisors only; every view is logged.',
      )}
    </p>
  );
}

/** The commune of the user's case_worker / cp_supervisor grant (the first one), if any. */
export function useHomeUnit(): number | null {
  const session = useSession();
  const g = session.user?.grants.find((x) => (x.role === 'case_worker' || x.role === 'cp_supervisor') && x.unitId !== null);
  return g?.unitId ?? null;
}

export const STEP_VI: Record<string, [string, string]> = {
  receive: ['Tiếp nhận', 'Receive'],
  assess: ['Xác minh, đánh giá nguy cơ ban đầu (Mẫu số 02)', 'Verify, assess the initial risk (form 02)'],
  emergency: ['Can thiệp khẩn cấp hoặc cách ly tạm thời (trong 12 giờ, NĐ 56 Điều 26 khoản 3)', 'Emergency intervention or temporary separation (within 12 hours, Decree 56 Art. 26.3)'],
  plan: ['Kế hoạch hỗ trợ, can thiệp (Mẫu số 04; phê duyệt Mẫu số 05 — NĐ 56 Điều 28 khoản 1)', 'Support & intervention plan (form 04; approval form 05 — Decree 56 Art. 28.1)'],
  implement: ['Thực hiện kế hoạch', 'Carry out'],
  follow_up: ['Theo dõi', 'Follow up'],
  review: ['Rà soát, đánh giá', 'Review'],
  close: ['Đóng hồ sơ', 'Close'],
};

/** A count that may have been suppressed (null = below 5). */
export const fmt = (n: number | null | undefined, lang: 'vi' | 'en' = 'vi') => (n === null || n === undefined ? '<5' : formatNumber(n, 0, lang));

/** Case statuses (Nghị định 56/2017 workflow). */
export const CASE_STATUS: Record<string, [string, string]> = {
  open: ['Đang xử lý', 'In progress'],
  plan_pending: ['Kế hoạch chờ phê duyệt', 'Plan awaiting approval'],
  closure_pending: ['Chờ phê duyệt đóng hồ sơ', 'Closure awaiting approval'],
  closed: ['Đã đóng', 'Closed'],
  transferred: ['Đã chuyển xã khác', 'Transferred'],
};

export function CaseStatusLabel({ status }: { status: string }) {
  const t = useT();
  const [vi, en] = CASE_STATUS[status] ?? [status, status];
  return <span className="badge" data-status={status}>{t(vi, en)}</span>;
}

export const CASE_SOURCE: Record<string, [string, string]> = {
  hotline_111: ['Tổng đài 111', 'Hotline 111'],
  school: ['Nhà trường', 'School'],
  police: ['Công an', 'Police'],
  health: ['Cơ sở y tế', 'Health facility'],
  neighbour: ['Hàng xóm, cộng đồng', 'Neighbour, community'],
  child: ['Trẻ em tự báo', 'The child'],
  family: ['Gia đình', 'Family'],
  labour_office: ['Cơ quan lao động - xã hội', 'Labour and social affairs office'],
  other: ['Khác', 'Other'],
};

/** Why a record looks like a duplicate (src/domain/children/duplicates.ts). */
export const DUPLICATE_REASON: Record<string, [string, string]> = {
  same_id_number: ['trùng số định danh', 'same ID number'],
  same_name_folded: ['cùng họ tên', 'same name'],
  similar_name: ['họ tên gần giống', 'similar name'],
  same_birth_date: ['cùng ngày sinh', 'same birth date'],
  close_birth_date: ['ngày sinh gần nhau', 'close birth dates'],
  same_commune: ['cùng xã', 'same commune'],
};

export const REFERRAL_SERVICE: Record<string, [string, string]> = {
  health: ['Y tế', 'Health'],
  legal_aid: ['Trợ giúp pháp lý', 'Legal aid'],
  police: ['Công an', 'Police'],
  education: ['Giáo dục', 'Education'],
  social_protection: ['Cơ sở trợ giúp xã hội', 'Social protection facility'],
  psychological: ['Tư vấn tâm lý', 'Psychological counselling'],
  other: ['Khác', 'Other'],
};

export const REFERRAL_OUTCOME: Record<string, [string, string]> = {
  pending: ['Đang chờ', 'Pending'],
  provided: ['Đã được cung cấp', 'Provided'],
  refused: ['Bị từ chối', 'Refused'],
  not_needed: ['Không cần nữa', 'No longer needed'],
  failed: ['Không thực hiện được', 'Failed'],
};

/** Hours as officials read them: one decimal, in days from 48 hours on ("18,1 giờ", "3,5 ngày"). */
function useHoursText(hours: number): { n: string; unit: string } {
  const t = useT();
  const lang = useLang();
  const days = hours >= 48;
  return { n: formatNumber(Math.round((days ? hours / 24 : hours) * 10) / 10, undefined, lang), unit: days ? t('ngày', 'days') : t('giờ', 'h') };
}

/** "quá hạn 18,1 giờ" / "18.1 h overdue"; from 48 hours on in days ("quá hạn 3,5 ngày"). */
export function OverdueHours({ hours, short = false }: { hours: number; short?: boolean }) {
  const t = useT();
  const { n, unit } = useHoursText(hours);
  if (short) return <>{n} {unit}</>;
  return <strong className="overdue-label"> ⚠ {t(`quá hạn ${n} ${unit}`, `${n} ${unit} overdue`)}</strong>;
}

/** A step done after its limit: the lateness stays on record (NĐ 56 gives no way to make it timely). */
export function LateHours({ hours, short = false }: { hours: number; short?: boolean }) {
  const t = useT();
  const { n, unit } = useHoursText(hours);
  if (short) return <>{n} {unit}</>;
  return <strong className="overdue-label"> ⚠ {t(`trễ hạn ${n} ${unit}`, `${n} ${unit} late`)}</strong>;
}
