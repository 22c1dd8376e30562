import type { Translator } from '../i18n/translator';
import { translated } from '../ui/display';

/** "3 cases", "1 case" in the reader's language. */
export function caseCountText(n: number, translator: Translator): string {
  return n === 1 ? translator.t('lesson.caseCountOne') : translated(translator, 'lesson.caseCount', { n });
}

/** "3 images", "1 image" in the reader's language. */
export function imageCountText(n: number, translator: Translator): string {
  return n === 1 ? translator.t('lesson.imageCountOne') : translated(translator, 'lesson.images', { n });
}
