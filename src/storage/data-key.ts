/**
 * Every app server must encrypt with the same data key (src/storage/crypto.ts). The database keeps
 * the key's fingerprint (an HMAC of a fixed text under the key, never the key) in
 * `system_setting.data_key_fingerprint`, recorded at the first start; a server whose key has another
 * fingerprint refuses to start with a bilingual message instead of writing data no other server can
 * read. Recovery and rotation: docs/security.md ("The data key").
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import './schema-hardening.ts';
import { dataKeyFingerprint, decrypt } from './crypto.ts';

export const FINGERPRINT_SETTING = 'data_key_fingerprint';

/** Text columns holding ciphertexts ("v1.…") of the register and case management. */
export const ENCRYPTED_COLUMNS: readonly [table: string, column: string][] = [
  ['child', 'pii'],
  ['child_merge', 'snapshot'],
  ['child_consent', 'given_by'],
  ['child_circumstance', 'note'],
  ['child_support', 'note'],
  ['child_case', 'reporter'],
  ['child_case', 'description'],
  ['case_step', 'notes'],
  ['case_referral', 'outcome_note'],
  ['case_meeting', 'participants'],
  ['case_meeting', 'decisions'],
];

export class DataKeyMismatchError extends Error {
  readonly code = 'data_key_mismatch';
  constructor(readonly vi: string, readonly en: string) {
    super(`${vi}\n${en}`);
  }
}

/** One stored ciphertext, if the database holds any (the first of ENCRYPTED_COLUMNS that has one). */
export async function sampleCiphertext(db: Kysely<Database>): Promise<{ table: string; column: string; value: string } | null> {
  for (const [table, column] of ENCRYPTED_COLUMNS) {
    const { rows } = await sql<{ value: string }>`select ${sql.ref(column)}::text as value from ${sql.table(table)} where ${sql.ref(column)} like 'v1.%' limit 1`.execute(db);
    if (rows[0]) return { table, column, value: rows[0].value };
  }
  return null;
}

function decrypts(sealed: string): boolean {
  try {
    decrypt(sealed);
    return true;
  } catch {
    return false;
  }
}

export interface DataKeyCheck {
  fingerprint: string;
  /** 'match': as recorded; 'recorded': first start, now recorded; 'adopted': replaced on an empty register (adopt) */
  outcome: 'match' | 'recorded' | 'adopted';
}

/**
 * Compares this process's data key with the fingerprint recorded in the database and records it
 * when there is none. Throws DataKeyMismatchError when the key differs from the one the database
 * was used with. `adopt` (VITREEM_DATA_KEY_ADOPT=1) replaces the recorded fingerprint, but only
 * while the database holds no encrypted data.
 * Run it where start-ups are serialised (the start-up lock on PostgreSQL).
 */
export async function checkDataKey(db: Kysely<Database>, options: { adopt?: boolean } = {}): Promise<DataKeyCheck> {
  const fingerprint = dataKeyFingerprint();
  const stored = (await db.selectFrom('system_setting').select('value').where('id', '=', FINGERPRINT_SETTING).executeTakeFirst())?.value ?? null;
  if (stored === fingerprint) return { fingerprint, outcome: 'match' };
  const sample = await sampleCiphertext(db);
  const write = async (): Promise<void> => {
    await db.transaction().execute(async (trx) => {
      await sql`select set_config('vitreem.actor_name', 'system:data-key', true)`.execute(trx);
      await trx
        .insertInto('system_setting')
        .values({ id: FINGERPRINT_SETTING, value: fingerprint })
        .onConflict((oc) => oc.column('id').doUpdateSet({ value: fingerprint, updated_at: new Date() }))
        .execute();
    });
  };
  if (stored === null) {
    // a database from before the fingerprint (or a new one): data already there must open with this key
    if (sample && !decrypts(sample.value)) throw mismatch(null, fingerprint, true);
    await write();
    return { fingerprint, outcome: 'recorded' };
  }
  if (sample) throw mismatch(stored, fingerprint, true);
  if (!options.adopt) throw mismatch(stored, fingerprint, false);
  await write();
  return { fingerprint, outcome: 'adopted' };
}

function mismatch(stored: string | null, current: string, holdsData: boolean): DataKeyMismatchError {
  const expected = stored ? ` (dấu vân tay ${stored})` : '';
  const expectedEn = stored ? ` (fingerprint ${stored})` : '';
  if (holdsData)
    return new DataKeyMismatchError(
      `Không khởi động: khoá dữ liệu của máy chủ này (dấu vân tay ${current}) khác với khoá đã mã hoá dữ liệu trẻ em trong cơ sở dữ liệu${expected}. ` +
        'Mọi máy chủ phải dùng cùng một khoá: đặt VITREEM_DATA_KEY bằng khoá đang dùng (hoặc chép tệp vitreem.key từ bản sao lưu). Xem docs/security.md.',
      `Not starting: this server's data key (fingerprint ${current}) is not the key that encrypted the children's data in the database${expectedEn}. ` +
        'Every server must use the same key: set VITREEM_DATA_KEY to the key in use (or copy vitreem.key back from your backup). See docs/security.md.',
    );
  return new DataKeyMismatchError(
    `Không khởi động: khoá dữ liệu của máy chủ này (dấu vân tay ${current}) khác với khoá cơ sở dữ liệu đã ghi nhận${expected}. ` +
      'Mọi máy chủ phải dùng cùng một khoá: đặt VITREEM_DATA_KEY bằng khoá đó. Cơ sở dữ liệu chưa có dữ liệu mã hoá, nên nếu muốn dùng khoá mới thay thế, khởi động một lần với VITREEM_DATA_KEY_ADOPT=1.',
    `Not starting: this server's data key (fingerprint ${current}) differs from the key the database recorded${expectedEn}. ` +
      'Every server must use the same key: set VITREEM_DATA_KEY to it. The database holds no encrypted data yet, so to adopt the new key instead start once with VITREEM_DATA_KEY_ADOPT=1.',
  );
}
