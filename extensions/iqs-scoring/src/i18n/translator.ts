import { en, nl, type MessageKey, type Messages } from './messages';

export type Language = 'en' | 'nl';

const CATALOGUES: Record<Language, Messages> = { en, nl };

/** BCP 47 locale for number formatting. */
export const LOCALES: Record<Language, string> = { en: 'en-GB', nl: 'nl-NL' };

export interface Translator {
  readonly language: Language;
  readonly locale: string;
  t(key: MessageKey): string;
}

export function createTranslator(language: Language): Translator {
  const messages = CATALOGUES[language];
  return { language, locale: LOCALES[language], t: (key) => messages[key] };
}

/** Dutch for any nl-* tag, English otherwise. */
export function languageFromTag(tag: string | null | undefined): Language {
  return tag?.toLowerCase().startsWith('nl') ? 'nl' : 'en';
}
