/**
 * An evaluation's summary on a page of its own, full width (/iqs?summary=<evaluation id>), rather than squeezed into
 * the viewer's side panel, and the one place of its CSV and print (the narrow summaries link here): the summary
 * (criteria, grades, images with faults that open in the viewer), and a toolbar that print leaves out: Back to IQS,
 * Download CSV (one row per image and criterion), Print / Save as PDF. Printing prints the print sheet alone
 * (@iqs/domain evaluationSheet.ts: A4 pages with the site, evaluation, evaluator, period and print date at the top,
 * "page n of m" at the bottom). The database decides who may read it.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  type EvaluationSummary,
  evaluationRowsCsv,
  evaluationSheetBodyHtml,
  evaluationSheetStyles,
  sheetHeader,
  sheetRows,
} from '@iqs/domain';
import { createTranslator, type Language } from '../i18n/translator';
import type { EvaluationSheetData, IqsPageData, LessonData } from '../ports';
import { EvaluationSummaryView } from '../ui/EvaluationSummaryView';
import { ensureStyles } from '../ui/styles';
import { csvFileName } from './MyEvaluationsSection';

/** The address of an evaluation's summary page. */
export function summaryAddress(evaluationId: string): string {
  return `/iqs?${new URLSearchParams({ summary: evaluationId }).toString()}`;
}

/** null: the address asks for no summary; '': it asks for one but names none */
export function readSummaryQuery(search: string): string | null {
  const id = new URLSearchParams(search).get('summary');
  if (id === null) return null;
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id : '';
}

// the quality reports' print rules (ui/styles.ts) print only .iqs-reports-paper while <html> has this class
const PRINT_CLASS = 'iqs-print-report';

type Shown =
  | { readonly status: 'loading' }
  | { readonly status: 'done'; readonly summary: EvaluationSummary; readonly sheet: EvaluationSheetData | null }
  | { readonly status: 'error'; readonly message: string };

export interface EvaluationSummaryPageProps {
  /** the evaluation's id; '' when the address names none */
  readonly evaluationId: string;
  /** null: not signed in or no backend */
  readonly data: IqsPageData | null;
  readonly language: Language;
  readonly lessons?: LessonData | null;
  readonly today: string;
  readonly onDownload: (fileName: string, text: string) => void;
  readonly onPrint?: () => void;
  readonly onBack: () => void;
}

export function EvaluationSummaryPage(props: EvaluationSummaryPageProps) {
  const { evaluationId, data, language, lessons = null, today, onDownload, onPrint = () => window.print(), onBack } = props;
  const translator = useMemo(() => createTranslator(language), [language]);
  const { t } = translator;
  const [shown, setShown] = useState<Shown>({ status: 'loading' });
  useEffect(() => ensureStyles(), []);
  useEffect(() => {
    document.documentElement.classList.add(PRINT_CLASS);
    return () => document.documentElement.classList.remove(PRINT_CLASS);
  }, []);

  useEffect(() => {
    if (!data || !evaluationId) return undefined;
    let live = true;
    setShown({ status: 'loading' });
    Promise.all([
      data.evaluationSummary(evaluationId),
      data.evaluationSheet ? data.evaluationSheet(evaluationId) : Promise.resolve(null),
    ]).then(
      ([summary, sheet]) => live && setShown({ status: 'done', summary, sheet }),
      (error: unknown) => live && setShown({ status: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [data, evaluationId]);

  const done = shown.status === 'done' ? shown : null;
  const sheet = done?.sheet ?? null;
  const rows = useMemo(() => (sheet ? sheetRows(sheet.rows, translator.language) : []), [sheet, translator]);
  const header = useMemo(() => (sheet ? sheetHeader(sheet, translator.language, today) : null), [sheet, translator, today]);

  const record = (format: 'csv' | 'print'): void => {
    data?.recordExport(evaluationId, format).catch((error: unknown) => console.error('[IQS] the export could not be recorded', error));
  };
  const downloadCsv = (): void => {
    if (!sheet) return;
    onDownload(csvFileName(sheet.name), evaluationRowsCsv(sheet.name, rows, language));
    record('csv');
  };
  const print = (): void => {
    if (!sheet) return;
    onPrint();
    record('print');
  };

  const status = !evaluationId ? 'bad-address' : !data ? 'signed-out' : shown.status;
  return (
    <div className="iqs-page iqs-e-summary-page" data-iqs-page="summary" data-status={status} lang={language}>
      <div className="iqs-reports-toolbar iqs-e-summary-toolbar" role="toolbar" aria-label={t('summary.title')}>
        <button type="button" className="iqs-secondary" onClick={onBack} data-iqs-action="back">
          {t('summaryPage.back')}
        </button>
        <span className="iqs-spacer" />
        <button type="button" className="iqs-secondary" disabled={!sheet} onClick={downloadCsv} data-iqs-action="sheet-csv">
          {t('summaryPage.csv')}
        </button>
        <button type="button" className="iqs-primary" disabled={!sheet} onClick={print} data-iqs-action="sheet-print">
          {t('summaryPage.print')}
        </button>
      </div>
      {!evaluationId && (
        <p className="iqs-reports-message iqs-error" role="alert">
          {t('summaryPage.badAddress')}
        </p>
      )}
      {evaluationId && !data && <p className="iqs-reports-message iqs-message">{t('summaryPage.signIn')}</p>}
      {evaluationId && data && shown.status === 'loading' && <p className="iqs-reports-message iqs-message">{t('summaryPage.loading')}</p>}
      {evaluationId && data && shown.status === 'error' && (
        <p className="iqs-reports-message iqs-error" role="alert" data-iqs-error="summary">
          {t('summaryPage.failed')} {shown.message}
        </p>
      )}
      {done && !sheet && <p className="iqs-reports-message iqs-hint">{t('summaryPage.noSheet')}</p>}
      {done && data && (
        <div className="iqs-e-summary-wide">
          <EvaluationSummaryView
            summary={done.summary}
            evaluationName={sheet?.name}
            use={sheet?.use}
            language={language}
            wide
            lessons={lessons}
            onOpenItem={(itemId) => data.openEvaluation(evaluationId, itemId)}
          />
        </div>
      )}
      {done && sheet && header && (
        <>
          <style>{evaluationSheetStyles(header, language)}</style>
          {/* the renderer's HTML: every text in it is escaped (packages/domain/src/evaluationSheet.ts) */}
          <div
            className="iqs-reports-paper iqs-e-sheet"
            data-iqs-sheet={evaluationId}
            dangerouslySetInnerHTML={{ __html: evaluationSheetBodyHtml(done.summary, header, rows, language) }}
          />
        </>
      )}
    </div>
  );
}
