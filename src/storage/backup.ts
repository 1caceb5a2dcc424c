/**
 * Backup and restore, identical for the embedded database and PostgreSQL: a gzip'd
 * NDJSON file holding the applied migrations and every row of every application table
 * (in foreign-key order). Restore migrates the target to the same schema and loads the
 * rows in ONE transaction with triggers off (so the audit log is restored, not re-written).
 */
import { gzipSync } from 'node:zlib';
import { backupGunzipLimits, gunzipBounded, GzipFormatError, type GunzipLimits } from '../input/gunzip.ts';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { migrateToLatest } from './migrate.ts';

const FORMAT = 'vitreem-backup';
const BATCH = 2000;
const SKIP = new Set(['kysely_migration', 'kysely_migration_lock']);

interface Header {
  format: string;
  version: 1;
  createdAt: string;
  migrations: string[];
  tables: string[];
}

/** Application tables ordered so that referenced tables come first. */
async function tablesInDependencyOrder(db: Kysely<any>): Promise<string[]> {
  const tables = (
    await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db)
  ).rows
    .map((r) => r.name)
    .filter((t) => !SKIP.has(t));
  const edges = (
    await sql<{ child: string; parent: string }>`
      select distinct tc.table_name as child, ccu.table_name as parent
      from information_schema.table_constraints tc
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.constraint_schema = tc.constraint_schema
      where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(db)
  ).rows;
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (table: string) => {
    if (ordered.includes(table) || visiting.has(table)) return;
    visiting.add(table);
    for (const e of edges) if (e.child === table && e.parent !== table) visit(e.parent);
    visiting.delete(table);
    ordered.push(table);
  };
  tables.forEach(visit);
  return ordered;
}

export async function createBackup(db: Kysely<Database>): Promise<Buffer> {
  return db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const migrations = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(trx)).rows.map((r) => r.name);
    const tables = await tablesInDependencyOrder(trx);
    const header: Header = { format: FORMAT, version: 1, createdAt: new Date().toISOString(), migrations, tables };
    const lines = [JSON.stringify(header)];
    for (const table of tables) {
      for (let offset = 0; ; offset += BATCH) {
        const rows = (await sql<{ row: unknown }>`select to_jsonb(t) as row from ${sql.table(table)} t order by 1 offset ${offset} limit ${BATCH}`.execute(trx)).rows;
        if (rows.length === 0) break;
        lines.push(JSON.stringify({ table, rows: rows.map((r) => r.row) }));
        if (rows.length < BATCH) break;
      }
    }
    return gzipSync(Buffer.from(lines.join('\n') + '\n', 'utf8'));
  });
}

export class BackupFormatError extends Error {
  constructor(readonly messageVi: string, messageEn: string) {
    super(messageEn);
  }
}

/**
 * Replaces every table's rows by the backup's, in one transaction. The file is inflated as a stream with a
 * byte cap and a time limit (`InputLimitError` 413 past them, before anything is touched): a gzip bomb
 * cannot exhaust the server's memory.
 */
export async function restoreBackup(db: Kysely<Database>, file: Uint8Array, limits: GunzipLimits = backupGunzipLimits()): Promise<{ tables: number; rows: number }> {
  let text: string;
  try {
    text = (await gunzipBounded(file, limits)).toString('utf8');
  } catch (error) {
    if (error instanceof GzipFormatError) throw new BackupFormatError('Tệp sao lưu không hợp lệ (không phải gzip).', 'Not a valid backup file (not gzip).');
    throw error;
  }
  const lines = text.split('\n').filter(Boolean);
  const header = JSON.parse(lines[0] ?? '{}') as Header;
  if (header.format !== FORMAT) throw new BackupFormatError('Tệp sao lưu không đúng định dạng vitreem.', 'Not a vitreem backup file.');
  await migrateToLatest(db);
  const applied = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map((r) => r.name);
  const unknown = header.migrations.filter((m) => !applied.includes(m));
  if (unknown.length) throw new BackupFormatError(`Bản sao lưu từ phiên bản mới hơn (${unknown.join(', ')}).`, `The backup comes from a newer version (${unknown.join(', ')}).`);
  let rows = 0;
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    const tables = await tablesInDependencyOrder(trx);
    await sql.raw(`truncate ${tables.map((t) => `"${t}"`).join(', ')} restart identity cascade`).execute(trx);
    for (const line of lines.slice(1)) {
      const chunk = JSON.parse(line) as { table: string; rows: unknown[] };
      if (!tables.includes(chunk.table)) throw new BackupFormatError(`Bảng không xác định trong bản sao lưu: ${chunk.table}.`, `Unknown table in backup: ${chunk.table}.`);
      await sql`insert into ${sql.table(chunk.table)} select * from jsonb_populate_recordset(null::${sql.table(chunk.table)}, ${JSON.stringify(chunk.rows)}::jsonb)`.execute(trx);
      rows += chunk.rows.length;
    }
    // serial columns continue after the restored ids
    const sequences = (
      await sql<{ table_name: string; column_name: string; seq: string }>`
        select c.table_name, c.column_name, pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) as seq
        from information_schema.columns c
        where c.table_schema = current_schema() and c.column_default like 'nextval(%'`.execute(trx)
    ).rows;
    for (const s of sequences) {
      if (!s.seq) continue;
      await sql.raw(`select setval('${s.seq}', coalesce((select max("${s.column_name}") from "${s.table_name}"), 0) + 1, false)`).execute(trx);
    }
  });
  return { tables: header.tables.length, rows };
}
