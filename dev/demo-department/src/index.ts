export {
  ensureDemoData,
  generateDemoData,
  manifestOf,
  readDemoManifest,
  type DemoManifest,
  type DemoManifestImage,
  type DemoManifestStudy,
  type GenerateResult,
  DEMO_FORMAT_VERSION,
  MANIFEST_FILE,
  DICOM_SUBFOLDER,
} from './writeDemoData';
export { createRandom, type Random } from './random';
export {
  planDemoDepartment,
  DEMO_SEED,
  DEMO_PERIOD_END,
  REFERENCE_WEIGHT_KG,
  type AcquisitionFacts,
  type DemoImageFacts,
  type DemoPlan,
  type ReasonSource,
} from './demoPlan';
export { CID_7011_OF, RADIOGRAPHERS, STATIONS, PROCEDURES, type RejectReason } from './department';
export { DEMO_DOSE_INTENT, DEMO_INTENT, type DemoDoseIntent, type DemoIntent, type DoseBand } from './demoIntent';
export { recordDemoReasons, type DemoReasonsResult } from './demoReasons';
export { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_SITE_ID, type DemoLogin } from './demoLogins';
