import { useEffect, useId, useRef, useState } from 'react';
import { api, ApiError, useApi } from '../../lib/api.ts';
import { COMPARATOR_LABELS, formatComparator, formatDue, formatMoney } from '../../../../src/domain/format.ts';
import { bilingualPart, useLang, useT } from '../../lib/i18n.ts';
import type { PageProps } from '../../lib/pages.ts';
import { documentDateText, documentDateValue } from './dates.ts';
import { navigate } from '../../lib/router.ts';
import { Link } from '../../lib/links.ts';
import { listOf } from '../../lib/units.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { NumberInput } from '../plans/NumberInput.tsx';
import type { PlanSummary } from '../plans/types.ts';
import type { ImportedIndicator, ImportedTarget, ImportResponse, ImportResult, SourceSpan } from './types.ts';
import type { Comparator } from '../../../../src/domain/model.ts';
import { acceptBudgetCorrection, budgetWarnings, type BudgetCorrection } from '../../../../src/domain/budget/table.ts';

/** Step 2: warnings first, the document text beside the extracted items; edit, delete, then save a draft. */
export default function ImportReviewPage({ params }: PageProps) {
  const t = useT();
  const lang = useLang();
  const id = Number(params.id);
  const { data, error, loading, reload } = useApi<ImportResponse>(Number.isInteger(id) && id > 0 ? `/api/imports/${id}` : null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [active, setActive] = useState<{ key: string; span: SourceSpan } | null>(null);
  const [issuerUnitId, setIssuerUnitId] = useState<number | null>(null);
  const [parentPlanId, setParentPlanId] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  // the officer's decision on the budget table's suggested correction; null = not decided (saved as written)
  const [budgetDecision, setBudgetDecision] = useState<'accept' | 'keep' | null>(null);

  useEffect(() => {
    if (data?.result) setResult(structuredClone(data.result));
  }, [data]);

  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (loading || !data || !result) return <Loading />;

  const select = (key: string, span: SourceSpan | null | undefined) => span && setActive({ key, span });
  const update = (fn: (r: ImportResult) => void) =>
    setResult((cur) => {
      if (!cur) return cur;
      const next = structuredClone(cur);
      fn(next);
      return next;
    });

  const save = async () => {
    setSaving(true);
    setSaveError(null);
    try {
      // the extraction goes back as written; an accepted correction is applied by the server, in the same save
      const budgetCorrection = result?.budget?.suggestion && budgetDecision ? budgetDecision : undefined;
      const res = await api.post<{ planId: number }>(`/api/imports/${id}/save`, { result, issuerUnitId, parentPlanId, budgetCorrection });
      navigate(`/plans/${res.planId}`);
    } catch (err) {
      setSaveError(err);
    } finally {
      setSaving(false);
    }
  };
  // a refused save names a path such as ['indicators', 12, 'targets', 0, 'unit']: point at the item
  const errPath = saveError instanceof ApiError && saveError.path ? saveError.path.filter((p) => p !== 'plan' && p !== 'body' && p !== 'result') : [];
  const errIndicator = errPath[0] === 'indicators' && typeof errPath[1] === 'number' ? result.indicators[errPath[1]] : undefined;
  const alreadySaved = data.planId ?? (saveError instanceof ApiError && saveError.code === 'already_saved' ? (saveError.details as { planId?: number } | undefined)?.planId : null);
  const doc = result.document;
  // what the review shows: the budget (and its warnings) after the accepted correction, or as written
  const suggestion = result.budget?.suggestion ?? null;
  const corrected = suggestion && budgetDecision === 'accept' && result.budget ? acceptBudgetCorrection(result.budget, suggestion) : null;
  const shownBudget = corrected ?? result.budget;
  const shownWarnings = corrected ? budgetWarnings(result.warnings, result.budget, corrected) : result.warnings;

  return (
    <section className="import-review">
      <div className="breadcrumb">
        <Link to="/imports">{t('Nhập văn bản', 'Import')}</Link> › {data.filename}
      </div>
      <h1>{t('Rà soát văn bản nhập', 'Review the import')}</h1>
      {alreadySaved ? (
        <div className="notice">
          {t('Văn bản này đã được lưu thành kế hoạch.', 'This document has already been saved as a plan.')} <Link to={`/plans/${alreadySaved}`}>{t('Xem kế hoạch', 'View the plan')}</Link>
        </div>
      ) : null}
      {shownWarnings.length > 0 && (
        <div className="warning-box import-warnings" role="note" aria-label={t('Cảnh báo', 'Warnings')}>
          <strong>{t(`${shownWarnings.length} điểm cần kiểm tra`, `${shownWarnings.length} point(s) to check`)}</strong>
          <ul>
            {shownWarnings.map((w, i) => {
              // a copy cut short is said first and in bold ("văn bản có thể không đầy đủ")
              const truncated = result.warningDetails?.some((d) => d.code === 'truncated' && d.message === w);
              return (
                <li key={i} className={truncated ? 'import-warning-truncated' : undefined}>
                  {truncated ? <strong>{bilingualPart(w, lang)}</strong> : bilingualPart(w, lang)}
                </li>
              );
            })}
          </ul>
        </div>
      )}

      <div className="import-layout">
        <DocumentText text={result.text} span={active?.span ?? null} />
        <div className="import-items">
          <fieldset className="panel">
            <legend>{t('Thông tin văn bản', 'Document')}</legend>
            <div className="form-grid">
              <TextField label={t('Số hiệu', 'Number')} value={doc.number} onChange={(v) => update((r) => void (r.document.number = v))} onFocus={() => select('doc-number', doc.source?.number)} />
              <TextField label={t('Cơ quan ban hành', 'Issuer')} value={doc.issuer} onChange={(v) => update((r) => void (r.document.issuer = v))} />
              <DocumentDateField label={t('Ngày ban hành (ngày/tháng/năm)', 'Date (day/month/year)')} value={doc.date} onChange={(v) => update((r) => void (r.document.date = v))} onFocus={() => select('doc-date', doc.source?.date)} />
              <TextField label={t('Người ký', 'Signer')} value={doc.signer} onChange={(v) => update((r) => void (r.document.signer = v))} onFocus={() => select('doc-signer', doc.source?.signer)} />
              <div className="field">
                <label>{t('Giai đoạn', 'Period')}</label>
                <div className="target-edit">
                  <NumberInput plain className="input-tiny" aria-label={t('Từ năm', 'From year')} value={doc.period.from} onChange={(n) => update((r) => void (r.document.period.from = n))} />
                  –
                  <NumberInput plain className="input-tiny" aria-label={t('Đến năm', 'To year')} value={doc.period.to} onChange={(n) => update((r) => void (r.document.period.to = n))} />
                </div>
              </div>
            </div>
            <TextField label={t('Tên kế hoạch', 'Title')} value={doc.title} onChange={(v) => update((r) => void (r.document.title = v))} onFocus={() => select('doc-title', doc.source?.title)} />
          </fieldset>

          <Section title={t(`Mục tiêu (${result.objectives.length})`, `Objectives (${result.objectives.length})`)}>
            {result.objectives.map((o, i) => (
              <Item key={`o${o.key}`} itemKey={`o${o.key}`} active={active?.key} onSelect={() => select(`o${o.key}`, o.source)} onDelete={() => update((r) => void r.objectives.splice(i, 1))} deleteLabel={t(`Xóa mục tiêu ${o.key}`, `Delete objective ${o.key}`)} head={`${t('Mục tiêu', 'Objective')} ${o.key}: ${o.title}`} />
            ))}
          </Section>

          <Section title={t(`Chỉ tiêu (${result.indicators.length})`, `Indicators (${result.indicators.length})`)}>
            {result.indicators.map((ind, i) => (
              <IndicatorItem
                key={`i${ind.key}`}
                indicator={ind}
                hasError={errIndicator === ind}
                active={active?.key}
                onSelect={(key, span) => select(key, span)}
                onChange={(next) => update((r) => void (r.indicators[i] = next))}
                onDelete={() =>
                  update((r) => {
                    r.indicators.splice(i, 1);
                    // assignments may not name an indicator the plan no longer has
                    const gone = ind.number ?? ind.key;
                    for (const a of r.assignments) a.indicators = a.indicators.filter((n) => n !== gone);
                    r.assignments = r.assignments.filter((a) => a.indicators.length > 0 || a.tasks.length > 0);
                  })
                }
              />
            ))}
          </Section>

          <Section title={t(`Phân công (${result.assignments.length})`, `Assignments (${result.assignments.length})`)}>
            {result.assignments.map((a, i) => (
              <Item
                key={`a${i}`}
                itemKey={`a${i}`}
                active={active?.key}
                onSelect={() => select(`a${i}`, a.source)}
                onDelete={() => update((r) => void r.assignments.splice(i, 1))}
                deleteLabel={t(`Xóa phân công ${a.agency}`, `Delete assignment ${a.agency}`)}
                head={a.agency}
              >
                {a.indicators.length > 0 && (
                  <div className="small">
                    {t('Chỉ tiêu', 'Indicators')}:{' '}
                    {a.indicators.map((n) => (
                      <span key={n} className="tag">
                        {n}
                      </span>
                    ))}
                  </div>
                )}
                {a.tasks.length > 0 && <div className="small muted">{t(`${a.tasks.length} nhiệm vụ`, `${a.tasks.length} task(s)`)}</div>}
              </Item>
            ))}
          </Section>

          <Section title={t(`Chế độ báo cáo (${result.reporting.length})`, `Reporting (${result.reporting.length})`)}>
            {result.reporting.map((rep, i) => (
              <Item
                key={`r${i}`}
                itemKey={`r${i}`}
                active={active?.key}
                onSelect={() => select(`r${i}`, rep.source)}
                onDelete={() => update((r) => void r.reporting.splice(i, 1))}
                deleteLabel={t('Xóa quy định báo cáo', 'Delete reporting rule')}
                head={`${rep.reporter ?? '—'} → ${rep.recipient ?? '—'}`}
              >
                <div className="small">
                  {t('Hạn', 'Due')}: <DueText rule={rep} />
                </div>
              </Item>
            ))}
          </Section>

          <Section title={t(`Sơ kết, tổng kết (${result.reviews.length})`, `Reviews (${result.reviews.length})`)}>
            {result.reviews.map((rv, i) => (
              <Item
                key={`v${i}`}
                itemKey={`v${i}`}
                active={active?.key}
                onSelect={() => select(`v${i}`, rv.source)}
                onDelete={() => update((r) => void r.reviews.splice(i, 1))}
                deleteLabel={t('Xóa', 'Delete')}
                head={`${rv.kind === 'midterm' ? t('Sơ kết', 'Mid-term review') : t('Tổng kết', 'Final review')} ${rv.year}`}
              />
            ))}
          </Section>

          {shownBudget && (
            <Section title={t('Kinh phí', 'Budget')}>
              <Item
                itemKey="budget"
                active={active?.key}
                onSelect={() => select('budget', shownBudget.source)}
                onDelete={() => {
                  update((r) => void (r.budget = null));
                  setBudgetDecision(null);
                }}
                deleteLabel={t('Bỏ bảng kinh phí', 'Drop the budget table')}
                head={t(`${shownBudget.activities.length} hoạt động, ${shownBudget.lines.length} dòng`, `${shownBudget.activities.length} activities, ${shownBudget.lines.length} lines`)}
              >
                <BudgetSummary budget={shownBudget} />
                {suggestion && <BudgetSuggestion suggestion={suggestion} decision={corrected ? 'accept' : budgetDecision === 'keep' ? 'keep' : null} onDecide={setBudgetDecision} />}
              </Item>
            </Section>
          )}

          <fieldset className="panel">
            <legend>{t('Lưu thành bản nháp', 'Save as a draft')}</legend>
            <UnitPicker label={t('Đơn vị ban hành', 'Issuing unit')} value={issuerUnitId} onChange={(uid) => setIssuerUnitId(uid)} at={doc.date && /^\d{4}-\d{2}-\d{2}$/.test(doc.date) ? doc.date : null} />
            {doc.date && <p className="hint small muted">{t('Cây đơn vị hiển thị theo ngày ban hành của văn bản.', 'The tree shows the units as on the document’s date.')}</p>}
            <ParentPlanSelect value={parentPlanId} onChange={setParentPlanId} />
            <ErrorMessage error={saveError} title={t('Chưa lưu được:', 'Not saved:')} />
            {errIndicator && (
              <p className="error-where">
                {t('Lỗi nằm ở', 'The problem is in')}{' '}
                <button type="button" className="btn btn-small btn-link" onClick={() => select(`i${errIndicator.key}`, errIndicator.source)}>
                  {errIndicator.number ? `${t('Chỉ tiêu', 'Indicator')} ${errIndicator.number}` : errIndicator.text.slice(0, 60)}
                </button>
                {t(': sửa hoặc xóa mục này rồi lưu lại.', ': correct or delete it, then save again.')}
              </p>
            )}
            <div className="form-actions">
              <button type="button" className="btn btn-primary" onClick={save} disabled={saving || Boolean(alreadySaved)}>
                {saving ? t('Đang lưu…', 'Saving…') : t('Lưu bản nháp', 'Save draft')}
              </button>
            </div>
          </fieldset>
        </div>
      </div>
    </section>
  );
}

function DocumentText({ text, span }: { text: string; span: SourceSpan | null }) {
  const t = useT();
  const mark = useRef<HTMLElement>(null);
  useEffect(() => {
    mark.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [span]);
  const valid = span && span.start >= 0 && span.end > span.start && span.start < text.length;
  return (
    <pre className="doc-text" tabIndex={0} aria-label={t('Nội dung văn bản', 'Document text')}>
      {valid ? (
        <>
          {text.slice(0, span.start)}
          <mark ref={mark}>{text.slice(span.start, span.end)}</mark>
          {text.slice(span.end)}
        </>
      ) : (
        text
      )}
    </pre>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="panel">
      <h2 style={{ marginTop: 0, fontSize: '1.1rem' }}>{title}</h2>
      {children}
    </section>
  );
}

function Item({ itemKey, active, hasError, onSelect, onDelete, deleteLabel, head, children }: { itemKey: string; active?: string; hasError?: boolean; onSelect: () => void; onDelete: () => void; deleteLabel: string; head: React.ReactNode; children?: React.ReactNode }) {
  const t = useT();
  return (
    <div className={`import-item ${active === itemKey ? 'active' : ''} ${hasError ? 'has-error' : ''}`} data-item={itemKey} aria-invalid={hasError || undefined}>
      <div className="import-item-head">
        <button type="button" className="show-source" onClick={onSelect} title={t('Xem trong văn bản', 'Show in the document')}>
          {head}
        </button>
        <button type="button" className="btn btn-small btn-danger" onClick={onDelete} aria-label={deleteLabel}>
          {t('Xóa', 'Delete')}
        </button>
      </div>
      {children}
    </div>
  );
}

function IndicatorItem({ indicator, hasError, active, onSelect, onChange, onDelete }: { indicator: ImportedIndicator; hasError?: boolean; active?: string; onSelect: (key: string, span: SourceSpan) => void; onChange: (next: ImportedIndicator) => void; onDelete: () => void }) {
  const t = useT();
  const lang = useLang();
  const key = `i${indicator.key}`;
  const setTarget = (j: number, next: ImportedTarget | null) => {
    const targets = [...indicator.targets];
    if (next === null) targets.splice(j, 1);
    else targets[j] = next;
    onChange({ ...indicator, targets });
  };
  const label = indicator.number ? `${t('Chỉ tiêu', 'Indicator')} ${indicator.number}` : t('Chỉ tiêu (không số)', 'Indicator (unnumbered)');
  return (
    <Item
      itemKey={key}
      active={active}
      hasError={hasError}
      onSelect={() => onSelect(key, indicator.source)}
      onDelete={onDelete}
      deleteLabel={t(`Xóa ${label}`, `Delete ${label}`)}
      head={
        <>
          <strong>{label}</strong>
          {indicator.catalogue && <span className="tag">{t(`danh mục ${indicator.catalogue}`, `catalogue ${indicator.catalogue}`)}</span>}{' '}
          <span className="small">{indicator.text.length > 160 ? indicator.text.slice(0, 160) + '…' : indicator.text}</span>
        </>
      }
    >
      {indicator.targets.map((target, j) => {
        const tkey = `${key}-t${j}`;
        const group = `${label}, ${target.measure}, ${target.year}`;
        return (
          <div key={j} className={`target-edit ${active === tkey ? 'active' : ''}`} role="group" aria-label={group} data-target={`${indicator.number ?? indicator.key}-${target.measure}-${target.year}`}>
            <button type="button" className="btn btn-small btn-link" onClick={() => onSelect(tkey, target.source)} title={t('Xem trong văn bản', 'Show in the document')}>
              {target.measure}
            </button>
            <NumberInput plain className="input-tiny" aria-label={t('Năm', 'Year')} value={target.year} onChange={(n) => setTarget(j, { ...target, year: n ?? target.year, yearInferred: false })} />
            <select aria-label={t('So sánh', 'Comparator')} value={target.comparator} onChange={(e) => setTarget(j, { ...target, comparator: e.target.value as Comparator, valueMax: e.target.value === 'range' ? target.valueMax : null })}>
              {COMPARATOR_LABELS.map((c) => (
                <option key={c.value} value={c.value}>
                  {lang === 'en' ? c.en : c.vi}
                </option>
              ))}
            </select>
            {target.comparator !== 'zero' && <NumberInput className="input-small" aria-label={t('Giá trị', 'Value')} value={target.value} onChange={(n) => setTarget(j, { ...target, value: n })} />}
            {target.comparator === 'range' && (
              <>
                – <NumberInput className="input-small" aria-label={t('Giá trị tối đa', 'Maximum')} value={target.valueMax} onChange={(n) => setTarget(j, { ...target, valueMax: n })} />
              </>
            )}
            <output className="target-preview">{formatComparator(target, lang)}</output>
            {target.yearInferred && <span className="badge status-at_risk">{t('năm suy ra', 'year inferred')}</span>}
            <button type="button" className="btn btn-small btn-link" onClick={() => setTarget(j, null)} aria-label={t(`Xóa mốc ${target.measure} ${target.year}`, `Remove target ${target.measure} ${target.year}`)}>
              {t('Xóa mốc', 'Remove')}
            </button>
          </div>
        );
      })}
      {indicator.targets.length === 0 && <div className="small muted">{t('Không đọc được mốc chỉ tiêu nào.', 'No target was read.')}</div>}
    </Item>
  );
}

const PERIOD_WORDS: Record<ImportResult['reporting'][number]['period'], [string, string]> = {
  yearly: ['Báo cáo năm', 'Yearly report'],
  sixmonthly: ['Báo cáo 6 tháng', 'Six-monthly report'],
  quarterly: ['Báo cáo quý', 'Quarterly report'],
  monthly: ['Báo cáo tháng', 'Monthly report'],
};
/** the deadline as the plan wrote it: a date (each year, or once), or a day within each period */
function DueText({ rule }: { rule: ImportResult['reporting'][number] }) {
  const lang = useLang();
  const t = useT();
  const [vi, en] = PERIOD_WORDS[rule.period ?? 'yearly'];
  if (rule.dueInPeriod) {
    const which = rule.dueInPeriod === 'last_month' ? t('của tháng cuối kỳ', 'of the period’s last month') : t('của tháng sau kỳ', 'of the month after the period');
    return <>{t(vi, en)} · {t(`trước ngày ${rule.due.day}`, `before day ${rule.due.day}`)} {which}</>;
  }
  return <>{rule.period && rule.period !== 'yearly' ? `${t(vi, en)} · ` : ''}{formatDue(rule.due, rule.recurrence, lang)}</>;
}

function BudgetSummary({ budget }: { budget: NonNullable<ImportResult['budget']> }) {
  const t = useT();
  const lang = useLang();
  const failed = budget.checks.filter((c) => !c.ok);
  return (
    <div className="small">
      {t('Tổng các dòng', 'Sum of lines')}: <strong>{formatMoney(budget.computedTotal, lang)}</strong>
      {budget.statedTotal !== null && (
        <>
          {' · '}
          {t('Tổng ghi trong văn bản', 'Stated total')}: <strong>{formatMoney(budget.statedTotal, lang)}</strong>
        </>
      )}{' '}
      ({budget.currencyUnit === 'million_vnd' ? t('triệu đồng', 'million VND') : budget.currencyUnit})
      {failed.length === 0 && budget.checks.length > 0 && (
        <div className="check-ok budget-checks-ok">{t(`Cả ${budget.checks.length} phép kiểm tra tổng đều khớp.`, `All ${budget.checks.length} total checks pass.`)}</div>
      )}
      {failed.length > 0 && (
        <ul className="check-issue">
          {failed.map((c, i) => (
            <li key={i}>
              {c.what}: {t('cần', 'expected')} {formatMoney(c.expected, lang)}, {t('có', 'found')} {formatMoney(c.found, lang)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The one move the table's own totals point at: accept it (applied when the draft is saved) or keep the table as written. */
function BudgetSuggestion({ suggestion: s, decision, onDecide }: { suggestion: BudgetCorrection; decision: 'accept' | 'keep' | null; onDecide: (d: 'accept' | 'keep' | null) => void }) {
  const t = useT();
  const lang = useLang();
  const activity = s.activityNumber ?? s.activity.slice(0, 40);
  return (
    <div className="notice budget-suggestion" role="group" aria-label={t('Đề xuất sửa bảng kinh phí', 'Suggested budget correction')} data-decision={decision ?? 'none'}>
      <strong>{t('Đề xuất sửa bảng kinh phí', 'Suggested correction of the budget table')}</strong>
      <p className="small budget-suggestion-move">
        {t(`Hoạt động ${activity}: chuyển ${formatMoney(s.amount, lang)} từ năm ${s.from.year} – ${s.from.label} sang năm ${s.to.year} – ${s.to.label}`, `Activity ${activity}: move ${formatMoney(s.amount, lang)} from ${s.from.year} ${s.from.source} to ${s.to.year} ${s.to.source}`)}
      </p>
      <p className="small">{t(s.message, s.messageEn)}</p>
      {decision === 'accept' && (
        <p className="small check-ok">
          {t('Đã chấp nhận: các số ở trên là sau khi chuyển; số được chuyển khi lưu bản nháp.', 'Accepted: the figures above are after the move; it is applied when the draft is saved.')}
        </p>
      )}
      {decision === 'keep' && <p className="small">{t('Giữ nguyên bảng như văn bản: các phép kiểm tra vẫn lệch.', 'The table is kept as written: the checks still fail.')}</p>}
      <div className="form-actions">
        {decision === 'accept' ? (
          <button type="button" className="btn btn-small" onClick={() => onDecide('keep')}>
            {t('Hoàn tác, giữ như văn bản', 'Undo, keep as written')}
          </button>
        ) : (
          <>
            <button type="button" className="btn btn-small btn-primary" onClick={() => onDecide('accept')}>
              {t('Chấp nhận đề xuất', 'Accept the suggestion')}
            </button>
            {decision !== 'keep' && (
              <button type="button" className="btn btn-small" onClick={() => onDecide('keep')}>
                {t('Giữ nguyên như văn bản', 'Keep as written')}
              </button>
            )}
          </>
        )}
      </div>
    </div>
  );
}

function DocumentDateField({ label, value, onChange, onFocus }: { label: string; value: string | null; onChange: (v: string | null) => void; onFocus?: () => void }) {
  const id = useId();
  const t = useT();
  const [text, setText] = useState(documentDateText(value));
  const bad = documentDateValue(text) === undefined;
  useEffect(() => {
    if (documentDateValue(text) !== value) setText(documentDateText(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        inputMode="numeric"
        placeholder="dd/mm/yyyy"
        value={text}
        aria-invalid={bad || undefined}
        onFocus={onFocus}
        onChange={(e) => {
          setText(e.target.value);
          const v = documentDateValue(e.target.value);
          if (v !== undefined) onChange(v);
        }}
      />
      {bad && <span className="error-text small">{t('Ngày chưa đúng: viết ngày/tháng/năm, ví dụ 15/05/2023.', 'Not a date: write day/month/year, e.g. 15/05/2023.')}</span>}
    </div>
  );
}

function TextField({ label, value, onChange, onFocus }: { label: string; value: string | null; onChange: (v: string | null) => void; onFocus?: () => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value ?? ''} onFocus={onFocus} onChange={(e) => onChange(e.target.value || null)} />
    </div>
  );
}

function ParentPlanSelect({ value, onChange }: { value: number | null; onChange: (id: number | null) => void }) {
  const t = useT();
  const { data } = useApi<unknown>('/api/plans');
  const plans = listOf(data) as unknown as PlanSummary[];
  return (
    <div className="field">
      <label htmlFor="import-parent">{t('Kế hoạch cấp trên', 'Parent plan')}</label>
      <select id="import-parent" value={value ?? ''} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}>
        <option value="">{t('— Không có —', '— None —')}</option>
        {plans.map((p) => (
          <option key={p.id} value={p.id}>
            {p.number ? `${p.number} — ` : ''}
            {p.title.length > 90 ? p.title.slice(0, 90) + '…' : p.title}
          </option>
        ))}
      </select>
    </div>
  );
}
