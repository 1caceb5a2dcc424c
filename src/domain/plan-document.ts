/**
 * The plan document contract: what POST /api/plans and PUT /api/plans/:id accept
 * (PlanDocumentInput) and what GET /api/plans/:id returns (PlanDocument).
 * The importer produces a PlanDocumentInput draft; the CLI `export plan ID --json` prints a PlanDocument.
 *
 * Conventions:
 *  - every optional field has a default (null or []), so `PlanDocumentInputSchema.parse(x)` is the
 *    normalised form, and `toPlanInput(document)` of a stored plan deep-equals the parsed input it was built from;
 *  - agencies are referenced BY NAME (tasks, assignments, reporting) and belong to the issuing unit;
 *  - a target's `measure` is a measure code within its indicator ('3a' for indicator 3; for a local
 *    indicator, a code of its `definition.measures`);
 *  - assignments refer to indicators by their `number` in the plan ("Chỉ tiêu 9" → '9').
 * Pure module: zod schemas and types, no I/O.
 */
import { z } from 'zod';
import { CalendarDate, isCalendarDate } from './calendar-date.ts';
import { COMPARATORS, DIRECTIONS, DISAGGREGATIONS, MEASURE_UNITS, PLAN_LEVELS, PLAN_STATUSES, SECTORS } from './model.ts';

export const PLAN_KINDS = ['action_programme', 'child_protection', 'child_participation', 'child_friendly', 'other'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const FUNDING_SOURCES = ['local', 'central', 'mobilised', 'other'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
export const REPORTER_KINDS = ['agency', 'agencies', 'lower_units', 'unit'] as const;
export const RECURRENCES = ['yearly', 'once'] as const;
/** how often a rule asks for reports (issue #16); DHIS2 names Yearly, SixMonthly, Quarterly, Monthly */
export const REPORT_PERIODS = ['yearly', 'sixmonthly', 'quarterly', 'monthly'] as const;
export const REVIEW_KINDS = ['midterm', 'final'] as const;
export const ROLES = ['lead', 'partner'] as const;

/** a custom zod issue with a Vietnamese message (src/api/errors.ts reads params.vi) */
function issue(ctx: z.core.$RefinementCtx, path: (string | number)[], en: string, vi: string): void {
  ctx.addIssue({ code: 'custom', path, message: en, params: { vi } });
}

/** the one calendar-date rule (src/domain/calendar-date.ts) under its historical names */
export const isValidIsoDate = isCalendarDate;
export const IsoDate = CalendarDate;
const Year = z.number().int().min(1990).max(2100);
const Text = z.string().trim().min(1);
const nText = () => z.string().nullable().default(null);

export const RelativeTargetSchema = z.object({
  change: z.enum(['decrease', 'increase']),
  by: z.number().nonnegative(),
  byMax: z.number().nonnegative().nullable().default(null),
  byUnit: z.enum(['percent', 'points', 'count']).default('percent'),
  baselineYear: Year.nullable().default(null),
  perYear: z.boolean().default(false),
}).superRefine((r, ctx) => {
  if (r.byMax !== null && r.byMax < r.by) issue(ctx, ['byMax'], `byMax (${r.byMax}) is smaller than by (${r.by})`, `mức tối đa (${r.byMax}) nhỏ hơn mức tối thiểu (${r.by})`);
});

export const TargetInputSchema = z.object({
  measure: Text,
  year: Year,
  comparator: z.enum(COMPARATORS),
  value: z.number().nullable().default(null),
  valueMax: z.number().nullable().default(null),
  /** the unit the value is stated in; defaults to the measure's unit (per_10000 may be stated for a per_100000 measure) */
  unit: z.enum(MEASURE_UNITS).nullable().default(null),
  base: nText(),
  group: nText(),
  relative: RelativeTargetSchema.nullable().default(null),
  note: nText(),
}).superRefine((t, ctx) => {
  if (t.comparator === 'range') {
    if (t.value === null || t.valueMax === null) issue(ctx, ['valueMax'], 'a range needs value and valueMax', 'khoảng giá trị cần cả giá trị nhỏ nhất (value) và lớn nhất (valueMax)');
    else if (t.value > t.valueMax) issue(ctx, ['valueMax'], `range minimum ${t.value} is greater than its maximum ${t.valueMax}`, `khoảng giá trị có giá trị nhỏ nhất ${t.value} lớn hơn giá trị lớn nhất ${t.valueMax}`);
  } else if (t.valueMax !== null) {
    issue(ctx, ['valueMax'], 'valueMax is only for comparator "range"', 'valueMax chỉ dùng cho so sánh dạng khoảng (range)');
  }
  if (!['maintain', 'zero'].includes(t.comparator) && t.value === null && t.relative === null)
    issue(ctx, ['value'], `comparator "${t.comparator}" needs a value or a relative target`, `so sánh "${t.comparator}" cần một giá trị hoặc một chỉ tiêu tương đối`);
  if (t.comparator === 'zero' && t.value !== null && t.value !== 0) issue(ctx, ['value'], 'a "zero" target has no value other than 0', 'chỉ tiêu "bằng không" chỉ có giá trị 0');
});

export const BaselineInputSchema = z.object({
  measure: Text,
  group: nText(),
  year: Year,
  value: z.number(),
  note: nText(),
});

export const MeasureDefinitionInputSchema = z.object({
  code: Text,
  nameVi: Text,
  nameEn: nText(),
  unit: z.enum(MEASURE_UNITS),
  direction: z.enum(DIRECTIONS),
  base: nText(),
  numeratorVi: nText(),
  denominatorVi: nText(),
  disaggregations: z.array(z.enum(DISAGGREGATIONS)).default([]),
  groups: z.array(z.string()).default([]),
});

export const IndicatorDefinitionInputSchema = z.object({
  nameVi: Text,
  nameEn: nText(),
  measures: z.array(MeasureDefinitionInputSchema).min(1),
});

export const PlanIndicatorInputSchema = z.object({
  /** the number the plan gives it ("Chỉ tiêu 9" → '9'); null for un-numbered bullets */
  number: nText(),
  /** key of one of the plan's objectives */
  objective: nText(),
  /** the indicator's text as written in the plan */
  text: nText(),
  /** national catalogue code '1'…'24', or null for a local indicator (then `definition` is required) */
  catalogue: z.string().nullable().default(null),
  definition: IndicatorDefinitionInputSchema.nullable().default(null),
  targets: z.array(TargetInputSchema).default([]),
  baselines: z.array(BaselineInputSchema).default([]),
}).superRefine((i, ctx) => {
  if (i.catalogue === null && i.definition === null) issue(ctx, ['definition'], 'a local indicator (catalogue null) needs a definition', 'chỉ tiêu riêng của kế hoạch (không thuộc danh mục) cần có định nghĩa (definition)');
  if (i.catalogue !== null && i.definition !== null) issue(ctx, ['definition'], 'a catalogue indicator takes no definition', 'chỉ tiêu thuộc danh mục quốc gia không kèm định nghĩa riêng');
});

export const AgencyRefInputSchema = z.object({
  name: Text,
  sector: z.enum(SECTORS),
  shortName: nText(),
});

export const TaskInputSchema = z.object({
  section: nText(),
  title: Text,
  description: nText(),
  lead: z.array(Text).default([]),
  partners: z.array(Text).default([]),
});

export const AssignmentInputSchema = z.object({
  agency: Text,
  indicators: z.array(Text).min(1),
  role: z.enum(ROLES).default('lead'),
});

export const ReportingRuleInputSchema = z.object({
  reporterKind: z.enum(REPORTER_KINDS),
  /** agency name (reporterKind 'agency') or a description ("Các sở, ban, ngành cấp tỉnh") */
  reporter: Text,
  /** as written: "UBND tỉnh", "Phòng Lao động - Thương binh và Xã hội" */
  recipient: Text,
  recipientUnitId: z.number().int().positive().nullable().default(null),
  /** intermediary ("qua Sở Lao động - Thương binh và Xã hội") */
  via: nText(),
  /** null when the plan names no date ("định kỳ") */
  due: z.object({ day: z.number().int().min(1).max(31), month: z.number().int().min(1).max(12), year: Year.nullable().default(null) }).nullable().default(null),
  recurrence: z.enum(RECURRENCES).default('yearly'),
  /** how often (issue #16): the year's report, six-monthly ("sơ kết 6 tháng"), quarterly, monthly */
  period: z.enum(REPORT_PERIODS).default('yearly'),
  /** a sub-annual deadline relative to each period: `due.day` of the period's last month ("trước ngày 15 của tháng
   *  cuối kỳ") or of the month after; null = the fixed date `due` ("trước ngày 15/6": the period ending by June) */
  dueInPeriod: z.enum(['last_month', 'next_month']).nullable().default(null),
  /** the indicators (codes as the plan numbers them) a rule is limited to; null = all */
  indicators: z.array(Text).max(200).nullable().default(null),
}).superRefine((r, ctx) => {
  if (r.recurrence === 'once' && (r.due === null || r.due.year === null)) issue(ctx, ['due', 'year'], 'a one-off report needs a due year', 'báo cáo một lần cần có năm hạn nộp');
  if (r.dueInPeriod !== null && r.period === 'yearly') issue(ctx, ['dueInPeriod'], 'a deadline within the period needs a six-monthly, quarterly or monthly rule', 'hạn nộp theo kỳ chỉ dùng cho báo cáo 6 tháng, quý hoặc tháng');
  if (r.dueInPeriod !== null && r.due === null) issue(ctx, ['due'], 'a deadline within the period needs its day', 'hạn nộp theo kỳ cần có ngày');
  if (r.due) {
    const max = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][r.due.month - 1];
    if (r.due.day > max) issue(ctx, ['due', 'day'], `month ${r.due.month} has no day ${r.due.day}`, `tháng ${r.due.month} không có ngày ${r.due.day}`);
  }
});

export const ReviewInputSchema = z.object({ kind: z.enum(REVIEW_KINDS), year: Year });

export const BudgetLineInputSchema = z.object({
  activityNo: nText(),
  activity: Text,
  year: Year,
  source: z.enum(FUNDING_SOURCES),
  /** the column heading as written ("huy động, xã hội hóa") */
  sourceLabel: nText(),
  /** million VND */
  amount: z.number().nonnegative(),
});

export const BudgetInputSchema = z.object({
  currencyUnit: z.literal('million_vnd').default('million_vnd'),
  /** total stated in the document (million VND), kept to compare with the sum of lines */
  statedTotal: z.number().nonnegative().nullable().default(null),
  lines: z.array(BudgetLineInputSchema).default([]),
});

export const ImplementsInputSchema = z.object({
  number: Text,
  date: IsoDate.nullable().default(null),
  issuer: nText(),
  title: nText(),
});

export const PlanDocumentInputSchema = z.object({
  number: z.string().trim().min(1).nullable().default(null),
  title: Text,
  kind: z.enum(PLAN_KINDS).default('action_programme'),
  level: z.enum(PLAN_LEVELS).nullable().default(null),
  issuerUnitId: z.number().int().positive().nullable().default(null),
  issuerName: nText(),
  issueDate: IsoDate.nullable().default(null),
  /** partial date as written: '2023-05' or '2014' */
  issueDateText: z.string().refine((s) => /^\d{4}(-\d{2}(-\d{2})?)?$/.test(s), { message: 'must be YYYY, YYYY-MM or YYYY-MM-DD', params: { vi: 'phải có dạng YYYY, YYYY-MM hoặc YYYY-MM-DD' } }).nullable().default(null),
  place: nText(),
  periodFrom: Year.nullable().default(null),
  periodTo: Year.nullable().default(null),
  parentPlanId: z.number().int().positive().nullable().default(null),
  signer: nText(),
  signerTitle: nText(),
  /** only on create; status changes go through POST /api/plans/:id/status */
  status: z.enum(PLAN_STATUSES).optional(),
  implements: z.array(ImplementsInputSchema).default([]),
  objectives: z.array(z.object({ key: Text, title: Text })).default([]),
  indicators: z.array(PlanIndicatorInputSchema).default([]),
  agencies: z.array(AgencyRefInputSchema).default([]),
  tasks: z.array(TaskInputSchema).default([]),
  assignments: z.array(AssignmentInputSchema).default([]),
  reporting: z.array(ReportingRuleInputSchema).default([]),
  reviews: z.array(ReviewInputSchema).default([]),
  budget: BudgetInputSchema.nullable().default(null),
}).superRefine((p, ctx) => {
  if (p.periodFrom !== null && p.periodTo !== null && p.periodFrom > p.periodTo)
    issue(ctx, ['periodTo'], `period ends (${p.periodTo}) before it starts (${p.periodFrom})`, `giai đoạn kết thúc (${p.periodTo}) trước khi bắt đầu (${p.periodFrom})`);
  if (p.issueDate && p.issueDateText && !p.issueDate.startsWith(p.issueDateText))
    issue(ctx, ['issueDateText'], `issueDateText ${p.issueDateText} contradicts issueDate ${p.issueDate}`, `ngày ban hành viết tắt ${p.issueDateText} mâu thuẫn với ngày ban hành ${p.issueDate}`);
  const dup = <T>(list: T[], key: (x: T) => string | null, path: (i: number) => (string | number)[], en: string, vi: string) => {
    const seen = new Set<string>();
    list.forEach((x, i) => {
      const k = key(x);
      if (k === null) return;
      if (seen.has(k)) issue(ctx, path(i), `${en}: ${k}`, `${vi}: ${k}`);
      seen.add(k);
    });
  };
  dup(p.objectives, (o) => o.key, (i) => ['objectives', i, 'key'], 'duplicate objective key', 'trùng mã mục tiêu');
  dup(p.agencies, (a) => a.name.toLowerCase(), (i) => ['agencies', i, 'name'], 'agency listed twice', 'cơ quan được liệt kê hai lần');
  dup(p.indicators, (x) => x.number, (i) => ['indicators', i, 'number'], 'duplicate indicator number', 'trùng số chỉ tiêu');
  dup(p.indicators, (x) => x.catalogue, (i) => ['indicators', i, 'catalogue'], 'catalogue indicator listed twice', 'chỉ tiêu trong danh mục được liệt kê hai lần');
  dup(p.reviews, (r) => r.kind, (i) => ['reviews', i, 'kind'], 'review kind listed twice', 'loại sơ kết/tổng kết bị lặp');
  const objectiveKeys = new Set(p.objectives.map((o) => o.key));
  p.indicators.forEach((ind, i) => {
    if (ind.objective !== null && !objectiveKeys.has(ind.objective))
      issue(ctx, ['indicators', i, 'objective'], `unknown objective key ${ind.objective}`, `không có mục tiêu mã ${ind.objective} trong kế hoạch`);
    const seen = new Set<string>();
    ind.targets.forEach((t, j) => {
      const k = `${t.measure}|${t.year}|${t.group ?? ''}`;
      if (seen.has(k)) issue(ctx, ['indicators', i, 'targets', j], `two targets for measure ${t.measure}, year ${t.year}${t.group ? `, group ${t.group}` : ''}`, `hai chỉ tiêu cho cùng chỉ số ${t.measure}, năm ${t.year}${t.group ? `, nhóm ${t.group}` : ''}`);
      seen.add(k);
    });
    const seenB = new Set<string>();
    ind.baselines.forEach((b, j) => {
      const k = `${b.measure}|${b.year}|${b.group ?? ''}`;
      if (seenB.has(k)) issue(ctx, ['indicators', i, 'baselines', j], `two baselines for measure ${b.measure}, year ${b.year}`, `hai giá trị cơ sở cho chỉ số ${b.measure}, năm ${b.year}`);
      seenB.add(k);
    });
  });
  const numbers = new Set(p.indicators.map((x) => x.number).filter((x): x is string => x !== null));
  p.assignments.forEach((a, i) =>
    a.indicators.forEach((n, j) => {
      if (!numbers.has(n)) issue(ctx, ['assignments', i, 'indicators', j], `the plan has no indicator numbered ${n}`, `kế hoạch không có chỉ tiêu số ${n}`);
    }),
  );
});

/** what clients send (optional fields may be left out) */
export type PlanDocumentInput = z.input<typeof PlanDocumentInputSchema>;
/** the normalised input (every default filled in) */
export type PlanDocumentInputNormalised = z.output<typeof PlanDocumentInputSchema>;
export type TargetInput = z.output<typeof TargetInputSchema>;
export type BaselineInput = z.output<typeof BaselineInputSchema>;
export type PlanIndicatorInput = z.output<typeof PlanIndicatorInputSchema>;
export type BudgetLineInput = z.output<typeof BudgetLineInputSchema>;
export type ReportingRuleInput = z.output<typeof ReportingRuleInputSchema>;

/** PUT /api/plans/:id: the whole content plus the version it was read at */
export const PlanUpdateInputSchema = z.object({ version: z.number().int().positive() }).and(PlanDocumentInputSchema);

// ---------------------------------------------------------------------------------------------
// The stored document (GET /api/plans/:id)

export const CatalogueMeasureSchema = z.object({
  id: z.number(),
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  unit: z.enum(MEASURE_UNITS),
  direction: z.enum(DIRECTIONS),
  base: z.string().nullable(),
  groups: z.array(z.string()),
});
export type CatalogueMeasure = z.infer<typeof CatalogueMeasureSchema>;

export const PlanDocumentSchema = z.object({
  id: z.number(),
  version: z.number(),
  status: z.enum(PLAN_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
  issuerUnit: z.object({ id: z.number(), code: z.string(), name: z.string(), level: z.string() }).nullable(),
  parentPlan: z.object({ id: z.number(), number: z.string().nullable(), title: z.string() }).nullable(),
  /** plans that name this one as parent */
  childPlans: z.array(z.object({ id: z.number(), number: z.string().nullable(), title: z.string() })),
  number: z.string().nullable(),
  title: z.string(),
  kind: z.enum(PLAN_KINDS),
  level: z.enum(PLAN_LEVELS).nullable(),
  issuerUnitId: z.number().nullable(),
  issuerName: z.string().nullable(),
  issueDate: z.string().nullable(),
  issueDateText: z.string().nullable(),
  issueYear: z.number().nullable(),
  place: z.string().nullable(),
  periodFrom: z.number().nullable(),
  periodTo: z.number().nullable(),
  parentPlanId: z.number().nullable(),
  signer: z.string().nullable(),
  signerTitle: z.string().nullable(),
  implements: z.array(ImplementsInputSchema),
  objectives: z.array(z.object({ id: z.number(), key: z.string(), title: z.string() })),
  indicators: z.array(
    z.object({
      id: z.number(),
      indicatorId: z.number(),
      /** the indicator's code: '1'…'24' for the catalogue, 'L1'… for a local one */
      indicatorCode: z.string(),
      nameVi: z.string(),
      nameEn: z.string().nullable(),
      measures: z.array(CatalogueMeasureSchema),
      number: z.string().nullable(),
      objective: z.string().nullable(),
      text: z.string().nullable(),
      catalogue: z.string().nullable(),
      definition: IndicatorDefinitionInputSchema.nullable(),
      targets: z.array(z.object({ id: z.number(), measureId: z.number() }).and(TargetInputSchema)),
      baselines: z.array(z.object({ id: z.number(), measureId: z.number() }).and(BaselineInputSchema)),
    }),
  ),
  agencies: z.array(z.object({ id: z.number(), unitId: z.number(), name: z.string(), sector: z.enum(SECTORS), shortName: z.string().nullable() })),
  tasks: z.array(z.object({ id: z.number() }).and(TaskInputSchema)),
  assignments: z.array(z.object({ agencyId: z.number() }).and(AssignmentInputSchema)),
  reporting: z.array(z.object({ id: z.number(), reporterAgencyId: z.number().nullable() }).and(ReportingRuleInputSchema)),
  reviews: z.array(ReviewInputSchema),
  budget: z
    .object({
      currencyUnit: z.literal('million_vnd'),
      statedTotal: z.number().nullable(),
      /** sum of the lines (million VND) */
      computedTotal: z.number(),
      lines: z.array(z.object({ id: z.number() }).and(BudgetLineInputSchema)),
    })
    .nullable(),
});
export type PlanDocument = z.infer<typeof PlanDocumentSchema>;

/** Strips ids and derived fields (in plan-input.ts, which has no zod: the web app imports it). */
export { toPlanInput } from './plan-input.ts';
