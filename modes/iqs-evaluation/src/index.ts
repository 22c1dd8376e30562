import { createTranslator, detectLanguage, MODE_ID } from '@iqs/extension-scoring';
import { type BasicModeInstance, buildModeInstance } from './buildModeInstance';

interface ModeFactoryParams {
  readonly modeConfiguration?: unknown;
  readonly loadModules: (names: string[]) => Promise<Array<{ modeInstance?: BasicModeInstance } | undefined>>;
}

const BASIC_MODE = '@ohif/mode-basic';

/**
 * The IQS evaluation mode. OHIF awaits modeFactory at start-up: an exception there would stop the whole viewer,
 * so a failure is logged and the mode left out (the study list then simply has no IQS button).
 */
async function modeFactory({ loadModules }: ModeFactoryParams) {
  try {
    const [basic] = await loadModules([BASIC_MODE]);
    if (!basic?.modeInstance) throw new Error(`${BASIC_MODE} did not load`);
    return buildModeInstance(basic.modeInstance, {
      // the extension is built next to this module (see platform/viewer's build)
      extensionUrl: new URL('./extension.mjs', import.meta.url).href,
      displayName: createTranslator(detectLanguage()).t('modeName'),
    });
  } catch (error) {
    console.error('[IQS] the IQS evaluation mode could not be set up; the viewer runs without it.', error);
    return null;
  }
}

export default { id: MODE_ID, modeFactory };
