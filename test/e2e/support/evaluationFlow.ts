/**
 * What the evaluation browser tests (and bench:evaluation) do as a user: sign in on /iqs, start an evaluation,
 * score the current image with the keyboard only, read the worklist, the summary and the viewport.
 *
 * Scoring reads the form as the user sees it: the focused criterion (data-iqs-criterion, data-iqs-kind) and its
 * options with the keys shown on screen (aria-keyshortcuts); a plan says which answer to give, the key is the
 * one the screen shows for it.
 */
import type { Page } from 'playwright-core';

export type Use = 'self' | 'peer' | 'quality';

export interface FocusedCriterion {
  readonly code: string;
  readonly kind: string;
  /** met: whether the answer meets, as the panel marks it from the form (data-iqs-met); null: not counted */
  readonly options: readonly { readonly value: string; readonly keys: readonly string[]; readonly met?: boolean | null }[];
}

/** An answer given: the criterion's code and kind, its value, and the comment typed (comment criteria). */
export interface GivenAnswer {
  readonly code: string;
  readonly kind: string;
  readonly value: string | null;
  readonly comment: string | null;
  /** whether it meets, as the form shown said (the panel's mark); absent: not read */
  readonly met?: boolean | null;
}

/** The answer (an option's value) to give to a criterion of the image with this index (0-based) in the session. */
export type AnswerPlan = (criterion: FocusedCriterion, imageIndex: number, answeredOnThisImage: readonly GivenAnswer[]) => string;

export async function signInOnPage(page: Page, email: string, password: string): Promise<void> {
  await page.locator('[data-iqs-account="sign-in"]').first().waitFor({ timeout: 60_000 });
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-iqs-account="signed-in"]').first().waitFor({ timeout: 30_000 });
}

export interface StartChoices {
  readonly use: Use;
  /** peer review: the colleague's name as the list shows it */
  readonly colleague?: string;
  /** procedures to tick, by their label */
  readonly procedures?: readonly string[];
  readonly sampleSize: number;
  readonly blind?: boolean;
}

/** Fills the "start an evaluation" form on /iqs; returns the number of images that match, as the page says it. */
export async function fillStartForm(page: Page, choices: StartChoices): Promise<number> {
  const section = page.locator('[data-iqs-section="start"]');
  await section.waitFor({ timeout: 30_000 });
  await section.locator(`[data-iqs-use="${choices.use}"] input`).check();
  if (choices.colleague) await section.getByRole('combobox', { name: /^Colleague/u }).selectOption({ label: choices.colleague });
  for (const procedure of choices.procedures ?? []) await section.getByRole('checkbox', { name: procedure, exact: true }).check();
  if (choices.blind !== undefined) await section.getByRole('checkbox', { name: /^Blind/u }).setChecked(choices.blind);
  await section.getByLabel('Sample size').fill(String(choices.sampleSize));
  const count = section.locator('[data-iqs-count]:not([data-iqs-count=""])');
  await count.waitFor({ timeout: 30_000 });
  return Number(await count.getAttribute('data-iqs-count'));
}

/** Starts the evaluation filled in and waits for the viewer with its worklist; returns the evaluation's id. */
export async function startEvaluation(page: Page): Promise<string> {
  await page.locator('[data-iqs-action="start"]').click();
  await page.waitForURL(/\/iqs-evaluation\?.*iqsEvaluation=/u, { timeout: 60_000 });
  await page.locator('[data-iqs-panel="worklist"]').waitFor({ timeout: 60_000 });
  return new URL(page.url()).searchParams.get('iqsEvaluation') ?? '';
}

export interface WorklistRow {
  readonly itemId: string;
  readonly sop: string;
  readonly state: string;
  readonly current: boolean;
  readonly operators: string | null;
  readonly operatorsHidden: boolean;
}

export async function readWorklist(page: Page): Promise<{ progress: string; rows: WorklistRow[] }> {
  return page.evaluate(() => {
    const panel = document.querySelector('[data-iqs-panel="worklist"]');
    const rows = [...(panel?.querySelectorAll<HTMLElement>('button[data-iqs-item]') ?? [])].map((row) => {
      const operators = row.querySelector('[data-iqs-operators]');
      return {
        itemId: row.dataset['iqsItem'] ?? '',
        sop: row.dataset['iqsImage'] ?? '',
        state: row.dataset['iqsState'] ?? '',
        current: row.getAttribute('aria-current') === 'true',
        operators: operators?.textContent ?? null,
        operatorsHidden: operators?.classList.contains('iqs-hidden-operator') ?? false,
      };
    });
    return { progress: panel?.querySelector('[data-iqs-progress]')?.getAttribute('data-iqs-progress') ?? '', rows };
  });
}

/** The SOP Instance UID the active viewport shows (from OHIF's services, which the app puts on window). */
export async function viewportSop(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    // OHIF's services as the viewer exposes them to the page: untyped there
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const services = (window as unknown as { services?: Record<string, any> }).services;
    const viewportId = services?.['viewportGridService']?.getActiveViewportId();
    const imageId: string | undefined = viewportId
      ? services?.['cornerstoneViewportService']?.getCornerstoneViewport(viewportId)?.getCurrentImageId?.()
      : undefined;
    return imageId ? (/\/instances\/([^/]+)/u.exec(imageId)?.[1] ?? null) : null;
  });
}

/**
 * Waits until the current worklist item's image is the one in the viewport (and, when `after` is given, the
 * current item is another than that one: the evaluation has moved on); returns that item.
 */
export async function waitForCurrentImage(page: Page, options: { after?: string; timeoutMs?: number } = {}): Promise<WorklistRow> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let current: WorklistRow | undefined;
  let shown: string | null = null;
  while (Date.now() < deadline) {
    current = (await readWorklist(page)).rows.find((row) => row.current);
    shown = await viewportSop(page);
    if (current && current.itemId !== options.after && shown === current.sop) return current;
    await page.waitForTimeout(150);
  }
  throw new Error(
    `The viewport did not show the current worklist image within ${timeoutMs} ms (current ${current?.sop ?? 'none'}, shown ${shown})`,
  );
}

interface FocusState {
  readonly where: 'save' | 'criterion' | 'text' | 'elsewhere';
  readonly criterion: FocusedCriterion | null;
  readonly element: string;
}

async function focusState(page: Page): Promise<FocusState> {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    const element = active
      ? `${active.tagName.toLowerCase()}${active.className ? `.${String(active.className).split(' ').join('.')}` : ''}`
      : 'none';
    if (active?.getAttribute('data-iqs-action') === 'save-next') return { where: 'save' as const, criterion: null, element };
    const box = active?.closest<HTMLElement>('[data-iqs-criterion]');
    if (!active || !box || !box.closest('[data-iqs-panel="scoring"]')) return { where: 'elsewhere' as const, criterion: null, element };
    const options = [...box.querySelectorAll<HTMLElement>('[data-iqs-value][aria-keyshortcuts]')].map((option) => ({
      value: option.dataset['iqsValue'] ?? '',
      keys: (option.getAttribute('aria-keyshortcuts') ?? '').split(' ').filter(Boolean),
      met: option.dataset['iqsMet'] === 'true' ? true : option.dataset['iqsMet'] === 'false' ? false : null,
    }));
    const criterion = { code: box.dataset['iqsCriterion'] ?? '', kind: box.dataset['iqsKind'] ?? '', options };
    return { where: active.tagName === 'TEXTAREA' ? ('text' as const) : ('criterion' as const), criterion, element };
  });
}

/**
 * Scores the image on screen with the keyboard only: `s` brings the focus from the viewport to the form, each
 * criterion gets the key shown for the planned answer (the focus then moves on by itself), a comment is reached
 * with ↑ from "Save and next" and sent with Ctrl+Enter; otherwise Enter saves and moves to the next image (unless
 * options.save is false: then the focus is left on "Save and next"). Returns the answers given, in the order given.
 */
export async function scoreWithKeyboard(
  page: Page,
  plan: AnswerPlan,
  imageIndex: number,
  comment: string | null = null,
  options: { save?: boolean } = {},
): Promise<GivenAnswer[]> {
  const given: GivenAnswer[] = [];
  let lastCode: string | null = null;
  let repeats = 0;
  for (let step = 0; step < 60; step++) {
    const state = await focusState(page);
    if (state.where === 'elsewhere') {
      if (step > 0 && given.length > 0) throw new Error(`The focus left the form while scoring (on ${state.element})`);
      await page.keyboard.press('s');
      await page.locator('[data-iqs-panel="scoring"] :focus').waitFor({ timeout: 5_000 });
      continue;
    }
    if (state.where === 'save') {
      if (comment !== null && !given.some((answer) => answer.kind === 'comment')) {
        // ↑ to the grade, ↑ again to the comment box just above it
        await page.keyboard.press('ArrowUp');
        await page.keyboard.press('ArrowUp');
        const box = await focusState(page);
        if (box.where !== 'text' || !box.criterion)
          throw new Error(`↑↑ from "Save and next" did not reach the comment box (on ${box.element})`);
        await page.keyboard.type(comment);
        given.push({ code: box.criterion.code, kind: 'comment', value: null, comment });
        await page.keyboard.press('Control+Enter');
        return given;
      }
      // left on "Save and next" when the caller presses Enter itself (bench:evaluation times it)
      if (options.save !== false) await page.keyboard.press('Enter');
      return given;
    }
    const criterion = state.criterion as FocusedCriterion;
    if (criterion.code === lastCode && ++repeats > 2) throw new Error(`The focus stays on "${criterion.code}" after answering it`);
    if (criterion.code !== lastCode) repeats = 0;
    lastCode = criterion.code;
    if (state.where === 'text') {
      // an optional comment reached in passing: leave it empty, back to its criterion and on
      await page.keyboard.press('Escape');
      await page.keyboard.press('ArrowDown');
      continue;
    }
    const value = plan(criterion, imageIndex, given);
    const option = criterion.options.find((o) => o.value === value);
    const key = option?.keys[0];
    if (!key) throw new Error(`"${criterion.code}" shows no key for "${value}" (it shows ${JSON.stringify(criterion.options)})`);
    await page.keyboard.press(key.length === 1 ? key.toLowerCase() : key);
    given.push({ code: criterion.code, kind: criterion.kind, value, comment: null, met: option?.met ?? null });
  }
  throw new Error('Scoring one image took more than 60 key presses');
}

/**
 * Met or not, by the rules of the form the answer was given on, as the panel showed them (each answer's mark, read
 * from the form's options: issue 14 gave forms their own rules, e.g. CT noise meets from 3, the PGMI grade on P and
 * G). Answers given before the panel marked them fall back to the generic rules: yes; a scale from 4 of 5; the
 * options marked met. Null: not counted.
 */
export function metBySeededForms(answer: GivenAnswer): boolean | null {
  if (answer.met !== undefined) return answer.met;
  switch (answer.kind) {
    case 'yes_no_na':
      return answer.value === 'na' ? null : answer.value === 'yes';
    case 'scale':
      return Number(answer.value) >= 4;
    case 'choice':
      return answer.value === 'correct' || answer.value === 'good';
    default:
      return null;
  }
}

/**
 * Per criterion code: the share met of the answers that count, as the summary should show it; null for a criterion
 * answered only "not applicable" (listed, with nothing to count). Comments are not met or not, nor a grade whose form
 * does not mark which grades meet.
 */
export function expectedShares(answers: readonly GivenAnswer[]): Map<string, number | null> {
  const counts = new Map<string, { met: number; answered: number }>();
  for (const answer of answers) {
    // comments never count; a grade counts where its form marks which grades meet (the PGMI grade), as the summary
    // shows it (migration 42); an unmarked grade (1–3) has only its distribution
    if (answer.kind === 'comment') continue;
    const met = metBySeededForms(answer);
    if (answer.kind === 'grade' && met === null) continue;
    const count = counts.get(answer.code) ?? { met: 0, answered: 0 };
    counts.set(answer.code, count);
    if (met === null) continue;
    count.answered++;
    if (met) count.met++;
  }
  return new Map([...counts].map(([code, c]) => [code, c.answered > 0 ? c.met / c.answered : null]));
}

export interface SummaryOnScreen {
  readonly totals: string;
  readonly shares: Map<string, number | null>;
  readonly grades: Map<string, number>;
  readonly faultItems: string[];
}

export async function readSummary(page: Page, scope = '[data-iqs-panel="summary"]'): Promise<SummaryOnScreen> {
  const read = await page.evaluate((selector) => {
    const summary = document.querySelector(selector);
    if (!summary) return null;
    return {
      totals: summary.querySelector('[data-iqs-totals]')?.getAttribute('data-iqs-totals') ?? '',
      shares: [...summary.querySelectorAll('tr[data-iqs-criterion]')].map(
        (row) =>
          [
            row.getAttribute('data-iqs-criterion') ?? '',
            row.querySelector('[data-iqs-share]')?.getAttribute('data-iqs-share') ?? '',
          ] as const,
      ),
      grades: [...summary.querySelectorAll('[data-iqs-grade]')].map(
        (grade) => [grade.getAttribute('data-iqs-grade') ?? '', Number(grade.getAttribute('data-iqs-count'))] as const,
      ),
      faultItems: [...summary.querySelectorAll('[data-iqs-item]')].map((fault) => fault.getAttribute('data-iqs-item') ?? ''),
    };
  }, scope);
  if (!read) throw new Error(`No summary (${scope}) on the page`);
  return {
    totals: read.totals,
    shares: new Map(read.shares.map(([code, share]) => [code, share === '' ? null : Number(share)])),
    // one distribution per grade criterion (migration 42): a value's count summed over the forms' criteria
    grades: read.grades.reduce((sum, [value, count]) => sum.set(value, (sum.get(value) ?? 0) + count), new Map<string, number>()),
    faultItems: read.faultItems,
  };
}

/** The statistics table on /iqs: group key → the share in its "all" column. */
export async function readStatisticsTable(page: Page): Promise<Map<string, number | null>> {
  const rows = await page.$$eval('.iqs-stats-table tr[data-iqs-group]', (elements) =>
    elements.map((row) => {
      const cells = [...row.querySelectorAll('td[data-iqs-share]')];
      const total = cells[cells.length - 1]?.getAttribute('data-iqs-share') ?? '';
      return [row.getAttribute('data-iqs-group') ?? '', total] as const;
    }),
  );
  return new Map(rows.map(([key, share]) => [key, share === '' ? null : Number(share)]));
}

/** How often each grade value was given (the summary's grade distribution, values never given left out). */
export function givenGrades(answers: readonly GivenAnswer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers)
    if (answer.kind === 'grade' && answer.value !== null) counts[answer.value] = (counts[answer.value] ?? 0) + 1;
  return counts;
}

/** The summary's grades that were given at least once (compare with givenGrades). */
export function nonZeroGrades(grades: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...grades].filter(([, count]) => count > 0));
}

/**
 * A plan written for the generic answers (grades 1–3, choices side_marker/exposure) made to fit any seeded form: a
 * grade value the form lacks is taken by rank from the form's own grades, listed worst to best ('3' the best, '2' the
 * one below it, '1' the worst; so PGMI P, G, I); a choice it lacks is answered with the first answer that meets; a
 * scale value off the scale with its nearest end. Values the form has are given as planned.
 */
export function planForAnyForm(plan: AnswerPlan): AnswerPlan {
  return (criterion, imageIndex, done) => {
    const values = criterion.options.map((o) => o.value);
    let planned: string;
    try {
      planned = plan(criterion, imageIndex, done);
    } catch (error) {
      if (criterion.kind !== 'choice') throw error;
      planned = '';
    }
    if (values.includes(planned)) return planned;
    if (criterion.kind === 'grade' && values.length > 0) {
      const rank = Number(planned);
      const index = rank >= 3 ? values.length - 1 : rank === 2 ? Math.max(0, values.length - 2) : 0;
      return values[index] as string;
    }
    if (criterion.kind === 'choice') {
      const meets = criterion.options.find((o) => o.met === true);
      if (meets) return meets.value;
    }
    if (criterion.kind === 'scale' && values.length > 0) {
      const n = Number(planned);
      const numbers = values.map(Number);
      return String(n > Math.max(...numbers) ? Math.max(...numbers) : Math.min(...numbers));
    }
    return planned;
  };
}
