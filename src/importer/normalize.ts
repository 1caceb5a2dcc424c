/**
 * Clean extracted text: line endings, markdown residue, known typos of real documents,
 * and lines broken in the middle of a sentence (by PDF extraction or re-wrapping).
 * Table rows (tab- or `|`-separated) are kept as they are.
 */

export interface NormalizedText {
  text: string;
  fixes: string[];
}

const TYPOS: [RegExp, string][] = [
  [/(?<!\p{L})Ph[âầ]n đ[ầâ]u(?!\p{L})/gu, 'Phấn đấu'],
  [/(?<!\p{L})PH[ÂẦ]N Đ[ẦÂ]U(?!\p{L})/gu, 'PHẤN ĐẤU'],
  [/(?<!\p{L})Trạng ([yY]) tế(?!\p{L})/gu, 'Trạm $1 tế'],
];

export function normalizeText(raw: string): NormalizedText {
  const fixes: string[] = [];
  let text = raw.normalize('NFC').replace(/\r\n?/g, '\n').replace(/[\u00a0\u2007\u202f]/g, ' ');
  text = text.replace(/[\u200b\ufeff]/g, '').replace(/\f/g, '\n');
  let lines = text.split('\n').map(cleanLine);
  lines = convertPipeTables(lines);
  text = joinBrokenLines(lines).join('\n');
  for (const [re, good] of TYPOS) {
    text = text.replace(re, (m: string, ...groups: unknown[]) => {
      const fixed = good.replace(/\$(\d)/g, (_d, n: string) => String(groups[Number(n) - 1] ?? ''));
      fixes.push(`sửa lỗi chính tả "${m}" → "${fixed}"`);
      return fixed;
    });
  }
  text = text.replace(/\n{3,}/g, '\n\n').trim();
  return { text, fixes: [...new Set(fixes)] };
}

function cleanLine(line: string): string {
  if (line.includes('\t')) return line.replace(/\*\*/g, '').replace(/[ ]+$/g, '');
  let s = line.replace(/^\s*#{1,6}\s*/, '');
  s = s.replace(/\*{1,3}([^*]+?)\*{1,3}/g, '$1').replace(/\*{2,3}/g, '');
  s = s.replace(/^\s*[•●▪◦]\s*/, '- ');
  s = s.replace(/[ \t]+/g, ' ').trim();
  return s;
}

/** Markdown/pipe tables become tab-separated rows; separator rows are dropped. */
function convertPipeTables(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const pipes = (line.match(/\|/g) ?? []).length;
    if (pipes < 2) {
      out.push(line);
      continue;
    }
    if (/^\|?[\s:|-]+\|?$/.test(line) && line.includes('-')) continue;
    const cells = line.replace(/^\s*\|/, '').replace(/\|\s*$/, '').split('|').map((c) => c.trim());
    out.push(cells.join('\t'));
  }
  return out;
}

const LIST_MARKER = /^(?:[-+–•]\s|[a-zđ]\)\s|\d+(?:\.\d+)*[.)]\s|[IVXLC]+[.)]\s|\(\d+\)|Chỉ tiêu\s+\d|Mục tiêu\s+\d)/u;
const TERMINAL = /[.;:!?…]["”)]?$/u;

function isTableLine(line: string): boolean {
  return line.includes('\t');
}

function isAllCaps(line: string): boolean {
  const letters = line.replace(/[^\p{L}]/gu, '');
  return letters.length >= 3 && letters === letters.toUpperCase();
}

/** Detect a re-wrapped document: most prose lines end close to one column width. */
function detectWrapWidth(lines: string[]): number | null {
  const lengths = lines.filter((l) => l.length > 0 && !isTableLine(l)).map((l) => l.length);
  if (lengths.length < 20) return null;
  const max = Math.max(...lengths);
  if (max > 200) return null;
  const near = lengths.filter((n) => n >= max - 20).length;
  return near / lengths.length >= 0.4 ? max : null;
}

function joinBrokenLines(lines: string[]): string[] {
  const width = detectWrapWidth(lines);
  const out: string[] = [];
  for (const line of lines) {
    const prev = out.length > 0 ? out[out.length - 1] : '';
    if (prev && line && shouldJoin(prev, line, width)) {
      out[out.length - 1] = joinPair(prev, line);
    } else {
      out.push(line);
    }
  }
  return out;
}

function shouldJoin(prev: string, line: string, width: number | null): boolean {
  if (isTableLine(prev) || isTableLine(line)) return false;
  if (/lao động$/iu.test(prev) && /^- Thương binh/u.test(line)) return true;
  if (/\p{L}-$/u.test(prev) && /^\p{Ll}/u.test(line)) return true;
  const prevEnds = TERMINAL.test(prev);
  if (width !== null && prev.length >= width - 25) {
    if (prevEnds && (LIST_MARKER.test(line) || /^\p{Lu}/u.test(line))) return false;
    return !(LIST_MARKER.test(line) && /^[+-]\s\p{Lu}/u.test(line) && prevEnds);
  }
  if (isAllCaps(prev) || LIST_MARKER.test(line)) return false;
  if (prevEnds) return false;
  return /^[\p{Ll}\d(“"]/u.test(line);
}

function joinPair(prev: string, line: string): string {
  if (/\p{L}-$/u.test(prev) && /^\p{Ll}/u.test(line)) return prev.slice(0, -1) + line;
  if (/lao động$/iu.test(prev) && /^- Thương binh/u.test(line)) return `${prev} ${line}`;
  return `${prev} ${line}`;
}
