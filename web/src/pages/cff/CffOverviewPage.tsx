/** The communes of a district or province by status for a year, with targets, indicator 1 and payments. */
import { useApi, qs } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { Link } from '../../lib/links.ts';
import { formatFigure, formatMoney, formatShare } from '../../../../src/domain/format.ts';
import { useUnitYear, unitYearQuery } from '../../lib/defaults.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { CffStatus, STATUS, YearSelect } from './shared.tsx';

interface Row { unitId: number; code: string; name: string; kind: string | null; registrationId: number | null; status: string; standard: string | null; submittedOn: string | null; recognised: boolean; predecessorRecognised: boolean }
interface Table { rows: Row[]; counts: Record<string, number>; share: { numerator: number; denominator: number; valueText: string; coverage: number | null; asOf: string } }
interface Targets { communes: number; registered: number; recognised: number; text: { registered: string; recognised: string; targetRegistered: string | null; targetRecognised: string | null }; registeredMet: boolean | null; recognisedMet: boolean | null }
interface Payments { lines: { unitId: number; unitName: string; reason: string; payer: string | null; amount: number }[]; totals: { registered: number; recognised: number; all: number } }

export default function CffOverviewPage() {
  const t = useT();
  // ?unit=&year= (the old ?unitId= still works); by default the caller's unit and the latest year with files
  const { unitId, year: chosenYear, ready, setUnit, setYear } = useUnitYear('cffYear');
  const year = chosenYear ?? new Date().getFullYear();
  const params = ready && unitId ? qs({ unitId, year }) : null;
  const table = useApi<Table>(params && `/api/cff/communes${params}`);
  // indicator 1 as every other screen shows it (src/storage/indicator1.ts)
  const indicator = useApi<{ value: number | null; numerator: number | null; denominator: number | null; expectedCount: number; coverage: number | null }>(ready && unitId ? `/api/dashboard/units/${unitId}/indicator1${qs({ year })}` : null);
  const targets = useApi<Targets>(params && `/api/cff/targets${params}`);
  const payments = useApi<Payments>(params && `/api/cff/payments${params}`);
  return (
    <section>
      <h1>{t('Xã, phường, thị trấn phù hợp với trẻ em', 'Child-friendly communes')}</h1>
      <div className="form-grid">
        <div className="field">
          <UnitPicker label={t('Đơn vị (huyện, tỉnh)', 'Unit (district, province)')} value={unitId} onChange={(id) => setUnit(id)} />
        </div>
        <div className="field">
          <label htmlFor="cff-year">{t('Năm', 'Year')}</label>
          <YearSelect id="cff-year" value={year} onChange={(y) => setYear(y)} />
        </div>
        <div className="field"><Link whenDenied="hide" to={`/cff/queue${unitYearQuery(unitId, year)}`}>{t('Hồ sơ chờ thẩm định →', 'Review queue →')}</Link></div>
      </div>
      {!unitId && <p className="muted">{t('Chọn một huyện hoặc tỉnh để xem các xã.', 'Choose a district or province to see its communes.')}</p>}
      {table.loading && <Loading />}
      <ErrorMessage error={table.error} onRetry={table.reload} />
      {table.data && (
        <>
          <div className="card-grid">
            <div className="card">
              <strong>{t('Chỉ tiêu 1 — tỷ lệ xã phù hợp với trẻ em', 'Indicator 1 — share of child-friendly communes')}</strong>
              <p className="lead">{indicator.data ? formatFigure(indicator.data.value, 'percent') : '…'}</p>
              <p className="small">
                {indicator.data && indicator.data.value !== null ? `${indicator.data.numerator}/${indicator.data.denominator} ${t('xã được công nhận', 'communes recognised')}` : t('Chưa có số liệu: tỉnh chưa thực hiện đánh giá năm này.', 'No data: the province did not run the assessment this year.')}
                {indicator.data && indicator.data.coverage !== null && indicator.data.coverage < 1 ? ` · ${t('độ phủ', 'coverage')} ${formatShare(indicator.data.coverage)}` : ''}
              </p>
              <p className="small"><Link to={`/dashboard${unitYearQuery(unitId, year)}`}>{t('Theo dõi chỉ tiêu →', 'Dashboard →')}</Link></p>
            </div>
            {targets.data && (
              <div className="card">
                <strong>{t('Chỉ tiêu kế hoạch', 'Plan targets')}</strong>
                <p className="small">{t('Đăng ký', 'Registered')}: {targets.data.text.registered}{targets.data.text.targetRegistered ? ` — ${t('chỉ tiêu', 'target')} ${targets.data.text.targetRegistered}` : ''}</p>
                <p className="small">{t('Công nhận', 'Recognised')}: {targets.data.text.recognised}{targets.data.text.targetRecognised ? ` — ${t('chỉ tiêu', 'target')} ${targets.data.text.targetRecognised}` : ''}</p>
              </div>
            )}
            <div className="card">
              <strong>{t('Theo trạng thái', 'By status')}</strong>
              <ul className="small">
                {Object.entries(table.data.counts).map(([s, n]) => <li key={s}>{t(STATUS[s]?.vi ?? s, STATUS[s]?.en ?? s)}: {n}</li>)}
              </ul>
            </div>
          </div>
          <DataTable<Row>
            caption={t('Các xã theo trạng thái', 'Communes by status')}
            rows={table.data.rows}
            rowKey={(r) => r.unitId}
            columns={[
              { key: 'name', header: t('Xã, phường, thị trấn', 'Commune'), render: (r) => `${r.kind ?? ''} ${r.name}`.trim(), sortValue: (r) => r.name },
              { key: 'status', header: t('Trạng thái', 'Status'), render: (r) => <CffStatus status={r.status} />, sortValue: (r) => r.status },
              { key: 'standard', header: t('Bộ tiêu chuẩn', 'Standard'), render: (r) => r.standard ?? '—' },
              { key: 'note', header: t('Ghi chú', 'Note'), render: (r) => (r.predecessorRecognised && !r.recognised ? t('Đơn vị cũ đã được công nhận; đơn vị mới cần đánh giá lại', 'A predecessor was recognised; the merged unit must be re-assessed') : '') },
              { key: 'file', header: t('Hồ sơ', 'File'), render: (r) => (r.registrationId ? <Link whenDenied="hide" unitId={r.unitId} to={`/cff/registrations/${r.registrationId}`}>{t('Mở', 'Open')}</Link> : '') },
            ]}
          />
        </>
      )}
      {payments.data && payments.data.lines.length > 0 && (
        <DataTable
          caption={t('Kinh phí hỗ trợ (cho bộ phận tài chính)', 'Support payments (for the finance office)')}
          rows={payments.data.lines}
          rowKey={(l, i) => `${l.unitId}-${l.reason}-${i}`}
          columns={[
            { key: 'unitName', header: t('Đơn vị', 'Unit') },
            { key: 'reason', header: t('Nội dung', 'For'), render: (l) => (l.reason === 'registered' ? t('Đăng ký xây dựng', 'Registered') : t('Được công nhận', 'Recognised')) },
            { key: 'payer', header: t('Nguồn', 'Payer'), render: (l) => l.payer ?? '—' },
            { key: 'amount', header: t('Số tiền (đồng)', 'Amount (VND)'), align: 'right', render: (l) => formatMoney(l.amount) },
          ]}
          footer={<tr><td colSpan={3}><strong>{t('Tổng cộng', 'Total')}</strong></td><td className="num"><strong>{formatMoney(payments.data.totals.all)}</strong></td></tr>}
        />
      )}
    </section>
  );
}
