/**
 * The audit log in words (issue #19): "Sửa hồ sơ trường hợp #3 — trạng thái: mở → đóng" instead of
 * `update child_case {"status":…}`. Column names of a row are named in Vietnamese where known; values are shown as
 * written (numbers, dates as dd/mm/yyyy); encrypted columns and secrets are never spelled out. Pure (node-tested).
 */
import { formatDate, formatDateTime } from '../../../../src/domain/format.ts';

type T = (vi: string, en: string) => string;

const ACTIONS: Record<string, [string, string]> = {
  insert: ['Thêm', 'Added'],
  update: ['Sửa', 'Changed'],
  delete: ['Xóa', 'Deleted'],
  read: ['Xem', 'Viewed'],
  export: ['Xuất dữ liệu', 'Exported'],
  imported: ['Nhập văn bản', 'Imported'],
  sign_in: ['Đăng nhập', 'Signed in'],
  sign_in_failed: ['Đăng nhập sai', 'Failed sign-in'],
  sign_in_locked: ['Khóa đăng nhập (sai nhiều lần)', 'Sign-in locked'],
  sign_out: ['Đăng xuất', 'Signed out'],
  sign_out_all: ['Đăng xuất mọi nơi', 'Signed out everywhere'],
  revoke_session: ['Thu hồi phiên', 'Revoked a session'],
  revoke_sessions: ['Thu hồi các phiên', 'Revoked sessions'],
  unlock: ['Mở khóa đăng nhập', 'Unlocked sign-in'],
  deny: ['Từ chối truy cập', 'Access denied'],
};

const TABLES: Record<string, [string, string]> = {
  admin_unit: ['đơn vị hành chính', 'administrative unit'],
  agency: ['cơ quan', 'agency'],
  agency_succession: ['kế thừa cơ quan', 'agency succession'],
  aggregate_value: ['số liệu tổng hợp', 'aggregate value'],
  api_token: ['mã truy cập API', 'API token'],
  app_user: ['người dùng', 'user'],
  baseline: ['số liệu cơ sở', 'baseline'],
  budget_activity: ['hoạt động (kinh phí)', 'budget activity'],
  budget_line: ['dòng kinh phí', 'budget line'],
  budget_spending: ['số liệu thực hiện kinh phí', 'spending'],
  budget_spending_history: ['lịch sử kinh phí', 'spending history'],
  case_approval: ['phê duyệt của giám sát viên', 'supervisor approval'],
  case_meeting: ['cuộc họp về trường hợp', 'case meeting'],
  case_referral: ['chuyển gửi trường hợp', 'case referral'],
  case_step: ['bước xử lý trường hợp', 'case step'],
  case_time_limit: ['thời hạn xử lý', 'case time limit'],
  case_transfer: ['chuyển hồ sơ trường hợp', 'case transfer'],
  cff_assessment_item: ['điểm tự đánh giá (xã phù hợp với trẻ em)', 'self-assessment score'],
  cff_authority: ['cấp công nhận', 'recognising authority'],
  cff_criterion: ['tiêu chí', 'criterion'],
  cff_cycle_settings: ['thiết lập kỳ đánh giá', 'cycle settings'],
  cff_decision: ['quyết định công nhận', 'recognition decision'],
  cff_evidence: ['tài liệu kiểm chứng', 'evidence'],
  cff_registration: ['hồ sơ xã phù hợp với trẻ em', 'child-friendly commune file'],
  cff_standard: ['bộ tiêu chuẩn', 'standard'],
  cff_subcriterion: ['chỉ tiêu con', 'sub-criterion'],
  cff_version: ['phiên bản tiêu chuẩn', 'standard version'],
  child: ['hồ sơ trẻ em', 'child record'],
  child_case: ['hồ sơ trường hợp', 'case'],
  child_circumstance: ['hoàn cảnh của trẻ', 'circumstance'],
  child_consent: ['sự đồng ý', 'consent'],
  child_count: ['số liệu trẻ em', 'child count'],
  child_merge: ['gộp hồ sơ trẻ em', 'record merge'],
  child_residence: ['nơi cư trú của trẻ', 'residence'],
  child_support: ['hỗ trợ trẻ em', 'support'],
  circumstance_group: ['nhóm hoàn cảnh', 'circumstance group'],
  data_value: ['số liệu báo cáo', 'reported value'],
  data_value_history: ['lịch sử số liệu', 'value history'],
  exchange_element_map: ['ánh xạ phần tử DHIS2', 'DHIS2 element map'],
  exchange_org_unit_map: ['ánh xạ đơn vị DHIS2', 'DHIS2 unit map'],
  exchange_setting: ['thiết lập trao đổi DHIS2', 'DHIS2 settings'],
  indicator: ['chỉ tiêu', 'indicator'],
  indicator_assignment: ['phân công chỉ tiêu', 'indicator assignment'],
  measure: ['đo lường chỉ tiêu', 'measure'],
  objective: ['mục tiêu', 'objective'],
  obligation: ['báo cáo phải nộp', 'report obligation'],
  obligation_event: ['bước duyệt báo cáo', 'report event'],
  obligation_measure: ['chỉ tiêu của báo cáo', 'report measure'],
  plan: ['kế hoạch', 'plan'],
  plan_agency: ['cơ quan của kế hoạch', 'plan agency'],
  plan_document: ['văn bản kế hoạch', 'plan document'],
  plan_implements: ['kế hoạch thực hiện', 'plan implements'],
  plan_indicator: ['chỉ tiêu của kế hoạch', 'plan indicator'],
  plan_review: ['sơ kết, tổng kết', 'plan review'],
  report_narrative: ['nội dung báo cáo', 'report narrative'],
  reporting_period: ['kỳ báo cáo', 'reporting period'],
  reporting_rule: ['quy định báo cáo', 'reporting rule'],
  system_setting: ['thiết lập hệ thống', 'system setting'],
  target: ['mục tiêu theo năm', 'target'],
  task: ['nhiệm vụ', 'task'],
  task_agency: ['cơ quan thực hiện nhiệm vụ', 'task agency'],
  unit_succession: ['kế thừa đơn vị', 'unit succession'],
  unit_tree_version: ['phiên bản cây đơn vị', 'unit tree version'],
  user_grant: ['quyền của người dùng', 'user grant'],
  user_session: ['phiên đăng nhập', 'session'],
};

/** Vietnamese names of columns that recur; others are left out of the readable summary (the technical detail keeps them). */
const COLUMNS: Record<string, [string, string]> = {
  status: ['trạng thái', 'status'],
  name: ['tên', 'name'],
  title: ['tên', 'title'],
  number: ['số hiệu', 'number'],
  note: ['ghi chú', 'note'],
  notes: ['ghi chú', 'notes'],
  comment: ['ghi chú', 'comment'],
  reason: ['lý do', 'reason'],
  decision: ['quyết định', 'decision'],
  score: ['điểm', 'score'],
  value: ['giá trị', 'value'],
  numerator: ['tử số', 'numerator'],
  denominator: ['mẫu số', 'denominator'],
  unknown: ['không rõ', 'unknown'],
  amount: ['số tiền', 'amount'],
  planned: ['dự toán', 'planned'],
  spent: ['thực hiện', 'spent'],
  step: ['bước', 'step'],
  urgency: ['mức độ khẩn cấp', 'urgency'],
  due_at: ['hạn', 'due'],
  due_date: ['hạn nộp', 'due date'],
  done_at: ['hoàn thành lúc', 'done at'],
  submitted_on: ['ngày gửi', 'submitted on'],
  submitted_at: ['gửi lúc', 'submitted at'],
  decided_on: ['ngày quyết định', 'decided on'],
  active: ['đang hoạt động', 'active'],
  version: ['phiên bản', 'version'],
  year: ['năm', 'year'],
  kind: ['loại', 'kind'],
  role: ['vai trò', 'role'],
  plan_approved: ['kế hoạch hỗ trợ đã duyệt', 'support plan approved'],
  display_name: ['họ tên', 'display name'],
  username: ['tên đăng nhập', 'username'],
  email: ['email', 'e-mail'],
  must_change_password: ['phải đổi mật khẩu', 'must change password'],
  valid_from: ['hiệu lực từ', 'valid from'],
  valid_to: ['hiệu lực đến', 'valid to'],
};

/** Status and other coded values that recur in audit rows. */
const VALUES: Record<string, [string, string]> = {
  open: ['mở', 'open'],
  closed: ['đã đóng', 'closed'],
  draft: ['bản nháp', 'draft'],
  submitted: ['đã gửi', 'submitted'],
  approved: ['đã duyệt', 'approved'],
  rejected: ['không duyệt', 'rejected'],
  returned: ['trả lại', 'returned'],
  recognised: ['được công nhận', 'recognised'],
  refused: ['không công nhận', 'refused'],
  registered: ['đã đăng ký', 'registered'],
  withdrawn: ['thu hồi', 'withdrawn'],
  issued: ['đã ban hành', 'issued'],
  urgent: ['khẩn cấp', 'urgent'],
  normal: ['thông thường', 'normal'],
  plan: ['kế hoạch hỗ trợ', 'support plan'],
  closure: ['đóng hồ sơ', 'closure'],
  plan_pending: ['chờ duyệt kế hoạch', 'plan pending'],
  closure_pending: ['chờ duyệt đóng hồ sơ', 'closure pending'],
  annual: ['hằng năm', 'annual'],
  // the steps of a case (Nghị định 56/2017)
  receive: ['tiếp nhận', 'receive'],
  assess: ['xác minh, đánh giá ban đầu', 'verify, assess'],
  implement: ['thực hiện kế hoạch', 'carry out'],
  follow_up: ['theo dõi', 'follow up'],
  review: ['rà soát, đánh giá', 'review'],
  close: ['đóng hồ sơ', 'close'],
};

/** Columns whose values are never shown (encrypted or secret). */
const HIDDEN = /(_enc|_hash|_secret|token|password|encrypted|cipher|_iv|search_key|blind)/;

export function actionLabel(action: string, t: T): string {
  const a = ACTIONS[action];
  return a ? t(a[0], a[1]) : t('Thao tác khác', 'Other action');
}

export function tableLabel(table: string | null, t: T): string {
  if (!table) return '';
  const x = TABLES[table];
  return x ? t(x[0], x[1]) : t('dữ liệu', 'data');
}

function show(v: unknown, t: T): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? t('có', 'yes') : t('không', 'no');
  if (typeof v === 'number') return String(v).replace('.', ',');
  if (typeof v === 'string') {
    const known = VALUES[v];
    if (known) return t(known[0], known[1]);
    // an encrypted or hashed value (base64 / hex, no spaces) is never spelled out
    if (/^[A-Za-z0-9+/=_-]{12,}$/.test(v) && /\d|[+/=]/.test(v) && !/^\d{4}-/.test(v)) return t('(đã mã hóa)', '(encrypted)');
    if (/^[a-z]+(_[a-z0-9]+)+$/.test(v)) return t('(mã)', '(code)');
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(v);
    if (/^\d{4}-\d{2}-\d{2}T/.test(v)) return formatDateTime(v);
    return v.length > 80 ? `${v.slice(0, 80)}…` : v;
  }
  if (Array.isArray(v)) return t(`${v.length} mục`, `${v.length} items`);
  return t('(nhiều trường)', '(several fields)');
}

const asRecord = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/** The changes of an audit row in words: "trạng thái: mở → đã đóng" for the known columns that changed. */
export function changeSummary(row: { action: string; before: unknown; after: unknown; detail: unknown }, t: T): string {
  const before = asRecord(row.before);
  const after = asRecord(row.after);
  const parts: string[] = [];
  if (row.action === 'update' && before && after) {
    for (const [key, label] of Object.entries(COLUMNS)) {
      if (HIDDEN.test(key) || !(key in after)) continue;
      if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
      parts.push(`${t(label[0], label[1])}: ${show(before[key], t)} → ${show(after[key], t)}`);
    }
    if (parts.length === 0) parts.push(t('sửa các trường khác', 'other fields changed'));
  } else {
    const record = after ?? before ?? asRecord(row.detail);
    if (record) {
      for (const [key, label] of Object.entries(COLUMNS)) {
        if (HIDDEN.test(key) || !(key in record) || record[key] === null || record[key] === undefined) continue;
        parts.push(`${t(label[0], label[1])}: ${show(record[key], t)}`);
        if (parts.length >= 4) break;
      }
      if (row.action === 'read' && Array.isArray(record.ids)) parts.push(t(`${record.ids.length} hồ sơ`, `${record.ids.length} records`));
    }
  }
  return parts.join('; ');
}
