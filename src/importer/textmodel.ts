/**
 * The normalized text split into lines, with a folded (lower case, no diacritics)
 * copy of the same length, so patterns match on the folded text and spans point
 * into the original. Also finds the document's sections (Roman-numbered headings).
 */
import { fold } from './numbers.ts';
import type { SourceSpan } from './types.ts';

export interface Line {
  index: number;
  start: number;
  end: number;
  text: string;
  folded: string;
}

export interface Section {
  /** folded heading text without the numeral */
  heading: string;
  headingLine: number;
  /** first and last line index (inclusive) of the body */
  from: number;
  to: number;
}

export interface TextModel {
  text: string;
  folded: string;
  lines: Line[];
  sections: Section[];
}

export function buildTextModel(text: string): TextModel {
  const folded = fold(text);
  const lines: Line[] = [];
  let start = 0;
  let index = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lines.push({ index, start, end, text: text.slice(start, end), folded: folded.slice(start, end) });
    index++;
    start = end + 1;
  }
  return { text, folded, lines, sections: findSections(lines) };
}

const ROMAN_HEADING = /^([ivx]+)[.)]\s+(.+)$/;

function findSections(lines: Line[]): Section[] {
  const heads: { line: number; heading: string }[] = [];
  for (const line of lines) {
    const m = ROMAN_HEADING.exec(line.folded.trim());
    if (m && !line.text.includes('\t')) heads.push({ line: line.index, heading: m[2] });
  }
  return heads.map((h, i) => ({
    heading: h.heading,
    headingLine: h.line,
    from: h.line + 1,
    to: i + 1 < heads.length ? heads[i + 1].line - 1 : lines.length - 1,
  }));
}

export function findSection(model: TextModel, pattern: RegExp): Section | undefined {
  return model.sections.find((s) => pattern.test(s.heading));
}

export function span(start: number, end: number): SourceSpan {
  return { start, end };
}

export function lineSpan(line: Line): SourceSpan {
  return { start: line.start, end: line.end };
}

/** Split a line into sentences with absolute offsets. */
export function sentences(line: Line): { start: number; end: number; text: string; folded: string }[] {
  const out: { start: number; end: number; text: string; folded: string }[] = [];
  const re = /[^.;!?]+(?:[.;!?](?!\d)|$)/g;
  let m: RegExpExecArray | null;
  const body = line.text;
  let buffer = '';
  let bufStart = -1;
  while ((m = re.exec(body)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    if (bufStart < 0) bufStart = m.index;
    buffer += m[0];
    const s = line.start + bufStart;
    const e = line.start + m.index + m[0].length;
    out.push({ start: s, end: e, text: body.slice(bufStart, m.index + m[0].length), folded: line.folded.slice(bufStart, m.index + m[0].length) });
    buffer = '';
    bufStart = -1;
  }
  return out;
}
