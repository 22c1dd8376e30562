/**
 * The language switch on /iqs, and the hook by which IQS's views follow it. The choice is kept where OHIF looks
 * for its language (i18n/detectLanguage.ts), so the viewer speaks it too.
 */
import { useEffect, useState } from 'react';
import { chooseLanguage, chosenLanguage, onLanguageChosen } from '../i18n/detectLanguage';
import type { Language, Translator } from '../i18n/translator';

const LANGUAGES: readonly Language[] = ['nl', 'en'];

/** `given` (the language the view was made with) until the user chooses one, then the one chosen, at once. */
export function useLanguage(given: Language): Language {
  const [chosen, setChosen] = useState<Language | null>(chosenLanguage);
  useEffect(() => onLanguageChosen(setChosen), []);
  return chosen ?? given;
}

export function LanguageSwitch({ translator }: { translator: Translator }) {
  const { t, language } = translator;
  return (
    <div className="iqs-k-language-switch" role="group" aria-label={t('language.label')} data-iqs-language-switch={language}>
      {LANGUAGES.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          className={`iqs-k-language-option${option === language ? ' iqs-k-language-current' : ''}`}
          aria-pressed={option === language}
          data-iqs-language={option}
          title={t('language.help')}
          onClick={() => {
            if (option !== language) chooseLanguage(option);
          }}
        >
          {t(`language.${option}`)}
        </button>
      ))}
    </div>
  );
}
