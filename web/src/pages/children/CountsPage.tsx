import { useState } from 'react';
import { qs, useApi } from '../../lib/api.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { formatRate } from '../../../../src/domain/format.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useSession } from '../../lib/session.ts';
import { fmt, SuppressionRule } from './common.tsx';

interface Row { unitId: number; unitName: string | null; children: number | null; special: number | null; specialSupported: number | null; abused: number | null }
interface Indicator { measure: string; numerator: number | null; denominator: number | null; value: number | null; suppressed: boolean; unit: string }

export default function CountsPage() {
  const t = useT();
  const lang = useLang();
  const session = useSession();
  // the unit of the user's first grant that shows dashboards, to start with
  const [unitId, setUnitId] = useState<number | null>(session.user?.grants.find((g) => g.unitId !== null && (g.permissions?.includes('dashboard.read') ?? true))?.unitId ?? null);
  const [year, setYear] = useState(new Date().getFullYear());
  const counts = useApi<{ total: Row; units: Row[] }>(unitId ? `/api/register/counts${qs({ unitId, year })}` : null);
  const ind = useApi<{ values: Indicator[]; noteVi: string; noteEn: string; counts?: Record<string, { basisVi: string; groups: { code: string; number: number | null; nameVi: string; nameEn: string }[] }> }>(unitId ? `/api/register/indicators${qs({ unitId, year })}` : null);
  return (
    <section>
      <h1>{t('Số liệu trẻ em từ sổ theo dõi', 'Children counts from the register')}</h1>
      <SuppressionRule />
      <div className="toolbar">
        <UnitPicker value={unitId} onChange={(id) => setUnitId(id)} label={t('Đơn vị', 'Unit')} />
        <label>{t('Năm', 'Year')}<input type="number" value={year} onChange={(e) => setYear(Number(e.target.value))} /></label>
      </div>
      {(counts.loading || ind.loading) && <Loading />}
      <ErrorMessage error={counts.error ?? ind.error} />
      {ind.data && (
        <>
          <h2>{t('Chỉ tiêu 8 và 9 (giá trị đề xuất cho biểu báo cáo)', 'Indicators 8 and 9 (values offered for the report form)')}</h2>
          <p className="muted">{t(ind.data.noteVi, ind.data.noteEn)}</p>
          <ul>{ind.data.values.map((v) => <li key={v.measure}>{t('Chỉ tiêu', 'Indicator')} {v.measure}: {v.suppressed ? t('ẩn (có số dưới 5)', 'hidden (a count below 5)') : `${formatRate(v.value, v.unit, lang)} (${fmt(v.numerator, lang)}/${fmt(v.denominator, lang)})`}
            {v.measure === '9' && ind.data?.counts?.['9'] && <div className="muted" data-testid="indicator-9-groups">{t('Tính các nhóm trong sổ', 'Counts the register groups')}: {ind.data.counts['9'].groups.map((g) => `${g.number ? `${g.number}. ` : ''}${t(g.nameVi, g.nameEn)}`).join('; ')} — {ind.data.counts['9'].basisVi}</div>}</li>)}</ul>
        </>
      )}
      {counts.data && (
        <table className="data-table">
          <thead><tr><th>{t('Xã', 'Commune')}</th><th>{t('Trẻ em dưới 16 tuổi', 'Children under 16')}</th><th>{t('Có hoàn cảnh đặc biệt', 'In special circumstances')}</th><th>{t('Được trợ giúp', 'Supported')}</th><th>{t('Bị xâm hại', 'Abused')}</th></tr></thead>
          <tbody>
            {counts.data.units.map((r) => <tr key={r.unitId}><td>{r.unitName}</td><td className="align-right">{fmt(r.children, lang)}</td><td className="align-right">{fmt(r.special, lang)}</td><td className="align-right">{fmt(r.specialSupported, lang)}</td><td className="align-right">{fmt(r.abused, lang)}</td></tr>)}
          </tbody>
          <tfoot><tr><th>{t('Tổng', 'Total')}</th><td className="align-right">{fmt(counts.data.total.children, lang)}</td><td className="align-right">{fmt(counts.data.total.special, lang)}</td><td className="align-right">{fmt(counts.data.total.specialSupported, lang)}</td><td className="align-right">{fmt(counts.data.total.abused, lang)}</td></tr></tfoot>
        </table>
      )}
    </section>
  );
}
