export {
  ensureDemoData,
  generateDemoData,
  readDemoManifest,
  type DemoManifest,
  type GenerateResult,
  MANIFEST_FILE,
  DICOM_SUBFOLDER,
} from './writeDemoData';
export { createRandom, type Random } from './random';
export { planDemoDepartment, DEMO_SEED, type DemoPlan } from './demoPlan';
export { RADIOGRAPHERS, STATIONS, PROCEDURES } from './department';
export { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_SITE_ID, type DemoLogin } from './demoLogins';
