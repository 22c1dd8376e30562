import { DEMO_PERIOD_END, planDemoDepartment } from '../src/demoPlan';
import { RADIOGRAPHERS } from '../src/department';

const plan = planDemoDepartment();
const studies = plan.studies;
const images = studies.flatMap((s) => s.series.flatMap((series) => series.images.map((image) => ({ study: s, series, image }))));
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

describe('the demo department plan', () => {
  it('is the same for the same seed and differs for another', () => {
    const again = planDemoDepartment();
    expect(again.studies.map((s) => s.studyInstanceUid)).toEqual(studies.map((s) => s.studyInstanceUid));
    expect(JSON.stringify(again.studies[5]?.series)).toBe(JSON.stringify(studies[5]?.series));
    const other = planDemoDepartment({ seed: 1 });
    expect(other.studies.map((s) => s.procedure.code)).not.toEqual(studies.map((s) => s.procedure.code));
  });

  it('holds 200+ projection and mammography images, spread over twelve months', () => {
    const nonCt = images.filter(({ series }) => series.modality !== 'CT');
    expect(nonCt.length).toBeGreaterThanOrEqual(200);
    const months = new Set(studies.map((s) => s.date.slice(0, 6)));
    expect(months.size).toBeGreaterThanOrEqual(12);
    const dates = studies.map((s) => s.date).sort();
    expect(dates[dates.length - 1]! <= DEMO_PERIOD_END.replaceAll('-', '')).toBe(true);
  });

  it('has at least six radiographers, some images with two operators', () => {
    const names = new Set(studies.flatMap((s) => s.operators));
    expect(names.size).toBeGreaterThanOrEqual(6);
    for (const name of names) expect(RADIOGRAPHERS.map((r) => r.operatorName)).toContain(name);
    expect(studies.some((s) => s.operators.length === 2 && s.procedure.modality === 'projection')).toBe(true);
  });

  it('uses four radiography rooms, DX and CR, and has CT and MG studies', () => {
    const projectionRooms = new Set(studies.filter((s) => s.procedure.modality === 'projection').map((s) => s.station.stationName));
    expect(projectionRooms.size).toBe(4);
    const modalities = new Set(images.map(({ series }) => series.modality));
    for (const modality of ['DX', 'CR', 'CT', 'MG']) expect(modalities).toContain(modality);
  });

  it('covers the named procedures', () => {
    const procedures = new Set(studies.map((s) => s.procedure.studyDescription));
    for (const description of [
      'X-Thorax PA/LAT',
      'X-Bekken AP',
      'X-Knie AP/LAT',
      'X-LWK AP/LAT',
      'X-Hand PA',
      'X-Schedel PA/LAT',
      'CT Thorax',
      'Mammografie',
    ]) {
      expect(procedures).toContain(description);
    }
  });

  it('rejects some exposures, each retaken and listed in its study rejection note', () => {
    const rejected = images.filter(({ image }) => image.rejected);
    const projectionImages = images.filter(({ study }) => study.procedure.modality === 'projection');
    expect(rejected.length / projectionImages.length).toBeGreaterThan(0.03);
    expect(rejected.length / projectionImages.length).toBeLessThan(0.15);
    for (const { study, series, image } of rejected) {
      expect(study.rejectionNote?.titleCode).toBe('113001');
      expect(study.rejectionNote?.rejects.map((r) => r.sopInstanceUid)).toContain(image.sopInstanceUid);
      const retake = series.images.find((i) => i.instanceNumber === image.instanceNumber + 1);
      expect(retake?.rejected).toBe(false);
      expect(retake?.projection).toBe(image.projection);
      expect(image.rejectReason).not.toBeNull();
    }
    for (const study of studies.filter((s) => s.rejectionNote)) {
      expect(study.rejectionNote?.rejects.length).toBe(study.series.flatMap((s) => s.images).filter((i) => i.rejected).length);
    }
  });

  it('writes doses in DICOM units that are the canonical facts converted', () => {
    for (const { image } of images) {
      const { written, facts } = image;
      if (written.dapDGyCm2 !== null) expect(written.dapDGyCm2 / 10).toBeCloseTo(facts.dap_gy_cm2 ?? Number.NaN, 9);
      if (written.organDoseDGy !== null) expect(written.organDoseDGy * 100).toBeCloseTo(facts.organ_dose_mgy ?? Number.NaN, 9);
    }
  });

  it('spreads doses around typical levels, per procedure and view', () => {
    const dapOf = (code: string, projection: string): number[] =>
      images
        .filter(({ study, image }) => study.procedure.code === code && image.projection === projection && !image.rejected)
        .map(({ image }) => image.facts.dap_gy_cm2 ?? Number.NaN);
    expect(median(dapOf('thorax', 'PA'))).toBeGreaterThan(0.05);
    expect(median(dapOf('thorax', 'PA'))).toBeLessThan(0.2);
    expect(median(dapOf('bekken', 'AP'))).toBeGreaterThan(1);
    expect(median(dapOf('bekken', 'AP'))).toBeLessThan(3.5);
    const thoraxPa = dapOf('thorax', 'PA');
    expect(Math.max(...thoraxPa) / Math.min(...thoraxPa)).toBeGreaterThan(2);
    const ctdi = images.filter(({ series }) => series.modality === 'CT').map(({ image }) => image.facts.ctdivol_mgy ?? Number.NaN);
    expect(median(ctdi)).toBeGreaterThan(3);
    expect(median(ctdi)).toBeLessThan(15);
  });

  it('gives deviation indices that follow from EI and target, and none where the room writes no target', () => {
    for (const { study, image } of images) {
      const { facts } = image;
      if (study.station.habits.targetExposureIndex && facts.exposure_index !== null && facts.target_exposure_index !== null) {
        expect(facts.deviation_index).toBeCloseTo(10 * Math.log10(facts.exposure_index / facts.target_exposure_index), 1);
      }
      if (!study.station.habits.targetExposureIndex) expect(facts.deviation_index).toBeNull();
    }
    const exposureRejects = images.filter(({ image }) => image.rejectReason === 'under_exposure' && image.written.exposureIndex !== null);
    for (const { image } of exposureRejects) expect(image.render.exposureFactor).toBeLessThan(0.6);
  });
});
