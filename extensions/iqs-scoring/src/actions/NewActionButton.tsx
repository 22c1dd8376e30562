import { useEffect, useState } from 'react';
import type { Translator } from '../i18n/translator';
import { ActionForm } from './ActionForm';
import { newValues, toNewAction } from './actionFormValues';
import { announceActionsChanged } from './actionEvents';
import type { ActionData, ActionFinding, ActionOwnerOption } from './actionsPorts';

export interface NewActionButtonProps {
  /** the finding the action answers, pre-filled in the form */
  readonly finding: ActionFinding;
  readonly actions: ActionData;
  readonly translator: Translator;
  /** quality officers and admins give actions to anyone of the site; others only to themselves */
  readonly mayAssignOthers?: boolean;
  /** the due date offered (YYYY-MM-DD); four weeks from today unless given */
  readonly dueDate?: string;
  /** the button's words: "Follow-up action" beside a finding, "New action" in the actions section */
  readonly label?: 'action.followUp' | 'action.new';
}

function inFourWeeks(): string {
  const date = new Date(Date.now() + 28 * 86_400_000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** "Follow-up action" beside a finding (an analysis, an evaluation summary, a lesson): the action form, pre-filled. */
export function NewActionButton({
  finding,
  actions,
  translator,
  mayAssignOthers = false,
  dueDate,
  label = 'action.followUp',
}: NewActionButtonProps) {
  const { t } = translator;
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(false);
  const [owners, setOwners] = useState<readonly ActionOwnerOption[]>([]);
  useEffect(() => {
    if (!open) return;
    let gone = false;
    actions
      .owners()
      .then((list) => !gone && setOwners(list))
      .catch(() => !gone && setOwners([]));
    return () => {
      gone = true;
    };
  }, [open, actions]);

  const me = actions.myPersonId();
  return (
    <div className="iqs-action-new iqs-no-print" data-iqs-new-action={finding.kind}>
      {!open && (
        <button
          type="button"
          className={label === 'action.new' ? 'iqs-primary' : undefined}
          data-iqs-action={label === 'action.new' ? 'new-action' : 'follow-up'}
          onClick={() => {
            setOpen(true);
            setSaved(false);
          }}
        >
          {t(label)}
        </button>
      )}
      {saved && !open && (
        <span className="iqs-message" role="status">
          {t('action.saved')}
        </span>
      )}
      {open && (
        <ActionForm
          initial={newValues(finding, me ?? '', dueDate ?? inFourWeeks())}
          owners={owners}
          myPersonId={me}
          mayAssignOthers={mayAssignOthers}
          translator={translator}
          onCancel={() => setOpen(false)}
          onSubmit={async (values) => {
            await actions.create(toNewAction(values));
            setOpen(false);
            setSaved(true);
            announceActionsChanged();
          }}
        />
      )}
    </div>
  );
}
