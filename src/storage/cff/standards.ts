/** Standards as rows: load into the domain shape, insert, replace (administrator corrections). */
import { sql, type Kysely } from 'kysely';
import '../schema-cff.ts';
import type { Database } from '../schema.ts';
import type { CffStandard, Criterion, MeasurementSource, PassRule, ScoringRule, SubCriterion } from '../../domain/cff/index.ts';

export interface StoredStandard extends CffStandard {
  id: number;
  version: number;
}

/** The cff_standard columns of a standard (criteria go to their own tables). */
function standardRow(s: CffStandard) {
  return {
    code: s.code,
    number: s.number,
    issued_on: s.issuedOn,
    title_vi: s.titleVi,
    title_en: s.titleEn,
    effective_from: s.effectiveFrom,
    effective_to: s.effectiveTo,
    recognition_validity_years: s.recognitionValidityYears,
    pass_rule: JSON.stringify(s.passRule),
    verify: s.verify ?? false,
    note: s.note ?? null,
  };
}

/** Inserts a standard with its criteria and sub-criteria; returns its id. */
export async function insertStandard(db: Kysely<Database>, s: CffStandard): Promise<number> {
  const { id } = await db.insertInto('cff_standard').values(standardRow(s)).returning('id').executeTakeFirstOrThrow();
  await insertCriteria(db, id, s.criteria);
  return id;
}

async function insertCriteria(db: Kysely<Database>, standardId: number, criteria: Criterion[]): Promise<void> {
  for (const [position, c] of criteria.entries()) {
    const { id: criterionId } = await db
      .insertInto('cff_criterion')
      .values({ standard_id: standardId, code: c.code, position, title_vi: c.titleVi, title_en: c.titleEn ?? null, min_points: c.minPoints ?? null, verify: c.verify ?? false })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (c.subcriteria.length) {
      await db
        .insertInto('cff_subcriterion')
        .values(
          c.subcriteria.map((sub, subPosition) => ({
            standard_id: standardId,
            criterion_id: criterionId,
            code: sub.code,
            position: subPosition,
            title_vi: sub.titleVi,
            title_en: sub.titleEn ?? null,
            max_points: sub.maxPoints,
            source: sub.source,
            scoring: sub.scoring ? JSON.stringify(sub.scoring) : null,
            value_unit: sub.valueUnit ?? null,
            evidence_required: sub.evidenceRequired,
            verify: sub.verify ?? false,
          })),
        )
        .execute();
    }
  }
}

/** Replaces a standard's fields, criteria and sub-criteria (ids change; items refer to codes). */
export async function replaceStandard(db: Kysely<Database>, id: number, s: CffStandard): Promise<void> {
  await db.updateTable('cff_standard').set({ ...standardRow(s), version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', id).execute();
  await db.deleteFrom('cff_criterion').where('standard_id', '=', id).execute();
  await insertCriteria(db, id, s.criteria);
}

const parse = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

export async function loadStandard(db: Kysely<Database>, key: { id: number } | { code: string }): Promise<StoredStandard | null> {
  let q = db.selectFrom('cff_standard').selectAll();
  q = 'id' in key ? q.where('id', '=', key.id) : q.where('code', '=', key.code);
  const row = await q.executeTakeFirst();
  if (!row) return null;
  const criteria = await db.selectFrom('cff_criterion').selectAll().where('standard_id', '=', row.id).orderBy('position').execute();
  const subs = await db.selectFrom('cff_subcriterion').selectAll().where('standard_id', '=', row.id).orderBy('position').execute();
  return {
    id: row.id,
    version: row.version,
    code: row.code,
    number: row.number,
    issuedOn: row.issued_on ?? '',
    titleVi: row.title_vi,
    titleEn: row.title_en ?? '',
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    recognitionValidityYears: row.recognition_validity_years,
    passRule: parse<PassRule>(row.pass_rule),
    verify: row.verify,
    note: row.note,
    criteria: criteria.map(
      (c): Criterion => ({
        code: c.code,
        titleVi: c.title_vi,
        titleEn: c.title_en,
        minPoints: c.min_points,
        verify: c.verify,
        subcriteria: subs
          .filter((s) => s.criterion_id === c.id)
          .map(
            (s): SubCriterion => ({
              code: s.code,
              titleVi: s.title_vi,
              titleEn: s.title_en,
              maxPoints: s.max_points,
              source: s.source as MeasurementSource,
              scoring: s.scoring ? parse<ScoringRule>(s.scoring) : null,
              valueUnit: s.value_unit as SubCriterion['valueUnit'],
              evidenceRequired: s.evidence_required,
              verify: s.verify,
            }),
          ),
      }),
    ),
  };
}

export async function listStandards(db: Kysely<Database>) {
  return db.selectFrom('cff_standard').select(['id', 'code', 'number', 'issued_on', 'title_vi', 'title_en', 'effective_from', 'effective_to', 'verify', 'version']).orderBy('effective_from').execute();
}

/** The standard in force on a date (latest effective_from ≤ date < effective_to). */
export async function standardInForce(db: Kysely<Database>, on: string): Promise<StoredStandard | null> {
  const row = await db
    .selectFrom('cff_standard')
    .select('id')
    .where('effective_from', '<=', on)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>', on)]))
    .orderBy('effective_from', 'desc')
    .executeTakeFirst();
  return row ? loadStandard(db, { id: row.id }) : null;
}
