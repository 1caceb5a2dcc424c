/**
 * Clean extracted text as officers really have it: line endings and escape residue, web and
 * legal-database chrome before the document, a header flattened into table rows, header words and
 * sentences broken over lines (PDF extraction, fixed-width web copies), markdown residue, known typos.
 * Table rows (tab- or `|`-separated) in the body are kept as tables. Structure is recognised on the
 * folded text (src/importer/numbers.ts `fold`), so text without diacritics reads the same; the text
 * kept is the original, for quotes and highlights.
 */
import { fold } from './numbers.ts';

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
  // a page that stored its line breaks as the characters "\r\n" (an escaped HTML source)
  if ((text.match(/\\r\\n/g) ?? []).length >= 3) {
    text = text.replace(/(?:\\r)?\\n/g, '\n');
    fixes.push('đổi các ký tự "\\r\\n" còn sót thành xuống dòng / escaped line breaks restored');
  }
  let lines = text.split('\n').map(cleanLine);
  const header = normalizeHeader(lines);
  if (header.chrome > 0) fixes.push(`bỏ ${header.chrome} dòng đầu trang web không thuộc văn bản / dropped ${header.chrome} lines of web-page chrome before the document`);
  if (header.flattened > 0) fixes.push('tách phần đầu văn bản bị dàn thành bảng / split the header flattened into table rows');
  lines = convertPipeTables(header.lines);
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

const NEEDS_CLEANING = /[#*•●▪◦\t]|\s\s|^\s|\s$/;

function cleanLine(line: string): string {
  if (!NEEDS_CLEANING.test(line)) return line;
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
  // a loop, not Math.max(...lengths): 200.000 lines would overflow the call stack
  let max = 0;
  for (const n of lengths) if (n > max) max = n;
  if (max > 200) return null;
  const near = lengths.filter((n) => n >= max - 20).length;
  return near / lengths.length >= 0.4 ? max : null;
}

/**
 * What the join rules look at in the line built so far: its start, its end, its length, whether it is in
 * capitals. Kept incrementally so that joining is linear: 200.000 one-word lines must not cost 200.000² steps.
 */
interface Built {
  parts: string[];
  head: string;
  tail: string;
  length: number;
  letters: number;
  lower: boolean;
}

const VIEW = 200;

const LOWER = /\p{Ll}/u;
const LETTERS3 = /\p{L}[^\p{L}]*\p{L}[^\p{L}]*\p{L}/u;

function built(line: string): Built {
  return { parts: [line], head: line.slice(0, VIEW), tail: line.slice(-VIEW), length: line.length, letters: LETTERS3.test(line) ? 3 : 0, lower: LOWER.test(line) };
}

function append(b: Built, joined: string, line: string): void {
  // joined = the pair as joinPair wrote it (a space, or a dehyphenation): replace the last part by it
  const last = b.parts.pop() ?? '';
  b.parts.push(joined);
  b.length += joined.length - last.length;
  if (b.head.length < VIEW) b.head = (b.parts.length === 1 ? joined : b.parts.join('')).slice(0, VIEW);
  b.tail = (b.tail.slice(0, Math.max(0, b.tail.length - last.length)) + joined).slice(-VIEW);
  b.letters += LETTERS3.test(line) ? 3 : /\p{L}/u.test(line) ? 1 : 0;
  b.lower = b.lower || LOWER.test(line);
}

function joinBrokenLines(lines: string[]): string[] {
  const width = detectWrapWidth(lines);
  const out: Built[] = [];
  for (const line of lines) {
    const prev = out.length > 0 ? out[out.length - 1] : null;
    if (prev && prev.length > 0 && line && shouldJoin(prev, line, width)) {
      const last = prev.parts[prev.parts.length - 1];
      // join the pair where the break is; the line built so far is kept in parts
      const pair = joinPair(last, line);
      if (pair.startsWith(last)) {
        prev.parts.push(pair.slice(last.length));
        prev.length += pair.length - last.length;
        if (prev.head.length < VIEW) prev.head = prev.parts.join('').slice(0, VIEW);
        prev.tail = (prev.tail + pair.slice(last.length)).slice(-VIEW);
        prev.letters += LETTERS3.test(line) ? 3 : /\p{L}/u.test(line) ? 1 : 0;
        prev.lower = prev.lower || LOWER.test(line);
      } else append(prev, pair, line);
    } else {
      out.push(built(line));
    }
  }
  return out.map((b) => b.parts.join(''));
}

function shouldJoin(prev: Built, line: string, width: number | null): boolean {
  const { head, tail } = prev;
  if (head.includes('\t') || isTableLine(line)) return false;
  if (/lao động$/iu.test(tail) && /^- Thương binh/u.test(line)) return true;
  if (/\p{L}-$/u.test(tail) && /^\p{Ll}/u.test(line)) return true;
  const prevEnds = TERMINAL.test(tail);
  const prevCaps = prev.letters >= 3 && !prev.lower;
  if (width !== null && prev.length >= width - 25) {
    if (prevEnds && (LIST_MARKER.test(line) || /^\p{Lu}/u.test(line))) return false;
    return !(LIST_MARKER.test(line) && /^[+-]\s\p{Lu}/u.test(line) && prevEnds);
  }
  // a Roman-numbered heading broken over lines: "I. MỤC ĐÍCH," + "YÊU CẦU"
  if (prevCaps && isAllCaps(line) && /^[IVX]+[.)]\s/u.test(head) && !LIST_MARKER.test(line) && line.length < 60) return true;
  if (prevCaps || LIST_MARKER.test(line)) return false;
  if (prevEnds) return false;
  if (/^[\p{Ll}\d(“"‰%]/u.test(line)) return true;
  // a sentence broken before a capitalised word ("… ở phía bắc" + "Tây Nguyên có …"); not after a short heading
  return /\p{Ll}$/u.test(tail) && /^\p{Lu}\p{Ll}/u.test(line) && prev.length >= 40 && !LIST_MARKER.test(head) && !/^(?:[a-zđ]\)|\d+(?:\.\d+)*[.)])/u.test(head) && !/:\s*$/.test(tail);
}

function joinPair(prev: string, line: string): string {
  if (/\p{L}-$/u.test(prev) && /^\p{Ll}/u.test(line)) return prev.slice(0, -1) + line;
  if (/lao động$/iu.test(prev) && /^- Thương binh/u.test(line)) return `${prev} ${line}`;
  return `${prev} ${line}`;
}

// ── the header: chrome before it, table rows, words broken over lines ────────────

/** Folded lines that belong to a web page or a legal database, not to the document. */
const CHROME = [
  /^he thong phap luat\b/,
  /^tu khoa\s*:/,
  /^dang nhap\b/,
  /^dang tai van ban/,
  /^de su dung toan bo tien ich/,
  /^neu ban la thanh vien/,
  /^(?:so hieu|loai van ban|noi ban hanh|nguoi ky|ngay ban hanh|ngay hieu luc|ngay co hieu luc|ngay cong bao|so cong bao|tinh trang|linh vuc|co quan ban hanh)\b/,
  /^(?:thu (?:hai|ba|tu|nam|sau|bay)|chu nhat),? ngay \d/,
  /^-\s*\d+\s*(?:luat|nghi dinh|nghi quyet|quyet dinh|thong tu|chi thi|cong uoc|van ban|ke hoach)/,
];

/** Folded starts of the official header (issuing body, national motto, number). */
const HEADER_START = /^(?:uy ban nhan dan|ubnd|thu tuong chinh phu|chinh phu\b|bo [a-z]|hoi dong nhan dan|cong hoa xa hoi chu nghia viet nam|so\s*:\s*\S*\/)/;

/** Header phrases whose words a narrow copy breaks over lines ("ỦY\nBAN NHÂN DÂN"). */
const HEADER_PHRASES = ['uy ban nhan dan', 'cong hoa xa hoi chu nghia viet nam', 'thu tuong chinh phu', 'doc lap - tu do - hanh phuc'];

const HEADER_ZONE = 60;

function collapse(s: string): string {
  return fold(s).replace(/\s+/g, ' ').trim();
}

function isHeadingLine(f: string): boolean {
  return /^(?:ke hoach|quyet dinh|chuong trinh|bao cao|cong van|to trinh|thong bao|huong dan)$/.test(f);
}

/**
 * The first lines of a document as copies give them: page chrome before the header is dropped, a header
 * flattened into a table ("ỦY BAN NHÂN DÂN | CỘNG HÒA … |") is split into its cells, rule lines
 * ("-------") and lone "|" go, words and dates broken over lines are joined, and a title broken over
 * several capitalised lines becomes one line.
 */
export function normalizeHeader(input: string[]): { lines: string[]; chrome: number; flattened: number } {
  const zoneEnd = Math.min(input.length, HEADER_ZONE);
  let flattened = 0;
  const zone: string[] = [];
  for (let i = 0; i < zoneEnd; i++) {
    const line = input[i];
    if (line.includes('|') && !line.includes('\t')) {
      const cells = line.split('|').map((c) => c.replace(/-{3,}/g, ' ').replace(/\s+/g, ' ').trim());
      if (cells.filter((c) => c).length > 1 || /\|\s*$/.test(line)) flattened++;
      for (const c of cells) if (c) zone.push(c);
      continue;
    }
    const t = line.trim();
    if (/^[-_=*]{3,}$/.test(t)) continue;
    zone.push(line);
  }
  // chrome: everything before the official header, when it holds page or database furniture
  let chrome = 0;
  const start = zone.findIndex((l) => HEADER_START.test(collapse(l)));
  if (start > 0) {
    const before = zone.slice(0, start).map(collapse).filter((f) => f);
    if (before.some((f) => CHROME.some((re) => re.test(f)))) {
      chrome = before.length;
      zone.splice(0, start);
    }
  } else if (start < 0) {
    while (zone.length && (CHROME.some((re) => re.test(collapse(zone[0]))) || zone[0].trim() === '')) {
      if (zone[0].trim()) chrome++;
      zone.shift();
    }
  }
  const joined = joinHeaderLines(zone);
  return { lines: [...joined, ...input.slice(zoneEnd)], chrome, flattened: flattened >= 2 ? flattened : 0 };
}

function joinHeaderLines(zone: string[]): string[] {
  const out: string[] = [];
  let inTitle = false;
  let bodyStarted = false;
  for (const raw of zone) {
    const line = raw.trim() === '' ? '' : raw;
    const f = collapse(line);
    if (bodyStarted || out.length === 0 || !line) {
      if (line && /^(?:can cu|thuc hien|xet de nghi|kinh gui|[ivx]+[.)]\s)/.test(f) && out.length > 0) bodyStarted = true;
      out.push(line);
      if (!line) inTitle = false;
      continue;
    }
    const prev = out[out.length - 1];
    const pf = collapse(prev);
    if (/^(?:can cu|thuc hien|xet de nghi|kinh gui|[ivx]+[.)]\s)/.test(f)) {
      bodyStarted = true;
      inTitle = false;
      out.push(line);
      continue;
    }
    if (shouldJoinHeader(pf, f, prev, line, inTitle)) {
      out[out.length - 1] = `${prev.trimEnd()} ${line.trim()}`;
      continue;
    }
    inTitle = isHeadingLine(f) || (inTitle && isCaps(line));
    if (!inTitle && isCaps(line) && /^(?:thuc hien|trien khai|ve viec|ve |phe duyet|xay dung|ban hanh|hanh dong|phong|bao ve|cham soc)/.test(f) && f.split(' ').length >= 4) inTitle = true;
    out.push(line);
  }
  return out;
}

function isCaps(line: string): boolean {
  const letters = line.replace(/[^\p{L}]/gu, '');
  return letters.length >= 2 && letters === letters.toUpperCase();
}

function shouldJoinHeader(pf: string, f: string, prev: string, line: string, inTitle: boolean): boolean {
  if (!pf || !f) return false;
  // "ỦY" + "BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI" + "CHỦ NGHĨA VIỆT NAM", "THỦ TƯỚNG CHÍNH" + "PHỦ"
  for (const phrase of HEADER_PHRASES) {
    if (phrase.startsWith(`${pf} `) && `${pf} ${f}`.length <= phrase.length + 40 && (phrase.startsWith(`${pf} ${f}`) || `${pf} ${f}`.startsWith(phrase))) return true;
  }
  // "Số:" + "25/KH-UBND"
  if (/^so\s*:?$/.test(pf)) return true;
  // a date broken anywhere: "Quảng" + "Ngãi, ngày 3 tháng 6 năm 2021", "…, ngày" + "22 tháng 4 năm 2021", "… tháng 9" + "năm 2021"
  const prevHasDate = /ngay\b/.test(pf);
  const prevDateDone = /nam\s*\d{4}/.test(pf);
  if (prevHasDate && !prevDateDone && /^(?:\d{1,2}\s*)?(?:thang|nam|\d)/.test(f) && f.length < 40) return true;
  if (!prevHasDate && /^[\p{L} ]*,?\s*ngay\b/u.test(f) && !/^so\b/.test(pf) && pf.split(' ').length <= 2 && !/\d/.test(pf) && !HEADER_PHRASES.some((p) => p.startsWith(pf)) && !isHeadingLine(pf)) return true;
  // a capitalised title broken over lines after its heading: "THỰC" + "HIỆN CÔNG TÁC TRẺ EM …"
  if (inTitle && isCaps(prev) && isCaps(line) && !isHeadingLine(pf) && !isHeadingLine(f) && !HEADER_START.test(f) && !/^(?:chu tich|bo truong|giam doc)\b/.test(f)) return true;
  return false;
}
