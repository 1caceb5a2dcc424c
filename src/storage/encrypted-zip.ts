/**
 * Password-protected exports as a standard ZIP with WinZip AES-256 encryption (AE-2: compression
 * method 99, extra field 0x9901, key from PBKDF2-HMAC-SHA1 over the password, AES-CTR, HMAC-SHA1
 * authentication code). 7-Zip, WinRAR, WinZip and the archive tools of Windows 11 and macOS open
 * it with the password; nothing to install for the official receiving it.
 * The legacy ZipCrypto cipher is never used (it is broken).
 */
import { configure, TextReader, Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';

// no Web Workers in Node; Web Crypto (globalThis.crypto.subtle) and CompressionStream are native
configure({ useWebWorkers: false });

export interface ZipEntry {
  /** the file name inside the archive (ASCII keeps every unzip tool happy) */
  name: string;
  content: string | Uint8Array;
}

/** A ZIP whose every entry is AES-256 encrypted with the password. */
export async function encryptedZip(entries: ZipEntry[], password: string, lastModified = new Date()): Promise<Buffer> {
  if (password.length === 0) throw new Error('a password is required');
  const writer = new ZipWriter(new Uint8ArrayWriter(), { password, encryptionStrength: 3, zipCrypto: false, level: 6 });
  for (const e of entries) {
    const reader = typeof e.content === 'string' ? new TextReader(e.content) : new Uint8ArrayReader(e.content);
    await writer.add(e.name, reader, { lastModDate: lastModified });
  }
  return Buffer.from(await writer.close());
}
