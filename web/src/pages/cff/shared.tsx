/** Labels and small pieces shared by the child-friendly-commune pages. */
import { useT } from '../../lib/i18n.ts';

export const STATUS: Record<string, { vi: string; en: string; tone: string }> = {
  not_registered: { vi: 'Chưa đăng ký', en: 'Not registered', tone: 'status-no-data' },
  registered: { vi: 'Đã đăng ký', en: 'Registered', tone: 'status-on-track' },
  in_progress: { vi: 'Đang tự đánh giá', en: 'Self-assessing', tone: 'status-on-track' },
  submitted: { vi: 'Đã gửi hồ sơ', en: 'Submitted', tone: 'status-at-risk' },
  returned: { vi: 'Trả lại để bổ sung', en: 'Returned', tone: 'status-off-track' },
  recognised: { vi: 'Được công nhận', en: 'Recognised', tone: 'status-achieved' },
  not_recognised: { vi: 'Không được công nhận', en: 'Not recognised', tone: 'status-off-track' },
  withdrawn: { vi: 'Bị thu hồi', en: 'Withdrawn', tone: 'status-off-track' },
};

export function CffStatus({ status }: { status: string }) {
  const t = useT();
  const s = STATUS[status] ?? { vi: status, en: status, tone: '' };
  return <span className={`badge ${s.tone}`}>{t(s.vi, s.en)}</span>;
}

export function yearOptions(): number[] {
  const now = new Date().getFullYear();
  return Array.from({ length: now - 2010 + 2 }, (_, i) => now + 1 - i);
}

export function YearSelect({ value, onChange, id }: { value: number; onChange: (y: number) => void; id?: string }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(Number(e.target.value))}>
      {yearOptions().map((y) => <option key={y} value={y}>{y}</option>)}
    </select>
  );
}

/** A download link for the decision or certificate. */
export function DocumentLinks({ decisionId }: { decisionId: number }) {
  const t = useT();
  const href = (kind: string, format: string) => `/api/cff/decisions/${decisionId}/document?kind=${kind}&format=${format}`;
  return (
    <span>
      <span className="nowrap">{t('Quyết định', 'Decision')}: <a href={href('decision', 'docx')}>DOCX</a> · <a href={href('decision', 'pdf')}>PDF</a></span>
      {' — '}
      <span className="nowrap">{t('Giấy chứng nhận', 'Certificate')}: <a href={href('certificate', 'docx')}>DOCX</a> · <a href={href('certificate', 'pdf')}>PDF</a></span>
    </span>
  );
}
