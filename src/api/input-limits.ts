/**
 * Input limits at the API's edge: the JSON body parser with a depth limit, and helpers that turn the
 * pure checks of src/input (zip-based files, CSV/text lines) into bilingual 413/400 answers.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.ts';
import { assertJsonDepth, assertTextWithinLimits, InputLimitError, MAX_JSON_DEPTH, type TextLimits } from '../input/limits.ts';
import { assertZipWithinLimits, OFFICE_ZIP_LIMITS, ZipLimitError, zipLimitMessage, type ZipEntryInfo, type ZipLimits } from '../input/zip-guard.ts';
import { readXlsxRows, XlsxUnreadableError, type XlsxReadLimits, type XlsxRow } from '../input/xlsx.ts';

/**
 * Replaces Fastify's JSON parser by the same parser (prototype-poisoning protection included)
 * preceded by a depth check: JSON nested 10.000 deep is a 400 before JSON.parse, zod or the
 * database ever recurse into it.
 */
export function registerJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    try {
      assertJsonDepth(body as string, MAX_JSON_DEPTH);
    } catch (error) {
      done(toAppError(error as Error), undefined);
      return;
    }
    parse(request, body as string, done);
  });
}

/**
 * A zip-based upload (.xlsx, .docx, .zip) checked before any parser opens it; a bilingual 413/400 otherwise.
 * `malformed` keeps a route's established answer for a file that is no valid archive at all (400): 'parser'
 * leaves it to the parser (which fails on it), a function gives the route's own error. Every size refusal (413)
 * is always enforced.
 */
export function assertZipUpload(bytes: Uint8Array, path: (string | number)[] = ['file'], limits: ZipLimits = OFFICE_ZIP_LIMITS, malformed?: 'parser' | (() => Error)): ZipEntryInfo[] | null {
  try {
    return assertZipWithinLimits(bytes, limits);
  } catch (error) {
    if (error instanceof ZipLimitError) {
      if (error.statusCode === 400 && malformed === 'parser') return null;
      if (error.statusCode === 400 && typeof malformed === 'function') throw malformed();
      const message = zipLimitMessage(error, limits);
      throw new AppError(error.statusCode, `zip_${error.reason}`, message.vi, message.en, path, { entry: error.entry ?? null });
    }
    throw error;
  }
}

/**
 * The first sheet of an uploaded workbook, read in a worker thread (src/input/xlsx.ts) so the server keeps
 * answering; past the rows, time or memory limits a bilingual 413 (503 when too many are being read), and
 * `unreadable()` — the route's own 400 — for a file exceljs cannot read. Run `assertZipUpload` first.
 */
export async function readXlsxUpload(bytes: Uint8Array, path: (string | number)[], unreadable: () => Error, limits: XlsxReadLimits = {}): Promise<XlsxRow[]> {
  try {
    return await readXlsxRows(bytes, limits);
  } catch (error) {
    if (error instanceof XlsxUnreadableError) throw unreadable();
    throw toAppError(error as Error, path);
  }
}

/** A CSV or text upload checked for its number of lines and their length; a bilingual 413 otherwise. */
export function assertTextUpload(text: string, path: (string | number)[] = ['file'], limits: TextLimits = {}): void {
  try {
    assertTextWithinLimits(text, limits);
  } catch (error) {
    throw toAppError(error as Error, path);
  }
}

/** JSON sent as text (DHIS2 dataValueSets posted as text/plain): the same depth limit as JSON bodies. */
export function assertJsonText(text: string, path: (string | number)[] = ['body']): void {
  try {
    assertJsonDepth(text, MAX_JSON_DEPTH);
  } catch (error) {
    throw toAppError(error as Error, path);
  }
}

function toAppError(error: Error, path?: (string | number)[]): Error {
  if (error instanceof InputLimitError) return new AppError(error.statusCode, error.code, error.messageVi, error.messageEn, path);
  return error;
}
