/**
 * The form editor on /iqs (forms/FormsSection.tsx) with a stand-in backend: a form opens with its criteria and what
 * it scores; bad input gets its Dutch (or English) message, nothing is sent and the draft stays; a move, a new
 * criterion and a changed "meets from" are sent as save_scoring_form's payload and the new version is announced;
 * saving unchanged sends nothing; a version saved meanwhile by someone else (40001) is said so, the draft kept. A new
 * form starts from the generic form's criteria (or one empty criterion), names a taken view and an empty label in
 * the admin's language with the draft kept, and is sent with no version to replace, its code, views and criteria.
 * A form is taken out of use only after a confirmation that says what follows, is listed among the forms out of use
 * and put back from there; putting it back while another form holds its view, and retiring the generic form, are
 * refused in the admin's language (by the editor first, and as the database's refusal), nothing sent.
 */
import { act, fireEvent, render, within } from '@testing-library/react';
import type { Criterion } from '@iqs/domain';
import { createTranslator } from '../../src/i18n/translator';
import { FormsSection } from '../../src/forms/FormsSection';
import type { EditableForm, ScoringFormData, ScoringFormPayload } from '../../src/forms/formsPorts';
import { BackendError } from '../../src/data/profile';

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));

const crit = (position: number, code: string, kind: Criterion['kind'], options: Criterion['options'] = null): Criterion => ({
  id: `id-${code}`,
  form_id: 'f-knee',
  position,
  code,
  kind,
  label_nl: `NL ${code}`,
  label_en: `EN ${code}`,
  help_nl: null,
  help_en: null,
  required: true,
  options,
});
const scaleLabels = ['1', '2', '3', '4', '5'].map((value) => ({ value, label_nl: `nl ${value}`, label_en: `en ${value}` }));
const KNEE: EditableForm = {
  id: 'f-knee',
  code: 'knee-ap',
  version: 1,
  title_nl: 'Knie AP',
  title_en: 'Knee AP',
  source: 'seed',
  is_generic: false,
  created_at: '2026-11-28T10:00:00Z',
  criteria: [crit(1, 'joint_space', 'yes_no_na'), crit(2, 'collimation', 'scale', { min: 1, max: 5, met_from: 4, labels: scaleLabels })],
  procedures: [{ procedure_id: 'p-knie', view_position: 'AP' }],
};
const GENERIC: EditableForm = {
  ...KNEE,
  id: 'f-gen',
  code: 'generic',
  title_nl: 'Algemeen',
  title_en: 'General',
  is_generic: true,
  procedures: [],
};

function fakeData(
  saveResult: () => Promise<{ id: string; version: number; created: boolean }>,
  options: { retired?: EditableForm[]; refuse?: (id: string, active: boolean) => Error | null } = {},
) {
  const sent: ScoringFormPayload[] = [];
  const switched: { id: string; active: boolean }[] = [];
  let forms = [GENERIC, KNEE];
  let retired = options.retired ?? [];
  const data: ScoringFormData = {
    editableForms: async () => forms,
    retiredForms: async () => retired,
    setFormActive: async (id, active) => {
      switched.push({ id, active });
      const refused = options.refuse?.(id, active);
      if (refused) throw refused;
      const form = [...forms, ...retired].find((f) => f.id === id) as EditableForm;
      forms = active ? [...forms, form] : forms.filter((f) => f.id !== id);
      retired = active ? retired.filter((f) => f.id !== id) : [...retired, form];
    },
    procedures: async () => [
      { id: 'p-knie', code: 'knie', name_nl: 'X-Knie', name_en: 'Knee X-ray' },
      { id: 'p-hand', code: 'hand', name_nl: 'X-Hand', name_en: 'Hand X-ray' },
    ],
    saveForm: async (payload) => {
      sent.push(payload);
      const result = await saveResult();
      forms =
        payload.replaces === null
          ? [
              ...forms,
              {
                ...KNEE,
                id: result.id,
                code: payload.code ?? '',
                title_nl: payload.title_nl,
                title_en: payload.title_en,
                procedures: payload.procedures,
              },
            ]
          : forms.map((f) => (f.id === payload.replaces ? { ...f, id: result.id, version: result.version } : f));
      return result;
    },
  };
  return { data, sent, switched };
}

async function openKnee(language: 'nl' | 'en', data: ScoringFormData) {
  const view = render(<FormsSection data={data} translator={createTranslator(language)} />);
  await settle();
  const choose = view.container.querySelector<HTMLSelectElement>('[data-iqs-forms="choose"]')!;
  fireEvent.change(choose, { target: { value: 'knee-ap' } });
  return view;
}

const field = (root: ParentNode, name: string): HTMLInputElement => root.querySelector<HTMLInputElement>(`[data-iqs-field="${name}"]`)!;
const criterionBox = (root: ParentNode, code: string): HTMLElement => root.querySelector<HTMLElement>(`[data-iqs-f-criterion="${code}"]`)!;

describe('the form editor', () => {
  it('opens a form with its criteria, their kinds and what it scores', async () => {
    const { data } = fakeData(async () => ({ id: 'x', version: 2, created: true }));
    const view = await openKnee('en', data);
    const boxes = [...view.container.querySelectorAll<HTMLElement>('[data-iqs-f-criterion]')].map((b) => b.dataset['iqsFCriterion']);
    expect(boxes).toEqual(['joint_space', 'collimation']);
    expect(field(criterionBox(view.container, 'collimation'), 'kind').value).toBe('scale');
    expect(field(criterionBox(view.container, 'collimation'), 'met_from').value).toBe('4');
    const mappings = view.container.querySelector<HTMLElement>('[data-iqs-forms="mappings"]')!;
    expect(within(mappings).getByDisplayValue('AP')).toBeTruthy();
    expect(view.container.querySelector('[data-iqs-forms="version"]')?.getAttribute('data-iqs-version')).toBe('1');
  });

  it('says in Dutch what to correct, sends nothing and keeps the draft', async () => {
    const { data, sent } = fakeData(async () => ({ id: 'x', version: 2, created: true }));
    const view = await openKnee('nl', data);
    const joint = criterionBox(view.container, 'joint_space');
    fireEvent.change(field(joint, 'label_en'), { target: { value: '' } });
    fireEvent.change(field(joint, 'label_nl'), { target: { value: 'Gewrichtsspleet open en centraal' } });
    const collimation = criterionBox(view.container, 'collimation');
    fireEvent.change(field(collimation, 'met_from'), { target: { value: '9' } });
    fireEvent.click(view.container.querySelector('[data-iqs-forms="save"]')!);
    await settle();
    const errors = view.container.querySelector<HTMLElement>('[data-iqs-forms="errors"]')!;
    expect([...errors.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Criterium 1: een Nederlandse en een Engelse tekst zijn nodig.',
      'Criterium 2: "voldoet vanaf" moet op de schaal liggen.',
    ]);
    expect(sent).toEqual([]);
    expect(field(criterionBox(view.container, 'joint_space'), 'label_nl').value).toBe('Gewrichtsspleet open en centraal');
  });

  it('saves a moved, a changed and a new criterion as a new version and says so', async () => {
    const { data, sent } = fakeData(async () => ({ id: 'f-knee-2', version: 2, created: true }));
    const view = await openKnee('en', data);
    // collimation first, meeting from 3
    fireEvent.click(within(criterionBox(view.container, 'collimation')).getByRole('button', { name: 'Move up (2)' }));
    fireEvent.change(field(criterionBox(view.container, 'collimation'), 'met_from'), { target: { value: '3' } });
    fireEvent.click(view.container.querySelector('[data-iqs-forms="add"]')!);
    const added = criterionBox(view.container, 'new-2');
    fireEvent.change(field(added, 'kind'), { target: { value: 'choice' } });
    fireEvent.change(field(added, 'label_nl'), { target: { value: 'Patella' } });
    fireEvent.change(field(added, 'label_en'), { target: { value: 'Patella centred' } });
    const answers = added.querySelectorAll<HTMLElement>('[data-iqs-answer-index]');
    ['Nee', 'Ja'].forEach((label, i) => fireEvent.change(field(answers[i] as HTMLElement, 'answer_nl'), { target: { value: label } }));
    ['No', 'Yes'].forEach((label, i) => fireEvent.change(field(answers[i] as HTMLElement, 'answer_en'), { target: { value: label } }));
    fireEvent.click(view.container.querySelector('[data-iqs-forms="save"]')!);
    await settle();
    expect(sent).toHaveLength(1);
    const payload = sent[0] as ScoringFormPayload;
    expect(payload.replaces).toBe('f-knee');
    expect(payload.criteria.map((c) => c.code)).toEqual(['collimation', 'joint_space', 'patella_centred']);
    expect(payload.criteria[0]?.options).toEqual({ min: 1, max: 5, met_from: 3, labels: scaleLabels });
    expect(payload.criteria[2]?.options).toEqual([
      { value: '1', label_nl: 'Nee', label_en: 'No' },
      { value: '2', label_nl: 'Ja', label_en: 'Yes', met: true },
    ]);
    expect(payload.procedures).toEqual([{ procedure_id: 'p-knie', view_position: 'AP' }]);
    expect(view.container.querySelector('[data-iqs-forms="saved"]')?.textContent).toBe(
      'Saved as version 2 of "Knee AP". The next evaluations use it; earlier scores keep their version.',
    );
  });

  it('sends nothing when nothing changed', async () => {
    const { data, sent } = fakeData(async () => ({ id: 'x', version: 2, created: true }));
    const view = await openKnee('en', data);
    fireEvent.click(view.container.querySelector('[data-iqs-forms="save"]')!);
    await settle();
    expect(sent).toEqual([]);
    expect(view.container.querySelector('[data-iqs-forms="unchanged"]')?.textContent).toBe('No changes to save.');
  });

  it('a version saved meanwhile: says so in Dutch and keeps the draft', async () => {
    const { data } = fakeData(async () => {
      throw new BackendError('form knee-ap version 1 is no longer the active version', '40001');
    });
    const view = await openKnee('nl', data);
    fireEvent.change(field(criterionBox(view.container, 'joint_space'), 'label_en'), { target: { value: 'Joint space open' } });
    fireEvent.click(view.container.querySelector('[data-iqs-forms="save"]')!);
    await settle();
    expect(view.container.querySelector('[data-iqs-forms="stale"]')?.textContent).toContain(
      'Iemand heeft intussen een nieuwere versie opgeslagen',
    );
    expect(field(criterionBox(view.container, 'joint_space'), 'label_en').value).toBe('Joint space open');
  });

  describe('a new form', () => {
    const click = (root: ParentNode, what: string) => fireEvent.click(root.querySelector(`[data-iqs-forms="${what}"]`)!);
    const mapping = (root: ParentNode): HTMLElement => root.querySelector<HTMLElement>('[data-iqs-mapping="0"]')!;

    it('starts from the generic form, names a taken view and an empty label in Dutch, keeps the draft, then creates it', async () => {
      const { data, sent } = fakeData(async () => ({ id: 'f-hand-lat', version: 1, created: true }));
      const view = render(<FormsSection data={data} translator={createTranslator('nl')} />);
      await settle();
      click(view.container, 'new');
      // the generic form's criteria, in order, as the start a quality officer expects
      const boxes = () =>
        [...view.container.querySelectorAll<HTMLElement>('[data-iqs-f-criterion]')].map((b) => b.dataset['iqsFCriterion']);
      expect(view.container.querySelector<HTMLSelectElement>('[data-iqs-forms="start"]')?.value).toBe(GENERIC.id);
      expect(boxes()).toEqual(GENERIC.criteria.map((c) => c.code));
      // one empty criterion instead
      fireEvent.change(view.container.querySelector('[data-iqs-forms="start"]')!, { target: { value: '' } });
      expect(boxes()).toEqual(['new-0']);
      fireEvent.change(field(view.container, 'title_nl'), { target: { value: 'Knie lateraal extra' } });
      fireEvent.change(field(view.container, 'title_en'), { target: { value: 'Knee extra' } });
      // the knee's AP view is the knee form's
      fireEvent.change(within(mapping(view.container)).getByRole('combobox'), { target: { value: 'p-knie' } });
      fireEvent.change(within(mapping(view.container)).getByRole('textbox'), { target: { value: 'ap' } });
      expect(mapping(view.container).querySelector('[data-iqs-forms="held"]')?.textContent).toBe('Al op een formulier: AP (Knie AP)');
      click(view.container, 'save');
      await settle();
      const errors = () =>
        [...(view.container.querySelector<HTMLElement>('[data-iqs-forms="errors"]')?.querySelectorAll('li') ?? [])].map(
          (li) => li.textContent,
        );
      expect(errors()).toEqual([
        'Criterium 1: een Nederlandse en een Engelse tekst zijn nodig.',
        'X-Knie AP wordt al op "Knie AP" beoordeeld: kies een andere projectie, of wijzig dat formulier.',
      ]);
      expect(sent).toEqual([]);
      expect(field(view.container, 'title_nl').value).toBe('Knie lateraal extra');

      // a free view, the label written: created as version 1
      fireEvent.change(within(mapping(view.container)).getByRole('textbox'), { target: { value: 'skyline' } });
      const first = criterionBox(view.container, 'new-0');
      fireEvent.change(field(first, 'label_nl'), { target: { value: 'Patella vrij' } });
      fireEvent.change(field(first, 'label_en'), { target: { value: 'Patella free' } });
      click(view.container, 'save');
      await settle();
      expect(sent).toEqual([
        {
          replaces: null,
          code: 'knee-extra',
          title_nl: 'Knie lateraal extra',
          title_en: 'Knee extra',
          source: '',
          criteria: [
            {
              code: 'patella_free',
              kind: 'yes_no_na',
              label_nl: 'Patella vrij',
              label_en: 'Patella free',
              help_nl: null,
              help_en: null,
              required: true,
              options: null,
            },
          ],
          procedures: [{ procedure_id: 'p-knie', view_position: 'SKYLINE' }],
        },
      ]);
      expect(view.container.querySelector('[data-iqs-forms="created"]')?.textContent).toBe(
        'Formulier "Knie lateraal extra" aangemaakt als versie 1. De volgende beoordelingen van zijn onderzoeken en projecties gebruiken het.',
      );
      // the editor now shows the new form, not a draft of it
      expect(view.container.querySelector('[data-iqs-forms="creating"]')).toBeNull();
      expect(view.container.querySelector<HTMLSelectElement>('[data-iqs-forms="choose"]')?.value).toBe('knee-extra');
    });

    it('a copy of the generic criteria is sent as they are; a code the database says is taken is named in English', async () => {
      const { data, sent } = fakeData(async () => {
        throw new BackendError('a form with code hand-lat exists already', '23505');
      });
      const view = render(<FormsSection data={data} translator={createTranslator('en')} />);
      await settle();
      click(view.container, 'new');
      // no form to choose while drafting a new one: the draft is no version of it
      expect(view.container.querySelector('[data-iqs-forms="choose"]')).toBeNull();
      // the procedure no form scores yet is offered first
      expect(within(mapping(view.container)).getByRole<HTMLSelectElement>('combobox').value).toBe('p-hand');
      fireEvent.change(field(view.container, 'code'), { target: { value: 'hand-lat' } });
      fireEvent.change(field(view.container, 'title_nl'), { target: { value: 'Hand lateraal' } });
      fireEvent.change(field(view.container, 'title_en'), { target: { value: 'Hand lateral' } });
      fireEvent.change(within(mapping(view.container)).getByRole('textbox'), { target: { value: 'LAT' } });
      click(view.container, 'save');
      await settle();
      expect(sent).toHaveLength(1);
      expect(sent[0]?.criteria.map((c) => [c.code, c.kind, c.label_en, c.options])).toEqual(
        GENERIC.criteria.map((c) => [c.code, c.kind, c.label_en, c.options]),
      );
      expect(view.container.querySelector('[data-iqs-forms="errors"] li')?.textContent).toBe(
        'A form with code hand-lat exists already: choose another code.',
      );
      expect(field(view.container, 'title_en').value).toBe('Hand lateral');
      click(view.container, 'cancel');
      expect(view.container.querySelector('[data-iqs-forms="creating"]')).toBeNull();
    });
  });

  describe('out of use and back', () => {
    const click = (root: ParentNode, what: string) => fireEvent.click(root.querySelector(`[data-iqs-forms="${what}"]`)!);
    const chooser = (root: ParentNode) =>
      [...root.querySelectorAll<HTMLOptionElement>('[data-iqs-forms="choose"] option')].map((o) => o.value);
    const HAND_LAT: EditableForm = {
      ...KNEE,
      id: 'f-hand-lat',
      code: 'hand-lateral',
      title_nl: 'Hand lateraal',
      title_en: 'Hand lateral',
      procedures: [{ procedure_id: 'p-hand', view_position: 'LAT' }],
    };

    it('takes the form shown out of use after a confirmation saying what follows, lists it, and puts it back', async () => {
      const { data, switched } = fakeData(async () => ({ id: 'x', version: 2, created: true }));
      const view = await openKnee('en', data);
      click(view.container, 'retire');
      const confirm = view.container.querySelector<HTMLElement>('[data-iqs-forms="confirm-retire"]')!;
      expect(confirm.textContent).toContain(
        'Take "Knee AP" out of use? New evaluations no longer score Knee X-ray AP on it: they use the generic form until another form takes them. Scores given before keep this form and its wording. Its procedures and views become free for another form.',
      );
      // keeping it sends nothing
      click(view.container, 'retire-no');
      expect(view.container.querySelector('[data-iqs-forms="confirm-retire"]')).toBeNull();
      expect(switched).toEqual([]);

      click(view.container, 'retire');
      click(view.container, 'retire-yes');
      await settle();
      expect(switched).toEqual([{ id: KNEE.id, active: false }]);
      expect(view.container.querySelector('[data-iqs-forms="retired"]')?.textContent).toBe(
        '"Knee AP" is out of use. New evaluations score its procedures and views on the generic form.',
      );
      expect(chooser(view.container)).toEqual(['generic']);

      click(view.container, 'show-retired');
      const listed = view.container.querySelector<HTMLElement>('[data-iqs-retired="knee-ap"]')!;
      expect(listed.textContent).toContain('Knee X-ray AP');
      fireEvent.click(within(listed).getByRole('button', { name: 'Put back in use' }));
      await settle();
      expect(switched).toEqual([
        { id: KNEE.id, active: false },
        { id: KNEE.id, active: true },
      ]);
      expect(view.container.querySelector('[data-iqs-forms="restored"]')?.textContent).toBe(
        '"Knee AP" is back in use. New evaluations of its procedures and views use it again.',
      );
      expect(chooser(view.container)).toEqual(['generic', 'knee-ap']);
      expect(view.container.querySelector<HTMLSelectElement>('[data-iqs-forms="choose"]')?.value).toBe('knee-ap');
      expect(view.container.querySelector('[data-iqs-retired]')).toBeNull();
    });

    it('says in Dutch why a form whose view another form holds is not put back, and sends nothing', async () => {
      const { data, switched } = fakeData(async () => ({ id: 'x', version: 2, created: true }), {
        retired: [{ ...HAND_LAT, procedures: [{ procedure_id: 'p-knie', view_position: 'ap' }] }],
      });
      const view = render(<FormsSection data={data} translator={createTranslator('nl')} />);
      await settle();
      click(view.container, 'show-retired');
      fireEvent.click(
        within(view.container.querySelector<HTMLElement>('[data-iqs-retired="hand-lateral"]')!).getByRole('button', {
          name: 'Weer in gebruik nemen',
        }),
      );
      await settle();
      expect(switched).toEqual([]);
      expect(view.container.querySelector('[data-iqs-forms="refused"]')?.textContent).toBe(
        '"Hand lateraal" kan niet weer in gebruik: X-Knie AP wordt nu op "Knie AP" beoordeeld. Stel dat formulier eerst buiten gebruik of wijzig zijn projecties.',
      );
      expect(view.container.querySelector('[data-iqs-retired="hand-lateral"]')).not.toBeNull();
    });

    it("names the database's refusal to put a form back in English", async () => {
      // the editor's list did not show the other form yet: the database refuses, in its words
      const { data, switched } = fakeData(async () => ({ id: 'x', version: 2, created: true }), {
        retired: [HAND_LAT],
        refuse: () => new BackendError('another form already scores knie AP (knee-ap)', '23505'),
      });
      const view = render(<FormsSection data={data} translator={createTranslator('en')} />);
      await settle();
      click(view.container, 'show-retired');
      fireEvent.click(
        within(view.container.querySelector<HTMLElement>('[data-iqs-retired="hand-lateral"]')!).getByRole('button', {
          name: 'Put back in use',
        }),
      );
      await settle();
      expect(switched).toEqual([{ id: HAND_LAT.id, active: true }]);
      expect(view.container.querySelector('[data-iqs-forms="refused"]')?.textContent).toBe(
        '"Hand lateral" cannot be put back in use: Knee X-ray AP is now scored on "Knee AP". Take that form out of use or change its views first.',
      );
    });

    it('does not take the generic form out of use: says why in Dutch and English, asks nothing, sends nothing', async () => {
      for (const [language, text] of [
        [
          'nl',
          'Het algemene formulier kan niet buiten gebruik: elk onderzoek en elke projectie zonder eigen formulier wordt erop beoordeeld. Wijzig het en sla een nieuwe versie op.',
        ],
        [
          'en',
          'The generic form cannot be taken out of use: every procedure and view without a form of its own is scored on it. Change it and save a new version instead.',
        ],
      ] as const) {
        const { data, switched } = fakeData(async () => ({ id: 'x', version: 2, created: true }));
        const view = render(<FormsSection data={data} translator={createTranslator(language)} />);
        await settle();
        expect(view.container.querySelector<HTMLSelectElement>('[data-iqs-forms="choose"]')?.value).toBe('generic');
        click(view.container, 'retire');
        expect(view.container.querySelector('[data-iqs-forms="confirm-retire"]')).toBeNull();
        expect(view.container.querySelector('[data-iqs-forms="refused"]')?.textContent).toBe(text);
        expect(switched).toEqual([]);
        view.unmount();
      }
    });
  });
});
