import { act, render, screen } from '@testing-library/react';
import { extractImageFacts } from '@iqs/domain';
import { ImageFactsPanel, ImageFactsView } from '../../src/panels/ImageFactsPanel';
import { type ActiveImageStore, createActiveImageStore, showInstance as show } from '../../src/state/activeImageStore';

const instance = {
  SOPInstanceUID: '1.2.3.9',
  Modality: 'CR',
  Rows: 512,
  StudyDate: '20260314',
  PatientBirthDate: '19800315',
  OperatorsName: [{ Alphabetic: 'Müller^Jürgen' }, { Alphabetic: 'Jansen^Petra' }],
  StationName: 'RAD-KAMER3',
  ViewCodeSequence: [{ CodeValue: 'R-10214', CodingSchemeDesignator: 'SRT' }],
  StudyDescription: 'X-Thorax PA/LAT',
  ImageAndFluoroscopyAreaDoseProduct: 1.23,
  ExposureIndex: 412,
  TargetExposureIndex: 320,
};

function fieldOf(container: HTMLElement, name: string): HTMLElement {
  const element = container.querySelector<HTMLElement>(`[data-iqs-field="${name}"]`);
  if (!element) throw new Error(`no field ${name}`);
  return element;
}

describe('ImageFactsView', () => {
  it('shows every fact with its canonical value in data attributes', () => {
    const { container } = render(<ImageFactsView state={{ status: 'image', facts: extractImageFacts(instance) }} language="en" />);
    const fields = [...container.querySelectorAll('[data-iqs-field]')].map((e) => e.getAttribute('data-iqs-field'));
    expect(fields).toEqual([
      'operator_names',
      'station_name',
      'view_position',
      'study_description',
      'patient_age_years',
      'patient_weight_kg',
      'patient_size_m',
      'dap_gy_cm2',
      'organ_dose_mgy',
      'body_part_thickness_mm',
      'ctdivol_mgy',
      'exposure_index',
      'target_exposure_index',
      'deviation_index',
      'kvp',
      'exposure_mas',
      'exposure_time_ms',
      'distance_source_detector_mm',
      'grid',
      'filter_material',
      'aec_mode',
    ]);
    expect(container.querySelector('[data-iqs-panel]')?.getAttribute('data-iqs-image')).toBe('1.2.3.9');
    expect(fieldOf(container, 'dap_gy_cm2').dataset['iqsValue']).toBe('0.123');
    expect(fieldOf(container, 'dap_gy_cm2').textContent).toContain('0.123 Gy·cm²');
    expect(fieldOf(container, 'operator_names').dataset['iqsValue']).toBe('["Müller^Jürgen","Jansen^Petra"]');
    expect(fieldOf(container, 'operator_names').textContent).toContain('Müller, Jürgen; Jansen, Petra');
    expect(fieldOf(container, 'view_position').dataset['iqsValue']).toBe('PA');
    expect(fieldOf(container, 'patient_age_years').textContent).toContain('45 years');
    expect(Number(fieldOf(container, 'deviation_index').dataset['iqsValue'])).toBeCloseTo(10 * Math.log10(412 / 320), 4);
    expect(fieldOf(container, 'deviation_index').textContent).toContain('+1.1');
  });

  it('marks unknown facts as unknown, with an empty value', () => {
    const { container } = render(<ImageFactsView state={{ status: 'image', facts: extractImageFacts(instance) }} language="en" />);
    const ctdi = fieldOf(container, 'ctdivol_mgy');
    expect(ctdi.dataset['iqsValue']).toBe('');
    expect(ctdi.textContent).toContain('unknown');
  });

  it('speaks Dutch: labels, units and decimal comma', () => {
    const { container } = render(<ImageFactsView state={{ status: 'image', facts: extractImageFacts(instance) }} language="nl" />);
    expect(screen.getByText('Beeldgegevens')).toBeTruthy();
    expect(fieldOf(container, 'operator_names').textContent).toContain("MBB'er(s)");
    expect(fieldOf(container, 'dap_gy_cm2').textContent).toContain('0,123 Gy·cm²');
    expect(fieldOf(container, 'patient_age_years').textContent).toContain('45 jaar');
    expect(fieldOf(container, 'ctdivol_mgy').textContent).toContain('onbekend');
    // the machine-readable value does not change with the language
    expect(fieldOf(container, 'dap_gy_cm2').dataset['iqsValue']).toBe('0.123');
  });

  it('shows the patient and acquisition facts with their units, in English and Dutch', () => {
    const facts = extractImageFacts({
      ...instance,
      PatientWeight: '82.5',
      PatientSize: '1.78',
      KVP: '125',
      ExposureInuAs: 2500,
      ExposureTime: 6,
      DistanceSourceToDetector: '1150',
      Grid: ['FOCUSED', 'RECIPROCATING'],
      FilterMaterial: ['COPPER', 'ALUMINUM'],
      ExposureControlMode: 'AUTOMATIC',
    });
    const { container, rerender } = render(<ImageFactsView state={{ status: 'image', facts }} language="en" />);
    const shown = (field: string) => fieldOf(container, field).querySelector('dd')?.textContent;
    const label = (field: string) => fieldOf(container, field).querySelector('dt')?.textContent;
    expect(fieldOf(container, 'exposure_mas').dataset['iqsValue']).toBe('2.5');
    expect(fieldOf(container, 'grid').dataset['iqsValue']).toBe('FOCUSED\\RECIPROCATING');
    expect([shown('patient_weight_kg'), shown('patient_size_m'), shown('kvp'), shown('exposure_mas'), shown('exposure_time_ms')]).toEqual([
      '82.5 kg',
      '1.78 m',
      '125 kV',
      '2.5 mAs',
      '6 ms',
    ]);
    expect([shown('distance_source_detector_mm'), shown('grid'), shown('filter_material'), shown('aec_mode')]).toEqual([
      '1,150 mm',
      'FOCUSED, RECIPROCATING',
      'COPPER, ALUMINUM',
      'automatic',
    ]);
    expect(label('distance_source_detector_mm')).toBe('Source–detector distance (SID)');
    rerender(<ImageFactsView state={{ status: 'image', facts }} language="nl" />);
    expect([shown('patient_weight_kg'), shown('exposure_mas'), shown('aec_mode')]).toEqual(['82,5 kg', '2,5 mAs', 'automatisch']);
    expect([label('kvp'), label('grid'), label('aec_mode')]).toEqual(['Buisspanning', 'Raster', 'Belichtingsautomaat (AEC)']);
  });

  it('names a mammogram’s thickness and organ dose for what they are: compressed breast thickness and AGD', () => {
    const mammogram = extractImageFacts({
      SOPInstanceUID: '1.2.3.10',
      Modality: 'MG',
      Rows: 64,
      BodyPartThickness: '52',
      OrganDose: '0.0135',
      Grid: 'NONE',
    });
    const { container, rerender } = render(<ImageFactsView state={{ status: 'image', facts: mammogram }} language="en" />);
    expect(fieldOf(container, 'organ_dose_mgy').textContent).toBe('Average glandular dose (AGD)1.35 mGy');
    expect(fieldOf(container, 'body_part_thickness_mm').textContent).toBe('Compressed breast thickness52 mm');
    expect(fieldOf(container, 'grid').textContent).toBe('Gridnone');
    rerender(<ImageFactsView state={{ status: 'image', facts: mammogram }} language="nl" />);
    expect(fieldOf(container, 'organ_dose_mgy').textContent).toContain('Gemiddelde glandulaire dosis (AGD)');
    expect(fieldOf(container, 'body_part_thickness_mm').textContent).toContain('Dikte gecomprimeerde borst');
    // other modalities keep the general names
    rerender(<ImageFactsView state={{ status: 'image', facts: extractImageFacts(instance) }} language="en" />);
    expect(fieldOf(container, 'body_part_thickness_mm').textContent).toContain('Body part thickness');
  });

  it('says so when there is no image, or a series without images', () => {
    const { rerender } = render(<ImageFactsView state={{ status: 'none' }} language="en" />);
    expect(screen.getByText('No image in the active viewport.')).toBeTruthy();
    rerender(<ImageFactsView state={{ status: 'not-an-image', modality: 'KO' }} language="en" />);
    expect(screen.getByText('This series holds no image that IQS can describe.')).toBeTruthy();
  });
});

describe('ImageFactsPanel', () => {
  // the IQS service's store, as the tracker fills it
  let activeImageStore: ActiveImageStore;
  const showInstance = (instance: Parameters<typeof show>[1]): void => show(activeImageStore, instance);
  beforeEach(() => {
    activeImageStore = createActiveImageStore();
  });

  it('follows the active image through the store', () => {
    const { container } = render(<ImageFactsPanel store={activeImageStore} language="en" />);
    expect(container.querySelector('[data-iqs-status="none"]')).not.toBeNull();
    act(() => showInstance(instance));
    expect(fieldOf(container, 'station_name').dataset['iqsValue']).toBe('RAD-KAMER3');
    act(() => showInstance({ ...instance, SOPInstanceUID: '1.2.3.10', StationName: 'SEH-KAMER', ViewPosition: 'AP' }));
    expect(fieldOf(container, 'station_name').dataset['iqsValue']).toBe('SEH-KAMER');
    expect(fieldOf(container, 'view_position').dataset['iqsValue']).toBe('AP');
  });

  it('treats an instance without pixel data as not an image', () => {
    const { container } = render(<ImageFactsPanel store={activeImageStore} language="en" />);
    act(() => showInstance({ SOPInstanceUID: '9.9', Modality: 'KO' }));
    expect(container.querySelector('[data-iqs-status="not-an-image"]')).not.toBeNull();
    expect(activeImageStore.getState()).toEqual({ status: 'not-an-image', modality: 'KO' });
  });

  it('injects its styles once', () => {
    render(<ImageFactsPanel store={activeImageStore} language="en" />);
    render(<ImageFactsPanel store={activeImageStore} language="en" />);
    expect(document.querySelectorAll('#iqs-styles')).toHaveLength(1);
  });
});
