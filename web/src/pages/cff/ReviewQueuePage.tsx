/** The recognising level's queue: submitted files of its communes. */
import { useApi, qs } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { Link } from '../../lib/links.ts';
import { useUnitYear } from '../../lib/defaults.ts';
import { formatDate } from '../../../../src/domain/format.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { YearSelect } from './shared.tsx';

interface Item { id: number; unitId: number; unitName: string; submittedOn: string | null; unitCategory: string; standard: string }

export default function ReviewQueuePage() {
  const t = useT();
  const { unitId, year: chosenYear, ready, setUnit, setYear } = useUnitYear('cffYear');
  const year = chosenYear ?? new Date().getFullYear();
  const queue = useApi<{ items: Item[] }>(ready && unitId ? `/api/cff/queue${qs({ unitId, year })}` : null);
  return (
    <section>
      <h1>{t('Hồ sơ chờ thẩm định', 'Review queue')}</h1>
      <div className="form-grid">
        <div className="field"><UnitPicker label={t('Cấp công nhận', 'Recognising unit')} value={unitId} onChange={(id) => setUnit(id)} /></div>
        <div className="field"><label htmlFor="q-year">{t('Năm', 'Year')}</label><YearSelect id="q-year" value={year} onChange={(y) => setYear(y)} /></div>
      </div>
      {queue.loading && <Loading />}
      <ErrorMessage error={queue.error} onRetry={queue.reload} />
      {queue.data && (
        <DataTable<Item>
          rows={queue.data.items}
          rowKey={(r) => r.id}
          empty={t('Không có hồ sơ nào chờ thẩm định.', 'Nothing is waiting for review.')}
          columns={[
            { key: 'unitName', header: t('Đơn vị', 'Unit'), sortValue: (r) => r.unitName },
            { key: 'submittedOn', header: t('Ngày gửi', 'Submitted'), render: (r) => formatDate(r.submittedOn), sortValue: (r) => r.submittedOn },
            { key: 'standard', header: t('Bộ tiêu chuẩn', 'Standard') },
            { key: 'open', header: '', render: (r) => <Link to={`/cff/registrations/${r.id}`}>{t('Thẩm định', 'Review')}</Link> },
          ]}
        />
      )}
    </section>
  );
}
