/**
 * A folder of "other" DICOM files, as a hospital would point IQS_DICOM_DIR at: not made by the demo generator,
 * each with what vendors do in practice. The expected facts are written out by hand here, from the DICOM
 * standard's units, not computed by IQS code.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type DicomItem, TRANSFER_SYNTAX, writePart10 } from '@iqs/dicom';

const ROOT = '1.2.826.0.1.3680043.10.1467.99';
export const STUDIES = {
  latin1: `${ROOT}.1`,
  utf8: `${ROOT}.2`,
  awkward: `${ROOT}.3`,
} as const;

const SIZE = 256;

/** A smooth test pattern: a bright disc on a gradient, 12 bits stored. */
function pattern(): Uint16Array {
  const pixels = new Uint16Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const r = Math.hypot(x - SIZE / 2, y - SIZE / 2);
      pixels[y * SIZE + x] = Math.round(600 + 8 * x + (r < 70 ? 1800 : 0));
    }
  }
  return pixels;
}

function image(study: string, series: string, instance: string, attributes: DicomItem): DicomItem {
  return {
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.1',
    SOPInstanceUID: instance,
    StudyInstanceUID: study,
    SeriesInstanceUID: series,
    StudyDate: '20260310',
    StudyTime: '101500',
    StudyID: '1',
    SeriesNumber: 1,
    InstanceNumber: 1,
    PatientName: 'Fixture^Patient',
    PatientID: 'FIXTURE-1',
    Modality: 'DX',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: SIZE,
    Columns: SIZE,
    PixelSpacing: [0.5, 0.5],
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    WindowCenter: 1800,
    WindowWidth: 3600,
    PixelData: pattern(),
    ...attributes,
  };
}

export interface ExpectedImage {
  readonly study: string;
  readonly sopInstanceUid: string;
  readonly facts: Record<string, string>;
  readonly overlay: { readonly quantity: string; readonly value: string } | null;
}

export const EXPECTED: Record<'latin1' | 'utf8' | 'implicit' | 'deflated' | 'broken', ExpectedImage> = {
  latin1: {
    study: STUDIES.latin1,
    sopInstanceUid: `${STUDIES.latin1}.1.1`,
    facts: {
      operator_names: '["Müller^Jürgen","Østergaard^Søren"]',
      station_name: 'KAMER-Ü',
      view_position: 'PA', // only as ViewCodeSequence R-10214 (SNOMED-RT)
      study_description: 'X-Thorax PA (Latin-1 bestand)',
      patient_age_years: '46', // born 1980-01-01, studied 2026-03-10
      dap_gy_cm2: '0.25', // 2.5 dGy·cm²
      deviation_index: '-1.2',
      exposure_index: '240',
      target_exposure_index: '320',
      organ_dose_mgy: '',
      ctdivol_mgy: '',
    },
    overlay: { quantity: 'DAP', value: '0.25' },
  },
  utf8: {
    study: STUDIES.utf8,
    sopInstanceUid: `${STUDIES.utf8}.1.1`,
    facts: {
      operator_names: '["Øster^Åse","李^小龙"]',
      station_name: 'ROOM-ÅØ',
      view_position: 'RL', // only as ViewCodeSequence 399198007 (SNOMED CT)
      study_description: 'Thorax lateraal — UTF-8',
      patient_age_years: '12', // PatientAge only
      dap_gy_cm2: '0.075', // 0.75 dGy·cm²
      body_part_thickness_mm: '160',
      deviation_index: '',
    },
    overlay: { quantity: 'DAP', value: '0.075' },
  },
  implicit: {
    study: STUDIES.awkward,
    sopInstanceUid: `${STUDIES.awkward}.1.1`,
    facts: { view_position: 'AP', dap_gy_cm2: '1.5', station_name: 'IMPLICIT-ROOM', operator_names: '["PJ"]' },
    overlay: { quantity: 'DAP', value: '1.5' },
  },
  deflated: {
    study: STUDIES.awkward,
    sopInstanceUid: `${STUDIES.awkward}.2.1`,
    facts: { organ_dose_mgy: '1.4', body_part_thickness_mm: '52', view_position: 'CC' },
    overlay: { quantity: 'OrganDose', value: '1.4' },
  },
  broken: {
    study: STUDIES.awkward,
    sopInstanceUid: `${STUDIES.awkward}.3.1`,
    facts: {
      dap_gy_cm2: '',
      exposure_index: '',
      patient_age_years: '',
      view_position: '',
      operator_names: '',
      station_name: 'BROKEN-ROOM',
      deviation_index: '',
    },
    overlay: null,
  },
};

export function writeOtherDicomFiles(folder: string): void {
  mkdirSync(path.join(folder, 'nested/deeper'), { recursive: true });
  const write = (relative: string, bytes: Uint8Array | string): void => writeFileSync(path.join(folder, relative), bytes);

  // 1. Latin-1 file, two operators, DAP in dGy·cm², the view only as a SNOMED-RT code
  write(
    'latin1-dx.dcm',
    writePart10(
      image(STUDIES.latin1, `${STUDIES.latin1}.1`, EXPECTED.latin1.sopInstanceUid, {
        SpecificCharacterSet: 'ISO_IR 100',
        OperatorsName: ['Müller^Jürgen', 'Østergaard^Søren'],
        StationName: 'KAMER-Ü',
        StudyDescription: 'X-Thorax PA (Latin-1 bestand)',
        PatientBirthDate: '19800101',
        ViewCodeSequence: [{ CodeValue: 'R-10214', CodingSchemeDesignator: 'SRT', CodeMeaning: 'postero-anterior' }],
        ImageAndFluoroscopyAreaDoseProduct: '2.5',
        ExposureIndex: 240,
        TargetExposureIndex: 320,
        DeviationIndex: '-1.2',
      }),
    ),
  );
  // a non-image series in the same study: an IOCM rejection note (KOS) that references nothing of ours
  write(
    'latin1-kos.dcm',
    writePart10({
      SpecificCharacterSet: 'ISO_IR 100',
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.59',
      SOPInstanceUID: `${STUDIES.latin1}.9.1`,
      StudyInstanceUID: STUDIES.latin1,
      SeriesInstanceUID: `${STUDIES.latin1}.9`,
      StudyDate: '20260310',
      PatientName: 'Fixture^Patient',
      PatientID: 'FIXTURE-1',
      Modality: 'KO',
      SeriesNumber: 99,
      InstanceNumber: 1,
      ValueType: 'CONTAINER',
      ConceptNameCodeSequence: [{ CodeValue: '113001', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Rejected for Quality Reasons' }],
    }),
  );
  // an image of a SOP class no viewer knows
  write(
    'nested/unknown-sop-class.dcm',
    writePart10(
      image(STUDIES.latin1, `${STUDIES.latin1}.5`, `${STUDIES.latin1}.5.1`, {
        SOPClassUID: '1.2.826.0.1.3680043.10.1467.99.777',
        SeriesNumber: 5,
        Modality: 'OT',
      }),
    ),
  );

  // 2. UTF-8 file: Scandinavian and Chinese names, the view only as a SNOMED CT code, age only as PatientAge
  write(
    'nested/utf8-cr.dcm',
    writePart10(
      image(STUDIES.utf8, `${STUDIES.utf8}.1`, EXPECTED.utf8.sopInstanceUid, {
        SpecificCharacterSet: 'ISO_IR 192',
        SOPClassUID: '1.2.840.10008.5.1.4.1.1.1',
        Modality: 'CR',
        OperatorsName: 'Øster^Åse\\李^小龙',
        StationName: 'ROOM-ÅØ',
        StudyDescription: 'Thorax lateraal — UTF-8',
        PatientAge: '012Y',
        ViewPosition: '',
        ViewCodeSequence: [{ CodeValue: '399198007', CodingSchemeDesignator: 'SCT', CodeMeaning: 'right lateral' }],
        ImageAndFluoroscopyAreaDoseProduct: 0.75,
        BodyPartThickness: 160,
        ExposureIndex: 500,
      }),
    ),
  );

  // 3. awkward study: implicit VR, deflated mammography, and an image full of broken values
  write(
    'nested/deeper/implicit.dcm',
    writePart10(
      image(STUDIES.awkward, `${STUDIES.awkward}.1`, EXPECTED.implicit.sopInstanceUid, {
        OperatorsName: 'PJ',
        StationName: 'IMPLICIT-ROOM',
        ViewPosition: 'AP',
        ImageAndFluoroscopyAreaDoseProduct: 15,
      }),
      { transferSyntax: TRANSFER_SYNTAX.implicitLittle },
    ),
  );
  write(
    'nested/deeper/deflated-mg.dcm',
    writePart10(
      image(STUDIES.awkward, `${STUDIES.awkward}.2`, EXPECTED.deflated.sopInstanceUid, {
        SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.2',
        Modality: 'MG',
        SeriesNumber: 2,
        ViewPosition: 'CC',
        ImageLaterality: 'L',
        OrganDose: '0.014',
        BodyPartThickness: '52',
      }),
      { transferSyntax: TRANSFER_SYNTAX.deflatedExplicitLittle },
    ),
  );
  write(
    'nested/deeper/broken-values.dcm',
    writePart10(
      image(STUDIES.awkward, `${STUDIES.awkward}.3`, EXPECTED.broken.sopInstanceUid, {
        SeriesNumber: 3,
        StationName: 'BROKEN-ROOM',
        StudyDate: '20261345',
        PatientBirthDate: '19xx0101',
        PatientAge: 'old',
        OperatorsName: '',
        ViewPosition: '',
        ViewCodeSequence: [{ CodeValue: 'NOT-A-VIEW', CodingSchemeDesignator: '99LOCAL' }],
        ImageAndFluoroscopyAreaDoseProduct: 'abc',
        ExposureIndex: 'n/a',
        TargetExposureIndex: '0',
        DeviationIndex: '--',
        // a broken display window must not spoil the image
        WindowCenter: 'abc',
      }),
    ),
  );

  // 4. files that are not DICOM at all
  write('README.txt', 'not a DICOM file');
  write('nested/truncated.dcm', writePart10(image(STUDIES.awkward, `${STUDIES.awkward}.4`, `${STUDIES.awkward}.4.1`, {})).subarray(0, 300));
}
