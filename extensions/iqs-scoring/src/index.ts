import { getCommandsModule } from './commands/getCommandsModule';
import { getCustomizationModule } from './customizations/getCustomizationModule';
import { EXTENSION_ID } from './ids';
import { getPanelModule } from './panels/getPanelModule';
import { IqsService, type IqsServiceConfiguration } from './service/IqsService';
import { sendSessionWithDicomweb } from './viewer/dicomwebAuthorization';
import type { ExtensionParams } from './viewer/ohifTypes';

/**
 * The IQS extension for OHIF: the IQS service, the IQS panels, IQS's commands and the IQS page. It has no
 * onModeEnter: OHIF calls an extension's onModeEnter in every mode, and IQS works only in the IQS mode
 * (modes/iqs-evaluation), whose own onModeEnter starts it (IqsService.enterMode); the dose overlay items and the
 * hotkeys are applied by that mode too, so the viewer's other modes stay as they are.
 */
const extension = {
  id: EXTENSION_ID,

  /**
   * Once, when the viewer loads the extension: register the IQS service, as OHIF's own extensions register theirs.
   * It makes no connection yet: the backend named in the viewer configuration is used once IQS is (the IQS mode,
   * the IQS page); only when the images need a login does it read the session first (viewer/dicomwebAuthorization.ts).
   */
  async preRegistration({ servicesManager, appConfig }: ExtensionParams): Promise<void> {
    const configuration: IqsServiceConfiguration = { appConfig };
    servicesManager.registerService?.(IqsService.REGISTRATION, configuration);
    await sendSessionWithDicomweb({ servicesManager, appConfig });
  },

  getPanelModule,

  /** IQS's commands (the S key's), bound to keys by the IQS mode */
  getCommandsModule,

  /** the IQS page at /iqs */
  getCustomizationModule,
};

export default extension;
export { createDoseOverlayItems } from './overlay/doseOverlayItems';
export { createRejectOverlayItems } from './overlay/rejectOverlayItem';
export { lessonOverlayCustomizations } from './lessons/anonymisedViewer';
export * from './ids';
export { createTranslator } from './i18n/translator';
export { detectLanguage } from './i18n/detectLanguage';
export { iqsHotkeyBindings } from './commands/getCommandsModule';
export { getIqsService, IqsService, type EnterModeParams, type IqsServiceStatus } from './service/IqsService';
export type { HotkeyBinding } from './viewer/ohifTypes';
