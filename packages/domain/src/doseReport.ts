/**
 * Facts from an X-Ray Radiation Dose SR (RDSR, PS3.16 TID 10001 projection / TID 10011 CT, domain.md §5). The
 * units are read from each value's MeasurementUnitsCodeSequence and converted: a DAP is Gy·m² by the standard, but
 * some vendors write dGy·cm², and only the unit says which (domain.md §4.4). A value in a unit IQS does not know
 * stays unknown.
 */
import type { DicomDataset } from './dicomValues';
import { deviationIndex } from './imageFacts';
import { conceptCode, findAll, findFirst, hasConcept, measurement, personNames } from './structuredReport';
import { roundToSignificant, toCanonical } from './units';

/** DCM codes of PS3.16 used here */
const CODE = {
  projectionReport: '113701', // X-Ray Radiation Dose Report (root of both templates)
  ctAccumulated: '113811', // CT Accumulated Dose Data
  dapTotal: '113722', // Dose Area Product Total
  dapEvent: '122130', // Dose Area Product (per irradiation event)
  irradiationEvent: '113706', // Irradiation Event X-Ray Data (projection)
  ctAcquisition: '113819', // CT Acquisition (CT irradiation event)
  dlpTotal: '113813', // CT Dose Length Product Total
  ctdiVol: '113830', // Mean CTDIvol
  exposureIndex: '113845',
  targetExposureIndex: '113846',
  deviationIndex: '113847',
  personName: '113870', // Person Name (TID 1020)
  personRole: '113875', // Person Role in Procedure
  irradiationAdministering: '113851',
} as const;

export type DoseReportKind = 'projection' | 'ct';

export interface DoseReportFacts {
  readonly kind: DoseReportKind;
  readonly dap_gy_cm2: number | null;
  readonly dlp_mgy_cm: number | null;
  readonly ctdivol_mgy: number | null;
  readonly exposure_index: number | null;
  readonly target_exposure_index: number | null;
  readonly deviation_index: number | null;
  /** the persons who administered the irradiation (role 113851) */
  readonly operator_names: string[] | null;
}

const positive = (value: number | null): number | null => (value !== null && value > 0 ? value : null);

/** The irradiation administrators named in the report's person participants. */
function administrators(report: DicomDataset): string[] {
  const names = new Set<string>();
  for (const person of findAll(report, CODE.personName)) {
    const administering = findAll(person, CODE.personRole).some((role) => conceptCode(role)?.value === CODE.irradiationAdministering);
    if (administering) personNames(person).forEach((name) => names.add(name));
  }
  return [...names];
}

/**
 * EI, target EI and DI belong to single exposures. A report of one exposure gives them; for a report of several
 * (a PA and a LAT, or a rejected exposure and its retake) no one value describes the study, so they stay unknown.
 */
function exposureIndices(events: DicomDataset[]): Pick<DoseReportFacts, 'exposure_index' | 'target_exposure_index' | 'deviation_index'> {
  const [only] = events;
  if (events.length !== 1 || !only) return { exposure_index: null, target_exposure_index: null, deviation_index: null };
  // indices have no unit: whatever the report writes as one, the number is the index
  const read = (code: string): number | null => measurement(findFirst(only, code))?.value ?? null;
  const ei = positive(read(CODE.exposureIndex));
  const target = positive(read(CODE.targetExposureIndex));
  return { exposure_index: ei, target_exposure_index: target, deviation_index: read(CODE.deviationIndex) ?? deviationIndex(ei, target) };
}

export function extractDoseReportFacts(report: DicomDataset): DoseReportFacts | null {
  if (!hasConcept(report, CODE.projectionReport)) return null;
  const operators = administrators(report);
  const operator_names = operators.length > 0 ? operators : null;

  const ctEvents = findAll(report, CODE.ctAcquisition);
  if (ctEvents.length > 0 || findFirst(report, CODE.ctAccumulated) !== null) {
    const dlp = measurement(findFirst(report, CODE.dlpTotal));
    const ctdis = findAll(report, CODE.ctdiVol)
      .map(measurement)
      .map((m) => (m === null ? null : positive(toCanonical(m.value, m.unit, 'dose'))))
      .filter((v): v is number => v !== null);
    return {
      kind: 'ct',
      dap_gy_cm2: null,
      dlp_mgy_cm: dlp === null ? null : positive(toCanonical(dlp.value, dlp.unit, 'dlp')),
      ctdivol_mgy: ctdis.length > 0 ? Math.max(...ctdis) : null,
      exposure_index: null,
      target_exposure_index: null,
      deviation_index: null,
      operator_names,
    };
  }

  const events = findAll(report, CODE.irradiationEvent);
  const total = measurement(findFirst(report, CODE.dapTotal));
  let dap = total === null ? null : positive(toCanonical(total.value, total.unit, 'dap'));
  if (total === null) {
    // no accumulated total: the sum of the events' DAPs, when every event has one in a known unit
    const perEvent = events
      .map((event) => measurement(findFirst(event, CODE.dapEvent)))
      .map((m) => (m === null ? null : toCanonical(m.value, m.unit, 'dap')));
    dap =
      perEvent.length > 0 && perEvent.every((v) => v !== null)
        ? positive(roundToSignificant(perEvent.reduce<number>((sum, v) => sum + (v ?? 0), 0)))
        : null;
  }
  return { kind: 'projection', dap_gy_cm2: dap, dlp_mgy_cm: null, ctdivol_mgy: null, ...exposureIndices(events), operator_names };
}
