/**
 * An evaluation's answer rows and facts as the CSV and the print sheet print them (@iqs/domain evaluationSheet.ts):
 * every name through display.ts (one name per thing), answers by their label in the reader's language, the period
 * and the print date in the reader's locale. The evaluator is left out while a blind evaluation is open.
 */
import type { SheetHeader, SheetRow } from '@iqs/domain';
import type { MessageKey } from '../i18n/messages';
import type { Translator } from '../i18n/translator';
import type { EvaluationAnswerRow, EvaluationSheetData } from '../ports';
import { formatDate, inLanguage, procedureName, translated, USE_KEYS } from './display';

const YES_NO_NA: Record<string, MessageKey> = { yes: 'answer.yes', no: 'answer.no', na: 'answer.na' };

/** The answer as people read it: the form's label for it, else yes/no/n.a. in words, else the value itself. */
export function answerLabel(row: EvaluationAnswerRow, translator: Translator): string {
  if (row.value === null) return '';
  const label = inLanguage(translator.language, row.answer_label_nl, row.answer_label_en);
  if (label) return label;
  const key = row.criterion_kind === 'yes_no_na' ? YES_NO_NA[row.value] : undefined;
  return key ? translator.t(key) : row.value;
}

export function sheetRows(rows: readonly EvaluationAnswerRow[], translator: Translator): SheetRow[] {
  const { language, t } = translator;
  return rows.map((row) => ({
    itemId: row.item_id,
    position: row.item_position,
    state: row.item_state,
    procedure:
      procedureName(language, { name_nl: row.procedure_name_nl, name_en: row.procedure_name_en, code: row.procedure_code }) ??
      t('common.unknownProcedure'),
    view: row.view_position ?? '',
    date: row.study_date ?? '',
    room: row.room ?? '',
    criterion: inLanguage(language, row.criterion_label_nl, row.criterion_label_en) ?? row.criterion_code,
    answer: answerLabel(row, translator),
    met: row.met,
    remark: row.remark ?? '',
  }));
}

/** The period of the evaluation's filter: "1 Jan 2026 – 30 Jun 2026", "from …", "up to …", "every date". */
export function sheetPeriod(from: string | null, to: string | null, translator: Translator): string {
  const { locale } = translator;
  const f = formatDate(from, locale);
  const tt = formatDate(to, locale);
  if (f && tt) return translated(translator, 'summaryPage.period', { from: f, to: tt });
  if (f) return translated(translator, 'summaryPage.periodFrom', { from: f });
  if (tt) return translated(translator, 'summaryPage.periodTo', { to: tt });
  return translator.t('summaryPage.periodAll');
}

export function sheetHeader(sheet: EvaluationSheetData, translator: Translator, today: string): SheetHeader {
  return {
    site: sheet.siteName ?? '',
    evaluation: sheet.name,
    kind: translator.t(USE_KEYS[sheet.use]),
    // blind: who evaluated is not printed while it is open (the names of the images' makers are hidden then too)
    evaluator: sheet.blind && sheet.status === 'open' ? null : sheet.evaluatorName,
    period: sheetPeriod(sheet.from, sheet.to, translator),
    printed: formatDate(today, translator.locale) ?? today,
  };
}
