/**
 * An evaluation's answer rows and facts as the CSV and the print sheet print them: @iqs/domain evaluationSheetRows.ts
 * (shared with `iqs report evaluation`, so the CLI writes the page's CSV), called with the reader's language.
 */
import {
  answerLabel as domainAnswerLabel,
  sheetHeader as domainSheetHeader,
  sheetPeriod as domainSheetPeriod,
  sheetRows as domainSheetRows,
  type EvaluationAnswerRow,
  type EvaluationSheetData,
  type SheetHeader,
  type SheetRow,
} from '@iqs/domain';
import type { Translator } from '../i18n/translator';

/** The answer as people read it: the form's label for it, else yes/no/n.a. in words, else the value itself. */
export function answerLabel(row: EvaluationAnswerRow, translator: Translator): string {
  return domainAnswerLabel(row, translator.language);
}

export function sheetRows(rows: readonly EvaluationAnswerRow[], translator: Translator): SheetRow[] {
  return domainSheetRows(rows, translator.language);
}

/** The period of the evaluation's filter: "1 Jan 2026 – 30 Jun 2026", "from …", "up to …", "every date". */
export function sheetPeriod(from: string | null, to: string | null, translator: Translator): string {
  return domainSheetPeriod(from, to, translator.language);
}

export function sheetHeader(sheet: EvaluationSheetData, translator: Translator, today: string): SheetHeader {
  return domainSheetHeader(sheet, translator.language, today);
}
