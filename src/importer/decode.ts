/**
 * Bytes → text. Detects BOMs, UTF-16 without BOM, UTF-8, and the legacy Vietnamese
 * single-byte encodings Windows-1258 (tone marks as combining characters) and
 * TCVN3/ABC, choosing between legacy candidates by scoring Vietnamese letter frequencies.
 */
import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258' | 'tcvn3';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

export function decodeText(bytes: Uint8Array): DecodedText {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bom = detectBom(buf);
  if (bom) return { text: decodeWith(buf.subarray(bom.length), bom.encoding), encoding: bom.encoding };
  const utf16 = detectUtf16(buf);
  if (utf16) return { text: decodeWith(buf, utf16), encoding: utf16 };
  const utf8 = tryUtf8(buf);
  if (utf8 !== null) return { text: utf8.normalize('NFC'), encoding: 'utf-8' };
  return decodeLegacy(buf);
}

function detectBom(buf: Buffer): { encoding: TextEncoding; length: number } | null {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** UTF-16 without BOM: mostly-ASCII text has a zero in every other byte. */
function detectUtf16(buf: Buffer): TextEncoding | null {
  const n = Math.min(buf.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) evenZero++;
    if (buf[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero / pairs > 0.3 && evenZero / pairs < 0.05) return 'utf-16le';
  if (evenZero / pairs > 0.3 && oddZero / pairs < 0.05) return 'utf-16be';
  return null;
}

function tryUtf8(buf: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    // a file cut in the middle of a multi-byte sequence is still UTF-8
    const tail = trimIncompleteUtf8(buf);
    if (tail === buf.length) return null;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, tail));
    } catch {
      return null;
    }
  }
}

function trimIncompleteUtf8(buf: Buffer): number {
  let i = buf.length - 1;
  let back = 0;
  while (i >= 0 && back < 4 && (buf[i] & 0xc0) === 0x80) {
    i--;
    back++;
  }
  return i >= 0 && buf[i] >= 0xc0 ? i : buf.length;
}

function decodeWith(buf: Buffer, encoding: TextEncoding): string {
  const name = encoding === 'tcvn3' ? 'tcvn' : encoding === 'windows-1258' ? 'windows1258' : encoding;
  return iconv.decode(buf, name).normalize('NFC');
}

function decodeLegacy(buf: Buffer): DecodedText {
  const candidates: TextEncoding[] = ['windows-1258', 'tcvn3'];
  let best: DecodedText = { text: decodeWith(buf, 'windows-1258'), encoding: 'windows-1258' };
  let bestScore = -Infinity;
  for (const encoding of candidates) {
    const text = decodeWith(buf, encoding);
    const score = vietnameseScore(text);
    if (score > bestScore) {
      bestScore = score;
      best = { text, encoding };
    }
  }
  return best;
}

const COMMON_SYLLABLES = [
  'của', 'và', 'các', 'trẻ', 'em', 'được', 'thực', 'hiện', 'năm', 'đến', 'tỷ', 'lệ', 'với', 'trong',
  'cho', 'xã', 'hội', 'kế', 'hoạch', 'chỉ', 'tiêu', 'mục', 'bảo', 'vệ', 'phát', 'triển', 'giảm', 'đạt',
  'dưới', 'trên', 'những', 'người', 'có', 'là', 'về', 'việc', 'tổ', 'chức', 'nhân', 'dân', 'ủy', 'ban',
];
const COMMON_SET = new Set(COMMON_SYLLABLES);

/**
 * Score how Vietnamese a text looks: common syllables count up, characters that
 * never occur in Vietnamese (box drawing, stray symbols, control chars) count down.
 */
export function vietnameseScore(text: string): number {
  const sample = text.length > 20000 ? text.slice(0, 20000) : text;
  let score = 0;
  for (const word of sample.toLowerCase().split(/[^\p{L}]+/u)) {
    if (COMMON_SET.has(word)) score += 3;
  }
  for (const ch of sample) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 32 && ch !== '\n' && ch !== '\r' && ch !== '\t') score -= 5;
    else if (code >= 0x80 && code < 0xc0) score -= 2;
    else if (/[\u0300-\u036f]/u.test(ch)) score -= 1; // combining mark left after NFC
  }
  return score / Math.max(1, sample.length / 100);
}

/** Encode text as Windows-1258 (base letter with its vowel mark, then the tone mark). Used by tests. */
export function encodeWindows1258(text: string): Buffer {
  const TONES = /[\u0300\u0301\u0303\u0309\u0323]/u;
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const d = ch.normalize('NFD');
    const tone = [...d].find((c) => TONES.test(c)) ?? '';
    const rest = [...d].filter((c) => !TONES.test(c)).join('').normalize('NFC');
    out += rest + tone;
  }
  return iconv.encode(out, 'windows1258');
}

/** Encode text as TCVN3 (ABC). Used by tests. */
export function encodeTcvn3(text: string): Buffer {
  return iconv.encode(text.normalize('NFC'), 'tcvn');
}
