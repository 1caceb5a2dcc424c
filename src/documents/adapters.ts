/**
 * Thin adapters from the stored plan document (src/domain/plan-document.ts, foundation) to the plain
 * data the document generators take. Pure: no I/O.
 */
import type { PlanDocument } from '../domain/plan-document.ts';
import { budgetFromLines, DEFAULT_BUDGET_SOURCES } from '../domain/documents/budget.ts';
import type { DocAssignment, DocReportingRule, Issuer, PlanDocumentData, Signer } from '../domain/documents/types.ts';
import type { MeasureUnit } from '../domain/model.ts';

const LEVEL_PREFIX: Record<string, string> = { province: 'TỈNH', district: 'HUYỆN', commune: 'XÃ', nation: '' };

/** "UBND tỉnh Kiên Giang" / "Ủy ban nhân dân xã Hoằng Kim" / unit {name: 'Kiên Giang', level: 'province'} → issuer lines. */
export function issuerOf(issuerName: string | null, unit: { name: string; level: string } | null): Issuer {
  const name = (issuerName ?? '').trim();
  const m = name.match(/^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(.+)$/i);
  if (m) return { parent: 'ỦY BAN NHÂN DÂN', name: m[1].toLocaleUpperCase('vi') };
  if (unit) {
    const already = /^(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s/i.test(unit.name);
    return { parent: 'ỦY BAN NHÂN DÂN', name: (already ? unit.name : `${LEVEL_PREFIX[unit.level] ?? ''} ${unit.name}`).trim().toLocaleUpperCase('vi') };
  }
  if (name) return { parent: null, name: name.toLocaleUpperCase('vi') };
  return { parent: 'ỦY BAN NHÂN DÂN', name: '' };
}

/** A plan's signer ("Nguyễn Lưu Trung", title "Phó Chủ tịch") → the signature block of a people's committee. */
export function signerOf(name: string | null, title: string | null, issuer: Issuer): Signer | null {
  if (!name) return null;
  const t = (title ?? '').toLocaleUpperCase('vi');
  const onBehalfOf = issuer.parent ? `TM. ${issuer.parent}` : null;
  // a deputy signs for the head (NĐ 30/2020, Phụ lục I: "KT. THỦ TƯỚNG / PHÓ THỦ TƯỚNG", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")
  const deputy = /^(?:KT\.\s*)?PHÓ\s+(.+)$/.exec(t);
  if (deputy) return { onBehalfOf, signingFor: `KT. ${deputy[1]}`, title: `PHÓ ${deputy[1]}`, name };
  return { onBehalfOf, signingFor: null, title: t.replace(/^(KT|TM)\.\s*/, '') || 'CHỦ TỊCH', name };
}

export const DEFAULT_RECIPIENTS = ['Như mục V', 'Lưu: VT'];

export function planDataFromDocument(doc: PlanDocument, extra: { recipients?: string[]; context?: string[]; generalObjective?: string | null } = {}): PlanDocumentData {
  const issuer = issuerOf(doc.issuerName, doc.issuerUnit);
  const objectives = doc.objectives.map((o) => ({ key: o.key, title: o.title, indicators: [] as PlanDocumentData['objectives'][number]['indicators'] }));
  const loose: PlanDocumentData['objectives'][number]['indicators'] = [];
  for (const ind of doc.indicators) {
    const measures = ind.measures.map((m) => ({ code: m.code, name: m.nameVi, unit: m.unit as MeasureUnit, direction: m.direction }));
    const unitOf = (code: string): MeasureUnit => measures.find((m) => m.code === code)?.unit ?? 'percent';
    const entry = {
      number: ind.number,
      name: ind.nameVi,
      text: ind.text,
      measures,
      targets: ind.targets.map((t) => ({ measure: t.measure, year: t.year, comparator: t.comparator, value: t.value, valueMax: t.valueMax, unit: (t.unit ?? unitOf(t.measure)) as MeasureUnit, base: t.base, group: t.group, relative: t.relative, note: t.note })),
    };
    const o = objectives.find((x) => x.key === ind.objective);
    (o ? o.indicators : loose).push(entry);
  }
  if (loose.length) objectives.push({ key: String(objectives.length + 1), title: 'Chỉ tiêu khác', indicators: loose });

  const byAgency = new Map<string, DocAssignment>();
  const agencyEntry = (name: string): DocAssignment => {
    let a = byAgency.get(name);
    if (!a) byAgency.set(name, (a = { agency: name, indicators: [], duties: [] }));
    return a;
  };
  for (const a of doc.assignments) if (a.role === 'lead') agencyEntry(a.agency).indicators.push(...a.indicators);
  for (const t of doc.tasks) for (const lead of t.lead) agencyEntry(lead).duties.push(`Chủ trì: ${t.title}${t.partners.length ? ` (phối hợp: ${t.partners.join(', ')})` : ''}.`);

  const reportingRules: DocReportingRule[] = doc.reporting
    .filter((r) => r.due !== null)
    .map((r) => ({ reporter: r.reporter, recipient: r.via ? `${r.recipient} (qua ${r.via})` : r.recipient, dueDay: r.due!.day, dueMonth: r.due!.month, dueYear: r.due!.year, recurrence: r.recurrence }));

  const sources = [...DEFAULT_BUDGET_SOURCES];
  for (const l of doc.budget?.lines ?? []) {
    const s = sources.find((x) => x.key === l.source);
    if (!s) sources.push({ key: l.source, label: l.sourceLabel ?? l.source });
  }
  const budget = doc.budget && doc.budget.lines.length
    ? budgetFromLines(doc.budget.lines.map((l) => ({ activityNo: l.activityNo, activity: l.activity, year: l.year, source: l.source, amount: l.amount })), { periodFrom: doc.periodFrom, periodTo: doc.periodTo, sources, statedTotal: doc.budget.statedTotal })
    : null;
  // only the sources that have money (the seed tables print local + mobilised)
  if (budget) budget.sources = budget.sources.filter((s) => s.key === 'local' || s.key === 'mobilised' || budget.activities.some((a) => Object.values(a.amounts).some((y) => (y[s.key] ?? 0) > 0)));

  return {
    issuer,
    number: doc.number,
    place: doc.place,
    date: doc.issueDate,
    docType: 'KẾ HOẠCH',
    title: doc.title,
    implements: doc.implements,
    periodFrom: doc.periodFrom,
    periodTo: doc.periodTo,
    context: extra.context ?? [],
    generalObjective: extra.generalObjective ?? null,
    objectives: objectives.filter((o) => o.indicators.length > 0 || doc.indicators.length === 0),
    tasks: doc.tasks.map((t) => ({ section: t.section, title: t.title, description: t.description })),
    budget,
    fundingText: [],
    assignments: [...byAgency.values()],
    reportingRules,
    reviews: doc.reviews,
    recipients: extra.recipients ?? DEFAULT_RECIPIENTS,
    signer: signerOf(doc.signer, doc.signerTitle, issuer),
  };
}
