/**
 * Follow-up actions end to end on `npm start`'s demo (issue 13), through the UI as their users would use them:
 *   - Fatima (quality officer) reads the reject analysis on /iqs and from it creates a follow-up action for Petra
 *     with a due date in the past: the department's list shows it overdue, in words; its finding link leads back to
 *     the reject analysis;
 *   - Petra (radiographer) signs in and finds it under "my actions", overdue; she moves it to Do, then to done —
 *     first without an outcome (refused in the form, nothing sent), then with one: no longer overdue, completed late;
 *   - Fatima sees the change in the department's list.
 * What the database holds is read back through the service role after each step (state, completed_at, the audit).
 * The tests build on each other (one IQS, one database).
 */
import { createServiceClient, type IqsServiceClient } from '@iqs/database';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '@iqs/demo-department';
import { apiKeys, findRunningLocalBackend, jwtSecretIn } from '@iqs/supabase-local';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { signInOnPage } from './support/evaluationFlow';
import { type RunningIqs, startIqs } from './support/iqsProcess';
import { openViewerPage, type ViewerPage } from './support/viewerPage';

jest.setTimeout(300_000);

const TITLE = 'Thorax PA: positioneren herhalen';
const OUTCOME = 'Positioneringsles gegeven; afkeur thorax PA besproken in het teamoverleg';
const PETRA = DEMO_PEOPLE.petra;
const FATIMA = DEMO_PEOPLE.fatima;

let iqs: RunningIqs;
let browser: Browser;
let service: IqsServiceClient;
let viewer: ViewerPage;
/** ten days before the database's today: well past due */
let dueDate: string;
let actionId: string;

beforeAll(async () => {
  iqs = await startIqs('actions', {});
  const running = await findRunningLocalBackend(iqs.supabaseDir);
  if (!running?.url) throw new Error(`IQS's backend is not running in ${iqs.supabaseDir}`);
  service = createServiceClient({ url: running.url, serviceRoleKey: apiKeys(await jwtSecretIn(iqs.supabaseDir)).serviceRoleKey });
  browser = await launchChromium();
  dueDate = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
});

afterAll(async () => {
  await browser?.close();
  expect(await iqs?.stop()).toBe(0);
});

beforeEach(async () => {
  viewer = await openViewerPage(browser);
});
afterEach(async () => {
  expect(viewer.ourProblems()).toEqual([]);
  await viewer.close();
});

interface StoredAction {
  id: string;
  title: string;
  state: string;
  owner_id: string;
  created_by: string;
  finding_kind: string;
  finding_ref: string | null;
  due_date: string;
  completed_at: string | null;
  outcome: string | null;
  overdue: boolean;
  on_time: boolean;
}

async function stored(): Promise<StoredAction[]> {
  const { data, error } = await service
    .from('quality_action_overview')
    .select('id, title, state, owner_id, created_by, finding_kind, finding_ref, due_date, completed_at, outcome, overdue, on_time')
    .eq('title', TITLE);
  if (error) throw new Error(error.message);
  return data as StoredAction[];
}

async function signIn(page: Page, login: { email: string }): Promise<Locator> {
  await page.goto(`${iqs.url}/iqs`);
  await signInOnPage(page, login.email, DEMO_PASSWORD);
  const section = page.locator('[data-iqs-section="actions"]');
  await section.waitFor({ timeout: 60_000 });
  return section;
}

const item = (section: Locator, list: 'mine' | 'department', id: string): Locator =>
  section.locator(`[data-iqs-action-list="${list}"] [data-iqs-action-id="${id}"]`);

test('Fatima creates a follow-up action from the reject analysis for Petra, due in the past: it shows overdue', async () => {
  const { page } = viewer;
  const actions = await signIn(page, FATIMA);
  const analysis = page.locator('[data-iqs-section="reject-analysis"]');
  await analysis.waitFor({ timeout: 60_000 });
  const offer = analysis.locator('[data-iqs-new-action="reject_analysis"]');
  await offer.getByRole('button', { name: 'Follow-up action' }).click();
  const form = offer.locator('[data-iqs-action-form]');
  // the finding is filled in from where the button sits
  expect(await form.locator('select[name="findingKind"]').inputValue()).toBe('reject_analysis');
  expect(await form.locator('input[name="findingLabel"]').inputValue()).toContain('Reject analysis');
  await form.locator('input[name="title"]').fill(TITLE);
  await form.locator('select[name="owner"]').selectOption({ label: PETRA.name });
  await form.locator('input[name="dueDate"]').fill(dueDate);
  await form.scrollIntoViewIfNeeded();
  await viewer.screenshot('actions-fatima-form-from-reject-analysis');
  await form.getByRole('button', { name: 'Save' }).click();
  await offer.getByRole('status').waitFor();
  expect(await offer.getByRole('status').textContent()).toBe('Action saved.');

  const [row] = await stored();
  expect(row).toMatchObject({
    state: 'planned',
    owner_id: PETRA.personId,
    created_by: FATIMA.personId,
    finding_kind: 'reject_analysis',
    due_date: dueDate,
    completed_at: null,
    overdue: true,
  });
  expect(row!.finding_ref).toMatch(/^section=reject-analysis/u);
  actionId = row!.id;

  // the department's list (open actions): overdue, said in words, with its owner
  const listed = item(actions, 'department', actionId);
  await listed.waitFor({ timeout: 30_000 });
  expect(await listed.getAttribute('data-iqs-overdue')).toBe('true');
  expect(await listed.textContent()).toMatch(/Overdue: (9|10|11) days past the due date/u);
  expect(await listed.textContent()).toContain(PETRA.name);
  await listed.scrollIntoViewIfNeeded();
  await viewer.screenshot('actions-fatima-department-overdue');

  // the finding's link leads back to the reject analysis
  await listed.getByRole('button', { name: /^Reject analysis/u }).click();
  await page.waitForFunction(() => {
    const top = document.querySelector('[data-iqs-section="reject-analysis"]')?.getBoundingClientRect().top;
    return top !== undefined && Math.abs(top) < 50;
  });
});

test('Petra finds it in "my actions", moves it to Do and then done with its outcome: completed, late, no longer overdue', async () => {
  const { page } = viewer;
  const actions = await signIn(page, PETRA);
  expect(await actions.locator('[data-iqs-action-list="department"]').count()).toBe(0);
  const mine = item(actions, 'mine', actionId);
  await mine.waitFor({ timeout: 30_000 });
  expect(await mine.getAttribute('data-iqs-overdue')).toBe('true');
  expect(await mine.textContent()).toContain('Overdue:');
  await mine.scrollIntoViewIfNeeded();
  await viewer.screenshot('actions-petra-my-actions-overdue');

  // Do
  await mine.getByRole('button', { name: 'Edit' }).click();
  let form = mine.locator('[data-iqs-action-form]');
  expect(await form.textContent()).toContain('The quality officer gave you this action');
  expect(await form.locator('input[name="title"]').isDisabled()).toBe(true);
  await form.locator('select[name="state"]').selectOption({ label: 'Do' });
  await form.getByRole('button', { name: 'Save' }).click();
  await page.locator(`[data-iqs-action-list="mine"] [data-iqs-action-id="${actionId}"][data-iqs-action-state="in_progress"]`).waitFor();
  expect((await stored())[0]).toMatchObject({ state: 'in_progress', completed_at: null, overdue: true });

  // done without an outcome: the form says what is missing and sends nothing
  await mine.getByRole('button', { name: 'Edit' }).click();
  form = mine.locator('[data-iqs-action-form]');
  await form.locator('select[name="state"]').selectOption({ label: 'Act – done' });
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByRole('alert').waitFor();
  expect(await form.getByRole('alert').textContent()).toContain('An action is done with its outcome');
  expect((await stored())[0]?.state).toBe('in_progress');
  await form.scrollIntoViewIfNeeded();
  await viewer.screenshot('actions-petra-done-needs-outcome');

  await form.locator('textarea[name="outcome"]').fill(OUTCOME);
  await form.getByRole('button', { name: 'Save' }).click();
  await page.locator(`[data-iqs-action-list="mine"] [data-iqs-action-id="${actionId}"][data-iqs-action-state="done"]`).waitFor();
  expect(await mine.getAttribute('data-iqs-overdue')).toBe('false');
  expect(await mine.textContent()).not.toContain('Overdue');
  expect(await mine.textContent()).toMatch(/Completed on .+, late/u);
  expect(await mine.textContent()).toContain(OUTCOME);
  await mine.scrollIntoViewIfNeeded();
  await viewer.screenshot('actions-petra-done-late');

  const [row] = await stored();
  expect(row).toMatchObject({ state: 'done', outcome: OUTCOME, overdue: false, on_time: false });
  expect(row!.completed_at).not.toBeNull();
  const audit = await service.from('audit_log').select('actor_id, action').eq('target_id', actionId).order('id');
  expect(audit.data).toEqual([
    { actor_id: FATIMA.personId, action: 'quality_action.created' },
    { actor_id: PETRA.personId, action: 'quality_action.changed' },
    { actor_id: PETRA.personId, action: 'quality_action.changed' },
  ]);
});

test('Fatima sees Petra’s change: done, late, with the outcome', async () => {
  const { page } = viewer;
  const actions = await signIn(page, FATIMA);
  // open actions only by default: the done one has left that list; Fatima asks for the done ones
  await actions.locator('select[name="stateFilter"]').selectOption('done');
  const listed = item(actions, 'department', actionId);
  await listed.waitFor({ timeout: 30_000 });
  expect(await listed.getAttribute('data-iqs-action-state')).toBe('done');
  expect(await listed.getAttribute('data-iqs-overdue')).toBe('false');
  expect(await listed.textContent()).toMatch(/Completed on .+, late/u);
  expect(await listed.textContent()).toContain(OUTCOME);
  await listed.scrollIntoViewIfNeeded();
  await viewer.screenshot('actions-fatima-sees-done-late');
});
