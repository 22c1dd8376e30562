/**
 * The IQS service: everything of IQS that lives as long as the page, in one OHIF service. The extension registers it
 * in preRegistration (servicesManager.registerService(IqsService.REGISTRATION, …)), as OHIF's own extensions do;
 * panels, the IQS page and commands reach it through servicesManager.services.iqsService.
 *
 * It does nothing by itself: the IQS mode starts IQS's work in its onModeEnter (enterMode: follow the active image,
 * connect to the backend, open the evaluation named in the URL) and stops it in onModeExit (leaveMode), and the IQS
 * page connects while it is shown. So the viewer's other modes run without IQS listening or calling its backend.
 *
 * It owns IQS's stores (ports.ts IqsStores), implements the ports the panels and the page use, and carries out the
 * extension's commands.
 */
import { navigateTo } from '../browser/navigation';
import { type BackendConfig, backendConfigFrom } from '../data/backendConfig';
import { createBackend, type IqsBackend } from '../data/backend';
import { createIqsPageData } from '../data/pageData';
import { createEvaluationRuntime, evaluationIdFrom, type EvaluationRuntime } from '../evaluation/evaluationRuntime';
import { detectLanguage } from '../i18n/detectLanguage';
import { createRejectWorklistPageData } from '../data/rejects';
// the dose analysis and the reference values (issue 11)
import { createDoseData, imageDoseReference } from '../data/doseAnalysis';
// the yearly coverage plan (issue 13)
import { createCoverageData } from '../data/coverage';
import type { CoverageData } from '../coverage/coveragePorts';
// the scoring forms' editor (issue 14)
import { createScoringFormData } from '../data/scoringForms';
import type { ScoringFormData } from '../forms/formsPorts';
// the visitatie indicators (issue 13)
import { createIndicatorData } from '../data/indicators';
import type { IndicatorData } from '../indicators/indicatorsPorts';
// the quality reports (issue 13)
import { createReportData } from '../data/reports';
import type { ReportData } from '../reports/reportsPorts';
import { createDoseReferenceRuntime, type DoseReferenceRuntime, initialDoseReferenceState } from '../dose/doseReferenceRuntime';
// follow-up actions (issue 13)
import { createActionData } from '../data/actions';
import type { ActionData } from '../actions/actionsPorts';
// a lesson presented in the lesson mode (issue 13)
import { hideHeaderPatientInfo } from '../lessons/anonymisedViewer';
import type { LessonData } from '../lessons/lessonPorts';
import { createLessonPresentationRuntime, type LessonPresentationRuntime } from '../lessons/lessonPresentationRuntime';
import { isImageMissing, presentLesson } from '../lessons/presentLesson';
import { createTranslator } from '../i18n/translator';
// clinical lessons: the data (issue 13)
import { createLessonData } from '../data/lessons';
import { EVALUATION_ITEM_PARAM, EVALUATION_PARAM, IQS_PAGE, IQS_SERVICE_ALT_NAME, IQS_SERVICE_NAME, REJECT_PARAM } from '../ids';
import type {
  AccountActions,
  DoseAnalysisData,
  DoseReferenceData,
  DoseReferenceState,
  EvaluationActions,
  ImageDoseReference,
  ImageRejectStatus,
  IqsPageData,
  IqsPagePort,
  IqsPanelPort,
  IqsStores,
  RejectActions,
  RejectWorklistPageData,
} from '../ports';
import { createRejectRuntime, type RejectRuntime } from '../rejects/rejectRuntime';
import { initialRejectState } from '../rejects/rejectSession';
import { createAccountStore } from '../state/accountStore';
import { createActiveImageStore, showInstance } from '../state/activeImageStore';
import { createEvaluationStore } from '../state/evaluationStore';
import { createSyncStore } from '../sync';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { ensureStyles } from '../ui/styles';
import { trackActiveImage } from '../viewer/activeImageTracker';
import { showImageFromUrl } from '../viewer/imageFromUrl';
import type { ExtensionManager, ServiceRegistration, ServicesManager } from '../viewer/ohifTypes';
import { type BackendLink, type BackendLinkState, createBackendLink } from './backendLink';

export interface IqsServiceOptions {
  /** the backend named in the viewer configuration; null: IQS runs without one (the image facts still show) */
  readonly backend: BackendConfig | null;
  /** makes the backend when IQS is first used; default supabase-js (data/backend.ts) */
  readonly createBackend?: (config: BackendConfig) => IqsBackend;
  /** moves to another route of the viewer; default history.pushState (browser/navigation.ts) */
  readonly navigate?: (path: string) => void;
  /** the viewer's configuration object (OHIF's header reads it as it renders; the lesson mode changes it) */
  readonly appConfig?: unknown;
}

/** The lesson data as the panels (a property) and the page (a function) both take it (IqsService.lessons). */
type LessonsPort = ReturnType<typeof createLessonData> & (() => ReturnType<typeof createLessonData>);

/** The configuration the extension registers the service with (OHIF hands it to REGISTRATION.create). */
export interface IqsServiceConfiguration {
  readonly appConfig?: unknown;
}

/** What IQS is doing now; read-only, for the browser tests (OHIF puts its services on window.services). */
export interface IqsServiceStatus {
  /** the IQS mode has been entered and not left */
  readonly inMode: boolean;
  /** following the image in the active viewport (subscribed to OHIF's viewport services) */
  readonly trackingActiveImage: boolean;
  readonly backend: BackendLinkState;
  readonly evaluation: 'none' | 'loading' | 'error' | 'ready';
}

export interface EnterModeParams {
  readonly servicesManager: ServicesManager;
  readonly extensionManager?: unknown;
  /** the viewer URL's query, which may name an evaluation; default window.location.search */
  readonly search?: string;
}

export class IqsService implements IqsPanelPort, IqsPagePort {
  static REGISTRATION: ServiceRegistration<IqsService> = {
    name: IQS_SERVICE_NAME,
    altName: IQS_SERVICE_ALT_NAME,
    create: ({ configuration }) =>
      new IqsService({
        backend: backendConfigFrom((configuration as IqsServiceConfiguration | undefined)?.appConfig),
        appConfig: (configuration as IqsServiceConfiguration | undefined)?.appConfig,
      }),
  };

  readonly stores: IqsStores & { readonly doseReference: StoreApi<DoseReferenceState> };
  readonly account: AccountActions | null;
  readonly evaluation: EvaluationActions;
  readonly rejects: RejectActions;
  /** the lesson presented in the lesson mode (its state and its actions) */
  readonly lessonPresentation: LessonPresentationRuntime;

  private readonly rejectRuntime: RejectRuntime;
  private rejectPageOf: { readonly backend: IqsBackend; readonly data: RejectWorklistPageData } | null = null;
  private readonly doseReferenceRuntime: DoseReferenceRuntime;
  private doseDataOf: { readonly backend: IqsBackend; readonly data: DoseAnalysisData & DoseReferenceData } | null = null;
  private actionDataOf: { readonly backend: IqsBackend; readonly data: ActionData } | null = null;
  private lessonsOf: { readonly backend: IqsBackend; readonly port: LessonsPort } | null = null;
  private coverageDataOf: { readonly backend: IqsBackend; readonly data: CoverageData } | null = null;
  private scoringFormDataOf: { readonly backend: IqsBackend; readonly data: ScoringFormData } | null = null;
  private indicatorDataOf: { readonly backend: IqsBackend; readonly data: IndicatorData } | null = null;
  private reportDataOf: { readonly backend: IqsBackend; readonly data: ReportData } | null = null;
  private readonly link: BackendLink;
  private readonly runtime: EvaluationRuntime;
  private readonly navigate: (path: string) => void;
  private inMode = false;
  private stopTracking: (() => void) | null = null;
  /** the image the URL names (the reject analysis's drill-down), while the navigator waits for it */
  private stopShowingImage: (() => void) | null = null;
  private releaseBackend: (() => void) | null = null;
  private focusHandlers: Array<() => boolean> = [];
  private readonly appConfig: unknown;
  /** the lesson mode's presentation and header change, while it is entered */
  private stopPresenting: (() => void) | null = null;
  private restoreHeader: (() => void) | null = null;
  private pageDataOf: { readonly backend: IqsBackend; readonly data: IqsPageData } | null = null;

  constructor(options: IqsServiceOptions) {
    const account = createAccountStore(options.backend ? { status: 'loading' } : { status: 'unconfigured' });
    this.stores = {
      account,
      activeImage: createActiveImageStore(),
      evaluation: createEvaluationStore(),
      sync: createSyncStore(),
      rejects: createStore(() => initialRejectState),
      rejectSync: createSyncStore(),
      doseReference: createStore(() => initialDoseReferenceState),
    };
    this.navigate = options.navigate ?? navigateTo;
    this.appConfig = options.appConfig;
    this.lessonPresentation = createLessonPresentationRuntime({ account, lessons: () => this.lessonData(), isImageMissing });
    this.link = createBackendLink({
      config: options.backend,
      create: options.createBackend ?? ((config) => createBackend(config)),
      account,
    });
    this.runtime = createEvaluationRuntime({
      account,
      evaluation: this.stores.evaluation,
      sync: this.stores.sync,
      backend: () => this.link.current(),
    });

    this.rejectRuntime = createRejectRuntime({
      account,
      activeImage: this.stores.activeImage,
      state: this.stores.rejects,
      sync: this.stores.rejectSync,
      backend: () => this.link.current(),
      navigate: this.navigate,
    });
    this.rejects = this.rejectRuntime;

    this.doseReferenceRuntime = createDoseReferenceRuntime({
      account,
      activeImage: this.stores.activeImage,
      state: this.stores.doseReference,
      lookup: () => {
        const backend = this.link.current();
        return backend ? (sop) => imageDoseReference(backend.client, sop) : null;
      },
    });

    // the sign-in form shows where IQS is in use (the mode's panel, the page), which has connected by then
    this.account = options.backend
      ? {
          signIn: async (email, password) =>
            this.link.current()?.signIn(email, password) ?? { ok: false, reason: 'other', message: 'IQS is not connected to its backend' },
          signOut: async () => this.link.current()?.signOut(),
        }
      : null;

    const session = () => this.runtime.session();
    this.evaluation = {
      openItem: (itemId) => void session()?.openItem(itemId),
      answer: (criterionId, value, comment) => void session()?.answer(criterionId, value, comment),
      saveAndNext: () => void session()?.saveAndNext(),
      skip: () => void session()?.skip(),
      previous: () => void session()?.previous(),
      showSummary: () => void session()?.showSummary(),
      backToScoring: () => session()?.backToScoring(),
      close: () => void session()?.close(),
      retrySync: () => void this.runtime.outbox()?.retry(),
    };
  }

  /**
   * The IQS mode's onModeEnter: follow the image in the active viewport, use the backend, and open the evaluation
   * the URL names (/iqs-evaluation?StudyInstanceUIDs=…&iqsEvaluation=<id>[&iqsItem=<id>]).
   */
  enterMode({ servicesManager, extensionManager, search = globalThis.location?.search ?? '' }: EnterModeParams): void {
    this.leaveMode();
    this.inMode = true;
    ensureStyles();
    const { services } = servicesManager;
    this.stopTracking = trackActiveImage(services, (instance) => showInstance(this.stores.activeImage, instance));
    // the reject analysis's drill-down opens the mode at one image (viewer/imageFromUrl.ts); evaluations and the
    // reject worklist show their own images
    const query = new URLSearchParams(search);
    if (!query.get(EVALUATION_PARAM) && !query.get(REJECT_PARAM))
      this.stopShowingImage = showImageFromUrl(services, (extensionManager as ExtensionManager | undefined) ?? null, search);
    this.releaseBackend = this.link.hold();
    this.rejectRuntime.enter({
      services,
      extensionManager: (extensionManager as ExtensionManager | undefined) ?? null,
      search,
      openAt: new URLSearchParams(search).get(REJECT_PARAM),
    });
    this.doseReferenceRuntime.enter();
    const evaluationId = evaluationIdFrom(search, EVALUATION_PARAM);
    if (evaluationId) {
      this.runtime.enter({
        evaluationId,
        itemId: evaluationIdFrom(search, EVALUATION_ITEM_PARAM),
        services,
        extensionManager: (extensionManager as ExtensionManager | undefined) ?? null,
        search,
      });
    }
  }

  /**
   * The lesson mode's layout template, before OHIF renders the layout: the header shows no patient info while a
   * lesson is presented (lessons/anonymisedViewer.ts); leaveMode puts it back.
   */
  hideHeaderPatientInfo(): void {
    this.restoreHeader ??= hideHeaderPatientInfo(this.appConfig);
  }

  /**
   * The lesson mode's onModeEnter: present the lesson the URL names (/iqs-lesson?StudyInstanceUIDs=…&iqsLesson=<id>
   * [&iqsCase=<n>]); nothing else of IQS runs there (no image facts, no reject or dose overlay: they would name people).
   */
  enterLessonMode({ servicesManager, extensionManager, search = globalThis.location?.search ?? '' }: EnterModeParams): void {
    this.leaveMode();
    this.inMode = true;
    ensureStyles();
    this.hideHeaderPatientInfo();
    this.releaseBackend = this.link.hold();
    this.stopPresenting = presentLesson({
      runtime: this.lessonPresentation,
      services: servicesManager.services,
      extensionManager: (extensionManager as ExtensionManager | undefined) ?? null,
      search,
      account: this.stores.account,
      accountActions: this.account,
      translator: createTranslator(detectLanguage()),
      openIqsPage: () => this.openIqsPage(),
    });
  }

  /** The lessons port, however the service offers it (a property for panels, a function for the page). */
  private lessonData(): LessonData | null {
    const port = (this as unknown as { lessons?: unknown }).lessons;
    if (typeof port === 'function') return ((port as () => LessonData | null).call(this) ?? null) as LessonData | null;
    return (port as LessonData | null | undefined) ?? null;
  }

  /** The IQS mode's onModeExit: stop all of it. Nothing happens when the mode was not entered. */
  leaveMode(): void {
    this.restoreHeader?.();
    this.restoreHeader = null;
    if (!this.inMode) return;
    this.inMode = false;
    this.stopPresenting?.();
    this.stopPresenting = null;
    this.runtime.leave();
    this.rejectRuntime.leave();
    this.doseReferenceRuntime.leave();
    this.stopTracking?.();
    this.stopTracking = null;
    this.stopShowingImage?.();
    this.stopShowingImage = null;
    showInstance(this.stores.activeImage, null);
    this.releaseBackend?.();
    this.releaseBackend = null;
  }

  /** OHIF calls every service's onModeExit when any mode is left: then IQS has nothing running either. */
  onModeExit(): void {
    this.leaveMode();
  }

  connect(): () => void {
    return this.link.hold();
  }

  /** The backend's supabase-js client, once connected (viewer/dicomwebAuthorization.ts reads its session). */
  backendClient(): IqsBackend['client'] | null {
    return this.link.current()?.client ?? null;
  }

  pageData(): IqsPageData | null {
    const backend = this.link.current();
    if (!backend) return null;
    if (this.pageDataOf?.backend !== backend) {
      const personId = (): string | null => {
        const account = this.stores.account.getState();
        return account.status === 'signed-in' ? account.profile.personId : null;
      };
      this.pageDataOf = { backend, data: createIqsPageData(backend.client, { personId, navigate: this.navigate }) };
    }
    return this.pageDataOf.data;
  }

  rejectWorklist(): RejectWorklistPageData | null {
    const backend = this.link.current();
    if (!backend) return null;
    if (this.rejectPageOf?.backend !== backend)
      this.rejectPageOf = { backend, data: createRejectWorklistPageData(backend.client, this.navigate) };
    return this.rejectPageOf.data;
  }

  /**
   * Clinical lessons. The panels read them as a property (IqsPanelPort.lessons), the page calls them
   * (IqsPagePort.lessons()): one object serves both, a function returning the lesson data that carries its methods.
   * Undefined without the backend (or before the page has connected).
   */
  get lessons(): LessonsPort | undefined {
    const backend = this.link.current();
    if (!backend) return undefined;
    if (this.lessonsOf?.backend !== backend) {
      const data = createLessonData(backend.client);
      this.lessonsOf = { backend, port: Object.assign(() => data, data) };
    }
    return this.lessonsOf.port;
  }

  doseData(): (DoseAnalysisData & DoseReferenceData) | null {
    const backend = this.link.current();
    if (!backend) return null;
    if (this.doseDataOf?.backend !== backend) this.doseDataOf = { backend, data: createDoseData(backend.client, this.navigate) };
    return this.doseDataOf.data;
  }

  actions(): ActionData | null {
    const backend = this.link.current();
    if (!backend) return null;
    if (this.actionDataOf?.backend !== backend) {
      const personId = (): string | null => {
        const account = this.stores.account.getState();
        return account.status === 'signed-in' ? account.profile.personId : null;
      };
      this.actionDataOf = { backend, data: createActionData(backend.client, personId) };
    }
    return this.actionDataOf.data;
  }

  scoringForms(): ScoringFormData | null {
    const backend = this.link.current();
    if (!backend) return null;
    if (this.scoringFormDataOf?.backend !== backend) this.scoringFormDataOf = { backend, data: createScoringFormData(backend.client) };
    return this.scoringFormDataOf.data;
  }

  coverage(): CoverageData | null {
    const backend = this.link.current();
    if (!backend) return null;
    if (this.coverageDataOf?.backend !== backend) this.coverageDataOf = { backend, data: createCoverageData(backend.client) };
    return this.coverageDataOf.data;
  }

  indicators(): IndicatorData | null {
    const backend = this.link.current();
    if (!backend) return null;
    if (this.indicatorDataOf?.backend !== backend) this.indicatorDataOf = { backend, data: createIndicatorData(backend.client) };
    return this.indicatorDataOf.data;
  }

  reports(): ReportData | null {
    const backend = this.link.current();
    if (!backend) return null;
    if (this.reportDataOf?.backend !== backend) this.reportDataOf = { backend, data: createReportData(backend.client) };
    return this.reportDataOf.data;
  }

  /** The dose comparison shown for an image (the viewport overlay); null when not known. */
  doseReferenceOf(sopInstanceUid: string): readonly ImageDoseReference[] | null {
    return this.doseReferenceRuntime.rowsOf(sopInstanceUid);
  }

  /** The reject status shown for an image (the viewport overlay); null when not known. */
  rejectStatusOf(sopInstanceUid: string): ImageRejectStatus | null {
    return this.rejectRuntime.session()?.statusOf(sopInstanceUid) ?? null;
  }

  openIqsPage(): void {
    this.navigate(IQS_PAGE.path);
  }

  readonly offerScoringFocus = (handler: () => boolean): (() => void) => {
    this.focusHandlers = [...this.focusHandlers, handler];
    return () => {
      this.focusHandlers = this.focusHandlers.filter((offered) => offered !== handler);
    };
  };

  /** The command behind IQS's hotkey (S): the focus back to the scoring form. Whether a form took it. */
  focusScoringForm(): boolean {
    // the latest offer first: the form shown last
    return [...this.focusHandlers].reverse().some((handler) => handler());
  }

  status(): IqsServiceStatus {
    return {
      inMode: this.inMode,
      trackingActiveImage: this.stopTracking !== null,
      backend: this.link.state(),
      evaluation: this.stores.evaluation.getState().phase,
    };
  }
}

/** The IQS service as OHIF holds it, or null when the extension did not register it. */
export function getIqsService(servicesManager: ServicesManager | null | undefined): IqsService | null {
  const service = (servicesManager?.services as unknown as Record<string, unknown> | undefined)?.[IQS_SERVICE_NAME];
  return (service as IqsService | undefined) ?? null;
}
