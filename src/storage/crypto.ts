/**
 * Encryption at rest of the children's register's sensitive fields.
 *   - one 32-byte data key: VITREEM_DATA_KEY (64 hex or 44 base64 characters) or a key file
 *     `<data dir>/vitreem.key` created on first use with mode 0600;
 *   - sub-keys derived by HKDF-SHA256: "vitreem/enc/v1" for AES-256-GCM, "vitreem/index/v1"
 *     for the blind indexes (HMAC-SHA256, truncated) that let search work without decrypting;
 *   - a ciphertext is text "v1.<base64 iv(12) | tag(16) | ciphertext>".
 * Exports of identifiable data are password-protected ZIPs: see encrypted-zip.ts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

let cached: { source: string; key: Buffer } | null = null;
/** the data directory whose vitreem.key is used when VITREEM_DATA_KEY is not set (see useDataDir) */
let configuredDataDir: string | null = null;

/** The server and the CLI name their data directory once, so that every later use finds the same key file. */
export function useDataDir(dataDir: string): void {
  configuredDataDir = dataDir;
}

function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error('VITREEM_DATA_KEY must be 32 bytes (64 hex or base64 characters)');
  return key;
}

/** The master data key (env VITREEM_DATA_KEY, else `<data dir>/vitreem.key`, created 0600). */
export function getDataKey(options: { dataDir?: string } = {}): Buffer {
  const env = process.env.VITREEM_DATA_KEY;
  if (env) {
    if (cached?.source !== `env:${env}`) cached = { source: `env:${env}`, key: parseKey(env) };
    return cached.key;
  }
  const dataDir = options.dataDir ?? configuredDataDir ?? process.env.VITREEM_DATA_DIR ?? path.resolve('data');
  const file = path.join(dataDir, 'vitreem.key');
  if (cached?.source === `file:${file}`) return cached.key;
  let key: Buffer;
  if (fs.existsSync(file)) key = parseKey(fs.readFileSync(file, 'utf8'));
  else {
    fs.mkdirSync(dataDir, { recursive: true });
    key = crypto.randomBytes(32);
    try {
      fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // another process created it first: use that one
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      key = parseKey(fs.readFileSync(file, 'utf8'));
    }
  }
  cached = { source: `file:${file}`, key };
  return key;
}

/**
 * A fingerprint of the data key that can be stored and shown: HMAC-SHA256 of a fixed text under the
 * key (32 hex characters). It tells two keys apart and reveals nothing about the key itself.
 */
export function dataKeyFingerprint(key: Buffer = getDataKey()): string {
  return crypto.createHmac('sha256', key).update('vitreem data key fingerprint v1', 'utf8').digest('hex').slice(0, 32);
}

const derived = new Map<string, Buffer>();
function subKey(purpose: string): Buffer {
  const master = getDataKey();
  const id = `${master.toString('hex')}:${purpose}`;
  let k = derived.get(id);
  if (!k) {
    k = Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), purpose, 32));
    derived.set(id, k);
  }
  return k;
}

export function encrypt(plain: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', subKey('vitreem/enc/v1'), iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64')}`;
}

export function decrypt(sealed: string): string {
  if (!sealed.startsWith('v1.')) throw new Error('unknown ciphertext format');
  const buf = Buffer.from(sealed.slice(3), 'base64');
  const decipher = crypto.createDecipheriv('aes-256-gcm', subKey('vitreem/enc/v1'), buf.subarray(0, 12));
  decipher.setAuthTag(buf.subarray(12, 28));
  return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8');
}

export function encryptJson(value: unknown): string {
  return encrypt(JSON.stringify(value));
}
export function decryptJson<T>(sealed: string): T {
  return JSON.parse(decrypt(sealed)) as T;
}
export function encryptOptional(value: string | null | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : encrypt(value);
}
export function decryptOptional(value: string | null | undefined): string | null {
  return value ? decrypt(value) : null;
}

/** Blind index of a search term: HMAC-SHA256 under the index sub-key, 16 hex characters. */
export function blindIndex(term: string): string {
  return crypto.createHmac('sha256', subKey('vitreem/index/v1')).update(term, 'utf8').digest('hex').slice(0, 16);
}
