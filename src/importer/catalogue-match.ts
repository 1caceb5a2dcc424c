/**
 * Matching indicator text to the national catalogue (QĐ 23/QĐ-TTg), tolerant of
 * wording, typos and missing diacritics: token coverage of the catalogue names.
 */
import { NATIONAL_INDICATORS } from '../domain/catalogue/national-programme.ts';
import type { IndicatorDefinition, MeasureDefinition } from '../domain/model.ts';
import { fold } from './numbers.ts';

const STOP = new Set(['ty', 'ti', 'le', 'suat', 'tre', 'em', 'cac', 'va', 'cua', 'cho', 've', 'o', 'trong', 'nam', 'vao', 'dat', 'giam', 'tang', 'tren', 'duoi', 'nhung', 'mot', 'voi']);

export function tokens(foldedText: string): string[] {
  const out: string[] = [];
  for (const raw of foldedText.split(/[^a-z0-9.,]+/)) {
    const t = raw.replace(/^[.,]+|[.,]+$/g, '');
    if (!t) continue;
    out.push(/^\d+$/.test(t) ? String(Number(t)) : t);
  }
  return out;
}

function contentTokens(foldedText: string): Set<string> {
  return new Set(tokens(foldedText).filter((t) => !STOP.has(t)));
}

interface Candidate {
  indicator: IndicatorDefinition;
  tokens: Set<string>;
}

let candidates: Candidate[] | null = null;

function catalogueCandidates(): Candidate[] {
  if (candidates) return candidates;
  candidates = [];
  for (const indicator of NATIONAL_INDICATORS) {
    const names = indicator.measures.map((m) => m.nameVi);
    if (indicator.measures.length === 1) names.push(indicator.nameVi);
    for (const name of names) candidates.push({ indicator, tokens: contentTokens(fold(name)) });
  }
  return candidates;
}

let idf: Map<string, number> | null = null;

/** Rarer catalogue words weigh more: "tổng" tells more than "có". */
function weights(): Map<string, number> {
  if (idf) return idf;
  const all = catalogueCandidates();
  const df = new Map<string, number>();
  for (const c of all) for (const t of c.tokens) df.set(t, (df.get(t) ?? 0) + 1);
  idf = new Map([...df].map(([t, n]) => [t, Math.log(1 + all.length / n)]));
  return idf;
}

function coverage(nameTokens: Set<string>, textTokens: Set<string>): number {
  if (nameTokens.size === 0) return 0;
  const w = weights();
  let hit = 0;
  let total = 0;
  for (const t of nameTokens) {
    const wt = w.get(t) ?? 1;
    total += wt;
    if (textTokens.has(t)) hit += wt;
  }
  return hit / total;
}

export interface CatalogueMatch {
  indicator: IndicatorDefinition | null;
  score: number;
}

const NUMBERED_THRESHOLD = 0.3;
const FREE_THRESHOLD = 0.85;

/** Match an indicator's folded text; a written number ("Chỉ tiêu 3") is a strong hint. */
export function matchCatalogue(foldedText: string, number: string | null): CatalogueMatch {
  const textTokens = contentTokens(foldedText);
  const scores = new Map<string, number>();
  for (const c of catalogueCandidates()) {
    const s = coverage(c.tokens, textTokens);
    if (s > (scores.get(c.indicator.code) ?? -1)) scores.set(c.indicator.code, s);
  }
  if (number !== null && (scores.get(number) ?? 0) >= NUMBERED_THRESHOLD) {
    return { indicator: NATIONAL_INDICATORS.find((i) => i.code === number) ?? null, score: round(scores.get(number) ?? 0) };
  }
  let best: string | null = null;
  let bestScore = 0;
  for (const [code, s] of scores) {
    if (s > bestScore) {
      best = code;
      bestScore = s;
    }
  }
  if (best !== null && bestScore >= FREE_THRESHOLD) {
    return { indicator: NATIONAL_INDICATORS.find((i) => i.code === best) ?? null, score: round(bestScore) };
  }
  return { indicator: null, score: round(bestScore) };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Pick which measure of a multi-measure indicator a clause talks about, weighting
 * tokens that distinguish the measures. Returns null when the clause gives no signal.
 */
export function pickMeasure(foldedClause: string, indicator: IndicatorDefinition): MeasureDefinition | null {
  if (indicator.measures.length === 1) return indicator.measures[0];
  const clause = new Set(tokens(foldedClause));
  const sets = indicator.measures.map((m) => new Set(tokens(fold(m.nameVi))));
  const df = new Map<string, number>();
  for (const s of sets) for (const t of s) df.set(t, (df.get(t) ?? 0) + 1);
  let best: MeasureDefinition | null = null;
  let bestScore = 0;
  let tie = false;
  sets.forEach((s, i) => {
    let score = 0;
    for (const t of s) if (clause.has(t) && df.get(t) === 1) score += 1;
    if (score > bestScore + 1e-9) {
      best = indicator.measures[i];
      bestScore = score;
      tie = false;
    } else if (Math.abs(score - bestScore) < 1e-9 && score > 0) {
      tie = true;
    }
  });
  return tie ? null : best;
}
