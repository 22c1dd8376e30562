/**
 * Small DX, CR, MG and CT images (a few pixels) with every header fact the ingestion reads, and the facts a correct
 * reader must get from them in the image index's canonical units:
 *
 *   (0018,115E) Image and Fluoroscopy Area Dose Product, written in dGy·cm² → dap_gy_cm2 = value × 0.1
 *   (0040,0316) Organ Dose, in dGy → organ_dose_mgy = value × 100
 *   (0018,11A0) Body Part Thickness, mm · (0018,9345) CTDIvol, mGy (FD)
 *   (0018,1411/1412/1413) Exposure Index / Target Exposure Index / Deviation Index
 *   (0008,1070) Operators' Name (PN, multi-valued) · (0008,1010) Station Name
 *   (0018,5101) View Position, or (0054,0220) View Code Sequence in SCT or the retired SRT codes
 *   Patient's Birth Date + Study Date (completed years), else Patient's Age
 *   (0018,1302) Scan Length: an NM Image attribute (mm of a whole-body scan), NOT a CT scan length: must be ignored
 *   a vendor private DAP in mGy·cm²: creator "ACME DOSE" in (0019,00xx), value in (0019,xx21), for per-station mapping
 *
 * Transfer syntaxes: explicit, implicit and deflated VR little endian through the Part 10 writer, and two
 * encapsulated ones built here: RLE Lossless (one fragment per frame) and JPEG Lossless SV1 (a frame split into
 * several fragments), both with a Basic Offset Table. A reader must get the header without decoding the pixels.
 */
import { encodeDataset, type DicomItem } from '@iqs/dicom';
import {
  decimalString,
  expectedAge,
  fixtureUid,
  headerElements,
  isoDate,
  resolveHeader,
  scaled,
  SYNTAX_UID,
  toPart10,
  type Fixture,
  type HeaderOptions,
  type Syntax,
} from './common';
import { encapsulatedPixelData, jpegLosslessEncode, rleEncodeFrame, splitFragments } from './pixelCodecs';
import { SCT, VIEWS, codeItem, type Code, type ViewName } from './sr';

export const SOP_CLASS = {
  DX: '1.2.840.10008.5.1.4.1.1.1.1', // Digital X-Ray Image Storage – For Presentation
  CR: '1.2.840.10008.5.1.4.1.1.1', // Computed Radiography Image Storage
  MG: '1.2.840.10008.5.1.4.1.1.1.2', // Digital Mammography X-Ray Image Storage – For Presentation
  CT: '1.2.840.10008.5.1.4.1.1.2', // CT Image Storage
} as const;

export type ImageModality = keyof typeof SOP_CLASS;

export const ENCAPSULATED_SYNTAX_UID = {
  rle: '1.2.840.10008.1.2.5',
  jpegLossless: '1.2.840.10008.1.2.4.70',
} as const;

export type ImageSyntax = Syntax | keyof typeof ENCAPSULATED_SYNTAX_UID;

export interface PrivateDap {
  /** the vendor's DAP, in mGy·cm² */
  readonly mGyCm2: number;
  /** default 'ACME DOSE' */
  readonly creator?: string;
  /** the private block the creator reserves, 0x10–0xFF; default 0x10 → creator at (0019,0010), value at (0019,1021) */
  readonly block?: number;
  /** an unrelated creator written before ours in (0019,0010) (our block must then not be 0x10) */
  readonly otherCreatorFirst?: string;
}

export interface ImageOptions extends HeaderOptions {
  readonly modality?: ImageModality;
  /** Operators' Name, one value per operator */
  readonly operators?: readonly string[];
  /** View Position (0018,5101) */
  readonly viewPosition?: ViewName;
  /** View Code Sequence (0054,0220) in SCT or the retired SRT codes */
  readonly viewCode?: { readonly view: ViewName; readonly scheme: 'SCT' | 'SRT' };
  readonly bodyPartExamined?: string;
  readonly protocolName?: string;
  /** (0018,115E), in dGy·cm² */
  readonly dapDgyCm2?: number;
  /** (0040,0316), in dGy */
  readonly organDoseDgy?: number;
  /** (0018,11A0), in mm */
  readonly bodyPartThicknessMm?: number;
  /** (0018,9345), in mGy */
  readonly ctdivolMgy?: number;
  readonly exposureIndex?: number;
  readonly targetExposureIndex?: number;
  readonly deviationIndex?: number;
  /** (0018,1302) NM Scan Length in mm: a trap, a correct reader ignores it */
  readonly nmScanLengthMm?: number;
  readonly privateDap?: PrivateDap;
  /** Image Laterality (MG): default R */
  readonly laterality?: 'L' | 'R';
  readonly irradiationEventUid?: string;
  readonly transferSyntax?: ImageSyntax;
  /** image size; default 8 × 8 */
  readonly rows?: number;
  readonly columns?: number;
  /** frames (RLE and JPEG Lossless: one per frame, in the offset table); default 1 */
  readonly frames?: number;
  /** JPEG Lossless: fragments per frame; default 3 */
  readonly fragmentsPerFrame?: number;
}

export interface ImageExpected {
  readonly sop_class_uid: string;
  readonly sop_instance_uid: string;
  readonly study_instance_uid: string;
  readonly series_instance_uid: string;
  readonly transfer_syntax_uid: string;
  readonly modality: ImageModality;
  readonly study_date: string;
  readonly station_name: string | null;
  readonly study_description: string | null;
  readonly series_description: string | null;
  readonly protocol_name: string | null;
  /** the ViewPosition term, or the term of the View Code Sequence's code */
  readonly view_position: ViewName | null;
  readonly view_code: Code | null;
  readonly patient_age_years: number | null;
  readonly dap_gy_cm2: number | null;
  readonly organ_dose_mgy: number | null;
  readonly body_part_thickness_mm: number | null;
  readonly ctdivol_mgy: number | null;
  /** no standard image attribute holds a DLP, and (0018,1302) is not one */
  readonly dlp_mgy_cm: null;
  readonly exposure_index: number | null;
  readonly target_exposure_index: number | null;
  readonly deviation_index: number | null;
  /** Operators' Name values as written */
  readonly operator_names: readonly string[];
  readonly irradiation_event_uid: string | null;
  /** the private DAP as written, for a per-station mapping to pick up */
  readonly private_dap: {
    readonly creator: string;
    readonly creator_tag: string;
    readonly value_tag: string;
    readonly mgy_cm2: number;
    readonly gy_cm2: number;
  } | null;
  readonly number_of_frames: number;
}

const MODALITY_DEFAULTS: Record<ImageModality, { seriesNumber: number; model: string; bits: number }> = {
  DX: { seriesNumber: 1, model: 'Fixture DR', bits: 12 },
  CR: { seriesNumber: 1, model: 'Fixture CR', bits: 12 },
  MG: { seriesNumber: 1, model: 'Fixture MG', bits: 14 },
  CT: { seriesNumber: 2, model: 'Fixture CT', bits: 12 },
};

/** A deterministic test pattern: gradients with a flat band, so RLE has both literal and replicate runs. */
function pattern(rows: number, columns: number, bits: number, frame: number): Uint16Array {
  const pixels = new Uint16Array(rows * columns);
  const max = (1 << bits) - 1;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++)
      pixels[r * columns + c] = r === 2 ? 100 : Math.min(max, (r * 517 + c * 131 + frame * 997) % (max + 1));
  }
  return pixels;
}

/** The modality's image modules (PS3.3 C.8.11 DX, C.8.1 CR, C.8.11.7 MG, C.8.2.1 CT) and Image Pixel (C.7.6.3). */
function modalityElements(
  modality: ImageModality,
  options: ImageOptions,
  seriesUid: string,
  rows: number,
  columns: number,
  bits: number,
  frames: number,
): DicomItem {
  const pixel = {
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: rows,
    Columns: columns,
    BitsAllocated: 16,
    BitsStored: bits,
    HighBit: bits - 1,
    PixelRepresentation: 0,
    NumberOfFrames: frames > 1 ? frames : undefined,
    FrameIncrementPointer: frames > 1 ? '00181063' : undefined,
    FrameTime: frames > 1 ? 100 : undefined,
  };
  const projection = {
    ImageType: ['ORIGINAL', 'PRIMARY'],
    LossyImageCompression: '00',
    BurnedInAnnotation: 'NO',
    PatientOrientation: ['L', 'F'],
    KVP: 120,
    ExposureInuAs: 2000,
  };
  switch (modality) {
    case 'DX':
      return {
        ...pixel,
        ...projection,
        PresentationIntentType: 'FOR PRESENTATION',
        PixelIntensityRelationship: 'LOG',
        PixelIntensityRelationshipSign: 1,
        RescaleIntercept: 0,
        RescaleSlope: 1,
        RescaleType: 'US',
        DetectorType: 'DIRECT',
        ImageLaterality: 'U',
        AnatomicRegionSequence: [codeItem(SCT.chest)],
        ImagerPixelSpacing: [0.15, 0.15],
      };
    case 'CR':
      return { ...pixel, ...projection, ImagerPixelSpacing: [0.1, 0.1] };
    case 'MG':
      return {
        ...pixel,
        ...projection,
        ImageType: ['ORIGINAL', 'PRIMARY', ''],
        KVP: 29,
        PresentationIntentType: 'FOR PRESENTATION',
        PixelIntensityRelationship: 'LOG',
        PixelIntensityRelationshipSign: 1,
        RescaleIntercept: 0,
        RescaleSlope: 1,
        RescaleType: 'US',
        DetectorType: 'DIRECT',
        PositionerType: 'MAMMOGRAPHIC',
        ImageLaterality: options.laterality ?? 'R',
        AnatomicRegionSequence: [codeItem(SCT.breast)],
        ImagerPixelSpacing: [0.07, 0.07],
      };
    case 'CT':
      return {
        ...pixel,
        ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
        KVP: 120,
        AcquisitionNumber: 1,
        RescaleIntercept: -1024,
        RescaleSlope: 1,
        FrameOfReferenceUID: fixtureUid('frame-of-reference', seriesUid),
        PositionReferenceIndicator: '',
        PixelSpacing: [0.7, 0.7],
        ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
        ImagePositionPatient: [-2.8, -2.8, 0],
        SliceThickness: 5,
      };
  }
}

/** Private creator (gggg,00bb) and the DAP at (gggg,bb21), PS3.5 7.8.1. */
function privateElements(dap: PrivateDap | undefined): { elements: DicomItem; expected: ImageExpected['private_dap'] } {
  if (!dap) return { elements: {}, expected: null };
  const creator = dap.creator ?? 'ACME DOSE';
  const block = dap.block ?? 0x10;
  if (block < 0x10 || block > 0xff) throw new Error('A private block is 0x10–0xFF');
  if (dap.otherCreatorFirst !== undefined && block === 0x10) throw new Error('(0019,0010) holds the other creator: give another block');
  const hex = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');
  const creatorTag = `001900${hex(block)}`;
  const valueTag = `0019${hex(block)}21`;
  const value = decimalString(dap.mGyCm2);
  const elements: DicomItem = {
    PrivateCreatorOther: dap.otherCreatorFirst === undefined ? undefined : { tag: '00190010', vr: 'LO', value: dap.otherCreatorFirst },
    PrivateCreatorOtherValue: dap.otherCreatorFirst === undefined ? undefined : { tag: '00191021', vr: 'DS', value: '999' },
    PrivateCreatorAcme: { tag: creatorTag, vr: 'LO', value: creator },
    PrivateAcmeDap: { tag: valueTag, vr: 'DS', value },
  };
  return {
    elements,
    expected: { creator, creator_tag: creatorTag, value_tag: valueTag, mgy_cm2: Number(value), gy_cm2: scaled(Number(value), 0.001) },
  };
}

/** Part 10 bytes with encapsulated Pixel Data: the dataset (explicit VR LE) without Pixel Data, then the element. */
function encapsulatedPart10(dataset: DicomItem, syntaxUid: string, pixelData: Buffer): Buffer {
  const meta = encodeDataset(
    {
      FileMetaInformationVersion: new Uint8Array([0, 1]),
      MediaStorageSOPClassUID: dataset['SOPClassUID'] as string,
      MediaStorageSOPInstanceUID: dataset['SOPInstanceUID'] as string,
      TransferSyntaxUID: syntaxUid,
      ImplementationClassUID: '1.2.826.0.1.3680043.10.1467.1',
      ImplementationVersionName: 'IQS_FIXTURES',
    },
    true,
  );
  const groupLength = Buffer.alloc(12);
  groupLength.writeUInt16LE(0x0002, 0);
  groupLength.writeUInt16LE(0x0000, 2);
  groupLength.write('UL', 4, 'ascii');
  groupLength.writeUInt16LE(4, 6);
  groupLength.writeUInt32LE(meta.length, 8);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'ascii'), groupLength, meta, encodeDataset(dataset, true), pixelData]);
}

/** A small image of the given modality with the header facts of the options. */
export function image(options: ImageOptions = {}): Fixture<ImageExpected> {
  const modality = options.modality ?? 'DX';
  const defaults = MODALITY_DEFAULTS[modality];
  const h = resolveHeader(options, `image-${modality}`, { seriesNumber: defaults.seriesNumber, model: defaults.model });
  const rows = options.rows ?? 8;
  const columns = options.columns ?? 8;
  const frames = options.frames ?? 1;
  const syntax = options.transferSyntax ?? 'explicit';
  if (frames > 1 && syntax !== 'rle' && syntax !== 'jpegLossless')
    throw new Error('Several frames only with an encapsulated transfer syntax');

  const ds = (value: number | undefined): string | undefined => (value === undefined ? undefined : decimalString(value));
  const dap = ds(options.dapDgyCm2);
  const organDose = ds(options.organDoseDgy);
  const thickness = ds(options.bodyPartThicknessMm);
  const ei = ds(options.exposureIndex);
  const eiT = ds(options.targetExposureIndex);
  const di = ds(options.deviationIndex);
  // the Mammography Image module requires a View Code Sequence: cranio-caudal unless told otherwise
  const viewCodeOption =
    options.viewCode ?? (modality === 'MG' && options.viewPosition === undefined ? ({ view: 'CC', scheme: 'SCT' } as const) : undefined);
  const viewCode = viewCodeOption ? VIEWS[viewCodeOption.view][viewCodeOption.scheme === 'SCT' ? 'sct' : 'srt'] : undefined;
  const privateDap = privateElements(options.privateDap);
  const framePixels = Array.from({ length: frames }, (_, f) => pattern(rows, columns, defaults.bits, f));

  const dataset: DicomItem = {
    ...headerElements(h),
    SOPClassUID: SOP_CLASS[modality],
    Modality: modality,
    ...modalityElements(modality, options, h.seriesInstanceUid, rows, columns, defaults.bits, frames),
    ContentDate: h.studyDate,
    ContentTime: h.studyTime,
    OperatorsName: options.operators && options.operators.length > 0 ? options.operators : undefined,
    ProtocolName: options.protocolName,
    BodyPartExamined: options.bodyPartExamined ?? (modality === 'MG' ? 'BREAST' : modality === 'CT' ? undefined : 'CHEST'),
    ViewPosition: options.viewPosition ?? (modality === 'CR' ? '' : undefined),
    ViewCodeSequence: viewCode ? [{ ...codeItem(viewCode), ViewModifierCodeSequence: [] }] : undefined,
    ImageAndFluoroscopyAreaDoseProduct: dap,
    OrganDose: organDose,
    BodyPartThickness: thickness,
    CTDIvol: options.ctdivolMgy,
    ExposureIndex: ei,
    TargetExposureIndex: eiT,
    DeviationIndex: di,
    ScanLength: options.nmScanLengthMm,
    IrradiationEventUID: options.irradiationEventUid,
    ...privateDap.elements,
  };

  let file: Buffer;
  let syntaxUid: string;
  if (syntax === 'rle' || syntax === 'jpegLossless') {
    syntaxUid = ENCAPSULATED_SYNTAX_UID[syntax];
    const fragments = framePixels.map((pixels) =>
      syntax === 'rle'
        ? [rleEncodeFrame(pixels, rows, columns)]
        : splitFragments(jpegLosslessEncode(pixels, rows, columns, defaults.bits), options.fragmentsPerFrame ?? 3),
    );
    file = encapsulatedPart10(dataset, syntaxUid, encapsulatedPixelData(fragments));
  } else {
    syntaxUid = SYNTAX_UID[syntax];
    file = toPart10({ ...dataset, PixelData: framePixels[0] }, syntax);
  }

  const viewPosition = options.viewPosition ?? viewCodeOption?.view ?? null;
  const expected: ImageExpected = {
    sop_class_uid: SOP_CLASS[modality],
    sop_instance_uid: h.sopInstanceUid,
    study_instance_uid: h.studyInstanceUid,
    series_instance_uid: h.seriesInstanceUid,
    transfer_syntax_uid: syntaxUid,
    modality,
    study_date: isoDate(h.studyDate),
    station_name: h.stationName ?? null,
    study_description: h.studyDescription ?? null,
    series_description: h.seriesDescription ?? null,
    protocol_name: options.protocolName ?? null,
    view_position: viewPosition,
    view_code: viewCode ?? null,
    patient_age_years: expectedAge(h),
    // (0018,115E) is in dGy·cm²: 1 dGy·cm² = 0.1 Gy·cm²
    dap_gy_cm2: dap === undefined ? null : scaled(Number(dap), 0.1),
    // (0040,0316) is in dGy: 1 dGy = 100 mGy
    organ_dose_mgy: organDose === undefined ? null : scaled(Number(organDose), 100),
    body_part_thickness_mm: thickness === undefined ? null : Number(thickness),
    ctdivol_mgy: options.ctdivolMgy ?? null,
    dlp_mgy_cm: null,
    exposure_index: ei === undefined ? null : Number(ei),
    target_exposure_index: eiT === undefined ? null : Number(eiT),
    // without (0018,1413) a reader derives DI from EI and its target (IEC 62494-1: DI = 10·log10(EI / EI_T))
    deviation_index:
      di !== undefined ? Number(di) : ei !== undefined && eiT !== undefined ? 10 * Math.log10(Number(ei) / Number(eiT)) : null,
    operator_names: options.operators ?? [],
    irradiation_event_uid: options.irradiationEventUid ?? null,
    private_dap: privateDap.expected,
    number_of_frames: frames,
  };
  return { dataset, file, expected };
}

/** The pixels a fixture holds (frame by frame), to compare with what a decoder makes of it. */
export function fixturePixels(modality: ImageModality, rows = 8, columns = 8, frames = 1): Uint16Array[] {
  return Array.from({ length: frames }, (_, f) => pattern(rows, columns, MODALITY_DEFAULTS[modality].bits, f));
}
