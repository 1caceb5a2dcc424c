/**
 * File bytes + file name → raw text. Recognises the file by its content first
 * (zip → docx, %PDF → pdf, image signatures), then by extension.
 */
import { ImportError, MAX_FILE_BYTES } from './types.ts';
import { decodeText, type TextEncoding } from './decode.ts';

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

export function sniffFormat(bytes: Uint8Array, filename: string): 'txt' | 'docx' | 'pdf' | 'image' | 'other_zip' {
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
    throw new ImportError('truncated', `Tệp PDF bị hỏng hoặc không đầy đủ (${shortMessage(err)}).`, `The PDF is corrupt or truncated (${shortMessage(err)}).`);
  }
  if (text.replace(/\s+/g, '').length < 20) {
    throw new ImportError('no_text_layer', 'Tệp PDF không có lớp chữ (bản quét/ảnh chụp). Hãy dùng bản PDF có chữ, tệp .docx, hoặc nhận dạng chữ (OCR) trước.', 'The PDF has no text layer (a scan or photo). Use a PDF with text, a .docx, or run OCR first.');
  }
  return text;
}

async function extractDocx(bytes: Uint8Array): Promise<string> {
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
