/**
 * File bytes + file name → raw text. Recognises the file by its content first
 * (zip → docx, %PDF → pdf, image signatures), then by extension.
 */
import { ImportError, MAX_FILE_BYTES } from './types.ts';
import { decodeText, type TextEncoding } from './decode.ts';
import { assertZipWithinLimits, OFFICE_ZIP_LIMITS, ZipLimitError, zipLimitMessage } from '../input/zip-guard.ts';

export interface ExtractedText {
  format: 'txt' | 'docx' | 'pdf';
  encoding: TextEncoding | 'docx' | 'pdf';
  text: string;
}

const IMAGE_SIGNATURES: { name: string; bytes: number[] }[] = [
  { name: 'PNG', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'JPEG', bytes: [0xff, 0xd8, 0xff] },
  { name: 'GIF', bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: 'TIFF', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { name: 'TIFF', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { name: 'BMP', bytes: [0x42, 0x4d] },
];

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return sig.every((b, i) => bytes[i] === b);
}

/** OLE compound file: a password-protected .docx (EncryptedPackage) or an old Word 97–2003 .doc. */
const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function sniffFormat(bytes: Uint8Array, filename: string): 'txt' | 'docx' | 'pdf' | 'image' | 'other_zip' | 'encrypted_office' | 'legacy_office' {
  if (startsWith(bytes, CFB_SIGNATURE)) {
    const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024 * 1024)).toString('latin1');
    return head.includes(Buffer.from('EncryptedPackage', 'utf16le').toString('latin1')) ? 'encrypted_office' : 'legacy_office';
  }
  if (IMAGE_SIGNATURES.some((s) => startsWith(bytes, s.bytes))) return 'image';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP') return 'image';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return /\.(docx|docm|dotx)$/i.test(filename) || containsAscii(bytes, 'word/') ? 'docx' : 'other_zip';
  }
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  if (ext === 'pdf') return 'pdf';
  if (ext === 'docx') return 'docx';
  if (['png', 'jpg', 'jpeg', 'gif', 'tif', 'tiff', 'bmp', 'webp'].includes(ext)) return 'image';
  return 'txt';
}

function containsAscii(bytes: Uint8Array, needle: string): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 65536)).toString('latin1');
  return head.includes(needle);
}

export async function extractText(bytes: Uint8Array, filename: string): Promise<ExtractedText> {
  if (bytes.byteLength > MAX_FILE_BYTES) {
    throw new ImportError('too_large', `Tệp quá lớn (${(bytes.byteLength / 1048576).toFixed(1)} MB, tối đa 20 MB).`, `File too large (${(bytes.byteLength / 1048576).toFixed(1)} MB, limit 20 MB).`);
  }
  if (bytes.byteLength === 0) throw emptyError();
  const format = sniffFormat(bytes, filename);
  if (format === 'image') {
    throw new ImportError('image_file', 'Tệp là hình ảnh, không phải văn bản. Hãy tải lên tệp .docx, .pdf có lớp chữ hoặc .txt.', 'The file is an image, not a document. Upload a .docx, a .pdf with a text layer, or a .txt file.');
  }
  if (format === 'encrypted_office') {
    throw new ImportError('encrypted', 'Tệp Word được đặt mật khẩu nên không đọc được. Hãy mở tệp bằng Word, bỏ mật khẩu (Tệp › Thông tin › Bảo vệ tài liệu) rồi tải lên lại.', 'The Word file is password-protected and cannot be read. Open it in Word, remove the password (File › Info › Protect Document) and upload it again.');
  }
  if (format === 'legacy_office') {
    throw new ImportError('unsupported_type', 'Tệp .doc (Word 97–2003) chưa được hỗ trợ: hãy lưu lại thành .docx hoặc .pdf rồi tải lên.', 'Old .doc files (Word 97–2003) are not supported: save it as .docx or .pdf and upload it again.');
  }
  if (format === 'other_zip') {
    throw new ImportError('unsupported_type', 'Định dạng tệp không được hỗ trợ (chỉ nhận .txt, .docx, .pdf).', 'Unsupported file type (only .txt, .docx and .pdf are accepted).');
  }
  if (format === 'pdf') return { format, encoding: 'pdf', text: await extractPdf(bytes) };
  if (format === 'docx') return { format, encoding: 'docx', text: await extractDocx(bytes) };
  return extractPlainText(bytes);
}

function emptyError(): ImportError {
  return new ImportError('empty_file', 'Tệp rỗng, không có nội dung.', 'The file is empty.');
}

function extractPlainText(bytes: Uint8Array): ExtractedText {
  const decoded = decodeText(bytes);
  if (looksBinary(decoded.text)) {
    throw new ImportError('binary_file', 'Tệp không phải văn bản (dữ liệu nhị phân).', 'The file is not text (binary data).');
  }
  if (decoded.text.trim().length === 0) throw emptyError();
  return { format: 'txt', encoding: decoded.encoding, text: decoded.text };
}

function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  if (sample.length === 0) return false;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd || (c >= 0x80 && c < 0xa0)) bad++;
  }
  return bad / sample.length > 0.02;
}

async function extractPdf(bytes: Uint8Array): Promise<string> {
  const { extractText: pdfText } = await import('unpdf');
  let text: string;
  try {
    const result = await pdfText(new Uint8Array(bytes), { mergePages: true });
    text = Array.isArray(result.text) ? result.text.join('\n') : result.text;
  } catch (err) {
    if (isPasswordError(err)) {
      throw new ImportError('encrypted', 'Tệp PDF được đặt mật khẩu nên không đọc được. Hãy mở bằng mật khẩu, in/lưu ra bản PDF không mật khẩu rồi tải lên lại.', 'The PDF is password-protected and cannot be read. Open it with the password, save or print it as a PDF without a password, and upload that.');
    }
    throw new ImportError('truncated', `Tệp PDF bị hỏng hoặc không đầy đủ (${shortMessage(err)}).`, `The PDF is corrupt or truncated (${shortMessage(err)}).`);
  }
  if (text.replace(/\s+/g, '').length < 20) {
    throw new ImportError(
      'no_text_layer',
      'Tệp PDF là ảnh quét, không có lớp chữ nên không đọc được nội dung. Hãy nhận dạng chữ (OCR) trước — ví dụ bằng chức năng OCR của Adobe Acrobat, ABBYY FineReader hay Google Drive (mở bằng Google Tài liệu) — hoặc tải lên bản .docx hay PDF có chữ.',
      'The PDF is a scanned image with no text layer, so its content cannot be read. Run text recognition (OCR) first — e.g. Adobe Acrobat, ABBYY FineReader or Google Drive (open with Google Docs) — or upload the .docx or a PDF with text.',
    );
  }
  return text;
}

function isPasswordError(err: unknown): boolean {
  const e = err as { name?: string; message?: string; code?: number } | null;
  return Boolean(e && (e.name === 'PasswordException' || /password/i.test(e.message ?? '')));
}

async function extractDocx(bytes: Uint8Array): Promise<string> {
  // a .docx is a zip: check what it inflates to before mammoth (which inflates every part whole) sees it
  try {
    assertZipWithinLimits(bytes, OFFICE_ZIP_LIMITS);
  } catch (err) {
    if (!(err instanceof ZipLimitError)) throw err;
    const message = zipLimitMessage(err, OFFICE_ZIP_LIMITS);
    if (err.reason === 'encrypted') throw new ImportError('encrypted', message.vi, message.en);
    if (err.reason === 'not_zip' || err.reason === 'malformed' || err.reason === 'unsupported_method') {
      throw new ImportError('truncated', `Tệp .docx bị hỏng hoặc không đầy đủ: ${message.vi}`, `The .docx file is corrupt or truncated: ${message.en}`);
    }
    throw new ImportError('archive_too_large', message.vi, message.en);
  }
  const mammoth = (await import('mammoth')).default;
  let html: string;
  try {
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
    html = result.value;
  } catch (err) {
    throw new ImportError('truncated', `Tệp .docx bị hỏng hoặc không đầy đủ (${shortMessage(err)}).`, `The .docx file is corrupt or truncated (${shortMessage(err)}).`);
  }
  const text = htmlToText(html);
  if (text.trim().length === 0) throw emptyError();
  return text;
}

function shortMessage(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0].slice(0, 120);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** mammoth HTML → text: paragraphs become lines, table rows become tab-separated lines. */
export function htmlToText(html: string): string {
  let s = html.replace(/<tr[^>]*>([\s\S]*?)<\/tr>/gi, (_m, row: string) => {
    const cells = [...row.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/gi)].map((c) =>
      c[1].replace(/<\/p>\s*<p[^>]*>/gi, ' ').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim(),
    );
    return `${cells.join('\t')}\n`;
  });
  s = s.replace(/<li[^>]*>/gi, '- ').replace(/<\/(p|h\d|li|table)>/gi, '\n').replace(/<br\s*\/?>/gi, '\n');
  s = s.replace(/<[^>]+>/g, '');
  return decodeEntities(s);
}
