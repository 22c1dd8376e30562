import { useStore } from 'zustand';
import { getBackend } from '../data/backend';
import type { Language } from '../i18n/translator';
import { accountStore } from '../state/accountStore';
import { IqsPage } from './IqsPage';
import { getIqsPageData } from './iqsPageData';

/** The IQS page as the /iqs route shows it: the account from its store, the backend and data from start-up. */
export function IqsPageRoute({ language }: { language: Language }) {
  const account = useStore(accountStore);
  return <IqsPage account={account} backend={getBackend()} data={getIqsPageData()} language={language} />;
}
