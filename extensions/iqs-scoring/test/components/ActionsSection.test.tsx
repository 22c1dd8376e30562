import { act, fireEvent, render, within } from '@testing-library/react';
import { createTranslator } from '../../src/i18n/translator';
import { ActionsSection } from '../../src/actions/ActionsSection';
import { NewActionButton } from '../../src/actions/NewActionButton';
import type { ActionData, NewQualityAction, QualityAction, QualityActionChange } from '../../src/actions/actionsPorts';
import { BackendError } from '../../src/data/profile';
import type { IqsPageData } from '../../src/ports';
import { LessonsSection } from '../../src/lessons/LessonsSection';
import { fakeLessonData, lessonImage } from './lessonFixtures';

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));
const en = createTranslator('en');
const nl = createTranslator('nl');
const TODAY = '2026-12-04';

const FATIMA = 'p-fatima';
const PETRA = 'p-petra';
const DAAN = 'p-daan';
const NAMES: Record<string, string> = { [FATIMA]: 'Fatima Mulder', [PETRA]: 'Petra Jansen', [DAAN]: 'Daan Smit' };

function action(overrides: Partial<QualityAction>): QualityAction {
  return {
    id: 'a-1',
    title: 'Houding thorax PA',
    description: null,
    finding: { kind: 'reject_analysis', ref: 'section=reject-analysis', label: 'Reject analysis 2026' },
    ownerId: PETRA,
    ownerName: NAMES[PETRA]!,
    dueDate: '2026-12-01',
    state: 'planned',
    outcome: null,
    createdBy: FATIMA,
    createdAt: '2026-11-01T10:00:00Z',
    updatedAt: '2026-11-01T10:00:00Z',
    completedAt: null,
    overdue: true,
    onTime: false,
    ...overrides,
  };
}

/** An in-memory ActionData: the lists the database would give this person (RLS is the database's, tested there). */
function fakeActions(me: string, stored: QualityAction[], refuse: BackendError | null = null) {
  const calls = {
    department: [] as unknown[],
    mine: 0,
    created: [] as NewQualityAction[],
    updated: [] as Array<[string, QualityActionChange]>,
  };
  let rows = [...stored];
  const data: ActionData = {
    async listDepartment(filter = {}) {
      calls.department.push(filter);
      return rows.filter(
        (a) => (!filter.ownerId || a.ownerId === filter.ownerId) && (!filter.states?.length || filter.states.includes(a.state)),
      );
    },
    async listMine() {
      calls.mine++;
      return rows.filter((a) => a.ownerId === me);
    },
    async listByOwner(ownerId) {
      return rows.filter((a) => a.ownerId === ownerId);
    },
    async create(input) {
      calls.created.push(input);
      if (refuse) throw refuse;
      const created = action({
        id: `a-${rows.length + 1}`,
        ...input,
        ownerName: NAMES[input.ownerId]!,
        state: input.state ?? 'planned',
        overdue: false,
        createdBy: me,
      });
      rows = [...rows, created];
      return created;
    },
    async update(id, change) {
      calls.updated.push([id, change]);
      if (refuse) throw refuse;
      const before = rows.find((a) => a.id === id)!;
      const after = { ...before, ...change, overdue: false } as QualityAction;
      rows = rows.map((a) => (a.id === id ? after : a));
      return after;
    },
    async owners() {
      return Object.entries(NAMES).map(([id, display_name]) => ({
        id,
        display_name,
        role: id === FATIMA ? 'quality_officer' : 'radiographer',
      }));
    },
    myPersonId: () => me,
  };
  return { data, calls };
}

function pageData() {
  const asked: string[] = [];
  const data = {
    evaluationSummary: async (id: string) => {
      asked.push(id);
      throw new BackendError('not yours to read', '42501');
    },
    openEvaluation: () => undefined,
  } as unknown as IqsPageData;
  return { data, asked };
}

const STORED = [
  action({}),
  action({
    id: 'a-2',
    title: 'Dosis knie',
    ownerId: DAAN,
    ownerName: NAMES[DAAN]!,
    dueDate: '2027-01-31',
    overdue: false,
    finding: { kind: 'dose_analysis', ref: null, label: null },
  }),
  action({
    id: 'a-3',
    title: 'Les over positionering',
    state: 'done',
    outcome: 'Les gegeven',
    dueDate: '2026-10-01',
    completedAt: '2026-10-05T09:00:00Z',
    overdue: false,
    onTime: false,
    finding: { kind: 'evaluation', ref: 'ev-1', label: 'Zelfevaluatie thorax' },
  }),
];

describe('the follow-up actions section', () => {
  it('shows a quality officer the department’s list by owner and state, overdue ones said in words, done ones on time or late', async () => {
    const { data, calls } = fakeActions(FATIMA, STORED);
    const { container } = render(
      <ActionsSection actions={data} data={pageData().data} role="quality_officer" translator={en} today={TODAY} />,
    );
    await settle();
    const department = container.querySelector<HTMLElement>('[data-iqs-action-list="department"]')!;
    // open ones by default: the done one is left out
    expect([...department.querySelectorAll<HTMLElement>('[data-iqs-action-id]')].map((li) => li.dataset['iqsActionId'])).toEqual([
      'a-1',
      'a-2',
    ]);
    const overdue = department.querySelector<HTMLElement>('[data-iqs-action-id="a-1"]')!;
    expect(overdue.dataset['iqsOverdue']).toBe('true');
    expect(overdue.className).toContain('iqs-action-overdue');
    expect(overdue.textContent).toContain('Overdue: 3 days past the due date');
    expect(overdue.textContent).toContain('Petra Jansen');
    expect(department.querySelector('[data-iqs-action-id="a-2"]')!.textContent).not.toContain('Overdue');

    fireEvent.change(container.querySelector('select[name="ownerFilter"]')!, { target: { value: PETRA } });
    fireEvent.change(container.querySelector('select[name="stateFilter"]')!, { target: { value: 'all' } });
    await settle();
    expect(calls.department.at(-1)).toEqual({ ownerId: PETRA, states: [] });
    const done = container.querySelector<HTMLElement>('[data-iqs-action-list="department"] [data-iqs-action-id="a-3"]')!;
    expect(done.textContent).toContain('Completed on 5 Oct 2026, late');
    expect(done.textContent).toContain('Act – done');
    expect(done.textContent).toContain('Les gegeven');
  });

  it('gives a radiographer her own actions only, and lets her give a new one only to herself', async () => {
    const { data, calls } = fakeActions(PETRA, STORED);
    const { container } = render(
      <ActionsSection actions={data} data={pageData().data} role="radiographer" translator={en} today={TODAY} />,
    );
    await settle();
    expect(container.querySelector('[data-iqs-action-list="department"]')).toBeNull();
    expect(calls.department).toEqual([]);
    const mine = container.querySelector<HTMLElement>('[data-iqs-action-list="mine"]')!;
    expect([...mine.querySelectorAll<HTMLElement>('[data-iqs-action-id]')].map((li) => li.dataset['iqsActionId'])).toEqual(['a-1', 'a-3']);
    fireEvent.click(container.querySelector('[data-iqs-action="new-action"]')!);
    await settle();
    const owners = [...container.querySelectorAll<HTMLOptionElement>('select[name="owner"] option')].map((o) => o.value);
    expect(owners).toEqual(['', PETRA]);
    expect(container.textContent).toContain('You can give an action only to yourself.');
  });

  it('checks the form before sending: title, due date, and an outcome when done; then sends the change', async () => {
    const { data, calls } = fakeActions(FATIMA, STORED);
    const { container } = render(
      <ActionsSection actions={data} data={pageData().data} role="quality_officer" translator={en} today={TODAY} />,
    );
    await settle();
    fireEvent.click(container.querySelector('[data-iqs-action="new-action"]')!);
    const form = container.querySelector<HTMLElement>('[data-iqs-action-form]')!;
    fireEvent.change(within(form).getByLabelText('Due date'), { target: { value: '1999-12-31' } });
    fireEvent.click(within(form).getByText('Save'));
    await settle();
    expect(within(form).getByRole('alert').textContent).toContain('Give the action a title.');
    expect(within(form).getByRole('alert').textContent).toContain('The due date is not a date between 2000 and 2099.');
    expect(calls.created).toEqual([]);
    fireEvent.change(within(form).getByLabelText('Action'), { target: { value: 'Instelbord controleren' } });
    fireEvent.change(within(form).getByLabelText('Due date'), { target: { value: '2026-12-20' } });
    fireEvent.change(within(form).getByLabelText('Owner'), { target: { value: DAAN } });
    fireEvent.click(within(form).getByText('Save'));
    await settle();
    expect(calls.created).toEqual([
      {
        title: 'Instelbord controleren',
        description: null,
        finding: { kind: 'other', ref: null, label: null },
        ownerId: DAAN,
        dueDate: '2026-12-20',
        state: 'planned',
        outcome: null,
      },
    ]);

    // done needs an outcome
    fireEvent.click(
      container.querySelector('[data-iqs-action-list="department"] [data-iqs-action-id="a-1"] [data-iqs-action="edit-action"]')!,
    );
    const edit = container.querySelector<HTMLElement>('[data-iqs-action-id="a-1"] [data-iqs-action-form]')!;
    fireEvent.change(within(edit).getByLabelText('State'), { target: { value: 'done' } });
    fireEvent.click(within(edit).getByText('Save'));
    await settle();
    expect(within(edit).getByRole('alert').textContent).toContain('An action is done with its outcome');
    expect(calls.updated).toEqual([]);
    fireEvent.change(within(edit).getByLabelText('Outcome'), { target: { value: 'Bord vervangen' } });
    fireEvent.click(within(edit).getByText('Save'));
    await settle();
    expect(calls.updated).toHaveLength(1);
    expect(calls.updated[0]![1]).toMatchObject({ state: 'done', outcome: 'Bord vervangen', title: 'Houding thorax PA', ownerId: PETRA });
  });

  it('lets a radiographer change only the state and outcome of an action the quality officer gave her; a refusal keeps what she typed', async () => {
    const { data, calls } = fakeActions(PETRA, STORED, new BackendError('permission denied', '42501'));
    const { container } = render(
      <ActionsSection actions={data} data={pageData().data} role="radiographer" translator={en} today={TODAY} />,
    );
    await settle();
    fireEvent.click(container.querySelector('[data-iqs-action-id="a-1"] [data-iqs-action="edit-action"]')!);
    const edit = container.querySelector<HTMLElement>('[data-iqs-action-id="a-1"] [data-iqs-action-form]')!;
    expect(edit.textContent).toContain('The quality officer gave you this action');
    expect(within(edit).getByLabelText<HTMLInputElement>('Action').disabled).toBe(true);
    expect(within(edit).getByLabelText<HTMLInputElement>('Due date').disabled).toBe(true);
    fireEvent.change(within(edit).getByLabelText('State'), { target: { value: 'in_progress' } });
    fireEvent.change(within(edit).getByLabelText('Outcome'), { target: { value: 'Bezig' } });
    fireEvent.click(within(edit).getByText('Save'));
    await settle();
    expect(calls.updated).toEqual([['a-1', { state: 'in_progress', outcome: 'Bezig' }]]);
    expect(within(edit).getByRole('alert').textContent).toContain('You may not change this action');
    expect(within(edit).getByLabelText<HTMLTextAreaElement>('Outcome').value).toBe('Bezig');
  });

  it('opens an evaluation finding where the action is listed, and says so when it cannot', async () => {
    const { data } = fakeActions(PETRA, STORED);
    const page = pageData();
    const { container } = render(<ActionsSection actions={data} data={page.data} role="radiographer" translator={en} today={TODAY} />);
    await settle();
    const link = within(container.querySelector<HTMLElement>('[data-iqs-action-id="a-3"]')!).getByText('Evaluation: Zelfevaluatie thorax');
    fireEvent.click(link);
    await settle();
    expect(page.asked).toEqual(['ev-1']);
    expect(container.querySelector('[data-iqs-action-id="a-3"]')!.textContent).toContain('This finding cannot be opened here.');
  });

  it('leads a lesson finding to the lesson’s row in the lessons section, and says so when the page does not show it', async () => {
    const withLesson = [action({ id: 'a-9', ownerId: PETRA, finding: { kind: 'lesson', ref: 'l-7', label: 'Thorax positioning' } })];
    const { data } = fakeActions(PETRA, withLesson);
    const { container, rerender } = render(
      <div>
        <ActionsSection actions={data} data={pageData().data} role="radiographer" translator={en} today={TODAY} />
      </div>,
    );
    await settle();
    fireEvent.click(within(container).getByText('Clinical lesson: Thorax positioning'));
    expect(container.textContent).toContain('This finding cannot be opened here.');
    rerender(
      <div>
        <section data-iqs-section="lessons">
          <h2>Lessons</h2>
          <ul>
            <li data-iqs-lesson-row="l-7">
              <button type="button">Open</button>
            </li>
          </ul>
        </section>
        <ActionsSection actions={data} data={pageData().data} role="radiographer" translator={en} today={TODAY} />
      </div>,
    );
    await settle();
    fireEvent.click(within(container).getByText('Clinical lesson: Thorax positioning'));
    expect(document.activeElement?.textContent).toBe('Open');
    expect(container.textContent).not.toContain('This finding cannot be opened here.');
  });

  it('reads in Dutch', async () => {
    const { data } = fakeActions(FATIMA, STORED);
    const { container } = render(
      <ActionsSection actions={data} data={pageData().data} role="quality_officer" translator={nl} today={TODAY} />,
    );
    await settle();
    expect(container.textContent).toContain('Verbeteracties');
    expect(container.textContent).toContain('Te laat: 3 dagen na de streefdatum');
    expect(container.textContent).toContain('Acties van de afdeling');
  });
});

describe('the follow-up action button beside a finding', () => {
  it('offers the form with the finding filled in, saves, and the actions section reads its lists again', async () => {
    const { data, calls } = fakeActions(FATIMA, STORED);
    const finding = { kind: 'dose_analysis' as const, ref: 'section=dose-analysis&filter=%7B%7D', label: 'Dose analysis' };
    const { container } = render(
      <div>
        <NewActionButton finding={finding} actions={data} translator={en} mayAssignOthers dueDate="2026-12-31" />
        <ActionsSection actions={data} data={pageData().data} role="quality_officer" translator={en} today={TODAY} />
      </div>,
    );
    await settle();
    const readsBefore = calls.mine;
    const button = container.querySelector<HTMLElement>('[data-iqs-new-action="dose_analysis"]')!;
    fireEvent.click(within(button).getByText('Follow-up action'));
    await settle();
    expect(within(button).getByLabelText<HTMLSelectElement>('Finding').value).toBe('dose_analysis');
    expect(within(button).getByLabelText<HTMLInputElement>('Finding (as it reads in lists)').value).toBe('Dose analysis');
    fireEvent.change(within(button).getByLabelText('Action'), { target: { value: 'DAP knie omlaag' } });
    fireEvent.change(within(button).getByLabelText('Owner'), { target: { value: PETRA } });
    fireEvent.click(within(button).getByText('Save'));
    await settle();
    expect(calls.created).toEqual([
      { title: 'DAP knie omlaag', description: null, finding, ownerId: PETRA, dueDate: '2026-12-31', state: 'planned', outcome: null },
    ]);
    expect(within(button).getByRole('status').textContent).toBe('Action saved.');
    expect(calls.mine).toBeGreaterThan(readsBefore);
  });
});

describe('a follow-up action from a clinical lesson', () => {
  it('offers "Follow-up action" in an open lesson, the lesson as its finding', async () => {
    const lessons = fakeLessonData({ index: [lessonImage('1.2.3.1')] });
    const id = lessons.seed({ title: 'Thorax positioning', mine: true, cases: [{ images: ['1.2.3.1'] }] });
    const { data, calls } = fakeActions(FATIMA, STORED);
    const { container } = render(
      <LessonsSection
        lessons={lessons.data}
        translator={en}
        onNavigate={() => undefined}
        onDownloadBytes={() => undefined}
        actions={data}
        actionsForAnyone
      />,
    );
    await settle();
    fireEvent.click(container.querySelector(`[data-iqs-lesson-open="${id}"]`)!);
    await settle();
    const offer = container.querySelector<HTMLElement>('[data-iqs-new-action="lesson"]')!;
    fireEvent.click(within(offer).getByText('Follow-up action'));
    await settle();
    fireEvent.change(within(offer).getByLabelText('Action'), { target: { value: 'Les geven in teamoverleg' } });
    fireEvent.click(within(offer).getByText('Save'));
    await settle();
    expect(calls.created[0]).toMatchObject({
      title: 'Les geven in teamoverleg',
      finding: { kind: 'lesson', ref: id, label: 'Thorax positioning' },
      ownerId: FATIMA,
    });
  });
});
