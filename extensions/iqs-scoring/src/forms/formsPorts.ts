/**
 * The form editor's shapes (issue 14, item 2): what the forms section on /iqs (forms/FormsSection.tsx) asks of the
 * backend (data/scoringForms.ts). The database decides: only an admin saves, and a save is a new version
 * (public.save_scoring_form, migration 37). Types only: nothing here runs.
 */
import type { Criterion } from '@iqs/domain';

/** A procedure and view a form scores (scoring_form_procedures row); view null: every view of the procedure. */
export interface FormMapping {
  readonly procedure_id: string;
  readonly view_position: string | null;
}

/** An active form as the editor opens it: its criteria in order and what it scores. */
export interface EditableForm {
  readonly id: string;
  readonly code: string;
  readonly version: number;
  readonly title_nl: string;
  readonly title_en: string;
  readonly source: string;
  readonly is_generic: boolean;
  /** when this version was saved (ISO timestamp) */
  readonly created_at: string;
  readonly criteria: readonly Criterion[];
  readonly procedures: readonly FormMapping[];
}

/** A procedure the department has, to map a form to. */
export interface FormProcedure {
  readonly id: string;
  readonly code: string;
  readonly name_nl: string;
  readonly name_en: string;
}

/** What the editor sends: public.save_scoring_form's argument (see the migration's comment). */
export interface ScoringFormPayload {
  readonly replaces: string | null;
  readonly code?: string;
  readonly title_nl: string;
  readonly title_en: string;
  readonly source: string;
  readonly criteria: readonly {
    readonly code: string;
    readonly kind: Criterion['kind'];
    readonly label_nl: string;
    readonly label_en: string;
    readonly help_nl: string | null;
    readonly help_en: string | null;
    readonly required: boolean;
    readonly options: unknown;
  }[];
  readonly procedures: readonly FormMapping[];
}

/** The result of a save: the active version now (the same one when nothing changed). */
export interface SavedForm {
  readonly id: string;
  readonly version: number;
  readonly created: boolean;
}

export interface ScoringFormData {
  /** the site's active forms, generic first, then by title */
  editableForms(): Promise<readonly EditableForm[]>;
  procedures(): Promise<readonly FormProcedure[]>;
  /** admins only; the database refuses anyone else, a stale version (code 40001) and malformed forms (22023) */
  saveForm(payload: ScoringFormPayload): Promise<SavedForm>;
  /**
   * Forms taken out of use: each code's newest version when no version of it is active, by title (migration 43).
   * They keep their criteria, procedures and views, and the scores given on them.
   */
  retiredForms(): Promise<readonly EditableForm[]>;
  /**
   * Takes a form version out of use (false) or puts it back (true) through the table: only an admin's update passes
   * the policies (none: code 42501); the database refuses the generic form (23514) and putting back a form while
   * another active form holds one of its views (23505, "another form already scores …").
   */
  setFormActive(id: string, active: boolean): Promise<void>;
}
