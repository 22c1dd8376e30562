import {
  createDoseOverlayItems,
  createRejectOverlayItems,
  createTranslator,
  detectLanguage,
  EVALUATION_PARAM,
  EXTENSION_ID,
  getIqsService,
  IQS_MODALITIES,
  iqsHotkeyBindings,
  MODE_ID,
  MODE_ROUTE,
  PANEL_IDS,
} from '@iqs/extension-scoring';

/**
 * The IQS evaluation mode is OHIF's basic viewer mode with the IQS panel on the right, the Rejected mark and the dose
 * in the viewport overlay and IQS's hotkeys; entering it starts IQS's work (the IQS service's enterMode), leaving it stops it.
 * With an evaluation open, OHIF's DICOM tag browser is not offered (it would show who made the images).
 * Basic mode's instance is not a stable API: everything that depends on its shape is here.
 */
export interface BasicModeInstance {
  readonly extensions?: Record<string, string>;
  readonly routes: readonly BasicRoute[];
  onModeEnter?(this: unknown, args: unknown): void;
  onModeExit?(this: unknown, args: unknown): void;
  readonly [key: string]: unknown;
}

interface Layout {
  readonly id: string;
  readonly props: Record<string, unknown>;
}

interface BasicRoute {
  readonly path: string;
  readonly layoutInstance: Layout;
  /** OHIF calls it with the route as `this` and { location, servicesManager, studyInstanceUIDs } */
  readonly layoutTemplate?: (this: unknown, args: unknown) => unknown;
  readonly [key: string]: unknown;
}

export interface IqsModeOptions {
  /** URL of our extension module: OHIF loads mode dependencies by these keys */
  readonly extensionUrl: string;
  readonly displayName: string;
  /** the viewer URL's query when the mode is entered; default window.location.search */
  readonly currentSearch?: () => string;
}

/** What OHIF passes to a mode's onModeEnter and onModeExit (the part IQS uses). */
interface LifecycleArgs {
  readonly servicesManager?: Parameters<typeof getIqsService>[0];
  readonly extensionManager?: unknown;
}

/** The part of OHIF's toolbar service the mode uses. */
interface ToolbarServiceLike {
  removeButton?(buttonId: string): void;
}

/**
 * OHIF's DICOM tag browser button (cornerstone's toolbar pack, in basic mode's "More tools"). It shows every tag of
 * an image, OperatorsName among them, so the evaluation layout does not offer it: a blind evaluation stays blind.
 */
export const TAG_BROWSER_BUTTON = 'TagBrowser';

/** Take the tag browser out of the toolbar basic mode has just set up (every section it is in). */
export function withoutTagBrowser(servicesManager: LifecycleArgs['servicesManager']): void {
  const services = servicesManager?.services as unknown as Record<string, unknown> | undefined;
  const toolbar = services?.['toolbarService'] as ToolbarServiceLike | undefined;
  if (typeof toolbar?.removeButton === 'function') toolbar.removeButton(TAG_BROWSER_BUTTON);
  else console.error('[IQS] OHIF has no toolbar service to take the tag browser out of: it may be offered in the evaluation');
}

export function isValidIqsStudy({ modalities }: { modalities?: string }): { valid: boolean; description: string } {
  const inStudy = (modalities ?? '').split(/[\\,]/u).map((m) => m.trim().toUpperCase());
  const valid = inStudy.some((modality) => IQS_MODALITIES.includes(modality));
  return { valid, description: valid ? 'IQS evaluation' : `IQS evaluates ${IQS_MODALITIES.join(', ')} studies` };
}

export function buildModeInstance(basic: BasicModeInstance, options: IqsModeOptions) {
  const currentSearch = options.currentSearch ?? (() => globalThis.location?.search ?? '');
  const [baseRoute] = basic.routes;
  if (!baseRoute) throw new Error('OHIF basic mode has no route to build on');
  const layout = baseRoute.layoutInstance;
  // the study browser stays on the left (basic mode's); the IQS panel takes the right, open
  const props: Record<string, unknown> = { ...layout.props, rightPanels: [PANEL_IDS.imageFacts], rightPanelClosed: false };
  // with an evaluation open (?iqsEvaluation=…): its worklist first on the left, the scoring form first on the right
  const basicLeft = Array.isArray(layout.props['leftPanels']) ? (layout.props['leftPanels'] as unknown[]) : [];
  const evaluationProps: Record<string, unknown> = {
    ...props,
    leftPanels: [PANEL_IDS.worklist, ...basicLeft],
    leftPanelClosed: false,
    rightPanels: [PANEL_IDS.scoring, PANEL_IDS.imageFacts],
  };
  const evaluationLayout: Layout = { ...layout, props: evaluationProps };
  const normalLayout: Layout = { ...layout, props };
  const mode = {
    ...basic,
    id: MODE_ID,
    routeName: MODE_ROUTE,
    displayName: options.displayName,
    hide: false,
    isValidMode: isValidIqsStudy,
    // keep basic mode's own dependencies (its toolbar needs them) and add ours
    extensions: { ...basic.extensions, [options.extensionUrl]: '^0.1.0' },
    routes: [
      {
        ...baseRoute,
        path: MODE_ROUTE,
        layoutInstance: normalLayout,
        evaluationLayoutInstance: evaluationLayout,
        layoutTemplate(this: unknown, args: unknown) {
          const search = (args as { location?: { search?: string } } | undefined)?.location?.search ?? '';
          const chosen = new URLSearchParams(search).has(EVALUATION_PARAM) ? evaluationLayout : normalLayout;
          // basic mode's template copies the layout so that OHIF cannot change ours; keep that
          const base = baseRoute.layoutTemplate;
          return base ? base.call({ ...(this as object), layoutInstance: chosen }, args) : { ...chosen, props: { ...chosen.props } };
        },
      },
    ],
    modeCustomizations: {
      // the Rejected mark above the dose
      'viewportOverlay.topRight': { $push: [...createRejectOverlayItems(), ...createDoseOverlayItems()] },
      'panelSegmentation.disableEditing': true,
      // OHIF (3.10+) binds a mode's hotkeys from this customization after the mode's onModeEnter
      'ohif.hotkeyBindings': { $push: iqsHotkeyBindings(createTranslator(detectLanguage())) },
    },
    onModeEnter(this: unknown, args: unknown) {
      basic.onModeEnter?.call(this, args);
      const { servicesManager, extensionManager } = (args ?? {}) as LifecycleArgs;
      // the evaluation layout offers no tag browser (any evaluation: whether it is blind is known only once it is
      // loaded, and the button would be there until then)
      if (new URLSearchParams(currentSearch()).has(EVALUATION_PARAM)) withoutTagBrowser(servicesManager);
      const iqs = getIqsService(servicesManager);
      if (iqs && servicesManager) iqs.enterMode({ servicesManager, extensionManager });
      else console.error('[IQS] the IQS service is not registered: the IQS mode runs without IQS');
    },
    onModeExit(this: unknown, args: unknown) {
      // IQS first: it unsubscribes from the viewport services basic mode is about to destroy
      getIqsService((args as LifecycleArgs | undefined)?.servicesManager)?.leaveMode();
      basic.onModeExit?.call(this, args);
    },
  };
  return mode;
}

export { EXTENSION_ID };
