/**
 * Follow-up actions (plan–do–check–act, issue 13): what the /iqs actions section, the "Follow-up action" buttons of
 * the analyses and summaries, and reports read and write. Implemented over supabase-js in data/actions.ts on
 * public.quality_actions and public.quality_action_overview (migration 33): RLS decides who sees and changes which
 * action, the database fills who/when and completed_at, and decides overdue and on time.
 */

/** planned = Plan, in_progress = Do, checking = Check, done = Act (closed), cancelled */
export type ActionState = 'planned' | 'in_progress' | 'checking' | 'done' | 'cancelled';
export const ACTION_STATES: readonly ActionState[] = ['planned', 'in_progress', 'checking', 'done', 'cancelled'];

/** What kind of finding an action answers (public.finding_kind). */
export type FindingKind = 'reject_analysis' | 'dose_analysis' | 'evaluation' | 'lesson' | 'report' | 'indicator' | 'other';
export const FINDING_KINDS: readonly FindingKind[] = [
  'reject_analysis',
  'dose_analysis',
  'evaluation',
  'lesson',
  'report',
  'indicator',
  'other',
];

/** The finding an action answers: its kind, what opens it (an evaluation id, a lesson id, an analysis's filter as a
 * query string of /iqs), and how it reads in lists and reports. */
export interface ActionFinding {
  readonly kind: FindingKind;
  readonly ref: string | null;
  readonly label: string | null;
}

/** One follow-up action as the list shows it (quality_action_overview). */
export interface QualityAction {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly finding: ActionFinding;
  readonly ownerId: string;
  readonly ownerName: string;
  /** YYYY-MM-DD */
  readonly dueDate: string;
  readonly state: ActionState;
  readonly outcome: string | null;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** when it became done (set and cleared by the database) */
  readonly completedAt: string | null;
  /** still open (not done, not cancelled) after its due date — decided by the database */
  readonly overdue: boolean;
  /** done on or before its due date — decided by the database */
  readonly onTime: boolean;
}

export interface NewQualityAction {
  readonly title: string;
  readonly description?: string | null;
  readonly finding: ActionFinding;
  readonly ownerId: string;
  /** YYYY-MM-DD */
  readonly dueDate: string;
  readonly state?: ActionState;
  readonly outcome?: string | null;
}

/** What may change; absent fields stay as they are. */
export interface QualityActionChange {
  readonly title?: string;
  readonly description?: string | null;
  readonly finding?: ActionFinding;
  readonly ownerId?: string;
  readonly dueDate?: string;
  readonly state?: ActionState;
  readonly outcome?: string | null;
}

/** The department's list, narrowed. */
export interface ActionListFilter {
  readonly ownerId?: string | null;
  readonly states?: readonly ActionState[];
}

/** A person an action can be given to (active people of the site). */
export interface ActionOwnerOption {
  readonly id: string;
  readonly display_name: string;
  readonly role: string;
}

export interface ActionData {
  /** every action the caller may read (the department's for quality officers and admins), overdue first */
  listDepartment(filter?: ActionListFilter): Promise<readonly QualityAction[]>;
  /** the signed-in person's own actions */
  listMine(): Promise<readonly QualityAction[]>;
  listByOwner(ownerId: string): Promise<readonly QualityAction[]>;
  create(action: NewQualityAction): Promise<QualityAction>;
  update(id: string, change: QualityActionChange): Promise<QualityAction>;
  /** the active people of the site, for the owner choice */
  owners(): Promise<readonly ActionOwnerOption[]>;
  /** the signed-in person (the owner a radiographer may choose) */
  myPersonId(): string | null;
}
