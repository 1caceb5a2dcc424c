/**
 * Objectives and indicators: the "Mục tiêu cụ thể" part of a plan (or its "MỤC TIÊU"
 * section when there is no such heading). Numbered indicators ("- Chỉ tiêu 3: …" with
 * "+" sub-bullets) and un-numbered bullets become indicators; each is matched to
 * the national catalogue and its targets are extracted.
 */
import { matchCatalogue } from './catalogue-match.ts';
import { extractTargets, type Clause } from './targets.ts';
import type { Line, TextModel } from './textmodel.ts';
import type { ImportedIndicator, ImportedObjective } from './types.ts';

export interface ObjectivesResult {
  objectives: ImportedObjective[];
  indicators: ImportedIndicator[];
}

interface Draft {
  key: string;
  number: string | null;
  objective: string | null;
  lines: { line: Line; offset: number }[];
  year: number | null;
}

export function parseObjectives(model: TextModel, periodEnd: number | null, warnings: string[]): ObjectivesResult {
  const region = findRegion(model);
  if (!region) return { objectives: [], indicators: [] };
  const objectives: ImportedObjective[] = [];
  const drafts: Draft[] = [];
  let objective: string | null = null;
  let headerYear: number | null = null;
  let localCount = 0;
  let current: Draft | null = null;
  for (let i = region.from; i <= region.to; i++) {
    const line = model.lines[i];
    const f = line.folded.trim();
    if (!f || line.text.includes('\t')) continue;
    const lead = line.folded.length - line.folded.trimStart().length;
    const obj = objectiveHeading(f);
    if (obj) {
      objective = obj.key ?? String(objectives.length + 1);
      const titleStart = line.start + lead + obj.titleOffset;
      objectives.push({ key: objective, title: model.text.slice(titleStart, line.end).replace(/[:.]\s*$/, '').trim(), source: { start: line.start, end: line.end } });
      current = null;
      headerYear = null;
      continue;
    }
    const yh = /^(?:[-+]\s*)?(?:den|vao|trong|tinh den)\s+(?:nam\s+)?((?:19|20)\d\d)\s*:?$/.exec(f);
    if (yh) {
      headerYear = Number(yh[1]);
      current = null;
      continue;
    }
    const numbered = /^(?:[-+•]\s*)?chi tieu\s*(?:so\s*)?(\d+[a-z]?)\s*[:.)–-]\s*/.exec(f);
    if (numbered) {
      current = { key: numbered[1], number: numbered[1], objective, lines: [{ line, offset: lead + numbered[0].length }], year: headerYear };
      drafts.push(current);
      continue;
    }
    if (/^\+\s/.test(f) && current) {
      current.lines.push({ line, offset: lead + 2 });
      continue;
    }
    if (/^[-–•]\s/.test(f) || /\d/.test(f)) {
      if (/^\d+(?:\.\d+)*[.)]\s/.test(f) && !/\d\s*%/.test(f)) continue;
      localCount++;
      // "- Đến năm 2025: tỷ lệ A dưới 24%; tỷ lệ B dưới 15%" — the year leads every clause of the bullet
      const lead2 = /^(?:[-–•]\s*)?(?:den|vao|trong|tinh den)\s+(?:het\s+)?nam\s+((?:19|20)\d\d)\s*:/.exec(f);
      current = { key: `L${localCount}`, number: null, objective, lines: [{ line, offset: lead + (/^[-–•]\s/.test(f) ? 2 : 0) }], year: lead2 ? Number(lead2[1]) : headerYear };
      drafts.push(current);
    }
  }
  const indicators = drafts.map((d) => buildIndicator(model, d, periodEnd, warnings));
  return { objectives, indicators };
}

function findRegion(model: TextModel): { from: number; to: number } | null {
  const lines = model.lines;
  let start = -1;
  for (const line of lines) {
    if (/^(?:(?:\d+(?:\.\d+)*|[a-zđ])[.)]\s*)?(?:cac\s+)?muc tieu cu the\b/.test(line.folded.trim())) {
      start = line.index + 1;
      break;
    }
  }
  if (start < 0) {
    const section = model.sections.find((s) => /^muc tieu/.test(s.heading));
    if (section) start = section.from;
  }
  if (start < 0) {
    // no "Mục tiêu cụ thể" heading (lost in a copy): start at the first objective or numbered indicator
    const first = lines.find((l) => {
      const f = l.folded.trim();
      return objectiveHeading(f) !== null || /^(?:[-+•]\s*)?chi tieu\s*(?:so\s*)?\d+[a-z]?\s*[:.)–-]/.test(f);
    });
    if (!first) return null;
    start = first.index;
  }
  let end = lines.length - 1;
  for (let i = start; i < lines.length; i++) {
    const f = lines[i].folded.trim();
    // a numbered line ends the targets unless it is itself a target ("1. Phấn đấu 100% …")
    if (/^[ivx]+[.)]\s/.test(f) || (/^\d+[.)]\s/.test(f) && !/muc tieu|chi tieu/.test(f) && !/\d\s*(?:%|‰|phan tram)/.test(f))) {
      end = i - 1;
      break;
    }
  }
  return { from: start, to: end };
}

function objectiveHeading(f: string): { key: string | null; titleOffset: number } | null {
  const m = /^([a-zđ]\)|\d+(?:\.\d+)+\.?)\s*(?:(?:cac\s+)?muc tieu\s*(\d+)?\s*[:.]?\s*)/.exec(f);
  if (!m || !/muc tieu/.test(f)) return null;
  if (/^[-+]/.test(f)) return null;
  const key = m[2] ?? m[1].replace(/[).]+$/, '');
  const titleOffset = m[2] ? m[0].length : m[1].length;
  return { key, titleOffset: skipSpace(f, titleOffset) };
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && s[i] === ' ') i++;
  return i;
}

function buildIndicator(model: TextModel, d: Draft, periodEnd: number | null, warnings: string[]): ImportedIndicator {
  const first = d.lines[0];
  const last = d.lines[d.lines.length - 1].line;
  const textStart = first.line.start + first.offset;
  const text = model.text.slice(textStart, last.end).trim();
  const folded = model.folded.slice(textStart, last.end);
  const match = matchCatalogue(folded, d.number);
  const clauses = toClauses(model, d);
  const targets = extractTargets(clauses, {
    key: d.key,
    catalogue: match.indicator,
    defaultYear: d.year ?? periodEnd,
    defaultYearReason: d.year !== null ? 'header' : 'period_end',
    warnings,
  });
  if (match.indicator && d.number !== null && match.indicator.code !== d.number) {
    warnings.push(`Chỉ tiêu ${d.number} giống chỉ tiêu quốc gia ${match.indicator.code} / looks like national indicator ${match.indicator.code}`);
  }
  return {
    key: d.key,
    number: d.number,
    objective: d.objective,
    text,
    catalogue: match.indicator?.code ?? null,
    catalogueScore: match.score,
    targets,
    source: { start: first.line.start, end: last.end },
  };
}

/** Clauses: each line (bullet and sub-bullets) cut at ";". */
function toClauses(model: TextModel, d: Draft): Clause[] {
  const out: Clause[] = [];
  for (const { line, offset } of d.lines) {
    let start = line.start + offset;
    const end = line.end;
    const f = model.folded;
    for (let i = start; i <= end; i++) {
      if (i === end || f[i] === ';') {
        if (i > start) out.push({ start, text: model.text.slice(start, i), folded: f.slice(start, i) });
        start = i + 1;
      }
    }
  }
  return out;
}
