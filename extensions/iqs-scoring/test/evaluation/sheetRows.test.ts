/**
 * The summary page's sheet rows and header come from @iqs/domain (evaluationSheetRows.ts, shared with the CLI's
 * `iqs report evaluation`). Its words must be the page's messages, and its names and dates the page's display rules
 * (ui/display.ts), so the page's CSV and print sheet stay what they were. The rules are written here with display.ts
 * and the translator, the way the page named things before the move, and compared case by case in nl and en.
 */
import {
  answerLabel,
  type EvaluationAnswerRow,
  type EvaluationSheetData,
  sheetHeader,
  sheetPeriod,
  sheetRows,
  sheetWords,
} from '@iqs/domain';
import { createTranslator, type Language } from '../../src/i18n/translator';
import { formatDate, inLanguage, procedureName, translated, USE_KEYS } from '../../src/ui/display';

const row = (over: Partial<EvaluationAnswerRow>): EvaluationAnswerRow => ({
  item_id: 'i1',
  item_position: 1,
  item_state: 'scored',
  study_date: '2026-03-02',
  modality: 'DX',
  view_position: 'PA',
  procedure_code: 'thorax',
  procedure_name_nl: 'Thorax',
  procedure_name_en: 'Chest X-ray',
  room: 'Kamer 1',
  criterion_code: 'collimation',
  criterion_position: 1,
  criterion_kind: 'yes_no_na',
  criterion_label_nl: 'Collimatie',
  criterion_label_en: 'Collimation',
  value: 'yes',
  answer_label_nl: null,
  answer_label_en: null,
  met: true,
  remark: null,
  ...over,
});

const ROWS: EvaluationAnswerRow[] = [
  row({}),
  row({ value: 'no', met: false, remark: 'te hoog' }),
  row({ value: 'na', met: null }),
  row({ value: null, met: null, item_state: 'to_do', study_date: null, view_position: null, room: null }),
  row({ criterion_kind: 'scale', value: '3', answer_label_nl: 'Goed', answer_label_en: null, met: true }),
  row({ criterion_kind: 'scale', value: '2', answer_label_nl: null, answer_label_en: 'Fair', met: false }),
  row({ criterion_kind: 'grade', value: 'B', met: null }),
  row({ procedure_name_nl: '', procedure_name_en: '', procedure_code: 'knie' }),
  row({ procedure_name_nl: null, procedure_name_en: 'Knee', procedure_code: 'knie' }),
  row({ procedure_name_nl: null, procedure_name_en: null, procedure_code: null, item_state: 'skipped', met: null }),
];

describe.each(['nl', 'en'] as const)('sheet rows and header in %s', (language: Language) => {
  const translator = createTranslator(language);

  it('speaks the page’s words', () => {
    const words = sheetWords(language);
    expect({
      yes: words.yes,
      no: words.no,
      na: words.na,
      unknownProcedure: words.unknownProcedure,
      use: words.use,
      period: words.period,
      periodFrom: words.periodFrom,
      periodTo: words.periodTo,
      periodAll: words.periodAll,
    }).toEqual({
      yes: translator.t('answer.yes'),
      no: translator.t('answer.no'),
      na: translator.t('answer.na'),
      unknownProcedure: translator.t('common.unknownProcedure'),
      use: { self: translator.t(USE_KEYS.self), peer: translator.t(USE_KEYS.peer), quality: translator.t(USE_KEYS.quality) },
      period: translator.t('summaryPage.period'),
      periodFrom: translator.t('summaryPage.periodFrom'),
      periodTo: translator.t('summaryPage.periodTo'),
      periodAll: translator.t('summaryPage.periodAll'),
    });
  });

  it('names every row as the page’s display rules do', () => {
    const YES_NO_NA = { yes: 'answer.yes', no: 'answer.no', na: 'answer.na' } as const;
    const expected = ROWS.map((r) => {
      const label = r.value === null ? '' : inLanguage(language, r.answer_label_nl, r.answer_label_en);
      const word = r.criterion_kind === 'yes_no_na' && r.value ? YES_NO_NA[r.value as keyof typeof YES_NO_NA] : undefined;
      return {
        itemId: r.item_id,
        position: r.item_position,
        state: r.item_state,
        procedure:
          procedureName(language, { name_nl: r.procedure_name_nl, name_en: r.procedure_name_en, code: r.procedure_code }) ??
          translator.t('common.unknownProcedure'),
        view: r.view_position ?? '',
        date: r.study_date ?? '',
        room: r.room ?? '',
        criterion: inLanguage(language, r.criterion_label_nl, r.criterion_label_en) ?? r.criterion_code,
        answer: r.value === null ? '' : label || (word ? translator.t(word) : r.value),
        met: r.met,
        remark: r.remark ?? '',
      };
    });
    expect(sheetRows(ROWS, translator.language)).toEqual(expected);
    expect(ROWS.map((r) => answerLabel(r, translator.language))).toEqual(expected.map((e) => e.answer));
    // the cases are there: words, labels in either language, a bare value, the code, the unknown procedure
    expect(new Set(expected.map((e) => e.answer)).size).toBeGreaterThanOrEqual(6);
    expect(expected.map((e) => e.procedure)).toContain(translator.t('common.unknownProcedure'));
    expect(expected.map((e) => e.procedure)).toContain('knie');
  });

  it('gives the period and the header as the page’s display rules do', () => {
    const date = (iso: string) => formatDate(iso, translator.locale)!;
    expect(sheetPeriod('2026-01-01', '2026-06-30', translator.language)).toBe(
      translated(translator, 'summaryPage.period', { from: date('2026-01-01'), to: date('2026-06-30') }),
    );
    expect(sheetPeriod('2026-01-01', null, translator.language)).toBe(
      translated(translator, 'summaryPage.periodFrom', { from: date('2026-01-01') }),
    );
    expect(sheetPeriod(null, '2026-06-30', translator.language)).toBe(
      translated(translator, 'summaryPage.periodTo', { to: date('2026-06-30') }),
    );
    expect(sheetPeriod(null, null, translator.language)).toBe(translator.t('summaryPage.periodAll'));
    const sheet: EvaluationSheetData = {
      id: 'e1',
      name: 'Kwaliteitsanalyse maart',
      use: 'quality',
      status: 'closed',
      blind: true,
      siteName: 'Demo-ziekenhuis',
      evaluatorName: 'Fatima Mulder',
      from: '2026-03-01',
      to: null,
      rows: ROWS,
    };
    expect(sheetHeader(sheet, translator.language, '2026-12-04')).toEqual({
      site: 'Demo-ziekenhuis',
      evaluation: 'Kwaliteitsanalyse maart',
      kind: translator.t(USE_KEYS.quality),
      evaluator: 'Fatima Mulder',
      period: translated(translator, 'summaryPage.periodFrom', { from: date('2026-03-01') }),
      printed: date('2026-12-04'),
    });
    // blind and still open: nobody named
    expect(sheetHeader({ ...sheet, status: 'open' }, translator.language, '2026-12-04').evaluator).toBeNull();
  });
});
