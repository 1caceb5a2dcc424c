/**
 * Data exchange: the DHIS2/ADX mapping an administrator edits, DHIS2 dataValueSets JSON and ADX XML
 * export and import, CSV import of a period's values and the raw values as XLSX.
 * Imports are all-or-nothing: any conflict → HTTP 409 with a DHIS2-style ImportSummary listing every
 * bad row, and nothing stored.
 */
import { national } from '../access.ts';
import { mayAct } from '../auth/scope.ts';
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, AppContext } from '../app.ts';
import { AppError, badRequest, notFound } from '../errors.ts';
import { assertJsonText, assertTextUpload, assertZipUpload, readXlsxUpload } from '../input-limits.ts';
import { writeTransaction } from '../transaction.ts';
import { deleteMapping, loadMapping, setExchangeSetting, upsertElementMapping, upsertOrgUnitMapping } from '../../storage/documents.ts';
import { loadMeasureInfo, subtreeUnitIds, valueStore } from '../../storage/exchange-values.ts';
import '../../storage/exchange-reporting.ts';
import { parseDataValueSet, parseDataValueSetCsv, parseDataValueSetXml, checkIdSchemes, dataValueSetToCandidates, toDataValueSet, type ParseResult, type Dhis2DataValueSet } from '../../exchange/dhis2.ts';
import { parseAdx, serializeAdx, adxToCandidates, toAdx } from '../../exchange/adx.ts';
import { readValuesCsv, readValuesTable, type CsvReadResult } from '../../exchange/csv.ts';
import { decodeExchangeText, encodingName } from '../../exchange/encoding.ts';
import { planImport, refusedSummary, isRatioUnit, type ImportPlan } from '../../exchange/import-plan.ts';
import { parsePeriod, type Period } from '../../domain/period.ts';
import { periodAgainstRules } from '../../domain/reporting/periods.ts';
import { planName, planPeriodRules } from '../../storage/reporting-rules.ts';
import { valueKey, type CandidateRow, type Conflict, type ExchangeValue, type ReportResolution } from '../../exchange/types.ts';
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
const Scheme = z.string().max(100).optional();
const ImportQuery = z.object({ planId: z.coerce.number().int().positive(), dryRun: z.enum(['true', 'false']).optional(), idScheme: Scheme, dataElementIdScheme: Scheme, orgUnitIdScheme: Scheme, categoryOptionComboIdScheme: Scheme, dataSetIdScheme: Scheme });
/** period: a DHIS2 period code the plan reports on: a year "2025", or a sub-period its rules ask for ("2025S1", "2025Q3", "202507") */
const PeriodCode = z.string().max(11).refine((p) => parsePeriod(p) !== null, { message: 'not a DHIS2 period (e.g. 2024)' });
const ExportQuery = z.object({ planId: z.coerce.number().int().positive(), unitId: z.coerce.number().int().positive(), period: PeriodCode, children: z.enum(['true', 'false']).optional() });
const CsvQuery = z.object({ planId: z.coerce.number().int().positive(), unitId: z.coerce.number().int().positive(), period: PeriodCode, dryRun: z.enum(['true', 'false']).optional() });
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Thrown inside the transaction of a dry run: the same writes as the real run, then rolled back. */
class DryRunRollback extends Error {}

/** The request body as text: bytes decoded (UTF-8, UTF-16, Windows-1258, TCVN3; VNI refused by name). */
function bodyText(body: unknown): { ok: true; text: string; encoding: string } | { ok: false; vi: string; en: string } {
  if (typeof body === 'string') return { ok: true, text: body.replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  if (Buffer.isBuffer(body)) return decodeExchangeText(body);
  return { ok: false, vi: 'Thiếu nội dung tệp', en: 'No file content' };
}

const queryUnit = (request: FastifyRequest): number => Number((request.query as { unitId: string }).unitId);

export default async function exchangeRoutes(app: App, context: AppContext): Promise<void> {
  const { db } = context;
  // bodies of this module: XML, CSV and DHIS2 JSON as text
  app.addContentTypeParser(['application/xml', 'text/xml', 'application/adx+xml', 'text/csv', 'application/csv', 'text/plain'], { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_r, body, done) => done(null, body));

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
  app.get('/exchange/mapping', { config: { access: { action: 'exchange.admin', resource: 'exchange', load: national } }, schema: { tags: ['exchange'], summary: 'The DHIS2/ADX mapping: measures ↔ data elements, units ↔ org units, export settings' } }, async () => loadMapping(db));

  app.post('/exchange/mapping/elements', { config: { access: { action: 'exchange.admin', resource: 'exchange', load: national } }, schema: { tags: ['exchange'], summary: 'Map a measure (and group) to a DHIS2 data element + category option combo / ADX code + categories', body: ElementBody } }, async (request, reply) => {
    await validateElement(request.body);
    const id = await writeTransaction(request, (trx) => upsertElementMapping(trx, request.body));
    return reply.status(201).send({ id });
  });
  app.put('/exchange/mapping/elements/:id', { config: { access: { action: 'exchange.admin', resource: 'exchange', load: national } }, schema: { tags: ['exchange'], summary: 'Change a measure mapping', params: Id, body: ElementBody } }, async (request) => {
    await validateElement(request.body);
    return { id: await writeTransaction(request, (trx) => upsertElementMapping(trx, request.body, request.params.id)) };
  });
  app.delete('/exchange/mapping/elements/:id', { config: { access: { action: 'exchange.admin', resource: 'exchange', load: national } }, schema: { tags: ['exchange'], summary: 'Remove a measure mapping', params: Id } }, async (request, reply) => {
    await writeTransaction(request, (trx) => deleteMapping(trx, 'exchange_element_map', request.params.id));
    return reply.status(204).send();
  });
  app.post('/exchange/mapping/org-units', { config: { access: { action: 'exchange.admin', resource: 'exchange', load: national } }, schema: { tags: ['exchange'], summary: 'Map a unit to a DHIS2/ADX org unit id', body: OrgUnitBody } }, async (request, reply) => {
    const id = await writeTransaction(request, (trx) => upsertOrgUnitMapping(trx, request.body));
    return reply.status(201).send({ id });
  });
  app.put('/exchange/mapping/org-units/:id', { config: { access: { action: 'exchange.admin', resource: 'exchange', load: national } }, schema: { tags: ['exchange'], summary: 'Change a unit mapping', params: Id, body: OrgUnitBody } }, async (request) => ({ id: await writeTransaction(request, (trx) => upsertOrgUnitMapping(trx, request.body, request.params.id)) }));
  app.delete('/exchange/mapping/org-units/:id', { config: { access: { action: 'exchange.admin', resource: 'exchange', load: national } }, schema: { tags: ['exchange'], summary: 'Remove a unit mapping', params: Id } }, async (request, reply) => {
    await writeTransaction(request, (trx) => deleteMapping(trx, 'exchange_org_unit_map', request.params.id));
    return reply.status(204).send();
  });
  app.put('/exchange/mapping/settings', { config: { access: { action: 'exchange.admin', resource: 'exchange', load: national } }, schema: { tags: ['exchange'], summary: 'Default dataSet and attribute option combo written on export', body: SettingsBody } }, async (request) => {
    await writeTransaction(request, async (trx) => {
      if (request.body.dataSet !== undefined) await setExchangeSetting(trx, 'dataSet', request.body.dataSet);
      if (request.body.attributeOptionCombo !== undefined) await setExchangeSetting(trx, 'attributeOptionCombo', request.body.attributeOptionCombo);
    });
    return loadMapping(db);
  });

  // ───────────── import (shared) ─────────────
  /**
   * One path for dry and real runs: the rows are checked (each resolved to its report), then written in one
   * transaction; a dry run is the same transaction rolled back, so it answers what the real run would.
   */
  async function runImport(request: FastifyRequest, reply: FastifyReply, q: { planId: number; dryRun: boolean; allowedUnits: Set<number> | null }, rows: CandidateRow[], pre: Conflict[]): Promise<FastifyReply> {
    const plan = await db.selectFrom('plan').select(['id', 'period_from', 'period_to']).where('id', '=', q.planId).executeTakeFirst();
    if (!plan) throw notFound('kế hoạch', 'Plan', ['query', 'planId']);
    // a period lands in the plan's reports of that period (2025, 2025S1, 2025Q3, 202507) only if its rules ask for it
    const [rules, name] = await Promise.all([planPeriodRules(db, q.planId), planName(db, q.planId)]);
    const periodRefusal = (p: Period) => periodAgainstRules(p.code, rules, name);
    const store = valueStore();
    if (!store.available && !q.dryRun)
      throw new AppError(503, 'values_unavailable', 'Chưa kết nối được kho số liệu báo cáo; chỉ có thể chạy thử (dryRun=true).', 'The reporting value store is not connected; only a dry run (dryRun=true) is possible.');
    const measures = await loadMeasureInfo(db);
    const mapping = await loadMapping(db);
    // every row resolved to the report it lands in (locked, missing, not assigned → a conflict of that row)
    const targets = rows.flatMap((r) => {
      const p = parsePeriod(r.period);
      return r.unitId !== null && r.measure !== null && p ? [{ unitId: r.unitId, measure: r.measure, period: p.code }] : [];
    });
    const reports: Map<string, ReportResolution> | undefined = store.resolve && targets.length ? await store.resolve(db, { planId: q.planId, targets }) : undefined;
    // a reporter's import (CSV, XLSX) writes only reports the caller may write: every row's report is checked
    // by the policy before anything is written (national exchange imports are the exchange administrator's)
    if (reports && q.allowedUnits !== null) await refuseForeignReports(request, reports);
    const existing = new Map<string, { value: number | null; comment: string | null; followup?: boolean }>();
    const unitIds = [...new Set(targets.map((t) => t.unitId))];
    for (const period of new Set(targets.map((t) => t.period))) for (const v of await store.read(db, { planId: q.planId, unitIds, period })) existing.set(valueKey(v), { value: v.value, comment: v.comment, followup: v.followup ?? false });
    const result: ImportPlan = planImport(
      rows,
      { measures, allowedUnits: q.allowedUnits, periodFrom: plan.period_from, periodTo: plan.period_to, periodRefusal, existing, derived: DERIVED_MEASURES, reports, attributeOptionCombos: new Set(mapping.attributeOptionCombo ? [mapping.attributeOptionCombo] : []), dataSet: mapping.dataSet ?? null },
      { dryRun: q.dryRun, preConflicts: pre },
    );
    if (result.summary.status === 'ERROR') return reply.status(409).send(result.summary);
    if (result.writes.length && store.available) {
      try {
        await writeTransaction(request, async (trx) => {
          await store.write(trx, { planId: q.planId, writes: result.writes, actor: { userId: request.actor?.userId ?? null, name: request.actor?.username ?? 'import' } });
          if (q.dryRun) throw new DryRunRollback();
        });
      } catch (e) {
        if (e instanceof DryRunRollback) return reply.status(200).send(result.summary);
        // a refusal while writing (a report locked meanwhile, a value the report refuses) is an ImportSummary too
        if (e instanceof AppError && e.statusCode < 500)
          return reply.status(409).send(refusedSummary([{ object: e.code, value: e.messageVi, valueEn: e.messageEn, errorCode: 'E7630', indexes: [], ...(e.path ? { property: e.path.join('.') } : {}) }], result.summary.warnings, rows.length, q.dryRun));
        throw e;
      }
    }
    return reply.status(200).send(result.summary);
  }

  /** Rows landing in a report the caller may not write (another agency's, another unit's) become conflicts. */
  async function refuseForeignReports(request: FastifyRequest, reports: Map<string, ReportResolution>): Promise<void> {
    const ids = [...new Set([...reports.values()].flatMap((r) => (r.ok ? [r.reportId] : [])))];
    if (!ids.length) return;
    const refused = new Set<number>();
    for (const o of await db.selectFrom('obligation').select(['id', 'unit_id', 'agency_id']).where('id', 'in', ids).execute()) {
      if (!(await mayAct(request, 'reports.enter', 'report', { unitId: o.unit_id, agencyId: o.agency_id }))) refused.add(o.id);
    }
    for (const [key, r] of reports) {
      if (r.ok && refused.has(r.reportId))
        reports.set(key, { ok: false, errorCode: 'E7631', vi: 'Bạn không có quyền ghi vào báo cáo này (báo cáo của cơ quan hoặc đơn vị khác); không dòng nào được lưu.', en: "You may not write into this report (another agency's or unit's report); no row was stored.", property: 'orgUnit' });
    }
  }

  /** A file that cannot be read at all: an ImportSummary with the one conflict (never a plain 400). */
  const unreadable = (reply: FastifyReply, dryRun: boolean, vi: string, en: string, object = 'file') => reply.status(409).send(refusedSummary([{ object, value: vi, valueEn: en, errorCode: 'E7600', indexes: [] }], [], 0, dryRun));

  app.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_r, body, done) => done(null, body));

  app.post(
    '/exchange/dhis2/dataValueSets',
    { config: { access: { action: 'exchange.admin', resource: 'exchange', load: national } }, schema: { tags: ['exchange'], summary: 'Import a DHIS2 data value set — JSON, XML or CSV (with or without header), as DHIS2 writes them (all or nothing; ImportSummary with conflicts per row)', querystring: ImportQuery } },
    async (request, reply) => {
      const dryRun = request.query.dryRun === 'true';
      const type = String(request.headers['content-type'] ?? '').toLowerCase();
      let parsed: ParseResult<Dhis2DataValueSet>;
      if (typeof request.body === 'object' && request.body !== null && !Buffer.isBuffer(request.body)) parsed = parseDataValueSet(request.body);
      else {
        const t = bodyText(request.body);
        if (!t.ok) return unreadable(reply, dryRun, t.vi, t.en, 'encoding');
        const head = t.text.trimStart();
        if (head.startsWith('{')) assertJsonText(t.text);
        else assertTextUpload(t.text, ['body']);
        parsed = head.startsWith('<') ? parseDataValueSetXml(t.text) : head.startsWith('{') || type.includes('json') ? parseDataValueSet(t.text) : parseDataValueSetCsv(t.text);
      }
      const schemes = checkIdSchemes(request.query);
      const mapping = await loadMapping(db);
      const rows = parsed.value ? dataValueSetToCandidates(parsed.value, mapping) : [];
      // rows with a structural problem are reported once, not checked again
      const badRows = new Set(parsed.conflicts.flatMap((c) => c.indexes));
      return runImport(request, reply, { planId: request.query.planId, dryRun, allowedUnits: null }, rows.filter((r) => !badRows.has(r.index)), [...schemes, ...parsed.conflicts]);
    },
  );

  app.post(
    '/exchange/adx',
    { config: { access: { action: 'exchange.admin', resource: 'exchange', load: national } }, schema: { tags: ['exchange'], summary: 'Import an ADX (IHE urn:ihe:qrph:adx:2015) message, as DHIS2 or the profile write it (all or nothing)', querystring: ImportQuery } },
    async (request, reply) => {
      const dryRun = request.query.dryRun === 'true';
      if (typeof request.body !== 'string' && !Buffer.isBuffer(request.body)) throw badRequest('xml_required', 'Cần gửi nội dung XML (Content-Type: application/xml).', 'Send the XML message (Content-Type: application/xml).', ['body']);
      const t = bodyText(request.body);
      if (!t.ok) return unreadable(reply, dryRun, t.vi, t.en, 'encoding');
      assertTextUpload(t.text, ['body']);
      const parsed = parseAdx(t.text);
      const mapping = await loadMapping(db);
      const rows = parsed.value ? adxToCandidates(parsed.value, mapping) : [];
      const badRows = new Set(parsed.conflicts.flatMap((c) => c.indexes));
      return runImport(request, reply, { planId: request.query.planId, dryRun, allowedUnits: null }, rows.filter((r) => !badRows.has(r.index)), [...checkIdSchemes(request.query), ...parsed.conflicts]);
    },
  );

  app.post(
    '/exchange/csv',
    { config: { access: { action: 'reports.enter', resource: 'report', load: queryUnit } }, schema: { tags: ['exchange'], summary: 'Import the values of a period from CSV or from values.xlsx (unit_code, measure, group, value or numerator + denominator, comment); all rows valid or nothing stored', querystring: CsvQuery } },
    async (request, reply) => {
      const isXlsx = String(request.headers['content-type'] ?? '').toLowerCase().startsWith(XLSX_TYPE);
      if (typeof request.body !== 'string' && !Buffer.isBuffer(request.body)) throw badRequest('csv_required', 'Cần gửi nội dung CSV (Content-Type: text/csv) hoặc tệp XLSX.', 'Send the CSV text (Content-Type: text/csv) or an XLSX file.', ['body']);
      if (typeof request.body === 'string') assertTextUpload(request.body, ['body']);
      const allowed = await subtreeUnitIds(db, request.query.unitId);
      const units = await db.selectFrom('admin_unit').select(['id', 'code']).where('id', 'in', [...allowed]).execute();
      const measures = await loadMeasureInfo(db);
      const options = { period: request.query.period, unitByCode: new Map(units.map((u) => [u.code, u.id])), measureCodes: new Set(measures.keys()) };
      let read: CsvReadResult;
      let encoding = 'utf-8';
      if (isXlsx) {
        // an XLSX bomb is refused from the archive's directory before exceljs inflates anything; exceljs reads off the event loop
        assertZipUpload(request.body as Buffer, ['body']);
        const rows = await readXlsxUpload(request.body as Buffer, ['body'], () => badRequest('xlsx_invalid', 'Tệp không phải bảng tính XLSX đọc được.', 'The file is not a readable XLSX workbook.', ['body']));
        read = readValuesTable(rows.map((r) => ({ line: r.line, fields: r.cells })), options);
      } else {
        const t = bodyText(request.body);
        if (!t.ok) throw badRequest('csv_encoding', t.vi, t.en, ['body']);
        assertTextUpload(t.text, ['body']);
        encoding = t.encoding;
        read = readValuesCsv(t.text, options);
      }
      if (read.fileError) {
        const note = encoding === 'utf-8' ? { vi: '', en: '' } : { vi: ` (tệp được đọc theo bảng mã ${encodingName(encoding)})`, en: ` (the file was read as ${encodingName(encoding)})` };
        throw badRequest('csv_invalid', read.fileError.vi + note.vi, read.fileError.en + note.en, ['body']);
      }
      return runImport(request, reply, { planId: request.query.planId, dryRun: request.query.dryRun === 'true', allowedUnits: allowed }, read.candidates, read.conflicts);
    },
  );

  // ───────────── export ─────────────
  async function exportValues(q: z.infer<typeof ExportQuery>): Promise<ExchangeValue[]> {
    const unitIds = q.children === 'true' ? [...(await subtreeUnitIds(db, q.unitId))] : [q.unitId];
    // every export leaves the commune: small child counts of the child-protection indicators are withheld
    return suppressValues(await valueStore().read(db, { planId: q.planId, unitIds, period: q.period })).values;
  }
  async function completeDatesOf(q: z.infer<typeof ExportQuery>): Promise<Map<string, string>> {
    const store = valueStore();
    if (!store.completeDates) return new Map();
    const unitIds = q.children === 'true' ? [...(await subtreeUnitIds(db, q.unitId))] : [q.unitId];
    return store.completeDates(db, { planId: q.planId, unitIds, period: q.period });
  }

  app.get(
    '/exchange/dhis2/dataValueSets',
    { config: { access: { action: 'documents.read', resource: 'document', load: queryUnit } }, schema: { tags: ['exchange'], summary: 'Export the values of a unit (and its children) for a year as DHIS2 dataValueSets JSON', querystring: ExportQuery } },
    async (request) => {
      const mapping = await loadMapping(db);
      const values = await exportValues(request.query);
      // DHIS2's completeDate: the day the unit's report was submitted (a set of several units has none)
      const completeDates = await completeDatesOf(request.query);
      const completeDate = request.query.children === 'true' ? null : (completeDates.get(`${request.query.unitId}|${request.query.period}`) ?? null);
      const { document, unmapped } = toDataValueSet(values, mapping, { completeDate });
      return { ...document, ...(unmapped.length ? { unmapped: unmapped.map((u) => ({ measure: u.value.measure, group: u.value.group, unitId: u.value.unitId, reason: u.reasonVi, reasonEn: u.reasonEn })) } : {}) };
    },
  );

  app.get(
    '/exchange/adx',
    { config: { access: { action: 'documents.read', resource: 'document', load: queryUnit } }, schema: { tags: ['exchange'], summary: 'Export the values of a unit (and its children) for a year as ADX XML', querystring: ExportQuery } },
    async (request, reply) => {
      const mapping = await loadMapping(db);
      const { document, unmapped } = toAdx(await exportValues(request.query), mapping, { completeDates: await completeDatesOf(request.query) });
      if (unmapped.length) reply.header('x-vitreem-unmapped', String(unmapped.length));
      // the ADX schema wants at least one group: no values is "no content", not an invalid document
      if (!document.groups.length) return reply.status(204).send();
      return reply.header('content-type', 'application/adx+xml; charset=utf-8').send(serializeAdx(document));
    },
  );

  app.get(
    '/exchange/values.xlsx',
    { config: { access: { action: 'documents.read', resource: 'document', load: queryUnit } }, schema: { tags: ['exchange'], summary: 'The raw values of a period as XLSX (columns as the CSV import)', querystring: ExportQuery } },
    async (request, reply) => {
      const values = await exportValues(request.query);
      const unitRows = values.length ? await db.selectFrom('admin_unit').select(['id', 'code', 'name']).where('id', 'in', [...new Set(values.map((v) => v.unitId))]).execute() : [];
      const measureRows = await db.selectFrom('measure as m').innerJoin('indicator as i', 'i.id', 'm.indicator_id').select(['m.code', 'm.name_vi']).where('i.scope_plan_id', 'is', null).execute();
      const unitOf = new Map(unitRows.map((u) => [u.id, u]));
      const nameOf = new Map(measureRows.map((m) => [m.code, m.name_vi]));
      // one row per measure and group: a rate's numerator and denominator side by side, as the import reads them
      const rows = new Map<string, { unitCode: string; unitName: string; measure: string; measureName: string; group: string | null; value: number | null; numerator: number | null; denominator: number | null; comment: string | null }>();
      for (const v of values) {
        const k = `${v.unitId}|${v.measure}|${v.group ?? ''}`;
        const row = rows.get(k) ?? { unitCode: unitOf.get(v.unitId)?.code ?? String(v.unitId), unitName: unitOf.get(v.unitId)?.name ?? '', measure: v.measure, measureName: nameOf.get(v.measure) ?? '', group: v.group, value: null, numerator: null, denominator: null, comment: null };
        row[v.part] = v.value;
        if (v.comment) row.comment = v.comment;
        rows.set(k, row);
      }
      const wb = rawValuesWorkbook(request.query.period, [...rows.values()]);
      return reply.header('content-type', XLSX_MEDIA_TYPE).header('content-disposition', contentDisposition(`So-lieu-${request.query.unitId}-${request.query.period}.xlsx`)).send(await toBuffer(wb));
    },
  );
}
