import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { createTranslator, type Language } from '../i18n/translator';
import type { IqsPanelPort } from '../ports';
import { AccountSection } from '../ui/AccountSection';
import { ensureStyles } from '../ui/styles';
import { operatorsHidden } from '../evaluation/blindness';
import { ImageFactsView } from './ImageFactsPanel';
import { RejectsPanelSection } from './RejectPanel';
import { DoseReferencePanelSection } from './DoseReferencePanel';
import { AddToLesson } from '../lessons/AddToLesson';

/**
 * The IQS panel on the right of the viewer: the user's IQS account (and the way to the IQS page), the active image's
 * reject status (the Rejected mark, its reason picker, or "Mark as rejected"), the facts of the active image (without
 * its radiographer while a blind evaluation is open), its dose
 * against the reference that applies, "Add to lesson" for the active image, and the signed-in person's rejects to
 * explain.
 */
export function IqsPanel({ iqs, language }: { iqs: IqsPanelPort; language: Language }) {
  const account = useStore(iqs.stores.account);
  const image = useStore(iqs.stores.activeImage);
  const evaluation = useStore(iqs.stores.evaluation);
  const translator = useMemo(() => createTranslator(language), [language]);
  useEffect(() => ensureStyles(), []);
  return (
    <div className="iqs-panel-root">
      <div className="iqs-panel">
        <AccountSection account={account} backend={iqs.account} translator={translator} onOpenPage={() => iqs.openIqsPage()} />
      </div>
      {account.status === 'signed-in' && <RejectsPanelSection iqs={iqs} translator={translator} part="image" />}
      <ImageFactsView state={image} language={language} operatorsHidden={operatorsHidden(evaluation)} />
      {account.status === 'signed-in' && iqs.lessons && image.status === 'image' && image.facts.sop_instance_uid && (
        <div className="iqs-panel iqs-lesson-panel" data-iqs-panel="lesson">
          <AddToLesson
            key={image.facts.sop_instance_uid}
            lessons={iqs.lessons}
            images={[{ sopInstanceUid: image.facts.sop_instance_uid }]}
            origin="viewer"
            translator={translator}
          />
        </div>
      )}
      {account.status === 'signed-in' && iqs.stores.doseReference && (
        <DoseReferencePanelSection store={iqs.stores.doseReference} translator={translator} />
      )}
      {account.status === 'signed-in' && <RejectsPanelSection iqs={iqs} translator={translator} part="list" />}
    </div>
  );
}
