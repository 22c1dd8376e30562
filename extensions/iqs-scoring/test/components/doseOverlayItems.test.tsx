import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createDoseOverlayItems } from '../../src/overlay/doseOverlayItems';

const [dose, deviationIndex] = createDoseOverlayItems();

function shown(item: typeof dose, instance: Record<string, unknown> | undefined): HTMLElement | null {
  const element = item?.contentF({ instance }) as ReactElement | null;
  if (element === null) return null;
  return render(element).container.firstElementChild as HTMLElement;
}

describe('dose overlay items', () => {
  it('show the DAP of a projection image in Gy·cm², converted from dGy·cm²', () => {
    const element = shown(dose, { Modality: 'DX', ImageAndFluoroscopyAreaDoseProduct: '1.23' });
    expect(element?.textContent).toBe('DAP 0.123 Gy·cm²');
    expect(element?.dataset['iqsQuantity']).toBe('DAP');
    expect(element?.dataset['iqsValue']).toBe('0.123');
  });

  it('show CTDIvol for CT and the organ dose (dGy → mGy) for mammography', () => {
    expect(shown(dose, { Modality: 'CT', CTDIvol: 8.5, ImageAndFluoroscopyAreaDoseProduct: 100 })?.textContent).toBe('CTDIvol 8.5 mGy');
    expect(shown(dose, { Modality: 'MG', OrganDose: '0.0142' })?.textContent).toBe('Organ dose 1.42 mGy');
  });

  it('show the deviation index with its sign, where there is one', () => {
    expect(shown(deviationIndex, { Modality: 'DX', DeviationIndex: '1.26' })?.textContent).toBe('DI +1.3');
    expect(shown(deviationIndex, { Modality: 'DX', ExposureIndex: 250, TargetExposureIndex: 500 })?.textContent).toBe('DI -3.0');
    expect(shown(deviationIndex, { Modality: 'DX' })).toBeNull();
  });

  it('show nothing, and do not throw, for unknown or malformed doses and odd metadata', () => {
    expect(shown(dose, { Modality: 'DX', ImageAndFluoroscopyAreaDoseProduct: 'abc' })).toBeNull();
    expect(shown(dose, { Modality: 'CT' })).toBeNull();
    expect(shown(dose, undefined)).toBeNull();
    expect(shown(dose, { Modality: 7, ImageAndFluoroscopyAreaDoseProduct: { nested: true } })).toBeNull();
  });
});
