/**
 * The bytes of an uploaded exchange file (CSV, XML) → text. UTF-8 (with or without BOM), UTF-16 (BOM or not),
 * and the legacy Vietnamese encodings Windows-1258 and TCVN3 (ABC) are decoded by the importer's detector
 * (src/importer/decode.ts); VNI, which no decoder here reads, is recognised and refused by name, so the user
 * learns to save the file as "CSV UTF-8" instead of finding garbled comments later. Pure.
 */
import { decodeText, type TextEncoding } from '../importer/decode.ts';

export type ExchangeEncoding = TextEncoding;

export type DecodeResult = { ok: true; text: string; encoding: ExchangeEncoding } | { ok: false; encoding: string; vi: string; en: string };

const VOWELS = new Set([...'aeiouyAEIOUY'].map((c) => c.charCodeAt(0)));
/** VNI writes a tone or vowel mark as its own byte right after the plain vowel: ù ø û õ ï (tones), â ê ô variants */
const VNI_MARKS = new Set([0xf9, 0xf8, 0xfb, 0xf5, 0xef, 0xe1, 0xe0, 0xe5, 0xe3, 0xe4, 0xe9, 0xe8, 0xfa, 0xfc, 0xeb, 0xd9, 0xd8, 0xdb, 0xd5, 0xcf, 0xc1, 0xc0, 0xc5, 0xc3, 0xc4, 0xc9, 0xc8, 0xda, 0xdc, 0xcb]);
/** Windows-1258 writes the tone as a combining byte after the vowel: 0xCC ̀ 0xEC ́ 0xD2 ̉ 0xDE ̃ 0xF2 ̣ */
const CP1258_TONES = new Set([0xcc, 0xec, 0xd2, 0xde, 0xf2]);
const CP1258_VOWELS = new Set([0xe2, 0xea, 0xf4, 0xf5, 0xfd, 0xe3, 0xc2, 0xca, 0xd4, 0xd5, 0xdd, 0xc3]);

/** Counts the byte pairs typical of VNI and of Windows-1258 (for bytes that are not UTF-8). */
export function legacyHints(bytes: Uint8Array): { vni: number; cp1258: number } {
  let vni = 0;
  let cp1258 = 0;
  for (let i = 1; i < bytes.length; i++) {
    const prev = bytes[i - 1];
    const b = bytes[i];
    if (VOWELS.has(prev) && VNI_MARKS.has(b)) vni++;
    if ((VOWELS.has(prev) || CP1258_VOWELS.has(prev)) && CP1258_TONES.has(b)) cp1258++;
  }
  return { vni, cp1258 };
}

export function decodeExchangeText(bytes: Uint8Array): DecodeResult {
  const d = decodeText(bytes);
  if (d.encoding === 'windows-1258' || d.encoding === 'tcvn3') {
    const h = legacyHints(bytes);
    if (h.vni >= 2 && h.vni > h.cp1258)
      return {
        ok: false,
        encoding: 'VNI',
        vi: 'Tệp dùng bảng mã VNI (VNI-Windows): vitreem không đọc bảng mã này. Hãy mở tệp trong Excel và lưu lại dạng "CSV UTF-8 (Comma delimited)", hoặc chuyển mã bằng Unikey (VNI → Unicode).',
        en: 'The file is encoded in VNI (VNI-Windows), which vitreem does not read. Open it in Excel and save it as "CSV UTF-8 (Comma delimited)", or convert it with Unikey (VNI → Unicode).',
      };
  }
  return { ok: true, text: d.text.replace(/^\uFEFF/, ''), encoding: d.encoding };
}

/** A readable name of an encoding for messages ("Windows-1258", "TCVN3 (ABC)"). */
export function encodingName(e: string): string {
  return ({ 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16 LE', 'utf-16be': 'UTF-16 BE', 'windows-1258': 'Windows-1258', tcvn3: 'TCVN3 (ABC)' } as Record<string, string>)[e] ?? e;
}
