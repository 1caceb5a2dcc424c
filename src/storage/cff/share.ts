/**
 * Indicator 1 from the recognitions: `childFriendlyShare(db, unitId, year)` for the reporting
 * area and the dashboard. Also the status table, target tracking and payments of a unit's communes.
 */
import type { Kysely } from 'kysely';
import '../schema-cff.ts';
import type { Database } from '../schema.ts';
import { formatFigure } from '../../domain/format.ts';
import { computeShare, paymentLines, targetProgress, targetTexts, type DecisionRecord, type ShareResult } from '../../domain/cff/index.ts';
import { communesUnder, predecessorsOf, unitsStandingFor, type UnitRow } from './units.ts';
import { settingsFor } from './settings.ts';

export interface ChildFriendlyShare extends ShareResult {
  unitId: number;
  year: number;
  /** the date the communes and decisions are taken at (year end unless given) */
  asOf: string;
  /** "63,6%" (one decimal, as every computed figure) */
  valueText: string;
  /** the measure in the national catalogue */
  measure: '1';
}

async function decisionsFor(db: Kysely<Database>, unitIds: number[], asOf: string): Promise<DecisionRecord[]> {
  if (!unitIds.length) return [];
  const rows = await db
    .selectFrom('cff_decision as d')
    .innerJoin('cff_registration as r', 'r.id', 'd.registration_id')
    .innerJoin('cff_standard as s', 's.id', 'r.standard_id')
    .select(['d.unit_id', 'd.year', 'd.kind', 'd.decided_on', 'd.registration_id', 's.recognition_validity_years'])
    .where('d.unit_id', 'in', unitIds)
    .where('d.decided_on', '<=', asOf)
    .execute();
  return rows.map((r) => ({ unitId: r.unit_id, year: r.year, kind: r.kind as DecisionRecord['kind'], decidedOn: r.decided_on, registrationId: r.registration_id, validityYears: r.recognition_validity_years }));
}

/** Communes of `unitId` as they stood on `asOf` (through predecessors/successors when the unit itself did not exist then). */
export async function communesInScope(db: Kysely<Database>, unitId: number, asOf: string): Promise<UnitRow[]> {
  const roots = await unitsStandingFor(db, unitId, asOf);
  return communesUnder(db, roots.map((u) => u.id), asOf);
}

/**
 * Measure '1' (share of child-friendly communes) for a unit and year, computed from the recognitions:
 * numerator = communes recognised for the year (not withdrawn by `asOf`), denominator = communes of the
 * unit on `asOf` (default 31/12 of the year), coverage = share of those communes with a decision for the year.
 * A commune created by a 2025 merger counts only with its own recognition.
 */
export async function childFriendlyShare(db: Kysely<Database>, unitId: number, year: number, options: { asOf?: string } = {}): Promise<ChildFriendlyShare> {
  return (await shareAndCommunes(db, unitId, year, options.asOf)).share;
}

async function shareAndCommunes(db: Kysely<Database>, unitId: number, year: number, asOfGiven?: string): Promise<{ share: ChildFriendlyShare; communes: UnitRow[] }> {
  const asOf = asOfGiven ?? `${year}-12-31`;
  const communes = await communesInScope(db, unitId, asOf);
  const ids = communes.map((c) => c.id);
  const predecessors = await predecessorsOf(db, ids);
  const allIds = [...new Set([...ids, ...[...predecessors.values()].flat()])];
  const decisions = await decisionsFor(db, allIds, asOf);
  const share = computeShare(
    communes.map((c) => ({ id: c.id, name: c.name, predecessorIds: predecessors.get(c.id) ?? [] })),
    decisions,
    year,
    asOf,
  );
  return { share: { ...share, unitId, year, asOf, valueText: formatFigure(share.value, 'percent'), measure: '1' }, communes };
}

export interface CommuneStatusRow {
  unitId: number;
  code: string;
  name: string;
  kind: string | null;
  parentId: number | null;
  registrationId: number | null;
  status: string;
  standard: string | null;
  submittedOn: string | null;
  recognised: boolean;
  predecessorRecognised: boolean;
}

/** Every commune of the unit with its status for the year ('not_registered' when none). */
export async function communeStatusTable(db: Kysely<Database>, unitId: number, year: number, asOf?: string) {
  const { share, communes } = await shareAndCommunes(db, unitId, year, asOf);
  const regs = communes.length
    ? await db
        .selectFrom('cff_registration as r')
        .innerJoin('cff_standard as s', 's.id', 'r.standard_id')
        .select(['r.id', 'r.unit_id', 'r.status', 'r.submitted_on', 's.number'])
        .where('r.unit_id', 'in', communes.map((c) => c.id))
        .where('r.year', '=', year)
        .execute()
    : [];
  const byUnit = new Map(regs.map((r) => [r.unit_id, r]));
  const shareRows = new Map(share.rows.map((r) => [r.unitId, r]));
  const rows: CommuneStatusRow[] = communes.map((c) => {
    const r = byUnit.get(c.id);
    const s = shareRows.get(c.id);
    return {
      unitId: c.id,
      code: c.code,
      name: c.name,
      kind: c.kind,
      parentId: c.parent_id,
      registrationId: r?.id ?? null,
      status: r?.status ?? 'not_registered',
      standard: r?.number ?? null,
      submittedOn: r?.submitted_on ?? null,
      recognised: s?.recognised ?? false,
      predecessorRecognised: s?.predecessorRecognised ?? false,
    };
  });
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return { unitId, year, asOf: share.asOf, rows, counts, share };
}

/** Target tracking for a unit's year, e.g. Nam Đông 2014: 11/11 registered, ≥ 7 recognised (63,6%). */
export async function targetTracking(db: Kysely<Database>, unitId: number, year: number) {
  const table = await communeStatusTable(db, unitId, year);
  const settings = await db.selectFrom('cff_cycle_settings').selectAll().where('unit_id', '=', unitId).where('year', '=', year).executeTakeFirst();
  const registered = table.rows.filter((r) => r.status !== 'not_registered').length;
  const progress = targetProgress({
    communes: table.rows.length,
    registered,
    recognised: table.share.numerator,
    targetRegistered: settings?.target_registered ?? null,
    targetRecognised: settings?.target_recognised ?? null,
  });
  return {
    unitId,
    year,
    ...progress,
    text: targetTexts(progress),
    counts: table.counts,
  };
}

/** Support payments for a unit's communes in a year: per registered and per recognised unit, each at its nearest settings. */
export async function paymentsList(db: Kysely<Database>, unitId: number, year: number) {
  const table = await communeStatusTable(db, unitId, year);
  const lines: ReturnType<typeof paymentLines>['lines'] = [];
  // communes under the same parent share their settings: look them up once per parent
  const byParent = new Map<number | null, Awaited<ReturnType<typeof settingsFor>>>();
  for (const row of table.rows.filter((r) => r.status !== 'not_registered')) {
    if (!byParent.has(row.parentId)) byParent.set(row.parentId, await settingsFor(db, row.unitId, year));
    const settings = byParent.get(row.parentId);
    const result = paymentLines([{ unitId: row.unitId, unitName: row.name, status: row.status, recognised: row.recognised }], {
      perRegistered: settings?.payment_registered ?? null,
      perRegisteredPayer: settings?.payment_registered_payer ?? null,
      perRecognised: settings?.payment_recognised ?? null,
      perRecognisedPayer: settings?.payment_recognised_payer ?? null,
    });
    lines.push(...result.lines);
  }
  lines.sort((a, b) => (a.reason === b.reason ? a.unitName.localeCompare(b.unitName, 'vi') : a.reason === 'registered' ? -1 : 1));
  const sum = (reason?: string) => lines.filter((l) => !reason || l.reason === reason).reduce((s, l) => s + l.amount, 0);
  return {
    unitId,
    year,
    currency: 'VND',
    lines,
    totals: { registered: sum('registered'), recognised: sum('recognised'), all: sum() },
    counts: { registered: lines.filter((l) => l.reason === 'registered').length, recognised: lines.filter((l) => l.reason === 'recognised').length },
  };
}
