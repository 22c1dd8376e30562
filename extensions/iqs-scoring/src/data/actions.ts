/**
 * Follow-up actions (actions/actionsPorts.ts ActionData) over supabase-js. Rows are written to quality_actions and
 * read from quality_action_overview (migration 33): RLS gives a quality officer or admin the site's actions and
 * anyone else their own; the database fills who and when, sets completed_at with the state, and decides overdue and
 * on time. This module only maps names between the row and the port.
 */
import type {
  ActionData,
  ActionFinding,
  ActionListFilter,
  ActionState,
  FindingKind,
  NewQualityAction,
  QualityAction,
  QualityActionChange,
} from '../actions/actionsPorts';
import { ACTION_STATES, FINDING_KINDS } from '../actions/actionsPorts';
import type { IqsClient } from './client';
import { BackendError } from './profile';

const fail = (error: { message: string; code?: string | null }): never => {
  throw new BackendError(error.message, error.code ?? null);
};

type Row = Record<string, unknown>;

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** One row of quality_action_overview as the port's shape. */
export function actionFromRow(row: Row): QualityAction {
  const state = ACTION_STATES.includes(row.state as ActionState) ? (row.state as ActionState) : 'planned';
  const kind = FINDING_KINDS.includes(row.finding_kind as FindingKind) ? (row.finding_kind as FindingKind) : 'other';
  return {
    id: String(row.id),
    title: String(row.title ?? ''),
    description: text(row.description),
    finding: { kind, ref: text(row.finding_ref), label: text(row.finding_label) },
    ownerId: String(row.owner_id),
    ownerName: String(row.owner_name ?? ''),
    dueDate: String(row.due_date),
    state,
    outcome: text(row.outcome),
    createdBy: text(row.created_by),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
    completedAt: text(row.completed_at),
    overdue: row.overdue === true,
    onTime: row.on_time === true,
  };
}

/** Overdue first, then by due date, then the most recently changed. */
function ordered(actions: readonly QualityAction[]): QualityAction[] {
  return [...actions].sort(
    (a, b) => Number(b.overdue) - Number(a.overdue) || a.dueDate.localeCompare(b.dueDate) || b.updatedAt.localeCompare(a.updatedAt),
  );
}

const findingColumns = (finding: ActionFinding) => ({
  finding_kind: finding.kind,
  finding_ref: finding.ref,
  finding_label: finding.label,
});

export function createActionData(client: IqsClient, personId: () => string | null): ActionData {
  const list = async (filter: ActionListFilter & { readonly ids?: readonly string[] } = {}): Promise<readonly QualityAction[]> => {
    let query = client.from('quality_action_overview').select('*');
    if (filter.ownerId) query = query.eq('owner_id', filter.ownerId);
    if (filter.states && filter.states.length > 0) query = query.in('state', [...filter.states]);
    if (filter.ids) query = query.in('id', [...filter.ids]);
    const { data, error } = await query.order('due_date');
    if (error) fail(error);
    return ordered((data ?? []).map((row) => actionFromRow(row as Row)));
  };
  const one = async (id: string): Promise<QualityAction> => {
    const [action] = await list({ ids: [id] });
    if (!action) throw new BackendError('the action is not there, or not yours to see', 'PGRST116');
    return action;
  };

  return {
    listDepartment: (filter) => list(filter),
    async listMine() {
      const me = personId();
      return me ? list({ ownerId: me }) : [];
    },
    listByOwner: (ownerId) => list({ ownerId }),
    async create(action: NewQualityAction) {
      const { data, error } = await client
        .from('quality_actions')
        .insert({
          title: action.title,
          description: action.description ?? null,
          ...findingColumns(action.finding),
          owner_id: action.ownerId,
          due_date: action.dueDate,
          state: action.state ?? 'planned',
          outcome: action.outcome ?? null,
        })
        .select('id')
        .single();
      if (error) fail(error);
      return one(String(data?.id));
    },
    async update(id: string, change: QualityActionChange) {
      const columns = {
        ...(change.title !== undefined ? { title: change.title } : {}),
        ...(change.description !== undefined ? { description: change.description } : {}),
        ...(change.finding !== undefined ? findingColumns(change.finding) : {}),
        ...(change.ownerId !== undefined ? { owner_id: change.ownerId } : {}),
        ...(change.dueDate !== undefined ? { due_date: change.dueDate } : {}),
        ...(change.state !== undefined ? { state: change.state } : {}),
        ...(change.outcome !== undefined ? { outcome: change.outcome } : {}),
      };
      // after handing an action to someone else a radiographer no longer reads it: no representation asked back
      const { error, count } = await client.from('quality_actions').update(columns, { count: 'exact' }).eq('id', id);
      if (error) fail(error);
      if (count === 0) throw new BackendError('the action is not there, or not yours to change', '42501');
      return one(id);
    },
    async owners() {
      const { data, error } = await client.from('people').select('id, display_name, role').eq('active', true).order('display_name');
      if (error) fail(error);
      return (data ?? []).map((p) => ({ id: p.id, display_name: p.display_name, role: p.role }));
    },
    myPersonId: () => personId(),
  };
}
