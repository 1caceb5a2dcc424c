/**
 * Evidence files (hồ sơ minh chứng): PDF, JPEG, PNG or DOCX, at most 10 MB. The type is read from
 * the file's first bytes, not trusted from its name or the browser's declared type.
 */
import { CffRuleError } from './types.ts';

export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

export const EVIDENCE_TYPES = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'] },
  jpg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  png: { mediaType: 'image/png', extensions: ['png'] },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] },
} as const;
export type EvidenceKind = keyof typeof EVIDENCE_TYPES;

export function sniffEvidence(bytes: Uint8Array): EvidenceKind | null {
  const b = bytes;
  if (b.length >= 5 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46 && b[4] === 0x2d) return 'pdf'; // %PDF-
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'png';
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
    // a ZIP: a DOCX names word/ parts in its local headers
    const head = Buffer.from(b.subarray(0, Math.min(b.length, 64 * 1024))).toString('latin1');
    if (head.includes('word/') || head.includes('[Content_Types].xml')) return 'docx';
  }
  return null;
}

/** Checks size, content type and extension; returns the kind and media type to store. */
export function checkEvidence(filename: string, bytes: Uint8Array, truncated = false): { kind: EvidenceKind; mediaType: string } {
  if (truncated || bytes.length > EVIDENCE_MAX_BYTES) {
    throw new CffRuleError('evidence_too_large', `Tệp minh chứng "${filename}" vượt quá 10 MB.`, `Evidence file "${filename}" exceeds 10 MB.`, ['file'], 400, { maxBytes: EVIDENCE_MAX_BYTES });
  }
  if (bytes.length === 0) throw new CffRuleError('evidence_empty', `Tệp minh chứng "${filename}" rỗng.`, `Evidence file "${filename}" is empty.`, ['file']);
  const kind = sniffEvidence(bytes);
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  if (!kind || !(EVIDENCE_TYPES[kind].extensions as readonly string[]).includes(ext)) {
    throw new CffRuleError(
      'evidence_type_not_allowed',
      `Tệp "${filename}" không đúng định dạng cho phép (PDF, JPG, PNG, DOCX) hoặc phần mở rộng không khớp nội dung.`,
      `File "${filename}" is not an allowed type (PDF, JPG, PNG, DOCX) or its extension does not match its content.`,
      ['file'],
    );
  }
  return { kind, mediaType: EVIDENCE_TYPES[kind].mediaType };
}
