/**
 * The demo's task progress (issue #16): the demo province's plan gains its tasks, grouped as a real plan groups them
 * (three groups), each led by the agency that carries it — the province's departments, and for two tasks the demo
 * commune's agencies (its "Công chức Văn hóa - Xã hội", whom `demo.reporter` is, and its "Trạm Y tế") — and the
 * progress of 2024 and 2025 entered through the real rules (`saveTaskProgress`): a mix of statuses, a step back from
 * "hoàn thành" with its reason, one "không thực hiện được" with its difficulties, one entry sent late, one missing,
 * one with an evidence file. Run by `loadDemo` (./index.ts). Idempotent: a plan that has tasks is left alone.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import '../schema-reporting.ts';
import { systemTransaction } from '../../api/transaction.ts';
import { createAgency } from '../units.ts';
import { addTaskEvidence, saveTaskProgress } from '../task-progress.ts';
import type { TaskStatus } from '../../domain/reporting/task-progress.ts';
import type { Sector } from '../../domain/model.ts';

const ACTOR = { id: null, name: 'demo' };

/** the province's departments that lead the demo plan's tasks */
const DEPARTMENTS: { key: string; name: string; sector: Sector; shortName: string }[] = [
  { key: 'health', name: 'Sở Y tế', sector: 'health', shortName: 'SYT' },
  { key: 'education', name: 'Sở Giáo dục và Đào tạo', sector: 'education', shortName: 'SGDĐT' },
  { key: 'culture', name: 'Sở Văn hóa, Thể thao và Du lịch', sector: 'culture', shortName: 'SVHTTDL' },
  { key: 'police', name: 'Công an tỉnh', sector: 'police', shortName: 'CAT' },
];

interface Entry {
  period: string;
  status: TaskStatus;
  percent?: number;
  results?: string;
  difficulties?: string;
  reason?: string;
  /** the day it was first sent (Vietnam time); the deadline is 20/11 (the plan's reporting rule) */
  sentOn: string;
  evidence?: boolean;
}
interface DemoTask {
  section: string;
  title: string;
  /** a department's key, or 'commune:vhxh' / 'commune:tyt' (the demo commune's agencies) */
  lead: string;
  partners?: string[];
  entries: Entry[];
}

const SECTIONS = ['Chăm sóc sức khỏe, dinh dưỡng cho trẻ em', 'Giáo dục, văn hóa, vui chơi, giải trí cho trẻ em', 'Bảo vệ trẻ em, phòng, chống xâm hại trẻ em'];

export const DEMO_TASKS: DemoTask[] = [
  {
    section: SECTIONS[0], title: 'Tiêm chủng đầy đủ các loại vắc xin cho trẻ em dưới 1 tuổi', lead: 'health',
    entries: [
      { period: '2024', status: 'completed', percent: 100, results: 'Tỷ lệ tiêm chủng đầy đủ đạt 97,2%; tổ chức 24 đợt tiêm bù tại các xã vùng bãi ngang.', sentOn: '2024-11-12' },
      { period: '2025', status: 'completed', percent: 100, results: 'Duy trì tiêm chủng thường xuyên tại 100% trạm y tế xã sau sáp nhập.', sentOn: '2025-11-14' },
    ],
  },
  {
    section: SECTIONS[0], title: 'Khám sàng lọc, phát hiện sớm và can thiệp sớm cho trẻ em khuyết tật', lead: 'health', partners: ['education'],
    entries: [
      { period: '2024', status: 'in_progress', percent: 60, results: 'Khám sàng lọc cho 18.670 trẻ em dưới 6 tuổi tại 4 huyện.', difficulties: 'Thiếu bác sĩ chuyên khoa phục hồi chức năng ở tuyến huyện.', sentOn: '2024-12-05' },
      { period: '2025', status: 'in_progress', percent: 85, results: 'Mở rộng khám sàng lọc ra 3 xã mới; 214 trẻ được can thiệp sớm.', sentOn: '2025-11-18' },
    ],
  },
  {
    section: SECTIONS[0], title: 'Truyền thông về dinh dưỡng và phòng, chống suy dinh dưỡng thấp còi tại các thôn', lead: 'commune:tyt',
    entries: [{ period: '2025', status: 'in_progress', percent: 50, results: 'Tổ chức 6 buổi nói chuyện chuyên đề tại các thôn; cân, đo cho trẻ dưới 5 tuổi.', sentOn: '2025-11-10' }],
  },
  {
    section: SECTIONS[1], title: 'Phòng, chống bạo lực học đường và xây dựng trường học an toàn, thân thiện', lead: 'education', partners: ['police'],
    entries: [{ period: '2024', status: 'completed', percent: 100, results: '100% trường học ban hành bộ quy tắc ứng xử; 312 buổi sinh hoạt chuyên đề.', sentOn: '2024-11-15', evidence: true }],
  },
  {
    section: SECTIONS[1], title: 'Xây dựng điểm vui chơi, giải trí cho trẻ em tại các xã', lead: 'culture',
    entries: [
      { period: '2024', status: 'not_started', results: 'Đang khảo sát quỹ đất tại các xã.', sentOn: '2024-11-18' },
      { period: '2025', status: 'not_feasible', difficulties: 'Sau sáp nhập xã chưa bố trí được quỹ đất; kinh phí địa phương năm 2025 không đủ để xây dựng mới.', sentOn: '2025-11-19' },
    ],
  },
  {
    section: SECTIONS[1], title: 'Tổ chức Diễn đàn trẻ em cấp xã', lead: 'commune:vhxh',
    entries: [{ period: '2025', status: 'completed', percent: 100, results: 'Tổ chức diễn đàn ngày 28/10/2025 với 120 trẻ em tham gia; 14 ý kiến được UBND xã tiếp thu.', sentOn: '2025-11-05' }],
  },
  {
    section: SECTIONS[2], title: 'Duy trì và kết nối Tổng đài điện thoại quốc gia bảo vệ trẻ em 111 với cơ sở', lead: 'police', partners: ['health'],
    entries: [
      { period: '2024', status: 'completed', percent: 100, results: 'Tiếp nhận và chuyển xử lý 46 cuộc gọi trong 12 giờ.', sentOn: '2024-11-08' },
      { period: '2025', status: 'in_progress', percent: 70, results: 'Đang kết nối lại với các xã mới.', reason: 'Sau sáp nhập xã ngày 01/07/2025 phải thiết lập lại đầu mối tiếp nhận ở các xã mới.', sentOn: '2025-11-12' },
    ],
  },
  // the demo commune's reporter still owes this one for 2025 (the home page's to-do list, the roll-up's "missing")
  { section: SECTIONS[2], title: 'Rà soát, lập danh sách trẻ em có hoàn cảnh đặc biệt và trẻ em có nguy cơ', lead: 'commune:vhxh', entries: [] },
];

/** a minimal PDF: the evidence of the demo (a real agency attaches its minutes) */
const EVIDENCE_PDF = Buffer.from('%PDF-1.4\n% vitreem demo: bien ban kiem tra truong hoc minh hoa / illustrative minutes\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

export async function loadDemoTasks(db: Kysely<Database>, input: { planId: number; provinceId: number; communeAgencies: { vhxh: number; tyt: number } }, actor: string): Promise<{ created: boolean; tasks: number; entries: number }> {
  const count = async () => Number((await db.selectFrom('task_progress').select((eb) => eb.fn.countAll<number>().as('n')).where('plan_id', '=', input.planId).executeTakeFirstOrThrow()).n);
  const existing = await db.selectFrom('task').select('id').where('plan_id', '=', input.planId).execute();
  if (existing.length) return { created: false, tasks: existing.length, entries: await count() };
  await systemTransaction(db, actor, async (trx) => {
    const agencies = new Map<string, number>([['commune:vhxh', input.communeAgencies.vhxh], ['commune:tyt', input.communeAgencies.tyt]]);
    for (const d of DEPARTMENTS) {
      const found = await trx.selectFrom('agency').select('id').where('unit_id', '=', input.provinceId).where('name', '=', d.name).executeTakeFirst();
      agencies.set(d.key, found?.id ?? (await createAgency(trx, { unitId: input.provinceId, name: d.name, sector: d.sector, shortName: d.shortName })).id);
    }
    for (const [position, t] of DEMO_TASKS.entries()) {
      const { id } = await trx.insertInto('task').values({ plan_id: input.planId, section: t.section, title: t.title, description: null, position }).returning('id').executeTakeFirstOrThrow();
      const lead = agencies.get(t.lead)!;
      await trx.insertInto('task_agency').values([{ task_id: id, agency_id: lead, role: 'lead', position: 0 }, ...(t.partners ?? []).map((p, i) => ({ task_id: id, agency_id: agencies.get(p)!, role: 'partner', position: i + 1 }))]).execute();
      for (const e of t.entries) {
        const saved = await saveTaskProgress(trx, id, e.period, { agencyId: lead, status: e.status, percent: e.percent ?? null, results: e.results ?? null, difficulties: e.difficulties ?? null, reason: e.reason ?? null }, ACTOR);
        // as it would have been: sent on its day (the roll-up tells late from on time by it)
        await sql`update task_progress set created_at = ${`${e.sentOn}T09:00:00+07:00`}::timestamptz, updated_at = ${`${e.sentOn}T09:00:00+07:00`}::timestamptz where id = ${saved.id}`.execute(trx);
        if (e.evidence) await addTaskEvidence(trx, saved.id, { filename: 'bien-ban-kiem-tra-truong-hoc.pdf', bytes: EVIDENCE_PDF, truncated: false, userId: null });
      }
    }
  });
  return { created: true, tasks: DEMO_TASKS.length, entries: await count() };
}
