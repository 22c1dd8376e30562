/**
 * "Add to lesson" on its own and where it is offered: the viewer's IQS panel (the active image), an evaluation
 * summary's faults, the reject drill-down (rejected and accepted images) and the dose drill-down (exposures above
 * the DRN), against an in-memory LessonData (lessonFixtures.ts) whose stored rows the tests read.
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { EvaluationSummary } from '@iqs/domain';
import { createStore } from 'zustand/vanilla';
import { createTranslator } from '../../src/i18n/translator';
import { AddToLesson } from '../../src/lessons/AddToLesson';
import { DoseAnalysisSection } from '../../src/pages/DoseAnalysisSection';
import { RejectDrillDown } from '../../src/pages/RejectDrillDown';
import { IqsPanel } from '../../src/panels/IqsPanel';
import type { AccountState, IqsPanelPort, RejectState } from '../../src/ports';
import { initialRejectState } from '../../src/rejects/rejectSession';
import { createAccountStore } from '../../src/state/accountStore';
import { createActiveImageStore, showInstance } from '../../src/state/activeImageStore';
import { createEvaluationStore } from '../../src/state/evaluationStore';
import { createSyncStore } from '../../src/sync';
import { EvaluationSummaryView } from '../../src/ui/EvaluationSummaryView';
import { exposure, fakeDoseData, pageLists } from './doseFixtures';
import { fakeLessonData, lessonImage } from './lessonFixtures';
import { image as rejectImage } from './rejectAnalysisFixtures';

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));
const en = createTranslator('en');

const INDEX = ['1.2.3.1', '1.2.3.2', '1.1.9', '1.1.4', '1.2.3.0.1', '1.2.3.0.2'].map((uid) => lessonImage(uid));

const q = <T extends Element = HTMLElement>(root: ParentNode, selector: string): T => {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
};

/** Open the form, choose a lesson (or a new one with its title), type a teaching point, and add. */
async function addThrough(root: HTMLElement, options: { lesson?: string; newTitle?: string; teachingPoint?: string }) {
  fireEvent.click(q(root, '[data-iqs-lesson-add-open]'));
  await settle();
  if (options.lesson) fireEvent.change(q(root, '[data-iqs-lesson-choose]'), { target: { value: options.lesson } });
  if (options.newTitle !== undefined) {
    fireEvent.change(q(root, '[data-iqs-lesson-choose]'), { target: { value: 'new' } });
    fireEvent.change(q(root, '[data-iqs-lesson-new-title]'), { target: { value: options.newTitle } });
  }
  if (options.teachingPoint !== undefined)
    fireEvent.change(q(root, '[data-iqs-lesson-teaching-point]'), { target: { value: options.teachingPoint } });
  fireEvent.click(q(root, '[data-iqs-lesson-add-confirm]'));
  await settle();
}

describe('Add to lesson', () => {
  it('makes a new lesson named here with the images as its first case, teaching point and origin kept', async () => {
    const fake = fakeLessonData({ index: INDEX });
    fake.seed({ title: 'A colleague’s lesson', mine: false, shared: true });
    const added: string[] = [];
    const { container } = render(
      <AddToLesson
        lessons={fake.data}
        images={[{ sopInstanceUid: '1.2.3.2' }, { sopInstanceUid: '1.2.3.1' }]}
        origin="reject_analysis"
        translator={en}
        onAdded={({ lesson, lessonCase }) => added.push(`${lesson.title}#${lessonCase.position}`)}
      />,
    );
    expect(q(container, '[data-iqs-lesson-add-open]').textContent).toContain('Add 2 images to a lesson');
    fireEvent.click(q(container, '[data-iqs-lesson-add-open]'));
    await settle();
    // only one's own lessons can take a case: with none, the chooser stands on "new lesson"
    const chooser = q<HTMLSelectElement>(container, '[data-iqs-lesson-choose]');
    expect([...chooser.options].map((option) => option.textContent)).toEqual(['New lesson…']);
    expect(container.textContent).toContain('You have no lessons yet: name a new one.');
    // no title: said, nothing made
    fireEvent.change(q(container, '[data-iqs-lesson-teaching-point]'), { target: { value: 'Compare the two' } });
    fireEvent.click(q(container, '[data-iqs-lesson-add-confirm]'));
    await settle();
    expect(q(container, '[data-iqs-lesson-add-result="error"]').textContent).toBe('Not added: Give the lesson a title.');
    expect(fake.calls.some((call) => call.method === 'createLesson')).toBe(false);

    fireEvent.change(q(container, '[data-iqs-lesson-new-title]'), { target: { value: 'Knee positioning' } });
    fireEvent.click(q(container, '[data-iqs-lesson-add-confirm]'));
    await settle();
    const made = fake.all().find((lesson) => lesson.title === 'Knee positioning')!;
    expect(made).toMatchObject({ mine: true, shared: false });
    expect(made.cases).toHaveLength(1);
    expect(made.cases[0]!.images.map((i) => i.sopInstanceUid)).toEqual(['1.2.3.2', '1.2.3.1']);
    expect(made.cases[0]).toMatchObject({ teachingPoint: 'Compare the two', origin: 'reject_analysis' });
    const result = q(container, '[data-iqs-lesson-add-result="added"]');
    expect(result.textContent).toBe('✓ Added as case 1 of “Knee positioning”.');
    expect(result.getAttribute('data-iqs-lesson-id')).toBe(made.id);
    expect(added).toEqual(['Knee positioning#1']);
    expect(container.querySelector('[data-iqs-lesson-add-form]')).toBeNull();
  });

  it('adds to an existing lesson of the caller’s (the last one added to first), never offering a colleague’s', async () => {
    const fake = fakeLessonData({ index: INDEX });
    const older = fake.seed({ title: 'Older lesson', mine: true });
    const thorax = fake.seed({ title: 'Thorax', mine: true, cases: [{ images: ['1.2.3.1'] }] });
    fake.seed({ title: 'Colleague', mine: false, shared: true });
    const { container } = render(
      <AddToLesson lessons={fake.data} images={[{ sopInstanceUid: '1.2.3.2' }]} origin="viewer" translator={en} />,
    );
    fireEvent.click(q(container, '[data-iqs-lesson-add-open]'));
    await settle();
    const chooser = q<HTMLSelectElement>(container, '[data-iqs-lesson-choose]');
    expect([...chooser.options].map((option) => option.textContent)).toEqual(['Thorax', 'Older lesson', 'New lesson…']);
    expect(chooser.value).toBe(thorax);
    // the form opens with the focus on the chooser
    expect(document.activeElement).toBe(chooser);
    expect(container.querySelector('[data-iqs-lesson-new-title]')).toBeNull();
    fireEvent.change(chooser, { target: { value: older } });
    fireEvent.click(q(container, '[data-iqs-lesson-add-confirm]'));
    await settle();
    expect(fake.stored(older).cases.map((c) => c.images[0]!.sopInstanceUid)).toEqual(['1.2.3.2']);
    expect(fake.stored(thorax).cases).toHaveLength(1);

    // a second control starts at the lesson added to last
    const second = render(<AddToLesson lessons={fake.data} images={[{ sopInstanceUid: '1.2.3.1' }]} origin="viewer" translator={en} />);
    fireEvent.click(q(second.container, '[data-iqs-lesson-add-open]'));
    await settle();
    expect(q<HTMLSelectElement>(second.container, '[data-iqs-lesson-choose]').value).toBe(older);
    fireEvent.click(q(second.container, '[data-iqs-lesson-add-confirm]'));
    await settle();
    expect(q(second.container, '[data-iqs-lesson-add-result="added"]').textContent).toBe('✓ Added as case 2 of “Older lesson”.');
  });

  it('a refused case says why and keeps the teaching point; the lesson made on the way is kept, not made twice', async () => {
    const fake = fakeLessonData({ index: INDEX });
    const { container } = render(
      <AddToLesson lessons={fake.data} images={[{ sopInstanceUid: '1.2.3.1' }]} origin="viewer" translator={en} />,
    );
    fake.failNext('addCase', 'permission denied for table lesson_cases');
    await addThrough(container, { newTitle: 'Motion', teachingPoint: 'Breath-hold instruction' });
    expect(q(container, '[data-iqs-lesson-add-result="error"]').textContent).toBe('Not added: permission denied for table lesson_cases');
    expect(screen.getByRole('alert')).toBeTruthy();
    expect(q<HTMLTextAreaElement>(container, '[data-iqs-lesson-teaching-point]').value).toBe('Breath-hold instruction');
    const made = fake.all().find((lesson) => lesson.title === 'Motion')!;
    expect(made.cases).toHaveLength(0);
    expect(q<HTMLSelectElement>(container, '[data-iqs-lesson-choose]').value).toBe(made.id);

    fireEvent.click(q(container, '[data-iqs-lesson-add-confirm]'));
    await settle();
    expect(fake.calls.filter((call) => call.method === 'createLesson')).toHaveLength(1);
    expect(fake.stored(made.id).cases[0]).toMatchObject({ teachingPoint: 'Breath-hold instruction', origin: 'viewer' });
    expect(q(container, '[data-iqs-lesson-add-result="added"]').textContent).toBe('✓ Added as case 1 of “Motion”.');
  });

  it('without images the button waits and says to tick some; in Dutch', () => {
    const fake = fakeLessonData({ index: INDEX });
    const { container } = render(
      <AddToLesson lessons={fake.data} images={[]} origin="dose_analysis" translator={createTranslator('nl')} />,
    );
    expect(q<HTMLButtonElement>(container, '[data-iqs-lesson-add-open]').disabled).toBe(true);
    expect(q(container, '[data-iqs-lesson-add-open]').textContent).toContain('Aan les toevoegen');
    expect(container.textContent).toContain('Vink eerst de beelden aan die u wilt toevoegen.');
  });
});

describe('where Add to lesson is offered', () => {
  const fatima: AccountState = {
    status: 'signed-in',
    email: 'fatima.mulder@demo.iqs.example',
    profile: { personId: 'p-fatima', displayName: 'Fatima Mulder', role: 'quality_officer', siteId: 's1', siteName: 'Demo' },
  };

  function panelPort(lessons: IqsPanelPort['lessons']): IqsPanelPort {
    const nothing = (): void => undefined;
    return {
      stores: {
        account: createAccountStore(fatima),
        activeImage: createActiveImageStore(),
        evaluation: createEvaluationStore(),
        sync: createSyncStore(),
        rejects: createStore<RejectState>(() => initialRejectState),
        rejectSync: createSyncStore(),
      },
      account: { signIn: async () => ({ ok: true }), signOut: async () => undefined },
      evaluation: {
        openItem: nothing,
        answer: nothing,
        saveAndNext: nothing,
        skip: nothing,
        previous: nothing,
        showSummary: nothing,
        backToScoring: nothing,
        close: nothing,
        retrySync: nothing,
      },
      openIqsPage: nothing,
      offerScoringFocus: () => nothing,
      rejects: {
        recordReason: nothing,
        markRejected: nothing,
        unmarkRejected: nothing,
        openToExplain: nothing,
        refreshToExplain: nothing,
        retrySync: nothing,
      },
      lessons,
    };
  }

  it('the viewer’s IQS panel: the active image, anew for each image', async () => {
    const fake = fakeLessonData({ index: INDEX });
    const lesson = fake.seed({ title: 'Thorax', mine: true });
    const port = panelPort(fake.data);
    const { container } = render(<IqsPanel iqs={port} language="en" />);
    expect(container.querySelector('[data-iqs-lesson-add]')).toBeNull();
    act(() => showInstance(port.stores.activeImage, { SOPInstanceUID: '1.2.3.1', Modality: 'DX', Rows: 2 }));
    const panel = q(container, '[data-iqs-panel="lesson"]');
    expect(q(panel, '[data-iqs-lesson-add]').getAttribute('data-iqs-lesson-add')).toBe('viewer');
    await addThrough(panel, { teachingPoint: 'Clavicles symmetric' });
    expect(fake.stored(lesson).cases[0]).toMatchObject({ teachingPoint: 'Clavicles symmetric', origin: 'viewer' });
    expect(fake.stored(lesson).cases[0]!.images.map((i) => i.sopInstanceUid)).toEqual(['1.2.3.1']);
    expect(q(container, '[data-iqs-lesson-add-result="added"]').textContent).toContain('case 1 of “Thorax”');
    // the next image: the control starts afresh
    act(() => showInstance(port.stores.activeImage, { SOPInstanceUID: '1.2.3.2', Modality: 'DX', Rows: 2 }));
    expect(container.querySelector('[data-iqs-lesson-add-result]')).toBeNull();
    // without the backend's lessons, nothing is offered
    const bare = render(<IqsPanel iqs={panelPort(null)} language="en" />);
    expect(bare.container.querySelector('[data-iqs-lesson-add]')).toBeNull();
  });

  it('an evaluation summary: the ticked images with faults, in the summary’s order, as one case', async () => {
    const fake = fakeLessonData({ index: INDEX });
    const fault = (position: number, sop: string) => ({
      item_id: `i${position}`,
      position,
      image_id: `im${position}`,
      study_instance_uid: '1',
      series_instance_uid: '1.1',
      sop_instance_uid: sop,
      criteria: ['collimation'],
      grade: null,
    });
    const summary: EvaluationSummary = {
      evaluation_id: 'e1',
      items: 10,
      scored: 10,
      skipped: 0,
      compared_with: null,
      criteria: [],
      grade_criteria: [],
      faults: [fault(9, '1.1.9'), fault(4, '1.1.4')],
    };
    const opened: string[] = [];
    const props = {
      summary,
      onOpenItem: (id: string) => opened.push(id),
      language: 'en' as const,
    };
    const without = render(<EvaluationSummaryView {...props} />);
    expect(without.container.querySelector('[data-iqs-lesson-pick], [data-iqs-lesson-add]')).toBeNull();
    without.unmount();

    const { container } = render(<EvaluationSummaryView {...props} lessons={fake.data} />);
    const picks = [...container.querySelectorAll<HTMLInputElement>('[data-iqs-lesson-pick]')];
    expect(picks.map((pick) => pick.value)).toEqual(['1.1.4', '1.1.9']);
    expect(picks[0]!.getAttribute('aria-label')).toBe('Select Image 4 for a lesson');
    expect(q<HTMLButtonElement>(container, '[data-iqs-lesson-add-open]').disabled).toBe(true);
    fireEvent.click(picks[1]!);
    fireEvent.click(picks[0]!);
    expect(q(container, '[data-iqs-lesson-add]').getAttribute('data-iqs-lesson-add-count')).toBe('2');
    // ticking does not open the image
    expect(opened).toEqual([]);
    await addThrough(container, { newTitle: 'Collimation' });
    const made = fake.all().find((lesson) => lesson.title === 'Collimation')!;
    expect(made.cases[0]!.images.map((i) => i.sopInstanceUid)).toEqual(['1.1.4', '1.1.9']);
    expect(made.cases[0]!.origin).toBe('evaluation');
    // added: the ticks clear, the confirmation stays
    expect(container.querySelectorAll('[data-iqs-lesson-pick]:checked')).toHaveLength(0);
    expect(q(container, '[data-iqs-lesson-add-result="added"]').textContent).toContain('case 1 of “Collimation”');
  });

  it('the reject drill-down: a rejected and an accepted (good) image, each a case of the same lesson', async () => {
    const fake = fakeLessonData({ index: INDEX });
    const images = [
      rejectImage({ image_id: 'r1', sop_instance_uid: '1.2.3.1', rejected: true }),
      rejectImage({
        image_id: 'a1',
        sop_instance_uid: '1.2.3.2',
        rejected: false,
        reason_code: null,
        reason_nl: null,
        reason_en: null,
        reason_source: null,
      }),
    ];
    const opened: string[] = [];
    const { container } = render(
      <RejectDrillDown
        drill={{ id: 'RAD-KAMER1|total', kind: 'total', what: 'Kamer 1', state: { status: 'done', images, capped: false } }}
        translator={en}
        maxRows={500}
        onOpen={(image) => opened.push(image.sop_instance_uid)}
        onClose={() => undefined}
        lessons={fake.data}
      />,
    );
    const pickOf = (uid: string) => q<HTMLInputElement>(container, `[data-iqs-lesson-pick="${uid}"]`);
    expect(pickOf('1.2.3.2').closest('[data-cy="reject-image"]')?.getAttribute('data-rejected')).toBe('false');
    expect(pickOf('1.2.3.1').getAttribute('aria-label')).toBe('Select 4 Mar 2026 AP (Rejected) for a lesson');
    fireEvent.click(pickOf('1.2.3.1'));
    await addThrough(container, { newTitle: 'Rejected and good', teachingPoint: 'Rejected: rotated' });
    fireEvent.click(pickOf('1.2.3.2'));
    await addThrough(container, { teachingPoint: 'Good: compare' });
    const made = fake.all().find((lesson) => lesson.title === 'Rejected and good')!;
    expect(made.cases.map((c) => [c.images.map((i) => i.sopInstanceUid), c.teachingPoint, c.origin])).toEqual([
      [['1.2.3.1'], 'Rejected: rotated', 'reject_analysis'],
      [['1.2.3.2'], 'Good: compare', 'reject_analysis'],
    ]);
    expect(opened).toEqual([]);
  });

  it('the dose drill-down: exposures above the DRN', async () => {
    const fake = fakeLessonData({ index: INDEX });
    const lesson = fake.seed({ title: 'Dose', mine: true });
    const dose = fakeDoseData({
      exposures: [exposure({}), exposure({ sop_instance_uid: '1.2.3.0.2', value: 0.2, study_date: '2026-03-05' })],
    });
    const { container } = render(
      <DoseAnalysisSection
        data={dose.data}
        lists={pageLists}
        role="quality_officer"
        translator={en}
        chartRenderer={() => ({ update: () => undefined, destroy: () => undefined })}
        lessons={fake.data}
      />,
    );
    await settle();
    await settle();
    const exposures = q(container, '[data-cy="dose-exposures"]');
    fireEvent.click(q(exposures, '[data-iqs-lesson-pick="1.2.3.0.2"]'));
    await addThrough(exposures, { teachingPoint: 'Collimate tighter' });
    expect(fake.stored(lesson).cases[0]).toMatchObject({ teachingPoint: 'Collimate tighter', origin: 'dose_analysis' });
    expect(fake.stored(lesson).cases[0]!.images.map((i) => i.sopInstanceUid)).toEqual(['1.2.3.0.2']);
    expect(within(exposures).getByRole('status').textContent).toContain('case 1 of “Dose”');
  });
});
