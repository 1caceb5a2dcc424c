/**
 * Errors as the API returns them: a Vietnamese and an English message, a stable code,
 * and the path of the offending field. Never a stack trace.
 */
import { ZodError } from 'zod';

export interface ErrorBody {
  error: {
    code: string;
    message: string; // Vietnamese (the default language)
    messageEn: string;
    path?: (string | number)[];
    details?: unknown;
  };
}

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly messageVi: string,
    readonly messageEn: string,
    readonly path?: (string | number)[],
    readonly details?: unknown,
  ) {
    super(messageEn);
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.messageVi, messageEn: this.messageEn, ...(this.path ? { path: this.path } : {}), ...(this.details !== undefined ? { details: this.details } : {}) } };
  }
}

export const notFound = (whatVi: string, whatEn: string, path?: (string | number)[]) =>
  new AppError(404, 'not_found', `Không tìm thấy ${whatVi}.`, `${whatEn} not found.`, path);

export const badRequest = (code: string, vi: string, en: string, path?: (string | number)[], details?: unknown) =>
  new AppError(400, code, vi, en, path, details);

export const conflict = (code: string, vi: string, en: string, path?: (string | number)[], details?: unknown) =>
  new AppError(409, code, vi, en, path, details);

export const forbidden = () =>
  new AppError(403, 'forbidden', 'Bạn không có quyền thực hiện thao tác này.', 'You are not allowed to do this.');

export const unauthenticated = () =>
  new AppError(401, 'unauthenticated', 'Bạn cần đăng nhập.', 'You need to sign in.');

/** Turns a zod error into the first issue's bilingual message and path (all issues in details). */
export function fromZodError(error: ZodError, prefix: (string | number)[] = []): AppError {
  const issues = error.issues.map((issue) => ({ path: [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], ...describeIssue(issue) }));
  const first = issues[0];
  const where = first.path.length ? ` (${first.path.join('.')})` : '';
  return new AppError(400, 'validation_failed', `Dữ liệu không hợp lệ${where}: ${first.vi}`, `Invalid input${where}: ${first.en}`, first.path, issues);
}

function describeIssue(issue: ZodError['issues'][number]): { vi: string; en: string } {
  switch (issue.code) {
    case 'invalid_type':
      // zod 4 omits `input` unless asked: read "received undefined" from the message instead
      return issue.input === undefined && !/received (?!undefined)/.test(issue.message)
        ? { vi: 'thiếu giá trị bắt buộc', en: 'a required value is missing' }
        : { vi: `sai kiểu dữ liệu, cần ${typeVi(issue.expected)}`, en: `wrong type, expected ${issue.expected}` };
    case 'too_small':
      return { vi: `giá trị quá nhỏ (tối thiểu ${String(issue.minimum)})`, en: `too small (minimum ${String(issue.minimum)})` };
    case 'too_big':
      return { vi: `giá trị quá lớn (tối đa ${String(issue.maximum)})`, en: `too big (maximum ${String(issue.maximum)})` };
    case 'invalid_value':
      return { vi: `giá trị không được chấp nhận (cho phép: ${issue.values.map(String).join(', ')})`, en: `value not allowed (allowed: ${issue.values.map(String).join(', ')})` };
    case 'invalid_format':
      return { vi: `sai định dạng (${issue.format})`, en: `wrong format (${issue.format})` };
    case 'unrecognized_keys':
      return { vi: `trường không được phép: ${issue.keys.join(', ')}`, en: `unknown field(s): ${issue.keys.join(', ')}` };
    case 'custom':
      return { vi: (issue.params as { vi?: string } | undefined)?.vi ?? issue.message, en: issue.message };
    default:
      return { vi: 'giá trị không hợp lệ', en: issue.message };
  }
}

function typeVi(expected: string): string {
  const names: Record<string, string> = { string: 'chuỗi ký tự', number: 'số', int: 'số nguyên', boolean: 'đúng/sai', array: 'danh sách', object: 'đối tượng', date: 'ngày' };
  return names[expected] ?? expected;
}
