import { createDoseOverlayItems, EXTENSION_ID, IQS_MODALITIES, MODE_ID, MODE_ROUTE, PANEL_IDS } from '@iqs/extension-scoring';

/**
 * The IQS evaluation mode is OHIF's basic viewer mode with the IQS panel on the right and the dose in the
 * viewport overlay. Basic mode's instance is not a stable API: everything that depends on its shape is here.
 */
export interface BasicModeInstance {
  readonly extensions?: Record<string, string>;
  readonly routes: readonly BasicRoute[];
  onModeEnter?(this: unknown, args: unknown): void;
  onModeExit?(this: unknown, args: unknown): void;
  readonly [key: string]: unknown;
}

interface BasicRoute {
  readonly path: string;
  readonly layoutInstance: { readonly id: string; readonly props: Record<string, unknown> };
  readonly [key: string]: unknown;
}

export interface IqsModeOptions {
  /** URL of our extension module: OHIF loads mode dependencies by these keys */
  readonly extensionUrl: string;
  readonly displayName: string;
}

export function isValidIqsStudy({ modalities }: { modalities?: string }): { valid: boolean; description: string } {
  const inStudy = (modalities ?? '').split(/[\\,]/u).map((m) => m.trim().toUpperCase());
  const valid = inStudy.some((modality) => IQS_MODALITIES.includes(modality));
  return { valid, description: valid ? 'IQS evaluation' : `IQS evaluates ${IQS_MODALITIES.join(', ')} studies` };
}

export function buildModeInstance(basic: BasicModeInstance, options: IqsModeOptions) {
  const [baseRoute] = basic.routes;
  if (!baseRoute) throw new Error('OHIF basic mode has no route to build on');
  const layout = baseRoute.layoutInstance;
  // the study browser stays on the left (basic mode's); the IQS panel takes the right, open
  const props: Record<string, unknown> = { ...layout.props, rightPanels: [PANEL_IDS.imageFacts], rightPanelClosed: false };
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
        layoutInstance: { ...layout, props },
      },
    ],
    modeCustomizations: {
      'viewportOverlay.topRight': { $push: createDoseOverlayItems() },
      'panelSegmentation.disableEditing': true,
    },
    onModeEnter(this: unknown, args: unknown) {
      basic.onModeEnter?.call(this, args);
    },
    onModeExit(this: unknown, args: unknown) {
      basic.onModeExit?.call(this, args);
    },
  };
  return mode;
}

export { EXTENSION_ID };
