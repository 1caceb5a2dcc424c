/** Monitoring API: unit dashboards, child-unit tables, series across mergers, completeness, overview. */
import { z } from 'zod';
import type { App, AppContext } from '../app.ts';
import * as dashboard from '../../storage/dashboard.ts';
import { indicatorOne } from '../../storage/indicator1.ts';
import { reportingDefaults } from '../../storage/reporting-defaults.ts';
import { reportingRead } from './reporting.ts';
import { periodSeries } from '../../storage/period-series.ts';
import { OBLIGATION_KINDS } from '../../domain/reporting/obligations.ts';

const currentYear = () => new Date().getFullYear();
const unitParams = z.object({ unitId: z.coerce.number().int().positive() });

export default async function reportingDashboardRoutes(app: App, context: AppContext): Promise<void> {
  const db = context.db;
  const unitFromParams = (req: { params: unknown }) => (req.params as { unitId: number }).unitId;
  const unitFromQuery = (req: { query: unknown }) => (req.query as { unitId: number }).unitId;

  app.get('/dashboard/units/:unitId', {
    schema: { tags: ['dashboard'], summary: "Every measure of a unit for a year: value, coverage, partial flag, target, trajectory point, status", params: unitParams, querystring: z.object({ year: z.coerce.number().int().min(1990).max(2100).optional() }) },
    config: { access: { action: 'dashboard.read', resource: 'dashboard', load: unitFromParams } },
  }, async (request) => reportingRead(() => dashboard.unitDashboard(db, request.params.unitId, request.query.year ?? currentYear() - 1)));

  app.get('/dashboard/units/:unitId/children', {
    schema: { tags: ['dashboard'], summary: 'Table of child units for one measure and year, with status and coverage', params: unitParams, querystring: z.object({ measure: z.coerce.number().int().positive(), year: z.coerce.number().int().min(1990).max(2100).optional() }) },
    config: { access: { action: 'dashboard.read', resource: 'dashboard', load: unitFromParams } },
  }, async (request) => reportingRead(() => dashboard.childTable(db, request.params.unitId, request.query.measure, request.query.year ?? currentYear() - 1)));

  app.get('/dashboard/units/:unitId/series', {
    schema: { tags: ['dashboard'], summary: "A measure's yearly series for a unit (merged units' earlier years are the sum of their predecessors), with the target trajectory", params: unitParams, querystring: z.object({ measure: z.coerce.number().int().positive(), from: z.coerce.number().int().optional(), to: z.coerce.number().int().optional() }) },
    config: { access: { action: 'dashboard.read', resource: 'dashboard', load: unitFromParams } },
  }, async (request) => reportingRead(() => dashboard.unitSeries(db, request.params.unitId, request.query.measure, request.query.from, request.query.to)));

  app.get('/dashboard/units/:unitId/periods', {
    schema: { tags: ['dashboard'], summary: "One measure of a unit over a year: the year's figure (from the year's report, else added up from the six-monthly, quarterly or monthly reports, saying which) and each sub-period's figure, year to date and status against the path to the year's target", params: unitParams, querystring: z.object({ measure: z.coerce.number().int().positive(), year: z.coerce.number().int().min(1990).max(2100).optional() }) },
    config: { access: { action: 'dashboard.read', resource: 'dashboard', load: unitFromParams } },
  }, async (request) => reportingRead(() => periodSeries(db, request.params.unitId, request.query.measure, request.query.year ?? currentYear() - 1)));

  app.get('/completeness', {
    schema: { tags: ['dashboard'], summary: 'Completeness (received ÷ expected) and timeliness (on time ÷ expected) per unit and agency sector', querystring: z.object({ unitId: z.coerce.number().int().positive(), year: z.coerce.number().int().optional(), kind: z.enum(OBLIGATION_KINDS).optional(), period: z.string().max(12).optional() }) },
    config: { access: { action: 'dashboard.read', resource: 'dashboard', load: unitFromQuery } },
  }, async (request) => reportingRead(() => dashboard.completeness(db, request.query.unitId, request.query.year ?? currentYear() - 1, request.query.kind, request.query.period)));

  app.get('/overview', {
    schema: { tags: ['dashboard'], summary: "A leader's overview: off-track indicators and late reports", querystring: z.object({ unitId: z.coerce.number().int().positive(), year: z.coerce.number().int().optional() }) },
    config: { access: { action: 'dashboard.read', resource: 'dashboard', load: unitFromQuery } },
  }, async (request) => reportingRead(() => dashboard.overview(db, request.query.unitId, request.query.year ?? currentYear() - 1)));

  app.get('/dashboard/units/:unitId/indicator1', {
    schema: { tags: ['dashboard'], summary: 'Indicator 1 (share of child-friendly communes) of a unit for a year, computed from the recognitions: the figure every screen and export shows', params: unitParams, querystring: z.object({ year: z.coerce.number().int().min(1990).max(2100).optional() }) },
    config: { access: { action: 'dashboard.read', resource: 'dashboard', load: unitFromParams } },
  }, async (request) => reportingRead(() => indicatorOne(db, request.params.unitId, request.query.year ?? currentYear() - 1)));

  app.get('/reporting/defaults', {
    schema: { tags: ['dashboard'], summary: "What the reporting, monitoring and child-friendly pages open on: the caller's own unit and the latest year with reports, with data, with child-friendly files" },
    config: { access: 'authenticated' },
  }, async (request) => reportingRead(() => reportingDefaults(db, request.actor!)));
}
