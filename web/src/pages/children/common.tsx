import { useT } from '../../lib/i18n.ts';
import { useSession } from '../../lib/session.ts';

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
  assess: ['Xác minh, đánh giá ban đầu', 'Verify, assess'],
  plan: ['Kế hoạch hỗ trợ, can thiệp', 'Support & intervention plan'],
  implement: ['Thực hiện kế hoạch', 'Carry out'],
  follow_up: ['Theo dõi', 'Follow up'],
  review: ['Rà soát, đánh giá', 'Review'],
  close: ['Đóng hồ sơ', 'Close'],
};

export const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '<5' : n.toLocaleString('vi-VN'));
