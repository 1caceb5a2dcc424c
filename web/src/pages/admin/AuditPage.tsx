import { useState } from 'react';
import { qs, useApi } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { DateInput } from '../../components/DateInput.tsx';
import { formatDateTime, formatNumber } from '../../../../src/domain/format.ts';
import { actionLabel, changeSummary, tableLabel } from './audit-labels.ts';

interface AuditRow {
  id: number;
  at: string;
  actor_name: string | null;
  ip: string | null;
  action: string;
  table_name: string | null;
  row_id: string | null;
  before: unknown;
  after: unknown;
  detail: unknown;
}

const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));

export default function AuditPage() {
  const t = useT();
  const [filter, setFilter] = useState({ actor: '', table: '', rowId: '', from: '', to: '', q: '' });
  const [page, setPage] = useState(1);
  const data = useApi<{ rows: AuditRow[]; total: number; pageSize: number }>(`/api/audit${qs({ ...filter, page })}`);
  const field = (key: keyof typeof filter, vi: string, en: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`audit-${key}`}>{t(vi, en)}</label>
      {type === 'date' ? (
        // dd/mm/yyyy whatever the browser's language (an <input type="date"> shows mm/dd/yyyy in an English browser)
        <DateInput id={`audit-${key}`} value={filter[key] || null} onChange={(iso) => { setFilter({ ...filter, [key]: iso ?? '' }); setPage(1); }} />
      ) : (
        <input
          id={`audit-${key}`}
          type={type}
          value={filter[key]}
          onChange={(e) => {
            setFilter({ ...filter, [key]: e.target.value });
            setPage(1);
          }}
        />
      )}
    </div>
  );
  return (
    <section>
      <h1>{t('Nhật ký kiểm tra', 'Audit log')}</h1>
      <div className="filters form-grid panel">
        {field('actor', 'Người thực hiện', 'Actor')}
        {field('table', 'Bảng dữ liệu (mã)', 'Table (code)')}
        {field('rowId', 'Mã dòng', 'Row id')}
        {field('from', 'Từ ngày', 'From', 'date')}
        {field('to', 'Đến ngày', 'To', 'date')}
        {field('q', 'Nội dung', 'Text')}
      </div>
      {data.loading && !data.data ? <Loading /> : <ErrorMessage error={data.error} onRetry={data.reload} />}
      {data.data && (
        <>
          <p>
            {t('Tổng số', 'Total')}: {formatNumber(data.data.total)}
          </p>
          <DataTable
            rows={data.data.rows}
            rowKey={(r) => r.id}
            columns={[
              { key: 'at', header: t('Thời điểm', 'When'), render: (r) => formatDateTime(r.at) },
              { key: 'actor', header: t('Người thực hiện', 'Who'), render: (r) => r.actor_name ?? '' },
              { key: 'ip', header: t('Địa chỉ', 'From'), render: (r) => r.ip ?? '' },
              { key: 'action', header: t('Thao tác', 'Action'), render: (r) => <span title={`${r.action} ${r.table_name ?? ''}`}>{actionLabel(r.action, t)} {tableLabel(r.table_name, t)}{r.row_id ? ` #${r.row_id}` : ''}</span> },
              {
                key: 'change',
                header: t('Nội dung thay đổi', 'What changed'),
                render: (r) => (
                  <>
                    {changeSummary(r, t)}
                    {(r.before != null || r.after != null || r.detail != null) && (
                      <details className="audit-detail">
                        <summary>{t('Dữ liệu kỹ thuật', 'Technical data')}</summary>
                        {r.before != null && <code className="json">{json(r.before)}</code>}
                        <code className="json">{json(r.after ?? r.detail)}</code>
                      </details>
                    )}
                  </>
                ),
              },
            ]}
          />
          <p>
            <button type="button" className="btn btn-small" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              {t('Trang trước', 'Previous')}
            </button>{' '}
            {t('Trang', 'Page')} {page}{' '}
            <button type="button" className="btn btn-small" disabled={page * data.data.pageSize >= data.data.total} onClick={() => setPage(page + 1)}>
              {t('Trang sau', 'Next')}
            </button>
          </p>
        </>
      )}
    </section>
  );
}
