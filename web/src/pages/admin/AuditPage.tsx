import { useState } from 'react';
import { qs, useApi } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';

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
    <label>
      {t(vi, en)}{' '}
      <input
        type={type}
        value={filter[key]}
        onChange={(e) => {
          setFilter({ ...filter, [key]: e.target.value });
          setPage(1);
        }}
      />
    </label>
  );
  return (
    <section>
      <h1>{t('Nhật ký kiểm tra', 'Audit log')}</h1>
      <div className="filters">
        {field('actor', 'Người thực hiện', 'Actor')}
        {field('table', 'Bảng', 'Table')}
        {field('rowId', 'Mã dòng', 'Row id')}
        {field('from', 'Từ ngày', 'From', 'date')}
        {field('to', 'Đến ngày', 'To', 'date')}
        {field('q', 'Nội dung', 'Text')}
      </div>
      {data.loading && !data.data ? <Loading /> : <ErrorMessage error={data.error} onRetry={data.reload} />}
      {data.data && (
        <>
          <p>
            {t('Tổng số', 'Total')}: {data.data.total.toLocaleString('vi-VN')}
          </p>
          <DataTable
            rows={data.data.rows}
            rowKey={(r) => r.id}
            columns={[
              { key: 'at', header: t('Thời điểm', 'When'), render: (r) => new Date(r.at).toLocaleString('vi-VN') },
              { key: 'actor', header: t('Người thực hiện', 'Who'), render: (r) => r.actor_name ?? '' },
              { key: 'ip', header: t('Địa chỉ', 'From'), render: (r) => r.ip ?? '' },
              { key: 'action', header: t('Thao tác', 'Action'), render: (r) => `${r.action} ${r.table_name ?? ''} ${r.row_id ? `#${r.row_id}` : ''}` },
              { key: 'before', header: t('Trước', 'Before'), render: (r) => <code className="json">{json(r.before)}</code> },
              { key: 'after', header: t('Sau', 'After'), render: (r) => <code className="json">{json(r.after ?? r.detail)}</code> },
            ]}
          />
          <p>
            <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              {t('Trang trước', 'Previous')}
            </button>{' '}
            {t('Trang', 'Page')} {page}{' '}
            <button type="button" disabled={page * data.data.pageSize >= data.data.total} onClick={() => setPage(page + 1)}>
              {t('Trang sau', 'Next')}
            </button>
          </p>
        </>
      )}
    </section>
  );
}
