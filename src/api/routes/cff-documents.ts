/** Child-friendly communes: the recognition decision and certificate as DOCX or PDF. */
import { NATIONAL } from '../access.ts';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App, AppContext } from '../app.ts';
import { badRequest, notFound } from '../errors.ts';
import { cffErrorHandler } from '../cff/http.ts';
import { recognitionCertificate, recognitionDecision, type DecisionData } from '../../domain/cff/documents.ts';
import type { Evaluation } from '../../domain/cff/index.ts';
import { renderDocx } from '../../documents/docx/render.ts';
import { renderPdf } from '../../documents/pdf/render.ts';
import { DOCX_MEDIA_TYPE, PDF_MEDIA_TYPE, contentDisposition } from '../../documents/index.ts';
import { getUnit } from '../../storage/cff/units.ts';
import '../../storage/schema-cff.ts';

const MEDIA = { docx: DOCX_MEDIA_TYPE, pdf: PDF_MEDIA_TYPE } as const;

export default async function cffDocumentRoutes(app: App, context: AppContext): Promise<void> {
  app.setErrorHandler(cffErrorHandler);
  const { db } = context;
  const unitOfDecision = async (request: FastifyRequest) => {
    const id = Number((request.params as { id?: string }).id);
    if (!Number.isInteger(id) || id <= 0) return NATIONAL;
    // a missing decision is placed nationally: scoped callers get 403 whether it is missing or another unit's
    return (await db.selectFrom('cff_decision').select('unit_id').where('id', '=', id).executeTakeFirst())?.unit_id ?? NATIONAL;
  };

  app.get('/cff/decisions/:id/document', {
    config: { access: { action: 'documents.read', resource: 'cff', load: unitOfDecision } },
    schema: {
      tags: ['cff'], summary: 'The decision (Quyết định công nhận / thu hồi) or the certificate (Giấy chứng nhận) as DOCX or PDF',
      params: z.object({ id: z.coerce.number().int().positive() }),
      querystring: z.object({ kind: z.enum(['decision', 'certificate']).default('decision'), format: z.enum(['docx', 'pdf']).default('docx') }),
    },
  }, async (request, reply) => {
    const decision = await db.selectFrom('cff_decision').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!decision) throw notFound('quyết định', 'Decision', ['params', 'id']);
    if (decision.kind === 'not_recognised') throw badRequest('no_document', 'Quyết định không công nhận không có mẫu văn bản riêng.', 'A refusal has no document form.', ['params', 'id']);
    if (request.query.kind === 'certificate' && decision.kind !== 'recognised') throw badRequest('no_certificate', 'Chỉ cấp giấy chứng nhận cho quyết định công nhận.', 'Certificates exist only for recognitions.', ['query', 'kind']);
    const registration = await db.selectFrom('cff_registration as r').innerJoin('cff_standard as s', 's.id', 'r.standard_id').select(['s.number', 's.issued_on', 's.title_vi']).where('r.id', '=', decision.registration_id).executeTakeFirstOrThrow();
    const commune = await getUnit(db, decision.unit_id);
    const parent = commune?.parent_id ? await getUnit(db, commune.parent_id) : null;
    const decider = await getUnit(db, decision.decided_by_unit_id);
    const evaluation = (typeof decision.evaluation === 'string' ? JSON.parse(decision.evaluation) : decision.evaluation) as Evaluation | null;
    const data: DecisionData = {
      kind: decision.kind as 'recognised' | 'withdrawn',
      year: decision.year,
      number: decision.number,
      decidedOn: decision.decided_on,
      decider: { level: decider?.level ?? '', kind: decider?.kind ?? null, name: decider?.name ?? '' },
      commune: { kind: commune?.kind ?? null, name: commune?.name ?? '', parentName: parent ? `${parent.kind ?? ''} ${parent.name}`.trim() : null },
      standard: { number: registration.number, issuedOn: registration.issued_on, titleVi: registration.title_vi },
      total: evaluation?.total ?? null,
      maxTotal: evaluation?.maxTotal ?? null,
      reason: decision.reason,
      signer: decision.signer,
      signerTitle: decision.signer_title,
    };
    const model = request.query.kind === 'certificate' ? recognitionCertificate(data) : recognitionDecision(data);
    const bytes = request.query.format === 'pdf' ? await renderPdf(model) : await renderDocx(model);
    const filename = `${request.query.kind === 'certificate' ? 'Giấy chứng nhận' : 'Quyết định'} ${data.commune.name} ${data.year}.${request.query.format}`;
    return reply.header('content-type', MEDIA[request.query.format]).header('content-disposition', contentDisposition(filename)).send(bytes);
  });
}
