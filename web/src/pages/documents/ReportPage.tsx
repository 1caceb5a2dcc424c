import { useEffect, useState, type FormEvent } from 'react';
import { api, qs, ApiError, useApi } from '../../lib/api.ts';
import { useUnitYear } from '../../lib/defaults.ts';
import { listOf } from '../../lib/units.ts';
import { YearSelect } from '../reporting/shared.tsx';
import type { PlanSummary } from '../plans/types.ts';
import { useT } from '../../lib/i18n.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { DateInput } from '../../components/DateInput.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';

type Kind = 'yearly' | 'midterm' | 'final';
interface Signer { onBehalfOf: string | null; signingFor: string | null; title: string; name: string }
interface Narrative {
  planId: number;
  number: string | null;
  place: string | null;
  date: string | null;
  sections: { title: string; text: string }[];
  recipients: string[];
  signer: Signer | null;
  version: number | null;
}

const DEFAULT_SECTIONS = [
  { vi: 'Đánh giá chung', en: 'General assessment' },
  { vi: 'Khó khăn, hạn chế', en: 'Difficulties and shortcomings' },
  { vi: 'Phương hướng, nhiệm vụ năm tới', en: 'Next year' },
  { vi: 'Kiến nghị, đề xuất', en: 'Recommendations' },
];

/** Write the narrative of a report, then download it as DOCX or PDF (NĐ 30/2020 layout). */
export default function ReportPage() {
  const t = useT();
  // the caller's own unit and the latest year with data, unless the address names others (?unit=&year=)
  const chosen = useUnitYear('dataYear');
  const unitId = chosen.ready ? chosen.unitId : null;
  const year = chosen.year ?? new Date().getFullYear();
  const setUnitId = (id: number | null) => { chosen.setUnit(id); setPlanId(''); };
  const setYear = (y: number) => chosen.setYear(y);
  const [kind, setKind] = useState<Kind>('yearly');
  const [planId, setPlanId] = useState<string>('');
  const [n, setN] = useState<Narrative | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!unitId) return;
    let live = true;
    setError(null);
    setSaved(false);
    api
      .get<Narrative>(`/api/reports/${unitId}/${year}/${kind}/narrative${qs({ planId: planId || null })}`)
      .then((r) => {
        if (!live) return;
        if (!r.sections.length) r.sections = DEFAULT_SECTIONS.map((s) => ({ title: t(s.vi, s.en), text: '' }));
        setN(r);
        if (!planId) setPlanId(String(r.planId));
      })
      .catch((e) => live && (setN(null), setError(e)));
    return () => {
      live = false;
    };
  }, [unitId, year, kind, planId]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!n || !unitId) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.put<Narrative>(`/api/reports/${unitId}/${year}/${kind}/narrative`, { ...n, sections: n.sections.filter((s) => s.title.trim()) });
      setN(r);
      setSaved(true);
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && err.code === 'version_conflict') setSaved(false);
    } finally {
      setBusy(false);
    }
  };
  const patch = (f: (x: Narrative) => void) => setN((old) => (old ? apply(old, f) : old));
  const base = unitId ? `/api/reports/${unitId}/${year}` : '';
  const q = qs({ planId: planId || null });

  return (
    <section>
      <h1>{t('Báo cáo và văn bản', 'Reports and documents')}</h1>
      <p className="lead">{t('Viết phần nhận định của báo cáo rồi tải về bản Word hoặc PDF đúng thể thức (Nghị định 30/2020/NĐ-CP). Bảng chỉ tiêu, tình hình báo cáo của cấp dưới và kinh phí lấy từ số liệu trực tiếp.', 'Write the narrative of the report, then download it as Word or PDF in the official format (Decree 30/2020). The indicator table, lower-level reporting and budget come from the live data.')}</p>
      <div className="panel form-grid">
        <div className="field"><UnitPicker value={unitId} onChange={(id) => setUnitId(id)} label={t('Đơn vị', 'Unit')} /></div>
        <div className="field"><label htmlFor="doc-year">{t('Năm', 'Year')}</label><YearSelect id="doc-year" value={year} onChange={(y) => setYear(Number(y))} /></div>
        <div className="field"><label htmlFor="doc-kind">{t('Loại báo cáo', 'Kind')}</label>
          <select id="doc-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="yearly">{t('Báo cáo năm', 'Yearly report')}</option>
            <option value="midterm">{t('Sơ kết giữa kỳ', 'Mid-term review')}</option>
            <option value="final">{t('Tổng kết', 'Final review')}</option>
          </select>
        </div>
        <PlanSelect unitId={unitId} value={planId} onChange={setPlanId} />
      </div>
      <ErrorMessage error={error} />
      {n && unitId && (
        <form onSubmit={save} className="panel">
          <div className="form-grid">
            <label className="field">{t('Số, ký hiệu', 'Number')}<input value={n.number ?? ''} placeholder="215/BC-UBND" onChange={(e) => patch((x) => void (x.number = e.target.value || null))} /></label>
            <label className="field">{t('Địa danh', 'Place')}<input value={n.place ?? ''} onChange={(e) => patch((x) => void (x.place = e.target.value || null))} /></label>
            <label className="field">{t('Ngày ban hành', 'Date')}<DateInput value={n.date ?? null} onChange={(date) => patch((x) => void (x.date = date))} /></label>
          </div>
          {n.sections.map((s, i) => (
            <fieldset key={i} className="field">
              <input aria-label={t('Tên mục', 'Section title')} value={s.title} onChange={(e) => patch((x) => void (x.sections[i].title = e.target.value))} />
              <textarea rows={6} aria-label={s.title} value={s.text} onChange={(e) => patch((x) => void (x.sections[i].text = e.target.value))} />
              <button type="button" className="btn btn-small btn-link" onClick={() => patch((x) => void x.sections.splice(i, 1))}>{t('Bỏ mục này', 'Remove section')}</button>
            </fieldset>
          ))}
          <button type="button" className="btn btn-small" onClick={() => patch((x) => void x.sections.push({ title: '', text: '' }))}>{t('Thêm mục', 'Add a section')}</button>
          <label className="field">{t('Nơi nhận (mỗi dòng một nơi)', 'Recipients (one per line)')}
            <textarea rows={4} value={n.recipients.join('\n')} onChange={(e) => patch((x) => void (x.recipients = e.target.value.split('\n').map((r) => r.trim()).filter(Boolean)))} />
          </label>
          <div className="form-grid">
            {(['onBehalfOf', 'signingFor', 'title', 'name'] as const).map((k) => (
              <label key={k} className="field">
                {{ onBehalfOf: t('Thẩm quyền (TM.)', 'On behalf of (TM.)'), signingFor: t('Ký thay (KT.)', 'Signing for (KT.)'), title: t('Chức vụ', 'Title'), name: t('Người ký', 'Signer') }[k]}
                <input value={n.signer?.[k] ?? ''} onChange={(e) => patch((x) => void (x.signer = { onBehalfOf: null, signingFor: null, title: '', name: '', ...(x.signer ?? {}), [k]: e.target.value || (k === 'title' || k === 'name' ? '' : null) }))} />
              </label>
            ))}
          </div>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? t('Đang lưu…', 'Saving…') : t('Lưu', 'Save')}</button>
            {saved && <span className="muted">{t('Đã lưu', 'Saved')}</span>}
          </div>
          <h2>{t('Tải về', 'Downloads')}</h2>
          <ul className="download-list">
            <li><a className="btn" href={`${base}/${kind}.docx${q}`}>{t('Báo cáo — bản Word (.docx)', 'Report — Word (.docx)')}</a></li>
            <li><a className="btn" href={`${base}/${kind}.pdf${q}`}>{t('Báo cáo — bản PDF', 'Report — PDF')}</a></li>
            <li><a className="btn" href={`${base}/indicators.xlsx${q}`}>{t('Bảng chỉ tiêu (.xlsx)', 'Indicator table (.xlsx)')}</a></li>
            {planId && <li><a className="btn" href={`/api/plans/${planId}/document.docx`}>{t('Văn bản kế hoạch (.docx)', 'Plan (.docx)')}</a></li>}
            {planId && <li><a className="btn" href={`/api/plans/${planId}/budget.xlsx`}>{t('Dự toán kinh phí (.xlsx)', 'Budget (.xlsx)')}</a></li>}
          </ul>
        </form>
      )}
    </section>
  );
}

/** The plans of the unit by their number and title (never an internal id to type); empty: the unit's latest plan. */
function PlanSelect({ unitId, value, onChange }: { unitId: number | null; value: string; onChange: (id: string) => void }) {
  const t = useT();
  const { data } = useApi<unknown>(unitId ? `/api/plans${qs({ issuerUnitId: unitId, limit: 50 })}` : null);
  const plans = listOf(data) as unknown as PlanSummary[];
  return (
    <div className="field">
      <label htmlFor="doc-plan">{t('Kế hoạch', 'Plan')}</label>
      <select id="doc-plan" value={value} onChange={(e) => onChange(e.target.value)}>
        {!plans.some((p) => String(p.id) === value) && <option value="">{t('Kế hoạch mới nhất của đơn vị', 'The unit’s latest plan')}</option>}
        {plans.map((p) => (
          <option key={p.id} value={String(p.id)}>{p.number ? `${p.number} — ` : ''}{p.title.length > 90 ? `${p.title.slice(0, 90)}…` : p.title}</option>
        ))}
      </select>
    </div>
  );
}

function apply(old: Narrative, f: (x: Narrative) => void): Narrative {
  const copy = structuredClone(old);
  f(copy);
  return copy;
}
