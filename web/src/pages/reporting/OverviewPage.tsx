import { useApi, qs } from '../../lib/api.ts';
import { formatDate, formatRate } from '../../lib/format.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { setQuery, useRoute } from '../../lib/router.ts';
import { Link } from '../../lib/links.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';

interface Overview {
  unit: { id: number; name: string };
  offTrack: { measureId: number; code: string; unit: string; nameVi: string; nameEn: string | null; value: number | null; status: string; expected: number | null; coverage: number | null; target: { year: number; value: number } | null }[];
  lateReports: { id: number; unit: { name: string }; agency: string | null; dueDate: string; status: string; overdue: boolean }[];
}

/** A leader's overview: indicators off track or at risk, and late reports. */
export default function OverviewPage() {
  const t = useT();
  const lang = useLang();
  const { query } = useRoute();
  const unitId = Number(query.get('unit')) || null;
  const year = Number(query.get('year')) || new Date().getFullYear() - 1;
  const { data, error, loading, reload } = useApi<Overview>(unitId ? `/api/overview${qs({ unitId, year })}` : null);
  return (
    <section>
      <h1>{t('Tổng quan lãnh đạo', "Leader's overview")}{data ? `: ${data.unit.name}` : ''}</h1>
      <div className="toolbar panel">
        <UnitPicker value={unitId} onChange={(id) => setQuery({ unit: id })} label={t('Đơn vị', 'Unit')} />
        <div className="field"><label htmlFor="ov-year">{t('Năm', 'Year')}</label><input id="ov-year" type="number" value={year} onChange={(e) => setQuery({ year: e.target.value })} /></div>
      </div>
      {loading && <Loading />}
      <ErrorMessage error={error} onRetry={reload} />
      {data && (
        <div className="grid-2">
          <div className="panel">
            <h2>{t('Chỉ tiêu chậm tiến độ', 'Indicators off track')} ({data.offTrack.length})</h2>
            <ul>
              {data.offTrack.map((m) => (
                <li key={m.measureId}>
                  <Link to={`/dashboard?unit=${data.unit.id}&year=${year}&measure=${m.measureId}`}>{m.code}</Link> {lang === 'en' ? m.nameEn ?? m.nameVi : m.nameVi}: {formatRate(m.value, m.unit, lang)} <StatusBadge status={m.status} />
                </li>
              ))}
              {data.offTrack.length === 0 && <li className="muted">{t('Không có chỉ tiêu chậm tiến độ.', 'No indicator off track.')}</li>}
            </ul>
          </div>
          <div className="panel">
            <h2>{t('Báo cáo chậm', 'Late reports')} ({data.lateReports.length})</h2>
            <ul>
              {data.lateReports.map((r) => (
                <li key={r.id}><Link to={`/reports/${r.id}`}>{r.unit.name}{r.agency ? ` — ${r.agency}` : ''}</Link>: {t('hạn', 'due')} {formatDate(r.dueDate)} — {r.overdue ? t('chưa nộp', 'not submitted') : t('nộp muộn', 'submitted late')}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
    </section>
  );
}
