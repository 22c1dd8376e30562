/**
 * The IQS domain core: plain TypeScript with no React, no I/O and no browser APIs, shared by the viewer
 * extension and the backend's ingestion.
 */
export type { DicomDataset, CalendarDate } from './dicomValues';
export { readText, readTexts, readNumber, readSequence, readDate, parseDicomDate, isoDate } from './dicomValues';
export type { ImageFacts, ImageFactName } from './imageFacts';
export { extractImageFacts, canonicalValue, deviationIndex } from './imageFacts';
export { readPatientAgeYears, wholeYearsBetween, yearsFromAgeString } from './patientAge';
export { readViewPosition, viewPositionFromCode } from './viewCodes';
export type { CanonicalUnit } from './units';
export { dGyCm2ToGyCm2, gyM2ToGyCm2, dGyToMGy, roundToSignificant } from './units';
export type { DoseQuantity, DoseReading } from './primaryDose';
export { primaryDose } from './primaryDose';
export { formatMeasured, formatSigned } from './formatNumber';
export { formatPersonName } from './personName';
export { SOP_CLASS, isDoseReportSopClass } from './sopClasses';
export { extractDoseReportFacts, type DoseReportFacts, type DoseReportKind } from './doseReport';
export {
  readRejectionNote,
  referencedInstances,
  rejectionTitle,
  rejectionReasonCode,
  isQualityRejection,
  REJECTION_TITLES,
  QUALITY_REJECTION_REASONS,
  type RejectionNote,
} from './rejectionNote';
export {
  applyTagMapping,
  parseTagMapping,
  readTagNumber,
  MAPPABLE_FIELDS,
  TagMappingError,
  type TagMappingEntry,
  type MappableField,
} from './tagMapping';
export { extractIngestRecord, type IngestRecord, type IndexedObject, type IngestOptions } from './ingestRecord';
export { toCanonical, normalizeUnit, type QuantityKind } from './units';
export { CANONICAL_DOSE_UNIT, publishedToCanonical, type DoseQuantityCode } from './units';
export {
  DEFAULT_REFERENCE_SET,
  DOSE_QUANTITY_CODES,
  DOSE_REFERENCE_SETS,
  DOSE_REFERENCE_STATUSES,
  NO_REFERENCE_REASONS,
  REFERENCE_EXAMS,
  compareWithReference,
  isReferenceExam,
  type DoseReferenceSet,
  type DoseReferenceStatus,
  type NoReferenceReason,
  type ReferenceComparison,
  type ReferenceExam,
} from './doseReference';
export { isValidUid, newUid, uidFromUuid } from './uids';
export {
  KOS_TITLES,
  KosError,
  type KosErrorReason,
  isImageSopClass,
  lessonDescription,
  lessonKosDataset,
  parseLessonDescription,
  readLessonKos,
  type KosIdentity,
  type KosImageReference,
  type KosLesson,
  type KosLessonCase,
  type ReadKos,
} from './lessonKos';
export type {
  Answer,
  ChoiceOption,
  Criterion,
  CriterionKind,
  CriterionSummary,
  EvaluationFilter,
  EvaluationSummary,
  EvaluationUse,
  FaultyItem,
  GradeCount,
  GradeDistribution,
  ItemState,
  PersonGroupFilter,
  ScaleOptions,
  ScaleLabel,
  ScoringForm,
  ServiceYearsBand,
  StatisticsDimension,
  StatisticsPeriod,
  StatisticsRow,
  WorklistItem,
} from './evaluation';
export {
  EVALUATION_USES,
  SERVICE_YEARS_BANDS,
  faultGradeAnswer,
  faultGradeCriterion,
  faultGradeLabel,
  gradeDistributionTitle,
  showsShareMet,
} from './evaluation';
export {
  answerKeys,
  answerForKey,
  answerMeets,
  validateAnswer,
  isAnswered,
  missingRequired,
  isComplete,
  nextCriterion,
  previousCriterion,
  firstUnanswered,
  criteriaInOrder,
  scaleOf,
  choicesOf,
  type AnswerKey,
  type AnswerContent,
  type AnswersByCriterionId,
  type AnswerProblem,
  type AnswerProblemCode,
} from './scoringForm';
export { csvField } from './csv';
export {
  evaluationRowsCsv,
  evaluationSheetBodyHtml,
  evaluationSheetHtml,
  evaluationSheetStyles,
  sheetLabels,
  type SheetHeader,
  type SheetLanguage,
  type SheetRow,
} from './evaluationSheet';
export {
  answerLabel,
  evaluatorHidden,
  formatCalendarDate,
  sheetHeader,
  sheetPeriod,
  sheetRows,
  sheetWords,
  type EvaluationAnswerRow,
  type EvaluationSheetData,
  type SheetWords,
} from './evaluationSheetRows';
export {
  INDICATOR_CSV_HEADERS,
  INDICATOR_PERIODS,
  QUALITY_INDICATOR_IDS,
  QUALITY_INDICATORS,
  indicatorValueText,
  indicatorsCsv,
  qualityIndicatorDefinition,
  type IndicatorPeriod,
  type QualityIndicatorDefinition,
  type QualityIndicatorId,
  type QualityIndicatorRow,
} from './qualityIndicators';
export {
  AGE_BANDS,
  DEFAULT_REJECT_THRESHOLDS,
  REJECT_CSV_COLUMNS,
  REJECT_DIMENSIONS,
  REJECT_PERIODS,
  REJECT_REASON_CATEGORIES,
  drillDownFilter,
  paretoOf,
  periodDateRange,
  reasonsText,
  rejectAnalysisCsv,
  rejectFlag,
  rejectRate,
  type AgeBand,
  type Pareto,
  type ParetoEntry,
  type RejectAnalysisRow,
  type RejectDimension,
  type RejectExposureRow,
  type RejectFigure,
  type RejectFilter,
  type RejectFlag,
  type RejectGroupFilter,
  type RejectImage,
  type RejectPeriod,
  type RejectReasonEntry,
  type RejectScope,
  type RejectThresholds,
} from './rejectAnalysis';
export {
  isReportDate,
  reportPeriodOf,
  type DepartmentReport,
  type OwnEvaluations,
  type PersonalReport,
  type QualityReport,
  type ReportAction,
  type ReportActions,
  type ReportCriterionShare,
  type ReportDoseRow,
  type ReportEvaluations,
  type ReportLanguage,
  type ReportRecommendations,
  type ReportRejectRow,
  type ReportRejects,
  type ReportSite,
} from './qualityReport';
export { reportLabels, type ReportLabels } from './qualityReportLabels';
export {
  reportDocument,
  reportDay,
  reportPeriodText,
  type ReportDocument,
  type ReportSection,
  type ReportTable,
} from './qualityReportSections';
export { escapeHtml, formatCell, reportBodyHtml, reportHtml, reportStyles } from './qualityReportHtml';
export { reportCsv } from './qualityReportCsv';
