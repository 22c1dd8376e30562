/**
 * The demo department's doses show what its manifest's dose intent says: every figure recomputed here from the
 * manifest alone, as the dose analysis defines them (accepted images of adults, per image, the room by StationName,
 * the median as percentile_cont(0.5): the mean of the two middle values of an even count).
 */
import { DEMO_DOSE_INTENT, type DemoManifest, type DoseBand, manifestOf, planDemoDepartment, REFERENCE_WEIGHT_KG } from '../src';

const manifest: DemoManifest = manifestOf(planDemoDepartment());
const intent = manifest.doseIntent;

type Image = DemoManifest['studies'][number]['images'][number];
const all = manifest.studies.flatMap((study) => study.images.map((image) => ({ study, image })));
const acceptedAdults = all.filter(({ image }) => !image.rejected && (image.facts.patient_age_years ?? 0) >= 18);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  return ((sorted[Math.floor(middle)] ?? Number.NaN) + (sorted[Math.ceil(middle)] ?? Number.NaN)) / 2;
}

function band(n: number, value: number, drl: number, target: number, minImages: number): DoseBand {
  if (n < minImages) return 'too_few';
  return value > drl ? 'above_drl' : value > target ? 'above_target' : 'at_or_below_target';
}

const { chestPa } = intent;
const chestPaImages = (room: string): Image[] =>
  acceptedAdults
    .filter(({ study, image }) => study.procedure === chestPa.procedure && image.facts.view_position === chestPa.view)
    .filter(({ image }) => image.facts.station_name === room)
    .map(({ image }) => image);

describe('the demo department’s doses', () => {
  it('is the dose intent the generator declares, written into the manifest', () => {
    expect(intent).toEqual(DEMO_DOSE_INTENT);
    expect(chestPa.referenceWeightKg).toBe(REFERENCE_WEIGHT_KG);
    // the figures, for whoever reads the test output (and writes the browser test)
    console.info(
      JSON.stringify(
        Object.fromEntries(
          Object.keys(chestPa.rooms).map((room) => {
            const images = chestPaImages(room);
            const weighed = images.filter((image) => image.facts.patient_weight_kg !== null);
            return [
              room,
              {
                n: images.length,
                median: median(images.map((image) => image.facts.dap_gy_cm2 ?? Number.NaN)),
                weighed: weighed.length,
                weighed50to90: weighed.filter((i) => (i.facts.patient_weight_kg ?? 0) >= 50 && (i.facts.patient_weight_kg ?? 0) <= 90)
                  .length,
              },
            ];
          }),
        ),
        null,
        1,
      ),
    );
  });

  it('has chest PA in three rooms, one above the DRN, one between DRN and streefwaarde, one under the streefwaarde, each well inside its band', () => {
    const bands = Object.values(chestPa.rooms);
    for (const wanted of ['above_drl', 'above_target', 'at_or_below_target'] as const) expect(bands).toContain(wanted);
    for (const [room, wanted] of Object.entries(chestPa.rooms)) {
      const images = chestPaImages(room);
      const value = median(images.map((image) => image.facts.dap_gy_cm2 ?? Number.NaN));
      expect({ room, band: band(images.length, value, chestPa.drl, chestPa.target, chestPa.minImages) }).toEqual({ room, band: wanted });
      if (wanted === 'too_few') continue;
      expect(images.length).toBeGreaterThanOrEqual(chestPa.minImages);
      // clearly in its band: a margin from each edge, so that a filter or a few images more do not move it
      const { margin, drl, target } = chestPa;
      if (wanted === 'above_drl') expect(value).toBeGreaterThan(drl * margin);
      if (wanted === 'above_target')
        expect({ room, inside: value > target * margin && value * margin < drl }).toEqual({ room, inside: true });
      if (wanted === 'at_or_below_target') expect(value * margin).toBeLessThan(target);
    }
  });

  it('has patient weights on part of the images, enough in three rooms for the 77 kg fit, and DAP growing with weight', () => {
    const radiography = all.filter(({ image }) => image.facts.dap_gy_cm2 !== null);
    const weighed = radiography.filter(({ image }) => image.facts.patient_weight_kg !== null);
    expect(weighed.length).toBeGreaterThan(0);
    expect(weighed.length).toBeLessThan(radiography.length);
    for (const { image } of weighed) expect(image.facts.patient_size_m).toEqual(expect.any(Number));
    for (const room of intent.weights.rooms) {
      const images = chestPaImages(room).filter((image) => image.facts.patient_weight_kg !== null);
      expect({ room, enough: images.length >= intent.weights.minPerRoom }).toEqual({ room, enough: true });
      // least squares of ln DAP on weight: a positive slope, and the fit's value at 77 kg in the room's band
      const x = images.map((image) => image.facts.patient_weight_kg ?? Number.NaN);
      const y = images.map((image) => Math.log(image.facts.dap_gy_cm2 ?? Number.NaN));
      const mx = x.reduce((a, b) => a + b, 0) / x.length;
      const my = y.reduce((a, b) => a + b, 0) / y.length;
      const slope = x.reduce((s, xi, i) => s + (xi - mx) * ((y[i] ?? 0) - my), 0) / x.reduce((s, xi) => s + (xi - mx) ** 2, 0);
      expect({ room, slope: slope > 0 }).toEqual({ room, slope: true });
      const at77 = Math.exp(my + slope * (REFERENCE_WEIGHT_KG - mx));
      expect({ room, band: band(images.length, at77, chestPa.drl, chestPa.target, 0) }).toEqual({ room, band: chestPa.rooms[room] });
    }
    // some adults outside the standard 50–90 kg
    expect(weighed.some(({ image }) => (image.facts.patient_weight_kg ?? 0) > 90)).toBe(true);
  });

  it('has CT within its reference: every CT image’s CTDIvol under the value the seed holds', () => {
    const ct = all.filter(({ study }) => study.procedure === intent.ct.procedure);
    expect(ct.length).toBeGreaterThan(0);
    for (const { image } of ct) expect(image.facts.ctdivol_mgy).toBeLessThan(intent.ct.drl);
    // one CTDIvol per study, as a scanner writes it into every slice of its series
    const studies = manifest.studies.filter((s) => s.procedure === intent.ct.procedure);
    for (const study of studies) expect(new Set(study.images.map((image) => image.facts.ctdivol_mgy)).size).toBe(1);
    // the analysis counts CT by series: too few for the site's minimum, enough for the lowered one
    expect(band(studies.length, 0, intent.ct.drl, 0, chestPa.minImages)).toBe(intent.ct.band);
    expect(studies.length).toBeGreaterThanOrEqual(intent.ct.withMinimum.minImages);
    // each study's dose report: its DLP under the reference too, its CTDIvol the slices'
    for (const study of studies) {
      expect(study.doseReport?.dlpMgyCm).toBeLessThan(intent.ct.dlp.drl);
      expect(study.doseReport?.ctdivolMgy).toBe(study.images[0]?.facts.ctdivol_mgy);
    }
  });

  it('has mammography with thickness and AGD on every image, the median AGD in its band, thicker breasts receiving more', () => {
    const { mammography } = intent;
    const mg = acceptedAdults.filter(({ study }) => study.procedure === mammography.procedure).map(({ image }) => image);
    expect(mg.length).toBeGreaterThan(0);
    for (const image of mg) {
      expect(image.facts.body_part_thickness_mm).toBeGreaterThan(0);
      expect(image.facts.organ_dose_mgy).toBeGreaterThan(0);
    }
    const agd = median(mg.map((image) => image.facts.organ_dose_mgy ?? Number.NaN));
    expect(band(mg.length, agd, mammography.drl, mammography.target, 0)).toBe(mammography.band);
    const byThickness = [...mg].sort((a, b) => (a.facts.body_part_thickness_mm ?? 0) - (b.facts.body_part_thickness_mm ?? 0));
    const half = Math.floor(byThickness.length / 2);
    const thin = median(byThickness.slice(0, half).map((image) => image.facts.organ_dose_mgy ?? Number.NaN));
    const thick = median(byThickness.slice(-half).map((image) => image.facts.organ_dose_mgy ?? Number.NaN));
    expect(thick).toBeGreaterThan(thin);
  });

  it('writes the acquisition parameters a room is known by: the CR room without AEC at a lower kVp and more mAs', () => {
    const chest = (room: string) => chestPaImages(room).map((image) => image.facts);
    const cr = chest('RAD-KAMER3');
    const dx = chest('RAD-KAMER1');
    expect(new Set(cr.map((f) => f.aec_mode))).toEqual(new Set(['MANUAL']));
    expect(new Set(dx.map((f) => f.aec_mode))).toEqual(new Set(['AUTOMATIC']));
    expect(median(cr.map((f) => f.kvp ?? Number.NaN))).toBeLessThan(median(dx.map((f) => f.kvp ?? Number.NaN)));
    expect(median(cr.map((f) => f.exposure_mas ?? Number.NaN))).toBeGreaterThan(2 * median(dx.map((f) => f.exposure_mas ?? Number.NaN)));
    for (const facts of [...cr, ...dx]) {
      expect(facts.distance_source_detector_mm).toBeGreaterThan(0);
      expect(facts.exposure_time_ms).toBeGreaterThan(0);
      expect(facts.grid).toBe('FOCUSED');
    }
  });
});
