import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { createTranslator } from '../../src/i18n/translator';
import { DoseReferencesSection, referenceInput } from '../../src/pages/DoseReferencesSection';
import { fakeDoseData, SITE } from './doseFixtures';

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));
const en = createTranslator('en');

function renderAs(role: 'admin' | 'quality_officer', options: Parameters<typeof fakeDoseData>[0] = {}) {
  const dose = fakeDoseData(options);
  const changed: number[] = [];
  const view = render(
    <DoseReferencesSection data={dose.data} role={role} translator={en} today="2026-12-04" onChanged={() => changed.push(1)} />,
  );
  return { ...dose, ...view, changed };
}

describe('the reference values section', () => {
  it('says per procedure what applies: the department value, the Dutch default for its exam, or nothing', async () => {
    const { container } = renderAs('admin');
    await settle();
    const rows = [...container.querySelectorAll<HTMLElement>('[data-cy="ref-procedure"]')];
    expect(rows.map((row) => [row.dataset['code'], row.dataset['exam'], row.dataset['applies']])).toEqual([
      ['thorax', 'chest-pa', 'default'],
      ['bekken', '', 'none'],
      ['knie', '', 'department'],
    ]);
    expect(rows[0]!.textContent).toContain('Dutch default: DAP PA DRN 0.12 / 0.06 Gy·cm²');
    expect(rows[2]!.textContent).toContain('department: DAP AP DRN 0.05 / 0.03 Gy·cm²');
    const site = container.querySelector<HTMLElement>('[data-cy="ref-site-value"]')!;
    expect(site.dataset).toMatchObject({ procedure: 'knie', quantity: 'dap', drl: '0.05', target: '0.03', set: '' });
    expect(site.textContent).toContain('50 / 30 mGy·cm²');
    // the catalogue: the Dutch set first shown, as published and canonical, with its standard patient
    const value = container.querySelector<HTMLElement>('[data-cy="ref-catalogue-value"]')!;
    expect(value.dataset).toMatchObject({ set: 'nl-drn-2012', exam: 'chest-pa', drl: '0.12', published: '12 µGy·m²' });
    expect(value.textContent).toContain('adult, 77 kg');
    fireEvent.change(container.querySelector('[data-cy="ref-set"]')!, { target: { value: 'be-fanc' } });
    expect(container.querySelector<HTMLElement>('[data-cy="ref-catalogue-value"]')!.dataset['set']).toBe('be-fanc');
  });

  it('applies per quantity: a department value for one quantity leaves the Dutch value of another in force', async () => {
    const ctdivol = {
      ...SITE[0]!,
      id: 'd-thorax-ct',
      procedure_id: 'pr-thorax',
      quantity: 'ctdivol' as const,
      unit: 'mGy',
      view_position: null,
    };
    const { container } = renderAs('admin', { site: [...SITE, { ...ctdivol, drl_value: 8, target_value: 6 }] });
    await settle();
    const thorax = container.querySelector<HTMLElement>('[data-cy="ref-procedure"][data-code="thorax"]')!;
    expect(thorax.dataset['applies']).toBe('department');
    expect(thorax.textContent).toContain('department: CTDIvol DRN 8 / 6 mGy; Dutch default: DAP PA DRN 0.12 / 0.06 Gy·cm²');
  });

  it('lets an admin map a procedure, add, change and remove a value and take one over, each read again after', async () => {
    const { container, calls, changed } = renderAs('admin');
    await settle();
    const bekken = container.querySelectorAll<HTMLElement>('[data-cy="ref-procedure"]')[1]!;
    fireEvent.change(within(bekken).getByRole('combobox'), { target: { value: 'pelvis-ap' } });
    await settle();
    expect(calls.mapped).toEqual([['pr-bekken', 'pelvis-ap']]);
    expect(screen.getByRole('status').textContent).toBe('The procedure now is pelvis-ap.');

    // a new value, given as published
    fireEvent.click(container.querySelector('[data-cy="ref-add"]')!);
    fireEvent.click(container.querySelector('[data-cy="ref-save"]')!);
    expect(container.querySelector('[data-cy="ref-form-problem"]')).not.toBeNull();
    expect(calls.set).toEqual([]);
    fireEvent.change(container.querySelector('[data-cy="ref-field-procedureId"]')!, { target: { value: 'pr-thorax' } });
    fireEvent.change(container.querySelector('[data-cy="ref-field-view"]')!, { target: { value: 'PA' } });
    fireEvent.change(container.querySelector('[data-cy="ref-field-unit"]')!, { target: { value: 'mGy·cm²' } });
    fireEvent.change(container.querySelector('[data-cy="ref-field-value"]')!, { target: { value: '100' } });
    fireEvent.change(container.querySelector('[data-cy="ref-field-target"]')!, { target: { value: '60' } });
    fireEvent.change(container.querySelector('[data-cy="ref-field-ageMin"]')!, { target: { value: '18' } });
    fireEvent.change(container.querySelector('[data-cy="ref-field-source"]')!, { target: { value: 'Afdelingsbesluit 2026' } });
    fireEvent.click(container.querySelector('[data-cy="ref-save"]')!);
    await settle();
    expect(calls.set).toEqual([
      expect.objectContaining({
        id: null,
        procedure_id: 'pr-thorax',
        quantity: 'dap',
        view_position: 'PA',
        published_value: 100,
        published_target: 60,
        published_unit: 'mGy·cm²',
        age_min: 18,
        age_max: null,
        source: 'Afdelingsbesluit 2026',
        valid_from: '2026-12-04',
      }),
    ]);
    expect(container.querySelector('[data-cy="ref-form"]')).toBeNull();

    // changed: the form starts from the value as published
    fireEvent.click(container.querySelector('[data-cy="ref-edit"]')!);
    expect((container.querySelector('[data-cy="ref-field-value"]') as HTMLInputElement).value).toBe('50');
    expect((container.querySelector('[data-cy="ref-field-unit"]') as HTMLSelectElement).value).toBe('mGy·cm²');
    fireEvent.change(container.querySelector('[data-cy="ref-field-value"]')!, { target: { value: '60' } });
    fireEvent.click(container.querySelector('[data-cy="ref-save"]')!);
    await settle();
    expect(calls.set.at(-1)).toMatchObject({ id: 'd-knie', published_value: 60, published_target: 30, published_unit: 'mGy·cm²' });

    // taken over from the catalogue
    const nlChest = container.querySelector<HTMLElement>('[data-cy="ref-catalogue-value"]')!;
    fireEvent.change(within(nlChest).getByRole('combobox'), { target: { value: 'pr-thorax' } });
    fireEvent.click(within(nlChest).getByRole('button', { name: 'Take over' }));
    await settle();
    expect(calls.adopted).toEqual([['v-nl-chest', 'pr-thorax']]);

    // removed, after the question
    const confirm = jest.spyOn(globalThis, 'confirm').mockReturnValue(true);
    fireEvent.click(container.querySelector('[data-cy="ref-remove"]')!);
    await settle();
    confirm.mockRestore();
    expect(calls.removed).toEqual(['d-knie']);
    expect(container.querySelector('[data-cy="ref-site-none"]')).not.toBeNull();
    expect(changed).toHaveLength(5);
  });

  it('says what the database refused', async () => {
    const { container } = renderAs('admin', { failSet: 'only an admin changes the reference values' });
    await settle();
    fireEvent.click(container.querySelector('[data-cy="ref-edit"]')!);
    fireEvent.click(container.querySelector('[data-cy="ref-save"]')!);
    await settle();
    const alert = container.querySelector<HTMLElement>('[data-cy="ref-message"]')!;
    expect(alert.dataset['kind']).toBe('error');
    expect(alert.textContent).toContain('only an admin changes the reference values');
    expect(container.querySelector('[data-cy="ref-form"]')).not.toBeNull();
  });

  it('shows a quality officer the values without ways to change them', async () => {
    const { container } = renderAs('quality_officer');
    await settle();
    expect(container.querySelector('[data-cy="ref-procedure"]')).not.toBeNull();
    for (const cy of ['ref-add', 'ref-edit', 'ref-remove', 'ref-adopt', 'ref-exam'])
      expect(container.querySelector(`[data-cy="${cy}"]`)).toBeNull();
    expect(screen.getByText('Only an admin changes these values.')).toBeTruthy();
  });
});

describe('the form as the RPC takes it', () => {
  const form = {
    id: null,
    procedureId: 'p',
    quantity: 'dap' as const,
    view: '',
    value: '0,12',
    target: '0.06',
    unit: 'Gy·cm²',
    ageMin: '',
    ageMax: '',
    label: '',
    source: 'NCS',
    sourceUrl: '',
    validFrom: '2026-01-01',
    validTo: '',
    notes: '',
  };
  it('refuses what the database would refuse: no value, a streefwaarde not under the DRN, ages out of order, an end before the start', () => {
    expect(referenceInput(form)).toMatchObject({ published_value: 0.12, published_target: 0.06, view_position: null, valid_to: null });
    expect(referenceInput({ ...form, value: '' })).toBeNull();
    expect(referenceInput({ ...form, target: '0.2' })).toBeNull();
    expect(referenceInput({ ...form, ageMin: '40', ageMax: '18' })).toBeNull();
    expect(referenceInput({ ...form, validTo: '2025-12-31' })).toBeNull();
    expect(referenceInput({ ...form, source: ' ' })).toBeNull();
  });
});
