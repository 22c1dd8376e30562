import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { getBackend } from '../data/backend';
import { IQS_PAGE } from '../ids';
import { createTranslator, type Language } from '../i18n/translator';
import { accountStore } from '../state/accountStore';
import { navigateTo } from '../browser/navigation';
import { activeImageStore } from '../state/activeImageStore';
import { AccountSection } from '../ui/AccountSection';
import { ImageFactsView } from './ImageFactsPanel';
import { ensureStyles } from '../ui/styles';

/** The IQS panel on the right of the viewer: the user's IQS account (and the way to the IQS page), then the facts of the active image. */
export function IqsPanel({ language }: { language: Language }) {
  const account = useStore(accountStore);
  const image = useStore(activeImageStore);
  const translator = useMemo(() => createTranslator(language), [language]);
  useEffect(() => ensureStyles(), []);
  return (
    <div className="iqs-panel-root">
      <div className="iqs-panel">
        <AccountSection account={account} backend={getBackend()} translator={translator} onOpenPage={() => navigateTo(IQS_PAGE.path)} />
      </div>
      <ImageFactsView state={image} language={language} />
    </div>
  );
}
