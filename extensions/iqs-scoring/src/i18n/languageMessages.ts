/**
 * The language switch on /iqs (ui/LanguageSwitch.tsx). Each language is named in itself in both catalogues, as
 * language pickers do: a reader who does not understand the current language still finds their own.
 */
export const languageEn = {
  'language.label': 'Language',
  'language.en': 'English',
  'language.nl': 'Nederlands',
  'language.help': 'IQS changes at once; the viewer follows when you open it from here.',
};

export const languageNl: Record<keyof typeof languageEn, string> = {
  'language.label': 'Taal',
  'language.en': 'English',
  'language.nl': 'Nederlands',
  'language.help': 'IQS wisselt meteen; de viewer volgt zodra u hem van hieruit opent.',
};
