/**
 * How rejected images read for people, shared by the IQS panel, the viewport overlay and the IQS page: the IOCM
 * note's title, the reasons in the reader's language and grouped by category.
 */
import type { MessageKey } from '../i18n/messages';
import type { Translator } from '../i18n/translator';
import type { IocmTitle, RejectReason } from '../ports';
import { inLanguage } from './display';

/** The categories in the order the picker shows them (reject_reasons.category). */
export const REJECT_CATEGORIES = ['positioning', 'exposure', 'motion', 'artefact', 'equipment', 'other'] as const;

export const IOCM_TITLE_KEYS: Record<IocmTitle, MessageKey> = {
  '113001': 'reject.title.113001',
  '113037': 'reject.title.113037',
  '113038': 'reject.title.113038',
  '113039': 'reject.title.113039',
};

/** The title of an IOCM note (DCM code and meaning); null for a code IQS does not know. */
export function iocmTitle(code: string | null | undefined, translator: Translator): string | null {
  if (!code) return null;
  const key = IOCM_TITLE_KEYS[code as IocmTitle];
  return key ? translator.t(key) : null;
}

/** Whether an IOCM note title makes its image a quality reject (113001); 113037/113038/113039 never do. */
export function isQualityTitle(code: string | null | undefined): boolean {
  return code === '113001';
}

export function categoryLabel(category: string, translator: Translator): string {
  const key = `reject.category.${category}`;
  return (REJECT_CATEGORIES as readonly string[]).includes(category) ? translator.t(key as MessageKey) : category;
}

export function reasonLabel(reason: Pick<RejectReason, 'label_nl' | 'label_en' | 'code'>, language: Translator['language']): string {
  return inLanguage(language, reason.label_nl, reason.label_en) ?? reason.code;
}

/** The reasons grouped by category in picker order (known categories first, then any other, each in the site's order). */
export function groupReasons(reasons: readonly RejectReason[]): Array<{ category: string; reasons: RejectReason[] }> {
  const known = REJECT_CATEGORIES as readonly string[];
  const others = [...new Set(reasons.map((r) => r.category).filter((c) => !known.includes(c)))].sort();
  return [...known, ...others]
    .map((category) => ({
      category,
      reasons: reasons.filter((r) => r.category === category).sort((a, b) => a.sort_order - b.sort_order || a.code.localeCompare(b.code)),
    }))
    .filter((group) => group.reasons.length > 0);
}

/** Lower case without accents, for type-ahead. */
export function searchText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * Whether a reason matches what was typed: a word of its label as the reader sees it (their language) starts with it,
 * or its code does. The other language's label is left out: "over" in English must not find "Overig".
 */
export function reasonMatches(reason: RejectReason, query: string, language: Translator['language']): boolean {
  const q = searchText(query.trim());
  if (q === '') return true;
  if (reason.code.toLowerCase().startsWith(q)) return true;
  const words = searchText(reasonLabel(reason, language))
    .split(/[^a-z0-9]+/u)
    .filter(Boolean);
  return words.some((_, index) => words.slice(index).join(' ').startsWith(q));
}
