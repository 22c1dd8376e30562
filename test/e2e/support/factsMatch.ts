import type { ImageFacts } from '@iqs/domain';

export const PANEL_FIELDS = [
  'operator_names',
  'station_name',
  'view_position',
  'study_description',
  'patient_age_years',
  'dap_gy_cm2',
  'organ_dose_mgy',
  'body_part_thickness_mm',
  'ctdivol_mgy',
  'exposure_index',
  'target_exposure_index',
  'deviation_index',
] as const;

/**
 * Differences between what the panel shows (data-iqs-value strings) and the facts the generator wrote. Numbers
 * compare as numbers (a derived DI to 1e-4, written values to 1e-9 relative); lists and text exactly.
 */
export function factDifferences(panel: Record<string, string>, expected: ImageFacts): string[] {
  const differences: string[] = [];
  for (const field of PANEL_FIELDS) {
    const want = expected[field];
    const got = panel[field];
    if (got === undefined) {
      differences.push(`${field}: not shown`);
      continue;
    }
    if (want === null) {
      if (got !== '') differences.push(`${field}: expected unknown, panel shows ${got}`);
    } else if (typeof want === 'number') {
      const tolerance = field === 'deviation_index' ? 1e-4 : Math.abs(want) * 1e-9;
      if (got === '' || Math.abs(Number(got) - want) > tolerance) differences.push(`${field}: expected ${want}, panel shows ${got}`);
    } else {
      const wanted = Array.isArray(want) ? JSON.stringify(want) : want;
      if (got !== wanted) differences.push(`${field}: expected ${wanted}, panel shows ${got}`);
    }
  }
  return differences;
}
