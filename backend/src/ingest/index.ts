/** Ingestion: DICOM files or a DICOMweb PACS into the image index (used by the `iqs` CLI and npm start). */
export { type IngestLine, isErrorLine, lineFromDataset, lineFromFile, type StationMappings } from './ingestLine';
export {
  createIndexWriter,
  type IndexWriter,
  type IndexWriterOptions,
  type Source,
  type WriteCounts,
  BackendWriteError,
} from './indexWriter';
export { sourceRefOf } from './sourceRef';
export { expandInputs, inputRoots, readFiles, InputError } from './ingestFiles';
export { harvest, HarvestError } from './harvest';
export { loadStationMappings, MappingConfigError } from './stationMappings';
