import { formatDate, parseDate } from '../../../../src/domain/format.ts';

/** "2023-05" (a document dated with month and year only) ↔ "05/2023"; a full date as dd/mm/yyyy. */
export function documentDateText(iso: string | null): string {
  if (!iso) return '';
  const month = /^(\d{4})-(\d{2})$/.exec(iso);
  return month ? `${month[2]}/${month[1]}` : formatDate(iso);
}
/** What was typed as an ISO date ("15/05/2023", "5/2023", "2023-05-15"); undefined when it is not a date. */
export function documentDateValue(text: string): string | null | undefined {
  const s = text.trim();
  if (!s) return null;
  const month = /^(\d{1,2})[/.-](\d{4})$/.exec(s);
  if (month && Number(month[1]) >= 1 && Number(month[1]) <= 12) return `${month[2]}-${month[1].padStart(2, '0')}`;
  return parseDate(s) ?? undefined;
}

