/**
 * Indicator 1 (share of communes meeting the child-friendly standard) computed from the
 * recognitions themselves, plus target tracking and the support payments list.
 *
 * Mergers (2025): a merged commune is a new unit; the recognitions of its predecessors do
 * NOT carry over: it counts as recognised only once it is itself re-assessed and recognised.
 * The predecessors' recognitions stay in the history (and count for the years before).
 */
import { formatFigure } from '../format.ts';

export type DecisionKind = 'recognised' | 'not_recognised' | 'withdrawn';

export interface DecisionRecord {
  unitId: number;
  /** the cycle year the decision is about */
  year: number;
  kind: DecisionKind;
  decidedOn: string;
  /** the registration the decision belongs to (a withdrawal cancels the recognition of the same registration) */
  registrationId: number;
  /** years a recognition counts (from its standard) */
  validityYears?: number;
}

/** Is `unitId` recognised for `year`, as known on `asOf`? Looks only at the unit's own decisions. */
export function isRecognised(decisions: DecisionRecord[], unitId: number, year: number, asOf: string): DecisionRecord | null {
  const own = decisions.filter((d) => d.unitId === unitId && d.decidedOn <= asOf);
  const withdrawn = new Set(own.filter((d) => d.kind === 'withdrawn').map((d) => d.registrationId));
  let best: DecisionRecord | null = null;
  for (const d of own) {
    if (d.kind !== 'recognised' || withdrawn.has(d.registrationId)) continue;
    const validity = Math.max(1, d.validityYears ?? 1);
    if (year >= d.year && year < d.year + validity && (!best || d.year > best.year)) best = d;
  }
  return best;
}

export interface CommuneInScope {
  id: number;
  name?: string;
  /** units it succeeded (merger), for the history */
  predecessorIds?: number[];
}

export interface ShareRow {
  unitId: number;
  name?: string;
  recognised: boolean;
  decidedOn: string | null;
  /** some predecessor was recognised for this year or the year before, but that does not carry over */
  predecessorRecognised: boolean;
  decided: boolean;
}

export interface ShareResult {
  numerator: number;
  denominator: number;
  /** percent, null when there is no commune */
  value: number | null;
  /** share (0–1) of the communes with a decision for the year: how complete the figure is */
  coverage: number | null;
  rows: ShareRow[];
}

export function computeShare(communes: CommuneInScope[], decisions: DecisionRecord[], year: number, asOf: string): ShareResult {
  const rows: ShareRow[] = communes.map((c) => {
    const hit = isRecognised(decisions, c.id, year, asOf);
    const decided = decisions.some((d) => d.unitId === c.id && d.year === year && d.decidedOn <= asOf);
    const predecessorRecognised = (c.predecessorIds ?? []).some((p) => isRecognised(decisions, p, year, asOf) || isRecognised(decisions, p, year - 1, asOf));
    return { unitId: c.id, name: c.name, recognised: hit !== null, decidedOn: hit?.decidedOn ?? null, predecessorRecognised, decided: decided || hit !== null };
  });
  const numerator = rows.filter((r) => r.recognised).length;
  const denominator = rows.length;
  return {
    numerator,
    denominator,
    value: denominator ? (numerator / denominator) * 100 : null,
    coverage: denominator ? rows.filter((r) => r.decided).length / denominator : null,
    rows,
  };
}

// ---------------------------------------------------------------- targets

export interface TargetInput {
  communes: number;
  registered: number;
  recognised: number;
  /** e.g. 11 ("11/11 đơn vị") */
  targetRegistered?: number | null;
  /** e.g. 7 ("từ 07 đơn vị trở lên") */
  targetRecognised?: number | null;
}

export interface TargetProgress extends TargetInput {
  registeredShare: number | null;
  recognisedShare: number | null;
  targetRegisteredShare: number | null;
  targetRecognisedShare: number | null;
  registeredMet: boolean | null;
  recognisedMet: boolean | null;
}

export function targetProgress(t: TargetInput): TargetProgress {
  const pct = (n: number | null | undefined) => (n == null || !t.communes ? null : (n / t.communes) * 100);
  return {
    ...t,
    registeredShare: pct(t.registered),
    recognisedShare: pct(t.recognised),
    targetRegisteredShare: pct(t.targetRegistered),
    targetRecognisedShare: pct(t.targetRecognised),
    registeredMet: t.targetRegistered == null ? null : t.registered >= t.targetRegistered,
    recognisedMet: t.targetRecognised == null ? null : t.recognised >= t.targetRecognised,
  };
}

/**
 * The targets card of a unit's year: "7/11 (63,6%)" registered or recognised, "11/11 (100,0%)" or
 * "≥ 7 (63,6%)" as targets (null when the unit set none). Shares are computed figures, shown as
 * every other one (`formatFigure` of src/domain/format.ts: one decimal).
 */
export function targetTexts(p: TargetProgress): { registered: string; recognised: string; targetRegistered: string | null; targetRecognised: string | null } {
  const pct = (share: number | null) => formatFigure(share, 'percent');
  return {
    registered: `${p.registered}/${p.communes} (${pct(p.registeredShare)})`,
    recognised: `${p.recognised}/${p.communes} (${pct(p.recognisedShare)})`,
    targetRegistered: p.targetRegistered == null ? null : `${p.targetRegistered}/${p.communes} (${pct(p.targetRegisteredShare)})`,
    targetRecognised: p.targetRecognised == null ? null : `≥ ${p.targetRecognised} (${pct(p.targetRecognisedShare)})`,
  };
}

// ---------------------------------------------------------------- payments

export interface PaymentSettings {
  perRegistered: number | null;
  perRegisteredPayer: string | null;
  perRecognised: number | null;
  perRecognisedPayer: string | null;
}

export interface PaymentLine {
  unitId: number;
  unitName: string;
  reason: 'registered' | 'recognised';
  payer: string | null;
  amount: number;
}

/** One line per registered unit and one per recognised unit (a withdrawn recognition pays nothing). */
export function paymentLines(units: { unitId: number; unitName: string; status: string; recognised: boolean }[], settings: PaymentSettings): { lines: PaymentLine[]; totals: { registered: number; recognised: number; all: number } } {
  const lines: PaymentLine[] = [];
  for (const u of units) {
    if (settings.perRegistered) lines.push({ unitId: u.unitId, unitName: u.unitName, reason: 'registered', payer: settings.perRegisteredPayer, amount: settings.perRegistered });
  }
  for (const u of units) {
    if (u.recognised && settings.perRecognised) lines.push({ unitId: u.unitId, unitName: u.unitName, reason: 'recognised', payer: settings.perRecognisedPayer, amount: settings.perRecognised });
  }
  const sum = (reason: PaymentLine['reason']) => lines.filter((l) => l.reason === reason).reduce((s, l) => s + l.amount, 0);
  const registered = sum('registered');
  const recognised = sum('recognised');
  return { lines, totals: { registered, recognised, all: registered + recognised } };
}
