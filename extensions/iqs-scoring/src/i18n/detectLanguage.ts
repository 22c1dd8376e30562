import { type Language, languageFromTag } from './translator';

/**
 * The language the viewer speaks: OHIF keeps the user's choice (or its detection) in i18next's localStorage
 * key; otherwise the browser's language.
 */
export function detectLanguage(): Language {
  try {
    const chosen = globalThis.localStorage?.getItem('i18nextLng');
    if (chosen) return languageFromTag(chosen);
  } catch {
    // storage can be blocked (privacy settings); fall through to the browser language
  }
  return languageFromTag(globalThis.navigator?.language);
}
