/**
 * Scanning a folder of DICOM Part 10 files into a DicomIndex.
 *
 * Only the header of each file is read: a first chunk, and more only when the header is
 * longer. A file that is not DICOM, is broken or truncated, lacks the UIDs, or repeats a
 * SOP Instance UID already indexed is skipped with a reason; the scan itself never fails
 * because of a file.
 */
import path from 'node:path';
import { datasetToJson, firstNumber, firstString, type BulkDataLocation } from '@iqs/dicom';
import { tagHex } from '@iqs/dicom';
import { buildIndex, tags, type DicomIndex, type InstanceRecord } from './model';
import { asciiValue, DicomParseError, Tag, TransferSyntaxUid, type ParsedPart10 } from '@iqs/dicom';
import { describeReadError, readHeader } from '@iqs/dicom';
import { listFiles } from '@iqs/dicom';

export interface ScanReport {
  files: number;
  instances: number;
  /** relative to the scanned folder; `duplicate`: a readable copy of an instance kept from another file */
  skipped: { file: string; reason: string; duplicate: boolean }[];
  ms: number;
}

/** Enough for the header of nearly every file; longer headers cost a second read. */
/** Binary values up to this size are inlined in the metadata; bigger ones become bulk data. */
export const INLINE_BINARY_LIMIT = 1024;
const PARALLEL_READS = 16;
const DICOMDIR_SOP_CLASS = '1.2.840.10008.1.3.10';

function topLevelString(parsed: ParsedPart10, tag: number, fromMeta = false): string | undefined {
  const el = (fromMeta ? parsed.meta : parsed.dataset).find((e) => e.tag === tag);
  const value = el?.value ? asciiValue(el.value) : '';
  return value || undefined;
}

const uriSegment = (uid: string): string => encodeURIComponent(uid);

/** Turns a parsed header into an index record, or throws DicomParseError with the reason. */
export function instanceFromHeader(file: string, size: number, parsed: ParsedPart10): InstanceRecord {
  if (topLevelString(parsed, 0x00020002, true) === DICOMDIR_SOP_CLASS) {
    throw new DicomParseError('DICOMDIR (a media directory, not an instance)');
  }
  const studyInstanceUID = topLevelString(parsed, 0x0020000d);
  const seriesInstanceUID = topLevelString(parsed, 0x0020000e);
  const sopInstanceUID = topLevelString(parsed, 0x00080018) ?? topLevelString(parsed, Tag.MediaStorageSOPInstanceUID, true);
  if (!studyInstanceUID) throw new DicomParseError('no StudyInstanceUID');
  if (!seriesInstanceUID) throw new DicomParseError('no SeriesInstanceUID');
  if (!sopInstanceUID) throw new DicomParseError('no SOPInstanceUID');

  // BulkDataURIs are relative to the study, which is what OHIF resolves with
  // bulkDataURI.relativeResolution = 'studies' (see routes.ts for the absolute form).
  const bulkBase = `series/${uriSegment(seriesInstanceUID)}/instances/${uriSegment(sopInstanceUID)}/bulkdata/`;
  const bulkData = new Map<string, BulkDataLocation>();
  const json = datasetToJson(parsed.dataset, {
    littleEndian: parsed.littleEndian,
    inlineBinaryLimit: INLINE_BINARY_LIMIT,
    bulkData: (bulkPath, location) => {
      bulkData.set(bulkPath, location);
      return bulkBase + bulkPath;
    },
  });
  json[tags.SOPInstanceUID] ??= { vr: 'UI', Value: [sopInstanceUID] };
  // PS3.18 recommends this over the (non-DICOMweb) file meta for telling clients the stored syntax;
  // cornerstone's WADO-RS metadata provider reads it.
  json[tags.AvailableTransferSyntaxUID] = { vr: 'UI', Value: [parsed.transferSyntaxUID] };

  const pixelData = parsed.pixelData;
  if (pixelData) {
    const key = tagHex(pixelData.tag);
    bulkData.set(key, {
      offset: pixelData.offset,
      length: pixelData.length ?? parsed.sourceSize - pixelData.offset,
      vr: pixelData.vr,
      encapsulated: pixelData.encapsulated,
    });
    json[key] = { vr: pixelData.vr, BulkDataURI: bulkBase + key };
  }

  return {
    studyInstanceUID,
    seriesInstanceUID,
    sopInstanceUID,
    file,
    fileSize: size,
    transferSyntaxUID: parsed.transferSyntaxUID,
    deflated: parsed.deflated,
    bigEndian: parsed.transferSyntaxUID === TransferSyntaxUid.ExplicitBigEndian,
    json,
    bulkData,
    pixelData,
    geometry: {
      rows: firstNumber(json[tags.Rows]) ?? 0,
      columns: firstNumber(json[tags.Columns]) ?? 0,
      samplesPerPixel: firstNumber(json[tags.SamplesPerPixel]) ?? 1,
      bitsAllocated: firstNumber(json[tags.BitsAllocated]) ?? 0,
      numberOfFrames: Math.max(1, Math.trunc(firstNumber(json[tags.NumberOfFrames]) ?? 1)),
      photometricInterpretation: firstString(json[tags.PhotometricInterpretation]) ?? '',
    },
  };
}

/** Scans `dir` recursively and indexes every readable DICOM instance in it. */
export async function scanDicomFolder(dir: string): Promise<{ index: DicomIndex; report: ScanReport }> {
  const started = performance.now();
  const root = path.resolve(dir);
  const files = await listFiles(root);
  const results: (InstanceRecord | { reason: string })[] = new Array(files.length);

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      const file = files[i] as string;
      try {
        const { parsed, size } = await readHeader(file);
        results[i] = instanceFromHeader(file, size, parsed);
      } catch (err) {
        results[i] = { reason: describeReadError(err) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, files.length) }, worker));

  // Sequential pass in path order, so that which duplicate is kept does not depend on timing.
  const skipped: ScanReport['skipped'] = [];
  const instances: InstanceRecord[] = [];
  const bySop = new Map<string, InstanceRecord>();
  results.forEach((result, i) => {
    const file = path.relative(root, files[i] as string);
    if ('reason' in result) {
      skipped.push({ file, reason: result.reason, duplicate: false });
      return;
    }
    const kept = bySop.get(result.sopInstanceUID);
    if (kept) {
      skipped.push({
        file,
        reason: `duplicate SOPInstanceUID ${result.sopInstanceUID} (kept ${path.relative(root, kept.file)})`,
        duplicate: true,
      });
      return;
    }
    bySop.set(result.sopInstanceUID, result);
    instances.push(result);
  });

  const index = buildIndex(root, instances);
  return {
    index,
    report: { files: files.length, instances: instances.length, skipped, ms: Math.round(performance.now() - started) },
  };
}
