/**
 * What the reporting, monitoring and child-friendly commune pages open on when the address names no
 * unit or year: the caller's own unit (its first grant's unit; the nation for a national grant) and the
 * latest year of that unit's subtree with reports, with submitted data, with child-friendly files — never
 * an empty current year when the last cycle is the one people work on.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import './schema-reporting.ts';
import './schema-cff.ts';
import type { Actor } from '../api/access.ts';

export interface ReportingDefaults {
  unit: { id: number; name: string; level: string } | null;
  /** latest year with any report of (or to) the unit's subtree: "my reports", the inbox */
  reportsYear: number;
  /** latest year with a submitted or approved report: dashboards, the overview */
  dataYear: number;
  /** latest year with a child-friendly commune registration */
  cffYear: number;
}

export async function reportingDefaults(db: Kysely<Database>, actor: Pick<Actor, 'grants'>): Promise<ReportingDefaults> {
  const thisYear = new Date(Date.now() + 7 * 3600_000).getUTCFullYear();
  const withUnit = actor.grants.find((g) => g.unitId !== null);
  let unitId = withUnit?.unitId ?? null;
  if (unitId === null && actor.grants.length)
    unitId = (await db.selectFrom('admin_unit').select('id').where('level', '=', 'nation').where('valid_to', 'is', null).executeTakeFirst())?.id ?? null;
  if (unitId === null) return { unit: null, reportsYear: thisYear, dataYear: thisYear, cffYear: thisYear };
  const unit = await db.selectFrom('admin_unit').select(['id', 'name', 'level']).where('id', '=', unitId).executeTakeFirst();
  const years = await sql<{ reports: number | null; data: number | null; cff: number | null }>`
    with recursive sub(id) as (select ${unitId}::int union all select u.id from admin_unit u join sub on u.parent_id = sub.id)
    select
      (select max(o.year) from obligation o where o.unit_id in (select id from sub) or o.recipient_unit_id in (select id from sub)) as reports,
      (select max(o.year) from obligation o where o.unit_id in (select id from sub) and o.status in ('submitted','approved')) as data,
      (select max(r.year) from cff_registration r where r.unit_id in (select id from sub)) as cff`.execute(db);
  const y = years.rows[0];
  const pick = (x: number | null | undefined) => (x === null || x === undefined ? thisYear : Math.min(Number(x), thisYear + 1));
  return { unit: unit ? { id: unit.id, name: unit.name, level: unit.level } : null, reportsYear: pick(y?.reports), dataYear: pick(y?.data), cffYear: pick(y?.cff) };
}
