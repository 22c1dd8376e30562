import { useEffect, useMemo, useState } from 'react';
import { createTranslator, type Language } from '../i18n/translator';
import { AccountSection } from '../ui/AccountSection';
import { LanguageSwitch } from '../ui/LanguageSwitch';
import { ensureStyles } from '../ui/styles';
import type { AccountActions, AccountState, IqsPageData } from '../ports';
import { downloadBytes, downloadText } from '../browser/downloadText';
import { MyEvaluationsSection } from './MyEvaluationsSection';
import { navigateTo } from '../browser/navigation';
import { StartEvaluationSection } from './StartEvaluationSection';
import type { ChartRenderer } from './statistics';
import { StatisticsSection } from './StatisticsSection';
// the reject analysis (pillar 1)
import { RejectAnalysisSection } from './RejectAnalysisSection';
// rejected images: the signed-in person's rejects to explain (the reject worklist)
import type { RejectWorklistPageData } from '../ports';
import { RejectsToExplainSection } from './RejectsToExplainSection';
// the dose analysis and the reference values (pillar 3)
import type { DoseAnalysisData, DoseReferenceData } from '../ports';
import { DoseAnalysisSection } from './DoseAnalysisSection';
import { DoseReferencesSection } from './DoseReferencesSection';
// clinical lessons (issue 13)
import type { LessonData } from '../ports';
import { LessonsSection } from '../lessons/LessonsSection';
// follow-up actions (issue 13)
import type { ActionData } from '../ports';
import { ActionsSection } from '../actions/ActionsSection';
// the yearly coverage plan (issue 13)
import type { CoverageData } from '../ports';
import { CoverageSection } from '../coverage/CoverageSection';
// the scoring forms' editor (issue 14)
import type { ScoringFormData } from '../ports';
import { FormsSection } from '../forms/FormsSection';
// the visitatie indicators (issue 13)
import type { IndicatorData } from '../ports';
import { IndicatorsSection } from '../indicators/IndicatorsSection';
// the quality reports (issue 13)
import type { ReportData } from '../ports';
import { ReportsSection } from '../reports/ReportsSection';

export interface IqsPageProps {
  readonly account: AccountState;
  readonly backend: AccountActions | null;
  /** null when IQS runs without its backend: the page then says so (through the account section) */
  readonly data: IqsPageData | null;
  readonly language: Language;
  /** draws the statistics charts; Chart.js unless given */
  readonly chartRenderer?: ChartRenderer;
  /** save a file (the reject analysis's or indicators' CSV); a browser download unless given */
  readonly onDownload?: (fileName: string, text: string) => void;
  /** print the reject analysis (its print rules keep only that section); window.print unless given */
  readonly onPrint?: () => void;
  /** today (YYYY-MM-DD), for default evaluation names */
  readonly today?: string;
  /** how long the live count waits after the last change (ms) */
  readonly countDelayMs?: number;
  /** 'images': the viewer sent the user here to sign in before it shows images (IQS on a network) */
  readonly signInFor?: 'images' | null;
  /** the signed-in person's rejects to explain; none: the section is not shown */
  readonly rejectWorklist?: RejectWorklistPageData | null;
  /** the dose analysis and the reference values; none: their sections are not shown */
  readonly doseData?: (DoseAnalysisData & DoseReferenceData) | null;
  /** follow-up actions (the section, and "Follow-up action" beside the analyses and summaries); none: not offered */
  readonly actions?: ActionData | null;
  /** clinical lessons (the section, and "Add to lesson" in the drill-downs and summaries); none: not offered */
  readonly lessons?: LessonData | null;
  /** save a binary file (a lesson's KOS); a browser download unless given */
  readonly onDownloadBytes?: (fileName: string, bytes: Uint8Array) => void;
  /** go to another route of the viewer (a lesson's presentation); the browser history unless given */
  readonly onNavigate?: (path: string) => void;
  /** the yearly coverage plan; none: the section is not shown */
  readonly coverage?: CoverageData | null;
  /** the scoring forms and their editor (admins); none: the section is not shown */
  readonly scoringForms?: ScoringFormData | null;
  /** the visitatie indicators; none: the section is not shown */
  readonly indicators?: IndicatorData | null;
  /** the quality reports' launcher; none: the section is not shown */
  readonly reports?: ReportData | null;
}

function isoToday(): string {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * The IQS page (/iqs): start an evaluation, continue or look back at one's evaluations, and the statistics: "my
 * results" for radiographers and reviewers, "quality analysis" for quality officers and admins. Signed out, it
 * shows the sign-in form.
 */
export function IqsPage(props: IqsPageProps) {
  const {
    account,
    backend,
    data,
    language,
    chartRenderer,
    onDownload = downloadText,
    onPrint = () => window.print(),
    today = isoToday(),
    countDelayMs = 350,
    rejectWorklist = null,
    doseData = null,
    actions = null,
    lessons = null,
    onDownloadBytes = downloadBytes,
    onNavigate = navigateTo,
    coverage = null,
    scoringForms = null,
    indicators = null,
    reports = null,
  } = props;
  const translator = useMemo(() => createTranslator(language), [language]);
  const { t } = translator;
  const [reloadToken, setReloadToken] = useState(0);
  const [doseRevision, setDoseRevision] = useState(0);
  useEffect(() => ensureStyles(), []);

  const signedIn = account.status === 'signed-in' ? account : null;
  return (
    <div className="iqs-page" data-iqs-page="iqs" lang={language}>
      <header className="iqs-page-header">
        <h1>{t('page.title')}</h1>
        <a
          href="/"
          onClick={(event) => {
            event.preventDefault();
            navigateTo('/');
          }}
        >
          {t('page.studyList')}
        </a>
        {/* evaluation polish: language switch (part K) */}
        <LanguageSwitch translator={translator} />
      </header>
      <div className="iqs-page-grid">
        <div className="iqs-card iqs-card-wide" data-iqs-section="account">
          <div className="iqs-panel">
            <AccountSection account={account} backend={backend} translator={translator} />
            {!signedIn && account.status === 'signed-out' && (
              <p className="iqs-message" data-iqs-sign-in-for={props.signInFor ?? 'evaluations'}>
                {t(props.signInFor === 'images' ? 'page.signInForImages' : 'page.signInFirst')}
              </p>
            )}
          </div>
        </div>
        {signedIn && !data && <p className="iqs-message iqs-card iqs-card-wide">{t('page.noData')}</p>}
        {signedIn && rejectWorklist && <RejectsToExplainSection data={rejectWorklist} translator={translator} />}
        {signedIn && data && (
          <>
            <StartEvaluationSection
              data={data}
              role={signedIn.profile.role}
              personId={signedIn.profile.personId}
              translator={translator}
              today={today}
              countDelayMs={countDelayMs}
              onStarted={() => setReloadToken((n) => n + 1)}
            />
            <MyEvaluationsSection
              data={data}
              translator={translator}
              reloadToken={reloadToken}
              lessons={lessons}
              actions={actions}
              actionsForAnyone={signedIn.profile.role === 'quality_officer' || signedIn.profile.role === 'admin'}
            />
            <StatisticsSection
              data={data}
              scope={signedIn.profile.role === 'quality_officer' || signedIn.profile.role === 'admin' ? 'quality' : 'mine'}
              translator={translator}
              chartRenderer={chartRenderer}
            />
            <RejectAnalysisSection
              data={data}
              role={signedIn.profile.role}
              translator={translator}
              chartRenderer={chartRenderer}
              onDownload={onDownload}
              onPrint={onPrint}
              today={today}
              lessons={lessons}
              actions={actions}
            />
            {doseData && (
              <DoseAnalysisSection
                data={doseData}
                lists={data}
                role={signedIn.profile.role}
                translator={translator}
                chartRenderer={chartRenderer}
                revision={doseRevision}
                lessons={lessons}
                actions={actions}
              />
            )}
            {doseData && (signedIn.profile.role === 'admin' || signedIn.profile.role === 'quality_officer') && (
              <DoseReferencesSection
                data={doseData}
                role={signedIn.profile.role}
                translator={translator}
                today={today}
                onChanged={() => setDoseRevision((n) => n + 1)}
              />
            )}
            {/* evaluation polish: scoring forms editor (part F) */}
            {scoringForms && signedIn.profile.role === 'admin' && <FormsSection data={scoringForms} translator={translator} />}
            {/* the quality cycle (issue 13), in this order: lessons, follow-up actions, coverage plan, indicators, reports */}
            {lessons && (
              <LessonsSection
                lessons={lessons}
                translator={translator}
                onNavigate={onNavigate}
                onDownloadBytes={onDownloadBytes}
                actions={actions}
                actionsForAnyone={signedIn.profile.role === 'quality_officer' || signedIn.profile.role === 'admin'}
              />
            )}
            {actions && <ActionsSection actions={actions} data={data} role={signedIn.profile.role} translator={translator} today={today} />}
            {coverage && (
              <CoverageSection
                coverage={coverage}
                data={data}
                role={signedIn.profile.role}
                personId={signedIn.profile.personId}
                siteId={signedIn.profile.siteId}
                translator={translator}
                today={today}
              />
            )}
            {indicators && <IndicatorsSection data={indicators} translator={translator} today={today} onDownload={onDownload} />}
            {reports && (
              <ReportsSection
                reports={reports}
                role={signedIn.profile.role}
                personId={signedIn.profile.personId}
                translator={translator}
                today={today}
                onNavigate={onNavigate}
              />
            )}
          </>
        )}
      </div>
    </div>
  );
}
