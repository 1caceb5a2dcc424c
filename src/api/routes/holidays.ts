/**
 * The public-holiday calendar used to count working days (NĐ 56 Điều 28.1 and every limit in
 * working days): the Labour Code's holidays computed for each year (Bộ luật Lao động 2019, Điều
 * 112.1, the lunar ones included; days made up under Điều 111.3), corrected by an administrator
 * from the Prime Minister's yearly notice (Điều 112.3): a day off added, a computed day worked, a
 * Saturday worked.
 */
import { national } from '../access.ts';
import { z } from 'zod';
import type { App, AppContext } from '../app.ts';
import { writeTransaction } from '../transaction.ts';
import { badRequest, notFound } from '../errors.ts';
import { statutoryHolidays, yearCalendar } from '../../domain/calendar/holidays.ts';
import { calendarOverrides } from '../../storage/calendar.ts';
import '../../storage/schema-calendar.ts';

const year = z.coerce.number().int().min(1901).max(2199);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'yyyy-mm-dd' }).refine((s) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && Number(s.slice(0, 4)) >= 1901 && Number(s.slice(0, 4)) <= 2199;
}, { message: 'not a calendar date', params: { vi: 'không phải ngày có thật' } });

export default async function holidayRoutes(app: App, context: AppContext): Promise<void> {
  const db = context.db;

  app.get('/holidays', {
    config: { access: { action: 'catalogue.read', resource: 'catalogue', load: national } },
    schema: { tags: ['calendar'], summary: 'Lịch ngày nghỉ lễ, tết của một năm (tính theo Bộ luật Lao động 2019, Điều 112, và các điều chỉnh)', querystring: z.object({ year }) },
  }, async (request) => {
    const y = request.query.year;
    const overrides = await calendarOverrides(db, y, y);
    const cal = yearCalendar(y, overrides);
    const computed = new Set(statutoryHolidays(y).map((h) => h.date));
    return {
      year: y,
      basisVi: 'Bộ luật Lao động 2019, Điều 112 khoản 1 (ngày nghỉ lễ, tết), Điều 111 khoản 3 (nghỉ bù); ngày nghỉ Tết và ngày liền kề Quốc khánh do Thủ tướng quyết định hằng năm (Điều 112 khoản 3) — quản trị viên điều chỉnh theo thông báo.',
      holidays: cal.holidays.map((h) => ({ ...h, computed: computed.has(h.date) })),
      workedWeekendDays: cal.workedWeekendDays,
      overrides,
    };
  });

  app.put('/holidays/:date', {
    config: { access: { action: 'system.admin', resource: 'system', load: national } },
    schema: { tags: ['calendar'], summary: 'Điều chỉnh một ngày của lịch: thêm ngày nghỉ, hoặc làm việc vào một ngày nghỉ tính sẵn / ngày cuối tuần', params: z.object({ date: isoDate }), body: z.object({ kind: z.enum(['day_off', 'working_day']), nameVi: z.string().trim().min(1).max(200).nullish(), note: z.string().trim().max(2000).nullish() }).strict() },
  }, async (request) => {
    const { date } = request.params;
    const b = request.body;
    const y = Number(date.slice(0, 4));
    const computedOff = statutoryHolidays(y).some((h) => h.date === date);
    const weekend = [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
    if (b.kind === 'working_day' && !computedOff && !weekend)
      throw badRequest('already_working_day', `Ngày ${date.split('-').reverse().join('/')} đã là ngày làm việc.`, `${date} is already a working day.`, ['date']);
    if (b.kind === 'day_off' && computedOff)
      throw badRequest('already_day_off', `Ngày ${date.split('-').reverse().join('/')} đã là ngày nghỉ lễ, tết.`, `${date} is already a public holiday.`, ['date']);
    return writeTransaction(request, async (trx) => {
      await trx.insertInto('public_holiday_override').values({ day: date, kind: b.kind, name_vi: b.nameVi ?? null, note: b.note ?? null, updated_by: request.actor?.username ?? null })
        .onConflict((oc) => oc.column('day').doUpdateSet({ kind: b.kind, name_vi: b.nameVi ?? null, note: b.note ?? null, updated_by: request.actor?.username ?? null, updated_at: new Date() })).execute();
      return { date, kind: b.kind, nameVi: b.nameVi ?? null };
    });
  });

  app.delete('/holidays/:date', {
    config: { access: { action: 'system.admin', resource: 'system', load: national } },
    schema: { tags: ['calendar'], summary: 'Bỏ điều chỉnh của một ngày (trở về lịch tính theo luật)', params: z.object({ date: isoDate }) },
  }, async (request) => {
    return writeTransaction(request, async (trx) => {
      const r = await trx.deleteFrom('public_holiday_override').where('day', '=', request.params.date).returning('day').executeTakeFirst();
      if (!r) throw notFound('điều chỉnh lịch', 'Calendar correction', ['date']);
      return { date: request.params.date, removed: true };
    });
  });
}
