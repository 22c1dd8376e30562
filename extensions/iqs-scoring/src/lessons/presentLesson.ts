/**
 * The lesson mode's work, started from its onModeEnter through the IQS service (enterLessonMode): the runtime loads
 * the lesson named in the URL, the viewport navigator shows its images (as an evaluation's are shown), the
 * presentation floats over the viewer, and the keys move through it. The returned function stops all of it.
 */
import type { Translator } from '../i18n/translator';
import type { AccountActions, AccountState } from '../ports';
import { createImageNavigator, ImageNotFoundError, ohifCornerstone } from '../viewer/imageNavigator';
import type { ExtensionManager, OhifServices } from '../viewer/ohifTypes';
import type { StoreApi } from 'zustand/vanilla';
import { listenToLessonKeys } from './lessonKeys';
import type { LessonPresentationRuntime } from './lessonPresentationRuntime';
import { mountLessonPresentation } from './lessonPresentationView';

/** how long an image may take to appear in the viewer before it counts as not in the PACS */
export const LESSON_IMAGE_TIMEOUT_MS = 20_000;

export interface PresentLessonOptions {
  readonly runtime: LessonPresentationRuntime;
  readonly services: OhifServices;
  readonly extensionManager: ExtensionManager | null;
  readonly search: string;
  readonly account: StoreApi<AccountState>;
  readonly accountActions: AccountActions | null;
  readonly translator: Translator;
  readonly openIqsPage: () => void;
}

export function isImageMissing(error: unknown): boolean {
  return error instanceof ImageNotFoundError;
}

export function presentLesson(options: PresentLessonOptions): () => void {
  const navigator = createImageNavigator(options.services, ohifCornerstone(options.extensionManager));
  options.runtime.enter(options.search, {
    show: (image) => navigator.show(image, { timeoutMs: LESSON_IMAGE_TIMEOUT_MS }),
    prefetch: (image) => navigator.prefetch(image),
    dispose: () => navigator.dispose(),
  });
  const unmount = mountLessonPresentation({
    state: options.runtime.state,
    actions: options.runtime,
    account: options.account,
    accountActions: options.accountActions,
    translator: options.translator,
    openIqsPage: options.openIqsPage,
  });
  const stopKeys = listenToLessonKeys(options.runtime);
  return () => {
    stopKeys();
    options.runtime.leave();
    unmount();
  };
}
