import { useApi } from '../../lib/api.ts';
import { formatComparator } from '../../../../src/domain/format.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { Link } from '../../lib/links.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';

interface CheckTarget {
  measure: string;
  year: number;
  comparator: string;
  value: number | null;
  valueMax?: number | null;
  unit?: string | null;
  group?: string | null;
  relative?: any;
}
interface CheckItem {
  status: string;
  indicator: string;
  measure: string | null;
  year: number | null;
  group: string | null;
  parent: CheckTarget | null;
  local: CheckTarget | null;
  messageVi: string;
  messageEn: string;
}
interface CheckResponse {
  parentPlan?: { id: number; number: string | null; title: string } | null;
  /** the plan compared against (the parent unless ?against=) */
  against?: { id: number; number: string | null; title: string } | null;
  issues?: CheckItem[];
  comparisons?: CheckItem[];
  summary?: Record<string, number>;
}

const STATUS: Record<string, { vi: string; en: string; cls: string }> = {
  missing_indicator: { vi: 'Thiếu chỉ tiêu', en: 'Missing indicator', cls: 'status-off_track' },
  missing_measure: { vi: 'Thiếu chỉ số', en: 'Missing measure', cls: 'status-off_track' },
  missing_year: { vi: 'Thiếu mốc năm', en: 'Missing year', cls: 'status-at_risk' },
  laxer: { vi: 'Thấp hơn cấp trên', en: 'Laxer than parent', cls: 'status-off_track' },
  not_comparable: { vi: 'Không so sánh được', en: 'Not comparable', cls: 'status-no_data' },
  equal: { vi: 'Bằng cấp trên', en: 'Same as parent', cls: 'status-achieved' },
  stricter: { vi: 'Cao hơn cấp trên', en: 'Stricter than parent', cls: 'status-on_track' },
};

/** The plan check (GET /api/plans/:id/check): the plan's targets against its parent plan's. */
export function PlanCheck({ planId, units = {} }: { planId: number; units?: Record<string, string> }) {
  const t = useT();
  const lang = useLang();
  const { data, error, loading, reload } = useApi<CheckResponse>(`/api/plans/${planId}/check`);
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (loading || !data) return <Loading label={t('Đang đối chiếu…', 'Checking…')} />;
  const issues = data.issues ?? [];
  const comparisons = data.comparisons ?? [];
  const summary = data.summary ?? {};
  const parent = data.against ?? data.parentPlan ?? null;
  const fmt = (x: CheckTarget | null) => (x ? formatComparator({ ...x, unit: x.unit ?? units[x.measure] ?? 'percent' }, lang) : '—');
  return (
    <div className="plan-check">
      {parent && (
        <p>
          {t('Đối chiếu với', 'Compared with')}:{' '}
          <Link to={`/plans/${parent.id}`}>
            {parent.number ? `${parent.number} — ` : ''}
            {parent.title}
          </Link>
        </p>
      )}
      <ul className="card-grid check-summary">
        {Object.entries(STATUS).map(([k, s]) =>
          summary[k] ? (
            <li key={k} className="card">
              <span className="big">{summary[k]}</span>
              <span className={`badge ${s.cls}`}>{lang === 'en' ? s.en : s.vi}</span>
            </li>
          ) : null,
        )}
      </ul>
      {issues.length === 0 ? (
        <div className="success-box">{t('Không có chỉ tiêu nào thấp hơn hoặc thiếu so với kế hoạch cấp trên.', 'No target is missing or laxer than in the parent plan.')}</div>
      ) : (
        <DataTable<CheckItem>
          caption={t(`${issues.length} vấn đề cần xem lại`, `${issues.length} issue(s) to review`)}
          rows={issues}
          rowKey={(_, i) => i}
          columns={[
            { key: 'status', header: t('Kết quả', 'Result'), render: (x) => <span className={`badge ${STATUS[x.status]?.cls ?? 'status-no_data'}`}>{STATUS[x.status] ? (lang === 'en' ? STATUS[x.status].en : STATUS[x.status].vi) : x.status}</span>, sortValue: (x) => x.status },
            { key: 'indicator', header: t('Chỉ tiêu', 'Indicator'), render: (x) => `${x.indicator}${x.measure && x.measure !== x.indicator ? ` (${x.measure})` : ''}`, sortValue: (x) => x.indicator },
            { key: 'year', header: t('Năm', 'Year'), render: (x) => x.year ?? '', sortValue: (x) => x.year },
            { key: 'parent', header: t('Cấp trên', 'Parent'), render: (x) => fmt(x.parent), className: 'target-cell' },
            { key: 'local', header: t('Kế hoạch này', 'This plan'), render: (x) => fmt(x.local), className: 'target-cell' },
            { key: 'message', header: t('Ghi chú', 'Note'), render: (x) => (lang === 'en' ? x.messageEn : x.messageVi) },
          ]}
        />
      )}
      {comparisons.length > issues.length && (
        <p className="small muted">
          {t(`Đã so sánh ${comparisons.length} mốc chỉ tiêu.`, `${comparisons.length} targets compared.`)}
        </p>
      )}
    </div>
  );
}
