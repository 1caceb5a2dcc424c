import { Fragment, useMemo, useState, type ReactNode } from 'react';
import { Chart } from '../../components/Chart.tsx';
import { useApi } from '../../lib/api.ts';
import { formatComparator, formatDate, formatMoney, formatNumber, formatRate } from '../../../../src/domain/format.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import type { PageProps } from '../../lib/pages.ts';
import { Link } from '../../lib/links.ts';
import { useSession } from '../../lib/session.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PlanStatusBadge } from '../../components/StatusBadge.tsx';
import { PlanCheck } from './PlanCheck.tsx';
import { PlanActions } from './PlanActions.tsx';
import { TaskStatusBadge } from '../tasks/shared.tsx';

interface TaskLatest { taskId: number; agency: { id: number; name: string }; period: string; periodLabel: { vi: string; en: string }; status: string; percent: number | null }
import { ReportingRules } from './ReportingRules.tsx';
import { issueDateText, kindLabel, levelLabel, periodText, sourceLabel, targetUnit, type PlanBudget, type PlanDocument, type PlanIndicator } from './types.ts';

/** One plan, read-only: header, objectives and targets, assignments, tasks, reporting, reviews, budget, check. */
export default function PlanPage({ params }: PageProps) {
  const t = useT();
  const lang = useLang();
  const session = useSession();
  const id = Number(params.id);
  const { data: plan, error, loading, reload } = useApi<PlanDocument>(Number.isInteger(id) && id > 0 ? `/api/plans/${id}` : null);
  // each task's latest progress (issue #16): one badge per lead agency that reported
  const progress = useApi<{ items: TaskLatest[] }>(Number.isInteger(id) && id > 0 ? `/api/plans/${id}/task-status` : null);
  if (!Number.isInteger(id) || id <= 0) return <ErrorMessage error={t('Mã kế hoạch không hợp lệ.', 'Invalid plan id.')} />;
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (loading || !plan) return <Loading />;

  const canWrite = session.can('plans.write', plan.issuerUnitId);
  const sections: [string, string][] = [
    ['chi-tieu', t('Mục tiêu và chỉ tiêu', 'Objectives and indicators')],
    ['phan-cong', t('Phân công', 'Assignments')],
    ['nhiem-vu', t('Nhiệm vụ', 'Tasks')],
    ['bao-cao', t('Chế độ báo cáo', 'Reporting')],
    ['kinh-phi', t('Kinh phí', 'Budget')],
    ['doi-chieu', t('Đối chiếu kế hoạch cấp trên', 'Check against the parent plan')],
  ];

  return (
    <article className="plan">
      <div className="breadcrumb">
        <Link to="/plans">{t('Kế hoạch', 'Plans')}</Link> › {plan.number ?? t('(chưa có số)', '(no number)')}
      </div>
      <PlanHeader plan={plan} actions={<PlanActions plan={plan} canWrite={canWrite} onChanged={reload} />} />
      <nav aria-label={t('Các phần của kế hoạch', 'Plan sections')} className="tabs">
        {sections.map(([anchor, label]) => (
          <a key={anchor} href={`#${anchor}`}>
            {label}
          </a>
        ))}
      </nav>
      <section id="chi-tieu" aria-labelledby="h-chi-tieu">
        <h2 id="h-chi-tieu">
          {t('Mục tiêu và chỉ tiêu', 'Objectives and indicators')}{' '}
          <span className="muted small indicator-count">
            ({t(`${plan.indicators.length} chỉ tiêu`, `${plan.indicators.length} indicators`)})
          </span>
        </h2>
        <Objectives plan={plan} />
      </section>
      <section id="phan-cong" aria-labelledby="h-phan-cong">
        <h2 id="h-phan-cong">{t('Phân công thực hiện chỉ tiêu', 'Indicator assignments')}</h2>
        <DataTable
          rows={plan.assignments}
          rowKey={(_, i) => i}
          empty={t('Kế hoạch không phân công chỉ tiêu cho cơ quan nào.', 'The plan assigns no indicators.')}
          columns={[
            { key: 'agency', header: t('Cơ quan', 'Agency'), render: (a) => a.agency, sortValue: (a) => a.agency },
            { key: 'role', header: t('Vai trò', 'Role'), render: (a) => (a.role === 'partner' ? t('Phối hợp', 'Partner') : t('Chủ trì', 'Lead')) },
            {
              key: 'indicators',
              header: t('Chỉ tiêu', 'Indicators'),
              render: (a) =>
                a.indicators.map((n) => (
                  <a key={n} className="tag" href={`#chi-tieu-${n}`}>
                    {n}
                  </a>
                )),
            },
          ]}
        />
      </section>
      <section id="nhiem-vu" aria-labelledby="h-nhiem-vu">
        <h2 id="h-nhiem-vu">{t('Nhiệm vụ và giải pháp', 'Tasks and solutions')}</h2>
        {plan.tasks.length > 0 && plan.status !== 'draft' && session.can('reports.read', plan.issuerUnitId) && (
          <p><Link to={`/plans/${plan.id}/tasks`} className="btn">{t('Tổng hợp tiến độ nhiệm vụ', 'Task progress roll-up')}</Link></p>
        )}
        <DataTable
          rows={plan.tasks}
          rowKey={(x) => x.id}
          empty={t('Chưa có nhiệm vụ.', 'No tasks.')}
          pageSize={50}
          columns={[
            { key: 'section', header: t('Mục', 'Section'), render: (x) => x.section ?? '', className: 'nowrap' },
            {
              key: 'title',
              header: t('Nhiệm vụ', 'Task'),
              render: (x) => (
                <>
                  <strong>{x.title}</strong>
                  {x.description && <div className="small">{x.description}</div>}
                </>
              ),
            },
            { key: 'lead', header: t('Chủ trì', 'Lead'), render: (x) => x.lead.map((n) => <span key={n} className="tag tag-lead">{n}</span>) },
            { key: 'partners', header: t('Phối hợp', 'Partners'), render: (x) => x.partners.map((n) => <span key={n} className="tag">{n}</span>) },
            {
              key: 'progress',
              header: t('Tiến độ mới nhất', 'Latest progress'),
              render: (x) => {
                const latest = (progress.data?.items ?? []).filter((p) => p.taskId === x.id);
                if (!latest.length) return <span className="muted small">{t('Chưa báo cáo', 'Not reported')}</span>;
                return latest.map((p) => (
                  <div key={p.agency.id} className="task-latest">
                    <TaskStatusBadge status={p.status} percent={p.percent} /> <span className="small muted">{lang === 'en' ? p.periodLabel.en : p.periodLabel.vi}{latest.length > 1 ? ` · ${p.agency.name}` : ''}</span>
                  </div>
                ));
              },
            },
          ]}
        />
      </section>
      <section id="bao-cao" aria-labelledby="h-bao-cao">
        <h2 id="h-bao-cao">{t('Chế độ báo cáo', 'Reporting rules')}</h2>
        <ReportingRules plan={plan} canWrite={canWrite} onChanged={reload} />
        <h3>{t('Sơ kết, tổng kết', 'Reviews')}</h3>
        {plan.reviews.length === 0 ? (
          <p className="muted">{t('Không quy định.', 'None set.')}</p>
        ) : (
          <ul>
            {plan.reviews.map((r) => (
              <li key={r.kind}>
                {r.kind === 'midterm' ? t('Sơ kết giữa kỳ', 'Mid-term review') : t('Tổng kết', 'Final review')} {r.year}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section id="kinh-phi" aria-labelledby="h-kinh-phi">
        <h2 id="h-kinh-phi">{t('Kinh phí', 'Budget')}</h2>
        {plan.budget && plan.budget.lines.length > 0 && session.can('reports.read', plan.issuerUnitId) && (
          <p>
            <Link className="btn btn-small" to={`/plans/${plan.id}/budget`}>
              {t('Tình hình thực hiện kinh phí (dự toán và thực hiện) →', 'Budget execution (planned and spent) →')}
            </Link>
          </p>
        )}
        {plan.budget && plan.budget.lines.length > 0 ? <BudgetTable budget={plan.budget} /> : <p className="muted">{t('Kế hoạch không có bảng kinh phí.', 'The plan has no budget table.')}</p>}
      </section>
      <section id="doi-chieu" aria-labelledby="h-doi-chieu">
        <h2 id="h-doi-chieu">{t('Đối chiếu với kế hoạch cấp trên', 'Check against the parent plan')}</h2>
        {plan.parentPlanId ? <PlanCheck planId={plan.id} units={Object.fromEntries(plan.indicators.flatMap((i) => i.measures.map((m) => [m.code, m.unit])))} /> : <p className="muted">{t('Kế hoạch không có kế hoạch cấp trên để đối chiếu.', 'The plan has no parent plan to check against.')}</p>}
      </section>
    </article>
  );
}

function PlanHeader({ plan, actions }: { plan: PlanDocument; actions: ReactNode }) {
  const t = useT();
  return (
    <header className="plan-header panel">
      <div className="toolbar" style={{ justifyContent: 'space-between', marginTop: 0 }}>
        <div>
          <div className="muted">
            {plan.number ? `${t('Số', 'No.')} ${plan.number}` : t('Chưa có số', 'No number')} · {kindLabel(plan.kind, t)}
          </div>
          <h1 className="plan-title">{plan.title}</h1>
        </div>
        <div className="form-actions" style={{ marginTop: 0 }}>
          <PlanStatusBadge status={plan.status} />
          {actions}
        </div>
      </div>
      <dl className="dl-grid">
        <dt>{t('Cơ quan ban hành', 'Issued by')}</dt>
        <dd>
          {plan.issuerUnit ? <Link to={`/units/${plan.issuerUnit.id}`}>{plan.issuerName ?? plan.issuerUnit.name}</Link> : (plan.issuerName ?? '—')}
          {plan.level && <span className="muted"> · {t('cấp', 'level:')} {levelLabel(plan.level, t).toLowerCase()}</span>}
        </dd>
        <dt>{t('Ngày ban hành', 'Issue date')}</dt>
        <dd>
          {issueDateText(plan)}
          {plan.place && <span className="muted"> · {plan.place}</span>}
        </dd>
        <dt>{t('Giai đoạn', 'Period')}</dt>
        <dd>{periodText(plan.periodFrom, plan.periodTo)}</dd>
        <dt>{t('Kế hoạch cấp trên', 'Parent plan')}</dt>
        <dd>
          {plan.parentPlan ? (
            <Link to={`/plans/${plan.parentPlan.id}`}>
              {plan.parentPlan.number ? `${plan.parentPlan.number} — ` : ''}
              {plan.parentPlan.title}
            </Link>
          ) : (
            '—'
          )}
        </dd>
        {plan.implements.length > 0 && (
          <>
            <dt>{t('Thực hiện', 'Implements')}</dt>
            <dd>
              <ul className="plain-list">
                {plan.implements.map((d, i) => (
                  <li key={i}>
                    {d.number}
                    {d.date && ` ${t('ngày', 'of')} ${formatDate(d.date)}`}
                    {d.issuer && ` ${t('của', 'by')} ${d.issuer}`}
                    {d.title && <span className="muted"> — {d.title}</span>}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {plan.childPlans.length > 0 && (
          <>
            <dt>{t('Kế hoạch cấp dưới', 'Plans below')}</dt>
            <dd>
              <ul className="plain-list">
                {plan.childPlans.map((c) => (
                  <li key={c.id}>
                    <Link to={`/plans/${c.id}`}>
                      {c.number ? `${c.number} — ` : ''}
                      {c.title}
                    </Link>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {plan.signer && (
          <>
            <dt>{t('Người ký', 'Signed by')}</dt>
            <dd>
              {plan.signer}
              {plan.signerTitle && <span className="muted"> · {plan.signerTitle}</span>}
            </dd>
          </>
        )}
        <dt>{t('Phiên bản', 'Version')}</dt>
        <dd>
          {plan.version} <span className="muted small">· {t('cập nhật', 'updated')} {formatDate(plan.updatedAt)}</span>
        </dd>
      </dl>
    </header>
  );
}

const GROUPS: Record<string, [string, string]> = { rural: ['nông thôn', 'rural'], urban: ['thành thị', 'urban'] };

function Objectives({ plan }: { plan: PlanDocument }) {
  const t = useT();
  const years = useMemo(() => [...new Set(plan.indicators.flatMap((i) => i.targets.map((x) => x.year)))].sort((a, b) => a - b), [plan]);
  const groups: { key: string | null; title: string; indicators: PlanIndicator[] }[] = plan.objectives.map((o) => ({
    key: o.key,
    title: o.title,
    indicators: plan.indicators.filter((i) => i.objective === o.key),
  }));
  const orphans = plan.indicators.filter((i) => i.objective === null || !plan.objectives.some((o) => o.key === i.objective));
  if (orphans.length) groups.push({ key: null, title: t('Chỉ tiêu khác', 'Other indicators'), indicators: orphans });
  if (plan.indicators.length === 0 && plan.objectives.length === 0) return <p className="muted">{t('Kế hoạch chưa có chỉ tiêu.', 'The plan has no indicators yet.')}</p>;
  return (
    <>
      {groups.map((g) => (
        <div key={g.key ?? '_'} className="objective">
          <h3>
            {g.key !== null && `${t('Mục tiêu', 'Objective')} ${g.key}: `}
            {g.title}
          </h3>
          {g.indicators.length > 0 && <IndicatorTable indicators={g.indicators} years={years} />}
        </div>
      ))}
    </>
  );
}

function IndicatorTable({ indicators, years }: { indicators: PlanIndicator[]; years: number[] }) {
  const t = useT();
  const lang = useLang();
  return (
    <div className="table-wrap">
      <table className="data-table indicator-table">
        <thead>
          <tr>
            <th scope="col">{t('Chỉ tiêu', 'Indicator')}</th>
            <th scope="col">{t('Nội dung', 'Text')}</th>
            <th scope="col">{t('Chỉ số', 'Measure')}</th>
            {years.map((y) => (
              <th key={y} scope="col" className="align-right">
                {y}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {indicators.map((ind) => {
            // one row per (measure, group) that has a target, else per measure
            const keys: { measure: string; group: string | null }[] = [];
            for (const x of ind.targets) if (!keys.some((k) => k.measure === x.measure && k.group === (x.group ?? null))) keys.push({ measure: x.measure, group: x.group ?? null });
            if (keys.length === 0) keys.push(...(ind.measures.length ? ind.measures.map((m) => ({ measure: m.code, group: null })) : [{ measure: '', group: null }]));
            keys.sort((a, b) => a.measure.localeCompare(b.measure, 'vi', { numeric: true }));
            return keys.map((k, row) => {
              const measure = ind.measures.find((m) => m.code === k.measure);
              const measureName = measure ? (lang === 'en' && measure.nameEn ? measure.nameEn : measure.nameVi) : k.measure;
              return (
                <tr key={`${ind.id}-${k.measure}-${k.group}`} id={row === 0 && ind.number ? `chi-tieu-${ind.number}` : undefined}>
                  {row === 0 && (
                    <>
                      <td rowSpan={keys.length} className="nowrap">
                        <strong>{ind.number ?? '•'}</strong>
                        {ind.catalogue && ind.catalogue !== ind.number && (
                          <div className="small muted">
                            {t('danh mục', 'catalogue')} {ind.catalogue}
                          </div>
                        )}
                      </td>
                      <td rowSpan={keys.length}>{ind.text ?? (lang === 'en' && ind.nameEn ? ind.nameEn : ind.nameVi)}</td>
                    </>
                  )}
                  <td>
                    {measureName}
                    {k.group && <span className="muted"> ({GROUPS[k.group] ? (lang === 'en' ? GROUPS[k.group][1] : GROUPS[k.group][0]) : k.group})</span>}
                  </td>
                  {years.map((y) => {
                    const targets = ind.targets.filter((x) => x.measure === k.measure && (x.group ?? null) === k.group && x.year === y);
                    return (
                      <td key={y} className="align-right target-cell">
                        {targets.length === 0
                          ? ''
                          : targets.map((x) => (
                              <div key={x.id} title={x.note ?? undefined}>
                                {formatComparator({ ...x, unit: targetUnit(x, ind.measures) }, lang)}
                              </div>
                            ))}
                      </td>
                    );
                  })}
                </tr>
              );
            });
          })}
        </tbody>
      </table>
      {indicators.some((i) => i.baselines.length > 0) && (
        <p className="small muted">
          {t('Số liệu cơ sở', 'Baselines')}:{' '}
          {indicators
            .flatMap((i) => i.baselines.map((b) => `${i.number ?? ''}${b.measure !== i.number ? ` (${b.measure})` : ''} ${b.year}: ${formatRate(b.value, i.measures.find((m) => m.code === b.measure)?.unit ?? 'count', lang)}`))
            .join(' · ')}
        </p>
      )}
    </div>
  );
}

const SOURCE_ORDER = ['local', 'central', 'mobilised', 'other'];

export function BudgetTable({ budget }: { budget: Pick<PlanBudget, 'lines' | 'statedTotal'> }) {
  const t = useT();
  const lang = useLang();
  const { activities, years, sources, cell, rowTotal, colTotal, sourceTotal, total } = useMemo(() => {
    const activities: { key: string; no: string | null; name: string }[] = [];
    const cells = new Map<string, number>();
    for (const l of budget.lines) {
      const key = `${l.activityNo ?? ''}|${l.activity}`;
      if (!activities.some((a) => a.key === key)) activities.push({ key, no: l.activityNo, name: l.activity });
      const ck = `${key}|${l.year}|${l.source}`;
      cells.set(ck, (cells.get(ck) ?? 0) + l.amount);
    }
    const years = [...new Set(budget.lines.map((l) => l.year))].sort((a, b) => a - b);
    const sources = [...new Set(budget.lines.map((l) => l.source))].sort((a, b) => SOURCE_ORDER.indexOf(a) - SOURCE_ORDER.indexOf(b));
    const sum = (pred: (l: (typeof budget.lines)[number]) => boolean) => budget.lines.filter(pred).reduce((s, l) => s + l.amount, 0);
    return {
      activities,
      years,
      sources,
      cell: (a: string, y: number, s: string) => cells.get(`${a}|${y}|${s}`),
      rowTotal: (a: string) => sum((l) => `${l.activityNo ?? ''}|${l.activity}` === a),
      colTotal: (y: number, s: string) => sum((l) => l.year === y && l.source === s),
      sourceTotal: (s: string) => sum((l) => l.source === s),
      total: sum(() => true),
    };
  }, [budget]);
  const stated = budget.statedTotal;
  const mismatch = stated !== null && stated !== undefined && Math.abs(stated - total) > 0.5;
  const labels = Object.fromEntries(sources.map((s) => [s, budget.lines.find((l) => l.source === s && l.sourceLabel)?.sourceLabel ?? sourceLabel(s, t)]));
  return (
    <>
      <p className="small muted">{t('Đơn vị tính: triệu đồng', 'Unit: million VND')}</p>
      {mismatch && (
        <div className="warning-box budget-mismatch" role="note">
          {t(
            `Tổng kinh phí ghi trong văn bản (${formatMoney(stated, 'vi')}) khác tổng các dòng (${formatMoney(total, 'vi')}), chênh lệch ${formatMoney(Math.abs(stated! - total), 'vi')} triệu đồng.`,
            `The total stated in the document (${formatMoney(stated, 'en')}) differs from the sum of the lines (${formatMoney(total, 'en')}) by ${formatMoney(Math.abs(stated! - total), 'en')} million VND.`,
          )}
        </div>
      )}
      <div className="table-wrap">
        <table className="data-table budget-table">
          <thead>
            <tr>
              <th scope="col" rowSpan={sources.length > 1 ? 2 : 1} className="sticky-col">
                {t('Hoạt động', 'Activity')}
              </th>
              <th scope="col" rowSpan={sources.length > 1 ? 2 : 1} className="align-right budget-all">
                {t('Tổng', 'Total')}
              </th>
              {years.map((y) => (
                <th key={y} scope="colgroup" colSpan={sources.length} className="align-center">
                  {y}
                </th>
              ))}
            </tr>
            {sources.length > 1 && (
              <tr>
                {years.map((y) =>
                  sources.map((s) => (
                    <th key={`${y}-${s}`} scope="col" className="align-right small" title={labels[s]}>
                      {shortSource(s, t)}
                    </th>
                  )),
                )}
              </tr>
            )}
          </thead>
          <tbody>
            {activities.map((a) => (
              <tr key={a.key}>
                <th scope="row" className="sticky-col budget-activity" style={{ fontWeight: 'normal', textAlign: 'left' }}>
                  {a.no && <strong>{a.no}. </strong>}
                  {a.name}
                </th>
                <td className="align-right budget-all budget-row-total">
                  <strong>{formatMoney(rowTotal(a.key), lang)}</strong>
                </td>
                {years.map((y) =>
                  sources.map((s) => (
                    <td key={`${y}-${s}`} className="align-right">
                      {cell(a.key, y, s) === undefined ? '' : formatMoney(cell(a.key, y, s), lang)}
                    </td>
                  )),
                )}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" className="sticky-col" style={{ textAlign: 'left' }}>
                {t('Tổng cộng', 'Total')}
              </th>
              <td className={`align-right budget-all budget-total ${mismatch ? 'mismatch' : ''}`}>{formatMoney(total, lang)}</td>
              {years.map((y) =>
                sources.map((s) => (
                  <td key={`${y}-${s}`} className="align-right">
                    {formatMoney(colTotal(y, s), lang)}
                  </td>
                )),
              )}
            </tr>
            {stated !== null && stated !== undefined && (
              <tr>
                <th scope="row" className="sticky-col" style={{ textAlign: 'left' }}>
                  {t('Tổng ghi trong văn bản', 'Total stated in the document')}
                </th>
                <td className={`align-right budget-all ${mismatch ? 'mismatch' : ''}`}>{formatMoney(stated, lang)}</td>
                <td colSpan={years.length * sources.length} />
              </tr>
            )}
          </tfoot>
        </table>
      </div>
      <BudgetChart years={years} sources={sources} labels={labels} colTotal={colTotal} />
      {sources.length > 1 && (
        <p className="small">
          {sources.map((s, i) => (
            <Fragment key={s}>
              {i > 0 && ' · '}
              {labels[s]}: <strong>{formatMoney(sourceTotal(s), lang)}</strong> ({formatNumber(total ? (sourceTotal(s) / total) * 100 : 0, 1, lang)}%)
            </Fragment>
          ))}
        </p>
      )}
    </>
  );
}

/** Budget by year and source, drawn on request (ECharts is a separate download: slow links pay only when asked). */
function BudgetChart({ years, sources, labels, colTotal }: { years: number[]; sources: string[]; labels: Record<string, string>; colTotal: (y: number, s: string) => number }) {
  const t = useT();
  const lang = useLang();
  const [show, setShow] = useState(false);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatMoney(v, lang) },
      legend: { top: 0 },
      grid: { left: 60, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: years.map(String) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatMoney(v, lang) } },
      series: sources.map((s) => ({ type: 'bar', stack: 'total', name: labels[s], data: years.map((y) => colTotal(y, s)) })),
    }),
    [years, sources, labels, colTotal, lang],
  );
  if (years.length < 2) return null;
  return show ? (
    <Chart option={option} height={280} label={t('Biểu đồ kinh phí theo năm và nguồn (triệu đồng)', 'Budget by year and source (million VND)')} />
  ) : (
    <button type="button" className="btn btn-small" onClick={() => setShow(true)}>
      {t('Xem biểu đồ kinh phí theo năm', 'Show the budget by year as a chart')}
    </button>
  );
}

function shortSource(source: string, t: (vi: string, en: string) => string): string {
  switch (source) {
    case 'local':
      return t('NSĐP', 'Local');
    case 'central':
      return t('NSTW', 'Central');
    case 'mobilised':
      return t('Huy động', 'Mobilised');
    default:
      return t('Khác', 'Other');
  }
}
