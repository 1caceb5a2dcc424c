/**
 * Turns what the importer read (ImportResult) into a draft PlanDocumentInput that the
 * plan model accepts. Pure. Whatever cannot be carried over losslessly becomes a warning.
 */
import { FUNDING_SOURCES, type PlanDocumentInput } from '../domain/plan-document.ts';
import { SECTORS, type Direction, type MeasureUnit, type Sector } from '../domain/model.ts';
import type { ImportResult } from './types.ts';

export interface DraftOptions {
  issuerUnitId?: number | null;
  parentPlanId?: number | null;
}

const AMOUNT_TO_MILLION: Record<string, number> = { million_vnd: 1, billion_vnd: 1000, thousand_vnd: 0.001, vnd: 0.000001 };

function reporterKindOf(reporter: string | null): 'agency' | 'agencies' | 'lower_units' | 'unit' {
  if (!reporter) return 'agencies';
  const r = reporter.toLowerCase();
  if (/(ubnd|ủy ban nhân dân|uỷ ban nhân dân) (các|cấp) (xã|huyện|phường)/.test(r) || /các (xã|huyện|phường)/.test(r)) return 'lower_units';
  if (/các (sở|phòng|cơ quan|ban|ngành|đơn vị)/.test(r)) return 'agencies';
  return 'agency';
}

function directionOf(comparator: string): Direction {
  if (comparator === '<' || comparator === '<=' || comparator === 'zero') return 'decrease';
  if (comparator === 'maintain') return 'maintain';
  return 'increase';
}

const isFullDate = (date: string | null | undefined): date is string => Boolean(date && /^\d{4}-\d{2}-\d{2}$/.test(date));

export function importToPlanInput(result: ImportResult, options: DraftOptions = {}): { plan: PlanDocumentInput; warnings: string[] } {
  const warnings: string[] = [];
  const doc = result.document;
  const usedNumbers = new Set<string>();
  const usedCatalogue = new Set<string>();

  const indicators = result.indicators.map((indicator) => {
    let catalogue = indicator.catalogue;
    if (catalogue && usedCatalogue.has(catalogue)) {
      warnings.push(`Chỉ tiêu "${indicator.text.slice(0, 60)}…" trùng chỉ tiêu quốc gia ${catalogue}; lưu như chỉ tiêu riêng.`);
      catalogue = null;
    }
    if (catalogue) usedCatalogue.add(catalogue);
    let number = indicator.number;
    if (number && usedNumbers.has(number)) number = null;
    if (number) usedNumbers.add(number);
    const seen = new Set<string>();
    const targets = indicator.targets
      .filter((t) => {
        const key = `${catalogue ? t.measure : indicator.key}|${t.year}|${t.group ?? ''}`;
        if (seen.has(key)) {
          warnings.push(`Bỏ chỉ tiêu lặp: chỉ tiêu ${indicator.key}, năm ${t.year}.`);
          return false;
        }
        seen.add(key);
        return true;
      })
      .map((t) => ({
        measure: catalogue ? t.measure : indicator.key,
        year: t.year,
        comparator: t.comparator,
        value: t.value,
        valueMax: t.comparator === 'range' ? t.valueMax : null,
        // a relative target's percent is in relative.byUnit: the value is in the measure's own unit
        unit: t.relative ? null : t.unit,
        base: t.base,
        group: t.group,
        relative: t.relative,
        note: t.yearInferred ? 'năm suy ra từ giai đoạn của kế hoạch' : null,
      }));
    const first = indicator.targets[0];
    const definition = catalogue
      ? null
      : {
          nameVi: indicator.text.slice(0, 500) || `Chỉ tiêu ${indicator.key}`,
          nameEn: null,
          measures: [
            {
              code: indicator.key,
              nameVi: indicator.text.slice(0, 500) || `Chỉ tiêu ${indicator.key}`,
              nameEn: null,
              unit: (first?.unit ?? 'percent') as MeasureUnit,
              direction: directionOf(first?.comparator ?? '>='),
              base: first?.base ?? null,
              numeratorVi: null,
              denominatorVi: null,
              disaggregations: [],
              groups: [...new Set(indicator.targets.map((t) => t.group).filter((g): g is string => Boolean(g)))],
            },
          ],
        };
    return { number, objective: indicator.objective, text: indicator.text, catalogue, definition, targets, baselines: [] };
  });

  const agencyNames = new Map<string, Sector>();
  for (const assignment of result.assignments) {
    const sector = (SECTORS as readonly string[]).includes(assignment.sector ?? '') ? (assignment.sector as Sector) : 'other';
    if (!agencyNames.has(assignment.agency)) agencyNames.set(assignment.agency, sector);
  }
  const assignments = result.assignments
    .map((a) => ({ agency: a.agency, indicators: a.indicators.filter((n) => usedNumbers.has(n)), role: 'lead' as const }))
    .filter((a) => a.indicators.length > 0);
  const tasks = result.assignments.flatMap((a) =>
    a.tasks
      .filter((task) => task.text.trim().length > 0)
      .map((task) => ({ section: null, title: task.text.trim().slice(0, 300), description: task.text.trim().length > 300 ? task.text.trim() : null, lead: [a.agency], partners: [] })),
  );

  const reporting = result.reporting.map((r) => ({
    reporterKind: reporterKindOf(r.reporter),
    reporter: r.reporter ?? 'Các cơ quan, đơn vị có liên quan',
    recipient: r.recipient ?? doc.issuer ?? 'Ủy ban nhân dân',
    recipientUnitId: null,
    via: r.via,
    due: r.due,
    recurrence: r.recurrence === 'once' && r.due.year === null ? ('yearly' as const) : r.recurrence,
    period: r.period,
    dueInPeriod: r.dueInPeriod,
  }));
  const reviews = result.reviews.filter((r, i, all) => all.findIndex((x) => x.kind === r.kind) === i).map((r) => ({ kind: r.kind, year: r.year }));

  let budget: PlanDocumentInput['budget'] = null;
  if (result.budget) {
    const factor = AMOUNT_TO_MILLION[result.budget.currencyUnit] ?? 1;
    const labels = new Map(result.budget.sources.map((s) => [s.key, s.label]));
    budget = {
      currencyUnit: 'million_vnd',
      statedTotal: result.budget.statedTotal === null ? null : result.budget.statedTotal * factor,
      lines: result.budget.lines.map((line) => ({
        activityNo: line.activityNumber,
        activity: line.activity,
        year: line.year,
        source: (FUNDING_SOURCES as readonly string[]).includes(line.source) ? (line.source as (typeof FUNDING_SOURCES)[number]) : 'other',
        sourceLabel: labels.get(line.source) ?? line.source,
        amount: line.amount * factor,
      })),
    };
  }

  const plan: PlanDocumentInput = {
    number: doc.number,
    title: doc.title ?? 'Kế hoạch (chưa có tiêu đề)',
    kind: 'action_programme',
    level: doc.level,
    issuerUnitId: options.issuerUnitId ?? null,
    issuerName: doc.issuer,
    issueDate: isFullDate(doc.date) ? doc.date : null,
    issueDateText: doc.date && !isFullDate(doc.date) ? doc.date : null,
    place: doc.place,
    periodFrom: doc.period.from,
    periodTo: doc.period.to,
    parentPlanId: options.parentPlanId ?? null,
    signer: doc.signer,
    signerTitle: doc.signerTitle,
    status: 'draft',
    implements: doc.implements.map((ref) => ({ number: ref.number, date: isFullDate(ref.date) ? ref.date : null, issuer: null, title: ref.kind })),
    objectives: result.objectives.map((o) => ({ key: o.key, title: o.title })),
    indicators,
    agencies: [...agencyNames].map(([name, sector]) => ({ name, sector, shortName: null })),
    tasks,
    assignments,
    reporting,
    reviews,
    budget,
  };
  return { plan, warnings };
}
