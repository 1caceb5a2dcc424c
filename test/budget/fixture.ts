/**
 * Seed 001 (Kế hoạch 107/KH-UBND, UBND tỉnh Kiên Giang) as an issued plan with its full Phụ lục 01
 * budget, plus the province's own yearly report to the ministry level (a 'unit' reporting rule) so
 * that the lock of a year's spending can be exercised through the real report workflow.
 */
import { asSystem } from '../../src/storage/users.ts';
import { createPlan } from '../../src/storage/plans.ts';
import { kienGiangInput, kienGiangUnitId } from '../fixtures/documents/kien-giang-input.ts';
import type { TestContext } from '../helpers/context.ts';

export interface BudgetFixture {
  planId: number;
  unitId: number;
  nationId: number;
  agencies: Record<string, number>;
}

export async function kienGiangBudgetPlan(ctx: TestContext, options: { status?: 'draft' | 'issued'; number?: string } = {}): Promise<BudgetFixture> {
  const db = ctx.database.db;
  const unitId = await kienGiangUnitId(db);
  const nationId = (await db.selectFrom('admin_unit').select('id').where('level', '=', 'nation').where('code', '=', 'VN').executeTakeFirstOrThrow()).id;
  const input = kienGiangInput(unitId);
  const planId = await asSystem(db, 'test', (trx) =>
    createPlan(trx, {
      ...input,
      number: options.number ?? input.number,
      status: options.status ?? 'issued',
      reporting: [...(input.reporting ?? []), { reporterKind: 'unit', reporter: 'UBND tỉnh Kiên Giang', recipient: 'Bộ Lao động - Thương binh và Xã hội', recipientUnitId: nationId, due: { day: 15, month: 12, year: null }, recurrence: 'yearly' }],
    }),
  );
  const agencies = Object.fromEntries(
    (await db.selectFrom('plan_agency as pa').innerJoin('agency as a', 'a.id', 'pa.agency_id').select(['a.id', 'a.name']).where('pa.plan_id', '=', planId).execute()).map((a) => [a.name, a.id]),
  );
  return { planId, unitId, nationId, agencies };
}

/** 2021–2024 spending of seed 001's activities (million VND): plausible, below and above the plan. */
export const SPENT_2024 = [
  { activity: '1', source: 'local', amount: 236 },
  { activity: '2', source: 'local', amount: 285 },
  { activity: '3', source: 'local', amount: 200 },
  { activity: '4', source: 'mobilised', amount: 612.5 },
  { activity: '5', source: 'local', amount: 60 },
  { activity: '6', source: 'local', amount: 400 },
];
