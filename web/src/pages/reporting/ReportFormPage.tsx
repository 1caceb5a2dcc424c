import { useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, useApi } from '../../lib/api.ts';
import { formatDate, formatDateTime, formatRate } from '../../../../src/domain/format.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { useSession } from '../../lib/session.ts';
import type { PageProps } from '../../lib/pages.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { DeadlineBadge, ReportStatus, kindLabel } from './shared.tsx';

interface Measure { id: number; code: string; nameVi: string; nameEn: string | null; unit: string; disaggregations: string[]; numeratorVi: string | null; denominatorVi: string | null; feeds: boolean }
interface Value { measure: string; key: string; numerator: number | null; denominator: number | null; value: number | null; unknown: boolean; comment: string | null; computed: number | null }
interface Report {
  id: number; year: number; kind: string; planTitle: string; unit: { id: number; name: string }; agency: { name: string } | null; recipient: { id: number; name: string } | null;
  dueDate: string; role: string; status: string; version: number; locked: boolean; deadline: string; returnedReason: string | null;
  flags: { code: string; measure: string; vi: string; en: string }[]; measures: Measure[]; values: Value[];
  aggregates: { measureId: number; numerator: number; denominator: number; reportingCount: number; expectedCount: number }[];
}
interface Row { numerator: string; denominator: string; value: string; unknown: boolean; comment: string }
const CATEGORIES: Record<string, [string, string, string][]> = {
  sex: [['male', 'Nam', 'Male'], ['female', 'Nữ', 'Female']],
  area: [['urban', 'Thành thị', 'Urban'], ['rural', 'Nông thôn', 'Rural']],
  ethnicity: [['minority', 'Dân tộc thiểu số', 'Ethnic minority'], ['majority', 'Dân tộc Kinh', 'Majority']],
};
const RATIO = new Set(['percent', 'per_1000', 'per_10000', 'per_100000']);
const toRow = (v?: Value): Row => ({ numerator: v?.numerator?.toString().replace('.', ',') ?? '', denominator: v?.denominator?.toString().replace('.', ',') ?? '', value: v?.value?.toString() ?? '', unknown: v?.unknown ?? false, comment: v?.comment ?? '' });

/** The entry form: values saved as a draft while typing (debounced), conflicts shown, then the workflow. */
export default function ReportFormPage({ params }: PageProps) {
  const t = useT();
  const lang = useLang();
  const session = useSession();
  const { data, error, loading, reload, setData } = useApi<Report>(`/api/obligations/${params.id}`);
  const [rows, setRows] = useState<Record<string, Row>>({});
  const [dirty, setDirty] = useState<Set<string>>(new Set());
  const [saving, setSaving] = useState<'idle' | 'saving' | 'saved' | 'error'>('idle');
  const [saveError, setSaveError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<Report | null>(null);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const submitKey = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const history = useApi<{ values: { id: number; measure: string; key: string; action: string; actor: { name: string }; at: string; old: Value | null; new: Value | null }[]; events: { id: number; action: string; reason: string | null; actor: { name: string }; at: string }[] }>(data ? `/api/obligations/${params.id}/history?v=${data.version}` : null);

  useEffect(() => {
    if (!data) return;
    const next: Record<string, Row> = {};
    for (const v of data.values) next[`${v.measure}|${v.key}`] = toRow(v);
    setRows(next);
    setDirty(new Set());
  }, [data?.id, data?.version === undefined]); // eslint-disable-line react-hooks/exhaustive-deps

  const editable = data ? !data.locked && session.can('reports.enter', data.unit.id) : false;

  const save = async (keys: Set<string>, report: Report) => {
    if (keys.size === 0) return;
    setSaving('saving');
    const values = [...keys].map((k) => {
      const [measure, key] = k.split('|');
      const r = rows[k] ?? toRow();
      const m = report.measures.find((x) => x.code === measure)!;
      if (r.unknown) return { measure, key, unknown: true, comment: r.comment || null };
      return RATIO.has(m.unit) ? { measure, key, numerator: r.numerator, denominator: r.denominator, comment: r.comment || null } : { measure, key, value: m.unit === 'boolean' ? (r.value === '' ? null : Number(r.value)) : r.value, comment: r.comment || null };
    });
    try {
      const saved = await api.put<Report>(`/api/obligations/${report.id}`, { version: report.version, values });
      setData(saved);
      setDirty(new Set());
      setSaving('saved');
      setSaveError(null);
    } catch (e) {
      setSaving('error');
      setSaveError(e);
      if (e instanceof ApiError && e.code === 'version_conflict') setConflict((e.details as { current: Report }).current);
    }
  };

  const change = (k: string, patch: Partial<Row>) => {
    setRows((prev) => ({ ...prev, [k]: { ...(prev[k] ?? toRow()), ...patch } }));
    setDirty((prev) => new Set(prev).add(k));
  };
  // autosave: 800 ms after the last keystroke
  useEffect(() => {
    if (!data || dirty.size === 0 || conflict) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(dirty, data), 800);
    return () => { if (timer.current) clearTimeout(timer.current); };
  }, [rows]); // eslint-disable-line react-hooks/exhaustive-deps

  const act = async (action: 'submit' | 'approve' | 'return' | 'reopen') => {
    if (!data) return;
    let body: object = {};
    if (action === 'return') {
      const reason = window.prompt(t('Lý do trả lại báo cáo:', 'Reason for returning the report:'));
      if (!reason) return;
      body = { reason };
    }
    if (action === 'submit' && !submitKey.current) submitKey.current = crypto.randomUUID();
    try {
      if (dirty.size) await save(dirty, data);
      const r = await api.post<Report>(`/api/obligations/${data.id}/${action}`, body, action === 'submit' ? { headers: { 'Idempotency-Key': submitKey.current! } } : undefined);
      submitKey.current = null;
      setData(r);
      setSaveError(null);
    } catch (e) {
      setSaveError(e);
    }
  };

  const aggregateOf = useMemo(() => new Map((data?.aggregates ?? []).map((a) => [a.measureId, a])), [data]);
  if (loading && !data) return <Loading />;
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (!data) return null;

  const input = (k: string, field: 'numerator' | 'denominator' | 'value', label: string) => (
    <input aria-label={label} inputMode="decimal" disabled={!editable || rows[k]?.unknown} value={rows[k]?.[field] ?? ''} onChange={(e) => change(k, { [field]: e.target.value })} style={{ width: '7em' }} />
  );

  return (
    <section>
      <h1>{t('Báo cáo', 'Report')}: {data.unit.name}{data.agency ? ` — ${data.agency.name}` : ''}</h1>
      <p className="lead">
        {data.planTitle} · {kindLabel(data.kind, t)} {data.year} · {t('gửi', 'to')} {data.recipient?.name ?? '—'} · {t('hạn', 'due')} {formatDate(data.dueDate)} <ReportStatus status={data.status} /> <DeadlineBadge state={data.deadline} />
      </p>
      {data.returnedReason && <div className="panel"><strong>{t('Bị trả lại:', 'Returned:')}</strong> {data.returnedReason}</div>}
      {data.role === 'consolidation' && <p className="muted">{t('Báo cáo tổng hợp: số liệu của các đơn vị cấp dưới được cộng dồn tự động; nhập số liệu xác nhận và nhận xét.', 'Consolidation report: the lower units’ figures are added up automatically; enter the confirmed figures and comments.')}</p>}
      <p aria-live="polite" className="muted">
        {saving === 'saving' ? t('Đang lưu bản nháp…', 'Saving draft…') : saving === 'saved' ? t('Đã lưu bản nháp.', 'Draft saved.') : ''}
      </p>
      <ErrorMessage error={saveError} />
      {conflict && (
        <div className="panel" role="alert">
          <h2>{t('Người khác vừa sửa báo cáo này', 'Someone else just changed this report')}</h2>
          <p>{t('Số liệu hiện tại trên máy chủ:', 'The values now on the server:')}</p>
          <ul>{conflict.values.filter((v) => v.key === '').map((v) => <li key={v.measure}>{v.measure}: {v.unknown ? t('không rõ', 'unknown') : formatRate(v.computed, conflict.measures.find((m) => m.code === v.measure)?.unit ?? 'count', lang)}</li>)}</ul>
          <button type="button" className="btn btn-primary" onClick={() => { setConflict(null); setData(conflict); const next: Record<string, Row> = {}; for (const v of conflict.values) next[`${v.measure}|${v.key}`] = toRow(v); setRows(next); setDirty(new Set()); }}>{t('Dùng số liệu hiện tại', 'Use the current values')}</button>
        </div>
      )}
      {data.flags.length > 0 && (
        <div className="panel">
          <h2>{t('Cảnh báo kiểm tra', 'Validation warnings')}</h2>
          <ul>{data.flags.map((f, i) => <li key={i}>{lang === 'en' ? f.en : f.vi}</li>)}</ul>
        </div>
      )}
      <div className="table-wrap">
        <table className="data-table">
          <thead>
            <tr><th>{t('Chỉ tiêu', 'Measure')}</th><th>{t('Tử số / số lượng', 'Numerator / count')}</th><th>{t('Mẫu số', 'Denominator')}</th><th>{t('Kết quả', 'Result')}</th><th>{t('Không rõ', 'Unknown')}</th><th>{t('Ghi chú', 'Comment')}</th></tr>
          </thead>
          <tbody>
            {data.measures.map((m) => {
              const keys = ['', ...m.disaggregations.flatMap((d) => (CATEGORIES[d] ?? []).map(([c]) => `${d}:${c}`))];
              const shown = open.has(m.code) ? keys : [''];
              const agg = aggregateOf.get(m.id);
              return shown.map((key) => {
                const k = `${m.code}|${key}`;
                const stored = data.values.find((v) => v.measure === m.code && v.key === key);
                const [d, c] = key.split(':');
                const cat = CATEGORIES[d]?.find(([x]) => x === c);
                return (
                  <tr key={k}>
                    <td>
                      {key === '' ? <><strong>{m.code}</strong> {lang === 'en' ? m.nameEn ?? m.nameVi : m.nameVi}</> : <span style={{ paddingLeft: '1.5em' }}>↳ {cat ? t(cat[1], cat[2]) : key}</span>}
                      {key === '' && keys.length > 1 && <button type="button" className="btn-link btn-small" onClick={() => setOpen((p) => { const n = new Set(p); if (n.has(m.code)) n.delete(m.code); else n.add(m.code); return n; })}>{open.has(m.code) ? t('ẩn phân tổ', 'hide breakdown') : t('phân tổ', 'breakdown')}</button>}
                      {key === '' && agg && agg.reportingCount > 0 && <div className="muted">{t('Cấp dưới:', 'Lower units:')} {agg.numerator}/{agg.denominator} ({agg.reportingCount}/{agg.expectedCount})</div>}
                    </td>
                    {RATIO.has(m.unit) ? <><td>{input(k, 'numerator', `${m.code} ${t('tử số', 'numerator')}`)}</td><td>{input(k, 'denominator', `${m.code} ${t('mẫu số', 'denominator')}`)}</td></> : m.unit === 'boolean' ? (
                      <td colSpan={2}><select aria-label={m.code} disabled={!editable} value={rows[k]?.value ?? ''} onChange={(e) => change(k, { value: e.target.value })}><option value="">—</option><option value="1">{t('Có', 'Yes')}</option><option value="0">{t('Không', 'No')}</option></select></td>
                    ) : <td colSpan={2}>{input(k, 'value', m.code)}</td>}
                    <td>{formatRate(stored?.computed ?? null, m.unit, lang)}</td>
                    <td><input type="checkbox" aria-label={`${m.code} ${t('không rõ', 'unknown')}`} disabled={!editable} checked={rows[k]?.unknown ?? false} onChange={(e) => change(k, { unknown: e.target.checked, numerator: '', denominator: '', value: '' })} /></td>
                    <td><input aria-label={`${m.code} ${t('ghi chú', 'comment')}`} disabled={!editable} value={rows[k]?.comment ?? ''} onChange={(e) => change(k, { comment: e.target.value })} /></td>
                  </tr>
                );
              });
            })}
          </tbody>
        </table>
      </div>
      <div className="form-actions">
        {(data.status === 'draft' || data.status === 'returned') && session.can('reports.enter', data.unit.id) && <button type="button" className="btn btn-primary" onClick={() => void act('submit')}>{t('Gửi báo cáo', 'Submit')}</button>}
        {data.status === 'submitted' && session.can('reports.approve', data.recipient?.id ?? data.unit.id) && <><button type="button" className="btn btn-primary" onClick={() => void act('approve')}>{t('Phê duyệt', 'Approve')}</button><button type="button" className="btn btn-danger" onClick={() => void act('return')}>{t('Trả lại', 'Return')}</button></>}
        {data.status === 'approved' && session.can('reports.approve', data.recipient?.id ?? data.unit.id) && <button type="button" className="btn" onClick={() => void act('reopen')}>{t('Mở lại', 'Reopen')}</button>}
      </div>
      <details className="panel">
        <summary>{t('Lịch sử thay đổi', 'History')}</summary>
        <ul>
          {history.data?.events.map((e) => <li key={`e${e.id}`}>{formatDateTime(e.at)} — {e.actor.name}: {e.action}{e.reason ? ` (${e.reason})` : ''}</li>)}
          {history.data?.values.map((h) => <li key={`v${h.id}`}>{formatDateTime(h.at)} — {h.actor.name}: {h.measure}{h.key ? ` (${h.key})` : ''} {JSON.stringify(h.old ? { n: h.old.numerator, d: h.old.denominator, v: h.old.value } : null)} → {JSON.stringify(h.new ? { n: h.new.numerator, d: h.new.denominator, v: h.new.value } : null)}</li>)}
        </ul>
      </details>
    </section>
  );
}
