/**
 * Derives who owes which values to whom and by when, for one plan and one period (pure).
 * Inputs are the plan's reporting rules, its indicator assignments, and the effective-dated
 * unit hierarchy; output is one obligation per (unit, agency) with its measures.
 *
 * Data flows from the bottom: values are entered at the leaves of the hierarchy (communes, by their
 * agencies when the plan assigns indicators to commune agencies, else by the commune itself); a
 * measure of a leaf report "feeds" the live aggregates. Reports of higher units and of higher-level
 * agencies are consolidation reports: they confirm and comment the figures aggregated from below
 * (their own values are kept as "reported" figures, never added again).
 */
export const PERIOD_KINDS = ['annual', 'midterm', 'final'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
/** every obligation kind: the year's and the reviews, then the sub-annual periods (src/domain/reporting/periods.ts) */
export const OBLIGATION_KINDS = ['annual', 'midterm', 'final', 'sixmonthly', 'quarterly', 'monthly'] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

export interface UnitNode {
  id: number;
  parentId: number | null;
  level: string;
  validFrom: string;
  validTo: string | null;
}
export interface AgencyNode {
  id: number;
  unitId: number;
  validFrom: string;
  validTo: string | null;
}
export interface RuleInput {
  reporterKind: 'agency' | 'agencies' | 'lower_units' | 'unit';
  reporterAgencyId: number | null;
  recipientUnitId: number | null;
  recipientAgencyId: number | null;
  dueDay: number;
  dueMonth: number;
  dueYear: number | null;
  recurrence: 'yearly' | 'once';
  /** the measures this rule asks for (a rule limited to some indicators); undefined = all the plan's */
  measureIds?: Set<number>;
}
export interface PlanMeasure {
  planIndicatorId: number;
  measureId: number;
}
export interface AssignmentInput {
  planIndicatorId: number;
  agencyId: number;
  role: 'lead' | 'partner';
}
export interface PlanInput {
  id: number;
  issuerUnitId: number;
  periodFrom: number | null;
  periodTo: number | null;
  reviews: { kind: 'midterm' | 'final'; year: number }[];
}

export interface DerivedObligation {
  unitId: number;
  agencyId: number | null;
  recipientUnitId: number | null;
  recipientAgencyId: number | null;
  dueDate: string;
  role: 'data' | 'consolidation';
  measures: (PlanMeasure & { feeds: boolean })[];
}

/** Rules used when a plan states none: agencies and lower units to the issuer, the issuer to the level above. */
export const DEFAULT_RULES: RuleInput[] = [
  { reporterKind: 'agencies', reporterAgencyId: null, recipientUnitId: null, recipientAgencyId: null, dueDay: 20, dueMonth: 11, dueYear: null, recurrence: 'yearly' },
  { reporterKind: 'lower_units', reporterAgencyId: null, recipientUnitId: null, recipientAgencyId: null, dueDay: 20, dueMonth: 11, dueYear: null, recurrence: 'yearly' },
  { reporterKind: 'unit', reporterAgencyId: null, recipientUnitId: null, recipientAgencyId: null, dueDay: 1, dueMonth: 12, dueYear: null, recurrence: 'yearly' },
];

export const validAt = (x: { validFrom: string; validTo: string | null }, date: string) => x.validFrom <= date && (x.validTo === null || x.validTo > date);

const pad = (n: number) => String(n).padStart(2, '0');
export function isoDate(year: number, month: number, day: number): string {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(Math.min(day, last))}`;
}
function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The periods of a plan for a year: the annual report, plus the mid-term or final review when due that year. */
export function periodsForYear(plan: PlanInput, year: number): PeriodKind[] {
  if ((plan.periodFrom !== null && year < plan.periodFrom) || (plan.periodTo !== null && year > plan.periodTo)) return [];
  return ['annual', ...plan.reviews.filter((r) => r.year === year).map((r) => r.kind)];
}

export interface DeriveInput {
  plan: PlanInput;
  year: number;
  kind: ObligationKind;
  rules: RuleInput[];
  measures: PlanMeasure[];
  assignments: AssignmentInput[];
  units: UnitNode[];
  agencies: AgencyNode[];
  /** predecessor agency id → successor agency id (agency reforms of 2025) */
  agencySuccessors?: Map<number, number>;
  /** days earlier each level below the rule's reporters must report (default 10) */
  cascadeDays?: number;
}

export function deriveObligations(input: DeriveInput): DerivedObligation[] {
  const { plan, year } = input;
  if ((PERIOD_KINDS as readonly string[]).includes(input.kind) ? !periodsForYear(plan, year).includes(input.kind as PeriodKind) : periodsForYear(plan, year).length === 0) return [];
  const rules = (input.rules.length ? input.rules : DEFAULT_RULES).filter((r) => r.recurrence === 'yearly' || r.dueYear === year);
  const unitById = new Map(input.units.map((u) => [u.id, u]));
  const agencyById = new Map(input.agencies.map((a) => [a.id, a]));
  const cascade = input.cascadeDays ?? 10;

  const childrenAt = (unitId: number, date: string) => input.units.filter((u) => u.parentId === unitId && u.level !== 'village' && validAt(u, date));
  const isLeafAt = (unitId: number, date: string) => childrenAt(unitId, date).length === 0;

  /** follows an agency's successors until one valid at the date */
  const currentAgency = (agencyId: number, date: string): number | null => {
    let id: number | undefined = agencyId;
    for (let i = 0; i < 10 && id !== undefined; i++) {
      const a = agencyById.get(id);
      if (a && validAt(a, date)) return id;
      id = input.agencySuccessors?.get(id);
    }
    return null;
  };

  const measuresByPi = new Map<number, PlanMeasure[]>();
  for (const m of input.measures) measuresByPi.set(m.planIndicatorId, [...(measuresByPi.get(m.planIndicatorId) ?? []), m]);
  /** measures each agency answers for: indicators where it leads, or where it is the only one assigned */
  const agencyMeasures = (agencyId: number, date: string): PlanMeasure[] => {
    const result: PlanMeasure[] = [];
    for (const [piId, ms] of measuresByPi) {
      const assigned = input.assignments.filter((a) => a.planIndicatorId === piId).map((a) => ({ ...a, agencyId: currentAgency(a.agencyId, date) }));
      const leads = assigned.filter((a) => a.role === 'lead');
      const responsible = leads.length ? leads : assigned;
      if (responsible.some((a) => a.agencyId === agencyId)) result.push(...ms);
    }
    return result;
  };

  type Pending = Omit<DerivedObligation, 'role' | 'measures'> & { measures: PlanMeasure[]; /** an agency answering for no indicator: a narrative report */ narrative?: boolean };
  const out = new Map<string, Pending>();
  const add = (o: Pending) => {
    const key = `${o.unitId}:${o.agencyId ?? ''}`;
    const existing = out.get(key);
    if (!existing) return void out.set(key, o);
    // two rules for the same reporter (e.g. limited to different indicators): one report, all their measures, the earlier deadline
    const merged = [...existing.measures, ...o.measures.filter((m) => !existing.measures.some((x) => x.measureId === m.measureId))];
    const first = existing.dueDate > o.dueDate ? o : existing;
    out.set(key, { ...first, measures: merged, narrative: existing.narrative && o.narrative });
  };
  const issuer = unitById.get(plan.issuerUnitId);
  if (!issuer) return [];

  for (const rule of rules) {
    const due = isoDate(rule.dueYear ?? year, rule.dueMonth, rule.dueDay);
    const ruleMeasures = rule.measureIds ? input.measures.filter((m) => rule.measureIds!.has(m.measureId)) : input.measures;
    if (rule.reporterKind === 'agency' || rule.reporterKind === 'agencies') {
      const ids = rule.reporterKind === 'agency'
        ? [rule.reporterAgencyId].filter((x): x is number => x !== null)
        : [...new Set(input.assignments.map((a) => a.agencyId))];
      for (const raw of ids) {
        const agencyId = currentAgency(raw, due);
        if (agencyId === null) continue;
        const agency = agencyById.get(agencyId)!;
        const ms = agencyMeasures(agencyId, due).filter((m) => !rule.measureIds || rule.measureIds.has(m.measureId));
        if (rule.measureIds && ms.length === 0) continue;
        add({ unitId: agency.unitId, agencyId, recipientUnitId: rule.recipientUnitId ?? agency.unitId, recipientAgencyId: rule.recipientAgencyId, dueDate: due, measures: ms.length ? ms : ruleMeasures, narrative: ms.length === 0 });
      }
    } else if (rule.reporterKind === 'unit') {
      add({ unitId: issuer.id, agencyId: null, recipientUnitId: rule.recipientUnitId ?? issuer.parentId, recipientAgencyId: rule.recipientAgencyId, dueDate: due, measures: ruleMeasures });
    } else {
      // lower units: the direct children report to the recipient; every level below reports to its parent, earlier
      const walk = (parentId: number, depth: number) => {
        const date = addDays(due, -cascade * depth);
        for (const child of childrenAt(parentId, due)) {
          add({ unitId: child.id, agencyId: null, recipientUnitId: depth === 0 ? (rule.recipientUnitId ?? parentId) : parentId, recipientAgencyId: depth === 0 ? rule.recipientAgencyId : null, dueDate: date, measures: ruleMeasures });
          walk(child.id, depth + 1);
        }
      };
      walk(issuer.id, 0);
    }
  }

  // which measures feed the aggregates: leaf units only, agency reports first
  const result: DerivedObligation[] = [];
  const agencyCovered = new Map<number, Set<number>>();
  for (const o of out.values()) {
    if (o.agencyId !== null && !o.narrative && isLeafAt(o.unitId, o.dueDate)) {
      const set = agencyCovered.get(o.unitId) ?? new Set<number>();
      for (const m of o.measures) set.add(m.measureId);
      agencyCovered.set(o.unitId, set);
    }
  }
  const claimed = new Set<string>();
  for (const o of [...out.values()].sort((a, b) => (a.agencyId === null ? 1 : 0) - (b.agencyId === null ? 1 : 0) || a.unitId - b.unitId || (a.agencyId ?? 0) - (b.agencyId ?? 0))) {
    const leaf = isLeafAt(o.unitId, o.dueDate);
    const measures = o.measures.map((m) => {
      const k = `${o.unitId}:${m.measureId}`;
      let feeds = leaf && !o.narrative && !claimed.has(k);
      if (feeds && o.agencyId === null && agencyCovered.get(o.unitId)?.has(m.measureId)) feeds = false;
      if (feeds) claimed.add(k);
      return { ...m, feeds };
    });
    const { narrative: _narrative, ...rest } = o;
    result.push({ ...rest, role: measures.some((m) => m.feeds) ? 'data' : 'consolidation', measures });
  }
  return result.sort((a, b) => a.unitId - b.unitId || (a.agencyId ?? 0) - (b.agencyId ?? 0));
}

/** Where a report stands against its deadline: one rule, in timeliness.ts. */
export { deadlineState } from './timeliness.ts';
