/**
 * Forms for every procedure and the form editor end to end on `npm start`'s demo (issue 14, item 2), as their users
 * would use them:
 *   - Fatima (quality officer) starts a quality analysis of knee X-rays: the image is scored on a knee form (not the
 *     generic one), the scale shows what each value means and every answer whether it meets; she scores the first
 *     image with the keyboard. She has no form editor on /iqs.
 *   - Jeroen (admin) opens that knee form in the editor on /iqs: an empty label is refused with the draft kept; he
 *     rewords a criterion, moves one up and adds one, and saves: "Saved as version 2".
 *   - Read back from the tables (service role): version 1 inactive with its criteria as they were, version 2 active
 *     with the edit and the procedure's views; Fatima's first evaluation and its scores still name version 1 and its
 *     wording.
 *   - Fatima's next knee analysis samples onto version 2: its items of that form's views name the new version, and
 *     the panel shows the new criterion on such an image.
 *   - Jeroen creates a form for the hand's lateral views, which have none: a copy of the generic form's criteria and
 *     one of his own; a view the hand PA form holds and an empty label are refused with the draft kept; then it is
 *     created. The tables read back what he entered: version 1, active, his, the criteria in order, the two views; and
 *     the audit log (written by the database, migration 40) holds his knee version and this new form.
 *   - Jeroen takes 'Hand lateral' out of use after a confirmation that says what follows; the table reads it back
 *     inactive and the audit log holds its switch-off by him; he puts it back in use from the forms out of use: active
 *     again, the switch-on his (migration 43 lets only an admin do either).
 * The tests build on each other (one IQS, one database).
 */
import { createServiceClient, type IqsServiceClient } from '@iqs/database';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '@iqs/demo-department';
import { apiKeys, findRunningLocalBackend, jwtSecretIn } from '@iqs/supabase-local';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import {
  type AnswerPlan,
  fillStartForm,
  planForAnyForm,
  readWorklist,
  scoreWithKeyboard,
  signInOnPage,
  startEvaluation,
  waitForCurrentImage,
} from './support/evaluationFlow';
import { type RunningIqs, startIqs } from './support/iqsProcess';
import { openViewerPage, type ViewerPage, waitForPixels } from './support/viewerPage';

jest.setTimeout(600_000);

let iqs: RunningIqs;
let browser: Browser;
let service: IqsServiceClient;
let viewer: ViewerPage;

beforeAll(async () => {
  iqs = await startIqs('forms', {});
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
});
afterEach(async () => {
  expect(viewer.ourProblems()).toEqual([]);
  await viewer.close();
});

/** What the tests pass on to each other. */
const first = {
  evaluationId: '',
  itemId: '',
  formId: '',
  formCode: '',
  criteria: [] as Array<{ id: string; code: string; label_en: string }>,
};
const edit = {
  reworded: '',
  rewordedLabel: 'Joint space and condyles shown without rotation',
  addedLabel: 'Soft tissue swelling assessable',
  newFormId: '',
};

/** Everything met: the generic answers, fitted to the form shown. */
const allMet: AnswerPlan = planForAnyForm((criterion) => {
  switch (criterion.kind) {
    case 'yes_no_na':
      return 'yes';
    case 'scale':
      return '4';
    case 'grade':
      return '3';
    default:
      return criterion.code === 'exposure' ? 'good' : 'correct';
  }
});

async function gotoIqsPage(page: Page, person: { email: string }): Promise<void> {
  await page.goto(`${iqs.url}/iqs`);
  await signInOnPage(page, person.email, DEMO_PASSWORD);
}

async function formRow(id: string) {
  const { data, error } = await service.from('scoring_forms').select('id, code, version, active, created_by').eq('id', id).single();
  if (error) throw new Error(error.message);
  return data;
}

async function criteriaOf(formId: string) {
  const { data, error } = await service
    .from('scoring_criteria')
    .select('id, code, label_en, position')
    .eq('form_id', formId)
    .order('position');
  if (error) throw new Error(error.message);
  return data;
}

async function itemsOf(evaluationId: string) {
  const { data, error } = await service.from('evaluation_items').select('id, form_id, image_id').eq('evaluation_id', evaluationId);
  if (error) throw new Error(error.message);
  return data;
}

describe('forms for every procedure, and the form editor', () => {
  it('a knee image is scored on a knee form whose scale says what each value means and which answers meet', async () => {
    const { page } = viewer;
    await gotoIqsPage(page, DEMO_PEOPLE.fatima);
    // the editor is an admin's
    await page.locator('[data-iqs-section="start"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-iqs-section="forms"]').count()).toBe(0);
    expect(await fillStartForm(page, { use: 'quality', procedures: ['Knee X-ray'], sampleSize: 2, blind: false })).toBeGreaterThan(2);
    first.evaluationId = await startEvaluation(page);
    const current = await waitForCurrentImage(page);
    await waitForPixels(page);
    first.itemId = current.itemId;

    const items = await itemsOf(first.evaluationId);
    const item = items.find((i) => i.id === first.itemId);
    if (!item) throw new Error('the current item is not in the evaluation');
    const form = await formRow(item.form_id);
    first.formId = form.id;
    first.formCode = form.code;
    expect(['knee-ap', 'knee-lat']).toContain(form.code);
    expect(form.version).toBe(1);
    first.criteria = await criteriaOf(form.id);

    // the panel shows this form's criteria, in order, with the collimation scale's meanings and each answer's mark
    const panel = page.locator('[data-iqs-panel="scoring"]');
    await panel.locator(`[data-iqs-criterion="${first.criteria[0]?.code}"]`).waitFor({ timeout: 30_000 });
    expect(
      await panel.locator('[data-iqs-criterion]').evaluateAll((boxes) => boxes.map((b) => b.getAttribute('data-iqs-criterion'))),
    ).toEqual(first.criteria.map((c) => c.code));
    const collimation = panel.locator('[data-iqs-criterion="collimation"]');
    expect(await collimation.locator('.iqs-f-meaning').allTextContents()).toEqual([
      'Not diagnostic, repeat',
      'Major fault',
      'Fault, still diagnostic',
      'Good, minor deviation',
      'Optimal',
    ]);
    expect(await collimation.locator('[data-iqs-value]').evaluateAll((o) => o.map((x) => x.getAttribute('data-iqs-met')))).toEqual([
      'false',
      'false',
      'false',
      'true',
      'true',
    ]);
    expect(await collimation.locator('[data-iqs-met-rule]').textContent()).toBe('Meets from 4 (of 1–5)');
    expect(await panel.locator('[data-iqs-criterion="side_marker"] [data-iqs-met-rule]').textContent()).toBe('Meets: Present and correct');
    expect(await panel.locator('[data-iqs-criterion="overall"] [data-iqs-met-rule]').textContent()).toBe('Not counted as met or not');
    await viewer.screenshot('forms-1-knee-form-with-meanings');

    const given = await scoreWithKeyboard(page, allMet, 0);
    await page.locator(`button[data-iqs-item="${first.itemId}"][data-iqs-state="scored"]`).waitFor({ timeout: 15_000 });
    // every answer stored, on version 1's criteria
    const expectedCount = given.filter((a) => a.kind !== 'comment').length;
    let stored: Array<{ criterion_id: string; form_id: string }> = [];
    for (let attempt = 0; attempt < 30 && stored.length < expectedCount; attempt++) {
      const { data } = await service.from('scores').select('criterion_id, form_id').eq('evaluation_item_id', first.itemId);
      stored = data ?? [];
      if (stored.length < expectedCount) await page.waitForTimeout(500);
    }
    expect(stored).toHaveLength(expectedCount);
    expect(new Set(stored.map((s) => s.form_id))).toEqual(new Set([first.formId]));
  });

  it('an admin edits the form on /iqs: bad input refused with the draft kept, then saved as version 2', async () => {
    const { page } = viewer;
    await gotoIqsPage(page, DEMO_PEOPLE.jeroen);
    const section = page.locator('[data-iqs-section="forms"]');
    await section.locator('[data-iqs-forms="choose"]').waitFor({ timeout: 60_000 });
    await section.locator('[data-iqs-forms="choose"]').selectOption(first.formCode);
    await section.locator('[data-iqs-forms="version"][data-iqs-version="1"]').waitFor();
    const box = (code: string) => section.locator(`[data-iqs-f-criterion="${code}"]`);

    // reword the first criterion, move the second up, add one
    const [reworded, moved] = first.criteria;
    if (!reworded || !moved) throw new Error('the knee form has fewer than two criteria');
    edit.reworded = reworded.code;
    await box(reworded.code).locator('[data-iqs-field="label_en"]').fill(edit.rewordedLabel);
    await box(moved.code).getByRole('button', { name: 'Move up (2)' }).click();
    await section.locator('[data-iqs-forms="add"]').click();
    const added = section.locator('[data-iqs-f-criterion^="new-"]');
    await added.locator('[data-iqs-field="label_en"]').fill(edit.addedLabel);
    // no Dutch label: refused, in words, and nothing lost
    await section.locator('[data-iqs-forms="save"]').click();
    const errors = section.locator('[data-iqs-forms="errors"] li');
    await errors.first().waitFor();
    expect(await errors.allTextContents()).toEqual([`Criterion ${first.criteria.length + 1}: a Dutch and an English label are needed.`]);
    expect(await box(reworded.code).locator('[data-iqs-field="label_en"]').inputValue()).toBe(edit.rewordedLabel);
    expect((await formRow(first.formId)).active).toBe(true);
    await viewer.screenshot('forms-2-editor-refuses');

    await added.locator('[data-iqs-field="label_nl"]').fill('Wekedelenzwelling te beoordelen');
    await added.locator('[data-iqs-field="required"]').uncheck();
    await section.locator('[data-iqs-forms="save"]').click();
    const saved = section.locator('[data-iqs-forms="saved"]');
    await saved.waitFor({ timeout: 30_000 });
    expect(await saved.textContent()).toMatch(
      /^Saved as version 2 of "Knee (AP|lateral)"\. The next evaluations use it; earlier scores keep their version\.$/u,
    );
    await section.locator('[data-iqs-forms="version"][data-iqs-version="2"]').waitFor();
    await saved.scrollIntoViewIfNeeded();
    await viewer.screenshot('forms-3-editor-saved');
  });

  it('the tables: version 1 kept as it was and inactive, version 2 active with the edit; earlier scores keep version 1', async () => {
    const { data: versions, error } = await service
      .from('scoring_forms')
      .select('id, version, active, created_by')
      .eq('code', first.formCode)
      .order('version');
    if (error) throw new Error(error.message);
    expect(versions.map((v) => ({ version: v.version, active: v.active }))).toEqual([
      { version: 1, active: false },
      { version: 2, active: true },
    ]);
    expect(versions[1]?.created_by).toBe(DEMO_PEOPLE.jeroen.personId);
    edit.newFormId = versions[1]?.id as string;

    // version 1's criteria as they were; version 2: moved, reworded, one added (not required)
    expect(await criteriaOf(first.formId)).toEqual(first.criteria);
    const v2 = await criteriaOf(edit.newFormId);
    const codes = first.criteria.map((c) => c.code);
    expect(v2.map((c) => c.code).slice(0, codes.length)).toEqual([codes[1], codes[0], ...codes.slice(2)]);
    expect(v2).toHaveLength(codes.length + 1);
    expect(v2.find((c) => c.code === edit.reworded)?.label_en).toBe(edit.rewordedLabel);
    expect(v2.at(-1)?.label_en).toBe(edit.addedLabel);

    // the views moved to version 2
    const mappings = await service
      .from('scoring_form_procedures')
      .select('form_id, view_position')
      .in('form_id', [first.formId, edit.newFormId]);
    expect(mappings.data?.filter((m) => m.form_id === first.formId)).toEqual([]);
    expect(mappings.data?.filter((m) => m.form_id === edit.newFormId).length).toBeGreaterThan(0);

    // Fatima's first evaluation: its items and scores still name version 1, with the old wording
    expect((await itemsOf(first.evaluationId)).find((i) => i.id === first.itemId)?.form_id).toBe(first.formId);
    const { data: scores } = await service.from('scores').select('form_id, criterion_id').eq('evaluation_item_id', first.itemId);
    expect(new Set(scores?.map((s) => s.form_id))).toEqual(new Set([first.formId]));
    const { data: answered } = await service
      .from('scoring_criteria')
      .select('code, label_en')
      .in(
        'id',
        (scores ?? []).map((s) => s.criterion_id),
      );
    const old = first.criteria.find((c) => c.code === edit.reworded);
    const scoredReworded = answered?.find((c) => c.code === edit.reworded);
    expect(scoredReworded?.label_en).toBe(old?.label_en);
    expect(scoredReworded?.label_en).not.toBe(edit.rewordedLabel);
  });

  it('the next evaluation samples onto version 2 and shows the new criterion', async () => {
    const { page } = viewer;
    await gotoIqsPage(page, DEMO_PEOPLE.fatima);
    // every knee image not yet evaluated: both views are among them
    await fillStartForm(page, { use: 'quality', procedures: ['Knee X-ray'], sampleSize: 20, blind: false });
    const evaluationId = await startEvaluation(page);
    const items = await itemsOf(evaluationId);
    const { data: images } = await service
      .from('images')
      .select('id, view_position')
      .in(
        'id',
        items.map((i) => i.image_id),
      );
    const views = new Map(images?.map((i) => [i.id, (i.view_position ?? '').toUpperCase()]));
    const { data: mapped } = await service.from('scoring_form_procedures').select('view_position').eq('form_id', edit.newFormId);
    const formViews = new Set(mapped?.map((m) => (m.view_position ?? '').toUpperCase()));
    const onEdited = items.filter((i) => formViews.has(views.get(i.image_id) ?? ''));
    expect(onEdited.length).toBeGreaterThan(0);
    expect(new Set(onEdited.map((i) => i.form_id))).toEqual(new Set([edit.newFormId]));
    // nothing samples onto the old version any more
    expect(items.filter((i) => i.form_id === first.formId)).toEqual([]);

    // open such an image: the panel shows version 2 (the added criterion, the new wording)
    const target = onEdited[0] as { id: string };
    await page.locator(`[data-iqs-panel="worklist"] button[data-iqs-item="${target.id}"]`).click();
    await page.locator(`[data-iqs-panel="scoring"][data-iqs-item="${target.id}"]`).waitFor({ timeout: 30_000 });
    const panel = page.locator('[data-iqs-panel="scoring"]');
    await panel.getByText(edit.addedLabel).waitFor({ timeout: 30_000 });
    expect(await panel.locator(`[data-iqs-criterion="${edit.reworded}"] .iqs-criterion-label`).textContent()).toContain(edit.rewordedLabel);
    expect((await readWorklist(page)).rows.length).toBe(items.length);
    await waitForPixels(page);
    await viewer.screenshot('forms-4-next-evaluation-new-version');
  });

  it('an admin creates a form for a view without one; the tables and the audit log read back what was entered', async () => {
    const { page } = viewer;
    await gotoIqsPage(page, DEMO_PEOPLE.jeroen);
    const section = page.locator('[data-iqs-section="forms"]');
    await section.locator('[data-iqs-forms="new"]').waitFor({ timeout: 60_000 });
    await section.locator('[data-iqs-forms="new"]').click();
    await section.locator('[data-iqs-forms="creating"]').waitFor();

    // it starts from the generic form's criteria, in order
    const { data: genericForm } = await service.from('scoring_forms').select('id').eq('is_generic', true).eq('active', true).single();
    const { data: generic } = await service
      .from('scoring_criteria')
      .select('code, kind, label_nl, label_en, help_nl, help_en, required, options')
      .eq('form_id', genericForm?.id ?? '')
      .order('position');
    if (!generic?.length) throw new Error('no generic form');
    const boxes = () => section.locator('[data-iqs-f-criterion]').evaluateAll((b) => b.map((x) => x.getAttribute('data-iqs-f-criterion')));
    expect(await boxes()).toEqual(generic.map((c) => c.code));

    const entered = {
      title_nl: 'Hand lateraal',
      title_en: 'Hand lateral',
      added_nl: 'Vingers gespreid, niet over elkaar',
      added_en: 'Fingers fanned, not superimposed',
    };
    await section.locator('[data-iqs-field="title_nl"]').fill(entered.title_nl);
    await section.locator('[data-iqs-field="title_en"]').fill(entered.title_en);
    // the hand's PA view first: the hand PA form holds it
    const row = (n: number) => section.locator(`[data-iqs-mapping="${n}"]`);
    await row(0).locator('select').selectOption({ label: 'Hand X-ray' });
    await row(0).locator('input').fill('PA');
    expect(await row(0).locator('[data-iqs-forms="held"]').textContent()).toContain('PA (Hand PA)');
    await section.locator('[data-iqs-forms="creating"]').scrollIntoViewIfNeeded();
    await viewer.screenshot('forms-5-new-form-start');
    await section.locator('[data-iqs-forms="add"]').click();
    const added = section.locator('[data-iqs-f-criterion^="new-"]');
    await added.locator('[data-iqs-field="label_en"]').fill(entered.added_en);
    await section.locator('[data-iqs-forms="save"]').click();
    const errors = section.locator('[data-iqs-forms="errors"] li');
    await errors.first().waitFor();
    expect(await errors.allTextContents()).toEqual([
      `Criterion ${generic.length + 1}: a Dutch and an English label are needed.`,
      'Hand X-ray PA is scored on "Hand PA" already: choose another view, or change that form.',
    ]);
    expect(await section.locator('[data-iqs-field="title_en"]').inputValue()).toBe(entered.title_en);
    expect((await service.from('scoring_forms').select('id').eq('code', 'hand-lateral')).data).toEqual([]);
    await section.locator('[data-iqs-forms="errors"]').scrollIntoViewIfNeeded();
    await viewer.screenshot('forms-6-new-form-refused');

    // the lateral views, the label in Dutch too: created
    await row(0).locator('input').fill('LAT');
    await section.getByRole('button', { name: '+ Add procedure and view' }).click();
    await row(1).locator('select').selectOption({ label: 'Hand X-ray' });
    await row(1).locator('input').fill('ll');
    await added.locator('[data-iqs-field="label_nl"]').fill(entered.added_nl);
    await section.locator('[data-iqs-forms="save"]').click();
    const created = section.locator('[data-iqs-forms="created"]');
    await created.waitFor({ timeout: 30_000 });
    expect(await created.textContent()).toBe(
      'Form "Hand lateral" created as version 1. The next evaluations of its procedures and views use it.',
    );
    await section.locator('[data-iqs-forms="version"][data-iqs-version="1"]').waitFor();
    expect(await section.locator('[data-iqs-forms="choose"]').inputValue()).toBe('hand-lateral');
    await created.scrollIntoViewIfNeeded();
    await viewer.screenshot('forms-7-new-form-created');

    // the tables: version 1, active, Jeroen's, the criteria as entered in order, the two views
    const { data: forms } = await service
      .from('scoring_forms')
      .select('id, version, active, is_generic, title_nl, title_en, created_by, created_at')
      .eq('code', 'hand-lateral');
    expect(forms?.map(({ id: _id, created_at: _at, ...f }) => f)).toEqual([
      {
        version: 1,
        active: true,
        is_generic: false,
        title_nl: entered.title_nl,
        title_en: entered.title_en,
        created_by: DEMO_PEOPLE.jeroen.personId,
      },
    ]);
    const form = forms?.[0] as { id: string; created_at: string };
    const { data: criteria } = await service
      .from('scoring_criteria')
      .select('position, code, kind, label_nl, label_en, help_nl, help_en, required, options')
      .eq('form_id', form.id)
      .order('position');
    expect(criteria).toEqual(
      [
        ...generic,
        {
          code: 'fingers_fanned_not_superimposed',
          kind: 'yes_no_na',
          label_nl: entered.added_nl,
          label_en: entered.added_en,
          help_nl: null,
          help_en: null,
          required: true,
          options: null,
        },
      ].map((c, i) => ({ position: i + 1, ...c })),
    );
    const { data: hand } = await service.from('procedures').select('id').eq('code', 'hand').single();
    const { data: mapped } = await service.from('scoring_form_procedures').select('procedure_id, view_position').eq('form_id', form.id);
    expect(mapped?.map((m) => `${m.procedure_id}/${m.view_position}`).sort()).toEqual([`${hand?.id}/LAT`, `${hand?.id}/LL`]);

    // the audit log, written by the database: Jeroen's knee version (test 2) and this form, with their times
    const { data: audit } = await service
      .from('audit_log')
      .select('actor_id, action, target_id, details, at')
      .eq('target_table', 'scoring_forms')
      .order('id');
    expect(audit?.map((a) => ({ actor: a.actor_id, action: a.action, target: a.target_id }))).toEqual(
      expect.arrayContaining([
        { actor: DEMO_PEOPLE.jeroen.personId, action: 'scoring_form.version_saved', target: edit.newFormId },
        { actor: DEMO_PEOPLE.jeroen.personId, action: 'scoring_form.created', target: form.id },
      ]),
    );
    const createdRow = audit?.find((a) => a.target_id === form.id);
    expect(createdRow?.details).toEqual({
      form_id: form.id,
      code: 'hand-lateral',
      title_nl: entered.title_nl,
      title_en: entered.title_en,
      version: 1,
      previous_version: null,
      previous_form_id: null,
    });
    expect(new Date(createdRow?.at as string).getTime()).toBe(new Date(form.created_at).getTime());
    expect((audit?.find((a) => a.target_id === edit.newFormId)?.details as { previous_form_id?: string }).previous_form_id).toBe(
      first.formId,
    );
  });

  it('an admin takes the form he created out of use after a confirmation, and puts it back; the table and the audit log follow', async () => {
    const { page } = viewer;
    const { data: handLat } = await service.from('scoring_forms').select('id, title_nl, title_en').eq('code', 'hand-lateral').single();
    if (!handLat) throw new Error('no hand-lateral form (test 5)');
    const formAudit = async (action: string) =>
      (
        await service
          .from('audit_log')
          .select('actor_id, action, details')
          .eq('target_table', 'scoring_forms')
          .eq('target_id', handLat.id)
          .eq('action', action)
      ).data;

    await gotoIqsPage(page, DEMO_PEOPLE.jeroen);
    const section = page.locator('[data-iqs-section="forms"]');
    await section.locator('[data-iqs-forms="choose"]').waitFor({ timeout: 60_000 });
    await section.locator('[data-iqs-forms="choose"]').selectOption('hand-lateral');
    await section.locator('[data-iqs-forms="retire"]').click();
    const confirm = section.locator('[data-iqs-forms="confirm-retire"]');
    await confirm.waitFor();
    expect(await confirm.locator('p').textContent()).toBe(
      'Take "Hand lateral" out of use? New evaluations no longer score Hand X-ray LAT, Hand X-ray LL on it: they use the generic form until another form takes them. Scores given before keep this form and its wording. Its procedures and views become free for another form. You can put it back in use later.',
    );
    await confirm.scrollIntoViewIfNeeded();
    await viewer.screenshot('forms-8-retire-confirm');
    await confirm.getByRole('button', { name: 'Yes, take out of use' }).click();
    const retired = section.locator('[data-iqs-forms="retired"]');
    await retired.waitFor({ timeout: 30_000 });
    expect(await retired.textContent()).toBe(
      '"Hand lateral" is out of use. New evaluations score its procedures and views on the generic form.',
    );
    expect(await section.locator('[data-iqs-forms="choose"] option[value="hand-lateral"]').count()).toBe(0);

    // the table: inactive; the audit log: switched off by Jeroen, naming the form and its version
    expect(await formRow(handLat.id)).toMatchObject({ code: 'hand-lateral', version: 1, active: false });
    const off = await formAudit('scoring_form.switched_off');
    expect(off).toEqual([
      {
        actor_id: DEMO_PEOPLE.jeroen.personId,
        action: 'scoring_form.switched_off',
        details: { form_id: handLat.id, code: 'hand-lateral', title_nl: handLat.title_nl, title_en: handLat.title_en, version: 1 },
      },
    ]);

    // the forms out of use list it; put back in use
    await section.locator('[data-iqs-forms="show-retired"]').click();
    const listed = section.locator('[data-iqs-retired="hand-lateral"]');
    await listed.waitFor();
    expect(await listed.textContent()).toContain('Hand X-ray LAT, Hand X-ray LL');
    await listed.scrollIntoViewIfNeeded();
    await viewer.screenshot('forms-9-retired-list');
    await listed.getByRole('button', { name: 'Put back in use' }).click();
    const restored = section.locator('[data-iqs-forms="restored"]');
    await restored.waitFor({ timeout: 30_000 });
    expect(await restored.textContent()).toBe('"Hand lateral" is back in use. New evaluations of its procedures and views use it again.');
    expect(await section.locator('[data-iqs-forms="choose"]').inputValue()).toBe('hand-lateral');
    expect(await section.locator('[data-iqs-retired="hand-lateral"]').count()).toBe(0);
    await restored.scrollIntoViewIfNeeded();
    await viewer.screenshot('forms-10-restored');

    expect(await formRow(handLat.id)).toMatchObject({ code: 'hand-lateral', version: 1, active: true });
    expect((await formAudit('scoring_form.switched_on'))?.map((a) => ({ actor: a.actor_id, details: a.details }))).toEqual([
      { actor: DEMO_PEOPLE.jeroen.personId, details: off?.[0]?.details },
    ]);
  });
});
