/**
 * One evaluation open in the viewer: the worklist, the answers and the image shown, kept in step. Answers go to the
 * browser's store first and reach the server through the outbox; the image is put in the viewport by the navigator.
 * The panels read evaluationStore and call these actions.
 */
import type { StoreApi } from 'zustand/vanilla';
import { type AnswerContent, type ItemState, missingRequired, type WorklistItem } from '@iqs/domain';
import type { EvaluationData, EvaluationState, ReadyEvaluation } from '../ports';
import type { AnswerOutbox, AnswerStore, LocalAnswer } from '../sync';
import type { ImageNavigator } from '../viewer/imageNavigator';
import { openingItem } from '../browser/evaluationStudies';

export interface EvaluationSessionDeps {
  readonly data: EvaluationData;
  readonly answers: AnswerStore;
  readonly outbox: AnswerOutbox;
  readonly navigator: ImageNavigator | null;
  readonly state: StoreApi<EvaluationState>;
}

export type SaveResult = { readonly saved: true } | { readonly saved: false; readonly missing: readonly string[] };

export interface EvaluationSession {
  /** opens the evaluation at this item, or else at its first image to do */
  open(evaluationId: string, startItemId?: string | null): Promise<void>;
  openItem(itemId: string): Promise<void>;
  answer(criterionId: string, value: string | null, comment: string | null): Promise<void>;
  /** marks the image scored and opens the next one to do (or the summary after the last) */
  saveAndNext(): Promise<SaveResult>;
  /** Answers are still being written to the browser's store (for a moment after each key): leaving now loses them. */
  storing(): boolean;
  skip(): Promise<void>;
  previous(): Promise<void>;
  showSummary(): Promise<void>;
  backToScoring(): void;
  close(): Promise<void>;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function groupAnswers(answers: readonly LocalAnswer[]): Record<string, Record<string, AnswerContent>> {
  const byItem: Record<string, Record<string, AnswerContent>> = {};
  for (const answer of answers) {
    const item = (byItem[answer.evaluation_item_id] ??= {});
    item[answer.criterion_id] = { value: answer.value, comment: answer.comment };
  }
  return byItem;
}

export function createEvaluationSession(deps: EvaluationSessionDeps): EvaluationSession {
  const { data, answers, outbox, navigator, state } = deps;
  let opening = 0;
  // answers on their way into the browser's store: what saves, sends or closes waits for them
  const writing = new Set<Promise<unknown>>();
  const stored = (): Promise<unknown> => Promise.allSettled([...writing]);
  /** an image's new state kept in the browser, after the answers given on it; leaving waits for it (storing()) */
  const keepItemState = (itemId: string, itemState: ItemState): Promise<void> => {
    const keeping = stored().then(() => outbox.saveItemState(itemId, itemState));
    writing.add(keeping);
    const done = (): void => void writing.delete(keeping);
    void keeping.then(done, done);
    return keeping;
  };

  const ready = (): ReadyEvaluation | null => {
    const current = state.getState();
    return current.phase === 'ready' ? current : null;
  };
  const update = (change: Partial<ReadyEvaluation>): void => {
    const current = ready();
    if (current) state.setState({ ...current, ...change }, true);
  };
  const currentItem = (): WorklistItem | null => {
    const current = ready();
    return current?.items.find((item) => item.item_id === current.currentItemId) ?? null;
  };
  const setItemState = (itemId: string, itemState: ItemState): void => {
    const current = ready();
    if (current) update({ items: current.items.map((item) => (item.item_id === itemId ? { ...item, state: itemState } : item)) });
  };
  /** the next image still to do after this one (wrapping round), or null when all are done */
  const nextToDo = (items: readonly WorklistItem[], afterId: string | null): WorklistItem | null => {
    const start = items.findIndex((item) => item.item_id === afterId);
    for (let step = 1; step <= items.length; step++) {
      const item = items[(start + step + items.length) % items.length];
      if (item && item.state === 'to_do' && item.item_id !== afterId) return item;
    }
    return null;
  };
  const ref = (item: WorklistItem) => ({
    studyInstanceUid: item.study_instance_uid,
    seriesInstanceUid: item.series_instance_uid,
    sopInstanceUid: item.sop_instance_uid,
  });

  // a move to another image under way: the panels follow once its image is on screen, and what acts on "the current
  // image" (an answer, save, skip) waits for the move rather than act on the image being left
  let moving: Promise<void> | null = null;
  const settled = async (): Promise<void> => {
    while (moving) await moving;
  };

  /**
   * Shows the item's image and makes it the current one. The image comes first: the panels' re-render (worklist, form,
   * focus) would otherwise run before the viewport draws, and "save and next" would wait for it (issue 14: the next
   * image drawn <= 100 ms after Enter); `change` is applied with it (the image left marked scored or skipped).
   */
  const moveTo = async (itemId: string, change: (current: ReadyEvaluation) => Partial<ReadyEvaluation> = () => ({})): Promise<void> => {
    await settled();
    const item = ready()?.items.find((i) => i.item_id === itemId);
    if (!item) return;
    let published = false;
    const publish = (): void => {
      const current = ready();
      if (published || !current) return;
      published = true;
      update({ ...change(current), currentItemId: itemId, view: 'scoring', notice: null });
    };
    const move = (async () => {
      try {
        await navigator?.show(ref(item), { onDrawn: publish });
        publish();
      } catch (error) {
        publish();
        update({ notice: message(error) });
      }
    })();
    moving = move;
    try {
      await move;
    } finally {
      if (moving === move) moving = null;
    }
    const next = nextToDo(ready()?.items ?? [], itemId);
    if (next) navigator?.prefetch(ref(next));
  };
  const withState =
    (itemId: string, itemState: ItemState) =>
    (current: ReadyEvaluation): Partial<ReadyEvaluation> => ({
      items: current.items.map((item) => (item.item_id === itemId ? { ...item, state: itemState } : item)),
    });

  const session: EvaluationSession = {
    async open(evaluationId, startItemId = null) {
      const turn = ++opening;
      state.setState({ phase: 'loading', evaluationId }, true);
      try {
        const [evaluation, serverItems] = await Promise.all([data.loadEvaluation(evaluationId), data.loadWorklist(evaluationId)]);
        // an image scored or skipped here whose new state has not reached the server yet keeps that state
        const unsent = new Map<string, ItemState>();
        for (const { entry } of await answers.pending()) if (entry.kind === 'item_state') unsent.set(entry.evaluation_item_id, entry.state);
        const items = serverItems.map((item) => ({ ...item, state: unsent.get(item.item_id) ?? item.state }));
        const forms = await data.loadForms(items.map((item) => item.form_id));
        const server = await data.loadServerAnswers(items.map((item) => item.item_id));
        // the server's ids become the local ones; answers changed here and not yet sent stay (they are newer)
        await answers.adoptServerAnswers(server.map((answer) => ({ ...answer, evaluation_id: evaluationId })));
        const local = await answers.answersForEvaluation(evaluationId);
        // the panel says at once what still waits to be sent (answers kept before a reload or a closed tab)
        await outbox.showPending();
        if (turn !== opening) return;
        const first = openingItem(items, startItemId);
        state.setState(
          {
            phase: 'ready',
            evaluation,
            items,
            forms: Object.fromEntries(forms),
            currentItemId: first?.item_id ?? null,
            answers: groupAnswers(local),
            view: evaluation.status === 'closed' ? 'summary' : 'scoring',
            summary: null,
            notice: null,
          },
          true,
        );
        await outbox.start();
        if (evaluation.status === 'closed') await session.showSummary();
        else if (first) await session.openItem(first.item_id);
      } catch (error) {
        if (turn === opening) state.setState({ phase: 'error', evaluationId, message: message(error) }, true);
      }
    },

    async openItem(itemId) {
      await moveTo(itemId);
    },

    async answer(criterionId, value, comment) {
      // a key given while the next image is being drawn is meant for it: kept only when its form has that criterion
      if (moving) await settled();
      const current = ready();
      const item = currentItem();
      if (!current || !item || current.evaluation.status === 'closed') return;
      if (current.forms[item.form_id] && !current.forms[item.form_id]?.criteria.some((criterion) => criterion.id === criterionId)) return;
      // shown at once, so that an Enter right after the last key finds the form complete; then kept in the browser
      // before anything is sent
      update({ answers: { ...current.answers, [item.item_id]: { ...current.answers[item.item_id], [criterionId]: { value, comment } } } });
      // its transaction is opened now: IndexedDB runs overlapping writes in the order they were opened, so a quick
      // change of mind is never overtaken by the first answer
      const kept = outbox.saveAnswer({
        evaluation_id: current.evaluation.id,
        evaluation_item_id: item.item_id,
        form_id: item.form_id,
        criterion_id: criterionId,
        value,
        comment,
      });
      writing.add(kept);
      try {
        await kept;
      } finally {
        writing.delete(kept);
      }
    },

    storing() {
      return writing.size > 0;
    },

    async saveAndNext() {
      await settled();
      const current = ready();
      const item = currentItem();
      if (!current || !item) return { saved: false, missing: [] };
      const form = current.forms[item.form_id];
      const missing = form ? missingRequired(form, current.answers[item.item_id] ?? {}).map((criterion) => criterion.id) : [];
      if (missing.length > 0) return { saved: false, missing };
      const scoring = current.evaluation.status === 'open' && item.state !== 'scored';
      const next = nextToDo(current.items, item.item_id);
      if (!next) {
        if (scoring) setItemState(item.item_id, 'scored');
        await (scoring ? keepItemState(item.item_id, 'scored') : null);
        await session.showSummary();
        return { saved: true };
      }
      // the next image first (the worklist shows this one scored with it); kept in the browser meanwhile
      await Promise.all([
        moveTo(next.item_id, scoring ? withState(item.item_id, 'scored') : undefined),
        scoring ? keepItemState(item.item_id, 'scored') : null,
      ]);
      return { saved: true };
    },

    async skip() {
      await settled();
      const current = ready();
      const item = currentItem();
      if (!current || !item || current.evaluation.status === 'closed') return;
      const next = nextToDo(current.items, item.item_id);
      if (!next) {
        setItemState(item.item_id, 'skipped');
        await keepItemState(item.item_id, 'skipped');
        await session.showSummary();
        return;
      }
      await Promise.all([moveTo(next.item_id, withState(item.item_id, 'skipped')), keepItemState(item.item_id, 'skipped')]);
    },

    async previous() {
      await settled();
      const current = ready();
      if (!current) return;
      const index = current.items.findIndex((item) => item.item_id === current.currentItemId);
      const before = current.items[index - 1];
      if (before) await session.openItem(before.item_id);
    },

    async showSummary() {
      const current = ready();
      if (!current) return;
      update({ view: 'summary', notice: null });
      // the summary is the server's: send what waits first, and say so when that did not work
      await stored();
      const sync = await outbox.flush();
      try {
        const summary = await data.summary(current.evaluation.id);
        update({ summary, notice: sync === 'saved' ? null : 'unsent' });
      } catch (error) {
        update({ notice: message(error) });
      }
    },

    backToScoring() {
      update({ view: 'scoring', notice: null });
    },

    async close() {
      const current = ready();
      if (!current || current.evaluation.status === 'closed') return;
      // a closed evaluation takes no more answers: everything must be on the server first
      await stored();
      if ((await outbox.flush()) !== 'saved') {
        update({ notice: 'unsent' });
        return;
      }
      try {
        await data.close(current.evaluation.id);
        const evaluation = await data.loadEvaluation(current.evaluation.id);
        const items = await data.loadWorklist(current.evaluation.id);
        update({ evaluation, items });
        await session.showSummary();
      } catch (error) {
        update({ notice: message(error) });
      }
    },
  };
  return session;
}
