import { useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, useApi } from '../../lib/api.ts';
import { TaskProgressAside } from '../tasks/TaskProgressAside.tsx';
import { formatDate, formatDateTime, formatFigure, formatNumber, parseNumber } from '../../../../src/domain/format.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { useSession } from '../../lib/session.ts';
import { Link } from '../../lib/links.ts';
import { unitYearQuery } from '../../lib/defaults.ts';
import type { PageProps } from '../../lib/pages.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { DeadlineBadge, PeriodText, ReportStatus, actionLabel } from './shared.tsx';
import { validateReport, validateValue, type CleanValue, type MeasureInfo } from '../../../../src/domain/reporting/validation.ts';
import type { MeasureUnit } from '../../../../src/domain/model.ts';
import { Icon } from '../../components/Icon.tsx';

interface Measure { id: number; code: string; nameVi: string; nameEn: string | null; unit: string; disaggregations: string[]; numeratorVi: string | null; denominatorVi: string | null; feeds: boolean }
interface Value { measure: string; key: string; numerator: number | null; denominator: number | null; value: number | null; unknown: boolean; comment: string | null; computed: number | null }
interface Derived { measure: string; nameVi: string; nameEn: string | null; unit: string; value: number | null; numerator: number | null; denominator: number | null; coverage: number | null; noteVi: string; noteEn: string }
interface Issue { code: string; measure: string; key?: string; vi: string; en: string }
interface Report {
  id: number; year: number; kind: string; period: string; periodStart?: string; periodEnd?: string; planTitle: string; unit: { id: number; name: string }; agency: { name: string } | null; recipient: { id: number; name: string } | null;
  dueDate: string; role: string; status: string; version: number; locked: boolean; deadline: string; returnedReason: string | null;
  flags: Issue[]; measures: Measure[]; values: Value[]; derived?: Derived[];
  aggregates: { measureId: number; numerator: number; denominator: number; reportingCount: number; expectedCount: number }[];
}
interface Row { numerator: string; denominator: string; value: string; unknown: boolean; comment: string }
type HistoryValue = { numerator: number | null; denominator: number | null; value: number | null; unknown: boolean } | null;
const CATEGORIES: Record<string, [string, string, string][]> = {
  sex: [['male', 'Nam', 'Male'], ['female', 'Nữ', 'Female']],
  area: [['urban', 'Thành thị', 'Urban'], ['rural', 'Nông thôn', 'Rural']],
  ethnicity: [['minority', 'Dân tộc thiểu số', 'Ethnic minority'], ['majority', 'Dân tộc Kinh', 'Majority']],
};
const RATIO = new Set(['percent', 'per_1000', 'per_10000', 'per_100000']);
const SCALE: Record<string, number> = { percent: 100, per_1000: 1000, per_10000: 10000, per_100000: 100000 };
const text = (x: number | null | undefined) => (x === null || x === undefined ? '' : formatNumber(x));
const toRow = (v?: Value): Row => ({ numerator: text(v?.numerator), denominator: text(v?.denominator), value: text(v?.value), unknown: v?.unknown ?? false, comment: v?.comment ?? '' });
const rowsOf = (values: Value[], measures: Measure[]) => {
  const out: Record<string, Row> = {};
  for (const v of values) {
    const m = measures.find((x) => x.code === v.measure);
    if (!m) continue;
    out[`${v.measure}|${v.key}`] = { ...toRow(v), value: m.unit === 'boolean' ? (v.value === null ? '' : String(v.value)) : text(v.value) };
  }
  return out;
};

/** What the typed row gives, as the server would compute it (shown while typing). */
function liveValue(unit: string, r: Row | undefined): number | null {
  if (!r || r.unknown) return null;
  if (RATIO.has(unit)) {
    const n = parseNumber(r.numerator);
    const d = parseNumber(r.denominator);
    return n !== null && d !== null && d > 0 ? (n / d) * SCALE[unit] : null;
  }
  if (unit === 'boolean') return r.value === '' ? null : Number(r.value);
  return parseNumber(r.value);
}

/** The entry form: values saved as a draft while typing (debounced), conflicts shown, validation at submission, then the workflow. */
export default function ReportFormPage({ params }: PageProps) {
  const t = useT();
  const lang = useLang();
  const session = useSession();
  const { data, error, loading, reload, setData } = useApi<Report>(`/api/obligations/${params.id}`);
  const [rows, setRows] = useState<Record<string, Row>>({});
  const [dirty, setDirty] = useState<Set<string>>(new Set());
  const [saving, setSaving] = useState<'idle' | 'saving' | 'saved' | 'error'>('idle');
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [missing, setMissing] = useState<Set<string>>(new Set());
  const [conflict, setConflict] = useState<{ current: Report; mine: Record<string, Row>; keys: Set<string> } | null>(null);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submitKey = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const history = useApi<{ values: { id: number; measure: string; key: string; action: string; actor: { name: string }; at: string; old: HistoryValue; new: HistoryValue }[]; events: { id: number; action: string; reason: string | null; actor: { name: string }; at: string }[] }>(data ? `/api/obligations/${params.id}/history?v=${data.version}` : null);

  useEffect(() => {
    if (!data) return;
    setRows(rowsOf(data.values, data.measures));
    setDirty(new Set());
  }, [data?.id, data?.version === undefined]); // eslint-disable-line react-hooks/exhaustive-deps

  // leaving with unsaved changes asks first
  useEffect(() => {
    if (dirty.size === 0 && saving !== 'saving') return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty.size, saving]);

  const editable = data ? !data.locked && session.can('reports.enter', data.unit.id) : false;
  const keep = (next: Report, prev: Report | undefined): Report => ({ ...next, derived: next.derived ?? prev?.derived });

  const payload = (keys: Set<string>, report: Report, source: Record<string, Row>) =>
    [...keys].map((k) => {
      const [measure, key] = k.split('|');
      const r = source[k] ?? toRow();
      const m = report.measures.find((x) => x.code === measure)!;
      if (r.unknown) return { measure, key, unknown: true, comment: r.comment || null };
      return RATIO.has(m.unit) ? { measure, key, numerator: r.numerator, denominator: r.denominator, comment: r.comment || null } : { measure, key, value: m.unit === 'boolean' ? (r.value === '' ? null : Number(r.value)) : r.value, comment: r.comment || null };
    });

  // the latest report and rows, for saves that run after the render that scheduled them
  const dataRef = useRef<Report | undefined>(data);
  if (data && (!dataRef.current || dataRef.current.id !== data.id || data.version >= dataRef.current.version)) dataRef.current = data;
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const inflight = useRef<Promise<unknown>>(Promise.resolve());

  /** Saves these rows on top of the version last seen; saves run one after the other, never racing each other. */
  const save = (keys: Set<string>, source?: Record<string, Row>): Promise<Report | null> => {
    const run = inflight.current.then(async (): Promise<Report | null> => {
      const report = dataRef.current;
      if (!report || keys.size === 0) return report ?? null;
      const sent = source ?? rowsRef.current;
      setSaving('saving');
      try {
        const saved = keep(await api.put<Report>(`/api/obligations/${report.id}`, { version: report.version, values: payload(keys, report, sent) }), report);
        dataRef.current = saved;
        setData(saved);
        // rows typed again while this save was on its way stay dirty
        setDirty((prev) => new Set([...prev].filter((k) => !keys.has(k) || rowsRef.current[k] !== sent[k])));
        setSaving('saved');
        setSavedAt(new Date());
        setSaveError(null);
        return saved;
      } catch (e) {
        setSaving('error');
        if (e instanceof ApiError && e.code === 'version_conflict') {
          setConflict({ current: (e.details as { current: Report }).current, mine: sent, keys });
          setSaveError(null);
        } else setSaveError(e);
        return null;
      }
    });
    inflight.current = run.catch(() => null);
    return run;
  };

  const change = (k: string, patch: Partial<Row>) => {
    setRows((prev) => ({ ...prev, [k]: { ...(prev[k] ?? toRow()), ...patch } }));
    setDirty((prev) => new Set(prev).add(k));
    setDone(null);
    if (missing.has(k.split('|')[0])) setMissing((prev) => { const n = new Set(prev); n.delete(k.split('|')[0]); return n; });
  };
  // autosave: 800 ms after the last keystroke
  useEffect(() => {
    if (!data || dirty.size === 0 || conflict) return;
    if (timer.current) clearTimeout(timer.current);
    // a row the server would refuse stays unsaved (and marked) until it is corrected; the others are saved
    const savable = new Set([...dirty].filter((k) => !live.rowErrors.has(k)));
    if (savable.size === 0) return;
    timer.current = setTimeout(() => void save(savable), 800);
    return () => { if (timer.current) clearTimeout(timer.current); };
  }, [rows]); // eslint-disable-line react-hooks/exhaustive-deps

  const act = async (action: 'submit' | 'approve' | 'return' | 'reopen', body: object = {}) => {
    if (!data) return;
    if (action === 'submit' && !submitKey.current) submitKey.current = crypto.randomUUID();
    setBusy(true);
    try {
      if (timer.current) clearTimeout(timer.current);
      const current = dirty.size ? await save(new Set(dirty)) : await save(new Set());
      if (!current) return;
      const r = await api.post<Report>(`/api/obligations/${current.id}/${action}`, body, action === 'submit' ? { headers: { 'Idempotency-Key': submitKey.current! } } : undefined);
      submitKey.current = null;
      dataRef.current = keep(r, current);
      setData(dataRef.current);
      setSaveError(null);
      setMissing(new Set());
      setReturning(false);
      setReason('');
      setDone({ submit: t('Đã gửi báo cáo.', 'Report submitted.'), approve: t('Đã phê duyệt báo cáo.', 'Report approved.'), return: t('Đã trả lại báo cáo cho đơn vị.', 'Report returned to the unit.'), reopen: t('Đã mở lại báo cáo.', 'Report reopened.') }[action]);
    } catch (e) {
      setSaveError(e);
      if (e instanceof ApiError && e.code === 'required_missing') {
        const issues = (e.details as { issues?: Issue[] } | undefined)?.issues ?? [];
        setMissing(new Set(issues.map((i) => i.measure)));
      }
    } finally {
      setBusy(false);
    }
  };

  const resolveConflict = async (choice: 'theirs' | 'mine') => {
    if (!conflict) return;
    const { current, mine, keys } = conflict;
    setConflict(null);
    if (choice === 'theirs') {
      dataRef.current = keep(current, data);
      setData(dataRef.current);
      setRows(rowsOf(current.values, current.measures));
      setDirty(new Set());
      setSaving('idle');
      return;
    }
    // keep my values: save them again on top of the version now on the server
    dataRef.current = keep(current, data);
    setData(dataRef.current);
    await save(keys, mine);
  };

  const aggregateOf = useMemo(() => new Map((data?.aggregates ?? []).map((a) => [a.measureId, a])), [data]);
  /**
   * The checks of submission, run on what is typed (the same domain functions as the server): a value the server
   * would refuse is marked on its row at once, and the warnings an approver will see (a breakdown that does not add
   * up to the total) are listed while typing, not only after submitting.
   */
  const live = useMemo(() => {
    const rowErrors = new Map<string, { vi: string; en: string }[]>();
    if (!data) return { rowErrors, warnings: [] as Issue[] };
    const infos = new Map<string, MeasureInfo>(data.measures.map((m) => [m.code, { code: m.code, nameVi: m.nameVi, unit: m.unit as MeasureUnit, disaggregations: m.disaggregations }]));
    const clean: CleanValue[] = [];
    for (const [k, r] of Object.entries(rows)) {
      const [code, key] = k.split('|');
      const info = infos.get(code);
      if (!info) continue;
      const input = r.unknown ? { measure: code, key, unknown: true } : RATIO.has(info.unit) ? { measure: code, key, numerator: r.numerator, denominator: r.denominator } : { measure: code, key, value: info.unit === 'boolean' ? (r.value === '' ? null : Number(r.value)) : r.value };
      const checked = validateValue(info, input);
      if (checked.errors.length) rowErrors.set(k, checked.errors);
      else if (checked.clean) clean.push(checked.clean);
    }
    const warnings = validateReport([...infos.values()], clean).warnings as Issue[];
    return { rowErrors, warnings };
  }, [data, rows]);
  if (loading && !data) return <Loading />;
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (!data) return null;

  const canApprove = session.can('reports.approve', data.recipient?.id ?? data.unit.id);
  // while the report can be edited the warnings follow the typing; the server's own (last year's jumps, plausible ranges) stay
  const liveCodes = new Set(['parts_mismatch']);
  const shownFlags = editable ? [...live.warnings, ...data.flags.filter((f) => !liveCodes.has(f.code) && !live.warnings.some((w) => w.vi === f.vi))] : data.flags;
  /** a consolidation report confirms what the units below sent: copy their sums into the rows still empty */
  const fillFromBelow = () => {
    for (const m of data.measures) {
      const k = `${m.code}|`;
      const r = rows[k];
      const a = aggregateOf.get(m.id);
      if (!a || a.reportingCount === 0 || (r && (r.unknown || r.numerator || r.denominator || r.value))) continue;
      if (RATIO.has(m.unit) && a.denominator > 0) change(k, { numerator: formatNumber(a.numerator), denominator: formatNumber(a.denominator) });
      else if (m.unit === 'count') change(k, { value: formatNumber(a.numerator) });
    }
  };
  const name = (m: { nameVi: string; nameEn: string | null }) => (lang === 'en' ? m.nameEn ?? m.nameVi : m.nameVi);
  const input = (k: string, field: 'numerator' | 'denominator' | 'value', label: string) => (
    <input aria-label={label} inputMode="decimal" disabled={!editable || rows[k]?.unknown} value={rows[k]?.[field] ?? ''} onChange={(e) => change(k, { [field]: e.target.value })} className="input-number" />
  );
  const showValue = (v: HistoryValue, unit: string) => (v === null ? '—' : v.unknown ? t('không rõ', 'unknown') : RATIO.has(unit) ? `${text(v.numerator) || '—'}/${text(v.denominator) || '—'}` : unit === 'boolean' ? formatFigure(v.value, unit, lang) : text(v.value) || '—');
  const unitOf = (code: string) => data.measures.find((m) => m.code === code)?.unit ?? 'count';

  return (
    <section className={editable ? 'report-form' : 'report-form report-locked'} data-locked={editable ? undefined : 'true'}>
      <p className="breadcrumb"><Link to="/reports">{t('Báo cáo của tôi', 'My reports')}</Link>{canApprove && <> · <Link to={`/reports/inbox${unitYearQuery(data.recipient?.id, null)}`}>{t('Báo cáo chờ duyệt', 'Approval inbox')}</Link></>}</p>
      <h1>{t('Báo cáo', 'Report')}: {data.unit.name}{data.agency ? ` — ${data.agency.name}` : ''}</h1>
      <p className="lead">
        {data.planTitle} · <strong><PeriodText r={data} /></strong>{data.periodStart && data.periodEnd && data.period !== String(data.year) ? ` (${formatDate(data.periodStart)} – ${formatDate(data.periodEnd)})` : ''} · {t('gửi', 'to')} {data.recipient?.name ?? '—'} · {t('hạn', 'due')} {formatDate(data.dueDate)} <ReportStatus status={data.status} /> <DeadlineBadge state={data.deadline} />
      </p>
      {['sixmonthly', 'quarterly', 'monthly'].includes(data.kind) && <p className="muted" data-testid="sub-period-note">{t('Báo cáo của một kỳ trong năm: số đếm của kỳ là một phần của cả năm, không được lớn hơn số liệu báo cáo năm của cùng đơn vị; tỷ lệ tính trên số liệu của kỳ.', 'A report for part of the year: a count of the period is part of the year’s and may not exceed the same unit’s yearly figure; rates are the period’s own.')}</p>}
      {data.status === 'returned' && data.returnedReason && <div className="warning-box" role="status"><strong>{t('Báo cáo bị trả lại:', 'Returned:')}</strong> {data.returnedReason} — {t('sửa số liệu rồi gửi lại.', 'correct the values and submit again.')}</div>}
      {data.status === 'submitted' && <p className="notice">{t('Báo cáo đã gửi, đang chờ cấp trên phê duyệt; không sửa được cho đến khi bị trả lại.', 'Submitted and waiting for approval; it cannot be edited unless it is returned.')}</p>}
      {!editable && <p className="lock-banner" role="note"><Icon name="lock" /> {data.locked ? t('Báo cáo đã khóa: không sửa được số liệu.', 'This report is locked: its values cannot be changed.') : t('Chỉ xem: bạn không sửa được báo cáo này.', 'Read only: you cannot change this report.')}</p>}
      {data.status === 'approved' && <p className="notice">{t('Báo cáo đã được phê duyệt và khóa; cấp phê duyệt có thể mở lại.', 'Approved and locked; the approving level can reopen it.')}</p>}
      {data.role === 'consolidation' && (
        <p className="muted">
          {t('Báo cáo tổng hợp: số liệu của các đơn vị cấp dưới được cộng dồn tự động; nhập số liệu xác nhận và nhận xét.', 'Consolidation report: the lower units’ figures are added up automatically; enter the confirmed figures and comments.')}{' '}
          {editable && data.aggregates.some((a) => a.reportingCount > 0) && <button type="button" className="btn btn-small" onClick={fillFromBelow}>{t('Điền các ô trống từ số liệu cấp dưới', 'Fill the empty rows from the lower units')}</button>}
        </p>
      )}
      {!editable && (data.status === 'draft' || data.status === 'returned') && <p className="notice">{t('Bạn chỉ được xem báo cáo này; người nhập là cán bộ của đơn vị.', 'You may only read this report; the unit’s officers enter it.')}</p>}
      {editable && (
        <p aria-live="polite" className="muted">
          {saving === 'saving' ? t('Đang lưu bản nháp…', 'Saving draft…') : saving === 'saved' && savedAt ? `${t('Đã lưu bản nháp lúc', 'Draft saved at')} ${savedAt.toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit', second: '2-digit' })}` : t('Số liệu được lưu tự động khi bạn nhập.', 'Values are saved as you type.')}
        </p>
      )}
      {done && <div className="success-box" role="status">{done}</div>}
      <ErrorMessage error={saveError} />
      {conflict && (
        <div className="panel" role="alert">
          <h2>{t('Người khác vừa sửa báo cáo này', 'Someone else just changed this report')}</h2>
          <p>{t('Số liệu của bạn chưa được lưu. So sánh rồi chọn:', 'Your values were not saved. Compare, then choose:')}</p>
          <table className="data-table conflict-table">
            <thead><tr><th>{t('Chỉ tiêu', 'Measure')}</th><th>{t('Trên máy chủ (người khác)', 'On the server (someone else)')}</th><th>{t('Của bạn', 'Yours')}</th></tr></thead>
            <tbody>
              {[...conflict.keys].map((k) => {
                const [code, key] = k.split('|');
                const theirs = conflict.current.values.find((v) => v.measure === code && v.key === key);
                const mine = conflict.mine[k];
                const unit = unitOf(code);
                return (
                  <tr key={k}>
                    <td><strong>{code}</strong>{key ? ` (${key})` : ''}</td>
                    <td>{theirs ? showValue(theirs, unit) : '—'}{theirs?.comment ? ` — ${theirs.comment}` : ''}</td>
                    <td>{mine ? (mine.unknown ? t('không rõ', 'unknown') : RATIO.has(unit) ? `${mine.numerator || '—'}/${mine.denominator || '—'}` : mine.value || '—') : '—'}{mine?.comment ? ` — ${mine.comment}` : ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => void resolveConflict('theirs')}>{t('Dùng số liệu trên máy chủ (bỏ của tôi)', 'Use the server’s values (drop mine)')}</button>
            <button type="button" className="btn btn-primary" onClick={() => void resolveConflict('mine')}>{t('Giữ số liệu của tôi (lưu đè)', 'Keep mine (save over)')}</button>
          </div>
        </div>
      )}
      {shownFlags.length > 0 && (
        <div className="warning-box" aria-live="polite" data-testid="report-warnings">
          <strong>{t('Cảnh báo kiểm tra (không chặn việc gửi, cấp duyệt sẽ xem):', 'Validation warnings (they do not block; the approver sees them):')}</strong>
          <ul>{shownFlags.map((f, i) => <li key={i}>{lang === 'en' ? f.en : f.vi}</li>)}</ul>
        </div>
      )}
      <div className="table-wrap">
        <table className="data-table report-table">
          <thead>
            <tr><th>{t('Chỉ tiêu', 'Measure')}</th><th>{t('Tử số / số lượng', 'Numerator / count')}</th><th>{t('Mẫu số', 'Denominator')}</th><th>{t('Kết quả', 'Result')}</th><th>{t('Không rõ', 'Unknown')}</th><th>{t('Ghi chú', 'Comment')}</th></tr>
          </thead>
          <tbody>
            {(data.derived ?? []).map((d) => (
              <tr key={`derived-${d.measure}`} className="row-derived">
                <td><strong>{d.measure}</strong> {name(d)}<div className="muted">{lang === 'en' ? d.noteEn : d.noteVi} <Link to={`/cff${unitYearQuery(data.unit.id, data.year)}`}>{t('Xem các xã', 'See the communes')}</Link></div></td>
                <td className="num" data-label={t('Tử số', 'Numerator')}>{d.numerator === null ? '—' : formatNumber(d.numerator)}</td>
                <td className="num" data-label={t('Mẫu số', 'Denominator')}>{d.denominator === null ? '—' : formatNumber(d.denominator)}</td>
                <td className="num" data-label={t('Kết quả', 'Result')}>{formatFigure(d.value, d.unit, lang)}</td>
                <td colSpan={2} className="muted">{t('Tính tự động', 'Computed')}</td>
              </tr>
            ))}
            {data.measures.map((m) => {
              const keys = ['', ...m.disaggregations.flatMap((d) => (CATEGORIES[d] ?? []).map(([c]) => `${d}:${c}`))];
              const shown = open.has(m.code) ? keys : [''];
              const agg = aggregateOf.get(m.id);
              return shown.map((key) => {
                const k = `${m.code}|${key}`;
                const [d, c] = key.split(':');
                const cat = CATEGORIES[d]?.find(([x]) => x === c);
                const isMissing = key === '' && missing.has(m.code);
                return (
                  <tr key={k} className={isMissing || live.rowErrors.has(k) ? 'row-error' : undefined} data-measure={m.code} data-key={key || undefined}>
                    <td>
                      {key === '' ? <><strong>{m.code}</strong> {name(m)}</> : <span style={{ paddingLeft: '1.5em' }}>↳ {cat ? t(cat[1], cat[2]) : key}</span>}
                      {key === '' && keys.length > 1 && <button type="button" className="btn-link btn-small" onClick={() => setOpen((p) => { const n = new Set(p); if (n.has(m.code)) n.delete(m.code); else n.add(m.code); return n; })}>{open.has(m.code) ? t('ẩn phân tổ', 'hide breakdown') : t('phân tổ', 'breakdown')}</button>}
                      {key === '' && RATIO.has(m.unit) && (m.numeratorVi || m.denominatorVi) && lang === 'vi' && <div className="muted small">{m.numeratorVi ?? '…'} / {m.denominatorVi ?? '…'}</div>}
                      {key === '' && agg && agg.reportingCount > 0 && <div className="muted">{t('Cấp dưới:', 'Lower units:')} {RATIO.has(m.unit) ? `${formatNumber(agg.numerator)}/${formatNumber(agg.denominator)}` : formatNumber(agg.numerator)} ({agg.reportingCount}/{agg.expectedCount} {t('đơn vị', 'units')})</div>}
                      {isMissing && <div role="alert" className="error-text">{t('Chưa có số liệu: nhập giá trị hoặc đánh dấu "không rõ".', 'Missing: enter a value or mark it "unknown".')}</div>}
                      {live.rowErrors.get(k)?.map((e, i) => <div key={i} role="alert" className="error-text">{lang === 'en' ? e.en : e.vi}</div>)}
                    </td>
                    {RATIO.has(m.unit) ? <><td data-label={t('Tử số', 'Numerator')}>{input(k, 'numerator', `${m.code}${key ? ` ${key}` : ''} ${t('tử số', 'numerator')}`)}</td><td data-label={t('Mẫu số', 'Denominator')}>{input(k, 'denominator', `${m.code}${key ? ` ${key}` : ''} ${t('mẫu số', 'denominator')}`)}</td></> : m.unit === 'boolean' ? (
                      <td colSpan={2} data-label={t('Có / không', 'Yes / no')}><select aria-label={m.code} disabled={!editable || rows[k]?.unknown} value={rows[k]?.value ?? ''} onChange={(e) => change(k, { value: e.target.value })}><option value="">—</option><option value="1">{t('Có', 'Yes')}</option><option value="0">{t('Không', 'No')}</option></select></td>
                    ) : <td colSpan={2} data-label={t('Số lượng', 'Count')}>{input(k, 'value', `${m.code}${key ? ` ${key}` : ''}`)}</td>}
                    <td className="num" data-label={t('Kết quả', 'Result')}>{rows[k]?.unknown ? t('không rõ', 'unknown') : live.rowErrors.has(k) ? '—' : formatFigure(liveValue(m.unit, rows[k]), m.unit, lang)}</td>
                    <td data-label={t('Không rõ', 'Unknown')}><input type="checkbox" aria-label={`${m.code}${key ? ` ${key}` : ''} ${t('không rõ', 'unknown')}`} disabled={!editable} checked={rows[k]?.unknown ?? false} onChange={(e) => change(k, { unknown: e.target.checked, numerator: '', denominator: '', value: '' })} /></td>
                    <td data-label={t('Ghi chú', 'Comment')}><input aria-label={`${m.code}${key ? ` ${key}` : ''} ${t('ghi chú', 'comment')}`} disabled={!editable} value={rows[k]?.comment ?? ''} onChange={(e) => change(k, { comment: e.target.value })} /></td>
                  </tr>
                );
              });
            })}
          </tbody>
        </table>
      </div>
      {data.kind === 'annual' && <TaskProgressAside period={String(data.year)} />}
      <div className="form-actions">
        {(data.status === 'draft' || data.status === 'returned') && session.can('reports.enter', data.unit.id) && <button type="button" className="btn btn-primary" disabled={busy || !!conflict} onClick={() => void act('submit')}>{data.status === 'returned' ? t('Gửi lại báo cáo', 'Resubmit') : t('Gửi báo cáo', 'Submit')}</button>}
        {data.status === 'submitted' && canApprove && !returning && <><button type="button" className="btn btn-primary" disabled={busy} onClick={() => void act('approve')}>{t('Phê duyệt', 'Approve')}</button><button type="button" className="btn btn-danger" disabled={busy} onClick={() => setReturning(true)}>{t('Trả lại', 'Return')}</button></>}
        {data.status === 'approved' && canApprove && <button type="button" className="btn" disabled={busy} onClick={() => void act('reopen')}>{t('Mở lại', 'Reopen')}</button>}
      </div>
      {returning && (
        <form className="panel" onSubmit={(e) => { e.preventDefault(); if (reason.trim()) void act('return', { reason: reason.trim() }); }}>
          <div className="field">
            <label htmlFor="return-reason">{t('Lý do trả lại (đơn vị sẽ thấy lý do này)', 'Reason for returning (the unit will see it)')}</label>
            <textarea id="return-reason" value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={4000} />
          </div>
          <div className="form-actions">
            <button type="submit" className="btn btn-danger" disabled={busy || !reason.trim()}>{t('Trả lại báo cáo', 'Return the report')}</button>
            <button type="button" className="btn" onClick={() => { setReturning(false); setReason(''); }}>{t('Hủy', 'Cancel')}</button>
          </div>
        </form>
      )}
      <details className="panel">
        <summary>{t('Lịch sử thay đổi', 'History')}</summary>
        <ul>
          {history.data?.events.map((e) => <li key={`e${e.id}`}>{formatDateTime(e.at)} — {e.actor.name}: {actionLabel(e.action, t)}{e.reason ? ` (${e.reason})` : ''}</li>)}
          {history.data?.values.map((h) => <li key={`v${h.id}`}>{formatDateTime(h.at)} — {h.actor.name}: {h.measure}{h.key ? ` (${h.key})` : ''} {showValue(h.old, unitOf(h.measure))} → {showValue(h.new, unitOf(h.measure))}</li>)}
        </ul>
      </details>
    </section>
  );
}
