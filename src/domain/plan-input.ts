/**
 * From a stored plan back to the input it was built from. Kept apart from plan-document.ts (only
 * its types are imported here) so that the web app can use it without bundling zod.
 */
import type { PlanDocument, PlanDocumentInputNormalised } from './plan-document.ts';

/** Strips ids and derived fields: the PlanDocumentInput (normalised) a stored plan was built from. */
export function toPlanInput(doc: PlanDocument): PlanDocumentInputNormalised {
  const strip = <T extends object>(o: T, keys: string[]): any => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
  return {
    number: doc.number,
    title: doc.title,
    kind: doc.kind,
    level: doc.level,
    issuerUnitId: doc.issuerUnitId,
    issuerName: doc.issuerName,
    issueDate: doc.issueDate,
    issueDateText: doc.issueDateText,
    place: doc.place,
    periodFrom: doc.periodFrom,
    periodTo: doc.periodTo,
    parentPlanId: doc.parentPlanId,
    signer: doc.signer,
    signerTitle: doc.signerTitle,
    implements: doc.implements,
    objectives: doc.objectives.map((o) => ({ key: o.key, title: o.title })),
    indicators: doc.indicators.map((i) => ({
      number: i.number,
      objective: i.objective,
      text: i.text,
      catalogue: i.catalogue,
      definition: i.definition,
      targets: i.targets.map((t) => strip(t, ['id', 'measureId'])),
      baselines: i.baselines.map((b) => strip(b, ['id', 'measureId'])),
    })),
    agencies: doc.agencies.map((a) => ({ name: a.name, sector: a.sector, shortName: a.shortName })),
    tasks: doc.tasks.map((t) => strip(t, ['id'])),
    assignments: doc.assignments.map((a) => strip(a, ['agencyId'])),
    reporting: doc.reporting.map((r) => strip(r, ['id', 'reporterAgencyId'])),
    reviews: doc.reviews,
    budget: doc.budget ? { currencyUnit: doc.budget.currencyUnit, statedTotal: doc.budget.statedTotal, lines: doc.budget.lines.map((l) => strip(l, ['id'])) } : null,
  };
}
