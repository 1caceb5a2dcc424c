/**
 * The plan document importer: a pure library (no database). It reads a plan
 * document (.txt in any common Vietnamese encoding, .docx, .pdf with text) and
 * returns a draft plan for a person to review, with the source span of every item.
 */
import { budgetReadingWarnings } from '../domain/budget/table.ts';
import { parseAssignments } from './assignments.ts';
import { parseBudget } from './budget.ts';
import { parseDocumentHeader } from './document.ts';
import { extractText } from './extract.ts';
import { parseObjectives } from './indicators.ts';
import { normalizeText } from './normalize.ts';
import { parseReporting, parseReviews } from './reporting.ts';
import { buildTextModel, type TextModel } from './textmodel.ts';

import { ImportError, type DocumentHeader, type ImportResult, type ImportWarningCode } from './types.ts';
import { fold } from './numbers.ts';

export { ImportError, MAX_FILE_BYTES } from './types.ts';

/** Text beyond this is not one plan (a whole gazette, a log): refused before any work, so no upload can stall the server. */
export const MAX_TEXT_CHARS = 3_000_000;
export type * from './types.ts';
export { parseVietnameseNumber, fold } from './numbers.ts';
export { decodeText, encodeTcvn3, encodeWindows1258 } from './decode.ts';

/** Read a file's bytes and import it. Throws ImportError with a bilingual message. */
export async function importPlanDocument(bytes: Uint8Array, filename: string): Promise<ImportResult> {
  const extracted = await extractText(bytes, filename);
  const result = parsePlanText(extracted.text);
  return { ...result, format: extracted.format, encoding: extracted.encoding };
}

/** Import a plan from its text. Throws ImportError when the text holds no plan or is cut off. */
export function parsePlanText(raw: string): ImportResult {
  if (raw.trim().length === 0) throw new ImportError('empty_file', 'Tệp rỗng, không có nội dung.', 'The file is empty.');
  if (raw.length > MAX_TEXT_CHARS) {
    throw new ImportError(
      'too_large',
      `Văn bản quá dài (${Math.round(raw.length / 1000).toLocaleString('vi-VN')} nghìn ký tự, tối đa ${MAX_TEXT_CHARS / 1_000_000} triệu — khoảng 1.000 trang): một kế hoạch thường dưới 100 trang. Hãy tải lên riêng văn bản kế hoạch.`,
      `The text is too long (${Math.round(raw.length / 1000)} thousand characters, at most ${MAX_TEXT_CHARS / 1_000_000} million — about 1,000 pages): a plan is usually under 100 pages. Upload the plan document alone.`,
    );
  }
  const { text, fixes } = normalizeText(raw);
  const model = buildTextModel(text);
  const warnings: string[] = [...fixes];
  const document = parseDocumentHeader(model, warnings);
  const { objectives, indicators } = parseObjectives(model, document.period.to, warnings);
  const assignments = parseAssignments(model);
  const reporting = parseReporting(model);
  const reviews = parseReviews(model);
  const budget = parseBudget(model);
  assertIsPlan(model, document, indicators.length, objectives.length, assignments.length);
  const truncation = truncationWarning(model);
  warnings.push(...budgetReadingWarnings(budget));
  const all = [...new Set(truncation ? [truncation, ...warnings] : warnings)];
  const warningDetails = all.map((message) => ({ code: warningCode(message, truncation), message }));
  return { format: 'txt', encoding: 'utf-8', text, document, objectives, indicators, assignments, reporting, reviews, budget, warnings: all, warningDetails };
}

/** The kind of document its number says ("…/KH-UBND" is a plan, "…/BC-…" a report) or its heading. */
function documentKind(model: TextModel, number: string | null): 'plan' | 'decision' | 'programme' | 'other' | null {
  const n = number ? fold(number) : '';
  if (/\/kh[-\w]*/.test(n) || /\/khlt\b/.test(n)) return 'plan';
  if (/\/(?:bc|tb|tt?r|cv|hd|ct|nq|ttr)-/.test(n)) return 'other';
  if (/\/qd-/.test(n)) return 'decision';
  const head = model.lines.slice(0, 60).map((l) => l.folded.trim());
  for (const f of head) {
    if (/^ke hoach\b/.test(f) && f.length < 200) return 'plan';
    if (/^(?:bao cao|cong van|to trinh|thong bao|huong dan|chi thi|nghi quyet)$/.test(f)) return 'other';
    if (/^quyet dinh$/.test(f)) return 'decision';
    if (/^chuong trinh\b/.test(f) && f.length < 200) return 'programme';
  }
  if (number && /\/[\wđ]+-[\wđ]+/.test(n) && head.some((f) => /^kinh gui\b/.test(f) || /^v\/v\b/.test(f))) return 'other';
  return null;
}

/**
 * Refuse only what is not a plan: a report, a letter, a decision with no plan in it. A plan is recognised by its
 * number ("…/KH-UBND") or its heading even when the heading line is missing or the copy is cut short.
 */
function assertIsPlan(model: TextModel, document: DocumentHeader, indicatorCount: number, objectiveCount: number, assignmentCount: number): void {
  const kind = documentKind(model, document.number);
  const content = indicatorCount > 0 || objectiveCount > 0 || model.sections.some((s) => /nhiem vu|to chuc thuc hien|muc tieu|noi dung|muc dich/.test(s.heading)) || /\bmuc tieu (?:chung|cu the|tong quat)\b/.test(model.folded);
  const head = model.folded.slice(0, 4000);
  const marker = /\bke hoach\b|chuong trinh hanh dong/.test(head);
  const isPlan =
    kind === 'plan' ||
    ((kind === 'decision' || kind === 'programme') && content && /\b(?:ke hoach|chuong trinh)\b/.test(head)) ||
    (kind === null && marker && (content || assignmentCount > 0));
  if (!isPlan) {
    throw new ImportError(
      'no_plan_found',
      kind === 'other'
        ? 'Tệp không phải là kế hoạch (là báo cáo, công văn hoặc văn bản khác): không có mục tiêu, chỉ tiêu của một kế hoạch.'
        : 'Không tìm thấy kế hoạch trong tệp: không có số hiệu "…/KH-…", tiêu đề "KẾ HOẠCH" hay mục tiêu, chỉ tiêu, nhiệm vụ của một kế hoạch.',
      kind === 'other'
        ? 'The file is not a plan (a report, letter or other document): it has no objectives or targets of a plan.'
        : 'No plan found in the file: no "…/KH-…" number, no "KẾ HOẠCH" heading, and no objectives, targets or tasks of a plan.',
    );
  }
}

export const TRUNCATED_WARNING = 'Văn bản có thể không đầy đủ: kết thúc giữa chừng, không có phần kết (nơi nhận, chữ ký) — hãy đối chiếu với bản gốc / the document may be incomplete: it ends mid-sentence with no closing part (recipients, signature) — check it against the original';
const NO_CLOSING_WARNING = 'Văn bản có thể không đầy đủ: không có phần kết (nơi nhận, chữ ký) / the document may be incomplete: it has no closing part (recipients, signature)';

/** A copy cut short (the first pages of a PDF, a web page) is imported with a warning, never refused. */
function truncationWarning(model: TextModel): string | null {
  const tail = model.folded.slice(Math.floor(model.folded.length / 2));
  const closed = /noi nhan|\.\/\.|chu tich|tm\.|kt\.|tren day la|da ky/.test(tail);
  if (closed) return null;
  const lastLine = model.text.trimEnd().split('\n').pop() ?? '';
  return /[.;:!?)”"]$/.test(lastLine.trim()) ? NO_CLOSING_WARNING : TRUNCATED_WARNING;
}

function warningCode(message: string, truncation: string | null): ImportWarningCode {
  if (message === truncation) return 'truncated';
  if (message.startsWith('Ngân sách') || /kinh phí|budget/i.test(message.slice(0, 40))) return 'budget';
  if (message.startsWith('sửa lỗi chính tả')) return 'typo_fixed';
  if (/bỏ \d+ dòng đầu trang web|tách phần đầu|ký tự .*\\r/.test(message)) return 'cleaned';
  if (/không ghi năm/.test(message)) return 'year_inferred';
  return 'reading';
}
