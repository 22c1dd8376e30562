/**
 * The viewer's comparison of an image's dose with its reference: the IQS panel's section and the viewport overlay
 * ("DAP 0.331 Gy·cm² · DRN 0.12 (276 %)", coloured by its band, with the reference that applies or why none does).
 */
import { act, render, screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createStore } from 'zustand/vanilla';
import { createTranslator } from '../../src/i18n/translator';
import { createDoseOverlayItems } from '../../src/overlay/doseOverlayItems';
import { DoseReferencePanelSection, DoseReferenceView } from '../../src/panels/DoseReferencePanel';
import type { DoseReferenceState, ImageDoseReference } from '../../src/ports';
import { comparisonText, percentOfDrl } from '../../src/ui/doseDisplay';

const en = createTranslator('en');
const nl = createTranslator('nl');

const chest: ImageDoseReference = {
  quantity: 'dap',
  value: 0.331,
  unit: 'Gy·cm²',
  drl: 0.12,
  target: 0.06,
  reference_set: 'nl-drn-2012',
  reference_label: 'X-thorax PA',
  reference_weight_kg: 77,
  reason: null,
  status: 'above_drl',
};
const ctdivol: ImageDoseReference = {
  quantity: 'ctdivol',
  value: 6.5,
  unit: 'mGy',
  drl: 8,
  target: 6,
  reference_set: 'be-fanc',
  reference_label: 'CT thorax',
  reference_weight_kg: null,
  reason: null,
  status: 'above_target',
};
const dlp: ImageDoseReference = {
  ...ctdivol,
  quantity: 'dlp',
  value: 180,
  unit: 'mGy·cm',
  drl: 260,
  target: 200,
  status: 'at_or_below_target',
};
const noProcedure: ImageDoseReference = {
  ...chest,
  value: 0.5,
  drl: null,
  target: null,
  reference_set: null,
  reference_label: null,
  reference_weight_kg: null,
  reason: 'no_procedure',
  status: 'no_reference',
};

describe('the comparison text', () => {
  it('reads as the issue asks, in English and in Dutch', () => {
    expect(comparisonText(chest, en)).toBe('DAP 0.331 Gy·cm² · DRN 0.12 (276 %)');
    expect(comparisonText(chest, nl)).toBe('DAP 0,331 Gy·cm² · DRN 0,12 (276 %)');
    expect(comparisonText(noProcedure, en)).toBe('DAP 0.5 Gy·cm² · no DRN');
    expect(comparisonText({ ...chest, value: null }, en)).toBeNull();
    expect(percentOfDrl(0.331, 0.12)).toBe(276);
    expect(percentOfDrl(0.331, null)).toBeNull();
  });
});

describe('the panel section', () => {
  it('shows each quantity with its band, its streefwaarde and the reference that applies', () => {
    render(<DoseReferenceView state={{ status: 'ready', sopInstanceUid: '1.2', rows: [ctdivol, dlp] }} translator={en} />);
    const section = screen.getByRole('heading', { name: 'Dose against the reference' }).closest('section')!;
    expect(section.dataset['iqsStatus']).toBe('ready');
    const rows = section.querySelectorAll<HTMLElement>('[data-cy="dose-reference-row"]');
    expect([...rows].map((row) => [row.dataset['iqsQuantity'], row.dataset['iqsStatus'], row.dataset['iqsPercent']])).toEqual([
      ['ctdivol', 'above_target', '81'],
      ['dlp', 'at_or_below_target', '69'],
    ]);
    expect(rows[0]!.textContent).toContain('CTDIvol 6.5 mGy · DRN 8 (81 %)');
    expect(rows[0]!.textContent).toContain('△ above the streefwaarde');
    expect(rows[0]!.textContent).toContain('streefwaarde 6 mGy');
    expect(rows[0]!.textContent).toContain('be-fanc: CT thorax');
    expect(rows[1]!.textContent).toContain('DLP 180 mGy·cm · DRN 260 (69 %)');
    expect(rows[1]!.textContent).toContain('✓ at or below the streefwaarde');
  });

  it('says "at or below the DRN" where the reference has no streefwaarde (the UK CT values)', () => {
    const uk: ImageDoseReference = { ...dlp, target: null, reference_set: 'uk-ndrl-2022', drl: 290 };
    render(<DoseReferenceView state={{ status: 'ready', sopInstanceUid: '1.2', rows: [uk] }} translator={en} />);
    const row = screen.getByText('DLP 180 mGy·cm · DRN 290 (62 %)').closest('li')!;
    expect(row.dataset['iqsStatus']).toBe('at_or_below_target');
    expect(row.textContent).toContain('✓ at or below the DRN');
    expect(row.textContent).not.toContain('streefwaarde');
  });

  it('names the standard patient of the Dutch value, and says why no reference applies', () => {
    render(<DoseReferenceView state={{ status: 'ready', sopInstanceUid: '1.2', rows: [chest] }} translator={nl} />);
    const row = screen.getByText('DAP 0,331 Gy·cm² · DRN 0,12 (276 %)').closest('li')!;
    expect(row.dataset['iqsStatus']).toBe('above_drl');
    expect(row.textContent).toContain('▲ boven het DRN');
    expect(row.querySelector('[data-cy="dose-reference-applies"]')?.textContent).toMatch(/^nl-drn-2012: X-thorax PA · .*77 kg/);
    render(<DoseReferenceView state={{ status: 'ready', sopInstanceUid: '1.3', rows: [noProcedure] }} translator={en} />);
    expect(screen.getByText('No reference: the image has no IQS procedure.')).toBeTruthy();
  });

  it('says what it is doing: loading, failed, not in the index; nothing without an image', () => {
    const { container, rerender } = render(<DoseReferenceView state={{ status: 'none' }} translator={en} />);
    expect(container.textContent).toBe('');
    rerender(<DoseReferenceView state={{ status: 'loading', sopInstanceUid: '1' }} translator={en} />);
    expect(container.textContent).toContain('Comparing with the reference');
    rerender(<DoseReferenceView state={{ status: 'error', sopInstanceUid: '1', message: 'offline' }} translator={en} />);
    expect(screen.getByRole('alert').textContent).toContain('offline');
    rerender(<DoseReferenceView state={{ status: 'ready', sopInstanceUid: '1', rows: [] }} translator={en} />);
    expect(container.textContent).toContain('not in the IQS index');
  });

  it('follows the store', () => {
    const store = createStore<DoseReferenceState>(() => ({ status: 'loading', sopInstanceUid: '1' }));
    render(<DoseReferencePanelSection store={store} translator={en} />);
    act(() => store.setState({ status: 'ready', sopInstanceUid: '1', rows: [chest] }, true));
    expect(screen.getByText('DAP 0.331 Gy·cm² · DRN 0.12 (276 %)')).toBeTruthy();
  });
});

describe('the dose overlay with the comparison', () => {
  const instance = { Modality: 'DX', SOPInstanceUID: '1.2.3', ImageAndFluoroscopyAreaDoseProduct: '3.31' };

  it('shows the dose from the metadata until the comparison is known, then the comparison in its band colour', () => {
    const store = createStore<DoseReferenceState>(() => ({ status: 'loading', sopInstanceUid: '1.2.3' }));
    let known: readonly ImageDoseReference[] | null = null;
    const [dose] = createDoseOverlayItems(() => ({ stores: { doseReference: store }, doseReferenceOf: () => known }));
    const element = render(dose!.contentF({ instance }) as ReactElement).container.firstElementChild as HTMLElement;
    expect(element.textContent).toBe('DAP 0.331 Gy·cm²');
    expect(element.dataset['cy']).toBe('dose-overlay');
    expect(element.dataset['iqsDoseStatus']).toBe('');
    known = [chest];
    act(() => store.setState({ status: 'ready', sopInstanceUid: '1.2.3', rows: [chest] }, true));
    expect(element.textContent).toBe('DAP 0.331 Gy·cm² · DRN 0.12 (276 %)');
    expect(element.dataset['iqsDoseStatus']).toBe('above_drl');
    const line = element.querySelector<HTMLElement>('[data-cy="dose-overlay-line"]')!;
    expect(line.style.color).toBe('rgb(255, 138, 128)');
    expect(element.title).toContain('nl-drn-2012: X-thorax PA');
  });

  it('shows a line per quantity for CT (CTDIvol and DLP)', () => {
    const store = createStore<DoseReferenceState>(() => ({ status: 'ready', sopInstanceUid: '1.2.4', rows: [ctdivol, dlp] }));
    const [dose] = createDoseOverlayItems(() => ({ stores: { doseReference: store }, doseReferenceOf: () => [ctdivol, dlp] }));
    const element = render(dose!.contentF({ instance: { Modality: 'CT', SOPInstanceUID: '1.2.4', CTDIvol: 6.5 } }) as ReactElement)
      .container.firstElementChild as HTMLElement;
    expect([...element.querySelectorAll('[data-cy="dose-overlay-line"]')].map((line) => line.textContent)).toEqual([
      'CTDIvol 6.5 mGy · DRN 8 (81 %)',
      'DLP 180 mGy·cm · DRN 260 (69 %)',
    ]);
  });
});
