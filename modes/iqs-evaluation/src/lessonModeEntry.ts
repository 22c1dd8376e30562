import { createTranslator, detectLanguage } from '@iqs/extension-scoring';
import { BASIC_MODE, type ModeFactoryParams } from './modeFactory';
import { buildLessonModeInstance, LESSON_MODE_ID } from './lessonMode';

/**
 * The lesson mode as OHIF loads it (lesson-mode.mjs, built beside mode.mjs by platform/viewer's build and listed
 * in the viewer configuration's modes). As with the evaluation mode, a failure is logged and the mode left out:
 * OHIF awaits every modeFactory at start-up, and an exception would stop the whole viewer.
 */
export default {
  id: LESSON_MODE_ID,
  async modeFactory({ loadModules }: ModeFactoryParams) {
    try {
      const [basic] = await loadModules([BASIC_MODE]);
      if (!basic?.modeInstance) throw new Error(`${BASIC_MODE} did not load`);
      return buildLessonModeInstance(basic.modeInstance, {
        extensionUrl: new URL('./extension.mjs', import.meta.url).href,
        displayName: createTranslator(detectLanguage()).t('lessonShow.windowTitle'),
      });
    } catch (error) {
      console.error('[IQS] the IQS lesson mode could not be set up; the viewer runs without it.', error);
      return null;
    }
  },
};
