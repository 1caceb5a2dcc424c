/** Administrative units over time: list, tree, detail, create, correct, successions. */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App, AppContext } from '../app.ts';
import { writeTransaction } from '../transaction.ts';
import { IsoDate } from '../../domain/plan-document.ts';
import { UNIT_LEVELS } from '../../domain/model.ts';
import { buildTree, LEVEL_RANK } from '../../domain/units.ts';
import { addUnitSuccession, countUnits, coveringUnits, createUnit, getUnit, listUnits, setSuccessionShares, updateUnit, type Unit } from '../../storage/units.ts';
import { sql } from 'kysely';
import { AppError, badRequest } from '../errors.ts';
import { assertTextUpload, assertZipUpload } from '../input-limits.ts';
import { importUnitList, readUnitListFile } from '../../storage/units-import.ts';
import { importConversion, readConversionFile } from '../../storage/units-conversion.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const idOf = (req: FastifyRequest) => (req.params as { id: number }).id;
const today = () => new Date().toISOString().slice(0, 10);

export default async function unitRoutes(app: App, context: AppContext): Promise<void> {
  const db = context.db;

  app.get('/units', {
    config: { access: { action: 'units.read', resource: 'unit', load: (req) => (req.query as { parentId?: number }).parentId ?? null } },
    schema: {
      tags: ['units'], summary: 'List administrative units (effective-dated, accent-insensitive search)',
      querystring: z.object({
        level: z.enum(UNIT_LEVELS).optional(),
        parentId: z.coerce.number().int().positive().optional(),
        at: IsoDate.optional().describe('only units valid on this date (YYYY-MM-DD)'),
        q: z.string().optional(),
        code: z.string().optional(),
        limit: z.coerce.number().int().min(1).max(5000).default(500),
        offset: z.coerce.number().int().min(0).default(0),
      }),
    },
  }, async (request) => {
    const q = request.query;
    const [items, total] = await Promise.all([listUnits(db, q), countUnits(db, q)]);
    return { items, total, limit: q.limit, offset: q.offset };
  });

  app.get('/units/tree', {
    config: { access: { action: 'units.read', resource: 'unit', load: (req) => (req.query as { parentId?: number }).parentId ?? null } },
    schema: {
      tags: ['units'], summary: 'Units valid at a date as a tree (nation → provinces by default; ?parentId= for the children of one unit)',
      querystring: z.object({
        at: IsoDate.optional(),
        parentId: z.coerce.number().int().positive().optional(),
        depth: z.coerce.number().int().min(1).max(4).default(1).describe('levels below the root (nation) or below parentId'),
      }),
    },
  }, async (request) => {
    const at = request.query.at ?? today();
    const depth = request.query.depth;
    let root: Unit[];
    if (request.query.parentId) root = [await getUnit(db, request.query.parentId)];
    else root = await listUnits(db, { level: 'nation', at });
    const all: Unit[] = [...root];
    let frontier = root.map((u) => u.id);
    for (let d = 0; d < depth && frontier.length; d++) {
      const ids: number[] = [];
      for (let i = 0; i < frontier.length; i += 500) {
        const rows = await db.selectFrom('admin_unit').select(['id']).where('parent_id', 'in', frontier.slice(i, i + 500)).where('valid_from', '<=', at)
          .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)])).execute();
        ids.push(...rows.map((r) => r.id));
      }
      const full = ids.length ? await fetchUnits(ids) : [];
      all.push(...full);
      frontier = full.map((u) => u.id);
    }
    const counts = frontier.length
      ? await db.selectFrom('admin_unit').select(['parent_id', sql<number>`count(*)`.as('n')]).where('parent_id', 'in', frontier).where('valid_from', '<=', at)
        .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)])).groupBy('parent_id').execute()
      : [];
    const more = new Map(counts.map((c) => [c.parent_id!, Number(c.n)]));
    const toJson = (n: { unit: Unit; children: any[] }): unknown => ({ ...n.unit, childCount: more.get(n.unit.id), children: n.children.map(toJson) });
    const rootIds = new Set(root.map((r) => r.id));
    return { at, items: buildTree(all).filter((n) => rootIds.has(n.unit.id)).map(toJson) };
  });

  async function fetchUnits(ids: number[]): Promise<Unit[]> {
    const out: Unit[] = [];
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = await db.selectFrom('admin_unit').select(['id', 'code', 'name', 'full_name', 'kind', 'level', 'parent_id', 'valid_from', 'valid_to', 'note', 'name_en']).where('id', 'in', ids.slice(i, i + 1000)).execute();
      out.push(...rows.map((r) => ({ id: r.id, code: r.code, name: r.name, fullName: r.full_name, kind: r.kind, level: r.level, parentId: r.parent_id, validFrom: r.valid_from, validTo: r.valid_to, note: r.note, nameEn: r.name_en })));
    }
    return out.sort((a, b) => (LEVEL_RANK[a.level] ?? 9) - (LEVEL_RANK[b.level] ?? 9) || a.code.localeCompare(b.code));
  }

  app.get('/units/:id', {
    config: { access: { action: 'units.read', resource: 'unit', load: idOf } },
    schema: { tags: ['units'], summary: 'A unit with its parent chain, predecessors and successors (?at= adds the units covering it on that date)', params: IdParams, querystring: z.object({ at: IsoDate.optional() }) },
  }, async (request) => {
    const unit = await getUnit(db, request.params.id);
    const at = request.query.at;
    return at ? { ...unit, coveringAt: { at, units: await coveringUnits(db, unit.id, at) } } : unit;
  });

  app.get('/units/:id/covering', {
    config: { access: { action: 'units.read', resource: 'unit', load: idOf } },
    schema: { tags: ['units'], summary: 'Units valid on a date that cover this unit (itself, its successors, or its parent’s)', params: IdParams, querystring: z.object({ at: IsoDate }) },
  }, async (request) => {
    await getUnit(db, request.params.id);
    return { at: request.query.at, items: await coveringUnits(db, request.params.id, request.query.at) };
  });

  const UnitBody = z.object({
    code: z.string().trim().min(1),
    name: z.string().trim().min(1),
    level: z.enum(UNIT_LEVELS),
    kind: z.string().nullable().optional(),
    nameEn: z.string().nullable().optional(),
    parentId: z.number().int().positive().nullable().optional(),
    validFrom: IsoDate.nullable().optional(),
    validTo: IsoDate.nullable().optional(),
    note: z.string().nullable().optional(),
  });

  app.post('/units', {
    config: { access: { action: 'units.write', resource: 'unit', load: (req) => (req.body as { parentId?: number | null })?.parentId ?? null } },
    schema: { tags: ['units'], summary: 'Create an administrative unit', body: UnitBody },
  }, async (request, reply) => {
    const unit = await writeTransaction(request, (trx) => createUnit(trx, request.body));
    return reply.status(201).send(unit);
  });

  app.patch('/units/:id', {
    config: { access: { action: 'units.write', resource: 'unit', load: idOf } },
    schema: {
      tags: ['units'], summary: 'Correct a unit (name, code, parent, end of validity, note)', params: IdParams,
      body: z.object({ name: z.string().trim().min(1).optional(), code: z.string().trim().min(1).optional(), kind: z.string().nullable().optional(), nameEn: z.string().nullable().optional(), parentId: z.number().int().positive().nullable().optional(), validTo: IsoDate.nullable().optional(), note: z.string().nullable().optional() }),
    },
  }, async (request) => writeTransaction(request, (trx) => updateUnit(trx, request.params.id, request.body)));

  app.post('/units/:id/successions', {
    config: { access: { action: 'units.write', resource: 'unit', load: idOf } },
    schema: {
      tags: ['units'], summary: 'Link a unit to its successor (merge, split, rename, transfer); ends the unit on that date unless closePredecessor=false', params: IdParams,
      body: z.object({ successorId: z.number().int().positive(), effectiveDate: IsoDate, kind: z.enum(['merge', 'split', 'rename', 'transfer']), share: z.number().gt(0).max(1).nullable().optional(), closePredecessor: z.boolean().optional() }),
    },
  }, async (request, reply) => {
    const r = await writeTransaction(request, (trx) => addUnitSuccession(trx, request.params.id, request.body));
    return reply.status(201).send({ id: r.id, unit: await getUnit(db, request.params.id) });
  });

  app.put('/units/:id/shares', {
    config: { access: { action: 'units.write', resource: 'unit', load: idOf } },
    schema: {
      tags: ['units'], summary: 'Set the shares (population or area) of a split unit\'s successors, all at once, summing to 1; they stop being estimates', params: IdParams,
      body: z.object({ shares: z.array(z.object({ successorId: z.number().int().positive(), share: z.number().gt(0).max(1) })).min(1).max(100) }),
    },
  }, async (request) => ({ items: await writeTransaction(request, (trx) => setSuccessionShares(trx, request.params.id, request.body.shares)) }));

  await app.register(async (scoped) => unitsImportRoutes(scoped as App));
}

/** POST /api/units/import — the statistics office's list (CSV or XLSX), all-or-nothing. */
export async function unitsImportRoutes(app: App): Promise<void> {
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  app.addContentTypeParser(['text/csv', XLSX], { parseAs: 'buffer', bodyLimit: 60 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  app.post('/units/import', {
    config: { access: { action: 'units.write', resource: 'unit', load: () => null } },
    bodyLimit: 60 * 1024 * 1024,
    schema: {
      tags: ['units'], summary: 'Import the statistics office’s list of units (CSV or XLSX; multipart "file" or raw body); upsert by level and code at validFrom',
      querystring: z.object({ format: z.enum(['csv', 'xlsx']).optional(), validFrom: IsoDate, dryRun: z.enum(['true', 'false']).optional() }),
    },
  }, async (request) => {
    const { data, format } = await uploadedTable(request, request.query.format, 'Cần gửi tệp danh mục (CSV hoặc XLSX).', 'Send the unit list file (CSV or XLSX).');
    const table = await readUnitListFile(data, format);
    return writeTransaction(request, (trx) => importUnitList(trx, table, { validFrom: request.query.validFrom, dryRun: request.query.dryRun === 'true' }));
  });

  app.post('/units/conversion', {
    // a national administrator's (units.write naming no unit: a national grant, src/domain/policy.ts)
    config: { access: { action: 'units.write', resource: 'unit', load: () => null } },
    bodyLimit: 60 * 1024 * 1024,
    schema: {
      tags: ['units'],
      summary: 'Import the statistics office’s conversion table for an official change (CSV or XLSX; multipart "file" or raw body): ends the old communes, creates the new ones, adds the succession links with their shares; all-or-nothing, ?dryRun=1 lists what would change',
      querystring: z.object({ format: z.enum(['csv', 'xlsx']).optional(), validFrom: IsoDate.describe('the day the new communes start (YYYY-MM-DD)'), dryRun: z.enum(['1', '0', 'true', 'false']).optional() }),
    },
  }, async (request) => {
    const { data, format } = await uploadedTable(request, request.query.format, 'Cần gửi tệp bảng chuyển đổi (CSV hoặc XLSX).', 'Send the conversion table file (CSV or XLSX).');
    const records = await readConversionFile(data, format);
    const dryRun = request.query.dryRun === '1' || request.query.dryRun === 'true';
    return writeTransaction(request, (trx) => importConversion(trx, records, { validFrom: request.query.validFrom, dryRun }));
  });
}

/** The uploaded file (multipart "file" or the raw body) checked by the input guards: the zip guard for XLSX, line caps for CSV. */
async function uploadedTable(request: FastifyRequest, asked: 'csv' | 'xlsx' | undefined, missingVi: string, missingEn: string): Promise<{ data: Buffer; format: 'csv' | 'xlsx' }> {
  let data: Buffer | null = null;
  let filename = '';
  if (request.isMultipart()) {
    const file = await request.file();
    if (file) {
      data = await file.toBuffer();
      filename = file.filename;
    }
  } else if (Buffer.isBuffer(request.body)) data = request.body;
  else if (typeof request.body === 'string') data = Buffer.from(request.body, 'utf8');
  if (!data || data.length === 0) throw badRequest('file_required', missingVi, missingEn, ['file']);
  const isZip = data[0] === 0x50 && data[1] === 0x4b;
  const format = asked ?? (isZip || /\.xlsx$/i.test(filename) || request.headers['content-type']?.includes('spreadsheetml') ? 'xlsx' : 'csv');
  if (format === 'xlsx') assertZipUpload(data, ['file'], undefined, () => new AppError(400, 'invalid_xlsx', 'Tệp XLSX không đọc được.', 'The XLSX file cannot be read.', ['file']));
  else assertTextUpload(data.toString('latin1'));
  return { data, format };
}
