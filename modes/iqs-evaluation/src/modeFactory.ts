import { createTranslator, detectLanguage } from '@iqs/extension-scoring';
import { type BasicModeInstance, buildModeInstance } from './buildModeInstance';

export interface ModeFactoryParams {
  readonly modeConfiguration?: unknown;
  readonly loadModules: (names: string[]) => Promise<Array<{ modeInstance?: BasicModeInstance } | undefined>>;
}

export const BASIC_MODE = '@ohif/mode-basic';

/**
 * OHIF awaits modeFactory at start-up: an exception there would stop the whole viewer. So a failure is logged and
 * the mode left out (OHIF skips a mode that is not an object); the study list then simply has no IQS button.
 */
export function createModeFactory(extensionUrl: string) {
  return async function modeFactory({ loadModules }: ModeFactoryParams) {
    try {
      const [basic] = await loadModules([BASIC_MODE]);
      if (!basic?.modeInstance) throw new Error(`${BASIC_MODE} did not load`);
      return buildModeInstance(basic.modeInstance, {
        extensionUrl,
        displayName: createTranslator(detectLanguage()).t('modeName'),
      });
    } catch (error) {
      console.error('[IQS] the IQS evaluation mode could not be set up; the viewer runs without it.', error);
      return null;
    }
  };
}
