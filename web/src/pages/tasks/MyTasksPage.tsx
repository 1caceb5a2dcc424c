import { useEffect, useState, type FormEvent } from 'react';
import { api, qs, useApi } from '../../lib/api.ts';
import { pick, useLang, useT } from '../../lib/i18n.ts';
import { setQuery, useRoute } from '../../lib/router.ts';
import { Link } from '../../lib/links.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { formatDate, formatDateTime, formatNumber } from '../../../../src/domain/format.ts';
import { ProgressDeadlineBadge, TASK_STATUS, TASK_STATUS_ORDER, TaskStatusBadge } from './shared.tsx';

export interface MyTaskEntry {
  id: number;
  status: string;
  percent: number | null;
  results: string | null;
  difficulties: string | null;
  reason: string | null;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
  evidence: { id: number; filename: string; sizeBytes: number }[];
}
export interface MyTask {
  taskId: number;
  title: string;
  section: string | null;
  plan: { id: number; title: string; number: string | null };
  agency: { id: number; name: string };
  dueDate: string | null;
  deadline: string;
  entry: MyTaskEntry | null;
  previous: { period: string; periodLabel: string; status: string } | null;
}
export interface MyTasks {
  period: string;
  periodLabel: { vi: string; en: string };
  periods: { code: string; label: { vi: string; en: string } }[];
  items: MyTask[];
}

/** the evidence limits of the server (src/domain/cff/evidence.ts): PDF, JPG, PNG, DOCX, 10 MB */
const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
const EVIDENCE_ACCEPT = '.pdf,.jpg,.jpeg,.png,.docx';

/**
 * "Tiến độ nhiệm vụ": the tasks the reporter's agency leads in the plans that bind its unit, for one reporting period
 * (?period=2025): a card per task — status, percentage where measurable, results, difficulties, the reason of a step
 * back from "hoàn thành" — saved one task at a time with the server's bilingual message on refusal; evidence files.
 */
export default function MyTasksPage() {
  const t = useT();
  const lang = useLang();
  const { query } = useRoute();
  const period = query.get('period');
  const { data, error, loading, reload, setData } = useApi<MyTasks>(`/api/my/tasks${qs({ period })}`);
  const items = data?.items ?? [];
  const reported = items.filter((i) => i.entry).length;
  // grouped by plan, then as the plan groups its tasks
  const plans = [...new Map(items.map((i) => [i.plan.id, i.plan])).values()];
  const replace = (task: MyTask) => data && setData({ ...data, items: data.items.map((i) => (i.taskId === task.taskId && i.agency.id === task.agency.id ? task : i)) });
  return (
    <section className="my-tasks">
      <h1>{t('Tiến độ nhiệm vụ', 'Task progress')}</h1>
      <p className="lead">{t('Các nhiệm vụ cơ quan bạn chủ trì trong các kế hoạch: tình trạng, tỷ lệ hoàn thành, kết quả, khó khăn và minh chứng của từng kỳ báo cáo.', 'The tasks your agency leads in the plans: status, percentage, results, difficulties and evidence for each reporting period.')}</p>
      <div className="toolbar panel">
        <div className="field">
          <label htmlFor="task-period">{t('Kỳ báo cáo', 'Reporting period')}</label>
          <select id="task-period" value={data?.period ?? period ?? ''} onChange={(e) => setQuery({ period: e.target.value })}>
            {(data?.periods ?? []).map((p) => <option key={p.code} value={p.code}>{pick(p.label, lang)}</option>)}
            {data && !data.periods.some((p) => p.code === data.period) && <option value={data.period}>{pick(data.periodLabel, lang)}</option>}
          </select>
        </div>
      </div>
      {loading && <Loading />}
      <ErrorMessage error={error} onRetry={reload} />
      {data && (
        <p className="task-summary">
          <strong>{formatNumber(reported)}/{formatNumber(items.length)}</strong> {t(`nhiệm vụ đã báo cáo ${pick(data.periodLabel, 'vi').toLowerCase()}`, `tasks reported for ${pick(data.periodLabel, 'en')}`)}
          {items.length > 0 && items[0].dueDate && <> · {t('hạn', 'due')} {formatDate(items[0].dueDate)}</>}
        </p>
      )}
      {data && items.length === 0 && <p className="muted">{t('Cơ quan của bạn không chủ trì nhiệm vụ nào trong kỳ này.', 'Your agency leads no task in this period.')}</p>}
      {plans.map((plan) => (
        <section key={plan.id} className="task-plan" aria-label={plan.title}>
          <h2>
            <Link to={`/plans/${plan.id}#nhiem-vu`}>{plan.number ? `${plan.number} — ` : ''}{plan.title}</Link>
          </h2>
          {items.filter((i) => i.plan.id === plan.id).map((task) => (
            <TaskCard key={`${task.taskId}-${task.agency.id}`} task={task} period={data!.period} onSaved={replace} />
          ))}
        </section>
      ))}
    </section>
  );
}

function TaskCard({ task, period, onSaved }: { task: MyTask; period: string; onSaved: (task: MyTask) => void }) {
  const t = useT();
  const e = task.entry;
  const [status, setStatus] = useState(e?.status ?? '');
  const [percent, setPercent] = useState(e?.percent === null || e?.percent === undefined ? '' : String(e.percent).replace('.', ','));
  const [results, setResults] = useState(e?.results ?? '');
  const [difficulties, setDifficulties] = useState(e?.difficulties ?? '');
  const [reason, setReason] = useState(e?.reason ?? '');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  useEffect(() => setSaved(null), [status, percent, results, difficulties, reason]);
  // the status it replaces: this period's entry, else the previous period's
  const replaced = e?.status ?? task.previous?.status ?? null;
  const stepBack = replaced === 'completed' && status !== '' && status !== 'completed';
  const id = `task-${task.taskId}-${task.agency.id}`;

  const save = async (ev: FormEvent) => {
    ev.preventDefault();
    setError(null);
    if (!status) return setError(t('Chọn tình trạng thực hiện nhiệm vụ.', 'Choose the status of the task.'));
    const pct = percent.trim() === '' ? null : Number(percent.trim().replace(',', '.'));
    if (pct !== null && !Number.isFinite(pct)) return setError(t('Tỷ lệ hoàn thành phải là một số từ 0 đến 100.', 'The percentage must be a number from 0 to 100.'));
    setBusy(true);
    try {
      const r = await api.put<MyTaskEntry>(`/api/tasks/${task.taskId}/progress/${period}`, { agencyId: task.agency.id, status, percent: pct, results: results || null, difficulties: difficulties || null, reason: reason || null, version: e?.version ?? null });
      onSaved({ ...task, entry: { ...r, evidence: e?.evidence ?? [] }, deadline: task.deadline === 'missing' ? 'late' : task.deadline === 'not_yet_due' || task.deadline === 'no_deadline' ? 'on_time' : task.deadline });
      setSaved(t('Đã lưu.', 'Saved.'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const upload = async () => {
    if (!file || !e) return;
    setError(null);
    if (file.size > EVIDENCE_MAX_BYTES) return setError(t('Tệp minh chứng quá lớn (tối đa 10 MB).', 'The evidence file is too large (at most 10 MB).'));
    setBusy(true);
    try {
      const form = new FormData();
      form.append('file', file);
      const r = await api.upload<{ id: number; filename: string; sizeBytes: number }>(`/api/task-progress/${e.id}/evidence`, form);
      onSaved({ ...task, entry: { ...e, evidence: [...e.evidence, r] } });
      setFile(null);
      setSaved(t(`Đã tải lên ${r.filename}.`, `Uploaded ${r.filename}.`));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel task-card" onSubmit={save} aria-labelledby={`${id}-title`} data-task={task.taskId}>
      {task.section && <div className="small muted">{task.section}</div>}
      <h3 id={`${id}-title`}>{task.title}</h3>
      <div className="task-meta small">
        <span>{t('Chủ trì:', 'Lead:')} {task.agency.name}</span>
        <ProgressDeadlineBadge state={task.deadline} />
        {task.previous && <span>{t(`Kỳ trước (${task.previous.periodLabel}):`, `Previous period (${task.previous.period}):`)} <TaskStatusBadge status={task.previous.status} /></span>}
        {e && <span className="muted">{t('Cập nhật', 'Updated')} {formatDateTime(e.updatedAt)}{e.updatedBy ? ` · ${e.updatedBy}` : ''}</span>}
      </div>
      <div className="task-fields">
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('Tình trạng', 'Status')}</label>
          <select id={`${id}-status`} value={status} onChange={(ev) => setStatus(ev.target.value)} required>
            <option value="">{t('— Chọn —', '— Choose —')}</option>
            {TASK_STATUS_ORDER.map((s) => <option key={s} value={s}>{t(TASK_STATUS[s][0], TASK_STATUS[s][1])}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-percent`}>{t('Tỷ lệ hoàn thành (%)', 'Percentage (%)')}</label>
          <input id={`${id}-percent`} inputMode="decimal" value={percent} onChange={(ev) => setPercent(ev.target.value)} placeholder={t('nếu đo được', 'if measurable')} />
        </div>
      </div>
      <label htmlFor={`${id}-results`}>{t('Kết quả thực hiện', 'Results')}</label>
      <textarea id={`${id}-results`} rows={3} value={results} onChange={(ev) => setResults(ev.target.value)} maxLength={8000} />
      <label htmlFor={`${id}-difficulties`}>{t('Khó khăn, vướng mắc', 'Difficulties')}{status === 'not_feasible' ? ' *' : ''}</label>
      <textarea id={`${id}-difficulties`} rows={2} value={difficulties} onChange={(ev) => setDifficulties(ev.target.value)} maxLength={8000} />
      {(stepBack || reason) && (
        <>
          <label htmlFor={`${id}-reason`}>{t('Lý do chuyển từ "hoàn thành"', 'Why it is no longer "completed"')} *</label>
          <textarea id={`${id}-reason`} rows={2} value={reason} onChange={(ev) => setReason(ev.target.value)} maxLength={8000} />
        </>
      )}
      <ErrorMessage error={error} />
      {saved && <p className="saved-note" role="status">{saved}</p>}
      <div className="task-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>{t('Lưu tiến độ', 'Save progress')}</button>
      </div>
      <div className="task-evidence">
        <strong className="small">{t('Minh chứng', 'Evidence')}</strong>
        {e?.evidence.length ? (
          <ul className="plain-list">
            {e.evidence.map((x) => <li key={x.id}><a href={`/api/task-progress/${e.id}/evidence/${x.id}`} download>{x.filename}</a> <span className="muted small">({formatNumber(Math.max(1, Math.round(x.sizeBytes / 1024)))} KB)</span></li>)}
          </ul>
        ) : <span className="muted small"> {t('chưa có', 'none yet')}</span>}
        {e ? (
          <div className="task-upload">
            <label htmlFor={`${id}-file`} className="small">{t('Thêm tệp (PDF, JPG, PNG, DOCX; tối đa 10 MB)', 'Add a file (PDF, JPG, PNG, DOCX; at most 10 MB)')}</label>
            <input id={`${id}-file`} type="file" accept={EVIDENCE_ACCEPT} onChange={(ev) => setFile(ev.target.files?.[0] ?? null)} />
            <button type="button" className="btn" disabled={busy || !file} onClick={upload}>{t('Tải lên', 'Upload')}</button>
          </div>
        ) : <p className="muted small">{t('Lưu tiến độ trước khi đính kèm minh chứng.', 'Save the progress before attaching evidence.')}</p>}
      </div>
    </form>
  );
}
