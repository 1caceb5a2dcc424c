import { Fragment, useEffect, useMemo, useState, type CSSProperties } from 'react';
import { api, ApiError, CSRF_COOKIE, CSRF_HEADER, readCookie, useApi } from '../../lib/api.ts';
import { formatDateTime, formatMoney, formatNumber } from '../../../../src/domain/format.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import type { PageProps } from '../../lib/pages.ts';
import { setQuery, useRoute } from '../../lib/router.ts';
import { Link } from '../../lib/links.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Icon } from '../../components/Icon.tsx';

/** What GET /api/plans/:id/budget/execution returns (src/storage/budget.ts, src/domain/budget/execution.ts). */
interface Sum { planned: number; spent: number | null; rate: number | null; reported: number; cells: number }
interface Cell { planned: number; spent: number | null; rate: number | null; note: string | null; version: number; updatedAt: string | null; updatedBy: string | null }
interface Activity { id: number | null; key: string; no: string | null; name: string; inPlan: boolean; leadAgencyId: number | null; canEdit: boolean; cells: Record<string, Record<string, Cell>>; total: Sum; bySource: Record<string, Sum>; byYear: Record<string, Sum> }
interface Lock { year: number; locked: boolean; status: string; vi: string | null; en: string | null }
interface Execution {
  plan: { id: number; number: string | null; title: string; status: string; issuerUnitId: number | null };
  currencyUnit: string;
  currencyLabel: { vi: string; en: string };
  years: number[];
  sources: { key: string; label: string }[];
  activities: Activity[];
  yearTotals: Record<string, Record<string, Sum>>;
  sourceTotals: Record<string, Sum>;
  total: Sum;
  locks: Lock[];
  agencies: { id: number; name: string; shortName: string | null }[];
  permissions: { enterAll: boolean; assignLead: boolean };
}
interface Issue { code: string; index: number; field: string; vi: string; en: string; activity?: string; year?: number; source?: string }
interface SaveAnswer { saved: { inserted: number; updated: number; deleted: number; unchanged: number; warnings: Issue[] }; execution: Execution }
interface ImportSummary { status: string; description: string; descriptionEn: string; conflicts: { value: string; valueEn: string }[]; warnings: { value: string; valueEn: string }[] }
interface HistoryItem { id: number; year: number; source: string; activityNo: string | null; activity: string; action: string; actor: { name: string | null }; at: string; old: { amount: number | null; note: string | null } | null; new: { amount: number | null; note: string | null } | null }

const SOURCE_NAMES: Record<string, [string, string]> = {
  local: ['Ngân sách địa phương', 'Local budget'],
  central: ['Ngân sách trung ương', 'Central budget'],
  mobilised: ['Huy động, xã hội hóa', 'Mobilised funds'],
  other: ['Nguồn khác', 'Other sources'],
};
const num: CSSProperties = { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' };
const input: CSSProperties = { width: '6em', maxWidth: '100%', textAlign: 'right' };

/** Budget execution of a plan: planned vs spent per activity × year × source, entered by the issuing unit (and lead agencies). */
export default function BudgetExecutionPage({ params }: PageProps) {
  const t = useT();
  const lang = useLang();
  const route = useRoute();
  const id = Number(params.id);
  const { data, error, loading, reload, setData } = useApi<Execution>(Number.isInteger(id) && id > 0 ? `/api/plans/${id}/budget/execution` : null);
  const [texts, setTexts] = useState<Record<string, { amount: string; note: string }>>({});
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [message, setMessage] = useState<{ vi: string; en: string; warnings: Issue[] } | null>(null);

  const view = route.query.get('view') === 'all' ? 'all' : 'year';
  const defaultYear = useMemo(() => {
    if (!data || data.years.length === 0) return null;
    const withSpending = data.years.filter((y) => data.yearTotals[y]?.all.spent !== null);
    const now = new Date().getFullYear();
    return withSpending.length ? withSpending[withSpending.length - 1] : data.years.includes(now) ? now : data.years[0];
  }, [data]);
  const asked = Number(route.query.get('year'));
  const year = data && data.years.includes(asked) ? asked : defaultYear;

  const initial = (a: Activity, y: number, s: string) => {
    const c = a.cells[y]?.[s];
    return { amount: c?.spent === null || c?.spent === undefined ? '' : formatNumber(c.spent, undefined, 'vi'), note: c?.note ?? '' };
  };
  useEffect(() => setTexts({}), [data, year]);

  if (!Number.isInteger(id) || id <= 0) return <ErrorMessage error={t('Mã kế hoạch không hợp lệ.', 'Invalid plan id.')} />;
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (loading || !data) return <Loading />;
  if (year === null || data.activities.length === 0)
    return (
      <article>
        <div className="breadcrumb">
          <Link to="/plans">{t('Kế hoạch', 'Plans')}</Link> › <Link to={`/plans/${id}`}>{data.plan.number ?? t('(chưa có số)', '(no number)')}</Link>
        </div>
        <h1>{t('Tình hình thực hiện kinh phí', 'Budget execution')}</h1>
        <p className="muted">{t('Kế hoạch không có bảng kinh phí (dự toán), nên chưa ghi nhận được kinh phí thực hiện.', 'The plan has no budget table, so no spending can be recorded against it.')}</p>
      </article>
    );

  const lock = data.locks.find((l) => l.year === year);
  const unit = t(data.currencyLabel.vi, data.currencyLabel.en);
  const money = (n: number | null | undefined) => (n === null || n === undefined ? '—' : formatMoney(n, lang));
  const rate = (r: number | null) => (r === null ? '—' : `${formatNumber(r, undefined, lang)}%`);
  const sourceName = (key: string) => t(SOURCE_NAMES[key]?.[0] ?? key, SOURCE_NAMES[key]?.[1] ?? key);
  const agencyName = (agencyId: number | null) => data.agencies.find((a) => a.id === agencyId)?.name ?? null;
  const cellKey = (a: Activity, s: string) => `${a.key}|${year}|${s}`;
  const current = (a: Activity, s: string) => texts[cellKey(a, s)] ?? initial(a, year, s);
  const editable = (a: Activity) => a.canEdit && !lock?.locked;
  const changed = data.activities.flatMap((a) =>
    data.sources.flatMap((s) => {
      const v = texts[cellKey(a, s.key)];
      const i = initial(a, year, s.key);
      return v && (v.amount.trim() !== i.amount || v.note.trim() !== i.note) ? [{ a, s: s.key, v }] : [];
    }),
  );

  const save = async () => {
    setSaving(true);
    setSaveError(null);
    setMessage(null);
    try {
      const values = changed.map(({ a, s, v }) => ({ activity: a.key, year, source: s, amount: v.amount.trim() === '' ? null : v.amount.trim(), note: v.note.trim() === '' ? null : v.note.trim(), version: a.cells[year][s].version }));
      const r = await api.put<SaveAnswer>(`/api/plans/${id}/budget/spending`, { values });
      setData(r.execution);
      const s = r.saved;
      setMessage({ vi: `Đã lưu: ${s.inserted} số liệu mới, ${s.updated} cập nhật, ${s.deleted} xóa.`, en: `Saved: ${s.inserted} new, ${s.updated} updated, ${s.deleted} removed.`, warnings: s.warnings });
    } catch (e) {
      setSaveError(e);
    } finally {
      setSaving(false);
    }
  };

  const setLead = async (activity: Activity, agencyId: number | null) => {
    setSaveError(null);
    try {
      await api.put(`/api/plans/${id}/budget/activities/lead`, { activity: activity.key, agencyId });
      reload();
    } catch (e) {
      setSaveError(e);
    }
  };

  const yearTotal = data.yearTotals[year];
  return (
    <article className="budget-execution">
      <div className="breadcrumb">
        <Link to="/plans">{t('Kế hoạch', 'Plans')}</Link> › <Link to={`/plans/${id}`}>{data.plan.number ?? t('(chưa có số)', '(no number)')}</Link> › {t('Kinh phí thực hiện', 'Budget execution')}
      </div>
      <h1>{t('Tình hình thực hiện kinh phí', 'Budget execution')}</h1>
      <p>{data.plan.title}</p>
      <p className="small muted">
        {t(`Đơn vị tính: ${data.currencyLabel.vi}. Dự toán theo bảng kinh phí của kế hoạch; thực hiện do đơn vị ban hành kế hoạch (và cơ quan chủ trì hoạt động) nhập. Ô trống là chưa có số liệu, không phải 0.`, `Unit: ${data.currencyLabel.en}. Planned amounts come from the plan's budget table; spending is entered by the issuing unit (and the activity's lead agency). An empty cell means no figure yet, not 0.`)}
      </p>
      <p className="budget-summary">
        {t('Cả giai đoạn', 'Whole period')}: {t('dự toán', 'planned')} <strong>{money(data.total.planned)}</strong>, {t('đã thực hiện', 'spent')} <strong>{money(data.total.spent)}</strong>
        {data.total.rate !== null && <> ({t('đạt', '')} <strong>{rate(data.total.rate)}</strong>)</>} {unit}
        {data.sources.map((s) => (
          <Fragment key={s.key}>
            {' · '}
            {sourceName(s.key)}: {money(data.sourceTotals[s.key].spent)} / {money(data.sourceTotals[s.key].planned)} ({rate(data.sourceTotals[s.key].rate)})
          </Fragment>
        ))}
      </p>

      <nav className="tabs" aria-label={t('Chọn năm', 'Choose a year')}>
        {data.years.map((y) => (
          <a key={y} href={`?year=${y}`} aria-current={view === 'year' && y === year ? 'page' : undefined} onClick={(e) => { e.preventDefault(); setQuery({ year: y, view: null }); }} style={view === 'year' && y === year ? { fontWeight: 700, textDecoration: 'underline' } : undefined}>
            {y}
            {data.locks.find((l) => l.year === y)?.locked ? <> <Icon name="lock" /></> : ''}
          </a>
        ))}
        <a href="?view=all" aria-current={view === 'all' ? 'page' : undefined} onClick={(e) => { e.preventDefault(); setQuery({ view: 'all' }); }} style={view === 'all' ? { fontWeight: 700, textDecoration: 'underline' } : undefined}>
          {t('Cả giai đoạn', 'Whole period')}
        </a>
      </nav>

      {view === 'all' ? (
        <PeriodTable data={data} money={money} rate={rate} sourceName={sourceName} />
      ) : (
        <>
          <h2>
            {t(`Năm ${year}`, `Year ${year}`)}{' '}
            <span className="small muted">
              {t('dự toán', 'planned')} {money(yearTotal.all.planned)}, {t('thực hiện', 'spent')} {money(yearTotal.all.spent)} ({rate(yearTotal.all.rate)}) — {t(`${yearTotal.all.reported}/${yearTotal.all.cells} ô có số liệu`, `${yearTotal.all.reported}/${yearTotal.all.cells} cells reported`)}
            </span>
          </h2>
          {lock?.locked && (
            <div className="warning-box" role="note">
              <Icon name="lock" /> {t(lock.vi ?? '', lock.en ?? '')}
            </div>
          )}
          {!data.permissions.enterAll && data.activities.some((a) => a.canEdit) && <p className="small">{t('Bạn nhập kinh phí cho các hoạt động do cơ quan của bạn chủ trì.', 'You enter the spending of the activities your agency leads.')}</p>}
          <div className="table-wrap">
            <table className="data-table budget-execution-table collapse-table">
              <thead>
                <tr>
                  <th rowSpan={2}>{t('STT', 'No.')}</th>
                  <th rowSpan={2}>{t('Nội dung hoạt động', 'Activity')}</th>
                  <th rowSpan={2}>{t('Cơ quan chủ trì', 'Lead agency')}</th>
                  <th colSpan={3} className="align-center budget-all">{t('Tổng các nguồn', 'All sources')}</th>
                  {data.sources.map((s) => (
                    <th key={s.key} colSpan={3} className="align-center" title={sourceName(s.key)}>
                      {s.label}
                    </th>
                  ))}
                </tr>
                <tr>
                  {[{ key: 'all' }, ...data.sources].map((s) => (
                    <Fragment key={s.key}>
                      <th className={`align-right small ${s.key === 'all' ? 'budget-all' : ''}`}>{t('Dự toán', 'Planned')}</th>
                      <th className={`align-right small ${s.key === 'all' ? 'budget-all' : ''}`}>{t('Thực hiện', 'Spent')}</th>
                      <th className={`align-right small ${s.key === 'all' ? 'budget-all' : ''}`}>{t('Tỷ lệ', 'Rate')}</th>
                    </Fragment>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.activities.map((a) => {
                  const all = a.byYear[year];
                  return (
                    <tr key={a.key} className={a.inPlan ? undefined : 'muted'}>
                      <td className="align-center budget-no">{a.no ?? ''}</td>
                      <td className="budget-activity">
                        {a.no && <span className="card-only">{a.no}. </span>}
                        {a.name}
                        {!a.inPlan && <div className="small">{t('(không còn trong kế hoạch — số liệu đã nhập được giữ lại)', '(no longer in the plan — figures entered are kept)')}</div>}
                      </td>
                      <td className="small" data-label={t('Cơ quan chủ trì', 'Lead agency')}>
                        {data.permissions.assignLead && a.inPlan ? (
                          <select style={{ maxWidth: '9em' }} aria-label={t(`Cơ quan chủ trì hoạt động ${a.key}`, `Lead agency of activity ${a.key}`)} value={a.leadAgencyId ?? ''} onChange={(e) => setLead(a, e.target.value ? Number(e.target.value) : null)}>
                            <option value="">{t('— (đơn vị ban hành)', '— (issuing unit)')}</option>
                            {data.agencies.map((g) => (
                              <option key={g.id} value={g.id}>
                                {g.shortName ?? g.name}
                              </option>
                            ))}
                          </select>
                        ) : (
                          agencyName(a.leadAgencyId) ?? '—'
                        )}
                      </td>
                      <td style={num} className="budget-all budget-row-total" data-label={t('Tổng dự toán', 'Total planned')}>{money(all.planned)}</td>
                      <td style={num} className="budget-all budget-row-total" data-label={t('Tổng thực hiện', 'Total spent')}>{money(all.spent)}</td>
                      <td style={num} className="budget-all budget-row-total" data-label={t('Tỷ lệ chung', 'Overall rate')}>{rate(all.rate)}</td>
                      {data.sources.map((s) => {
                        const c = a.cells[year][s.key];
                        const v = current(a, s.key);
                        return (
                          <Fragment key={s.key}>
                            <td style={num} data-label={t(`${s.label}: dự toán`, `${s.label}: planned`)}>{c.planned ? money(c.planned) : ''}</td>
                            <td style={num} data-label={t(`${s.label}: thực hiện`, `${s.label}: spent`)}>
                              {editable(a) ? (
                                <>
                                  <input
                                    type="text"
                                    inputMode="decimal"
                                    style={input}
                                    aria-label={t(`Thực hiện: hoạt động ${a.key}, ${s.label}, năm ${year}`, `Spent: activity ${a.key}, ${s.label}, ${year}`)}
                                    value={v.amount}
                                    onChange={(e) => setTexts({ ...texts, [cellKey(a, s.key)]: { ...v, amount: e.target.value } })}
                                  />
                                  <input
                                    type="text"
                                    className="small"
                                    style={{ ...input, display: 'block', marginTop: 2, textAlign: 'left' }}
                                    placeholder={t('ghi chú', 'note')}
                                    aria-label={t(`Ghi chú: hoạt động ${a.key}, ${s.label}, năm ${year}`, `Note: activity ${a.key}, ${s.label}, ${year}`)}
                                    value={v.note}
                                    onChange={(e) => setTexts({ ...texts, [cellKey(a, s.key)]: { ...v, note: e.target.value } })}
                                  />
                                </>
                              ) : (
                                <>
                                  {money(c.spent)}
                                  {c.note && <div className="small muted" style={{ whiteSpace: 'normal', maxWidth: '14em' }}>{c.note}</div>}
                                </>
                              )}
                            </td>
                            <td style={num} data-label={t(`${s.label}: tỷ lệ`, `${s.label}: rate`)}>{rate(c.rate)}</td>
                          </Fragment>
                        );
                      })}
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <th colSpan={3} style={{ textAlign: 'left' }}>{t('Tổng cộng', 'Total')}</th>
                  {['all', ...data.sources.map((s) => s.key)].map((k) => {
                    const label = k === 'all' ? t('Tổng', 'Total') : data.sources.find((s) => s.key === k)!.label;
                    const cls = k === 'all' ? 'budget-all budget-total' : undefined;
                    return (
                      <Fragment key={k}>
                        <td style={num} className={cls} data-label={t(`${label}: dự toán`, `${label}: planned`)}>{money(yearTotal[k].planned)}</td>
                        <td style={num} className={cls} data-label={t(`${label}: thực hiện`, `${label}: spent`)}>{money(yearTotal[k].spent)}</td>
                        <td style={num} className={cls} data-label={t(`${label}: tỷ lệ`, `${label}: rate`)}>{rate(yearTotal[k].rate)}</td>
                      </Fragment>
                    );
                  })}
                </tr>
              </tfoot>
            </table>
          </div>
          {data.activities.some(editable) && (
            <p>
              <button type="button" className="btn btn-primary" disabled={saving || changed.length === 0} onClick={save}>
                {saving ? t('Đang lưu…', 'Saving…') : t(`Lưu (${changed.length} ô đã sửa)`, `Save (${changed.length} changed)`)}
              </button>{' '}
              {changed.length > 0 && (
                <button type="button" className="btn" onClick={() => setTexts({})}>
                  {t('Hủy thay đổi', 'Discard changes')}
                </button>
              )}
            </p>
          )}
          {saveError !== null && (
            <>
              <ErrorMessage error={saveError} />
              <SaveErrorDetails error={saveError} onReload={() => { setSaveError(null); reload(); }} />
            </>
          )}
          {message && (
            <div className="small" role="status">
              <p>{t(message.vi, message.en)}</p>
              {message.warnings.length > 0 && (
                <div className="warning-box">
                  {t('Lưu ý (không chặn việc lưu):', 'Please check (saved anyway):')}
                  <ul>
                    {message.warnings.map((w, i) => (
                      <li key={i}>{t(`Hoạt động ${w.activity}, năm ${w.year}: ${w.vi}`, `Activity ${w.activity}, ${w.year}: ${w.en}`)}</li>
                    ))}
                  </ul>
                </div>
              )}
            </div>
          )}
          <CsvPanel planId={id} year={year} canImport={data.activities.some(editable)} onImported={reload} />
          <History planId={id} year={year} version={JSON.stringify(data.yearTotals[year])} sourceName={sourceName} money={money} />
        </>
      )}
      <p>
        <a className="btn btn-small" href={`/api/plans/${id}/budget.xlsx`}>
          {t('Tải bảng kinh phí (XLSX, mẫu Phụ lục 01: dự toán và thực hiện)', 'Download the budget table (XLSX, Phụ lục 01 layout: planned and spent)')}
        </a>
      </p>
    </article>
  );
}

/** The whole period: per activity and year, planned and spent (one source or all). */
function PeriodTable({ data, money, rate, sourceName }: { data: Execution; money: (n: number | null) => string; rate: (r: number | null) => string; sourceName: (k: string) => string }) {
  const t = useT();
  const [source, setSource] = useState<string>('all');
  const sum = (a: Activity, y: number): { planned: number; spent: number | null } => {
    if (source !== 'all') return a.cells[y][source];
    return a.byYear[y];
  };
  const yearSum = (y: number) => data.yearTotals[y][source];
  const total = (a: Activity) => (source === 'all' ? a.total : a.bySource[source]);
  return (
    <>
      <label>
        {t('Nguồn kinh phí', 'Funding source')}{' '}
        <select value={source} onChange={(e) => setSource(e.target.value)}>
          <option value="all">{t('Tất cả các nguồn', 'All sources')}</option>
          {data.sources.map((s) => (
            <option key={s.key} value={s.key}>
              {s.label} — {sourceName(s.key)}
            </option>
          ))}
        </select>
      </label>
      <div className="table-wrap">
        <table className="data-table budget-period-table small">
          <thead>
            <tr>
              <th rowSpan={2} className="sticky-col">{t('Nội dung hoạt động', 'Activity')}</th>
              <th colSpan={3} className="align-center budget-all">{t('Tổng cộng', 'Total')}</th>
              {data.years.map((y) => (
                <th key={y} colSpan={2} className="align-center">{y}</th>
              ))}
            </tr>
            <tr>
              <th className="align-right budget-all">{t('Dự toán', 'Planned')}</th>
              <th className="align-right budget-all">{t('Thực hiện', 'Spent')}</th>
              <th className="align-right budget-all">{t('Tỷ lệ', 'Rate')}</th>
              {data.years.map((y) => (
                <Fragment key={y}>
                  <th className="align-right">{t('DT', 'Pl.')}</th>
                  <th className="align-right">{t('TH', 'Sp.')}</th>
                </Fragment>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.activities.map((a) => (
              <tr key={a.key}>
                <th scope="row" className="sticky-col budget-activity" style={{ fontWeight: 'normal' }}>
                  {a.no && <strong>{a.no}. </strong>}
                  {a.name}
                </th>
                <td style={num} className="budget-all budget-row-total">{money(total(a).planned)}</td>
                <td style={num} className="budget-all budget-row-total">{money(total(a).spent)}</td>
                <td style={num} className="budget-all budget-row-total">{rate(total(a).rate)}</td>
                {data.years.map((y) => {
                  const c = sum(a, y);
                  return (
                    <Fragment key={y}>
                      <td style={num}>{c.planned ? money(c.planned) : ''}</td>
                      <td style={num}>{c.spent === null ? '' : money(c.spent)}</td>
                    </Fragment>
                  );
                })}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" className="sticky-col" style={{ textAlign: 'left' }}>{t('Tổng cộng', 'Total')}</th>
              <td style={num} className="budget-all budget-total">{money(source === 'all' ? data.total.planned : data.sourceTotals[source].planned)}</td>
              <td style={num} className="budget-all budget-total">{money(source === 'all' ? data.total.spent : data.sourceTotals[source].spent)}</td>
              <td style={num} className="budget-all budget-total">{rate(source === 'all' ? data.total.rate : data.sourceTotals[source].rate)}</td>
              {data.years.map((y) => (
                <Fragment key={y}>
                  <td style={num}>{money(yearSum(y).planned)}</td>
                  <td style={num}>{money(yearSum(y).spent)}</td>
                </Fragment>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="small muted">{t('DT: dự toán; TH: thực hiện. Ô trống: chưa có số liệu.', 'Pl.: planned; Sp.: spent. Empty: no figure yet.')}</p>
    </>
  );
}

/** Every problem of a refused save (the server lists them all), and a way out of a conflict. */
function SaveErrorDetails({ error, onReload }: { error: unknown; onReload: () => void }) {
  const t = useT();
  if (!(error instanceof ApiError)) return null;
  const issues = (error.details as { issues?: Issue[] } | undefined)?.issues ?? [];
  return (
    <div className="small">
      {issues.length > 1 && (
        <ul>
          {issues.map((i, k) => (
            <li key={k}>{t(i.vi, i.en)}</li>
          ))}
        </ul>
      )}
      {error.code === 'version_conflict' && (
        <button type="button" className="btn btn-small" onClick={onReload}>
          {t('Tải số liệu mới nhất', 'Load the latest figures')}
        </button>
      )}
    </div>
  );
}

/** CSV of the year: download the template, import a filled one (all or nothing). */
function CsvPanel({ planId, year, canImport, onImported }: { planId: number; year: number; canImport: boolean; onImported: () => void }) {
  const t = useT();
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const upload = async (file: File, dryRun: boolean) => {
    setSummary(null);
    setFailure(null);
    const headers: Record<string, string> = { 'content-type': 'text/csv' };
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers[CSRF_HEADER] = csrf;
    try {
      const r = await fetch(`/api/plans/${planId}/budget/spending.csv?year=${year}${dryRun ? '&dryRun=true' : ''}`, { method: 'POST', headers, body: await file.text(), credentials: 'same-origin' });
      const body = await r.json();
      if (body?.responseType === 'ImportSummary') {
        setSummary(body);
        if (r.ok && !dryRun) onImported();
      } else setFailure(new ApiError(r.status, body?.error?.code ?? `http_${r.status}`, body?.error?.message ?? '', body?.error?.messageEn ?? '', body?.error?.path));
    } catch (e) {
      setFailure(e);
    }
  };
  const [file, setFile] = useState<File | null>(null);
  return (
    <details className="panel">
      <summary>{t(`Nhập từ tệp CSV (năm ${year})`, `Import from CSV (${year})`)}</summary>
      <p className="small">
        {t('Cột: activity (STT hoặc nội dung hoạt động), source (local, central, mobilised, other hoặc "Địa phương", "huy động, xã hội hóa"…), amount (triệu đồng, "1.055" hoặc "12,5"), note. Tệp có lỗi ở bất kỳ dòng nào thì không lưu gì, và mọi dòng lỗi đều được liệt kê.', 'Columns: activity (number or content), source (local, central, mobilised, other), amount (million VND), note. A file with any bad row stores nothing, and every bad row is listed.')}{' '}
        <a href={`/api/plans/${planId}/budget/spending.csv?year=${year}`}>{t('Tải mẫu CSV của năm', 'Download the year as a CSV template')}</a>
      </p>
      {canImport && (
        <p>
          <input type="file" accept=".csv,text/csv" aria-label={t('Tệp CSV kinh phí thực hiện', 'Spending CSV file')} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />{' '}
          <button type="button" className="btn btn-small" disabled={!file} onClick={() => file && upload(file, true)}>{t('Kiểm tra', 'Check')}</button>{' '}
          <button type="button" className="btn btn-small btn-primary" disabled={!file} onClick={() => file && upload(file, false)}>{t('Nhập', 'Import')}</button>
        </p>
      )}
      {failure !== null && <ErrorMessage error={failure} />}
      {summary && (
        <div className={summary.status === 'ERROR' ? 'error-message' : 'small'} role="status">
          <p>{t(summary.description, summary.descriptionEn)}</p>
          {summary.conflicts.length > 0 && (
            <ul>
              {summary.conflicts.map((c, i) => (
                <li key={i}>{t(c.value, c.valueEn)}</li>
              ))}
            </ul>
          )}
          {summary.warnings.length > 0 && (
            <ul className="warning-box">
              {summary.warnings.map((c, i) => (
                <li key={i}>{t(c.value, c.valueEn)}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </details>
  );
}

/** Who changed which figure, when (the append-only history). */
function History({ planId, year, version, sourceName, money }: { planId: number; year: number; version: string; sourceName: (k: string) => string; money: (n: number | null) => string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const { data } = useApi<{ items: HistoryItem[] }>(open ? `/api/plans/${planId}/budget/spending/history?year=${year}&v=${encodeURIComponent(version)}` : null);
  return (
    <details className="panel" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{t(`Lịch sử thay đổi năm ${year}`, `Changes in ${year}`)}</summary>
      {open && !data && <Loading />}
      {data && data.items.length === 0 && <p className="muted small">{t('Chưa có thay đổi.', 'No changes yet.')}</p>}
      {data && data.items.length > 0 && (
        <table className="data-table small">
          <thead>
            <tr>
              <th>{t('Thời điểm', 'When')}</th>
              <th>{t('Người sửa', 'Who')}</th>
              <th>{t('Hoạt động', 'Activity')}</th>
              <th>{t('Nguồn', 'Source')}</th>
              <th className="align-right">{t('Cũ', 'Old')}</th>
              <th className="align-right">{t('Mới', 'New')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((h) => (
              <tr key={h.id}>
                <td>{formatDateTime(h.at)}</td>
                <td>{h.actor.name ?? ''}</td>
                <td>{h.activityNo ?? h.activity}</td>
                <td>{sourceName(h.source)}</td>
                <td style={num}>{h.old ? `${money(h.old.amount)}${h.old.note ? ` (${h.old.note})` : ''}` : '—'}</td>
                <td style={num}>{h.new ? `${money(h.new.amount)}${h.new.note ? ` (${h.new.note})` : ''}` : t('(xóa)', '(removed)')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
