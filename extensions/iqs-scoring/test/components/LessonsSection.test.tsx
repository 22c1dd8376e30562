/**
 * The lessons section on /iqs against an in-memory LessonData (lessonFixtures.ts): what is stored is read from the
 * fake's own rows, never from what the section shows.
 */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createTranslator } from '../../src/i18n/translator';
import { AddToLesson } from '../../src/lessons/AddToLesson';
import { LessonsSection } from '../../src/lessons/LessonsSection';
import { fakeLessonData, lessonImage } from './lessonFixtures';

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));

const INDEX = [
  lessonImage('1.2.3.1', {
    facts: {
      rejected: true,
      rejectReason: { code: 'positioning', label_nl: 'Positionering', label_en: 'Positioning' },
      faults: [{ code: 'collimation', label_nl: 'Collimatie', label_en: 'Collimation', count: 2 }],
      dose: { quantity: 'dap', value: 0.331, unit: 'Gy·cm²', drl: 0.12, target: 0.06, status: 'above_drl' },
    },
  }),
  lessonImage('1.2.3.2', { procedureLabel: 'Knie AP', viewPosition: 'AP', patientAgeYears: 31, studyInstanceUid: 'study-knee' }),
  lessonImage('1.2.3.3', {
    procedureLabel: 'Bekken AP',
    procedureLabelNl: 'Bekken AP',
    procedureLabelEn: 'Pelvis AP',
    viewPosition: 'AP',
    patientAgeYears: 70,
    facts: {
      rejected: false,
      rejectReason: null,
      faults: [],
      dose: { quantity: 'dap', value: 0.5, unit: 'Gy·cm²', drl: null, target: null, status: 'no_reference' },
    },
  }),
];

function setUp(language: 'en' | 'nl' = 'en') {
  const fake = fakeLessonData({ index: INDEX });
  const thorax = fake.seed({
    title: 'Thorax positioning',
    mine: true,
    cases: [{ images: ['1.2.3.1'], teachingPoint: 'Scapulae out of the lung fields' }, { images: ['1.2.3.2'] }, { images: ['1.2.3.3'] }],
  });
  const colleagues = fake.seed({
    title: 'Knee series',
    mine: false,
    shared: true,
    cases: [{ images: ['1.2.3.2'], teachingPoint: 'Joint space' }],
  });
  const navigated: string[] = [];
  const downloads: { fileName: string; bytes: Uint8Array }[] = [];
  const view = render(
    <LessonsSection
      lessons={fake.data}
      translator={createTranslator(language)}
      onNavigate={(path) => navigated.push(path)}
      onDownloadBytes={(fileName, bytes) => downloads.push({ fileName, bytes })}
    />,
  );
  return { fake, thorax, colleagues, navigated, downloads, ...view };
}

const detail = (container: HTMLElement, id: string) => container.querySelector<HTMLElement>(`[data-iqs-lesson-detail="${id}"]`)!;
const caseRow = (container: HTMLElement, position: number) => container.querySelector<HTMLElement>(`[data-iqs-lesson-case="${position}"]`)!;

async function open(container: HTMLElement, id: string) {
  fireEvent.click(container.querySelector(`[data-iqs-lesson-open="${id}"]`)!);
  await settle();
  expect(detail(container, id).getAttribute('data-status')).toBe('done');
}

describe('the lessons section', () => {
  it('lists the caller’s lessons and the department’s shared ones apart, with sharing, cases and images', async () => {
    const { container, thorax, colleagues } = setUp();
    await settle();
    const mine = container.querySelector('[data-iqs-lesson-list="mine"]')!;
    const department = container.querySelector('[data-iqs-lesson-list="department"]')!;
    expect(mine.querySelector(`[data-iqs-lesson-row="${thorax}"]`)?.textContent).toContain('3 cases · 3 images');
    expect(mine.querySelector(`[data-iqs-lesson-row="${thorax}"]`)?.textContent).toContain('private');
    expect(department.querySelector(`[data-iqs-lesson-row="${colleagues}"]`)?.textContent).toContain('shared with the department');
    expect(department.querySelector(`[data-iqs-lesson-row="${colleagues}"]`)?.textContent).toContain('1 case · 1 image');
  });

  it('makes a lesson (shared when ticked); without a title it says so and makes none; a refused save keeps the title', async () => {
    const { container, fake } = setUp();
    await settle();
    fireEvent.click(container.querySelector('[data-iqs-lesson-create-submit]')!);
    await settle();
    expect(screen.getByRole('alert').textContent).toBe('Give the lesson a title.');
    expect(fake.calls.filter((c) => c.method === 'createLesson')).toHaveLength(0);

    fireEvent.change(container.querySelector('[data-iqs-lesson-create-title]')!, { target: { value: 'Wrist fractures' } });
    fireEvent.click(container.querySelector('[data-iqs-lesson-create-shared]')!);
    fake.failNext('createLesson', 'network down');
    fireEvent.click(container.querySelector('[data-iqs-lesson-create-submit]')!);
    await settle();
    expect(screen.getByRole('alert').textContent).toBe('Not saved: network down');
    expect(container.querySelector<HTMLInputElement>('[data-iqs-lesson-create-title]')!.value).toBe('Wrist fractures');
    expect(container.querySelector<HTMLInputElement>('[data-iqs-lesson-create-shared]')!.checked).toBe(true);

    fireEvent.click(container.querySelector('[data-iqs-lesson-create-submit]')!);
    await settle();
    const made = fake.all().find((lesson) => lesson.title === 'Wrist fractures')!;
    expect(made).toMatchObject({ shared: true, mine: true });
    expect(container.querySelector(`[data-iqs-lesson-row="${made.id}"]`)?.getAttribute('data-iqs-lesson-shared')).toBe('true');
    // the new lesson opens, empty
    await settle();
    expect(detail(container, made.id).textContent).toContain('No cases yet');
    expect(container.querySelector<HTMLInputElement>('[data-iqs-lesson-create-title]')!.value).toBe('');
  });

  it('shows each case in order with its facts: procedure, view, age, reject reason, faults, dose against DRN and streefwaarde', async () => {
    const { container, thorax } = setUp();
    await settle();
    await open(container, thorax);
    const cases = [...detail(container, thorax).querySelectorAll('[data-iqs-lesson-case]')].map((li) =>
      li.getAttribute('data-iqs-lesson-case'),
    );
    expect(cases).toEqual(['1', '2', '3']);
    const first = caseRow(container, 1);
    expect(first.textContent).toContain('Thorax PA · PA · 54 years');
    expect(first.querySelector('[data-iqs-lesson-fact="reject-reason"]')?.textContent).toBe('Reject reason: Positioning');
    expect(first.querySelector('[data-iqs-lesson-fact="faults"]')?.textContent).toBe('Criteria not met: Collimation (2×)');
    const dose = first.querySelector('[data-iqs-lesson-fact="dose"]')?.textContent ?? '';
    expect(dose).toContain('DAP 0.331 Gy·cm² · DRN 0.12 (276 %)');
    expect(dose).toContain('above the DRN');
    expect(dose).toContain('streefwaarde 0.06 Gy·cm²');
    expect(caseRow(container, 2).textContent).toContain('Knie AP · AP · 31 years');
    expect(caseRow(container, 2).querySelector('[data-iqs-lesson-fact]')).toBeNull();
    // the procedure in the reader's language where both are known
    expect(caseRow(container, 3).textContent).toContain('Pelvis AP · AP · 70 years');
    // without a DRN the dose is said without a band
    expect(caseRow(container, 3).querySelector('[data-iqs-lesson-fact="dose"]')?.textContent).toBe('Dose: DAP 0.5 Gy·cm² · no DRN');
    expect(first.querySelector<HTMLTextAreaElement>('[data-iqs-lesson-case-teaching-point]')!.value).toBe(
      'Scapulae out of the lung fields',
    );
  });

  it('moves cases up and down, and removes one after confirmation', async () => {
    const { container, thorax, fake } = setUp();
    await settle();
    await open(container, thorax);
    const [a, b, c] = fake.stored(thorax).cases.map((lessonCase) => lessonCase.id);
    expect(caseRow(container, 1).querySelector<HTMLButtonElement>('[data-iqs-lesson-case-up]')!.disabled).toBe(true);
    expect(caseRow(container, 3).querySelector<HTMLButtonElement>('[data-iqs-lesson-case-down]')!.disabled).toBe(true);
    fireEvent.click(caseRow(container, 1).querySelector('[data-iqs-lesson-case-down]')!);
    await settle();
    expect(fake.stored(thorax).cases.map((lessonCase) => lessonCase.id)).toEqual([b, a, c]);
    expect(caseRow(container, 2).getAttribute('data-iqs-lesson-case-id')).toBe(a);
    fireEvent.click(caseRow(container, 3).querySelector('[data-iqs-lesson-case-up]')!);
    await settle();
    expect(fake.stored(thorax).cases.map((lessonCase) => lessonCase.id)).toEqual([b, c, a]);

    fireEvent.click(caseRow(container, 1).querySelector('[data-iqs-lesson-case-remove]')!);
    expect(fake.stored(thorax).cases).toHaveLength(3);
    expect(within(caseRow(container, 1)).getByRole('alertdialog').textContent).toContain('Remove case 1 from the lesson?');
    fireEvent.click(caseRow(container, 1).querySelector('[data-iqs-lesson-case-remove-confirm]')!);
    await settle();
    expect(fake.stored(thorax).cases.map((lessonCase) => lessonCase.id)).toEqual([c, a]);
    expect(detail(container, thorax).querySelectorAll('[data-iqs-lesson-case]')).toHaveLength(2);
    expect(container.querySelector(`[data-iqs-lesson-row="${thorax}"]`)?.textContent).toContain('2 cases · 2 images');
  });

  it('saves a teaching point; a refused save says why and keeps the typed text, and a second try stores it', async () => {
    const { container, thorax, fake } = setUp();
    await settle();
    await open(container, thorax);
    const second = () => caseRow(container, 2);
    const area = () => second().querySelector<HTMLTextAreaElement>('[data-iqs-lesson-case-teaching-point]')!;
    fireEvent.change(area(), { target: { value: 'Patella centred: rotate the leg 5° inwards' } });
    fake.failNext('updateCase', 'JWT expired');
    fireEvent.click(second().querySelector('[data-iqs-lesson-case-save]')!);
    await settle();
    expect(within(second()).getByRole('alert').textContent).toBe('Not saved: JWT expired');
    expect(area().value).toBe('Patella centred: rotate the leg 5° inwards');
    expect(fake.stored(thorax).cases[1]!.teachingPoint).toBeNull();

    fireEvent.click(second().querySelector('[data-iqs-lesson-case-save]')!);
    await settle();
    expect(fake.stored(thorax).cases[1]!.teachingPoint).toBe('Patella centred: rotate the leg 5° inwards');
    expect(within(second()).getByRole('status').textContent).toBe('Saved.');
    expect(area().value).toBe('Patella centred: rotate the leg 5° inwards');
    expect(second().querySelector<HTMLButtonElement>('[data-iqs-lesson-case-save]')!.disabled).toBe(true);

    fireEvent.click(second().querySelector('[data-iqs-lesson-case-show-facts]')!);
    await settle();
    expect(fake.stored(thorax).cases[1]!.showFacts).toBe(false);
  });

  it('renames, describes, shares and keeps private again', async () => {
    const { container, thorax, fake } = setUp();
    await settle();
    await open(container, thorax);
    const d = () => detail(container, thorax);
    fireEvent.change(d().querySelector('[data-iqs-lesson-rename-input]')!, { target: { value: 'Thorax: positioning errors' } });
    fireEvent.click(d().querySelector('[data-iqs-lesson-rename]')!);
    await settle();
    expect(fake.stored(thorax).title).toBe('Thorax: positioning errors');
    expect(container.querySelector(`[data-iqs-lesson-row="${thorax}"]`)?.getAttribute('data-iqs-lesson-title')).toBe(
      'Thorax: positioning errors',
    );

    fireEvent.change(d().querySelector('[data-iqs-lesson-description]')!, { target: { value: 'For the department meeting in December' } });
    fireEvent.click(d().querySelector('[data-iqs-lesson-description-save]')!);
    await settle();
    expect(fake.stored(thorax).description).toBe('For the department meeting in December');

    fireEvent.click(d().querySelector('[data-iqs-lesson-share="share"]')!);
    await settle();
    expect(fake.stored(thorax).shared).toBe(true);
    expect(within(d()).getByRole('status').textContent).toBe('Colleagues of the department see this lesson.');
    expect(container.querySelector(`[data-iqs-lesson-row="${thorax}"]`)?.getAttribute('data-iqs-lesson-shared')).toBe('true');
    fireEvent.click(d().querySelector('[data-iqs-lesson-share="unshare"]')!);
    await settle();
    expect(fake.stored(thorax).shared).toBe(false);
  });

  it('deletes a lesson only after confirmation', async () => {
    const { container, thorax, fake } = setUp();
    await settle();
    await open(container, thorax);
    fireEvent.click(detail(container, thorax).querySelector('[data-iqs-lesson-delete]')!);
    expect(fake.all().some((lesson) => lesson.id === thorax)).toBe(true);
    expect(screen.getByRole('alertdialog').textContent).toContain('Delete “Thorax positioning” (3 cases)?');
    fireEvent.click(detail(container, thorax).querySelector('[data-iqs-lesson-delete-confirm]')!);
    await settle();
    expect(fake.all().some((lesson) => lesson.id === thorax)).toBe(false);
    expect(container.querySelector(`[data-iqs-lesson-row="${thorax}"]`)).toBeNull();
    expect(container.textContent).toContain('You have no lessons yet.');
  });

  it('a colleague’s shared lesson opens and presents, with no control to change it', async () => {
    const { container, colleagues, navigated } = setUp();
    await settle();
    await open(container, colleagues);
    const d = detail(container, colleagues);
    for (const selector of [
      '[data-iqs-lesson-owner-controls]',
      '[data-iqs-lesson-rename]',
      '[data-iqs-lesson-share]',
      '[data-iqs-lesson-delete]',
      '[data-iqs-lesson-case-up]',
      '[data-iqs-lesson-case-down]',
      '[data-iqs-lesson-case-remove]',
      '[data-iqs-lesson-case-teaching-point]',
      '[data-iqs-lesson-case-save]',
    ])
      expect(d.querySelector(selector)).toBeNull();
    expect(d.querySelector('[data-iqs-lesson-case-teaching-point-text]')?.textContent).toBe('Teaching point: Joint space');
    expect(d.textContent).toContain('Shared by a colleague');
    fireEvent.click(d.querySelector(`[data-iqs-lesson-present="${colleagues}"]`)!);
    expect(navigated).toEqual([`/iqs-lesson?StudyInstanceUIDs=study-knee&iqsLesson=${colleagues}`]);
  });

  it('presents the whole lesson, from a case, and from the list (the studies of its images, in order)', async () => {
    const { container, thorax, navigated } = setUp();
    await settle();
    fireEvent.click(container.querySelector(`[data-iqs-lesson-present-row="${thorax}"]`)!);
    await settle();
    const studies = encodeURIComponent('study-1.2.3.1,study-knee,study-1.2.3.3');
    expect(navigated).toEqual([`/iqs-lesson?StudyInstanceUIDs=${studies}&iqsLesson=${thorax}`]);
    await open(container, thorax);
    fireEvent.click(caseRow(container, 2).querySelector('[data-iqs-lesson-present-case]')!);
    expect(navigated[1]).toBe(`/iqs-lesson?StudyInstanceUIDs=${studies}&iqsLesson=${thorax}&iqsCase=2`);
  });

  it('exports the KOS as a file; a failed export says why', async () => {
    const { container, thorax, downloads, fake } = setUp();
    await settle();
    await open(container, thorax);
    fake.failNext('exportKos', 'no images');
    fireEvent.click(container.querySelector(`[data-iqs-lesson-export="${thorax}"]`)!);
    await settle();
    expect(within(detail(container, thorax)).getByRole('alert').textContent).toBe('Not saved: no images');
    expect(downloads).toHaveLength(0);
    fireEvent.click(container.querySelector(`[data-iqs-lesson-export="${thorax}"]`)!);
    await settle();
    expect(downloads.map((d) => d.fileName)).toEqual([`lesson-${thorax}.dcm`]);
    expect([...downloads[0]!.bytes]).toEqual([0x44, 0x49, 0x43, 0x4d, 3]);
  });

  it('imports a KOS: a new lesson of the caller, the images IQS does not hold listed, a title other than 113004 said', async () => {
    const { container, fake } = setUp();
    await settle();
    const file = new File(['113001\n1.2.3.3\n9.9.9.9\n'], 'teaching.dcm', { type: 'application/dicom' });
    fireEvent.change(container.querySelector('[data-iqs-lesson-import]')!, { target: { files: [file] } });
    await waitFor(() => expect(container.querySelector('[data-iqs-lesson-import-result="done"]')).not.toBeNull());
    await settle();
    const result = container.querySelector<HTMLElement>('[data-iqs-lesson-import-result="done"]')!;
    const imported = fake.all().at(-1)!;
    expect(imported.cases.map((lessonCase) => lessonCase.images[0]!.sopInstanceUid)).toEqual(['1.2.3.3']);
    expect(result.getAttribute('data-iqs-lesson-id')).toBe(imported.id);
    expect(result.textContent).toContain('Imported as “Imported lesson”: 1 case.');
    expect([...result.querySelectorAll('[data-iqs-lesson-missing-uid]')].map((li) => li.textContent)).toEqual(['9.9.9.9']);
    expect(result.textContent).toContain('code 113001, not 113004');
    expect(detail(container, imported.id)).not.toBeNull();

    fake.failNext('importKos', 'not a DICOM file');
    fireEvent.change(container.querySelector('[data-iqs-lesson-import]')!, { target: { files: [new File(['x'], 'x.dcm')] } });
    await waitFor(() =>
      expect(container.querySelector('[data-iqs-lesson-import-result="error"]')?.textContent).toBe('Not saved: not a DICOM file'),
    );
  });

  it('follows a case added elsewhere on the page (Add to lesson in a drill-down): the list and the open lesson', async () => {
    const { container, thorax, fake } = setUp();
    await settle();
    await open(container, thorax);
    const elsewhere = render(
      <AddToLesson
        lessons={fake.data}
        images={[{ sopInstanceUid: '1.2.3.2' }]}
        origin="reject_analysis"
        translator={createTranslator('en')}
      />,
    );
    fireEvent.click(elsewhere.container.querySelector('[data-iqs-lesson-add-open]')!);
    await settle();
    fireEvent.change(elsewhere.container.querySelector('[data-iqs-lesson-choose]')!, { target: { value: thorax } });
    fireEvent.click(elsewhere.container.querySelector('[data-iqs-lesson-add-confirm]')!);
    await settle();
    await settle();
    expect(fake.stored(thorax).cases).toHaveLength(4);
    expect(container.querySelector(`[data-iqs-lesson-row="${thorax}"]`)?.getAttribute('data-iqs-lesson-cases')).toBe('4');
    expect(detail(container, thorax).querySelectorAll('[data-iqs-lesson-case]')).toHaveLength(4);
  });

  it('speaks Dutch', async () => {
    const { container, thorax } = setUp('nl');
    await settle();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Klinische lessen');
    expect(container.querySelector(`[data-iqs-lesson-row="${thorax}"]`)?.textContent).toContain('3 casussen · 3 beelden');
    await open(container, thorax);
    expect(caseRow(container, 1).textContent).toContain('Thorax PA · PA · 54 jaar');
    expect(caseRow(container, 3).textContent).toContain('Bekken AP · AP · 70 jaar');
    expect(caseRow(container, 1).querySelector('[data-iqs-lesson-fact="reject-reason"]')?.textContent).toBe(
      'Reden van afkeur: Positionering',
    );
    expect(caseRow(container, 1).querySelector('[data-iqs-lesson-fact="dose"]')?.textContent).toContain('DRN 0,12 (276 %)');
  });
});
