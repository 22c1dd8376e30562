import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { createTranslator, type Language } from '../i18n/translator';
import type { IqsPanelPort } from '../ports';
import { AccountSection } from '../ui/AccountSection';
import { ensureStyles } from '../ui/styles';
import { ImageFactsView } from './ImageFactsPanel';

/** The IQS panel on the right of the viewer: the user's IQS account (and the way to the IQS page), then the facts of the active image. */
export function IqsPanel({ iqs, language }: { iqs: IqsPanelPort; language: Language }) {
  const account = useStore(iqs.stores.account);
  const image = useStore(iqs.stores.activeImage);
  const translator = useMemo(() => createTranslator(language), [language]);
  useEffect(() => ensureStyles(), []);
  return (
    <div className="iqs-panel-root">
      <div className="iqs-panel">
        <AccountSection account={account} backend={iqs.account} translator={translator} onOpenPage={() => iqs.openIqsPage()} />
      </div>
      <ImageFactsView state={image} language={language} />
    </div>
  );
}
