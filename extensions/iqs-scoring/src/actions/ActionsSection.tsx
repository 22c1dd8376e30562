import { useCallback, useEffect, useState } from 'react';
import type { Translator } from '../i18n/translator';
import type { MessageKey } from '../i18n/messages';
import type { IqsPageData, IqsRole } from '../ports';
import { formatDate, translated } from '../ui/display';
import { ActionFindingLink } from './ActionFindingLink';
import { ActionForm } from './ActionForm';
import { NewActionButton } from './NewActionButton';
import { daysPastDue, EMPTY_FINDING, toNewAction, valuesOf } from './actionFormValues';
import { onActionsChanged } from './actionEvents';
import { ACTION_STATES, type ActionData, type ActionOwnerOption, type ActionState, type QualityAction } from './actionsPorts';

export interface ActionsSectionProps {
  readonly actions: ActionData;
  readonly data: IqsPageData;
  readonly role: IqsRole;
  readonly translator: Translator;
  /** YYYY-MM-DD */
  readonly today: string;
}

type Loaded<T> = { status: 'loading' } | { status: 'done'; value: T } | { status: 'error'; message: string };
type StateFilter = 'all' | 'open' | ActionState;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function addDays(iso: string, days: number): string {
  const date = new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) + days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

/** The list of a set of actions: overdue ones marked in words and colour, done ones with on time / late. */
function ActionList({
  list,
  showOwner,
  editing,
  onEdit,
  editor,
  data,
  translator,
  today,
  name,
}: {
  list: Loaded<readonly QualityAction[]>;
  showOwner: boolean;
  editing: string | null;
  onEdit: (id: string | null) => void;
  editor: (action: QualityAction) => JSX.Element;
  data: IqsPageData;
  translator: Translator;
  today: string;
  name: string;
}) {
  const { t, locale } = translator;
  if (list.status === 'loading') return <p className="iqs-message">{t('common.loading')}</p>;
  if (list.status === 'error')
    return (
      <p className="iqs-error" role="alert">
        {t('common.loadFailed')} {list.message}
      </p>
    );
  if (list.value.length === 0) return <p className="iqs-message">{t('action.none')}</p>;
  return (
    <ul className="iqs-action-list" data-iqs-action-list={name}>
      {list.value.map((action) => {
        const days = daysPastDue(action.dueDate, today);
        return (
          <li
            key={action.id}
            className={`iqs-action-item${action.overdue ? ' iqs-action-overdue' : ''}`}
            data-iqs-action-id={action.id}
            data-iqs-action-state={action.state}
            data-iqs-overdue={action.overdue ? 'true' : 'false'}
          >
            <div className="iqs-action-head">
              <span className="iqs-action-title">{action.title}</span>
              <span className={`iqs-action-state iqs-action-state-${action.state}`}>{t(`action.state.${action.state}` as MessageKey)}</span>
            </div>
            <div className="iqs-action-meta">
              <ActionFindingLink finding={action.finding} data={data} translator={translator} />
              {showOwner && <span className="iqs-action-owner">{action.ownerName}</span>}
              <span className="iqs-action-due">
                {translated(translator, 'action.due', { date: formatDate(action.dueDate, locale) ?? action.dueDate })}
              </span>
            </div>
            {action.overdue && (
              <p className="iqs-action-overdue-note" data-iqs-overdue-note="">
                {days === 1 ? t('action.overdueOne') : translated(translator, 'action.overdue', { days })}
              </p>
            )}
            {action.state === 'done' && action.completedAt && (
              <p
                className={`iqs-action-completed ${action.onTime ? 'iqs-action-on-time' : 'iqs-action-late'}`}
                data-iqs-on-time={String(action.onTime)}
              >
                {translated(translator, action.onTime ? 'action.completedOnTime' : 'action.completedLate', {
                  date: formatDate(action.completedAt, locale) ?? action.completedAt,
                })}
              </p>
            )}
            {action.description && <p className="iqs-action-description">{action.description}</p>}
            {action.outcome && (
              <p className="iqs-action-outcome">
                {t('action.field.outcome')}: {action.outcome}
              </p>
            )}
            {editing === `${name}:${action.id}` ? (
              editor(action)
            ) : (
              <button type="button" onClick={() => onEdit(`${name}:${action.id}`)} data-iqs-action="edit-action">
                {t('action.edit')}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Follow-up actions on /iqs: quality officers and admins see the department's list (by owner and state) and give
 * actions to anyone of the site; everyone sees "my actions" and moves them through Plan, Do, Check and Act. What is
 * shown and allowed is decided by the database (RLS, migration 33); the form only checks before sending.
 */
export function ActionsSection({ actions, data, role, translator, today }: ActionsSectionProps) {
  const { t } = translator;
  const quality = role === 'quality_officer' || role === 'admin';
  const me = actions.myPersonId();
  const [ownerFilter, setOwnerFilter] = useState('');
  const [stateFilter, setStateFilter] = useState<StateFilter>('open');
  const [department, setDepartment] = useState<Loaded<readonly QualityAction[]>>({ status: 'loading' });
  const [mine, setMine] = useState<Loaded<readonly QualityAction[]>>({ status: 'loading' });
  const [owners, setOwners] = useState<readonly ActionOwnerOption[]>([]);
  const [editing, setEditing] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);
  const reload = useCallback(() => setRevision((n) => n + 1), []);

  useEffect(() => onActionsChanged(reload), [reload]);
  useEffect(() => {
    let gone = false;
    actions
      .owners()
      .then((list) => !gone && setOwners(list))
      .catch(() => !gone && setOwners([]));
    return () => {
      gone = true;
    };
  }, [actions]);
  useEffect(() => {
    let gone = false;
    const load = (promise: Promise<readonly QualityAction[]>, set: (value: Loaded<readonly QualityAction[]>) => void): void => {
      promise
        .then((value) => !gone && set({ status: 'done', value }))
        .catch((error: unknown) => !gone && set({ status: 'error', message: message(error) }));
    };
    load(actions.listMine(), setMine);
    if (quality) {
      const states: readonly ActionState[] =
        stateFilter === 'all'
          ? []
          : stateFilter === 'open'
            ? ACTION_STATES.filter((s) => s !== 'done' && s !== 'cancelled')
            : [stateFilter];
      load(actions.listDepartment({ ownerId: ownerFilter || null, states }), setDepartment);
    }
    return () => {
      gone = true;
    };
  }, [actions, quality, ownerFilter, stateFilter, revision]);

  const editor = (action: QualityAction): JSX.Element => (
    <ActionForm
      initial={valuesOf(action)}
      owners={owners}
      myPersonId={me}
      mayAssignOthers={quality}
      onlyStateOutcome={!quality && action.createdBy !== me}
      translator={translator}
      onCancel={() => setEditing(null)}
      onSubmit={async (values) => {
        const change = toNewAction(values);
        await actions.update(
          action.id,
          !quality && action.createdBy !== me
            ? { state: change.state, outcome: change.outcome }
            : { ...change, description: change.description ?? null },
        );
        setEditing(null);
        reload();
      }}
    />
  );

  return (
    <section className="iqs-card iqs-card-wide iqs-action-section" data-iqs-section="actions" aria-labelledby="iqs-actions-title">
      <h2 id="iqs-actions-title" tabIndex={-1}>
        {t('action.title')}
      </h2>
      <p className="iqs-message">{t('action.intro')}</p>
      <NewActionButton
        finding={EMPTY_FINDING}
        actions={actions}
        translator={translator}
        mayAssignOthers={quality}
        dueDate={addDays(today, 28)}
        label="action.new"
      />
      <h3 className="iqs-subheading">{t('action.mine')}</h3>
      <ActionList
        name="mine"
        list={mine}
        showOwner={false}
        editing={editing}
        onEdit={setEditing}
        editor={editor}
        data={data}
        translator={translator}
        today={today}
      />
      {quality && (
        <>
          <h3 className="iqs-subheading">{t('action.department')}</h3>
          <div className="iqs-action-filters">
            <label>
              {t('action.filter.owner')}
              <select name="ownerFilter" value={ownerFilter} onChange={(e) => setOwnerFilter(e.target.value)}>
                <option value="">{t('action.filter.all')}</option>
                {owners.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.display_name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('action.filter.state')}
              <select name="stateFilter" value={stateFilter} onChange={(e) => setStateFilter(e.target.value as StateFilter)}>
                <option value="open">{t('action.filter.open')}</option>
                <option value="all">{t('action.filter.all')}</option>
                {ACTION_STATES.map((state) => (
                  <option key={state} value={state}>
                    {t(`action.state.${state}` as MessageKey)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <ActionList
            name="department"
            list={department}
            showOwner
            editing={editing}
            onEdit={setEditing}
            editor={editor}
            data={data}
            translator={translator}
            today={today}
          />
        </>
      )}
    </section>
  );
}
