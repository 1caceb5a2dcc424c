/**
 * Plan document import: upload (txt/docx/pdf) → extraction for review → save as a draft plan.
 * The upload is kept (plan_document) with the extraction and its source spans; nothing is
 * stored when the document cannot be read.
 */
import { NATIONAL, type Locator } from '../access.ts';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App, AppContext } from '../app.ts';
import { AppError, badRequest, fromZodError, notFound } from '../errors.ts';
import { assertTextUpload, assertZipUpload } from '../input-limits.ts';
import { looksLikeZip } from '../../input/zip-guard.ts';
import { writeTransaction } from '../transaction.ts';
import { importPlanDocument, ImportError, MAX_FILE_BYTES, type ImportResult } from '../../importer/index.ts';
import { importToPlanInput } from '../../importer/to-plan.ts';
import { PlanDocumentInputSchema } from '../../domain/plan-document.ts';
import { createPlan } from '../../storage/plans.ts';
import { assertUploadAccess, recordCreator, uploadLocator, uploadUnit } from '../auth/objects.ts';
import { actorOf } from '../transaction.ts';
import { auditEvent } from '../../storage/audit.ts';
import { acceptBudgetCorrection, BudgetTableSchema, budgetWarnings, suggestBudgetCorrection, type BudgetCorrection } from '../../domain/budget/table.ts';

const MEDIA_TYPES: Record<string, string> = {
  txt: 'text/plain',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

async function readUpload(request: FastifyRequest): Promise<{ filename: string; bytes: Buffer }> {
  if (request.isMultipart()) {
    const file = await request.file({ limits: { fileSize: MAX_FILE_BYTES + 1 } });
    if (!file) throw badRequest('file_required', 'Cần chọn một tệp văn bản kế hoạch.', 'A plan document file is required.', ['file']);
    const bytes = await file.toBuffer().catch((error: { code?: string }) => {
      if (error.code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
      throw error;
    });
    return { filename: file.filename, bytes };
  }
  const body = request.body;
  if (!(body instanceof Buffer)) throw badRequest('file_required', 'Cần gửi tệp văn bản kế hoạch.', 'Send the plan document file.', ['file']);
  const filename = (request.query as { filename?: string }).filename ?? 'document.txt';
  return { filename, bytes: body };
}

const tooLarge = () =>
  new AppError(413, 'too_large', `Tệp quá lớn (tối đa ${MAX_FILE_BYTES / 1024 / 1024} MB).`, `The file is too large (at most ${MAX_FILE_BYTES / 1024 / 1024} MB).`, ['file']);

const ImportIdParams = z.object({ id: z.coerce.number().int().positive() });

/** An upload lives in its plan's issuing unit once saved, else in the unit it was uploaded for (national otherwise). */
async function uploadLocated(request: FastifyRequest): Promise<Locator> {
  const db = request.server.context.db;
  const row = await db.selectFrom('plan_document').select(['plan_id', 'unit_id', 'uploaded_by']).where('id', '=', Number((request.params as { id: number }).id)).executeTakeFirst();
  if (!row) return NATIONAL;
  if (row.plan_id !== null) return (await db.selectFrom('plan').select('issuer_unit_id').where('id', '=', row.plan_id).executeTakeFirst())?.issuer_unit_id ?? NATIONAL;
  // an upload without a unit is its uploader's alone: placed where the uploader holds the permission
  if (row.unit_id === null && row.uploaded_by !== null && row.uploaded_by === request.actor?.userId) return uploadTarget({ ...request, query: {} } as FastifyRequest);
  return row.unit_id ?? NATIONAL;
}

/** A new upload is for the unit asked, else one of the caller's units holding the permission, else national. */
const uploadTarget = uploadLocator('plans.import');

export default async function importRoutes(app: App, context: AppContext): Promise<void> {
  app.post(
    '/imports',
    {
      config: { access: { action: 'plans.import', resource: 'plan', load: uploadTarget } },
      bodyLimit: MAX_FILE_BYTES * 2,
      schema: {
        tags: ['imports'],
        summary: 'Upload a plan document (txt, docx, pdf) and extract a draft plan for review',
        querystring: z.object({
          filename: z.string().max(255).optional(),
          unitId: z.coerce.number().int().positive().optional().describe('the unit the document is imported for (default: the caller\'s only unit)'),
        }),
      },
    },
    async (request, reply) => {
      // the same rule as the access check's loader, which has checked an asked unit already
      const unitId = uploadUnit(request, 'plans.import', request.query.unitId);
      const { filename, bytes } = await readUpload(request);
      if (bytes.length > MAX_FILE_BYTES) throw tooLarge();
      // zip-based documents (.docx) are checked for their decompressed size before any parser opens them;
      // plain text for its lines (bytes read as latin1: a newline is one byte in every encoding read here)
      if (looksLikeZip(bytes)) assertZipUpload(bytes, ['file'], undefined, 'parser');
      else if (!/\.pdf$/i.test(filename)) assertTextUpload(bytes.toString('latin1'));
      let result: ImportResult;
      try {
        result = await importPlanDocument(new Uint8Array(bytes), filename);
      } catch (error) {
        if (error instanceof ImportError) throw new AppError(error.code === 'too_large' ? 413 : 400, error.code, error.messageVi, error.messageEn, ['file']);
        throw error;
      }
      const row = await writeTransaction(request, async (trx) => {
        const inserted = await trx
          .insertInto('plan_document')
          .values({
            plan_id: null,
            filename,
            media_type: MEDIA_TYPES[result.format] ?? null,
            size_bytes: bytes.length,
            sha256: createHash('sha256').update(bytes).digest('hex'),
            content: bytes,
            extracted_text: result.text,
            extraction: JSON.stringify(result),
            unit_id: unitId,
            uploaded_by: request.actor?.userId ?? null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        // the row carries its owner (unit_id, uploaded_by); the audit log records the upload too
        await recordCreator(trx, actorOf(request), 'plan_document', inserted.id, { filename, size: bytes.length });
        return inserted;
      });
      return reply.status(201).send({ importId: row.id, filename, result });
    },
  );

  app.get(
    '/imports/:id',
    { config: { access: { action: 'plans.import', resource: 'plan', load: uploadLocated, denyAs: 404 } }, schema: { tags: ['imports'], summary: 'An uploaded document and its extraction', params: ImportIdParams } },
    async (request) => {
      const row = await context.db.selectFrom('plan_document').select(['id', 'filename', 'extraction', 'plan_id', 'unit_id', 'uploaded_by']).where('id', '=', request.params.id).executeTakeFirst();
      if (!row) throw notFound('tệp đã tải lên', 'Upload', ['id']);
      await assertUploadAccess(request, 'plans.import', row);
      return { importId: row.id, filename: row.filename, planId: row.plan_id, result: row.extraction };
    },
  );

  app.post(
    '/imports/:id/save',
    {
      config: { access: { action: 'plans.write', resource: 'plan', load: (request) => (request.body as { issuerUnitId?: number } | undefined)?.issuerUnitId ?? null } },
      schema: {
        tags: ['imports'],
        summary: 'Save the reviewed extraction as a draft plan (one transaction)',
        params: ImportIdParams,
        body: z.object({
          issuerUnitId: z.number().int().positive().nullable().optional(),
          parentPlanId: z.number().int().positive().nullable().optional(),
          /** the reviewed (possibly edited) extraction; defaults to the stored one */
          result: z.record(z.string(), z.unknown()).optional(),
          /** or a complete plan document edited on the review screen */
          plan: z.record(z.string(), z.unknown()).optional(),
          /**
           * the officer's decision on the budget table's suggested correction (`result.budget.suggestion`):
           * `accept` moves the amount (recomputed here from the table as written) before the plan is saved;
           * `keep` saves the table as written (the default). Recorded in the audit log.
           */
          budgetCorrection: z.enum(['accept', 'keep']).optional(),
        }),
      },
    },
    async (request, reply) => {
      const row = await context.db.selectFrom('plan_document').select(['id', 'extraction', 'plan_id', 'unit_id', 'uploaded_by']).where('id', '=', request.params.id).executeTakeFirst();
      if (!row) throw notFound('tệp đã tải lên', 'Upload', ['id']);
      await assertUploadAccess(request, 'plans.import', row);
      if (row.plan_id !== null)
        throw new AppError(409, 'already_saved', `Văn bản này đã được lưu thành kế hoạch #${row.plan_id}.`, `This document was already saved as plan #${row.plan_id}.`, ['id'], { planId: row.plan_id });
      const body = request.body;
      const options = { issuerUnitId: body.issuerUnitId ?? null, parentPlanId: body.parentPlanId ?? null };
      if (body.plan && body.budgetCorrection)
        throw badRequest('budget_correction_with_plan', 'Đề xuất sửa bảng kinh phí chỉ áp dụng cho kết quả đọc văn bản (result), không cho một kế hoạch đã sửa (plan).', 'The budget correction applies to the extraction (result), not to an edited plan.', ['budgetCorrection']);
      let result = body.plan ? null : ((body.result ?? row.extraction) as unknown as ImportResult);
      let correction: BudgetCorrection | null = null;
      if (result && body.budgetCorrection === 'accept') {
        // recomputed from the table as written: the server does not take a move from the client
        const budget = result.budget;
        const table = BudgetTableSchema.safeParse(budget?.table);
        const suggestion = budget && table.success ? suggestBudgetCorrection(table.data, typeof budget.statedTotal === 'number' ? budget.statedTotal : null, Array.isArray(budget.sources) ? budget.sources : []) : null;
        const accepted = budget && table.success && suggestion ? acceptBudgetCorrection({ ...budget, table: table.data }, suggestion) : null;
        if (!accepted || !suggestion)
          throw new AppError(
            409,
            'no_budget_correction',
            'Bảng kinh phí không có đề xuất sửa nào để chấp nhận: các phép kiểm tra đã khớp, hoặc không chỉ ra được đúng một ô bị ghi lệch.',
            'The budget table has no suggested correction to accept: its checks pass, or they do not point at exactly one misplaced cell.',
            ['budgetCorrection'],
          );
        correction = suggestion;
        result = { ...result, budget: accepted, warnings: budgetWarnings(result.warnings ?? [], budget, accepted) };
      }
      const draft = body.plan || !result ? { plan: { ...body.plan, ...stripNulls(options), status: 'draft' }, warnings: [] } : importToPlanInput(result, options);
      const parsed = PlanDocumentInputSchema.safeParse(draft.plan);
      if (!parsed.success) throw fromZodError(parsed.error, ['plan']);
      const suggested = result?.budget?.suggestion ?? null;
      const planId = await writeTransaction(request, async (trx) => {
        const id = await createPlan(trx, { ...parsed.data, status: 'draft' });
        await trx.updateTable('plan_document').set({ plan_id: id, unit_id: parsed.data.issuerUnitId ?? row.unit_id }).where('id', '=', row.id).execute();
        // the decision on a suggested correction is part of the same saved import (and of its audit trail)
        if (correction || (suggested && body.budgetCorrection === 'keep'))
          await auditEvent(trx, actorOf(request), {
            action: correction ? 'budget_correction_accepted' : 'budget_correction_kept',
            table: 'plan_document',
            rowId: row.id,
            detail: { planId: id, correction: correction ?? suggested },
            ip: request.ip,
            requestId: String(request.id),
          });
        return id;
      });
      const budgetChecks = result?.budget ? result.budget.checks : null;
      return reply.status(201).send({ planId, warnings: draft.warnings, budgetCorrection: correction ? 'accepted' : suggested ? 'kept' : null, budgetChecks });
    },
  );
}

function stripNulls(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
}
