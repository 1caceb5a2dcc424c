/**
 * QĐ 34/2014/QĐ-TTg as data (issue #20.5): the standard in force from 15/07/2014 to 03/01/2019,
 * between QĐ 37/2010 and QĐ 06/2019, so recognitions of 2014–2018 have their standard. Added to
 * databases whose migration 051 ran before it was shipped; nothing changes where an administrator
 * already added it (same code).
 */
import type { Kysely } from 'kysely';
import { QD34_2014 } from '../../domain/cff/index.ts';
import { insertStandard } from '../cff/standards.ts';
import type { Database } from '../schema.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const typed = db as unknown as Kysely<Database>;
  const found = await typed.selectFrom('cff_standard').select('id').where((eb) => eb.or([eb('code', '=', QD34_2014.code), eb('number', '=', QD34_2014.number)])).executeTakeFirst();
  if (!found) await insertStandard(typed, QD34_2014);
}
