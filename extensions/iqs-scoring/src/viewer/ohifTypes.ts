/**
 * The small part of OHIF 3.13's service API that IQS uses, typed structurally: the prebuilt viewer ships no
 * type declarations, and naming only what we call keeps the dependency visible.
 */
import type { DicomDataset } from '@iqs/domain';

export interface Subscription {
  unsubscribe(): void;
}

export interface PubSubService {
  readonly EVENTS: Record<string, string>;
  subscribe(event: string, callback: (payload: unknown) => void): Subscription;
}

export interface ViewportGridState {
  readonly activeViewportId: string | null;
  readonly viewports: Map<string, { readonly displaySetInstanceUIDs?: readonly string[] }>;
}

export interface ViewportGridService extends PubSubService {
  getActiveViewportId(): string | null;
  getState(): ViewportGridState;
  setDisplaySetsForViewports(
    viewports: ReadonlyArray<{
      viewportId: string;
      displaySetInstanceUIDs: string[];
      viewportOptions?: { initialImageOptions?: { index: number; useOnce?: boolean } };
    }>,
  ): Promise<void> | void;
}

export interface CornerstoneViewport {
  readonly element?: HTMLElement;
  getCurrentImageId?(): string | undefined;
  getCurrentImageIdIndex?(): number;
  /** stack viewports: the image ids of the stack, and a jump to one of them */
  getImageIds?(): readonly string[];
  setImageIdIndex?(index: number): Promise<unknown> | unknown;
  /** stack viewports: the image it has loaded and displays (cornerstone sets it once the image is on screen) */
  getCornerstoneImage?(): { readonly imageId?: string } | undefined;
}

export interface CornerstoneViewportService extends PubSubService {
  getCornerstoneViewport(viewportId: string): CornerstoneViewport | null | undefined;
}

export type OhifInstance = DicomDataset & { readonly imageId?: string };

export interface DisplaySet {
  readonly displaySetInstanceUID: string;
  readonly SeriesInstanceUID?: string;
  readonly StudyInstanceUID?: string;
  /** the cornerstone image ids of the display set's images, in display order (image display sets) */
  readonly imageIds?: readonly string[];
  readonly instances?: readonly OhifInstance[];
  readonly instance?: OhifInstance;
  readonly Modality?: string;
}

export interface DisplaySetService extends PubSubService {
  getDisplaySetByUID(uid: string): DisplaySet | undefined;
  getActiveDisplaySets(): readonly DisplaySet[];
}

/** cornerstone3D's image loader, as OHIF's cornerstone extension hands it out (utilityModule.common). */
export interface CornerstoneLibrary {
  readonly imageLoader: { loadAndCacheImage(imageId: string, options?: unknown): Promise<unknown> };
}

export interface ExtensionManager {
  getModuleEntry(id: string): { exports?: { getCornerstoneLibraries?: () => { cornerstone?: CornerstoneLibrary } } } | undefined;
}

/** OHIF's hanging protocol service: getState() is undefined until a protocol has been applied in this mode. */
export interface HangingProtocolService extends PubSubService {
  getState(): unknown;
}

export interface OhifServices {
  readonly viewportGridService: ViewportGridService;
  readonly hangingProtocolService?: HangingProtocolService;
  readonly cornerstoneViewportService?: CornerstoneViewportService;
  readonly displaySetService: DisplaySetService;
}

/** A service as OHIF registers it: `create` is called once, with the configuration given to registerService. */
export interface ServiceRegistration<S> {
  readonly name: string;
  readonly altName?: string;
  readonly create: (params: {
    readonly configuration?: unknown;
    readonly servicesManager: ServicesManager;
    readonly commandsManager?: unknown;
    readonly extensionManager?: unknown;
  }) => S;
}

export interface ServicesManager {
  readonly services: OhifServices;
  registerService?<S>(registration: ServiceRegistration<S>, configuration?: unknown): void;
}

/** What OHIF passes to each get*Module(…), preRegistration and lifecycle hook of an extension or mode. */
export interface ExtensionParams {
  readonly servicesManager: ServicesManager;
  readonly commandsManager?: unknown;
  readonly extensionManager?: unknown;
  readonly appConfig?: unknown;
  readonly configuration?: unknown;
}

/** A command of a commands module: OHIF calls commandFn with the command's options (a hotkey adds its event as evt). */
export interface CommandDefinition {
  readonly commandFn: (options: { readonly evt?: Event } & Record<string, unknown>) => unknown;
  readonly context?: string;
}

export interface CommandsModule {
  readonly definitions: Readonly<Record<string, CommandDefinition>>;
  readonly defaultContext?: string;
}

/** One entry of OHIF's 'ohif.hotkeyBindings' customization (HotkeysManager). */
export interface HotkeyBinding {
  readonly commandName: string;
  readonly commandOptions?: Readonly<Record<string, unknown>>;
  readonly keys: readonly string[];
  readonly label: string;
  readonly isEditable?: boolean;
}
