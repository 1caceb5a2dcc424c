/**
 * Limits on text that enters the system (pure, no I/O): JSON nesting depth and the lines of a
 * CSV or .txt file. Each check is one linear pass without recursion, so the check itself can
 * neither blow the stack nor hold the event loop longer than reading the bytes once.
 *
 * The byte caps of request bodies and uploads are Fastify's (`bodyLimit`, multipart `fileSize`),
 * the caps on zip-based files are in ./zip-guard.ts; docs/security.md ("Input limits") lists them all.
 */

/** Deepest nesting of arrays and objects accepted in a JSON body: real bodies stay under 10. */
export const MAX_JSON_DEPTH = 64;

/** Lines of an uploaded CSV or text file: a commune's register or a plan is a few thousand. */
export const MAX_TEXT_LINES = 100_000;
/** Characters on one line of an uploaded CSV or text file. */
export const MAX_LINE_LENGTH = 100_000;

export class InputLimitError extends Error {
  constructor(
    readonly statusCode: 400 | 413 | 503,
    readonly code: string,
    readonly messageVi: string,
    readonly messageEn: string,
  ) {
    super(messageEn);
    this.name = 'InputLimitError';
  }
}

/** The nesting depth of a JSON text, counted without parsing it (strings and escapes skipped); stops past `stopAt`. */
export function jsonDepth(text: string, stopAt = Number.MAX_SAFE_INTEGER): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > stopAt) return deepest;
      }
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return deepest;
}

export function assertJsonDepth(text: string, max = MAX_JSON_DEPTH): void {
  if (jsonDepth(text, max) > max)
    throw new InputLimitError(
      400,
      'json_too_deep',
      `Dữ liệu JSON lồng nhau quá sâu (tối đa ${max} cấp).`,
      `The JSON body is nested too deeply (at most ${max} levels).`,
    );
}

export interface TextLimits {
  maxLines?: number;
  maxLineLength?: number;
}

/** Refuses a CSV/.txt upload with too many lines or a line too long (a 413), counting in one pass. */
export function assertTextWithinLimits(text: string, limits: TextLimits = {}): void {
  const maxLines = limits.maxLines ?? MAX_TEXT_LINES;
  const maxLineLength = limits.maxLineLength ?? MAX_LINE_LENGTH;
  let lines = 1;
  let lineStart = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i === text.length ? 0x0a : text.charCodeAt(i);
    if (c !== 0x0a) continue;
    if (i - lineStart > maxLineLength)
      throw new InputLimitError(
        413,
        'line_too_long',
        `Tệp có dòng ${lines.toLocaleString('vi-VN')} dài quá ${maxLineLength.toLocaleString('vi-VN')} ký tự.`,
        `Line ${lines} of the file is longer than ${maxLineLength} characters.`,
      );
    if (i < text.length && ++lines > maxLines)
      throw new InputLimitError(
        413,
        'too_many_lines',
        `Tệp có quá nhiều dòng (tối đa ${maxLines.toLocaleString('vi-VN')} dòng).`,
        `The file has too many lines (at most ${maxLines}).`,
      );
    lineStart = i + 1;
  }
}
