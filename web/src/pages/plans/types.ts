/** Plan shapes used by the plan screens (the API contract lives in src/domain/plan-document.ts). */
import type { PlanDocument, PlanDocumentInput } from '../../../../src/domain/plan-document.ts';
import type { MeasureUnit } from '../../../../src/domain/model.ts';

export type { PlanDocument, PlanDocumentInput };
/** The plan as PUT/POST input (ids and derived fields removed): the domain's own function (no zod in the bundle). */
export { toPlanInput as toInput } from '../../../../src/domain/plan-input.ts';
export type PlanIndicator = PlanDocument['indicators'][number];
export type PlanTarget = PlanIndicator['targets'][number];
export type PlanMeasure = PlanIndicator['measures'][number];
export type PlanBudget = NonNullable<PlanDocument['budget']>;

/** A row of GET /api/plans (tolerant: only id and title are certain). */
export interface PlanSummary {
  id: number;
  number: string | null;
  title: string;
  level?: string | null;
  kind?: string | null;
  status: string;
  issuerUnitId?: number | null;
  issuerName?: string | null;
  issuerUnit?: { id: number; name: string } | null;
  issuerUnitName?: string | null;
  issueYear?: number | null;
  counts?: { indicators: number; targets: number; tasks: number; budgetLines: number };
  budgetTotal?: number | null;
  issueDate?: string | null;
  issueDateText?: string | null;
  periodFrom?: number | null;
  periodTo?: number | null;
  parentPlanId?: number | null;
  indicatorCount?: number | null;
  version?: number;
}

export function levelLabel(level: string | null | undefined, t: (vi: string, en: string) => string): string {
  switch (level) {
    case 'national':
      return t('Quốc gia', 'National');
    case 'province':
      return t('Tỉnh', 'Province');
    case 'district':
      return t('Huyện', 'District');
    case 'commune':
      return t('Xã', 'Commune');
    default:
      return level ?? '—';
  }
}

export function kindLabel(kind: string | null | undefined, t: (vi: string, en: string) => string): string {
  switch (kind) {
    case 'action_programme':
      return t('Chương trình hành động vì trẻ em', 'Action programme for children');
    case 'child_protection':
      return t('Bảo vệ trẻ em', 'Child protection');
    case 'child_participation':
      return t('Trẻ em tham gia', 'Child participation');
    case 'child_friendly':
      return t('Xã, phường phù hợp với trẻ em', 'Child-friendly communes');
    case 'other':
      return t('Khác', 'Other');
    default:
      return kind ?? '—';
  }
}

export function sourceLabel(source: string, t: (vi: string, en: string) => string): string {
  switch (source) {
    case 'local':
      return t('Ngân sách địa phương', 'Local budget');
    case 'central':
      return t('Ngân sách trung ương', 'Central budget');
    case 'mobilised':
      return t('Huy động, xã hội hóa', 'Mobilised funds');
    default:
      return t('Nguồn khác', 'Other source');
  }
}

/** The unit a target is stated in: its own, else its measure's. */
export function targetUnit(target: { unit?: MeasureUnit | null; measure: string }, measures: PlanMeasure[]): MeasureUnit {
  return target.unit ?? measures.find((m) => m.code === target.measure)?.unit ?? 'percent';
}

/** "2021–2030" */
export function periodText(from: number | null | undefined, to: number | null | undefined): string {
  if (from && to) return from === to ? String(from) : `${from}–${to}`;
  return from ? `${from}–` : to ? `–${to}` : '—';
}

/** The plan's issue date as written: 18/05/2021, or "05/2023" / "2014" when partial. */
export function issueDateText(p: { issueDate?: string | null; issueDateText?: string | null; issueYear?: number | null }): string {
  if (p.issueDate) {
    const [y, m, d] = p.issueDate.split('-');
    return `${d}/${m}/${y}`;
  }
  if (p.issueDateText) {
    const [y, m] = p.issueDateText.split('-');
    return m ? `${m}/${y}` : y;
  }
  if (p.issueYear) return String(p.issueYear);
  return '—';
}
