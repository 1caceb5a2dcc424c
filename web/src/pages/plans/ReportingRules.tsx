import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { formatDue } from '../../../../src/domain/format.ts';
import { dueRuleText, type ReportingPeriodType } from '../../../../src/domain/reporting/periods.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import type { PlanDocument } from './types.ts';

type Rule = PlanDocument['reporting'][number];
type Period = 'yearly' | 'sixmonthly' | 'quarterly' | 'monthly';
type DueKind = 'fixed' | 'last_month' | 'next_month';
/** one rule as the form holds it (text fields as typed) */
interface Draft { reporterKind: Rule['reporterKind']; reporter: string; recipient: string; recipientUnitId: number | null; via: string; period: Period; dueKind: DueKind; day: string; month: string; indicators: string; recurrence: Rule['recurrence']; dueYear: number | null }

const TYPE_OF: Record<Period, ReportingPeriodType> = { yearly: 'Yearly', sixmonthly: 'SixMonthly', quarterly: 'Quarterly', monthly: 'Monthly' };
const PERIOD_WORDS: Record<Period, [string, string]> = { yearly: ['Hằng năm', 'Yearly'], sixmonthly: ['6 tháng', 'Six-monthly'], quarterly: ['Hằng quý', 'Quarterly'], monthly: ['Hằng tháng', 'Monthly'] };
const REPORTERS: Record<Rule['reporterKind'], [string, string]> = { agencies: ['Các cơ quan được phân công', 'The agencies assigned'], agency: ['Một cơ quan', 'One agency'], lower_units: ['Các đơn vị cấp dưới', 'The lower units'], unit: ['Đơn vị ban hành', 'The issuing unit'] };

/** The deadline of a rule in words: "trước 20/11 hằng năm", "trước ngày 15/6", "trước ngày 15 của tháng cuối kỳ". */
export function ruleDueText(r: Pick<Rule, 'due' | 'recurrence' | 'period' | 'dueInPeriod'>, lang: 'vi' | 'en'): string {
  if (!r.due) return lang === 'en' ? 'periodic (no date)' : 'định kỳ (không nêu ngày)';
  if (r.period === 'yearly' || !r.period) return `${lang === 'en' ? 'before' : 'trước'} ${formatDue(r.due, r.recurrence, lang)}`;
  const words = dueRuleText({ periodType: TYPE_OF[r.period as Period], dueDay: r.due.day, dueMonth: r.due.month, dueMonthOffset: r.dueInPeriod === null || r.dueInPeriod === undefined ? null : r.dueInPeriod === 'last_month' ? 0 : 1 });
  return lang === 'en' ? words.en : words.vi;
}

const toDraft = (r: Rule): Draft => ({
  reporterKind: r.reporterKind, reporter: r.reporter, recipient: r.recipient, recipientUnitId: r.recipientUnitId ?? null, via: r.via ?? '',
  period: (r.period ?? 'yearly') as Period, dueKind: (r.dueInPeriod ?? 'fixed') as DueKind, day: r.due ? String(r.due.day) : '', month: r.due ? String(r.due.month) : '',
  indicators: (r.indicators ?? []).join(', '), recurrence: r.recurrence, dueYear: r.due?.year ?? null,
});
function toInput(d: Draft) {
  const day = Number(d.day);
  const month = d.dueKind === 'fixed' ? Number(d.month) : Number(d.month) || 1;
  const codes = d.indicators.split(/[,;\s]+/).map((x) => x.trim()).filter(Boolean);
  return {
    reporterKind: d.reporterKind, reporter: d.reporter.trim(), recipient: d.recipient.trim(), recipientUnitId: d.recipientUnitId, via: d.via.trim() || null,
    due: d.day.trim() ? { day, month, year: d.dueYear } : null, recurrence: d.recurrence, period: d.period,
    dueInPeriod: d.period === 'yearly' || d.dueKind === 'fixed' ? null : d.dueKind, indicators: codes.length ? codes : null,
  };
}

/**
 * The plan's reporting rules (issue #16): who reports to whom, how often (yearly, six-monthly, quarterly, monthly),
 * the deadline in words, the indicators a rule is limited to; a planner of the issuing unit edits them in place
 * (PUT /api/plans/:id/reporting-rules — the rest of the plan and its reports are untouched).
 */
export function ReportingRules({ plan, canWrite, onChanged }: { plan: PlanDocument; canWrite: boolean; onChanged: () => void }) {
  const t = useT();
  const lang = useLang();
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (i: number, patch: Partial<Draft>) => setDrafts((ds) => ds!.map((d, k) => (k === i ? { ...d, ...patch } : d)));
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.put(`/api/plans/${plan.id}/reporting-rules`, { version: plan.version, rules: drafts!.map(toInput) });
      setDrafts(null);
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (drafts === null)
    return (
      <>
        <DataTable
          rows={plan.reporting}
          rowKey={(r) => r.id}
          empty={t('Kế hoạch không quy định chế độ báo cáo.', 'The plan sets no reporting rule.')}
          columns={[
            { key: 'reporter', header: t('Đơn vị báo cáo', 'Reporter'), render: (r) => r.reporter },
            { key: 'recipient', header: t('Gửi đến', 'To'), render: (r) => <>{r.recipient}{r.via && <div className="small muted">{t(`qua ${r.via}`, `via ${r.via}`)}</div>}</> },
            { key: 'period', header: t('Kỳ báo cáo', 'Period'), className: 'nowrap', render: (r) => <span className="rule-period">{t(...PERIOD_WORDS[(r.period ?? 'yearly') as Period])}</span> },
            { key: 'due', header: t('Hạn gửi', 'Due'), render: (r) => <span className="rule-due">{ruleDueText(r, lang)}</span> },
            { key: 'indicators', header: t('Chỉ tiêu', 'Indicators'), render: (r) => (r.indicators?.length ? r.indicators.map((n) => <a key={n} className="tag" href={`#chi-tieu-${n}`}>{n}</a>) : <span className="muted">{t('Tất cả', 'All')}</span>) },
          ]}
        />
        {canWrite && plan.status !== 'superseded' && <p><button type="button" className="btn" onClick={() => setDrafts(plan.reporting.map(toDraft))}>{t('Sửa chế độ báo cáo', 'Edit the reporting rules')}</button></p>}
      </>
    );

  return (
    <form className="panel rules-editor" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <p className="muted">{t('Các báo cáo đã tạo giữ nguyên hạn; lần tạo nghĩa vụ báo cáo tiếp theo theo quy định mới. Chỉ tiêu: số hiệu trong kế hoạch, cách nhau bởi dấu phẩy; để trống = mọi chỉ tiêu.', 'Reports already generated keep their deadlines; the next generation follows the new rules. Indicators: their numbers in the plan, comma-separated; empty = every indicator.')}</p>
      {drafts.map((d, i) => (
        <fieldset key={i} className="rule-row" aria-label={t(`Quy định ${i + 1}`, `Rule ${i + 1}`)}>
          <legend>{t(`Quy định ${i + 1}`, `Rule ${i + 1}`)}</legend>
          <div className="toolbar">
            <div className="field"><label htmlFor={`rule-${i}-kind`}>{t('Ai báo cáo', 'Who reports')}</label>
              <select id={`rule-${i}-kind`} value={d.reporterKind} onChange={(e) => set(i, { reporterKind: e.target.value as Draft['reporterKind'] })}>{Object.entries(REPORTERS).map(([k, v]) => <option key={k} value={k}>{t(...v)}</option>)}</select></div>
            <div className="field"><label htmlFor={`rule-${i}-reporter`}>{t('Đơn vị báo cáo', 'Reporter')}</label><input id={`rule-${i}-reporter`} value={d.reporter} onChange={(e) => set(i, { reporter: e.target.value })} /></div>
            <div className="field"><label htmlFor={`rule-${i}-recipient`}>{t('Gửi đến', 'To')}</label><input id={`rule-${i}-recipient`} value={d.recipient} onChange={(e) => set(i, { recipient: e.target.value })} /></div>
            <div className="field"><label htmlFor={`rule-${i}-period`}>{t('Kỳ báo cáo', 'Period')}</label>
              <select id={`rule-${i}-period`} value={d.period} onChange={(e) => set(i, { period: e.target.value as Period, dueKind: e.target.value === 'yearly' ? 'fixed' : d.dueKind })}>{(Object.keys(PERIOD_WORDS) as Period[]).map((p) => <option key={p} value={p}>{t(...PERIOD_WORDS[p])}</option>)}</select></div>
            <div className="field"><label htmlFor={`rule-${i}-duekind`}>{t('Hạn gửi', 'Deadline')}</label>
              <select id={`rule-${i}-duekind`} value={d.dueKind} disabled={d.period === 'yearly'} onChange={(e) => set(i, { dueKind: e.target.value as DueKind })}>
                <option value="fixed">{t('ngày cố định (ngày/tháng)', 'a fixed date (day/month)')}</option>
                <option value="last_month">{t('ngày … của tháng cuối kỳ', 'day … of the period’s last month')}</option>
                <option value="next_month">{t('ngày … của tháng sau kỳ', 'day … of the month after')}</option>
              </select></div>
            <div className="field"><label htmlFor={`rule-${i}-day`}>{t('Ngày', 'Day')}</label><input id={`rule-${i}-day`} inputMode="numeric" size={3} value={d.day} onChange={(e) => set(i, { day: e.target.value })} /></div>
            {d.dueKind === 'fixed' && <div className="field"><label htmlFor={`rule-${i}-month`}>{t('Tháng', 'Month')}</label><input id={`rule-${i}-month`} inputMode="numeric" size={3} value={d.month} onChange={(e) => set(i, { month: e.target.value })} /></div>}
            <div className="field"><label htmlFor={`rule-${i}-indicators`}>{t('Chỉ tiêu', 'Indicators')}</label><input id={`rule-${i}-indicators`} value={d.indicators} placeholder={t('tất cả', 'all')} onChange={(e) => set(i, { indicators: e.target.value })} /></div>
            <div className="field"><button type="button" className="btn btn-small" onClick={() => setDrafts(drafts.filter((_, k) => k !== i))}>{t('Bỏ quy định này', 'Remove this rule')}</button></div>
          </div>
          <p className="muted small">{d.day ? ruleDueText({ due: { day: Number(d.day) || 1, month: Number(d.month) || 1, year: d.dueYear }, recurrence: d.recurrence, period: d.period, dueInPeriod: d.period === 'yearly' || d.dueKind === 'fixed' ? null : d.dueKind }, lang) : t('chưa có hạn gửi', 'no deadline yet')}</p>
        </fieldset>
      ))}
      <p>
        <button type="button" className="btn" onClick={() => setDrafts([...drafts, { reporterKind: 'lower_units', reporter: t('Các đơn vị cấp dưới', 'The lower units'), recipient: plan.issuerName ?? '', recipientUnitId: plan.issuerUnitId ?? null, via: '', period: 'sixmonthly', dueKind: 'fixed', day: '15', month: '6', indicators: '', recurrence: 'yearly', dueYear: null }])}>{t('Thêm quy định', 'Add a rule')}</button>{' '}
        <button type="submit" className="btn btn-primary" disabled={busy}>{t('Lưu chế độ báo cáo', 'Save the reporting rules')}</button>{' '}
        <button type="button" className="btn" onClick={() => { setDrafts(null); setError(null); }}>{t('Hủy', 'Cancel')}</button>
      </p>
      <ErrorMessage error={error} />
    </form>
  );
}
