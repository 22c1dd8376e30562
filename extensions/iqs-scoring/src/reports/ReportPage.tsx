/**
 * A quality report on a page of its own (/iqs?report=department|personal&…): the report as the renderer makes it
 * (@iqs/domain: the same HTML the command line prints to PDF), and above it a toolbar that print leaves out: Print /
 * Save as PDF (the browser's print: A4 pages from the report's @page rules), Download CSV, Back to IQS, and the
 * recommendations editor for those who may write them (the database decides; quality officers and admins, and for a
 * personal report its person). The database decides who sees which report: a refusal reads as such.
 */
import { useEffect, useMemo, useState } from 'react';
import { reportBodyHtml, reportCsv, reportDocument, reportStyles, type QualityReport } from '@iqs/domain';
import { createTranslator, type Language } from '../i18n/translator';
import type { IqsRole } from '../ports';
import { ensureStyles } from '../ui/styles';
import type { ReportData, ReportRequest } from './reportsPorts';
import type { ReportQuery } from './reportQuery';

export interface ReportPageProps {
  readonly query: ReportQuery;
  /** null: not signed in or no backend */
  readonly data: ReportData | null;
  readonly viewer: { readonly personId: string; readonly role: IqsRole } | null;
  readonly language: Language;
  readonly onPrint?: () => void;
  readonly onDownload: (fileName: string, text: string) => void;
  readonly onBack: () => void;
}

type Shown =
  | { readonly status: 'loading' }
  | { readonly status: 'done'; readonly report: QualityReport }
  | { readonly status: 'error'; readonly forbidden: boolean; readonly message: string };

const MAX_RECOMMENDATIONS = 8000;
const PRINT_CLASS = 'iqs-print-report';

function fileName(request: ReportRequest, report: QualityReport): string {
  const who = report.kind === 'personal' ? `-${report.person.display_name.replace(/[^\p{L}\p{N}]+/gu, '-')}` : '';
  return `iqs-${request.kind}${who}-${request.from}-${request.to}.csv`;
}

export function ReportPage({ query, data, viewer, language, onPrint = () => window.print(), onDownload, onBack }: ReportPageProps) {
  const { t } = useMemo(() => createTranslator(language), [language]);
  const request = query.ok ? query.request : null;
  const [revision, setRevision] = useState(0);
  const [shown, setShown] = useState<Shown>({ status: 'loading' });
  const [draft, setDraft] = useState<string | null>(null);
  const [saved, setSaved] = useState<'idle' | 'saving' | 'saved' | { readonly failed: string }>('idle');
  useEffect(() => ensureStyles(), []);
  // while a report shows, printing prints the report alone (ui/styles.ts: the page's other print rules stand aside)
  useEffect(() => {
    document.documentElement.classList.add(PRINT_CLASS);
    return () => document.documentElement.classList.remove(PRINT_CLASS);
  }, []);

  useEffect(() => {
    if (!request || !data) return;
    let live = true;
    setShown({ status: 'loading' });
    const load =
      request.kind === 'department'
        ? data.departmentReport(request.from, request.to)
        : data.personalReport(request.person as string, request.from, request.to);
    load.then(
      (report) => live && setShown({ status: 'done', report }),
      (error: unknown) => {
        if (!live) return;
        const code = (error as { code?: string | null }).code;
        setShown({ status: 'error', forbidden: code === '42501', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      live = false;
    };
    // the request's fields are the dependencies: the query is a new object at every render of the route
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, request?.kind, request?.person, request?.from, request?.to, revision]);

  const doc = shown.status === 'done' ? reportDocument(shown.report, language) : null;
  const mayWrite =
    !!viewer &&
    !!request &&
    (viewer.role === 'quality_officer' || viewer.role === 'admin' || (request.kind === 'personal' && request.person === viewer.personId));
  const text = draft ?? (shown.status === 'done' ? shown.report.recommendations.text : '');
  const tooLong = text.length > MAX_RECOMMENDATIONS;

  async function save() {
    if (!data || !request || tooLong) return;
    setSaved('saving');
    try {
      await data.saveRecommendations(request.kind, request.person, request.from, request.to, text);
      setSaved('saved');
      setDraft(null);
      setRevision((n) => n + 1);
    } catch (error) {
      setSaved({ failed: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <div
      className="iqs-page iqs-reports-page"
      data-iqs-page="report"
      data-status={!request ? 'bad-address' : !data ? 'signed-out' : shown.status}
      lang={language}
    >
      <div className="iqs-reports-toolbar" role="toolbar" aria-label={t('report.title')}>
        <button type="button" className="iqs-secondary" onClick={onBack} data-cy="report-back">
          {t('report.back')}
        </button>
        <span className="iqs-spacer" />
        <button
          type="button"
          className="iqs-secondary"
          disabled={shown.status !== 'done'}
          onClick={() =>
            shown.status === 'done' && request && onDownload(fileName(request, shown.report), reportCsv(shown.report, language))
          }
          data-cy="report-csv"
        >
          {t('report.csv')}
        </button>
        <button type="button" className="iqs-primary" disabled={shown.status !== 'done'} onClick={onPrint} data-cy="report-print">
          {t('report.print')}
        </button>
      </div>
      {!request && (
        <p className="iqs-reports-message iqs-error" role="alert">
          {t('report.badAddress')}
        </p>
      )}
      {request && !data && <p className="iqs-reports-message iqs-message">{t('report.signIn')}</p>}
      {request && data && shown.status === 'loading' && <p className="iqs-reports-message iqs-message">{t('report.loading')}</p>}
      {request && data && shown.status === 'error' && (
        <p className="iqs-reports-message iqs-error" role="alert" data-cy="report-error">
          {shown.forbidden ? t('report.forbidden') : `${t('report.failed')}: ${shown.message}`}
        </p>
      )}
      {doc && mayWrite && (
        <div className="iqs-reports-editor" data-cy="report-recommendations-editor">
          <label className="iqs-field">
            <span>{t('report.recommendations')}</span>
            <textarea
              value={text}
              rows={4}
              aria-invalid={tooLong}
              aria-describedby="iqs-reports-recommendations-help"
              onChange={(event) => {
                setDraft(event.target.value);
                setSaved('idle');
              }}
              data-cy="report-recommendations"
            />
          </label>
          <p id="iqs-reports-recommendations-help" className="iqs-hint">
            {tooLong ? t('report.tooLong') : t('report.recommendationsHelp')}
          </p>
          <button
            type="button"
            className="iqs-secondary"
            disabled={tooLong || saved === 'saving' || draft === null}
            onClick={save}
            data-cy="report-save"
          >
            {t('report.save')}
          </button>{' '}
          {saved === 'saved' && <span className="iqs-message">{t('report.saved')}</span>}
          {typeof saved === 'object' && (
            <span className="iqs-error" role="alert">
              {t('report.saveFailed')}: {saved.failed}
            </span>
          )}
        </div>
      )}
      {doc && (
        <>
          <style>{reportStyles(doc)}</style>
          {/* the renderer's HTML: every text in it is escaped (qualityReportHtml.ts) */}
          <div className="iqs-reports-paper" data-cy="report" dangerouslySetInnerHTML={{ __html: reportBodyHtml(doc) }} />
        </>
      )}
    </div>
  );
}
