/**
 * Zip guard: decides whether a zip-based file (.xlsx, .docx, .zip) is safe to hand to a parser,
 * from its bytes alone and before any parser sees it.
 *
 * A zip bomb is small on the wire and huge once inflated (a 292 KB .docx whose document.xml unzips
 * to 100 MB, a 1,5 MB .xlsx that takes 3,7 GB). Parsers (JSZip inside exceljs and mammoth) inflate
 * every entry whole and trust nothing but themselves, so the guard checks first:
 *
 * 1. the end-of-central-directory record (ZIP64 too) and the entry count it declares;
 * 2. every central-directory entry: the declared uncompressed size of each entry and of all of them,
 *    the compression ratio of big entries, encryption and compression methods;
 * 3. (by default) the truth behind the declarations: each entry is inflated with an output bound of
 *    its declared size, so an entry that lies about its size is refused after at most that many
 *    bytes — never more than `maxTotalBytes` in all.
 *
 * Pure over a Buffer (node:zlib only, no I/O). Callers turn a refusal into a 413/400 with
 * `zipLimitMessage()` (Vietnamese and English).
 */
import zlib from 'node:zlib';

export interface ZipLimits {
  /** most entries (files and folders) in the archive */
  maxEntries: number;
  /** most bytes all entries may inflate to, together */
  maxTotalBytes: number;
  /** most bytes one entry may inflate to (default: maxTotalBytes) */
  maxEntryBytes?: number;
  /** highest uncompressed ÷ compressed ratio of an entry larger than `ratioFloorBytes` (default 200) */
  maxRatio?: number;
  /** entries smaller than this are not ratio-checked (default 1 MiB): tiny XML parts compress very well */
  ratioFloorBytes?: number;
  /** inflate every entry with a bound to check its declared size (default true) */
  verifyData?: boolean;
}

/** Limits for office documents and spreadsheets uploaded by users (.docx plans, .xlsx registers, unit lists). */
export const OFFICE_ZIP_LIMITS: Readonly<ZipLimits> = Object.freeze({
  maxEntries: 2_000,
  maxTotalBytes: 64 * 1024 * 1024,
  maxEntryBytes: 32 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
  verifyData: true,
});

export interface ZipEntryInfo {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  encrypted: boolean;
  directory: boolean;
}

export type ZipRefusal =
  | 'not_zip' // no end-of-central-directory record: not a zip at all (or truncated)
  | 'malformed' // records that point outside the file, disagree with each other, or cannot be inflated
  | 'too_many_entries'
  | 'too_large' // all entries together inflate beyond maxTotalBytes
  | 'entry_too_large' // one entry inflates beyond maxEntryBytes
  | 'ratio' // an entry compresses implausibly well (a bomb)
  | 'encrypted'
  | 'unsupported_method'
  | 'size_mismatch'; // an entry inflates to more (or other) than it declares

export class ZipLimitError extends Error {
  readonly reason: ZipRefusal;
  readonly entry?: string;
  /** 413 for "too big" refusals, 400 for a malformed or unsupported file */
  readonly statusCode: 400 | 413;
  constructor(reason: ZipRefusal, detail: string, entry?: string) {
    super(`zip refused (${reason}): ${detail}`);
    this.name = 'ZipLimitError';
    this.reason = reason;
    this.entry = entry;
    this.statusCode = reason === 'too_many_entries' || reason === 'too_large' || reason === 'entry_too_large' || reason === 'ratio' || reason === 'size_mismatch' ? 413 : 400;
  }
}

/** The refusal in Vietnamese and English, for an API error or a CLI message. */
export function zipLimitMessage(error: ZipLimitError, limits: ZipLimits = OFFICE_ZIP_LIMITS): { vi: string; en: string } {
  const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
  switch (error.reason) {
    case 'not_zip':
      return { vi: 'Tệp không phải là tệp nén hợp lệ (docx/xlsx/zip).', en: 'The file is not a valid zip-based file (docx/xlsx/zip).' };
    case 'malformed':
      return { vi: 'Tệp nén bị hỏng hoặc có cấu trúc không hợp lệ.', en: 'The zip-based file is damaged or malformed.' };
    case 'too_many_entries':
      return { vi: `Tệp nén chứa quá nhiều tệp con (tối đa ${limits.maxEntries.toLocaleString('vi-VN')}).`, en: `The archive holds too many entries (at most ${limits.maxEntries}).` };
    case 'too_large':
      return { vi: `Tệp khi giải nén quá lớn (tối đa ${mb(limits.maxTotalBytes)}).`, en: `The file is too large once decompressed (at most ${mb(limits.maxTotalBytes)}).` };
    case 'entry_too_large':
      return { vi: `Một phần của tệp khi giải nén quá lớn (tối đa ${mb(limits.maxEntryBytes ?? limits.maxTotalBytes)}).`, en: `A part of the file is too large once decompressed (at most ${mb(limits.maxEntryBytes ?? limits.maxTotalBytes)}).` };
    case 'ratio':
    case 'size_mismatch':
      return { vi: 'Tệp nén có tỉ lệ nén bất thường (nghi là "bom nén"), không được xử lý.', en: 'The archive decompresses abnormally (a suspected zip bomb) and was not processed.' };
    case 'encrypted':
      return { vi: 'Tệp được đặt mật khẩu, không đọc được.', en: 'The file is password-protected and cannot be read.' };
    case 'unsupported_method':
      return { vi: 'Tệp nén dùng phương pháp nén không được hỗ trợ.', en: 'The archive uses an unsupported compression method.' };
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const MAX_COMMENT = 0xffff;

/** True when the bytes start like a zip (local header, or an empty archive's EOCD). */
export function looksLikeZip(buffer: Uint8Array): boolean {
  if (buffer.length < 4) return false;
  const b = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const sig = b.readUInt32LE(0);
  return sig === LOCAL_SIGNATURE || sig === EOCD_SIGNATURE;
}

/**
 * Checks the archive against the limits; returns its entries, or throws ZipLimitError.
 * Never inflates more than `limits.maxTotalBytes` bytes (plus one per entry).
 */
export function assertZipWithinLimits(input: Uint8Array, limits: ZipLimits = OFFICE_ZIP_LIMITS): ZipEntryInfo[] {
  const buffer = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const maxEntryBytes = Math.min(limits.maxEntryBytes ?? limits.maxTotalBytes, limits.maxTotalBytes);
  const maxRatio = limits.maxRatio ?? 200;
  const ratioFloor = limits.ratioFloorBytes ?? 1024 * 1024;

  const eocd = findEndOfCentralDirectory(buffer);
  if (eocd < 0) throw new ZipLimitError('not_zip', 'no end-of-central-directory record');
  if (eocd + 22 > buffer.length) throw new ZipLimitError('malformed', 'truncated end record');
  let entryCount = buffer.readUInt16LE(eocd + 10);
  let directorySize = buffer.readUInt32LE(eocd + 12);
  let directoryOffset = buffer.readUInt32LE(eocd + 16);
  if (buffer.readUInt16LE(eocd + 4) !== 0 || buffer.readUInt16LE(eocd + 6) !== 0) throw new ZipLimitError('malformed', 'multi-disk archive');

  if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || buffer.readUInt32LE(locator) !== ZIP64_LOCATOR_SIGNATURE) throw new ZipLimitError('malformed', 'ZIP64 locator missing');
    const zip64Offset = safeNumber(buffer.readBigUInt64LE(locator + 8));
    if (zip64Offset < 0 || zip64Offset + 56 > buffer.length || buffer.readUInt32LE(zip64Offset) !== ZIP64_EOCD_SIGNATURE)
      throw new ZipLimitError('malformed', 'ZIP64 end record out of range');
    entryCount = safeNumber(buffer.readBigUInt64LE(zip64Offset + 32));
    directorySize = safeNumber(buffer.readBigUInt64LE(zip64Offset + 40));
    directoryOffset = safeNumber(buffer.readBigUInt64LE(zip64Offset + 48));
  }
  // the count is checked before a single entry is read: a central directory of millions is refused at once
  if (entryCount > limits.maxEntries) throw new ZipLimitError('too_many_entries', `${entryCount} entries declared`);
  if (directoryOffset < 0 || directorySize < 0 || directoryOffset + directorySize > buffer.length)
    throw new ZipLimitError('malformed', 'central directory out of range');

  const entries: ZipEntryInfo[] = [];
  let declaredTotal = 0;
  let at = directoryOffset;
  const end = directoryOffset + directorySize;
  while (at < end) {
    if (entries.length >= limits.maxEntries) throw new ZipLimitError('too_many_entries', `more than ${limits.maxEntries} entries`);
    if (at + 46 > end || buffer.readUInt32LE(at) !== CENTRAL_SIGNATURE) throw new ZipLimitError('malformed', `bad central directory entry at ${at}`);
    const flags = buffer.readUInt16LE(at + 8);
    const method = buffer.readUInt16LE(at + 10);
    let compressedSize = buffer.readUInt32LE(at + 20);
    let uncompressedSize = buffer.readUInt32LE(at + 24);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    let localHeaderOffset = buffer.readUInt32LE(at + 42);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > end) throw new ZipLimitError('malformed', 'central directory entry runs past its end');
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      const zip64 = readZip64Extra(buffer, at + 46 + nameLength, extraLength, {
        uncompressed: uncompressedSize === 0xffffffff,
        compressed: compressedSize === 0xffffffff,
        offset: localHeaderOffset === 0xffffffff,
      });
      if (!zip64) throw new ZipLimitError('malformed', 'ZIP64 sizes missing', name);
      uncompressedSize = zip64.uncompressed ?? uncompressedSize;
      compressedSize = zip64.compressed ?? compressedSize;
      localHeaderOffset = zip64.offset ?? localHeaderOffset;
    }
    const entry: ZipEntryInfo = {
      name,
      method,
      compressedSize,
      uncompressedSize,
      localHeaderOffset,
      encrypted: (flags & 0x1) !== 0,
      directory: name.endsWith('/'),
    };
    if (entry.encrypted) throw new ZipLimitError('encrypted', 'encrypted entry', name);
    if (method !== 0 && method !== 8) throw new ZipLimitError('unsupported_method', `method ${method}`, name);
    if (uncompressedSize > maxEntryBytes) throw new ZipLimitError('entry_too_large', `${uncompressedSize} bytes declared`, name);
    declaredTotal += uncompressedSize;
    if (declaredTotal > limits.maxTotalBytes) throw new ZipLimitError('too_large', `more than ${limits.maxTotalBytes} bytes declared`, name);
    if (uncompressedSize > ratioFloor && uncompressedSize > maxRatio * Math.max(compressedSize, 1))
      throw new ZipLimitError('ratio', `${uncompressedSize} / ${compressedSize}`, name);
    if (method === 0 && compressedSize !== uncompressedSize) throw new ZipLimitError('malformed', 'stored entry with two sizes', name);
    entries.push(entry);
    at = next;
  }
  if (entries.length !== entryCount) throw new ZipLimitError('malformed', `${entries.length} entries, ${entryCount} declared`);

  if (limits.verifyData !== false) {
    let inflatedTotal = 0;
    for (const entry of entries) {
      const data = localData(buffer, entry);
      if (entry.method === 0) {
        inflatedTotal += data.length;
      } else {
        let inflated: Buffer;
        try {
          // one byte more than declared: an entry that inflates further is lying
          inflated = zlib.inflateRawSync(data, { maxOutputLength: Math.max(entry.uncompressedSize + 1, 1) });
        } catch (error) {
          if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError)
            throw new ZipLimitError('size_mismatch', 'inflates past its declared size', entry.name);
          throw new ZipLimitError('malformed', `cannot inflate: ${(error as Error).message}`, entry.name);
        }
        if (inflated.length !== entry.uncompressedSize) throw new ZipLimitError('size_mismatch', `${inflated.length} bytes, ${entry.uncompressedSize} declared`, entry.name);
        inflatedTotal += inflated.length;
      }
      if (inflatedTotal > limits.maxTotalBytes) throw new ZipLimitError('too_large', 'inflated past the limit', entry.name);
    }
  }
  return entries;
}

/** The same check as a result instead of an exception. */
export function inspectZip(input: Uint8Array, limits: ZipLimits = OFFICE_ZIP_LIMITS): { ok: true; entries: ZipEntryInfo[] } | { ok: false; error: ZipLimitError } {
  try {
    return { ok: true, entries: assertZipWithinLimits(input, limits) };
  } catch (error) {
    if (error instanceof ZipLimitError) return { ok: false, error };
    throw error;
  }
}

function findEndOfCentralDirectory(buffer: Buffer): number {
  const lowest = Math.max(0, buffer.length - 22 - MAX_COMMENT);
  // the last record wins, as JSZip and yauzl read it
  for (let i = buffer.length - 22; i >= lowest; i--) {
    if (buffer.readUInt32LE(i) === EOCD_SIGNATURE) return i;
  }
  return -1;
}

/** The entry's compressed bytes, found through its local header (whose own sizes may be zero: data descriptor). */
function localData(buffer: Buffer, entry: ZipEntryInfo): Buffer {
  const at = entry.localHeaderOffset;
  if (at < 0 || at + 30 > buffer.length || buffer.readUInt32LE(at) !== LOCAL_SIGNATURE) throw new ZipLimitError('malformed', 'local header out of range', entry.name);
  const nameLength = buffer.readUInt16LE(at + 26);
  const extraLength = buffer.readUInt16LE(at + 28);
  const localMethod = buffer.readUInt16LE(at + 8);
  if (localMethod !== entry.method) throw new ZipLimitError('malformed', 'local header disagrees with the central directory', entry.name);
  const start = at + 30 + nameLength + extraLength;
  const stop = start + entry.compressedSize;
  if (stop > buffer.length) throw new ZipLimitError('malformed', 'entry data runs past the end of the file', entry.name);
  return buffer.subarray(start, stop);
}

function readZip64Extra(
  buffer: Buffer,
  start: number,
  length: number,
  want: { uncompressed: boolean; compressed: boolean; offset: boolean },
): { uncompressed?: number; compressed?: number; offset?: number } | null {
  let at = start;
  const end = start + length;
  while (at + 4 <= end) {
    const id = buffer.readUInt16LE(at);
    const size = buffer.readUInt16LE(at + 2);
    if (at + 4 + size > end) return null;
    if (id === 0x0001) {
      let p = at + 4;
      const out: { uncompressed?: number; compressed?: number; offset?: number } = {};
      const take = () => {
        if (p + 8 > at + 4 + size) return undefined;
        const v = safeNumber(buffer.readBigUInt64LE(p));
        p += 8;
        return v;
      };
      if (want.uncompressed && (out.uncompressed = take()) === undefined) return null;
      if (want.compressed && (out.compressed = take()) === undefined) return null;
      if (want.offset && (out.offset = take()) === undefined) return null;
      return out;
    }
    at += 4 + size;
  }
  return null;
}

/** 64-bit sizes beyond 2^53 are certainly over any limit: clamp to a number that fails every check. */
function safeNumber(value: bigint): number {
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}
