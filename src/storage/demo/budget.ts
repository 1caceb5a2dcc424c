/**
 * Demo budget execution: the demo province's plan (Thanh Hóa, DEMO-KH-UBND) gets a budget table in the
 * layout of Phụ lục 01 (7 activities × 2021–2030 × local / central / mobilised, million VND) and plausible
 * spending for 2021–2025 entered through the real checks (`saveSpending`: validation, history, audit):
 * 2021 below plan (COVID-19), 2022–2024 close to it, one year of mobilised funds above it, and 2025 only
 * partly reported (the year is not over), so the screen and the reports show rates, notes and "chưa có số
 * liệu". Idempotent: a plan that already has spending is left alone.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import '../schema-budget.ts';
import { systemTransaction } from '../../api/transaction.ts';
import { saveSpending } from '../budget.ts';
import type { FundingSource, SpendingInput } from '../../domain/budget/execution.ts';
import { noise } from './province.ts';

type Db = Kysely<Database>;

/** Activities of the demo budget: [number, content, planned per year 2021…2030 by source]. */
const ACTIVITIES: { no: string; name: string; plan: Partial<Record<FundingSource, (year: number) => number>> }[] = [
  { no: '1', name: 'Truyền thông, giáo dục về quyền và bổn phận của trẻ em; vận động xã hội thực hiện các mục tiêu về trẻ em', plan: { local: () => 400 } },
  { no: '2', name: 'Tập huấn, bồi dưỡng nâng cao năng lực cho đội ngũ cán bộ làm công tác trẻ em cấp tỉnh, huyện, xã và cộng tác viên thôn, bản', plan: { local: () => 300 } },
  { no: '3', name: 'Xây dựng, duy trì và nhân rộng mô hình xã, phường phù hợp với trẻ em', plan: { local: (y) => 200 + 50 * Math.min(y - 2021, 6), mobilised: () => 100 } },
  { no: '4', name: 'Hỗ trợ trẻ em có hoàn cảnh đặc biệt, trẻ em nghèo (Quỹ Bảo trợ trẻ em tỉnh; Chương trình mục tiêu quốc gia giảm nghèo bền vững)', plan: { local: () => 150, central: (y) => (y >= 2022 && y <= 2025 ? 300 : 0), mobilised: () => 800 } },
  { no: '5', name: 'Kiểm tra, giám sát việc thực hiện quyền trẻ em và chính sách, pháp luật về trẻ em', plan: { local: () => 80 } },
  { no: '6', name: 'Cập nhật, quản lý cơ sở dữ liệu về trẻ em', plan: { local: () => 250 } },
  { no: '7', name: 'Sơ kết năm 2025, tổng kết năm 2030 việc thực hiện Kế hoạch', plan: { local: (y) => (y === 2025 || y === 2030 ? 150 : 0) } },
];
const LABELS: Record<FundingSource, string> = { local: 'Địa phương', central: 'Trung ương', mobilised: 'huy động, xã hội hóa', other: 'Nguồn khác' };
const SPENT_YEARS = [2021, 2022, 2023, 2024, 2025];
/** 2025 is under way: these activities have reported so far */
const REPORTED_2025 = new Set(['1', '2', '4', '7']);


/** Share of the plan spent: COVID-19 in 2021, close to plan after, partial in the running year. */
function share(activity: number, year: number, source: FundingSource): number {
  const r = noise(activity, year, source.length);
  if (year === 2021) return 0.72 + r * 0.15;
  if (year === 2025) return 0.55 + r * 0.2;
  if (source === 'mobilised' && year === 2023 && activity === 4) return 1.12; // a donor campaign above the plan
  return 0.88 + r * 0.13;
}

const NOTES: Record<string, string> = {
  '2|2021|local': 'Giảm do dịch COVID-19: chuyển một số lớp tập huấn sang hình thức trực tuyến.',
  '4|2023|mobilised': 'Vượt dự toán nhờ chương trình vận động "Tết vì trẻ em" của Quỹ Bảo trợ trẻ em tỉnh.',
  '7|2025|local': 'Số liệu đến tháng 10/2025; hội nghị sơ kết tổ chức tháng 12.',
};

export interface DemoBudgetSummary {
  planId: number;
  created: boolean;
  planned: number;
  figures: number;
}

export async function loadDemoBudget(db: Db, planId: number, actorName: string): Promise<DemoBudgetSummary> {
  const has = await db.selectFrom('budget_spending').select((eb) => eb.fn.countAll<number>().as('n')).where('plan_id', '=', planId).executeTakeFirstOrThrow();
  const total = async (x: Db = db) => Number((await x.selectFrom('budget_line').select(sql<number>`coalesce(sum(amount), 0)`.as('s')).where('plan_id', '=', planId).executeTakeFirstOrThrow()).s);
  if (Number(has.n) > 0) return { planId, created: false, planned: await total(), figures: Number(has.n) };

  return systemTransaction(db, actorName, async (trx) => {
    const existing = await trx.selectFrom('budget_line').select((eb) => eb.fn.countAll<number>().as('n')).where('plan_id', '=', planId).executeTakeFirstOrThrow();
    if (Number(existing.n) === 0) {
      const lines: { plan_id: number; activity_no: string; activity: string; year: number; source: string; source_label: string; amount: number; position: number }[] = [];
      for (const a of ACTIVITIES)
        for (let year = 2021; year <= 2030; year++)
          for (const [source, amount] of Object.entries(a.plan) as [FundingSource, (y: number) => number][]) {
            const v = amount(year);
            if (v > 0) lines.push({ plan_id: planId, activity_no: a.no, activity: a.name, year, source, source_label: LABELS[source], amount: v, position: lines.length });
          }
      await trx.insertInto('budget_line').values(lines).execute();
      const sum = lines.reduce((s, l) => s + l.amount, 0);
      await trx.updateTable('plan').set({ has_budget: true, budget_stated_total: sum }).where('id', '=', planId).execute();
    }
    const values: SpendingInput[] = [];
    ACTIVITIES.forEach((a, i) => {
      for (const year of SPENT_YEARS) {
        if (year === 2025 && !REPORTED_2025.has(a.no)) continue;
        for (const [source, amount] of Object.entries(a.plan) as [FundingSource, (y: number) => number][]) {
          const planned = amount(year);
          if (planned <= 0) continue;
          // whole million VND, with the odd half million as real statements have
          const spent = Math.round(planned * share(i + 1, year, source) * 2) / 2;
          values.push({ activity: a.no, year, source, amount: spent, note: NOTES[`${a.no}|${year}|${source}`] ?? null });
        }
      }
    });
    const saved = await saveSpending(trx, planId, values, { id: null, name: actorName }, { authorize: () => true });
    return { planId, created: true, planned: await total(trx), figures: saved.inserted };
  });
}
