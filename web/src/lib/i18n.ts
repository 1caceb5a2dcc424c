/**
 * Two languages, Vietnamese first. Strings live inline where they are used:
 *   const t = useT();  t('Kế hoạch', 'Plans')
 * The choice is kept in localStorage ('vitreem_lang') and reflected on <html lang>.
 */
import { useCallback, useSyncExternalStore } from 'react';

export type Lang = 'vi' | 'en';
const STORAGE_KEY = 'vitreem_lang';
const listeners = new Set<() => void>();

function readStored(): Lang {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

let current: Lang = readStored();
applyToDocument(current);

function applyToDocument(lang: Lang): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  if (lang === current) return;
  current = lang;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    /* private mode: keep it in memory */
  }
  applyToDocument(lang);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLang(): Lang {
  return useSyncExternalStore(subscribe, getLang, getLang);
}

export type Translate = (vi: string, en: string) => string;

/** t(vi, en) in the current language (re-renders when the language changes). */
export function useT(): Translate {
  const lang = useLang();
  return useCallback((vi: string, en: string) => (lang === 'en' ? en : vi), [lang]);
}

/** Picks a bilingual record ({vi, en}) in the current language. */
export function pick(text: { vi: string; en: string }, lang: Lang = current): string {
  return lang === 'en' ? text.en : text.vi;
}

/**
 * A message written "tiếng Việt / English" (the importer's warnings): the half of the reader's language. The English
 * half is the text after the last " / " that carries no Vietnamese letter; a message without one is returned whole.
 */
export function bilingualPart(message: string, lang: Lang): string {
  for (let i = message.lastIndexOf(' / '); i > 0; i = message.lastIndexOf(' / ', i - 1)) {
    const en = message.slice(i + 3);
    if (/[À-ỹĐđ]/.test(en)) continue;
    const vi = message.slice(0, i);
    if (!/[À-ỹĐđ]/.test(vi)) return message;
    return lang === 'en' ? en : vi;
  }
  return message;
}
