/**
 * Official documents from the live data: the plan as DOCX/PDF, its budget as XLSX (Phụ lục 01 layout),
 * the narrative an officer writes for a report, and the yearly / mid-term / final report as DOCX/PDF,
 * with the indicator table of a unit and its children as XLSX.
 */
import { z } from 'zod';
import { CalendarDate } from '../../domain/calendar-date.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, AppContext } from '../app.ts';
import { badRequest, notFound } from '../errors.ts';
import { writeTransaction } from '../transaction.ts';
import { getPlan, planUnitId } from '../../storage/plans.ts';
import { getNarrative, putNarrative, reportData, indicatorRows, resultsProvider } from '../../storage/documents.ts';
import '../../storage/exchange-reporting.ts';
import { planDataFromDocument } from '../../documents/adapters.ts';
import { contentDisposition, DOCX_MEDIA_TYPE, PDF_MEDIA_TYPE, XLSX_MEDIA_TYPE, planToDocx, planToPdf, yearlyReportToDocx, yearlyReportToPdf } from '../../documents/index.ts';
import { budgetExecutionWorkbook, budgetWorkbook, indicatorWorkbook, toBuffer } from '../../documents/xlsx/index.ts';
import { loadExecution } from '../../storage/budget.ts';
import { budgetFromLines, DEFAULT_BUDGET_SOURCES } from '../../domain/documents/budget.ts';
import { reportTitle } from '../../domain/documents/compose.ts';
import { isValidIsoDate } from '../../domain/plan-document.ts';
import type { ReportKind } from '../../domain/documents/types.ts';
import type { Database } from '../../storage/schema.ts';
import type { Kysely } from 'kysely';

const PlanParams = z.object({ id: z.coerce.number().int().positive() });
const KINDS = ['yearly', 'midterm', 'final'] as const;
const ReportParams = z.object({ unitId: z.coerce.number().int().positive(), year: z.coerce.number().int().min(1990).max(2100) });
const NarrativeParams = ReportParams.extend({ kind: z.enum(KINDS) });
// (no zod `params` on route schemas: fastify-type-provider-zod replaces the issue's params with them)
const REPORT_FILES = ['yearly.docx', 'yearly.pdf', 'midterm.docx', 'midterm.pdf', 'final.docx', 'final.pdf', 'indicators.xlsx'] as const;
const FileParams = ReportParams.extend({ file: z.enum(REPORT_FILES) });
const PlanQuery = z.object({ planId: z.coerce.number().int().positive().optional() });

const SignerSchema = z.object({ onBehalfOf: z.string().trim().max(200).nullable().default(null), signingFor: z.string().trim().max(200).nullable().default(null), title: z.string().trim().min(1).max(200), name: z.string().trim().min(1).max(200) });
const NarrativeBody = z.object({
  planId: z.number().int().positive(),
  number: z.string().trim().max(100).nullable().default(null),
  place: z.string().trim().max(200).nullable().default(null),
  date: CalendarDate.nullable().default(null),
  sections: z.array(z.object({ title: z.string().trim().min(1).max(300), text: z.string().max(100_000) })).max(50).default([]),
  recipients: z.array(z.string().trim().min(1).max(300)).max(100).default([]),
  signer: SignerSchema.nullable().default(null),
  version: z.number().int().positive().nullable().default(null),
});

const planUnit = async (request: FastifyRequest): Promise<number | null | undefined> => planUnitId(request.server.context.db, Number((request.params as { id: string }).id));
const paramUnit = (request: FastifyRequest): number => Number((request.params as { unitId: string }).unitId);

function send(reply: FastifyReply, type: string, filename: string, body: Buffer): FastifyReply {
  return reply.header('content-type', type).header('content-disposition', contentDisposition(filename)).header('cache-control', 'no-store').send(body);
}

const fileStem = (s: string): string => s.replace(/[/\\:*?"<>|]+/g, '-').slice(0, 120);
/**
 * A download's name in full Vietnamese ("Báo cáo Kết quả thực hiện … năm 2025.docx"), sent as RFC 5987 `filename*`
 * (contentDisposition adds an ASCII fallback); a long title is shortened at a word, never inside one, and the year kept.
 */
export function documentFileName(title: string, ext: string, max = 150): string {
  let stem = title.replace(/[/\\:*?"<>|\r\n\t]+/g, '-').replace(/\s+/g, ' ').trim();
  if (stem.length > max) {
    const year = / (năm )?\d{4}$/.exec(stem)?.[0] ?? '';
    const cut = stem.slice(0, max - year.length - 2);
    stem = `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 20)).replace(/[\s,;:–-]+$/, '')}…${year}`;
  }
  return `${stem}.${ext}`;
}

/** The plan a report of this unit is about: the one asked for, or the unit's latest (issued first). */
async function resolvePlanId(db: Kysely<Database>, unitId: number, planId: number | undefined): Promise<number> {
  if (planId) {
    const p = await db.selectFrom('plan').select('id').where('id', '=', planId).executeTakeFirst();
    if (!p) throw notFound('kế hoạch', 'Plan', ['planId']);
    return p.id;
  }
  const p = await db
    .selectFrom('plan')
    .select('id')
    .where('issuer_unit_id', '=', unitId)
    .orderBy((eb) => eb.case().when('status', '=', 'issued').then(0).else(1).end())
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!p) throw notFound('kế hoạch của đơn vị này (hãy chỉ rõ planId)', 'A plan of this unit (give planId)', ['planId']);
  return p.id;
}

export default async function documentRoutes(app: App, context: AppContext): Promise<void> {
  const { db } = context;

  for (const format of ['docx', 'pdf'] as const) {
    app.get(
      `/plans/:id/document.${format}`,
      {
        config: { access: { action: 'documents.read', resource: 'document', load: planUnit } },
        schema: { tags: ['documents'], summary: `The plan as ${format.toUpperCase()} in the administrative document format (NĐ 30/2020/NĐ-CP)`, params: PlanParams },
      },
      async (request, reply) => {
        const doc = await getPlan(db, request.params.id);
        const data = planDataFromDocument(doc);
        const body = format === 'docx' ? await planToDocx(data) : await planToPdf(data);
        return send(reply, format === 'docx' ? DOCX_MEDIA_TYPE : PDF_MEDIA_TYPE, documentFileName(`Kế hoạch ${doc.number ?? doc.title}`, format), body);
      },
    );
  }

  app.get(
    '/plans/:id/budget.xlsx',
    {
      config: { access: { action: 'documents.read', resource: 'document', load: planUnit } },
      schema: {
        tags: ['documents'],
        summary: 'The plan budget as XLSX in the layout of Phụ lục 01 (activities × years × funding sources, totals as formulas), with the spending (Thực hiện) and execution rates beside the plan; ?spent=false: the annex as issued',
        params: PlanParams,
        querystring: z.object({ spent: z.enum(['true', 'false']).optional() }),
      },
    },
    async (request, reply) => {
      const doc = await getPlan(db, request.params.id);
      if (!doc.budget) throw notFound('bảng kinh phí của kế hoạch này', 'The budget of this plan', ['budget']);
      const data = planDataFromDocument(doc);
      const of = `${data.issuer.parent === 'ỦY BAN NHÂN DÂN' ? 'UBND' : data.issuer.parent ?? ''} ${data.issuer.name.toLocaleLowerCase('vi')}`;
      const subtitle = `(Ban hành kèm theo Kế hoạch số ${doc.number ?? '      '}${doc.issueDate ? ` ngày ${doc.issueDate.slice(8)}/${doc.issueDate.slice(5, 7)}/${doc.issueDate.slice(0, 4)}` : ''} của ${of})`.replace(/\s+/g, ' ');
      const stem = fileStem(doc.number ?? String(doc.id));
      if (request.query.spent === 'false') {
        const sources = [...DEFAULT_BUDGET_SOURCES];
        for (const l of doc.budget.lines) if (!sources.some((s) => s.key === l.source)) sources.push({ key: l.source, label: l.sourceLabel ?? l.source });
        const b = budgetFromLines(doc.budget.lines, { periodFrom: doc.periodFrom, periodTo: doc.periodTo, sources, statedTotal: doc.budget.statedTotal });
        const wb = budgetWorkbook(b, { title: `BẢNG DỰ TOÁN KINH PHÍ THỰC HIỆN KẾ HOẠCH ${doc.title}`.toLocaleUpperCase('vi'), subtitle });
        return send(reply, XLSX_MEDIA_TYPE, documentFileName(`Dự toán kinh phí ${stem}`, 'xlsx'), await toBuffer(wb));
      }
      const execution = await loadExecution(db, doc.id);
      const wb = budgetExecutionWorkbook(execution, { title: `BẢNG DỰ TOÁN VÀ TÌNH HÌNH THỰC HIỆN KINH PHÍ KẾ HOẠCH ${doc.title}`.toLocaleUpperCase('vi'), subtitle });
      return send(reply, XLSX_MEDIA_TYPE, documentFileName(`Kinh phí dự toán và thực hiện ${stem}`, 'xlsx'), await toBuffer(wb));
    },
  );

  app.get(
    '/reports/:unitId/:year/:kind/narrative',
    {
      config: { access: { action: 'documents.read', resource: 'document', load: paramUnit } },
      schema: { tags: ['documents'], summary: 'The narrative sections, number, date, recipients and signer of a report', params: NarrativeParams, querystring: PlanQuery },
    },
    async (request) => {
      const { unitId, year, kind } = request.params;
      const planId = await resolvePlanId(db, unitId, request.query.planId);
      const n = await getNarrative(db, { unitId, planId, year, kind });
      return n ?? { unitId, planId, year, kind, number: null, place: null, date: null, sections: [], recipients: [], signer: null, version: null, updatedAt: null };
    },
  );

  app.put(
    '/reports/:unitId/:year/:kind/narrative',
    {
      // the narrative is the unit's own report text: no agency's reporter writes it
      config: { access: { action: 'reports.enter', resource: 'report', load: paramUnit, unitOwned: true } },
      schema: { tags: ['documents'], summary: 'Write the narrative of a report (optimistic locking by version; the unit\'s officers, not an agency\'s reporter)', params: NarrativeParams, body: NarrativeBody },
    },
    async (request) => {
      const { unitId, year, kind } = request.params;
      const body = request.body;
      if (body.date && !isValidIsoDate(body.date)) throw badRequest('validation_failed', `Ngày báo cáo ${body.date} không tồn tại.`, `Report date ${body.date} does not exist.`, ['body', 'date']);
      const planId = await resolvePlanId(db, unitId, body.planId);
      const titles = new Set<string>();
      body.sections.forEach((s, i) => {
        const k = s.title.toLocaleLowerCase('vi');
        if (titles.has(k)) throw badRequest('duplicate_section', `Mục "${s.title}" bị lặp.`, `Section "${s.title}" appears twice.`, ['body', 'sections', i, 'title']);
        titles.add(k);
      });
      const unit = await db.selectFrom('admin_unit').select('id').where('id', '=', unitId).executeTakeFirst();
      if (!unit) throw notFound('đơn vị', 'Unit', ['unitId']);
      return writeTransaction(request, (trx) => putNarrative(trx, { unitId, planId, year, kind }, body, request.actor?.userId ?? null));
    },
  );

  app.get(
    '/reports/:unitId/:year/:file',
    {
      config: { access: { action: 'documents.read', resource: 'document', load: paramUnit } },
      schema: {
        tags: ['documents'],
        summary: 'The report of a unit as DOCX/PDF (yearly.docx, midterm.pdf, final.docx …) or the indicator table of the unit and its children (indicators.xlsx)',
        params: FileParams,
        querystring: PlanQuery,
      },
    },
    async (request, reply) => {
      const { unitId, year, file } = request.params;
      const planId = await resolvePlanId(db, unitId, request.query.planId);
      if (file === 'indicators.xlsx') {
        const plan = await getPlan(db, planId);
        const units = [
          ...(await db.selectFrom('admin_unit').select(['id', 'name']).where('id', '=', unitId).execute()),
          ...(await db.selectFrom('admin_unit').select(['id', 'name']).where('parent_id', '=', unitId).orderBy('name').execute()),
        ];
        if (!units.length || units[0].id !== unitId) throw notFound('đơn vị', 'Unit', ['unitId']);
        const provider = resultsProvider();
        const measures = plan.indicators.flatMap((i) => i.measures.map((m) => m.code));
        const tables = [];
        for (const u of units) {
          const results = await provider.results(db, { unitId: u.id, planId, year, kind: 'yearly', measures });
          tables.push({ unitName: u.name, isParent: u.id === unitId, rows: indicatorRows(plan, year, results) });
        }
        const wb = indicatorWorkbook(`Kết quả thực hiện các chỉ tiêu năm ${year} — ${plan.title}`, year, tables);
        return send(reply, XLSX_MEDIA_TYPE, documentFileName(`Kết quả các chỉ tiêu ${units[0].name} năm ${year}`, 'xlsx'), await toBuffer(wb));
      }
      const [kind, format] = file.split('.') as [ReportKind, 'docx' | 'pdf'];
      const data = await reportData(db, { unitId, planId, year, kind });
      const body = format === 'docx' ? await yearlyReportToDocx(data) : await yearlyReportToPdf(data);
      return send(reply, format === 'docx' ? DOCX_MEDIA_TYPE : PDF_MEDIA_TYPE, documentFileName(`Báo cáo ${reportTitle(data)}${data.kind === 'yearly' ? '' : ` ${year}`}`, format), body);
    },
  );
}
