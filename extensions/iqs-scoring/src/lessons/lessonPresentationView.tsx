/**
 * Puts the presentation on screen over the viewer, with its own React root (our React, see bridge/reactBridge.tsx)
 * in a layer of its own: the lesson mode has no side panels, so the viewport takes the whole window and the
 * presentation's bar and cards float over it. Its styles are its own block (iqs-lessonshow-*).
 */
import { createRoot } from 'react-dom/client';
import type { StoreApi } from 'zustand/vanilla';
import { IqsErrorBoundary } from '../bridge/reactBridge';
import type { Translator } from '../i18n/translator';
import type { AccountActions, AccountState } from '../ports';
import { ensureStyles } from '../ui/styles';
import { LessonPresentation } from './LessonPresentation';
import type { LessonPresentationActions, LessonPresentationState } from './lessonPresentationRuntime';

const STYLE_ID = 'iqs-lessonshow-styles';

const CSS = `
.iqs-lessonshow { position: fixed; inset: 0; z-index: 40; pointer-events: none; font-size: 15px; color: #e6f0f8; }
.iqs-lessonshow-covered { pointer-events: auto; background: #000000; }
.iqs-lessonshow-cover { position: absolute; inset: 0; pointer-events: auto; background: #000000; }
.iqs-lessonshow-card, .iqs-lessonshow-bar { pointer-events: auto; background: rgba(6, 18, 30, 0.92); border: 1px solid #2b4d6b;
  border-radius: 8px; box-shadow: 0 4px 18px rgba(0, 0, 0, 0.5); }
.iqs-lessonshow-card { position: absolute; padding: 14px 18px; max-width: min(720px, 80vw); }
.iqs-lessonshow-centre { left: 50%; top: 45%; transform: translate(-50%, -50%); }
.iqs-lessonshow-start h2 { margin: 0 0 8px; font-size: 22px; color: #5acce6; }
.iqs-lessonshow-start p { margin: 0 0 10px; }
.iqs-lessonshow-keys { font-size: 13px; }
.iqs-lessonshow-buttons { display: flex; gap: 10px; margin: 6px 0 12px; }
.iqs-lessonshow button { padding: 6px 14px; border-radius: 5px; border: 1px solid #5acce6; background: #0e2e45; color: #ffffff;
  font: inherit; cursor: pointer; }
.iqs-lessonshow button.iqs-primary { background: #1b5e7e; font-weight: 600; }
.iqs-lessonshow button:disabled { opacity: 0.4; cursor: default; }
.iqs-lessonshow button:focus-visible { outline: 2px solid #ffd54f; outline-offset: 1px; }
.iqs-lessonshow-bar { position: absolute; left: 50%; bottom: 18px; transform: translateX(-50%); display: flex; align-items: center;
  gap: 8px; padding: 6px 10px; white-space: nowrap; }
.iqs-lessonshow-where { margin-right: 8px; }
.iqs-lessonshow-teaching { left: 50%; bottom: 74px; transform: translateX(-50%); width: min(720px, 80vw); font-size: 20px;
  line-height: 1.4; border-color: #ffd54f; }
.iqs-lessonshow-teaching h3 { margin: 0 0 6px; font-size: 13px; text-transform: uppercase; letter-spacing: 0.06em; color: #ffd54f; }
.iqs-lessonshow-teaching p { margin: 0; white-space: pre-wrap; }
.iqs-lessonshow-facts { right: 16px; top: 64px; max-width: 340px; font-size: 13px; }
.iqs-lessonshow-facts ul { margin: 6px 0 0; padding-left: 18px; }
.iqs-lessonshow-facts .iqs-lesson-status { margin-left: 8px; }
.iqs-lessonshow-facts .iqs-lesson-status-rejected { color: #ff8a80; font-weight: 600; }
`;

function ensureLessonStyles(doc: Document): void {
  ensureStyles(doc);
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  doc.head.appendChild(style);
}

export interface LessonPresentationViewProps {
  readonly state: StoreApi<LessonPresentationState>;
  readonly actions: LessonPresentationActions;
  readonly account: StoreApi<AccountState>;
  readonly accountActions: AccountActions | null;
  readonly translator: Translator;
  readonly openIqsPage: () => void;
}

/** Shows the presentation until the returned function is called. */
export function mountLessonPresentation(props: LessonPresentationViewProps, doc: Document = document): () => void {
  ensureLessonStyles(doc);
  const host = doc.createElement('div');
  host.setAttribute('data-iqs-lessonshow-host', '');
  doc.body.appendChild(host);
  const root = createRoot(host);
  root.render(
    <IqsErrorBoundary name="IQS lesson presentation" fallback={null}>
      <LessonPresentation {...props} />
    </IqsErrorBoundary>,
  );
  return () => {
    root.unmount();
    host.remove();
  };
}
