import { type Language, languageFromTag } from './translator';

/**
 * The language the viewer speaks, and the user's choice of it.
 *
 * OHIF 3.13 detects its language once, when the app starts, with i18next's browser detector in this order: the
 * `lng` query parameter, the `i18next` cookie, the `i18nextLng` localStorage key, the browser's language (and it
 * caches what it found in both the cookie and localStorage). IQS reads them in the same order, so that IQS and
 * OHIF always agree, and a choice made on /iqs is written to both places OHIF reads: OHIF's own texts follow from
 * its next start (OHIF's own language selector reloads the page for the same reason; browser/navigation.ts starts
 * it afresh when IQS leads into it after a choice), IQS's follow at once.
 */

/** i18next's browser detector: where OHIF keeps the language (i18n/src/config.js of @ohif/i18n). */
export const OHIF_LANGUAGE_STORAGE_KEY = 'i18nextLng';
export const OHIF_LANGUAGE_COOKIE = 'i18next';
export const OHIF_LANGUAGE_QUERY = 'lng';

/** The tag written for each language: one OHIF has a catalogue for (OHIF's default is en-US). */
export const OHIF_LANGUAGE_TAGS: Readonly<Record<Language, string>> = { en: 'en-US', nl: 'nl' };

function cookieValue(cookies: string | undefined, name: string): string | null {
  for (const part of (cookies ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
}

/** The tag OHIF's detector would find, or null when none is set (then the browser's language counts). */
function storedTag(): string | null {
  try {
    const query = globalThis.location ? new URLSearchParams(globalThis.location.search).get(OHIF_LANGUAGE_QUERY) : null;
    if (query) return query;
    const cookie = cookieValue(globalThis.document?.cookie, OHIF_LANGUAGE_COOKIE);
    if (cookie) return cookie;
    return globalThis.localStorage?.getItem(OHIF_LANGUAGE_STORAGE_KEY) ?? null;
  } catch {
    // storage or cookies can be blocked (privacy settings); fall through to the browser language
    return null;
  }
}

export function detectLanguage(): Language {
  return languageFromTag(storedTag() ?? globalThis.navigator?.language);
}

// the language OHIF started in: it detected it from the same places when the app loaded, as this module did
const languageAtStart = detectLanguage();

/** OHIF's own texts are in another language than the one chosen since: only a fresh start of the viewer changes them. */
export function viewerNeedsRestartForLanguage(): boolean {
  return chosen !== null && chosen !== languageAtStart;
}

type LanguageListener = (language: Language) => void;
const listeners = new Set<LanguageListener>();
// the choice made while this page lives: views mounted after it (the viewer's panels) start in it
let chosen: Language | null = null;

/** The language chosen on this page since it loaded, or null. */
export function chosenLanguage(): Language | null {
  return chosen;
}

/**
 * The user chose a language (the switch on /iqs): kept where OHIF looks for it, and every IQS view that follows
 * the choice (see ui/LanguageSwitch.tsx useLanguage) re-renders in it.
 */
export function chooseLanguage(language: Language): void {
  chosen = language;
  const tag = OHIF_LANGUAGE_TAGS[language];
  try {
    globalThis.localStorage?.setItem(OHIF_LANGUAGE_STORAGE_KEY, tag);
    // OHIF's detector reads the cookie before localStorage: an older cookie would otherwise win at its next start
    if (globalThis.document)
      globalThis.document.cookie = `${OHIF_LANGUAGE_COOKIE}=${encodeURIComponent(tag)}; path=/; max-age=31536000; SameSite=Lax`;
  } catch {
    // blocked storage: the choice holds for this page only
  }
  for (const listener of [...listeners]) listener(language);
}

/** Calls `listener` after each choice; returns the unsubscribe. */
export function onLanguageChosen(listener: LanguageListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
