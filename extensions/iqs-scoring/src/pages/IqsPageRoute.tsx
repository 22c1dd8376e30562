import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { Language } from '../i18n/translator';
import type { IqsPagePort } from '../ports';
import { imagesWaitForSignIn } from '../viewer/dicomwebAuthorization';
import { IqsPage } from './IqsPage';

/** The IQS page as the /iqs route shows it: IQS uses its backend while the page is shown. */
export function IqsPageRoute({ iqs, language }: { iqs: IqsPagePort; language: Language }) {
  const account = useStore(iqs.stores.account);
  useEffect(() => iqs.connect(), [iqs]);
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
      indicators={iqs.indicators?.() ?? null}
      language={language}
      signInFor={imagesWaitForSignIn() ? 'images' : null}
    />
  );
}
