import { backendConfigFrom } from './data/backendConfig';
import { configureBackend } from './data/backend';
import { getCustomizationModule } from './customizations/getCustomizationModule';
import { createIqsPageData } from './data/pageData';
import { enterEvaluation, evaluationIdFrom, leaveEvaluation } from './evaluation/evaluationRuntime';
import { detectLanguage } from './i18n/detectLanguage';
import { EVALUATION_ITEM_PARAM, EVALUATION_PARAM, EXTENSION_ID } from './ids';
import { provideIqsPageData } from './pages/iqsPageData';
import { getPanelModule } from './panels/getPanelModule';
import { ensureStyles } from './ui/styles';
import { showInstance } from './state/activeImageStore';
import { trackActiveImage } from './viewer/activeImageTracker';
import type { ExtensionManager, ExtensionParams } from './viewer/ohifTypes';

let stopTracking: (() => void) | null = null;

/**
 * The IQS extension for OHIF: the IQS panel and what feeds it. The dose overlay items are applied by the IQS
 * mode (modes/iqs-evaluation), so the viewer's other modes stay as they are.
 */
const extension = {
  id: EXTENSION_ID,

  /** Once, when the viewer loads the extension: connect to the IQS backend named in the viewer configuration. */
  preRegistration({ appConfig }: ExtensionParams): void {
    const config = backendConfigFrom(appConfig);
    if (!config) return;
    try {
      const backend = configureBackend(config);
      provideIqsPageData(() => createIqsPageData(backend.client));
    } catch (error) {
      // without a backend the panel still shows the image facts; it says sign-in is unavailable
      console.error('[IQS] could not connect to the IQS backend', error);
    }
  },

  onModeEnter({ servicesManager, extensionManager }: ExtensionParams): void {
    stopTracking?.();
    ensureStyles();
    stopTracking = trackActiveImage(servicesManager.services, showInstance);
    // /iqs-evaluation?StudyInstanceUIDs=…&iqsEvaluation=<id>: the evaluation's images are the studies loaded
    const evaluationId = evaluationIdFrom(window.location.search, EVALUATION_PARAM);
    if (evaluationId) {
      const itemId = evaluationIdFrom(window.location.search, EVALUATION_ITEM_PARAM);
      enterEvaluation({ evaluationId, itemId, services: servicesManager.services, extensionManager: (extensionManager as ExtensionManager | undefined) ?? null, language: detectLanguage() });
    }
  },

  onModeExit(): void {
    stopTracking?.();
    stopTracking = null;
    showInstance(null);
    leaveEvaluation();
  },

  getPanelModule,

  /** the IQS page at /iqs */
  getCustomizationModule,
};

export default extension;
export { createDoseOverlayItems } from './overlay/doseOverlayItems';
export * from './ids';
export { createTranslator } from './i18n/translator';
export { detectLanguage } from './i18n/detectLanguage';
