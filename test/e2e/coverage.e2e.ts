/**
 * The yearly coverage plan end to end on `npm start`'s demo (issue 13), as its users would use it:
 *   - Petra (radiographer) opens /iqs and sees her year: each kind of examination she made, with her images and her
 *     self-evaluations, equal to the computation from the raw rows; she presses "Start self-evaluation" for one
 *     still to do, and the viewer opens THAT self-evaluation (use self, that procedure, this year, her own images);
 *     she scores the first image, skips the rest and closes it; back on /iqs that examination shows done;
 *   - Fatima (quality officer) sees the matrix radiographer × examination and the peer-review list, and every cell
 *     equals the computation from the raw rows (read with the service role).
 * The tests build on each other (one IQS, one database). The demo is fixed (its images run up to DEMO_PERIOD_END,
 * whatever today is), so both choose the demo's year in the section's year chooser instead of reading today's.
 * A self-evaluation counts in the year it is closed (migration 34), so the page starts one from this year's plan only:
 * Petra starts and closes one while the demo's year is this year; in a later year (the chooser offers the demo's year
 * for four more) she sees that year's figures without the button, and Fatima's matrix is checked as it stands.
 * IQS_E2E_BROWSER_TODAY=YYYY-MM-DD moves the browser's clock (the page's "this year") to that day, to see it
 * pass in a later year now.
 */
import { createServiceClient, type IqsServiceClient } from '@iqs/database';
import { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_PERIOD_END, DEMO_SITE_ID } from '@iqs/demo-department';
import { apiKeys, findRunningLocalBackend, jwtSecretIn } from '@iqs/supabase-local';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Browser, Page } from 'playwright-core';
import { expectedCoverage, readCoverageRows } from '../support/coverageExpectation';
import { launchChromium } from './support/chromium';
import {
  type AnswerPlan,
  planForAnyForm,
  readWorklist,
  scoreWithKeyboard,
  signInOnPage,
  waitForCurrentImage,
} from './support/evaluationFlow';
import { type RunningIqs, startIqs } from './support/iqsProcess';
import { openViewerPage, type ViewerPage, waitForPixels } from './support/viewerPage';

jest.setTimeout(600_000);

const PETRA = DEMO_PEOPLE.petra;
const FATIMA = DEMO_PEOPLE.fatima;

let iqs: RunningIqs;
let browser: Browser;
let service: IqsServiceClient;
let viewer: ViewerPage;
/** the demo's year: its images end on DEMO_PERIOD_END */
const year = Number.parseInt(DEMO_PERIOD_END.slice(0, 4), 10);
/** the browser's today, when the run moves it (IQS_E2E_BROWSER_TODAY) */
const browserToday = process.env.IQS_E2E_BROWSER_TODAY;
/** the examination Petra self-evaluated through the plan (procedures.code) */
let evaluatedCode = '';

beforeAll(async () => {
  iqs = await startIqs('coverage', {});
  const running = await findRunningLocalBackend(iqs.supabaseDir);
  if (!running?.url) throw new Error(`IQS's backend is not running in ${iqs.supabaseDir}`);
  service = createServiceClient({ url: running.url, serviceRoleKey: apiKeys(await jwtSecretIn(iqs.supabaseDir)).serviceRoleKey });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  expect(await iqs?.stop()).toBe(0);
});

beforeEach(async () => {
  viewer = await openViewerPage(browser);
  if (browserToday) await viewer.page.clock.setSystemTime(new Date(`${browserToday}T12:00:00Z`));
});
afterEach(async () => {
  expect(viewer.ourProblems()).toEqual([]);
  await viewer.close();
});

const expected = async () =>
  expectedCoverage(await readCoverageRows(service as unknown as SupabaseClient), DEMO_SITE_ID, `${year}-01-01`, `${year}-12-31`);

/**
 * /iqs's coverage section with the demo's year chosen in its year chooser, once that year's figures are on screen;
 * signs in first unless `person` is null (still signed in). Gives the year the page calls this year (the chooser's
 * first).
 */
async function gotoCoverage(page: Page, person: { email: string } | null): Promise<number> {
  await page.goto(`${iqs.url}/iqs`);
  if (person) await signInOnPage(page, person.email, DEMO_PASSWORD);
  const section = page.locator('[data-iqs-section="coverage"]');
  await section.locator('[data-iqs-coverage="targets"]').waitFor({ timeout: 60_000 });
  const chooser = section.locator('select[data-iqs-coverage="year"]');
  const offered = (await chooser.locator('option').allTextContents()).map(Number);
  if (!offered.includes(year)) throw new Error(`the year chooser offers ${offered.join(', ')}, not the demo's year ${year}`);
  await chooser.selectOption(String(year));
  await page.locator(`[data-iqs-section="coverage"][data-iqs-coverage-shown="${year}"] [data-iqs-coverage="targets"]`).waitFor({
    timeout: 60_000,
  });
  return offered[0] as number;
}

/** Petra's rows as the page shows them: examination code → images, "done of target", covered. */
async function ownRows(page: Page): Promise<Record<string, { images: number; selfText: string; covered: boolean }>> {
  return page.locator('[data-iqs-coverage-procedure]').evaluateAll((rows) =>
    Object.fromEntries(
      rows.map((row) => {
        const cells = row.querySelectorAll('td');
        return [
          row.getAttribute('data-iqs-coverage-procedure') ?? '',
          {
            images: Number(cells[0]?.textContent),
            selfText: cells[1]?.textContent ?? '',
            covered: row.getAttribute('data-iqs-coverage-covered') === 'true',
          },
        ];
      }),
    ),
  );
}

/** A plan that answers every criterion as met, fitted to each examination's form (planForAnyForm: the PGMI grade, CT's choices). */
const allMet: AnswerPlan = planForAnyForm((criterion) => {
  switch (criterion.kind) {
    case 'yes_no_na':
      return 'yes';
    case 'scale':
      return '4';
    case 'choice':
      return criterion.code === 'exposure' ? 'good' : 'correct';
    case 'grade':
      return '3';
    default:
      throw new Error(`a criterion kind the test does not know: ${criterion.kind}`);
  }
});

describe('the yearly coverage plan on the demo data', () => {
  it('a radiographer sees her year, starts the self-evaluation of an examination still to do, closes it, and it shows done', async () => {
    const { page } = viewer;
    const thisYear = await gotoCoverage(page, PETRA);
    const want = (await expected()).matrix.filter((r) => r.person_id === PETRA.personId);
    expect(want.length).toBeGreaterThan(1);
    const shown = await ownRows(page);
    expect(Object.keys(shown).sort()).toEqual(want.map((r) => r.procedure_code).sort());
    for (const row of want) {
      expect(shown[row.procedure_code]).toEqual({
        images: row.performed,
        selfText: `${row.self_evaluations} of ${row.target}`,
        covered: row.covered,
      });
    }
    // no colleague is named in her section
    const section = (await page.locator('[data-iqs-section="coverage"]').textContent()) ?? '';
    for (const colleague of ['Daan Smit', 'Anna de Vries', 'Fatima Mulder', 'Jürgen Müller']) expect(section).not.toContain(colleague);
    await page.locator('[data-iqs-section="coverage"]').scrollIntoViewIfNeeded();
    await viewer.screenshot('coverage-1-radiographer-year');

    // the examination still to do with the fewest images
    const toDo = want.filter((r) => !r.covered).sort((a, b) => a.performed - b.performed)[0];
    if (!toDo) throw new Error('Petra has no examination still to do');
    if (year !== thisYear) {
      // a past year: its figures, still to do, and no way to start (a self-evaluation closed now counts for this year)
      expect(thisYear).toBeGreaterThan(year);
      await expect(page.locator('[data-iqs-coverage-procedure] button').count()).resolves.toBe(0);
      expect(section).toContain('Self-evaluations closed now count for this year');
      return;
    }
    evaluatedCode = toDo.procedure_code;
    await page.locator(`[data-iqs-coverage-procedure="${toDo.procedure_code}"] button`).click();
    await page.waitForURL((url) => url.searchParams.has('iqsEvaluation'), { timeout: 60_000 });
    const evaluationId = new URL(page.url()).searchParams.get('iqsEvaluation') as string;

    // the right self-evaluation: its stored filter, use, evaluator, and its images
    const { data: stored, error } = await service
      .from('evaluations')
      .select('use, evaluator_id, subject_person_id, filter, sample_size, status')
      .eq('id', evaluationId)
      .single();
    if (error) throw new Error(error.message);
    expect(stored).toMatchObject({ use: 'self', evaluator_id: PETRA.personId, subject_person_id: PETRA.personId, status: 'open' });
    expect(stored.filter).toMatchObject({ procedure_ids: [toDo.procedure_id], from: `${year}-01-01`, to: `${year}-12-31` });
    expect(stored.sample_size).toBe(Math.min(10, toDo.performed));
    const items = await service.from('evaluation_items').select('image_id').eq('evaluation_id', evaluationId);
    if (items.error) throw new Error(items.error.message);
    const images = await service
      .from('images')
      .select('id, procedure_id, study_date, rejected')
      .in(
        'id',
        items.data.map((i) => i.image_id),
      );
    if (images.error) throw new Error(images.error.message);
    expect(images.data).toHaveLength(stored.sample_size);
    for (const image of images.data) {
      expect(image).toMatchObject({ procedure_id: toDo.procedure_id, rejected: false });
      expect(image.study_date?.startsWith(String(year))).toBe(true);
    }
    const operators = await service
      .from('image_operators')
      .select('image_id, person_id')
      .in(
        'image_id',
        items.data.map((i) => i.image_id),
      );
    if (operators.error) throw new Error(operators.error.message);
    for (const image of images.data)
      expect(operators.data.filter((o) => o.image_id === image.id).map((o) => o.person_id)).toContain(PETRA.personId);

    // score the first image, skip the others, close
    await page.locator('[data-iqs-panel="worklist"] button[data-iqs-item]').first().waitFor({ timeout: 60_000 });
    const worklist = await readWorklist(page);
    expect(worklist.rows).toHaveLength(stored.sample_size);
    let previous: string | undefined;
    for (let i = 0; i < worklist.rows.length; i++) {
      const current = await waitForCurrentImage(page, { after: previous });
      if (i === 0) {
        await waitForPixels(page);
        await scoreWithKeyboard(page, allMet, 0);
        await page.locator(`button[data-iqs-item="${current.itemId}"][data-iqs-state="scored"]`).waitFor({ timeout: 15_000 });
        await viewer.screenshot('coverage-2-self-evaluation-scored');
      } else {
        await page.locator('[data-iqs-panel="scoring"] [data-iqs-action="skip"]').click();
        await page.locator(`button[data-iqs-item="${current.itemId}"][data-iqs-state="skipped"]`).waitFor({ timeout: 15_000 });
      }
      previous = current.itemId;
      if (i === worklist.rows.length - 1) break;
    }
    await page.locator('[data-iqs-action="close"]').click();
    await page.locator('[data-iqs-action="close-confirm"]').click();
    await page.locator('[data-iqs-panel="worklist"] .iqs-badge').waitFor({ timeout: 30_000 });

    // back on /iqs (still signed in): done
    await gotoCoverage(page, null);
    await page
      .locator(`[data-iqs-coverage-procedure="${toDo.procedure_code}"][data-iqs-coverage-covered="true"]`)
      .waitFor({ timeout: 30_000 });
    const after = await ownRows(page);
    expect(after[toDo.procedure_code]).toEqual({ images: toDo.performed, selfText: `1 of ${toDo.target}`, covered: true });
    const again = (await expected()).matrix.find((r) => r.person_id === PETRA.personId && r.procedure_id === toDo.procedure_id);
    expect(again).toMatchObject({ self_evaluations: 1, covered: true });
    await page.locator('[data-iqs-section="coverage"]').scrollIntoViewIfNeeded();
    await viewer.screenshot('coverage-3-radiographer-done');
  });

  it('a quality officer sees the matrix and who is due for a peer review, equal to the computation from the evaluations', async () => {
    const { page } = viewer;
    await gotoCoverage(page, FATIMA);
    const want = await expected();
    // the radiographer's self-evaluation of the first test is in it (when the demo's year is this year: she started one)
    if (evaluatedCode)
      expect(want.matrix.find((r) => r.person_id === PETRA.personId && r.procedure_code === evaluatedCode)?.covered).toBe(true);

    const cells = await page.locator('[data-iqs-coverage="matrix"] [data-iqs-coverage-cell]').evaluateAll((tds) =>
      tds.map((td) => ({
        person: td.closest('tr')?.getAttribute('data-iqs-coverage-person') ?? '',
        code: td.getAttribute('data-iqs-coverage-cell') ?? '',
        state: td.getAttribute('data-iqs-coverage-state') ?? '',
        text: (td.textContent ?? '').replace(/\s+/g, ' ').trim(),
      })),
    );
    const people = [...new Set(want.peers.map((p) => p.person_id))];
    const codes = [...new Set(want.matrix.map((r) => r.procedure_code))];
    expect(new Set(cells.map((c) => c.person))).toEqual(new Set(people));
    expect(cells).toHaveLength(people.length * codes.length);
    for (const cell of cells) {
      const row = want.matrix.find((r) => r.person_id === cell.person && r.procedure_code === cell.code);
      if (!row) {
        expect(cell).toMatchObject({ state: 'not_performed', text: '–' });
        continue;
      }
      expect(cell.state).toBe(row.covered ? 'covered' : 'to_do');
      expect(cell.text).toBe(`${row.covered ? '✓' : '!'} ${row.self_evaluations}/${row.target} (${row.performed})`);
    }

    const peers = await page.locator('[data-iqs-coverage="peers"] [data-iqs-coverage-peer]').evaluateAll((rows) =>
      rows.map((row) => ({
        person: row.getAttribute('data-iqs-coverage-peer') ?? '',
        due: row.getAttribute('data-iqs-coverage-due') === 'true',
        reviews: row.querySelectorAll('td')[0]?.textContent ?? '',
      })),
    );
    expect(peers.map((p) => p.person).sort()).toEqual([...people].sort());
    for (const row of want.peers) {
      expect(peers.find((p) => p.person === row.person_id)).toEqual({
        person: row.person_id,
        due: row.due,
        reviews: `${row.peer_reviews} of ${row.target}`,
      });
    }
    await page.locator('[data-iqs-section="coverage"]').scrollIntoViewIfNeeded();
    await viewer.screenshot('coverage-4-quality-officer-matrix');
  });
});
