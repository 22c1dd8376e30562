/**
 * A small DICOMweb server (QIDO-RS, WADO-RS) over a folder of DICOM Part 10 files: the demo PACS.
 *
 *   const { index, report } = await scanDicomFolder('/data/dicom');
 *   const handle = createDicomwebHandler(index, { basePath: '/dicomweb' }); // mount in a server
 *   const server = await startDicomwebServer({ dir: '/data/dicom', port: 8042 }); // or alone
 */
export type { DicomIndex, InstanceRecord, SeriesRecord, StudyRecord, FrameGeometry } from './model';
export type { DicomJsonDataset, DicomJsonAttribute, BulkDataLocation } from '@iqs/dicom';
export type { ScanReport } from './scan';
export type { PixelDataLocation } from '@iqs/dicom';
export type { DicomwebHandler, DicomwebHandlerOptions } from './routes';
export type { StartedDicomwebServer } from './server';
export { scanDicomFolder } from './scan';
export { createDicomwebHandler } from './routes';
export { startDicomwebServer } from './server';
