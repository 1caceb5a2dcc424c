/**
 * QĐ 23/QĐ-TTg as signed (issue #20.7), for databases seeded before:
 *   - the signer: Vũ Đức Đam, Phó Thủ tướng (KT. THỦ TƯỚNG) — where nobody has set one;
 *   - indicator 20a reads "học sinh, sinh viên khuyết tật" — where the wording is still the old one;
 *   - indicator 9's figures are confirmed: its verify mark goes; indicator 15 keeps its mark.
 */
import { sql, type Kysely } from 'kysely';

const OLD_20A = 'Tỷ lệ trường học có cơ sở hạ tầng và tài liệu phù hợp với học sinh khuyết tật';
const NEW_20A = 'Tỷ lệ trường học có cơ sở hạ tầng và tài liệu phù hợp với học sinh, sinh viên khuyết tật';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`select set_config('vitreem.actor_name', 'system:migration-121', true)`.execute(db);
  await sql`update plan set signer = 'Vũ Đức Đam', signer_title = 'Phó Thủ tướng'
    where number = '23/QĐ-TTg' and signer is null and issuer_unit_id in (select id from admin_unit where level = 'nation')`.execute(db);
  await sql`update measure set name_vi = ${NEW_20A}, name_en = 'Schools with infrastructure and materials suited to disabled pupils and students'
    where code = '20a' and name_vi = ${OLD_20A}`.execute(db);
  await sql`update indicator set name_vi = ${NEW_20A} where code = '20a' and name_vi = ${OLD_20A}`.execute(db);
  await sql`update plan_indicator set text = ${NEW_20A} where text = ${OLD_20A}`.execute(db);
  await sql`update indicator set verify = false where code = '9' and scope_plan_id is null`.execute(db);
}
