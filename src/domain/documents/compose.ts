/**
 * Composes the plan and the reports into the layout-free OfficialDocument model.
 * Section numbering, indicator wording and tables follow the seed plans.
 */
import { activityTotal, amountOf, grandTotal, sourceTotal, yearTotal } from './budget.ts';
import { formatDate, formatNumberVi, formatRateVi } from '../format.ts';
import { letter, placeDateLine, REPORT_KIND_TITLE, roman, statusVi, targetCell, targetsInWords } from './wording.ts';
import { paragraphs, type Appendix, type Block, type OfficialDocument, type TableBlock, type TableCell } from './official.ts';
import type { BudgetTable, DocPlanIndicator, PlanDocumentData, ReportDocumentData } from './types.ts';
import { executionRate } from '../budget/execution.ts';
import { completionSentence } from '../reporting/task-progress.ts';

const h1 = (n: number, text: string): Block => ({ kind: 'heading', level: 1, text: `${roman(n)}. ${text.toUpperCase()}` });
const h2 = (text: string): Block => ({ kind: 'heading', level: 2, text });
const p = (text: string, extra: Partial<Extract<Block, { kind: 'paragraph' }>> = {}): Block => ({ kind: 'paragraph', text, indent: true, align: 'justify', ...extra });

/** The symbol after the number: "107/KH-UBND" → "KH-UBND". */
export function symbolOf(number: string | null, fallback: string): string {
  if (!number) return fallback;
  const i = number.indexOf('/');
  return i >= 0 ? number.slice(i + 1) : fallback;
}

/** "Chỉ tiêu 1: Tỷ lệ … đạt 75% vào năm 2025 và 85% vào năm 2030." */
export function indicatorSentence(ind: DocPlanIndicator): string {
  const label = ind.number ? `Chỉ tiêu ${ind.number}: ` : '';
  if (ind.targets.length === 0) return `${label}${ind.text ?? ind.name}${/[.;:]$/.test(ind.text ?? ind.name) ? '' : '.'}`;
  const clauses: string[] = [];
  const measures = ind.measures.length ? ind.measures : [{ code: ind.targets[0].measure, name: ind.name, unit: ind.targets[0].unit, direction: 'increase' as const }];
  for (const m of measures) {
    const ts = ind.targets.filter((t) => t.measure === m.code);
    if (!ts.length) continue;
    const name = measures.length === 1 ? ind.name : m.name;
    let words = targetsInWords(ts, m.direction);
    const verb = words.split(' ')[0];
    if (name.toLocaleLowerCase('vi').startsWith(verb + ' ')) words = words.slice(verb.length + 1);
    const clause = `${name} ${words}`;
    clauses.push(clauses.length ? clause.charAt(0).toLocaleLowerCase('vi') + clause.slice(1) : clause);
  }
  const s = clauses.join('; ');
  return `${label}${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}

export function budgetTableBlock(b: BudgetTable): TableBlock {
  const header: TableCell[][] = [
    [
      { text: 'STT', rowSpan: 2, bold: true, align: 'center' },
      { text: 'Nội dung hoạt động', rowSpan: 2, bold: true, align: 'center' },
      ...b.years.map((y) => ({ text: String(y), colSpan: b.sources.length, bold: true, align: 'center' as const })),
      { text: 'Tổng cộng', colSpan: b.sources.length, bold: true, align: 'center' },
    ],
    [...b.years, 'total'].flatMap(() => b.sources.map((s) => ({ text: s.label, bold: true, align: 'center' as const }))),
  ];
  const cell = (n: number): TableCell => ({ text: n ? formatNumberVi(n) : '', align: 'right' });
  const rows: TableCell[][] = b.activities.map((a, i) => [
    { text: a.no ?? String(i + 1), align: 'center' },
    { text: a.name, align: 'left' },
    ...b.years.flatMap((y) => b.sources.map((s) => cell(amountOf(b, i, y, s.key)))),
    ...b.sources.map((s) => ({ text: formatNumberVi(activityTotal(b, i, s.key)), align: 'right' as const })),
  ]);
  rows.push([
    { text: '', align: 'center' },
    { text: 'Tổng cộng', bold: true, align: 'center' },
    ...b.years.flatMap((y) => b.sources.map((s) => ({ ...cell(yearTotal(b, y, s.key)), bold: true }))),
    ...b.sources.map((s) => ({ text: formatNumberVi(sourceTotal(b, s.key)), align: 'right' as const, bold: true })),
  ]);
  const dataCols = (b.years.length + 1) * b.sources.length;
  return { kind: 'table', widths: [2.2, 17, ...Array.from({ length: dataCols - b.sources.length }, () => 3.6), ...b.sources.map(() => 4.6)], header, rows, fontSize: 6.5 };
}

/** The kind of a document from its number's symbol: "23/QĐ-TTg" → "Quyết định", "107/KH-UBND" → "Kế hoạch". */
export function documentKind(number: string | null | undefined): string | null {
  if (!number) return null;
  return /QĐ/.test(number) ? 'Quyết định' : /KH/.test(number) ? 'Kế hoạch' : /CT/.test(number) ? 'Chỉ thị' : /NQ/.test(number) ? 'Nghị quyết' : /CTr/.test(number) ? 'Chương trình' : null;
}
const KIND_WORDS = ['kế hoạch', 'quyết định', 'chỉ thị', 'nghị quyết', 'chương trình', 'đề án', 'văn bản'];
/** A title without a leading kind word that repeats the kind ("Kế hoạch hành động…" after "Kế hoạch số …"); "" when the title is only the kind. */
export function titleAfterKind(kind: string, title: string | null | undefined): string {
  const t = (title ?? '').trim();
  const lower = t.toLocaleLowerCase('vi');
  const k = kind.toLocaleLowerCase('vi');
  if (lower === k || KIND_WORDS.includes(lower)) return '';
  if (lower.startsWith(`${k} `)) return t.slice(k.length + 1).trim();
  return t;
}
/**
 * "Quyết định số 23/QĐ-TTg ngày 07/01/2021 của Thủ tướng Chính phủ về Chương trình …", never
 * "Kế hoạch Kế hoạch …" nor "… về Quyết định.": the kind comes from the number, the title loses a
 * leading repeat of it, and an empty title adds nothing.
 */
export function documentReference(d: { number: string | null; date?: string | null; issuer?: string | null; title?: string | null }, fallbackKind = 'văn bản', about = true): string {
  const kind = documentKind(d.number) ?? fallbackKind;
  const title = titleAfterKind(kind, d.title);
  const joiner = !title ? '' : about && !/^(về|phê duyệt|ban hành|quy định|triển khai|thực hiện)(\s|$)/i.test(title) ? ' về ' : ' ';
  const head = kind.charAt(0).toLocaleUpperCase('vi') + kind.slice(1);
  return `${head}${d.number ? ` số ${d.number}` : ''}${d.date ? ` ngày ${formatDate(d.date)}` : ''}${d.issuer ? ` của ${d.issuer}` : ''}${joiner}${title}`;
}

function implementsSentence(plan: PlanDocumentData): string | null {
  if (!plan.implements.length) return null;
  const refs = plan.implements.map((d) => documentReference(d));
  return `Thực hiện ${refs.join('; ')}.`;
}

function issuerFull(plan: { issuer: { parent?: string | null; name: string } }): string {
  const parent = plan.issuer.parent ? titleCase(plan.issuer.parent) : '';
  return `${parent} ${titleCase(plan.issuer.name)}`.trim();
}

/** "ỦY BAN NHÂN DÂN" → "Ủy ban nhân dân"; "TỈNH KIÊN GIANG" → "tỉnh Kiên Giang" (place names keep capitals). */
export function titleCase(upper: string): string {
  const lower = upper.toLocaleLowerCase('vi').trim();
  if (/^(ủy ban nhân dân|hội đồng nhân dân|sở |phòng |bộ |ban )/.test(lower)) return cap(lower);
  const kinds = new Set(['tỉnh', 'huyện', 'xã', 'phường', 'thị', 'trấn', 'thành', 'phố', 'quận', 'đặc', 'khu']);
  return lower.split(/\s+/).map((w) => (kinds.has(w) ? w : cap(w))).join(' ');
}
const cap = (w: string): string => w.charAt(0).toLocaleUpperCase('vi') + w.slice(1);

export function planDocument(plan: PlanDocumentData): OfficialDocument {
  const body: Block[] = [];
  const intro = implementsSentence(plan);
  const period = plan.periodFrom && plan.periodTo ? ` giai đoạn ${plan.periodFrom}-${plan.periodTo}` : '';
  body.push(p(`${intro ? intro + ' ' : ''}${issuerFull(plan)} ban hành Kế hoạch ${lowerFirst(plan.title)} như sau:`));
  let n = 0;
  if (plan.context.length) {
    body.push(h1(++n, 'Tình hình thực hiện và sự cần thiết'));
    for (const t of plan.context) body.push(p(t));
  }
  const hasObjectives = plan.objectives.some((o) => o.indicators.length > 0);
  if (plan.generalObjective || hasObjectives) body.push(h1(++n, 'Mục tiêu'));
  if (plan.generalObjective) {
    body.push(h2('1. Mục tiêu chung:'));
    body.push(p(plan.generalObjective));
  }
  if (hasObjectives) {
    body.push(h2(`${plan.generalObjective ? '2' : '1'}. Mục tiêu cụ thể:`));
    plan.objectives.filter((o) => o.indicators.length > 0).forEach((o, i) => {
      body.push({ kind: 'paragraph', text: `${letter(i)}) Mục tiêu ${o.key}: ${o.title}`, italic: true, bold: true, indent: true, align: 'justify' });
      for (const ind of o.indicators) body.push(p(`- ${indicatorSentence(ind)}`));
    });
  }
  if (plan.tasks.length) {
    body.push(h1(++n, 'Nhiệm vụ và giải pháp'));
    plan.tasks.forEach((t, i) => {
      body.push(h2(`${i + 1}. ${t.title}${t.description ? ':' : ''}`));
      if (t.description) for (const para of paragraphs(t.description)) body.push(p(para));
    });
  }
  if (plan.budget || plan.fundingText.length) {
    body.push(h1(++n, 'Kinh phí thực hiện'));
    for (const t of plan.fundingText) body.push(p(t));
    if (plan.budget) {
      const total = grandTotal(plan.budget);
      body.push(p(`Dự kiến kinh phí thực hiện Kế hoạch${period} là ${formatNumberVi(total)} triệu đồng (theo Phụ lục đính kèm).`));
    }
  }
  if (plan.assignments.length) {
    body.push(h1(++n, 'Tổ chức thực hiện'));
    plan.assignments.forEach((a, i) => {
      body.push(h2(`${i + 1}. ${a.agency}:`));
      if (a.indicators.length) body.push(p(`- Chủ trì triển khai thực hiện ${a.indicators.length > 1 ? 'các chỉ tiêu' : 'chỉ tiêu'} ${a.indicators.join(', ')} của Kế hoạch.`));
      for (const d of a.duties) body.push(p(d.startsWith('-') ? d : `- ${d}`));
    });
  }
  if (plan.reportingRules.length || plan.reviews.length) {
    body.push(h1(++n, 'Chế độ báo cáo'));
    for (const r of plan.reportingRules) {
      const due = `${String(r.dueDay).padStart(2, '0')}/${String(r.dueMonth).padStart(2, '0')}${r.recurrence === 'once' && r.dueYear ? `/${r.dueYear}` : ''}`;
      body.push(p(`- ${r.reporter} báo cáo kết quả thực hiện Kế hoạch về ${r.recipient} trước ngày ${due}${r.recurrence === 'yearly' ? ' hằng năm' : ''}.`));
    }
    const mid = plan.reviews.find((r) => r.kind === 'midterm');
    const fin = plan.reviews.find((r) => r.kind === 'final');
    if (mid || fin) body.push(p(`- ${[mid ? `Sơ kết vào năm ${mid.year}` : null, fin ? `tổng kết vào năm ${fin.year}` : null].filter(Boolean).join(' và ')} việc thực hiện Kế hoạch.`));
  }
  const appendices: Appendix[] = [];
  if (plan.budget) {
    appendices.push({
      label: 'Phụ lục 01',
      title: `BẢNG DỰ TOÁN KINH PHÍ THỰC HIỆN ${plan.docType} ${plan.title}`.toUpperCase(),
      subtitle: `(Ban hành kèm theo ${cap(plan.docType.toLocaleLowerCase('vi'))} số ${plan.number ?? '      '}${plan.date ? ` ${dateWordsShort(plan.date)}` : ''} của ${issuerShort(plan)})`,
      unitNote: 'Đvt: triệu đồng',
      landscape: true,
      blocks: [budgetTableBlock(plan.budget)],
    });
  }
  return {
    issuer: plan.issuer,
    number: plan.number,
    symbol: symbolOf(plan.number, 'KH-UBND'),
    placeDate: placeDateLine(plan.place, plan.date),
    docType: plan.docType,
    title: plan.title,
    body,
    recipients: plan.recipients,
    signer: plan.signer,
    appendices,
    meta: { title: `${plan.docType} ${plan.number ?? ''} ${plan.title}`.trim() },
  };
}

function dateWordsShort(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `ngày ${d < 10 ? '0' + d : d} tháng ${m < 3 ? '0' + m : m} năm ${y}`;
}
function issuerShort(plan: { issuer: { parent?: string | null; name: string } }): string {
  const parent = plan.issuer.parent === 'ỦY BAN NHÂN DÂN' ? 'UBND' : plan.issuer.parent ? titleCase(plan.issuer.parent) : '';
  return `${parent} ${titleCase(plan.issuer.name)}`.trim();
}
const lowerFirst = (s: string): string => s;

export function indicatorTableBlock(report: ReportDocumentData): TableBlock {
  const header: TableCell[][] = [[
    { text: 'Số', bold: true, align: 'center' },
    { text: 'Chỉ tiêu', bold: true, align: 'center' },
    { text: 'Giá trị cơ sở', bold: true, align: 'center' },
    { text: 'Mục tiêu 2025', bold: true, align: 'center' },
    { text: 'Mục tiêu 2030', bold: true, align: 'center' },
    { text: `Kết quả ${report.year}`, bold: true, align: 'center' },
    { text: 'Đánh giá', bold: true, align: 'center' },
  ]];
  const rows = report.indicators.map((r): TableCell[] => [
    { text: r.number, align: 'center' },
    { text: r.name },
    { text: r.baseline === null ? '' : `${formatRateVi(r.baseline, r.unit)}${r.baselineYear ? ` (${r.baselineYear})` : ''}`, align: 'center' },
    { text: targetCell(r.target2025), align: 'center' },
    { text: targetCell(r.target2030), align: 'center' },
    { text: r.result === null ? '—' : formatRateVi(r.result, r.unit), align: 'center' },
    { text: statusVi(r.status), align: 'center' },
  ]);
  return { kind: 'table', widths: [5, 34, 11, 11, 11, 11, 14], header, rows, fontSize: 11 };
}

/** A share 0–1 in running text: "66,7%", "100%" (one decimal at most; "—" without one). */
const pct = (x: number | null): string => (x === null ? '—' : formatRateVi(x * 100, 'percent', 1));

/** "97%", "96,9%" (spent ÷ planned, one decimal); "—" without a plan or a figure. */
const ratePct = (spent: number | null, planned: number): string => formatRateVi(executionRate(spent, planned), 'percent', 1);

/** Section "Kinh phí thực hiện" of a report: planned vs spent, the rate, by source and by activity. */
export function budgetSection(b: ReportDocumentData['budget']): Block[] {
  const out: Block[] = [];
  const spentText = b.spent === null ? 'chưa có số liệu' : `${formatNumberVi(b.spent)} triệu đồng`;
  const rate = executionRate(b.spent, b.planned);
  const period = b.from !== undefined && b.to !== undefined && b.from !== b.to ? ` giai đoạn ${b.from}-${b.to}` : '';
  out.push(p(`Kinh phí dự toán${period}: ${formatNumberVi(b.planned)} triệu đồng; đã thực hiện: ${spentText}${rate !== null ? ` (đạt ${formatRateVi(rate, 'percent', 1)})` : ''}.`));
  const reported = b.rows.filter((x) => x.spent !== null).length;
  if (b.spent !== null && reported < b.rows.length) out.push(p(`Số liệu thực hiện mới có ở ${reported}/${b.rows.length} hoạt động; các hoạt động còn lại chưa báo cáo kinh phí (không tính là 0).`));
  const sources = (b.bySource ?? []).filter((s) => s.planned > 0 || s.spent !== null);
  if (b.spent !== null && sources.length > 1)
    out.push(p(`Theo nguồn kinh phí: ${sources.map((s) => `${s.label.charAt(0).toLocaleLowerCase('vi')}${s.label.slice(1)} dự toán ${formatNumberVi(s.planned)}, thực hiện ${s.spent === null ? 'chưa có số liệu' : formatNumberVi(s.spent)}${executionRate(s.spent, s.planned) !== null ? ` (đạt ${ratePct(s.spent, s.planned)})` : ''}`).join('; ')} (triệu đồng).`));
  if (b.rows.length) {
    out.push({
      kind: 'table',
      widths: [6, 50, 14, 14, 16],
      header: [['STT', 'Nội dung hoạt động', 'Dự toán', 'Thực hiện', 'Tỷ lệ'].map((t) => ({ text: t, bold: true, align: 'center' as const }))],
      rows: [
        ...b.rows.map((x, i): TableCell[] => [
          { text: x.no ?? String(i + 1), align: 'center' },
          { text: x.activity },
          { text: formatNumberVi(x.planned), align: 'right' },
          { text: x.spent === null ? '—' : formatNumberVi(x.spent), align: 'right' },
          { text: ratePct(x.spent, x.planned), align: 'right' },
        ]),
        [
          { text: '' },
          { text: 'Tổng cộng', bold: true, align: 'center' },
          { text: formatNumberVi(b.planned), align: 'right', bold: true },
          { text: b.spent === null ? '—' : formatNumberVi(b.spent), align: 'right', bold: true },
          { text: ratePct(b.spent, b.planned), align: 'right', bold: true },
        ],
      ],
      fontSize: 12,
    });
  }
  return out;
}

export function reportTitle(r: Pick<ReportDocumentData, 'kind' | 'plan' | 'year'>): string {
  // "Kết quả thực hiện Kế hoạch <title>", but "Kết quả thực hiện Chương trình …" / "… Kế hoạch hành động …" when the title names its kind
  const startsWithKind = KIND_WORDS.some((k) => r.plan.title.toLocaleLowerCase('vi').startsWith(`${k} `));
  const base = startsWithKind ? `${REPORT_KIND_TITLE[r.kind].replace(/ Kế hoạch$/, '')} ${r.plan.title}` : `${REPORT_KIND_TITLE[r.kind]} ${r.plan.title}`;
  if (r.kind === 'yearly') return `${base} năm ${r.year}`;
  return base;
}

/**
 * The task results (issue #16): completion in words; reviews, completion year by year (a sentence per year and a
 * table); then the tasks grouped as the plan groups them and, within each group, a table per lead agency headed by
 * the agency's own count ("Sở Y tế: 1/2 nhiệm vụ hoàn thành, 1 đang thực hiện").
 */
export function taskSection(n: number, t: NonNullable<ReportDocumentData['tasks']>): Block[] {
  const out: Block[] = [h1(n, 'Kết quả thực hiện các nhiệm vụ'), p(`${t.summary}.`)];
  if (t.years?.length) {
    out.push(p('Kết quả thực hiện các nhiệm vụ qua các năm:'));
    for (const y of t.years) out.push(p(`- Năm ${y.year}: ${completionSentence({ completed: y.completed, in_progress: y.inProgress, not_started: y.notStarted, not_feasible: y.notFeasible, not_reported: y.notReported, tasks: y.tasks })}.`));
    out.push({
      kind: 'table', widths: [12, 18, 18, 18, 18, 16], fontSize: 12,
      header: [['Năm', 'Hoàn thành', 'Đang thực hiện', 'Chưa triển khai', 'Không thực hiện được', 'Chưa báo cáo'].map((x) => ({ text: x, bold: true, align: 'center' as const }))],
      rows: t.years.map((y) => [String(y.year), `${y.completed}/${y.tasks}`, String(y.inProgress), String(y.notStarted), String(y.notFeasible), String(y.notReported)].map((x) => ({ text: x, align: 'center' as const }))),
    });
  }
  const grouped = t.sections.filter((s) => s.rows.length);
  for (const [i, s] of grouped.entries()) {
    if (s.section || grouped.length > 1) out.push(p(`${i + 1}. ${s.section ?? 'Các nhiệm vụ khác'}`));
    // a table per lead agency, in the order the agencies first appear in the group
    const agencies = [...new Set(s.rows.map((r) => r.agency ?? ''))];
    for (const agency of agencies) {
      const rows = s.rows.filter((r) => (r.agency ?? '') === agency);
      const count = (label: string) => rows.filter((r) => r.status === label).length;
      const parts = [`${count('Hoàn thành')}/${rows.length} nhiệm vụ hoàn thành`];
      for (const [label, words] of [['Đang thực hiện', 'đang thực hiện'], ['Chưa triển khai', 'chưa triển khai'], ['Không thực hiện được', 'không thực hiện được'], ['Chưa báo cáo', 'chưa báo cáo']] as const)
        if (count(label)) parts.push(`${count(label)} ${words}`);
      out.push(p(`${agency || 'Chưa giao cơ quan chủ trì'}: ${parts.join(', ')}.`));
      out.push({
        kind: 'table', widths: [6, 38, 18, 38], fontSize: 11,
        header: [['STT', 'Nhiệm vụ', 'Tình trạng', 'Kết quả, khó khăn'].map((x) => ({ text: x, bold: true, align: 'center' as const }))],
        rows: rows.map((row, k) => [
          { text: String(k + 1), align: 'center' as const },
          { text: row.title },
          { text: row.percent !== null && row.status !== 'Hoàn thành' ? `${row.status} (${String(row.percent).replace('.', ',')}%)` : row.status, align: 'center' as const },
          { text: [row.results, row.difficulties ? `Khó khăn: ${row.difficulties}` : null].filter(Boolean).join(' ') },
        ]),
      });
    }
  }
  return out;
}

export function reportDocument(r: ReportDocumentData): OfficialDocument {
  const body: Block[] = [];
  const planRef = documentReference({ number: r.plan.number, date: r.plan.date ?? null, title: r.plan.title }, 'Kế hoạch', documentKind(r.plan.number) === 'Quyết định');
  const what = r.kind === 'yearly' ? `kết quả thực hiện năm ${r.year}` : r.kind === 'midterm' ? `kết quả sơ kết giữa kỳ (đến năm ${r.year})` : `kết quả tổng kết (đến năm ${r.year})`;
  body.push(p(`Thực hiện ${planRef}, ${r.unitName} báo cáo ${what} như sau:`));
  let n = 0;
  const achieved = r.indicators.filter((i) => i.status === 'achieved').length;
  const withData = r.indicators.filter((i) => i.result !== null).length;
  body.push(h1(++n, 'Kết quả thực hiện các chỉ tiêu'));
  body.push(p(`Có ${withData}/${r.indicators.length} chỉ tiêu có số liệu; ${achieved}/${r.indicators.length} chỉ tiêu đạt mục tiêu.`));
  body.push(indicatorTableBlock(r));
  if (r.tasks && r.tasks.sections.some((x) => x.rows.length)) body.push(...taskSection(++n, r.tasks));
  body.push(h1(++n, 'Tình hình báo cáo của cấp dưới'));
  body.push(p(`Tỷ lệ báo cáo đầy đủ: ${pct(r.completeness.completeness)}; tỷ lệ báo cáo đúng hạn: ${pct(r.completeness.timeliness)}.`));
  if (r.completeness.rows.length) {
    body.push({
      kind: 'table',
      widths: [6, 44, 16, 16, 18],
      header: [['STT', 'Đơn vị báo cáo', 'Phải nộp', 'Đã nộp', 'Đúng hạn'].map((t) => ({ text: t, bold: true, align: 'center' as const }))],
      rows: r.completeness.rows.map((c, i) => [
        { text: String(i + 1), align: 'center' },
        { text: c.reporter },
        { text: String(c.expected), align: 'center' },
        { text: String(c.received), align: 'center' },
        { text: String(c.onTime), align: 'center' },
      ]),
      fontSize: 12,
    });
  }
  body.push(h1(++n, 'Kinh phí thực hiện'));
  body.push(...budgetSection(r.budget));
  for (const section of r.narrative) {
    body.push(h1(++n, section.title));
    for (const para of paragraphs(section.text)) body.push(p(para));
  }
  body.push(p(`Trên đây là báo cáo ${what} ${planRef} của ${r.unitName}./.`));
  return {
    issuer: r.issuer,
    number: r.number,
    symbol: symbolOf(r.number, 'BC-UBND'),
    placeDate: placeDateLine(r.place, r.date),
    docType: 'BÁO CÁO',
    title: reportTitle(r),
    body,
    recipients: r.recipients,
    signer: r.signer,
    appendices: [],
    meta: { title: `Báo cáo ${reportTitle(r)}` },
  };
}
