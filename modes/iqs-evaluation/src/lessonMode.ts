/**
 * The lesson mode: a clinical lesson presented in the unmodified OHIF viewer, anonymised.
 *
 * Why a second mode (its own module, lesson-mode.mjs, built beside mode.mjs and listed in the viewer's modes) rather
 * than a variant of the evaluation mode's layout: what must be hidden is decided by OHIF at the mode level — the
 * viewport overlay's corners are mode customizations, the side panels are the route's layout, the header's patient
 * info is read as the layout renders — and a mode of its own sets all of them once, for its whole life, with no
 * state of the evaluation mode to leak in (its image facts panel lists the operators, its overlay items its marks).
 * OHIF builds a route for every mode it loads, hidden or not, so /iqs-lesson works while the study list offers no
 * button for it (a lesson is opened from the IQS page, not from a study).
 *
 * It is basic mode (window/level, zoom, pan and the rest of its toolbar) with: no side panels (no study browser, no
 * IQS panel; the presentation floats over the viewport), no tag browser, the header without patient info, the
 * overlay's four corners set to age/sex and window/level only, and IQS presenting the lesson the URL names.
 * Basic mode's instance is not a stable API: what depends on its shape is here and in buildModeInstance.ts.
 */
import { getIqsService, LESSON_MODE_ROUTE, lessonOverlayCustomizations } from '@iqs/extension-scoring';
import { type BasicModeInstance, isValidIqsStudy, withoutTagBrowser } from './buildModeInstance';

export const LESSON_MODE_ID = '@iqs/mode-lesson';

interface LessonModeOptions {
  readonly extensionUrl: string;
  readonly displayName: string;
}

interface LifecycleArgs {
  readonly servicesManager?: Parameters<typeof getIqsService>[0];
  readonly extensionManager?: unknown;
}

export function buildLessonModeInstance(basic: BasicModeInstance, options: LessonModeOptions) {
  const [baseRoute] = basic.routes;
  if (!baseRoute) throw new Error('OHIF basic mode has no route to build on');
  const layout = baseRoute.layoutInstance;
  const lessonLayout = {
    ...layout,
    props: { ...layout.props, leftPanels: [], rightPanels: [], leftPanelClosed: true, rightPanelClosed: true },
  };
  return {
    ...basic,
    id: LESSON_MODE_ID,
    routeName: LESSON_MODE_ROUTE,
    displayName: options.displayName,
    // no study-list button: a lesson is presented from the IQS page (OHIF still routes /iqs-lesson)
    hide: true,
    isValidMode: isValidIqsStudy,
    extensions: { ...basic.extensions, [options.extensionUrl]: '^0.1.0' },
    routes: [
      {
        ...baseRoute,
        path: LESSON_MODE_ROUTE,
        layoutInstance: lessonLayout,
        layoutTemplate(this: unknown, args: unknown) {
          // before OHIF renders the layout (and its header): no patient info, not even for a moment
          const { servicesManager } = (args ?? {}) as LifecycleArgs;
          getIqsService(servicesManager)?.hideHeaderPatientInfo();
          const base = baseRoute.layoutTemplate;
          return base
            ? base.call({ ...(this as object), layoutInstance: lessonLayout }, args)
            : { ...lessonLayout, props: { ...lessonLayout.props } };
        },
      },
    ],
    modeCustomizations: {
      ...lessonOverlayCustomizations(),
      'panelSegmentation.disableEditing': true,
    },
    onModeEnter(this: unknown, args: unknown) {
      basic.onModeEnter?.call(this, args);
      const { servicesManager, extensionManager } = (args ?? {}) as LifecycleArgs;
      // the tag browser shows every tag of an image, the patient's name and the operators' among them
      withoutTagBrowser(servicesManager);
      const iqs = getIqsService(servicesManager);
      if (iqs && servicesManager) iqs.enterLessonMode({ servicesManager, extensionManager });
      else console.error('[IQS] the IQS service is not registered: the lesson mode cannot present a lesson');
    },
    onModeExit(this: unknown, args: unknown) {
      getIqsService((args as LifecycleArgs | undefined)?.servicesManager)?.leaveMode();
      basic.onModeExit?.call(this, args);
    },
  };
}
