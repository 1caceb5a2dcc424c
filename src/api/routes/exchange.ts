/**
 * Data exchange: the DHIS2/ADX mapping an administrator edits, DHIS2 dataValueSets JSON and ADX XML
 * export and import, CSV import of a period's values and the raw values as XLSX.
 * Imports are all-or-nothing: any conflict → HTTP 409 with a DHIS2-style ImportSummary listing every
 * bad row, and nothing stored.
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, AppContext } from '../app.ts';
import { AppError, badRequest, notFound } from '../errors.ts';
import { assertJsonText, assertTextUpload } from '../input-limits.ts';
import { writeTransaction } from '../transaction.ts';
import { deleteMapping, loadMapping, setExchangeSetting, upsertElementMapping, upsertOrgUnitMapping } from '../../storage/documents.ts';
import { loadMeasureInfo, subtreeUnitIds, valueStore } from '../../storage/exchange-values.ts';
import '../../storage/exchange-reporting.ts';
import { parseDataValueSet, dataValueSetToCandidates, toDataValueSet } from '../../exchange/dhis2.ts';
import { parseAdx, serializeAdx, adxToCandidates, toAdx } from '../../exchange/adx.ts';
import { readValuesCsv } from '../../exchange/csv.ts';
import { planImport, isRatioUnit, type ImportPlan } from '../../exchange/import-plan.ts';
import { parseDhis2Period } from '../../exchange/periods.ts';
import { valueKey, type CandidateRow, type Conflict, type ExchangeValue } from '../../exchange/types.ts';
import { rawValuesWorkbook, toBuffer } from '../../documents/xlsx/index.ts';
import { DERIVED_MEASURES } from '../../domain/reporting/indicator1.ts';
import { contentDisposition, XLSX_MEDIA_TYPE } from '../../documents/index.ts';
import { suppressValues } from '../../domain/reporting/small-cells.ts';

const Id = z.object({ id: z.coerce.number().int().positive() });
const Code = z.string().trim().min(1).max(100);
const ElementBody = z.object({
  measure: Code,
  group: z.string().trim().min(1).max(100).nullable().default(null),
  /** rates: 'numerator' / 'denominator'; counts and yes/no: 'value' */
  part: z.enum(['value', 'numerator', 'denominator']).default('value'),
  dataElement: Code,
  categoryOptionCombo: z.string().trim().min(1).max(100).nullable().default(null),
  adxCategories: z.record(z.string().regex(/^[A-Za-z_][\w.-]*$/), z.string().min(1).max(100)).default({}),
  note: z.string().max(500).nullable().default(null),
});
const OrgUnitBody = z.object({ unitId: z.number().int().positive(), orgUnit: Code, note: z.string().max(500).nullable().default(null) });
const SettingsBody = z.object({ dataSet: Code.nullable().optional(), attributeOptionCombo: Code.nullable().optional() });
const ImportQuery = z.object({ planId: z.coerce.number().int().positive(), dryRun: z.enum(['true', 'false']).optional() });
const ExportQuery = z.object({ planId: z.coerce.number().int().positive(), unitId: z.coerce.number().int().positive(), period: z.string().regex(/^\d{4}$/), children: z.enum(['true', 'false']).optional() });
const CsvQuery = z.object({ planId: z.coerce.number().int().positive(), unitId: z.coerce.number().int().positive(), period: z.string().regex(/^\d{4}$/), dryRun: z.enum(['true', 'false']).optional() });

const queryUnit = (request: FastifyRequest): number => Number((request.query as { unitId: string }).unitId);

export default async function exchangeRoutes(app: App, context: AppContext): Promise<void> {
  const { db } = context;
  // bodies of this module: XML, CSV and DHIS2 JSON as text
  app.addContentTypeParser(['application/xml', 'text/xml', 'application/adx+xml', 'text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 }, (_r, body, done) => done(null, body));

  async function validateElement(body: z.infer<typeof ElementBody>): Promise<void> {
    const measures = await loadMeasureInfo(db);
    const m = measures.get(body.measure);
    if (!m) throw badRequest('unknown_measure', `Không có chỉ số "${body.measure}" trong danh mục.`, `No measure "${body.measure}" in the catalogue.`, ['body', 'measure']);
    const ratio = isRatioUnit(m.unit);
    if (ratio === (body.part === 'value'))
      throw badRequest('wrong_part', ratio ? `Chỉ số ${m.code} là tỷ lệ: hãy ánh xạ tử số (numerator) và mẫu số (denominator) thành hai phần tử dữ liệu.` : `Chỉ số ${m.code} không phải tỷ lệ: chỉ ánh xạ giá trị (value).`, ratio ? `Measure ${m.code} is a rate: map its numerator and denominator to two data elements.` : `Measure ${m.code} is not a rate: map its value.`, ['body', 'part']);
    if (body.group !== null && !m.groups.includes(body.group) && !m.disaggregations.some((d) => body.group!.startsWith(`${d}:`)))
      throw badRequest('unknown_group', `Chỉ số ${m.code} không có nhóm "${body.group}" (cho phép: ${[...m.groups, ...m.disaggregations.map((d) => `${d}:…`)].join(', ') || 'không có'}).`, `Measure ${m.code} has no group "${body.group}".`, ['body', 'group']);
  }

  // ───────────── mapping ─────────────
  app.get('/exchange/mapping', { config: { access: { permission: 'exchange.admin' } }, schema: { tags: ['exchange'], summary: 'The DHIS2/ADX mapping: measures ↔ data elements, units ↔ org units, export settings' } }, async () => loadMapping(db));

  app.post('/exchange/mapping/elements', { config: { access: { permission: 'exchange.admin' } }, schema: { tags: ['exchange'], summary: 'Map a measure (and group) to a DHIS2 data element + category option combo / ADX code + categories', body: ElementBody } }, async (request, reply) => {
    await validateElement(request.body);
    const id = await writeTransaction(request, (trx) => upsertElementMapping(trx, request.body));
    return reply.status(201).send({ id });
  });
  app.put('/exchange/mapping/elements/:id', { config: { access: { permission: 'exchange.admin' } }, schema: { tags: ['exchange'], summary: 'Change a measure mapping', params: Id, body: ElementBody } }, async (request) => {
    await validateElement(request.body);
    return { id: await writeTransaction(request, (trx) => upsertElementMapping(trx, request.body, request.params.id)) };
  });
  app.delete('/exchange/mapping/elements/:id', { config: { access: { permission: 'exchange.admin' } }, schema: { tags: ['exchange'], summary: 'Remove a measure mapping', params: Id } }, async (request, reply) => {
    await writeTransaction(request, (trx) => deleteMapping(trx, 'exchange_element_map', request.params.id));
    return reply.status(204).send();
  });
  app.post('/exchange/mapping/org-units', { config: { access: { permission: 'exchange.admin' } }, schema: { tags: ['exchange'], summary: 'Map a unit to a DHIS2/ADX org unit id', body: OrgUnitBody } }, async (request, reply) => {
    const id = await writeTransaction(request, (trx) => upsertOrgUnitMapping(trx, request.body));
    return reply.status(201).send({ id });
  });
  app.put('/exchange/mapping/org-units/:id', { config: { access: { permission: 'exchange.admin' } }, schema: { tags: ['exchange'], summary: 'Change a unit mapping', params: Id, body: OrgUnitBody } }, async (request) => ({ id: await writeTransaction(request, (trx) => upsertOrgUnitMapping(trx, request.body, request.params.id)) }));
  app.delete('/exchange/mapping/org-units/:id', { config: { access: { permission: 'exchange.admin' } }, schema: { tags: ['exchange'], summary: 'Remove a unit mapping', params: Id } }, async (request, reply) => {
    await writeTransaction(request, (trx) => deleteMapping(trx, 'exchange_org_unit_map', request.params.id));
    return reply.status(204).send();
  });
  app.put('/exchange/mapping/settings', { config: { access: { permission: 'exchange.admin' } }, schema: { tags: ['exchange'], summary: 'Default dataSet and attribute option combo written on export', body: SettingsBody } }, async (request) => {
    await writeTransaction(request, async (trx) => {
      if (request.body.dataSet !== undefined) await setExchangeSetting(trx, 'dataSet', request.body.dataSet);
      if (request.body.attributeOptionCombo !== undefined) await setExchangeSetting(trx, 'attributeOptionCombo', request.body.attributeOptionCombo);
    });
    return loadMapping(db);
  });

  // ───────────── import (shared) ─────────────
  async function runImport(request: FastifyRequest, reply: FastifyReply, q: { planId: number; dryRun: boolean; allowedUnits: Set<number> | null }, rows: CandidateRow[], pre: Conflict[]): Promise<FastifyReply> {
    const plan = await db.selectFrom('plan').select(['id', 'period_from', 'period_to']).where('id', '=', q.planId).executeTakeFirst();
    if (!plan) throw notFound('kế hoạch', 'Plan', ['query', 'planId']);
    const store = valueStore();
    if (!store.available && !q.dryRun)
      throw new AppError(503, 'values_unavailable', 'Chưa kết nối được kho số liệu báo cáo; chỉ có thể chạy thử (dryRun=true).', 'The reporting value store is not connected; only a dry run (dryRun=true) is possible.');
    const measures = await loadMeasureInfo(db);
    const mapping = await loadMapping(db);
    const unitIds = [...new Set(rows.map((r) => r.unitId).filter((x): x is number => x !== null))];
    const periods = [...new Set(rows.map((r) => r.period))].filter((p) => parseDhis2Period(p)?.type === 'yearly');
    const existing = new Map<string, number>();
    for (const period of periods) for (const v of await store.read(db, { planId: q.planId, unitIds, period })) existing.set(valueKey(v), v.value);
    void mapping;
    const result: ImportPlan = planImport(rows, { measures, allowedUnits: q.allowedUnits, periodFrom: plan.period_from, periodTo: plan.period_to, periodTypes: ['yearly'], existing, derived: DERIVED_MEASURES }, { dryRun: q.dryRun, preConflicts: pre });
    if (result.summary.status === 'ERROR') return reply.status(409).send(result.summary);
    if (result.writes.length) {
      const writes: ExchangeValue[] = result.writes.map(({ action: _a, ...v }) => v);
      await writeTransaction(request, (trx) => store.write(trx, { planId: q.planId, values: writes, actor: { userId: request.actor?.userId ?? null, name: request.actor?.username ?? 'import' } }));
    }
    return reply.status(200).send(result.summary);
  }

  app.post(
    '/exchange/dhis2/dataValueSets',
    { config: { access: { permission: 'exchange.admin' } }, schema: { tags: ['exchange'], summary: 'Import a DHIS2 dataValueSets JSON (all or nothing; ImportSummary with conflicts per row)', querystring: ImportQuery } },
    async (request, reply) => {
      if (typeof request.body === 'string') assertJsonText(request.body);
      const parsed = parseDataValueSet(typeof request.body === 'string' ? request.body : request.body ?? '');
      const mapping = await loadMapping(db);
      const rows = parsed.value ? dataValueSetToCandidates(parsed.value, mapping) : [];
      // rows with a structural problem are reported once, not checked again
      const badRows = new Set(parsed.conflicts.flatMap((c) => c.indexes));
      return runImport(request, reply, { planId: request.query.planId, dryRun: request.query.dryRun === 'true', allowedUnits: null }, rows.filter((r) => !badRows.has(r.index)), parsed.value ? parsed.conflicts : parsed.conflicts);
    },
  );

  app.post(
    '/exchange/adx',
    { config: { access: { permission: 'exchange.admin' } }, schema: { tags: ['exchange'], summary: 'Import an ADX (IHE urn:ihe:qrph:adx:2015) message (all or nothing)', querystring: ImportQuery } },
    async (request, reply) => {
      if (typeof request.body !== 'string') throw badRequest('xml_required', 'Cần gửi nội dung XML (Content-Type: application/xml).', 'Send the XML message (Content-Type: application/xml).', ['body']);
      assertTextUpload(request.body, ['body']);
      const parsed = parseAdx(request.body);
      const mapping = await loadMapping(db);
      const rows = parsed.value ? adxToCandidates(parsed.value, mapping) : [];
      const badRows = new Set(parsed.conflicts.flatMap((c) => c.indexes));
      return runImport(request, reply, { planId: request.query.planId, dryRun: request.query.dryRun === 'true', allowedUnits: null }, rows.filter((r) => !badRows.has(r.index)), parsed.conflicts);
    },
  );

  app.post(
    '/exchange/csv',
    { config: { access: { permission: 'reports.enter', unit: queryUnit } }, schema: { tags: ['exchange'], summary: 'Import the values of a period from CSV (unit_code, measure, group, value, comment); all rows valid or nothing stored', querystring: CsvQuery } },
    async (request, reply) => {
      if (typeof request.body !== 'string') throw badRequest('csv_required', 'Cần gửi nội dung CSV (Content-Type: text/csv).', 'Send the CSV text (Content-Type: text/csv).', ['body']);
      assertTextUpload(request.body, ['body']);
      const allowed = await subtreeUnitIds(db, request.query.unitId);
      const units = await db.selectFrom('admin_unit').select(['id', 'code']).where('id', 'in', [...allowed]).execute();
      const measures = await loadMeasureInfo(db);
      const read = readValuesCsv(request.body, { period: request.query.period, unitByCode: new Map(units.map((u) => [u.code, u.id])), measureCodes: new Set(measures.keys()) });
      if (read.fileError) throw badRequest('csv_invalid', read.fileError.vi, read.fileError.en, ['body']);
      return runImport(request, reply, { planId: request.query.planId, dryRun: request.query.dryRun === 'true', allowedUnits: allowed }, read.candidates, read.conflicts);
    },
  );

  // ───────────── export ─────────────
  async function exportValues(q: z.infer<typeof ExportQuery>): Promise<ExchangeValue[]> {
    const unitIds = q.children === 'true' ? [...(await subtreeUnitIds(db, q.unitId))] : [q.unitId];
    // every export leaves the commune: small child counts of the child-protection indicators are withheld
    return suppressValues(await valueStore().read(db, { planId: q.planId, unitIds, period: q.period })).values;
  }

  app.get(
    '/exchange/dhis2/dataValueSets',
    { config: { access: { permission: 'documents.read', unit: queryUnit } }, schema: { tags: ['exchange'], summary: 'Export the values of a unit (and its children) for a year as DHIS2 dataValueSets JSON', querystring: ExportQuery } },
    async (request) => {
      const mapping = await loadMapping(db);
      const { document, unmapped } = toDataValueSet(await exportValues(request.query), mapping);
      return { ...document, ...(unmapped.length ? { unmapped: unmapped.map((u) => ({ measure: u.value.measure, group: u.value.group, unitId: u.value.unitId, reason: u.reasonVi, reasonEn: u.reasonEn })) } : {}) };
    },
  );

  app.get(
    '/exchange/adx',
    { config: { access: { permission: 'documents.read', unit: queryUnit } }, schema: { tags: ['exchange'], summary: 'Export the values of a unit (and its children) for a year as ADX XML', querystring: ExportQuery } },
    async (request, reply) => {
      const mapping = await loadMapping(db);
      const { document, unmapped } = toAdx(await exportValues(request.query), mapping);
      if (unmapped.length) reply.header('x-vitreem-unmapped', String(unmapped.length));
      return reply.header('content-type', 'application/adx+xml; charset=utf-8').send(serializeAdx(document));
    },
  );

  app.get(
    '/exchange/values.xlsx',
    { config: { access: { permission: 'documents.read', unit: queryUnit } }, schema: { tags: ['exchange'], summary: 'The raw values of a period as XLSX (columns as the CSV import)', querystring: ExportQuery } },
    async (request, reply) => {
      const values = await exportValues(request.query);
      const unitRows = values.length ? await db.selectFrom('admin_unit').select(['id', 'code', 'name']).where('id', 'in', [...new Set(values.map((v) => v.unitId))]).execute() : [];
      const measureRows = await db.selectFrom('measure as m').innerJoin('indicator as i', 'i.id', 'm.indicator_id').select(['m.code', 'm.name_vi']).where('i.scope_plan_id', 'is', null).execute();
      const unitOf = new Map(unitRows.map((u) => [u.id, u]));
      const nameOf = new Map(measureRows.map((m) => [m.code, m.name_vi]));
      const wb = rawValuesWorkbook(request.query.period, values.map((v) => ({ unitCode: unitOf.get(v.unitId)?.code ?? String(v.unitId), unitName: unitOf.get(v.unitId)?.name ?? '', measure: v.measure, measureName: nameOf.get(v.measure) ?? '', group: v.group, value: v.value, comment: v.comment })));
      return reply.header('content-type', XLSX_MEDIA_TYPE).header('content-disposition', contentDisposition(`So-lieu-${request.query.unitId}-${request.query.period}.xlsx`)).send(await toBuffer(wb));
    },
  );
}
