/**
 * Shared set-up for the security suite: two provinces with their officers, reporters and viewers;
 * the victim province (An Giang) holds private data marked with canary strings; attack counters
 * that print `security.<attack>: attempts N successes M`.
 */
import { randomBytes } from 'node:crypto';
import type { ZodType } from 'zod';
import { createTestContext, type Client, type TestContext, type TestResponse } from '../helpers/context.ts';
import { createUnitTree, type UnitTree } from '../helpers/units.ts';
import { asSystem } from '../../src/storage/users.ts';
import { createApiToken } from '../../src/storage/sessions.ts';
import type { RouteInfo } from '../../src/api/auth/hooks.ts';
import { setAuditContext } from '../../src/api/transaction.ts';
import { recordCreator } from '../../src/api/auth/objects.ts';

export class Counter {
  attempts = 0;
  successes = 0;
  readonly findings: string[] = [];
  constructor(readonly name: string) {}
  attempt(success: boolean, what: string): void {
    this.attempts++;
    if (success) {
      this.successes++;
      if (this.findings.length < 25) this.findings.push(what);
    }
  }
  report(): void {
    console.log(`security.${this.name}: attempts ${this.attempts} successes ${this.successes}`);
    for (const f of this.findings) console.log(`  ! ${f}`);
  }
}

export interface World {
  ctx: TestContext;
  units: UnitTree;
  canary: string;
  victim: { planId: number; taskId: number; uploadIds: number[]; userId: number; tokenId: number; sessionId: number; unitIds: number[]; agencyIds: number[] };
  /** An Giang's own officer: must still reach its data (proves the refusals are about scope) */
  owner: Client;
  attackers: Record<'ctOfficer' | 'ctReporter' | 'ctViewer' | 'nkCaseWorker' | 'noGrants', Client>;
  attackerIds: number[];
  routes: RouteInfo[];
}

export async function createWorld(): Promise<World> {
  const ctx = await createTestContext();
  const units = await createUnitTree(ctx.database.db);
  const canary = `CANARY${randomBytes(6).toString('hex')}`;
  const victim = await asSystem(ctx.database.db, 'test', async (trx) => {
    const plan = await trx
      .insertInto('plan')
      .values({ number: `${canary}-KH`, title: `Kế hoạch bí mật ${canary}`, level: 'province', issuer_unit_id: units.anGiang, issuer_name: 'UBND tỉnh An Giang', issue_year: 2025, period_from: 2026, period_to: 2030, status: 'draft' } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const task = await trx.insertInto('task').values({ plan_id: plan.id, title: `Nhiệm vụ ${canary}`, description: canary } as never).returning('id').executeTakeFirstOrThrow();
    return { planId: plan.id, taskId: task.id };
  });
  const agOfficer = await ctx.createUser({ username: 'ag.officer', displayName: `Cán bộ ${canary}`, grants: [{ role: 'unit_officer', unitId: units.anGiang }] });
  const owner = await ctx.sessionFor(agOfficer); // the victim's own officer (positive control) with a live session
  // documents uploaded by the An Giang officer: one not yet saved, one saved as the victim plan
  const uploads = await ctx.database.db.transaction().execute(async (trx) => {
    await setAuditContext(trx, { actorId: agOfficer.id, actorName: agOfficer.username });
    const upload = (planId: number | null, name: string) =>
      trx
        .insertInto('plan_document')
        .values({ plan_id: planId, filename: `${name}-${canary}.txt`, media_type: 'text/plain', size_bytes: 10, sha256: '0'.repeat(64), content: Buffer.from(canary), extracted_text: canary, extraction: JSON.stringify({ text: canary }), unit_id: units.anGiang, uploaded_by: planId === null ? agOfficer.id : null } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
    const draft = (await upload(null, 'draft')).id;
    await recordCreator(trx, { actorId: agOfficer.id, actorName: agOfficer.username }, 'plan_document', draft);
    return { draft, saved: (await upload(victim.planId, 'saved')).id };
  });
  const token = await asSystem(ctx.database.db, 'test', (trx) => createApiToken(trx, { name: `token ${canary}`, scopes: ['reports.read'], unitId: units.anGiang, agencyId: null, createdBy: null }));
  const mk = async (username: string, grants: { role: string; unitId?: number; agencyId?: number }[]) => {
    const u = await ctx.createUser({ username, grants });
    return { client: await ctx.sessionFor(u), id: u.id };
  };
  const ctOfficer = await mk('ct.officer', [{ role: 'unit_officer', unitId: units.canTho }]);
  const ctReporter = await mk('ct.reporter', [{ role: 'agency_reporter', agencyId: units.ctHealth }]);
  const ctViewer = await mk('ct.viewer', [{ role: 'viewer', unitId: units.canTho }]);
  const nkCaseWorker = await mk('nk.caseworker', [{ role: 'case_worker', unitId: units.ninhKieu }]);
  const noGrants = await mk('no.grants', []);
  const sessionRow = await ctx.database.db.selectFrom('user_session').select('id').where('user_id', '=', agOfficer.id).executeTakeFirstOrThrow();
  return {
    ctx,
    units,
    canary,
    victim: {
      ...victim,
      uploadIds: [uploads.draft, uploads.saved],
      userId: agOfficer.id,
      tokenId: token.id,
      sessionId: Number(sessionRow.id),
      unitIds: [units.anGiang, units.longXuyen, units.kienGiang, units.rachGia, units.vinhThanhVan],
      agencyIds: [units.agHealth, units.agEducation],
    },
    owner,
    attackers: { ctOfficer: ctOfficer.client, ctReporter: ctReporter.client, ctViewer: ctViewer.client, nkCaseWorker: nkCaseWorker.client, noGrants: noGrants.client },
    attackerIds: [ctOfficer.id, ctReporter.id, ctViewer.id, nkCaseWorker.id, noGrants.id],
    routes: ctx.app.accessRoutes.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.method !== 'HEAD' && r.method !== 'OPTIONS'),
  };
}

/** routes that end the caller's own session: tried last / separately, or the attacker would be signed out */
export const SESSION_ENDING = new Set(['DELETE /api/session', 'POST /api/session/logout-all']);
export const endsSession = (route: { method: string; url: string }) => SESSION_ENDING.has(`${route.method} ${route.url}`);

/** Candidate values for a path parameter, guessed from its name and the segment before it. */
export function paramCandidates(world: World, url: string, name: string): (string | number)[] {
  const v = world.victim;
  const segments = url.split('/');
  const before = segments[segments.indexOf(`:${name}`) - 1] ?? '';
  const hint = `${before} ${name}`.toLowerCase();
  if (/session/.test(hint)) return [v.sessionId];
  if (/token/.test(hint)) return [v.tokenId];
  if (/user/.test(hint)) return [v.userId];
  if (/agenc/.test(hint)) return v.agencyIds;
  if (/task/.test(hint)) return [v.taskId];
  if (/import|upload|document/.test(hint)) return v.uploadIds;
  if (/plan/.test(hint)) return [v.planId];
  if (/unit|province|commune/.test(hint)) return [world.units.anGiang, world.units.vinhThanhVan];
  return [...new Set([v.planId, world.units.anGiang, v.agencyIds[0], v.userId, v.taskId, ...v.uploadIds])];
}

/** Every concrete URL for a route pattern (the cartesian product of candidates, capped). */
export function concreteUrls(world: World, url: string, override?: (name: string) => (string | number)[]): string[] {
  const names = [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
  let urls = [url.replace(/\*$/, 'x')];
  for (const name of names) {
    const values = override ? override(name) : paramCandidates(world, url, name);
    urls = urls.flatMap((u) => values.map((val) => u.replace(`:${name}`, encodeURIComponent(String(val)))));
    if (urls.length > 30) urls = urls.slice(0, 30);
  }
  return urls;
}

/** A body that points at the victim's objects wherever a field could name one. */
export function hostileBody(world: World): Record<string, unknown> {
  const v = world.victim;
  return {
    id: v.planId, planId: v.planId, unitId: world.units.anGiang, issuerUnitId: world.units.anGiang, agencyId: v.agencyIds[0], userId: v.userId, taskId: v.taskId,
    title: 'hijacked', name: 'hijacked', text: 'hijacked', username: 'hijacker', role: 'system_admin', status: 'issued',
    grants: [{ role: 'system_admin', unitId: null }], scopes: ['system.admin'], password: 'hijacker-password-123', value: 1, year: 2025,
  };
}

export function mentionsVictim(world: World, r: TestResponse): boolean {
  return r.body.includes(world.canary);
}

// ---------------------------------------------------------------- zod introspection for field-wise attacks

type AnyZod = ZodType & { def?: Record<string, unknown>; shape?: Record<string, AnyZod>; options?: unknown[]; unwrap?: () => AnyZod };

function unwrap(schema: AnyZod | undefined): AnyZod | undefined {
  let s = schema;
  for (let i = 0; i < 10 && s; i++) {
    const type = s.def?.type as string | undefined;
    if (type === 'optional' || type === 'nullable' || type === 'default' || type === 'catch' || type === 'readonly' || type === 'nonoptional' || type === 'prefault') s = (s.def?.innerType as AnyZod) ?? undefined;
    else if (type === 'pipe') s = (s.def?.in as AnyZod) ?? undefined;
    else return s;
  }
  return s;
}

export function zodType(schema: unknown): string | undefined {
  return unwrap(schema as AnyZod)?.def?.type as string | undefined;
}

export function objectShape(schema: unknown): Record<string, AnyZod> | null {
  const s = unwrap(schema as AnyZod);
  return s?.def?.type === 'object' ? ((s.def.shape as Record<string, AnyZod>) ?? s.shape ?? null) : null;
}

/** A plausible value for a field: `text` in every string, sensible values elsewhere. */
export function sampleValue(schema: unknown, text: string, depth = 0): unknown {
  const s = unwrap(schema as AnyZod);
  const type = s?.def?.type as string | undefined;
  switch (type) {
    case 'string':
      return text;
    case 'number':
    case 'int':
    case 'bigint':
      return 1;
    case 'boolean':
      return true;
    case 'enum':
      return Object.values((s!.def!.entries as Record<string, unknown>) ?? {})[0];
    case 'literal':
      return (s!.def!.values as unknown[])?.[0];
    case 'array':
      return depth > 3 ? [] : [sampleValue(s!.def!.element, text, depth + 1)];
    case 'object': {
      if (depth > 3) return {};
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(objectShape(s) ?? {})) out[k] = sampleValue(v, text, depth + 1);
      return out;
    }
    case 'union':
      return sampleValue((s!.def!.options as unknown[])?.[0], text, depth + 1);
    default:
      return text;
  }
}

export function schemaOf(route: RouteInfo, part: 'body' | 'querystring' | 'params'): unknown {
  return (route.schema as Record<string, unknown> | undefined)?.[part];
}
