/**
 * Vietnamese name folding for search and duplicate detection: lower case, diacritics removed
 * (đ → d), punctuation dropped, spaces collapsed. "Nguyễn Thị Ánh" and "nguyen thi anh" fold alike.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Name as displayed: trimmed, single spaces, NFC. */
export function normaliseName(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

export function nameTokens(text: string): string[] {
  const folded = foldVietnamese(text);
  return folded ? folded.split(' ') : [];
}

/**
 * Search terms of a name for the blind index: every folded token ("t:nguyen") and every
 * prefix of at least 2 letters of each token, the whole token included ("p:ng", "p:ngu"…), so that a query can match
 * whole words and the beginning of the last word typed.
 */
export function nameIndexTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const token of nameTokens(text)) {
    terms.add(`t:${token}`);
    for (let i = 2; i <= token.length; i++) terms.add(`p:${token.slice(0, i)}`);
  }
  return [...terms];
}

/** The terms a search query must all match: whole tokens, except the last, matched as a prefix (if 2+ letters). */
export function queryIndexTerms(query: string): string[] {
  const tokens = nameTokens(query);
  return [...new Set(tokens.map((token, i) => (i === tokens.length - 1 && token.length >= 2 ? `p:${token}` : `t:${token}`)))];
}

/** Words of a name considered for pair terms (longer names: the rest is found by the word terms). */
const PAIR_WORDS = 6;

/**
 * Pair terms of a name for the blind index: for every two words in the name's order (other words
 * may stand between them), "s:nguyen an" and each prefix of 2+ letters of the second word
 * ("sp:nguyen an", "sp:nguyen ph", "sp:nguyen phu"…). A query of several words looks up one pair
 * per two consecutive words typed — short posting lists, where the single words ("nguyen",
 * "van", "thi") are shared by a large part of any province.
 */
export function namePairTerms(text: string): string[] {
  const words = nameTokens(text).slice(0, PAIR_WORDS);
  const terms = new Set<string>();
  for (let i = 0; i < words.length; i++)
    for (let j = i + 1; j < words.length; j++) {
      terms.add(`s:${words[i]} ${words[j]}`);
      for (let k = 2; k <= words[j].length; k++) terms.add(`sp:${words[i]} ${words[j].slice(0, k)}`);
    }
  return [...terms];
}

/**
 * The pair terms a query of 2+ words must all match: each two consecutive words typed, whole,
 * except the last word matched as a prefix (if 2+ letters). Empty for a one-word query or when the
 * query has more words than the pairs cover (then the word terms answer).
 */
export function queryPairTerms(query: string): string[] {
  const words = nameTokens(query);
  if (words.length < 2 || words.length > PAIR_WORDS) return [];
  const terms = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) {
    const last = i + 1 === words.length - 1;
    terms.add(last && words[i + 1].length >= 2 ? `sp:${words[i]} ${words[i + 1]}` : `s:${words[i]} ${words[i + 1]}`);
  }
  return [...terms];
}

/** Digits of a personal identification number (12 digits since 2021; older 9-digit ID cards accepted). */
export function normaliseIdNumber(id: string): string {
  return id.replace(/\D/g, '');
}

/** Trigram (Dice) similarity of two folded strings, 0..1. */
export function similarity(a: string, b: string): number {
  const fa = foldVietnamese(a);
  const fb = foldVietnamese(b);
  if (!fa && !fb) return 1;
  if (fa === fb) return 1;
  const grams = (s: string) => {
    const padded = `  ${s} `;
    const out = new Map<string, number>();
    for (let i = 0; i < padded.length - 2; i++) {
      const g = padded.slice(i, i + 3);
      out.set(g, (out.get(g) ?? 0) + 1);
    }
    return out;
  };
  const ga = grams(fa);
  const gb = grams(fb);
  let common = 0;
  let total = 0;
  for (const [g, n] of ga) {
    common += Math.min(n, gb.get(g) ?? 0);
    total += n;
  }
  for (const n of gb.values()) total += n;
  return total === 0 ? 0 : (2 * common) / total;
}
