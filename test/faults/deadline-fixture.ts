/**
 * A deadline-day country for the load bench and the fault tests: one province with `reporters`
 * communes, a provincial plan monitoring indicators 13 and 14 with a yearly report from every
 * lower unit, and one reporter account (unit officer) per commune, all with one password.
 * Inserted directly in the database BEFORE the server starts (the embedded database has a single
 * owner); the obligations are then generated through the API (POST /api/plans/:id/obligations).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/storage/schema.ts';
import { systemTransaction } from '../../src/api/transaction.ts';
import { createUser, hashPassword } from '../../src/storage/users.ts';
import { NATIONAL_TARGETS } from '../../src/domain/catalogue/national-programme.ts';

export const REPORTER_PASSWORD = 'Bao-cao-ngay-han-2025';

export interface DeadlineFixture {
  provinceId: number;
  planId: number;
  reporters: { username: string; unitId: number }[];
}

export async function prepareDeadline(db: Kysely<Database>, options: { reporters: number; prefix: string }): Promise<DeadlineFixture> {
  const { reporters, prefix } = options;
  const hash = await hashPassword(REPORTER_PASSWORD);
  return systemTransaction(db, 'load-setup', async (trx) => {
    const nation = await trx.selectFrom('admin_unit').select('id').where('level', '=', 'nation').executeTakeFirstOrThrow();
    const province = await trx
      .insertInto('admin_unit')
      .values({ code: `${prefix}-P`, name: `Tỉnh thử tải ${prefix}`, full_name: null, kind: 'tỉnh', level: 'province', parent_id: nation.id, valid_to: null, note: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`insert into admin_unit (code, name, level, parent_id) select ${prefix} || '-X' || g, 'Xã ' || ${prefix} || ' ' || g, 'commune', ${province.id}::int from generate_series(1, ${reporters}::int) g`.execute(trx);
    const communes = await trx.selectFrom('admin_unit').select(['id', 'code']).where('parent_id', '=', province.id).orderBy('id').execute();

    const plan = await trx
      .insertInto('plan')
      .values({ number: `${prefix}/KH-UBND`, title: 'Kế hoạch hành động vì trẻ em giai đoạn 2021-2030 (thử tải)', level: 'province', issuer_unit_id: province.id, issuer_name: null, issue_date: '2021-05-18', issue_date_text: null, issue_year: 2021, place: null, period_from: 2021, period_to: 2030, parent_plan_id: null, signer: null, signer_title: null, budget_stated_total: null, status: 'issued' })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [position, code] of ['13', '14'].entries()) {
      const indicator = await trx.selectFrom('indicator').select('id').where('code', '=', code).where('scope_plan_id', 'is', null).executeTakeFirstOrThrow();
      const planIndicator = await trx.insertInto('plan_indicator').values({ plan_id: plan.id, objective_id: null, indicator_id: indicator.id, number: code, text: null, position }).returning('id').executeTakeFirstOrThrow();
      const measures = await trx.selectFrom('measure').select(['id', 'code', 'unit']).where('indicator_id', '=', indicator.id).execute();
      for (const m of measures) {
        for (const t of NATIONAL_TARGETS.filter((x) => x.measure === m.code && !x.group)) {
          await trx
            .insertInto('target')
            .values({ plan_id: plan.id, plan_indicator_id: planIndicator.id, measure_id: m.id, year: t.year, comparator: t.comparator, value: t.value ?? null, value_max: null, unit: m.unit, base: null, group_key: null, relative: (t as { relative?: unknown }).relative ? JSON.stringify((t as { relative?: unknown }).relative) : null, note: null })
            .execute();
        }
      }
    }
    await trx.insertInto('reporting_rule').values({ plan_id: plan.id, reporter_kind: 'lower_units', reporter_agency_id: null, reporter_text: null, recipient_unit_id: province.id, recipient_agency_id: null, recipient_text: null, due_day: 20, due_month: 11, due_year: null, recurrence: 'yearly', position: 0 }).execute();

    const users: DeadlineFixture['reporters'] = [];
    for (const [i, commune] of communes.entries()) {
      const username = `${prefix}.r${i + 1}`.toLowerCase();
      await createUser(trx, { username, password: null, displayName: `Cán bộ báo cáo ${commune.code}`, grants: [{ role: 'unit_officer', unitId: commune.id }] });
      users.push({ username, unitId: commune.id });
    }
    // one argon2 hash for all (hashing 300 passwords would only slow the set-up)
    await trx.updateTable('app_user').set({ password_hash: hash, password_changed_at: new Date() }).where('username', 'like', `${prefix.toLowerCase()}.r%`).execute();
    return { provinceId: province.id, planId: plan.id, reporters: users };
  });
}

/** The values a reporter types: a count for measure 13, a ratio for 14 (varying with the draft number). */
export function draftValues(reporter: number, draft: number) {
  return [
    // at least 5: smaller child counts of indicator 13 are suppressed on dashboards (src/domain/reporting/small-cells.ts)
    { measure: '13', value: 5 + ((reporter + draft) % 7) },
    { measure: '14', numerator: 90 + ((reporter + draft) % 10), denominator: 100 },
  ];
}
