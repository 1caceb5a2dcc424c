/**
 * Counts from the register, for everyone with dashboard rights: per commune and in total,
 * with counts below 5 suppressed (they leave the unit); and indicators 8a, 8b and 9 offered
 * as the values of the report form, for the officer to confirm.
 */
import { ABUSE_DEFINITION_VI } from '../../domain/children/groups.ts';
import { z } from 'zod';
import type { App, AppContext } from '../app.ts';
import { registerIndicators, suppressIndicators } from '../../domain/children/indicators.ts';
import { suppress, SUPPRESSION_RULE_EN, SUPPRESSION_RULE_VI } from '../../domain/children/suppression.ts';
import { getUnit, registerCountsByUnit, sumCounts } from '../../storage/register.ts';
import { notFound } from '../errors.ts';
import type { MeasureUnit } from '../../domain/model.ts';
import { canSeeUnitChildren } from '../register-access.ts';

const query = z.object({ unitId: z.coerce.number().int().positive(), year: z.coerce.number().int().min(2000).max(2100) });

export default async function registerRoutes(app: App, context: AppContext): Promise<void> {
  const db = context.db;

  async function measureUnits(): Promise<Record<'8a' | '8b' | '9', MeasureUnit>> {
    const rows = await db.selectFrom('measure').innerJoin('indicator', 'indicator.id', 'measure.indicator_id').select(['measure.code', 'measure.unit']).where('indicator.scope_plan_id', 'is', null).where('measure.code', 'in', ['8a', '8b', '9']).execute();
    const get = (code: string) => (rows.find((r) => r.code === code)?.unit ?? 'percent') as MeasureUnit;
    return { '8a': get('8a'), '8b': get('8b'), '9': get('9') };
  }

  app.get('/register/counts', {
    config: { access: { action: 'dashboard.read', resource: 'dashboard', load: (req) => (req.query as { unitId?: number }).unitId ?? null } },
    schema: { tags: ['register'], summary: 'Số trẻ em theo xã (số dưới 5 được ẩn)', querystring: query },
  }, async (request) => {
    const { unitId, year } = request.query;
    const unit = await getUnit(db, unitId);
    if (!unit) throw notFound('đơn vị', 'Unit', ['unitId']);
    const rows = await registerCountsByUnit(db, unitId, year);
    const names = rows.length ? await db.selectFrom('admin_unit').select(['id', 'name']).where('id', 'in', rows.map((r) => r.unitId)).execute() : [];
    const s = (r: { children: number; special: number; specialSupported: number; abused: number; atRisk?: number }) => ({
      children: suppress(r.children), special: suppress(r.special), specialSupported: suppress(r.specialSupported), abused: suppress(r.abused), ...(r.atRisk !== undefined ? { atRisk: suppress(r.atRisk) } : {}),
    });
    const total = sumCounts(rows);
    return {
      unitId, unitName: unit.name, year,
      rule: { threshold: 5, vi: SUPPRESSION_RULE_VI, en: SUPPRESSION_RULE_EN },
      total: { ...s(total), atRisk: suppress(rows.reduce((a, r) => a + r.atRisk, 0)) },
      units: rows.map((r) => ({ unitId: r.unitId, unitName: names.find((n) => n.id === r.unitId)?.name ?? null, ...s(r) })),
    };
  });

  app.get('/register/indicators', {
    config: { access: { action: 'dashboard.read', resource: 'dashboard', load: (req) => (req.query as { unitId?: number }).unitId ?? null } },
    schema: { tags: ['register'], summary: 'Chỉ tiêu 8a, 8b, 9 tính từ sổ trẻ em — giá trị đề xuất cho biểu báo cáo, cán bộ xác nhận', querystring: query },
  }, async (request) => {
    const { unitId, year } = request.query;
    const unit = await getUnit(db, unitId);
    if (!unit) throw notFound('đơn vị', 'Unit', ['unitId']);
    const counts = sumCounts(await registerCountsByUnit(db, unitId, year));
    const values = registerIndicators(counts, await measureUnits());
    const inside = await canSeeUnitChildren(request, unitId);
    // which register groups indicator 9 counts (data: the groups marked abuse)
    const abuseGroups = await db.selectFrom('circumstance_group').select(['code', 'number', 'name_vi', 'name_en']).where('abuse', '=', true).where('active', '=', true).orderBy('position').execute();
    return {
      unitId, unitName: unit.name, year,
      source: 'register',
      status: 'proposed',
      noteVi: 'Giá trị tính từ sổ theo dõi trẻ em, đề xuất cho biểu báo cáo; cán bộ kiểm tra và xác nhận trước khi gửi.',
      noteEn: 'Values computed from the children’s register, offered for the report form; the officer checks and confirms them before sending.',
      rule: { threshold: 5, vi: SUPPRESSION_RULE_VI, en: SUPPRESSION_RULE_EN },
      /** what may leave the unit (report form, dashboards, exports) */
      values: suppressIndicators(values),
      /** exact figures, only for the unit's own case workers and supervisors (they do not leave the unit) */
      internal: inside ? values : null,
      /** what each measure counts; indicator 9 follows Luật Trẻ em Điều 4 khoản 5 */
      counts: {
        '9': { basisVi: ABUSE_DEFINITION_VI, groups: abuseGroups.map((g) => ({ code: g.code, number: g.number, nameVi: g.name_vi, nameEn: g.name_en })) },
      },
    };
  });
}
