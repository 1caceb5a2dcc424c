/** Shared set-up of the register tests: a data key, and a small tree of units. */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Client, TestContext } from '../helpers/context.ts';

process.env.VITREEM_DATA_KEY ??= randomBytes(32).toString('hex');

export interface Units { province: number; district: number; communeA: number; communeB: number; villageA: number }

export async function createUnits(ctx: TestContext): Promise<Units> {
  const db = ctx.database.db;
  const ins = async (code: string, name: string, level: string, parent: number | null) =>
    (await db.insertInto('admin_unit').values({ code, name, full_name: name, kind: null, level, parent_id: parent, note: null }).returning('id').executeTakeFirstOrThrow()).id;
  const suffix = randomBytes(3).toString('hex');
  const province = await ins(`T-${suffix}`, 'Tỉnh Điện Biên (thử)', 'province', null);
  const district = await ins(`H-${suffix}`, 'Huyện Tuần Giáo (thử)', 'district', province);
  const communeA = await ins(`XA-${suffix}`, 'Xã Quài Cang', 'commune', district);
  const communeB = await ins(`XB-${suffix}`, 'Xã Mường Mùn', 'commune', district);
  const villageA = await ins(`BA-${suffix}`, 'Bản Cang', 'village', communeA);
  return { province, district, communeA, communeB, villageA };
}

export function childBody(unitId: number, over: Record<string, unknown> = {}) {
  return {
    unitId,
    fullName: 'Lò Thị Hương',
    birthDate: '2015-04-02',
    sex: 'female',
    ethnicity: 'Thái',
    address: 'Bản Cang, xã Quài Cang',
    caregivers: [{ name: 'Lò Văn Pánh', relation: 'cha' }],
    legalBasis: 'child_protection',
    registeredOn: '2025-03-01',
    ...over,
  };
}

export async function rawText(ctx: TestContext, query: string): Promise<string> {
  const r = await sql.raw(query).execute(ctx.database.db);
  return JSON.stringify(r.rows);
}

export interface People {
  workerA: Client; supervisorA: Client; workerB: Client; viewer: Client; provinceSupervisor: Client; districtWorker: Client;
}

/** Case workers and supervisors of commune A, a worker of commune B, a provincial viewer and supervisor. */
export async function createPeople(ctx: TestContext, u: Units): Promise<People> {
  const make = async (username: string, role: string, unitId: number) => ctx.sessionFor({ id: (await ctx.createUser({ username, grants: [{ role, unitId } as never] })).id, username });
  return {
    workerA: await make('worker_a', 'case_worker', u.communeA),
    supervisorA: await make('supervisor_a', 'cp_supervisor', u.communeA),
    workerB: await make('worker_b', 'case_worker', u.communeB),
    viewer: await make('viewer_p', 'viewer', u.province),
    provinceSupervisor: await make('supervisor_p', 'cp_supervisor', u.province),
    districtWorker: await make('worker_d', 'case_worker', u.district),
  };
}
