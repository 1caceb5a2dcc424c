import { useState } from 'react';
import { useApi, qs } from '../../lib/api.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { Link } from '../../lib/links.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { DeadlineBadge, kindLabel, type ReportItem } from './shared.tsx';

/** The approver's inbox: reports submitted to a unit, with their validation flags. */
export default function InboxPage() {
  const t = useT();
  const lang = useLang();
  const [unitId, setUnitId] = useState<number | null>(null);
  const { data, error, loading, reload } = useApi<{ items: ReportItem[] }>(unitId ? `/api/inbox${qs({ unitId })}` : null);
  return (
    <section>
      <h1>{t('Báo cáo chờ duyệt', 'Approval inbox')}</h1>
      <div className="toolbar panel"><UnitPicker value={unitId} onChange={(id) => setUnitId(id)} label={t('Đơn vị nhận báo cáo', 'Receiving unit')} /></div>
      {!unitId && <p className="muted">{t('Chọn đơn vị để xem các báo cáo gửi đến.', 'Choose a unit to see the reports sent to it.')}</p>}
      {loading && <Loading />}
      <ErrorMessage error={error} onRetry={reload} />
      {data && (
        <table className="data-table">
          <thead><tr><th>{t('Đơn vị', 'Unit')}</th><th>{t('Kỳ', 'Period')}</th><th>{t('Hạn / gửi lúc', 'Due / sent')}</th><th>{t('Cảnh báo', 'Warnings')}</th></tr></thead>
          <tbody>
            {data.items.map((i) => (
              <tr key={i.id}>
                <td><Link to={`/reports/${i.id}`}>{i.unit.name}{i.agency ? ` — ${i.agency.name}` : ''}</Link></td>
                <td>{kindLabel(i.kind, t)} {i.year}</td>
                <td>{formatDate(i.dueDate)} · {formatDateTime(i.submittedAt)} <DeadlineBadge state={i.deadline} /></td>
                <td>{i.flags.length === 0 ? <span className="muted">—</span> : <ul>{i.flags.map((f, k) => <li key={k}>{lang === 'en' ? f.en : f.vi}</li>)}</ul>}</td>
              </tr>
            ))}
            {data.items.length === 0 && <tr><td colSpan={4} className="muted">{t('Không có báo cáo chờ duyệt.', 'Nothing to approve.')}</td></tr>}
          </tbody>
        </table>
      )}
    </section>
  );
}
