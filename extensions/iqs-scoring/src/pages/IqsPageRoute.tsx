import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { Language } from '../i18n/translator';
import type { IqsPagePort } from '../ports';
import { imagesWaitForSignIn } from '../viewer/dicomwebAuthorization';
import { IqsPage } from './IqsPage';
import { useLanguage } from '../ui/LanguageSwitch';
// a quality report shows alone (/iqs?report=…, issue 13)
import { ReportPage } from '../reports/ReportPage';
import { readReportQuery } from '../reports/reportQuery';
import { downloadText } from '../browser/downloadText';
import { navigateTo } from '../browser/navigation';
// an evaluation's summary shows alone, full width (/iqs?summary=…, issue 14)
import { EvaluationSummaryPage, readSummaryQuery } from './EvaluationSummaryPage';

/** The IQS page as the /iqs route shows it: IQS uses its backend while the page is shown. */
export function IqsPageRoute({ iqs, language: given }: { iqs: IqsPagePort; language: Language }) {
  // the language switch on the page: the page (and the report) re-render in the chosen language at once
  const language = useLanguage(given);
  const account = useStore(iqs.stores.account);
  useEffect(() => iqs.connect(), [iqs]);
  // the address decides: a report alone, or the page (followed as the viewer's router moves)
  const [search, setSearch] = useState(() => window.location.search);
  useEffect(() => {
    const follow = () => setSearch(window.location.search);
    window.addEventListener('popstate', follow);
    return () => window.removeEventListener('popstate', follow);
  }, []);
  const summaryQuery = readSummaryQuery(search);
  if (summaryQuery !== null) {
    const signedIn = account.status === 'signed-in';
    return (
      <EvaluationSummaryPage
        evaluationId={summaryQuery}
        data={signedIn ? iqs.pageData() : null}
        lessons={signedIn ? (iqs.lessons?.() ?? null) : null}
        language={language}
        today={new Date().toISOString().slice(0, 10)}
        onDownload={downloadText}
        onBack={() => navigateTo('/iqs')}
      />
    );
  }
  const reportQuery = readReportQuery(search);
  if (reportQuery) {
    const signedIn = account.status === 'signed-in' ? account.profile : null;
    return (
      <ReportPage
        query={reportQuery}
        data={signedIn ? (iqs.reports?.() ?? null) : null}
        viewer={signedIn ? { personId: signedIn.personId, role: signedIn.role } : null}
        language={language}
        onDownload={downloadText}
        onBack={() => navigateTo('/iqs')}
      />
    );
  }
  return (
    <IqsPage
      account={account}
      backend={iqs.account}
      data={iqs.pageData()}
      rejectWorklist={iqs.rejectWorklist()}
      doseData={iqs.doseData?.() ?? null}
      lessons={iqs.lessons?.() ?? null}
      actions={iqs.actions?.() ?? null}
      coverage={iqs.coverage?.() ?? null}
      scoringForms={iqs.scoringForms?.() ?? null}
      indicators={iqs.indicators?.() ?? null}
      reports={iqs.reports?.() ?? null}
      language={language}
      signInFor={imagesWaitForSignIn() ? 'images' : null}
    />
  );
}
