/**
 * Writes the demo department's DICOM files and a manifest of what they hold. The folder appears complete or not
 * at all: files go to a temporary sibling that is renamed at the end, so an interrupted run leaves nothing half.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TRANSFER_SYNTAX, writePart10 } from '@iqs/dicom';
import { renderImage } from './anatomy';
import { doseReportDataset, imageDataset, rejectionNoteDataset } from './demoDatasets';
import { DEMO_DOSE_INTENT, DEMO_INTENT, type DemoDoseIntent, type DemoIntent } from './demoIntent';
import { type DemoPlan, planDemoDepartment, type ReasonSource } from './demoPlan';
import { RADIOGRAPHERS, type RejectReason, STATIONS } from './department';

/** Bump when the generator's output changes, so that old demo folders are regenerated. */
export const DEMO_FORMAT_VERSION = 5;
export const MANIFEST_FILE = 'manifest.json';
/** The DICOM files live in this subfolder of the demo folder, the manifest beside it. */
export const DICOM_SUBFOLDER = 'dicom';

export interface DemoManifestImage {
  readonly file: string;
  /**
   * what a correct reader finds in the image (study date, StationName, operators, age, DAP, EI/DI, …, and the
   * acquisition facts: PatientWeight, PatientSize, kVp, mAs, exposure time, distance, grid, filter, AEC mode)
   */
  readonly facts: DemoPlan['studies'][number]['series'][number]['images'][number]['facts'];
  /** named by the study's rejection note (113001) */
  readonly rejected: boolean;
  /** what was wrong with a rejected image: an IQS reason code of backend/supabase/seed.sql, given or not */
  readonly rejectReason: RejectReason | null;
  /**
   * where the image's reason comes from once the demo is loaded: 'modality' (its rejection note carries
   * `rejectionNote.reasonCode`), 'radiographer' (a reason its first operator gave in IQS, written by
   * recordDemoReasons), null (no reason yet, or not rejected)
   */
  readonly reasonSource: ReasonSource;
  /**
   * the reject_reasons.code the database holds for the image once the demo is loaded: the rejection note's CID 7011
   * code (scheme DCM) for 'modality', `rejectReason` (scheme IQS) for 'radiographer', null when it has no reason
   */
  readonly recordedReason: string | null;
}

export interface DemoManifestStudy {
  readonly studyInstanceUid: string;
  readonly accessionNumber: string;
  /** procedures.code of the seed */
  readonly procedure: string;
  /** YYYY-MM-DD */
  readonly studyDate: string;
  /** StationName: the room */
  readonly stationName: string;
  /** OperatorsName, in order: the first operator took the images (and gives the reasons) */
  readonly operators: readonly string[];
  readonly images: readonly DemoManifestImage[];
  readonly rejectionNote: {
    readonly file: string;
    readonly sopInstanceUid: string;
    readonly titleCode: string;
    /** the CID 7011 code of its Document Title Modifier (DCM 113011), when the modality sent the reason */
    readonly reasonCode: string | null;
    readonly rejects: readonly string[];
  } | null;
  /**
   * a CT study's radiation dose report (RDSR, TID 10011): the study's DLP total in mGy·cm, which the ingestion gives
   * to the study's CT images, and the acquisition's mean CTDIvol in mGy
   */
  readonly doseReport: {
    readonly file: string;
    readonly sopInstanceUid: string;
    readonly dlpMgyCm: number;
    readonly ctdivolMgy: number;
  } | null;
}

export interface DemoManifest {
  readonly generator: 'iqs-demo';
  readonly formatVersion: number;
  readonly seed: number;
  readonly periodEnd: string;
  readonly radiographers: typeof RADIOGRAPHERS;
  readonly stations: readonly { stationName: string; modality: string; manufacturer: string; model: string }[];
  /** what the generator meant the reject figures to show: tests check the figures against it */
  readonly intent: DemoIntent;
  /** what the generator meant the dose figures to show (chest PA per room in its band, weights, CT, MG) */
  readonly doseIntent: DemoDoseIntent;
  /** image and note paths below are relative to this subfolder */
  readonly dicomFolder: string;
  readonly studies: readonly DemoManifestStudy[];
}

export async function readDemoManifest(folder: string): Promise<DemoManifest | null> {
  try {
    return JSON.parse(await readFile(path.join(folder, MANIFEST_FILE), 'utf8')) as DemoManifest;
  } catch {
    return null;
  }
}

/** What the generated files hold, for tests and tools that need not read them. */
export function manifestOf(plan: DemoPlan): DemoManifest {
  return {
    generator: 'iqs-demo',
    formatVersion: DEMO_FORMAT_VERSION,
    seed: plan.seed,
    periodEnd: plan.periodEnd,
    dicomFolder: DICOM_SUBFOLDER,
    radiographers: RADIOGRAPHERS,
    stations: STATIONS.map(({ stationName, modality, manufacturer, model }) => ({ stationName, modality, manufacturer, model })),
    intent: DEMO_INTENT,
    doseIntent: DEMO_DOSE_INTENT,
    studies: plan.studies.map((study) => ({
      studyInstanceUid: study.studyInstanceUid,
      accessionNumber: study.accessionNumber,
      procedure: study.procedure.code,
      studyDate: `${study.date.slice(0, 4)}-${study.date.slice(4, 6)}-${study.date.slice(6, 8)}`,
      stationName: study.station.stationName,
      operators: study.operators,
      images: study.series.flatMap((series) =>
        series.images.map((image) => ({
          file: image.file,
          facts: image.facts,
          rejected: image.rejected,
          rejectReason: image.rejectReason,
          reasonSource: image.reasonSource,
          recordedReason:
            image.reasonSource === 'modality'
              ? (study.rejectionNote?.reasonCode?.code ?? null)
              : image.reasonSource === 'radiographer'
                ? image.rejectReason
                : null,
        })),
      ),
      rejectionNote: study.rejectionNote
        ? {
            file: study.rejectionNote.file,
            sopInstanceUid: study.rejectionNote.sopInstanceUid,
            titleCode: study.rejectionNote.titleCode,
            reasonCode: study.rejectionNote.reasonCode?.code ?? null,
            rejects: study.rejectionNote.rejects.map((r) => r.sopInstanceUid),
          }
        : null,
      doseReport: study.doseReport
        ? {
            file: study.doseReport.file,
            sopInstanceUid: study.doseReport.sopInstanceUid,
            dlpMgyCm: study.doseReport.dlpMgyCm,
            ctdivolMgy: study.doseReport.ctdivolMgy,
          }
        : null,
    })),
  };
}

export interface GenerateOptions {
  readonly seed?: number;
  readonly studyCount?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface GenerateResult {
  readonly folder: string;
  readonly files: number;
  readonly images: number;
  readonly ms: number;
}

async function writeFileIn(root: string, relative: string, bytes: Uint8Array): Promise<void> {
  const file = path.join(root, DICOM_SUBFOLDER, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
}

export async function generateDemoData(folder: string, options: GenerateOptions = {}): Promise<GenerateResult> {
  const started = Date.now();
  const plan = planDemoDepartment({
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.studyCount !== undefined ? { studyCount: options.studyCount } : {}),
  });
  const partial = `${folder}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });

  const total = plan.studies.reduce(
    (sum, s) => sum + s.series.reduce((n, series) => n + series.images.length, 0) + (s.rejectionNote ? 1 : 0) + (s.doseReport ? 1 : 0),
    0,
  );
  let done = 0;
  let images = 0;
  for (const study of plan.studies) {
    for (const series of study.series) {
      for (const image of series.images) {
        const pixels = renderImage(image.render);
        await writeFileIn(
          partial,
          image.file,
          writePart10(imageDataset(study, series, image, pixels), { transferSyntax: TRANSFER_SYNTAX.explicitLittle }),
        );
        images++;
        done++;
        options.onProgress?.(done, total);
      }
    }
    if (study.rejectionNote) {
      await writeFileIn(partial, study.rejectionNote.file, writePart10(rejectionNoteDataset(study, study.rejectionNote)));
      done++;
      options.onProgress?.(done, total);
    }
    if (study.doseReport) {
      await writeFileIn(partial, study.doseReport.file, writePart10(doseReportDataset(study, study.doseReport)));
      done++;
      options.onProgress?.(done, total);
    }
  }
  await writeFile(path.join(partial, MANIFEST_FILE), JSON.stringify(manifestOf(plan), null, 1));
  await rm(folder, { recursive: true, force: true });
  await rename(partial, folder);
  return { folder, files: done, images, ms: Date.now() - started };
}

/** Generate the demo folder unless it holds this generator version's output already. */
export async function ensureDemoData(folder: string, options: GenerateOptions = {}): Promise<GenerateResult | null> {
  const manifest = await readDemoManifest(folder);
  if (manifest?.generator === 'iqs-demo' && manifest.formatVersion === DEMO_FORMAT_VERSION) return null;
  return generateDemoData(folder, options);
}
