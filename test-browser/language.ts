/**
 * Finds English words and developer notes in text a Vietnamese screen shows (issue #19, point 2).
 * A word list of English words that have no place in Vietnamese text, plus heuristics: snake_case and camelCase
 * identifiers, raw JSON, "undefined"/"NaN"/"[object Object]", and the data notes "(cần xác minh)", "(cần đối chiếu)".
 * Allowed: codes (any token with a digit or in capitals: DHIS2, ADX, XLSX, QĐ, 107/KH-UBND), user names (demo.officer),
 * e-mail addresses, web addresses, file names, and a few loan words Vietnamese officials use (email, file, Word, Excel).
 */

/** English words that are never Vietnamese (ASCII words such as "to", "an", "in", "do", "no" are Vietnamese too and are not listed). */
const ENGLISH = new Set(
  `the and of for on with is are not from this that by or at your you has have was were been will could should would
  local central mobilised mobilized sex area ethnicity male female urban rural minority majority
  update insert delete create created updated deleted error warning field value values total draft submitted approved returned
  pending overdue unknown report reports plan plans unit units budget source sources year years page loading none yes
  child children case cases step measure indicator target status save cancel submit approve return reopen edit open close
  user users role admin dashboard overview import imports review settings account password sign out login logout
  national province district commune agency agencies spending planned spent rate breakdown numerator denominator count
  boolean percent per true false null undefined nan object string number date invalid missing required expected found
  parts mismatch jump implausible column row rows table sheet other others unit_officer children_case child_case
  approval approvals inbox mine supervisor worker assessor assessment evidence decision recognised recognized self`
    .split(/\s+/)
    .filter(Boolean),
);
/** loan words and names allowed in Vietnamese text */
const ALLOWED = new Set(['email', 'e-mail', 'file', 'online', 'website', 'web', 'internet', 'vitreem', 'word', 'excel', 'libreoffice', 'zalo', 'covid']);
const NOTES = [/\(\s*(mới,\s*)?cần xác minh\s*\)/i, /\(\s*cần đối chiếu\s*\)/i, /\bTODO\b/, /\bFIXME\b/, /\[object Object\]/, /\bInvalid Date\b/, /\{\s*"/, /"\s*:\s*["{[\d]/];

export function languageFindings(text: string): string[] {
  const found: string[] = [];
  for (const re of NOTES) {
    const m = text.match(re);
    if (m) found.push(`note: ${m[0]}`);
  }
  const cleaned = text
    .replace(/\S+@\S+\.\S+/g, ' ') // e-mail addresses
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\b[\w.-]+\.(pdf|docx|xlsx|csv|txt|json|xml|zip|png|jpg)\b/gi, ' ') // file names
    .replace(/\bdemo\.[a-z]+\b/g, ' '); // demo user names
  for (const m of cleaned.matchAll(/[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z]+)*/g)) {
    const token = m[0];
    const next = cleaned[m.index! + token.length] ?? '';
    const prev = cleaned[m.index! - 1] ?? '';
    // part of a Vietnamese word (letters with diacritics around it) or of a code
    if (/[\p{L}\p{N}]/u.test(next) || /[\p{L}\p{N}]/u.test(prev)) continue;
    if (/\d/.test(token) && !/_/.test(token)) continue;
    if (/^[A-Z0-9-]+$/.test(token) && token.length > 1) continue; // codes, acronyms
    if (/^[a-z]+(_[a-z0-9]+)+$/.test(token)) {
      found.push(`identifier: ${token}`);
      continue;
    }
    if (/^[a-z]+[A-Z][A-Za-z]*$/.test(token)) {
      found.push(`identifier: ${token}`);
      continue;
    }
    const word = token.toLowerCase();
    if (ALLOWED.has(word)) continue;
    if (ENGLISH.has(word)) found.push(`English: ${token} …${text.slice(Math.max(0, text.indexOf(token) - 30), text.indexOf(token) + token.length + 30).replace(/\s+/g, ' ')}…`);
  }
  return [...new Set(found)];
}
