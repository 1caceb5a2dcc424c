/**
 * An independent reader of WinZip-AES encrypted ZIP files, written from the published format
 * (https://www.winzip.com/en/support/aes-encryption/) with node:crypto and node:zlib only, so the
 * tests do not judge zip.js's output with zip.js alone: if this reads it, 7-Zip and WinRAR do too.
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';

export interface AesEntry {
  name: string;
  /** general purpose flags of the central directory entry (bit 0 = encrypted) */
  flags: number;
  /** compression method of the entry: 99 = AES */
  method: number;
  /** from the 0x9901 extra field */
  aes: { vendorVersion: number; vendor: string; strength: number; actualMethod: number };
  /** salt | password verifier | ciphertext | authentication code */
  data: Buffer;
}

export function readCentralDirectory(zip: Buffer): AesEntry[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) if (zip.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  if (eocd < 0) throw new Error('no end of central directory: not a ZIP file');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out: AesEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory entry');
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const csize = zip.readUInt32LE(p + 20);
    const nlen = zip.readUInt16LE(p + 28);
    const xlen = zip.readUInt16LE(p + 30);
    const clen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nlen).toString('utf8');
    const extra = zip.subarray(p + 46 + nlen, p + 46 + nlen + xlen);
    let aes = { vendorVersion: 0, vendor: '', strength: 0, actualMethod: 0 };
    for (let x = 0; x + 4 <= extra.length; ) {
      const id = extra.readUInt16LE(x);
      const size = extra.readUInt16LE(x + 2);
      if (id === 0x9901) aes = { vendorVersion: extra.readUInt16LE(x + 4), vendor: extra.subarray(x + 6, x + 8).toString('latin1'), strength: extra.readUInt8(x + 8), actualMethod: extra.readUInt16LE(x + 9) };
      x += 4 + size;
    }
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error('bad local header');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    out.push({ name, flags, method, aes, data: zip.subarray(start, start + csize) });
    p += 46 + nlen + xlen + clen;
  }
  return out;
}

/** Decrypts (and inflates) one AES-256 entry; throws on a wrong password or tampered data. */
export function decryptAesEntry(entry: AesEntry, password: string): Buffer {
  const keyLength = { 1: 16, 2: 24, 3: 32 }[entry.aes.strength];
  if (!keyLength) throw new Error(`unknown AES strength ${entry.aes.strength}`);
  const saltLength = keyLength / 2;
  const salt = entry.data.subarray(0, saltLength);
  const verifier = entry.data.subarray(saltLength, saltLength + 2);
  const ciphertext = entry.data.subarray(saltLength + 2, entry.data.length - 10);
  const authCode = entry.data.subarray(entry.data.length - 10);
  const derived = crypto.pbkdf2Sync(Buffer.from(password, 'utf8'), salt, 1000, 2 * keyLength + 2, 'sha1');
  const aesKey = derived.subarray(0, keyLength);
  const macKey = derived.subarray(keyLength, 2 * keyLength);
  if (!derived.subarray(2 * keyLength).equals(verifier)) throw new Error('wrong password (verifier)');
  const mac = crypto.createHmac('sha1', macKey).update(ciphertext).digest().subarray(0, 10);
  if (!mac.equals(authCode)) throw new Error('authentication code mismatch');
  // AES in CTR mode with a 16-byte little-endian counter starting at 1
  const blocks = Math.ceil(ciphertext.length / 16);
  const counters = Buffer.alloc(blocks * 16);
  for (let i = 0; i < blocks; i++) counters.writeUInt32LE(i + 1, i * 16);
  const ecb = crypto.createCipheriv(`aes-${keyLength * 8}-ecb`, aesKey, null);
  ecb.setAutoPadding(false);
  const stream = Buffer.concat([ecb.update(counters), ecb.final()]);
  const plain = Buffer.alloc(ciphertext.length);
  for (let i = 0; i < ciphertext.length; i++) plain[i] = ciphertext[i] ^ stream[i];
  if (entry.aes.actualMethod === 0) return plain;
  if (entry.aes.actualMethod === 8) return zlib.inflateRawSync(plain);
  throw new Error(`unsupported compression ${entry.aes.actualMethod}`);
}
