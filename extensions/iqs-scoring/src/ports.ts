/**
 * The ports of IQS: the interfaces and state shapes through which the IQS page (pages/) and the viewer's panels
 * (panels/) reach everything else, and through which the evaluation session reaches the backend. Pages and panels
 * import these, the shared UI (ui/) and i18n, never the data layer, the session or each other; the data layer
 * (data/) and the IQS service (service/) implement them. Types only: nothing here runs.
 */
import type {
  Answer,
  EvaluationFilter,
  EvaluationSummary,
  EvaluationUse,
  AnswerContent,
  ImageFacts,
  ScoringForm,
  StatisticsDimension,
  StatisticsPeriod,
  StatisticsRow,
  WorklistItem,
  RejectAnalysisRow,
  RejectDimension,
  RejectExposureRow,
  RejectFilter,
  RejectImage,
  RejectPeriod,
  RejectReasonEntry,
  RejectThresholds,
  DoseQuantityCode,
  // the summary's page (issue 14): its rows and facts, shared with the CLI's report evaluation
  EvaluationAnswerRow,
  EvaluationSheetData,
} from '@iqs/domain';
import type { Enums } from '@iqs/database';
import type { StoreApi } from 'zustand/vanilla';
import type { SyncState } from './sync/syncStore';
// the quality cycle (issue 13): each part's shapes live beside it and are re-exported here
import type { LessonData } from './lessons/lessonPorts';
export type * from './lessons/lessonPorts';
import type { ActionData } from './actions/actionsPorts';
export type * from './actions/actionsPorts';
import type { CoverageData } from './coverage/coveragePorts';
export type * from './coverage/coveragePorts';
import type { ScoringFormData } from './forms/formsPorts';
export type * from './forms/formsPorts';
import type { IndicatorData } from './indicators/indicatorsPorts';
export type * from './indicators/indicatorsPorts';
import type { ReportData } from './reports/reportsPorts';
export type * from './reports/reportsPorts';

// ---------------------------------------------------------------------------------------------------------------
// Who is signed in

export type IqsRole = Enums<'iqs_role'>;

/** The signed-in person's IQS profile: who they are in IQS and in which department (the database decides what they may see). */
export interface Profile {
  readonly personId: string;
  readonly displayName: string;
  readonly role: IqsRole;
  readonly siteId: string;
  readonly siteName: string;
}

/** Who is signed in to IQS, as the panel and the page show it. */
export type AccountState =
  | { readonly status: 'unconfigured' }
  | { readonly status: 'loading' }
  | { readonly status: 'signed-out' }
  | { readonly status: 'signed-in'; readonly email: string | null; readonly profile: Profile }
  | { readonly status: 'no-profile'; readonly email: string | null }
  | { readonly status: 'error'; readonly message: string };

export type SignInResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: 'invalid_credentials' | 'too_many_attempts' | 'unreachable' | 'other';
      readonly message: string;
    };

/** Signing in and out (Supabase Auth, email and password). */
export interface AccountActions {
  signIn(email: string, password: string): Promise<SignInResult>;
  signOut(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// The image in the active viewport

export type ActiveImageState =
  | { readonly status: 'none' }
  | { readonly status: 'not-an-image'; readonly modality: string | null }
  | { readonly status: 'image'; readonly facts: ImageFacts };

// ---------------------------------------------------------------------------------------------------------------
// The evaluation open in the viewer

/** An evaluation as the session shows it (table evaluations). */
export interface EvaluationHeader {
  readonly id: string;
  readonly name: string;
  readonly use: EvaluationUse;
  readonly status: 'open' | 'closed';
  readonly blind: boolean;
  readonly evaluator_id: string;
  readonly subject_person_id: string | null;
}

/** The evaluation open in the viewer, as the worklist and scoring panels show it. Written by the evaluation session. */
export type EvaluationState =
  | { readonly phase: 'none' }
  | { readonly phase: 'loading'; readonly evaluationId: string }
  | { readonly phase: 'error'; readonly evaluationId: string; readonly message: string }
  | {
      readonly phase: 'ready';
      readonly evaluation: EvaluationHeader;
      readonly items: readonly WorklistItem[];
      readonly forms: Readonly<Record<string, ScoringForm>>;
      readonly currentItemId: string | null;
      /** by item id, then criterion id: what was answered, as kept in the browser */
      readonly answers: Readonly<Record<string, Readonly<Record<string, AnswerContent>>>>;
      readonly view: 'scoring' | 'summary';
      readonly summary: EvaluationSummary | null;
      /** a problem to show beside the work: the summary or an image that did not load, a refused close */
      readonly notice: string | null;
    };

export type ReadyEvaluation = Extract<EvaluationState, { phase: 'ready' }>;

/** What the panels ask of the open evaluation (nothing happens while none is open). */
export interface EvaluationActions {
  openItem(itemId: string): void;
  answer(criterionId: string, value: string | null, comment: string | null): void;
  saveAndNext(): void;
  skip(): void;
  previous(): void;
  showSummary(): void;
  backToScoring(): void;
  close(): void;
  /** after the server refused answers: send them again */
  retrySync(): void;
}

/**
 * A form that can take the focus when the user asks for it from elsewhere in the viewer (IQS's hotkey, S) offers a
 * handler, which says whether it took the focus; the returned function withdraws the offer.
 */
export type FocusOffer = (handler: () => boolean) => () => void;

/** What the evaluation session needs from the backend (implemented over supabase-js in data/evaluations.ts). */
export interface EvaluationData {
  loadEvaluation(evaluationId: string): Promise<EvaluationHeader>;
  loadWorklist(evaluationId: string): Promise<WorklistItem[]>;
  loadForms(formIds: readonly string[]): Promise<ReadonlyMap<string, ScoringForm>>;
  /** the answers the server holds for these items (from this or another workstation) */
  loadServerAnswers(itemIds: readonly string[]): Promise<Answer[]>;
  summary(evaluationId: string): Promise<EvaluationSummary>;
  close(evaluationId: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// The IQS page's data (/iqs). Row Level Security decides what each call returns: the page does not filter by role
// beyond choosing what to offer.

/** A member of the department, for the colleague chooser (peer review). */
export interface PersonOption {
  readonly id: string;
  readonly display_name: string;
  readonly role: IqsRole;
}

export interface ProcedureOption {
  readonly id: string;
  readonly code: string;
  readonly name_nl: string;
  readonly name_en: string;
  readonly modality: string | null;
}

/** A room (stations row). */
export interface StationOption {
  readonly id: string;
  readonly station_name: string;
  readonly display_name: string | null;
  readonly modality: string;
}

/** A custom group of people (person_groups row); the years-of-service bands need no list. */
export interface GroupOption {
  readonly id: string;
  readonly name: string;
}

/** An evaluation to start: the sample is drawn in the database (start_evaluation). */
export interface StartEvaluationRequest {
  readonly use: EvaluationUse;
  readonly name: string;
  /** self: the signed-in person; peer: the colleague reviewed; quality: null */
  readonly subjectPersonId: string | null;
  readonly filter: EvaluationFilter;
  /** 1..500 */
  readonly sampleSize: number;
  /** hide the operators until closed (peer review and quality analysis; always false for self) */
  readonly blind: boolean;
  /** to draw the same sample again; default: a new random one */
  readonly seed?: number | null;
}

export interface StartEvaluationResult {
  readonly evaluationId: string;
  /** the sample size asked for */
  readonly requested: number;
  /** the images drawn: fewer than requested when fewer were available */
  readonly drawn: number;
  /** the images that matched the filter when drawing */
  readonly available: number;
}

/** One of the signed-in person's evaluations (as evaluator). */
export interface EvaluationListEntry {
  readonly id: string;
  readonly name: string;
  readonly use: EvaluationUse;
  readonly status: 'open' | 'closed';
  /** ISO timestamps */
  readonly created_at: string;
  readonly closed_at: string | null;
  readonly items: number;
  readonly scored: number;
  readonly skipped: number;
  /** the colleague reviewed (peer review); null otherwise */
  readonly subject_name: string | null;
}

/** What the statistics are restricted to (the database restricts further to what the caller may see). */
export interface StatisticsFilter {
  readonly use?: EvaluationUse | null;
  /** study dates, inclusive, YYYY-MM-DD */
  readonly from?: string | null;
  readonly to?: string | null;
}

// --- reject analysis (pages/RejectAnalysisSection.tsx; data/rejectAnalysis.ts) ---

/** An image to open in the viewer (the drill-down of a reject figure). */
export interface ImageToOpen {
  readonly study_instance_uid: string;
  readonly series_instance_uid: string;
  readonly sop_instance_uid: string;
}

/** The reject analysis's data: figures computed in SQL (reject_analysis, reject_images, reject_exposure), RLS decides who sees what. */
export interface RejectAnalysisData {
  /** the site's reasons, inactive ones too (their labels and categories) */
  rejectReasonCatalogue(): Promise<readonly RejectReasonEntry[]>;
  /** the site's reject-rate thresholds (the TG-151 defaults when the site has set none) */
  rejectThresholds(): Promise<RejectThresholds>;
  rejectAnalysis(dimension: RejectDimension, period: RejectPeriod, filter: RejectFilter): Promise<readonly RejectAnalysisRow[]>;
  /** the images of one figure: the analysis filter narrowed to the row (domain drillDownFilter) */
  rejectImages(
    filter: RejectFilter,
    options?: { readonly rejectedOnly?: boolean; readonly maxRows?: number },
  ): Promise<readonly RejectImage[]>;
  rejectExposure(filter: RejectFilter): Promise<readonly RejectExposureRow[]>;
  /** go to the viewer with this image shown: leaves the page */
  openImage(image: ImageToOpen): void;
}
// --- end of reject analysis ---

// --- dose analysis (pages/DoseAnalysisSection.tsx, pages/DoseReferencesSection.tsx; data/doseAnalysis.ts) ---

/** The dose quantities IQS compares (public.dose_quantity), each in its canonical unit (@iqs/domain CANONICAL_DOSE_UNIT). */
export type DoseQuantity = DoseQuantityCode;
export type DoseDimension = 'room' | 'procedure' | 'radiographer' | 'modality';
export type DosePeriod = 'week' | 'month' | 'quarter' | 'year' | 'all';
/** which images: the accepted ones (default), the rejected ones, or both */
export type DoseImages = 'accepted' | 'rejected' | 'all';
/** a typical value against its reference: the median above the DRN, above the streefwaarde, at or below it; too few images; nothing to compare with */
export type DoseStatus = 'above_drl' | 'above_target' | 'at_or_below_target' | 'too_few' | 'no_reference';

/** What a dose analysis covers (dose_analysis's filter, JSON). Absent: no restriction (adults only unless said). */
export interface DoseFilter {
  /** procedures.code */
  readonly procedures?: readonly string[];
  readonly views?: readonly string[];
  readonly modalities?: readonly string[];
  /** StationName as in DICOM */
  readonly rooms?: readonly string[];
  /** people.id */
  readonly radiographers?: readonly string[];
  readonly age_bands?: readonly string[];
  /** study dates, inclusive, YYYY-MM-DD */
  readonly from?: string;
  readonly to?: string;
  readonly images?: DoseImages;
  /** default true: the standard patient is an adult */
  readonly adults_only?: boolean;
  /** kg */
  readonly weight_min?: number;
  readonly weight_max?: number;
  /** compressed breast or body part thickness, mm */
  readonly thickness_min?: number;
  readonly thickness_max?: number;
}

/** One row of dose_analysis: a group's typical value (the median) against the applicable reference. */
export interface DoseAnalysisRow {
  readonly scope: 'department' | 'own';
  readonly procedure_code: string | null;
  readonly view_position: string | null;
  readonly dimension: DoseDimension;
  /** the group's key: StationName, procedure code, person id, modality; null when unknown */
  readonly key: string | null;
  readonly label: string | null;
  /** first day of the period; null for the whole period */
  readonly period_start: string | null;
  readonly quantity: DoseQuantity;
  readonly unit: string;
  readonly n: number;
  readonly median: number | null;
  readonly p25: number | null;
  readonly p75: number | null;
  readonly drl: number | null;
  readonly target: number | null;
  readonly status: DoseStatus;
  readonly reference_set: string | null;
  /** the 77 kg interpolation (the Dutch way): images with a weight in the fit, the value at the reference weight, r² */
  readonly fit_n: number | null;
  readonly at_reference_weight: number | null;
  readonly fit_r2: number | null;
}

/** One exposure above the DRN (dose_exposures_above_drl): opens in the viewer. */
export interface DoseExposure extends ImageToOpen {
  readonly image_id: string | null;
  readonly study_date: string | null;
  readonly station_name: string | null;
  readonly room_label: string | null;
  readonly procedure_code: string | null;
  readonly view_position: string | null;
  readonly modality: string | null;
  readonly rejected: boolean;
  readonly value: number | null;
  readonly drl: number | null;
  readonly target: number | null;
  readonly percent_of_drl: number | null;
  readonly reference_set: string | null;
  readonly unit: string | null;
}

/** Acquisition parameters of one room × procedure (dose_acquisition): medians and the deviation index by band. */
export interface DoseAcquisitionRow {
  readonly room_key: string | null;
  readonly room_label: string | null;
  readonly procedure_code: string | null;
  readonly view_position: string | null;
  readonly n: number;
  readonly median_kvp: number | null;
  readonly median_mas: number | null;
  /** source–detector distance, mm */
  readonly median_distance_mm: number | null;
  readonly di_fine: number;
  readonly di_attention: number;
  readonly di_action: number;
  /** images without a deviation index */
  readonly di_unknown: number;
}

/** The site's dose settings (sites): minimum images per row, DI bands, default weight range. */
export interface DoseSettings {
  readonly minImages: number;
  readonly diFine: number;
  readonly diAttention: number;
  readonly weightMin: number;
  readonly weightMax: number;
}

/** The dose analysis's data: figures computed in SQL (dose_analysis, dose_exposures_above_drl, dose_acquisition); RLS decides who sees what. */
export interface DoseAnalysisData {
  doseSettings(): Promise<DoseSettings>;
  doseAnalysis(
    quantity: DoseQuantity,
    dimension: DoseDimension,
    period: DosePeriod,
    filter: DoseFilter,
  ): Promise<readonly DoseAnalysisRow[]>;
  doseExposuresAboveDrl(quantity: DoseQuantity, filter: DoseFilter, maxRows?: number): Promise<readonly DoseExposure[]>;
  doseAcquisition(filter: DoseFilter): Promise<readonly DoseAcquisitionRow[]>;
  /** go to the viewer with this image shown (the reject drill-down's URL): leaves the page */
  openImage(image: ImageToOpen): void;
}

/** A published set of reference values (dose_reference_sets). */
export interface DoseReferenceSet {
  readonly code: string;
  readonly name: string;
  readonly country: string | null;
  readonly source: string | null;
  readonly source_url: string | null;
  readonly published_on: string | null;
  /** the year alone, where the source gives no day */
  readonly published_year: number | null;
}

/** A value of a set as published, and in IQS's canonical unit (dose_reference_values). */
export interface DoseReferenceValue {
  readonly id: string;
  readonly set_code: string;
  readonly exam_key: string;
  readonly label: string;
  readonly modality: string | null;
  readonly view_position: string | null;
  readonly quantity: DoseQuantity;
  readonly published_unit: string;
  readonly published_drl: number | null;
  readonly published_target: number | null;
  readonly drl_value: number | null;
  readonly target_value: number | null;
  readonly age_min: number | null;
  readonly age_max: number | null;
  readonly reference_weight_kg: number | null;
  readonly thickness_mm: number | null;
  readonly notes: string | null;
}

/** A value the department applies (drls): its own, or one taken from a set. */
export interface SiteDoseReference {
  readonly id: string;
  readonly procedure_id: string | null;
  readonly label: string;
  readonly view_position: string | null;
  readonly quantity: DoseQuantity;
  readonly unit: string;
  readonly drl_value: number;
  readonly target_value: number | null;
  readonly age_min: number | null;
  readonly age_max: number | null;
  readonly thickness_mm: number | null;
  readonly source: string;
  readonly source_url: string | null;
  readonly valid_from: string;
  readonly valid_to: string | null;
  readonly notes: string | null;
  /** the catalogue value it was taken from; null: the department's own */
  readonly reference_value_id: string | null;
  readonly reference_set: string | null;
  readonly published_value: number | null;
  readonly published_target: number | null;
  readonly published_unit: string | null;
}

/** A procedure with the catalogue exam it is (procedures.reference_exam). */
export interface ProcedureReferenceExam {
  readonly id: string;
  readonly code: string;
  readonly name_nl: string;
  readonly name_en: string;
  readonly modality: string | null;
  readonly reference_exam: string | null;
}

/** A department value to add (id null) or change, as its source publishes it: value, streefwaarde and their unit (the database converts). */
export interface SiteDoseReferenceInput {
  readonly id: string | null;
  readonly procedure_id: string;
  readonly quantity: DoseQuantity;
  readonly view_position: string | null;
  readonly published_value: number;
  readonly published_target: number | null;
  readonly published_unit: string;
  readonly age_min: number | null;
  readonly age_max: number | null;
  readonly thickness_mm: number | null;
  readonly label: string;
  readonly source: string;
  readonly source_url: string | null;
  readonly valid_from: string;
  readonly valid_to: string | null;
  readonly notes: string | null;
}

/** The reference values: everyone reads them; admins change the department's (the RPCs check, every change audited). */
export interface DoseReferenceData {
  referenceSets(): Promise<readonly DoseReferenceSet[]>;
  referenceValues(): Promise<readonly DoseReferenceValue[]>;
  siteReferences(): Promise<readonly SiteDoseReference[]>;
  proceduresWithExam(): Promise<readonly ProcedureReferenceExam[]>;
  setSiteReference(input: SiteDoseReferenceInput): Promise<void>;
  removeSiteReference(id: string): Promise<void>;
  adoptReferenceValue(valueId: string, procedureId: string): Promise<void>;
  /** which catalogue exam a procedure is (null: none) */
  mapProcedure(procedureId: string, examKey: string | null): Promise<void>;
}

/** One quantity of one image against its reference (image_dose_reference): what the panel and overlay show. */
export interface ImageDoseReference {
  readonly quantity: DoseQuantity;
  readonly value: number | null;
  readonly unit: string;
  readonly drl: number | null;
  readonly target: number | null;
  readonly reference_set: string | null;
  readonly reference_label: string | null;
  /** the standard patient's weight the reference is for (77 kg for the Dutch chest PA); null when it names none */
  readonly reference_weight_kg: number | null;
  /** why there is no reference: 'no_procedure' | 'no_reference' | 'not_adult' | 'no_quantity'; null when there is one */
  readonly reason: string | null;
  readonly status: 'above_drl' | 'above_target' | 'at_or_below_target' | 'no_reference';
}

/** The active image's comparison with its reference, as the IQS panel and the overlay show it. */
export type DoseReferenceState =
  | { readonly status: 'none' }
  | { readonly status: 'loading'; readonly sopInstanceUid: string }
  /** rows empty: the index does not hold the image, or it has no dose */
  | { readonly status: 'ready'; readonly sopInstanceUid: string; readonly rows: readonly ImageDoseReference[] }
  | { readonly status: 'error'; readonly sopInstanceUid: string; readonly message: string };
// --- end of dose analysis ---

/**
 * What a sampling filter matches (count_sample_units, migration 38): `units` is what a sample's size counts, single
 * images plus multi-slice series (a CT series is one unit, however many slices), from `studies` studies.
 */
export interface CandidateCount {
  readonly units: number;
  readonly images: number;
  readonly series: number;
  readonly studies: number;
}

export interface IqsPageData extends RejectAnalysisData {
  listPeople(): Promise<readonly PersonOption[]>;
  listProcedures(): Promise<readonly ProcedureOption[]>;
  listStations(): Promise<readonly StationOption[]>;
  listGroups(): Promise<readonly GroupOption[]>;
  /** how many images the filter matches for this use and subject (the sample is drawn from these) */
  countCandidates(use: EvaluationUse, subjectPersonId: string | null, filter: EvaluationFilter): Promise<number>;
  /** the same count said as the start form says it: units, of which images and multi-slice series, and studies */
  countCandidateUnits?(use: EvaluationUse, subjectPersonId: string | null, filter: EvaluationFilter): Promise<CandidateCount>;
  startEvaluation(request: StartEvaluationRequest): Promise<StartEvaluationResult>;
  listMyEvaluations(): Promise<readonly EvaluationListEntry[]>;
  evaluationSummary(evaluationId: string): Promise<EvaluationSummary>;
  /** note in the audit log that a summary was exported or printed (data/evaluations.ts recordEvaluationExport) */
  recordExport(evaluationId: string, format: 'csv' | 'print'): Promise<void>;
  statistics(dimension: StatisticsDimension, period: StatisticsPeriod, filter: StatisticsFilter): Promise<readonly StatisticsRow[]>;
  /** go to the viewer with this evaluation open (at this item when given): leaves the page */
  openEvaluation(evaluationId: string, itemId?: string): void;
  /** the summary's page: its header facts and one row per image and criterion (the CSV and the print sheet); absent: not offered */
  evaluationSheet?(evaluationId: string): Promise<EvaluationSheetData>;
}

// ---------------------------------------------------------------------------------------------------------------
// An evaluation's summary on a page of its own (/iqs?summary=<id>, issue 14): the header of its print sheet and its
// answers one row per image and criterion (evaluation_answer_rows, migration 39).

// one image × criterion as the database gives it, and the sheet's facts: @iqs/domain (the CLI builds the same CSV)
export type { EvaluationAnswerRow, EvaluationSheetData };

// ---------------------------------------------------------------------------------------------------------------
// What the viewer's panels and the IQS page are bound to: the IQS service (service/IqsService.ts), handed to them by
// the extension's panel and customization modules.

/** The state IQS shows, as stores the panels and the page subscribe to. */
export interface IqsStores {
  readonly account: StoreApi<AccountState>;
  readonly activeImage: StoreApi<ActiveImageState>;
  readonly evaluation: StoreApi<EvaluationState>;
  /** the answers' way to the server (the answer outbox's state) */
  readonly sync: StoreApi<SyncState>;
  /** rejected images: the active image's status, the reasons, the rejects to explain */
  readonly rejects: StoreApi<RejectState>;
  /** the reject reasons' way to the server (their outbox's state) */
  readonly rejectSync: StoreApi<SyncState>;
  /** the active image's dose against its reference (absent where IQS runs without it) */
  readonly doseReference?: StoreApi<DoseReferenceState>;
}

/** What the panels in the viewer use. */
export interface IqsPanelPort {
  readonly stores: IqsStores;
  /** signing in and out; null when IQS runs without its backend */
  readonly account: AccountActions | null;
  readonly evaluation: EvaluationActions;
  /** go to the IQS page (/iqs) */
  openIqsPage(): void;
  /** the scoring form offers to take the focus (see FocusOffer) */
  readonly offerScoringFocus: FocusOffer;
  /** rejected images: reasons, marking, the reject worklist */
  readonly rejects: RejectActions;
  /** clinical lessons: add the active image to a lesson, present a lesson; null without the backend */
  readonly lessons?: LessonData | null;
}

/** What the IQS page (/iqs) uses. */
export interface IqsPagePort {
  readonly stores: Pick<IqsStores, 'account'>;
  /** signing in and out; null when IQS runs without its backend */
  readonly account: AccountActions | null;
  /** the page's data; null when IQS runs without its backend (or before the page has connected to it) */
  pageData(): IqsPageData | null;
  /** the page is shown: IQS uses its backend until the returned function is called */
  connect(): () => void;
  /** the signed-in person's rejects to explain; null when IQS runs without its backend (or before the page has connected) */
  rejectWorklist(): RejectWorklistPageData | null;
  /** the dose analysis and the reference values; null when IQS runs without its backend (or before the page has connected) */
  doseData?(): (DoseAnalysisData & DoseReferenceData) | null;
  // --- the quality cycle (issue 13): each null when IQS runs without its backend (or before the page has connected)
  /** clinical lessons */
  lessons?(): LessonData | null;
  /** follow-up actions (plan–do–check–act) */
  actions?(): ActionData | null;
  /** the yearly coverage plan */
  coverage?(): CoverageData | null;
  /** the visitatie indicators (department figures, named nobody) */
  indicators?(): IndicatorData | null;
  /** the department's and personal quality reports */
  reports?(): ReportData | null;
  // (actions, coverage, reports and indicators add their own entry here)
  /** the scoring forms and their editor (issue 14; the section is shown to admins) */
  scoringForms?(): ScoringFormData | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Rejected images, the viewer's side (reject analysis, pillar 1): the Rejected mark, the reason picker, marking an
// accepted image rejected, and the signed-in person's rejects to explain (the reject worklist).

/** A reason to choose from (reject_reasons row, active, of the site). */
export interface RejectReason {
  readonly id: string;
  /** 'DCM' (CID 7011) or 'IQS' (local) */
  readonly coding_scheme: string;
  readonly code: string;
  readonly label_nl: string;
  readonly label_en: string;
  /** positioning | exposure | motion | artefact | equipment | other */
  readonly category: string;
  /** false: a test or QC image, left out of reject rates */
  readonly counts_as_reject: boolean;
  readonly sort_order: number;
}

/** The IOCM note titles: 113001 is a quality reject; the others name an image without making it a quality reject. */
export type IocmTitle = '113001' | '113037' | '113038' | '113039';

/** One image's reject status (RPC image_reject_status). */
export interface ImageRejectStatus {
  readonly image_id: string;
  readonly rejected: boolean;
  /** 'iocm': named by a 113001 note; 'iqs': marked in IQS; null when not rejected */
  readonly reject_source: 'iocm' | 'iqs' | null;
  readonly iocm_title: IocmTitle | null;
  /** the note's date ('iocm'), the marking date ('iqs'); YYYY-MM-DD */
  readonly noted_on: string | null;
  readonly reason_id: string | null;
  readonly reason_code: string | null;
  readonly reason_nl: string | null;
  readonly reason_en: string | null;
  readonly reason_category: string | null;
  /** 'modality': from the rejection note, to confirm or change; 'person': given by a person */
  readonly reason_source: 'modality' | 'person' | null;
  readonly comment: string | null;
  readonly recorded_at: string | null;
  readonly may_record: boolean;
  readonly may_mark: boolean;
  readonly may_unmark: boolean;
}

/** One of the signed-in person's rejected images without a reason from a person (RPC rejects_to_explain). */
export interface RejectToExplain {
  readonly image_id: string;
  readonly sop_instance_uid: string;
  readonly study_instance_uid: string;
  readonly series_instance_uid: string;
  readonly study_date: string | null;
  readonly modality: string | null;
  readonly procedure_code: string | null;
  readonly procedure_nl: string | null;
  readonly procedure_en: string | null;
  readonly view_position: string | null;
  readonly station_name: string | null;
  readonly room_label: string | null;
  readonly reject_source: 'iocm' | 'iqs' | null;
  readonly iocm_title: IocmTitle | null;
  readonly noted_on: string | null;
  /** the modality's reason, when the rejection note carried one */
  readonly suggested_reason_id: string | null;
  readonly suggested_reason_code: string | null;
}

/** What the reject work in the viewer reads from the backend (implemented over supabase-js in data/rejects.ts). */
export interface RejectData {
  loadReasons(): Promise<RejectReason[]>;
  imageStatus(sopInstanceUid: string): Promise<ImageRejectStatus | null>;
  toExplain(): Promise<RejectToExplain[]>;
}

/** The active image's reject status as the IQS panel shows it. */
export type ActiveRejectState =
  | { readonly status: 'none' }
  | { readonly status: 'loading'; readonly sopInstanceUid: string }
  /** value null: the index does not hold this image (or it is not the user's to see) */
  | { readonly status: 'ready'; readonly sopInstanceUid: string; readonly value: ImageRejectStatus | null }
  | { readonly status: 'error'; readonly sopInstanceUid: string; readonly message: string };

/** Rejected images in the viewer, as the IQS panel and the overlay show them. Written by the reject session. */
export interface RejectState {
  /** the reject work runs (the IQS mode, signed in) */
  readonly active: boolean;
  /** the site's active reasons; null until loaded */
  readonly reasons: readonly RejectReason[] | null;
  readonly image: ActiveRejectState;
  /** the signed-in person's rejects to explain, oldest first; null until loaded */
  readonly toExplain: readonly RejectToExplain[] | null;
  readonly toExplainError: string | null;
  /** opened from the list: after a reason is saved the next image to explain follows */
  readonly worklist: boolean;
  /** the picker of this image takes the focus (the image was opened from the list); `turn` grows with each request */
  readonly focus: { readonly sopInstanceUid: string; readonly turn: number } | null;
  /** a problem to show: an image that did not open, a list that did not load */
  readonly notice: string | null;
  /** the images whose reason was saved here in this session (kept in the browser, sent by the outbox) */
  readonly savedHere: readonly string[];
}

/** What the IQS panel asks of the reject work (on the active image unless an image is named). */
export interface RejectActions {
  /** give or change the reason of the active (rejected) image */
  recordReason(reasonId: string, comment: string | null): void;
  /** mark the active (accepted) image rejected in IQS, with its reason */
  markRejected(reasonId: string, comment: string | null): void;
  /** take back the active image's IQS mark */
  unmarkRejected(): void;
  /** show one of the rejects to explain, with its picker focused (the reject worklist) */
  openToExplain(sopInstanceUid: string): void;
  /** read the rejects to explain again */
  refreshToExplain(): void;
  /** after the server refused a reason: send again */
  retrySync(): void;
}

/** What the IQS page shows of the reject worklist (data/rejects.ts). */
export interface RejectWorklistPageData {
  toExplain(): Promise<readonly RejectToExplain[]>;
  /** the site's active reasons (to name the modality's suggestions) */
  reasons(): Promise<readonly RejectReason[]>;
  /** go to the viewer with these images loaded, at this one, its reason picker ready (leaves the page) */
  open(items: readonly RejectToExplain[], sopInstanceUid: string): void;
}
