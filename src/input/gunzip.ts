/**
 * Bounded gunzip: a gzip body (a backup to restore) inflated as a stream that stops at a byte cap and a
 * time limit, so a gzip bomb (1 MB on the wire, gigabytes inflated) is refused after at most `maxBytes`,
 * off the event loop (zlib works on libuv's thread pool), instead of `gunzipSync` inflating it whole.
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { InputLimitError } from './limits.ts';

/**
 * Most bytes a backup may inflate to: the restore reads it as one string, and V8's longest string is
 * 2^29 − 24 characters (≈ 512 MiB). `VITREEM_RESTORE_MAX_MB` lowers it (tests, small servers).
 */
export const MAX_BACKUP_BYTES = 500 * 1024 * 1024;
/** Most time the inflation of a backup may take. */
export const BACKUP_GUNZIP_TIMEOUT_MS = 120_000;

export interface GunzipLimits {
  maxBytes: number;
  timeoutMs: number;
}

/** The file is not gzip, or its data is damaged. */
export class GzipFormatError extends Error {
  constructor() {
    super('not a valid gzip file');
    this.name = 'GzipFormatError';
  }
}

export function backupGunzipLimits(env: NodeJS.ProcessEnv = process.env): GunzipLimits {
  const mb = Number(env.VITREEM_RESTORE_MAX_MB);
  const maxBytes = Number.isFinite(mb) && mb > 0 ? Math.min(MAX_BACKUP_BYTES, Math.floor(mb * 1024 * 1024)) : MAX_BACKUP_BYTES;
  return { maxBytes, timeoutMs: BACKUP_GUNZIP_TIMEOUT_MS };
}

const mib = (n: number) => Math.round(n / (1024 * 1024)).toLocaleString('vi-VN');

/** Inflates `bytes`; past `maxBytes` a 413 `gzip_too_large`, past `timeoutMs` a 413 `gzip_too_slow`, damaged data `GzipFormatError`. */
export async function gunzipBounded(bytes: Uint8Array, limits: GunzipLimits): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  let overflow = false;
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > limits.maxBytes) {
        overflow = true;
        callback(new Error('gzip output over the cap'));
        return;
      }
      chunks.push(chunk);
      callback();
    },
  });
  try {
    await pipeline(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), zlib.createGunzip(), sink, { signal });
  } catch (error) {
    chunks.length = 0;
    if (overflow)
      throw new InputLimitError(413, 'gzip_too_large', `Tệp khi giải nén quá lớn (tối đa ${mib(limits.maxBytes)} MB).`, `The file is too large once decompressed (at most ${mib(limits.maxBytes)} MB).`);
    if (signal.aborted)
      throw new InputLimitError(413, 'gzip_too_slow', `Giải nén tệp mất quá ${Math.round(limits.timeoutMs / 1000)} giây, không được xử lý.`, `Decompressing the file took longer than ${Math.round(limits.timeoutMs / 1000)} seconds; it was not processed.`);
    if ((error as { code?: string }).code?.startsWith('Z_')) throw new GzipFormatError();
    throw error;
  }
  return Buffer.concat(chunks, total);
}
