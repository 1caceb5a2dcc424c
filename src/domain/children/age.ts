/**
 * Who is a child (Luật Trẻ em 2016, Điều 1: under 16) and the consent rules of
 * Nghị định 13/2023 (parent or guardian; the child too from 7 years old).
 */
export const CHILD_AGE_LIMIT = 16;
export const CHILD_CONSENT_AGE = 7;

export interface RuleViolation {
  code: string;
  vi: string;
  en: string;
  path: string[];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses 'YYYY-MM-DD' or 'DD/MM/YYYY' into 'YYYY-MM-DD'; null when not a real calendar date (31/02). */
export function parseDate(text: string): string | null {
  const t = text.trim();
  let y: number, m: number, d: number;
  const iso = ISO_DATE.exec(t);
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (vn) [d, m, y] = [Number(vn[1]), Number(vn[2]), Number(vn[3])];
  else return null;
  if (m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days || y < 1900 || y > 2200) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Full years between birth and the date (both 'YYYY-MM-DD'). */
export function ageAt(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = onDate.split('-').map(Number);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

/**
 * A child may be registered when the birth date is a real date, not after the registration
 * date, and the person is under 16 on that date.
 */
export function checkChildBirthDate(birthDateText: string, registrationDate: string, path = ['birthDate']): RuleViolation | null {
  const birthDate = parseDate(birthDateText);
  if (!birthDate)
    return { code: 'impossible_birth_date', vi: `Ngày sinh "${birthDateText}" không phải là một ngày có thật.`, en: `Birth date "${birthDateText}" is not a real date.`, path };
  if (birthDate > registrationDate)
    return { code: 'birth_date_in_future', vi: `Ngày sinh ${formatDateVi(birthDate)} sau ngày đăng ký ${formatDateVi(registrationDate)}.`, en: `Birth date ${birthDate} is after the registration date ${registrationDate}.`, path };
  const age = ageAt(birthDate, registrationDate);
  if (age >= CHILD_AGE_LIMIT)
    return {
      code: 'not_a_child',
      vi: `Người sinh ngày ${formatDateVi(birthDate)} đã ${age} tuổi: trẻ em là người dưới 16 tuổi (Luật Trẻ em 2016, Điều 1).`,
      en: `A person born ${birthDate} is ${age}: a child is under 16 (Law on Children 2016, art. 1).`,
      path,
    };
  return null;
}

/** Whose consent the processing needs: none when the law requires it (child protection). */
export function consentRequired(ageYears: number, legalBasis: 'consent' | 'child_protection'): { parent: boolean; child: boolean } {
  if (legalBasis === 'child_protection') return { parent: false, child: false };
  return { parent: true, child: ageYears >= CHILD_CONSENT_AGE };
}

export function formatDateVi(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** Today's date in Vietnam (UTC+7), 'YYYY-MM-DD'. */
export function todayVn(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}
