/**
 * The evaluation session over the real answer store (fake-indexeddb) and outbox, with a fake server and navigator:
 * the order of work, required criteria, the summary after the last image, read-only when closed, nothing lost over
 * a reload. (The summary's CSV and print are its own page's: pages/EvaluationSummaryPage.tsx.)
 */
import { IDBFactory } from 'fake-indexeddb';
import type { Answer, EvaluationSummary, ScoringForm, WorklistItem } from '@iqs/domain';
import { createEvaluationSession } from '../../src/evaluation/evaluationSession';
import { createStore } from 'zustand/vanilla';
import type { EvaluationData, EvaluationHeader, EvaluationState, ReadyEvaluation } from '../../src/ports';
import { createAnswerOutbox, createSyncStore, openAnswerStore } from '../../src/sync';
import { FakeServer, manualTimers } from '../sync/harness';

const FORM: ScoringForm = {
  id: 'form-1',
  code: 'generic',
  version: 1,
  title_nl: 'Algemeen',
  title_en: 'General',
  source: 'test',
  criteria: [
    {
      id: 'c-exam',
      form_id: 'form-1',
      position: 1,
      code: 'correct_exam',
      kind: 'yes_no_na',
      label_nl: 'Juist',
      label_en: 'Right',
      help_nl: null,
      help_en: null,
      required: true,
      options: null,
    },
    {
      id: 'c-comment',
      form_id: 'form-1',
      position: 2,
      code: 'comment',
      kind: 'comment',
      label_nl: 'Opmerking',
      label_en: 'Comment',
      help_nl: null,
      help_en: null,
      required: false,
      options: null,
    },
  ],
};

const item = (n: number, state: WorklistItem['state'] = 'to_do'): WorklistItem => ({
  item_id: `item-${n}`,
  position: n,
  state,
  image_id: `image-${n}`,
  form_id: 'form-1',
  sop_instance_uid: `1.2.${n}.1.1`,
  series_instance_uid: `1.2.${n}.1`,
  study_instance_uid: `1.2.${n}`,
  study_date: '2026-03-01',
  modality: 'DX',
  view_position: 'PA',
  procedure_code: 'thorax',
  procedure_name_nl: 'X-Thorax',
  procedure_name_en: 'Chest X-ray',
  station_name: 'RAD-KAMER1',
  operator_names: ['Petra Jansen'],
});

const SUMMARY: EvaluationSummary = {
  evaluation_id: 'ev-1',
  items: 3,
  scored: 3,
  skipped: 0,
  criteria: [],
  grade_criteria: [],
  faults: [],
  compared_with: null,
};

function fakeData(items: WorklistItem[], header: Partial<EvaluationHeader> = {}, serverAnswers: Answer[] = []) {
  const calls: string[] = [];
  let evaluation: EvaluationHeader = {
    id: 'ev-1',
    name: 'Zelfevaluatie thorax',
    use: 'self',
    status: 'open',
    blind: false,
    evaluator_id: 'p-1',
    subject_person_id: 'p-1',
    ...header,
  };
  const data: EvaluationData = {
    loadEvaluation: async () => evaluation,
    loadWorklist: async () => items,
    loadForms: async () => new Map([[FORM.id, FORM]]),
    loadServerAnswers: async () => serverAnswers,
    summary: async (id) => {
      calls.push(`summary ${id}`);
      return SUMMARY;
    },
    close: async (id) => {
      calls.push(`close ${id}`);
      evaluation = { ...evaluation, status: 'closed' };
    },
  };
  return { data, calls };
}

async function setUp(
  options: {
    items?: WorklistItem[];
    header?: Partial<EvaluationHeader>;
    indexedDB?: IDBFactory;
    server?: FakeServer;
    serverAnswers?: Answer[];
    /** the navigator's show: by default the image is shown at once */
    show?: (image: { sopInstanceUid: string }, options?: { onDrawn?: () => void }) => Promise<void>;
  } = {},
) {
  const indexedDB = options.indexedDB ?? new IDBFactory();
  const server = options.server ?? new FakeServer();
  const timers = manualTimers();
  const answers = await openAnswerStore({ indexedDB });
  const sync = createSyncStore();
  const outbox = createAnswerOutbox({ store: answers, send: server.send, setTimer: timers.setTimer, status: sync, onlineEvents: null });
  const shown: string[] = [];
  const prefetched: string[] = [];
  const navigator = {
    show: async (image: { sopInstanceUid: string }, showOptions?: { onDrawn?: () => void }) => {
      shown.push(image.sopInstanceUid);
      await options.show?.(image, showOptions);
    },
    prefetch: (image: { sopInstanceUid: string }) => void prefetched.push(image.sopInstanceUid),
    dispose: () => undefined,
  };
  const state = createStore<EvaluationState>(() => ({ phase: 'none' }));
  const { data, calls } = fakeData(options.items ?? [item(1), item(2), item(3)], options.header, options.serverAnswers);
  const session = createEvaluationSession({ data, answers, outbox, navigator, state });
  const ready = (): ReadyEvaluation => {
    const s = state.getState();
    if (s.phase !== 'ready') throw new Error(`not ready: ${JSON.stringify(s)}`);
    return s;
  };
  return { session, ready, state, server, shown, prefetched, calls, indexedDB, answers, outbox, sync };
}

describe('an evaluation session', () => {
  it('opens at the first image to do, shows it and loads the next ahead', async () => {
    const t = await setUp({ items: [item(1, 'scored'), item(2), item(3)] });
    await t.session.open('ev-1');
    expect(t.ready().currentItemId).toBe('item-2');
    expect(t.shown).toEqual(['1.2.2.1.1']);
    expect(t.prefetched).toEqual(['1.2.3.1.1']);
  });

  it('refuses "save and next" until the required criteria are answered, then moves on', async () => {
    const t = await setUp();
    await t.session.open('ev-1');
    await t.session.answer('c-comment', null, 'scheef');
    expect(await t.session.saveAndNext()).toEqual({ saved: false, missing: ['c-exam'] });
    expect(t.ready().currentItemId).toBe('item-1');
    await t.session.answer('c-exam', 'yes', null);
    expect(await t.session.saveAndNext()).toEqual({ saved: true });
    expect(t.ready().currentItemId).toBe('item-2');
    expect(t.ready().items[0]?.state).toBe('scored');
    expect(t.ready().answers['item-1']).toEqual({
      'c-exam': { value: 'yes', comment: null },
      'c-comment': { value: null, comment: 'scheef' },
    });
    await t.outbox.flush();
    expect([...t.server.scores.values()].map((a) => [a.evaluation_item_id, a.criterion_id, a.value, a.comment])).toEqual(
      expect.arrayContaining([
        ['item-1', 'c-exam', 'yes', null],
        ['item-1', 'c-comment', null, 'scheef'],
      ]),
    );
    expect(t.server.states.get('item-1')).toBe('scored');
  });

  it('draws the next image before the worklist and form move on; a key given meanwhile is for the next image', async () => {
    let draw: () => void = () => undefined;
    const t = await setUp({
      show: (image, showOptions) =>
        image.sopInstanceUid === '1.2.2.1.1'
          ? new Promise<void>((resolve) => {
              draw = () => {
                showOptions?.onDrawn?.();
                resolve();
              };
            })
          : Promise.resolve(),
    });
    await t.session.open('ev-1');
    await t.session.answer('c-exam', 'yes', null);
    const saved = t.session.saveAndNext();
    await new Promise((resolve) => setTimeout(resolve, 0));
    // the viewport is being given image 2; the panels still show image 1, not yet marked scored
    expect(t.shown).toEqual(['1.2.1.1.1', '1.2.2.1.1']);
    expect(t.ready().currentItemId).toBe('item-1');
    expect(t.ready().items[0]?.state).toBe('to_do');
    const early = t.session.answer('c-exam', 'no', null);
    draw();
    expect(await saved).toEqual({ saved: true });
    await early;
    expect(t.ready().currentItemId).toBe('item-2');
    expect(t.ready().items[0]?.state).toBe('scored');
    expect(t.ready().answers['item-1']).toEqual({ 'c-exam': { value: 'yes', comment: null } });
    expect(t.ready().answers['item-2']).toEqual({ 'c-exam': { value: 'no', comment: null } });
    await t.outbox.flush();
    expect(t.server.states.get('item-1')).toBe('scored');
  });

  it('saves on an Enter that follows the last answer at once, and keeps a quick change of mind in order', async () => {
    const t = await setUp();
    await t.session.open('ev-1');
    // the panel does not wait for an answer to be stored before the next key
    const first = t.session.answer('c-exam', 'no', null);
    const changed = t.session.answer('c-exam', 'yes', null);
    expect(await t.session.saveAndNext()).toEqual({ saved: true });
    await Promise.all([first, changed]);
    expect(t.ready().currentItemId).toBe('item-2');
    await t.outbox.flush();
    expect([...t.server.scores.values()].filter((a) => a.criterion_id === 'c-exam').map((a) => a.value)).toEqual(['yes']);
    expect(t.server.states.get('item-1')).toBe('scored');
  });

  it('says while an answer is still being kept in the browser (leaving then would lose it)', async () => {
    const t = await setUp();
    await t.session.open('ev-1');
    const answered = t.session.answer('c-exam', 'yes', null);
    expect(t.session.storing()).toBe(true);
    await answered;
    await Promise.resolve();
    expect(t.session.storing()).toBe(false);
  });

  it('keeps one answer per criterion when it is changed', async () => {
    const t = await setUp();
    await t.session.open('ev-1');
    await t.session.answer('c-exam', 'no', null);
    await t.outbox.flush();
    await t.session.answer('c-exam', 'yes', null);
    await t.outbox.flush();
    expect([...t.server.scores.values()].filter((a) => a.criterion_id === 'c-exam').map((a) => a.value)).toEqual(['yes']);
  });

  it('skips an image, and shows the summary after the last one', async () => {
    const t = await setUp();
    await t.session.open('ev-1');
    await t.session.skip();
    await t.session.answer('c-exam', 'yes', null);
    await t.session.saveAndNext();
    await t.session.answer('c-exam', 'na', null);
    await t.session.saveAndNext();
    expect(t.ready().items.map((i) => i.state)).toEqual(['skipped', 'scored', 'scored']);
    expect(t.ready().view).toBe('summary');
    expect(t.ready().summary).toEqual(SUMMARY);
    expect(t.ready().notice).toBeNull();
    expect(t.calls).toEqual(['summary ev-1']);
  });

  it('goes back to the previous image and to any image of the worklist', async () => {
    const t = await setUp();
    await t.session.open('ev-1');
    await t.session.openItem('item-3');
    await t.session.previous();
    expect(t.ready().currentItemId).toBe('item-2');
    expect(t.shown).toEqual(['1.2.1.1.1', '1.2.3.1.1', '1.2.2.1.1']);
  });

  it('loses nothing over a reload while the server is down', async () => {
    const indexedDB = new IDBFactory();
    const server = new FakeServer();
    server.next('down');
    const first = await setUp({ indexedDB, server });
    await first.session.open('ev-1');
    await first.session.answer('c-exam', 'no', null);
    await first.session.answer('c-comment', null, 'afgesneden');
    expect(await first.session.saveAndNext()).toEqual({ saved: true });
    expect(await first.outbox.flush()).toBe('waiting');
    first.outbox.stop();
    first.answers.close();
    // the page is reloaded: a new session over the same browser storage
    const second = await setUp({ indexedDB, server });
    // the panel, when it first shows the evaluation, says two answers wait (not "all saved")
    let whenShown: unknown = null;
    second.state.subscribe((s) => {
      if (s.phase === 'ready' && whenShown === null)
        whenShown = { status: second.sync.getState().status, pending: second.sync.getState().pending };
    });
    await second.session.open('ev-1');
    expect(whenShown).toEqual({ status: 'waiting', pending: 3 });
    // the server still says "to do" for the first image; what was done here counts, and the session goes on after it
    expect(second.ready().items.map((i) => i.state)).toEqual(['scored', 'to_do', 'to_do']);
    expect(second.ready().currentItemId).toBe('item-2');
    expect(second.ready().answers['item-1']).toEqual({
      'c-exam': { value: 'no', comment: null },
      'c-comment': { value: null, comment: 'afgesneden' },
    });
    expect(await second.outbox.flush()).toBe('saved');
    expect([...server.scores.values()].map((a) => a.value ?? a.comment).sort()).toEqual(['afgesneden', 'no']);
    expect(server.states.get('item-1')).toBe('scored');
  });

  it('takes the answers another workstation gave, and changes them in place', async () => {
    const serverAnswers: Answer[] = [
      { id: 'server-answer-1', evaluation_item_id: 'item-1', form_id: 'form-1', criterion_id: 'c-exam', value: 'no', comment: null },
    ];
    const t = await setUp({ serverAnswers });
    await t.session.open('ev-1');
    expect(t.ready().answers['item-1']?.['c-exam']).toEqual({ value: 'no', comment: null });
    await t.session.answer('c-exam', 'yes', null);
    await t.outbox.flush();
    expect(t.server.scores.get('server-answer-1')?.value).toBe('yes');
  });

  it('closes only when everything is on the server, then shows the summary read-only', async () => {
    const server = new FakeServer();
    const t = await setUp({ server });
    await t.session.open('ev-1');
    server.next('down');
    await t.session.answer('c-exam', 'yes', null);
    await t.session.close();
    expect(t.ready().notice).toBe('unsent');
    expect(t.calls).not.toContain('close ev-1');
    await t.session.close();
    expect(t.calls).toContain('close ev-1');
    expect(t.ready().evaluation.status).toBe('closed');
    expect(t.ready().view).toBe('summary');
    await t.session.answer('c-exam', 'no', null);
    expect(t.ready().answers['item-1']?.['c-exam']?.value).toBe('yes');
  });

  it('opens a closed evaluation at its summary', async () => {
    const t = await setUp({ header: { status: 'closed' } });
    await t.session.open('ev-1');
    expect(t.ready().view).toBe('summary');
    expect(t.ready().summary).toEqual(SUMMARY);
  });

  it('says what went wrong when the evaluation cannot be read', async () => {
    const t = await setUp();
    const failing = createEvaluationSession({
      data: { ...fakeData([]).data, loadEvaluation: async () => Promise.reject(new Error('permission denied for evaluation')) },
      answers: t.answers,
      outbox: t.outbox,
      navigator: null,
      state: t.state,
    });
    await failing.open('ev-x');
    expect(t.state.getState()).toEqual({ phase: 'error', evaluationId: 'ev-x', message: 'permission denied for evaluation' });
  });
});
