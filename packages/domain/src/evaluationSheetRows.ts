/**
 * An evaluation's answer rows (evaluation_answer_rows / evaluation_answer_rows_for_site, computed in SQL) and facts
 * as the CSV and the print sheet print them (evaluationSheet.ts): procedures by name in the reader's language (else
 * their code), answers by the form's label (else yes/no/n.a. in words, else the value), the period and the print date
 * in the reader's locale. The evaluator is left out while a blind evaluation is open.
 * One function for the summary page (extensions/iqs-scoring pages/EvaluationSummaryPage.tsx) and `iqs report evaluation`, so both
 * write the same CSV. Its few words are here, in Dutch and English; the extension's tests hold them equal to its
 * messages. Plain TypeScript: no React, no I/O.
 */
import type { CriterionKind, EvaluationUse, ItemState } from './evaluation';
import type { SheetHeader, SheetLanguage, SheetRow } from './evaluationSheet';

/** One image × criterion as the database gives it. */
export interface EvaluationAnswerRow {
  readonly item_id: string;
  readonly item_position: number;
  readonly item_state: ItemState;
  readonly study_date: string | null;
  readonly modality: string | null;
  readonly view_position: string | null;
  readonly procedure_code: string | null;
  readonly procedure_name_nl: string | null;
  readonly procedure_name_en: string | null;
  readonly room: string | null;
  readonly criterion_code: string;
  readonly criterion_position: number;
  readonly criterion_kind: CriterionKind;
  readonly criterion_label_nl: string;
  readonly criterion_label_en: string;
  readonly value: string | null;
  readonly answer_label_nl: string | null;
  readonly answer_label_en: string | null;
  /** private.answer_met: null when the answer does not count (n/a, grade, comment, none, a skipped image) */
  readonly met: boolean | null;
  readonly remark: string | null;
}

/** An evaluation's facts for the sheet's header, and its rows. */
export interface EvaluationSheetData {
  readonly id: string;
  readonly name: string;
  readonly use: EvaluationUse;
  readonly status: 'open' | 'closed';
  readonly blind: boolean;
  readonly siteName: string | null;
  readonly evaluatorName: string | null;
  /** the evaluation's filter's dates (YYYY-MM-DD), null when open-ended */
  readonly from: string | null;
  readonly to: string | null;
  readonly rows: readonly EvaluationAnswerRow[];
}

export interface SheetWords {
  readonly yes: string;
  readonly no: string;
  readonly na: string;
  readonly unknownProcedure: string;
  readonly use: Readonly<Record<EvaluationUse, string>>;
  /** {from} and {to} filled in */
  readonly period: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly periodAll: string;
}

const WORDS: Readonly<Record<SheetLanguage, SheetWords>> = {
  en: {
    yes: 'Yes',
    no: 'No',
    na: 'N/A',
    unknownProcedure: 'Procedure unknown',
    use: { self: 'Self-evaluation', peer: 'Peer review', quality: 'Quality analysis' },
    period: '{from} – {to}',
    periodFrom: 'from {from}',
    periodTo: 'up to {to}',
    periodAll: 'every date',
  },
  nl: {
    yes: 'Ja',
    no: 'Nee',
    na: 'N.v.t.',
    unknownProcedure: 'Onderzoek onbekend',
    use: { self: 'Zelfevaluatie', peer: 'Intercollegiale toetsing', quality: 'Kwaliteitsanalyse' },
    period: '{from} – {to}',
    periodFrom: 'vanaf {from}',
    periodTo: 'tot en met {to}',
    periodAll: 'alle data',
  },
};

/** The sheet's words in a language (the extension's tests compare them with its messages). */
export function sheetWords(language: SheetLanguage): SheetWords {
  return WORDS[language];
}

const LOCALES: Readonly<Record<SheetLanguage, string>> = { en: 'en-GB', nl: 'nl-NL' };

const inLanguage = (language: SheetLanguage, nl: string | null | undefined, en: string | null | undefined): string | null =>
  (language === 'nl' ? (nl ?? en) : (en ?? nl)) ?? null;

const fill = (template: string, values: Readonly<Record<string, string>>): string =>
  template.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => values[name] ?? whole);

/**
 * A calendar date (YYYY-MM-DD) as "14 Mar 2026" / "14 mrt 2026" in a locale; the text as given when it is not a date.
 * The one formatter of such dates: the sheet's, the CLI's and the viewer's (display.ts formatDate).
 */
export function formatCalendarDate(iso: string | null | undefined, locale: string): string | null {
  if (!iso) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  // a calendar date has no time zone: format it as UTC so it never shifts a day
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
}

const sheetDate = (iso: string | null, language: SheetLanguage): string | null => formatCalendarDate(iso, LOCALES[language]);

/**
 * Whether who evaluated is left out: while a blind evaluation is open (the names of the images' makers are hidden
 * then too). The sheet's header and `iqs report evaluation(s)` follow it.
 */
export const evaluatorHidden = (evaluation: { readonly blind: boolean; readonly status: string }): boolean =>
  evaluation.blind && evaluation.status === 'open';

/** The answer as people read it: the form's label for it, else yes/no/n.a. in words, else the value itself. */
export function answerLabel(row: EvaluationAnswerRow, language: SheetLanguage): string {
  if (row.value === null) return '';
  const label = inLanguage(language, row.answer_label_nl, row.answer_label_en);
  if (label) return label;
  const words = WORDS[language];
  if (row.criterion_kind === 'yes_no_na' && (row.value === 'yes' || row.value === 'no' || row.value === 'na')) return words[row.value];
  return row.value;
}

export function sheetRows(rows: readonly EvaluationAnswerRow[], language: SheetLanguage): SheetRow[] {
  return rows.map((row) => ({
    itemId: row.item_id,
    position: row.item_position,
    state: row.item_state,
    // a procedure by its name (an empty name counts as none), else its code
    procedure:
      inLanguage(language, row.procedure_name_nl || null, row.procedure_name_en || null) ??
      row.procedure_code ??
      WORDS[language].unknownProcedure,
    view: row.view_position ?? '',
    date: row.study_date ?? '',
    room: row.room ?? '',
    criterion: inLanguage(language, row.criterion_label_nl, row.criterion_label_en) ?? row.criterion_code,
    answer: answerLabel(row, language),
    met: row.met,
    remark: row.remark ?? '',
  }));
}

/** The period of the evaluation's filter: "1 Jan 2026 – 30 Jun 2026", "from …", "up to …", "every date". */
export function sheetPeriod(from: string | null, to: string | null, language: SheetLanguage): string {
  const words = WORDS[language];
  const f = sheetDate(from, language);
  const t = sheetDate(to, language);
  if (f && t) return fill(words.period, { from: f, to: t });
  if (f) return fill(words.periodFrom, { from: f });
  if (t) return fill(words.periodTo, { to: t });
  return words.periodAll;
}

export function sheetHeader(sheet: EvaluationSheetData, language: SheetLanguage, today: string): SheetHeader {
  return {
    site: sheet.siteName ?? '',
    evaluation: sheet.name,
    kind: WORDS[language].use[sheet.use],
    evaluator: evaluatorHidden(sheet) ? null : sheet.evaluatorName,
    period: sheetPeriod(sheet.from, sheet.to, language),
    printed: sheetDate(today, language) ?? today,
  };
}
