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
import { ImportError, type ImportResult } from './types.ts';

export { ImportError, MAX_FILE_BYTES } from './types.ts';
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
  const { text, fixes } = normalizeText(raw);
  const model = buildTextModel(text);
  const warnings: string[] = [...fixes];
  const document = parseDocumentHeader(model, warnings);
  const { objectives, indicators } = parseObjectives(model, document.period.to, warnings);
  const assignments = parseAssignments(model);
  const reporting = parseReporting(model);
  const reviews = parseReviews(model);
  const budget = parseBudget(model);
  assertIsPlan(model, indicators.length, assignments.length);
  assertComplete(model, warnings);
  warnings.push(...budgetReadingWarnings(budget));
  return { format: 'txt', encoding: 'utf-8', text, document, objectives, indicators, assignments, reporting, reviews, budget, warnings: [...new Set(warnings)] };
}

function assertIsPlan(model: TextModel, indicatorCount: number, assignmentCount: number): void {
  const head = model.folded.slice(0, 3000);
  const marker = /\bke hoach\b|chuong trinh hanh dong/.test(head);
  const structure = indicatorCount > 0 || assignmentCount > 0 || model.sections.some((s) => /nhiem vu|to chuc thuc hien|muc tieu|noi dung/.test(s.heading));
  if (!marker || !structure) {
    throw new ImportError(
      'no_plan_found',
      'Không tìm thấy kế hoạch trong tệp: thiếu tiêu đề "KẾ HOẠCH" hoặc không có mục tiêu, chỉ tiêu, nhiệm vụ.',
      'No plan found in the file: no "KẾ HOẠCH" heading, or no objectives, indicators or tasks.',
    );
  }
}

/** A plan that stops mid-sentence with no closing (signature, "Nơi nhận", "./.") was cut off. */
function assertComplete(model: TextModel, warnings: string[]): void {
  const tail = model.folded.slice(Math.floor(model.folded.length / 2));
  const closed = /noi nhan|\.\/\.|chu tich|tm\.|kt\.|tren day la|da ky/.test(tail);
  if (closed) return;
  const lastLine = model.text.trimEnd().split('\n').pop() ?? '';
  if (/[.;:!?)”"]$/.test(lastLine.trim())) {
    warnings.push('Văn bản không có phần kết (nơi nhận, chữ ký) / the document has no closing part');
    return;
  }
  throw new ImportError(
    'truncated',
    'Văn bản bị cắt cụt: kết thúc giữa chừng, không có phần kết (nơi nhận, chữ ký).',
    'The document is truncated: it ends mid-sentence with no closing part (recipients, signature).',
  );
}
