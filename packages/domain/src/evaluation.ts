/**
 * The evaluation of accepted images, as data: the uses, the sampling filter, scoring forms and their answers, the
 * worklist and the session summary. These shapes are the contract between the database's SQL functions
 * (backend/supabase/migrations: sampling, worklist, summary, statistics), the data layer (src/data) and the panels.
 */

/** Self-evaluation (one's own images), peer review (a colleague's), quality analysis (a procedure, room or group). */
export type EvaluationUse = 'self' | 'peer' | 'quality';
export const EVALUATION_USES: readonly EvaluationUse[] = ['self', 'peer', 'quality'];

/**
 * Years-of-service groups: completed years between a person's employment_start and the study date.
 * '0-2' is [0, 2), '2-5' is [2, 5), '5-10' is [5, 10), '10+' is 10 and more.
 */
export type ServiceYearsBand = '0-2' | '2-5' | '5-10' | '10+';
export const SERVICE_YEARS_BANDS: readonly ServiceYearsBand[] = ['0-2', '2-5', '5-10', '10+'];

export type PersonGroupFilter =
  { readonly kind: 'service_years'; readonly band: ServiceYearsBand } | { readonly kind: 'custom'; readonly group_id: string };

/**
 * Which accepted images a sample is drawn from (stored as evaluations.filter, JSON). Absent or null: no restriction.
 * For self-evaluation the database restricts to the evaluator's own images whatever operator_person_id says; for
 * peer review operator_person_id is the colleague reviewed.
 */
export interface EvaluationFilter {
  /** images this person made (one of its operators) */
  readonly operator_person_id?: string | null;
  /** images made by a member of this group */
  readonly group?: PersonGroupFilter | null;
  readonly procedure_ids?: readonly string[] | null;
  readonly modalities?: readonly string[] | null;
  /** rooms: stations.id */
  readonly station_ids?: readonly string[] | null;
  /** study dates, inclusive, YYYY-MM-DD */
  readonly from?: string | null;
  readonly to?: string | null;
  /** leave out images already in an evaluation of the same use; default true */
  readonly exclude_evaluated?: boolean;
  /** draw as evenly as possible from each procedure; default false */
  readonly spread_over_procedures?: boolean;
}

export type CriterionKind = 'yes_no_na' | 'scale' | 'choice' | 'comment' | 'grade';

/** What one value of a scale means, e.g. 4: "Good, minor deviation". */
export interface ScaleLabel {
  readonly value: string;
  readonly label_nl: string;
  readonly label_en: string;
}

/** scale: e.g. 1–5; answers from met_from up count as met (default: max − 1); labels say what each value means */
export interface ScaleOptions {
  readonly min: number;
  readonly max: number;
  readonly met_from?: number;
  readonly labels?: readonly ScaleLabel[];
}

/**
 * choice and grade options; `met: true` marks the answers that meet the criterion. A choice or grade with no option
 * marked is not counted as met or not (the 1–3 overall grade); private.answer_met (migration 37) decides.
 */
export interface ChoiceOption {
  readonly value: string;
  readonly label_nl: string;
  readonly label_en: string;
  readonly met?: boolean;
}

export interface Criterion {
  readonly id: string;
  readonly form_id: string;
  readonly position: number;
  readonly code: string;
  readonly kind: CriterionKind;
  readonly label_nl: string;
  readonly label_en: string;
  readonly help_nl: string | null;
  readonly help_en: string | null;
  readonly required: boolean;
  /** ScaleOptions for scale; ChoiceOption[] for choice and grade; null otherwise */
  readonly options: ScaleOptions | readonly ChoiceOption[] | null;
}

export interface ScoringForm {
  readonly id: string;
  readonly code: string;
  readonly version: number;
  readonly title_nl: string;
  readonly title_en: string;
  readonly source: string;
  readonly criteria: readonly Criterion[];
}

export type ItemState = 'to_do' | 'scored' | 'skipped';

/** One sampled image in an evaluation's worklist (public.evaluation_worklist). */
export interface WorklistItem {
  readonly item_id: string;
  readonly position: number;
  readonly state: ItemState;
  readonly image_id: string;
  readonly form_id: string;
  readonly sop_instance_uid: string;
  readonly series_instance_uid: string;
  readonly study_instance_uid: string;
  /** YYYY-MM-DD */
  readonly study_date: string | null;
  readonly modality: string | null;
  readonly view_position: string | null;
  readonly procedure_code: string | null;
  readonly procedure_name_nl: string | null;
  readonly procedure_name_en: string | null;
  readonly station_name: string | null;
  /** the operators' display names (or raw names when not mapped); null while hidden (blind evaluation, open) */
  readonly operator_names: readonly string[] | null;
  /**
   * image: this image is scored; series: its multi-slice series (CT, MR, PT) is scored as one, this image being the
   * series' representative (migration 38). Absent from rows made before it: an image.
   */
  readonly unit?: 'image' | 'series';
  /** the accepted images of the series (what the viewer's stack scrolls through); 1 for an image item */
  readonly series_images?: number;
}

/**
 * One answer to one criterion for one sampled image. `id` is made by the client (a UUID) when the criterion is
 * first answered and kept for every change, so that sending it again never duplicates (upsert on id).
 * yes_no_na: 'yes' | 'no' | 'na'; scale: the integer as text; choice and grade: an option value; comment: value
 * null and the text in comment.
 */
export interface Answer {
  readonly id: string;
  readonly evaluation_item_id: string;
  readonly form_id: string;
  readonly criterion_id: string;
  readonly value: string | null;
  readonly comment: string | null;
}

/** The summary of a session (public.evaluation_summary), per criterion and overall. */
export interface CriterionSummary {
  readonly criterion_code: string;
  readonly label_nl: string;
  readonly label_en: string;
  readonly position: number;
  readonly kind: CriterionKind;
  /** answers counted for met / not met (not applicable and unanswered left out) */
  readonly answered: number;
  readonly met: number;
  readonly not_applicable: number;
  /** met / answered, 0..1; null when nothing was answered */
  readonly share_met: number | null;
  /** the same share over the earlier evaluations it is compared with; null when there are none */
  readonly previous_share_met: number | null;
  readonly previous_answered: number;
}

export interface GradeCount {
  readonly value: string;
  readonly label_nl: string;
  readonly label_en: string;
  readonly count: number;
  /** whether this grade meets, where the form marks which grades meet (PGMI: P and G); null where it does not */
  readonly met?: boolean | null;
}

/**
 * The distribution of one grade criterion of one form (version) in an evaluation (migration 42): its options in the
 * form's order, each with how often it was given. Each criterion has its own: a chest's 1–3 grade and a mammogram's
 * PGMI are different scales.
 */
export interface GradeDistribution {
  readonly criterion_id: string;
  readonly criterion_code: string;
  readonly label_nl: string;
  readonly label_en: string;
  readonly position: number;
  readonly form_code: string;
  readonly form_title_nl: string;
  readonly form_title_en: string;
  readonly form_version: number;
  readonly options: readonly GradeCount[];
}

export interface FaultyItem {
  readonly item_id: string;
  readonly position: number;
  readonly image_id: string;
  readonly study_instance_uid: string;
  readonly series_instance_uid: string;
  readonly sop_instance_uid: string;
  /** codes of the criteria not met */
  readonly criteria: readonly string[];
  readonly grade: string | null;
  /** the grade's label on its form (absent before migration 42) */
  readonly grade_label_nl?: string | null;
  readonly grade_label_en?: string | null;
}

export interface EvaluationSummary {
  readonly evaluation_id: string;
  readonly items: number;
  readonly scored: number;
  readonly skipped: number;
  readonly criteria: readonly CriterionSummary[];
  /** one distribution per grade criterion of the forms used (migration 42; was one merged `grades` list) */
  readonly grade_criteria: readonly GradeDistribution[];
  readonly faults: readonly FaultyItem[];
  /** what the comparison is with, e.g. "earlier evaluations of Petra Jansen, same procedures" */
  readonly compared_with: string | null;
}

/** Dimensions and periods of the statistics (public.score_statistics). */
export type StatisticsDimension = 'radiographer' | 'procedure' | 'modality' | 'room' | 'group' | 'criterion';
export type StatisticsPeriod = 'month' | 'quarter' | 'year' | 'all';

export interface StatisticsRow {
  /** first day of the period (YYYY-MM-DD); null for 'all' */
  readonly period_start: string | null;
  readonly group_key: string | null;
  readonly group_label: string | null;
  readonly criterion_code: string;
  readonly criterion_label_nl: string;
  readonly criterion_label_en: string;
  readonly answered: number;
  readonly met: number;
  readonly share_met: number | null;
}

/**
 * Whether the summary shows a criterion's share met: every kind private.answer_met counts. A comment never; a grade
 * when its form marks which grades meet (the PGMI grade), which shows in answers counted; an unmarked grade (1–3)
 * has only its distribution.
 */
export function showsShareMet(criterion: CriterionSummary): boolean {
  if (criterion.kind === 'comment') return false;
  return criterion.kind !== 'grade' || criterion.answered > 0 || criterion.previous_answered > 0;
}

/**
 * The heading of a grade distribution: the criterion's label, with the form's title when the evaluation has more than
 * one grade criterion (a chest's overall grade and a mammogram's PGMI side by side), and its version when two
 * versions of one form are in it.
 */
export function gradeDistributionTitle(distribution: GradeDistribution, all: readonly GradeDistribution[], language: 'nl' | 'en'): string {
  const label = language === 'nl' ? distribution.label_nl : distribution.label_en;
  if (all.length <= 1) return label;
  const form = language === 'nl' ? distribution.form_title_nl : distribution.form_title_en;
  const versions = all.filter((d) => d.form_code === distribution.form_code && d.criterion_code === distribution.criterion_code);
  return `${label} · ${form}${versions.length > 1 ? ` (v${distribution.form_version})` : ''}`;
}

/** A fault's grade as its form words it (the value where no label came with it). */
export function faultGradeLabel(fault: FaultyItem, language: 'nl' | 'en'): string | null {
  if (fault.grade === null) return null;
  return (language === 'nl' ? fault.grade_label_nl : fault.grade_label_en) ?? fault.grade;
}

/**
 * A fault's grade as given: its value with its label, "M (Moderate)", "2 (Diagnostic, with faults)"; the label alone
 * where it only spells the value ("good" / "Good"), the value alone where no label came with it.
 */
export function faultGradeAnswer(fault: FaultyItem, language: 'nl' | 'en'): string | null {
  if (fault.grade === null) return null;
  const label = language === 'nl' ? fault.grade_label_nl : fault.grade_label_en;
  if (!label || label === fault.grade) return fault.grade;
  if (label.toLocaleLowerCase() === fault.grade.toLocaleLowerCase()) return label;
  return `${fault.grade} (${label})`;
}

/**
 * The grade criterion a fault's grade was given on, from the summary's distributions (a fault names its grade's value
 * and label, not its criterion): one whose options hold that value with that label, preferring one the fault lists as
 * not met (a marked grade that fails, PGMI M). Null when none fits, or when those that fit are worded differently
 * (then the reader cannot tell which criterion it was).
 */
export function faultGradeCriterion(fault: FaultyItem, distributions: readonly GradeDistribution[]): GradeDistribution | null {
  if (fault.grade === null) return null;
  const withValue = distributions.filter((d) => d.options.some((o) => o.value === fault.grade));
  const sameLabels = withValue.filter((d) =>
    d.options.some(
      (o) =>
        o.value === fault.grade &&
        (fault.grade_label_nl == null || o.label_nl === fault.grade_label_nl) &&
        (fault.grade_label_en == null || o.label_en === fault.grade_label_en),
    ),
  );
  const fitting = sameLabels.length > 0 ? sameLabels : withValue;
  const notMet = fitting.filter((d) => fault.criteria.includes(d.criterion_code));
  const candidates = notMet.length > 0 ? notMet : fitting;
  const first = candidates[0];
  if (!first) return null;
  const oneWording = candidates.every((d) => d.label_nl === first.label_nl && d.label_en === first.label_en);
  return oneWording ? first : null;
}
